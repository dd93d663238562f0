"""Every citable source: corpus pages (printed page, PDF page, a verbatim quote checked by tests/test_rules_facts.py)
and authorities outside the corpus (statutes, public laws, rulings, forms). This module holds the ones the loss facts
cite and joins the other tables (pages_*.py: corpus pages by publication; sources.py: statutes, regulations, rulings
and forms) into AUTHORITIES, refusing an id defined twice."""
from __future__ import annotations

from app.rules.facts.model import Authority, join_tables
from app.rules.facts.pages_p17_p550 import PAGES as _PAGES_P17_P550
from app.rules.facts.pages_p590a import PAGES as _PAGES_P590A
from app.rules.facts.pages_p590b import PAGES as _PAGES_P590B
from app.rules.facts.refs import P17 as _P17
from app.rules.facts.refs import P550 as _P550
from app.rules.facts.refs import P590A as _P590A
from app.rules.facts.refs import P590B as _P590B
from app.rules.facts.refs import authority as _a
from app.rules.facts.refs import usc as _usc
from app.rules.facts.sources import SOURCES as _SOURCES

_LOSS_AUTHORITIES: dict[str, Authority] = {a.id: a for a in [
    # corpus pages (verified against the PDFs)
    _a("p17-misc", "p17-2025", "Publication 17 (2025)", "Ch. 12 > No miscellaneous itemized deductions allowed",
       101, 103, _P17,
       quote=("You can no longer claim any miscellaneous itemized deductions. Miscellaneous itemized deductions are"
              " those deductions that would have been subject to the 2%-of-adjusted-gross-income (AGI) limitation.")),
    _a("p17-rechar", "p17-2025", "Publication 17 (2025)",
       "Ch. 9 > Recharacterizations > No recharacterizations of conversions made in 2018 or later", 84, 86, _P17,
       quote=("A conversion of a traditional IRA to a Roth IRA, and a rollover from any other eligible retirement "
              "plan to a Roth IRA, made in tax years beginning after tax year 2017, can’t be recharacterized as "
              "having been made to a traditional IRA.")),
    _a("p17-obbb", "p17-2025", "Publication 17 (2025)", "Tax reform (P.L. 119-21)", 127, 129, _P17,
       quote=("Tax reform legislation impacting federal taxes, credits, and deductions was enacted in P.L. 119-21, "
              "commonly known as the One Big Beautiful Bill Act, on July 4, 2025.")),
    _a("p550-wash", "p550-2025", "Publication 550 (2025)", "Ch. 4 > Wash Sales", 86, 86, _P550,
       quote=("You cannot deduct losses from sales or trades of stock or securities in a wash sale unless the loss "
              "was incurred in the ordinary course of your business as a dealer in stock or securities.")),
    _a("p550-sale-trade", "p550-2025", "Publication 550 (2025)", "Ch. 4 > What Is a Sale or Trade?", 53, 53, _P550,
       quote=("This section explains what is a sale or trade. It also explains certain transactions and events that "
              "are treated as sales or trades. A sale is generally a transfer of property for money or a mortgage, "
              "note, or other promise to pay money.")),
    _a("p550-basis", "p550-2025", "Publication 550 (2025)", "Ch. 4 > Basis of Investment Property", 59, 59, _P550,
       quote=("You must know the basis of your property to determine whether you have a gain or loss on its sale or "
              "other disposition.")),
    _a("p550-worthless", "p550-2025", "Publication 550 (2025)", "Ch. 4 > Worthless Securities", 54, 54, _P550,
       quote=("Stocks, stock rights, and bonds (other than those held for sale by a securities dealer) that became "
              "completely worthless during the tax year are treated as though they were sold on the last day of the"
              " tax year.")),
    _a("p550-worthless-refund", "p550-2025", "Publication 550 (2025)",
       "Ch. 4 > Worthless Securities > Filing a claim for refund", 55, 55, _P550,
       quote=("You must file it within 7 years from the date your original return for that year had to be filed, or"
              " 2 years from the date you paid the tax, whichever is later.")),
    _a("p550-limit", "p550-2025", "Publication 550 (2025)", "Ch. 4 > Capital Losses > Limit on deduction",
       101, 101, _P550,
       quote=("Your allowable capital loss deduction, figured on Schedule D (Form 1040), is the lesser of: • $3,000"
              " ($1,500 if you are married and file a separate return), or • Your total net loss as shown on line "
              "16 of Schedule D (Form 1040).")),
    _a("p550-carryover", "p550-2025", "Publication 550 (2025)",
       "Ch. 4 > Capital loss carryover (Worksheet 4-1)", 102, 102, _P550,
       quote=("When you carry over a loss, it remains long-term or short-term. A long-term capital loss you carry "
              "over to the next tax year will reduce that year's long-term capital gains before it reduces that "
              "year's short-term capital gains.")),
    _a("p550-obbb", "p550-2025", "Publication 550 (2025)", "Tax reform (P.L. 119-21)", 105, 105, _P550,
       quote=("Tax reform legislation impacting federal taxes, credits, and deductions was enacted in P.L. 119-21, "
              "commonly known as the One Big Beautiful Bill Act, on July 4, 2025.")),
    _a("p590a-rechar", "p590a-2025", "Publication 590-A (2025)",
       "Ch. 1 > Recharacterizations > No recharacterizations of conversions made in 2018 or later", 29, 29, _P590A,
       quote=("A conversion of a traditional IRA to a Roth IRA, and a rollover from any other eligible retirement "
              "plan to a Roth IRA, made in tax years beginning after December 31, 2017, cannot be recharacterized "
              "as having been made to a traditional IRA.")),
    _a("p590a-rechar-how", "p590a-2025", "Publication 590-A (2025)",
       "Ch. 1 > How Do You Recharacterize a Contribution?", 30, 30, _P590A,
       quote=("The election to recharacterize and the transfer must both take place on or before the due date "
              "(including extensions) for filing your tax return for the tax year for which the contribution was "
              "made to the first IRA.")),
    _a("p590b-rechar", "p590b-2025", "Publication 590-B (2025)",
       "What's New > No recharacterizations of conversions made in 2018 or later", 7, 7, _P590B,
       quote=("A conversion of a traditional IRA to a Roth IRA, and a rollover from any other eligible retirement "
              "plan to a Roth IRA, made in tax years beginning after December 31, 2017, cannot be recharacterized "
              "as having been made to a traditional IRA.")),
    _a("p590b-ordering", "p590b-2025", "Publication 590-B (2025)",
       "Ch. 2 > Ordering Rules for Distributions", 35, 35, _P590B,
       quote=("There is a set order in which contributions (including conversion contributions and rollover "
              "contributions from qualified retirement plans) and earnings are considered to be distributed from "
              "your Roth IRA.")),
    _a("p590b-obbb", "p590b-2025", "Publication 590-B (2025)", "Tax reform (P.L. 119-21)", 41, 41, _P590B,
       quote=("Tax reform legislation impacting federal taxes, credits, and deductions was enacted in P.L. 119-21, "
              "commonly known as the One Big Beautiful Bill Act, on July 4, 2025.")),
    _a("p550-personal-use", "p550-2025", "Publication 550 (2025)",
       "Ch. 4 > Capital Gains and Losses > Capital Assets > Personal use property", 75, 75, _P550,
       quote=("Property held for personal use only, rather than for investment, is a capital asset, and you must "
              "report a gain from its sale as a capital gain. However, you cannot deduct a loss from selling personal "
              "use property.")),
    # outside the corpus
    _a("p590b-2017", "p590b-2017", "Publication 590-B (2017)",
       "Recognizing Losses on Traditional IRA Investments; Roth IRAs", url="https://www.irs.gov/pub/irs-prior/p590b--2017.pdf"),
    _a("notice-89-25", "Notice 89-25 Q&A-7", "IRS Notice 89-25, Q&A-7 (1989-1 C.B. 662)"),
    _a("irc-67b", "IRC 67(b)", "26 U.S.C. 67(a)-(b): miscellaneous itemized deductions, 2%-of-AGI floor",
       url=_usc("67")),
    _a("irc-67g", "IRC 67(g)", "26 U.S.C. 67(g): suspension for tax years 2018 through 2025 (TCJA)", url=_usc("67")),
    _a("irc-67h", "IRC 67(h)", "26 U.S.C. 67(h): miscellaneous itemized deductions not allowed (from 2026)",
       url=_usc("67")),
    _a("pl-115-97", "P.L. 115-97 sec. 11045", "Tax Cuts and Jobs Act, P.L. 115-97, sec. 11045",
       url="https://www.congress.gov/bill/115th-congress/house-bill/1"),
    _a("tcja-13611", "P.L. 115-97 sec. 13611", "Tax Cuts and Jobs Act, P.L. 115-97, sec. 13611 (recharacterization)",
       url="https://www.congress.gov/bill/115th-congress/house-bill/1"),
    _a("pl-119-21", "P.L. 119-21 sec. 70110", "P.L. 119-21 (enacted July 4, 2025), sec. 70110",
       url="https://www.congress.gov/bill/119th-congress/house-bill/1"),
    _a("irc-408d1", "IRC 408(d)(1)", "26 U.S.C. 408(d)(1): IRA distributions taxed under section 72", url=_usc("408")),
    _a("irc-408a-d6", "IRC 408A(d)(6)(B)(iii)", "26 U.S.C. 408A(d)(6)(B)(iii): conversions cannot be recharacterized",
       url=_usc("408A")),
    _a("irc-72", "IRC 72", "26 U.S.C. 72: annuities; basis recovery", url=_usc("72")),
    _a("irc-1091", "IRC 1091", "26 U.S.C. 1091: loss from wash sales", url=_usc("1091")),
    _a("rev-rul-2008-5", "Rev. Rul. 2008-5", "Revenue Ruling 2008-5, 2008-3 I.R.B. 271",
       url="https://www.irs.gov/irb/2008-03_IRB"),
    _a("irc-1211b", "IRC 1211(b)", "26 U.S.C. 1211(b): limit on capital losses of individuals", url=_usc("1211")),
    _a("irc-1212b", "IRC 1212(b)", "26 U.S.C. 1212(b): capital loss carryover of individuals", url=_usc("1212")),
    _a("irc-165c", "IRC 165(c)", "26 U.S.C. 165(c): an individual's losses are limited to trade or business, "
       "transactions entered into for profit, and casualty or theft", url=_usc("165")),
    _a("irc-1001a", "IRC 1001(a)", "26 U.S.C. 1001(a): gain or loss is figured on the sale or other disposition of "
       "property", url=_usc("1001")),
    _a("reg-1.165-1b", "Treas. Reg. 1.165-1(b)", "26 C.F.R. 1.165-1(b): a deductible loss must be evidenced by closed "
       "and completed transactions, fixed by identifiable events",
       url="https://www.ecfr.gov/current/title-26/chapter-I/subchapter-A/part-1/section-1.165-1"),
    _a("irc-165g", "IRC 165(g)", "26 U.S.C. 165(g): worthless securities", url=_usc("165")),
    _a("irc-6511d1", "IRC 6511(d)(1)", "26 U.S.C. 6511(d)(1): 7-year refund claim for worthless securities",
       url=_usc("6511")),
    _a("irc-172", "IRC 172", "26 U.S.C. 172: net operating loss deduction", url=_usc("172")),
    _a("cares-2303", "P.L. 116-136 sec. 2303", "CARES Act, P.L. 116-136, sec. 2303 (NOL carrybacks for 2018-2020)",
       url="https://www.congress.gov/bill/116th-congress/house-bill/748"),
    _a("i172", "Instructions for Form 172", "Instructions for Form 172, Net Operating Losses (NOLs) (successor to Pub 536)"),
]}


AUTHORITIES: dict[str, Authority] = join_tables("authority", _LOSS_AUTHORITIES, _PAGES_P590A, _PAGES_P590B,
                                                _PAGES_P17_P550, _SOURCES)
