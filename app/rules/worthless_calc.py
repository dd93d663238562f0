"""Dates for a worthless security (IRC 165(g), 6511(d)(1); Pub 550 (2025) pages 54-55): it is treated as sold on the
last day of the year it became completely worthless, which decides short- or long-term, and a missed year is claimed
on Form 1040-X within 7 years from that year's return due date.
"""
from __future__ import annotations

from datetime import date

from app.rules import facts


def treated_sold(worthless_year: int) -> date:
    return date(worthless_year, 12, 31)


def holding_term(worthless_year: int, bought: date | None = None, bought_year: int | None = None,
                 month_known: bool = True) -> str | None:
    """"long" or "short" for a security bought then and worthless in `worthless_year` (held through December 31);
    None when only the year of purchase is known and it could be either."""
    sold = treated_sold(worthless_year)
    if bought is not None and month_known:
        try:
            anniversary = bought.replace(year=bought.year + 1)
        except ValueError:  # bought on February 29
            anniversary = date(bought.year + 1, 3, 1)
        return "long" if sold > anniversary else "short"
    if bought is not None:  # the month is known, not the day
        if bought.year <= worthless_year - 2 or (bought.year == worthless_year - 1 and bought.month < 12):
            return "long"
        return "short" if bought.year == worthless_year else None
    if bought_year is not None:
        if bought_year <= worthless_year - 2:
            return "long"
        if bought_year == worthless_year:
            return "short"
    return None


def return_due(year: int) -> date:
    """The due date of a calendar year's return, April 15 of the next year (IRC 6072(a))."""
    return date(year + 1, facts.RETURN_DUE_MONTH, facts.RETURN_DUE_DAY)


def claim_deadline(worthless_year: int) -> date:
    """The end of the 7-year window to amend the worthless year's return (IRC 6511(d)(1))."""
    due = return_due(worthless_year)
    return due.replace(year=due.year + facts.WORTHLESS_REFUND_WINDOW_YEARS)


def claim_open(worthless_year: int, today: date) -> bool:
    return today <= claim_deadline(worthless_year)
