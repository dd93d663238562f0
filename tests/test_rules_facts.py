"""The facts data: corpus pages cited really say it (read from the PDFs), article claims are quoted verbatim."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.rules import facts

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
IRS = SHARED / "irs"
ARTICLE = SHARED / "article" / "retirement-account-losses-article.txt"

# authority id -> words that must appear on the cited PDF page
PAGE_WORDS = {
    "p17-misc": ["No miscellaneous itemized deductions allowed", "2%"],
    "p17-rechar": ["No recharacterizations", "2017 tax year"],
    "p17-obbb": ["119-21"],
    "p550-wash": ["Wash Sales", "Roth IRA", "except in (4)"],
    "p550-worthless": ["Worthless Securities", "last day of the tax year"],
    "p550-worthless-refund": ["within 7 years"],
    "p550-limit": ["$3,000", "$1,500"],
    "p550-carryover": ["remains long-term or short-term", "Capital Loss Carryover Worksheet"],
    "p550-obbb": ["119-21"],
    "p550-personal-use": ["Personal use property", "you cannot deduct a loss from selling personal use property"],
    "p550-sale-trade": ["What Is a Sale or Trade?", "A sale is generally a transfer of property"],
    "p550-basis": ["Basis of Investment Property", "gain or loss on its sale or other disposition"],
    "p590a-rechar": ["cannot be recharacterized", "2017"],
    "p590a-rechar-how": ["Recharacterize"],
    "p590b-rechar": ["cannot be recharacterized"],
    "p590b-ordering": ["Ordering Rules for Distributions"],
    "p590b-obbb": ["119-21"],
    # pages the distribution and investment facts cite
    "p590a-roth-2026": ["What’s New for 2026", "$153,000", "$168,000"],
    "p590a-no-waiver-one-per-year": ["one-rollover-per-year rule"],
    "p590a-plan-no-limit": ["No waiting period between rollovers"],
    "p590a-conversion-no-10": ["Allowable conversions", "conversion contribution"],
    "p590a-table-2-1": ["Table 2-1", "$246,000 or more you can’t contribute"],
    "p17-contribution-limits": ["Excess contribution deducted in an earlier year", "2013 through 2018 $5,500 $6,500"],
    "p17-free-file": ["Free Help With Your Return", "IRS.gov/FreeFile"],
    "p17-1040x": ["Amended Returns and Claims for Refund", "Form 1040-X"],
    "p17-1040x-efile": ["Filing Form 1040-X", "two prior tax periods"],
    "p17-irb": ["Change of Address", "IRS.gov/irb"],
    "p17-refund-window": ["Time for filing a claim for refund", "whichever is later"],
    "p17-nol-form-172": ["Exceptions for special types of refunds", "Form 172"],
    "p17-refund-limit": ["Limit on amount of refund", "2 years immediately before"],
    "p17-forms": ["Other Itemized Deductions", "IRS.gov/ Forms"],
    "p17-ira-fees": ["Trustee’s Administrative Fees for IRA", "can no longer be deducted"],
    "p17-theft-investment": ["Casualty and Theft Losses of Income-Producing Property", "Form 4684, Section B"],
    "p550-cap-gain-dist": ["box 2a", "long-term capital gains"],
    "p550-reinvested": ["Dividends Used To Buy More Stock"],
    "p550-abandon": ["abandon", "March 12, 2008"],
    "p550-worthless-amend": ["Filing a claim for refund", "within 7 years"],
    "p550-1045": ["Loss carryback election", "Form 1045"],
    "p550-gift-loss": ["Property Received as a Gift", "Fair market value less than donor's adjusted basis"],
    "p550-inherited": ["Property Received as Inheritance"],
    "p550-inherited-fmv": ["Property Received as Inheritance", "alternate valuation date"],
    "p550-investment-property": ["Capital Assets and Noncapital Assets", "Investment property"],
    "p550-1244": ["Losses on Section 1244 (Small Business) Stock", "Ordinary loss limit"],
    "p550-1244-original": ["original owner", "issued for money or property"],
    "p550-1244-report": ["Losses on Section 1244 (Small Business) Stock", "Form 4797, line 10"],
    "p550-gift-holding": ["Property received as a gift", "Inherited property"],
    "p550-bad-debt": ["Nonbusiness Bad Debts", "totally worthless"],
    "p550-bad-debt-when": ["When deductible", "Bankruptcy of your debtor"],
    "p550-wash-holding": ["Wash sales", "holding period"],
    "p550-wash-basis": ["Wash Sales", "except in (4) above"],
    "p550-wash-spouse": ["Wash Sales", "a corporation you control"],
    "p550-wash-window": ["Wash Sales", "within 30 days before or after the sale"],
    "p550-substantially-identical": ["Substantially identical", "facts and circumstances"],
    "p550-wash-partial": ["More or less stock bought than sold", "Example 1"],
    "p550-wash-1099b": ["Nondeductible wash sale loss", "box 1g"],
    "p550-wash-report": ["How to report", "column (g)"],
    "p550-lt-part": ["Long-term gains and losses", "Short-term gains and losses"],
    "p550-netting": ["Total net gain or loss", "line 16"],
    "p550-carryover-claimed": ["whether or not you claimed it", "Worksheet 4-1"],
    "p550-carryover-formula": ["Figuring your carryover", "negative taxable income"],
    "p550-short-first": ["Use short-term losses first"],
    "p550-decedent": ["Decedent's capital loss", "final income tax return"],
    "p550-joint-separate": ["Joint and separate returns"],
    "p590a-limit-2025": ["IRA contribution limit for 2025", "$7,000"],
    "p590a-phaseout-2026": ["What’s New for 2026", "$81,000", "$153,000"],
    "p590a-whats-new-2026": ["What’s New for 2026", "$7,500"],
    "p590a-table-1-2": ["Deduction if You Are Covered by a Retirement Plan at Work", "$89,000"],
    "p590a-table-1-3": ["Aren’t Covered by a Retirement Plan at Work", "$246,000"],
    "p590a-8606-rollover": ["Nondeductible Contributions", "nontaxable amounts"],
    "p590a-form-8606": ["Nondeductible Contributions", "To designate contributions as nondeductible"],
    "p590a-nondeductible": ["Nondeductible Contributions", "$89,000"],
    "p590a-8606-missing": ["Failure to report nondeductible contributions"],
    "p590a-8606-penalty": ["Penalty for failure to file Form 8606", "Penalty for overstatement", "$100"],
    "p590a-cost-basis": ["Cost basis"],
    "p590a-60-day": ["Time Limit for Making a Rollover Contribution", "August 29, 2025"],
    "p590a-late-rollover": ["60-day period", "taxable in 2025"],
    "p590a-rollover-waiver": ["Revenue Procedure 2020-46", "$18,500"],
    "p590a-one-per-year": ["Application of one-rollover-per-year limitation"],
    "p590a-partial-rollover": ["Partial rollovers", "The same property must be rolled over"],
    "p590a-rollover-reporting": ["Reporting rollovers from IRAs", "line 4c"],
    "p590a-after-tax-rollover": ["become part of your basis"],
    "p590a-make-up-20": ["Withholding requirement", "funds from other sources"],
    "p590a-withholding-20": ["Withholding requirement", "20%"],
    "p590a-direct-rollover": ["Comparison of Payment to You Versus Direct Rollover", "The payer must withhold 20%"],
    "p590a-plan-lines": ["Reporting rollovers from employer plans", "line 5a"],
    "p590a-qdro": ["Qualified domestic relations order", "alternate payee"],
    "p590a-conversion-income": ["Converting From Any Traditional IRA Into a Roth IRA"],
    "p590a-rechar-6-month": ["Extension", "6 months"],
    "p590a-rechar-amend": ["Filed pursuant to section 301.9100-2"],
    "p590a-weekend": ["October 15, 2026", "legal holiday"],
    "p590a-excess-6": ["Tax on Excess Contributions", "6%"],
    "p590a-excess-earnings": ["How to treat withdrawn interest or other income"],
    "p590a-excess-withdrawn": ["Excess Contributions Withdrawn by Due Date of Return", "negative amount"],
    "p590a-roth-excess": ["What if You Contribute Too Much?", "6% excise tax"],
    "p590b-8606-each-spouse": ["a separate form for each spouse"],
    "p590a-worksheet-2-2": ["Worksheet 2-2", "Round the result up to the nearest $10"],
    "p590a-roth-excess-carried": ["Any excess contributions for the preceding year", "Your contribution limit for the year minus"],
    "p590a-roth-excess-withdrawn": ["Withdrawal of excess contributions"],
    "p590a-roth-excess-6-month": ["within 6 months", "Filed pursuant to section 301.9100-2"],
    "p590a-roth-plan-rollover": ["Rollover From Employer's Plan Into a Roth IRA", "after-tax contributions"],
    "p590a-designated-roth-rollover": ["Rollover From a Roth IRA", "designated Roth account"],
    "p590a-roth-rollover-clock": ["Rollover From a Roth IRA", "5-year period"],
    "p590b-inherited-basis": ["IRA with basis", "separate Forms 8606"],
    "p590b-cost-basis": ["Partly taxable", "cost basis"],
    "p590b-no-basis": ["Fully taxable", "no basis"],
    "p590b-ordinary-income": ["Ordinary income", "Distributions Fully or Partly Taxable"],
    "p590b-8606-alone": ["you must still file Form 8606"],
    "p590b-date-of-death": ["Figuring the Nontaxable and Taxable Amounts", "date of death"],
    "p590b-form-8606": ["Form 8606", "nondeductible contributions"],
    "p590b-partly-taxable": ["partly nontaxable and partly taxable"],
    "p590b-worksheet-1-1": ["Worksheet 1-1", "If the result is 1.000 or more, enter 1.000"],
    "p590b-8606-line-14": ["Form 8606", "Divide line 5 by line 9"],
    "p590b-8606-pool": ["Form 8606", "Nondeductible IRAs", "Part I"],
    "p590b-8606-part-iii": ["Part III", "Distributions From Roth IRAs"],
    "p590b-1099r": ["Reporting and Withholding Requirements", "Form 1099-R"],
    "p590b-ira-withholding": ["10% rate on nonperiodic payments"],
    "p590b-lines-4a-4b": ["Reporting taxable distributions on your return", "line 4a"],
    "p590b-prohibited": ["Prohibited Transactions", "Borrowing money from it"],
    "p590b-prohibited-effect": ["Effect on an IRA account", "Effect on you or your beneficiary"],
    "p590b-early-10": ["Age 591/2 Rule", "Early Distributions"],
    "p590b-exceptions": ["Exceptions", "several exceptions"],
    "p590b-levy-disaster": ["Exceptions", "IRS levy"],
    "p590b-pledging": ["Pledging an account as security"],
    "p590b-ubti": ["Unrelated Business Income", "Form 990-T"],
    "p590b-beneficiary": ["Beneficiary", "elect to treat it as your own"],
    "p590b-corrective": ["corrective IRA distribution", "December 29, 2022"],
    "p590b-disabled": ["Disabled", "substantial gainful activity"],
    "p590b-medical": ["Unreimbursed medical expenses", "7.5%"],
    "p590b-terminal": ["Terminally ill", "84 months"],
    "p590b-unemployment": ["Medical insurance", "12 consecutive weeks"],
    "p590b-higher-ed": ["Higher education expenses"],
    "p590b-irb": ["Notice 2022-6", "IRS.gov/irb"],
    "p590b-sepp": ["Modification date", "Recapture tax"],
    "p590b-first-home": ["First home", "120th day"],
    "p590b-birth-adoption": ["Qualified birth or adoption distribution", "$5,000"],
    "p590b-domestic-abuse": ["Domestic abuse victim distributions", "$10,300"],
    "p590b-emergency": ["Emergency personal expense distributions", "$1,000"],
    "p590b-reservist": ["Qualified reservist distributions"],
    "p590b-basis-no-10": ["Additional 10% Tax", "return of your nondeductible contributions"],
    "p590b-simple-25": ["Additional 10% Tax", "25%"],
    "p590b-form-5329": ["Reporting Additional Taxes", "Form 5329"],
    "p590b-schedule-2": ["Form 5329 not required", "Schedule 2"],
    "p590b-designated-roth": ["Designated Roth accounts", "401(k), 403(b), or 457(b)"],
    "p590b-roth-qualified": ["What Are Qualified Distributions?", "$10,000 lifetime limit"],
    "p590b-roth-tax-free": ["Are Distributions Taxable?", "regular contributions"],
    "p590b-roth-withdraw-by-due-date": ["Withdrawals of contributions by due date"],
    "p590b-conversion-5yr": ["Additional Tax on Early Distributions", "recapture amount"],
    "p590b-conversion-5yr-example": ["Additional Tax on Early Distributions", "January 1, 2025"],
    "p590b-ordering-steps": ["Ordering Rules for Distributions", "Regular contributions"],
    "p590b-aggregation": ["Amelia", "regular contributions"],
    "p590b-roth-taxable-part": ["How Do You Figure the Taxable Part?"],
}


def _page_text(doc_id: str, pdf_page: int) -> str:
    pymupdf = pytest.importorskip("pymupdf")
    path = IRS / f"{doc_id}.pdf"
    if not path.exists():
        pytest.skip("shared corpus not present on this machine")
    text = pymupdf.open(path)[pdf_page - 1].get_text()
    return re.sub(r"\s+", " ", text.replace("-\n", ""))


@pytest.mark.parametrize("auth_id", sorted(PAGE_WORDS))
def test_cited_corpus_pages_contain_the_rule(auth_id: str) -> None:
    a = facts.AUTHORITIES[auth_id]
    assert a.pdf_page and a.page
    # printed page: Pub 17 is PDF - 2, the other pubs PDF = printed
    assert a.page == (a.pdf_page - 2 if a.doc_id == "p17-2025" else a.pdf_page)
    text = _page_text(a.doc_id, a.pdf_page)
    for word in PAGE_WORDS[auth_id]:
        assert word in text, (auth_id, word)
    assert a.citation().url.endswith(f"#page={a.pdf_page}")


@pytest.mark.parametrize("auth_id", sorted(PAGE_WORDS))
def test_corpus_quotes_are_verbatim_on_the_cited_page(auth_id: str) -> None:
    """The passage a citation card shows is on that PDF page word for word (after the same normalisation)."""
    a = facts.AUTHORITIES[auth_id]
    assert a.quote and len(a.quote) >= 40, "a corpus citation carries a quoted passage"
    assert a.quote == re.sub(r"\s+", " ", a.quote).strip()
    assert a.quote in _page_text(a.doc_id, a.pdf_page), auth_id
    assert a.citation().quote == a.quote


def test_non_corpus_authorities_have_no_quote() -> None:
    others = [a for a in facts.AUTHORITIES.values() if not a.doc_id.endswith("-2025")]
    assert others and all(a.quote == "" and a.citation().quote == "" for a in others)


def test_every_corpus_authority_is_checked() -> None:
    corpus = {k for k, a in facts.AUTHORITIES.items() if a.doc_id.endswith("-2025")}
    assert corpus == set(PAGE_WORDS)


def test_article_claims_are_verbatim_quotes() -> None:
    if not ARTICLE.exists():
        pytest.skip("shared corpus not present on this machine")
    text = re.sub(r"\s+", " ", ARTICLE.read_text(encoding="utf-8"))
    assert len(facts.ARTICLE_CLAIMS) == 4
    for claim in facts.ARTICLE_CLAIMS.values():
        assert claim.quote in text, claim.id
        assert all(f in facts.FACTS for f in claim.fact_ids)


def test_facts_cover_every_year_once_per_family() -> None:
    for family in ("ira-loss", "roth-loss", "plan-loss", "misc-itemized"):
        for year in range(facts.MIN_TAX_YEAR, facts.MAX_TAX_YEAR + 1):
            holding = [f for f in facts.FACTS.values() if f.id.startswith(family + "-") and f.holds_for(year)]
            assert len(holding) == 1, (family, year)
    assert facts.by_year("ira-loss", 2017).id == "ira-loss-through-2017"
    assert facts.by_year("ira-loss", 2018).id == "ira-loss-2018-2025"
    assert facts.by_year("ira-loss", 2025).id == "ira-loss-2018-2025"
    assert facts.by_year("ira-loss", 2026).id == "ira-loss-2026-on"
    assert facts.by_year("misc-itemized", 2017).id == "misc-itemized-through-2017"
    assert facts.by_year("misc-itemized", 2025).id == "misc-itemized-2018-2025"
    assert facts.by_year("misc-itemized", 2026).id == "misc-itemized-2026-on"


def test_every_fact_cites_known_authorities() -> None:
    for f in facts.FACTS.values():
        assert f.authorities and all(a in facts.AUTHORITIES for a in f.authorities), f.id
        assert all(c.title for c in f.citations())


def test_numbers() -> None:
    assert (facts.CAPITAL_LOSS_LIMIT, facts.CAPITAL_LOSS_LIMIT_MFS) == (3000, 1500)
    assert facts.capital_loss_limit("mfs") == 1500 and facts.capital_loss_limit("mfj") == 3000
    assert facts.NOL_TAXABLE_INCOME_LIMIT_PCT == 80 and facts.WORTHLESS_REFUND_WINDOW_YEARS == 7
    assert facts.WASH_SALE_WINDOW_DAYS == 30 and facts.RECHARACTERIZE_2017_CONVERSION_DEADLINE == "October 15, 2018"


def _dollars(n: int) -> str:
    return f"${n:,}"


def test_phase_out_tables_are_the_publication_s() -> None:
    """Every 2025 and 2026 phase-out bound and contribution limit in numbers.py is printed on the page it comes from."""
    table_1_2 = _page_text("p590a-2025", 14)  # deduction, covered (Table 1-2) and spouse covered (Table 1-3)
    table_2_1 = _page_text("p590a-2025", 42)  # Roth (Table 2-1)
    whats_new = _page_text("p590a-2025", 1) + _page_text("p590a-2025", 2)
    for status, (low, high) in facts.TRADITIONAL_DEDUCTION_PHASEOUT_COVERED[2025].items():
        assert _dollars(high) in table_1_2 and (low == 0 or _dollars(low) in table_1_2), status
    low, high = facts.TRADITIONAL_DEDUCTION_PHASEOUT_SPOUSE_COVERED[2025]
    assert f"more than {_dollars(low)} but less than {_dollars(high)} a partial deduction" in table_1_2
    for status, (low, high) in facts.ROTH_PHASEOUT[2025].items():
        if low:
            assert f"at least {_dollars(low)} but less than {_dollars(high)}" in table_2_1, status
        else:
            assert f"{_dollars(high)} or more you can’t contribute" in table_2_1, status
    for table in (facts.ROTH_PHASEOUT[2026], facts.TRADITIONAL_DEDUCTION_PHASEOUT_COVERED[2026]):
        for low, high in table.values():
            assert _dollars(high) in whats_new and (low == 0 or _dollars(low) in whats_new)
    for year in (2025, 2026):
        limit, catch_up = facts.IRA_CONTRIBUTION_LIMIT[year], facts.IRA_CATCH_UP[year]
        assert f"{_dollars(limit)} ({_dollars(limit + catch_up)} for individuals age 50 or older)" in whats_new


def test_contribution_limits_match_pub_17_table() -> None:
    """Pub 17 (2025) page 87 lists the limit and the age-50 limit for every earlier year."""
    text = _page_text("p17-2025", 89)
    # "before 1997 $2,250" is the old spousal total, not a one-person limit: numbers.py starts at 1997
    rows = re.findall(r"(?<!before )\b(\d{4})(?: (?:through|or) (\d{4}))? (\$[\d,]+) (\$[\d,]+|—)", text)
    assert len(rows) >= 9
    for first, last, limit, older in rows:
        for year in range(int(first), int(last or first) + 1):
            assert _dollars(facts.IRA_CONTRIBUTION_LIMIT[year]) == limit, year
            if older == "—":
                assert year not in facts.IRA_CATCH_UP, year
            else:
                assert _dollars(facts.IRA_CONTRIBUTION_LIMIT[year] + facts.IRA_CATCH_UP[year]) == older, year


def test_distribution_numbers() -> None:
    assert (facts.EARLY_DISTRIBUTION_PCT, facts.SIMPLE_EARLY_PCT, facts.SIMPLE_EARLY_YEARS) == (10, 25, 2)
    assert facts.EARLY_DISTRIBUTION_AGE == 59.5 and 59 < facts.EARLY_DISTRIBUTION_AGE < 60
    assert (facts.ROLLOVER_DAYS, facts.PLAN_ROLLOVER_WITHHOLDING_PCT, facts.IRA_WITHHOLDING_PCT) == (60, 20, 10)
    assert (facts.REFUND_CLAIM_YEARS, facts.REFUND_PAID_YEARS, facts.ROTH_FIVE_YEARS) == (3, 2, 5)
    assert (facts.EXCESS_CONTRIBUTION_TAX_PCT, facts.FORM_8606_PENALTY, facts.FORM_8606_OVERSTATEMENT_PENALTY) == (
        6, 50, 100)
    assert (facts.SECTION_1244_LIMIT, facts.SECTION_1244_LIMIT_JOINT) == (50000, 100000)
    assert (facts.NOL_PRE_TCJA_CARRYBACK_YEARS, facts.NOL_PRE_TCJA_CARRYFORWARD_YEARS) == (2, 20)
    assert (facts.UNEMPLOYMENT_WEEKS, facts.FIRST_HOME_LIMIT, facts.UBTI_FILING_THRESHOLD) == (12, 10000, 1000)
    assert facts.RECHARACTERIZE_CORRECTION_MONTHS == 6


# what evals and answers must be able to recognise among the cited authorities (doc_id or title)
RECOGNISED = ["Form 8606", "Form 5329", "Form 1040-X", "Form 4684", "Form 990-T", "Form 172", "Form 8949",
              "Form 4797", "IRC 408A", "IRC 4975", "IRC 1015", "IRC 1014", "IRC 1244", "IRC 1222", "IRC 6511",
              "IRC 408", "IRC 165(g)", "IRC 165(c)", "IRC 72(t)", "Rev. Rul. 74-175", "Notice 89-25"]


@pytest.mark.parametrize("name", RECOGNISED)
def test_authorities_are_recognised_by_the_eval_matcher(name: str) -> None:
    from evals.matching import authority_matches

    assert any(authority_matches(name, [a.doc_id, a.title]) for a in facts.AUTHORITIES.values()), name


def test_outside_authorities_link_to_an_official_source() -> None:
    official = ("https://uscode.house.gov/", "https://www.ecfr.gov/", "https://www.irs.gov/", "https://www.govinfo.gov/",
                "https://www.congress.gov/")
    for a in facts.AUTHORITIES.values():
        if a.doc_id.startswith(("IRC ", "Treas. Reg.", "Form ", "Schedule ", "Rev. Proc.", "CCA ")):
            assert a.url.startswith(official), a.id
        if a.doc_id.startswith("Form ") or a.doc_id.startswith("Schedule "):
            assert a.title.startswith(a.doc_id) and "/forms-pubs/about-" in a.url, a.id


# the ids the rules cite (issue 12 spec): they may gain siblings, never be renamed
SPEC_FACT_IDS = [
    "ira-basis", "ira-pro-rata", "form-8606-required", "form-8606-missing", "inherited-ira-basis",
    "ira-distribution-lines", "ira-distribution-income", "roth-ordering", "roth-qualified", "roth-conversion-five-year",
    "roth-reporting", "designated-roth", "after-tax-plan-money", "early-distribution-tax", "simple-ira-25",
    "early-distribution-exceptions", "rollover-60-day", "rollover-once-a-year", "rollover-withholding",
    "money-lost-outside-ira", "conversion-taxable", "excess-contribution", "roth-income-limit",
    "traditional-deduction-limit", "recharacterize-contribution-deadline", "prohibited-transaction", "ira-ubti",
    "ira-fees", "loss-inside-ira-fraud", "theft-after-distribution", "refund-claim-window",
    "capital-netting", "capital-loss-worksheet", "decedent-capital-loss", "carryover-joint-separate", "gift-basis",
    "inherited-basis", "section-1244", "worthless-year", "abandoned-security", "wash-sale-window",
    "wash-sale-triggers", "wash-sale-partial", "wash-sale-basis", "wash-sale-reporting", "substantially-identical",
    "nol-pre-2018", "nol-farming", "nol-waiver", "nol-claim", "nol-nonbusiness", "personal-use-gain",
    "investment-property-capital", "not-a-preparer", "unverified-authority",
]


def test_spec_fact_ids_exist() -> None:
    assert [i for i in SPEC_FACT_IDS if i not in facts.FACTS] == []


def test_fact_modules_do_not_shadow_the_loss_families() -> None:
    """by_year() picks the first fact of a family that holds: no new module may reuse a loss family's prefix."""
    from app.rules.facts.distributions import DISTRIBUTION_FACTS
    from app.rules.facts.investments import INVESTMENT_FACTS
    from app.rules.facts.losses import LOSS_FACTS
    from app.rules.facts.penalty_exceptions import EXCEPTION_SUMMARY, PENALTY_EXCEPTION_FACTS

    tables = [LOSS_FACTS, DISTRIBUTION_FACTS, INVESTMENT_FACTS, PENALTY_EXCEPTION_FACTS, EXCEPTION_SUMMARY]
    assert sum(len(t) for t in tables) == len(facts.FACTS)  # no id defined twice
    families = ("ira-loss-", "roth-loss-", "plan-loss-", "misc-itemized-")
    assert not [i for t in tables[1:] for i in t if i.startswith(families)]


@pytest.mark.parametrize("family", [("nol-pre-1998", "nol-pre-2018", "nol-post-2017"),
                                    ("ira-fees-through-2017", "ira-fees")])
def test_dated_variants_cover_every_year_once(family: tuple[str, ...]) -> None:
    for year in range(facts.MIN_TAX_YEAR, facts.MAX_TAX_YEAR + 1):
        assert len([i for i in family if facts.fact(i).holds_for(year)]) == 1, year


def test_statements_print_their_own_numbers() -> None:
    """A whole-number fact number (a dollar amount, a percentage, a count of days or years) is the one the
    statement shows, so statement and number cannot drift apart."""
    from app.rules.facts.distributions import DISTRIBUTION_FACTS
    from app.rules.facts.investments import INVESTMENT_FACTS
    from app.rules.facts.penalty_exceptions import PENALTY_EXCEPTION_FACTS

    checked = 0
    for f in [*DISTRIBUTION_FACTS.values(), *INVESTMENT_FACTS.values(), *PENALTY_EXCEPTION_FACTS.values()]:
        for name, value in f.numbers.items():
            if isinstance(value, int) and not isinstance(value, bool) and name != "ratio_cap":
                assert f"{value:,}" in f.statement, (f.id, name, value)
                checked += 1
    assert checked > 30


def test_phase_out_statements_show_the_tables() -> None:
    for fid, table in (("roth-income-limit", facts.ROTH_PHASEOUT),
                       ("traditional-deduction-limit", facts.TRADITIONAL_DEDUCTION_PHASEOUT_COVERED)):
        statement = facts.fact(fid).statement
        for year, by_status in table.items():
            assert facts.fact(fid).holds_for(year)
            for low, high in by_status.values():
                assert f"{_dollars(low)}-{_dollars(high)}" in statement, (fid, year)


def test_tables_refuse_an_id_defined_twice() -> None:
    from app.rules.facts.model import join_tables

    assert join_tables("fact", {"a": 1}, {"b": 2}) == {"a": 1, "b": 2}
    with pytest.raises(ValueError, match="fact ids defined twice: \\['a'\\]"):
        join_tables("fact", {"a": 1}, {"a": 2})
