"""Who is building the index of a data folder, and how far it has got.

One ingest at a time per data folder: `ingest_lock` (an flock on `<data_dir>/.ingest.lock`). While it holds the lock,
the ingest publishes its progress in `<data_dir>/.ingest-progress.json`, so a process that did not start it (the chat
page, `writeoff ask`, a second terminal) can say "the index is being built: 45%" instead of failing or going silent.
"""
from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from app.jsonfile import write_json

LOCK_FILE = ".ingest.lock"
PROGRESS_FILE = ".ingest-progress.json"
WRITE_EVERY = 0.5  # seconds between progress-file writes: readers poll about once a second
WAITING = "Waiting for another ingest of this data folder to finish"


@dataclass(frozen=True)
class Progress:
    message: str
    fraction: float
    started_at: float  # time.time() when the ingest took the lock

    @property
    def seconds(self) -> float:
        return max(time.time() - self.started_at, 0.0)


def _busy(path: Path) -> bool:
    """Whether someone holds the ingest lock (flock conflicts between open files, so this works in-process too)."""
    try:
        fh = open(path, "a")  # noqa: SIM115 - closed right below, after a non-blocking try
    except OSError:
        return False
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
        return False


def running(data_dir: Path) -> bool:
    return (data_dir / LOCK_FILE).exists() and _busy(data_dir / LOCK_FILE)


def read_progress(data_dir: Path) -> Progress | None:
    """The running ingest's progress; None when no ingest holds the lock. A file not written yet reads as 0%."""
    if not running(data_dir):
        return None
    try:
        data = json.loads((data_dir / PROGRESS_FILE).read_text(encoding="utf-8"))
        return Progress(str(data["message"]), float(data["fraction"]), float(data["started_at"]))
    except (OSError, ValueError, KeyError, TypeError):
        return Progress("Starting", 0.0, time.time())


class ProgressFile:
    """A progress callback that also writes the progress file (at most every WRITE_EVERY seconds, and always the
    first and the last value), then removes it when the ingest ends."""

    def __init__(self, data_dir: Path, forward: Callable[[str, float], None] | None = None) -> None:
        self.path = data_dir / PROGRESS_FILE
        self.forward = forward
        self.started_at = time.time()
        self._written = 0.0

    def __call__(self, message: str, fraction: float) -> None:
        if self.forward:
            self.forward(message, fraction)
        now = time.monotonic()
        if now - self._written >= WRITE_EVERY or fraction >= 1.0 or not self._written:
            self._written = now
            with suppress(OSError):  # progress is a courtesy: a full disk must not stop the ingest
                write_json(self.path, {"message": message, "fraction": round(float(fraction), 4),
                                       "started_at": self.started_at, "pid": os.getpid()})

    def remove(self) -> None:
        with suppress(OSError):
            self.path.unlink(missing_ok=True)


@contextmanager
def ingest_lock(data_dir: Path, on_wait: Callable[[str, float], None] | None = None) -> Iterator[None]:
    """One ingest at a time per data folder: a second one waits (saying so through on_wait), then finds the index
    up to date. Without it, a second ingest would take the first one's half-built collection for a killed build and
    drop it. (With a Chroma server shared by several machines, run ingest from one place.)"""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / LOCK_FILE, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait(WAITING, 0.0)
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
