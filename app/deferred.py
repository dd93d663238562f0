"""Answering before the index exists: a rule answer at once, a question that needs the IRS passages once it is ready.

`answer_now` runs the normal engine with a gate in front of its retriever. When the rules answer (they need no index),
that is the answer. When the question needs the passages and there is no index yet, the turn is not recorded and a
`Deferred` comes back instead: the standalone question (self-contained, identifiers masked, exactly what retrieval
would search for) and its tax year, to be answered by `answer_deferred` once the index is ready, without the user
asking again. With an index in place, `answer_now` is simply `engine.ask`.
"""
from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from app.config import Settings
from app.errors import IndexMissing, WriteoffError
from app.types import Answer

BUILDING = "The index of the IRS publications is still being built."


class IndexNotReady(WriteoffError):
    """The question needs the passages and there is no index yet (the engine turns this into an answer's text)."""


@dataclass
class Deferred:
    question: str  # the standalone question (masked), what retrieval searches for
    tax_year: int | None  # the year the question is about; None = the default, as when it was asked
    warnings: list[str] = field(default_factory=list)  # intake notes (identifiers masked, text cut) to keep

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Deferred:
        year = data.get("tax_year")
        return cls(str(data.get("question") or ""), int(year) if year else None,
                   [str(w) for w in data.get("warnings") or []])


class _Gate:
    """In front of the engine's retriever: passes searches through, but a missing index becomes IndexNotReady and is
    remembered, so the caller can tell "needs the passages" from an answer the rules gave."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.missing = False

    def search(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return self.engine.retriever.search(*args, **kwargs)
        except IndexMissing as err:
            self.missing = True
            raise IndexNotReady(BUILDING) from err


def answer_now(engine: Any, question: object, conversation: Any, *, tax_year: int | None = None
               ) -> tuple[Answer | Deferred, Any]:
    """(answer, conversation to keep) or (Deferred, the conversation unchanged) when the passages are needed and
    there is no index yet. The question is answered on a copy of the conversation, so a deferred turn leaves no
    trace; the caller keeps the returned conversation."""
    from app.answer import make_engine
    from app.index_job import await_warm_up

    await_warm_up()
    gate = _Gate(engine)
    trial = copy.deepcopy(conversation)
    gated = make_engine(engine.settings, retriever=gate, backend=engine.backend)
    gated.weak_support = getattr(engine, "weak_support", gated.weak_support)
    answer = gated.ask(question, trial, tax_year=tax_year)
    if gate.missing and answer.source != "rule":
        year = tax_year if tax_year is not None else (None if answer.year_assumed else answer.tax_year)
        return Deferred(answer.standalone_question or str(question), year, list(answer.warnings)), conversation
    return answer, trial


def answer_deferred(engine: Any, deferred: Deferred, conversation: Any) -> Answer:
    """The answer to a deferred question, now that the index is there (recorded in the conversation as a turn)."""
    answer = engine.ask(deferred.question, conversation, tax_year=deferred.tax_year)
    answer.warnings[:0] = [w for w in deferred.warnings if w not in answer.warnings]
    return answer


def index_missing(settings: Settings) -> bool:
    """True only when there is no index at all (other problems, e.g. a server down, are not fixed by building)."""
    from app.store import open_store

    try:
        open_store(settings).active_collection()
    except IndexMissing:
        return True
    except WriteoffError:
        return False
    return False


def wait_for_index(settings: Settings, say: Callable[[str], None], *, every: float = 2.0) -> str | None:
    """Build the index (or wait for the ingest already building it), saying how far it has got every `every`
    seconds. None when it is ready; otherwise the reason, in plain words."""
    from app.index_job import IndexJob

    job = IndexJob(settings, only_if_missing=True).start()
    while not job.wait(every):
        say(f"The index is being built: {job.status().describe()}")
    status = job.status()
    return status.error if status.state == "failed" else None
