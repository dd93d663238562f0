"""How an answer is matched against a case: phrases (must_include / must_not_include) and authorities.

Phrases: case- and whitespace-insensitive substring tests, where "a|b" means a or b. Typographic quotes and dashes
are folded to ASCII first (app.text.fold_typography), because composed answers quote PDFs that use them ("can’t"
must match "can't").

Authorities: each mention is parsed into a key (kind, identifier, subsections, year) so that "Pub 590-B",
"Publication 590-B (2025)", "p590b" and "p590b-2025" are the same document and "IRC 1091", "section 1091" and
"§ 1091" the same statute. An expected authority matches a cited one when the kinds and identifiers agree, the expected
subsections are a prefix of the cited ones ("IRC 67" is satisfied by "IRC 67(g)", not the other way round), and the
years agree when both name one.
"""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from app.text import fold_typography


def normalize(text: str) -> str:
    """Lower-case, ASCII quotes and dashes, single spaces."""
    folded = fold_typography(unicodedata.normalize("NFKC", text or "")).lower()
    return " ".join(folded.split())


def alternatives(item: str) -> list[str]:
    return [normalize(alt) for alt in item.split("|") if alt.strip()]


def contains(text: str, item: str) -> bool:
    """True when any "|"-separated alternative of `item` occurs in `text` (normalized)."""
    haystack = normalize(text)
    return any(alt in haystack for alt in alternatives(item))


def missing(text: str, items: list[str] | tuple[str, ...]) -> list[str]:
    """The must_include items that do not occur."""
    return [item for item in items if not contains(text, item)]


def present(text: str, items: list[str] | tuple[str, ...]) -> list[str]:
    """The must_not_include items that do occur."""
    return [item for item in items if contains(text, item)]


class AuthorityKey(NamedTuple):
    kind: str  # pub | irc | pl | revrul | notice | form | schedule | article
    ident: str
    subs: tuple[str, ...] = ()
    year: int | None = None

    def satisfied_by(self, cited: AuthorityKey) -> bool:
        if (self.kind, self.ident) != (cited.kind, cited.ident):
            return False
        if cited.subs[: len(self.subs)] != self.subs:
            return False
        return self.year is None or cited.year is None or self.year == cited.year


_SUBS = r"((?:\s*\([0-9a-z]{1,4}\))*)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "p590b", "p590b-2025", "p17-2025:0042" (doc ids and chunk ids)
    ("pub_id", re.compile(r"\bp(\d{1,4})([a-z])?(?:-(\d{4}))?(?![0-9a-z])")),
    # "Pub 590-B", "Pub. 550", "Publication 17 (2025)", "Publication 590-B (2025)"
    ("pub", re.compile(r"\bpub(?:lication)?s?\.?\s*(\d{1,4})(?:\s*-?\s*([a-z]))?\b(?:\s*\((\d{4})\))?")),
    # "IRC 1091", "IRC § 67(g)", "26 U.S.C. 1091", "section 408A(d)(6)(B)(iii)", "§165(g)", "sec. 1212(b)"
    ("irc", re.compile(r"(?:\birc\b|\bi\.r\.c\.|\b26\s*u\.?s\.?c\.?|\bsections?\b|\bsecs?\.|§)\s*§*\s*"
                       r"(\d{1,4}[a-z]?)\b" + _SUBS)),
    # "P.L. 115-97", "Pub. L. 119-21", "Public Law 119-21"
    ("pl", re.compile(r"(?:\bp\.\s*l\.|\bpub\.?\s*l\.|\bpublic\s+law)\s*(?:no\.\s*)?(\d{2,3}-\d{1,4})\b")),
    ("revrul", re.compile(r"\brev(?:enue)?\.?\s*rul(?:ing)?\.?\s*(\d{2,4}-\d{1,3})\b")),
    ("notice", re.compile(r"\bnotice\s+(\d{2,4}-\d{1,3})\b")),
    ("form", re.compile(r"\bforms?\s+(\d{3,4}(?:-[a-z]{1,2})?)\b")),
    ("schedule", re.compile(r"\bschedule\s+([a-z0-9]{1,2})\b")),
]
_ALIASES: list[tuple[re.Pattern[str], AuthorityKey]] = [
    (re.compile(r"\btcja\b|\btax cuts and jobs act\b"), AuthorityKey("pl", "115-97")),
    (re.compile(r"\bobbba?\b|\bone big beautiful bill\b"), AuthorityKey("pl", "119-21")),
    (re.compile(r"\bcares act\b"), AuthorityKey("pl", "116-136")),
    (re.compile(r"\barticle\b"), AuthorityKey("article", "article")),
]


def _subs(raw: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\(([0-9a-z]{1,4})\)", raw))


def authority_keys(text: str) -> set[AuthorityKey]:
    """Every authority mentioned in `text` (a doc id, a citation title, or a free-form reference)."""
    norm = normalize(text)
    keys: set[AuthorityKey] = set()
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(norm):
            if kind in ("pub_id", "pub"):
                year = int(m.group(3)) if m.group(3) else None
                keys.add(AuthorityKey("pub", m.group(1) + (m.group(2) or ""), (), year))
            elif kind == "irc":
                keys.add(AuthorityKey("irc", m.group(1), _subs(m.group(2))))
            else:
                keys.add(AuthorityKey(kind, m.group(1)))
    for pattern, key in _ALIASES:
        if pattern.search(norm):
            keys.add(key)
    return keys


def normalize_authority(text: str) -> AuthorityKey | None:
    """The single key an expected-authority string stands for (the first one found), or None if unrecognized."""
    norm = normalize(text)
    best: tuple[int, AuthorityKey] | None = None
    for kind, pattern in _PATTERNS:
        m = pattern.search(norm)
        if m and (best is None or m.start() < best[0]):
            found = authority_keys(m.group(0))
            if found:
                best = (m.start(), min(found))
    if best is not None:
        return best[1]
    for pattern, key in _ALIASES:
        if pattern.search(norm):
            return key
    return None


def authority_matches(expected: str, cited_texts: list[str]) -> bool:
    """True when `expected` (e.g. "Pub 590-B") is satisfied by any of the cited texts (doc ids, titles)."""
    want = normalize_authority(expected)
    if want is None:  # an unparsed authority falls back to a plain phrase test
        return any(contains(t, expected) for t in cited_texts)
    return any(want.satisfied_by(have) for t in cited_texts for have in authority_keys(t))
