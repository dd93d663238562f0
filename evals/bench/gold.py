"""The retrieval gold set and the two ranking metrics, recall@k and MRR, computed the same way for every system.

A hit is a retrieved (doc_id, printed page) pair that matches one of the question's gold (doc_id, pages). The gold
file belongs to the retrieval work (tests/data/retrieval_gold.jsonl); this reader accepts its shape plus the obvious
variants, so the bench does not break when a field is renamed.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import ConfigError


@dataclass(frozen=True)
class GoldItem:
    question: str
    targets: tuple[tuple[str, frozenset[int]], ...]  # (doc_id, printed pages); empty pages = any page of the doc
    tax_year: int | None = None

    def matches(self, doc_id: str, page: int) -> bool:
        return any(doc_id == d and (not pages or page in pages) for d, pages in self.targets)


def _pages(value: Any) -> frozenset[int]:
    if value is None:
        return frozenset()
    if isinstance(value, (int, str)):
        value = [value]
    return frozenset(int(p) for p in value)


def _targets(row: dict[str, Any]) -> tuple[tuple[str, frozenset[int]], ...]:
    gold = row.get("gold") or row.get("gold_targets") or row.get("targets")
    if isinstance(gold, list) and gold and isinstance(gold[0], dict):
        return tuple((str(g["doc_id"]), _pages(g.get("pages", g.get("page")))) for g in gold)
    if isinstance(gold, dict):
        return ((str(gold["doc_id"]), _pages(gold.get("pages", gold.get("page")))),)
    doc = row.get("doc_id") or row.get("gold_doc_id") or row.get("gold_doc")
    if isinstance(doc, list):
        pages = _pages(row.get("pages", row.get("gold_pages", row.get("page"))))
        return tuple((str(d), pages) for d in doc)
    if doc:
        return ((str(doc), _pages(row.get("pages", row.get("gold_pages", row.get("page"))))),)
    return ()


def parse_gold(lines: Iterable[str], *, source: str = "gold set") -> list[GoldItem]:
    items: list[GoldItem] = []
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith(("#", "//")):
            continue
        try:
            row = json.loads(line)
            question = str(row.get("question") or row["query"])
            targets = _targets(row)
        except (ValueError, KeyError, TypeError) as err:
            raise ConfigError(f"{source}, line {number}: not a gold row ({type(err).__name__}: {err}).") from None
        if not targets:
            raise ConfigError(f"{source}, line {number}: no gold doc_id.")
        year = row.get("tax_year")
        items.append(GoldItem(question=question, targets=targets, tax_year=int(year) if year else None))
    return items


def load_gold(path: Path) -> list[GoldItem]:
    if not path.is_file():
        raise ConfigError(f"No retrieval gold set at {path}.", hint="Pass --gold PATH to a JSONL gold file.")
    items = parse_gold(path.read_text(encoding="utf-8").splitlines(), source=path.name)
    if not items:
        raise ConfigError(f"The gold set {path} has no questions.")
    return items


def first_hit_rank(item: GoldItem, results: Sequence[tuple[str, int]], k: int) -> int | None:
    """1-based rank of the first retrieved (doc_id, page) matching the gold, within the top k; None = miss."""
    for rank, (doc_id, page) in enumerate(results[:k], 1):
        if item.matches(doc_id, page):
            return rank
    return None


def ranking_metrics(ranks: Sequence[int | None]) -> dict[str, float]:
    """recall@k (share of questions with a gold hit in the top k) and MRR (mean of 1/rank, 0 for a miss)."""
    if not ranks:
        return {"recall_at_k": 0.0, "mrr": 0.0, "n": 0}
    hits = [r for r in ranks if r is not None]
    return {
        "recall_at_k": len(hits) / len(ranks),
        "mrr": sum(1.0 / r for r in hits) / len(ranks),
        "n": len(ranks),
    }
