"""Chunking along headings: metadata contract, page of the chunk's start, size bounds, stable unique ids."""
from __future__ import annotations

from pathlib import Path

from conftest import FIXTURE_PDF, FIXTURE_TXT

from app.types import CHUNK_METADATA_KEYS
from ingest.article import load_text
from ingest.chunking import MAX_CHARS, TARGET_CHARS, Piece, chunk_document
from ingest.manifest import Document
from ingest.pdf import load_pdf

PUB = Document(
    id="p999-2025",
    title="Publication 999, Test Losses",
    kind="irs_publication",
    authority=1,
    tax_year=2025,
    file="p999-2025.pdf",
    sha256="a" * 64,
    url="https://www.irs.gov/pub/irs-pdf/p999.pdf",
    page_offset=2,
)
ARTICLE = Document(
    id="test-article", title="A Test Article", kind="article", authority=9, tax_year=0, file="a.txt", sha256="b" * 64
)


def _para(n: int, words: int = 30) -> str:
    return " ".join(f"word{n}x{i}" for i in range(words)) + "."


def test_metadata_keys_and_values_on_fixture_pdf(fixture_corpus: Path) -> None:
    chunks = chunk_document(PUB, load_pdf(fixture_corpus / FIXTURE_PDF).pieces)
    assert chunks
    for chunk in chunks:
        assert tuple(chunk.metadata) == CHUNK_METADATA_KEYS
        meta = chunk.metadata
        assert meta["doc_id"] == "p999-2025" and meta["authority"] == 1 and meta["tax_year"] == 2025
        assert meta["page"] == max(meta["pdf_page"] - 2, 0)  # page_offset 2, as for Pub 17 (cover pages: 0)
        assert meta["url"] == f"https://www.irs.gov/pub/irs-pdf/p999.pdf#page={meta['pdf_page']}"
        assert chunk.id.startswith("p999-2025:") and len(chunk.metadata["content_sha"]) == 64
    wash = next(c for c in chunks if "IRA within 30 days" in c.text)
    assert wash.metadata["section"] == "Chapter 1. Losses in Test Accounts > Wash Sales Into an IRA"
    assert wash.metadata["pdf_page"] == 2
    assert wash.embed_text.startswith(wash.metadata["section"] + "\n")


def test_article_has_no_pages_and_no_url(fixture_corpus: Path) -> None:
    chunks = chunk_document(ARTICLE, load_text(fixture_corpus / FIXTURE_TXT))
    assert {c.metadata["page"] for c in chunks} == {0}
    assert {c.metadata["url"] for c in chunks} == {""}
    assert chunks[0].metadata["section"].startswith("A Test Article About Losses > ")
    assert not any("Related Posts" in c.text or "by tester" in c.text for c in chunks)


def test_chunks_never_cross_a_heading_and_stay_near_target() -> None:
    pieces = [Piece("heading", "Chapter 1. One", 1, 1), Piece("heading", "Alpha", 1, 2)]
    pieces += [Piece("text", _para(i), 1 + i // 4) for i in range(12)]
    pieces += [Piece("heading", "Beta", 5, 2), Piece("text", _para(99), 5)]
    chunks = chunk_document(PUB, pieces)
    sections = [c.metadata["section"] for c in chunks]
    assert sections[-1] == "Chapter 1. One > Beta" and "word99x0" in chunks[-1].text
    assert all("word99" not in c.text for c in chunks[:-1])
    assert all(len(c.text) <= TARGET_CHARS for c in chunks[:-1])
    # A chunk keeps the page where it starts.
    starts = [(c.metadata["pdf_page"], int(c.text.split("x")[0].removeprefix("word"))) for c in chunks[:-1]]
    assert all(page == 1 + para // 4 for page, para in starts)


def test_a_long_paragraph_is_split_at_sentences() -> None:
    long_text = " ".join(f"Sentence number {i} says something about losses." for i in range(80))
    chunks = chunk_document(PUB, [Piece("heading", "H", 1, 2), Piece("text", long_text, 3)])
    assert len(chunks) > 1
    assert all(len(c.text) <= MAX_CHARS for c in chunks)
    assert all(c.text.endswith(".") for c in chunks)
    assert " ".join(c.text for c in chunks) == long_text


def test_ids_are_stable_and_unique_even_for_repeated_text() -> None:
    repeated = "Keep for your records: this worksheet is not filed with your return at all."
    pieces = [Piece("heading", "H", 1, 2), Piece("text", repeated, 1), Piece("heading", "H", 2, 2)]
    pieces += [Piece("text", repeated, 2)]
    first = chunk_document(PUB, pieces)
    again = chunk_document(PUB, pieces)
    assert [c.id for c in first] == [c.id for c in again]
    assert len({c.id for c in first}) == len(first) == 2


def test_id_changes_with_text_or_heading_but_not_with_neighbours() -> None:
    base = [Piece("heading", "H", 1, 2), Piece("text", _para(1), 1), Piece("heading", "I", 2, 2)]
    base += [Piece("text", _para(2), 2)]
    ids = [c.id for c in chunk_document(PUB, base)]
    edited = [*base[:3], Piece("text", _para(3), 2)]
    ids_edited = [c.id for c in chunk_document(PUB, edited)]
    assert ids[0] == ids_edited[0] and ids[1] != ids_edited[1]
    renamed = [base[0], base[1], Piece("heading", "J", 2, 2), base[3]]
    assert chunk_document(PUB, renamed)[1].id != ids[1]


def test_tiny_leftovers_are_dropped() -> None:
    chunks = chunk_document(PUB, [Piece("heading", "H", 1, 2), Piece("text", "•", 1)])
    assert chunks == []
