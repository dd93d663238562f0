"""The additional tax on early distributions (IRC 72(t)): 10% of the TAXABLE part of a distribution received before
age 59 1/2, 25% from a SIMPLE IRA within 2 years of first participating, unless an exception applies; never on basis.

`early_tax(case, taxable, kind)` decides which case it is from the story (age, the account, an inheritance, how the
money was used) and returns the amount with its reason, for the distribution rules to answer a penalty ask with.
The exceptions read here are those a story can show; the rest are named so the user can check them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from app.rules import facts as F
from app.rules.finding import money
from app.understand.case import Amount, Case

RATE = Decimal(10)
SIMPLE_RATE = Decimal(25)
SIMPLE_YEARS = 2
ROTH_YEARS = 5  # a conversion's own period for the 10% (IRC 408A(d)(3)(F))
AGE = Decimal("59.5")
_EXCEPTIONS_NOTE = ("Exceptions include death (paid to a beneficiary), disability, unreimbursed medical expenses over "
                    "7.5% of AGI, health insurance while unemployed (IRAs), a first home ($10,000, IRAs), higher "
                    "education (IRAs), substantially equal periodic payments, a birth or adoption ($5,000), one "
                    "$1,000 emergency withdrawal a year, and separation from service in or after the year you turn 55 "
                    "(employer plans, not IRAs).")


@dataclass
class EarlyTax:
    applies: bool | None  # None: age unknown
    amount: Decimal = Decimal(0)
    rate: Decimal = RATE
    base: Decimal = Decimal(0)  # the part the rate applies to
    reason: str = ""
    rows: list[tuple[str, str]] = field(default_factory=list)
    facts: tuple[str, ...] = ("early-distribution-tax",)


# a surviving spouse making the inherited IRA their own: "roll it into my own IRA", "treat it as my own"
_AS_OWN = re.compile(r"\b(?:roll|rolled|rolling|move|moved|moving|transfer\w*|put)\s+(?:it|them|the\s+money|his|her)?\s*"
                    r"(?:\w+\s+)?(?:in)?to\s+(?:my|her|his)\s+own\b|\btreat\w*\s+(?:it|the\s+ira)\s+as\s+(?:my|her|his)\s+own",
                    re.IGNORECASE)
_KEPT_INHERITED = re.compile(r"\bkeep\w*\s+(?:it\s+)?as\s+(?:an?\s+)?inherited|\bnot\s+(?:roll\w*|treat\w*)\b[^.?!]{0,30}"
                             r"\bown\b", re.IGNORECASE)


def _made_own(case: Case) -> bool:
    """The latest word on it wins: "roll it into my own IRA" then "ok, keeping it as an inherited IRA" keeps it."""
    own = [s.index for s in case.sentences if _AS_OWN.search(s.text)]
    kept = [s.index for s in case.sentences if _KEPT_INHERITED.search(s.text)]
    return bool(own) and (not kept or own[-1] > kept[-1])


_PLANS = ("401k", "403b", "457b", "plan")
_HOME = re.compile(r"\b(?:house|home|condo)\b[^.?!]{0,30}\b(?:closing|purchase|down\s*payment|buy\w*)|\b(?:buy\w*|"
                   r"purchas\w*|closing\s+on|down\s*payment\s+(?:on|for))\s+(?:a|my|our|the)\s+(?:first\s+)?"
                   r"(?:house|home|condo)\b|\bhomebuyer", re.IGNORECASE)
_FIRST_HOME = re.compile(r"\bfirst[\s-]+(?:time\s+)?(?:home|house|condo)|\bfirst[\s-]*time\s+(?:home\s*)?buyer|"
                         r"\bnever\s+owned\s+a\s+(?:home|house)", re.IGNORECASE)
_NOT_BEFORE = re.compile(r"\b(?:not|isn'?t|wasn'?t|never)\s+(?:(?:a|my|our|the|really)\s+)*$", re.IGNORECASE)


def first_home(case: Case) -> bool:
    """The story says the home is a first home, and does not deny it ("a condo (not my first home)")."""
    for s in case.sentences:
        for m in _FIRST_HOME.finditer(s.text):
            if not _NOT_BEFORE.search(s.text[max(0, m.start() - 20):m.start()]):
                return True
    return False


_SEPARATION = re.compile(r"\brule\s+of\s+55\b|\b(?:left|quit|separat\w*|laid\s+off|retired)\b", re.IGNORECASE)
_SCHOOL = re.compile(r"\btuition|\bcollege|\buniversity|\bsemester|\bschool\s+(?:costs?|fees|bills?|expenses)|"
                     r"\b(?:higher\s+)?education(?:al)?\s+(?:costs?|expenses)", re.IGNORECASE)


_PAID_FOR = re.compile(r"\b(?:to\s+pay|to\s+cover|for|toward|towards|used\s+(?:it\s+)?(?:for|on))\b[^.?!]{0,40}?(?:"
                       + _SCHOOL.pattern + ")", re.IGNORECASE)


def _education(case: Case) -> Decimal:
    """Money the story says paid qualified higher education expenses (IRC 72(t)(2)(E)); 0 when it names none."""
    if not case.says(_SCHOOL):
        return Decimal(0)
    dist = case.latest("distribution") or Decimal(10 ** 12)

    def paid_school(a: Amount) -> bool:
        after = case.sentences[a.sentence].text[a.pos:a.pos + 90]
        if a.value == dist:  # the payout itself "to pay my son's tuition": all of it went there
            return bool(_PAID_FOR.search(after))
        return a.value < dist and bool(_SCHOOL.search(after))
    return next((a.value for a in case.amounts if not a.ask and a.role in (None, "expense", "distribution", "cost")
                 and paid_school(a)), Decimal(0))


def cents(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _medical_excess(case: Case) -> Decimal:
    """Unreimbursed medical expenses above 7.5% of AGI, when the story gives both (IRC 72(t)(2)(B))."""
    if not case.says(r"\bmedical|\bhospital|\bsurgery|\bdoctor"):
        return Decimal(0)
    agi = case.latest("income")
    bills = next((a.value for a in reversed(case.amounts) if re.search(
        r"medical|hospital|surgery|doctor", case.sentences[a.sentence].text, re.IGNORECASE) and a.role in (
        "expense", None, "value", "cost", "fee") and not a.ask and a.value != agi), None)
    if agi is None or bills is None:
        return Decimal(0)
    return max(Decimal(0), bills - cents(agi * Decimal("7.5") / 100))


def under_age(case: Case) -> bool | None:
    """Under 59 1/2 at the distribution? None when the story does not say."""
    if case.age is not None:
        return case.age < 60
    if case.says(r"\bunder\s+59|\byounger\s+than\s+59|\bnot\s+(?:yet\s+)?59"):
        return True
    if case.says(r"\bover\s+59|\bpast\s+59|\bafter\s+59|\bolder\s+than\s+59"):
        return False
    return None


def _simple_within_two_years(case: Case) -> bool:
    """A SIMPLE IRA whose participation started less than 2 years before the distribution (the story's dates)."""
    start = next((d for s in case.sentences for d in _dates(s.text) if re.search(r"\b(?:start|began|put\s+me\s+in|"
                  r"joined|enrolled|hired)", s.text, re.IGNORECASE)), None)
    when = case.now or date(case.tax_year, 12, 31)
    if start is None:
        return False
    return (when - start).days < 365 * SIMPLE_YEARS


def _dates(text: str) -> list[date]:
    from app.understand.text import dates

    return [d.as_date(d.year) for d in dates(text) if d.year]


def early_tax(case: Case, taxable: Decimal, kind: str | None, *, what: str = "the taxable part") -> EarlyTax:
    """The additional tax on `taxable` dollars distributed from an account of `kind` in the case's year."""
    if taxable <= 0:
        return EarlyTax(False, reason="The 10% additional tax applies only to the taxable part of a distribution, and "
                                      "none of it is taxable.")
    own = _made_own(case)
    if (case.inherited or case.says(r"\binherit\w*")) and not own:
        return EarlyTax(False, reason="As a beneficiary you don't owe the 10% additional tax on distributions from an "
                                      "inherited IRA, whatever your age (the exception for death); that changes only "
                                      "for a spouse who elects to treat the IRA as their own.",
                        facts=("early-distribution-tax", "early-distribution-exceptions"))
    age = case.age
    if own and (case.inherited or case.says(r"\binherit\w*")) and age is not None and age < 60:
        amount = cents(taxable * RATE / 100)
        return EarlyTax(True, amount, RATE, taxable,
                        f"Once a surviving spouse treats the inherited IRA as their own (electing it, or rolling it into "
                        f"their own IRA), it is their own IRA for the 10% rules: at {age} the 10% additional tax "
                        f"applies to {what}, {money(amount)} on {money(taxable)}, unless another exception applies. "
                        "Kept as an inherited IRA, distributions owe no 10% whatever the beneficiary's age.",
                        [(f"10% additional tax on {money(taxable)}", money(amount))],
                        ("early-distribution-tax", "early-distribution-exceptions"))
    if age is None:
        return EarlyTax(None, base=taxable, amount=cents(taxable * RATE / 100),
                        reason=(f"If you are under 59 1/2 when you take it, the 10% additional tax applies to {what} "
                                f"({money(cents(taxable * RATE / 100))} on {money(taxable)}) unless an exception "
                                f"applies; at 59 1/2 or older there is none. {_EXCEPTIONS_NOTE}"))
    if age >= 60:
        return EarlyTax(False, reason=f"At {age} you are past 59 1/2, so there is no 10% additional tax.")
    rate = RATE
    if kind == "simple_ira" and _simple_within_two_years(case):
        rate = SIMPLE_RATE
    base = taxable
    rows: list[tuple[str, str]] = []
    notes = []
    premiums = next((a.value for a in reversed(case.amounts) if not a.ask and a.role in ("expense", "cost", "fee", None)
                     and re.search(r"premium|insurance|cobra", case.sentences[a.sentence].text, re.IGNORECASE)),
                    case.latest("expense"))
    if premiums and case.says(r"\bunemploy\w*") and case.says(r"\bpremium|insurance|cobra") and kind in (
            "traditional_ira", "sep_ira", "simple_ira", "roth_ira", None):
        covered = min(premiums, base)
        base -= covered
        rows.append(("Paid for health insurance while unemployed (no additional tax)", money(covered)))
        notes.append(f"The {money(covered)} you paid for health insurance is exempt: you received unemployment "
                     "compensation for 12 consecutive weeks and took the distribution in that year (or the next), "
                     "before being reemployed for 60 days.")
    medical = _medical_excess(case)
    if medical:
        covered = min(medical, base)
        base -= covered
        rows.append(("Medical expenses above 7.5% of AGI (no additional tax)", money(covered)))
        notes.append(f"{money(covered)} is exempt: the part of your unreimbursed medical expenses above 7.5% of your "
                     "AGI (you don't have to itemize).")
    extra_facts: tuple[str, ...] = ()
    school = _education(case) if kind not in _PLANS else Decimal(0)
    if kind in _PLANS and case.says(_SCHOOL):
        notes.append("The higher-education exception does not apply to a 401(k) or other employer plan: it is for IRAs "
                     "only.")
        extra_facts += ("penalty-exception-higher-education",)
    if kind in _PLANS and case.says(_HOME):
        notes.append("The first-home exception does not apply to a 401(k) or other employer plan: it is for IRAs only.")
        extra_facts += ("penalty-exception-first-home",)
    if school:
        covered = min(school, base)
        base -= covered
        rows.append(("Qualified higher education expenses (no additional tax, IRAs)", money(covered)))
        notes.append(f"The {money(covered)} paid for qualified higher education expenses is exempt (an IRA exception).")
        extra_facts += ("penalty-exception-higher-education",)
    if kind not in _PLANS and case.says(_HOME):
        extra_facts += ("penalty-exception-first-home",)
        if first_home(case):
            covered = min(Decimal(F.FIRST_HOME_LIMIT), base)
            base -= covered
            rows.append(("First-home purchase (no additional tax, lifetime limit)", money(covered)))
            notes.append(f"{money(covered)} is exempt as a first-home distribution (up to {money(F.FIRST_HOME_LIMIT)} "
                         f"in a lifetime, used within {F.FIRST_HOME_USE_DAYS} days to buy a first home: no main home "
                         "owned in the previous 2 years).")
        else:
            notes.append(f"If it was a first home (you owned no main home in the previous 2 years) and the money was "
                         f"used within {F.FIRST_HOME_USE_DAYS} days, up to {money(F.FIRST_HOME_LIMIT)} (lifetime) is "
                         "exempt from the 10%.")
    if kind not in _PLANS and age >= 55 and case.says(_SEPARATION):
        notes.append("The exception for leaving a job in or after the year you turn 55 applies only to distributions "
                     "from that employer's plan itself, not to IRAs, even one funded by rolling over that plan.")
        extra_facts += ("penalty-exception-separation-55",)
    if kind in ("401k", "403b", "457b", "plan") and case.says(r"\b(?:left|quit|separat\w*|laid\s+off|retired)\b") and \
            age >= 55:
        return EarlyTax(False, reason=f"You left the employer in or after the year you turned 55 (you are {age}), so "
                                      "distributions from that employer's plan are not subject to the 10% additional "
                                      "tax (IRC 72(t)(2)(A)(v)); this exception does not apply to IRAs.",
                        facts=("early-distribution-tax", "early-distribution-exceptions"))
    if base <= 0:  # the exceptions cover all of it
        return EarlyTax(False, reason=" ".join([*notes, ("So none of it owes the 10% additional tax; the distribution is "
                                                 "still income as far as it is taxable.")]), rows=rows,
                        facts=("early-distribution-tax", "early-distribution-exceptions") + extra_facts)
    amount = cents(base * rate / 100)
    rows.append((f"{rate}% additional tax on {money(base)}", money(amount)))
    if rate == SIMPLE_RATE:
        reason = (f"Because this is a SIMPLE IRA distribution within the 2-year period that starts when you first "
                  f"participated, the additional tax is 25%, not 10%: {money(amount)} on {money(base)}, unless an "
                  "exception applies.")
        facts: tuple[str, ...] = ("simple-ira-25", "early-distribution-tax")
    else:
        reason = (f"At {age} you are under 59 1/2, so the 10% additional tax applies to {what}: {money(amount)} on "
                  f"{money(base)}, unless an exception applies.")
        facts = ("early-distribution-tax",)
    reason = " ".join([*notes, reason, "It is figured on Form 5329."])
    return EarlyTax(True, amount, rate, base, reason, rows, facts + ("early-distribution-exceptions",) + extra_facts)
