"""The single-intent answer: one intent (concept gates + MiniLM similarity), its slots, one canned answer.

`app/rules/core.py` answers each ask from the case first; this answer fills what no topic rule answers and keeps the
intent and slots that short follow-ups ("what about a Roth?", "and in 2016?") lean on.

Order of the tax year: a year the question names > a year named earlier in the same follow-up chain > the caller's
explicit `tax_year` (UI year picker, --year) > `default_year` (then `year_assumed` is True and the answer says so).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.rules import answers as A
from app.rules import facts as F
from app.rules.intents import THRESHOLD, IntentMatch, classify
from app.rules.slots import Slots, extract
from app.text import fold_typography
from app.types import Answer
from app.understand.accounts import ACCOUNT_LABELS, RETIREMENT_KINDS

MAX_QUESTION_CHARS = 4000

_FOLLOWUP_RE = re.compile(
    r"^\s*(?:(?:and|but|ok(?:ay)?|so|also|hmm|then)[,\s]+)?(?:what|how)\s+about\b|^\s*(?:and|but)\s+(?:if|what|for|in|"
    r"with|now)\b|^\s*(?:and\s+|but\s+)?what\s+if\b|^\s*(?:and\s+|but\s+)?if\s+(?:it|i|we|my|the|that|she|he)\b|"
    r"\binstead\b|^\s*same\s+(?:question|thing|for)|^\s*(?:and\s+)?(?:in|for)\s+(?:19|20)\d\d\b|^\s*(?:and\s+)?"
    r"(?:for\s+)?(?:a|my|the)\s+(?:roth|ira|401|403|traditional|sep|simple)\w*\s*(?:\(\w\))?\s*\??\s*$",
    re.IGNORECASE)


class ConversationLike(Protocol):
    last_intent: str | None
    last_slots: dict[str, Any]


@dataclass
class Understanding:
    intent: str | None
    confidence: float
    slots: dict[str, Any]
    standalone_question: str
    tax_year: int
    year_assumed: bool
    followup: bool = False
    out_of_scope: str | None = None  # state | foreign | advice | future | prepare | offtopic

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class RuleOutcome:
    understanding: Understanding
    answer: Answer | None = None
    clarifying_question: str | None = None
    notes: list[str] = field(default_factory=list)
    reading: Any = None  # app.understand.Reading: the case and the asks (set by app/rules/core.py)
    findings: list[Any] = field(default_factory=list)  # app.rules.finding.Finding, what each topic rule concluded


def _label(account: str | None, default: str = "retirement account") -> str:
    return ACCOUNT_LABELS.get(account or "", default)


def standalone(intent: str | None, s: Slots, year: int, question: str, oos: str | None = None) -> str:
    """A self-contained question for retrieval (no personal amounts, names or identifiers)."""
    acct = _label(s.account if s.account in RETIREMENT_KINDS else None)
    fs = {"mfs": ", married filing separately", "mfj": ", married filing jointly", "hoh": ", head of household",
          "single": ", filing single"}.get(s.filing_status or "", "")
    templates = {
        "retirement_loss": f"Can I deduct a loss in my {acct} for tax year {year}{fs}?",
        "loss_offset_gains": f"Can a loss in my {acct} offset capital gains for tax year {year}?",
        "loss_against_nol": f"Can a loss in my {acct} be deducted against a net operating loss for tax year {year}?",
        "report_retirement_loss": f"Where do I report a loss in my {acct} (Schedule D, Form 8949) for tax year {year}?",
        "roth_conversion_loss": f"Is a loss in value after a Roth conversion made in {year} deductible?",
        "recharacterization": (f"Can I recharacterize an IRA contribution for tax year {year}?"
                               if s.recharacterize == "contribution"
                               else f"Can I recharacterize a Roth conversion made in {year}?"),
        "wash_sale_ira": (
            "Does the wash sale rule apply to a sale at a loss inside my IRA?"
            if s.sale_account in RETIREMENT_KINDS and not s.purchase_account
            else f"Is it a wash sale if I sell stock at a loss and buy it back within 30 days in my "
                 f"{_label(s.purchase_account or s.account, 'IRA')}, for tax year {year}?"),
        "capital_loss_limit": f"How much net capital loss can I deduct and carry over for tax year {year}{fs}?",
        "worthless_security": (f"Can I deduct a worthless security held in my {acct} for tax year {year}?"
                               if s.account in RETIREMENT_KINDS
                               else f"How do I deduct a worthless security for tax year {year}?"),
        "nol_basics": f"How do net operating loss carryforwards and carrybacks work for tax year {year}?",
        "misc_itemized": f"Are miscellaneous itemized deductions subject to the 2% floor allowed for tax year {year}?",
        "unrealized_loss": f"Can I deduct a drop in value of stocks or funds I have not sold, for tax year {year}?",
        "personal_use_loss": f"Can I deduct a loss from selling personal-use property (a car or home) for tax year "
                             f"{year}?",
    }
    q = templates.get(intent or "")
    if q is None:
        q = re.sub(r"\s+", " ", question).strip()[:300]
    return q


def _is_followup(question: str, match: IntentMatch, conversation: ConversationLike | None) -> bool:
    if conversation is None or not getattr(conversation, "last_intent", None):
        return False
    if len(question.split()) > 25:
        return False
    # "off topic" only means no tax word was seen; a short follow-up ("what about my wife?") often has none
    intent = None if match.out_of_scope == "offtopic" else match.intent
    if _FOLLOWUP_RE.search(question):
        return intent in (None, "out_of_scope", conversation.last_intent) or len(question.split()) <= 12
    return intent is None and len(question.split()) <= 8 and not extract(question).is_empty()


def _apply_change(last_intent: str, last: Slots, change: Slots) -> Slots:
    """Merge a follow-up's slots into the last turn's; in a wash-sale chain a bare account names the purchase."""
    if change.tax_year is not None:  # "what about 2016?" replaces the story's years, not just the tax year
        last = Slots.from_dict({**last.to_dict(), "conversion_year": change.conversion_year,
                                "origin_year": change.origin_year, "relative_year": None})
    if last_intent == "wash_sale_ira" and change.account and not change.purchase_account and change.account != "taxable":
        change = Slots.from_dict({**change.to_dict(), "purchase_account": change.account, "account": None})
    return last.merged(change)


def _answer(intent: str, s: Slots, year: int, assumed: bool, question: str) -> Answer:
    if intent == "wash_sale_ira":
        return A.wash_sale_ira(s, year, assumed, question)
    if intent in ("capital_loss_limit", "worthless_security", "nol_basics"):
        return getattr(A, intent)(s, year, assumed, question)
    return getattr(A, intent)(s, year, assumed)


_COMPUTE_RE = re.compile(r"how\s+much|calculat|compute|figure|what\s+(?:would|is)\s+my\s+deduction", re.IGNORECASE)


def _clarify(intent: str, s: Slots, year: int, question: str) -> str | None:
    """One question when the user asked for a number the rules could compute but a needed amount is missing."""
    if intent == "retirement_loss" and year <= F.LAST_YEAR_MISC_DEDUCTION and _COMPUTE_RE.search(question):
        needed = {"basis": "your basis (nondeductible contributions, or Roth contributions plus conversions less "
                           "earlier withdrawals)", "distributions": "the total you received when the accounts were "
                  "closed", "agi": f"your {year} AGI"}
        have = set(s.amounts) | ({"basis"} if "contributions" in s.amounts else set())
        missing = [text for key, text in needed.items() if key not in have]
        if missing:
            return "To compute the deduction I need " + "; ".join(missing) + "."
    return None


def _resolve_year(intent: str | None, new: Slots, slots: Slots, followup: bool, tax_year: int | None,
                  default_year: int) -> tuple[int, bool]:
    """The year to answer for, and whether it was assumed.

    The year of the EVENT governs: a recharacterization depends on the year the conversion was made, whatever later
    year the story mentions. Deadlines ("until October 15, 2018") and the years something arose ("a carryover from
    2019") are never the year asked about (slots.year_mentions sorts them out)."""
    if intent in ("recharacterization", "roth_conversion_loss") and slots.recharacterize != "contribution" \
            and slots.conversion_year is not None:
        return slots.conversion_year, False
    if new.tax_year is not None:
        return new.tax_year, False
    if new.relative_year is not None:
        # "last year" is relative to the year picked (else the current default, which is then an assumption)
        return (tax_year if tax_year is not None else default_year) + new.relative_year, tax_year is None
    if followup and slots.tax_year is not None:
        return slots.tax_year, False
    if tax_year is not None:
        return int(tax_year), False
    return default_year, True


def respond_by_intent(question: str, conversation: ConversationLike | None = None, *, tax_year: int | None = None,
                      default_year: int = 2025) -> RuleOutcome:
    """Answer from the rules when confident, else stay silent (answer None) for retrieval to answer."""
    # Phone keyboards type "haven’t" and “quotes”: the patterns are written with ASCII ones.
    text = fold_typography((question or "").strip()[:MAX_QUESTION_CHARS])
    new = extract(text) if text else Slots()
    if not text or not re.search(r"[a-z]", text, re.IGNORECASE):
        u = Understanding(None, 0.0, new.to_dict(), "", tax_year or default_year, tax_year is None)
        return RuleOutcome(u)
    match = classify(text, purchase_in_retirement=new.purchase_account in RETIREMENT_KINDS)
    followup = _is_followup(text, match, conversation)
    slots, intent, confidence = new, match.intent, match.confidence
    if followup and conversation is not None:
        last = Slots.from_dict(conversation.last_slots)
        intent = match.intent if match.intent not in (None, "out_of_scope") else conversation.last_intent
        slots = _apply_change(conversation.last_intent or "", last, new)
        confidence = max(confidence, 0.8)
    year, assumed = _resolve_year(intent, new, slots, followup, tax_year, default_year)
    oos = None if followup and match.out_of_scope == "offtopic" else match.out_of_scope
    inner_intent = intent if intent != "out_of_scope" else next(iter(match.gated), None)
    u = Understanding(intent, round(confidence, 3), slots.to_dict(), standalone(inner_intent, slots, year, text, oos),
                      year, assumed, followup, oos)
    if intent is None or confidence < THRESHOLD:
        return RuleOutcome(u)
    if not F.MIN_TAX_YEAR <= year <= F.MAX_TAX_YEAR:
        return RuleOutcome(u, notes=[f"tax year {year} is outside the years the rules cover"])
    inner = _answer(inner_intent, slots, year, assumed, text) if inner_intent else None
    if oos:
        ans = A.out_of_scope(oos, year, assumed, inner)
    else:
        assert inner is not None
        ans = inner
    ans.standalone_question = u.standalone_question
    return RuleOutcome(u, ans, _clarify(inner_intent or "", slots, year, text))
