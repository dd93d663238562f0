"""Retrieval from the asks: each question of a message becomes its own focused query, and their rankings are fused,
so a passage that answers the second question is not crowded out by the first (multi-query, reciprocal rank fusion).

A short or leaning question ("will that mess up my write-off?", "what happens to the losses when someone dies?") is
read with the case's own terms (its accounts and the story's subject), never with the user's amounts or names.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from app.retrieval import reciprocal_rank_fusion
from app.types import Passage
from app.understand.accounts import ACCOUNT_LABELS

_LEANS = re.compile(r"\b(?:that|this|it|they|them|those|these)\b", re.IGNORECASE)
_AMOUNT = re.compile(r"[$\u00a3]\s?[\d,.]+\s*k?|\b\d[\d,.]*\s*(?:k|dollars)\b", re.IGNORECASE)
_SUBJECTS = [
    (re.compile(r"wash[\s-]*sale|bought\s+(?:it\s+)?back|substantially\s+identical", re.IGNORECASE), "wash sale"),
    (re.compile(r"\bconver(?:t|ted|sion)|backdoor", re.IGNORECASE), "Roth conversion"),
    (re.compile(r"worthless|bankrupt", re.IGNORECASE), "worthless securities"),
    (re.compile(r"\bnol\b|net\s+operating", re.IGNORECASE), "net operating loss"),
    (re.compile(r"carry\s*-?over|capital\s+loss", re.IGNORECASE), "capital loss carryover"),
    (re.compile(r"inherit|died|passed\s+away|decedent", re.IGNORECASE), "decedent inherited"),
    (re.compile(r"\bsold\b|\bsale\b", re.IGNORECASE), "sale loss"),
]


def query_for(ask_text: str, story: str, accounts: Sequence[str], year: int) -> str:
    """A self-contained search query for one ask: its words without amounts, plus the story's subject and accounts
    when the ask leans on the story or is short."""
    words = _AMOUNT.sub(" ", ask_text)
    extra: list[str] = []
    if _LEANS.search(ask_text) or len(ask_text.split()) < 9:
        extra += [label for rx, label in _SUBJECTS if rx.search(story)][:2]
        extra += [ACCOUNT_LABELS.get(k, "") for k in list(dict.fromkeys(accounts))[:2]]
    query = " ".join([words, *extra, f"tax year {year}"])
    return re.sub(r"\s+", " ", query).strip()


def queries(reading: Any, year: int, fallback: str) -> list[str]:
    """One query per ask (asks the rules answered are skipped by the caller); the standalone question when none."""
    if reading is None or not getattr(reading, "asks", None):
        return [fallback]
    story = reading.case.text(asks=False)
    accounts = [a.kind for a in reading.case.accounts]
    out = [query_for(a.text, story, accounts, year) for a in reading.asks if not a.implicit]
    return list(dict.fromkeys(out)) or [fallback]


def fused_search(search: Callable[[str, int], list[Passage]], texts: Sequence[str], year: int, k: int) -> list[Passage]:
    """Each query's ranking fused by reciprocal rank; a single query is just its own ranking."""
    if len(texts) == 1:
        return search(texts[0], year)[:k]
    by_id: dict[str, Passage] = {}
    rankings: list[tuple[list[str], float]] = []
    for text in texts:
        found = search(text, year)
        by_id.update({p.chunk_id: p for p in found})
        rankings.append(([p.chunk_id for p in found], 1.0))
    fused = reciprocal_rank_fusion(rankings)
    return [by_id[cid] for cid, _ in sorted(fused.items(), key=lambda kv: -kv[1])][:k]
