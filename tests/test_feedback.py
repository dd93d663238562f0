"""The SQLite feedback + conversation store: round trips, masking, updates, and a broken disk in plain words."""
from __future__ import annotations

import json
import sqlite3

import pytest

from app.feedback import FeedbackUnavailable, chunk_ids_of, new_conversation_id, open_feedback_store
from app.types import Answer, Citation
from app.ui.export import conversation_json, conversation_markdown

SSN = "123-45-6789"


def _answer() -> Answer:
    return Answer(
        text="No. Buying the replacement in your IRA disallows the loss and it is not added to basis.",
        verdict="no",
        source="rule",
        tax_year=2025,
        rule_id="wash-sale-ira",
        citations=[
            Citation(doc_id="p550-2025", title="Publication 550", section="Wash Sales", page=86,
                     url="https://www.irs.gov/pub/irs-pdf/p550.pdf#page=86", quote="If you sell stock ... IRA",
                     chunk_id="p550-2025:0420"),
            Citation(doc_id="IRC 1091", title="Internal Revenue Code section 1091"),
        ],
        article_conflict="The article says IRA losses offset long-term gains; no rule allows that.",
        year_assumed=True,
    )


def test_answer_dict_round_trip_keeps_citations_and_flags() -> None:
    original = _answer()
    back = Answer.from_dict(json.loads(json.dumps(original.to_dict())))
    assert back == original
    assert chunk_ids_of(back) == ["p550-2025:0420"]


def test_feedback_is_saved_masked_with_provenance_and_can_change(tmp_path) -> None:
    store = open_feedback_store(tmp_path / "sub" / "feedback.sqlite3")
    cid = new_conversation_id()
    store.save_feedback(conversation_id=cid, turn=1, rating=1, question=f"My SSN is {SSN}; wash sale in IRA?",
                        answer=_answer(), corpus_version="2025.1")
    [rec] = store.list_feedback()
    assert rec.rating == 1
    assert SSN not in rec.question and "wash sale in IRA?" in rec.question
    assert rec.rule_id == "wash-sale-ira" and rec.chunk_ids == ["p550-2025:0420"]
    assert rec.corpus_version == "2025.1" and rec.tax_year == 2025 and rec.source == "rule"
    # The same turn rated again replaces the rating instead of adding a row.
    store.save_feedback(conversation_id=cid, turn=1, rating=0, question="q", answer=_answer(), corpus_version="x")
    [rec] = store.list_feedback()
    assert rec.rating == 0
    store.delete_feedback(cid, 1)
    assert store.list_feedback() == []
    # Nothing unmasked reached the file itself.
    assert SSN.encode() not in (tmp_path / "sub" / "feedback.sqlite3").read_bytes()


def test_conversation_snapshot_round_trips_masked(tmp_path) -> None:
    store = open_feedback_store(tmp_path / "feedback.sqlite3")
    cid = new_conversation_id()
    snap = {
        "id": cid,
        "messages": [
            {"role": "user", "content": f"ssn {SSN}: can I deduct my Roth IRA loss?"},
            {"role": "assistant", "question": "q", "answer": _answer().to_dict(), "rating": None},
        ],
        "conversation": {"turns": [{"question": f"ssn {SSN}: can I deduct my Roth IRA loss?"}]},
        "tax_year_choice": 2016,
    }
    store.save_conversation(cid, snap)
    got = store.load_conversation(cid)
    assert got is not None
    assert SSN not in json.dumps(got)
    assert got["tax_year_choice"] == 2016
    restored = Answer.from_dict(got["messages"][1]["answer"])
    assert restored.citations[0].page == 86 and restored.citations[0].chunk_id == "p550-2025:0420"
    [listed] = store.list_conversations()
    assert listed["id"] == cid and "Roth IRA loss" in listed["title"] and SSN not in listed["title"]
    # Saving again updates in place.
    snap["messages"].append({"role": "user", "content": "and for 2016?"})
    store.save_conversation(cid, snap)
    assert len(store.load_conversation(cid)["messages"]) == 3
    assert store.load_conversation("0" * 16) is None


def test_damaged_row_reads_as_missing(tmp_path) -> None:
    path = tmp_path / "feedback.sqlite3"
    store = open_feedback_store(path)
    store.save_conversation("abcdef0123456789", {"messages": []})
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE conversations SET data='{not json'")
    assert store.load_conversation("abcdef0123456789") is None


def test_unwritable_location_is_a_plain_words_error(tmp_path) -> None:
    # A directory where the database file should be: SQLite cannot open it (works even when running as root).
    blocked = tmp_path / "feedback.sqlite3"
    blocked.mkdir()
    store = open_feedback_store(blocked)
    with pytest.raises(FeedbackUnavailable) as info:
        store.save_feedback(conversation_id="c", turn=0, rating=1, question="q", answer=_answer(),
                            corpus_version=None)
    message = str(info.value)
    assert "unavailable" in message and "writable" in message and "Traceback" not in message
    with pytest.raises(FeedbackUnavailable):
        store.list_feedback()
    # A parent that is a file: mkdir fails with an OSError, reported the same way.
    (tmp_path / "afile").write_text("x")
    with pytest.raises(FeedbackUnavailable):
        open_feedback_store(tmp_path / "afile" / "db.sqlite3").save_conversation("c", {"messages": []})


def test_exports_carry_citations_and_provenance() -> None:
    snap = {
        "id": "abcdef0123456789",
        "messages": [
            {"role": "user", "content": "Wash sale into my IRA?"},
            {"role": "assistant", "answer": _answer().to_dict(), "rating": 1},
            {"role": "user", "content": "And in 2016?"},
            {"role": "assistant", "error": "The index is missing."},
        ],
    }
    corpus = {"corpus_version": "2025.1", "collection": "writeoff-abc", "embedder": "all-MiniLM-L6-v2@x"}
    md = conversation_markdown(snap, corpus)
    assert "Wash sale into my IRA?" in md and "Publication 550, Wash Sales, p. 86" in md
    assert "p550-2025:0420" in md and "wash-sale-ira" in md and "2025.1" in md
    assert "Tax year:** 2025 (assumed)" in md and "Article conflict" in md and "The index is missing." in md
    doc = json.loads(conversation_json(snap, corpus))
    turn = doc["turns"][1]
    assert turn["provenance"] == {
        "source": "rule", "rule_id": "wash-sale-ira", "chunk_ids": ["p550-2025:0420"],
        "corpus_version": "2025.1", "collection": "writeoff-abc", "embedder": "all-MiniLM-L6-v2@x",
    }
    assert turn["answer"]["citations"][0]["url"].endswith("#page=86")
    assert doc["turns"][3] == {"role": "assistant", "error": "The index is missing."}
