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
