"""Runs cases through an engine (the same `Engine.ask` the chat uses), scores each answer and writes the report.

`evaluate` is the one runner: `writeoff eval` and the Evaluation page both call it, so the same suites give the same
numbers whichever way they are run. The page adds only what a browser needs around it (evals/jobs.py: a background
thread, progress on disk, stop).

Follow-up chains: a case with `follow_up_of` must be asked in the conversation its parent left behind, as a person
in the chat would. Cases are ordered so each parent is immediately followed by its follow-ups (depth first, file
order otherwise); when a follow-up's parent is not the last question of the current conversation (a second branch
off the same parent), the chain is replayed from its root in a fresh conversation, unscored, before the case.
"""
from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from app.types import Answer
from evals.metrics import CaseResult, check_gate, score_case, summarize
from evals.report import write_report
from evals.schema import Case

# The product target. The last measured run passed 119 of 120 cases (see docs/evals.md), so CI fails when the
# engine gets clearly worse, not on one unlucky case. The page's runs use the same gate.
DEFAULT_MIN_PASS = 0.95  # the team's own suites (issue 12: at least 95%)


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


def select_categories(cases: list[Case], categories: Iterable[str]) -> list[Case]:
    """Cases in the given categories plus every ancestor a follow-up needs, in file order (all when none given)."""
    wanted = set(categories)
    if not wanted:
        return cases
    by_id = {c.id: c for c in cases}
    keep: set[str] = set()
    for case in cases:
        if case.category in wanted:
            node: Case | None = case
            while node is not None and node.id not in keep:
                keep.add(node.id)
                node = by_id.get(node.follow_up_of) if node.follow_up_of else None
    return [c for c in cases if c.id in keep]


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


class RunStopped(Exception):
    """`should_stop` said stop: carries the results scored before it, so the caller can say how far it got."""

    def __init__(self, results: list[CaseResult]) -> None:
        super().__init__(f"stopped after {len(results)} cases")
        self.results = results


def run_cases(
    cases: list[Case],
    engine: AskEngine,
    *,
    make_conversation: Callable[[], Any] = _default_conversation,
    on_result: Callable[[CaseResult], None] | None = None,
    judge: Any = None,
    should_stop: Callable[[], bool] | None = None,
) -> list[CaseResult]:
    """Ask every case, in `run_order`, and return the scored results in that order. `judge` (evals.judge.Judge)
    adds faithfulness/relevancy grades; it never changes pass/fail. `should_stop` is asked before each case; when it
    says yes, RunStopped is raised (a half run is not a result: no summary, no report)."""
    by_id = {c.id: c for c in cases}
    results: list[CaseResult] = []
    conversation: Any = None
    last_id: str | None = None
    for case in run_order(cases):
        if should_stop is not None and should_stop():
            raise RunStopped(results)
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


def suite_key(suites: Iterable[str | Path], categories: Iterable[str] = ()) -> str:
    """Which run counts as "the same suites": the resolved suite files (by path, so an uploaded file rerun under its
    name matches) and the chosen categories, order-free."""
    import hashlib

    names = sorted(str(Path(s).resolve()) for s in suites)
    text = "\n".join(names) + "\n#" + "\n".join(sorted(set(categories)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class RunOutcome:
    results: list[CaseResult]
    summary: dict[str, Any]
    gate: dict[str, Any]
    meta: dict[str, Any]
    paths: dict[str, Path]


def evaluate(cases: list[Case], engine: AskEngine, *, report_dir: Path, min_pass: float,
             suites: Iterable[str | Path] = (), categories: Iterable[str] = (),
             make_conversation: Callable[[], Any] | None = None, judge: Any = None, warm: bool = False,
             on_result: Callable[[CaseResult], None] | None = None, should_stop: Callable[[], bool] | None = None,
             previous: dict[str, Any] | None = None, floors: dict[str, float] | None = None) -> RunOutcome:
    """Run, score, gate and write the report (results.json + report.html in `report_dir`). `previous` is the run to
    compare with; None means the results.json already in `report_dir` (rotated to previous.json)."""
    started = time.perf_counter()
    kwargs = {"make_conversation": make_conversation} if make_conversation else {}
    # One untimed question first, so the cold start (embedder, intent examples, Chroma) is not billed to whichever
    # case happens to run first; its duration is reported separately.
    warm_seconds = warm_up(engine, **kwargs) if warm else None
    results = run_cases(cases, engine, on_result=on_result, judge=judge, should_stop=should_stop, **kwargs)
    summary = summarize(results)
    gate = check_gate(summary, results, min_pass, floors)
    try:
        status = engine.status() if hasattr(engine, "status") else {}
    except Exception as err:  # noqa: BLE001 - status is decoration for the report, never a reason to fail
        status = {"error": type(err).__name__}
    suites, categories = [str(s) for s in suites], sorted(set(categories))
    meta = {
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started, 2),
        "warm_up_seconds": None if warm_seconds is None else round(warm_seconds, 2),
        "suites": suites,
        "categories": categories,
        "suite_key": suite_key(suites, categories),
        "engine": status,
        "gate": gate,
    }
    paths = write_report(report_dir, results, summary, meta, previous=previous)
    return RunOutcome(results, summary, gate, meta, paths)
