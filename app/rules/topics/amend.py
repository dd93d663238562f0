"""Is it too late to amend? A claim for refund on Form 1040-X must be filed within 3 years after the return was filed
or 2 years after the tax was paid, whichever is later (a return filed early counts as filed on its due date):
IRC 6511(a), (b)(2), 6513(a); Pub 17 (2025) pp. 17-19. Worthless securities and bad debts have 7 years and NOL
carrybacks their own window (the worthless-security and NOL topics answer those). Judged against the date the user
gives as "now", else today's date.
"""
from __future__ import annotations

import re
from datetime import date

from app.rules import facts as F
from app.rules.finding import Finding, yes_no
from app.understand.asks import Ask
from app.understand.case import Case

_AMEND = re.compile(r"\bamend\w*|\b1040-?x\b|\bclaim\s+(?:a\s+|for\s+a\s+)?refund|\bfix\s+(?:my|the)\s+\d{4}\s+return",
                    re.IGNORECASE)
_OTHER_WINDOWS = re.compile(r"worthless|bankrupt\w*|liquidat\w*|bad\s+debt|\bnol\b|net\s+operating|carry\s*-?back",
                            re.IGNORECASE)


def refund_window(case: Case, asks: list[Ask]) -> list[Finding]:
    targets = [a for a in asks if _AMEND.search(a.text) and (a.is_("deadline", "yesno", "deduct") or a.inverted)
               and not re.search(r"recharacteri|\bundo\b", a.text, re.IGNORECASE)]  # amending follows another fix
    if not targets or _OTHER_WINDOWS.search(case.text(asks=True)):
        return []
    year = case.tax_year
    filed = date(year + 1, 4, 15)  # an early return counts as filed on the due date
    closes = date(filed.year + F.REFUND_CLAIM_YEARS, filed.month, filed.day)
    now = case.now or date.today()
    still = now <= closes
    text = (f"A claim for refund on Form 1040-X must be filed within 3 years after the original return was filed or "
            f"within 2 years after the tax was paid, whichever is later; for a {year} return filed on time that ran "
            f"out around {closes:%B} {closes.day}, {closes.year}" + (", so it is too late now." if not still else
                                                                     ", so you are still within it.")
            + " Form 1040-X can be e-filed for the current and 2 prior years; older ones go on paper.")
    answers = {a.index: (yes_no(a, still), text) for a in targets}
    return [Finding("refund-claim-window", answers, "", ("refund-claim-window",), weight=72, year=year)]


RULES = [refund_window]
