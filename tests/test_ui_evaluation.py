"""The Evaluation page under Streamlit's AppTest: pick suites, upload your own Q&A (a bad file lists every problem and
nothing runs), run on the real engine and index, follow the run after a reload, stop it, and read the result like a
reviewer. The page reads its settings from the environment, as `writeoff serve` does."""
from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.cli import main
from app.config import Settings
from evals import jobs
from evals.catalog import DEV_DIR, uploads_dir
from evals.history import reports_root
from evals.report import write_report
from evals.runner import run_cases
from evals.schema import default_suite_paths, load_suites

CHAT = Path(__file__).resolve().parent.parent / "app" / "ui" / "chat.py"
DATA = Path(__file__).resolve().parent / "data"
TWO_CASES = DATA / "eval_two_cases.jsonl"
TIMEOUT = 300
RUN_TIMEOUT = 600  # the whole packaged suite on 2 shared cores, with the engine loaded cold


def point_env_at(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    for name, value in settings.model_dump().items():
        monkeypatch.setenv(f"WRITEOFF_{name.upper()}", str(value))


def open_page(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(CHAT), default_timeout=TIMEOUT)
    if query:
        at.query_params.update(query)
    at.switch_page("pages/3_Evaluation.py").run()
    assert not at.exception, at.exception
    return at


def texts(elements) -> str:  # type: ignore[no-untyped-def]
    """Shown text with the markdown escapes inert() adds taken out again."""
    import re

    return "\n".join(re.sub(r"\\(.)", r"\1", str(e.value)) for e in elements)


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="eval_upload").set_value((name, data, "application/octet-stream")).run()
    assert not at.exception, at.exception
    return at


def case_blocks(at: AppTest) -> list:
    """The case expanders (not the run form or the list of runs)."""
    return [e for e in at.expander if e.label != "Run the suites" and not e.label.startswith("Runs started here")]


def labels(at: AppTest) -> list[str]:
    return [e.label.replace("\\", "") for e in case_blocks(at)]


@pytest.fixture
def empty_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    settings = Settings(data_dir=tmp_path / "data")
    point_env_at(monkeypatch, settings)
    return settings


@pytest.fixture
def indexed_data(real_index: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A private data folder holding a copy of the real index, so uploads and runs stay inside this test."""
    data_dir = tmp_path / "data"
    for part in ("chroma", "bm25"):
        if (real_index.data_dir / part).exists():
            shutil.copytree(real_index.data_dir / part, data_dir / part)
    settings = real_index.model_copy(update={"data_dir": data_dir})
    point_env_at(monkeypatch, settings)
    return settings


def wait_until_done(at: AppTest, settings: Settings, timeout: float = RUN_TIMEOUT) -> dict:
    run_id = at.query_params["run"][0] if isinstance(at.query_params["run"], list) else at.query_params["run"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = jobs.read_status(settings.data_dir, run_id)
        if status["state"] != jobs.RUNNING:
            at.run()
            assert not at.exception, at.exception
            return status
        time.sleep(0.5)
    raise AssertionError(f"run {run_id} still running after {timeout} s")


# ---- without an index ---------------------------------------------------------------------------------------------

def test_the_page_offers_every_suite_the_template_and_says_why_it_cannot_run(empty_data: Settings) -> None:
    at = open_page()
    assert "No evaluation report yet" in texts(at.info)
    suites = at.multiselect(key="eval_suites")
    packaged = [f"packaged: {p.name}" for p in default_suite_paths()]
    assert suites.value == packaged  # what `writeoff eval` runs by default
    if DEV_DIR.is_dir():
        assert {f"dev: {p.name}" for p in DEV_DIR.glob("*.jsonl")} <= set(suites.options)
    categories = at.multiselect(key="eval_categories").options
    assert {"adversarial", "multi-turn", "wash-sale"} <= set(categories)
    assert "There is no index yet" in texts(at.warning)
    assert at.button(key="eval_run").disabled
    downloads = {b.label for b in at.get("download_button")}
    assert {"Template (JSONL, 3 cases)", "Template (CSV, 3 cases)"} <= downloads
    assert f"{len(load_suites(default_suite_paths()))} cases" in texts(at.caption)
    at.multiselect(key="eval_categories").set_value(["wash-sale"]).run()
    wash = [c for c in load_suites(default_suite_paths()) if c.category == "wash-sale"]
    assert f"{len(wash)} cases" in texts(at.caption)


def test_a_bad_upload_lists_every_problem_and_is_not_kept(empty_data: Settings) -> None:
    at = open_page()
    bad = (b'{"id": "a", "question": "q", "expected_verdict": "perhaps"}\n'
           b'{"id": "b", "question": "q", "tax_year": "2025", "must_include": [1]}\n'
           b'{"id": "c", "question": "follows", "follow_up_of": "nobody"}\n')
    upload(at, "mine.jsonl", bad)
    shown = texts(at.error)
    assert "**mine.jsonl** was not kept and cannot run until these are fixed" in shown
    lines = [line for line in shown.splitlines() if line.startswith("- ")]
    assert len(lines) == 4
    assert lines[0].startswith("- line 1: case 'a': 'expected_verdict' must be one of yes, no, depends")
    assert lines[1].startswith("- line 2: case 'b': 'tax_year'") and "'must_include'" in lines[2]
    assert lines[3].startswith("- line 3: case 'c': follows up 'nobody'")
    assert not uploads_dir(empty_data.data_dir).exists()
    assert "uploaded: mine.jsonl" not in at.multiselect(key="eval_suites").options

    upload(at, "sheet.csv", b"id,question,tax_year\nx,q,next year\n")
    assert "- line 2: case 'x': 'tax_year' must be a year like 2025, got 'next year'" in texts(at.error)
    upload(at, "notes.jsonl", "\u00e9t\u00e9".encode("latin-1"))
    assert "not UTF-8 text" in texts(at.error)

    upload(at, "mine.jsonl", TWO_CASES.read_bytes())  # fixed: kept by name and selected
    assert not at.error
    assert "mine.jsonl: 2 cases, kept as uploaded: mine.jsonl" in texts(at.success)
    assert (uploads_dir(empty_data.data_dir) / "mine.jsonl").read_bytes() == TWO_CASES.read_bytes()
    assert at.multiselect(key="eval_suites").value == ["uploaded: mine.jsonl"]  # what you upload is what runs
    again = open_page()  # a new session (or a later visit) still lists it
    assert "uploaded: mine.jsonl" in again.multiselect(key="eval_suites").options


def test_a_run_whose_server_went_away_says_so_and_an_unknown_run_falls_back(empty_data: Settings) -> None:
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    folder = jobs.runs_root(empty_data.data_dir) / "20250101-000000-abcdef"
    folder.mkdir(parents=True)
    (folder / jobs.STATUS).write_text(json.dumps({
        "id": folder.name, "state": "running", "done": 3, "total": 9, "passed": 2, "current": "x-3",
        "suites": ["/somewhere/mine.jsonl"], "started": "2025-01-01T00:00:00+00:00",
        "pid": int(dead.stdout), "process": "a-server-that-is-gone", "heartbeat": time.time()}), encoding="utf-8")
    at = open_page({"run": folder.name})
    assert ("This run was interrupted after 3 of 9 cases: the server stopped or restarted while it ran. No report was "
            "written; run it again for one.") in texts(at.warning)
    assert not at.get("progress") and not [b for b in at.button if b.key == "eval_stop"]
    assert "No evaluation report yet" in texts(at.info)
    at = open_page({"run": "../../etc/passwd"})
    assert not at.warning or "not in this data folder" not in texts(at.warning)  # a malformed id is simply ignored
    at = open_page({"run": "20250101-000000-000000"})
    assert "That run is not in this data folder" in texts(at.warning)


class Scripted:
    """Stand-in engine for building a report file without the index: answers "no" to everything."""

    def ask(self, question, conversation, *, tax_year=None, on_token=None):
        from app.types import Answer, Citation

        conversation.append(question)
        return Answer(text=f"No, {question}", verdict="no", source="rule", tax_year=2025,
                      citations=[Citation("p590b-2025", "Publication 590-B", page=41)])


def test_a_report_reads_failures_first_with_checks_filters_and_downloads(empty_data: Settings, tmp_path) -> None:
    suite = tmp_path / "s.jsonl"
    suite.write_text("\n".join(json.dumps(r) for r in [
        {"id": "ok-1", "question": "first", "expected_verdict": "no", "category": "ira"},
        {"id": "bad-verdict", "question": "second", "expected_verdict": "yes", "category": "ira",
         "expected": "Yes, because."},
        {"id": "bad-phrase", "question": "third", "must_include": ["carryover"], "must_not_include": ["third"],
         "authority": ["IRC 1091"], "category": "wash"},
    ]) + "\n", encoding="utf-8")
    cases = load_suites([suite])
    root = reports_root(empty_data.data_dir)
    previous = run_cases(cases[:1] + cases[2:], Scripted(), make_conversation=list)
    previous[0].passed, previous[0].verdict = False, "yes"  # ok-1 failed last time
    from evals.metrics import summarize

    write_report(root, previous, summarize(previous), {"suites": [str(suite)]})
    results = run_cases(cases, Scripted(), make_conversation=list)
    write_report(root, results, summarize(results), {"suites": [str(suite)], "gate": {
        "passed": False, "min_pass": 0.9, "reasons": ["pass rate 33.3% is below 90.0%"]}})

    at = open_page()
    assert any(m.label == "Pass rate" and m.value == "33.3%" and m.delta for m in at.metric)
    assert "Gate (pass rate ≥ 90.0%): failed: pass rate 33.3% is below 90.0%" in texts(at.warning)
    assert labels(at) == ["bad-verdict · ira", "bad-phrase · wash", "ok-1 · ira · now passing"]
    verdict_case, phrase_case = case_blocks(at)[:2]
    shown = texts(verdict_case.markdown)
    assert "Verdict: no, expected yes" in shown and "Yes, because." in shown and "No, second" in shown
    assert "not in the previous run" in shown  # bad-verdict is new
    shown = texts(phrase_case.markdown)
    assert "Must include “carryover”: missing" in shown and "Must not include “third”: found" in shown
    assert "Cites one of: IRC 1091: none of them cited" in shown and "p590b-2025:41" in shown
    assert "s.jsonl line 3" in texts(phrase_case.caption)

    at.segmented_control(key="eval_filter_status").set_value("Changed").run()
    assert labels(at) == ["ok-1 · ira · now passing"]  # bad-phrase answered and failed as before: "same"
    at.segmented_control(key="eval_filter_status").set_value("Failed").run()
    at.multiselect(key="eval_filter_categories").set_value(["wash"]).run()
    assert labels(at) == ["bad-phrase · wash"]
    downloads = {b.label for b in at.get("download_button")}
    assert {"Download the HTML report", "Download the JSON report"} <= downloads


# ---- on the real index --------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_upload_run_and_read_a_two_case_file_with_the_same_numbers_as_the_cli(indexed_data: Settings,
                                                                              tmp_path: Path) -> None:
    at = open_page()
    upload(at, "two.jsonl", TWO_CASES.read_bytes())
    assert at.multiselect(key="eval_suites").value == ["uploaded: two.jsonl"] and "2 cases" in texts(at.caption)
    at.button(key="eval_run").click().run()
    assert not at.exception, at.exception
    status = wait_until_done(at, indexed_data)
    assert status["state"] == jobs.DONE and status["done"] == 2 and status["passed"] == 1
    assert "Run finished: 1 of 2 cases passed." in texts(at.success)
    assert labels(at) == ["two-roth-wrong · roth", "two-ira-no · ira"]  # the failure first
    failed = texts(case_blocks(at)[0].markdown)
    assert "Verdict: no, expected yes" in failed and "Roth IRA" in failed
    assert "first run of these suites" in texts(at.caption)

    # `writeoff eval` on the same stored file gives the same numbers (one runner).
    stored = uploads_dir(indexed_data.data_dir) / "two.jsonl"
    cli_report = tmp_path / "cli-report"
    assert main(["eval", str(stored), "--report", str(cli_report), "--json"]) == 1
    cli = json.loads((cli_report / "results.json").read_text())
    page = json.loads((jobs.runs_root(indexed_data.data_dir) / status["id"] / "results.json").read_text())
    for key in ("cases", "passed", "pass_rate", "verdict_accuracy", "errors"):
        assert page["summary"]["overall"][key] == cli["summary"]["overall"][key], key
    assert [(c["id"], c["passed"], c["verdict"]) for c in page["cases"]] == \
           [(c["id"], c["passed"], c["verdict"]) for c in cli["cases"]]

    # Run again: the diff is against the previous run of the same suite; a reload of the first run shows it again.
    at.button(key="eval_run").click().run()
    wait_until_done(at, indexed_data)
    assert labels(at) == ["two-roth-wrong · roth", "two-ira-no · ira"]  # no "now failing/passing" in the labels
    shown = "\n".join(texts(e.markdown) for e in case_blocks(at))
    assert shown.count("same as the previous run") == 2
    links = {link.proto.query_string for link in at.get("page_link")}
    assert f"run={status['id']}" in links and len(links) == 3  # both runs, and the newest report
    first = open_page({"run": status["id"]})
    assert "Run finished: 1 of 2 cases passed." in texts(first.success)


class Held:
    """The real engine, except that each question of `held` waits for a permit: the test decides how far a run gets
    (the real engine answers the packaged suites in seconds, faster than a person can reload and press Stop)."""

    def __init__(self, engine, held: set[str]) -> None:
        self.engine, self.held = engine, held
        self.permits = threading.Semaphore(0)

    def ask(self, question, conversation, **kw):
        if question in self.held:
            assert self.permits.acquire(timeout=RUN_TIMEOUT)
        return self.engine.ask(question, conversation, **kw)

    def status(self):
        return self.engine.status()


@pytest.mark.slow
def test_a_reload_follows_the_run_a_second_session_runs_its_own_and_stop_is_plain(
        indexed_data: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.answer import make_engine
    from app.ui import state

    packaged = load_suites(default_suite_paths())
    held = Held(make_engine(indexed_data), {c.question for c in packaged} - {c.question for c in
                                                                              load_suites([TWO_CASES])})
    monkeypatch.setattr(state, "get_engine", lambda settings: held)
    try:
        at = open_page()
        assert at.multiselect(key="eval_suites").value  # the packaged suites
        at.button(key="eval_run").click().run()
        run_id = at.query_params["run"]
        run_id = run_id[0] if isinstance(run_id, list) else run_id
        held.permits.release(2)
        deadline = time.monotonic() + RUN_TIMEOUT
        while jobs.read_status(indexed_data.data_dir, run_id)["done"] < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        status = jobs.read_status(indexed_data.data_dir, run_id)
        assert status["state"] == jobs.RUNNING and status["done"] == 2

        reloaded = open_page({"run": run_id})  # a reload is a new session with the same URL
        [bar] = reloaded.get("progress")
        assert bar.proto.text.replace("\\", "") == f"2 / {len(packaged)}: {status['current']}"
        assert bar.proto.value == int(100 * 2 / len(packaged))
        assert reloaded.button(key="eval_run").disabled  # one run at a time from this URL

        # Meanwhile a second person runs their own file; both reports stay their own.
        other = open_page()
        upload(other, "two.jsonl", TWO_CASES.read_bytes())
        other.button(key="eval_run").click().run()
        other_status = wait_until_done(other, indexed_data)
        assert other_status["state"] == jobs.DONE and other_status["total"] == 2 and other_status["passed"] == 1
        assert labels(other) == ["two-roth-wrong · roth", "two-ira-no · ira"]
        assert jobs.read_status(indexed_data.data_dir, run_id)["state"] == jobs.RUNNING

        reloaded.button(key="eval_stop").click().run()
        held.permits.release(1)  # the case waiting for the engine may finish; no further case starts
        status = wait_until_done(reloaded, indexed_data)
        assert status["state"] == jobs.STOPPED and status["done"] in (2, 3)
        assert f"This run was stopped after {status['done']} of {len(packaged)} cases" in texts(reloaded.warning)
        assert not (jobs.runs_root(indexed_data.data_dir) / run_id / "results.json").exists()
    finally:
        held.permits.release(len(packaged))  # nothing waits any more: no thread is left behind
