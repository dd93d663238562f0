"""Bad input (tests/data/bad_inputs.py, 40+ cases) through every surface: the Engine, the CLI (`writeoff chat` fed
all cases in one process, and `writeoff ask --json` as one process per representative case) and the web app
(Streamlit AppTest). Each case must get a clear answer, keep the verdict the law gives, never echo a personal
identifier (answers, logs, CLI stderr, session files, the SQLite feedback/conversation store) and never show a
traceback.
"""
from __future__ import annotations

import importlib.util
import json
import logging
import os
import re
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from app import intake
from app.config import Settings

ROOT = Path(__file__).resolve().parent.parent
CHAT_PAGE = ROOT / "app" / "ui" / "chat.py"
WRITEOFF = Path(sys.executable).parent / "writeoff"


def _load_cases() -> Any:
    # Loaded by path: a `data` package name could collide with the project's data/ folder on sys.path.
    spec = importlib.util.spec_from_file_location("bad_inputs", Path(__file__).parent / "data" / "bad_inputs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bad_inputs"] = module
    spec.loader.exec_module(module)
    return module


BAD = _load_cases()
CASES = BAD.CASES
IDS = [c.id for c in CASES]


def check(case: Any, text: str, warnings: list[str], verdict: str | None, extra: str = "") -> None:
    """The one standard every surface is held to."""
    everything = "\n".join([text, *warnings, extra])
    assert text.strip(), f"{case.id}: empty answer"
    assert "Traceback" not in everything, f"{case.id}: traceback shown"
    assert "something went wrong" not in everything.lower(), f"{case.id}: unexpected internal error: {text[:200]}"
    if case.expect != BAD.ANY_CLEAR_ANSWER:
        low = everything.lower()
        assert any(p.lower() in low for p in case.expect), f"{case.id}: none of {case.expect} in {everything[:400]!r}"
    if case.verdict:
        assert verdict == case.verdict, f"{case.id}: verdict {verdict} != {case.verdict}: {text[:200]}"
    for secret in case.secrets:
        assert secret not in everything, f"{case.id}: identifier echoed"


def test_cases_cover_the_issue() -> None:
    """At least 40 cases, every category the issue names, unique ids, and the reply phrases still those of intake."""
    assert len(CASES) >= 40 and len(set(IDS)) == len(IDS)
    wanted = {"empty", "size", "binary", "emoji", "language", "html", "markdown", "sql", "injection", "pii", "year",
              "amount"}
    assert wanted <= {c.category for c in CASES}
    assert BAD.ASKS_FOR_QUESTION[0] in intake.EMPTY_MESSAGE.lower()
    assert BAD.YEAR_RANGE[0] in intake.YEAR_MESSAGE.format(lo=intake.MIN_YEAR, hi=intake.MAX_YEAR, year=1)
    assert BAD.IDENTIFIER_NOTE[0] in intake.PII_WARNING.lower()
    assert BAD.ENGLISH_NOTE[0] in intake.ENGLISH_WARNING.lower()
    assert any(len(c.text) >= 100_000 for c in CASES)
    assert sum(c.cli for c in CASES) >= 10


# -- the engine --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def engine(real_index: Settings) -> Any:
    from app.answer import make_engine

    return make_engine(real_index)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_engine(engine: Any, case: Any, caplog: pytest.LogCaptureFixture) -> None:
    from app.conversation import Conversation

    conversation = Conversation()
    with caplog.at_level(logging.DEBUG):
        answer = engine.ask(case.text, conversation, tax_year=case.tax_year)
    stored = json.dumps(conversation.to_dict(), ensure_ascii=False)
    check(case, answer.text, answer.warnings, answer.verdict, extra=json.dumps(answer.to_dict(), ensure_ascii=False))
    for secret in case.secrets:
        assert secret not in caplog.text, f"{case.id}: identifier in the log"
        assert secret not in stored, f"{case.id}: identifier in the conversation"
    if case.verdict:
        assert answer.source == "rule" and answer.citations, "a rule verdict comes with its authority"


@pytest.mark.slow
def test_one_conversation_survives_every_bad_turn(engine: Any) -> None:
    """All cases in one conversation, then an ordinary question and a follow-up: nothing hostile sticks."""
    from app.conversation import Conversation

    conversation = Conversation()
    for case in CASES:
        engine.ask(case.text, conversation, tax_year=case.tax_year)
    first = engine.ask("Can I deduct the loss in my Roth IRA for 2024?", conversation)
    follow = engine.ask("What about for 2016?", conversation)
    assert first.verdict == "no" and first.tax_year == 2024
    assert follow.tax_year == 2016 and "roth" in follow.standalone_question.lower()
    assert len(json.dumps(conversation.to_dict())) < 400_000  # 100k-character inputs are not kept whole


# -- the CLI -----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_index(tmp_path_factory: pytest.TempPathFactory, fixture_corpus: Path) -> Settings:
    """A private index of the fixture corpus, so the CLI's and the web app's files (sessions, SQLite) are ours."""
    from conftest import index_fixture_corpus

    return index_fixture_corpus(tmp_path_factory.mktemp("bad-input"), fixture_corpus)


def cli_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update({f"WRITEOFF_{k.upper()}": str(v) for k, v in settings.model_dump().items()})
    env.update(WRITEOFF_LOG_LEVEL="DEBUG", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", ANONYMIZED_TELEMETRY="False",
               PYTHONIOENCODING="utf-8")
    return env


def chat_script(cases: list[Any]) -> tuple[str, list[tuple[str, Any]]]:
    """stdin for `writeoff chat`: each case on one line (then /new), years set with /year. Returns the script and,
    per input line, what it is (the chat prints one prompt per line read)."""
    lines: list[tuple[str, Any]] = []
    for case in cases:
        if case.tax_year is not None:
            lines.append((f"/year {case.tax_year}", None))
        lines.append((re.sub(r"[\r\n]+", " ", case.text), case))
        lines.append(("/new", None))
        if case.tax_year is not None:
            lines.append(("/year", None))
    lines.append(("/quit", None))
    return "".join(line + "\n" for line, _ in lines), lines


def test_cli_chat_all_cases_in_one_process(fixture_index: Settings, tmp_path: Path) -> None:
    script, lines = chat_script(CASES)
    proc = subprocess.run([str(WRITEOFF), "chat"], input=script.encode("utf-8", "surrogateescape"), capture_output=True,
                          check=False, env=cli_env(fixture_index), cwd=tmp_path, timeout=900)
    out, err = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0, err[-2000:]
    assert "Traceback" not in out and "Traceback" not in err
    chunks = out.split("you> ")[1:]  # chunk i is what the chat printed after reading line i
    assert len(chunks) == len(lines), (len(chunks), len(lines), out[-1500:])
    for chunk, (line, case) in zip(chunks, lines):
        if case is None:
            continue
        for secret in case.secrets:
            assert secret not in err, f"{case.id}: identifier in the CLI's log output"
        if not line.strip():
            assert chunk.strip() == "", f"{case.id}: a blank line is ignored, not answered"
            continue
        header = re.search(r"\[(rule|retrieval|llm)\b[^\]]*verdict: (\w+)", chunk)
        assert header, f"{case.id}: no answer header in {chunk[:300]!r}"
        check(case, chunk, [], header.group(2))


CLI_CASES = [c for c in CASES if c.cli and c.in_argv]


@pytest.mark.slow
def test_cli_ask_json_one_process_per_case(fixture_index: Settings, tmp_path: Path) -> None:
    """`writeoff ask --json --session FILE` as its own process per case (a cold start each, three at a time)."""
    env = cli_env(fixture_index)

    def run(case: Any) -> tuple[Any, subprocess.CompletedProcess[bytes], Path]:
        session = tmp_path / f"{case.id}.json"
        argv = [str(WRITEOFF), "ask", "--json", "--session", str(session)]
        if case.tax_year is not None:
            argv += ["--year", str(case.tax_year)]
        # "--" so a question that starts with a dash is a question, not an option
        proc = subprocess.run([*argv, "--", case.text], capture_output=True, check=False, env=env, cwd=tmp_path, timeout=600)
        return case, proc, session

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(run, CLI_CASES))
    for case, proc, session in results:
        out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8", "replace")
        assert proc.returncode == 0, f"{case.id}: exit {proc.returncode}: {err[-1500:]}"
        answer = json.loads(out)
        check(case, answer["answer"], answer["warnings"], answer["verdict"], extra=out + err)
        saved = session.read_bytes().decode("utf-8")
        for secret in case.secrets:
            assert secret not in saved, f"{case.id}: identifier in the session file"


# -- the web app -------------------------------------------------------------------------------------------------


def page_text(at: Any) -> str:
    parts: list[str] = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "exception", "toast", "expander"):
        for element in getattr(at, kind, []):
            parts.append(str(getattr(element, "value", "") or getattr(element, "label", "")))
    return "\n".join(parts)


def store_bytes(settings: Settings) -> bytes:
    """The SQLite file and any journal beside it, as raw bytes (what an attacker with the disk would read)."""
    db = settings.feedback_db
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*") if p.is_file())


@pytest.fixture
def web(fixture_index: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name, value in fixture_index.model_dump().items():
        monkeypatch.setenv(f"WRITEOFF_{name.upper()}", str(value))
    return fixture_index


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_web_app(web: Settings, case: Any, caplog: pytest.LogCaptureFixture) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(CHAT_PAGE), default_timeout=300)
    with caplog.at_level(logging.DEBUG):
        at.run()
        assert not at.exception, at.exception
        if case.tax_year is not None:
            # The page's year picker offers only years the product covers, so an out-of-range year cannot be
            # chosen there (the engine and CLI cases check the message for one that is passed anyway).
            years = [o for o in at.sidebar.selectbox[0].options if o.isdigit()]
            assert years and all(intake.MIN_YEAR <= int(y) <= intake.MAX_YEAR for y in years)
            assert str(case.tax_year) not in at.sidebar.selectbox[0].options
            return
        # A browser sends UTF-8, where a lone surrogate arrives as U+FFFD; AppTest would refuse to encode it.
        at.chat_input[0].set_value(re.sub("[\ud800-\udfff]", "\ufffd", case.text)).run()
    assert not at.exception, at.exception
    messages = at.session_state["messages"]
    shown = page_text(at)
    assert "Traceback" not in shown
    if not case.text.strip():
        assert messages == [], "the chat box ignores a blank submission"
        return
    assert [m["role"] for m in messages] == ["user", "assistant"]
    reply = messages[1]
    assert reply.get("answer"), f"{case.id}: {reply.get('error')}"
    answer = reply["answer"]
    if len(case.text) > intake.MAX_CHARS:
        # The chat box takes the whole paste (no silent cut); the shown question stops where the engine stops
        # reading and says how much was left out, and the answer's truncation note (case.expect) says it too.
        assert len(messages[0]["content"]) < intake.MAX_CHARS + 80, len(messages[0]["content"])
        assert "more characters were not read" in messages[0]["content"]
    check(case, answer["answer"], answer["warnings"], answer["verdict"], extra=shown)
    # The user's words are shown literally: every markup character arrives escaped, so no tag can form.
    user_md = at.chat_message[0].markdown[0].value
    assert not re.search(r"(?<!\\)[<>\[\]`$]", user_md), user_md[:300]
    if case.secrets:
        at.feedback[0].set_value(0).run()  # a thumbs-down stores the question and answer
        assert not at.exception
        with sqlite3.connect(web.feedback_db) as conn:
            row = conn.execute("SELECT question FROM feedback WHERE conversation_id=?",
                               (at.session_state["conversation_id"],)).fetchone()
        assert row and "removed]" in row[0], "the masked question was stored"
        raw = store_bytes(web)
        for secret in case.secrets:
            assert secret.encode() not in raw, f"{case.id}: identifier in the SQLite store"
            assert secret not in caplog.text, f"{case.id}: identifier in the log"


def test_sql_text_leaves_the_store_intact(web: Settings) -> None:
    """After the SQL-like cases the feedback and conversation tables still exist and still take rows."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(CHAT_PAGE), default_timeout=300).run()
    for case in [c for c in CASES if c.category == "sql"]:
        at.chat_input[0].set_value(case.text).run()
        assert not at.exception
    at.feedback[0].set_value(1).run()
    with sqlite3.connect(web.feedback_db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        stored = conn.execute("SELECT data FROM conversations WHERE id=?",
                              (at.session_state["conversation_id"],)).fetchone()
        rated = conn.execute("SELECT question FROM feedback WHERE conversation_id=?",
                             (at.session_state["conversation_id"],)).fetchone()
    assert {"feedback", "conversations"} <= tables
    assert stored and "DROP TABLE feedback" in stored[0]  # stored as data, literally
    assert rated and "DROP TABLE" in rated[0]


BOOM_PAGE = '''import streamlit as st
st.write("before the failure")
raise RuntimeError("my SSN is 219-09-9999 and this message must stay on the server")
'''


@pytest.mark.slow
@pytest.mark.browser
def test_served_app_never_shows_a_traceback(tmp_path: Path) -> None:
    """`writeoff serve`'s own flags, on a page that fails: the browser gets the exception type, no traceback and no
    message (which could quote a question)."""
    from conftest import env_for, free_port, running_streamlit
    from playwright.sync_api import sync_playwright
    from test_load import launch_chromium

    from app.commands.serve import CHAT_PAGE as SERVED_PAGE
    from app.commands.serve import streamlit_command

    page_file = tmp_path / "boom.py"
    page_file.write_text(BOOM_PAGE)
    argv = [str(page_file) if a == str(SERVED_PAGE) else a for a in streamlit_command(free_port(), "127.0.0.1")]
    assert str(page_file) in argv
    with running_streamlit(argv, env_for(Settings(data_dir=tmp_path)), tmp_path / "st.log") as url, \
            sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            page = browser.new_page()
            page.goto(url)
            page.get_by_test_id("stException").wait_for(timeout=120_000)
            body = page.inner_text("body")
        finally:
            browser.close()
    assert "before the failure" in body and "RuntimeError" in body
    assert "Traceback" not in body and "219-09-9999" not in body and "boom.py" not in body
