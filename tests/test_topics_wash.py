"""Wash sales: the arithmetic (app/rules/wash_calc.py), the trades read from a story (app/rules/trade_events.py) and
the answers of the wash-sale topic through `app.rules.respond`, each ask with its own verdict."""
from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.rules import wash_calc as W
from app.rules.securities import identity
from app.rules.trade_events import trades
from app.understand import understand

sys.path.insert(0, str(Path(__file__).parent))
from topic_asks import ask


# ---- arithmetic ---------------------------------------------------------------------------------------------------
def test_window_is_thirty_days_each_side_across_the_year_end() -> None:
    assert W.window(date(2025, 12, 18)) == (date(2025, 11, 18), date(2026, 1, 17))
    assert W.in_window(-30) and W.in_window(30) and not W.in_window(31) and not W.in_window(-31)


def test_monthly_purchase_dates_inside_the_window() -> None:
    assert W.monthly_dates(10, date(2025, 3, 3)) == [date(2025, 2, 10), date(2025, 3, 10)]
    assert W.monthly_dates(31, date(2025, 3, 15)) == [date(2025, 3, 31)]  # no February 31


def test_partial_wash_sale_matches_shares_in_the_order_bought() -> None:
    r = W.match(Decimal(1000), 100, [W.Lot("Dec 13", Decimal(50), W.DEFERRED, Decimal(2750)),
                                     W.Lot("Dec 20", Decimal(25), W.DEFERRED, Decimal(1125))])
    # Pub 550 (2025) p. 87, Example 1: $750 disallowed on 75 shares, $250 deductible, new bases $3,250 and $1,375
    assert r.disallowed == Decimal(750) and r.allowed == Decimal(250)
    assert [m.new_basis for m in r.matched] == [Decimal(3250), Decimal(1375)]


def test_ira_lot_is_lost_and_taxable_lot_deferred() -> None:
    r = W.match(Decimal(2400), 120, [W.Lot("Feb 10", Decimal(2), W.LOST), W.Lot("Mar 10", Decimal(2), W.DEFERRED)])
    assert (r.disallowed_as(W.LOST), r.disallowed_as(W.DEFERRED), r.allowed) == (Decimal(40), Decimal(40),
                                                                                 Decimal(2320))


def test_without_share_counts_the_whole_loss_is_disallowed() -> None:
    r = W.match(Decimal(6000), None, [W.Lot("Jan 9", None, W.DEFERRED)])
    assert r.disallowed == Decimal(6000) and not r.partial


# ---- reading the trades ------------------------------------------------------------------------------------------
def test_trades_read_dates_shares_accounts_and_the_spouse() -> None:
    case = understand("On May 4, 2025 I sold 300 shares of Acme at a $3,000 loss in my brokerage account. On May 20 "
                      "my husband bought 120 shares of Acme in his Roth IRA.").case
    sale, buy = trades(case)
    assert (sale.kind, sale.when, sale.shares) == ("sale", date(2025, 5, 4), Decimal(300))
    assert (buy.kind, buy.when, buy.shares, buy.account, buy.spouse) == ("purchase", date(2025, 5, 20), Decimal(120),
                                                                         "roth_ira", True)


def test_distance_told_with_the_sale_dates_the_purchase() -> None:
    case = understand("Three weeks before I sold my index fund at a loss, my IRA bought the same fund.").case
    buy = next(t for t in trades(case) if t.kind == "purchase")
    assert buy.gap == -21


@pytest.mark.parametrize("sold, bought, expected", [
    ("sold my Vanguard S&P 500 ETF", "bought iShares' S&P 500 ETF", "same_index"),
    ("sold my total stock market fund", "bought a total international fund", "different"),
    ("sold Coca-Cola shares", "bought PepsiCo shares", "different"),
    ("sold 100 QQQ", "bought 100 QQQ back", "same"),
    ("sold 80 shares of Apple", "bought an S&P 500 fund", "different"),
    ("sold 10 GOOGL", "bought 10 GOOG", "share_class"),
])
def test_same_or_different_security(sold: str, bought: str, expected: str) -> None:
    case = understand(f"I {sold} at a loss and the next day I {bought}.").case
    sale = next(t for t in trades(case) if t.kind == "sale")
    buy = next(t for t in trades(case) if t.kind == "purchase")
    assert identity(sale, buy) == expected


# ---- answers ------------------------------------------------------------------------------------------------------
def test_reinvested_dividend_disallows_only_the_matching_shares() -> None:
    a = ask("I sold 500 shares of a bond fund on Sept 9, 2025 at a $6 per share loss ($3,000). A dividend "
             "reinvestment on Sept 30 bought 12 shares of the same fund. Is my whole loss wiped out?")
    assert a.verdict == "no" and a.rule_id == "wash-sale"
    assert "$72" in a.text and "$2,928" in a.text and "basis" in a.text


def test_roth_purchases_before_and_after_the_sale_are_lost_for_good() -> None:
    a = ask("On June 18, 2025 I sold 100 shares of VTI in my taxable account at a $1,000 loss. My Roth IRA buys 3 "
             "shares of VTI automatically on the 1st of every month. How much can I deduct?")
    assert a.rule_id == "wash-sale-ira"
    assert "$60" in a.text and "$940" in a.text and "lost for good" in a.text
    assert "June 1, 2025" in a.text and "July 1, 2025" in a.text


def test_follow_up_moving_the_purchase_to_a_taxable_account_defers_the_loss() -> None:
    a = ask("On June 18, 2025 I sold 100 shares of VTI in my taxable account at a $1,000 loss. My Roth IRA buys 3 "
             "shares of VTI automatically on the 1st of every month. How much can I deduct?",
             "what if those automatic buys were in my brokerage account instead?")
    assert a.rule_id == "wash-sale" and "$940" in a.text and "added to the basis" in a.text


def test_purchase_in_january_disallows_a_december_loss_and_is_reported_with_code_w() -> None:
    a = ask("I sold 200 shares on December 15, 2025 at a $2,200 loss and bought 200 shares of the same stock back "
             "on January 8, 2026. Can I deduct it for 2025, and what do I enter on Form 8949?")
    assert [x.verdict for x in a.asks] == ["no", None]
    assert "across the year end" in a.text and "column (g)" in a.text and "$2,200" in a.text


def test_purchase_before_the_sale_raises_the_new_shares_basis() -> None:
    a = ask("In February 2025 I bought 20 shares at $100. On August 1 I bought 20 more at $70, and on August 15 I "
             "sold the February shares at $68, a $640 loss. Can I deduct the $640?")
    assert a.verdict == "no" and "$2,040" in a.text  # 20 x $70 + $640


def test_purchase_outside_the_window_is_not_a_wash_sale() -> None:
    a = ask("I sold my shares at a loss on March 2, 2025 and bought the same stock back on April 10, 2025. Can I "
             "deduct the loss?")
    assert a.verdict == "yes" and "39 days after" in a.text


def test_option_to_buy_is_a_replacement() -> None:
    a = ask("I sold 200 shares of Boeing at a $2,600 loss on May 1, 2025 and on May 9 bought 2 Boeing call options. "
             "Can I still deduct the loss?")
    assert a.verdict == "no" and "option" in a.text


def test_different_company_is_not_substantially_identical() -> None:
    a = ask("My brother says selling Visa at a loss and buying Mastercard the same day is a wash sale. Is he right?")
    assert a.verdict == "no" and "substantially identical" in a.text


def test_plan_purchase_is_unsettled() -> None:
    a = ask("I sold an S&P 500 fund at a loss in my brokerage and five days later my 403(b) bought the same fund. "
             "Is that a wash sale?")
    assert a.verdict == "depends" and a.rule_id == "wash-sale-401k" and "not settled" in a.text


def test_made_up_regulation_is_not_confirmed() -> None:
    a = ask("Treasury Regulation 1.1091-8 says wash sales only apply at one broker. I sold 40 shares of SPY at one "
             "broker on July 1, 2025 for a $1,200 loss and bought 40 SPY at another on July 7. Can I deduct it?")
    assert a.verdict == "no" and "can't verify Reg. §1.1091-8" in a.text and "IRC 1091" in a.text


def test_spouse_partial_then_the_capital_loss_limit() -> None:
    a = ask("I sold 500 shares on March 3, 2025 at a $16 per share loss ($8,000). On March 20 my wife bought 100 of "
             "the same shares in her account. We file jointly, no other sales. How much can we deduct this year and "
             "what carries over?")
    assert "$1,600" in a.text and "$6,400" in a.text and "$3,400" in a.text  # 6,400 allowed - 3,000 deducted


def test_sale_inside_an_ira_has_no_loss_to_disallow() -> None:
    a = ask("I sold a stock at a loss inside my IRA and bought it back a week later in the IRA. Wash sale?")
    assert a.verdict == "no" and a.rule_id == "wash-sale-inside-ira"


def test_a_parents_purchase_is_not_a_replacement() -> None:
    a = ask("My mom bought 100 shares for $5,000 in 2019 and gave them to me in 2024. I sold them in June 2025 for "
             "$3,000. Can I deduct a loss?")
    assert a.rule_id is None or not a.rule_id.startswith("wash")


def test_buying_in_a_roth_does_not_avoid_the_rule() -> None:
    a = ask("Can I get around the wash sale rule by buying the replacement shares in my Roth IRA?")
    assert a.verdict == "no" and a.rule_id == "wash-sale-ira" and "not added to the basis" in a.text


# ---- the replacement sold later -------------------------------------------------------------------------------------
def test_tacked_holding_period_adds_the_old_shares_time() -> None:
    from app.rules.holding import long_term, tacked_term
    assert long_term(date(2024, 3, 3), date(2025, 3, 4)) and not long_term(date(2024, 3, 3), date(2025, 3, 3))
    # held 10 months, sold at a loss, bought back 5 days later and sold 3 months after that: 13 months in all
    assert tacked_term(date(2024, 1, 10), False, date(2024, 11, 10), date(2024, 11, 15), date(2025, 2, 20)) == "long"
    assert tacked_term(date(2024, 6, 1), False, date(2024, 7, 1), date(2024, 7, 10), date(2024, 12, 1)) == "short"
    # only the month of the first purchase known, and the answer turns on the day
    assert tacked_term(date(2024, 3, 1), True, date(2024, 12, 20), date(2024, 12, 30), date(2025, 3, 15)) is None


def test_resale_takes_the_disallowed_loss_in_its_basis() -> None:
    r = W.match(Decimal(1500), 100, [W.Lot("Jul 1", Decimal(100), W.DEFERRED, Decimal(4000))])
    sold = W.resale(r.matched[0], 4700, term="short")
    assert (sold.basis, sold.result) == (Decimal(5500), Decimal(-800))
    half = W.resale(r.matched[0], 2600, 50)
    assert (half.basis, half.result) == (Decimal(2750), Decimal(-150))
    ira = W.match(Decimal(900), None, [W.Lot("Jul 1", None, W.LOST, Decimal(4000))])
    assert W.resale(ira.matched[0], 4700) is None  # an IRA's replacement carries no disallowed loss


def test_replacement_sold_later_brings_the_loss_back() -> None:
    a = ask("I bought 40 shares of a utility fund in September 2023 for $4,000. On February 5, 2025 I sold them for "
            "$3,100 and on February 20, 2025 bought 40 again for $3,000. On July 8, 2025 I sold those for $3,400. "
            "Did the wash sale cost me the $900 loss for good?")
    assert a.verdict == "no"
    assert "$3,900" in a.text  # $3,000 + $900 basis
    assert "$500 long-term loss" in a.text  # $3,400 - $3,900, held since September 2023


def test_claimed_gain_on_the_resale_is_checked() -> None:
    a = ask("On March 4, 2025 I sold 10 shares for $900 that I had bought on January 6, 2025 for $1,300; on March 18 "
            "I bought 10 back for $850 and sold them on June 2, 2025 for $1,000. My spreadsheet says I made a $150 "
            "gain on the June sale. Is that right?")
    assert a.verdict == "no"
    assert "$1,250" in a.text and "$250 short-term loss" in a.text  # basis $850 + $400; $1,000 - $1,250
