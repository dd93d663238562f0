"""What a rule concludes about a case: a Finding answers one or more asks, each with its own verdict and sentence.

A finding also carries the shared explanation, the worked numbers (a short table), the facts it rests on (for
citations and the years they hold for), what the user can do instead, and, when the answer turns on a fact the user
did not give, that fact as one question with the replies to offer.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from app.types import Verdict
from app.understand.asks import Ask


@dataclass
class Missing:
    """The one fact that decides the answer: both branches in a line each, then the question naming that fact."""

    question: str
    branches: list[str]
    choices: list[str]


@dataclass
class Finding:
    rule: str
    answers: dict[int, tuple[Verdict | None, str]]  # ask index -> (verdict in that ask's polarity, one sentence)
    detail: str = ""  # the explanation shared by those answers
    facts: tuple[str, ...] = ()  # fact ids (app/rules/facts): citations and years
    rows: list[tuple[str, str]] = field(default_factory=list)  # the worked table: (step, amount)
    instead: str = ""  # what the user can do instead
    missing: Missing | None = None
    conflict: str | None = None  # where the source article says otherwise
    weight: int = 50  # when several findings answer one ask, the heaviest speaks first
    year: int | None = None  # the tax year this finding is about, when an event fixes it (a conversion's year)
    # rules this one replaces: a 60-day rollover owns the distribution it redeposits, so the general distribution
    # rules' figures for the same money (taxable in full, the 10% on all of it) are not shown beside its own
    supersedes: tuple[str, ...] = ()  # rule ids; "ira-loss-*" names every year's version
    # a general remark a topic may already have made in its own words: its detail is dropped when the answer already
    # names this text (an unverified notice the capital topic already called unverified)
    unless_said: str = ""


def money(x: Decimal | float | str) -> str:
    d = Decimal(str(x))
    sign = "-" if d < 0 else ""
    d = abs(d)
    return f"{sign}${d:,.0f}" if d == d.to_integral_value() else f"{sign}${d:,.2f}"


def yes_no(ask: Ask, allowed: bool | None) -> Verdict:
    """The verdict in the ask's own polarity. `allowed`: the plain question's answer (it is deductible / taxable /
    still possible); None when it depends. "Is it tax-free?" and "Is it too late?" flip it; "Can I deduct the WHOLE
    $60,000?" is a no when only part is allowed (the rule passes allowed=False then)."""
    if allowed is None:
        return "depends"
    if ask.is_("deadline"):
        still = allowed
        return ("yes" if still else "no") if ask.inverted else ("no" if still else "yes")
    if ask.is_("taxable", "penalty") and ask.inverted:
        allowed = not allowed
    return "yes" if allowed else "no"


def asks_of(asks: list[Ask], *kinds: str) -> list[Ask]:
    return [a for a in asks if a.is_(*kinds)]
