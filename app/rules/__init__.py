"""The deterministic rules: dated tax facts with citations, intent + slot understanding, calculators, answers.

Public API (others code against it):
- `respond(question, conversation, *, tax_year=None, default_year=2025, model_reader=None) -> RuleOutcome`
- `find_contradictions(sentence, tax_year) -> list[str]` (fact ids, for the guard)
- `facts` (the one place for tax numbers, years and authorities)
Nothing heavy runs at import: the embedder loads on the first `respond` (or `warm()`).
"""
from __future__ import annotations

from app.rules import facts
from app.rules.contradictions import find_contradictions
from app.rules.core import respond
from app.rules.engine import RuleOutcome, Understanding
from app.rules.intents import THRESHOLD, warm

__all__ = ["THRESHOLD", "RuleOutcome", "Understanding", "facts", "find_contradictions", "respond", "warm"]
