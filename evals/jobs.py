"""Evaluation runs started from the page: each in a background thread of the server process and in its own folder,
with its progress on disk.

A run belongs to the server process, not to the browser tab that started it, so a reload finds it again by its id
(the page keeps the id in the URL). `status.json` in the run's folder is rewritten atomically after every case. When
the process that owned a running run is gone (the server stopped or restarted), reading the status says
"interrupted" instead of pretending it still runs. Each run writes only inside its own folder, so two runs at once
(two tabs, two people) cannot touch each other's report; the previous run of the same suites, for the diff, is the
newest one finished when this one started.
"""
from __future__ import annotations

import json
import logging
import os
import re
import secrets
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.jsonfile import write_json
from evals.catalog import floors_for
from evals.history import previous_of, reports_root
from evals.metrics import CaseResult
from evals.report import load_run
from evals.runner import DEFAULT_MIN_PASS, RunStopped, evaluate, suite_key
from evals.schema import Case

log = logging.getLogger(__name__)

RUNS = "runs"
STATUS = "status.json"
RUNNING, DONE, STOPPED, FAILED, INTERRUPTED = "running", "done", "stopped", "failed", "interrupted"
# A run whose owner is another process counts as alive while that process exists and wrote within this many seconds
# (one case takes seconds; a model-backed case at most a few model timeouts).
STALE_SECONDS = 900
_ID = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{6}$")
_PROCESS = secrets.token_hex(8)  # this server process; a pid alone can be reused after a restart
_LIVE: dict[str, _Job] = {}
_LIVE_LOCK = threading.Lock()


def runs_root(data_dir: Path) -> Path:
    return reports_root(data_dir) / RUNS


def valid_id(run_id: Any) -> bool:
    """Run ids come back from the URL: only the shape `start` makes is ever turned into a path."""
    return isinstance(run_id, str) and bool(_ID.match(run_id))


class _Job:
    def __init__(self, run_id: str, folder: Path, status: dict[str, Any]) -> None:
        self.id, self.folder, self.status = run_id, folder, status
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def save(self, **changes: Any) -> None:
        self.status.update(changes, heartbeat=time.time())
        write_json(self.folder / STATUS, self.status, indent=2, default=str)


def start(data_dir: Path, cases: list[Case], engine: Any, *, suites: list[str], categories: list[str],
          min_pass: float = DEFAULT_MIN_PASS, warm: bool = True,
          make_conversation: Callable[[], Any] | None = None) -> str:
    """Start a run in the background and return its id at once."""
    root = runs_root(data_dir)
    run_id = f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
    folder = root / run_id
    folder.mkdir(parents=True)
    key = suite_key(suites, categories)
    job = _Job(run_id, folder, {
        "id": run_id, "state": RUNNING, "done": 0, "total": len(cases), "passed": 0, "current": None,
        "suites": list(suites), "categories": list(categories), "suite_key": key, "error": None,
        "started": datetime.now(UTC).isoformat(timespec="seconds"), "finished": None,
        "pid": os.getpid(), "process": _PROCESS,
    })
    job.save()
    previous = previous_of(reports_root(data_dir), key, exclude=folder)
    job.thread = threading.Thread(target=_work, name=f"eval-{run_id}", daemon=True,
                                  args=(job, cases, engine, suites, categories, min_pass, warm, make_conversation,
                                        previous))
    with _LIVE_LOCK:
        _LIVE[run_id] = job
    job.thread.start()
    return run_id


def _work(job: _Job, cases: list[Case], engine: Any, suites: list[str], categories: list[str], min_pass: float,
          warm: bool, make_conversation: Callable[[], Any] | None, previous: dict[str, Any] | None) -> None:
    def on_result(result: CaseResult) -> None:
        job.save(done=job.status["done"] + 1, passed=job.status["passed"] + int(result.passed), current=result.id)

    final: dict[str, Any] = {"state": FAILED, "error": "the run ended without a result"}
    try:
        outcome = evaluate(cases, engine, report_dir=job.folder, min_pass=min_pass, suites=suites,
                           categories=categories, make_conversation=make_conversation, warm=warm,
                           on_result=on_result, should_stop=job.stop.is_set, previous=previous,
                           floors=floors_for([Path(p) for p in suites]))
        final = {"state": DONE, "passed": outcome.summary["overall"]["passed"], "gate": outcome.gate,
                 "error": None}
    except RunStopped as stopped:
        final = {"state": STOPPED, "done": len(stopped.results), "error": None}
    except Exception as err:  # noqa: BLE001 - the page must learn that the run failed, in words, not hang
        log.error("evaluation run %s failed: %s", job.id, type(err).__name__)
        final = {"state": FAILED, "error": f"{type(err).__name__}: {str(err)[:300]}"}
    finally:
        # Under the lock, so a reader never sees "running" on disk after the job has left _LIVE (see _resolve).
        with _LIVE_LOCK:
            try:
                job.save(**final, finished=datetime.now(UTC).isoformat(timespec="seconds"))
            except OSError as err:
                log.error("evaluation run %s: status not written: %s", job.id, type(err).__name__)
            _LIVE.pop(job.id, None)


def stop(run_id: str) -> bool:
    """Ask a run of this process to stop before its next case; False when it is not running here."""
    with _LIVE_LOCK:
        job = _LIVE.get(run_id)
    if job is None:
        return False
    job.stop.set()
    return True


def _pid_alive(pid: Any) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _resolve(path: Path, status: dict[str, Any]) -> dict[str, Any]:
    """A "running" status whose owner is gone becomes "interrupted", and is recorded so (a later process that gets
    the same pid cannot revive it)."""
    if status.get("process") == _PROCESS:
        with _LIVE_LOCK:  # the job writes its final state and leaves _LIVE under this lock: re-read inside it
            job = _LIVE.get(str(status.get("id")))
            if job is not None and job.thread is not None and job.thread.is_alive():
                return status
            status = load_status(path) or status
            if status.get("state") != RUNNING:
                return status
    elif time.time() - float(status.get("heartbeat") or 0) < STALE_SECONDS and _pid_alive(status.get("pid")):
        return status  # another server process on the same data folder is running it
    status["state"] = INTERRUPTED
    try:
        write_json(path, status, indent=2, default=str)
    except OSError:
        pass  # read-only data folder: it reads as interrupted every time instead
    return status


def read_status(data_dir: Path, run_id: str) -> dict[str, Any] | None:
    """The run's status, or None for an unknown or malformed id."""
    if not valid_id(run_id):
        return None
    path = runs_root(data_dir) / run_id / STATUS
    status = load_status(path)
    if status is None or status.get("state") != RUNNING:
        return status
    return _resolve(path, status)


def load_status(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def recent(data_dir: Path, limit: int = 20) -> list[dict[str, Any]]:
    """Statuses of the newest page runs (by id, which starts with the time), newest first."""
    root = runs_root(data_dir)
    if not root.is_dir():
        return []
    ids = sorted((p.name for p in root.iterdir() if valid_id(p.name)), reverse=True)[:limit]
    return [s for s in (read_status(data_dir, i) for i in ids) if s is not None]


def report_of(data_dir: Path, run_id: str) -> tuple[Path, dict[str, Any]] | None:
    """The finished run's results.json (path and content), or None."""
    if not valid_id(run_id):
        return None
    path = runs_root(data_dir) / run_id / "results.json"
    run = load_run(path)
    return (path, run) if run is not None else None
