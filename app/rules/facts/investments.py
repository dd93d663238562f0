"""Dated facts about investments outside retirement accounts: netting and carrying capital losses, a decedent's and
a couple's carryover, gift and inheritance basis, section 1244 stock, worthless and abandoned securities, the parts of
the wash sale rule, NOLs by the year they arose, personal-use and investment property, and what Writeoff is not.

Statements print their numbers from numbers.py. For the NOL facts the years are the years the loss AROSE.
"""
from __future__ import annotations

from app.rules.facts.model import Fact
from app.rules.facts.model import make_fact as _f
from app.rules.facts.numbers import (
    CAPITAL_LOSS_LIMIT,
    CAPITAL_LOSS_LIMIT_MFS,
    FIRST_2_YEAR_NOL_YEAR,
    FIRST_1244_LIMIT_YEAR,
    FIRST_ABANDONMENT_YEAR,
    FIRST_CODE_W_YEAR,
    NOL_CARES_CARRYBACK_YEARS,
    NOL_FARMING_CARRYBACK_YEARS,
    NOL_FIRST_YEAR_TCJA,
    NOL_LAST_CARES_YEAR,
    NOL_PRE_1998_CARRYBACK_YEARS,
    NOL_PRE_1998_CARRYFORWARD_YEARS,
    NOL_PRE_TCJA_CARRYBACK_YEARS,
    NOL_PRE_TCJA_CARRYFORWARD_YEARS,
    NOL_PRE_TCJA_CASUALTY_CARRYBACK_YEARS,
    NOL_PRE_TCJA_FARMING_CARRYBACK_YEARS,
    NOL_TENTATIVE_REFUND_YEARS,
    REFUND_CLAIM_YEARS,
    SECTION_1244_LIMIT,
    SECTION_1244_LIMIT_JOINT,
    WASH_SALE_WINDOW_DAYS,
)

_DAYS = WASH_SALE_WINDOW_DAYS


def _usd(n: int) -> str:
    return f"${n:,}"


INVESTMENT_FACTS: dict[str, Fact] = {f.id: f for f in [
    # --- capital gains and losses ---
    _f("capital-netting",
       "Short-term gains and losses net on Schedule D Part I (line 7) and long-term ones in Part II (line 15), then "
       "the two nets combine (line 16), so a net long-term loss offsets a net short-term gain and the reverse. "
       "Capital gain distributions (Form 1099-DIV box 2a) are long-term gains; a carryover enters its own part "
       "(short-term line 6, long-term line 14), and a long-term carryover reduces long-term gains first. Only the "
       f"net loss is limited to {_usd(CAPITAL_LOSS_LIMIT)} ({_usd(CAPITAL_LOSS_LIMIT_MFS)} married filing "
       "separately), and short-term losses are used first toward it.", None, None,
       ("p550-netting", "p550-lt-part", "p550-cap-gain-dist", "p550-carryover", "p550-short-first", "irc-1222",
        "schedule-d"), limit=CAPITAL_LOSS_LIMIT, limit_mfs=CAPITAL_LOSS_LIMIT_MFS),
    _f("nonbusiness-bad-debt",
       "A loan that is not part of the lender's trade or business (to a friend, relative or coworker) and becomes "
       "totally worthless is a nonbusiness bad debt: deductible only for the year it became worthless, and always "
       "as a short-term capital loss on Form 8949 Part I (with a statement describing the debt), however long the "
       "loan was outstanding. A partly worthless nonbusiness debt gives nothing, and a loan made without a real "
       "expectation of repayment is a gift.", None, None,
       ("p550-bad-debt", "p550-bad-debt-when", "irc-166d", "irc-1211b")),
    _f("capital-loss-worksheet",
       "The carryover is the net loss minus the smaller of the allowable deduction and taxable income plus that "
       "deduction (negative taxable income counts), so with taxable income of zero or less before the loss, nothing "
       "is used up. The allowable deduction counts whether or not it was claimed or a return filed: a loss cannot be "
       "saved for a later year.", None, None,
       ("p550-carryover-formula", "p550-carryover-claimed", "irc-1212b")),
    _f("decedent-capital-loss",
       "A decedent's capital losses, including carryovers into the year of death, can be used only on the final "
       "return (a joint return for that year included), within the usual limit; the estate and the surviving "
       "spouse cannot carry them to later years.", None, None,
       ("p550-decedent", "rev-rul-74-175")),
    _f("carryover-joint-separate",
       "A capital loss carryover from a joint return goes, on later separate returns, only to the spouse who "
       "actually had the loss; separate carryovers are combined on a later joint return.", None, None,
       ("p550-joint-separate", "reg-1.1212-1c")),
    _f("gift-basis",
       "For property received as a gift, the basis for a loss is the smaller of the donor's adjusted basis and the "
       "fair market value at the time of the gift (a sale price between the two gives neither gain nor loss); when "
       "the fair market value is the basis, the holding period starts the day after the gift.", None, None,
       ("p550-gift-loss", "p550-gift-holding", "irc-1015")),
    _f("inherited-basis",
       "Inherited property's basis is generally its fair market value at the date of death (or the alternate "
       "valuation date), and a gain or loss on it is always long-term, however briefly it was held (deaths in 2010 "
       "with a Form 8939 election follow special rules).", None, None,
       ("p550-inherited", "p550-inherited-fmv", "irc-1014")),
    _f("section-1244",
       f"A loss on section 1244 small business stock is an ordinary loss up to {_usd(SECTION_1244_LIMIT)} a year "
       f"({_usd(SECTION_1244_LIMIT_JOINT)} on a joint return, even if only one spouse had it) on Form 4797 line 10, "
       "the rest a capital loss on Form 8949; only the original owner of stock issued for money or property "
       "qualifies, and the ordinary part is a business loss for an NOL.", FIRST_1244_LIMIT_YEAR, None,
       ("p550-1244", "p550-1244-report", "p550-1244-original", "irc-1244", "form-4797"),
       limit=SECTION_1244_LIMIT, limit_joint=SECTION_1244_LIMIT_JOINT),
    _f("worthless-year",
       "A security is deducted for the year it became completely worthless, treated as sold on December 31 of that "
       "year (which also ends its holding period), not the year a broker removes it or the owner notices; a missed "
       "year is claimed on Form 1040-X for that year within the 7-year window, which runs from that year's return due date "
       "(April 15 of the next year; a deadline on a weekend or legal holiday moves to the next business day).", None,
       None, ("p550-worthless", "p550-worthless-amend", "p550-worthless-refund", "irc-165g", "irc-6072a", "irc-7503",
              "form-1040x")),
    _f("abandoned-security",
       "A security abandoned after March 12, 2008, by permanently surrendering all rights in it for nothing, is "
       "treated as worthless; whether a transaction is an abandonment depends on all the facts.",
       FIRST_ABANDONMENT_YEAR, None, ("p550-abandon", "irc-165g")),
    # --- wash sales ---
    _f("wash-sale-window",
       f"The wash sale window is {2 * _DAYS + 1} days: {_DAYS} days before the sale, the sale day and {_DAYS} days "
       "after, across the year end, so a purchase in January can disallow a December loss.", None, None,
       ("p550-wash-window", "p550-wash", "irc-1091"), days_each_side=_DAYS, window_days=2 * _DAYS + 1),
    _f("wash-sale-triggers",
       "Besides buying substantially identical stock or securities, a wash sale is triggered by acquiring them in a "
       "fully taxable trade, acquiring a contract or option to buy them, a purchase by the seller's spouse or a "
       "corporation the seller controls, a purchase in the seller's IRA or Roth IRA, and a reinvested dividend "
       "(which buys shares).", None, None,
       ("p550-wash-window", "p550-wash-spouse", "p550-reinvested", "irc-1091")),
    _f("wash-sale-partial",
       f"When fewer shares are bought within the {_DAYS} days than were sold, only the loss on the matching number "
       "of shares is disallowed, matched in the order they were bought; the loss on the rest is deductible.",
       None, None, ("p550-wash-partial", "irc-1091")),
    _f("wash-sale-basis",
       "A disallowed wash sale loss is added to the basis of the replacement shares and their holding period "
       "includes that of the shares sold, so the loss is postponed, not lost (except when the replacement was "
       "bought in an IRA).", None, None,
       ("p550-wash-basis", "p550-wash-holding", "irc-1091")),
    _f("wash-sale-reporting",
       "A wash sale is reported on Form 8949 with code W in column (f) and the disallowed loss as a positive number "
       "in column (g). The rule applies across all of a person's accounts and brokers; Form 1099-B box 1g shows "
       "only same-account cases, and an unreported wash sale is still not deductible.", FIRST_CODE_W_YEAR, None,
       ("p550-wash-report", "p550-wash-1099b", "form-8949")),
    _f("substantially-identical",
       "Whether securities are substantially identical depends on all the facts and circumstances; stock of one "
       "company is ordinarily not substantially identical to another company's. No IRS ruling says whether two "
       "funds tracking the same index are.", None, None,
       ("p550-substantially-identical", "irc-1091")),
    # --- net operating losses, by the year the loss arose ---
    _f("nol-pre-1998",
       f"An NOL arising in a tax year beginning before August 6, 1997 was carried back {NOL_PRE_1998_CARRYBACK_YEARS} "
       f"years and forward {NOL_PRE_1998_CARRYFORWARD_YEARS} years, with no percentage limit.", None,
       FIRST_2_YEAR_NOL_YEAR - 1, ("pl-105-34", "irc-172-pre-tcja"),
       carryback_years=NOL_PRE_1998_CARRYBACK_YEARS, carryforward_years=NOL_PRE_1998_CARRYFORWARD_YEARS),
    _f("nol-pre-2018",
       f"An NOL arising before 2018 is carried back {NOL_PRE_TCJA_CARRYBACK_YEARS} years "
       f"({NOL_PRE_TCJA_CASUALTY_CARRYBACK_YEARS} for an individual's casualty or theft part, "
       f"{NOL_PRE_TCJA_FARMING_CARRYBACK_YEARS} for farming losses) unless the carryback is waived, then forward "
       f"{NOL_PRE_TCJA_CARRYFORWARD_YEARS} years, with no 80% limit. NOLs of 2001-2002, and an elected 2008 or "
       "2009 NOL, could go back up to 5 years.", FIRST_2_YEAR_NOL_YEAR, NOL_FIRST_YEAR_TCJA - 1,
       ("irc-172-pre-tcja", "pl-105-34"), carryback_years=NOL_PRE_TCJA_CARRYBACK_YEARS,
       carryforward_years=NOL_PRE_TCJA_CARRYFORWARD_YEARS, casualty_years=NOL_PRE_TCJA_CASUALTY_CARRYBACK_YEARS,
       farming_years=NOL_PRE_TCJA_FARMING_CARRYBACK_YEARS),
    _f("nol-farming",
       f"A farming loss arising in 2021 or later can be carried back {NOL_FARMING_CARRYBACK_YEARS} years unless the "
       f"carryback is waived; farming losses of 2018-{NOL_LAST_CARES_YEAR} had the CARES Act "
       f"{NOL_CARES_CARRYBACK_YEARS}-year carryback like other NOLs (or, by election, the 2-year farming "
       "carryback). What is not carried back carries forward indefinitely.", NOL_FIRST_YEAR_TCJA, None, ("irc-172b1b", "cares-2303", "form-172", "i172"),
       farming_years=NOL_FARMING_CARRYBACK_YEARS),
    _f("nol-waiver",
       "The carryback of an NOL can be waived by an election statement attached to the loss year's return filed by "
       "its due date including extensions; the election is irrevocable, and the NOL is then only carried forward.",
       None, None, ("irc-172b3", "form-172")),
    _f("nol-claim",
       f"An NOL carryback is claimed on Form 1045 within {NOL_TENTATIVE_REFUND_YEARS} year after the end of the loss "
       f"year (a quick tentative refund), or on Form 1040-X for each carryback year within {REFUND_CLAIM_YEARS} "
       "years after the due date, including extensions, of the loss year's return; Form 172 figures the NOL.",
       None, None, ("irc-6411a", "irc-6511d2", "p550-1045", "p17-nol-form-172", "form-1045", "form-1040x",
                    "form-172"), tentative_years=NOL_TENTATIVE_REFUND_YEARS, amended_years=REFUND_CLAIM_YEARS),
    _f("nol-nonbusiness",
       "In figuring an NOL, nonbusiness deductions count only up to nonbusiness income and capital losses only up "
       "to capital gains, so capital losses and nonbusiness deductions alone cannot create one; losses inside an "
       "IRA never count.", None, None,
       ("irc-172d", "i172", "irc-408e1")),
    # --- what kind of property ---
    _f("personal-use-gain",
       "A gain on personal-use property (a home, car, furniture, collectibles kept for enjoyment) is a taxable capital "
       "gain, but a loss on it is not deductible; an item sold for less than it cost has no gain to tax, and a Form "
       "1099-K for the sale does not change that (the Form 1040 and Form 8949 instructions say how to show it).",
       None, None, ("p550-personal-use", "irc-165c")),
    _f("investment-property-capital",
       "Land, stock or other property held for investment is a capital asset: its gain or loss on a sale is a "
       "capital gain or loss, subject to the capital loss limit.", None, None,
       ("p550-investment-property", "p550-limit")),
    # --- what Writeoff is and is not ---
    _f("not-a-preparer",
       "Writeoff explains federal tax law; it cannot prepare, fill in, sign or e-file a return or form, and it is not "
       "a paid preparer. It can name the form and line an item belongs on; free options are IRS Free File, VITA "
       "and TCE (IRS.gov/FreeFile, IRS.gov/VITA), or a paid preparer.", None, None, ("p17-free-file",)),
    _f("unverified-authority",
       "Writeoff cannot confirm a notice, ruling, regulation, case or form number it does not know; it does not "
       "adopt what such a cite is said to say. Check it at IRS.gov: notices, revenue rulings and procedures in the "
       "Internal Revenue Bulletin (IRS.gov/irb), regulations in Title 26 of the eCFR (ecfr.gov), forms and "
       "instructions at IRS.gov/Forms.", None, None,
       ("p590b-irb", "p17-irb", "p17-forms", "irb", "ecfr-26")),
]}
