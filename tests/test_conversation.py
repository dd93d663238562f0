"""Conversation state: JSON round trip, what record() keeps, identifiers masked, off-topic turns keep the thread."""
from __future__ import annotations

import json

from app.conversation import Conversation
from app.pii import mask
from app.rules import respond
from app.types import Answer


def test_record_and_round_trip() -> None:
    conv = Conversation()
    o = respond("Can I deduct a loss in my Roth IRA for 2016?", conv)
    conv.record("Can I deduct a loss in my Roth IRA for 2016?", o, o.answer)
    assert conv.last_intent == "retirement_loss" and conv.last_slots["account"] == "roth_ira"
    assert conv.turns[0].tax_year == 2016
    data = json.loads(json.dumps(conv.to_dict()))
    again = Conversation.from_dict(data)
    assert again.to_dict() == conv.to_dict()
    t = again.turns[0]
    assert t.verdict == "depends" and t.rule_id == "roth-loss-through-2017" and t.source == "rule"
    assert t.answer_summary.startswith("It depends.") and len(t.answer_summary) > len("It depends.")


def test_retrieval_turn_without_intent_keeps_last_rule_thread() -> None:
    conv = Conversation()
    o = respond("Is my 401(k) loss deductible for 2026?", conv)
    conv.record("Is my 401(k) loss deductible for 2026?", o, o.answer)
    silent = respond("How do I report dividends?", conv)
    assert silent.answer is None
    conv.record("How do I report dividends?", silent,
                Answer(text="Report dividends on Schedule B.", verdict="unknown", source="retrieval", tax_year=2026))
    assert conv.last_intent == "retirement_loss" and conv.turns[-1].source == "retrieval"
    follow = respond("what about a Roth?", conv)
    assert follow.answer is not None and follow.answer.rule_id == "roth-loss-2026-on"


def test_identifiers_are_masked_in_stored_turns() -> None:
    conv = Conversation()
    q = "my ssn is 123-45-6789, email a@b.com, account 123456789012; IRA lost money, deductible?"
    o = respond(q, conv)
    conv.record(q, o, o.answer)
    blob = json.dumps(conv.to_dict())
    assert "123-45-6789" not in blob and "a@b.com" not in blob and "123456789012" not in blob
    assert conv.turns[0].question == mask(q)


def test_from_dict_tolerates_missing_and_unknown_keys() -> None:
    c = Conversation.from_dict({"turns": [{"question": "hi", "extra": 1}], "last_slots": None})
    assert c.turns[0].question == "hi" and c.last_slots == {} and c.last_intent is None
    assert Conversation.from_dict(None).turns == []


def test_record_accepts_understanding_alone() -> None:
    conv = Conversation()
    o = respond("How much capital loss can I deduct?", conv)
    conv.record("How much capital loss can I deduct?", o.understanding, None)
    assert conv.last_intent == "capital_loss_limit" and conv.turns[0].answer_summary == ""
