"""What carries from one turn to the next: the turns, the last intent and slots, the standalone question.

`Conversation.to_dict()` is JSON-safe (session files, Streamlit state). The question, its standalone form and the
answer's summary are stored masked by `app.pii.mask` (the one masker: what the intake masks is what a saved session
hides), so a saved session never holds an identifier even when a caller records unmasked text.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from app.pii import mask
from app.text import sentences


def _summary(text: str, limit: int = 240) -> str:
    """The answer's first sentence; with the next one when the first says little on its own ("No.")."""
    parts = sentences(text)
    s = parts[0] if parts else ""
    if len(s) < 12 and len(parts) > 1:
        s = f"{s} {parts[1]}"
    return s[:limit]


@dataclass
class Turn:
    question: str
    standalone_question: str = ""
    intent: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    tax_year: int | None = None
    answer_summary: str = ""
    verdict: str | None = None
    rule_id: str | None = None
    source: str | None = None


@dataclass
class Conversation:
    turns: list[Turn] = field(default_factory=list)
    last_intent: str | None = None
    last_slots: dict[str, Any] = field(default_factory=dict)

    def record(self, question: str, outcome_or_understanding: Any = None, answer: Any = None) -> Turn:
        """Add a turn. Accepts a RuleOutcome (uses its understanding and, if `answer` is None, its answer) or an
        Understanding, plus the Answer actually given (rule, retrieval or llm)."""
        u = getattr(outcome_or_understanding, "understanding", outcome_or_understanding)
        if answer is None:
            answer = getattr(outcome_or_understanding, "answer", None)
        intent = getattr(u, "intent", None)
        slots = dict(getattr(u, "slots", {}) or {})
        year = getattr(u, "tax_year", None)
        text = getattr(answer, "text", "") or ""
        standalone = getattr(u, "standalone_question", "") or getattr(answer, "standalone_question", "")
        turn = Turn(
            question=mask(question or "")[:4000],
            standalone_question=mask(standalone),
            intent=intent if intent != "out_of_scope" else None,
            slots=slots,
            tax_year=year,
            answer_summary=mask(_summary(text)) if text else "",
            verdict=getattr(answer, "verdict", None),
            rule_id=getattr(answer, "rule_id", None),
            source=getattr(answer, "source", None),
        )
        self.turns.append(turn)
        if turn.intent:  # an off-topic turn does not erase what a later "what about a Roth?" refers to
            self.last_intent = turn.intent
            self.last_slots = slots
        return turn

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Conversation:
        data = data or {}
        turns = [Turn(**{k: v for k, v in t.items() if k in Turn.__dataclass_fields__}) for t in data.get("turns", [])]
        return cls(turns=turns, last_intent=data.get("last_intent"), last_slots=dict(data.get("last_slots") or {}))
