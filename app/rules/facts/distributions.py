"""Dated facts about retirement-account money coming out and going in: basis and Form 8606, the pro-rata rule, Roth
distributions, the 10% additional tax, rollovers and withholding, conversions, contribution limits, excess
contributions, recharacterization deadlines, IRAs that break the rules, theft after a distribution, and refund
claims. The exceptions to the 10% tax, one fact each, are in penalty_exceptions.py.

Statements print their numbers from numbers.py, so a number is written once. A year range is the tax years the
statement is true for; `None` is open-ended.
"""
from __future__ import annotations

from app.rules.facts.model import Fact
from app.rules.facts.model import make_fact as _f
from app.rules.facts.numbers import (
    EARLY_DISTRIBUTION_AGE,
    EARLY_DISTRIBUTION_AGE_TEXT,
    EARLY_DISTRIBUTION_PCT,
    EXCESS_CONTRIBUTION_TAX_PCT,
    FIRST_AGGREGATE_ROLLOVER_YEAR,
    FIRST_DESIGNATED_ROTH_YEAR,
    FIRST_HOME_LIMIT,
    FIRST_IRA_LIMIT_YEAR,
    FIRST_PLAN_WITHHOLDING_YEAR,
    FIRST_ROTH_YEAR,
    FIRST_SIMPLE_YEAR,
    FIRST_YEAR_PERMANENT,
    FORM_8606_OVERSTATEMENT_PENALTY,
    FORM_8606_PENALTY,
    IRA_CATCH_UP,
    IRA_CATCH_UP_AGE,
    IRA_CONTRIBUTION_LIMIT,
    IRA_WITHHOLDING_PCT,
    LAST_YEAR_MISC_DEDUCTION,
    MISC_DEDUCTION_FLOOR_PCT,
    PLAN_ROLLOVER_WITHHOLDING_PCT,
    RECHARACTERIZE_CORRECTION_MONTHS,
    REFUND_CLAIM_YEARS,
    REFUND_PAID_YEARS,
    ROLLOVER_DAYS,
    ROLLOVERS_PER_YEAR,
    ROTH_FIVE_YEARS,
    ROTH_PHASEOUT,
    SIMPLE_EARLY_PCT,
    SIMPLE_EARLY_YEARS,
    TRADITIONAL_DEDUCTION_PHASEOUT_COVERED,
    TRADITIONAL_DEDUCTION_PHASEOUT_SPOUSE_COVERED,
    UBTI_FILING_THRESHOLD,
    WORTHLESS_REFUND_WINDOW_YEARS,
)

_AGE = EARLY_DISTRIBUTION_AGE_TEXT
_PCT = EARLY_DISTRIBUTION_PCT
_LIMIT_YEARS = sorted(ROTH_PHASEOUT)  # the years the phase-out tables are known for (2025, 2026)


def _usd(n: int) -> str:
    return f"${n:,}"


def _range(bounds: tuple[int, int]) -> str:
    return f"{_usd(bounds[0])}-{_usd(bounds[1])}"


def _roth_limits(year: int) -> str:
    t = ROTH_PHASEOUT[year]
    return (f"{year}: {_range(t['single'])} single, head of household or married filing separately not living with "
            f"the spouse; {_range(t['mfj'])} married filing jointly or qualifying surviving spouse; "
            f"{_range(t['mfs'])} married filing separately living with the spouse")


def _deduction_limits(year: int) -> str:
    t = TRADITIONAL_DEDUCTION_PHASEOUT_COVERED[year]
    return (f"{year}: {_range(t['single'])} single or head of household, {_range(t['mfj'])} married filing jointly "
            f"or qualifying surviving spouse, {_range(t['mfs'])} married filing separately and living with the spouse; not covered but the "
            f"spouse is (joint return): {_range(TRADITIONAL_DEDUCTION_PHASEOUT_SPOUSE_COVERED[year])}")


def _contribution_limits(year: int) -> str:
    return (f"{year}: {_usd(IRA_CONTRIBUTION_LIMIT[year])}, "
            f"{_usd(IRA_CONTRIBUTION_LIMIT[year] + IRA_CATCH_UP[year])} at {IRA_CATCH_UP_AGE} or older")


DISTRIBUTION_FACTS: dict[str, Fact] = {f.id: f for f in [
    # --- basis and Form 8606 ---
    _f("ira-basis",
       "Basis in traditional IRAs is the nondeductible contributions plus after-tax plan money rolled in, less basis "
       "already recovered. Deductible contributions, pre-tax plan money and all earnings give none, so with no basis "
       "every distribution is fully taxable.", None, None,
       ("p590b-cost-basis", "p590b-no-basis", "p590a-cost-basis", "p590a-after-tax-rollover", "irc-72", "irc-408d1",
        "form-8606")),
    _f("ira-pro-rata",
       "All of a person's traditional, SEP and SIMPLE IRAs are one pool: the nontaxable share of a distribution or "
       "conversion is total basis divided by the value of all of them on December 31 (plus outstanding rollovers) "
       "plus the year's distributions and conversions, capped at 1.000, so each one is partly taxable until the "
       "basis is used up; no account or dollar can be picked as 'the basis'. Unused basis carries forward (Form 8606 "
       "line 14). In the year of death, the value at the date of death is used instead of December 31.", None, None,
       ("p590b-partly-taxable", "p590b-worksheet-1-1", "p590b-8606-pool", "p590b-8606-line-14",
        "p590b-date-of-death", "form-8606", "irc-408d1"), ratio_cap=1),
    _f("ira-basis-per-spouse",
       "IRA basis belongs to the spouse who made the nondeductible contributions: each spouse files a separate Form "
       "8606 and the pro-rata rule runs over that spouse's own traditional, SEP and SIMPLE IRAs, even on a joint "
       "return; one spouse's basis never makes the other's distribution tax-free.", None, None,
       ("p590b-8606-each-spouse", "p590b-8606-pool", "form-8606")),
    _f("form-8606-required",
       "Form 8606 is filed for every year with nondeductible traditional IRA contributions, and for every year with a "
       "traditional IRA distribution or conversion once there is basis; it is filed on its own, signed, even when no "
       "tax return is due. After-tax plan money rolled into a traditional IRA needs no Form 8606 that year; it is "
       "reported for the year of the first distribution from that IRA.", None, None,
       ("p590a-form-8606", "p590b-form-8606", "p590b-8606-alone", "p590a-8606-rollover", "form-8606")),
    _f("form-8606-missing",
       "If nondeductible contributions were never reported on Form 8606, they are treated as deductible and every "
       "distribution is taxed, unless the owner shows with satisfactory evidence that they were made. Each required "
       f"Form 8606 not filed costs {_usd(FORM_8606_PENALTY)} and each overstatement "
       f"{_usd(FORM_8606_OVERSTATEMENT_PENALTY)}, unless there was reasonable cause; the fix is to file the missing "
       "Forms 8606.", None, None,
       ("p590a-8606-missing", "p590a-8606-penalty", "irc-6693b", "form-8606"),
       penalty=FORM_8606_PENALTY, overstatement_penalty=FORM_8606_OVERSTATEMENT_PENALTY),
    _f("inherited-ira-basis",
       "Basis in an inherited traditional IRA stays with that IRA: the heir cannot combine it with the basis in their "
       "own IRAs or in IRAs inherited from someone else (a surviving spouse who treats the IRA as their own "
       "excepted), and figures distributions from each on a separate Form 8606.", None, None,
       ("p590b-inherited-basis", "form-8606")),
    # --- reporting and tax on distributions ---
    _f("ira-distribution-lines",
       "On the 2025 Form 1040, IRA distributions go on line 4a (total) and 4b (taxable amount, from Form 8606 when "
       "there is basis; a fully taxable distribution needs only 4b); a rollover shows the total on 4a, the part not "
       "rolled over on 4b (0 if all) and the box on 4c is checked. Pensions and 401(k)s use lines 5a, 5b and 5c. "
       "The amounts come from Form 1099-R boxes 1 and 2a.", 2025, 2025,
       ("p590b-lines-4a-4b", "p590a-rollover-reporting", "p590a-plan-lines", "p590b-1099r", "form-1099r")),
    _f("ira-distribution-income",
       "A traditional IRA distribution is ordinary income for the year received, except the part that returns basis; "
       "no capital gain treatment applies to it.", None, None,
       ("p590b-ordinary-income", "irc-408d1", "irc-72")),
    _f("early-distribution-tax",
       f"A distribution received before age {_AGE} owes a {_PCT}% additional tax on its taxable part, on top of income "
       "tax, unless an exception applies; never on basis, and not on a timely rollover. It is figured on Form 5329, "
       "or entered directly on Schedule 2 (Form 1040) line 8 (2025 form) when Form 1099-R shows code 1 and no "
       "exception or other additional tax applies.", None, None,
       ("p590b-early-10", "p590b-basis-no-10", "p590b-form-5329", "p590b-schedule-2", "irc-72t", "form-5329"),
       pct=_PCT, age=EARLY_DISTRIBUTION_AGE),
    _f("simple-ira-25",
       f"A SIMPLE IRA distribution within {SIMPLE_EARLY_YEARS} years of first participating in the employer's "
       f"SIMPLE plan owes {SIMPLE_EARLY_PCT}% instead of {_PCT}% as the additional tax, unless an exception applies.",
       FIRST_SIMPLE_YEAR, None, ("p590b-simple-25", "irc-72t6"), pct=SIMPLE_EARLY_PCT, years=SIMPLE_EARLY_YEARS),
    # --- Roth IRAs and designated Roth accounts ---
    _f("roth-qualified",
       f"A Roth IRA distribution is qualified, and tax-free, when it is made after the {ROTH_FIVE_YEARS}-year period "
       "that starts January 1 of the first year for which any Roth IRA contribution (a conversion counts) was made, "
       f"and at or after age {_AGE}, on disability, to a beneficiary after death, or for a first home "
       f"({_usd(FIRST_HOME_LIMIT)} lifetime). Returns of regular contributions are tax-free at any time, and a "
       "Roth-to-Roth rollover keeps the clock.", FIRST_ROTH_YEAR, None,
       ("p590b-roth-qualified", "p590b-roth-tax-free", "p590b-conversion-5yr-example", "p590a-roth-rollover-clock",
        "irc-408a-d2", "reg-1.408a-6"), years=ROTH_FIVE_YEARS, age=EARLY_DISTRIBUTION_AGE,
       first_home_limit=FIRST_HOME_LIMIT),
    _f("roth-ordering",
       "A Roth IRA distribution comes out in a fixed order: regular contributions first, then conversion and rollover "
       "contributions, oldest year first (within each, the part that was taxable when converted before the "
       "nontaxable part), then earnings. All Roth IRAs and all of the year's distributions are added together, and "
       "only the earnings part can be income.", FIRST_ROTH_YEAR, None,
       ("p590b-ordering-steps", "p590b-aggregation", "p590b-ordering", "irc-408a-d4b", "reg-1.408a-6")),
    _f("roth-conversion-five-year",
       f"The {_PCT}% additional tax applies to the once-taxable part of a conversion (or plan rollover to a Roth IRA) "
       f"withdrawn within that conversion's own {ROTH_FIVE_YEARS}-year period, which starts January 1 of the "
       f"conversion year, unless an exception applies (age {_AGE} is one). Each conversion has its own period, "
       "separate from the qualified-distribution clock: a 2022 conversion is free of it from January 1, 2027.",
       FIRST_ROTH_YEAR, None, ("p590b-conversion-5yr", "p590b-conversion-5yr-example", "irc-408a-d3f"),
       years=ROTH_FIVE_YEARS, pct=_PCT),
    _f("roth-reporting",
       "A nonqualified Roth IRA distribution is figured on Form 8606 Part III (lines 19-25); the additional tax on "
       "its earnings or on a conversion amount recaptured within 5 years goes on Form 5329 (the recapture on line "
       "1).", FIRST_ROTH_YEAR, None,
       ("p590b-roth-taxable-part", "p590b-8606-part-iii", "p590b-form-5329", "form-8606", "form-5329")),
    _f("designated-roth",
       "A designated Roth account (Roth 401(k), 403(b) or 457(b)) is not an IRA: qualified distributions are "
       "tax-free, a nonqualified one is split pro rata between contributions and earnings (IRC 72(e)(8)) rather than "
       "by the Roth IRA ordering rules, each plan has its own 5-year period, and it rolls over only to another "
       "designated Roth account or to a Roth IRA.", FIRST_DESIGNATED_ROTH_YEAR, None,
       ("p590b-designated-roth", "p590a-designated-roth-rollover", "irc-72e8", "reg-1.402a-1")),
    _f("after-tax-plan-money",
       "After-tax (non-Roth) contributions in a 401(k) or other plan are basis (Form 1099-R box 5): they are not "
       "taxed when distributed or rolled over to a Roth IRA, and rolled into a traditional IRA they become IRA basis "
       "on Form 8606. Since 2015 one distribution can send the pre-tax part to a traditional IRA and the after-tax "
       "part to a Roth IRA (Notice 2014-54).", None, None,
       ("p590a-roth-plan-rollover", "p590a-after-tax-rollover", "p590a-plan-lines", "notice-2014-54")),
    # --- rollovers ---
    _f("rollover-60-day",
       f"A distribution redeposited in an IRA or eligible plan by the {ROLLOVER_DAYS}th day after it was received is "
       "tax-free (received June 30, due by August 29). Not redeposited in time, it is taxable for the year "
       f"distributed, even if the {ROLLOVER_DAYS} days end the next year, plus the {_PCT}% under age {_AGE} unless an "
       "exception applies, and a later deposit is a regular contribution. The IRS can waive the 60 days: "
       "automatically (the institution's error), by self-certification (now Rev. Proc. 2020-46) or by a private "
       "letter ruling.", None, None,
       ("p590a-60-day", "p590a-late-rollover", "p590a-rollover-waiver", "rev-proc-2020-46", "irc-408d3"),
       days=ROLLOVER_DAYS, pct=_PCT),
    _f("rollover-once-a-year",
       "Only one IRA-to-IRA 60-day rollover is allowed in any 1-year period, counted from the date "
       "of the distribution, across all of a person's IRAs together (traditional, Roth, SEP and SIMPLE); "
       "trustee-to-trustee transfers, conversions and rollovers from employer plans do not count, and the IRS cannot "
       "waive the limit. A second one is a taxable distribution, and its deposit a regular contribution.",
       FIRST_AGGREGATE_ROLLOVER_YEAR, None,
       ("p590a-one-per-year", "p590a-no-waiver-one-per-year", "p590a-plan-no-limit", "irc-408d3b"),
       per_year=ROLLOVERS_PER_YEAR),
    _f("rollover-withholding",
       f"An eligible rollover distribution from a 401(k) or other plan paid to the participant has "
       f"{PLAN_ROLLOVER_WITHHOLDING_PCT}% withheld even if it will be rolled over; to roll over the full amount the "
       "withheld part must be made up from other money within the 60 days, otherwise that part is taxable (plus the "
       f"{_PCT}% under age {_AGE}). A direct rollover has no withholding. IRA nonperiodic payments have "
       f"{IRA_WITHHOLDING_PCT}% withheld unless the owner chooses otherwise. Tax withheld is a payment credited on "
       "the return.", FIRST_PLAN_WITHHOLDING_YEAR, None,
       ("p590a-withholding-20", "p590a-make-up-20", "p590a-direct-rollover", "p590b-ira-withholding", "irc-3405c"),
       plan_pct=PLAN_ROLLOVER_WITHHOLDING_PCT, ira_pct=IRA_WITHHOLDING_PCT),
    _f("money-lost-outside-ira",
       "Money taken out of an IRA is taxed on the amount distributed, not on what is left: if less is redeposited "
       f"within {ROLLOVER_DAYS} days, the shortfall is a taxable distribution (plus the {_PCT}% under age {_AGE}) "
       "even though it was lost. The investment loss itself is a capital loss only if the money was invested in a "
       "taxable account and the investment was sold (Form 8949, within the $3,000 limit); it never reduces the "
       "distribution.", None, None,
       ("p590a-late-rollover", "p590a-partial-rollover", "p550-limit", "irc-1211b")),
    # --- conversions and contributions ---
    _f("conversion-taxable",
       "A conversion from a traditional, SEP or SIMPLE IRA (or a plan rollover) to a Roth IRA is taxed for the "
       "conversion year on the amount converted less its share of basis (pro rata, Form 8606), property at its fair "
       f"market value when converted; done properly, the conversion itself owes no {_PCT}% additional tax.",
       FIRST_ROTH_YEAR, None,
       ("p590a-conversion-income", "p590a-conversion-no-10", "irc-408a-d3", "reg-1.408a-4", "form-8606")),
    _f("ira-contribution-limit",
       "Contributions to all of a person's traditional and Roth IRAs for a year are limited to the smaller of the "
       f"year's limit ({_contribution_limits(2025)}; {_contribution_limits(2026)}) and taxable compensation.",
       FIRST_IRA_LIMIT_YEAR, max(IRA_CONTRIBUTION_LIMIT),
       ("p590a-limit-2025", "p590a-whats-new-2026", "p17-contribution-limits"),
       limit=IRA_CONTRIBUTION_LIMIT, catch_up=IRA_CATCH_UP, catch_up_age=IRA_CATCH_UP_AGE),
    _f("roth-income-limit",
       "The Roth IRA contribution limit is reduced, and then nothing is allowed, as modified AGI rises through: "
       + "; ".join(_roth_limits(y) for y in _LIMIT_YEARS) + ". Inside the range the limit is cut in proportion to "
       "how far into it modified AGI is, rounded up to the next $10 and never below $200 (Worksheet 2-2).", _LIMIT_YEARS[0], _LIMIT_YEARS[-1],
       ("p590a-table-2-1", "p590a-worksheet-2-2", "p590a-roth-2026", "irc-408a-c3", "notice-2023-75"),
       phaseout=ROTH_PHASEOUT),
    _f("traditional-deduction-limit",
       "A traditional IRA contribution is fully deductible when neither spouse is covered by a workplace plan; when "
       "one is, the deduction phases out by modified AGI through "
       + "; ".join(_deduction_limits(y) for y in _LIMIT_YEARS) + ". The part not deductible can still be contributed as a nondeductible contribution, reported on Form 8606 "
       "as basis.", _LIMIT_YEARS[0], _LIMIT_YEARS[-1],
       ("p590a-table-1-2", "p590a-table-1-3", "p590a-phaseout-2026", "p590a-nondeductible", "irc-219g",
        "form-8606", "notice-2023-75"),
       covered=TRADITIONAL_DEDUCTION_PHASEOUT_COVERED, spouse_covered=TRADITIONAL_DEDUCTION_PHASEOUT_SPOUSE_COVERED),
    _f("excess-contribution",
       f"An excess IRA or Roth IRA contribution owes a {EXCESS_CONTRIBUTION_TAX_PCT}% tax for each year it stays in "
       "(Form 5329) unless, by the due date of the return including extensions, it is withdrawn with its net income "
       "(which can be negative) or recharacterized; it is then treated as never contributed, and the earnings are "
       "taxable for the contribution year (free of the 10% for withdrawals from December 29, 2022). After a timely "
       f"filed return, the withdrawal can still be made within {RECHARACTERIZE_CORRECTION_MONTHS} months of the due "
       "date excluding extensions, with an amended return marked \"Filed pursuant to section 301.9100-2\". Past "
       "that, the excess is taxed for its year and carries into the next year's excess, reduced by what is withdrawn "
       "during that year and by that year's unused contribution limit.",
       None, None,
       ("p590a-excess-6", "p590a-excess-withdrawn", "p590a-excess-earnings", "p590a-roth-excess",
        "p590a-roth-excess-carried", "p590a-roth-excess-withdrawn", "p590a-roth-excess-6-month", "irc-4973", "reg-301.9100-2", "form-5329"),
       pct=EXCESS_CONTRIBUTION_TAX_PCT, months=RECHARACTERIZE_CORRECTION_MONTHS),
    _f("recharacterize-contribution-deadline",
       "A regular contribution is recharacterized (traditional <-> Roth) by electing and having the trustee transfer "
       "it, with its net income, by the due date of the return for the contribution year including extensions. If "
       f"that return was filed on time, it can still be done within {RECHARACTERIZE_CORRECTION_MONTHS} months of the "
       "due date excluding extensions (October 15, 2026 for 2025), followed by an amended return marked \"Filed "
       "pursuant to section 301.9100-2\". A deadline on a Saturday, Sunday or legal holiday moves to the next "
       "business day; after that only a private letter ruling (Reg. 301.9100-3) can allow it.", FIRST_ROTH_YEAR, None,
       ("p590a-rechar-how", "p590a-rechar-6-month", "p590a-weekend", "p590a-rechar-amend", "reg-301.9100-2",
        "reg-301.9100-3"), months=RECHARACTERIZE_CORRECTION_MONTHS),
    # --- IRAs that break the rules, and losses around them ---
    _f("prohibited-transaction",
       "Borrowing from an IRA, selling property to it, or buying property for personal use with IRA money, by the "
       "owner or a disqualified person (the fiduciary, spouse, ancestors, lineal descendants and their spouses), is "
       "a prohibited transaction: that IRA stops being an IRA on January 1 of the year and all its assets are "
       "treated as distributed at fair market value that day, taxable above basis and possibly subject to "
       "additional taxes; the owner's other IRAs are not affected. Pledging part of an IRA as security for a loan "
       "makes that part a taxable distribution.", None, None,
       ("p590b-prohibited", "p590b-prohibited-effect", "p590b-pledging", "irc-408e2", "irc-4975")),
    _f("ira-ubti",
       "An IRA that carries on a business, or is a partner in one (an MLP, for example), owes tax on the unrelated "
       f"business income itself: with {_usd(UBTI_FILING_THRESHOLD)} or more of gross unrelated business income the "
       "IRA, through its trustee, files Form 990-T. The IRA, not the owner, is the partner, so a K-1 loss or income "
       "never goes on the owner's Form 1040.", None, None,
       ("p590b-ubti", "irc-408e1", "irc-511", "form-990t"), threshold=UBTI_FILING_THRESHOLD),
    _f("ira-fees-through-2017",
       "IRA trustee or custodian fees billed separately and paid from outside the IRA were a miscellaneous itemized "
       f"deduction, allowed to the extent those deductions exceeded {MISC_DEDUCTION_FLOOR_PCT}% of AGI.",
       None, LAST_YEAR_MISC_DEDUCTION, ("irc-67b",), floor_pct=MISC_DEDUCTION_FLOOR_PCT),
    _f("ira-fees",
       "IRA trustee or custodian fees billed separately and paid from outside the IRA are a miscellaneous itemized "
       f"deduction and are not deductible for 2018 and later (suspended through 2025, permanently from "
       f"{FIRST_YEAR_PERMANENT}).", LAST_YEAR_MISC_DEDUCTION + 1, None, ("p17-ira-fees", "irc-67g", "irc-67h")),
    _f("loss-inside-ira-fraud",
       "A fraudulent, stolen or worthless investment held by an IRA (a Ponzi scheme, a failed self-directed deal) is "
       "the IRA's loss, not the owner's: the owner has no theft, casualty or capital loss deduction for it in any "
       "year. Before 2018 the only route was the loss on fully distributing all IRAs of that kind for less than "
       "their basis.", None, None, ("irc-408e1", "irc-408d1", "p17-misc")),
    _f("theft-after-distribution",
       "Money first distributed from an IRA and then stolen is still a taxable distribution for the year paid (plus "
       f"the {_PCT}% under age {_AGE} unless an exception applies), and after {ROLLOVER_DAYS} days it cannot be "
       "rolled back. The stolen money may be a theft loss from a transaction entered into for profit (IRC "
       "165(c)(2)): IRS Chief Counsel Advice 202511015 (not binding) treats compromised-account, phishing and "
       "investment scams where the victim moved money to protect or invest it that way, but not romance or "
       "kidnapping scams. It "
       "goes on Form 4684 Section B and Schedule A line 16 (not a miscellaneous deduction), for the year the theft "
       "is discovered, less any claim with a reasonable prospect of recovery.", None, None,
       ("p17-theft-investment", "p590a-late-rollover", "irc-165c2", "irc-165e", "reg-1.165-8", "cca-202511015",
        "form-4684")),
    # --- amended returns ---
    _f("refund-claim-window",
       f"A refund claim (Form 1040-X) must be filed within {REFUND_CLAIM_YEARS} years after the return was filed or "
       f"{REFUND_PAID_YEARS} years after the tax was paid, whichever is later (an early return counts as filed on "
       "its due date), and the refund is limited to the tax paid in the 3 years (plus extension) or 2 years before "
       f"the claim; worthless securities and bad debts have {WORTHLESS_REFUND_WINDOW_YEARS} years. Form 1040-X can "
       "be e-filed for the current and 2 prior tax years, older ones on paper.", None, None,
       ("p17-refund-window", "p17-refund-limit", "p17-1040x", "p17-1040x-efile", "irc-6511a", "form-1040x"),
       years=REFUND_CLAIM_YEARS, paid_years=REFUND_PAID_YEARS),
]}
