"""Cut a document's headings and paragraphs into ~800-character chunks that follow its structure.

Loaders (pdf.py, article.py) produce a flat list of Pieces; this module keeps the heading path (chapter > section >
subsection), never lets a chunk cross a heading or a document, and gives each chunk a stable id from its content.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from app.text import sentences
from app.types import CHUNK_METADATA_KEYS
from ingest.manifest import Document

# Bump when the chunk text or ids would change for the same input: it forces every document to be re-chunked.
# 5 (main): long paragraphs are cut at app.text.sentences boundaries (9 of 3,362 chunks changed, all worksheet rows).
# 5 (issue 14): heading paths from the PDFs' bookmarks (ingest/outline.py).
# 6: both of the above, merged; an index built by either "5" is re-chunked.
CHUNKER_VERSION = "6"
TARGET_CHARS = 800
MAX_CHARS = 1200  # a single paragraph longer than this is split at sentence ends
MIN_CHARS = 40  # shorter leftovers (a lone bullet, a stray label) carry no answer on their own


@dataclass(frozen=True)
class Piece:
    """One heading or one paragraph, in reading order. level: 1 = chapter, 2 = section, 3 = subsection."""

    kind: str  # "heading" | "text"
    text: str
    pdf_page: int = 0  # 1-based; 0 for documents without pages
    level: int = 0


@dataclass(frozen=True)
class Chunk:
    id: str
    text: str
    metadata: dict[str, Any]
    # What the embedder sees: the heading path gives a short paragraph the context its words leave implicit.
    embed_text: str = field(repr=False, default="")


def _split_long(text: str) -> list[str]:
    if len(text) <= MAX_CHARS:
        return [text]
    parts: list[str] = []
    current = ""
    for sentence in sentences(text):
        if current and len(current) + 1 + len(sentence) > TARGET_CHARS:
            parts.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        parts.append(current)
    # A "sentence" with no break at all (a table row run) is cut at word boundaries as a last resort.
    out: list[str] = []
    for part in parts:
        while len(part) > MAX_CHARS:
            cut = part.rfind(" ", 0, TARGET_CHARS) if " " in part[:TARGET_CHARS] else TARGET_CHARS
            out.append(part[:cut].strip())
            part = part[cut:].strip()
        out.append(part)
    return [p for p in out if p]


def _url(doc: Document, pdf_page: int) -> str:
    if not doc.url:
        return ""
    return f"{doc.url}#page={pdf_page}" if doc.is_pdf and pdf_page else doc.url


def _metadata(doc: Document, section: str, text: str, pdf_page: int) -> dict[str, Any]:
    printed = max(pdf_page - doc.page_offset, 0) if pdf_page else 0
    meta = {
        "doc_id": doc.id,
        "title": doc.title,
        "kind": doc.kind,
        "authority": doc.authority,
        "section": section,
        "page": printed,
        "pdf_page": pdf_page,
        "tax_year": doc.tax_year,
        "url": _url(doc, pdf_page),
        "content_sha": hashlib.sha256(text.encode()).hexdigest(),
    }
    assert tuple(meta) == CHUNK_METADATA_KEYS  # the contract with retrieval; fails loudly if either side drifts
    return meta


def embed_text_for(section: str, text: str) -> str:
    return f"{section}\n{text}" if section else text


def chunk_document(doc: Document, pieces: list[Piece]) -> list[Chunk]:
    """Group pieces into chunks of about TARGET_CHARS within one heading path; ids are `<doc_id>:<sha12>`."""
    path: list[tuple[int, str]] = []
    drafts: list[tuple[str, str, int]] = []  # (section, text, pdf_page of the chunk's start)
    buffer: list[str] = []
    start_page = 0

    def flush() -> None:
        nonlocal buffer
        text = " ".join(buffer).strip()
        if len(text) >= MIN_CHARS:
            drafts.append((" > ".join(title for _, title in path), text, start_page))
        buffer = []

    for piece in pieces:
        if piece.kind == "heading":
            flush()
            level = max(piece.level, 1)
            while path and path[-1][0] >= level:
                path.pop()
            path.append((level, piece.text.strip()))
            continue
        for part in _split_long(piece.text.strip()):
            size = sum(len(b) + 1 for b in buffer)
            if buffer and size + len(part) > TARGET_CHARS:
                flush()
            if not buffer:
                start_page = piece.pdf_page
            buffer.append(part)
    flush()

    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for section, text, pdf_page in drafts:
        embed = embed_text_for(section, text)
        base = f"{doc.id}:{hashlib.sha256(embed.encode()).hexdigest()[:12]}"
        # The same words under the same heading can repeat (e.g. a boxed note on two pages); keep ids unique.
        seen[base] = seen.get(base, 0) + 1
        chunk_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
        chunks.append(Chunk(chunk_id, text, _metadata(doc, section, text, pdf_page), embed))
    return chunks
