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
