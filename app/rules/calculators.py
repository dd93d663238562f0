"""Deterministic tax arithmetic. No language model ever computes a number; these functions do.

Money is Decimal (dollars and cents) so results add up exactly; callers pass ints, strings or Decimals.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from app.rules import facts

Money = Decimal | int | str


def _d(x: Money | None) -> Decimal:
    return Decimal(0) if x is None else Decimal(str(x))


def _cents(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class IraLossResult:
    basis: Decimal
    distributions: Decimal
    loss: Decimal  # basis - distributions, 0 when distributions cover the basis
    floor: Decimal  # 2% of AGI
    deduction: Decimal  # loss above the floor (before other miscellaneous deductions share the floor)


def pre2018_ira_loss(basis: Money, distributions: Money, agi: Money) -> IraLossResult:
    """Tax years through 2017 only, and only once every IRA of the kind was fully distributed: the loss is the
    unrecovered basis minus total distributions; as a miscellaneous itemized deduction only the part above 2% of AGI
    counts. Assumes no other miscellaneous deductions (they would share the same floor)."""
    b, dist, agi_d = _d(basis), _d(distributions), _d(agi)
    if b < 0 or dist < 0 or agi_d < 0:
        raise ValueError("basis, distributions and AGI cannot be negative")
    loss = max(Decimal(0), b - dist)
    floor = _cents(agi_d * facts.MISC_DEDUCTION_FLOOR_PCT / 100)
    return IraLossResult(b, dist, loss, floor, max(Decimal(0), loss - floor))


def roth_basis(contributions: Money, conversions: Money = 0, withdrawals: Money = 0) -> Decimal:
    """Roth IRA basis = regular contributions + conversions (and rollovers) - earlier tax-free withdrawals, floored
    at zero (withdrawals beyond basis were taxable earnings, not a return of basis)."""
    c, conv, w = _d(contributions), _d(conversions), _d(withdrawals)
    if min(c, conv, w) < 0:
        raise ValueError("amounts cannot be negative")
    return max(Decimal(0), c + conv - w)


@dataclass(frozen=True)
class CapitalLossResult:
    net_short_term: Decimal  # gains - losses (negative = net loss), carryover included
    net_long_term: Decimal
    net: Decimal
    limit: Decimal
    deduction: Decimal  # against ordinary income this year (0 when there is a net gain)
    carryover_short_term: Decimal
    carryover_long_term: Decimal


def capital_loss(
    *,
    st_gains: Money = 0,
    st_losses: Money = 0,
    lt_gains: Money = 0,
    lt_losses: Money = 0,
    st_carryover: Money = 0,
    lt_carryover: Money = 0,
    filing_status: str | None = None,
) -> CapitalLossResult:
    """Net short- and long-term results, the $3,000 ($1,500 MFS) deduction, and the carryover by character.

    Follows Pub 550 Worksheet 4-1: short-term losses are used first against the limit, then long-term; a net loss in
    one class first absorbs a net gain in the other. Losses and carryovers are given as positive amounts. Assumes
    taxable income before this deduction is not negative (the worksheet's line-4 adjustment is not applied)."""
    vals = [_d(v) for v in (st_gains, st_losses, lt_gains, lt_losses, st_carryover, lt_carryover)]
    if any(v < 0 for v in vals):
        raise ValueError("give gains, losses and carryovers as positive amounts")
    stg, stl, ltg, ltl, stc, ltc = vals
    net_st = stg - stl - stc
    net_lt = ltg - ltl - ltc
    net = net_st + net_lt
    limit = Decimal(facts.capital_loss_limit(filing_status))
    zero = Decimal(0)
    if net >= 0:
        return CapitalLossResult(net_st, net_lt, net, limit, zero, zero, zero)
    # remaining loss in each class after cross-netting against a gain in the other class
    st_loss = -net_st if net_st < 0 else zero
    lt_loss = -net_lt if net_lt < 0 else zero
    if net_st > 0:
        lt_loss -= net_st
    if net_lt > 0:
        st_loss -= net_lt
    deduction = min(limit, -net)
    st_used = min(st_loss, deduction)
    lt_used = deduction - st_used
    return CapitalLossResult(net_st, net_lt, net, limit, deduction, st_loss - st_used, lt_loss - lt_used)


@dataclass(frozen=True)
class NolResult:
    nol: Decimal
    taxable_income: Decimal  # before the NOL deduction
    limit: Decimal  # the most this NOL can absorb this year
    limited: bool  # True when the 80% limit applied
    deduction: Decimal
    carryforward: Decimal


def nol_deduction(nol: Money, taxable_income: Money, *, arose_year: int, tax_year: int) -> NolResult:
    """One NOL carryforward used in `tax_year` (IRC 172(a)): an NOL arising after 2017 is limited to 80% of taxable
    income (before the NOL deduction) in tax years after 2020; an older NOL, or any NOL in 2018-2020, up to 100%.
    The rest carries forward. Assumes this is the only NOL (pre-2018 NOLs would be deducted first)."""
    n, ti = _d(nol), _d(taxable_income)
    if n < 0:
        raise ValueError("give the NOL as a positive amount")
    ti = max(Decimal(0), ti)
    limited = arose_year >= facts.NOL_FIRST_YEAR_TCJA and tax_year > facts.NOL_LAST_CARES_YEAR
    limit = _cents(ti * facts.NOL_TAXABLE_INCOME_LIMIT_PCT / 100) if limited else ti
    deduction = min(n, limit)
    return NolResult(n, ti, limit, limited, deduction, n - deduction)
