"""The chat page and its other pages, run by Streamlit's AppTest against the real engine and the real index.

The page reads its settings from the environment (as `writeoff serve` does), so each test points WRITEOFF_* at the
session's real index.
"""
from __future__ import annotations

import json
import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ingest_running_elsewhere
from streamlit.testing.v1 import AppTest

from app.config import Settings
from app.pii import mask

CHAT = Path(__file__).resolve().parent.parent / "app" / "ui" / "chat.py"
TIMEOUT = 300  # first run loads the embedder and opens the index on 2 shared cores


def point_env_at(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    for name, value in settings.model_dump().items():
        monkeypatch.setenv(f"WRITEOFF_{name.upper()}", str(value))


@pytest.fixture
def ui_settings(real_index: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    point_env_at(monkeypatch, real_index)
    return real_index


def start(query_params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(CHAT), default_timeout=TIMEOUT)
    if query_params:
        at.query_params.update(query_params)
    return at.run()


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def all_markdown(block) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(m.value for m in block.markdown)


def rows_for(db: Path, conversation_id: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT turn, rating, question, rule_id, chunk_ids, corpus_version, source FROM feedback"
            " WHERE conversation_id=?", (conversation_id,)).fetchall()


@pytest.mark.slow
def test_two_turn_follow_up_citations_feedback_and_reload(ui_settings: Settings) -> None:
    at = start()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    # Sidebar states the default tax year and what is running.
    sidebar_text = all_markdown(at.sidebar) + " ".join(c.value for c in at.sidebar.caption)
    assert f"{ui_settings.default_tax_year}, the latest tax year the corpus covers" in sidebar_text
    assert "Chroma embedded" in sidebar_text and "Model:" in sidebar_text

    ask(at, "Can I deduct the loss in my Roth IRA? The account fell 40% in value.")
    messages = at.session_state["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    first = messages[1]["answer"]
    assert first["tax_year"] == ui_settings.default_tax_year and first["year_assumed"] is True
    assert first["citations"], "an answer about IRA losses must cite its authority"
    assistant = at.chat_message[1]
    assert f"Tax year {ui_settings.default_tax_year} (assumed" in " ".join(c.value for c in assistant.caption)
    assert len(assistant.expander) == len(first["citations"])  # one card per citation
    [badges] = [m.value for m in assistant.markdown if "-badge[" in m.value]
    assert "-badge[Verdict: " in badges and ":violet-badge[" in badges  # verdict + source badge

    # The follow-up names only a year: it is answerable only with the first turn's topic carried over.
    ask(at, "What about for 2016?")
    messages = at.session_state["messages"]
    assert len(messages) == 4
    second = messages[3]["answer"]
    assert second["tax_year"] == 2016 and second["year_assumed"] is False
    assert second["verdict"] != first["verdict"] or second["rule_id"] != first["rule_id"]
    assert "ira" in (second["standalone_question"] or "").lower()
    assert second["citations"]
    assert "Tax year 2016" in " ".join(c.value for c in at.chat_message[3].caption)

    # Feedback on the second answer lands in SQLite with provenance, then a reload restores everything.
    cid = at.session_state["conversation_id"]
    assert len(at.feedback) == 2
    at.feedback[1].set_value(1).run()
    assert not at.exception
    [row] = rows_for(ui_settings.feedback_db, cid)
    turn, rating, question, rule_id, chunk_ids, corpus_version, source = row
    assert (turn, rating) == (3, 1) and "2016" in question and source == second["source"]
    assert rule_id == second["rule_id"]
    assert json.loads(chunk_ids) == [c["chunk_id"] for c in second["citations"] if c["chunk_id"]]
    assert corpus_version and corpus_version == messages[3]["corpus_version"]

    again = start({"c": cid})
    assert not again.exception
    assert len(again.chat_message) == 4
    assert len(again.chat_message[3].expander) == len(second["citations"])
    assert again.feedback[1].value == 1  # the rating survives the reload too
    # The restored conversation keeps its context: another bare follow-up still knows the topic.
    ask(again, "And for 2019?")
    third = again.session_state["messages"][5]["answer"]
    assert third["tax_year"] == 2019 and "ira" in third["standalone_question"].lower()


@pytest.mark.slow
def test_exports_and_new_conversation(ui_settings: Settings) -> None:
    at = start()
    ask(at, "How much of a net capital loss can I deduct against wages in 2024?")
    downloads = {b.label: b for b in at.sidebar.get("download_button")}
    assert set(downloads) == {"Export Markdown", "Export JSON"}
    cid = at.session_state["conversation_id"]
    at.sidebar.button[0].click().run()  # New conversation
    assert at.session_state["conversation_id"] != cid
    assert at.session_state["messages"] == [] and len(at.chat_message) == 0


@pytest.mark.slow
def test_user_text_is_rendered_inert(ui_settings: Settings) -> None:
    at = start()
    hostile = "<script>alert(1)</script> [click](javascript:alert(2)) ![x](http://127.0.0.1:9/x.png) $x^2$ my ssn is 123-45-6789"
    ask(at, hostile)
    shown = at.chat_message[0].markdown[0].value
    assert "123-45-6789" not in shown  # identifiers are never echoed
    # Every markdown-active character is backslash-escaped, and un-escaping gives back the (masked) text.
    assert not re.search(r"(?<!\\)[<>\[\]()$!:]", shown)
    assert re.sub(r"\\(.)", r"\1", shown) == mask(hostile)
    assert at.chat_message[1].markdown or at.chat_message[1].error  # still answered in plain words


@pytest.mark.slow
def test_unwritable_feedback_store_is_a_notice_not_a_traceback(ui_settings: Settings, tmp_path: Path) -> None:
    db = ui_settings.feedback_db
    aside = tmp_path / "feedback.aside"
    if db.exists():
        shutil.move(str(db), aside)
    db.mkdir()  # a directory where the database should be: SQLite cannot open it
    try:
        at = start()
        ask(at, "Is a wash sale loss deductible if I rebuy the stock in my IRA?")
        assert at.session_state["messages"][1].get("answer"), "the answer itself must not be lost"
        notes = " ".join(w.value for w in at.warning)
        assert "will not survive a reload" in notes
        at.feedback[0].set_value(0).run()
        assert not at.exception
        notes = " ".join(w.value for w in at.warning)
        assert "Feedback was not saved" in notes and "Traceback" not in notes
    finally:
        db.rmdir()
        if aside.exists():
            shutil.move(str(aside), db)


@pytest.mark.slow
def test_sources_page_lists_documents_and_searches(ui_settings: Settings) -> None:
    at = start()
    at.switch_page("pages/2_Sources.py").run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert len(table) == 5
    assert set(table["id"]) >= {"p590b-2025", "p550-2025", "p17-2025"}
    assert (table["passages"] > 0).all()
    pdfs = table[table["kind"] == "irs_publication"]
    assert len(pdfs) == 4 and (pdfs["pages"] > 0).all()
    at.text_input(key="source_query").input("wash sale substantially identical IRA").run()
    assert not at.exception
    assert at.expander, "a search over the real index returns passages"
    assert any("Publication 550" in e.label for e in at.expander)


def run_until(at: AppTest, done: Callable[[AppTest], bool], seconds: float = TIMEOUT) -> AppTest:
    """Rerun the page (as the progress fragment does every second in a browser) until `done` holds."""
    deadline = time.monotonic() + seconds
    while not done(at):
        assert time.monotonic() < deadline, "the page did not get there in time"
        time.sleep(0.5)
        at.run()
        assert not at.exception, at.exception
    return at


RULE_QUESTION = "Can I deduct a loss in my Roth IRA for 2024?"
PASSAGE_QUESTION = "What are the rules for stock basis in a gift?"  # no rule answers it: it needs the passages


def test_rule_answers_while_the_index_builds_and_the_passage_question_after(settings_factory,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_factory()
    point_env_at(monkeypatch, settings)
    with ingest_running_elsewhere(settings.data_dir):
        at = start()
        assert not at.exception, at.exception
        assert not at.chat_input[0].disabled, "the chat box is there while the index builds"
        [status] = at.status
        assert status.label.startswith("Building the search index") and len(at.get("progress")) == 1
        ask(at, RULE_QUESTION)
        rule = at.session_state["messages"][1]["answer"]
        assert rule["source"] == "rule" and rule["tax_year"] == 2024 and rule["citations"]
        ask(at, PASSAGE_QUESTION)
        waiting = at.session_state["messages"][3]
        assert "answer" not in waiting and waiting["pending"]["question"]
        note = " ".join(i.value for i in at.chat_message[3].info)
        assert "being built" in note and "no need to ask again" in note and "%" in note
        assert "being built" in all_markdown(at.sidebar)
        # A reload while it waits keeps the pending question (it is saved with the chat).
        cid = at.session_state["conversation_id"]
        reloaded = start({"c": cid})
        assert reloaded.session_state["messages"][3].get("pending")
    # The other ingest is over: the page builds, then answers the waiting question in place, without a retype.
    run_until(at, lambda a: bool(a.session_state["messages"][3].get("answer")))
    messages = at.session_state["messages"]
    assert len(messages) == 4 and "pending" not in messages[3]
    later = messages[3]["answer"]
    assert later["source"] == "retrieval" and later["citations"] and "being built" not in later["answer"]
    assert messages[3]["question"] == PASSAGE_QUESTION and messages[1]["answer"] == rule
    [done] = at.status
    assert done.state == "complete" and done.label.startswith("Index ready: 2 documents")
    assert len(at.feedback) == 2  # both answers can be rated
    # The reloaded tab answers it too, from the saved chat, once it runs again.
    run_until(reloaded, lambda a: bool(a.session_state["messages"][3].get("answer")))
    # A second visit finds the index and does not build again.
    again = start()
    assert not again.status and not again.exception


def test_broken_manifest_is_reported_in_plain_words(settings_factory, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("documents: [\n")
    point_env_at(monkeypatch, settings_factory(manifest=broken))
    at = start()
    run_until(at, lambda a: bool(a.error))
    errors = " ".join(e.value for e in at.error)
    assert "not valid YAML" in errors and "writeoff ingest" in " ".join(c.value for c in at.caption)
    # No index can be built, but the rules need none: rule questions are still answered, the others say why not.
    ask(at, RULE_QUESTION)
    assert at.session_state["messages"][1]["answer"]["source"] == "rule"
    ask(at, PASSAGE_QUESTION)
    reply = at.session_state["messages"][3]
    assert "answer" not in reply and "pending" not in reply
    assert "could not be built" in reply["error"] and "not valid YAML" in reply["error"]


def test_model_server_down_shows_the_fallback_notice(settings_factory, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from llm_server import JunkServer

    with JunkServer(status=500, body="down for maintenance") as junk:
        settings = settings_factory(llm_backend="openai", llm_base_url=junk.base_url, llm_model="local",
                                    llm_timeout=5)
        point_env_at(monkeypatch, settings)
        at = start()
        assert not at.exception, at.exception
        assert "openai" in all_markdown(at.sidebar)  # the sidebar says a model is configured
        ask(at, "Can I deduct the loss in my traditional IRA?")  # goes through the streaming path
    reply = at.session_state["messages"][1]
    assert reply.get("answer"), reply.get("error")
    notes = [w for w in reply["answer"]["warnings"] if "model" in w.lower()]
    assert notes, "a failed model call must be visible as a notice"
    shown = " ".join(i.value for i in at.chat_message[1].info)
    assert "HTTP 500" in shown and "Traceback" not in shown


def test_a_working_model_streams_and_the_checked_answer_stays(settings_factory,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from llm_server import JunkServer, is_structured, sse

    from ingest.index import build_index

    settings = settings_factory()
    build_index(settings)
    reply = "The right column comes after the left column in reading order [1]."
    with JunkServer(sse(*[w + " " for w in reply.split(" ")])) as junk:
        point_env_at(monkeypatch, settings.model_copy(update={"llm_backend": "openai", "llm_base_url": junk.base_url,
                                                               "llm_timeout": 5.0}))
        at = start()
        ask(at, "What does Publication 999 say about reading order of the zebra paragraph on a tax return?")
        answers = [r for r in junk.requests if not is_structured(r)]  # besides reading the question (model_reader)
        assert len(answers) == 1  # the page asked the model once and streamed its reply
    answer = at.session_state["messages"][1]["answer"]
    assert answer["source"] == "llm" and answer["citations"] and "reading order" in answer["answer"]
    assert "reading order" in all_markdown(at.chat_message[1])  # the final answer, rendered from history


def test_feedback_page_lists_ratings_and_links_saved_conversations(settings_factory,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.index import build_index

    settings = settings_factory()
    build_index(settings)
    point_env_at(monkeypatch, settings)
    at = start()
    at.switch_page("pages/1_Feedback.py").run()
    assert any("No feedback yet" in i.value for i in at.info)

    at = start()
    ask(at, "My SSN is 123-45-6789. Can I deduct the loss in my traditional IRA?")
    at.feedback[0].set_value(0).run()
    cid = at.session_state["conversation_id"]
    at.switch_page("pages/1_Feedback.py").run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert len(table) == 1
    row = table.iloc[0]
    assert row["rating"] == "👎" and row["conversation"] == cid and "123-45-6789" not in row["question"]
    assert row["corpus version"] == "test.1"
    links = at.get("page_link")
    assert links and "traditional IRA" in links[0].proto.label and links[0].proto.query_string == f"c={cid}"


def test_article_conflict_is_flagged(settings_factory, monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.index import build_index

    settings = settings_factory()
    build_index(settings)
    point_env_at(monkeypatch, settings)
    at = start()
    ask(at, "An article says I can deduct my IRA losses against long-term capital gains. Is that true?")
    answer = at.session_state["messages"][1]["answer"]
    assert answer["article_conflict"], "the rules know this claim of the article is wrong"
    flags = [w.value for w in at.chat_message[1].warning]
    assert len(flags) == 1 and flags[0].startswith("The source article conflicts with the IRS here")


@pytest.mark.slow
def test_each_ask_gets_its_verdict_and_a_deciding_question_offers_buttons(ui_settings: Settings) -> None:
    at = ask(start(), "I'm 35 and cashing out my traditional IRA worth $10,000 in 2025; I'm not sure if I deducted "
                      "the contributions. Is it taxable, and is there a penalty?")
    reply = at.chat_message[1]
    shown = all_markdown(reply)
    assert "Is it taxable" in shown and "is there a penalty" in shown and "It depends" in shown
    labels = [b.label for b in at.button]
    assert "I deducted those contributions" in labels
    next(b for b in at.button if b.label == "I deducted those contributions").click().run()
    assert not at.exception, at.exception
    assert at.chat_message[2].markdown[0].value.startswith("I deducted those contributions")
    answer = all_markdown(at.chat_message[3])
    assert "$10,000 is taxable" in answer and "$1,000" in answer
