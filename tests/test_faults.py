"""Faults: no index, an index from another embedder, a Chroma server that is down or restarts, a model server that is
down, slow or talks garbage, corrupt PDFs, an unusable feedback store, an ingest killed midway, and an app restart.
Every fault ends in plain words (never a traceback) and nothing the user already had is lost.
"""
from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import FIXTURE_PDF, env_for, free_port, index_fixture_corpus, write_manifest
from llm_server import JunkServer
from pydantic import SecretStr

from app.answer import make_engine
from app.config import Settings
from app.conversation import Conversation
from app.errors import WriteoffError
from app.feedback import FeedbackUnavailable, open_feedback_store
from app.types import Answer

ROOT = Path(__file__).resolve().parent.parent
CHAT_PAGE = ROOT / "app" / "ui" / "chat.py"
WRITEOFF = Path(sys.executable).parent / "writeoff"
# A question the rules leave to retrieval (a tax document, but no rule topic), answered from the fixture PDF alone.
RETRIEVAL_Q = "What does Publication 999 say about reading order of the zebra paragraph on a tax return?"
RULE_Q = "Can I deduct a loss in my traditional IRA for 2024?"


def assert_plain(answer: Answer, *needles: str) -> None:
    assert answer.text and "Traceback" not in answer.text
    assert "something went wrong" not in answer.text.lower(), answer.text
    for needle in needles:
        assert needle.lower() in answer.text.lower(), answer.text


# -- the index ----------------------------------------------------------------------------------------------------


def test_index_missing_says_run_ingest(settings_factory) -> None:
    settings = settings_factory()
    engine = make_engine(settings)
    conversation = Conversation()
    answer = engine.ask(RETRIEVAL_Q, conversation)
    assert_plain(answer, "writeoff ingest")
    assert len(conversation.turns) == 1  # the turn is kept, so the user can ask again after ingesting
    assert "writeoff ingest" in engine.status()["store"]["error"]
    rule = engine.ask(RULE_Q, Conversation())  # the rules need no index
    assert rule.verdict == "no" and rule.source == "rule"


def test_index_from_another_embedder_says_reingest_and_reingest_fixes_it(settings_factory) -> None:
    from app.store import open_store
    from ingest.index import build_index

    settings = settings_factory()
    assert build_index(settings).chunks
    collection = open_store(settings).active_collection()
    collection.modify(metadata={**dict(collection.metadata or {}), "embedder": "someone-elses-model-v9"})

    answer = make_engine(settings).ask(RETRIEVAL_Q, Conversation())
    assert_plain(answer, "re-ingest", "someone-elses-model-v9")
    summary = build_index(settings)  # the plain `writeoff ingest` sees the other embedder and rebuilds
    assert summary.changed and not summary.errors
    fixed = make_engine(settings).ask(RETRIEVAL_Q, Conversation())
    assert fixed.citations and "zebra" in fixed.text.lower()


# -- a Chroma server ----------------------------------------------------------------------------------------------


class ChromaProcess:
    """`chroma run` on a fixed loopback port and folder, so it can be stopped and started again in place."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = open(self.folder / "server.log", "ab")  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "chroma"), "run", "--host", "127.0.0.1", "--port", str(self.port),
             "--path", str(self.folder / "db")], stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, (self.folder / "server.log").read_text()[-2000:]
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        pytest.fail("chroma run did not start within 120 s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def chroma_process(tmp_path: Path) -> Iterator[ChromaProcess]:
    server = ChromaProcess(tmp_path / "chroma-server")
    server.folder.mkdir()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_chroma_server_down_from_the_start(settings_factory) -> None:
    settings = settings_factory(chroma_host="127.0.0.1", chroma_port=free_port())
    engine = make_engine(settings)
    answer = engine.ask(RETRIEVAL_Q, Conversation())
    assert_plain(answer, "Cannot reach the Chroma server")
    assert "Chroma server" in engine.status()["store"]["error"]


def test_chroma_server_restarted_mid_session(settings_factory, chroma_process: ChromaProcess) -> None:
    from ingest.index import build_index

    settings = settings_factory(chroma_host="127.0.0.1", chroma_port=chroma_process.port)
    assert build_index(settings).chunks
    engine = make_engine(settings)
    conversation = Conversation()
    before = engine.ask(RETRIEVAL_Q, conversation)
    assert before.citations

    chroma_process.stop()
    down = engine.ask("What does Publication 999 say about the zebra paragraph in the right column?", conversation)
    assert_plain(down, "Chroma server")
    assert len(conversation.turns) == 2  # the turn is kept, so a follow-up after the restart still has context

    chroma_process.start()  # same port, same folder: the engine recovers without a restart of its own
    again = engine.ask(RETRIEVAL_Q, conversation)
    assert again.citations and again.text == before.text
    assert len(conversation.turns) == 3


# -- a model server -----------------------------------------------------------------------------------------------


def _closed_port_url() -> str:
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="module")
def fixture_index(tmp_path_factory: pytest.TempPathFactory, fixture_corpus: Path) -> Settings:
    return index_fixture_corpus(tmp_path_factory.mktemp("faults-index"), fixture_corpus)


MODEL_NOTICES = ("composed from the IRS passages directly", "could not add context")


@pytest.mark.parametrize("fault", ["down", "slow", "garbage", "error-status", "cut-off"])
def test_model_server_faults_fall_back_with_a_notice(fixture_index: Settings, fault: str) -> None:
    bodies = {
        "slow": ('data: {"choices":[{"delta":{"content":"late [1]"}}]}\n\ndata: [DONE]\n\n', 200, 5.0),
        "garbage": ("<html><body>502 Bad Gateway</body></html>", 200, 0.0),
        "error-status": ('{"error": "overloaded"}', 503, 0.0),
        "cut-off": ('data: {"choices":[{"delta":{"content":"The loss is"}}]}\n\n', 200, 0.0),
    }
    plain = make_engine(fixture_index).ask(RETRIEVAL_Q, Conversation())
    if fault == "down":
        settings = fixture_index.model_copy(update={"llm_backend": "openai", "llm_base_url": _closed_port_url(),
                                                    "llm_timeout": 2.0})
        answer = make_engine(settings).ask(RETRIEVAL_Q, Conversation())
    else:
        body, status, delay = bodies[fault]
        with JunkServer(body, status=status, delay=delay) as junk:
            settings = fixture_index.model_copy(update={"llm_backend": "openai", "llm_base_url": junk.base_url,
                                                        "llm_timeout": 1.0})
            answer = make_engine(settings).ask(RETRIEVAL_Q, Conversation())
            assert junk.requests, "the model was asked"
    assert_plain(answer)
    assert answer.source in ("retrieval", "rule")
    assert any(n in w for w in answer.warnings for n in MODEL_NOTICES), answer.warnings
    assert answer.text == plain.text  # exactly the answer the no-model configuration gives
    assert "<html>" not in answer.text and "overloaded" not in answer.text


# -- corrupt documents --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_corrupt_pdf_is_reported_and_the_rest_is_indexed(settings_factory, tmp_path: Path, damage: str) -> None:
    from ingest.index import build_index

    settings = settings_factory()
    pdf = tmp_path / "mirror" / FIXTURE_PDF
    data = pdf.read_bytes()
    pdf.write_bytes({"truncated": data[: len(data) // 3], "garbage": os.urandom(4096), "empty": b""}[damage])
    write_manifest(settings.manifest, tmp_path / "mirror")  # the manifest vouches for the damaged file's sha256

    summary = build_index(settings)
    assert summary.documents == 1 and summary.chunks > 0  # the article still made it in
    assert len(summary.errors) == 1 and "p999-2025" in summary.errors[0]
    assert "Traceback" not in summary.errors[0] and len(summary.errors[0]) < 500
    answer = make_engine(settings).ask("What does the test article claim about deducting an IRA loss?",
                                       Conversation())
    assert_plain(answer)


def test_pdf_changed_behind_the_manifest_keeps_the_indexed_text(settings_factory, tmp_path: Path) -> None:
    """A file that no longer matches its sha256 is refused; the chunks built from the verified file keep serving."""
    from ingest.index import build_index

    settings = settings_factory()
    first = build_index(settings)
    pdf = tmp_path / "mirror" / FIXTURE_PDF
    pdf.write_bytes(pdf.read_bytes()[:500])
    # the copy ingest made into corpus_dir would still verify: remove it so the damaged mirror is all there is
    for copy in settings.corpus_dir.glob("*.pdf"):
        copy.unlink()
    second = build_index(settings)
    assert second.errors and "sha256" in " ".join(second.errors).lower()
    assert second.chunks == first.chunks
    answer = make_engine(settings).ask(RETRIEVAL_Q, Conversation())
    assert answer.citations and "zebra" in answer.text.lower()


# -- the feedback store -------------------------------------------------------------------------------------------


def _an_answer() -> Answer:
    return Answer(text="No.", verdict="no", source="rule", tax_year=2024, rule_id="ira-loss-2018-2025")


@pytest.mark.parametrize("fault", ["parent-is-a-file", "db-is-a-directory", "db-is-garbage"])
def test_unusable_feedback_store_raises_plain_words(tmp_path: Path, fault: str) -> None:
    if fault == "parent-is-a-file":
        (tmp_path / "blocker").write_text("not a folder")
        db = tmp_path / "blocker" / "feedback.sqlite3"
    elif fault == "db-is-a-directory":
        db = tmp_path / "feedback.sqlite3"
        db.mkdir()
    else:
        db = tmp_path / "feedback.sqlite3"
        db.write_bytes(b"this is not a database " * 200)
    store = open_feedback_store(db)
    with pytest.raises(FeedbackUnavailable) as err:
        store.save_feedback(conversation_id="c" * 16, turn=1, rating=0, question="q", answer=_an_answer(),
                            corpus_version="v")
    assert isinstance(err.value, WriteoffError) and "answers still work" in str(err.value)
    with pytest.raises(FeedbackUnavailable):
        store.save_conversation("c" * 16, {"messages": []})


def test_web_app_with_a_corrupt_store_still_answers(fixture_index: Settings, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    settings = fixture_index.model_copy(update={"data_dir": tmp_path / "data"})
    # the index stays where it is (chroma_dir follows data_dir, so link it); only the store is damaged
    settings.data_dir.mkdir()
    (settings.data_dir / "chroma").symlink_to(fixture_index.chroma_dir)
    settings.feedback_db.write_bytes(b"garbage, not SQLite " * 100)
    for name, value in settings.model_dump().items():
        monkeypatch.setenv(f"WRITEOFF_{name.upper()}", str(value))
    at = AppTest.from_file(str(CHAT_PAGE), default_timeout=300).run()
    at.chat_input[0].set_value(RULE_Q).run()
    assert not at.exception, at.exception
    assert at.session_state["messages"][1]["answer"]["verdict"] == "no"
    at.feedback[0].set_value(1).run()
    assert not at.exception
    notes = " ".join(w.value for w in at.warning)
    assert "Feedback was not saved" in notes and "Traceback" not in notes


# -- an ingest killed midway --------------------------------------------------------------------------------------

CHILD_INGEST = textwrap.dedent("""
    import os, sys, time
    from app.config import Settings
    from ingest.index import build_index
    settings = Settings.model_validate_json(sys.argv[1])
    stop_at = sys.argv[2] if len(sys.argv) > 2 else ""

    def progress(message, fraction):
        if stop_at and message.startswith(stop_at):
            print("MIDWAY", flush=True)
            time.sleep(600)  # the parent kills us here, mid-build

    summary = build_index(settings, on_progress=progress)
    print("DONE", summary.chunks, flush=True)
""")


def _child_ingest(settings: Settings, stop_at: str = "") -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", CHILD_INGEST, settings.model_dump_json(), stop_at],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env=env_for(settings))


@pytest.mark.slow
def test_ingest_killed_midway_keeps_the_old_index_and_the_next_ingest_completes(settings_factory,
                                                                                tmp_path: Path) -> None:
    settings = settings_factory()
    first = _child_ingest(settings)
    out, err = first.communicate(timeout=600)
    assert first.returncode == 0 and out.startswith("DONE"), err[-2000:]

    # A new document joins the manifest; the second ingest is killed while it embeds that document.
    (tmp_path / "mirror" / "extra.txt").write_text(
        "Quokka section\n\nA quokka loss is reported on the quokka worksheet, line 7.\n", encoding="utf-8")
    import hashlib

    sha = hashlib.sha256((tmp_path / "mirror" / "extra.txt").read_bytes()).hexdigest()
    write_manifest(settings.manifest, tmp_path / "mirror", extra=(
        f"  - id: extra-2025\n    title: \"Extra\"\n    kind: irs_publication\n    authority: 1\n"
        f"    tax_year: 2025\n    file: extra.txt\n    sha256: {sha}\n"))
    second = _child_ingest(settings, stop_at="extra-2025")
    assert second.stdout is not None
    line = second.stdout.readline().strip()
    assert line == "MIDWAY", second.stderr.read()[-2000:] if second.stderr else line
    second.send_signal(signal.SIGKILL)
    second.wait(timeout=30)

    from app.store import open_store
    from ingest.index import build_index

    store = open_store(settings)
    info = store.active_info()
    assert set(info["documents"]) == {"p999-2025", "test-article"}  # the old index still serves
    assert len(store.collection_names()) == 3  # pointer + active + the killed build left behind
    answer = make_engine(settings).ask(RETRIEVAL_Q, Conversation())
    assert answer.citations and "zebra" in answer.text.lower()

    summary = build_index(settings)
    assert summary.changed and summary.documents == 3 and not summary.errors
    store = open_store(settings)
    assert store.collection_names() == sorted([store.pointer_name, summary.collection])  # the orphan is gone
    found = make_engine(settings).ask("Where is a quokka loss reported?", Conversation())
    assert any(c.doc_id == "extra-2025" for c in found.citations), found


# -- nothing lost across a restart --------------------------------------------------------------------------------

FIRST_VISIT = textwrap.dedent("""
    import json
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(%r, default_timeout=600).run()
    at.chat_input[0].set_value("Can I deduct the loss in my Roth IRA for 2024? My SSN is 219-09-9999.").run()
    assert not at.exception, at.exception
    at.feedback[0].set_value(0).run()
    assert not at.exception, at.exception
    print(json.dumps({"cid": at.session_state["conversation_id"],
                      "answer": at.session_state["messages"][1]["answer"]}))
""")


@pytest.mark.slow
def test_conversation_and_feedback_survive_an_app_restart(fixture_index: Settings, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """One process (the first server) answers and records a rating; a second process (the restarted server) on
    the same data dir restores the conversation, its rating and its context."""
    from streamlit.testing.v1 import AppTest

    settings = fixture_index.model_copy(update={"data_dir": tmp_path / "data"})
    settings.data_dir.mkdir()
    (settings.data_dir / "chroma").symlink_to(fixture_index.chroma_dir)
    first = subprocess.run([sys.executable, "-c", FIRST_VISIT % str(CHAT_PAGE)], capture_output=True,
                           check=False, text=True, cwd=ROOT, env=env_for(settings), timeout=900)
    assert first.returncode == 0, first.stderr[-3000:]
    visit = json.loads(first.stdout.strip().splitlines()[-1])
    cid = visit["cid"]
    assert b"219-09-9999" not in settings.feedback_db.read_bytes()

    for name, value in settings.model_dump().items():
        monkeypatch.setenv(f"WRITEOFF_{name.upper()}", str(value))
    at = AppTest.from_file(str(CHAT_PAGE), default_timeout=300)
    at.query_params["c"] = cid
    at.run()
    assert not at.exception, at.exception
    messages = at.session_state["messages"]
    assert len(messages) == 2 and messages[1]["answer"]["answer"] == visit["answer"]["answer"]
    assert at.feedback[0].value == 0  # the rating came back too
    at.chat_input[0].set_value("What about for 2016?").run()
    follow = at.session_state["messages"][3]["answer"]
    assert follow["tax_year"] == 2016 and "roth" in follow["standalone_question"].lower()
    with sqlite3.connect(settings.feedback_db) as conn:
        assert conn.execute("SELECT rating FROM feedback WHERE conversation_id=?", (cid,)).fetchone() == (0,)


@pytest.mark.slow
def test_cli_session_survives_between_processes(fixture_index: Settings, tmp_path: Path) -> None:
    session = tmp_path / "session.json"
    env = env_for(fixture_index)
    base = [str(WRITEOFF), "ask", "--json", "--session", str(session), "--"]
    one = subprocess.run([*base, "Can I deduct the loss in my Roth IRA for 2024?"], capture_output=True, check=False, text=True,
                         env=env, timeout=600)
    two = subprocess.run([*base, "What about for 2016?"], capture_output=True, check=False, text=True, env=env, timeout=600)
    assert one.returncode == 0 and two.returncode == 0, two.stderr[-2000:]
    first, second = json.loads(one.stdout), json.loads(two.stdout)
    assert first["tax_year"] == 2024 and second["tax_year"] == 2016
    assert "roth" in second["standalone_question"].lower()
    assert len(json.loads(session.read_text())["turns"]) == 2


def test_model_api_key_is_sent_but_never_logged_or_shown(fixture_index: Settings,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    key = "sk-writeoff-test-7f3a9c2e51"
    seen: list[str] = []

    with JunkServer("<html>not a model</html>") as junk:
        handler = junk.httpd.RequestHandlerClass  # this server's own handler class: record the header it gets
        original = handler.do_POST

        def do_post(self: Any) -> None:
            seen.append(self.headers.get("Authorization", ""))
            original(self)

        handler.do_POST = do_post  # type: ignore[method-assign]
        settings = fixture_index.model_copy(update={"llm_backend": "openai", "llm_base_url": junk.base_url,
                                                    "llm_api_key": SecretStr(key), "llm_timeout": 2.0})
        engine = make_engine(settings)
        with caplog.at_level(logging.DEBUG):
            answer = engine.ask(RETRIEVAL_Q, Conversation())
            status = engine.status()
    # the key did travel, in the header only: with the model's reading of the question and with the answer's request
    assert seen == [f"Bearer {key}"] * 2
    assert key not in caplog.text
    assert key not in json.dumps(status) and key not in json.dumps(answer.to_dict())
