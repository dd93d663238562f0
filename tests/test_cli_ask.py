"""`writeoff ask` and `writeoff chat` through the real console script, in subprocesses."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import env_for, ingest_running_elsewhere

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], tmp_path: Path, stdin: str | None = None, env: dict[str, str] | None = None
         ) -> subprocess.CompletedProcess[str]:
    env = env or {**os.environ, "WRITEOFF_DATA_DIR": str(tmp_path / "data"), "HF_HUB_OFFLINE": "1",
                  "WRITEOFF_LLM_BACKEND": "none"}
    return subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=ROOT, env=env, input=stdin, check=False,
                          capture_output=True, text=True, timeout=600)


def test_three_turn_conversation_through_session_file(tmp_path) -> None:
    session = tmp_path / "s" / "session.json"
    turns = [
        ("Can I deduct a loss in my traditional IRA for 2024?", 2024, "no"),
        ("what about 2016?", 2016, "depends"),
        ("and for a Roth IRA?", 2016, "depends"),
    ]
    for n, (question, year, verdict) in enumerate(turns, 1):
        done = _run(["ask", question, "--session", str(session), "--json"], tmp_path)
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout)
        assert out["tax_year"] == year and out["verdict"] == verdict and out["source"] == "rule"
        assert len(json.loads(session.read_text())["turns"]) == n
    assert "roth" in out["rule_id"]
    assert "Roth IRA" in out["answer"]


def test_json_has_the_documented_fields(tmp_path) -> None:
    done = _run(["ask", "--json", "--year", "2016", "Can", "I", "deduct", "a", "loss", "in", "my", "IRA?"], tmp_path)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert {"answer", "verdict", "source", "rule_id", "tax_year", "citations", "warnings"} <= set(out)
    assert out["tax_year"] == 2016
    assert out["citations"]
    for c in out["citations"]:
        assert {"doc_id", "title", "section", "page", "url", "quote"} <= set(c)


def test_text_output_and_identifiers_never_echoed(tmp_path) -> None:
    done = _run(["ask", "SSN 123-45-6789 here. Can I deduct a loss in my Roth IRA for 2023?"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "123-45-6789" not in done.stdout + done.stderr
    assert "verdict: no" in done.stdout and "tax year 2023" in done.stdout
    assert "Sources:" in done.stdout and "Never share" in done.stdout


@pytest.mark.parametrize(
    ("args", "needle", "code"),
    [
        (["ask", "--year", "twenty", "hi"], "is not a year", 2),
        (["ask", "--year", "1850", "Can I deduct my IRA loss?"], "1990 through 2030", 0),
        (["ask", "   "], "Please type a question", 0),
    ],
)
def test_bad_input_gets_plain_words(tmp_path, args, needle, code) -> None:
    done = _run(args, tmp_path)
    assert done.returncode == code
    assert needle in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_unreadable_session_starts_fresh_with_a_note(tmp_path) -> None:
    session = tmp_path / "bad.json"
    session.write_text("{not json", encoding="utf-8")
    done = _run(["ask", "--session", str(session), "Can I deduct a loss in my IRA for 2024?"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "new conversation" in done.stdout
    assert len(json.loads(session.read_text())["turns"]) == 1


def test_chat_follow_ups_and_commands(tmp_path) -> None:
    lines = [
        "Can I deduct a loss in my traditional IRA for 2024?",
        "what about 2016?",
        "/history",
        "/new",
        "/year 2016",
        "Can I deduct a loss in my Roth IRA?",
        "/year banana",
        "/quit",
    ]
    script = "\n".join(lines) + "\n"
    done = _run(["chat"], tmp_path, stdin=script)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.count("verdict:") == 3
    assert "tax year 2024" in out and out.count("tax year 2016") >= 2
    assert "1. Can I deduct a loss in my traditional IRA for 2024?\n   -> No." in out  # /history: the turns kept
    assert "2. what about 2016?\n   -> " in out
    assert "Started a new conversation." in out and "Tax year set to 2016." in out
    assert "'banana' is not a year" in out


# ---- first run: rule questions never wait for an ingest; passage questions are answered once the index is there ----
RULE_QUESTION = "Can I deduct a loss in my Roth IRA for 2024?"
PASSAGE_QUESTION = "What are the rules for stock basis in a gift?"  # no rule answers it: it needs the passages


class _Output:
    """A child's stream read as it comes, so a test can wait for a line without the child having exited."""

    def __init__(self, stream) -> None:  # type: ignore[no-untyped-def]
        self.text = ""
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream) -> None:  # type: ignore[no-untyped-def]
        for line in iter(stream.readline, ""):
            self.text += line

    def wait_for(self, needle: str, proc: subprocess.Popen, seconds: float = 300) -> None:
        deadline = time.monotonic() + seconds
        while needle not in self.text:
            assert proc.poll() is None or needle in self.text, f"exited ({proc.returncode}) without {needle!r}"
            assert time.monotonic() < deadline, f"no {needle!r} in {self.text[-1500:]!r}"
            time.sleep(0.2)

    def join(self) -> str:
        self._thread.join(timeout=30)
        return self.text


def _popen(args: list[str], settings, stdin: str | None = None) -> tuple[subprocess.Popen, _Output, _Output]:  # type: ignore[no-untyped-def]
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", *args], cwd=ROOT, env=env_for(settings), text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if stdin is not None:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
    return proc, _Output(proc.stdout), _Output(proc.stderr)


def test_ask_answers_a_rule_question_during_an_ingest_and_a_passage_question_after_it(settings_factory) -> None:
    settings = settings_factory()
    with ingest_running_elsewhere(settings.data_dir):
        rule = _run(["ask", "--json", RULE_QUESTION], settings.data_dir.parent, env=env_for(settings))
        assert rule.returncode == 0, rule.stderr
        assert json.loads(rule.stdout)["source"] == "rule", "a rule question must not wait for the index"
        proc, out, err = _popen(["ask", "--json", PASSAGE_QUESTION], settings)
        err.wait_for("needs the IRS publications", proc)
        time.sleep(1)
        assert proc.poll() is None, "a passage question waits for the index instead of failing"
    assert proc.wait(timeout=600) == 0, err.join()[-2000:]
    answer = json.loads(out.join())
    assert answer["source"] == "retrieval" and answer["citations"] and "being built" not in answer["answer"]
    assert not any("Traceback" in t for t in (out.text, err.text))


def test_chat_answers_rule_questions_while_it_builds_the_index_then_the_waiting_one(settings_factory) -> None:
    settings = settings_factory()
    with ingest_running_elsewhere(settings.data_dir):
        proc, out, err = _popen(["chat"], settings, stdin=f"{PASSAGE_QUESTION}\n{RULE_QUESTION}\n")
        out.wait_for("[rule roth-loss", proc)
        assert "search index is being built" in out.text
        out.wait_for("Waiting for the index", proc)  # printed after the rule answer's sources: wait, never race it
        assert proc.poll() is None  # end of input: it waits for the index, it does not drop the question
    assert proc.wait(timeout=600) == 0, err.join()[-2000:]
    text = out.join()
    assert text.index("[rule roth-loss") < text.index(f"Your earlier question: {PASSAGE_QUESTION}")
    later = text.split("Your earlier question:")[1]
    assert "[retrieval" in later and "Sources:" in later
    assert "Traceback" not in text + err.join()
