"""Plain-text documents (the source web article): paragraphs separated by blank lines, short lines are headings.

A web article has no fonts to go by, so a heading is a short line with no closing period that is followed by text.
"""
from __future__ import annotations

import re
from pathlib import Path

from app.errors import DocumentError
from ingest.chunking import Piece

MAX_HEADING_CHARS = 90
_BYLINE = re.compile(r"^by \S+( \S+)?$", re.IGNORECASE)
_BOILERPLATE = ("related posts", "share this", "leave a comment")


def _is_heading(paragraph: str, is_last: bool) -> bool:
    line = paragraph.strip()
    if is_last or "\n" in line or len(line) > MAX_HEADING_CHARS:
        return False
    return not line.endswith((".", ",", ";", ":")) and not line[:1].isdigit()


def load_text(path: Path, name: str | None = None) -> list[Piece]:
    """Pieces from a UTF-8 text file; raises DocumentError when it cannot be read or holds no text."""
    label = name or Path(path).name
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DocumentError(
            f"{label}: cannot read it as UTF-8 text ({type(err).__name__}).", hint="Fix: save it as UTF-8 text."
        ) from err
    paragraphs = [p.strip() for p in raw.replace("\r\n", "\n").split("\n\n") if p.strip()]
    paragraphs = [p for p in paragraphs if p.lower() not in _BOILERPLATE and not _BYLINE.match(p)]
    # A saved web page starts with a breadcrumb that ends with the title itself ("Home Section <title>").
    if len(paragraphs) > 1 and "\n" not in paragraphs[0] and paragraphs[0].endswith(paragraphs[1]):
        paragraphs = paragraphs[1:]
    pieces: list[Piece] = []
    for i, para in enumerate(paragraphs):
        if i == 0 and "\n" not in para and len(paragraphs) > 1:
            pieces.append(Piece("heading", para, 0, 1))  # the article's title
        elif _is_heading(para, i == len(paragraphs) - 1):
            pieces.append(Piece("heading", para, 0, 2))
        else:
            pieces.append(Piece("text", " ".join(para.split()), 0))
    if not any(p.kind == "text" for p in pieces):
        raise DocumentError(f"{label}: no text in the file.", hint="Fix: replace it with the original article.")
    return pieces
