"""Worthless and abandoned securities: the dates (app/rules/worthless_calc.py) and the topic's answers through
`app.rules.respond`, each ask with its own verdict."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from app.rules import worthless_calc as WC
from app.rules.topics.worthless import worthless_year
from app.understand import understand

sys.path.insert(0, str(Path(__file__).parent))
from topic_asks import ask


def test_holding_period_runs_to_december_31() -> None:
    assert WC.holding_term(2025, date(2024, 11, 15)) == "long"  # Nov 15, 2024 -> Dec 31, 2025
    assert WC.holding_term(2025, date(2024, 12, 31)) == "short"  # exactly one year is not more than one year
    assert WC.holding_term(2025, date(2025, 3, 10)) == "short"
    assert WC.holding_term(2025, bought_year=2023) == "long"
    assert WC.holding_term(2025, bought_year=2024) is None  # could be either


def test_seven_year_window_from_the_due_date() -> None:
    assert WC.claim_deadline(2016) == date(2024, 4, 15)
    assert WC.claim_open(2022, date(2026, 12, 1)) and not WC.claim_open(2016, date(2025, 1, 1))


def test_worthless_year_is_the_companys_end_not_the_brokers_removal() -> None:
    case = understand("I bought the shares in 2017. The company dissolved in 2021 and my broker removed them in 2024.").case
    assert worthless_year(case) == 2021


def test_broker_removal_year_is_not_the_deduction_year() -> None:
    a = ask("A retailer I owned liquidated in 2021 and shareholders got nothing; my broker cleared the position in "
             "2025. I paid $3,300 in 2018. Can I deduct it on my 2025 return?")
    assert a.verdict == "no"
    assert "2021" in a.text and "Form 1040-X" in a.text and "April 15, 2029" in a.text and "long-term" in a.text


def test_follow_up_to_a_year_past_the_window_is_too_late() -> None:
    a = ask("A retailer I owned liquidated in 2021 and shareholders got nothing; my broker cleared the position in "
             "2025. I paid $3,300 in 2018. Can I deduct it on my 2025 return?",
             "and if the liquidation had been in 2015, could I still amend?")
    assert a.verdict == "no" and "too late" in a.text and "7 years" in a.text


def test_is_it_too_late_is_answered_no_while_the_window_is_open() -> None:
    a = ask("My stock became completely worthless in 2023 and I never claimed it. Is it too late?")
    assert a.verdict == "no" and "April 15, 2031" in a.text


def test_short_term_claim_corrected_with_limit_and_carryover() -> None:
    a = ask("I bought 300 shares for $5,100 on October 2, 2024. The company's bankruptcy plan canceled the stock on "
             "July 1, 2025. I held it under a year so it's short-term, right? How much can I deduct this year?")
    assert a.asks[0].verdict == "no"
    assert "long-term" in a.text and "$3,000" in a.text and "$2,100" in a.text


def test_still_quoted_stock_is_not_worthless_but_can_be_abandoned() -> None:
    a = ask("My penny stock still trades at a fraction of a cent with no volume. I paid $2,500 for it in 2020. Can "
             "I write it off as worthless for 2025?")
    assert a.verdict == "no" and "abandon" in a.text and "$2,500" in a.text


def test_worthless_inside_an_ira_gives_no_deduction() -> None:
    a = ask("A company held in my Roth IRA went bankrupt and the shares are worthless. Can I deduct the loss?")
    assert a.verdict == "no" and a.rule_id == "worthless-in-ira"


def test_fee_question_in_a_worthless_story_is_left_to_its_rule() -> None:
    a = ask("Shares in my IRA went to zero when the company went bankrupt. Can I deduct the $200 custodian fee I "
             "paid from my checking account this year?")
    assert not any("worthless-security" in x.rule_ids for x in a.asks)


def test_shares_in_a_taxable_account_and_an_ira_only_the_taxable_ones_give_a_loss() -> None:
    a = ask("A trucking company I owned was liquidated in 2025 with nothing paid to shareholders. 200 shares sat in my "
             "brokerage account, bought in May 2020 for $9,200, and 300 more in my rollover IRA that cost $4,000. I "
             "had $2,200 of long-term gains in 2025. Single. How much can I deduct for 2025?")
    assert "$9,200" in a.text and "$7,000" in a.text and "$4,000 to 2026" in a.text and "$13,200" not in a.text
    assert "IRA give no deduction" in a.text
    both = ask("My IRA and my taxable account both held a chip designer that went bankrupt in 2025; the shares were "
               "canceled with nothing to holders. The taxable shares cost me $1,800 in March 2025 and the IRA ones "
               "$2,600. Can I deduct both?")
    assert both.verdict == "no" and "$1,800" in both.text and "short-term" in both.text
