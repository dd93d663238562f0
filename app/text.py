"""Plain-text handling that must agree everywhere: sentence boundaries and typographic folding.

`sentences` is the one sentence splitter: the composer quotes passages by it, the guard checks model text by it, the
conversation keeps an answer's first sentence by it and ingest cuts an over-long paragraph by it. Two splitters
would let the guard judge a different "sentence" than the one that was quoted.

`fold_typography` is the one quote folding: phone keyboards type "haven’t", the IRS PDFs print “quotes” and en
dashes, and every pattern and word list here is written in ASCII.
"""
from __future__ import annotations

import re

_TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'",  # ‘ ’ ‛ ′
    "\u201c": '"', "\u201d": '"', "\u201f": '"', "\u2033": '"',  # “ ” ‟ ″
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u00ad": "",  # no-break space, soft hyphen
})


def fold_typography(text: str) -> str:
    """`text` with typographic quotes, apostrophes, primes and dashes as their ASCII forms (same length or shorter:
    only a soft hyphen is dropped)."""
    return text.translate(_TYPOGRAPHY)


# A sentence ends at ".", "!" or "?", with the closing quotes or brackets and the citation markers ("[1]", "[2, 3]")
# that follow it, where whitespace and then a capital letter, an opening quote or bracket, or a bullet come next.
# A lower-case word or a number after the stop continues the sentence: "e.g. the", "Pub. 590-B", "sec. 1.165-1(b)".
_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?:[ \t]*\[[^\]\n]{1,40}\])*(?=\s+[A-Z\"'\u201c\u2018(\u2022])")


def sentences(text: str) -> list[str]:
    """The sentences of `text` in order, each stripped, with its trailing citation markers attached."""
    text = (text or "").strip()
    out: list[str] = []
    start = 0
    for m in _END.finditer(text):
        out.append(text[start : m.end()].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]
