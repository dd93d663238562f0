"""Nondeductible IRA contributions never reported on Form 8606, asked about before any payout is worked out.

Law (Pub 590-B (2025), Form 8606; IRC 408(o)(4), 6693(b)): without Form 8606 the contributions are treated as
deductible, so the payouts look fully taxable, unless the owner shows with satisfactory evidence that they were
nondeductible; the missing forms can be filed late, and the penalty for not filing one is $50 per form unless there
was reasonable cause. So basis is not lost for want of the form, and filing it late is how to keep it.
"""
from __future__ import annotations

import re
from decimal import Decimal

from app.rules import facts as F
from app.rules.finding import Finding, money
from app.rules.pool import YEAR_RANGE, read_pool
from app.understand.asks import Ask
from app.understand.case import Case

_LOST = re.compile(r"\b(?:gone|lost|forfeit\w*|wasted|too\s+late|every\s+dollar|all\s+taxable|fully\s+taxable)\b",
                   re.IGNORECASE)


def unfiled_basis(case: Case, asks: list[Ask]) -> list[Finding]:
    pool = read_pool(case)
    if pool is None or not pool.unfiled or pool.distributed:
        return []  # with a payout told, the distribution rules work it out and say this too
    basis = f"the {money(pool.basis)} of nondeductible contributions" if pool.basis else "your nondeductible contributions"
    spans = [int(m.group(2)) - int(m.group(1)) + 1 for s in case.sentences if re.search(r"contribut", s.text, re.IGNORECASE)
             for m in YEAR_RANGE.finditer(s.text)]  # "between 2010 and 2014 ... each year": one form a year
    forms = spans[0] if spans and 1 < spans[0] <= 40 else None
    text = (f"Not filing Form 8606 does not make {basis} disappear. Without the form the contributions are treated as "
            "deductible, so withdrawals would look fully taxable, unless you can show with satisfactory evidence (old "
            "returns with no IRA deduction, Forms 5498, account statements) that they were nondeductible. File the "
            "missing Forms 8606 for those years now, before or with your first withdrawal; then each withdrawal is "
            "partly a tax-free return of that basis under the pro-rata rule. The penalty for a missing Form 8606 is "
            f"{money(Decimal(F.FORM_8606_PENALTY))} per form"
            + (f" ({money(Decimal(F.FORM_8606_PENALTY) * forms)} for {forms} forms)" if forms and forms > 1 else "")
            + ", and it is not charged if you show reasonable cause.")
    answers = {}
    for a in asks:
        if a.is_("capability", "advice"):
            continue
        if a.is_("confirm") or _LOST.search(a.text) or (a.is_("yesno") and case.claim_sentences):
            answers[a.index] = ("no", text)  # "...the basis is lost. True?", "Is it too late to fix?"
        elif a.is_("penalty"):
            answers[a.index] = ("depends", text)  # $50 a form, unless reasonable cause
        elif a.is_("taxable", "yesno", "how_much", "remedy", "explain", "report"):
            answers[a.index] = (None, text)
    if not answers:
        return []
    return [Finding("form-8606-unfiled", answers, "", ("form-8606-missing", "ira-basis", "ira-pro-rata"), weight=60)]


RULES = [unfiled_basis]
