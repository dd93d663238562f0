"""One ingest per data folder, and its progress readable from anywhere (ingest/progress.py)."""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from conftest import ingest_running_elsewhere

from ingest.progress import PROGRESS_FILE, WAITING, ProgressFile, ingest_lock, read_progress, running


def test_no_ingest_means_no_progress(tmp_path: Path) -> None:
    assert read_progress(tmp_path) is None and not running(tmp_path)
    with ingest_lock(tmp_path):
        assert running(tmp_path)
        progress = read_progress(tmp_path)  # holding the lock, nothing written yet: 0 %
        assert progress is not None and progress.fraction == 0.0
    assert not running(tmp_path) and read_progress(tmp_path) is None


def test_progress_file_is_written_throttled_and_removed(tmp_path: Path) -> None:
    seen: list[tuple[str, float]] = []
    with ingest_lock(tmp_path):
        published = ProgressFile(tmp_path, lambda m, f: seen.append((m, f)))
        published("p550-2025: 10/900 chunks", 0.1)
        published("p550-2025: 20/900 chunks", 0.2)  # within WRITE_EVERY: forwarded, not written
        on_disk = json.loads((tmp_path / PROGRESS_FILE).read_text())
        assert on_disk["message"] == "p550-2025: 10/900 chunks" and on_disk["fraction"] == 0.1
        published("done", 1.0)  # the last value is always written
        got = read_progress(tmp_path)
        assert got is not None and (got.message, got.fraction) == ("done", 1.0) and got.seconds >= 0
        published.remove()
    assert seen == [("p550-2025: 10/900 chunks", 0.1), ("p550-2025: 20/900 chunks", 0.2), ("done", 1.0)]
    assert not (tmp_path / PROGRESS_FILE).exists()


def test_a_second_ingest_says_it_waits_then_runs(tmp_path: Path) -> None:
    said: list[str] = []
    entered = threading.Event()

    def second() -> None:
        with ingest_lock(tmp_path, on_wait=lambda m, f: said.append(m)):
            entered.set()

    with ingest_running_elsewhere(tmp_path):
        worker = threading.Thread(target=second)
        worker.start()
        deadline = time.monotonic() + 10
        while not said and time.monotonic() < deadline:
            time.sleep(0.05)
        assert said == [WAITING] and not entered.is_set()
    worker.join(timeout=10)
    assert entered.is_set()
