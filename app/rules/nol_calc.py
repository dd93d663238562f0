"""Net operating loss arithmetic by the year the NOL arose (IRC 172): how far back and forward it goes, and the
deduction in a later year with what carries on. The deduction itself is `calculators.nol_deduction` (80% of taxable
income for NOLs arising after 2017, in tax years after 2020; otherwise up to all of it). The years back and forward
by period (before 1998, 1998-2017, 2018-2020, later; farming) are in app/rules/facts/numbers.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.rules import calculators as calc
from app.rules import facts


@dataclass(frozen=True)
class Schedule:
    """Where an NOL that arose in `arose` can go."""

    arose: int
    carryback: int  # years back (0: none)
    forward: int | None  # years forward; None = indefinitely
    limited_after_2020: bool  # the 80% limit applies when it is deducted in a tax year after 2020

    @property
    def back_years(self) -> list[int]:
        return [self.arose - n for n in range(self.carryback, 0, -1)]

    @property
    def last_year(self) -> int | None:
        return None if self.forward is None else self.arose + self.forward


def schedule(arose: int, *, farming: bool = False, waived: bool = False) -> Schedule:
    if arose < facts.NOL_FIRST_YEAR_TCJA:
        if arose < facts.FIRST_2_YEAR_NOL_YEAR:
            back, fwd = facts.NOL_PRE_1998_CARRYBACK_YEARS, facts.NOL_PRE_1998_CARRYFORWARD_YEARS
        else:
            back = facts.NOL_PRE_TCJA_FARMING_CARRYBACK_YEARS if farming else facts.NOL_PRE_TCJA_CARRYBACK_YEARS
            fwd = facts.NOL_PRE_TCJA_CARRYFORWARD_YEARS
        return Schedule(arose, 0 if waived else back, fwd, False)
    if arose <= facts.NOL_LAST_CARES_YEAR:
        return Schedule(arose, 0 if waived else facts.NOL_CARES_CARRYBACK_YEARS, None, True)
    back = facts.NOL_FARMING_CARRYBACK_YEARS if farming and not waived else 0
    return Schedule(arose, back, None, True)


@dataclass(frozen=True)
class Use:
    result: calc.NolResult
    tax_year: int
    expired: bool
    before: tuple[Use, ...] = ()  # the earlier years of a chain, oldest first (see `use_over`)

    @property
    def income_after(self) -> Decimal:
        return self.result.taxable_income - self.result.deduction


def use(nol: Decimal | int | str, taxable_income: Decimal | int | str, *, arose: int, tax_year: int) -> Use:
    """The NOL deducted in `tax_year` and what carries to the next year; an NOL past its last carryforward year is
    expired (nothing deducted, nothing carried)."""
    sched = schedule(arose)
    expired = sched.last_year is not None and tax_year > sched.last_year
    if expired:
        r = calc.nol_deduction(0, taxable_income, arose_year=arose, tax_year=tax_year)
        return Use(calc.NolResult(Decimal(str(nol)), r.taxable_income, r.limit, r.limited, Decimal(0), Decimal(0)),
                   tax_year, True)
    return Use(calc.nol_deduction(nol, taxable_income, arose_year=arose, tax_year=tax_year), tax_year, False)


def use_over(nol: Decimal | int | str, incomes: list[tuple[int, Decimal]], *, arose: int) -> Use:
    """The NOL used year after year ("2022: $30,000 of taxable income, 2023: $50,000"), each year on what the years
    before left; the last year's Use carries the earlier ones."""
    left, done = Decimal(str(nol)), []
    for year, income in sorted(incomes):
        u = use(left, income, arose=arose, tax_year=year)
        done.append(u)
        left = u.result.carryforward
    return Use(done[-1].result, done[-1].tax_year, done[-1].expired, tuple(done[:-1]))
