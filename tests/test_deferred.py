"""Answering before the index exists (app/deferred.py): the real engine on the fixture corpus."""
from __future__ import annotations

from collections.abc import Callable

from app.answer import make_engine
from app.config import Settings
from app.conversation import Conversation
from app.deferred import Deferred, answer_deferred, answer_now, index_missing
from app.types import Answer

RULE_QUESTION = "Can I deduct a loss in my Roth IRA for 2024?"
PASSAGE_QUESTION = "What are the rules for stock basis in a gift? My SSN is 123-45-6789."


def test_rule_now_passage_later(settings_factory: Callable[..., Settings]) -> None:
    from ingest.index import build_index

    settings = settings_factory()
    engine = make_engine(settings)
    assert index_missing(settings)
    conversation = Conversation()
    answer, conversation = answer_now(engine, RULE_QUESTION, conversation)
    assert isinstance(answer, Answer) and answer.source == "rule" and len(conversation.turns) == 1
    deferred, after = answer_now(engine, PASSAGE_QUESTION, conversation, tax_year=2024)
    assert isinstance(deferred, Deferred) and after is conversation and len(conversation.turns) == 1
    assert deferred.tax_year == 2024 and "123-45-6789" not in deferred.question  # masked, like everything kept
    assert any("masked" in w.lower() or "identif" in w.lower() for w in deferred.warnings)
    assert Deferred.from_dict(deferred.to_dict()) == deferred  # saved with the chat, restored after a reload

    build_index(settings)
    assert not index_missing(settings)
    late = answer_deferred(engine, deferred, conversation)
    assert late.source == "retrieval" and late.tax_year == 2024 and late.citations
    assert late.warnings[: len(deferred.warnings)] == deferred.warnings and len(conversation.turns) == 2
    # With the index there, answer_now is simply the engine's answer.
    again, conversation = answer_now(engine, PASSAGE_QUESTION, conversation)
    assert isinstance(again, Answer) and again.source == "retrieval" and len(conversation.turns) == 3


def test_other_index_problems_are_answers_not_waits(settings_factory: Callable[..., Settings]) -> None:
    from ingest.index import build_index

    settings = settings_factory()
    build_index(settings)
    # An index built by another embedder: building would not help; the answer says to re-ingest, as before.
    from app.store import open_store

    store = open_store(settings)
    collection = store.active_collection()
    collection.modify(metadata={**collection.metadata, "embedder": "some-other-model"})
    assert not index_missing(settings)
    answer, _ = answer_now(make_engine(settings), PASSAGE_QUESTION, Conversation())
    assert isinstance(answer, Answer) and "re-ingest" in answer.text.lower()
