"""Hybrid retrieval: BM25 (app.bm25) and dense (Chroma + the packaged MiniLM), fused by reciprocal rank.

Why both: the IRS text is full of exact terms people also type ("wash sale", "Form 8949", "$3,000") that BM25 finds
reliably, while people's own words ("undo my Roth conversion") need the embedder. Reciprocal rank fusion needs no
score calibration between the two. A small authority prior keeps IRS text above the source article when both
match about equally; the article is still returned when a question is about its claims.

Filters (tax year, document ids, maximum authority rank) apply to both branches before fusion, so k results come
back whenever k matching chunks exist. The LangChain view of this retriever is app.chain.WriteoffRetriever.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from app.bm25 import Bm25Index, fingerprint, open_bm25
from app.glossary import expansion_terms
from app.types import AUTHORITY_ARTICLE, Passage

if TYPE_CHECKING:
    from app.config import Settings

# Longer input is almost surely pasted text; the embedder truncates at 256 tokens anyway.
MAX_QUERY_CHARS = 2000
MAX_K = 50


class CollectionSource(Protocol):
    """What retrieval needs from app.store.Store: the collection serving right now (it changes after an ingest)."""

    def active_collection(self) -> Any: ...


class QueryEmbedder(Protocol):
    model_id: str

    def embed_query(self, text: str) -> list[float]: ...


@dataclass(frozen=True)
class FusionParams:
    """Tuned on tests/data/retrieval_gold.jsonl (see docs/retrieval.md for the measurements)."""

    k_bm25: int = 30  # candidates taken from each branch before fusion
    k_dense: int = 30
    rrf_k: int = 10  # lower than the usual 60: measured best on the gold set (docs/retrieval.md)
    w_bm25: float = 0.75  # BM25 alone is the weaker branch on conversational questions (measured)
    w_dense: float = 1.0
    # Fused score is multiplied by (1 - authority_penalty * (authority - 1) / 8): 1.0 for IRS text, lowest for the
    # article (authority 9). Small on purpose: the article must stay retrievable for questions about its claims.
    authority_penalty: float = 0.05
    # A passage found only by the dense branch must be at least this similar (cosine) to the query. Without it a
    # garbage query ("asdf qwer") still gets five "matches", because nearest neighbours always exist. 0.2 let keyboard
    # mashes through on the v4-chunked index (cosine 0.22-0.23); 0.3 stops them and changes no gold/held-out rank.
    min_dense_only_similarity: float = 0.3
    # Glossary expansion (app/glossary.py): IRS terms for the everyday words of the question. On the BM25 side they are
    # scored as a second query weighted by w_expansion. When the glossary fired, BM25 speaks the publications'
    # vocabulary and becomes the better branch, so the dense weight drops to w_dense_when_expanded; questions the
    # glossary does not cover keep the weights above (measured both ways, docs/retrieval.md).
    expand: bool = True
    w_expansion: float = 2.0
    w_dense_when_expanded: float = 0.5
    # > 0 also embeds "question + terms" (one more embedding, cached like the first) as a third ranking. Off: measured
    # no better on the gold set than the BM25-side expansion alone, for one more embedding per question.
    w_dense_expansion: float = 0.0


@dataclass
class _Filter:
    tax_year: int | None
    doc_ids: tuple[str, ...] | None
    max_authority: int | None

    def where(self) -> dict[str, Any] | None:
        """The same filter as a Chroma `where` clause."""
        clauses: list[dict[str, Any]] = []
        if self.tax_year is not None:
            # Undated documents (tax_year 0, e.g. a web article) apply to every year as much as to any.
            clauses.append({"tax_year": {"$in": [int(self.tax_year), 0]}})
        if self.doc_ids is not None:
            clauses.append({"doc_id": {"$in": list(self.doc_ids)}})
        if self.max_authority is not None:
            clauses.append({"authority": {"$lte": int(self.max_authority)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def mask(self, bm25: Bm25Index) -> np.ndarray | None:
        """The same filter as a boolean mask over the BM25 index's chunks."""
        if self.tax_year is None and self.doc_ids is None and self.max_authority is None:
            return None
        keep = np.ones(len(bm25), dtype=bool)
        if self.tax_year is not None:
            keep &= np.isin(bm25.column("tax_year", 0).astype(int), [int(self.tax_year), 0])
        if self.doc_ids is not None:
            keep &= np.isin(bm25.column("doc_id", "").astype(str), list(self.doc_ids))
        if self.max_authority is not None:
            keep &= bm25.column("authority", AUTHORITY_ARTICLE).astype(int) <= int(self.max_authority)
        return keep


def reciprocal_rank_fusion(rankings: Sequence[tuple[Sequence[str], float]], rrf_k: int = 60) -> dict[str, float]:
    """sum over rankings of weight / (rrf_k + rank), rank 1-based: only positions matter, never raw scores."""
    fused: dict[str, float] = {}
    for ids, weight in rankings:
        for rank, cid in enumerate(ids, start=1):
            fused[cid] = fused.get(cid, 0.0) + weight / (rrf_k + rank)
    return fused


def authority_weight(authority: int, penalty: float) -> float:
    """1.0 for rank 1 (IRS), falling linearly to 1 - penalty for rank 9 (the source article)."""
    return 1.0 - penalty * (min(max(authority, 1), 9) - 1) / 8


def clean_query(query: object) -> str:
    """The query as searched: whitespace collapsed, length capped. '' means there is nothing to search for."""
    if not isinstance(query, str):
        return ""
    return " ".join(query.split())[:MAX_QUERY_CHARS]


class HybridRetriever:
    def __init__(
        self,
        source: CollectionSource,
        embedder: QueryEmbedder,
        data_dir: Path,
        params: FusionParams | None = None,
        *,
        query_cache_size: int = 256,
    ) -> None:
        self.source = source
        self.embedder = embedder
        self.data_dir = Path(data_dir)
        self.params = params or FusionParams()
        self._lock = threading.Lock()
        self._bm25: tuple[str, Bm25Index] | None = None  # (collection fingerprint, its index)
        self._query_vectors: OrderedDict[str, list[float]] = OrderedDict()
        self._query_cache_size = query_cache_size

    # -- the two branches ---------------------------------------------------------------------------------------

    def _bm25_for(self, collection: Any) -> Bm25Index:
        stamp = fingerprint(collection)
        with self._lock:
            if self._bm25 is None or self._bm25[0] != stamp:
                self._bm25 = (stamp, open_bm25(self.data_dir, collection, stamp))
            return self._bm25[1]

    def _embed(self, query: str) -> list[float]:
        """One embedding per distinct query text: follow-ups and retries of the same text cost nothing."""
        with self._lock:
            vec = self._query_vectors.get(query)
            if vec is not None:
                self._query_vectors.move_to_end(query)
                return vec
        vec = self.embedder.embed_query(query)
        with self._lock:
            self._query_vectors[query] = vec
            while len(self._query_vectors) > self._query_cache_size:
                self._query_vectors.popitem(last=False)
        return vec

    def _dense(self, collection: Any, query: str, n: int, flt: _Filter) -> list[tuple[str, str, dict, float]]:
        """(id, text, metadata, cosine similarity) of the nearest chunks, best first."""
        vec = self._embed(query)
        got = collection.query(
            query_embeddings=[vec],
            n_results=n,
            where=flt.where(),
            include=["documents", "metadatas", "embeddings"],
        )
        ids = got["ids"][0] if got["ids"] else []
        if not ids:
            return []
        # Similarity from the stored vectors, so the threshold means the same whatever distance the collection uses.
        sims = np.asarray(got["embeddings"][0], dtype=np.float32) @ np.asarray(vec, dtype=np.float32)
        rows = zip(ids, got["documents"][0], got["metadatas"][0], sims.tolist(), strict=True)
        return sorted(((i, t or "", dict(m or {}), float(s)) for i, t, m, s in rows), key=lambda r: -r[3])

    # -- the public API -----------------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        k: int = 5,
        *,
        tax_year: int | None = None,
        doc_ids: Iterable[str] | None = None,
        max_authority: int | None = None,
    ) -> list[Passage]:
        """The best `k` passages for `query`, scores filled (fused RRF score), best first.

        Returns [] for an empty query or when nothing matches; raises the store's IndexMissing /
        EmbedderMismatch (WriteoffErrors with plain-words messages) when there is no usable index.
        """
        text = clean_query(query)
        k = max(1, min(int(k), MAX_K))
        if not text:
            return []
        flt = _Filter(tax_year, tuple(doc_ids) if doc_ids is not None else None, max_authority)
        if flt.doc_ids == ():
            return []  # "none of the documents": nothing can match (and Chroma rejects an empty $in)
        collection = self.source.active_collection()
        bm25 = self._bm25_for(collection)
        if len(bm25) == 0:
            return []
        p = self.params
        terms = expansion_terms(text) if p.expand else ""
        mask = flt.mask(bm25)
        lexical = bm25.top(text, max(p.k_bm25, k), mask, extra=terms, extra_weight=p.w_expansion)
        n_dense = min(max(p.k_dense, k), len(bm25))
        dense = self._dense(collection, text, n_dense, flt)
        dense_expanded = []
        if terms and p.w_dense_expansion > 0:
            dense_expanded = self._dense(collection, f"{text}\n{terms}", n_dense, flt)
        return self._fuse(bm25, lexical, dense, dense_expanded, w_dense=p.w_dense_when_expanded if terms else None)[:k]

    def _fuse(
        self,
        bm25: Bm25Index,
        lexical: list[tuple[int, float]],
        dense: list[tuple[str, str, dict, float]],
        dense_expanded: list[tuple[str, str, dict, float]] = (),  # type: ignore[assignment]
        *,
        w_dense: float | None = None,
    ) -> list[Passage]:
        p = self.params
        w_dense = p.w_dense if w_dense is None else w_dense
        found: dict[str, tuple[str, dict]] = {cid: (text, meta) for cid, text, meta, _ in [*dense_expanded, *dense]}
        found.update({bm25.chunks[i].chunk_id: (bm25.chunks[i].text, bm25.chunks[i].meta) for i, _ in lexical})
        lexical_ids = [bm25.chunks[i].chunk_id for i, _ in lexical]
        fused = reciprocal_rank_fusion(
            [
                (lexical_ids, p.w_bm25),
                ([cid for cid, *_ in dense], w_dense),
                ([cid for cid, *_ in dense_expanded], p.w_dense_expansion),
            ],
            rrf_k=p.rrf_k,
        )
        # A dense-only hit must be similar enough to the question (or to question + glossary terms; the glossary only
        # fires on real words, so a nonsense query still gets nothing).
        sims: dict[str, float] = {}
        for cid, _t, _m, sim in [*dense, *dense_expanded]:
            sims[cid] = max(sim, sims.get(cid, sim))
        weak = {cid for cid in fused if sims.get(cid, 0.0) < p.min_dense_only_similarity} - set(lexical_ids)
        passages = []
        for cid, score in fused.items():
            if cid in weak:
                continue
            text, meta = found[cid]
            score *= authority_weight(int(meta.get("authority", AUTHORITY_ARTICLE)), p.authority_penalty)
            passages.append(Passage.from_chroma(cid, text, meta, round(score, 6)))
        # Ties (rare) go to the higher authority, then to the stable chunk id, so results are reproducible.
        passages.sort(key=lambda ps: (-ps.score, ps.authority, ps.chunk_id))
        return passages

    def doc_ids(self) -> set[str]:
        """Ids of the documents in the active index (to tell a user which --doc values exist)."""
        bm25 = self._bm25_for(self.source.active_collection())
        return {str(c.meta.get("doc_id", "")) for c in bm25.chunks}


def passage_metadata(p: Passage) -> dict[str, Any]:
    """A Passage's citation fields as a flat dict (LangChain Document metadata, JSON output)."""
    return {
        "chunk_id": p.chunk_id,
        "doc_id": p.doc_id,
        "title": p.title,
        "kind": p.kind,
        "authority": p.authority,
        "section": p.section,
        "page": p.page,
        "pdf_page": p.pdf_page,
        "tax_year": p.tax_year,
        "url": p.url,
        "score": p.score,
    }


def make_retriever(settings: Settings, store: CollectionSource | None = None) -> HybridRetriever:
    """The retriever over the store's active collection (opened from settings unless one is passed in)."""
    from app.embeddings import get_embedder

    if store is None:
        from app.store import open_store

        store = open_store(settings)
    return HybridRetriever(store, get_embedder(), settings.data_dir)
