"""The traditional-IRA pool (or a pre-tax plan) as a story tells it: the accounts and their values, the basis, what
came out this year, what was converted, what is left on Dec 31; and the Form 8606 pro-rata arithmetic.

Shared by the rules that need it (taxable distributions, conversions, the pre-2018 close-out loss): each reads the same
pool instead of re-reading the story.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from app.understand.case import Amount, Case

TRADITIONAL_GROUP = {"traditional_ira", "sep_ira", "simple_ira"}  # one pool for basis and the pre-2018 loss test

PLANS = {"401k", "403b", "457b", "plan"}
_OUT = re.compile(r"\b(?:cash\w*(?:\s+\w+){0,2}\s+out|conver(?:t|ted|ting|sion)\b|clos(?:e|ed|ing)\b|withdr[ae]w\w*|(?:took|take|taking|pull\w*)\s+"
                  r"(?:\S+\s+){0,4}?(?:out|from)\b|empt\w*|liquidat\w*|distribut\w*|got\s+(?:a\s+)?check|check\s+for|"
                  r"got\s+back|get\s+back|getting\s+back|1099-?r|box\s*1)", re.IGNORECASE)
_CONVERTED_UNSAID = re.compile(r"\bconvert\w*\s+(?:(?:the\s+)?(?:whole|entire|all|everything|it)\b|(?:in|on|right|that|"
                               r"a\s+(?:week|day|few)|shortly|soon|immediately|later)\b)", re.IGNORECASE)
_WANTS_OUT = re.compile(r"\b(?:i|we)\b[^.?!]{0,20}?\b(?:want|need|plan|wish|hope)\w*\s+(?:to\s+)?(?:\S+\s+){0,4}?out\b",
                        re.IGNORECASE)
_ALL = re.compile(r"\b(?:(?:take|took|taking|cash\w*|pull\w*)\s+(?:it|them|everything|the\s+money|the\s+rest)(?:\s+all)?\s+"
                  r"out|withdraw\w*\s+(?:it|them)\b|everything|both|all\s+(?:of\s+)?(?:it|them|my)|the\s+whole|entire|close\s+(?:it|out)|closed\s+it|"
                  r"closing\s+(?:it|my)|cash(?:ing|ed)?\s+(?:it\s+)?(?:all\s+)?out|my\s+only|only\s+traditional|one\s+and\s+"
                  r"only|empt\w+)\b", re.IGNORECASE)
_ONLY = re.compile(r"\b(?:my\s+)?(?:one\s+and\s+)?only\s+(?:traditional\s+)?ira\b|\bno\s+other\s+(?:traditional|"
                   r"iras?)|\bthat\s+was\s+my\s+only\b|\bonly\s+traditional\s+ira\b", re.IGNORECASE)
_UNSURE_DEDUCTED = re.compile(r"\b(?:not\s+sure|unsure|(?:don'?t|do\s+not|can'?t|cannot)\s+(?:remember|recall|know)|no\s+"
                              r"idea|forgot|forget)\s+(?:whether|wether|if)\b[^.?!]{0,40}\bdeduct", re.IGNORECASE)
_NO_8606 = re.compile(r"\bnever\s+filed\s+(?:a\s+|any\s+)?(?:form\s+)?8606|\bdidn'?t\s+file\s+(?:form\s+)?8606|"
                      r"\bno\s+(?:form\s+)?8606s?\b|8606[^.?!]{0,40}\b(?:never|didn'?t|did\s+not)\s+(?:file|filed|submit\w*)\b",
                      re.IGNORECASE)  # "Didn't know about Form 8606 so never filed one"
YEAR_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*(?:-|to|through|thru|and)\s*((?:19|20)\d\d)\b")  # "2010-2014"


_NO_BASIS = re.compile(
    r"contributions?\b[^.?!]{0,40}\b(?:was|were)\s+(?:all\s+)?deducted|\bdeducted\s+(?:all\s+)?(?:of\s+)?(?:my|the|his|her|"
    r"every|our|those|these|them)\s+(?:[\w-]+\s+){0,3}contributions?|(?<!non)(?<!non-)\bdeduct(?:ed|ible)\s+(?:ira\s+)?contributions?|contributions\s+were\s+(?:all\s+)?(?:tax[\s-]*)?"
    r"deduct(?:ed|ible)|(?<!non)(?<!non-)\bdeductible\s+(?:ones|money)|never\s+made\s+(?:any\s+|a\s+)?non-?deductible|"
    r"all\s+(?:of\s+it\s+)?pre[\s-]*tax|(?:my|his|her)\s+deferrals\s+\+?\s*(?:\w+\s+)?match|took\s+the\s+deduction\s+"
    r"for|pre[\s-]*tax\s+(?:salary\s+)?(?:deferrals|contributions|money)|\b(?:always|all)\s+deducted\s+(?:mine|them|"
    r"my\s+contributions)|\bdeducted\s+(?:all\s+of\s+)?mine\b", re.IGNORECASE)


def no_basis_said(case: Case) -> bool:
    """The story says the money was all deducted / pre-tax: no basis at all."""
    return bool(_NO_BASIS.search(case.text(claims=False)))


@dataclass
class Pool:
    """The traditional-IRA pool (or a plan) as the story tells it."""
    kind: str
    basis: Decimal | None = None
    unfiled: bool = False
    unsure: bool = False
    distributed: Decimal | None = None
    converted: Decimal = Decimal(0)
    year_end: Decimal = Decimal(0)
    values: dict[str, Decimal] = field(default_factory=dict)
    rows: list[tuple[str, str]] = field(default_factory=list)
    owner: str = "self"  # whose IRAs these are: basis and values of the other spouse's IRAs stay out
    others_basis: Decimal = Decimal(0)  # basis the story gives the other spouse (never in this pool)


def _amounts(case: Case) -> list[Amount]:
    return [a for a in case.amounts if not a.claim]


def _basis(case: Case, kinds: set[str], owner: str = "self") -> Decimal | None:
    if case.says(r"\bback[\s-]*door"):  # "backdoor Roth: $7,000 nondeductible": the traditional IRA's basis
        kinds = kinds | {"roth_ira"}
    found = [a for a in _amounts(case) if a.role == "basis" and not a.ask and (a.account in kinds | PLANS | {None})
             and case.owner_of(a) == owner]
    if found:
        return found[-1].value
    nonded = [a for a in _amounts(case) if a.role == "contribution" and a.has("nondeductible") and not a.ask
              and case.owner_of(a) == owner]
    if not nonded:
        return None
    return sum((_yearly(case, a) for a in nonded), Decimal(0))


def _yearly(case: Case, a: Amount) -> Decimal:
    """"$4,000 a year from 2011 to 2014" is $16,000."""
    if a.has("each_year"):
        m = YEAR_RANGE.search(case.sentences[a.sentence].text)
        if m:
            return a.value * (int(m.group(2)) - int(m.group(1)) + 1)
    return a.value


_REPLACED = re.compile(r"\binstead\s+of\s+(?:(?:the|my|an?|his|her|our)\s+)?(?:\w+\s+)?$", re.IGNORECASE)


def read_pool(case: Case) -> Pool | None:
    named = [a for a in case.accounts if (a.kind in TRADITIONAL_GROUP or (a.kind in PLANS and not a.designated_roth))
             and not _REPLACED.search(case.sentences[a.sentence].text[max(0, a.pos - 30):a.pos])]
    newest = [a for a in named if case.sentences[a.sentence].turn == case.latest_turn]
    earlier = {a.kind for a in named if case.sentences[a.sentence].turn < case.latest_turn}
    # a follow-up naming only another kind of account ("what if I'd taken it from my 401k instead?") is about that one
    swapped = newest and earlier and not earlier & {a.kind for a in newest}
    kinds = [a.kind for a in (newest if swapped else named)]
    implied = case.says(r"early[\s-]*with\w*|\bpenalt\w*|\bneed\s+the\s+(?:cash|money)|\bcash\s+(?:it\s+)?out|"
                        r"\bclos(?:e|es|ed|ing)\s+(?:it|them|the\s+(?:account|ira))\b", asks=True)
    told_out = any(a.role == "distribution" and not a.claim and _WANTS_OUT.search(case.sentences[a.sentence].text)
                   for a in case.amounts)  # "I want about $8k out of it now" (not "he embezzled $25k out of it")
    if not kinds or not (case.says(_OUT, asks=True) or implied or told_out):
        return None
    trad = set(kinds) & TRADITIONAL_GROUP
    kind = kinds[-1] if not trad else next(k for k in reversed(kinds) if k in trad)
    pool = Pool(kind)
    taken = next((a for a in _amounts(case) if a.role == "distribution" and not a.ask), None)
    # whose pool: the payout's owner, else the owner of the account named last ("my wife's traditional IRA")
    pool.owner = case.owner_of(taken) if taken is not None else (named[-1].owner if named else "self")
    this_year = {None, case.tax_year}  # an earlier year's payout or Dec 31 value is that year's (see _carry_basis)

    told_earlier = any(_earlier_payouts(case))

    def now(a: Amount) -> bool:  # in a story of payouts over several years, an earlier message's amount dated
        return not told_earlier or a.year in this_year or a.turn == case.latest_turn  # another year is that year's
    for a in _amounts(case):
        if a.account in (trad or {kind}) and (a.role == "value" or (a.role is None and not a.ask)) and \
                not a.has("nondeductible") and case.owner_of(a) == pool.owner and now(a):
            pool.values[_account_key(case, a)] = a.value
    pool.basis = _basis(case, trad or {kind}, pool.owner)
    if pool.basis is not None:
        pool.basis = _carry_basis(case, pool, trad or {kind}, pool.basis)
    pool.others_basis = sum((a.value for a in _amounts(case) if (a.role == "basis" or (
        a.role == "contribution" and a.has("nondeductible"))) and not a.ask and case.owner_of(a) != pool.owner),
        Decimal(0))
    pool.unfiled = bool(case.says(_NO_8606))
    pool.unsure = _still_unsure(case)
    if pool.basis is None and not no_basis_said(case) and not pool.unsure:
        contrib = [a for a in _amounts(case) if a.role == "contribution" and not a.has("deducted") and not a.ask
                   and case.owner_of(a) == pool.owner]
        if contrib and re.search(r"non-?deductible|after[\s-]*tax", case.text(), re.IGNORECASE):
            pool.basis = _yearly(case, contrib[-1])
    explicit = [a for a in _amounts(case) if a.role == "distribution" and (a.account in (trad or {kind}) or a.account
                                                                            is None) and now(a)]
    # a sentence that only speaks of a conversion moves no distribution ("roll the SEP so the conversion is tax-free")
    out_sents = [s for s in case.sentences if any(not m.group(0).lower().startswith("conver")
                                                  for m in _OUT.finditer(s.text))]
    latest_out = out_sents[-1] if out_sents else None
    picked = None
    if latest_out is not None:
        here = [a for a in case.amounts if a.sentence == latest_out.index and a.role in ("value", None, "distribution")
                and not a.has("year_end")]
        named = {m.kind for m in case.accounts if m.sentence == latest_out.index}
        if _ALL.search(latest_out.text) and not re.search(r"\bonly\s+(?:cash|take|withdraw)", latest_out.text, re.IGNORECASE):
            picked = sum(pool.values.values(), Decimal(0)) if len(pool.values) > 1 else None
            pool.year_end = Decimal(0)
        if picked is None and here:
            stated = [a for a in here if a.role == "distribution"]
            picked = (stated or here)[0].value
        elif picked is None and named & {k.split("@")[0] for k in pool.values}:
            picked = next(v for k, v in pool.values.items() if k.split("@")[0] in named)
    hypothetical = latest_out is not None and any(a.ask for a in case.amounts if a.sentence == latest_out.index)
    if explicit and (picked is None or not hypothetical):
        picked = explicit[-1].value  # a stated distribution (1099-R box 1, "got a check for") beats a balance
    if picked is None and pool.values and (_ALL.search(case.text(asks=True)) or case.says(_ONLY, asks=True) or implied):
        picked = list(pool.values.values())[-1] if len(pool.values) == 1 else sum(pool.values.values(), Decimal(0))
    closing_all = picked is not None and len(pool.values) > 1 and picked == sum(pool.values.values(), Decimal(0))
    if picked is not None and not closing_all and not _is_pool_amount(case, picked, trad or {kind}, latest_out):
        picked = None  # the money that came out came from another account (a Roth, a brokerage account)
    pool.distributed = picked
    year_end = [a for a in case.amounts if a.has("year_end") and a.role in ("value", None) and a.account in
                (trad or {kind}) | {None} and case.owner_of(a) == pool.owner and now(a)]
    rolled_in = _rolled_in(case) if trad else Decimal(0)
    if year_end:
        pool.year_end = year_end[-1].value
    elif rolled_in:  # a plan rolled into a traditional IRA during the year is in the pool on Dec 31
        pool.year_end = rolled_in
    elif picked is not None and len(pool.values) > 1 and picked not in (sum(pool.values.values(), Decimal(0)),):
        pool.year_end = sum((v for v in pool.values.values() if v != picked), Decimal(0))
    conv = [a for a in _amounts(case) if a.role == "conversion" and (a.year in (None, case.tax_year))]
    if conv:
        pool.converted = conv[-1].value
    elif case.says(_CONVERTED_UNSAID):
        # a backdoor: "a $7,000 nondeductible contribution, converted it right away" / "converted in March" converts
        # the contribution told in that sentence or the one before
        said_at = [s.index for s in case.sentences if _CONVERTED_UNSAID.search(s.text)]
        backdoor = [a.value for a in _amounts(case) if a.role in ("contribution", "basis") and a.has("nondeductible")
                    and not a.ask
                    and any(0 <= i - a.sentence <= 1 for i in said_at)]
        # "it had fallen to $4,100 by the day I converted all of it": the value then is the amount converted
        at_conversion = [a.value for a in _amounts(case) if a.sentence in said_at and a.role in ("value", None)
                         and not a.ask]
        values = at_conversion or backdoor or list(pool.values.values()) or [
            a.value for a in _amounts(case) if a.role == "value" and a.account is None] or [
            a.value for a in _amounts(case) if a.role == "contribution" and a.has("nondeductible") and not a.ask]
        if values:
            pool.converted = values[-1]
    if not year_end and not rolled_in and pool.values and not _ALL.search(case.text(asks=True)) and \
            not case.says(_ONLY, asks=True) and (len(pool.values) == 1 or (pool.converted and picked is None)):
        # balances told before part of them is taken or converted: what is left is the Dec 31 value (Form 8606
        # line 6) - one account partly taken, or a backdoor's $7,000 converted beside a $63,000 SEP
        value = sum(pool.values.values(), Decimal(0))
        out = (pool.distributed or Decimal(0)) + pool.converted
        if 0 < out < value:
            pool.year_end = value - out
    return pool


_ROLLED_INTO_IRA = re.compile(r"\broll\w*\b[^.?!;]{0,80}?\b(?:in)?to\s+(?:a|an|my|the)?\s*(?:new\s+)?(?:traditional|"
                              r"rollover)\s+ira\b", re.IGNORECASE)


def _rolled_in(case: Case) -> Decimal:
    """Plan money the story rolls into a traditional IRA (it then counts in the Dec 31 value, Form 8606 line 6)."""
    return sum((a.value for a in case.amounts if not a.ask and not a.claim and a.account in PLANS
                and a.role in (None, "value", "distribution") and _ROLLED_INTO_IRA.search(case.sentences[a.sentence].text)),
               Decimal(0))


def _earlier_payouts(case: Case) -> list[Amount]:
    """Distributions an earlier message told for an earlier year than the one asked about now."""
    return [a for a in _amounts(case) if a.role == "distribution" and not a.ask and a.year is not None
            and a.year < case.tax_year and a.turn < case.latest_turn]


def _carry_basis(case: Case, pool: Pool, kinds: set[str], basis: Decimal) -> Decimal:
    """Basis left at the start of the tax year: each earlier year's distributions took their pro-rata share tax-free
    (Form 8606 line 14 carries the rest), e.g. a 2016 payout told first and the 2017 close-out asked about now."""
    earlier = [a for a in _earlier_payouts(case) if a.account in kinds | {None} and case.owner_of(a) == pool.owner]
    for year in sorted({a.year for a in earlier if a.year is not None}):
        out = sum((a.value for a in earlier if a.year == year), Decimal(0))
        ends = [a.value for a in case.amounts if a.has("year_end") and a.year == year and a.role in ("value", None)
                and case.owner_of(a) == pool.owner]
        _, nontax, _, left = pro_rata(basis, ends[-1] if ends else Decimal(0), out, Decimal(0))
        pool.rows += [(f"Basis recovered tax-free in {year} ({_money(out)} taken)", _money(nontax)),
                      (f"Basis carried into {year + 1} (Form 8606 line 14)", _money(left))]
        basis = left
    return basis


def _money(x: Decimal) -> str:
    return f"${x:,.0f}" if x == x.to_integral_value() else f"${x:,.2f}"


def _still_unsure(case: Case) -> bool:
    """The story said it did not know whether the contributions were deducted, and no later message settled it."""
    unsure = [s.turn for s in case.sentences if _UNSURE_DEDUCTED.search(s.text)]
    settled = [s.turn for s in case.sentences if (_NO_BASIS.search(s.text) or re.search(
        r"\bnon-?deductible|after[\s-]*tax", s.text, re.IGNORECASE)) and not _UNSURE_DEDUCTED.search(s.text)]
    return bool(unsure) and (not settled or max(unsure) > max(settled))


def _account_key(case: Case, a: Amount) -> str:
    """Two values of one account kind in one sentence, each next to its own mention, are two accounts ("one worth
    $30,000 and a rollover IRA worth $10,000"); otherwise a later value of a kind is the same account's newer value."""
    twins = [b for b in case.amounts if b.sentence == a.sentence and b.account == a.account and b.role in ("value", None)
             and b.mention != a.mention]
    return f"{a.account}@{a.mention}" if twins else str(a.account)


def _is_pool_amount(case: Case, value: Decimal, kinds: set[str], out_sentence: object) -> bool:
    same = [a for a in case.amounts if a.value == value]
    if any(a.account in kinds | PLANS for a in same):
        return True
    named = {m.kind for m in case.accounts if out_sentence is not None and m.sentence == out_sentence.index}
    return bool(named & (kinds | PLANS)) and not any(a.account in ("roth_ira", "taxable") for a in same)


def _cents(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def pro_rata(basis: Decimal, year_end: Decimal, distributed: Decimal, converted: Decimal) -> tuple[Decimal, Decimal,
                                                                                                  Decimal, Decimal]:
    """Form 8606 lines 6-13: (ratio, nontaxable distributions, nontaxable conversions, basis left)."""
    denominator = year_end + distributed + converted
    ratio = min(Decimal(1), basis / denominator) if denominator > 0 else Decimal(1)
    nontax_dist = _cents(distributed * ratio)
    nontax_conv = _cents(converted * ratio)
    return ratio, nontax_dist, nontax_conv, max(Decimal(0), basis - nontax_dist - nontax_conv)


