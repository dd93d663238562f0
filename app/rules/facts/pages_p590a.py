"""Corpus pages from Publication 590-A (2025) cited by the facts: contribution, deduction and Roth limits, Form
8606 designation, rollovers, withholding, conversions, recharacterization and excess contributions.

Each carries the printed page and a passage copied verbatim from it (after joining "-\n" and collapsing whitespace);
tests/test_rules_facts.py reads the PDF page and checks the passage and the page's words (PAGE_WORDS).
"""
from __future__ import annotations

from app.rules.facts.model import Authority
from app.rules.facts.refs import corpus as _c

_P590A = "p590a-2025"

PAGES: dict[str, Authority] = {a.id: a for a in [
    _c("p590a-limit-2025", _P590A, "What's New for 2025 > IRA contribution limit for 2025", 1,
       "For 2025, the IRA contribution limit remains $7,000 ($8,000 for individuals age 50 or older)."),
    _c("p590a-whats-new-2026", _P590A, "What's New for 2026 > IRA contribution limit increased for 2026", 2,
       "Beginning in 2026, the IRA contribution limit is increased to $7,500 ($8,600 for individuals age 50 "
       "or older) from $7,000 ($8,000 for individuals age 50 or older)."),
    _c("p590a-phaseout-2026", _P590A,
       "What's New for 2026 > Modified AGI limit for traditional IRA contributions increased", 2,
       "For 2026, if you are covered by a retirement plan at work, your deduction for contributions to a "
       "traditional IRA is reduced (phased out) if your modified AGI is: • More than $129,000 but less than "
       "$149,000 for a married couple filing a joint return or a qualifying surviving spouse, • More than "
       "$81,000 but less than $91,000 for a single individual or head of household, or • Less than $10,000 "
       "for a married individual filing a separate return."),
    _c("p590a-roth-2026", _P590A,
       "What's New for 2026 > Modified AGI limit for Roth IRA contributions increased", 2,
       "Your filing status is single, head of household, or married filing separately and you didn’t live "
       "with your spouse at any time in 2026 and your modified AGI is at least $153,000. You can’t make a "
       "Roth IRA contribution if your modified AGI is $168,000 or more."),
    _c("p590a-table-1-2", _P590A,
       "Ch. 1 > How Much Can You Deduct? > Table 1-2 (covered by a retirement plan at work)", 14,
       "single or head of household $79,000 or less a full deduction. more than $79,000 but less than "
       "$89,000 a partial deduction. $89,000 or more no deduction. married filing jointly or qualifying "
       "surviving spouse $126,000 or less a full deduction. more than $126,000 but less than $146,000 a "
       "partial deduction. $146,000 or more no deduction."),
    _c("p590a-table-1-3", _P590A,
       "Ch. 1 > How Much Can You Deduct? > Table 1-3 (not covered by a retirement plan at work)", 14,
       "single, head of household, or qualifying surviving spouse any amount a full deduction. married "
       "filing jointly or separately with a spouse who isn’t covered by a plan at work any amount a full "
       "deduction. married filing jointly with a spouse who is covered by a plan at work $236,000 or less a "
       "full deduction. more than $236,000 but less than $246,000 a partial deduction. $246,000 or more no "
       "deduction."),
    _c("p590a-nondeductible", _P590A, "Ch. 1 > How Much Can You Deduct? > Nondeductible Contributions", 16,
       "Because you were covered by a retirement plan and your modified AGI is above $89,000, you can’t "
       "deduct your $7,000 IRA contribution. You must designate this contribution as a nondeductible "
       "contribution by reporting it on Form 8606."),
    _c("p590a-form-8606", _P590A, "Ch. 1 > Nondeductible Contributions > Form 8606", 16,
       "You must file Form 8606 to report nondeductible contributions even if you don’t have to file a tax "
       "return for the year."),
    _c("p590a-8606-rollover", _P590A, "Ch. 1 > Nondeductible Contributions > Form 8606", 16,
       "A Form 8606 isn’t used for the year that you make a rollover from a qualified retirement plan to a "
       "traditional IRA and the rollover includes nontaxable amounts. In those situations, a Form 8606 is "
       "completed for the year you take a distribution from that IRA."),
    _c("p590a-8606-missing", _P590A,
       "Ch. 1 > Nondeductible Contributions > Failure to report nondeductible contributions", 17,
       "If you don’t report nondeductible contributions, all of the contributions to your traditional IRA "
       "will be treated like deductible contributions when withdrawn. All distributions from your IRA will "
       "be taxed unless you can show, with satisfactory evidence, that nondeductible contributions were "
       "made."),
    _c("p590a-8606-penalty", _P590A,
       "Ch. 1 > Nondeductible Contributions > Penalty for failure to file Form 8606", 17,
       "You will have to pay a $50 penalty if you don’t file a required Form 8606, unless you can prove that "
       "the failure was due to reasonable cause."),
    _c("p590a-cost-basis", _P590A, "Ch. 1 > Nondeductible Contributions > Cost basis", 17,
       "Your cost basis is the sum of the nondeductible contributions to your IRA minus any withdrawals or "
       "distributions of nondeductible contributions."),
    _c("p590a-60-day", _P590A,
       "Ch. 1 > Can You Move Retirement Plan Assets? > Rollovers > Time Limit for Making a Rollover Contribution", 22,
       "You must generally make the rollover contribution by the 60th day after the day you receive the "
       "distribution from your traditional IRA or your employer's plan."),
    _c("p590a-late-rollover", _P590A, "Ch. 1 > Rollovers > Rollovers completed after the 60-day period", 23,
       "These amounts are taxable in the year distributed, even if the 60-day period expires in the next "
       "year."),
    _c("p590a-rollover-waiver", _P590A,
       "Ch. 1 > Rollovers > Ways to get a waiver of the 60-day rollover requirement", 24,
       "There are three ways to obtain a waiver of the 60-day rollover requirement. • You qualify for an "
       "automatic waiver. • You self-certify that you met the requirements of a waiver. • You request and "
       "receive a private letter ruling granting a waiver."),
    _c("p590a-no-waiver-one-per-year", _P590A,
       "Ch. 1 > Rollovers > How does the IRS determine whether to grant a waiver", 24,
       "The IRS can waive only the 60-day rollover requirement and not the other requirements for a valid "
       "rollover contribution. For example, the IRS can’t waive the IRA one-rollover-per-year rule."),
    _c("p590a-one-per-year", _P590A,
       "Ch. 1 > Rollover From One IRA Into Another > Application of one-rollover-per-year limitation", 25,
       "You can make only one rollover from an IRA to another (or the same) IRA in any 1-year period "
       "regardless of the number of IRAs you own. The limit will apply by aggregating all of an individual's "
       "IRAs (whether traditional, Roth, or SIMPLE), effectively treating them as one IRA for purposes of "
       "the limit. However, trustee-to-trustee transfers between IRAs aren’t limited and rollovers from "
       "traditional IRAs to Roth IRAs (conversions) aren’t limited."),
    _c("p590a-partial-rollover", _P590A, "Ch. 1 > Rollover From One IRA Into Another > Partial rollovers", 25,
       "If you withdraw assets from a traditional IRA, you can roll over part of the withdrawal tax free and "
       "keep the rest of it. The amount you keep will generally be taxable (except for the part that is a "
       "return of nondeductible contributions). The amount you keep may be subject to the 10% additional tax "
       "on early distributions discussed later under What Acts Result in Penalties or Additional Taxes."),
    _c("p590a-rollover-reporting", _P590A,
       "Ch. 1 > Rollover From One IRA Into Another > Reporting rollovers from IRAs", 25,
       "Enter the total amount of the distribution on Form 1040, 1040-SR, or 1040-NR, line 4a. If the total "
       "amount on Form 1040, 1040-SR, or 1040-NR, line 4a, was rolled over, enter zero on Form 1040, "
       "1040-SR, or 1040-NR, line 4b. If the total distribution wasn't rolled over, enter the taxable "
       "portion of the part that wasn't rolled over on Form 1040, 1040-SR, or 1040-NR, line 4b. Check the "
       "box on line 4c for rollovers."),
    _c("p590a-after-tax-rollover", _P590A, "Ch. 1 > Rollover From Employer's Plan Into an IRA", 26,
       "Any nontaxable amounts that you roll over into your traditional IRA become part of your basis (cost) "
       "in your IRAs. To recover your basis when you take distributions from your IRA, you must complete "
       "Form 8606 for the year of the distribution."),
    _c("p590a-withholding-20", _P590A,
       "Ch. 1 > Rollover From Employer's Plan Into an IRA > Withholding requirement", 26,
       "Generally, if an eligible rollover distribution is paid directly to you, the payer must withhold 20% "
       "of it. This applies even if you plan to roll over the distribution to a traditional IRA."),
    _c("p590a-make-up-20", _P590A,
       "Ch. 1 > Rollover From Employer's Plan Into an IRA > Withholding requirement", 26,
       "The amount withheld is part of the distribution. If you roll over less than the full amount of the "
       "distribution, you may have to include in your income the amount you don’t roll over. However, you "
       "can make up the amount withheld with funds from other sources."),
    _c("p590a-direct-rollover", _P590A,
       "Ch. 1 > Rollover From Employer's Plan Into an IRA > Table 1-5 (payment to you vs direct rollover)", 27,
       "If you are under age 591/2, a 10% additional tax may apply to the taxable part (including an amount "
       "equal to the tax withheld) that isn’t rolled over."),
    _c("p590a-plan-no-limit", _P590A,
       "Ch. 1 > Rollover From Employer's Plan Into an IRA > No waiting period between rollovers", 27,
       "The once-a-year limit on IRA-to-IRA rollovers doesn’t apply to eligible rollover distributions from "
       "an employer plan. You can roll over more than one distribution from the same employer plan within a "
       "year."),
    _c("p590a-plan-lines", _P590A,
       "Ch. 1 > Rollover From Employer's Plan Into an IRA > Reporting rollovers from employer plans", 28,
       "Enter the total distribution (before income tax or other deductions were withheld) on Form 1040, "
       "1040-SR, or 1040-NR, line 5a. This amount should be shown in box 1 of Form 1099-R. From this amount, "
       "subtract any contributions (usually shown in box 5 of Form 1099-R) that were taxable to you when "
       "made. From that result, subtract the amount that was rolled over either directly or within 60 days "
       "of receiving the distribution. Enter the remaining amount, even if zero, on Form 1040, 1040-SR, or "
       "1040-NR, line 5b. Also, check the box on line 5c for rollovers of Form 1040, 1040-SR, or 1040-NR."),
    _c("p590a-qdro", _P590A,
       "Ch. 1 > Rollover From Employer's Plan Into an IRA > Distributions under divorce (alternate payees)", 28,
       "Any part of an eligible rollover distribution that you keep is taxable in the year you receive it. "
       "If you don’t roll over any of it, special rules for lump-sum distributions may apply. See Lump-Sum "
       "Distributions under Taxation of Nonperiodic Payments in Pub. 575. The 10% additional tax on early "
       "distributions, discussed later under What Acts Result in Penalties or Additional Taxes, doesn’t "
       "apply."),
    _c("p590a-conversion-income", _P590A,
       "Ch. 1 > Converting From Any Traditional IRA Into a Roth IRA > Income", 29,
       "You must include in your gross income distributions from a traditional IRA that you would have had "
       "to include in income if you hadn’t converted them into a Roth IRA. These amounts are normally "
       "included in income on your return for the year that you converted them from a traditional IRA to a "
       "Roth IRA. You don’t include in gross income any part of a distribution from a traditional IRA that "
       "is a return of your basis, as discussed under Are Distributions Taxable? in Pub. 590-B."),
    _c("p590a-conversion-no-10", _P590A,
       "Ch. 1 > Converting From Any Traditional IRA Into a Roth IRA > Allowable conversions", 29,
       "If properly (and timely) rolled over, the 10% additional tax on early distributions won’t apply. "
       "However, a part or all of the distribution from your traditional IRA may be included in gross income "
       "and subjected to ordinary income tax."),
    _c("p590a-rechar-6-month", _P590A, "Ch. 1 > How Do You Recharacterize a Contribution? > Extension", 30,
       "However, if you miss this deadline, you can still recharacterize a contribution if: • Your return "
       "was timely filed for the year the choice should have been made; and • You take appropriate "
       "corrective action within 6 months from the due date of your return, excluding extensions."),
    _c("p590a-weekend", _P590A, "Ch. 1 > How Do You Recharacterize a Contribution? > Extension", 31,
       "When the date for doing any act for tax purposes falls on a Saturday, Sunday, or legal holiday, the "
       "due date is delayed until the next business day."),
    _c("p590a-rechar-amend", _P590A, "Ch. 1 > How Do You Recharacterize a Contribution? > Extension", 31,
       "Report the recharacterization on the amended return and write “Filed pursuant to section 301.9100-2” "
       "on the return."),
    _c("p590a-excess-6", _P590A,
       "Ch. 1 > Excess Contributions > Tax on Excess Contributions", 35,
       "In general, if the excess contributions for a year aren’t withdrawn by the date your return for the "
       "year is due (including extensions), you are subject to a 6% tax."),
    _c("p590a-excess-withdrawn", _P590A,
       "Ch. 1 > Excess Contributions > Excess Contributions Withdrawn by Due Date of Return", 35,
       "You won’t have to pay the 6% tax if you withdraw an excess contribution made during a tax year and "
       "you also withdraw any interest or other income earned on the excess contribution. You must complete "
       "your withdrawal by the date your tax return for that year is due, including extensions."),
    _c("p590a-excess-earnings", _P590A,
       "Ch. 1 > Excess Contributions Withdrawn by Due Date > How to treat withdrawn interest or other income", 35,
       "You must include in your gross income the interest or other income that was earned on the excess "
       "contribution. Report it on your return for the year in which the excess contribution was made. Your "
       "withdrawal of interest or other income may be subject to an additional 10% tax on early "
       "distributions discussed in Pub. 590-B. Beginning on or after December 29, 2022, the 10% additional "
       "tax will not apply to your withdrawal of interest or other income, if withdrawn on or before the due "
       "date (including extensions) of the income tax return."),
    _c("p590a-worksheet-2-2", _P590A, "Ch. 2 > Can You Contribute to a Roth IRA? > Worksheet 2-2", 43,
       "Subtract line 7 from line 6. Round the result up to the nearest $10. If the result is less than $200, enter "
       "$200"),
    _c("p590a-table-2-1", _P590A,
       "Ch. 2 > Can You Contribute to a Roth IRA? > Table 2-1. Effect of Modified AGI on Roth IRA Contribution", 42,
       "at least $150,000 but less than $165,000 the amount you can contribute is reduced as explained under "
       "Contribution limit reduced, earlier. $165,000 or more you can’t contribute to a Roth IRA."),
    _c("p590a-roth-excess", _P590A,
       "Ch. 2 > Can You Contribute to a Roth IRA? > What if You Contribute Too Much?", 43,
       "A 6% excise tax applies to any excess contribution to a Roth IRA."),
    _c("p590a-roth-excess-carried", _P590A,
       "Ch. 2 > Can You Contribute to a Roth IRA? > What if You Contribute Too Much? > Excess contributions", 43,
       "Any excess contributions for the preceding year, reduced by the total of: a. Any distributions out of your "
       "Roth IRAs for the year, plus b. Your contribution limit for the year minus your contributions to all your "
       "IRAs for the year."),
    _c("p590a-roth-excess-withdrawn", _P590A,
       "Ch. 2 > What if You Contribute Too Much? > Withdrawal of excess contributions", 43,
       "For purposes of determining excess contributions, any contribution that is withdrawn on or before "
       "the due date (including extensions) for filing your tax return for the year is treated as an amount "
       "not contributed. This treatment only applies if any earnings on the contributions are also "
       "withdrawn."),
    _c("p590a-roth-excess-6-month", _P590A,
       "Ch. 2 > What if You Contribute Too Much? > Withdrawal of excess contributions", 44,
       "If you timely filed your 2025 tax return without withdrawing a contribution that you made in 2025, "
       "you can still have the contribution returned to you within 6 months of the due date of your 2025 tax "
       "return, excluding extensions. If you do, file an amended return with “Filed pursuant to section "
       "301.9100-2” written at the top."),
    _c("p590a-roth-plan-rollover", _P590A,
       "Ch. 2 > Can You Move Amounts Into a Roth IRA? > Rollover From Employer's Plan Into a Roth IRA > Income", 45,
       "You don’t include in gross income any part of a distribution from a qualified retirement plan that "
       "is a return of basis (after-tax contributions) to the plan that were taxable to you when paid."),
    _c("p590a-designated-roth-rollover", _P590A,
       "Ch. 2 > Can You Move Amounts Into a Roth IRA? > Rollover From a Roth IRA", 46,
       "A rollover from a designated Roth account can only be made to another designated Roth account or to "
       "a Roth IRA."),
    _c("p590a-roth-rollover-clock", _P590A,
       "Ch. 2 > Can You Move Amounts Into a Roth IRA? > Rollover From a Roth IRA", 46,
       "If you roll over an amount from one Roth IRA to another Roth IRA, the 5-year period used to "
       "determine qualified distributions doesn’t change."),

]}
