"""Wash sale arithmetic (IRC 1091; Pub 550 (2025) pages 86-88): the 61-day window, the shares matched in the order
they were bought, the loss disallowed on them, what the rest leaves deductible, and the replacement's new basis.

No language model computes any of this. Money and share counts are Decimal; callers pass ints, strings or Decimals.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from app.rules import facts

Num = Decimal | int | str

# What happens to the loss disallowed on shares bought in each kind of account (Pub 550 p. 86 item 4; Rev. Rul.
# 2008-5): in a taxable account it goes into the replacement's basis; in an IRA or Roth IRA it is lost for good; for a
# 401(k) or other plan no guidance settles whether the rule applies at all.
DEFERRED, LOST, UNSETTLED = "deferred", "lost", "unsettled"


def _d(x: Num | None) -> Decimal:
    return Decimal(0) if x is None else Decimal(str(x))


def _cents(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def window(sale: date) -> tuple[date, date]:
    """First and last day of the wash sale window: 30 days before the sale through 30 days after (61 days in all)."""
    days = timedelta(days=facts.WASH_SALE_WINDOW_DAYS)
    return sale - days, sale + days


def in_window(days_from_sale: int) -> bool:
    return -facts.WASH_SALE_WINDOW_DAYS <= days_from_sale <= facts.WASH_SALE_WINDOW_DAYS


def monthly_dates(day_of_month: int, sale: date) -> list[date]:
    """The dates inside the sale's window on which a purchase made on this day of every month fell."""
    start, end = window(sale)
    out = []
    y, m = start.year, start.month
    while date(y, m, 1) <= end:
        if day_of_month <= calendar.monthrange(y, m)[1]:
            d = date(y, m, day_of_month)
            if start <= d <= end:
                out.append(d)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass(frozen=True)
class Lot:
    """Replacement shares bought inside the window (one purchase), in the order bought."""

    label: str  # "Dec 16, 2025 (reinvested dividend)"
    shares: Decimal | None  # None: not told (then it is assumed to cover every share sold)
    treatment: str  # DEFERRED | LOST | UNSETTLED
    cost: Decimal | None = None  # what the replacement shares cost, for their new basis


@dataclass(frozen=True)
class Matched:
    lot: Lot
    shares: Decimal | None  # shares of this lot matched with shares sold
    disallowed: Decimal
    new_basis: Decimal | None  # cost + disallowed loss, when the loss goes into basis and the cost is known


@dataclass
class WashResult:
    loss: Decimal
    shares_sold: Decimal | None
    per_share: Decimal | None
    matched: list[Matched] = field(default_factory=list)

    @property
    def disallowed(self) -> Decimal:
        return sum((m.disallowed for m in self.matched), Decimal(0))

    @property
    def allowed(self) -> Decimal:
        return self.loss - self.disallowed

    def disallowed_as(self, treatment: str) -> Decimal:
        return sum((m.disallowed for m in self.matched if m.lot.treatment == treatment), Decimal(0))

    @property
    def matched_shares(self) -> Decimal | None:
        counts = [m.shares for m in self.matched]
        return None if any(c is None for c in counts) else sum(counts, Decimal(0))  # type: ignore[arg-type]

    @property
    def partial(self) -> bool:
        return bool(self.matched) and self.allowed > 0


def match(loss: Num, shares_sold: Num | None, lots: list[Lot]) -> WashResult:
    """Match the replacement lots (already in the order bought) against the shares sold: the loss on each matched
    share is disallowed (Pub 550 p. 87, "More or less stock bought than sold"). Without share counts the whole loss is
    disallowed by the first lot."""
    total = _d(loss)
    if total < 0:
        raise ValueError("give the loss as a positive amount")
    sold = _d(shares_sold) if shares_sold is not None else None
    per_share = _cents(total / sold) if sold else None
    result = WashResult(total, sold, per_share)
    left_shares = sold
    left_loss = total
    for lot in lots:
        if left_loss <= 0:
            break
        if left_shares is None or lot.shares is None:
            take_shares, disallowed = left_shares, left_loss  # count unknown: it covers what is left
        else:
            take_shares = min(lot.shares, left_shares)
            # the last matched shares take what is left, so rounding never leaves a cent behind
            disallowed = left_loss if take_shares == left_shares else _cents(total * take_shares / sold)  # type: ignore[operator]
            left_shares -= take_shares
        left_loss -= disallowed
        basis = lot.cost + disallowed if lot.cost is not None and lot.treatment == DEFERRED else None
        result.matched.append(Matched(lot, take_shares, disallowed, basis))
    return result


@dataclass(frozen=True)
class Resale:
    """Replacement shares sold later: the disallowed loss in their basis comes back as part of this sale's result
    (Pub 550 (2025) page 86: the loss is postponed, not lost)."""

    cost: Decimal  # what the replacement shares sold cost
    disallowed: Decimal  # the wash sale loss added to their basis
    proceeds: Decimal
    term: str | None  # "long" | "short" (the old shares' holding period included); None when not known

    @property
    def basis(self) -> Decimal:
        return self.cost + self.disallowed

    @property
    def result(self) -> Decimal:
        """Proceeds minus basis: negative is a loss."""
        return self.proceeds - self.basis


def resale(matched: Matched, proceeds: Num, shares_sold: Num | None = None, term: str | None = None) -> Resale | None:
    """The sale of a replacement lot whose cost is known; part of the lot sold takes its share of cost and loss."""
    lot = matched.lot
    if lot.cost is None or lot.treatment != DEFERRED:
        return None
    cost, disallowed = lot.cost, matched.disallowed
    sold = _d(shares_sold) if shares_sold is not None else None
    if sold is not None and lot.shares and sold < lot.shares:
        cost, disallowed = _cents(cost * sold / lot.shares), _cents(disallowed * sold / lot.shares)
    return Resale(cost, disallowed, _d(proceeds), term)
