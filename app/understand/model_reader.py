"""A configured model reads the message too: what it may add to the text reader's case and asks, checked and merged.

The text reader (case.py, asks.py, roles.py) gives the reading the rules trust. When a model backend is set, one
structured-output call (LangChain's `with_structured_output` on the configured chat model, a short timeout, the
message only: intake has already masked its identifiers) returns a `CaseDraft`: the questions the model sees and the
amounts with their roles, the filing status and the age. The draft is checked against the message and merged:

- the text reader wins wherever it read something itself: an amount's role, account and year, an ask it found, the
  filing status and age it found (the tax year is never the model's);
- the model may add what the reader missed: a question the reader did not see (it replaces the "can I deduct it?"
  the reader assumes when it found none), kinds for a question the reader could not classify, a role, account, year
  or qualifier for an amount the reader left without one, a filing status or an age;
- an amount must be one the reader found as money in this message, a year or an age must be written in it, an
  account kind must be one the message names, a filing status needs a word for it, a question must be worded from
  it (its polarity is read from its words by the reader's own rules); a kind, role, account kind or qualifier
  outside the reader's own vocabularies is dropped.

A model never produces a verdict, a number or a citation: the schema has no place for them, and the rules decide
on the merged case exactly as on the reader's own. Any failure (timeout, server down, malformed JSON) leaves the
reader's reading as it was; the log gets the error type only, never the message.
"""
from __future__ import annotations

import dataclasses
import logging
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field, field_validator

from app.understand import Reading
from app.understand import accounts as A
from app.understand import roles as R
from app.understand import text as T
from app.understand.asks import KINDS, Ask, find_asks
from app.understand.case import Case

if TYPE_CHECKING:
    from app.llm import ModelClient

log = logging.getLogger(__name__)

# The reader's own vocabularies (roles.py and accounts.py keep theirs in their pattern tables).
ROLES = R.ROLES
ACCOUNT_KINDS = tuple(A.ACCOUNT_LABELS)
QUALIFIERS = tuple(q for q, _ in R.QUALIFIERS)
FILING_STATUSES = A.FILING_STATUSES
YEARS = range(1990, 2031)  # the years the case reader takes as a tax year (case._tax_year)
MAX_ASKS, MAX_FACTS = 6, 12
READ_TOKENS = 400  # a draft for a long story fits; a model that rambles is cut off, and its JSON fails to parse
# a question that only re-asks ("what if ...?") or names no kind adds nothing the rules could answer
_USELESS_KINDS = {"yesno", "what_if"}
_CONFLICTS = ({"short_term", "long_term"}, {"deducted", "nondeductible"})

Kind = Literal[KINDS]  # type: ignore[valid-type]
Role = Literal[ROLES]  # type: ignore[valid-type]
AccountKind = Literal[ACCOUNT_KINDS]  # type: ignore[valid-type]
Qualifier = Literal[QUALIFIERS]  # type: ignore[valid-type]
FilingStatus = Literal[FILING_STATUSES]  # type: ignore[valid-type]


def _known(allowed: tuple[str, ...]) -> Any:
    """A validator that keeps the known values of a list (or a known scalar, else None): one unknown kind from a model
    drops that kind, never the whole draft."""
    def check(value: object) -> object:
        if isinstance(value, list):
            return [v for v in value if isinstance(v, str) and v in allowed]
        return value if isinstance(value, str) and value in allowed else None
    return check


def _first(limit: int, needs: str | None = None) -> Any:
    """A validator that keeps the first `limit` objects of a list (with a number in `needs`): a malformed item is
    dropped, never the whole draft."""
    def check(value: object) -> object:
        items = [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
        if needs:
            items = [{**v, needs: _number(v.get(needs))} for v in items if _number(v.get(needs)) is not None]
        return items[:limit]
    return check


def _whole(value: object) -> int | None:
    number = _number(value)
    return int(number) if number is not None and number.is_integer() else None


def _number(value: object) -> float | None:
    """12000, 12000.0 or "$12,000" (a model may quote the amount as written); anything else is no amount."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\$?\s*\d[\d,]*(?:\.\d+)?\s*", value):
        return float(value.replace("$", "").replace(",", ""))
    return None


class AskDraft(BaseModel):
    text: str = Field(default="", description="the question, in the person's own words")
    kinds: list[Kind] = Field(default_factory=list, description="what the question asks: " + ", ".join(KINDS))

    known_kinds = field_validator("kinds", mode="before")(_known(KINDS))


class FactDraft(BaseModel):
    amount: float = Field(description="an amount of money written in the message, in dollars ($8k is 8000)")
    role: Role | None = Field(default=None, description="what the amount measures: " + ", ".join(ROLES))
    account: AccountKind | None = Field(default=None, description="the account it is in: " + ", ".join(ACCOUNT_KINDS))
    year: int | None = Field(default=None, description="the year it belongs to, if the message says")
    qualifiers: list[Qualifier] = Field(default_factory=list, description=", ".join(QUALIFIERS))

    known_role = field_validator("role", mode="before")(_known(ROLES))
    known_account = field_validator("account", mode="before")(_known(ACCOUNT_KINDS))
    known_quals = field_validator("qualifiers", mode="before")(_known(QUALIFIERS))
    whole_year = field_validator("year", mode="before")(_whole)


class CaseDraft(BaseModel):
    """What a model may say about a message: its questions and facts. No verdict, no citation, no computed number."""
    asks: list[AskDraft] = Field(default_factory=list)
    facts: list[FactDraft] = Field(default_factory=list)
    filing_status: FilingStatus | None = None
    age: int | None = None

    some_asks = field_validator("asks", mode="before")(_first(MAX_ASKS))
    some_facts = field_validator("facts", mode="before")(_first(MAX_FACTS, "amount"))
    known_filing = field_validator("filing_status", mode="before")(_known(FILING_STATUSES))
    whole_age = field_validator("age", mode="before")(_whole)


PROMPT = f"""You read one message from a person asking about US taxes and list what it says. Never answer it.
Return JSON with:
- asks: every question the person asks, in order, copied from the message (a request such as "I need to know
  whether ..." is a question too), each with its kinds: capability (asks you to file or prepare), advice (buy, sell
  or hold), deduct (deduct, write off, claim, offset), taxable (taxed or tax-free), penalty (the 10% or another
  penalty), deadline (too late, by when), how_much (how much, what is left), report (which form or line), confirm
  (is that right?), explain (how, why), what_if, yesno.
- facts: every amount of money written in the message: amount (in dollars, as written), role ({", ".join(ROLES)}),
  account ({", ".join(ACCOUNT_KINDS)}), year (if the message says), qualifiers ({", ".join(QUALIFIERS)}).
- filing_status ({", ".join(FILING_STATUSES)}) and age, when the message says them; else null.
Use only what the message says: no other numbers, no verdicts, no sources.

Example message: My Roth IRA dropped $4,000 in 2023. I'm 40 and single, so I'd like to know if I can write it off.
Example JSON: {{"asks": [{{"text": "I'd like to know if I can write it off", "kinds": ["deduct"]}}], "facts": [{{"amount":
4000, "role": "loss", "account": "roth_ira", "year": 2023, "qualifiers": []}}], "filing_status": "single", "age": 40}}"""


class ModelReader:
    """`reader(message, reading) -> Reading`: the reading with what the model added. Never raises."""

    def __init__(self, client: ModelClient, *, timeout: float = 8.0) -> None:
        self.client = client
        self.timeout = timeout

    def read(self, message: str) -> CaseDraft | None:
        """The model's draft of this message, or None when the model could not give one."""
        # the call's own settings go to the chat model through with_structured_output (a .bind() on the chain it
        # returns would not reach the model); a chat model handed in with ModelClient.wrap keeps its own timeout
        options = dict(self.client.limits(READ_TOKENS), **({"timeout": self.timeout} if "timeout" in self.client.info
                                                          else {}))
        try:
            model = self.client.chat_model().with_structured_output(CaseDraft, method="json_schema", **options)
            draft = model.invoke([{"role": "system", "content": PROMPT}, {"role": "user", "content": message}])
        except Exception as err:  # noqa: BLE001 - timeout, refused connection, malformed JSON: the reader's reading stands
            log.warning("model reading skipped: %s", type(err).__name__)  # the type only: the text may quote the user
            return None
        return draft if isinstance(draft, CaseDraft) else None

    def __call__(self, message: str, reading: Reading) -> Reading:
        draft = self.read(message)
        return merge(reading, draft) if draft is not None else reading


# ---- merging --------------------------------------------------------------------------------------------------------
def merge(reading: Reading, draft: CaseDraft) -> Reading:
    """A new reading: the draft's additions where the reader read nothing; everything the reader read stays."""
    latest = [s for s in reading.case.sentences if s.turn == reading.case.latest_turn]
    message = " ".join(s.text for s in latest)
    case = _merge_facts(reading.case, draft, message)
    return dataclasses.replace(reading, case=case, asks=_merge_asks(reading.asks, draft.asks, latest, message))


def _merge_facts(case: Case, draft: CaseDraft, message: str) -> Case:
    named_years = {y for y, _ in T.years(message)}
    named_accounts = {m.kind for m in case.accounts}
    amounts = list(case.amounts)
    used: set[int] = set()
    for fact in draft.facts:
        value = _decimal(fact.amount)
        here = [i for i, a in enumerate(amounts) if a.turn == case.latest_turn and a.value == value and i not in used]
        if not here:
            continue  # not an amount the reader found in this message: a year, a form number, or made up
        i = next((i for i in here if amounts[i].role in (None, fact.role)), here[0])
        used.add(i)
        a = amounts[i]
        quals = set(a.quals) | {q for q in fact.qualifiers
                                if not any(q in group and group & a.quals for group in _CONFLICTS)}
        amounts[i] = dataclasses.replace(
            a, role=a.role or fact.role,
            account=a.account or (fact.account if fact.account in named_accounts else None),
            year=a.year or (fact.year if fact.year in named_years and fact.year in YEARS else None),
            quals=frozenset(quals))
    status, age = case.filing_status, case.age
    if status is None and draft.filing_status and _FILING_WORDS.search(message):
        status = draft.filing_status
    if age is None and draft.age is not None and 16 <= draft.age <= 105 and re.search(
            rf"(?<![\d$.,]){draft.age}(?![\d,]|\s*(?:k\b|%|dollars))", message):
        age = draft.age
    return dataclasses.replace(case, amounts=amounts, filing_status=status, age=age)


# a filing status the reader's patterns missed ("we're not married", "my wife and I file together") is still said in
# words like these; without one, a model's status is a guess
_FILING_WORDS = re.compile(r"\b(?:single|married|unmarried|spouse|wife|husband|partner|divorc\w*|widow\w*|jointly|"
                           r"joint|separate\w*|head\s+of\s+household|file\s+together)\b", re.IGNORECASE)


def _decimal(value: float) -> Decimal | None:
    try:
        return Decimal(str(value)).normalize()
    except (InvalidOperation, ValueError):
        return None


_STOP = {"the", "and", "for", "you", "your", "can", "could", "does", "did", "was", "were", "are", "that", "this",
         "with", "have", "has", "had", "what", "how", "any", "not", "whether", "about", "from", "into", "out", "will",
         "would", "should", "there", "then", "they", "them", "its", "it's", "also", "just", "need", "know"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9%'-]+", T.fold(text).lower()) if len(w) >= 3 and w not in _STOP}


def _merge_asks(asks: list[Ask], drafts: list[AskDraft], latest: list[T.Sentence], message: str) -> list[Ask]:
    if not latest or any(a.inherited for a in asks):
        return asks  # a what-if re-asks the chain's questions; the model saw only this message
    known = _words(message)
    kept = [a for a in asks if not a.implicit]
    added: list[Ask] = []
    for d in drafts:
        kinds = [k for k in dict.fromkeys(d.kinds) if k not in _USELESS_KINDS]
        words = _words(d.text)
        shared = words & known
        if not kinds or not shared or len(shared) < max(0.6 * len(words), min(2, len(words))):
            continue  # nothing the rules answer, or not a question this message asks
        sentence = max(latest, key=lambda s: (len(_words(s.text) & words), -s.index))
        same = [a for a in kept + added if a.sentence == sentence.index or len(_words(a.text) & words) >= 0.6 * len(words)]
        if any(set(a.kinds) & set(kinds) for a in same):
            continue  # the reader (or an earlier draft) already asks it
        vague = next((a for a in same if a.kinds == ["yesno"] and not a.inherited), None)
        if vague is not None:  # a question the reader saw but could not classify: the model's kinds say what it asks
            kept[kept.index(vague)] = dataclasses.replace(vague, kinds=kinds)
            continue
        # the reader's own polarity rules read the model's wording ("is it tax-free?", "can I still ...?")
        found = find_asks(T.sentences(T.fold(d.text.strip()[:300])), turn=0)
        added.append(Ask(0, sentence.index, d.text.strip()[:300], kinds, inverted=any(a.inverted for a in found),
                         whole=any(a.whole for a in found)))
    if not added:
        return kept or asks  # the reader's asks, a vague one perhaps classified; "can I deduct it?" if none
    merged = sorted([(a.sentence, 0, n, a) for n, a in enumerate(kept)] + [(a.sentence, 1, n, a) for n, a in
                                                                            enumerate(added)], key=lambda t: t[:3])
    return [dataclasses.replace(a, index=i) for i, (*_, a) in enumerate(merged)]
