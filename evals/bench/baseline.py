"""The tutorial RAG pipeline, built in the same run as the thing it is compared with.

Plain page text from pymupdf (no headings, no de-hyphenation), LangChain's RecursiveCharacterTextSplitter(1000, 200)
per page, so every chunk carries the page it starts on, and Chroma dense similarity top-k through langchain_chroma in
an embedded client in a temporary folder. The embeddings are the project's own packaged MiniLM (itself a LangChain
Embeddings), so the comparison is about the pipeline, not the model; Chroma's default embedding function, which
would download a model, is never used (langchain_chroma creates its collection with embedding_function=None).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.embeddings import Embedder

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200


@dataclass(frozen=True)
class BaselineDoc:
    doc_id: str
    path: Path
    page_offset: int = 0  # printed page = PDF page - page_offset (Pub 17: 2)


def load_pages(doc: BaselineDoc) -> list[tuple[str, int]]:
    """(text, printed page) per page; a non-PDF file is one page numbered 0, as ingest numbers it."""
    if doc.path.suffix.lower() != ".pdf":
        return [(doc.path.read_text(encoding="utf-8", errors="replace"), 0)]
    import pymupdf

    with pymupdf.open(doc.path) as pdf:
        return [(page.get_text(), index + 1 - doc.page_offset) for index, page in enumerate(pdf)]


class TutorialBaseline:
    """Build once with `build()`, then `search(query, k)` -> [(doc_id, printed page)] best first."""

    def __init__(self, embedder: Embedder, workdir: Path) -> None:
        self.embedder = embedder
        self.workdir = workdir
        self.chunks = 0
        self.pages = 0
        self._store: Any = None

    def split(self, docs: list[BaselineDoc]) -> tuple[list[str], list[dict[str, Any]]]:
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
        texts: list[str] = []
        metas: list[dict[str, Any]] = []
        for doc in docs:
            for text, page in load_pages(doc):
                self.pages += 1
                for piece in splitter.split_text(text):
                    texts.append(piece)
                    metas.append({"doc_id": doc.doc_id, "page": page})
        return texts, metas

    def build(self, docs: list[BaselineDoc]) -> None:
        from langchain_chroma import Chroma

        texts, metas = self.split(docs)
        self._store = Chroma(
            collection_name=f"tutorial-{uuid.uuid4().hex[:8]}",
            embedding_function=self.embedder,
            persist_directory=str(self.workdir),
        )
        self._store.add_texts(texts, metadatas=metas)
        self.chunks = len(texts)

    def search(self, query: str, k: int = 5) -> list[tuple[str, int]]:
        if self._store is None:
            raise RuntimeError("build() the baseline first")
        docs = self._store.similarity_search(query, k=k)
        return [(str(d.metadata.get("doc_id", "")), int(d.metadata.get("page", 0))) for d in docs]

    def close(self) -> None:
        # Drop the temporary collection so a long bench process does not keep its HNSW index in memory.
        if self._store is not None:
            self._store.delete_collection()
            self._store = None
