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
    # the current follow-up chain, as the case reader needs it (app/understand): its messages, the last turn's asks
    chain: list[str] = field(default_factory=list)
    chain_asks: list[list[str]] = field(default_factory=list)
    chain_ask_texts: list[str] = field(default_factory=list)
    chain_year: int | None = None
    chain_choices: list[str] = field(default_factory=list)  # replies the last answer offered (a reply continues it)

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
        reading = getattr(outcome_or_understanding, "reading", None)
        if reading is not None:
            self.chain = [mask(m)[:4000] for m in reading.messages][-6:]
            self.chain_asks = [list(a.kinds) for a in reading.asks]
            self.chain_ask_texts = [mask(a.text)[:300] for a in reading.asks]
            self.chain_year = getattr(answer, "tax_year", None) or getattr(reading.case, "tax_year", None)
            self.chain_choices = list(getattr(answer, "choices", []) or [])
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
        return cls(turns=turns, last_intent=data.get("last_intent"), last_slots=dict(data.get("last_slots") or {}),
                   chain=[str(m) for m in data.get("chain") or []],
                   chain_asks=[[str(k) for k in kinds] for kinds in data.get("chain_asks") or []],
                   chain_ask_texts=[str(t) for t in data.get("chain_ask_texts") or []],
                   chain_year=data.get("chain_year"), chain_choices=[str(c) for c in data.get("chain_choices") or []])
