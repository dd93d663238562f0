"""Every number and year boundary of the law, once (IRC sections named next to each)."""
from __future__ import annotations

CAPITAL_LOSS_LIMIT = 3000  # IRC 1211(b)
CAPITAL_LOSS_LIMIT_MFS = 1500  # married filing separately
MISC_DEDUCTION_FLOOR_PCT = 2  # % of AGI, IRC 67(a), years through 2017
NOL_TAXABLE_INCOME_LIMIT_PCT = 80  # IRC 172(a)(2), tax years after 2020
NOL_CARES_CARRYBACK_YEARS = 5  # CARES Act, NOLs arising in 2018-2020
NOL_FARMING_CARRYBACK_YEARS = 2
NOL_FIRST_YEAR_TCJA = 2018  # NOLs arising from here: carryforward only (IRC 172(b)(1)(A)), 80% limit
NOL_LAST_CARES_YEAR = 2020  # NOLs arising 2018-2020: CARES 5-year carryback; 80% limit only for tax years after 2020
WORTHLESS_REFUND_WINDOW_YEARS = 7  # IRC 6511(d)(1)
WASH_SALE_WINDOW_DAYS = 30  # IRC 1091, before or after the sale
RECHARACTERIZE_2017_CONVERSION_DEADLINE = "October 15, 2018"
LAST_YEAR_MISC_DEDUCTION = 2017  # last tax year the 2%-floor deductions were allowed
FIRST_YEAR_PERMANENT = 2026  # P.L. 119-21 sec. 70110 makes the suspension permanent from here
FIRST_YEAR_NO_RECHARACTERIZE_CONVERSION = 2018
MIN_TAX_YEAR, MAX_TAX_YEAR = 1990, 2030  # range the rules reason about (app/intake.py reads it from here); outside it they stay silent


