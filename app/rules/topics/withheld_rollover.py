"""A plan payout with 20% withheld, of which only the check was rolled over.

Law (Pub 590-A (2025) p. 24 "Withholding"; IRC 3405(c), 402(c)): a plan must withhold 20% of an eligible rollover
distribution paid to the participant. The withheld tax is a payment of income tax, credited on the return (Form 1099-R
box 4), so it is not lost; but to roll over the whole distribution the participant must make up the withheld amount
from other money within 60 days. What is not rolled over is a taxable distribution for the year paid, plus the 10%
additional tax before 59 1/2 unless an exception applies (leaving the employer in or after the year of turning 55 is
one for a plan payout).
"""
from __future__ import annotations

import re
from decimal import Decimal

from app.rules.finding import Finding, money, yes_no
from app.rules.penalty import early_tax
from app.rules.pool import PLANS
from app.understand.asks import Ask
from app.understand.case import Case

_WITHHELD = re.compile(r"\bwithh[eo]ld|\b20\s*%", re.IGNORECASE)
_DEPOSITED = re.compile(r"\bdeposit\w*|\broll\w*\b[^.?!$]{0,6}(?:\$[\d,]+)?[^.?!$]{0,20}\b(?:over|into)\b|\bput\s+(?:\S+\s+){0,3}?(?:in|into)\b",
                        re.IGNORECASE)
_MADE_UP = re.compile(r"\bmade\s+up\b|\bmake\s+up\b|\bfrom\s+(?:my\s+)?(?:savings|other\s+money|my\s+own\s+(?:money|"
                      r"pocket))|\badded\s+the\s+(?:other\s+)?\$?[\d,]+", re.IGNORECASE)
_NOT_MADE_UP = re.compile(r"\bdidn'?t\s+have\s+the\s+(?:other\s+)?\$?[\d,]*|\bcouldn'?t\s+(?:make|come\s+up)|\bonly\s+"
                          r"(?:deposited|rolled|put)", re.IGNORECASE)
_DISTRIBUTION_RULES = ("ira-distribution", "plan-distribution")


def _figures(case: Case) -> tuple[Decimal, Decimal] | None:
    """(gross payout, amount rolled over) from a story of a plan check with tax withheld."""
    told = [s for s in case.sentences if _WITHHELD.search(s.text) and s.index not in case.ask_sentences]
    if not told:
        return None
    sizes = [a.value for a in case.amounts if a.sentence in {s.index for s in told} and not a.ask]
    if len(sizes) < 2:
        return None
    gross = max(sizes)
    # what went into the IRA: the largest amount told with a deposit ("deposited the $32,000 three weeks later"), not
    # the one someone did not have ("I didn't have the other $8,000 to put in")
    deposits = []
    for a in case.amounts:
        text = case.sentences[a.sentence].text
        if a.ask or a.value >= gross or _NOT_MADE_UP.search(text):
            continue
        near = _DEPOSITED.search(text[max(0, a.pos - 40):a.pos + 40])  # "deposited all $20,000", "rolled the $48,000"
        if near or (a.sentence not in {s.index for s in told} and _DEPOSITED.search(text)):
            deposits.append(a.value)
    return (gross, max(deposits)) if deposits else None


def withheld_rollover(case: Case, asks: list[Ask]) -> list[Finding]:
    if not any(m.kind in PLANS for m in case.accounts):
        return []
    figures = _figures(case)
    if figures is None:
        return []
    gross, rolled = figures
    made_up = case.says(_MADE_UP) and not case.says(_NOT_MADE_UP)
    kept = Decimal(0) if made_up else gross - rolled
    year = case.tax_year
    pen = early_tax(case, kept, "401k", what="the part not rolled over") if kept else None
    withheld = gross - rolled
    text = (f"The {money(withheld)} withheld is not lost: it is federal income tax withholding, credited on your "
            f"{year} return as tax paid (Form 1099-R box 4). ")
    if made_up:
        text += (f"Because you made it up from other money within 60 days, the whole {money(gross)} was rolled over: "
                 "none of it is taxable.")
    else:
        text += (f"But only {money(rolled)} was rolled over; unless the {money(withheld)} was made up from other money "
                 f"within 60 days, it was not, so {money(kept)} is a taxable distribution for {year}. "
                 + (pen.reason if pen else ""))
    rows = [("Gross distribution (Form 1099-R box 1)", money(gross)), ("Rolled over within 60 days", money(rolled)),
            ("Not rolled over: taxable", money(kept))] + (pen.rows if pen else [])
    answers: dict[int, tuple] = {}
    for a in asks:
        if a.is_("capability", "advice") or (a.is_("deduct") and not re.search(r"withh|\b20\s*%", a.text, re.IGNORECASE)):
            continue  # a drop inside the IRA afterwards is the retirement-loss rules'
        if a.is_("penalty") and pen is not None:
            answers[a.index] = (yes_no(a, bool(pen.applies)) if pen.applies is not None else "depends", text)
        elif a.is_("taxable"):
            answers[a.index] = (yes_no(a, kept > 0), text)
        elif re.search(r"\blos[et]\b|\bgone\b|\bwithh", a.text, re.IGNORECASE) or a.is_("how_much", "yesno", "confirm"):
            answers[a.index] = ("no" if re.search(r"\blos[et]\b|\bgone\b", a.text, re.IGNORECASE) else None, text)
    if not answers:
        return []
    facts = ("rollover-withholding", "rollover-60-day", "early-distribution-tax")
    return [Finding("rollover-withheld", answers, text, facts, rows, weight=76, supersedes=_DISTRIBUTION_RULES)]


RULES = [withheld_rollover]
