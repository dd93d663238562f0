"""Retrieval from the asks: one focused query per question, fused; open asks of a rule answer get their passages."""
from __future__ import annotations

import pytest

from app.ask_queries import fused_search, queries, query_for
from app.conversation import Conversation
from app.types import Passage
from app.understand import understand


def _passage(cid: str) -> Passage:
    return Passage(cid, f"text {cid}", "p550-2025", "Publication 550", "irs_publication", 1, "", 1, 1, 2025, "")


def test_a_leaning_question_is_read_with_the_storys_subject_and_no_amounts() -> None:
    q = query_for("will that mess up my write-off?", "I sold VTI for a $4,000 loss and bought it back in my Roth IRA",
                  ["roth_ira"], 2025)
    assert "wash sale" in q and "Roth IRA" in q and "4,000" not in q and "tax year 2025" in q


def test_each_ask_is_its_own_query() -> None:
    reading = understand("I sold shares at a loss in 2024. Can I deduct it, and what happens to the losses when "
                         "someone dies?")
    assert len(queries(reading, 2024, "fallback")) == 2
    assert queries(None, 2024, "fallback") == ["fallback"]


def test_fusion_keeps_the_second_asks_best_passage() -> None:
    rankings = {"first": ["a", "b", "c", "d"], "second": ["x", "a", "y"]}

    def search(text: str, year: int) -> list[Passage]:
        return [_passage(c) for c in rankings[text]]

    fused = [p.chunk_id for p in fused_search(search, ["first", "second"], 2025, 3)]
    assert fused[0] == "a" and "x" in fused  # in both lists first; the second ask's top passage is kept
    assert [p.chunk_id for p in fused_search(search, ["first"], 2025, 2)] == ["a", "b"]


@pytest.mark.slow
def test_an_ask_the_rules_leave_open_gets_its_passages(real_index) -> None:
    from app.answer import make_engine

    engine = make_engine(real_index)
    answer = engine.ask("My IRA lost $10,000 in 2024. Can I deduct it, and what is the 60-day rule for rollovers?",
                        Conversation())
    assert answer.asks[0].verdict == "no"
    assert "60th day" in answer.text or "60 days" in answer.text
    assert any(c.doc_id == "p590a-2025" for c in answer.citations)
