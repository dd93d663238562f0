"""Slot extraction from messy questions: accounts, tax year, filing status, amounts, basis kind, closure, dates.

Patterns only (no model): each slot is a small regex family. Amounts are labelled by the nearest keyword in the same
clause ("AGI of $80,000", "$5k short-term loss"). Amounts are kept as strings so Slots stay JSON-safe.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from app.rules import facts
from app.understand.accounts import (
    RETIREMENT_KINDS,
    filing_status,
    find_accounts,
)
from app.understand.accounts import (
    account_at as _account_at,
)

_BUY_RE = re.compile(
    r"\b(?:bought|buy|buying|rebought|re-?buy\w*|repurchas\w*|purchas\w*|acquir\w*|reinvest\w*|got (?:it|them|the \w+) "
    r"back)\b[^.?!;]{0,50}?\b(?:in|inside|within|into|through|thru|using|with|for)\s+(?:my|our|his|her|a|an|the|"
    r"their|your)?\s*(?:wife'?s\s+|husband'?s\s+|spouse'?s\s+)?", re.IGNORECASE)
_SELL_IN_RE = re.compile(r"(?<!wash )(?<!wash-)\b(?:sold|sell|selling|sale)\b[^.?!;]{0,40}?\b(?:in|inside|within)\s+(?:my|our|the|a|an)?\s*",
                         re.IGNORECASE)

# Any 19xx/20xx that is not an amount ("$2,019", "2000 dollars", "1,500 shares"); range is checked later.
_YEAR_RE = re.compile(r"(?<![\d$,.])(19\d\d|20\d\d)(?!\d|,\d|\s*(?:dollars|usd|bucks|shares|k\b))", re.IGNORECASE)
# A year the question says it is asking about: "tax year 2017", "for 2016", "my 2017 return", "on my 2015 taxes".
_YEAR_EXPLICIT_BEFORE = re.compile(
    r"(?:tax\s+year|\bfor\s+(?:the\s+)?(?:(?:tax\s+)?year\s+)?|\bon\s+(?:my\s+)?|\bfiling\s+(?:for\s+)?|\byear\s+)$",
    re.IGNORECASE)
_YEAR_EXPLICIT_AFTER = re.compile(r"^\s+(?:tax\s+)?(?:return|taxes|tax\s+return|filing)\b", re.IGNORECASE)
# Years that are NOT the year asked about: a deadline ("until October 15, 2018", "by April 2019") and the year
# something arose in the past ("a carryover from 2019", "mine is from 2019", "since 2019").
_YEAR_DEADLINE_BEFORE = re.compile(
    r"\b(?:until|till|by|before|deadline|due|no\s+later\s+than)\s+(?:the\s+)?(?:end\s+of\s+|mid-?\s*)?"
    r"(?:[a-z]+\.?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?$", re.IGNORECASE)
_YEAR_ORIGIN_BEFORE = re.compile(r"\b(?:from|since)\s+(?:(?:tax\s+)?year\s+|back\s+in\s+)?$", re.IGNORECASE)
_CLAUSE_SPLIT = re.compile(r"[.;!?]|\band\b|\bbut\b|\bthen\b", re.IGNORECASE)
_CONVERT_WORD = re.compile(r"conver(?:t|ted|ting|sion|sions)\b|backdoor", re.IGNORECASE)
# "last year" / "this year" (not "from last year": that is when a carryover arose)
_RELATIVE_YEAR = re.compile(r"(?<!from )(?<!since )\b(this|last|current|previous|prior)\s+(?:tax\s+)?year\b(?!'s\s+gain)",
                            re.IGNORECASE)

_MONEY_RE = re.compile(
    # Not part of a longer token ("1e308", "x10", "v2.5"): misreading "$1e308" as $1 is worse than not reading it.
    r"(?P<dollar>\$\s?)?(?<![\w.])(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?![eE][+-]?\d|\d|[.,]\d)"
    r"\s*(?P<mult>k\b|K\b|thousand|grand|m\b|million)?"
    r"(?:\s*(?:dollars|usd|bucks))?", re.IGNORECASE)
# Keyword -> slot, for labelling an amount. Longer/specific phrases first.
_AMOUNT_KEYS: list[tuple[str, str]] = [
    ("st_carryover", r"short[\s-]*term\s+(?:capital\s+)?(?:loss\s+)?carry\s*-?over"),
    ("lt_carryover", r"long[\s-]*term\s+(?:capital\s+)?(?:loss\s+)?carry\s*-?over"),
    ("carryover", r"carry\s*-?over|carried\s+(?:over|forward)|carryforward"),
    ("st_losses", r"short[\s-]*term\s+(?:capital\s+)?loss(?:es)?|lost[^.$]{0,20}short[\s-]*term|short[\s-]*term[^.$]{0,15}los[st]"),
    ("lt_losses", r"long[\s-]*term\s+(?:capital\s+)?loss(?:es)?|lost[^.$]{0,20}long[\s-]*term|long[\s-]*term[^.$]{0,15}los[st]"),
    ("st_gains", r"short[\s-]*term\s+(?:capital\s+)?gains?"),
    ("lt_gains", r"long[\s-]*term\s+(?:capital\s+)?gains?"),
    ("taxable_income", r"taxable\s+income"),
    ("nol", r"\bnols?\b|net\s+operating\s+loss(?:es)?"),
    ("agi", r"\bagi\b|adjusted\s+gross(?:\s+income)?|\bincome\b|\bearn(?:ed|s)?\b|\bmake\b|\bsalary\b"),
    ("basis", r"\bbasis\b|non-?deductible\s+contributions?|after[\s-]*tax\s+contributions?"),
    ("conversions", r"\bconver(?:ted|sion|sions|t)\b"),
    ("contributions", r"\bcontribut\w*|\bput\s+in\b|\bdeposit\w*|\bpaid\s+in\b|\binvested\b"),
    ("contributions", r"\bput\b"),
    ("withdrawals", r"\bwithdr[ae]w\w*|\btook\s+out\b|\btaken\s+out\b"),
    ("distributions", (r"\bdistribut\w*|\bpay-?out\b|\bpaid\s+out\b|\bcash(?:ed)?\s+out\b|\bgot\b|\bback\b|\breceived\b|\bclosed\b|"
                      r"\bliquidat\w*|\bworth\b|\bleft\b|\bbalance\b|\bvalue\b")),
    ("gains", r"\bgains?\b|\bprofits?\b"),
    ("gains", r"\bmade\b"),  # weak: "made $X in contributions" is not a gain (see _WEAK)
    ("losses", r"\blos(?:s|ses|t|e|ing)\b|\bdown\b|\bdropped\b|\bfell\b|\btanked\b"),
]
_AMOUNT_RES = [(k, re.compile(p, re.IGNORECASE)) for k, p in _AMOUNT_KEYS]
_WEAK = {r"\bmade\b", r"\bput\b", r"\bworth\b", r"\bleft\b"}  # patterns that lose to a specific keyword nearby
_AMOUNT_PENALTY = [12 if p in _WEAK else 0 for _, p in _AMOUNT_KEYS]

_NONDED_RE = re.compile(r"non-?deductible|after[\s-]*tax|didn'?t\s+deduct|did\s+not\s+deduct|never\s+deducted|form\s*8606",
                        re.IGNORECASE)
# "I never made a nondeductible contribution", "all my contributions were deductible ones": no basis
_NO_NONDED_RE = re.compile(r"\b(?:never|no|not\s+any|none\s+of\s+(?:my|the)|didn'?t|did\s+not)\s+(?:\w+\s+){0,3}"
                           r"non-?deductible|(?<!non)(?<!non-)\bdeductible\s+ones\b|contributions\s+were\s+(?:all\s+)?"
                           r"(?<!non)deductible\b|all\s+pre[\s-]*tax", re.IGNORECASE)
_DED_RE = re.compile(r"(?<!non)(?<!non-)\bdeducted\b|\bdeductible\s+contributions?\b|\bpre[\s-]*tax\b|took\s+a\s+deduction",
                     re.IGNORECASE)
_CLOSED_RE = re.compile(
    r"\b(?:closed|cashed\s+out|emptied|liquidated|withdrew|took\s+out|distributed)\s+(?:out\s+)?(?:all|every|both|"
    r"everything|the\s+whole|my\s+(?:only|entire|whole))|fully\s+distributed|(?:full|total|complete|lump[\s-]*sum)\s+"
    r"distribution|all\s+(?:of\s+)?(?:my\s+)?(?:\w+\s+)?"
    r"(?:iras?|accounts?)\s+(?:were|are|got)?\s*(?:closed|distributed|cashed|emptied)|closed\s+(?:out\s+)?(?:my|the|"
    r"our)\s+(?:\w+\s+)?(?:ira|account)s?\b|closed\s+it\b", re.IGNORECASE)
_OPEN_RE = re.compile(r"still\s+(?:have|open|hold|got)|other\s+iras?\s+(?:open|still)|haven'?t\s+closed|not\s+closed|"
                      r"didn'?t\s+close|kept\s+(?:the|my|it|one)|partial(?:ly)?", re.IGNORECASE)
_DATE_RE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\b|"
    r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\b\d{4}-\d{2}-\d{2}\b", re.IGNORECASE)

# What a question asks, narrower than its topic; first match wins. The answer's verdict answers THIS question.
ASKS: list[tuple[str, re.Pattern[str]]] = [(k, re.compile(p, re.IGNORECASE)) for k, p in [
    ("per_spouse", (r"\b(?:we|us)\s+(?:each|both)\b|\beach\s+(?:of\s+us|spouse|get|have|deduct|claim|take)|"
                   r"\bper\s+(?:spouse|person)\b|\bdouble\s+(?:the\s+)?(?:limit|deduction)|"
                   r"\bboth\s+(?:of\s+us\s+)?(?:get|deduct|claim|take)")),
    ("basis_added", (r"\b(?:add\w*|increas\w*|adjust\w*|roll\w*\s+into|go(?:es)?\s+into)\b[^.?!]{0,40}\bbasis\b|"
                    r"\bbasis\s+(?:of|in|for)\s+the\s+(?:new|replacement)\b[^.?!]{0,30}\?")),
    ("carryback", r"carr(?:y|ied|ies)\b[^.?!]{0,25}?\bback\b|carry-?back|\brefund\s+from\s+(?:prior|previous|earlier)"),
    ("expire", r"\bexpir\w*|\brun\s+out\b|\btime\s+limit\b|\bforever\b|\bindefinite\w*|\blose\s+it\s+after"),
    ("spouse_blocks", (r"\b(?:stop|block|prevent|disqualif\w*|ruin|count\s+against|keep)\w*\s+(?:her|him|my\s+(?:wife|husband|"
                      r"spouse))\b")),
]]
_BELOW_BASIS_RE = re.compile(
    r"\b(?:less|lower)\s+than\s+(?:(?:my|her|his|our|the|what)\s+)?(?:\w+\s+){0,2}(?:basis|contribut\w*|put\s+in|"
    r"paid\s+in|invested)|\bbelow\s+(?:my|her|his|our|the)\s+(?:\w+\s+)?basis", re.IGNORECASE)
_SPOUSE_RE = re.compile(r"\b(?:wife|husband|spouse|partner)\b", re.IGNORECASE)
_SPOUSE_BUY_RE = re.compile(
    r"\b(?:wife|husband|spouse)(?:'s)?\b[^.?!;]{0,30}?\b(?:buy|buys|bought|buying|purchas\w*|acquir\w*)\b|"
    r"\b(?:bought|buy|buys|purchas\w*)\b[^.?!;]{0,50}\b(?:wife|husband|spouse)'?s\b", re.IGNORECASE)
# "my 401(k) payroll contribution bought the same fund", "my IRA bought VTI": the account is the buyer
_BUYER_RE = re.compile(r"\b(?:bought|buys|buy|purchased|purchases|acquired|reinvested)\b", re.IGNORECASE)
# the limit itself is not the user's number: "the $3,000 limit", "do we each get a $3,000 deduction"
_LIMIT_AMOUNT_AFTER = re.compile(r"^\s*(?:capital\s+loss\s+)?(?:limit|cap|max\w*|deduction|rule|a\s+year|per\s+year|"
                                 r"each|apiece)\b", re.IGNORECASE)

AMOUNT_SLOTS = ("taxable_income", "nol", "agi", "basis", "distributions", "contributions", "conversions", "withdrawals", "st_gains", "st_losses",
                "lt_gains", "lt_losses", "st_carryover", "lt_carryover", "carryover", "gains", "losses")


@dataclass
class Slots:
    account: str | None = None  # where the loss is (ACCOUNT_LABELS key)
    purchase_account: str | None = None  # wash sales: where the replacement was bought
    sale_account: str | None = None  # wash sales: where the sale happened
    tax_year: int | None = None  # year named in the question
    filing_status: str | None = None  # single | mfj | mfs | hoh
    contributions_kind: str | None = None  # deducted | nondeductible
    all_closed: bool | None = None  # every IRA of the kind fully distributed
    recharacterize: str | None = None  # conversion | contribution (what the user wants to undo)
    conversion_year: int | None = None  # year of the Roth conversion the story describes (governs recharacterizing)
    origin_year: int | None = None  # year a carryover / NOL arose ("from 2019"): not the year asked about
    relative_year: int | None = None  # "this year" = 0, "last year" = -1 (resolved by the engine)
    asks: str | None = None  # what the question asks, when it is narrower than the topic (ASKS keys)
    below_basis: bool | None = None  # "got back less than my basis": a loss, even without amounts
    spouse_separate: bool | None = None  # one spouse closed all theirs, the other still has one open
    spouse_purchase: bool | None = None  # wash sales: the spouse bought the replacement
    amounts: dict[str, str] = field(default_factory=dict)  # AMOUNT_SLOTS -> decimal string
    dates: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Slots:
        data = data or {}
        known = {f.name for f in fields(cls)}
        s = cls(**{k: v for k, v in data.items() if k in known})
        s.amounts = {str(k): str(v) for k, v in (s.amounts or {}).items()}
        s.dates = [str(d) for d in (s.dates or [])]
        return s

    def merged(self, change: Slots) -> Slots:
        """These slots with every slot `change` sets applied on top (follow-ups)."""
        out = Slots.from_dict(self.to_dict())
        for f in fields(self):
            new = getattr(change, f.name)
            if f.name == "amounts":
                out.amounts.update(new)
            elif new not in (None, [], {}):
                setattr(out, f.name, new)
        return out

    def is_empty(self) -> bool:
        return self == Slots()


@dataclass(frozen=True)
class YearMention:
    year: int
    role: str  # explicit (the year asked about) | event | deadline | origin
    conversion: bool  # named in the same clause as a Roth conversion


def year_mentions(text: str) -> list[YearMention]:
    """Every year the text names, with its role: a story's years are events, "until October 15, 2018" is a deadline,
    "my carryover is from 2019" is when something arose; only explicit and event years can be the tax year."""
    out: list[YearMention] = []
    for m in _YEAR_RE.finditer(text):
        before = text[max(0, m.start() - 40):m.start()]
        after = text[m.end():m.end() + 20]
        if _YEAR_DEADLINE_BEFORE.search(before):
            role = "deadline"
        elif _YEAR_ORIGIN_BEFORE.search(before):
            role = "origin"
        elif _YEAR_EXPLICIT_BEFORE.search(before) or _YEAR_EXPLICIT_AFTER.match(after):
            role = "explicit"
        else:
            role = "event"
        clause_before = _CLAUSE_SPLIT.split(text[max(0, m.start() - 90):m.start()])[-1]
        clause_after = _CLAUSE_SPLIT.split(text[m.end():m.end() + 40])[0]
        conversion = bool(_CONVERT_WORD.search(clause_before) or _CONVERT_WORD.search(clause_after))
        out.append(YearMention(int(m.group(1)), role, conversion))
    return out


def _in_range(y: int) -> bool:
    return facts.MIN_TAX_YEAR <= y <= facts.MAX_TAX_YEAR


def _year(mentions: list[YearMention]) -> int | None:
    """The tax year the question names: an explicit one, else the latest event year. When every year named is outside
    the range the rules cover, that year (so the engine reports it instead of silently assuming another)."""
    for roles in (("explicit",), ("event",)):
        years = [m.year for m in mentions if m.role in roles and _in_range(m.year)]
        if years:
            return max(years)
    if mentions and not any(_in_range(m.year) for m in mentions):
        return mentions[0].year
    return None


def _money(m: re.Match[str]) -> float | None:
    num = float(m.group("num").replace(",", "") + (m.group("frac") or ""))
    mult = (m.group("mult") or "").lower()
    if mult in ("k", "thousand", "grand"):
        num *= 1000
    elif mult in ("m", "million"):
        num *= 1_000_000
    is_money = bool(m.group("dollar") or mult or "," in m.group("num") or re.search(r"dollars|usd|bucks", m.group(0), re.IGNORECASE))
    return num if is_money else None


def _amounts(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for m in _MONEY_RE.finditer(text):
        if re.match(r"\s*\(?\s*[kb]\s*\)", text[m.end("num"):m.end("num") + 5], re.IGNORECASE) or text[m.start():m.start() + 3] in ("401", "403", "457"):
            continue  # 401(k), 403(b)
        value = _money(m)
        if value is None:
            continue
        if value in (facts.CAPITAL_LOSS_LIMIT, facts.CAPITAL_LOSS_LIMIT_MFS) and (
                _LIMIT_AMOUNT_AFTER.match(text[m.end():m.end() + 30])
                or re.search(r"(?:\bthe|up\s+to|\bget\s+(?:a|the))\s*$", text[max(0, m.start() - 12):m.start()],
                             re.IGNORECASE)):
            continue  # the limit itself, not the user's number
        lo, hi = max(0, m.start() - 60), min(len(text), m.end() + 40)
        before, after = text[lo:m.start()], text[m.end():hi]
        before = re.split(r"[.;!?]|\band\b|\bbut\b|,\s", before)[-1] if before else before
        after = re.split(r"[.;!?]|\band\b|\bbut\b|,\s", after)[0] if after else after
        best: tuple[int, str] | None = None
        for (key, rx), penalty in zip(_AMOUNT_RES, _AMOUNT_PENALTY):
            for km in rx.finditer(before):
                dist = len(before) - km.end() + penalty
                if best is None or dist < best[0]:
                    best = (dist, key)
            for km in rx.finditer(after):
                dist = km.start() + 8 + penalty  # a keyword after the amount is slightly weaker evidence
                if best is None or dist < best[0]:
                    best = (dist, key)
        if best is not None and best[1] not in found:
            found[best[1]] = f"{value:.2f}".rstrip("0").rstrip(".")
    return found


def extract(text: str) -> Slots:
    """Every slot the text names; missing slots stay None (the engine decides whether to assume or ask)."""
    s = Slots()
    accounts = find_accounts(text)
    buy_positions = {m.end(): m for m in _BUY_RE.finditer(text)}
    for end in buy_positions:
        kind = _account_at(text, end)
        if kind:
            s.purchase_account = kind
    if s.purchase_account is None:
        for pos, kind in accounts:
            if kind in RETIREMENT_KINDS:
                tail = re.split(r"[.?!;,]", text[pos:pos + 60])[0]
                if _BUYER_RE.search(tail):
                    s.purchase_account = kind
                    break
    for m in _SELL_IN_RE.finditer(text):
        kind = _account_at(text, m.end())
        if kind and kind != "taxable":
            s.sale_account = kind
    primary = [k for pos, k in accounts if pos not in buy_positions]
    if primary:
        # a specific kind beats the generic "retirement account"
        specific = [k for k in primary if k != "retirement"]
        s.account = (specific or primary)[0]
    mentions = year_mentions(text)
    s.tax_year = _year(mentions)
    conv = [m.year for m in mentions if m.conversion and m.role in ("explicit", "event") and _in_range(m.year)]
    s.conversion_year = min(conv) if conv else None
    origin = [m.year for m in mentions if m.role == "origin" and _in_range(m.year)]
    s.origin_year = min(origin) if origin else None
    rel = _RELATIVE_YEAR.search(text)
    if rel and s.tax_year is None:
        s.relative_year = -1 if rel.group(1).lower() in ("last", "previous", "prior") else 0
    s.asks = next((k for k, rx in ASKS if rx.search(text)), None)
    if s.asks == "spouse_blocks" and not _SPOUSE_RE.search(text):
        s.asks = None
    s.filing_status = filing_status(text)
    if _NO_NONDED_RE.search(text) or _DED_RE.search(text) and not _NONDED_RE.search(text):
        s.contributions_kind = "deducted"
    elif _NONDED_RE.search(text):
        s.contributions_kind = "nondeductible"
    opened, closed = _OPEN_RE.search(text), _CLOSED_RE.search(text)
    if opened and closed and _SPOUSE_RE.search(text):
        # "my wife closed all of hers but I still have mine open": the all-IRAs test is per spouse
        s.all_closed, s.spouse_separate = True, True
    elif opened:
        s.all_closed = False
    elif closed:
        s.all_closed = True
    if _BELOW_BASIS_RE.search(text):
        s.below_basis = True
    if _SPOUSE_BUY_RE.search(text):
        s.spouse_purchase = True
    if re.search(r"re-?characteri|undo|reverse|switch\s+(?:it\s+)?back", text, re.IGNORECASE):
        conv = re.search(r"conver|backdoor", text, re.IGNORECASE)
        s.recharacterize = "contribution" if re.search(r"contribut", text, re.IGNORECASE) and not conv else "conversion"
    s.amounts = _amounts(text)
    s.dates = [m.group(0) for m in _DATE_RE.finditer(text)]
    return s
