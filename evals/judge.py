"""Optional model judge (RAGAS-style): faithfulness (is every statement in the answer supported by the cited passages?)
and relevancy (does the answer address the question?), each 0..1, as extra report columns.

Only with `writeoff eval --judge` and a configured model backend. It never decides pass/fail or the gate: a small
local model's grades are noise, and the deterministic checks are the contract. A grade the model does not give in
the asked form is recorded as None, not guessed.
"""
from __future__ import annotations

import re
from typing import Any

from app.types import Answer

FAITHFULNESS = (
    "You grade an answer against its sources. Sources:\n{sources}\n\nAnswer:\n{answer}\n\n"
    "What share of the answer's factual statements is supported by the sources? Reply with one number from 0 to 10 "
    "and nothing else."
)
RELEVANCY = (
    "Question:\n{question}\n\nAnswer:\n{answer}\n\nHow directly and completely does the answer address the question? "
    "Reply with one number from 0 to 10 and nothing else."
)
_NUMBER = re.compile(r"\b(10|[0-9])(?:\.\d+)?\b")


def parse_grade(reply: str) -> float | None:
    """The first number 0-10 in the reply, scaled to 0..1; None when there is none."""
    m = _NUMBER.search(reply or "")
    return float(m.group(0)) / 10.0 if m and float(m.group(0)) <= 10 else None


class Judge:
    def __init__(self, backend: Any, *, max_source_chars: int = 3000) -> None:
        self.backend = backend  # an app.llm.ModelClient
        self.max_source_chars = max_source_chars

    def _grade(self, prompt: str) -> float | None:
        try:
            reply = self.backend.chat([{"role": "user", "content": prompt}], max_tokens=8)
        except Exception:  # noqa: BLE001 - a judge failure leaves the column empty; the run goes on
            return None
        return parse_grade(reply)

    def score(self, question: str, answer: Answer) -> dict[str, float | None]:
        sources = "\n---\n".join(c.quote for c in answer.citations if c.quote)[: self.max_source_chars]
        faithful = self._grade(FAITHFULNESS.format(sources=sources, answer=answer.text)) if sources else None
        relevant = self._grade(RELEVANCY.format(question=question[:2000], answer=answer.text))
        return {"faithfulness": faithful, "relevancy": relevant}


def make_judge(settings: Any) -> Judge:
    """A judge over the configured backend; ConfigError when none is configured."""
    from app.errors import ConfigError
    from app.llm import make_client

    if (settings.llm_backend or "none") == "none":
        raise ConfigError("--judge needs a model backend (set WRITEOFF_LLM_BACKEND and its URL/model or GGUF path)")
    return Judge(make_client(settings))
