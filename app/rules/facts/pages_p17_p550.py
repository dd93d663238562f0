"""Corpus pages from Publication 550 (2025) and Publication 17 (2025) cited by the facts: capital gains and
losses, wash sales, worthless and abandoned securities, gift and inheritance basis, section 1244; amended returns,
refund windows, free help to file.

Each carries the printed page and a passage copied verbatim from it (after joining "-\n" and collapsing whitespace);
tests/test_rules_facts.py reads the PDF page and checks the passage and the page's words (PAGE_WORDS).
"""
from __future__ import annotations

from app.rules.facts.model import Authority
from app.rules.facts.refs import corpus as _c

_P17 = "p17-2025"
_P550 = "p550-2025"

PAGES: dict[str, Authority] = {a.id: a for a in [
    _c("p17-free-file", _P17, "Ch. 1 > File Electronically > Free Help With Your Return", 10,
       "You can go to IRS.gov to see your options for preparing and filing your return, which include the "
       "following. • Free File. Go to IRS.gov/FreeFile. See if you qualify to use brand-name software to "
       "prepare and e-file your federal tax return for free. • VITA. Go to IRS.gov/VITA, download the free "
       "IRS2Go app, or call 800-906-9887 to find the nearest VITA location for free tax return preparation."),
    _c("p17-1040x", _P17,
       "Ch. 1 > What if I Made a Mistake? > Amended Returns and Claims for Refund > Form 1040-X", 18,
       "Use Form 1040-X to correct a return you have already filed."),
    _c("p17-1040x-efile", _P17, "Ch. 1 > Amended Returns and Claims for Refund > Filing Form 1040-X", 18,
       "You can file Form 1040-X electronically to amend Form 1040 and 1040-SR for the current year or the "
       "two prior tax periods."),
    _c("p17-refund-window", _P17,
       "Ch. 1 > Amended Returns and Claims for Refund > Time for filing a claim for refund", 18,
       "Generally, you must file your claim for a credit or refund within 3 years after the date you filed "
       "your original return or within 2 years after the date you paid the tax, whichever is later."),
    _c("p17-irb", _P17, "Ch. 1 > Change of Address", 18,
       "For more information, see Revenue Procedure 2010-16, 2010-19 I.R.B. 664, available at IRS.gov/irb/ "
       "2010-19_IRB/ar07.html."),
    _c("p17-refund-limit", _P17,
       "Ch. 1 > Amended Returns and Claims for Refund > Limit on amount of refund", 19,
       "If you file a claim more than 3 years after you file your return, the credit or refund can’t be more "
       "than the tax you paid within the 2 years immediately before you file the claim."),
    _c("p17-nol-form-172", _P17,
       "Ch. 1 > Amended Returns and Claims for Refund > Exceptions for special types of refunds", 19,
       "Net operating loss carryback. See Form 172 and the Instructions for Form 172."),
    _c("p17-contribution-limits", _P17,
       "Ch. 9 > Traditional IRAs > Excess contribution deducted in an earlier year", 87,
       "Year(s) Contribution limit Contribution limit if 50 or older at the end of the year 2024 $7,000 "
       "$8,000 2023 $6,500 $7,500 2019 through 2022 $6,000 $7,000"),
    _c("p17-forms", _P17, "Ch. 12 > Introduction (useful items)", 101,
       "For these and other useful items, go to IRS.gov/ Forms."),
    _c("p17-ira-fees", _P17,
       "Ch. 12 > Expenses You Can't Deduct > Trustee's Administrative Fees for IRA", 102,
       "Trustee’s administrative fees that are billed separately and paid by you in connection with your IRA "
       "are a miscellaneous itemized deduction and can no longer be deducted."),
    _c("p17-theft-investment", _P17,
       "Ch. 12 > Expenses You Can Deduct > Casualty and Theft Losses of Income-Producing Property", 104,
       "You can deduct a casualty or theft loss as an itemized deduction on Schedule A (Form 1040), line 16, "
       "if the damaged or stolen property was income-producing property (property held for investment, such "
       "as stocks, notes, bonds, gold, silver, vacant lots, and works of art). First, report the loss in "
       "Form 4684, Section B."),
    _c("p550-reinvested", _P550,
       "Ch. 1 > Dividends and Other Distributions > Dividends Used To Buy More Stock", 30,
       "This plan lets you choose to use your dividends to buy (through an agent) more shares of stock in "
       "the corporation instead of receiving the dividends in cash."),
    _c("p550-cap-gain-dist", _P550,
       "Ch. 1 > Dividends and Other Distributions > Capital Gain Distributions", 30,
       "Report capital gain distributions as long-term capital gains, regardless of how long you owned your "
       "shares in the mutual fund or REIT."),
    _c("p550-abandon", _P550, "Ch. 4 > What Is a Sale or Trade? > Worthless Securities", 55,
       "Worthless securities also include securities that you abandon after March 12, 2008. To abandon a "
       "security, you must permanently surrender and relinquish all rights in the security and receive no "
       "consideration in exchange for it."),
    _c("p550-worthless-amend", _P550, "Ch. 4 > Worthless Securities > Filing a claim for refund", 55,
       "You must use Form 1040-X, Amended U.S. Individual Income Tax Return, to amend your return for the "
       "year the security became worthless."),
    _c("p550-1045", _P550, "Ch. 4 > Section 1256 Contracts Marked to Market > Loss carryback election", 58,
       "file Form 1040-X or Form 1045, Application for Tentative Refund, for the year to which you are "
       "carrying the loss"),
    _c("p550-gift-loss", _P550,
       "Ch. 4 > Basis of Investment Property > Basis Other Than Cost > Property Received as a Gift", 60,
       "If the fair market value of the property at the time of the gift was less than the donor's adjusted "
       "basis just before the gift, your basis for gain on its sale or other disposition is the same as the "
       "donor's adjusted basis plus or minus any required adjustments to basis during the period you hold "
       "the property. Your basis for loss is its fair market value at the time of the gift plus or minus any "
       "required adjustments to basis during the period you hold the property."),
    _c("p550-inherited", _P550,
       "Ch. 4 > Basis of Investment Property > Basis Other Than Cost > Property Received as Inheritance", 61,
       "If you sell or dispose of inherited property that is a capital asset, the gain or loss is considered "
       "long-term, regardless of how long you held the property."),
    _c("p550-inherited-fmv", _P550, "Ch. 4 > Basis Other Than Cost > Property Received as Inheritance", 61,
       "Also, the basis of property inherited from a decedent is generally one of the following. • The FMV "
       "of the property on the date of the individual’s death. • The FMV on the alternate valuation date "
       "(discussed in the Instructions for Form 706) if elected by the personal representative."),
    _c("p550-investment-property", _P550,
       "Ch. 4 > Capital Gains and Losses > Capital Assets and Noncapital Assets > Investment property", 75,
       "Investment property is a capital asset. Any gain or loss from its sale or trade is generally a "
       "capital gain or loss."),
    _c("p550-1244", _P550, "Ch. 4 > Losses on Section 1244 (Small Business) Stock > Ordinary loss limit", 80,
       "The amount you can deduct as an ordinary loss is limited to $50,000 each year. On a joint return, "
       "the limit is $100,000, even if only one spouse has this type of loss."),
    _c("p550-1244-report", _P550,
       "Ch. 4 > Capital Gains and Losses > Losses on Section 1244 (Small Business) Stock", 80,
       "Subject to the limitations discussed under Ordinary loss limit, later, you can deduct as an ordinary "
       "loss, rather than as a capital loss, a loss on the sale, trade, or worthlessness of section 1244 "
       "stock. Report the loss on Form 4797, line 10."),
    _c("p550-1244-original", _P550,
       "Ch. 4 > Losses on Section 1244 (Small Business) Stock > Section 1244 (small business) stock", 80,
       "The stock must be issued to the person taking the loss. You must be the original owner of the stock "
       "to be allowed ordinary loss treatment."),
    _c("p550-bad-debt", _P550, "Ch. 4 > Nonbusiness Bad Debts", 83,
       "A business bad debt, generally, is one that comes from operating your trade or business and is deductible "
       "as a business loss. All other bad debts are nonbusiness bad debts and are deductible as short-term capital "
       "losses."),
    _c("p550-bad-debt-when", _P550, "Ch. 4 > Nonbusiness Bad Debts > When deductible", 84,
       "You can take a bad debt deduction only in the year the debt becomes worthless."),
    _c("p550-gift-holding", _P550,
       "Ch. 4 > Capital Gains and Losses > Holding Period > Property received as a gift", 82,
       "If your basis is determined by the fair market value of the property, your holding period starts on "
       "the day after the date of the gift."),
    _c("p550-wash-holding", _P550, "Ch. 4 > Capital Gains and Losses > Holding Period > Wash sales", 83,
       "Your holding period for substantially identical stock or securities you acquire in a wash sale "
       "includes the period you held the old stock or securities."),
    _c("p550-wash-window", _P550, "Ch. 4 > Capital Gains and Losses > Wash Sales", 86,
       "A wash sale occurs when you sell or trade stock or securities at a loss and within 30 days before or "
       "after the sale you: 1. Buy substantially identical stock or securities, 2. Acquire substantially "
       "identical stock or securities in a fully taxable trade, 3. Acquire a contract or option to buy "
       "substantially identical stock or securities, or 4. Acquire substantially identical stock for your "
       "individual retirement arrangement (IRA) or Roth IRA."),
    _c("p550-wash-spouse", _P550, "Ch. 4 > Capital Gains and Losses > Wash Sales", 86,
       "If you sell stock and your spouse or a corporation you control buys substantially identical stock, "
       "you also have a wash sale."),
    _c("p550-wash-basis", _P550, "Ch. 4 > Capital Gains and Losses > Wash Sales", 86,
       "If your loss was disallowed because of the wash sale rules, add the disallowed loss to the cost of "
       "the new stock or securities (except in (4) above). The result is your basis in the new stock or "
       "securities. This adjustment postpones the loss deduction until the disposition of the new stock or "
       "securities. Your holding period for the new stock or securities includes the holding period of the "
       "stock or securities sold."),
    _c("p550-wash-partial", _P550, "Ch. 4 > Wash Sales > More or less stock bought than sold", 87,
       "If the number of shares of substantially identical stock or securities you buy within 30 days before "
       "or after the sale is either more or less than the number of shares you sold, you must determine the "
       "particular shares to which the wash sale rules apply. You do this by matching the shares bought with "
       "an equal number of the shares sold. Match the shares bought in the same order that you bought them, "
       "beginning with the first shares bought."),
    _c("p550-substantially-identical", _P550, "Ch. 4 > Wash Sales > Substantially identical", 87,
       "In determining whether stock or securities are substantially identical, you must consider all the "
       "facts and circumstances in your particular case. Ordinarily, stocks or securities of one corporation "
       "are not considered substantially identical to stocks or securities of another corporation."),
    _c("p550-wash-1099b", _P550, "Ch. 4 > Wash Sales > Nondeductible wash sale loss", 88,
       "If you received a Form 1099-B, box 1g will show the amount of wash sale loss disallowed if: • The "
       "stock or securities sold were covered securities, and • The substantially identical stock or "
       "securities you bought had the same CUSIP numbers as the stock or securities you sold and were bought "
       "in the same account as the stock or securities you sold. However, you cannot deduct a loss from a "
       "wash sale even if it is not reported on Form 1099-B."),
    _c("p550-wash-report", _P550, "Ch. 4 > Wash Sales > How to report", 88,
       "Report a wash sale transaction in Part I or Part II of Form 8949 with the appropriate box checked. "
       "Complete all columns. Enter “W” in column (f). Enter as a positive number in column (g) the amount "
       "of the loss not allowed."),
    _c("p550-netting", _P550, "Ch. 4 > Reporting Capital Gains and Losses > Total net gain or loss", 101,
       "To figure your total net gain or loss, combine your net short-term capital gain or loss (Schedule D "
       "(Form 1040), line 7) with your net long-term capital gain or loss (Schedule D (Form 1040), line 15). "
       "Enter the result on Schedule D (Form 1040), Part III, line 16."),
    _c("p550-lt-part", _P550, "Ch. 4 > Reporting Capital Gains and Losses > Long-term gains and losses", 101,
       "You also report the following in Part II of Schedule D (Form 1040). • Undistributed long-term "
       "capital gains from a mutual fund (or other regulated investment company) or REIT. • Your share of "
       "long-term capital gains or losses from partnerships, S corporations, and fiduciaries. • All capital "
       "gain distributions from mutual funds and REITs not reported directly on Form 1040, line 7a. • "
       "Long-term capital loss carryovers."),
    _c("p550-carryover-claimed", _P550, "Ch. 4 > Capital Losses > Capital loss carryover", 102,
       "When you figure the amount of any capital loss carryover to the next year, you must take the current "
       "year's allowable deduction into account, whether or not you claimed it and whether or not you filed "
       "a return for the current year."),
    _c("p550-carryover-formula", _P550,
       "Ch. 4 > Capital Losses > Capital loss carryover > Figuring your carryover", 102,
       "The amount of your capital loss carryover is the amount of your total net loss that is more than the "
       "lesser of: 1. Your allowable capital loss deduction for the year, or 2. Your taxable income "
       "increased by your allowable capital loss deduction for the year. If your deductions are more than "
       "your gross income for the tax year, use your negative taxable income in figuring the amount in (2) "
       "above."),
    _c("p550-short-first", _P550,
       "Ch. 4 > Capital Losses > Capital loss carryover > Use short-term losses first", 102,
       "When you figure your capital loss carryover, use your short-term capital losses first, even if you "
       "incurred them after a long-term capital loss. If you have not reached the limit on the capital loss "
       "deduction after using the short-term capital losses, use the long-term capital losses until you "
       "reach the limit."),
    _c("p550-decedent", _P550, "Ch. 4 > Capital Losses > Decedent's capital loss", 103,
       "A capital loss sustained by a decedent during the decedent’s last tax year (or carried over to that "
       "year from an earlier year) can be deducted only on the final income tax return filed for the "
       "decedent. The capital loss limits discussed earlier still apply in this situation. The decedent's "
       "estate cannot deduct any of the loss or carry it over to following years."),
    _c("p550-joint-separate", _P550, "Ch. 4 > Capital Losses > Joint and separate returns", 103,
       "If you and your spouse once filed separate returns and are now filing a joint return, combine your "
       "separate capital loss carryovers. However, if you and your spouse once filed a joint return and are "
       "now filing separate returns, any capital loss carryover from the joint return can be deducted only "
       "on the return of the spouse who actually had the loss."),

]}
