"""Heading levels from a PDF's own outline (its bookmarks, `doc.get_toc()`), for the lines that carry those titles.

The IRS publications bookmark three levels (part or chapter > section > subsection). Fonts alone find nearly every
bookmarked title but often at the wrong depth (Pub 590-B's "IRA Owners" looks like a section, yet sits under "When
Must You Withdraw Assets?"), and the depth is what a chunk's heading path is made of. The outline gives the depth;
fonts still find the headings it leaves out (worksheets, "Figuring the Owner's RMD"), which go below the bookmark
levels, keeping their font depth (ingest/pdf.py; docs/ingest.md has the measurements).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

BELOW_OUTLINE = 4  # headings found by font but not bookmarked start at this level: under any bookmark
_NOT_WORD = re.compile(r"[^a-z0-9]")
_CHAPTER = re.compile(r"^chapter(\d{1,2})")
MAX_LINES = 8  # a bookmarked title spans at most this many lines (Pub 17 sets "Part Three. ..." on 7)
SKIP = 12  # lines of body text that may sit between two lines of one title (in reading order)
LINK_GOTO = 1  # pymupdf.LINK_GOTO (not imported: this module needs no PDF library)
TOLERANCE = 15.0  # points between a bookmark's target and the top of its title line (measured: about 5)


class _Line(Protocol):
    text: str
    pdf_page: int
    bold: bool
    top: float  # y of the line's top edge, from the top of the page


def norm(text: str) -> str:
    """Letters and digits only, lower case: "Chapter 1. Traditional IRAs" and "Chapter 1 Traditional IRAs" agree."""
    return _NOT_WORD.sub("", text.lower().replace("’", "'"))


Mark = tuple[str, int, float | None, str]  # (title to match, level, top of the title on the page or None, full title)


def bookmarks(toc: Sequence[Sequence[Any]], heights: dict[int, float]) -> dict[int, list[Mark]]:
    """{pdf page: [(normalised title, level, top of the title or None, full normalised title)]} from get_toc(simple=False)
    rows [level, title, page, dest]. PyMuPDF resolves a direct target (kind LINK_GOTO, 1) to page coordinates (from
    the top); a named destination (kind LINK_NAMED, 4: the IRS files use these) comes as the PDF wrote it, from the
    bottom of the page. A chapter is also listed without its "Chapter N" prefix: the page sets the number apart ("1."
    above the title)."""
    out: dict[int, list[Mark]] = {}
    for row in toc:
        level, title, page = int(row[0]), str(row[1]), int(row[2])
        key = norm(title)
        if not key or page < 1:
            continue
        dest = row[3] if len(row) > 3 and isinstance(row[3], dict) else {}
        to, top = dest.get("to"), None
        if to is not None and page in heights and to.y > 0:
            top = float(to.y) if dest.get("kind") == LINK_GOTO else heights[page] - float(to.y)
        out.setdefault(page, []).append((key, level, top, key))
        chapter = _CHAPTER.match(key)
        if chapter and key[chapter.end():]:
            out[page].append((key[chapter.end():], level, top, key))
    return out


def outline_levels(blocks: Sequence[Sequence[_Line]], toc: Sequence[Sequence[Any]], heights: dict[int, float]
                   ) -> dict[int, tuple[int, int]]:
    """{id(line): (level, bookmark number)} for every line that is (part of) a bookmarked title on its page: the
    lines, in reading order (a title may run over two blocks, "Part One." / "The Income Tax Return"), whose words
    make the title and whose top is where the bookmark points. Each bookmark is used once; the lines of one title
    share its number. A chapter's number set apart on its own line ("2.") gets the title's level and number too,
    as a negative number, so pdf.py can put it in front of the title."""
    marks = bookmarks(toc, heights)
    levels: dict[int, tuple[int, int]] = {}
    lines = [line for block in blocks for line in block]
    i = 0
    while i < len(lines):
        line = lines[i]
        # Only titles whose target is this line: a cross-reference in the text ("see When Must You Withdraw...") has
        # the same words but sits elsewhere on the page.
        titles = [m for m in marks.get(line.pdf_page, []) if m[2] is None or abs(m[2] - line.top) <= TOLERANCE]
        matched, text, parts = 0, "", []
        for j in range(i, min(i + MAX_LINES + SKIP, len(lines))):
            if not titles or lines[j].pdf_page != line.pdf_page or len(parts) == MAX_LINES:
                break
            if parts and not lines[j].bold and parts[-1].bold:
                continue  # body text between two bold lines of one title (Pub 17's "Part One." ... "The Income...")
            parts.append(lines[j])
            text += norm(lines[j].text)
            hit = next((m for m in titles if m[0] == text), None)
            if hit is not None:
                marks[line.pdf_page] = [m for m in marks[line.pdf_page] if m[3] != hit[3]]  # used once
                group = len(levels) + 1
                levels.update((id(part), (hit[1], group)) for part in parts)
                chapter = _CHAPTER.match(hit[3])
                if chapter and hit[0] != hit[3]:  # matched without "Chapter N": find the "N." set apart
                    number = next((x for x in reversed(lines[max(i - 40, 0) : i]) if x.pdf_page == line.pdf_page
                                   and x.text.strip() == f"{chapter.group(1)}."), None)
                    if number is not None:
                        levels[id(number)] = (hit[1], -group)
                matched = j - i + 1
                break
            if not any(m[0].startswith(text) for m in titles):
                break
        i += matched or 1
    return levels
