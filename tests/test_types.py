"""app.types: Answer and Citation go to JSON-safe dicts and back in one place, generically from their fields."""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field

from app.types import Answer, Citation


def _full_answer() -> Answer:
    return Answer(
        text="No. For tax year 2022, a loss in your traditional IRA is not deductible.", verdict="no", source="rule",
        tax_year=2022, rule_id="ira-loss-2018-2025",
        citations=[Citation("p590b-2025", "Pub 590-B", "Chapter 1", 31, "https://example.invalid/p590b.pdf#page=33",
                            "You can't deduct a loss.", 1, "p590b-2025:abc"),
                   Citation("IRC 67", "Internal Revenue Code section 67(g)")],
        warnings=["a warning"], article_conflict="The article says otherwise.", year_assumed=True,
        standalone_question="Can I deduct a loss in my IRA for 2022?", timings={"rules": 0.01, "total": 0.02},
    )


def test_answer_round_trips_through_json_with_every_field() -> None:
    original = _full_answer()
    data = json.loads(json.dumps(original.to_dict()))
    assert data["answer"] == original.text and "text" not in data  # the wire name sessions and exports use
    assert Answer.from_dict(data) == original
    names = {f.name for f in dataclasses.fields(Answer)} - {"text"} | {"answer"}
    assert set(data) == names  # every field travels, none invented


def test_citation_round_trips_alone() -> None:
    for c in _full_answer().citations:
        assert Citation.from_dict(json.loads(json.dumps(c.to_dict()))) == c


def test_old_or_partial_dicts_still_load() -> None:
    a = Answer.from_dict({"text": "hi", "unknown_key": 1, "citations": [{"doc_id": "p1", "section": None,
                                                                         "authority": None, "page": 4}]})
    assert (a.text, a.verdict, a.source, a.tax_year, a.warnings) == ("hi", "unknown", "retrieval", None, [])
    assert a.citations == [Citation("p1", "", "", 4)]
    assert Answer.from_dict({}) == Answer(text="", verdict="unknown", source="retrieval", tax_year=None)


@dataclass
class _Ask:
    slot: str
    question: str = ""


@dataclass
class _AnswerWithAsks(Answer):
    asks: list[_Ask] = field(default_factory=list)
    confidence: float | None = None


def test_a_new_field_serialises_without_new_code() -> None:
    # A field added to Answer (plain, or a list of dataclasses) needs no change to to_dict / from_dict.
    original = _AnswerWithAsks(text="Which year?", verdict="unknown", source="rule", tax_year=None,
                               citations=[Citation("p550-2025", "Pub 550", page=56)],
                               asks=[_Ask("tax_year", "Which tax year?")], confidence=0.5)
    back = _AnswerWithAsks.from_dict(json.loads(json.dumps(original.to_dict())))
    assert back == original and isinstance(back.asks[0], _Ask)

