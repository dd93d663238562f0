"""The lexical half of hybrid retrieval: a bm25s index over every chunk of one Chroma collection, kept on disk.

A collection's name changes on every index build, so `<data_dir>/bm25/<collection name>/` is a natural cache key:
the index is built once after an ingest and loaded in milliseconds afterwards. The folder also keeps the chunk ids,
texts and metadata, so a passage found only by BM25 can be returned without another round trip to Chroma.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

# Bump when tokenisation changes: an index built by another version is rebuilt, never silently mixed.
TOKENIZER_VERSION = "en_plus-snowball-section-1"
_META_FILE = "writeoff.json"
_CHUNKS_FILE = "chunks.jsonl"

# "3,000" -> "3000" and "59 1/2" stays searchable as "59"; bm25s's own pattern then keeps tokens of 2+ characters.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")


def _bm25s() -> Any:
    import bm25s

    # bm25s sets its own logger to DEBUG on import, which would print "Building index..." lines into CLI output.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


def _stemmer() -> Any:
    import Stemmer  # PyStemmer: Snowball English, compiled, no data files to download

    return Stemmer.Stemmer("english")


def _normalise(text: str) -> str:
    return _THOUSANDS.sub("", text)


def tokenize(texts: list[str], stemmer: Any) -> list[list[str]]:
    """Lowercase, drop English stopwords (NLTK's list, shipped inside bm25s), Snowball-stem."""
    return _bm25s().tokenize(  # type: ignore[no-any-return]
        [_normalise(t) for t in texts],
        stopwords="en_plus",
        stemmer=stemmer,
        return_ids=False,
        show_progress=False,
    )


def _indexed_text(chunk: Chunk) -> str:
    # The heading path is indexed with the text: a paragraph under "Wash Sales" rarely repeats those words itself.
    section = str(chunk.meta.get("section", "") or "")
    return f"{section}\n{chunk.text}" if section else chunk.text


@dataclass(frozen=True)
class Chunk:
    chunk_id: str
    text: str
    meta: dict[str, Any]


class Bm25Index:
    """BM25 scores over a fixed list of chunks; `scores(query)` returns one score per chunk, in chunk order."""

    def __init__(self, chunks: list[Chunk], model: Any, stemmer: Any) -> None:
        self.chunks = chunks
        self._model = model
        self._stemmer = stemmer
        self._columns: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.chunks)

    def column(self, key: str, default: Any) -> np.ndarray:
        """One metadata field of every chunk as an array (cached), so filters are vectorised, not a Python loop."""
        if key not in self._columns:
            self._columns[key] = np.asarray([c.meta.get(key, default) for c in self.chunks])
        return self._columns[key]

    @classmethod
    def build(cls, chunks: list[Chunk]) -> Bm25Index:
        stemmer = _stemmer()
        model = _bm25s().BM25()
        if chunks:
            model.index(tokenize([_indexed_text(c) for c in chunks], stemmer), show_progress=False)
        return cls(chunks, model, stemmer)

    def query_tokens(self, query: str) -> list[str]:
        return tokenize([query], self._stemmer)[0]

    def unknown_tokens(self, text: str) -> list[str]:
        """Tokens of `text` that no chunk contains (a glossary term the corpus never uses would be dead weight)."""
        vocab = getattr(self._model, "vocab_dict", None) or {}
        return [t for t in self.query_tokens(text) if t not in vocab]

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for `query` (zeros when no query word is in the vocabulary)."""
        tokens = self.query_tokens(query)
        if not tokens or not self.chunks:
            return np.zeros(len(self.chunks), dtype=np.float32)
        return np.asarray(self._model.get_scores(tokens), dtype=np.float32)

    def top(
        self, query: str, k: int, mask: np.ndarray | None = None, *, extra: str = "", extra_weight: float = 0.0
    ) -> list[tuple[int, float]]:
        """Indices and scores of the best `k` chunks with a positive score, restricted to `mask` when given.

        `extra` (glossary terms) is scored as a second query and added with `extra_weight`: the terms help rank the
        chunks that use the IRS's words, without outweighing the words the user actually typed."""
        scores = self.scores(query)
        if extra and extra_weight > 0:
            scores = scores + np.float32(extra_weight) * self.scores(extra)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        k = min(k, int(np.count_nonzero(scores > 0)))
        if k <= 0:
            return []
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(int(i), float(scores[i])) for i in best]

    # -- persistence --------------------------------------------------------------------------------------------

    def save(self, folder: Path, fingerprint: str = "") -> None:
        """Write into a temporary sibling, then rename: a reader never sees half an index."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
        try:
            if self.chunks:
                self._model.save(str(tmp / "model"), show_progress=False)
            with open(tmp / _CHUNKS_FILE, "w", encoding="utf-8") as fh:
                fh.writelines(json.dumps({"id": c.chunk_id, "text": c.text, "meta": c.meta}) + "\n" for c in self.chunks)
            meta = {"tokenizer": TOKENIZER_VERSION, "chunks": len(self.chunks), "fingerprint": fingerprint}
            (tmp / _META_FILE).write_text(json.dumps(meta), encoding="utf-8")
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)
            os.replace(tmp, folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    @classmethod
    def load(cls, folder: Path, fingerprint: str | None = None) -> Bm25Index | None:
        """The saved index, or None when it is missing, from another tokenizer, or of another collection state."""
        try:
            meta = json.loads((folder / _META_FILE).read_text(encoding="utf-8"))
            if meta.get("tokenizer") != TOKENIZER_VERSION:
                return None
            if fingerprint is not None and meta.get("fingerprint") != fingerprint:
                return None
            with open(folder / _CHUNKS_FILE, encoding="utf-8") as fh:
                chunks = [Chunk(d["id"], d["text"], d["meta"]) for d in map(json.loads, fh)]
            bm25s = _bm25s()
            model = bm25s.BM25.load(str(folder / "model"), show_progress=False) if chunks else bm25s.BM25()
        except (OSError, ValueError, KeyError) as err:
            log.info("BM25 cache at %s unusable (%s); rebuilding", folder, err)
            return None
        return cls(chunks, model, _stemmer())


def cache_dir(data_dir: Path, collection_name: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", collection_name)
    return data_dir / "bm25" / safe


def fingerprint(collection: Any) -> str:
    """What identifies a collection's content: its name (new on every build) plus its size and build stamps, so
    even a store that rewrote a collection in place under the same name would not be served a stale index."""
    meta = collection.metadata or {}
    stamps = [collection.name, collection.count()] + [meta.get(k, "") for k in ("built_at", "corpus_version")]
    return json.dumps(stamps, default=str)


def open_bm25(data_dir: Path, collection: Any, stamp: str | None = None) -> Bm25Index:
    """Load the BM25 index of a Chroma collection from its cache folder, building (and saving) it when absent."""
    folder = cache_dir(data_dir, collection.name)
    stamp = stamp if stamp is not None else fingerprint(collection)
    index = Bm25Index.load(folder, fingerprint=stamp)
    if index is not None:
        return index
    got = collection.get(include=["documents", "metadatas"])
    chunks = [
        Chunk(cid, text or "", dict(meta or {}))
        for cid, text, meta in zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True)
    ]
    index = Bm25Index.build(chunks)
    try:
        index.save(folder, fingerprint=stamp)
        _prune_others(folder)
    except OSError as err:  # a read-only data dir still searches, it just rebuilds next time
        log.warning("could not save the BM25 index to %s: %s", folder, err)
    return index


def _prune_others(keep: Path) -> None:
    """Drop the caches of earlier builds: their collections are gone once ingest has switched to a new one."""
    for other in keep.parent.iterdir():
        if other != keep and other.is_dir() and not other.name.startswith("."):
            shutil.rmtree(other, ignore_errors=True)
