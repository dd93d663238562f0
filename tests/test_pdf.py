"""PDF extraction on the generated fixture PDF: reading order, headings, hyphenation, margins, damaged files."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURE_PDF

from app.errors import DocumentError
from ingest.pdf import load_pdf


@pytest.fixture
def extracted(fixture_corpus: Path):
    return load_pdf(fixture_corpus / FIXTURE_PDF)


def _text(extracted) -> str:
    return "\n".join(p.text for p in extracted.pieces if p.kind == "text")


def test_counts_pages(extracted) -> None:
    assert extracted.pages == 2


def test_chapter_and_section_headings_with_levels(extracted) -> None:
    headings = [(p.level, p.text, p.pdf_page) for p in extracted.pieces if p.kind == "heading"]
    assert headings == [
        (1, "Chapter 1. Losses in Test Accounts", 1),
        (2, "Retirement Accounts", 1),
        (2, "Wash Sales Into an IRA", 2),
    ]


def test_joins_line_end_hyphenation(extracted) -> None:
    text = _text(extracted)
    assert "not deductible on your return" in text
    assert "deduc-" not in text


def test_keeps_hyphen_of_a_real_compound(extracted) -> None:
    # "self-" + "employed" at a line end: the document also spells "self-employed", so the hyphen stays.
    assert "rule; self-employed status" in _text(extracted)


def test_drops_running_header_and_footer(extracted) -> None:
    text = _text(extracted)
    assert "Publication 999 (2025)" not in text
    assert "Page 1" not in text and "Page 2" not in text


def test_left_column_before_right_column(extracted) -> None:
    text = _text(extracted)
    assert text.index("traditional IRA is not") < text.index("Zebra paragraph")


def test_page_numbers_follow_the_text(extracted) -> None:
    pages = {p.text.split()[0]: p.pdf_page for p in extracted.pieces if p.kind == "text"}
    assert pages["A"] == 1 and pages["If"] == 2


def test_truncated_pdf_is_one_clear_error(tmp_path: Path, fixture_corpus: Path) -> None:
    data = (fixture_corpus / FIXTURE_PDF).read_bytes()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(data[: len(data) // 3])
    with pytest.raises(DocumentError) as err:
        load_pdf(broken)
    message = str(err.value)
    assert message.startswith("broken.pdf: ") and "Fix:" in message and "\n" not in message


def test_garbage_is_not_a_pdf(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"this is not a pdf at all\n" * 20)
    with pytest.raises(DocumentError, match="junk.pdf: "):
        load_pdf(junk)


def test_pdf_without_text_is_reported(tmp_path: Path) -> None:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect(pymupdf.Rect(50, 50, 200, 200), color=(0, 0, 0))
    path = tmp_path / "scan.pdf"
    doc.save(path)
    with pytest.raises(DocumentError, match="no extractable text"):
        load_pdf(path)


# ---- headings from the PDF's own outline (ingest/outline.py) ----------------------------------------------------

def _bookmarked_pdf(path: Path, *, named: bool = False) -> Path:
    """Two pages, IRS style: a chapter number set apart from its title, a section, and a subsection that its font
    makes look like a section (the outline says it sits under the section); a line of body text that repeats the
    subsection's title as a cross-reference; a bold run-in heading no bookmark names; a body paragraph under each."""
    import pymupdf

    body = "Body text that belongs to the heading above it, long enough to be a chunk of its own here."
    doc = pymupdf.open()
    one = doc.new_page(width=612, height=792)
    one.insert_text((42, 60), "1.", fontname="hebo", fontsize=18)
    one.insert_text((42, 90), "Losses in Test Accounts", fontname="hebo", fontsize=18)
    one.insert_text((42, 130), "Retirement Accounts", fontname="hebo", fontsize=14)
    one.insert_text((42, 160), body, fontname="helv", fontsize=10)
    one.insert_text((42, 200), "Wash Sales Into an IRA", fontname="helv", fontsize=10)  # a cross-reference
    two = doc.new_page(width=612, height=792)
    two.insert_text((42, 60), "Wash Sales Into an IRA", fontname="hebo", fontsize=14)
    two.insert_text((42, 90), body.replace("Body", "Wash"), fontname="helv", fontsize=10)
    two.insert_text((42, 130), "A Run-In Topic", fontname="hebo", fontsize=11.5)
    two.insert_text((42, 160), body.replace("Body", "Topic"), fontname="helv", fontsize=10)
    # Targets: the top of each title line (insert_text's y is the baseline; the line box starts ~14 pt higher).
    toc = [[1, "Chapter 1 Losses in Test Accounts", 1, 74.0], [2, "Retirement Accounts", 1, 117.0],
           [3, "Wash Sales Into an IRA", 2, 47.0]]
    doc.set_toc(toc)
    doc.save(path)
    doc.close()
    return path


def _sections(path: Path, mode: str) -> dict[str, str]:
    from ingest.chunking import chunk_document
    from ingest.manifest import Document

    doc = Document(id="p998-2025", title="Test", kind="irs_publication", authority=1, tax_year=2025, revision="",
                   url="", file=path.name, sha256="0" * 64, page_offset=0)
    return {c.text.split()[0]: c.metadata["section"] for c in chunk_document(doc, load_pdf(path, headings=mode).pieces)}


def test_outline_gives_the_depth_fonts_get_wrong(tmp_path: Path) -> None:
    pdf = _bookmarked_pdf(tmp_path / "p998.pdf")
    font, outline, combined = (_sections(pdf, m) for m in ("font", "outline", "combined"))
    chapter = "Chapter 1. Losses in Test Accounts"
    # By font, the subsection is a sibling of the section; the bookmarks put it under it.
    assert font["Wash"] == f"{chapter} > Wash Sales Into an IRA"
    assert outline["Wash"] == combined["Wash"] == f"{chapter} > Retirement Accounts > Wash Sales Into an IRA"
    # The cross-reference with the same words is body text, not the bookmarked heading.
    assert outline["Body"] == combined["Body"] == f"{chapter} > Retirement Accounts"
    # A heading no bookmark names: text in "outline", below the bookmarks in "combined" (and in "font").
    assert combined["Topic"] == f"{chapter} > Retirement Accounts > Wash Sales Into an IRA > A Run-In Topic"
    assert font["Topic"] == f"{chapter} > Wash Sales Into an IRA > A Run-In Topic"
    assert set(outline) == {"Body", "Wash"}  # the run-in heading and its paragraph joined the Wash chunk as text


def test_a_pdf_without_bookmarks_keeps_its_font_headings(fixture_corpus: Path) -> None:
    pieces = {mode: load_pdf(fixture_corpus / FIXTURE_PDF, headings=mode).pieces for mode in ("font", "combined")}
    assert pieces["combined"] == pieces["font"] and any(p.kind == "heading" for p in pieces["font"])
