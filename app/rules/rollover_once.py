"""IRA-to-IRA 60-day rollovers counted across the year: each payout the story puts back (dated), a rollover already
done earlier, and the one-rollover-per-12-months limit across all of a person's IRAs (Pub 590-A (2025) p. 25; IRC
408(d)(3)(B)): a second payout within the year cannot be rolled over, it is taxable, and putting it back makes a
regular contribution whose part above the year's limit is an excess.

Used by app/rules/topics/rollover.py (its 60-day rule), which owns the rest of the rollover story.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from app.rules import facts as F
from app.rules.finding import Finding, money, yes_no
from app.rules.penalty import early_tax
from app.understand import text as T
from app.understand.asks import Ask
from app.understand.case import Case

TOOK = re.compile(r"\b(?:took|take|taken|pulled|withdr[ae]w\w*|cashed|distribut\w*|borrowed)\b", re.IGNORECASE)
BACK = re.compile(r"\b(?:put|paid|pay|returned?|deposit\w*|redeposit\w*|roll\w*)\s+(?:\S+\s+){0,3}?back\b|"
                   r"\bgot\s+(?:it|the\s+money|them)\s+back\s+in|"
                   r"\bredeposit\w*|\brepaid\b|\bpaid\s+(?:it|the\s+\w+)\s+back\b", re.IGNORECASE)
# the general distribution answers a rollover story replaces (it owns the money that went out and came back)
DISTRIBUTION_RULES = ("ira-distribution", "plan-distribution", "roth-ordering", "roth-qualified")


def rollover_events(case: Case) -> list[tuple[date, Decimal]]:
    """Each IRA distribution the story puts back, in order: (the date it was taken, the amount) - an amount with
    its own date ("$6,000 on 1/15/2025", "On March 3 I took $15,000 out") in a story of money put back."""
    if not (BACK.search(case.text()) or re.search(r"\brollovers?\b|\brolled\s+(?:it\s+)?over", case.text(),
                                                   re.IGNORECASE)):
        return []
    out: list[tuple[date, Decimal]] = []
    for s in case.sentences:
        if s.index in case.ask_sentences:
            continue
        found = [d for d in T.dates(s.text) if d.day]
        for a in case.amounts:
            if a.sentence != s.index or a.ask or a.claim:
                continue
            # "$6,000 on 1/15/2025"; further ("$10,000 out of my Vanguard IRA on Jan 15") only when no other amount
            # and no redeposit stand between: never a redeposit's date ("deposited the $44,000 back ... on May 5")
            after = [d for d in found if 0 <= d.start - a.pos <= 45 and "$" not in s.text[a.pos + 1:d.start] and (
                d.start - a.pos <= 25 or not BACK.search(s.text[max(0, a.pos - 15):d.start]))]
            before = [d for d in found if 0 < a.pos - d.end <= 45 and TOOK.search(s.text[d.end:a.pos])]
            d = (after or before or [None])[0]
            if d is not None and not any(x[0] == d.as_date(d.year or case.tax_year) for x in out):
                out.append((date(d.year or case.tax_year, d.month, d.day), a.value))
    return sorted(out)


_DID_ROLLOVER = re.compile(r"\b(?:did|made|done|completed|had)\s+(?:an?\s+)?(?:ira[\s-]+to[\s-]+ira\s+)?(?:60[\s-]*day\s+)?"
                           r"rollover\b", re.IGNORECASE)


def earlier_rollover(case: Case) -> date | None:
    """The date of a rollover the story says was already done ("I did an IRA-to-IRA 60 day rollover earlier this year
    (got the check Feb 10 2026 ...)"): the first full date told in that sentence."""
    for s in case.sentences:
        if _DID_ROLLOVER.search(s.text):
            found = [d for d in T.dates(s.text) if d.day]
            if found:
                return found[0].as_date(found[0].year or case.tax_year)
    return None


def second_rollover(case: Case, asks: list[Ask], events: list[tuple[date, Decimal]]) -> Finding:
    """Two IRA-to-IRA 60-day rollovers within a year: only the first counts (all IRAs together, no waiver)."""
    (first, first_amt), (second, amount) = events[0], events[1]
    first_told = (f"The {money(first_amt)} taken on {first:%B} {first.day} and put back in time" if first_amt is not None
                  else f"The distribution of {first:%B} {first.day}, put back in time,")
    kind = next((a.account for a in case.amounts if a.account), "traditional_ira")
    pen = early_tax(case, amount, kind, what="the second distribution")
    text = (f"Only one IRA-to-IRA 60-day rollover is allowed in any 12-month period, and the limit counts all of your "
            f"IRAs together (traditional, Roth, SEP and SIMPLE), not each account. {first_told} "
            f"is a valid rollover; the {money(amount)} taken on "
            f"{second:%B} {second.day}, within a year of it, cannot be rolled over, so it is a taxable distribution "
            f"for {second.year} (less any nondeductible basis). {pen.reason} Putting it back made it a regular "
            "contribution for the year: the part above your contribution limit is an excess contribution that owes 6% "
            "a year until withdrawn (withdraw it with its earnings by the return's due date to avoid the 6%). The IRS "
            "cannot waive this limit; a direct trustee-to-trustee transfer never counts toward it." + _excess_part(case, amount,
                                                                                                        second.year))
    answers: dict[int, tuple] = {}
    for a in asks:
        if a.is_("capability", "advice"):
            continue
        if a.is_("taxable") and a.inverted or a.is_("confirm"):
            answers[a.index] = ("no", text)  # "both tax-free, right?" / "is it per account?"
        elif a.is_("taxable", "penalty"):
            answers[a.index] = (yes_no(a, True) if a.is_("taxable") else
                                (yes_no(a, bool(pen.applies)) if pen.applies is not None else "depends"), text)
        elif a.is_("yesno") and re.search(r"\btax|\bowe\b|\bpenalt", a.text, re.IGNORECASE):
            answers[a.index] = ("yes", text)  # "Any tax?": the second payout is taxable
        else:
            answers[a.index] = (None, text)
    rows = [(f"{first:%b} {first.day} distribution, put back in 60 days (the year's rollover)",
             money(first_amt) if first_amt is not None else "told without its amount"),
            (f"{second:%b} {second.day} distribution (no second rollover within a year): taxable", money(amount))]
    return Finding("rollover-once-a-year", answers, "", ("rollover-once-a-year", "rollover-60-day",
                                                          "early-distribution-tax", "excess-contribution"),
                   rows + pen.rows, weight=78, supersedes=DISTRIBUTION_RULES)


def _excess_part(case: Case, amount: Decimal, year: int) -> str:
    """The part of the redeposit above the year's IRA contribution limit: the excess the 6% falls on."""
    limit = F.IRA_CONTRIBUTION_LIMIT.get(year)
    if limit is None:
        return ""
    if case.age is not None and case.age >= F.IRA_CATCH_UP_AGE:
        limit += F.IRA_CATCH_UP.get(year, 0)
    if amount <= limit:
        return ""
    return (f" With a {year} contribution limit of {money(limit)} (if you made no other IRA contributions and earned at "
            f"least that much), {money(amount - limit)} of it is the excess.")
