"""Corpus pages from Publication 590-B (2025) cited by the facts: basis and the pro-rata rule, Form 8606,
reporting, prohibited transactions, UBTI, the 10% additional tax and its exceptions, Roth qualified distributions,
ordering and the conversion 5-year rule.

Each carries the printed page and a passage copied verbatim from it (after joining "-\n" and collapsing whitespace);
tests/test_rules_facts.py reads the PDF page and checks the passage and the page's words (PAGE_WORDS).
"""
from __future__ import annotations

from app.rules.facts.model import Authority
from app.rules.facts.refs import corpus as _c

_P590B = "p590b-2025"

PAGES: dict[str, Authority] = {a.id: a for a in [
    _c("p590b-inherited-basis", _P590B, "Ch. 1 > What if You Inherit an IRA? > IRA with basis", 6,
       "If you inherit a traditional IRA from a person who had basis in the IRA because of nondeductible "
       "contributions, that basis remains with the IRA."),
    _c("p590b-ordinary-income", _P590B, "Ch. 1 > Are Distributions Taxable? > Ordinary income", 15,
       "Distributions from traditional IRAs that you include in income are taxed as ordinary income."),
    _c("p590b-no-basis", _P590B,
       "Ch. 1 > Are Distributions Taxable? > Distributions Fully or Partly Taxable > Fully taxable", 15,
       "If only deductible contributions were made to your traditional IRA (or IRAs, if you have more than "
       "one), you have no basis in your IRA. Because you have no basis in your IRA, any distributions are "
       "fully taxable when received."),
    _c("p590b-cost-basis", _P590B,
       "Ch. 1 > Are Distributions Taxable? > Distributions Fully or Partly Taxable > Partly taxable", 15,
       "If you made nondeductible contributions or rolled over any after-tax amounts to any of your "
       "traditional IRAs, you have a cost basis (investment in the contract) equal to the amount of those "
       "contributions."),
    _c("p590b-partly-taxable", _P590B,
       "Ch. 1 > Are Distributions Taxable? > Distributions Fully or Partly Taxable", 16,
       "Until all of your basis has been distributed, each distribution is partly nontaxable and partly "
       "taxable."),
    _c("p590b-8606-each-spouse", _P590B, "Ch. 1 > Form 8606 (filled-in example)", 19,
       # the PDF's "fi" ligature kept: quotes are verbatim
       "If married, \ufb01le a separate form for each spouse required to \ufb01le 2025 Form 8606."),
    _c("p590b-form-8606", _P590B,
       "Ch. 1 > Are Distributions Taxable? > Distributions Fully or Partly Taxable > Form 8606", 16,
       "You must complete Form 8606, and attach it to your return, if you receive a distribution from a "
       "traditional IRA and have ever made nondeductible contributions or rolled over after-tax amounts to "
       "any of your traditional IRAs."),
    _c("p590b-8606-alone", _P590B,
       "Ch. 1 > Are Distributions Taxable? > Distributions Fully or Partly Taxable > Form 8606", 16,
       "If you are required to file Form 8606, but you aren't required to file an income tax return, you "
       "must still file Form 8606."),
    _c("p590b-date-of-death", _P590B,
       "Ch. 1 > Are Distributions Taxable? > Figuring the Nontaxable and Taxable Amounts", 16,
       "When figuring the nontaxable and taxable amounts of distributions made prior to death in the year "
       "the IRA account owner dies, the value of all traditional (including SEP and SIMPLE) IRAs should be "
       "figured as of the date of death instead of December 31."),
    _c("p590b-worksheet-1-1", _P590B,
       "Ch. 1 > Figuring the Nontaxable and Taxable Amounts > Worksheet 1-1", 17,
       "Enter the value of all your traditional IRAs as of December 31, 2025 (include any outstanding "
       "rollovers from traditional IRAs to other traditional IRAs)."),
    _c("p590b-8606-pool", _P590B,
       "Ch. 1 > Figuring the Nontaxable and Taxable Amounts > Form 8606 (illustrated), Part I", 19,
       "Except where stated otherwise, “traditional IRA” includes traditional SEP IRAs and traditional "
       "SIMPLE IRAs."),
    _c("p590b-8606-line-14", _P590B,
       "Ch. 1 > Figuring the Nontaxable and Taxable Amounts > Form 8606 (illustrated), line 14", 19,
       "Subtract line 13 from line 3. This is your total basis in traditional IRAs for 2025 and earlier "
       "years"),
    _c("p590b-8606-part-iii", _P590B,
       "Ch. 1 > Form 8606 (illustrated), Part III Distributions From Roth IRAs", 20,
       "Part III Distributions From Roth IRAs Complete this part only if you took a distribution from a Roth "
       "IRA in 2025."),
    _c("p590b-1099r", _P590B, "Ch. 1 > Reporting and Withholding Requirements for Taxable Amounts", 21,
       "If you receive a distribution from your traditional IRA, you will receive Form 1099-R, or a similar "
       "statement. IRA distributions are shown in boxes 1 and 2a of Form 1099-R."),
    _c("p590b-ira-withholding", _P590B,
       "Ch. 1 > Reporting and Withholding Requirements for Taxable Amounts > Withholding", 22,
       "Generally, tax will be withheld at a 10% rate on nonperiodic payments."),
    _c("p590b-lines-4a-4b", _P590B,
       "Ch. 1 > Reporting and Withholding Requirements > Reporting taxable distributions on your return", 22,
       "Report fully taxable distributions, including early distributions, on Form 1040, 1040-SR, or "
       "1040-NR, line 4b (no entry is required on line 4a). If only part of the distribution is taxable, "
       "enter the total amount on Form 1040, 1040-SR, or 1040-NR, line 4a, and enter the taxable part on "
       "Form 1040, 1040-SR, or 1040-NR, line 4b."),
    _c("p590b-prohibited", _P590B,
       "Ch. 1 > What Acts Result in Penalties or Additional Taxes? > Prohibited Transactions", 22,
       "Disqualified persons include your fiduciary and members of your family (spouse, ancestor, lineal "
       "descendant, and any spouse of a lineal descendant)."),
    _c("p590b-prohibited-effect", _P590B,
       "Ch. 1 > Prohibited Transactions > Effect on an IRA account; Effect on you or your beneficiary", 22,
       "the account stops being an IRA as of the first day of that year. However, if you own more than one "
       "IRA, each IRA is treated as a separate account, and loss of IRA status only affects the IRA that "
       "participated in the prohibited transaction. Effect on you or your beneficiary. If your account stops "
       "being an IRA because you or your beneficiary engaged in a prohibited transaction, the account is "
       "treated as distributing all its assets to you at their fair market values on the first day of the "
       "year."),
    _c("p590b-pledging", _P590B, "Ch. 1 > Prohibited Transactions > Pledging an account as security", 23,
       "If you use a part of your IRA account as security for a loan, that part is treated as a distribution and "
       "is included in your gross income."),
    _c("p590b-ubti", _P590B,
       "Ch. 1 > What Acts Result in Penalties or Additional Taxes? > Unrelated Business Income", 24,
       "If the IRA has $1,000 or more of unrelated trade or business gross income, the IRA must file a Form "
       "990-T, Exempt Organization Business Income Tax Return."),
    _c("p590b-early-10", _P590B, "Ch. 1 > Early Distributions > Age 59 1/2 Rule", 24,
       "The 10% additional tax applies to the part of the distribution that you have to include in gross "
       "income. It is in addition to any regular income tax on that amount."),
    _c("p590b-exceptions", _P590B, "Ch. 1 > Early Distributions > Exceptions", 24,
       "You have unreimbursed medical expenses that are more than 7.5% of your AGI. • The distribution is "
       "for the cost of your medical insurance due to a period of unemployment. • You are totally and "
       "permanently disabled. • You have been certified as having a terminal illness. • You are the "
       "beneficiary of a deceased IRA owner."),
    _c("p590b-levy-disaster", _P590B, "Ch. 1 > Early Distributions > Exceptions", 24,
       "The distribution is due to an IRS levy of the IRA. • The distribution is a qualified reservist "
       "distribution. • The distribution is a qualified birth or adoption distribution. • The distribution "
       "is a qualified disaster recovery distribution."),
    _c("p590b-medical", _P590B,
       "Ch. 1 > Early Distributions > Exceptions > Unreimbursed medical expenses", 25,
       "If you have unreimbursed medical expenses (that would qualify for a medical deduction) in excess of "
       "7.5% of your adjusted gross income, defined next, you don’t have to pay the 10% additional tax on "
       "distributions from your IRA up to the amount by which those qualifying medical expenses exceed 7.5% "
       "of your adjusted gross income."),
    _c("p590b-unemployment", _P590B, "Ch. 1 > Early Distributions > Exceptions > Medical insurance", 25,
       "You received unemployment compensation paid under any federal or state law for 12 consecutive weeks "
       "because you lost your job."),
    _c("p590b-disabled", _P590B, "Ch. 1 > Early Distributions > Exceptions > Disabled", 25,
       "If you become disabled before you reach age 591/2, any distributions from your traditional IRA "
       "because of your disability aren't subject to the 10% additional tax."),
    _c("p590b-beneficiary", _P590B, "Ch. 1 > Early Distributions > Exceptions > Beneficiary", 25,
       "If you die before reaching age 591/2, the assets in your traditional IRA can be distributed to your "
       "beneficiary or to your estate without either having to pay the 10% additional tax."),
    _c("p590b-terminal", _P590B,
       "Ch. 1 > Early Distributions > Exceptions > Terminally ill individual distributions", 25,
       "You are considered terminally ill if you are certified by a physician as having an illness or "
       "physical condition which can reasonably be expected to result in death in 84 months or less after "
       "the date of the certification."),
    _c("p590b-corrective", _P590B,
       "Ch. 1 > Early Distributions > Exceptions > Certain corrective distributions", 25,
       "Beginning with distributions made on December 29, 2022, and after, the 10% additional tax on early "
       "distributions will not apply to a corrective IRA distribution, which consists of an excess "
       "contribution (a contribution greater than the IRA contribution limit) and any earnings allocable to "
       "the excess contribution, as long as the corrective distribution is made on or before the due date "
       "(including extensions) of the income tax return."),
    _c("p590b-sepp", _P590B,
       "Ch. 1 > Early Distributions > Exceptions > Substantially equal periodic payments > Modification date", 26,
       "The recapture tax applies if you modify the series of payments (other than because of death or "
       "disability) before the later of these two dates: 1. The 5th anniversary of the date of the first "
       "distribution of the series; or 2. The date you reach age 59½."),
    _c("p590b-higher-ed", _P590B, "Ch. 1 > Early Distributions > Exceptions > Higher education expenses", 26,
       "Even if you are under age 591/2, if you paid expenses for higher education during the year, part (or "
       "all) of any distribution may not be subject to the 10% additional tax."),
    _c("p590b-irb", _P590B,
       "Ch. 1 > Early Distributions > Exceptions > Substantially equal periodic payments", 26,
       "Notice 2022-6 explains the three methods and identifies tables to be used for 2023 and after. (See "
       "Notice 2022-6 at IRS.gov/irb/2022-05_IRB#NOT-2022-06)."),
    _c("p590b-first-home", _P590B, "Ch. 1 > Early Distributions > Exceptions > First home", 27,
       "Even if you are under age 591/2, you don't have to pay the 10% additional tax on up to $10,000 of "
       "distributions you receive to buy, build, or rebuild a first home."),
    _c("p590b-reservist", _P590B,
       "Ch. 1 > Early Distributions > Exceptions > Qualified reservist distributions", 28,
       "A qualified reservist distribution isn't subject to the 10% additional tax on early distributions."),
    _c("p590b-birth-adoption", _P590B,
       "Ch. 1 > Early Distributions > Exceptions > Qualified birth or adoption distribution", 28,
       "A qualified birth or adoption distribution must not exceed $5,000 per taxpayer."),
    _c("p590b-domestic-abuse", _P590B,
       "Ch. 1 > Early Distributions > Exceptions > Domestic abuse victim distributions", 28,
       "An eligible distribution to a domestic abuse victim must not exceed the lesser of $10,300 for 2025 "
       "or 50% of the present value of the IRA."),
    _c("p590b-emergency", _P590B,
       "Ch. 1 > Early Distributions > Exceptions > Emergency personal expense distributions", 28,
       "You are limited to taking one emergency personal expense distribution per calendar year and the "
       "amount that may be treated as an emergency personal expense distribution must not exceed the lesser "
       "of $1,000 or your total interest in the IRA minus $1,000."),
    _c("p590b-basis-no-10", _P590B, "Ch. 1 > Early Distributions > Additional 10% Tax", 29,
       "The tax on early distributions doesn't apply to the part of a distribution that represents a return "
       "of your nondeductible contributions (basis)."),
    _c("p590b-simple-25", _P590B, "Ch. 1 > Early Distributions > Additional 10% Tax", 29,
       "Early distributions of funds from a SIMPLE retirement account made within 2 years of beginning "
       "participation in the SIMPLE are subject to a 25%, rather than a 10%, early distributions tax."),
    _c("p590b-form-5329", _P590B,
       "Ch. 1 > What Acts Result in Penalties or Additional Taxes? > Reporting Additional Taxes", 31,
       "Generally, you must use Form 5329 to report the tax on excess contributions, early distributions, "
       "and excess accumulations."),
    _c("p590b-schedule-2", _P590B, "Ch. 1 > Reporting Additional Taxes > Form 5329 not required", 31,
       "If you don't owe any other additional tax on a distribution, multiply the taxable part of the early "
       "distribution by 10% and enter the result on Schedule 2 (Form 1040), line 8."),
    _c("p590b-designated-roth", _P590B, "Ch. 2 > Reminders > Designated Roth accounts", 33,
       "Designated Roth accounts aren't IRAs and shouldn’t be confused with Roth IRAs."),
    _c("p590b-roth-tax-free", _P590B, "Ch. 2 > Are Distributions Taxable?", 33,
       "You don't include in your gross income qualified distributions or distributions that are a return of "
       "your regular contributions from your Roth IRA(s)."),
    _c("p590b-roth-qualified", _P590B,
       "Ch. 2 > Are Distributions Taxable? > What Are Qualified Distributions?", 33,
       "It is made after the 5-year period beginning with the first tax year for which a contribution was "
       "made to a Roth IRA set up for your benefit."),
    _c("p590b-roth-withdraw-by-due-date", _P590B,
       "Ch. 2 > Are Distributions Taxable? > Withdrawals of contributions by due date", 33,
       "If you withdraw contributions (including any net earnings on the contributions) by the due date of "
       "your return for the year in which you made the contribution, the contributions are treated as if you "
       "never made them."),
    _c("p590b-conversion-5yr", _P590B,
       "Ch. 2 > Additional Tax on Early Distributions > Distributions of conversion ... within 5-year period", 35,
       "A separate 5-year period applies to each conversion and rollover."),
    _c("p590b-conversion-5yr-example", _P590B,
       "Ch. 2 > Additional Tax on Early Distributions > Distributions of conversion ... within 5-year period", 35,
       "For example, if a calendar-year taxpayer makes a conversion contribution on February 25, 2025, and "
       "makes a regular contribution for 2024 on the same date, the 5-year period for the conversion begins "
       "January 1, 2025, while the 5-year period for the regular contribution begins on January 1, 2024."),
    _c("p590b-ordering-steps", _P590B, "Ch. 2 > Ordering Rules for Distributions", 35,
       "Order the distributions as follows. 1. Regular contributions. 2. Conversion and rollover "
       "contributions, on a first-in, first-out basis (generally, total conversions and rollovers from the "
       "earliest year first). See Aggregation (grouping and adding) rules, later. Take these conversion and "
       "rollover contributions into account as follows. a. Taxable portion (the amount required to be "
       "included in gross income because of the conversion or rollover) first. b. Nontaxable portion. 3. "
       "Earnings on contributions."),
    _c("p590b-aggregation", _P590B,
       "Ch. 2 > Ordering Rules for Distributions > Aggregation (grouping and adding) rules", 36,
       "Add together all distributions from all your Roth IRAs during the year."),
    _c("p590b-roth-taxable-part", _P590B,
       "Ch. 2 > Are Distributions Taxable? > How Do You Figure the Taxable Part?", 37,
       "To figure the taxable part of a distribution that isn't a qualified distribution, complete Form "
       "8606, Part III."),

]}
