"""The index built in a background thread, so the chat can answer rule questions while it is being built.

The rules need no index; only questions that need the IRS passages do. The browser page and `writeoff chat` start one
IndexJob when there is no index yet and carry on taking questions; `status()` says how far it has got (the job's own
progress, or another process's when that one holds the data folder's ingest lock).
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.config import Settings
from app.errors import WriteoffError

log = logging.getLogger(__name__)

Build = Callable[..., Any]  # build_index's signature: (settings, *, on_progress) -> IngestSummary
_warm_lock = threading.Lock()


def warm_rules() -> None:
    """Load the embedder and embed the rules' example phrasings, before a build starts: a first rule question is then
    not queued behind the ingest for the CPU."""
    with _warm_lock:
        from app.rules import warm

        warm()


def await_warm_up() -> None:
    """Wait for a warm-up in progress, if any, instead of computing the same example vectors beside it."""
    with _warm_lock:
        pass


@dataclass(frozen=True)
class JobStatus:
    state: str  # "idle" | "running" | "done" | "failed"
    message: str = ""
    fraction: float = 0.0
    seconds: float = 0.0
    error: str = ""  # plain words (a WriteoffError's text) when failed
    summary: str = ""  # IngestSummary.line() when done
    problems: list[str] = field(default_factory=list)  # documents that could not be indexed

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    def describe(self) -> str:
        """One line for people: '45% (p550-2025: 300/900 chunks), 80 s so far'."""
        if self.state == "failed":
            return f"The index could not be built: {self.error}"
        if self.state == "done":
            return f"The index is ready ({self.summary})."
        return f"{self.fraction:.0%} ({self.message}), {self.seconds:.0f} s so far"


class IndexJob:
    """One build_index in a daemon thread; start() is idempotent, status() and wait() are safe from any thread."""

    def __init__(self, settings: Settings, *, build: Build | None = None, before: Callable[[], None] | None = None,
                 only_if_missing: bool = False) -> None:
        self.settings = settings
        self._build = build
        self._only_if_missing = only_if_missing  # an index already there (even an outdated one) is left alone
        self._before = before  # e.g. warming the rules first, so a rule question does not queue behind the ingest
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._state = "idle"
        self._message = "Starting"
        self._fraction = 0.0
        self._started = 0.0
        self._ended = 0.0
        self._error = ""
        self._summary = ""
        self._problems: list[str] = []
        self._callbacks: list[Callable[[JobStatus], None]] = []

    def start(self) -> IndexJob:
        with self._lock:
            if self._thread is None:
                self._state, self._started = "running", time.monotonic()
                self._thread = threading.Thread(target=self._run, name="writeoff-index", daemon=True)
                self._thread.start()
        return self

    def on_finish(self, callback: Callable[[JobStatus], None]) -> None:
        """Call back (from the job's thread) once it has finished; at once if it already has."""
        with self._lock:
            if not self._done.is_set():
                self._callbacks.append(callback)
                return
        callback(self.status())

    def _progress(self, message: str, fraction: float) -> None:
        with self._lock:
            self._message, self._fraction = str(message), min(max(float(fraction), 0.0), 1.0)

    def _run(self) -> None:
        try:
            if self._before:
                self._before()
            if self._only_if_missing:
                from app.deferred import index_missing

                if not index_missing(self.settings):
                    with self._lock:
                        self._state, self._fraction, self._summary = "done", 1.0, "the index is already there"
                    return
            build = self._build
            if build is None:
                from ingest.index import build_index as build
            summary = build(self.settings, on_progress=self._progress)
            with self._lock:
                self._problems = [str(p) for p in summary.errors]
                self._summary = summary.line()
                if not summary.documents:
                    self._state, self._error = "failed", "; ".join(self._problems) or "no document could be read."
                else:
                    self._state = "done"
        except WriteoffError as err:
            with self._lock:
                self._state, self._error = "failed", str(err)
        except Exception as err:  # a thread's exception would vanish: the page must hear of it
            log.exception("index build failed: %s", type(err).__name__)
            with self._lock:
                self._state = "failed"
                self._error = f"unexpected error ({type(err).__name__}). Run `writeoff ingest` in a terminal to see why."
        finally:
            with self._lock:
                self._ended = time.monotonic()
                self._done.set()
                callbacks, self._callbacks = self._callbacks, []
            status = self.status()
            for callback in callbacks:
                try:
                    callback(status)
                except Exception:  # one broken listener must not stop the others
                    log.exception("index job callback failed")

    def status(self) -> JobStatus:
        with self._lock:
            seconds = (self._ended or time.monotonic()) - self._started if self._started else 0.0
            status = JobStatus(self._state, self._message, self._fraction, seconds, self._error, self._summary,
                               list(self._problems))
        if status.state == "running" and status.fraction == 0.0:
            # Possibly queued behind another process's ingest of the same folder: show that one's progress.
            from ingest.progress import WAITING, read_progress

            other = read_progress(self.settings.data_dir) if status.message == WAITING else None
            if other is not None:
                return JobStatus("running", f"waiting for another ingest of this folder: {other.message}",
                                 other.fraction, other.seconds)
        return status

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)
