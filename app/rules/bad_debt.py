"""A loan the user made that can no longer be collected: a nonbusiness bad debt (IRC 166(d); Pub 550 (2025) pp. 83-84).

The shared reader gives the money lent the role "loan"; this module says whether the story makes that debt worthless
(the borrower's bankruptcy or discharge, "uncollectible", "I'll never see it") and in which year. Such a debt is a
short-term capital loss of that year however long ago the loan was made, so the capital topic nets it like a sale.
A loan made in the lender's trade or business is a business bad debt, not this rule's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from app.understand import text as T
from app.understand.case import Amount, Case

_I = re.IGNORECASE
# the events that make a debt worthless; "stopped paying" alone does not
_WORTHLESS = re.compile(r"bankrupt\w*|chapter\s+(?:7|11|13)\b|discharg\w*|uncollect\w*|wiped\s+out|worthless|"
                        r"never\s+(?:going\s+to\s+)?(?:see|get|be\s+(?:re)?paid|collect)|can'?t\s+collect|cannot\s+collect|"
                        r"no\s+(?:chance|way)\s+(?:of|to)\s+(?:collect|get)\w*", _I)
# "I lend money for a living", "loans to my business's customers"; denied ("not in the lending business") stays out
_BUSINESS = re.compile(r"(?<!not\s)(?<!n't\s)\bin\s+the\s+(?:lending|loan)\s+business|\bbusiness\s+bad\s+debt|"
                       r"\b(?:customer|client)s?\s+(?:who\s+)?(?:owed|never\s+paid)", _I)


@dataclass(frozen=True)
class BadDebt:
    loan: Amount
    value: Decimal
    year: int | None  # the year the debt became worthless, when the story says it


def bad_debts(case: Case) -> list[BadDebt]:
    """Each loan of the story that became worthless, with the year it did."""
    loans = [a for a in case.amounts if a.role == "loan" and not a.ask and not a.claim]
    if not loans or case.says(_BUSINESS) or not case.says(_WORTHLESS):
        return []
    years = [y for s in case.sentences if _WORTHLESS.search(s.text) for y, _ in T.years(s.text)]
    year = max(years) if years else None
    return [BadDebt(a, a.value, year) for a in loans]
