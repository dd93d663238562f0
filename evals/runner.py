"""Runs cases through an engine (the same `Engine.ask` the chat uses) and scores each answer.

Follow-up chains: a case with `follow_up_of` must be asked in the conversation its parent left behind, as a person
in the chat would. Cases are ordered so each parent is immediately followed by its follow-ups (depth first, file
order otherwise); when a follow-up's parent is not the last question of the current conversation (a second branch
off the same parent), the chain is replayed from its root in a fresh conversation, unscored, before the case.
"""
from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any, Protocol

from app.types import Answer
from evals.metrics import CaseResult, score_case
from evals.schema import Case


class AskEngine(Protocol):
    def ask(self, question: str, conversation: Any, *, tax_year: int | None = None,
            on_token: Callable[[str], None] | None = None) -> Answer: ...


def _default_conversation() -> Any:
    from app.conversation import Conversation  # imported here: the evals depend on the pipeline only when run

    return Conversation()


def run_order(cases: list[Case]) -> list[Case]:
    """File order, except that each case's follow-ups come right after it (depth first)."""
    ids = {c.id for c in cases}
    children: dict[str, list[Case]] = {}
    roots: list[Case] = []
    for case in cases:
        if case.follow_up_of and case.follow_up_of in ids:
            children.setdefault(case.follow_up_of, []).append(case)
        else:
            roots.append(case)
    ordered: list[Case] = []

    def visit(case: Case) -> None:
        ordered.append(case)
        for child in children.get(case.id, []):
            visit(child)

    for root in roots:
        visit(root)
    return ordered


def chain_of(case: Case, by_id: dict[str, Case]) -> list[Case]:
    """The ancestors of `case`, root first (not including the case itself)."""
    chain: list[Case] = []
    parent = case.follow_up_of
    while parent is not None and parent in by_id:
        chain.append(by_id[parent])
        parent = by_id[parent].follow_up_of
    return list(reversed(chain))


def _ask(engine: AskEngine, case: Case, conversation: Any) -> tuple[Answer | None, float, str | None]:
    start = time.perf_counter()
    try:
        answer = engine.ask(case.question, conversation, tax_year=case.tax_year)
    except Exception as err:  # noqa: BLE001 - a failing case is a result, not the end of the run
        return None, time.perf_counter() - start, f"{type(err).__name__}: {str(err)[:200]}"
    elapsed = time.perf_counter() - start
    if not isinstance(answer, Answer):
        return None, elapsed, f"engine returned {type(answer).__name__}, not an Answer"
    return answer, elapsed, None


WARM_UP_QUESTION = "Can I deduct a loss in my IRA?"


def warm_up(engine: AskEngine, *, make_conversation: Callable[[], Any] = _default_conversation) -> float:
    """Ask one unscored question in a throwaway conversation; return the seconds it took (errors are ignored here:
    the cases will meet them and report them)."""
    start = time.perf_counter()
    with contextlib.suppress(Exception):
        engine.ask(WARM_UP_QUESTION, make_conversation())
    return time.perf_counter() - start


def run_cases(
    cases: list[Case],
    engine: AskEngine,
    *,
    make_conversation: Callable[[], Any] = _default_conversation,
    on_result: Callable[[CaseResult], None] | None = None,
    judge: Any = None,
) -> list[CaseResult]:
    """Ask every case, in `run_order`, and return the scored results in that order. `judge` (evals.judge.Judge)
    adds faithfulness/relevancy grades; it never changes pass/fail."""
    by_id = {c.id: c for c in cases}
    results: list[CaseResult] = []
    conversation: Any = None
    last_id: str | None = None
    for case in run_order(cases):
        error: str | None = None
        if case.follow_up_of is None:
            conversation = make_conversation()
        elif case.follow_up_of != last_id or conversation is None:
            conversation = make_conversation()
            for earlier in chain_of(case, by_id):
                _, _, replay_error = _ask(engine, earlier, conversation)
                if replay_error:
                    error = f"replaying {earlier.id}: {replay_error}"
                    break
        if error:
            result = score_case(case, None, 0.0, error)
        else:
            answer, latency, ask_error = _ask(engine, case, conversation)
            result = score_case(case, answer, latency, ask_error)
            if judge is not None and answer is not None:
                grades = judge.score(case.question, answer)
                result.faithfulness, result.relevancy = grades.get("faithfulness"), grades.get("relevancy")
        last_id = case.id
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results
