"""Dated facts about losses: inside retirement accounts, Roth conversions, recharacterization, wash sales, capital
losses, worthless securities, personal-use property and NOLs."""
from __future__ import annotations

from app.rules.facts.model import Fact
from app.rules.facts.model import make_fact as _f
from app.rules.facts.numbers import (
    CAPITAL_LOSS_LIMIT,
    CAPITAL_LOSS_LIMIT_MFS,
    FIRST_YEAR_NO_RECHARACTERIZE_CONVERSION,
    FIRST_YEAR_PERMANENT,
    LAST_YEAR_MISC_DEDUCTION,
    MISC_DEDUCTION_FLOOR_PCT,
    NOL_CARES_CARRYBACK_YEARS,
    NOL_FARMING_CARRYBACK_YEARS,
    NOL_TAXABLE_INCOME_LIMIT_PCT,
    RECHARACTERIZE_2017_CONVERSION_DEADLINE,
    WASH_SALE_WINDOW_DAYS,
    WORTHLESS_REFUND_WINDOW_YEARS,
)

_PRE = ("p590b-2017", "notice-89-25", "irc-408d1", "irc-72", "irc-67b")
_SUSPENDED = ("p17-misc", "irc-67g", "pl-115-97")
_PERMANENT = ("pl-119-21", "irc-67h", "p590b-obbb", "p17-misc")

LOSS_FACTS: dict[str, Fact] = {f.id: f for f in [
    _f("ira-loss-through-2017",
       "A loss on traditional IRA investments was deductible only when all traditional, SEP and SIMPLE IRAs had been "
       "fully distributed and the total distributions were less than the unrecovered basis (nondeductible "
       "contributions); it was a miscellaneous itemized deduction on Schedule A subject to the 2%-of-AGI floor, not "
       "allowed for AMT, never a capital loss.", None, LAST_YEAR_MISC_DEDUCTION, _PRE,
       floor_pct=MISC_DEDUCTION_FLOOR_PCT),
    _f("ira-loss-2018-2025",
       "A loss on IRA investments is not deductible for 2018 through 2025: miscellaneous itemized deductions subject "
       "to the 2% floor are suspended.", 2018, 2025, _SUSPENDED),
    _f("ira-loss-2026-on",
       "A loss on IRA investments is not deductible for 2026 and later: P.L. 119-21 sec. 70110 made the disallowance "
       "of miscellaneous itemized deductions permanent (IRC 67(h)).", FIRST_YEAR_PERMANENT, None, _PERMANENT),
    _f("roth-loss-through-2017",
       "A Roth IRA loss was deductible only when all Roth IRAs had been fully distributed for less than the basis "
       "(contributions plus conversions less earlier tax-free withdrawals); miscellaneous itemized deduction subject "
       "to the 2%-of-AGI floor on Schedule A.", None, LAST_YEAR_MISC_DEDUCTION, _PRE,
       floor_pct=MISC_DEDUCTION_FLOOR_PCT),
    _f("roth-loss-2018-2025", "A Roth IRA loss is not deductible for 2018 through 2025.", 2018, 2025, _SUSPENDED),
    _f("roth-loss-2026-on", "A Roth IRA loss is not deductible for 2026 and later (P.L. 119-21 sec. 70110).",
       FIRST_YEAR_PERMANENT, None, _PERMANENT),
    _f("plan-loss-through-2017",
       "A 401(k), 403(b) or other plan gave a loss deduction only on a full distribution for less than the remaining "
       "after-tax (or designated Roth) basis; pre-tax deferrals and employer money give no basis; 2%-floor "
       "miscellaneous itemized deduction.", None, LAST_YEAR_MISC_DEDUCTION, ("irc-72", "irc-67b"),
       floor_pct=MISC_DEDUCTION_FLOOR_PCT),
    _f("plan-loss-2018-2025", "A loss in a 401(k), 403(b) or other plan is not deductible for 2018 through 2025.",
       2018, 2025, _SUSPENDED),
    _f("plan-loss-2026-on", "A loss in a 401(k), 403(b) or other plan is not deductible for 2026 and later.",
       FIRST_YEAR_PERMANENT, None, _PERMANENT),
    _f("market-loss-inside-account",
       "Market losses while money stays inside an IRA, Roth IRA, 401(k), 403(b) or other plan have no tax effect: not "
       "deductible, no offset of capital gains, no capital loss carryover, never on Schedule D or Form 8949, and not "
       "business or rental losses even when the account trades or owns real estate.", None, None,
       ("irc-408d1", "irc-72", "p17-misc")),
    _f("roth-conversion-loss",
       "A Roth conversion is taxed on the value converted; a later drop in value is not deductible.", None, None,
       ("p590b-rechar", "irc-408a-d6", "p17-misc")),
    _f("recharacterize-conversion-through-2017",
       "Conversions made through 2017 could be recharacterized (undone); 2017 conversions until October 15, 2018.",
       None, 2017, ("p590a-rechar", "p17-rechar"), deadline_2017=RECHARACTERIZE_2017_CONVERSION_DEADLINE),
    _f("recharacterize-conversion-2018-on",
       "A conversion (or plan rollover to a Roth IRA) made in 2018 or later cannot be recharacterized.",
       FIRST_YEAR_NO_RECHARACTERIZE_CONVERSION, None, ("p590b-rechar", "p590a-rechar", "tcja-13611", "irc-408a-d6")),
    _f("recharacterize-contribution",
       "A regular contribution can still be recharacterized (traditional <-> Roth) by the due date of the return "
       "including extensions, moving the net income attributable with it.", None, None,
       ("p590a-rechar-how", "p17-rechar")),
    _f("wash-sale",
       "Selling stock or securities at a loss and buying substantially identical ones (yourself or your spouse) within "
       "30 days before or after is a wash sale: the loss is disallowed and added to the basis of the new shares.",
       None, None, ("p550-wash", "irc-1091"), window_days=WASH_SALE_WINDOW_DAYS),
    _f("wash-sale-ira",
       "Selling at a loss and buying substantially identical stock in your IRA or Roth IRA within 30 days before or "
       "after is a wash sale: the loss is disallowed and NOT added to the basis of the new shares, so it is lost for "
       "good.", None, None, ("p550-wash", "rev-rul-2008-5", "irc-1091"), window_days=WASH_SALE_WINDOW_DAYS),
    _f("wash-sale-401k",
       "Whether buying the replacement in a 401(k) or other employer plan triggers the wash sale rule is not settled "
       "by IRS guidance.", None, None, ("p550-wash", "rev-rul-2008-5", "irc-1091"),
       window_days=WASH_SALE_WINDOW_DAYS),
    _f("wash-sale-inside-ira",
       "Sales inside an IRA produce no deductible loss, so there is no loss for the wash sale rule to disallow.",
       None, None, ("irc-1091", "irc-408d1")),
    _f("capital-loss-limit",
       "Capital losses offset capital gains without limit; a net capital loss is deductible against other income up "
       "to $3,000 ($1,500 married filing separately) a year.", None, None, ("p550-limit", "irc-1211b"),
       limit=CAPITAL_LOSS_LIMIT, limit_mfs=CAPITAL_LOSS_LIMIT_MFS),
    _f("unrealized-loss",
       "A drop in value of stocks, funds, bonds or crypto that are still held is not a deductible loss: a loss is "
       "figured and taken on a sale, trade or other disposition (or when a security becomes completely worthless); "
       "only then does it become a capital loss.", None, None,
       ("p550-sale-trade", "p550-basis", "irc-1001a", "reg-1.165-1b")),
    _f("capital-loss-carryover",
       "Unused net capital loss carries forward indefinitely, keeping its short- or long-term character; individuals "
       "cannot carry capital losses back.", None, None, ("p550-carryover", "irc-1212b")),
    _f("worthless-security",
       "A security that became completely worthless is treated as sold on the last day of the tax year, reported on "
       "Form 8949; a refund claim can be filed within 7 years; no deduction for a partial drop in value.", None, None,
       ("p550-worthless", "p550-worthless-refund", "irc-165g", "irc-6511d1"),
       refund_years=WORTHLESS_REFUND_WINDOW_YEARS),
    _f("worthless-in-ira", "A security that becomes worthless inside an IRA gives no deduction.", None, None,
       ("irc-408d1", "p17-misc")),
    # the 2%-floor deductions themselves, by year (the same law as the retirement-loss families above)
    _f("misc-itemized-through-2017",
       "Miscellaneous itemized deductions were allowed on Schedule A to the extent they exceeded 2% of AGI.",
       None, LAST_YEAR_MISC_DEDUCTION, ("irc-67b",), floor_pct=MISC_DEDUCTION_FLOOR_PCT),
    _f("misc-itemized-2018-2025",
       "Miscellaneous itemized deductions subject to the 2% floor are not allowed for 2018 through 2025 (suspended).",
       2018, 2025, _SUSPENDED),
    _f("misc-itemized-2026-on",
       "Miscellaneous itemized deductions subject to the 2% floor are not allowed for 2026 and later: P.L. 119-21 "
       "sec. 70110 made the disallowance permanent (IRC 67(h)).", FIRST_YEAR_PERMANENT, None,
       ("pl-119-21", "irc-67h", "p17-misc")),
    _f("personal-use-loss",
       "A loss from selling property held for personal use (a car, a home, furniture, jewelry) is not deductible, "
       "while a gain on it is a taxable capital gain; individuals deduct losses only from a trade or business, a "
       "transaction entered into for profit, or a casualty or theft.", None, None,
       ("p550-personal-use", "irc-165c")),
    _f("nol-post-2017",
       "NOLs arising after 2017 carry forward indefinitely; the deduction is limited to 80% of taxable income for "
       "years after 2020; no carryback except 2-year farming losses; the CARES Act allowed a 5-year carryback for "
       "2018-2020 NOLs. Capital losses count only up to capital gains and nonbusiness deductions only up to "
       "nonbusiness income.", 2018, None, ("irc-172", "cares-2303", "i172"),
       limit_pct=NOL_TAXABLE_INCOME_LIMIT_PCT, cares_years=NOL_CARES_CARRYBACK_YEARS,
       farming_years=NOL_FARMING_CARRYBACK_YEARS),
]}
