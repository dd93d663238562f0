"""Writeoff for LangChain users: the retriever and the whole pipeline as LangChain runnables.

- `WriteoffRetriever`: a `BaseRetriever` over the hybrid retrieval (app/retrieval.py); the filters are its fields;
  each `Document` has the chunk id as `id` and the citation (title, section, page, URL with `#page=`) as metadata.
- `writeoff_chain(settings)` -> `WriteoffChain`: the pipeline of app/answer.py as a `Runnable`. Input
  `{"question", "conversation_id", "tax_year"}` (or a plain question string); output `Answer`. The rules are the
  branch that wins (a rule answer is final); otherwise cited IRS passages answer, by a configured model under the
  guard, with the extractive answer as the fallback. `invoke` / `batch` return Answers; `stream` yields the answer's
  text pieces (a draft) and then the `Answer`.
- The embedder (`app.embeddings.Embedder`) is a LangChain `Embeddings` itself.

A module of its own so the chat page, the CLI and the pipeline never import langchain_core's runnable machinery
(0.25-1.5 s of imports on this machine under load, measured; see docs/pipeline.md).
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableConfig
from pydantic import BaseModel, Field

from app.config import Settings, load_settings
from app.conversation import Conversation
from app.retrieval import HybridRetriever, passage_metadata
from app.types import Answer


class WriteoffRetriever(BaseRetriever):
    """Hybrid BM25 + MiniLM retrieval over the Writeoff index as a LangChain retriever."""

    hybrid: HybridRetriever = Field(exclude=True)
    k: int = 5
    tax_year: int | None = None  # that year's editions (and undated documents) only
    doc_ids: list[str] | None = None  # only these documents (manifest ids, e.g. "p550-2025")
    max_authority: int | None = None  # 1 = IRS text only; the source article has 9

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **fields: Any) -> WriteoffRetriever:
        """Over the index the settings name (the environment's, read once, when none are given)."""
        from app.retrieval import make_retriever

        return cls(hybrid=make_retriever(settings or load_settings()), **fields)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        passages = self.hybrid.search(query, self.k, tax_year=self.tax_year, doc_ids=self.doc_ids,
                                      max_authority=self.max_authority)
        return [Document(page_content=p.text, metadata=passage_metadata(p), id=p.chunk_id) for p in passages]


class WriteoffInput(BaseModel):
    """What one turn takes (the input schema LangChain tools and servers read)."""

    question: str
    conversation_id: str = Field(default="default", description="turns with the same id are one conversation")
    tax_year: int | None = Field(default=None, description="the tax year asked about; default: from the question")


@dataclass
class _Turn:
    question: object
    conversation_id: str
    tax_year: object


def _read(value: object) -> _Turn:
    """Lenient on purpose: a missing or odd question or year gets the engine's plain-words answer, not a traceback."""
    if isinstance(value, WriteoffInput):
        value = value.model_dump()
    if isinstance(value, Mapping):
        return _Turn(value.get("question"), str(value.get("conversation_id") or "default"), value.get("tax_year"))
    return _Turn(value, "default", None)


class WriteoffChain(Runnable[Any, Answer]):
    """The Writeoff pipeline as a Runnable; conversations are kept per `conversation_id` (in memory by default)."""

    name = "Writeoff"

    def __init__(self, engine: Any, conversations: Callable[[str], Conversation] | None = None) -> None:
        self.engine = engine
        self._conversations: dict[str, Conversation] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self._get = conversations or self._in_memory

    def _in_memory(self, conversation_id: str) -> Conversation:
        return self._conversations.setdefault(conversation_id, Conversation())

    def conversation(self, conversation_id: str) -> Conversation:
        """The conversation kept under this id (its turns, last intent, last tax year)."""
        with self._guard:
            return self._get(conversation_id)

    def _lock(self, conversation_id: str) -> threading.Lock:
        # batch() runs turns in threads: two turns of one conversation must not interleave (follow-ups read the
        # turn before), while different conversations run side by side.
        with self._guard:
            return self._locks.setdefault(conversation_id, threading.Lock())

    def get_input_schema(self, config: RunnableConfig | None = None) -> type[BaseModel]:
        return WriteoffInput

    @property
    def OutputType(self) -> type[Answer]:  # LangChain's name for it
        return Answer

    def _ask(self, value: object) -> Answer:
        turn = _read(value)
        with self._lock(turn.conversation_id):
            return self.engine.ask(turn.question, self.conversation(turn.conversation_id), tax_year=turn.tax_year)

    def _pieces(self, values: Iterator[Any]) -> Iterator[str | Answer]:
        for value in values:
            turn = _read(value)
            with self._lock(turn.conversation_id):
                yield from self.engine.stream(turn.question, self.conversation(turn.conversation_id),
                                              tax_year=turn.tax_year)

    def invoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Answer:
        return self._call_with_config(self._ask, input, config)

    def stream(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Iterator[Any]:
        """The answer's text pieces (model tokens as they arrive, or the whole text), then the Answer."""
        yield from self._transform_stream_with_config(iter([input]), self._pieces, config)


def writeoff_chain(settings: Settings | None = None, *, engine: Any = None,
                   conversations: Callable[[str], Conversation] | None = None) -> WriteoffChain:
    """The pipeline for these settings (the environment's when none are given) as a Runnable."""
    if engine is None:
        from app.answer import make_engine

        engine = make_engine(settings or load_settings())
    return WriteoffChain(engine, conversations)
