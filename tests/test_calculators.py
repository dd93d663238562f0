"""Calculators: worked examples from Pub 550 / the pre-2018 IRA rule, plus hypothesis properties."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.rules import facts
from app.rules.calculators import capital_loss, pre2018_ira_loss, roth_basis

D = Decimal
money = st.integers(min_value=0, max_value=5_000_000).map(lambda c: D(c) / 100)


@pytest.mark.parametrize(
    "kwargs, deduction, carry_st, carry_lt",
    [
        ({"st_losses": 5000, "lt_gains": 2000}, 3000, 0, 0),
        ({"st_losses": 5000, "lt_gains": 2000, "filing_status": "mfs"}, 1500, 1500, 0),
        ({"lt_losses": 12000, "st_gains": 1000}, 3000, 0, 8000),
        ({"st_losses": 2000, "lt_losses": 6000}, 3000, 0, 5000),  # short-term used first
        ({"st_losses": 4000, "lt_losses": 6000}, 3000, 1000, 6000),
        ({"st_gains": 10000, "lt_losses": 4000}, 0, 0, 0),
        ({"st_losses": 2000}, 2000, 0, 0),
        ({"lt_carryover": 7000, "lt_gains": 1000}, 3000, 0, 3000),
    ],
)
def test_capital_loss_examples(kwargs: dict, deduction: int, carry_st: int, carry_lt: int) -> None:  # type: ignore[type-arg]
    r = capital_loss(**kwargs)
    assert (r.deduction, r.carryover_short_term, r.carryover_long_term) == (D(deduction), D(carry_st), D(carry_lt))


@given(money, money, money, money, money, money, st.sampled_from([None, "single", "mfj", "mfs", "hoh"]))
def test_capital_loss_properties(stg, stl, ltg, ltl, stc, ltc, fs) -> None:  # type: ignore[no-untyped-def]
    r = capital_loss(st_gains=stg, st_losses=stl, lt_gains=ltg, lt_losses=ltl, st_carryover=stc, lt_carryover=ltc,
                     filing_status=fs)
    limit = D(facts.CAPITAL_LOSS_LIMIT_MFS if fs == "mfs" else facts.CAPITAL_LOSS_LIMIT)
    assert r.limit == limit
    assert r.net == (stg - stl - stc) + (ltg - ltl - ltc)
    assert D(0) <= r.deduction <= limit
    assert r.carryover_short_term >= 0 and r.carryover_long_term >= 0
    if r.net >= 0:
        assert r.deduction == 0 and r.carryover_short_term == 0 and r.carryover_long_term == 0
    else:
        # nothing lost or created: deducted + carried over = the net loss
        assert r.deduction + r.carryover_short_term + r.carryover_long_term == -r.net
        assert r.deduction == min(limit, -r.net)
        # character is kept: no short-term carryover without a net short-term loss, and vice versa
        if r.net_short_term >= 0:
            assert r.carryover_short_term == 0
        if r.net_long_term >= 0:
            assert r.carryover_long_term == 0
        # short-term losses are used first
        if r.carryover_short_term > 0:
            assert r.deduction == limit and r.carryover_long_term == max(D(0), -r.net_long_term) - max(
                D(0), r.net_short_term if r.net_short_term > 0 else D(0))


def test_pre2018_example() -> None:
    r = pre2018_ira_loss(20000, 12000, 80000)
    assert (r.loss, r.floor, r.deduction) == (D(8000), D(1600), D(6400))
    assert pre2018_ira_loss(10000, 9500, 100000).deduction == 0  # floor $2,000 exceeds the $500 loss
    assert pre2018_ira_loss(10000, 12000, 50000).loss == 0  # got back more than basis: no loss


@given(money, money, money)
def test_pre2018_properties(basis, dist, agi) -> None:  # type: ignore[no-untyped-def]
    r = pre2018_ira_loss(basis, dist, agi)
    assert r.loss == max(D(0), basis - dist)
    assert D(0) <= r.deduction <= r.loss
    assert r.floor == (agi * 2 / 100).quantize(D("0.01"), rounding=ROUND_HALF_UP)  # cents, half up
    assert r.deduction == max(D(0), r.loss - r.floor)


@given(money, money, money)
def test_roth_basis_properties(c, conv, w) -> None:  # type: ignore[no-untyped-def]
    b = roth_basis(c, conv, w)
    assert b == max(D(0), c + conv - w)
    assert b <= c + conv


def test_negative_inputs_are_refused() -> None:
    with pytest.raises(ValueError):
        capital_loss(st_losses=-1)
    with pytest.raises(ValueError):
        pre2018_ira_loss(-1, 0, 0)
    with pytest.raises(ValueError):
        roth_basis(0, 0, -5)


# ---- NOL deduction (issue 3 follow-up: the 80% limit is computed, never written as prose) ----------------------------
def test_nol_80_percent_limit_after_2020() -> None:
    from app.rules.calculators import nol_deduction

    r = nol_deduction(100_000, 60_000, arose_year=2019, tax_year=2025)
    assert (r.limited, r.limit, r.deduction, r.carryforward) == (True, 48_000, 48_000, 52_000)


def test_nol_no_80_percent_limit_for_pre_2018_nol_or_2018_2020_years() -> None:
    from app.rules.calculators import nol_deduction

    assert nol_deduction(100_000, 60_000, arose_year=2016, tax_year=2025).deduction == 60_000
    assert nol_deduction(100_000, 60_000, arose_year=2018, tax_year=2020).deduction == 60_000
    assert nol_deduction(10_000, 60_000, arose_year=2022, tax_year=2025).carryforward == 0


@given(st.integers(0, 10**7), st.integers(-10**6, 10**7), st.integers(2018, 2030), st.integers(2021, 2030))
def test_nol_deduction_never_exceeds_80_percent_or_the_nol(nol: int, income: int, arose: int, year: int) -> None:
    from decimal import Decimal

    from app.rules.calculators import nol_deduction

    r = nol_deduction(nol, income, arose_year=arose, tax_year=year)
    assert r.deduction <= r.nol and r.deduction <= Decimal(max(income, 0)) * Decimal("0.8") + Decimal("0.005")
    assert r.deduction + r.carryforward == r.nol and r.deduction >= 0
