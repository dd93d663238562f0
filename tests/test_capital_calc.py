"""The capital-loss arithmetic (app/rules/capital_calc.py) against Pub 550 (2025) Worksheet 4-1 worked by hand."""
from __future__ import annotations

from decimal import Decimal

import pytest

from app.rules import calculators
from app.rules import capital_calc as calc

D = Decimal


def test_short_term_losses_are_used_first_toward_the_limit() -> None:
    r = calc.capital_year(st_losses=4000, lt_losses=6000, filing_status="single", year=2024)
    assert (r.net, r.deduction, r.used) == (D(-10000), D(3000), D(3000))
    assert (r.carry_short_term, r.carry_long_term) == (D(1000), D(6000))


def test_a_long_term_loss_offsets_a_short_term_gain() -> None:
    r = calc.capital_year(st_gains=15000, lt_losses=12000)
    assert (r.net, r.taxable_gain, r.deduction, r.carryover) == (D(3000), D(3000), D(0), D(0))


def test_married_filing_separately_limit() -> None:
    r = calc.capital_year(st_carryover=11000, filing_status="mfs")
    assert (r.deduction, r.carry_short_term) == (D(1500), D(9500))


def test_taxable_income_at_or_below_zero_uses_none_of_the_loss() -> None:
    r = calc.capital_year(lt_carryover=14000, taxable_income_before=-4000)
    assert (r.deduction, r.used, r.carry_long_term) == (D(3000), D(0), D(14000))


def test_small_taxable_income_uses_only_that_much() -> None:
    r = calc.capital_year(lt_carryover=10000, taxable_income_before=1200)
    assert (r.used, r.carry_long_term) == (D(1200), D(8800))


def test_worksheet_lines_with_a_short_term_gain_and_long_term_carryover() -> None:
    # short-term carryover 1,000 against a 2,500 gain; long-term carryover 6,000 (Pub 550 Worksheet 4-1 lines 9-13)
    r = calc.capital_year(st_gains=2500, st_carryover=1000, lt_carryover=6000)
    assert (r.net_short_term, r.net_long_term, r.net) == (D(1500), D(-6000), D(-4500))
    assert (r.deduction, r.carry_short_term, r.carry_long_term) == (D(3000), D(0), D(1500))


def test_year_by_year_carryover() -> None:
    years = [calc.YearActivity(2023, lt_losses=D(21000)), calc.YearActivity(2024),
             calc.YearActivity(2025, lt_gains=D(4000))]
    out = calc.carry_forward(years, filing_status="single")
    assert [r.carryover for r in out] == [D(18000), D(15000), D(8000)]
    assert out[-1].net == D(-11000)


def test_same_netting_as_the_single_intent_calculator_when_taxable_income_is_not_given() -> None:
    args = {"st_gains": 2500, "st_losses": 8000, "lt_carryover": 4200}
    old = calculators.capital_loss(**args, filing_status="single")
    new = calc.capital_year(**args, filing_status="single")
    assert (old.deduction, old.carryover_short_term, old.carryover_long_term) == (
        new.deduction, new.carry_short_term, new.carry_long_term) == (D(3000), D(2500), D(4200))


def test_final_return_splits_what_is_left_by_whose_losses_went_in() -> None:
    year = calc.capital_year(lt_gains=9000, lt_carryover=26000)
    all_his = calc.final_return(year, 26000)
    assert (year.loss_used, all_his.ends, all_his.survivor_keeps, all_his.room) == (D(12000), D(14000), D(0), D(14000))
    half = calc.final_return(year, 13000, 13000)
    assert (half.ends, half.survivor_keeps) == (D(7000), D(7000))


def test_gift_basis_for_a_loss_is_the_lower_value_at_the_gift() -> None:
    g = calc.gift_sale(20000, 12000, 9000)
    assert (g.fmv_rule, g.loss_basis, g.loss, g.gain) == (True, D(12000), D(3000), D(0))
    between = calc.gift_sale(4000, 3000, 3500)
    assert (between.loss, between.gain) == (D(0), D(0))
    above = calc.gift_sale(4000, 3000, 5000)
    assert above.gain == D(1000)


def test_section_1244_split_by_filing_status() -> None:
    single = calc.section_1244(60000, "single")
    assert (single.ordinary, single.capital) == (D(50000), D(10000))
    joint = calc.section_1244(80000, "mfj")
    assert (joint.ordinary, joint.capital) == (D(80000), D(0))


def test_negative_amounts_are_refused() -> None:
    with pytest.raises(ValueError):
        calc.capital_year(st_losses=-5)
    with pytest.raises(ValueError):
        calc.section_1244(-1, None)
