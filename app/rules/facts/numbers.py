"""Every number and year boundary of the law, once (IRC sections named next to each).

Dollar amounts that change by tax year are dicts keyed by year, holding only the years a corpus page states (the page
is named in the comment); a missing year means "not known here", never "same as last year". A phase-out range
(lower, upper) means: full amount at or below `lower`, reduced between, nothing at or above `upper`. Filing-status
keys: single, hoh, mfj, qss (qualifying surviving spouse), mfs (married filing separately and lived with the spouse
at any time in the year; an mfs filer who did not is treated as single for these limits, p590a-2025 pages 14, 42).
"""
from __future__ import annotations

from decimal import Decimal

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

# --- distributions and the 10% additional tax (IRC 72(t)) ---
EARLY_DISTRIBUTION_PCT = 10  # IRC 72(t)(1)
SIMPLE_EARLY_PCT = 25  # IRC 72(t)(6): SIMPLE IRA within 2 years of first participation
SIMPLE_EARLY_YEARS = 2
# Age as a Decimal so `age >= EARLY_DISTRIBUTION_AGE` works with int, float and Decimal ages; the text form is what
# answers print (the publications write "59½").
EARLY_DISTRIBUTION_AGE = Decimal("59.5")  # IRC 72(t)(2)(A)(i)
EARLY_DISTRIBUTION_AGE_TEXT = "59 1/2"
SEPARATION_FROM_SERVICE_AGE = 55  # IRC 72(t)(2)(A)(v): plans only, separation in or after the year of turning 55
PUBLIC_SAFETY_SEPARATION_AGE = 50  # IRC 72(t)(10)
UNEMPLOYMENT_WEEKS = 12  # IRC 72(t)(2)(D): health insurance premiums after 12 consecutive weeks of unemployment pay
FIRST_HOME_LIMIT = 10000  # IRC 72(t)(2)(F), 72(t)(8)(B): lifetime; also the Roth qualified-distribution cap, 408A(d)(5)
FIRST_HOME_USE_DAYS = 120  # IRC 72(t)(8)(A)
MEDICAL_AGI_FLOOR_PCT = Decimal("7.5")  # IRC 72(t)(2)(B) via IRC 213(a); 7.5% from 2017
BIRTH_ADOPTION_LIMIT = 5000  # IRC 72(t)(2)(H), per child per parent, distributions after 2019
EMERGENCY_EXPENSE_LIMIT = 1000  # IRC 72(t)(2)(I), one a calendar year, distributions after 2023
DOMESTIC_ABUSE_LIMIT = {2025: 10300}  # indexed; lesser of this or 50% of the account (p590b-2025 page 28)
DOMESTIC_ABUSE_PCT = 50
TERMINAL_ILLNESS_MONTHS = 84  # IRC 72(t)(2)(L): certified to result in death within 84 months
SEPP_MIN_YEARS = 5  # IRC 72(t)(4): no change before the later of 5 years or 59 1/2, or the 10% comes back with interest
REQUIRED_BEGINNING_AGE = 73  # IRC 401(a)(9)(C), for those reaching 72 after 2022 (p590b-2025 page 24)

# --- first tax years of the rules the distribution facts state ---
FIRST_IRA_LIMIT_YEAR = 1997  # first year of the contribution-limit table below
FIRST_SIMPLE_YEAR = 1997  # SIMPLE IRAs (IRC 408(p)) and the 25% rate of IRC 72(t)(6)
FIRST_ROTH_YEAR = 1998  # Roth IRAs (IRC 408A, P.L. 105-34)
FIRST_DESIGNATED_ROTH_YEAR = 2006  # Roth 401(k)/403(b) accounts (IRC 402A)
FIRST_PLAN_WITHHOLDING_YEAR = 1993  # 20% withholding on eligible rollover distributions (IRC 3405(c))
FIRST_AGGREGATE_ROLLOVER_YEAR = 2015  # one rollover a year across all IRAs (Bobrow v. Commissioner; Ann. 2014-15)

# --- Roth IRAs (IRC 408A) ---
ROTH_FIVE_YEARS = 5  # IRC 408A(d)(2)(B) qualified-distribution period; 408A(d)(3)(F) per-conversion period

# --- rollovers and withholding ---
ROLLOVER_DAYS = 60  # IRC 408(d)(3)(A), 402(c)(3)
ROLLOVERS_PER_YEAR = 1  # IRC 408(d)(3)(B): one IRA-to-IRA rollover per 1-year period, all IRAs together
PLAN_ROLLOVER_WITHHOLDING_PCT = 20  # IRC 3405(c)
IRA_WITHHOLDING_PCT = 10  # IRC 3405(b): nonperiodic IRA payments unless the owner elects otherwise (Form W-4R)
ROLLOVER_WAIVER_RULING_FEE = 18500  # private letter ruling user fee (p590a-2025 page 24, Rev. Proc. 2026-4)

# --- contributions (IRC 219, 408A(c)) ---
# General limit and the age-50 catch-up. 1997-2024 from the table in Pub 17 (2025) page 87, 2025 from p590a-2025
# page 1, 2026 from page 2. Before 1997 the table shows $2,250 (the old spousal total), so no single-person limit here.
IRA_CONTRIBUTION_LIMIT = {
    **{y: 2000 for y in range(1997, 2002)}, **{y: 3000 for y in range(2002, 2005)}, 2005: 4000, 2006: 4000,
    2007: 4000, **{y: 5000 for y in range(2008, 2013)}, **{y: 5500 for y in range(2013, 2019)},
    **{y: 6000 for y in range(2019, 2023)}, 2023: 6500, 2024: 7000, 2025: 7000, 2026: 7500,
}
IRA_CATCH_UP = {  # extra for those age 50 or older by the end of the year (IRC 219(b)(5)(B))
    **{y: 500 for y in range(2002, 2006)}, **{y: 1000 for y in range(2006, 2026)}, 2026: 1100,
}
IRA_CATCH_UP_AGE = 50
# Worksheet 2-2 (p590a-2025 page 43): a reduced Roth limit is rounded up to the next $10 and is at least $200
ROTH_REDUCED_ROUND_TO = 10
ROTH_REDUCED_MINIMUM = 200
EXCESS_CONTRIBUTION_TAX_PCT = 6  # IRC 4973
RECHARACTERIZE_CORRECTION_MONTHS = 6  # Reg. 301.9100-2(b): after a timely filed return, 6 months from the due date
ROTH_PHASEOUT = {  # modified AGI, IRC 408A(c)(3); Table 2-1, p590a-2025 page 42; 2026 on page 2; 2024: Notice 2023-75
    2024: {"single": (146000, 161000), "hoh": (146000, 161000), "mfj": (230000, 240000), "qss": (230000, 240000),
           "mfs": (0, 10000)},
    2025: {"single": (150000, 165000), "hoh": (150000, 165000), "mfj": (236000, 246000), "qss": (236000, 246000),
           "mfs": (0, 10000)},
    2026: {"single": (153000, 168000), "hoh": (153000, 168000), "mfj": (242000, 252000), "qss": (242000, 252000),
           "mfs": (0, 10000)},
}
TRADITIONAL_DEDUCTION_PHASEOUT_COVERED = {  # covered by a workplace plan, IRC 219(g); Table 1-2, p590a page 14;
    # 2024: Notice 2023-75
    2024: {"single": (77000, 87000), "hoh": (77000, 87000), "mfj": (123000, 143000), "qss": (123000, 143000),
           "mfs": (0, 10000)},
    2025: {"single": (79000, 89000), "hoh": (79000, 89000), "mfj": (126000, 146000), "qss": (126000, 146000),
           "mfs": (0, 10000)},
    2026: {"single": (81000, 91000), "hoh": (81000, 91000), "mfj": (129000, 149000), "qss": (129000, 149000),
           "mfs": (0, 10000)},
}
# You are not covered but your spouse is (joint return, or separate return and you lived together): Table 1-3,
# p590a-2025 page 14. Neither spouse covered: full deduction at any income.
TRADITIONAL_DEDUCTION_PHASEOUT_SPOUSE_COVERED = {2024: (230000, 240000), 2025: (236000, 246000),
                                                 2026: (242000, 252000)}
TRADITIONAL_DEDUCTION_PHASEOUT_SPOUSE_COVERED_MFS = {2024: (0, 10000), 2025: (0, 10000), 2026: (0, 10000)}

# --- Form 8606 penalties (IRC 6693(b)) ---
FORM_8606_PENALTY = 50  # each required Form 8606 not filed, unless reasonable cause
FORM_8606_OVERSTATEMENT_PENALTY = 100  # each overstatement of nondeductible contributions

# --- IRAs that run a business ---
UBTI_FILING_THRESHOLD = 1000  # gross unrelated business income that requires Form 990-T (p590b-2025 page 24)

# --- refunds and amended returns (IRC 6511) ---
REFUND_CLAIM_YEARS = 3  # IRC 6511(a): from the date the return was filed
REFUND_PAID_YEARS = 2  # ... or from the date the tax was paid, whichever is later
AMENDED_EFILE_PRIOR_YEARS = 2  # Form 1040-X e-file: the current and 2 prior tax periods (p17-2025 page 18)
NOL_TENTATIVE_REFUND_YEARS = 1  # IRC 6411(a): Form 1045 within 1 year after the end of the loss year
# a calendar year's individual return is due April 15 of the next year (IRC 6072(a)); refund windows run from it
RETURN_DUE_MONTH, RETURN_DUE_DAY = 4, 15

# --- investments ---
FIRST_1244_LIMIT_YEAR = 1979  # the $50,000/$100,000 section 1244 limits (Revenue Act of 1978)
FIRST_ABANDONMENT_YEAR = 2008  # abandoned securities count as worthless from March 13, 2008 (p550-2025 page 55)
FIRST_CODE_W_YEAR = 2011  # Form 8949 code W and 1099-B box 1g (basis reporting of covered securities)
FIRST_2_YEAR_NOL_YEAR = 1998  # NOLs of tax years beginning after August 5, 1997 (P.L. 105-34 sec. 1082)
SECTION_1244_LIMIT = 50000  # IRC 1244(b), ordinary loss a year
SECTION_1244_LIMIT_JOINT = 100000  # joint return, even if only one spouse had the loss
NOL_PRE_TCJA_CARRYBACK_YEARS = 2  # IRC 172(b)(1)(A) before P.L. 115-97, NOLs arising 1998-2017
NOL_PRE_TCJA_CARRYFORWARD_YEARS = 20
NOL_PRE_TCJA_CASUALTY_CARRYBACK_YEARS = 3  # an individual's casualty or theft part (IRC 172(b)(1), pre-TCJA)
NOL_PRE_TCJA_FARMING_CARRYBACK_YEARS = 5  # farming losses (IRC 172(b)(1), pre-TCJA)
NOL_PRE_1998_CARRYBACK_YEARS = 3  # NOLs of tax years beginning before August 6, 1997 (P.L. 105-34 sec. 1082)
NOL_PRE_1998_CARRYFORWARD_YEARS = 15
