"""`writeoff ask` and `writeoff chat` through the real console script, in subprocesses."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], tmp_path: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WRITEOFF_DATA_DIR": str(tmp_path / "data"), "HF_HUB_OFFLINE": "1",
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
