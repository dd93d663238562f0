"""The pipeline every front end calls: intake -> understand + rules -> retrieval -> compose -> guard -> Answer.

Rules override: when a rule answers, its answer is THE answer (never passed through a model); a configured model may
only add context below it, and that context goes through the guard. Otherwise the answer is composed from retrieved
passages: extractively by default, by the model when one is configured, falling back to the extractive answer with
a visible notice when the model fails. `Answer.timings` holds seconds per stage.

`Engine.stream()` yields the answer as it is written (model tokens as they arrive, or the whole text at once), then
the final `Answer`; `Engine.ask()` is the same turn without the pieces. The model paths are generators so the
tokens reach the caller without a thread.
"""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Generator, Iterator
from typing import Any

from app import guard as guard_mod
from app.compose import NOT_FOUND, WEAK_SUPPORT, compose_extractive, support
from app.config import Settings
from app.errors import ModelUnavailable, WriteoffError
from app.intake import take
from app.llm import ModelClient, make_client
from app.prompt import build_messages
from app.types import AUTHORITY_ARTICLE, Answer, Passage

log = logging.getLogger(__name__)

OnToken = Callable[[str], None]
Pieces = Generator[str, None, Answer]  # yields text pieces, returns the Answer
MODEL_CONTEXT_HEADING = "More context (written by a model from the cited passages, checked against the rules):"
QUOTED_BELOW = "The IRS passages for it are quoted below."
FALLBACK_NOTICE = "The model could not be used ({reason}) so this answer was composed from the IRS passages directly."


class Engine:
    def __init__(self, settings: Settings, retriever: Any = None, backend: ModelClient | None = None) -> None:
        self.settings = settings
        self._retriever = retriever
        self.backend = backend if backend is not None else make_client(settings)
        self.weak_support = WEAK_SUPPORT
        self._model_reader: Any = None

    @property
    def retriever(self) -> Any:
        if self._retriever is None:  # opened on first retrieval so rule answers never pay for Chroma
            from app.retrieval import make_retriever

            self._retriever = make_retriever(self.settings)
        return self._retriever

    @property
    def uses_model(self) -> bool:
        return getattr(self.backend, "name", "none") != "none"

    @property
    def model_reader(self) -> Any:
        """With a model configured, it reads each question too and may add what the text reader missed
        (app/understand/model_reader.py); None without one, or with WRITEOFF_LLM_READ_TIMEOUT=0."""
        if not self.uses_model or self.settings.llm_read_timeout <= 0:
            return None
        if self._model_reader is None:
            from app.understand.model_reader import ModelReader

            timeout = min(self.settings.llm_read_timeout, self.settings.llm_timeout)
            self._model_reader = ModelReader(self.backend, timeout=timeout)
        return self._model_reader

    # -- the pipeline -------------------------------------------------------------------------------------------

    def ask(self, question: object, conversation: Any, *, tax_year: int | None = None,
            on_token: OnToken | None = None) -> Answer:
        """One turn: an Answer for any input (bad input gets a plain-words message), recorded in conversation.
        `on_token` gets the pieces `stream()` yields before the Answer."""
        for item in self.stream(question, conversation, tax_year=tax_year):
            if isinstance(item, Answer):
                return item
            if on_token:
                on_token(item)
        raise AssertionError("Engine.stream always ends with the Answer")

    def stream(self, question: object, conversation: Any, *, tax_year: int | None = None) -> Iterator[str | Answer]:
        """One turn as it is written: text pieces, then the Answer. The pieces are a draft (model tokens before the
        guard, or the whole answer at once when no model wrote it); the Answer is what to show and keep."""
        started = time.perf_counter()
        timings: dict[str, float] = {}
        tax_year = _as_year(tax_year)
        intake = take(question, tax_year)
        timings["intake"] = time.perf_counter() - started
        log.info("question: %d chars, identifiers masked: %s", len(intake.text), intake.pii_kinds or "none")
        if intake.problem:
            answer = Answer(text=intake.problem, verdict="unknown", source="rule", tax_year=tax_year,
                            warnings=intake.warnings)
            yield answer.text
            yield self._finish(answer, timings, started)
            return
        turns_before = len(getattr(conversation, "turns", ()))
        streamed = False
        try:
            turn = self._answer(intake.text, conversation, tax_year, timings)
            while True:
                try:
                    piece = next(turn)
                except StopIteration as done:
                    answer = done.value
                    break
                streamed = True
                yield piece
        except WriteoffError as err:
            answer = Answer(text=str(err), verdict="unknown", source="retrieval", tax_year=tax_year)
        except Exception as err:  # noqa: BLE001 - a front end must always get an Answer, never a traceback
            log.error("answer failed: %s", type(err).__name__)  # the type only: the message may quote the user
            answer = Answer(text=f"Sorry, something went wrong answering this ({type(err).__name__}). "
                            "Please try again or rephrase.", verdict="unknown", source="retrieval",
                            tax_year=tax_year)
        if len(getattr(conversation, "turns", ())) == turns_before:
            # It failed before the turn was recorded: keep the (masked) question in the history anyway, so a saved
            # conversation shows it and "try again" has something to refer to. No intent: it cannot steer follow-ups.
            conversation.record(intake.text, None, answer)
        answer.warnings[:0] = intake.warnings
        if not streamed:
            yield answer.text  # answers no model wrote arrive whole, so a streaming front end has one code path
        yield self._finish(answer, timings, started)

    def _finish(self, answer: Answer, timings: dict[str, float], started: float) -> Answer:
        timings["total"] = time.perf_counter() - started
        answer.timings = {k: round(v, 6) for k, v in timings.items()}
        answer.warnings = list(dict.fromkeys(answer.warnings))
        return answer

    def _answer(self, text: str, conversation: Any, tax_year: int | None, timings: dict[str, float]) -> Pieces:
        from app.rules import respond

        t = time.perf_counter()
        outcome = respond(text, conversation, tax_year=tax_year, default_year=self.settings.default_tax_year,
                          model_reader=self.model_reader)
        timings["rules"] = time.perf_counter() - t
        u = outcome.understanding
        year = int(u.tax_year or tax_year or self.settings.default_tax_year)
        standalone = u.standalone_question or text
        year_problem = _year_problem(year)
        if year_problem:
            answer = Answer(text=year_problem, verdict="unknown", source="rule", tax_year=year)
        elif outcome.answer is not None:
            answer = outcome.answer
            if outcome.clarifying_question and outcome.clarifying_question not in answer.text:
                answer.text += "\n\n" + outcome.clarifying_question
            self._quote_for_open_asks(answer, outcome.reading, year, timings)
            if self.uses_model:
                yield from self._add_model_context(answer, standalone, year, timings)
        elif outcome.clarifying_question:
            answer = Answer(text=outcome.clarifying_question, verdict="unknown", source="rule", tax_year=year)
        else:
            try:
                from app.ask_queries import queries

                answer = yield from self._from_passages(standalone, year, timings,
                                                        queries(outcome.reading, year, standalone))
            except WriteoffError as err:  # e.g. no index yet: the user gets the fix in plain words
                answer = Answer(text=str(err), verdict="unknown", source="retrieval", tax_year=year)
        answer.tax_year = answer.tax_year or year
        answer.year_assumed = bool(getattr(u, "year_assumed", False))
        answer.standalone_question = standalone
        self._mark_article(answer, f"{text}\n{standalone}")
        t = time.perf_counter()
        conversation.record(text, outcome, answer)
        timings["record"] = time.perf_counter() - t
        return answer

    def search(self, query: str, year: int) -> list[Passage]:
        """Passages for the year; when the corpus has no IRS text for that year, the closest editions instead."""
        k = self.settings.top_k
        passages = self.retriever.search(query, k=k, tax_year=year)
        if not any(p.authority < AUTHORITY_ARTICLE for p in passages):
            passages = self.retriever.search(query, k=k)
        return list(passages)

    def _from_passages(self, question: str, year: int, timings: dict[str, float],
                       asked: list[str] | None = None) -> Pieces:
        from app.ask_queries import fused_search

        t = time.perf_counter()
        # each question of the message is its own query, fused: a passage for the second ask is not crowded out
        passages = fused_search(self.search, asked or [question], year, self.settings.top_k)
        timings["retrieval"] = time.perf_counter() - t
        t = time.perf_counter()
        extractive = compose_extractive(question, passages, tax_year=year, weak_support=self.weak_support,
                                        reject=lambda sentence: guard_mod.default_contradicts(sentence, year))
        timings["compose"] = time.perf_counter() - t
        weak = extractive.text.startswith(NOT_FOUND)
        if not self.uses_model or weak:
            return extractive  # the model is never asked to answer from passages that do not bear on it
        try:
            t = time.perf_counter()
            raw = yield from self.backend.stream(build_messages(question, passages, tax_year=year))
            timings["llm"] = time.perf_counter() - t
        except ModelUnavailable as err:
            extractive.warnings.append(FALLBACK_NOTICE.format(reason=err.message.rstrip(".")))
            return extractive
        t = time.perf_counter()
        checked = guard_mod.guard_text(raw, passages, tax_year=year)
        timings["guard"] = time.perf_counter() - t
        if not checked.text or not checked.cited:
            reason = "its reply cited none of the passages" if checked.text else "its reply contradicted the rules"
            extractive.warnings.append(FALLBACK_NOTICE.format(reason=reason))
            return extractive
        warnings = list(extractive.warnings)
        if checked.removed:
            warnings.append(f"{len(checked.removed)} sentence(s) of the model's reply contradicted the rules and "
                            "were removed.")
        if checked.dropped_citations:
            warnings.append("Citations to sources that were not retrieved were removed from the model's reply.")
        return Answer(text=checked.text, verdict="unknown", source="llm", tax_year=year,
                      citations=[p.cite(_lead(p.text)) for p in checked.cited], warnings=warnings)

    def _quote_for_open_asks(self, answer: Answer, reading: Any, year: int, timings: dict[str, float]) -> None:
        """A rule answer that leaves an ask open: the IRS passages for that ask, quoted and cited below it."""
        from app.ask_queries import query_for
        from app.rules.reply import OPEN_ASK

        open_asks = [a for a in answer.asks if not a.rule_ids and not a.verdict]
        if reading is None or not open_asks:
            return
        t = time.perf_counter()
        story = reading.case.text(asks=False)
        accounts = [m.kind for m in reading.case.accounts]
        for ask in open_asks[:2]:
            query = query_for(ask.question, story, accounts, year)
            try:
                passages = self.search(query, year)
            except WriteoffError:
                return  # no index (yet): the rule part stands on its own
            quoted = compose_extractive(query, passages, tax_year=year, weak_support=self.weak_support,
                                        reject=lambda sentence: guard_mod.default_contradicts(sentence, year))
            if quoted.text.startswith(NOT_FOUND):
                continue
            first = len(answer.citations) + 1
            body = _renumber(quoted.text.split("\n", 1)[1] if "\n" in quoted.text else quoted.text, first)
            answer.text += f"\n\nOn \"{ask.question.strip()}\", the IRS guidance says:\n{body}"
            ask.answer = QUOTED_BELOW
            answer.text = answer.text.replace(OPEN_ASK, QUOTED_BELOW, 1)
            answer.citations.extend(quoted.citations)
        timings["retrieval"] = time.perf_counter() - t

    def _add_model_context(self, answer: Answer, question: str, year: int,
                           timings: dict[str, float]) -> Generator[str, None, None]:
        """Below a rule answer: a few guarded, cited sentences from a model. Failures only add a notice."""
        t = time.perf_counter()
        try:
            passages = self.search(question, year)
        except WriteoffError:
            return
        timings["retrieval"] = time.perf_counter() - t
        if support(question, passages) < self.weak_support:
            return
        yield answer.text + "\n\n"
        try:
            t = time.perf_counter()
            raw = yield from self.backend.stream(
                build_messages(question, passages, tax_year=year, rule_answer=answer.text), max_tokens=200)
            timings["llm"] = time.perf_counter() - t
        except ModelUnavailable as err:
            answer.warnings.append(f"The model could not add context ({err.message.rstrip('.')}); the answer "
                                   "above comes from the rules and is complete.")
            return
        checked = guard_mod.guard_text(raw, passages, tax_year=year)
        if checked.text and checked.cited:
            first = len(answer.citations) + 1
            renumbered = _renumber(checked.text, first)
            answer.text = f"{answer.text}\n\n{MODEL_CONTEXT_HEADING}\n{renumbered}"
            answer.citations.extend(p.cite(_lead(p.text)) for p in checked.cited)
        if checked.removed:
            answer.warnings.append(f"{len(checked.removed)} model sentence(s) contradicted the rules and were removed.")

    def _mark_article(self, answer: Answer, question: str) -> None:
        """The article is labelled lowest authority; when cited or asked about, say where it conflicts with the IRS."""
        asked = bool(re.search(r"\barticles?\b", question, re.IGNORECASE))
        if not (guard_mod.article_citations(answer.citations) or asked):
            return
        answer.citations = guard_mod.label_article(answer.citations)
        if answer.article_conflict:
            return
        quotes = " ".join(c.quote for c in answer.citations if c.authority >= AUTHORITY_ARTICLE)
        line, irs = guard_mod.article_conflict(quotes or question)
        answer.article_conflict = line
        known = {(c.doc_id, c.section) for c in answer.citations}
        answer.citations.extend(c for c in irs if (c.doc_id, c.section) not in known)

    # -- status -------------------------------------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        """Store mode and index info (or the reason there is none), the model backend, the default tax year."""
        info: dict[str, Any]
        try:
            store = getattr(self.retriever, "source", None)
            if store is None or not hasattr(store, "active_info"):
                from app.store import open_store

                store = open_store(self.settings)
            info = dict(store.active_info())
        except WriteoffError as err:
            info = {"error": str(err)}
        return {"store": info, "model": self.backend.describe(), "default_tax_year": self.settings.default_tax_year}

    def close(self) -> None:
        closer = getattr(self.backend, "close", None)
        if closer:
            closer()


def _as_year(value: object) -> int | None:
    """A UI may hand over "2016" or 2016.0; anything that is not a whole number becomes an out-of-range year (-1)
    so intake answers with the plain-words year message instead of raising."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return -1
    return int(number) if number.is_integer() else -1


def _year_problem(year: int) -> str | None:
    from app.intake import check_year

    return check_year(year)


def _lead(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3].rstrip() + "..."


def _renumber(text: str, first: int) -> str:
    """[1] -> [first] etc., so model citations continue the rule answer's numbering."""
    return re.sub(r"\[(\d+(?:,\s*\d+)*)\]",
                  lambda m: "[" + ", ".join(str(int(n) + first - 1) for n in m.group(1).split(",")) + "]", text)


def make_engine(settings: Settings, *, retriever: Any = None, backend: ModelClient | None = None) -> Engine:
    """The engine for these settings; retriever and backend are made on demand unless passed in."""
    return Engine(settings, retriever=retriever, backend=backend)

