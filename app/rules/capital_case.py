"""A capital-loss story read from the case: each realized gain, loss and carryover with its character, year, owner and
the kind of property sold, plus the figures the user or someone else claims.

The shared reader (app/understand) gives amounts with roles; this module adds what only the capital rules need, read
from the words of the amount's own clause: a capital gain distribution is long-term, "held since 2017" or "bought in
2018" makes a sale long-term, a lake cabin or a daily driver is personal-use property while a vacant lot held as an
investment is a capital asset (app/rules/capital_kinds.py), "from his own account" says whose loss it is. Where the
shared reader reads these stories differently, the amounts are read again first (app/rules/capital_reread.py names
each misreading); a story year that is only a label ("the 2022 crash") is not the year of a sale.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from app.rules.bad_debt import bad_debts
from app.rules.capital_kinds import clause, clause_parts, figures, owner_in, property_kind, rx, whose_loss
from app.rules.capital_reread import is_distribution, reread, stated_in_question
from app.understand import text as T
from app.understand.accounts import RETIREMENT_KINDS
from app.understand.asks import Ask
from app.understand.case import Amount, Case

_ALL_LONG = rx(r"\ball\b[^.?!]{0,60}\b(?:long[\s-]*term|more\s+than\s+(?:a|one)\s+year|over\s+a\s+year)")
_ALL_SHORT = rx(r"\ball\b[^.?!]{0,60}\b(?:short[\s-]*term|less\s+than\s+(?:a|one)\s+year|under\s+a\s+year)")
_HELD_YEARS = rx(r"\b(?:held|had|owned|kept)\s+(?:it\s+|them\s+|\w+\s+){0,3}?(?:for\s+)?(?:\d+|two|three|four|five|"
                  r"six|seven|eight|nine|ten|several|many|a\s+few)\s+years|\bfor\s+years\b|\bold\s+\w+\s+shares\b")
_HELD_SINCE = rx(r"\b(?:since|bought\s+(?:\w+\s+){0,6}?in|purchased\s+(?:\w+\s+){0,6}?in|acquired\s+(?:\w+\s+){0,6}?"
                  r"in|had\s+since|owned\s+since)\s+((?:19|20)\d\d)")
_TERM_WORDS = rx(r"\bshort[\s-]*term\b|\blong[\s-]*term\b")
_HELD_MONTHS = rx(r"\b(?:\d+|a\s+few|several|two|three|four|five|six|seven|eight|nine|ten|eleven)\s*(?:mo|months?|"
                   r"weeks?|days?)\b")
_UNREALIZED = rx(r"\bhaven'?t\s+sold|\bnot\s+(?:yet\s+)?sold|\bstill\s+(?:own|hold|have)\b|\bunrealized|\bpaper\s+loss|"
                  r"\bon\s+paper\b")
_SALE = rx(r"\b(?:sold|sell|selling|sale|dumped|closed|realiz\w*|harvest\w*|cashed\s+out|traded|trades|trading|"
            r"day[\s-]?trad\w*|net\s+capital\s+loss|capital\s+loss|capital\s+gain|liquidat\w*|worthless|options?|"
            r"schedule\s+d|short[\s-]*term|long[\s-]*term|vend\w*)\b")
_DROP_IN_VALUE = rx(r"(?:\b(?:is|are|was|were|went)|'s|'re)\s+(?:\w+\s+)?down\b|\bdropped\b|\bfell\b|\bfallen\b|\bunderwater\b|\blost\s+value\b|"
                     r"\btanked\b|\bworth\s+less\b|\b(?:stocks?|shares|portfolio|holdings|crypto|account|funds?)\s+(?:\w+\s+)?"
                     r"lost\b")
# a figure that says what a return or software shows ("the return my preparer filed shows a $3,000 loss") is the
# deduction, not another loss
_ON_RETURN = rx(r"\b(?:software|turbotax|h&r|preparer|1040|return|schedule\s+d)\b[^.?!]{0,40}\b(?:puts?|shows?|showed|"
                 r"says|lists?|claims?|takes?)\b|\b(?:puts?|shows?|showed|lists?)\b[^.?!]{0,40}\bon\s+(?:my|our|the)\s+"
                 r"(?:1040|return)")
_NOL = rx(r"\bnols?\b|\bnet\s+operating\s+loss")
_RETIREMENT_WORDS = rx(r"\b(?:iras?|roth|401\s*\(?k|403\s*\(?b|457|sep|simple\s+ira|tsp)\b")

@dataclass(frozen=True)
class Item:
    kind: str  # gain | loss | carryover
    value: Decimal
    term: str | None  # "st" | "lt" | None (not said)
    year: int | None  # the year of the sale; a carryover's origin year when said; None: the year asked about
    owner: str | None  # self | spouse | joint
    prop: str  # securities | personal | investment | business | debt (a nonbusiness bad debt)
    words: str  # the clause it was read from (to name the property sold)
    distribution: bool = False  # a capital gain distribution (Form 1099-DIV box 2a): always long-term
    amount: Amount | None = None


@dataclass
class Story:
    case: Case
    items: list[Item] = field(default_factory=list)
    claimed: list[Amount] = field(default_factory=list)  # figures said by someone else or asserted in a question
    owner: str | None = None  # whose loss the carryover is, as the story says it
    target: int = 0  # the year asked about (the last year of the computation)

    def of(self, *props: str) -> list[Item]:
        return [i for i in self.items if i.prop in props]

    @property
    def capital(self) -> list[Item]:
        return self.of("securities", "investment", "debt")


_CACHE: list[Story] = []


def read(case: Case) -> Story:
    """The story of this case (read once per case; both capital topics call it)."""
    if _CACHE and _CACHE[0].case is case:
        return _CACHE[0]
    story = Story(case)
    for a in case.amounts:
        a = reread(case, a)
        if a.role not in ("gain", "loss", "carryover") and not (is_distribution(case, a) and not a.ask):
            continue
        if a.claim or (a.ask and not stated_in_question(case, a)):
            story.claimed.append(a)
            continue
        item = _item(case, a)
        if item is not None:
            story.items.append(item)
    story.items = _drop_totals(story.items)
    # a worthless loan to a friend is a short-term capital loss of the year it became worthless (IRC 166(d))
    story.items += [Item("loss", d.value, "st", d.year, "self", "debt", clause(case, d.loan), amount=d.loan)
                    for d in bad_debts(case)]
    story.owner = whose_loss(case)
    story.target = _target(case, story)
    story.claimed += [a for a in case.amounts if a.role not in ("gain", "loss", "carryover") and a not in story.claimed
                      and (a.claim or a.ask) and not is_distribution(case, a)]
    _CACHE[:] = [story]
    return story


_DESTINATION = rx(r"\b(?:carr\w*|going|left|roll\w*|goes)\s+(?:\w+\s+){0,3}?(?:to|into|for)\s+((?:19|20)\d\d)\b")


def _target(case: Case, story: Story) -> int:
    """The last year of the computation: the tax year read, or the year of the latest sale; "what carries to 2025?"
    asks about 2024."""
    sales = [i.year for i in story.items if i.year and i.kind != "carryover"]
    asked = [int(m.group(1)) - 1 for s in case.sentences if s.index in case.ask_sentences and s.turn == case.latest_turn
             for m in _DESTINATION.finditer(s.text)]
    if case.year_assumed and (sales or asked):
        return max(sales + asked)
    return max([case.tax_year] + sales)


_FIRST_PERSON = re.compile(r"\b(?:i|i'?ve|i'?m)\b", re.IGNORECASE)


def _owner(words: str, sent: str) -> str | None:
    """Whose sale: its own clause first ("I have a $5,000 loss and my husband has a $2,000 gain in his account": the
    loss is mine), then the sentence."""
    found = owner_in(words)
    if found is None and _FIRST_PERSON.search(words):
        return "self"
    return found or owner_in(sent)


def _drop_of_its_account(case: Case, a: Amount) -> bool:
    """A loss told right after its own retirement account ("Roth IRA is down $4,000 ... and a $2,800 gain from my
    brokerage"): the brokerage named later in the sentence does not make the Roth's drop a capital loss."""
    if a.role != "loss" or a.account not in RETIREMENT_KINDS or not a.mention:
        return False
    sentence, pos = (int(x) for x in a.mention.split(":"))
    return sentence == a.sentence and pos < a.pos and not any(
        m.kind == "taxable" and m.sentence == a.sentence and pos < m.pos < a.pos for m in case.accounts)


def _item(case: Case, a: Amount) -> Item | None:
    sent = case.sentence(a.sentence).text
    words = clause(case, a)
    if _UNREALIZED.search(sent) or (a.role == "loss" and _DROP_IN_VALUE.search(sent) and not _SALE.search(sent)):
        return None  # a fall in value of something still held is no loss yet
    if a.role == "loss" and a.value in (3000, 1500) and _ON_RETURN.search(sent):
        return None
    if _NOL.search(words) or _NOL.search(sent) and a.role == "carryover":
        return None  # a net operating loss is the NOL topic's
    named = {m.kind for m in case.accounts if m.sentence == a.sentence}
    inside = (named & RETIREMENT_KINDS and "taxable" not in named and _RETIREMENT_WORDS.search(words + sent)) or (
        a.role != "carryover" and a.account in RETIREMENT_KINDS and "taxable" not in named)
    if inside or _drop_of_its_account(case, a):
        return None  # inside an IRA or plan: the retirement topic's, never a capital loss (a carryover never is)
    distribution = is_distribution(case, a)
    return Item("gain" if distribution else a.role or "", a.value, _term(case, a, words, sent, distribution), _year(case, a, words),
                _owner(words, sent), property_kind(case, a), words, distribution, a)


def _term(case: Case, a: Amount, words: str, sent: str, distribution: bool) -> str | None:
    """Short- or long-term: the amount's own clause first (the shared reader's qualifiers can belong to the next
    amount: "held 3 years at a $5,000 loss and some Tesla held 4 months"), then its qualifiers, then the sentence."""
    if distribution:
        return "lt"
    scope = sent if len(figures(sent)) == 1 else words  # alone in its sentence: the whole sentence is about it
    head, _, tail = clause_parts(case, a)
    own = _TERM_WORDS.search(tail) or next(reversed(list(_TERM_WORDS.finditer(head))), None)
    if own:
        return "st" if own.group(0).lower().startswith("short") else "lt"
    if _HELD_YEARS.search(scope):
        return "lt"
    if _HELD_MONTHS.search(scope):
        return "st"
    if a.has("long_term"):
        return "lt"
    if a.has("short_term"):
        return "st"
    if _ALL_LONG.search(sent):
        return "lt"
    if _ALL_SHORT.search(sent):
        return "st"
    since = _HELD_SINCE.search(scope)
    sold = _year(case, a, words) or case.tax_year
    if since and int(since.group(1)) <= sold - 2:
        return "lt"
    if case.says(r"\binherit\w*|\bleft\s+(?:me|us)\b"):
        return "lt"
    return None


_NOT_EVENT_BEFORE = rx(r"(?:since|back\s+in|(?:bought|purchased|acquired|gave|gifted|given)\s+(?:\w+\s+){0,6}?(?:in|on)|from|"
                        r"between|until|till|by|through|into|to|going\s+into|left\s+for|carr\w*\s+(?:\w+\s+){0,4}?(?:to|"
                        r"into|over\s+to))\s+(?:(?:the\s+)?(?:early|late|mid-?|end\s+of)\s+)?(?:[a-z]+\.?\s+)?(?:\d{1,2},?\s+)?$")
_LABEL = rx(r"\b(?:my|our|his|her|their|the|a|that)\s+$")


def event_years(text: str) -> list[tuple[int, int]]:
    """Years when something in this sentence happened: not a purchase date, an origin ("from 2024"), a destination
    ("into 2026") or a label ("the 2022 crash", "my 2021 F-150")."""
    out = []
    for year, pos in T.years(text):
        before, after = text[max(0, pos - 40):pos], text[pos + 4:pos + 30]
        if _NOT_EVENT_BEFORE.search(before) or re.match(r"\s*(?:-|to|through)\s*(?:19|20)\d\d", after):
            continue
        if _LABEL.search(before) and re.match(r"\s+[a-z]", after, re.IGNORECASE) and not re.match(
                r"\s+(?:and|or|to|through|but|when|as|i|we|was|were|is|return|tax|taxes|schedule|joint|separate|final|"
                r"federal|individual|capital|loss|losses|gains?|sales?|trades?|trading|carryover|net|stock)\b", after, re.IGNORECASE):
            continue
        out.append((year, pos))
    return out


def _year(case: Case, a: Amount, words: str) -> int | None:
    text = case.sentence(a.sentence).text
    if a.role == "carryover":
        m = re.search(r"\b(?:from|of|on)\s+(?:my\s+|our\s+|his\s+|her\s+)?((?:19|20)\d\d)\b|"
                      r"\b((?:19|20)\d\d)\s+(?:joint\s+|tax\s+|separate\s+)?(?:return|"
                      r"schedule)", text, re.IGNORECASE)
        return int(m.group(1) or m.group(2)) if m else None
    found = event_years(text)
    if not found:  # "our 2025 options trading lost $60,000": the year the reader gave the amount (or its message's)
        return a.year if a.turn < case.latest_turn else None
    return min(found, key=lambda yp: abs(yp[1] - a.pos))[0]


def _drop_totals(items: list[Item]) -> list[Item]:
    """"$27,000 of losses: $9,000 short-term and $18,000 long-term" names one loss twice: the total goes."""
    out = []
    for i in items:
        parts = [j for j in items if j is not i and j.kind == i.kind and j.amount and i.amount
                 and j.amount.sentence == i.amount.sentence and j.term]
        if i.term is None and len(parts) >= 2 and sum(j.value for j in parts) == i.value:
            continue
        out.append(i)
    return out


def claim_text(case: Case) -> str:
    """What is asserted rather than told: others' claims, the user's own beliefs about the treatment, the questions."""
    return " ".join(s.text for s in case.sentences if s.index in case.claim_sentences or s.index in case.ask_sentences)


def asserting(ask: Ask) -> bool:
    """An ask that states figures and checks them: "so I write off $8,000, right?", "is that how it works?"."""
    return ask.is_("confirm") or bool(re.search(r"\b(?:right|correct|true|accurate)\s*\W*$|^\W*so\s+(?:i|my|we|the)\b|"
                                                r"\bdoes\s+that\s+mean\b", ask.text, re.IGNORECASE))
