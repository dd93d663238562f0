"""app.guard: contradicting sentences go, unknown citations go, the article is labelled and rebutted."""
from __future__ import annotations

from app.guard import ARTICLE_LABEL, article_conflict, check_citations, guard_text, label_article
from app.types import AUTHORITY_ARTICLE, AUTHORITY_IRS, Passage


def _p(cid: str, text: str, *, article: bool = False) -> Passage:
    return Passage(
        chunk_id=cid, text=text, doc_id="article-retirement-losses" if article else cid.split(":")[0],
        title="Exploring the Possibility of Writing Off Losses" if article else "Publication 17 (2025)",
        kind="article" if article else "irs_publication", authority=AUTHORITY_ARTICLE if article else AUTHORITY_IRS,
        section="Ch. 12", page=0 if article else 101, pdf_page=0 if article else 103,
        tax_year=0 if article else 2025, url="" if article else "https://www.irs.gov/pub/irs-pdf/p17.pdf#page=103",
    )


IRS = _p("p17-2025:0301", "You can no longer claim any miscellaneous itemized deductions that are subject to the "
         "2%-of-adjusted-gross-income limitation.")
WASH = _p("p550-2025:0412", "If you buy substantially identical stock for your IRA within 30 days, the loss is "
          "disallowed and is not added to the basis of your IRA.")
ART = _p("article-retirement-losses:0003", "If you have a net operating loss, you may be able to deduct your "
         "retirement account losses against the NOL.", article=True)


def test_contradicting_sentence_is_removed_and_the_rest_kept() -> None:
    text = ("Miscellaneous itemized deductions are suspended [1]. An IRA loss can offset your capital gains [1]. "
            "IRA losses are deductible in 2020 [2].")
    result = guard_text(text, [IRS, WASH], tax_year=2024)
    assert result.text == "Miscellaneous itemized deductions are suspended [1]."
    assert len(result.removed) == 2
    assert "article-ltcg-offset" in result.rule_ids and "ira-loss-2018-2025" in result.rule_ids
    assert result.cited == [IRS]


def test_correct_negative_sentence_survives() -> None:
    text = "Losses in an IRA are not deductible for 2020 [1]."
    result = guard_text(text, [IRS], tax_year=2020)
    assert result.text == text and not result.removed


def test_unknown_citations_are_dropped_and_known_renumbered() -> None:
    text, cited, dropped = check_citations("Wash sales [2][7]. Suspended [1, 9]. See [p550-2025:0412].", [IRS, WASH])
    assert dropped == ["7", "9"]
    assert cited == [WASH, IRS]  # numbered in order of first citation
    assert text == "Wash sales [1]. Suspended [2]. See [1]."


def test_invented_chunk_ids_and_non_citations() -> None:
    text, cited, dropped = check_citations("Made up [p999-2030:0001]. Masked [SSN removed] stays.", [IRS])
    assert cited == [] and dropped == ["p999-2030:0001"]
    assert text == "Made up. Masked [SSN removed] stays."


def test_article_citation_is_flagged() -> None:
    result = guard_text("The article says so [2].", [IRS, ART], tax_year=2025)
    assert result.cited == [ART] and ART.is_article


def test_article_conflict_names_the_claim_and_cites_irs() -> None:
    line, cites = article_conflict(ART.text)
    assert "lowest authority" in line and "NOL" in line
    assert "long-term capital gain" not in line  # only the claim the passage echoes
    assert cites and all(c.authority == AUTHORITY_IRS and c.page for c in cites)
    assert any("#page=" in c.url for c in cites)


def test_article_conflict_lists_every_claim_when_none_matches() -> None:
    line, _ = article_conflict("what does that article say?")
    assert line.count('it says "') >= 3


def test_label_article_marks_only_the_article() -> None:
    out = label_article([IRS.cite(), ART.cite()])
    assert ARTICLE_LABEL not in out[0].title and ARTICLE_LABEL in out[1].title
    assert label_article(out)[1].title.count(ARTICLE_LABEL) == 1
