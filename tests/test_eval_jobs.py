"""Runs started from the page (evals/jobs.py): the same runner as the CLI, progress on disk, stop, a run whose server
died reads as interrupted, two runs at once keep their own reports, and the diff is against the previous run of the
same suites. The engine here is a scripted stand-in (the page's real-engine runs are in test_ui_evaluation.py)."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.commands.eval import execute
from app.types import Answer
from evals import jobs
from evals.history import latest_run, previous_of, reports_root
from evals.runner import DEFAULT_MIN_PASS, suite_key
from evals.schema import load_suites

REPO = Path(__file__).resolve().parent.parent
WAIT = 60


class Engine:
    """Answers "no" unless the question says "yes"; with `permits` (a Semaphore) each ask takes one, so a test lets
    a run go exactly as far as it wants."""

    def __init__(self, delay: float = 0.0, permits: threading.Semaphore | None = None) -> None:
        self.delay, self.permits = delay, permits
        self.asked: list[str] = []
        self.lock = threading.Lock()

    def ask(self, question, conversation, *, tax_year=None, on_token=None):
        if self.permits is not None:
            assert self.permits.acquire(timeout=WAIT)
        time.sleep(self.delay)
        with self.lock:
            self.asked.append(question)
        conversation.append(question)
        verdict = "yes" if "yes" in question else "no"
        return Answer(text=f"{verdict}: {question}", verdict=verdict, source="rule", tax_year=2025)


def suite(path: Path, prefix: str, n: int, fail_every: int = 3) -> Path:
    rows = [{"id": f"{prefix}-{i}", "question": f"{prefix} question {i}" + (" yes" if i % fail_every else ""),
             "expected_verdict": "yes", "category": f"cat{i % 2}"} for i in range(n)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def wait_for(data_dir: Path, run_id: str, states=(jobs.DONE, jobs.STOPPED, jobs.FAILED)) -> dict:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        status = jobs.read_status(data_dir, run_id)
        if status and status["state"] in states:
            return status
        time.sleep(0.05)
    raise AssertionError(f"run {run_id} did not reach {states}: {jobs.read_status(data_dir, run_id)}")


def start(data_dir: Path, paths: list[Path], engine, categories=(), **kw) -> str:
    from evals.runner import select_categories

    cases = select_categories(load_suites(paths), categories)
    return jobs.start(data_dir, cases, engine, suites=[str(p) for p in paths], categories=list(categories),
                      make_conversation=list, **kw)


def comparable(summary: dict) -> dict:
    """A summary without the timings (they differ between any two runs)."""
    def strip(g):
        return {k: v for k, v in g.items() if not k.startswith("latency")}
    return {"overall": strip(summary["overall"]),
            "categories": {k: strip(v) for k, v in summary["categories"].items()}}


def test_page_runs_and_the_cli_give_the_same_numbers(tmp_path):
    path = suite(tmp_path / "s.jsonl", "s", 7)
    cases = load_suites([path])
    assert execute(cases, Engine(), report_dir=tmp_path / "cli", min_pass=DEFAULT_MIN_PASS, out=io.StringIO(),
                   suites=[str(path)], make_conversation=list, warm_up=True) == 1
    cli = json.loads((tmp_path / "cli" / "results.json").read_text())

    run_id = start(tmp_path / "data", [path], Engine())
    status = wait_for(tmp_path / "data", run_id)
    assert status["state"] == jobs.DONE and status["done"] == status["total"] == 7 and status["passed"] == 4
    page = json.loads((jobs.runs_root(tmp_path / "data") / run_id / "results.json").read_text())
    assert comparable(page["summary"]) == comparable(cli["summary"])
    assert [(c["id"], c["passed"], c["verdict"], c["failures"]) for c in page["cases"]] == \
           [(c["id"], c["passed"], c["verdict"], c["failures"]) for c in cli["cases"]]
    assert page["meta"]["suite_key"] == cli["meta"]["suite_key"] == suite_key([path])
    assert page["meta"]["gate"] == cli["meta"]["gate"]
    html = (jobs.runs_root(tmp_path / "data") / run_id / "report.html").read_text()
    assert html.index("<b>s-3</b>") < html.index("<b>s-1</b>")  # the HTML report lists failures first too


def test_progress_is_written_per_case_and_stop_ends_the_run_without_a_report(tmp_path):
    data_dir = tmp_path / "data"
    permits = threading.Semaphore(0)
    engine = Engine(permits=permits)
    run_id = start(data_dir, [suite(tmp_path / "s.jsonl", "s", 20)], engine, warm=False)
    status = jobs.read_status(data_dir, run_id)
    assert status["state"] == jobs.RUNNING and status["done"] == 0 and status["total"] == 20
    permits.release(2)
    deadline = time.monotonic() + WAIT
    while jobs.read_status(data_dir, run_id)["done"] < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    status = jobs.read_status(data_dir, run_id)
    assert status["state"] == jobs.RUNNING and status["done"] == 2 and status["current"] == "s-1"
    assert status["passed"] == 1  # s-0 fails on purpose, s-1 passes
    assert jobs.stop(run_id)
    permits.release(1)  # a case already waiting for the engine finishes; no further case starts
    status = wait_for(data_dir, run_id)
    assert status["state"] == jobs.STOPPED and status["done"] in (2, 3)  # 3 when s-2 had begun before the stop
    assert status["finished"] and not (jobs.runs_root(data_dir) / run_id / "results.json").exists()
    assert len(engine.asked) == status["done"]  # nothing asked after the stop
    assert jobs.stop(run_id) is False  # no longer running here
    assert latest_run(reports_root(data_dir)) is None  # a half run is never shown as a report


def test_a_run_whose_server_died_reads_as_interrupted(tmp_path):
    """A real child process starts a run and is killed mid-run (SIGKILL: no clean-up at all)."""
    data_dir = tmp_path / "data"
    path = suite(tmp_path / "s.jsonl", "s", 50)
    script = f"""
import sys, time
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
from pathlib import Path
from test_eval_jobs import Engine
from evals import jobs
from evals.schema import load_suites
run_id = jobs.start(Path({str(data_dir)!r}), load_suites([Path({str(path)!r})]), Engine(delay=0.2),
                    suites=[{str(path)!r}], categories=[], make_conversation=list, warm=False)
print(run_id, flush=True)
time.sleep(120)
"""
    child = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        run_id = child.stdout.readline().strip()
        assert jobs.valid_id(run_id), run_id
        deadline = time.monotonic() + WAIT
        while jobs.read_status(data_dir, run_id)["done"] < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        status = jobs.read_status(data_dir, run_id)
        assert status["state"] == jobs.RUNNING and status["pid"] == child.pid  # alive in another process
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    status = jobs.read_status(data_dir, run_id)
    assert status["state"] == jobs.INTERRUPTED and 2 <= status["done"] < 50
    on_disk = json.loads((jobs.runs_root(data_dir) / run_id / jobs.STATUS).read_text())
    assert on_disk["state"] == jobs.INTERRUPTED  # recorded, so a reused pid cannot revive it


def test_two_runs_at_once_keep_their_own_reports(tmp_path):
    data_dir = tmp_path / "data"
    a, b = suite(tmp_path / "a.jsonl", "a", 12), suite(tmp_path / "b.jsonl", "b", 9, fail_every=2)
    engine = Engine(delay=0.01)  # one shared engine, as the page's sessions share one
    first = start(data_dir, [a], engine)
    wait_for(data_dir, first)
    ids = [start(data_dir, [a], engine), start(data_dir, [b], engine), start(data_dir, [a], engine)]
    assert len(set(ids)) == 3
    statuses = [wait_for(data_dir, i) for i in ids]
    assert [s["state"] for s in statuses] == [jobs.DONE] * 3
    reports = [json.loads((jobs.runs_root(data_dir) / i / "results.json").read_text()) for i in ids]
    assert [c["id"] for c in reports[0]["cases"]] == [f"a-{i}" for i in range(12)]
    assert [c["id"] for c in reports[1]["cases"]] == [f"b-{i}" for i in range(9)]
    assert [c["id"] for c in reports[2]["cases"]] == [f"a-{i}" for i in range(12)]
    # Both concurrent runs of suite a compare with the run of a that had finished when they started, not with b.
    for report in (reports[0], reports[2]):
        assert report["previous_summary"]["cases"] == 12
        assert {c["change"] for c in report["cases"]} == {"same"}
    assert reports[1]["previous_summary"] is None and {c["change"] for c in reports[1]["cases"]} == {"new"}


def test_the_diff_is_against_the_previous_run_of_the_same_suites_and_categories(tmp_path):
    data_dir = tmp_path / "data"
    a, b = suite(tmp_path / "a.jsonl", "a", 6), suite(tmp_path / "b.jsonl", "b", 4)
    wait_for(data_dir, start(data_dir, [a], Engine()))
    wait_for(data_dir, start(data_dir, [b], Engine()))
    wait_for(data_dir, start(data_dir, [a], Engine(), categories=["cat1"]))
    # the suite now answers differently: a-0 passes, a-1 fails
    a.write_text(a.read_text().replace('"a question 0"', '"a question 0 yes"').replace(
        '"a question 1 yes"', '"a question 1"'), encoding="utf-8")
    run = start(data_dir, [a], Engine())
    wait_for(data_dir, run)
    report = json.loads((jobs.runs_root(data_dir) / run / "results.json").read_text())
    changes = {c["id"]: c["change"] for c in report["cases"]}
    assert changes["a-0"] == "now passing" and changes["a-1"] == "now failing" and changes["a-2"] == "same"
    assert report["previous_summary"]["cases"] == 6  # the full run of a, not the cat1-only one or b
    assert previous_of(reports_root(data_dir), suite_key([a], ["cat1"]))["summary"]["overall"]["cases"] == 3


def test_a_run_that_breaks_says_so_and_ids_from_the_url_are_checked(tmp_path):
    data_dir = tmp_path / "data"
    path = suite(tmp_path / "s.jsonl", "s", 3)

    def broken_conversation():
        raise RuntimeError("no conversation today")

    run_id = jobs.start(data_dir, load_suites([path]), Engine(), suites=[str(path)], categories=[],
                        make_conversation=broken_conversation, warm=False)
    status = wait_for(data_dir, run_id)
    assert status["state"] == jobs.FAILED and status["error"] == "RuntimeError: no conversation today"
    for bad in ("../../etc/passwd", "", None, "20250101-000000-zzzzzz", run_id + "/.."):
        assert jobs.read_status(data_dir, bad) is None and jobs.report_of(data_dir, bad) is None
    assert [s["id"] for s in jobs.recent(data_dir)] == [run_id]


@pytest.mark.parametrize("stale", [True, False])
def test_a_foreign_running_status_is_alive_only_while_its_process_is(tmp_path, stale):
    """Another server process on the same data folder: alive while its pid exists and it wrote recently."""
    data_dir = tmp_path / "data"
    folder = jobs.runs_root(data_dir) / "20250101-000000-abcdef"
    folder.mkdir(parents=True)
    status = {"id": folder.name, "state": jobs.RUNNING, "done": 3, "total": 9, "pid": os.getppid(),
              "process": "someone-else", "heartbeat": time.time() - (jobs.STALE_SECONDS + 5 if stale else 1)}
    (folder / jobs.STATUS).write_text(json.dumps(status), encoding="utf-8")
    assert jobs.read_status(data_dir, folder.name)["state"] == (jobs.INTERRUPTED if stale else jobs.RUNNING)
