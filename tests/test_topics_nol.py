"""Net operating losses by the year they arose: the schedule and the year's deduction (app/rules/nol_calc.py) and
the topic's answers through `app.rules.respond`, each ask with its own verdict."""
from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from app.rules import nol_calc as N

sys.path.insert(0, str(Path(__file__).parent))
from topic_asks import ask


def test_schedule_by_the_year_the_nol_arose() -> None:
    assert (N.schedule(2016).carryback, N.schedule(2016).forward) == (2, 20)
    assert N.schedule(2016, farming=True).carryback == 5
    assert N.schedule(2020).carryback == 5 and N.schedule(2020).forward is None
    assert N.schedule(2024).carryback == 0
    assert N.schedule(2024, farming=True).back_years == [2022, 2023]
    assert N.schedule(2024, farming=True, waived=True).carryback == 0


def test_use_applies_the_80_percent_limit_only_after_2020_for_post_2017_nols() -> None:
    later = N.use(70000, 52000, arose=2025, tax_year=2026)
    assert (later.result.deduction, later.result.carryforward, later.income_after) == (Decimal(41600), Decimal(28400),
                                                                                      Decimal(10400))
    cares = N.use(15000, 10000, arose=2018, tax_year=2020)
    assert cares.result.deduction == Decimal(10000) and not cares.result.limited
    old = N.use(15000, 10000, arose=2010, tax_year=2025)
    assert old.result.deduction == Decimal(10000) and not old.expired
    assert N.use(15000, 10000, arose=2003, tax_year=2025).expired  # 20 years ran out after 2023


def test_farming_loss_claim_that_nothing_goes_back_is_not_true() -> None:
    a = ask("We grow apples (Schedule F) and 2025 left us with a $55,000 farm NOL. A friend says losses can't be "
             "carried back anymore since the 2017 law. Is that true for us, and how far back can we go?")
    assert [x.verdict for x in a.asks] == ["no", None]
    assert "2023" in a.text and "2 years" in a.text


def test_waived_carryback_then_the_numbers_of_the_next_year() -> None:
    a = ask("Our 2025 farm NOL is $70,000 and we will waive the two-year carryback. Can it wipe out our 2026 "
             "income?", "say we waive it and our 2026 taxable income before the NOL is $40,000. How much do we use in 2026 and "
             "what carries to 2027?")
    assert "$32,000" in a.text and "$38,000" in a.text


def test_cares_nol_used_after_2020_is_limited() -> None:
    a = ask("My shop had a $90,000 NOL in 2020; after the CARES Act carryback $20,000 was left. In 2023 my taxable "
             "income before the NOL was $15,000. So the NOL wipes out all of it, right?")
    assert a.verdict == "no"
    assert "$12,000" in a.text and "$3,000" in a.text and "$8,000" in a.text


def test_earlier_use_comes_off_the_nol() -> None:
    a = ask("My 2022 business NOL was $30,000 and I used $12,000 of it in 2023. In 2025 my taxable income before the "
             "NOL is $10,000. How much of the NOL can I deduct in 2025?")
    assert "$18,000" in a.text and "$8,000" in a.text and "$10,000 carries forward" in a.text


def test_retirement_drop_never_joins_an_nol() -> None:
    a = ask("My consulting business had a $12,000 Schedule C loss this year and my SEP IRA fell $20,000. Can I add "
             "the SEP drop to my NOL?")
    assert a.verdict == "no" and "never creates or joins an NOL" in a.text


def test_investment_loss_is_not_an_nol() -> None:
    a = ask("I only have a W-2 job and my brokerage account lost $25,000 in 2025. Is that a net operating loss I can "
             "carry forward?")
    assert a.verdict == "no" and "capital loss carryover" in a.text


def test_a_pre_2018_nol_capped_at_80_percent_by_someone_is_checked_against_the_year_it_arose() -> None:
    a = ask("My 2014 consulting NOL still has $14,000 unused going into 2025, and my 2025 taxable income before the "
             "NOL deduction is $15,000. The software caps the NOL deduction at 80%, $12,000, and carries $2,000 to "
             "2026. Is that right?")
    assert a.verdict == "no"
    assert "before 2018" in a.text and "$14,000" in a.text and "$1,000 of taxable income" in a.text
    later = ask("My 2023 consulting NOL still has $12,000 unused going into 2025, and my 2025 taxable income before "
                "the NOL deduction is $10,000. The software caps the NOL deduction at 80%, $8,000. Is that right?")
    assert later.verdict == "yes" and "$8,000" in later.text and "$4,000 carries forward" in later.text


def test_a_figure_in_someones_claim_is_not_a_business_loss() -> None:
    a = ask("Single. I lost $35,000 trading crypto in my brokerage account in 2025, all short-term. A forum post said "
             "any loss above $40k turns into an NOL. Is mine an NOL?")
    assert a.verdict == "no" and "capital loss" in a.text and "$32,000" in a.text


def test_an_nol_is_used_year_after_year_on_what_the_years_before_left() -> None:
    from app.rules import nol_calc as N

    u = N.use_over(60000, [(2023, Decimal(50000)), (2022, Decimal(30000))], arose=2021)
    assert [s.result.deduction for s in (*u.before, u)] == [Decimal(24000), Decimal(36000)]
    assert u.result.carryforward == 0
