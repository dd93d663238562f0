"""Arithmetic of capital gains and losses on the user's numbers: Schedule D netting, the $3,000 ($1,500 MFS) limit,
the Capital Loss Carryover Worksheet year by year, a decedent's final return, and the basis of a gift, an inheritance
or section 1244 stock. No model ever computes a number; the topic rules (app/rules/topics/capital.py,
property_basis.py) call these and show the results as worked rows.

Money is Decimal; callers pass ints, strings or Decimals, losses and carryovers as positive amounts.
`app/rules/calculators.capital_loss` (used by the single-intent answers) is left as it was: the same netting without
the worksheet's taxable-income line.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.rules import facts

Money = Decimal | int | str

# Section 1244 ordinary-loss limits (IRC 1244(b); Pub 550 (2025) p. 80). Kept here until they move into
# app/rules/facts/numbers.py (the facts change names them SECTION_1244_LIMIT and SECTION_1244_LIMIT_JOINT).
SECTION_1244_LIMIT = 50_000
SECTION_1244_LIMIT_JOINT = 100_000

ZERO = Decimal(0)


def _d(x: Money | None) -> Decimal:
    return ZERO if x is None else Decimal(str(x))


def _positive(*values: Decimal) -> None:
    if any(v < 0 for v in values):
        raise ValueError("give gains, losses and carryovers as positive amounts")


@dataclass(frozen=True)
class CapitalYear:
    """One year of Schedule D and the Capital Loss Carryover Worksheet (Pub 550 (2025) p. 102, Worksheet 4-1)."""

    year: int | None
    st_gains: Decimal
    st_losses: Decimal
    lt_gains: Decimal
    lt_losses: Decimal
    st_carry_in: Decimal
    lt_carry_in: Decimal
    net_short_term: Decimal  # Schedule D line 7 (negative = net loss), carryover included
    net_long_term: Decimal  # line 15
    net: Decimal  # line 16
    limit: Decimal
    deduction: Decimal  # allowable: the lesser of the limit or the net loss; counts whether claimed or not
    used: Decimal  # worksheet line 4: the part of the deduction that reduced taxable income
    carry_short_term: Decimal  # worksheet line 8
    carry_long_term: Decimal  # worksheet line 13

    @property
    def carryover(self) -> Decimal:
        return self.carry_short_term + self.carry_long_term

    @property
    def net_loss(self) -> Decimal:
        return -self.net if self.net < 0 else ZERO

    @property
    def taxable_gain(self) -> Decimal:
        return self.net if self.net > 0 else ZERO

    @property
    def losses_in(self) -> Decimal:
        """Every loss that entered the year, carryovers included."""
        return self.st_losses + self.lt_losses + self.st_carry_in + self.lt_carry_in

    @property
    def loss_used(self) -> Decimal:
        """Loss used up this year: what absorbed gains plus what reduced other income."""
        return self.losses_in - self.carryover


def capital_year(*, st_gains: Money = 0, st_losses: Money = 0, lt_gains: Money = 0, lt_losses: Money = 0,
                 st_carryover: Money = 0, lt_carryover: Money = 0, filing_status: str | None = None,
                 taxable_income_before: Money | None = None, year: int | None = None) -> CapitalYear:
    """Net short-term and long-term separately, then combine; the allowable deduction is the lesser of the limit or
    the net loss; the carryover follows Worksheet 4-1, where short-term losses are used first. `taxable_income_before`
    is taxable income figured without the capital loss deduction (it may be negative); None means at least the
    deduction, so all of the deduction is used."""
    vals = [_d(v) for v in (st_gains, st_losses, lt_gains, lt_losses, st_carryover, lt_carryover)]
    _positive(*vals)
    stg, stl, ltg, ltl, stc, ltc = vals
    net_st = stg - stl - stc
    net_lt = ltg - ltl - ltc
    net = net_st + net_lt
    limit = Decimal(facts.capital_loss_limit(filing_status))
    if net >= 0:
        return CapitalYear(year, stg, stl, ltg, ltl, stc, ltc, net_st, net_lt, net, limit, ZERO, ZERO, ZERO, ZERO)
    deduction = min(limit, -net)
    used = deduction if taxable_income_before is None else min(deduction, max(ZERO, _d(taxable_income_before)))
    line5 = -net_st if net_st < 0 else ZERO  # short-term loss
    line6 = net_lt if net_lt > 0 else ZERO  # long-term gain
    line7 = used + line6
    carry_st = max(ZERO, line5 - line7)
    line9 = -net_lt if net_lt < 0 else ZERO  # long-term loss
    line10 = net_st if net_st > 0 else ZERO  # short-term gain
    line11 = max(ZERO, line7 - line5)
    carry_lt = max(ZERO, line9 - (line10 + line11))
    return CapitalYear(year, stg, stl, ltg, ltl, stc, ltc, net_st, net_lt, net, limit, deduction, used, carry_st,
                       carry_lt)


@dataclass(frozen=True)
class YearActivity:
    """What happened in one year: the sales' gains and losses by character (positive amounts)."""

    year: int
    st_gains: Decimal = ZERO
    st_losses: Decimal = ZERO
    lt_gains: Decimal = ZERO
    lt_losses: Decimal = ZERO
    taxable_income_before: Decimal | None = None
    filing_status: str | None = None


def carry_forward(years: list[YearActivity], *, st_carryover: Money = 0, lt_carryover: Money = 0,
                  filing_status: str | None = None) -> list[CapitalYear]:
    """Year by year: each year's carryover, by character, enters the next year's Schedule D (lines 6 and 14)."""
    out: list[CapitalYear] = []
    stc, ltc = _d(st_carryover), _d(lt_carryover)
    for y in sorted(years, key=lambda a: a.year):
        r = capital_year(st_gains=y.st_gains, st_losses=y.st_losses, lt_gains=y.lt_gains, lt_losses=y.lt_losses,
                         st_carryover=stc, lt_carryover=ltc, filing_status=y.filing_status or filing_status,
                         taxable_income_before=y.taxable_income_before, year=y.year)
        out.append(r)
        stc, ltc = r.carry_short_term, r.carry_long_term
    return out


@dataclass(frozen=True)
class FinalReturn:
    """A decedent's losses on the final return (Pub 550 (2025) p. 103): whatever is left of the decedent's share
    after that return ends with it."""

    result: CapitalYear
    decedent_share: Decimal  # fraction of the losses entering the year that were the decedent's
    ends: Decimal  # the decedent's part of what is left: lost
    survivor_keeps: Decimal  # the survivor's part of what is left: carries on
    room: Decimal  # more gains in the year of death that the decedent's leftover could still have absorbed


def final_return(result: CapitalYear, decedent_losses: Money, survivor_losses: Money = 0) -> FinalReturn:
    """Split what is left after the final return by whose losses went in (proportionally: a jointly owned account
    divides by ownership)."""
    dec, surv = _d(decedent_losses), _d(survivor_losses)
    _positive(dec, surv)
    total = dec + surv
    share = dec / total if total else ZERO
    ends = (result.carryover * share).quantize(Decimal("0.01")).normalize()
    ends = ends.quantize(Decimal(1)) if ends == ends.to_integral_value() else ends
    return FinalReturn(result, share, ends, result.carryover - ends, ends)


@dataclass(frozen=True)
class GiftSale:
    donor_basis: Decimal
    fmv_at_gift: Decimal
    proceeds: Decimal
    fmv_rule: bool  # the value at the gift was below the donor's basis: the loss basis is that value
    gain_basis: Decimal
    loss_basis: Decimal
    gain: Decimal
    loss: Decimal


def gift_sale(donor_basis: Money, fmv_at_gift: Money, proceeds: Money) -> GiftSale:
    """IRC 1015(a): the basis for a gain is the donor's adjusted basis; for a loss, the lesser of that and the fair
    market value at the gift. A sale between the two gives neither gain nor loss (Pub 550 (2025) p. 60)."""
    b, fmv, p = _d(donor_basis), _d(fmv_at_gift), _d(proceeds)
    _positive(b, fmv, p)
    loss_basis = min(b, fmv)
    gain = max(ZERO, p - b)
    loss = max(ZERO, loss_basis - p)
    return GiftSale(b, fmv, p, fmv < b, b, loss_basis, gain, loss)


def sale_result(basis: Money, proceeds: Money) -> Decimal:
    """Gain (positive) or loss (negative) of a sale: amount realized minus basis (IRC 1001(a))."""
    return _d(proceeds) - _d(basis)


@dataclass(frozen=True)
class Section1244Split:
    loss: Decimal
    limit: Decimal
    ordinary: Decimal  # Form 4797 line 10
    capital: Decimal  # Form 8949, with the other capital losses


def section_1244(loss: Money, filing_status: str | None) -> Section1244Split:
    """IRC 1244(b): up to $50,000 a year ($100,000 on a joint return) of the loss is ordinary; the rest is capital."""
    amount = _d(loss)
    _positive(amount)
    limit = Decimal(SECTION_1244_LIMIT_JOINT if filing_status == "mfj" else SECTION_1244_LIMIT)
    ordinary = min(amount, limit)
    return Section1244Split(amount, limit, ordinary, amount - ordinary)
