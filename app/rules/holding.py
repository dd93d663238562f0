"""Holding periods (IRC 1222, 1223(3); Pub 550 (2025) pages 56, 86-87): property held more than one year gives a
long-term gain or loss, and the replacement shares of a wash sale add the holding period of the shares sold.

Dates only; the topics decide which dates a story gives.
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta


def long_term(bought: date, sold: date) -> bool:
    """More than one year: the holding period starts the day after the purchase, so shares bought on March 3 are
    long-term when sold on March 4 of the next year or later."""
    try:
        anniversary = bought.replace(year=bought.year + 1)
    except ValueError:  # bought on February 29
        anniversary = date(bought.year + 1, 3, 1)
    return sold > anniversary


def month_span(d: date) -> tuple[date, date]:
    """The first and last day of the month of `d`, for a purchase told by its month only ("in Feb 2023")."""
    return d.replace(day=1), d.replace(day=calendar.monthrange(d.year, d.month)[1])


def tacked_term(original: date | None, month_only: bool, sold: date, bought_again: date, resold: date) -> str | None:
    """"long" or "short" for wash sale replacement shares bought on `bought_again` and sold on `resold`: their holding
    period includes the `original` shares' (from their purchase to their sale on `sold`). None when the original
    purchase is unknown, or only its month is and the answer turns on the day."""
    if original is None:
        return "long" if long_term(bought_again, resold) else None
    ends = month_span(original) if month_only else (original, original)
    terms = set()
    for start in ends:
        held = sold - start  # the old shares' holding period, carried over
        terms.add("long" if long_term(bought_again - timedelta(days=held.days), resold) else "short")
    return terms.pop() if len(terms) == 1 else None
