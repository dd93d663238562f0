"""The background build of a missing index (app/index_job.py), on the fixture corpus with the real ingest."""
from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from conftest import ingest_running_elsewhere

from app.config import Settings
from app.index_job import IndexJob, JobStatus


def _until(job: IndexJob, check: Callable[[JobStatus], bool], seconds: float = 120) -> JobStatus:
    deadline = time.monotonic() + seconds
    while not check(status := job.status()):
        assert time.monotonic() < deadline, status
        time.sleep(0.05)
    return status


def test_builds_in_the_background_and_calls_back(settings_factory: Callable[..., Settings]) -> None:
    settings = settings_factory()
    finished: list[JobStatus] = []
    job = IndexJob(settings)
    job.on_finish(finished.append)
    assert job.status().state == "idle"
    assert job.start() is job.start()  # idempotent: one thread
    assert job.wait(300)
    status = job.status()
    assert status.state == "done" and status.finished and status.summary.startswith("2 documents")
    assert finished == [status]
    assert "ready" in status.describe()
    late: list[JobStatus] = []
    job.on_finish(late.append)  # after the end: called at once
    assert late == [status]


def test_waits_behind_another_ingest_and_shows_its_progress(settings_factory: Callable[..., Settings]) -> None:
    settings = settings_factory()
    with ingest_running_elsewhere(settings.data_dir):
        job = IndexJob(settings).start()
        waiting = _until(job, lambda s: "another ingest" in s.message)
        assert waiting.state == "running" and waiting.fraction == 0.0
        assert "%" in waiting.describe() and "so far" in waiting.describe()
    assert job.wait(300) and job.status().state == "done"


def test_a_broken_manifest_fails_in_plain_words(settings_factory: Callable[..., Settings], tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("documents: [\n")
    job = IndexJob(settings_factory(manifest=broken)).start()
    assert job.wait(120)
    status = job.status()
    assert status.state == "failed" and "not valid YAML" in status.error
    assert status.describe().startswith("The index could not be built")


def test_only_if_missing_leaves_an_existing_index_alone(settings_factory: Callable[..., Settings]) -> None:
    from ingest.index import build_index

    settings = settings_factory()
    build_index(settings)
    builds: list[Settings] = []
    job = IndexJob(settings, only_if_missing=True, build=lambda s, **kw: builds.append(s)).start()
    assert job.wait(60)
    assert job.status().state == "done" and builds == []
