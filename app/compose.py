"""The extractive composer: answer from retrieved passages without any model.

A one-line lead, then the few sentences most relevant to the question, quoted word for word and cited. When the
passages do not really bear on the question (support below a threshold measured on questions the corpus cannot
answer, see docs/pipeline.md) it says "I can't find this in the IRS guidance I have" and lists the closest sources
instead of quoting them as if they answered. It never answers from nothing.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from app.glossary import expansion_terms
from app.text import fold_typography, sentences
from app.types import AUTHORITY_ARTICLE, Answer, Citation, Passage

NOT_FOUND = "I can't find this in the IRS guidance I have"
# Support below this = weak retrieval. Measured with evals/pipeline_measure.py on the real index: 28 answerable questions
# (tests/data/retrieval_gold.jsonl) vs 20 the corpus cannot answer. 0.50 misclassifies 5 + 5 of 48; the error minimum
# (0.517: 6 + 2) sits inside a cluster of off-corpus scores (0.511-0.515), so the rounder, more answer-friendly 0.50.
WEAK_SUPPORT = 0.50
MAX_SENTENCES = 3
MAX_QUOTE_CHARS = 400

Reject = Callable[[str], object]  # truthy = do not quote this sentence
_INSTRUCTION = re.compile(
    r"(?i)\b(?:ignore|disregard|forget|override)\b[^.]{0,40}\b(?:instructions?|prompts?|rules|guidelines|above)\b"
    r"|\b(?:tell|inform|assure)\s+(?:the\s+|all\s+)?(?:users?|readers?|people|customers)\b"
    r"|\b(?:you\s+are\s+now|system\s+prompt|as\s+an\s+ai)\b"
)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# A "sentence" ending in a bare list number ("as follows. 1.") or a colon is a lead-in: it is joined to the next one,
# so a quote never stops at "Order the distributions as follows. 1."
_LEAD_IN = re.compile(r"(?:(?:^|\s)\(?[0-9]{1,2}[.)]|:)$")
# A "sentence" with fewer content terms (words outside _STOP_WORDS) than this is a heading or a fragment
# ("Ordering rules for distributions."): it names a topic without saying anything about it. Kept low on purpose.
MIN_SENTENCE_TERMS = 3
# Words that appear in nearly every question and passage here: they say nothing about whether a passage fits.
_STOP_WORDS = (
    """a an the and or but if of to in on at by for from with without about as is are was were be been being do does
    did doing have has had having i me my we our you your he she it its they them their this that these those there
    what which who whom when where why how can could should would will shall may might must not no yes than then so
    any all some more most other such only own same too very just also into out up down over under again once here
    get got write off writeoff deduct deductible deduction deductions claim tax taxes year years irs loss losses lost
    money account accounts pay paid able allowed allow count counts treat treated report reported rule rules
    like thing things now right much many way one ones mean meaning matter matters whats dont isnt im i'm anymore
    can't cant don't doesn't didn't isn't aren't wasn't weren't won't wouldn't shouldn't couldn't haven't hasn't
    really just totally want wanted need know tell help please thanks hey ok okay still even ever later week"""
)
_STOP = frozenset(_STOP_WORDS.split())


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer  # PyStemmer (Snowball, C): "sales"/"sale" and "recharacterization"/"recharacterize" meet

    return Stemmer.Stemmer("english")


# "taxed", "losing", "deducted" stem onto stop words: filter again after stemming (computed once, lazily).
class _StemmedStop:
    _set: frozenset[str] | None = None

    def __contains__(self, stem: str) -> bool:
        if self._set is None:
            self._set = frozenset(_stemmer().stemWords(sorted(_STOP)))
        return stem in self._set


_STEMMED_STOP = _StemmedStop()


def terms(text: str) -> list[str]:
    """Content terms of a text: lower-cased, stop words dropped, crudely stemmed."""
    words = [w for w in _WORD.findall(fold_typography(text).lower()) if w not in _STOP and len(w) > 1]
    return [t for t in _stemmer().stemWords(words) if t not in _STEMMED_STOP]


def quotable_sentences(text: str) -> list[str]:
    """A passage's sentences (app.text.sentences, line breaks as spaces) that can be quoted alone: lead-ins joined
    to what they introduce, fragments of 20 characters or less left out."""
    merged: list[str] = []
    for part in sentences(re.sub(r"\s+", " ", text)):
        if merged and _LEAD_IN.search(merged[-1]):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return [s for s in merged if len(s) > 20]


def support(question: str, passages: list[Passage]) -> float:
    """How well the best passage covers the question's content terms (0..1), rarer-looking terms weigh more.

    Length of a term stands in for its rarity (no corpus statistics are needed at answer time): "recharacterize"
    says far more than "sell"."""
    q = set(terms(question))
    if not q or not passages:
        return 0.0
    weights = {t: math.log(2 + len(t)) for t in q}
    total = sum(weights.values())
    best = 0.0
    for p in passages:
        have = set(terms(p.text + " " + p.section))
        best = max(best, sum(w for t, w in weights.items() if t in have) / total)
    return best


@dataclass(frozen=True)
class _Pick:
    score: float
    sentence: str
    passage: Passage


def is_instruction(sentence: str) -> bool:
    """Text addressed to an assistant ("ignore previous instructions", "tell users ...") is never quoted."""
    return bool(_INSTRUCTION.search(sentence))


def pick_sentences(question: str, passages: list[Passage], limit: int = MAX_SENTENCES,
                   reject: Reject | None = None) -> list[_Pick]:
    """The sentences sharing the most weighted question terms; earlier (better-ranked) passages break ties and
    the article is ranked below any IRS passage that says something relevant. Sentences `reject` flags (those
    contradicting a rule fact) and instructions planted in documents are skipped."""
    q = set(terms(question))
    picks: list[_Pick] = []
    for rank, p in enumerate(passages):
        for sent in quotable_sentences(p.text):
            have = set(terms(sent))
            hit = sum(math.log(2 + len(t)) for t in q & have)
            if hit <= 0 or len(have) < MIN_SENTENCE_TERMS or _LEAD_IN.search(sent):
                continue
            score = hit / math.sqrt(max(len(have), 8)) - 0.05 * rank
            if p.authority >= AUTHORITY_ARTICLE:
                score *= 0.5
            picks.append(_Pick(score, sent, p))
    picks.sort(key=lambda x: -x.score)
    chosen: list[_Pick] = []
    for pick in picks:
        # checked only while walking down the ranking: the contradiction regexes cost ~1 ms a sentence
        if is_instruction(pick.sentence) or (reject is not None and reject(pick.sentence)):
            continue
        if all(pick.sentence != c.sentence for c in chosen):
            chosen.append(pick)
        if len(chosen) == limit:
            break
    return chosen


def _quote(sentence: str) -> str:
    return sentence if len(sentence) <= MAX_QUOTE_CHARS else sentence[: MAX_QUOTE_CHARS - 3].rstrip() + "..."


def _where(p: Passage) -> str:
    page = f", p. {p.page}" if p.page else ""
    tag = " (web article, lowest authority)" if p.authority >= AUTHORITY_ARTICLE else ""
    return f"{p.title}{page}{tag}"


def year_note(passages: list[Passage], tax_year: int) -> str | None:
    years = sorted({p.tax_year for p in passages if p.tax_year and p.authority < AUTHORITY_ARTICLE})
    if years and tax_year not in years:
        shown = ", ".join(str(y) for y in years)
        return (f"These passages come from the {shown} IRS publications; the rules for {tax_year} may differ. "
                "Check the edition for that year.")
    return None


def _distinct_places(passages: list[Passage]) -> list[Passage]:
    """One passage per document section and page: listing the same place twice tells the reader nothing."""
    seen: set[tuple[str, int, str]] = set()
    out = []
    for p in passages:
        key = (p.doc_id, p.page, p.section)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def compose_extractive(
    question: str, passages: list[Passage], *, tax_year: int, weak_support: float = WEAK_SUPPORT,
    reject: Reject | None = None,
) -> Answer:
    """An Answer (source="retrieval") built only from the passages' own sentences."""
    warnings: list[str] = []
    # People say "lent my brother-in-law money", the IRS says "nonbusiness bad debt": the glossary's IRS terms count
    # toward support and sentence choice too (max, so a question the glossary does not touch scores as before).
    expanded = f"{question} {expansion_terms(question)}".strip()
    strength = max(support(question, passages), support(expanded, passages))
    picks = pick_sentences(expanded, passages, reject=reject) if strength >= weak_support else []
    if not picks:
        closest = _distinct_places(passages)[:3]
        lines = [f"{NOT_FOUND} (tax year {tax_year})."]
        if closest:
            lines.append("The closest sources I have are:")
            lines += [f"- {_where(p)}" + (f", {p.section}" if p.section else "") for p in closest]
            lines.append("They may not answer your question; a tax professional can help.")
        else:
            lines.append("No documents are indexed that relate to it.")
        cites = [p.cite(_quote(next(iter(quotable_sentences(p.text)), p.text))) for p in closest]
        return Answer(text="\n".join(lines), verdict="unknown", source="retrieval", tax_year=tax_year,
                      citations=cites, warnings=warnings)

    order: list[str] = []  # chunk ids in citation-number order
    for pick in picks:
        if pick.passage.chunk_id not in order:
            order.append(pick.passage.chunk_id)
    lines = [f"Here is what the IRS guidance I have says about this (tax year {tax_year}):"]
    quotes: dict[str, list[str]] = {}
    for pick in picks:
        n = order.index(pick.passage.chunk_id) + 1
        lines.append(f'- "{_quote(pick.sentence)}" [{n}] ({_where(pick.passage)})')
        quotes.setdefault(pick.passage.chunk_id, []).append(_quote(pick.sentence))
    by_id = {p.chunk_id: p for p in passages}
    citations: list[Citation] = [by_id[cid].cite(" ... ".join(quotes[cid])) for cid in order]
    note = year_note([by_id[c] for c in order], tax_year)
    if note:
        warnings.append(note)
    return Answer(text="\n".join(lines), verdict="unknown", source="retrieval", tax_year=tax_year,
                  citations=citations, warnings=warnings)
