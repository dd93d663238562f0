"""`respond`: read the case and the asks, let every topic rule conclude on the case, answer each ask in order.

message + conversation -> understand (case, asks) -> topic rules fire (findings) -> reply (one answer per ask)
The single-intent answer (app/rules/engine.py) still runs: it fills an ask no topic rule answers, and its intent and
slots carry the short follow-ups it has always handled. A rule answer names its tax year; a year outside the years
the rules reason about gets no rule answer.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from app.rules import facts as F
from app.rules import intents, reply
from app.rules.engine import RuleOutcome, respond_by_intent
from app.rules.finding import Finding
from app.rules.topics import run
from app.understand import Previous, Reading, understand


def previous_of(conversation: Any) -> Previous:
    """What the conversation kept of its current follow-up chain."""
    if conversation is None:
        return Previous()
    return Previous(list(getattr(conversation, "chain", []) or []),
                    [list(k) for k in getattr(conversation, "chain_asks", []) or []],
                    list(getattr(conversation, "chain_ask_texts", []) or []),
                    getattr(conversation, "chain_year", None),
                    list(getattr(conversation, "chain_choices", []) or []))


_FEDERAL_ONLY = ("This is the federal answer; your state may treat it differently, so check your state's rules for "
                 "the state return.")


def _in_passing(outcome: RuleOutcome, reading: Reading, text: str) -> bool:
    """A state named in the story ("we're in Ohio, if that matters") while every question is federal and a topic rule
    answers them: the answer is federal, not out of scope."""
    if outcome.understanding.out_of_scope != "state" or not any(f.answers for f in outcome.findings):
        return False
    return not any(intents.has("oos_state", a.text) for a in reading.asks)


def _strip_scope(text: str) -> str:
    return re.sub(r"^\s*out\s+of\s+scope\s*[:.]\s*", "", text, flags=re.IGNORECASE)


def _out_of_scope_part(outcome: RuleOutcome, reading: Reading) -> Finding | None:
    """One question of several is out of scope (a foreign account, a state, future law) while topic rules answer the
    others: that ask alone gets the out-of-scope answer, the rest their own."""
    kind = outcome.understanding.out_of_scope
    if kind not in ("foreign", "state", "future") or outcome.answer is None:
        return None
    outside = [a for a in reading.asks if intents.has(f"oos_{kind}", a.text) or (
        0 <= a.sentence < len(reading.case.sentences) and intents.has(f"oos_{kind}", reading.case.sentences[a.sentence].text))]
    answered = {i for f in outcome.findings for i in f.answers}
    if not outside or not any(a.index in answered for a in reading.asks if a not in outside):
        return None
    return Finding(f"out-of-scope-{kind}", {a.index: ("out_of_scope", _strip_scope(outcome.answer.text))
                                            for a in outside}, weight=95)


def respond(question: str, conversation: Any = None, *, tax_year: int | None = None, default_year: int = 2025,
            model_reader: Callable[[str, Reading], Reading] | None = None) -> RuleOutcome:
    outcome = respond_by_intent(question, conversation, tax_year=tax_year, default_year=default_year)
    text = (question or "").strip()
    if not text:
        return outcome
    reading = understand(text, previous_of(conversation), tax_year=tax_year, default_year=default_year,
                         model_reader=model_reader)  # a configured model may add what the text reader missed
    outcome.reading = reading
    case = reading.case
    if not F.MIN_TAX_YEAR <= case.tax_year <= F.MAX_TAX_YEAR:
        return outcome
    outcome.findings = run(case, reading.asks)
    scope_note = ""
    if outcome.answer is not None and outcome.answer.verdict == "out_of_scope" and not any(
            f.rule.startswith("out-of-scope") for f in outcome.findings):
        part = _out_of_scope_part(outcome, reading)
        if part is not None:  # "... right? Also: can I put my RRSP loss on my 1040?": each ask answered as asked
            outcome.findings.append(part)
        elif not _in_passing(outcome, reading, text):
            return outcome  # state, foreign, advice, future law: said plainly before anything else
        else:
            scope_note = _FEDERAL_ONLY  # "we're in Ohio, if that matters": answered federally, and said so
        outcome.answer = None
    fallback = outcome.answer
    composed = reply.compose(reading.asks, outcome.findings, year=case.tax_year, assumed=case.year_assumed,
                             fallback=fallback, language=reading.language, case=case)
    if composed is None:
        return outcome
    if scope_note:
        composed.text += "\n\n" + scope_note
    composed.standalone_question = outcome.understanding.standalone_question or text
    outcome.answer = composed
    outcome.understanding.tax_year = composed.tax_year or case.tax_year
    outcome.understanding.year_assumed = case.year_assumed
    # a topic rule fires on facts the case states, not on a similarity score: the answer is as sure as its reading
    outcome.understanding.confidence = max(outcome.understanding.confidence, 0.9)
    missing = next((f.missing for f in outcome.findings if f.missing), None)
    outcome.clarifying_question = missing.question if missing else None
    return outcome
