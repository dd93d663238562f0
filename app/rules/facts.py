"""The one place for tax facts: every rule's statement, the years it holds for, its authorities and its numbers.

The UI, the prompts, the evals and the guard read facts from here; nothing else in the project may restate a number
or a year. Corpus pages were checked by reading the PDFs in ../shared/corpus/irs (printed page; Pub 17 printed page =
PDF page - 2). Pre-2018 rules cite their own authorities (IRC 67(b), 408(d)(1), Notice 89-25, Pub 590-B editions
through 2017), never the 2025 text, which no longer has that section.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app.types import AUTHORITY_IRS, Citation

# ---- numbers (each appears once in the project) -------------------------------------------------------------------
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


@dataclass(frozen=True)
class Authority:
    """A citable source. Corpus documents carry the printed page and the PDF page (for #page= links)."""

    id: str
    doc_id: str
    title: str
    section: str = ""
    page: int | None = None
    pdf_page: int | None = None
    url: str = ""
    quote: str = ""  # verbatim from the cited PDF page (hyphens joined, whitespace collapsed); "" outside the corpus

    def citation(self) -> Citation:
        url = self.url
        if self.pdf_page:
            url = f"{url}#page={self.pdf_page}"
        return Citation(doc_id=self.doc_id, title=self.title, section=self.section, page=self.page, url=url,
                        quote=self.quote, authority=AUTHORITY_IRS, chunk_id=None)


_P17 = "https://www.irs.gov/pub/irs-pdf/p17.pdf"
_P550 = "https://www.irs.gov/pub/irs-pdf/p550.pdf"
_P590A = "https://www.irs.gov/pub/irs-pdf/p590a.pdf"
_P590B = "https://www.irs.gov/pub/irs-pdf/p590b.pdf"


def _usc(section: str) -> str:
    return f"https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title26-section{section}&num=0&edition=prelim"


def _a(id: str, doc_id: str, title: str, section: str = "", page: int | None = None, pdf_page: int | None = None,
       url: str = "", quote: str = "") -> Authority:
    return Authority(id, doc_id, title, section, page, pdf_page, url, quote)


AUTHORITIES: dict[str, Authority] = {a.id: a for a in [
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


@dataclass(frozen=True)
class Fact:
    id: str
    statement: str
    year_from: int | None  # first tax year the statement holds for (None = no lower bound)
    year_to: int | None  # last tax year (None = still in force)
    authorities: tuple[str, ...]
    numbers: dict[str, object] = field(default_factory=dict)

    def holds_for(self, year: int) -> bool:
        return (self.year_from is None or year >= self.year_from) and (self.year_to is None or year <= self.year_to)

    def citations(self) -> list[Citation]:
        return [AUTHORITIES[a].citation() for a in self.authorities]


def _f(id: str, statement: str, year_from: int | None, year_to: int | None, authorities: tuple[str, ...],
       **numbers: object) -> Fact:
    return Fact(id, statement, year_from, year_to, authorities, dict(numbers))


_PRE = ("p590b-2017", "notice-89-25", "irc-408d1", "irc-72", "irc-67b")
_SUSPENDED = ("p17-misc", "irc-67g", "pl-115-97")
_PERMANENT = ("pl-119-21", "irc-67h", "p590b-obbb", "p17-misc")

FACTS: dict[str, Fact] = {f.id: f for f in [
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


@dataclass(frozen=True)
class ArticleClaim:
    """One claim of the source article (lowest authority), quoted, with the rebuttal and the fact that refutes it."""

    id: str
    quote: str
    rebuttal: str
    fact_ids: tuple[str, ...]


ARTICLE_DOC_ID = "article-retirement-losses"
ARTICLE_CLAIMS: dict[str, ArticleClaim] = {c.id: c for c in [
    ArticleClaim(
        "article-ltcg-offset",
        "you may be able to deduct the loss up to the amount of the capital gain",
        "No rule lets a retirement-account loss offset a long-term capital gain: losses inside the account are not "
        "capital losses of the owner (IRC 408(d)(1), 72; Pub 550 capital loss rules cover only your own sales).",
        ("market-loss-inside-account",)),
    ArticleClaim(
        "article-nol-offset",
        "you may be able to deduct your retirement account losses against the NOL",
        "An NOL (IRC 172) comes from business deductions exceeding income; nonbusiness deductions count only up to "
        "nonbusiness income, so an IRA loss never creates or joins an NOL, and Form 1045 is no way to claim one.",
        ("market-loss-inside-account", "nol-post-2017")),
    ArticleClaim(
        "article-roth-conversion-loss",
        "any losses incurred during the conversion may be deductible",
        "A conversion is taxed on the value converted; a later drop is not deductible, and since 2018 a conversion "
        "cannot be recharacterized (Pub 590-B (2025) p. 7; IRC 408A(d)(6)(B)(iii)).",
        ("roth-conversion-loss", "recharacterize-conversion-2018-on")),
    ArticleClaim(
        "article-reporting",
        "you will need to complete Schedule D and Form 8949. For net operating losses, you will need to complete "
        "Form 1045, Schedule C, or Schedule E",
        "Retirement-account losses are never reported on Schedule D / Form 8949 (they are not capital losses) nor on "
        "Form 1045, Schedule C or Schedule E (they are not business or rental losses).",
        ("market-loss-inside-account",)),
]}


def fact(fact_id: str) -> Fact:
    return FACTS[fact_id]


def by_year(prefix: str, year: int) -> Fact:
    """The dated variant of a rule family (`ira-loss`, `roth-loss`, `plan-loss`, `misc-itemized`) for `year`."""
    for f in FACTS.values():
        if f.id.startswith(prefix + "-") and f.holds_for(year):
            return f
    raise KeyError(f"no {prefix} fact for {year}")


def capital_loss_limit(filing_status: str | None) -> int:
    return CAPITAL_LOSS_LIMIT_MFS if filing_status == "mfs" else CAPITAL_LOSS_LIMIT
