"""The case: what the conversation so far says happened, each fact with its role, read once per turn.

A case is read from every message of the current follow-up chain (oldest first). Later messages override earlier
facts ("what if we file separately?" replaces the filing status; "what if that buy had been in my taxable account
instead?" moves the purchase), because readers ask for the latest mention of a role. Questions and other people's
claims are kept apart from facts: "can I deduct the $12k?" names the amount asked about, and "my coworker says I can
deduct $10,000" is a claim to check, not a fact.

Topic rules read what they need from the case through a few queries (`amounts`, `latest`, `says`), so adding a topic
never changes this module.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from app.understand import text as T
from app.understand.accounts import RETIREMENT_KINDS, filing_status, find_accounts
from app.understand.roles import head_noun, qualifiers, role_of


@dataclass(frozen=True)
class Amount:
    value: Decimal
    role: str | None  # see app/understand/roles.py
    quals: frozenset[str]
    account: str | None  # account kind nearest to it
    year: int | None  # year of its clause or sentence
    sentence: int
    turn: int
    ask: bool  # named in a question ("can I deduct the $12k?")
    claim: bool  # said by someone else, or the user's own belief to be checked
    pos: int  # offset in its sentence
    mention: str | None = None  # which account mention it belongs to ("sentence:offset"): two IRAs of one kind differ
    echo: bool = False  # a figure told before, referred back to ("how much of the 30k ..."): the same money, not more

    def has(self, *quals: str) -> bool:
        return any(q in self.quals for q in quals)


@dataclass(frozen=True)
class AccountMention:
    kind: str
    sentence: int
    pos: int
    designated_roth: bool  # a Roth 401(k)/403(b): a plan account, not a Roth IRA
    inherited: bool
    owner: str  # self | spouse | other (a parent, a decedent, an ex)


_NOW = re.compile(
    r"\b(?:today\s+is|it'?s|it\s+is|now\s+is|as\s+of|currently)\s+(?:now\s+)?(?P<d>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
    r"oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(?:19|20)\d\d)|\((?:now\s+)?(?P<p>(?:jan|feb|mar|apr|may|"
    r"jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d)\)|\b(?P<n>(?:jan|feb|mar|apr|may|jun|jul|aug|"
    r"sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d)\s+now\b", re.IGNORECASE)
_SPOUSE_OWNER = re.compile(r"\b(?:wife|husband|spouse|partner)'?s?\b|\b(?:her|his)\s+own\b", re.IGNORECASE)
_PRONOUN_OWNER = re.compile(r"\b(?:his|her|their)\s+(?:[\w()-]+\s+){0,2}$", re.IGNORECASE)
_PRONOUN_SUBJECT = re.compile(r"^\W*(?:(?:and|but|so|also|then)\s+)?(?:she|he)\b", re.IGNORECASE)
_SPOUSE_NOUN = re.compile(r"\b(?:wife|husband|spouse)\b", re.IGNORECASE)
_OTHER_NOUN = re.compile(r"\b(?:mom|mother|dad|father|parent|ex|brother|sister|aunt|uncle|grand\w+|son|daughter|"
                         r"friend)\b", re.IGNORECASE)


def _owner(left: str, sentence: str, previous: str) -> str:
    """Whose account a mention is: "my wife's IRA", "her IRA" in a sentence about the spouse (or about a parent)."""
    if _SPOUSE_OWNER.search(left):
        return "spouse"
    if _OTHER_OWNER.search(left):
        return "other"
    if _PRONOUN_OWNER.search(left) or _PRONOUN_SUBJECT.match(sentence):
        for text in (sentence, previous):
            spouse, other = _SPOUSE_NOUN.search(text), _OTHER_NOUN.search(text)
            if spouse or other:
                return "spouse" if spouse and (not other or spouse.start() > other.start()) else "other"
    return "self"


_DECEDENTS = re.compile(r"\binherit\w*|\b(?:his|her)\s+(?:8606|basis|ira)|\b(?:dad|mom|father|mother|parent|grand\w+)'?s\b",
                        re.IGNORECASE)
_OTHER_OWNER = re.compile(r"\b(?:mom|mother|dad|father|parent|ex|brother|sister|aunt|uncle|grand\w+)'?s\b",
                          re.IGNORECASE)
# years that are background, never the year asked about: "since 2003", "opened it in 2014", "(2016-2021)", "2010-2014"
# ("back in 2014 she closed all her IRAs" is the year of the event: "back in" alone decides nothing)
_BACKGROUND_BEFORE = re.compile(r"(?:\bsince|\bfrom|\bbetween|\bopened\s+(?:\w+\s+){0,4}in|\bstarted\s+"
                                r"(?:\w+\s+){0,3}in|\bbought\s+(?:\w+\s+){0,6}(?:in|back\s+in)|\bas\s+of|\buntil|\btill|"
                                r"\bby|\bbefore|\bdeadline|\bdue|\bthrough|\bthru)\s+(?:(?:early|late|mid-?|the\s+end\s+of|"
                                r"[a-z]+\.?)\s+)?(?:\d{1,2},?\s+)?$", re.IGNORECASE)
_OWNED_BEFORE = re.compile(r"\b(?:my|our)\s+(?:(?:whole|entire|full|total|net|own)\s+){0,2}$", re.IGNORECASE)
_WAIT_UNTIL = re.compile(r"\bif\s+(?:i|we|he|she)\s+(?:\w+\s+)?(?:wait\w*|hold\w*\s+off|delay\w*|postpon\w*|put\w*\s+(?:it\s+)?off)\s+(?:\w+\s+){0,3}?"
                         r"(?:until|till|to)\s+(?:like\s+|about\s+)?(?:(?:early|late|mid-?)\s+)?(?:[a-z]+\.?\s+)?(?:\d{1,2},?\s+)?$",
                         re.IGNORECASE)
_RANGE_AFTER = re.compile(r"^\s*(?:-|to|and|through|thru)\s*(?:19|20)\d\d")
_RANGE_BEFORE = re.compile(r"(?:19|20)\d\d\s*(?:-|to|and|through|thru)\s*$")
_EXPLICIT_BEFORE = re.compile(r"(?:tax\s+year|\bfor\s+(?:the\s+)?(?:(?:tax\s+)?year\s+)?|\bon\s+(?:my|our|his|her|the|a)\s+|"
                              r"\bfiling\s+(?:for\s+)?|\bmy\s+|\bour\s+|\bhis\s+|\bher\s+|\bquestion\s+about\s+|"
                              r"\bthis\s+year\s*\(|\bthe\s+)$", re.IGNORECASE)
_EXPLICIT_AFTER = re.compile(r"^\)?\s*(?:tax\s+)?(?:returns?|taxes|tax\s+returns?|filing|(?:joint|separate|final)\s+"
                             r"returns?|1040|schedule|form|(?:taxable\s+)?income|agi|magi)\b", re.IGNORECASE)
_EVENT_WORDS = re.compile(
    r"\b(?:sold|sell|selling|sale|closed?|closing|cash(?:ed|ing)?\s+out|cashout|withdr[ae]w\w*|took|take|taking|pull\w*|"
    r"convert\w*|conversion|distribut\w*|liquidat\w*|worthless|bankrupt\w*|dissolved|shut\s+down|lost|loss|died|passed|"
    r"deducted|claimed|contribut\w*|put|bought|received|got|recharacteri\w*|quitting|left|file|filing|filed|waive|"
    r"cancel\w*|took\s+effect|became|went|happened|removed|cleared|paid|moved|rolled|inherited|dropped|fell|made|"
    r"shut|dissolved|owned|gave|gift\w*|traded|lost|retired|retiring|laid\s+off|separated|turned|deposited|"
    r"redeposited|married|divorced|moved|losses|gains?|realized|booked|harvested)\b|"
    # a gain or loss someone had is an event of its year ("In 2024 I had $8,000 of losses"); "had $50,000 in my IRA" is not
    r"\b(?:had|have)\s+(?:[$\w,.-]+\s+){0,4}?(?:of\s+)?(?:[\w-]+\s+)?(?:gains?|loss(?:es)?)\b",
    re.IGNORECASE)
# "my 2023 Roth conversion", "a 2016 distribution": the year of a tax event, not a label like "my 2021 F-150"
_TAX_NOUN = re.compile(r"\s+(?:roth\s+|ira\s+|traditional\s+|backdoor\s+|capital\s+|net\s+)?(?:conversion|contribution|"
                       r"distribution|withdrawal|rollover|return|taxes|tax|loss|gain|carryover|nol|sale|deduction|ira|"
                       r"roth|1099|k-1|w-2|agi|income|recharacteri\w*)", re.IGNORECASE)
_THIS_YEAR = re.compile(r"\bthis\s+year\b(?!\s*\()", re.IGNORECASE)
_LAST_YEAR = re.compile(r"(?<!from\s)\blast\s+year\b(?!'s)", re.IGNORECASE)


@dataclass
class Case:
    sentences: list[T.Sentence]
    ask_sentences: set[int]
    claim_sentences: set[int]
    amounts: list[Amount] = field(default_factory=list)
    accounts: list[AccountMention] = field(default_factory=list)
    shares: list[tuple[Decimal, int, int]] = field(default_factory=list)  # (count, sentence, pos)
    tax_year: int = 0
    year_assumed: bool = True
    now: date | None = None
    filing_status: str | None = None
    age: int | None = None
    turns: int = 1
    language: str | None = None  # "es" when the message was read through the Spanish glossary
    _texts: dict[tuple[bool, bool, int | None], str] = field(default_factory=dict, repr=False, compare=False)

    # -- queries the rules use ----------------------------------------------------------------------------------
    def sentence(self, index: int) -> T.Sentence:
        return self.sentences[index]

    def text(self, *, asks: bool = True, claims: bool = True, turn: int | None = None) -> str:
        key = (asks, claims, turn)
        cached = self._texts.get(key)
        if cached is None:  # rules ask for the same few views of the story many times per message
            cached = self._texts[key] = " ".join(
                s.text for s in self.sentences if (asks or s.index not in self.ask_sentences)
                and (claims or s.index not in self.claim_sentences) and (turn is None or s.turn == turn))
        return cached

    @property
    def latest_turn(self) -> int:
        return self.turns - 1

    def says(self, pattern: str | re.Pattern[str], *, asks: bool = True, claims: bool = False,
             turn: int | None = None) -> bool:
        """True when the facts (and, if asked, the questions) say this; other people's claims are left out unless
        `claims`."""
        rx = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern, re.IGNORECASE)
        return bool(rx.search(self.text(asks=asks, claims=claims, turn=turn)))

    def where(self, pattern: str, *, asks: bool = True, claims: bool = False) -> list[T.Sentence]:
        rx = re.compile(pattern, re.IGNORECASE)
        return [s for s in self.sentences if rx.search(s.text) and (asks or s.index not in self.ask_sentences)
                and (claims or s.index not in self.claim_sentences)]

    def amounts_of(self, *roles: str, facts_only: bool = True, accounts: Iterable[str] | None = None,
                   quals: Iterable[str] = (), without: Iterable[str] = ()) -> list[Amount]:
        """Amounts with one of these roles (oldest first). `facts_only` leaves out amounts named in questions and
        claims; `accounts` keeps those near one of these account kinds."""
        kinds = set(accounts) if accounts is not None else None
        need, avoid = set(quals), set(without)
        return [a for a in self.amounts if (not roles or a.role in roles) and not (facts_only and (a.ask or a.claim))
                and (kinds is None or a.account in kinds) and need <= a.quals and not (avoid & a.quals)]

    def latest(self, *roles: str, **kw: object) -> Decimal | None:
        """The most recent amount with one of these roles (a follow-up's number replaces the story's)."""
        found = self.amounts_of(*roles, **kw)  # type: ignore[arg-type]
        return found[-1].value if found else None

    def total(self, *roles: str, **kw: object) -> Decimal | None:
        found = self.amounts_of(*roles, **kw)  # type: ignore[arg-type]
        return sum((a.value for a in found), Decimal(0)) if found else None

    def asked_amounts(self) -> list[Amount]:
        return [a for a in self.amounts if a.ask]

    def account_kinds(self) -> list[str]:
        return list(dict.fromkeys(a.kind for a in self.accounts))

    def owner_of(self, amount: Amount) -> str:
        """Whose money an amount is: the owner of the account mention it belongs to (self when none). An inherited IRA
        is the heir's, but in a story that also has the heir's own IRAs it is "inherited": its basis and values are
        figured on their own Form 8606, never pooled with the heir's (p590b, Inherited IRAs)."""
        text = self.sentences[amount.sentence].text
        apart = self._inherited_beside_own()
        if amount.mention is None:  # "She finally closed it at $5,000": the sentence's subject, in a story of a spouse
            if apart and _DECEDENTS.search(text):
                return "inherited"  # "His 8606 showed $15,000 of basis", "the inherited one was worth $50,000"
            if _PRONOUN_SUBJECT.match(text) and any(_SPOUSE_NOUN.search(s.text) for s in self.sentences):
                return "spouse"
            return "self"
        sentence, pos = (int(x) for x in amount.mention.split(":"))
        mention = next((m for m in self.accounts if m.sentence == sentence and m.pos == pos), None)
        if mention is None:
            return "self"
        if apart and (mention.inherited or mention.owner == "other"):
            return "inherited"
        return "self" if mention.owner == "other" and self.inherited else mention.owner  # the decedent's is the heir's

    def _inherited_beside_own(self) -> bool:
        own = {"traditional_ira", "sep_ira", "simple_ira"}
        return any(m.inherited for m in self.accounts) and any(
            not m.inherited and m.owner == "self" and m.kind in own and not _DECEDENTS.search(
                self.sentences[m.sentence].text[max(0, m.pos - 25):m.pos]) for m in self.accounts)

    def has_account(self, *kinds: str) -> bool:
        return any(a.kind in kinds for a in self.accounts)

    @property
    def retirement(self) -> bool:
        return any(a.kind in RETIREMENT_KINDS for a in self.accounts)

    @property
    def designated_roth(self) -> bool:
        return any(a.designated_roth for a in self.accounts)

    @property
    def inherited(self) -> bool:
        return any(a.inherited for a in self.accounts)


# ---- reading --------------------------------------------------------------------------------------------------------
_ROTH_IRA_NAMED = re.compile(r"roth\s*(?:ira|individual)", re.IGNORECASE)
_DESIGNATED = re.compile(r"\broth\s*(?P<plan>401\s*\(?k\)?|403\s*\(?b\)?|457\s*\(?b\)?|tsp)", re.IGNORECASE)


def _designated_plan(sents: list[T.Sentence]) -> str | None:
    """The designated Roth plan a story names ("Roth 401(k)"), when it names no Roth IRA."""
    text = " ".join(s.text for s in sents)
    m = _DESIGNATED.search(text)
    if not m or _ROTH_IRA_NAMED.search(text):
        return None
    digits = re.sub(r"\D", "", m.group("plan"))
    return {"401": "401k", "403": "403b", "457": "457b"}.get(digits, "401k")


def read(turn_texts: list[str], *, asks: dict[int, int] | set[int] | None = None, tax_year: int | None = None,
         default_year: int = 2025, language: str | None = None, previous_year: int | None = None) -> Case:
    """The case told by these messages (oldest first). `asks` are the indexes of the sentences that ask something
    (app/understand/asks.py finds them), each with the offset where its question starts (amounts before it are facts);
    `tax_year` is the year picked in the UI or given with --year."""
    sents: list[T.Sentence] = []
    for turn, raw in enumerate(turn_texts):
        sents.extend(T.sentences(T.fold(raw), turn=turn, first_index=len(sents)))
    spans = dict(asks) if isinstance(asks, dict) else {i: 0 for i in asks or ()}
    ask_set = set(spans)
    claim_set = {s.index for s in sents if _claim_start(s.text) is not None and s.index not in ask_set}
    case = Case(sents, ask_set, claim_set, turns=max(1, len(turn_texts)), language=language)
    last_account: str | None = None
    plan = _designated_plan(sents)
    for s in sents:
        mentions = find_accounts(s.text)
        if plan:  # "my Roth contributions" in a Roth 401(k) story are the plan's, not a Roth IRA's
            mentions = [(pos, plan if kind == "roth_ira" and not _ROTH_IRA_NAMED.match(s.text[pos:pos + 12]) else kind)
                        for pos, kind in mentions]
        for pos, kind in mentions:
            left = s.text[max(0, pos - 30):pos]
            case.accounts.append(AccountMention(
                kind, s.index, pos,
                designated_roth=kind in ("401k", "403b", "457b") and bool(re.match(r"roth", s.text[pos:pos + 5], re.IGNORECASE)),
                inherited=bool(re.search(r"inherit\w*\s+(?:[\w'’]+\s+){0,3}$", left, re.IGNORECASE)),
                # an inherited IRA is the beneficiary's now, whoever's it was ("my father's IRA", "his 8606s")
                owner="self" if re.search(r"inherit\w*\s+(?:[\w'’]+\s+){0,3}$", left, re.IGNORECASE) else
                _owner(left[-20:], s.text, sents[s.index - 1].text if s.index else "")))
        years_here = T.years(s.text)
        found = T.money(s.text)
        roles = [role_of(s.text, n.start, n.end, n.value) for n in found]
        for i, n in enumerate(found):  # "$32k pre-tax and $6k after-tax contributions": the noun names both
            if roles[i] is None and i + 1 < len(found) and roles[i + 1] is not None and re.fullmatch(
                    r"\S*\s+(?:[\w-]+\s+){0,2}(?:and|or|plus|\+)\s+", s.text[n.end:found[i + 1].start] + " ", re.IGNORECASE):
                roles[i] = roles[i + 1]
        previous: Amount | None = None
        for i, n in enumerate(found):
            nxt = found[i + 1].start if i + 1 < len(found) else None
            role = roles[i]
            quals = qualifiers(s.text, n.start, n.end, nxt)
            told = None
            if role is None and re.search(r"\b(?:the|that|this|those|these)\s+$", s.text[max(0, n.start - 7):n.start],
                                          re.IGNORECASE):
                # a figure told before, referred back to ("how much of the $25k is taxable?"), is that one; "still
                # exactly $7,000" is a new fact about it (its value), not the contribution told before
                told = next((x for x in reversed(case.amounts) if x.value == n.value and x.role), None)
                role = told.role if told else None
            label = _TERM_LABEL.match(s.text)
            if label and n.start >= label.end() and not quals & {"short_term", "long_term"}:
                quals |= {f"{label.group(1).lower()}_term"}  # "Short-term: $4,000 of gains and $11,000 of losses"
            if role is None and previous is not None:
                role = _inherited_role(s.text, previous, n.start)
            if previous is not None and previous.role and _SAME_NOUN.search(s.text[max(0, n.start - 40):n.start]):
                role = previous.role  # "my carryover was $2,000 and hers was $5,000": hers is a carryover too
            if role is None:
                role = head_noun(s.text, n.start, n.end)
            mention = _mention_for(s.text, mentions, n.start, n.end)
            account = mention[1] if mention else last_account
            year = _year_near(years_here, n.start, s.text, n.end)
            if told is not None:  # the same money: its account and year are the ones it was told with
                account, year = told.account or account, told.year or year
            # "can I deduct my whole $9,500 net loss?": a figure the user owns, told inside the question, is a fact
            owned = bool(_OWNED_BEFORE.search(s.text[max(0, n.start - 25):n.start])) and role in ("loss", "gain", "carryover")
            amount = Amount(n.value, role, quals, account, year, s.index, s.turn,
                            s.index in ask_set and n.start >= spans[s.index] and not owned,
                            s.index in claim_set and _after_claim_verb(s.text, n.start), n.start,
                            f"{s.index}:{mention[0]}" if mention else None, echo=told is not None)
            case.amounts.append(amount)
            previous = amount
        _mark_sums(case, s.index)
        for n in T.share_counts(s.text):
            case.shares.append((n.value, s.index, n.start))
        if mentions:
            last_account = mentions[-1][1]
    _mark_inherited(case)
    case.filing_status = _latest(filing_status(s.text) for s in sents)
    case.age = _latest(_first(T.ages(s.text)) for s in sents)
    case.now = _latest(_now(s.text) for s in sents)
    case.tax_year, case.year_assumed = _tax_year(case, tax_year, default_year, previous_year)
    _date_earlier_turns(case)
    return case


_DIED = re.compile(r"\b(?:passed\s+away|died|death\s+of|deceased|late\s+(?:husband|wife|spouse|father|mother|dad|mom|"
                   r"parent)|(?:husband|wife|spouse|father|mother|dad|mom|parent|he|she)\s+(?:\w+\s+)?passed)\b",
                   re.IGNORECASE)
_HEIR = re.compile(r"\bbeneficiar\w*|\bleft\s+(?:it\s+)?(?:to\s+)?me\b|\binherit\w*", re.IGNORECASE)


def _mark_inherited(case: Case) -> None:
    """An account of someone who died, in a story of the user as beneficiary ("my husband passed; I'm the beneficiary
    on his IRA"), is an inherited IRA, the heir's now, even where the word "inherited" is not written next to it."""
    if not (case.says(_DIED) and case.says(_HEIR)):
        return
    for i, m in enumerate(case.accounts):
        if m.owner != "self" and not m.inherited:
            case.accounts[i] = replace(m, inherited=True, owner="self")


def _date_earlier_turns(case: Case) -> None:
    """An amount of an earlier message with no year of its own belongs to the year that message was about (a 2016
    cash-out told first, "then in 2017 she closed the rest" told next), so later turns can tell years apart."""
    for turn in range(case.latest_turn):
        years = [y for s in case.sentences if s.turn == turn
                 for y, role in year_roles(s, s.index in case.claim_sentences, s.index in case.ask_sentences)
                 if role in ("strong", "explicit", "event") and 1990 <= y <= 2030]
        if not years:
            continue
        for i, a in enumerate(case.amounts):
            if a.turn == turn and a.year is None:
                case.amounts[i] = replace(a, year=years[-1])

def _first(pairs: list[tuple[int, int]]) -> int | None:
    return pairs[0][0] if pairs else None


def _latest(values: Iterable[object]) -> object | None:  # type: ignore[return]
    found = None
    for v in values:
        if v is not None:
            found = v
    return found


_TARGET = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:in|into|inside|to|within)\s+(?:my|his|her|our|the|a|an|their)?\s*"
                     r"(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_SOURCE = re.compile(r"\bfrom\s+(?:my|his|her|an?|the)?\s*(?:old|previous|former|prior|last)?\s*(?:[\w-]+\s+)?"
                     r"(?:(?:job|employer|company|work)'?s\s+)?$", re.IGNORECASE)  # "from a previous job's 401k"


def _mention_for(text: str, mentions: list[tuple[int, str]], start: int, end: int) -> tuple[int, str] | None:
    """The account mention an amount belongs to: one named right after it as its place ("$27,000 into the Roth"),
    else the nearest one before it that is not only a rollover's source ("a rollover IRA from an old 401k, worth
    $93,600"), else the first one after it."""
    for pos, kind in mentions:
        if end <= pos <= end + 40 and _TARGET.match(text[end:pos]):
            return pos, kind
    before = [(p, k) for p, k in mentions if p <= start and not _SOURCE.search(text[max(0, p - 30):p])]
    if before:
        return before[-1]
    after = [(p, k) for p, k in mentions if p > start]
    return after[0] if after else None


def _mark_sums(case: Case, sentence: int) -> None:
    """"$25,000 deductible and $30,000 nondeductible - $55,000 total": an amount that adds up the ones before it in
    its sentence is their sum, not another item (role "sum")."""
    here = [i for i, a in enumerate(case.amounts) if a.sentence == sentence]
    for k, i in enumerate(here[2:], 2):
        a = case.amounts[i]
        before = [case.amounts[j].value for j in here[:k]]
        if any(sum(before[m:], Decimal(0)) == a.value for m in range(len(before) - 1)):
            case.amounts[i] = Amount(a.value, "sum", a.quals, a.account, a.year, a.sentence, a.turn, a.ask, a.claim,
                                     a.pos, a.mention)


# a line or sentence headed by a holding period: "Short-term: ...", "Total long-term realized: +$1,100.00"
_TERM_LABEL = re.compile(r"^\W*(?:(?:total|net)\s+)?(short|long)[\s-]*term\b[^:$\d.?!]{0,30}:", re.IGNORECASE)
# a pronoun standing for the noun of the amount before it: "... and hers was $5,000", "mine came to $900"
_SAME_NOUN = re.compile(r"(?:^|[,;:]\s*|\b(?:and|but|while|whereas)\s+)(?:hers|his|mine|theirs|ours|the\s+other(?:\s+one)?)"
                        r"\s+(?:was|is|were|are|came\s+to|totaled|totalled)\s+(?:about\s+|around\s+|roughly\s+|only\s+)?$",
                        re.IGNORECASE)


def _inherited_role(text: str, previous: Amount, start: int) -> str | None:
    """An amount with no role word of its own, listed right after one that has one, shares it: "$27,000 of losses:
    $9,000 short-term and $18,000 long-term"; "$8 a share ($3,200 total)" restates a per-share loss."""
    gap = text[previous.pos:start]
    if len(gap) > 70 or re.search(r"\b(?:is|was|were|got|sold|bought|paid|made|took|have|had|put|worth|\w{3,}ed)\b",
                                  gap[gap.find(" "):] if " " in gap else "", re.IGNORECASE):
        return None
    if re.search(r"\b(?:gain|loss|carryover|basis|contribution|distribution|conversion)s?\b", gap[gap.find(" "):]
                 if " " in gap else "", re.IGNORECASE) and previous.role not in ("price",):
        return None  # another role noun between them: this amount has its own (unread) role
    if previous.role == "price":
        m = re.search(r"\b(loss|gain)\b", text[max(0, previous.pos - 40):start], re.IGNORECASE)
        return m.group(1).lower() if m else None
    return previous.role


def _year_near(years_here: list[tuple[int, int]], pos: int, text: str, end: int | None = None) -> int | None:
    """The year an amount belongs to: "$12,000 in 2023" (a year right after it, in its own clause) first, then the
    nearest year."""
    if not years_here:
        return None
    if len({y for y, _ in years_here}) == 1:
        return years_here[0][0]
    end = pos if end is None else end
    for year, at in years_here:
        if at >= end and re.fullmatch(r"[^,;.$]{0,25}?\b(?:in|for|during|of|on|from)\s+(?:[a-z]+\.?\s+){0,2}(?:\d{1,2},?\s+)?",
                                      text[end:at], re.IGNORECASE):
            return year
    return min(years_here, key=lambda yp: min(abs(yp[1] - pos), abs(yp[1] - end)))[0]


_DOCUMENT = re.compile(r"(?:statement|1099(?:-[a-z]+)?|form\s*\w+|k-1|box\s*\w+|schedule\s*\w|return|paperwork|"
                       r"records?|software|turbotax)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def _claim_start(text: str) -> int | None:
    """Where someone else's claim starts in a sentence; a document that "says" or "shows" a figure states a fact."""
    for m in T.CLAIM.finditer(text):
        if not (re.match(r"says?|shows?", m.group(0), re.IGNORECASE) and _DOCUMENT.search(text[max(0, m.start() - 40):
                                                                                                 m.start()])):
            return m.start()
    return None


def _after_claim_verb(text: str, pos: int) -> bool:
    start = _claim_start(text)
    return start is not None and start <= pos


def _now(text: str) -> date | None:
    m = _NOW.search(text)
    if not m:
        return None
    raw = m.group("d") or m.group("p") or m.group("n")
    found = T.dates(raw)
    if not found or found[0].year is None:
        return None
    d = found[0]
    return date(d.year, d.month, d.day or 15)


_DESTINATION_BEFORE = re.compile(r"(?:left\s+(?:for|in)|carr\w*\s+(?:\w+\s+){0,4}?(?:to|into|over\s+to|forward\s+to)|"
                                 r"going\s+into|(?:roll|rolled|rolls)\s+(?:\w+\s+){0,3}into|\bto|\binto|"
                                 r"until|through|expir\w*\s+in)\s+$", re.IGNORECASE)
# a year standing alone beside the filing status, as a heading of the story: "Single, 2025.", "2025, MFJ:"
_STATUS = (r"(?:single|married(?:\s+filing\s+(?:jointly|joint|separately|separate))?|mfj|mfs|hoh|head\s+of\s+household|"
           r"filing\s+(?:single|jointly|separately))")
_ALONE_BEFORE = re.compile(r"(?:^|[.;:(]\s*)\W*(?:" + _STATUS + r"\s*[,/]?\s*)?$", re.IGNORECASE)
_ALONE_AFTER = re.compile(r"^\s*(?:,\s*" + _STATUS + r"\s*)?(?:[.;:)!]|$)", re.IGNORECASE)
_STRONG_BEFORE = re.compile(r"(?:tax\s+year|\bthis\s+(?:year|summer|spring|fall|autumn|winter|month)\s*\(|"
                            r"question\s+about)\s*$", re.IGNORECASE)


def year_roles(s: T.Sentence, claim: bool = False, ask: bool = False) -> list[tuple[int, str]]:
    """(year, role) for each year in a sentence: strong (\"tax year 2025\", \"this year (2025)\"), explicit (a return or
    \"for 2017\"), event (something happened then), or background (\"since 2003\", \"(2016-2021)\", \"my 2021 F-150\",
    a carryover's destination \"left for 2026\", a date the user calls now, a year inside someone's claim)."""
    out = []
    claim_at = _claim_start(s.text) if claim else None
    now = _NOW.search(s.text)
    for year, pos in T.years(s.text):
        before, after = s.text[max(0, pos - 40):pos], s.text[pos + 4:pos + 30]
        said_now = bool(now and now.start() <= pos < now.end() and not now.group("p"))
        in_claim = claim_at is not None and pos > claim_at
        destination = bool(_DESTINATION_BEFORE.search(before)) and not _EXPLICIT_AFTER.match(after)
        # "my first contribution was for 2018": when a clock started, not the year asked about
        destination = destination or bool(re.search(r"\bfirst\s+(?:[\w-]+\s+){0,3}?(?:was\s+|is\s+)?(?:for|in)\s+$",
                                                    before, re.IGNORECASE))
        background = bool(_BACKGROUND_BEFORE.search(before) or _RANGE_AFTER.match(after) or _RANGE_BEFORE.search(before))
        if background and _WAIT_UNTIL.search(before):
            background = False  # "if I wait until February 2027 to take it": the new date of the event
        if _STRONG_BEFORE.search(before) or (_ALONE_BEFORE.search(before) and _ALONE_AFTER.match(after)):
            role = "strong"
        elif said_now or in_claim or destination:
            role = "background"
        elif _EXPLICIT_AFTER.match(after) or re.search(r"(?:\bfor|\bon)\s+$", before, re.IGNORECASE):
            role = "explicit"
        elif background:
            role = "background"
        elif re.search(r"\b(?:my|our|his|her|their|a|the|that)\s+$", before, re.IGNORECASE) and \
                re.match(r"\s+[A-Za-z]", after) and not re.match(r"\s+(?:and|or|to|through|but|when|as|i|we)\b", after,
                                                                re.IGNORECASE) and not _TAX_NOUN.match(after):
            role = "background"  # a label: "my 2021 F-150", "the 2022 crash"
        elif _EVENT_WORDS.search(s.text):
            role = "event"
        else:
            role = "explicit" if ask else "background"  # "and in 2016?" asks about 2016
        out.append((year, role))
    return out


def _tax_year(case: Case, picked: int | None, default_year: int, previous_year: int | None) -> tuple[int, bool]:
    """The year of the return asked about: a year the latest question names (a return or "for 2017" first) > "tax year
    2025" / "this year (2025)" > a year named as a return > the latest event year (latest message first) > "this year" or
    "last year" against the picked year > the picked year > the default (assumed)."""
    def in_range(y: int) -> bool:
        return 1990 <= y <= 2030

    per_sentence = {s.index: year_roles(s, s.index in case.claim_sentences, s.index in case.ask_sentences)
                    for s in case.sentences}

    def roles(turn: int | None, wanted: tuple[str, ...], asks: bool | None) -> list[int]:
        return [y for s in case.sentences if (turn is None or s.turn == turn)
                and (asks is None or (s.index in case.ask_sentences) == asks)
                for y, r in per_sentence[s.index] if r in wanted and in_range(y)]

    latest = case.latest_turn
    base = picked if picked is not None else default_year
    named = [y for s in case.sentences if s.index in case.ask_sentences and s.turn == latest
             for y, r in year_roles(s, False, True) if r in ("strong", "explicit")]
    if named and not any(in_range(y) for y in named):
        return named[-1], False  # "for 1985": said, so the caller can decline it, never silently replaced
    for wanted in (("strong", "explicit"), ("event",)):
        found = roles(latest, wanted, True)
        if found:
            return found[-1], False
    strong = roles(latest, ("strong",), None)
    if strong:
        return max(strong), False
    # "I want $8k out of it now (Dec 2026)": a payout or conversion dated by the user's now is in that year, whatever
    # background years the story names
    if case.now is not None and any(a.year == case.now.year and a.role in ("distribution", "conversion") and not a.claim
                                    for a in case.amounts if a.turn == latest):
        return case.now.year, False
    asked = " ".join(s.text for s in case.sentences if s.index in case.ask_sentences and s.turn == latest)
    if _THIS_YEAR.search(asked):
        return base, base not in roles(None, ("strong", "explicit", "event"), None) and picked is None
    for wanted in (("explicit",), ("event",)):
        found = roles(latest, wanted, None)
        if found:
            return max(found), False
    if previous_year is not None:
        return previous_year, False
    for wanted in (("strong",), ("explicit",), ("event",)):
        found = roles(None, wanted, None)
        if found:
            return max(found), False
    if case.says(_THIS_YEAR, claims=True):
        return base, picked is None
    if case.says(_LAST_YEAR, claims=True):
        return base - 1, picked is None
    return base, picked is None
