"""What Writeoff is not: a preparer (it cannot fill in, sign or e-file a return), an investment adviser (it cannot say
whether to buy, sell or hold) or a forecaster (it cannot say whether lawmakers will change a limit). Each such ask
gets a plain "out of scope" in its own polarity, then the federal tax rule that does bear on it, so the person still
learns what the law says (Pub 17 (2025) p. 10: IRS Free File; the capital loss and wash sale rules of Pub 550 for a
sell-or-hold question; the capital loss limit and carryover as enacted for a will-the-law-change question).
"""
from __future__ import annotations

import re

from app.rules import facts as F
from app.rules.finding import Finding, money
from app.rules.topics.common import is_wash_story
from app.understand.asks import Ask
from app.understand.case import Case

_LOGIN = re.compile(r"\blog[\s-]*in\b|\bpassword\b|\bcredentials?\b|\baccount\s+number\b", re.IGNORECASE)


def capability(case: Case, asks: list[Ask]) -> list[Finding]:
    targets = [a for a in asks if a.is_("capability")]
    if not targets:
        return []
    text = ("I can't prepare, fill in, sign or e-file your return or its forms, and I don't file anything for you. Use "
            "tax software (IRS Free File if your income qualifies), a VITA site, or a paid preparer such as a CPA or "
            "enrolled agent. What I can do is explain the federal rules and work through your own figures, as below.")
    if _LOGIN.search(case.text(asks=True)):
        text += " Please don't share logins, passwords or ID numbers here: they are never needed."
    return [Finding("out-of-scope-prepare", {a.index: ("out_of_scope", text) for a in targets}, "", ("not-a-preparer",),
                    weight=90)]


def advice(case: Case, asks: list[Ask]) -> list[Finding]:
    targets = [a for a in asks if a.is_("advice")]
    if not targets or (is_wash_story(case) and any(re.search(r"\bbuy", a.text, re.IGNORECASE) for a in targets)):
        return []  # "should I buy back what I sold at a loss?" asks what the wash sale rule does
    limit, limit_mfs = F.CAPITAL_LOSS_LIMIT, F.CAPITAL_LOSS_LIMIT_MFS
    text = ("I can't tell you whether to sell or hold: that is investment advice, which depends on your goals and risk; "
            "a licensed financial adviser can help with it. On the tax side: selling in a taxable account realizes a "
            f"capital loss that first offsets your capital gains and then up to {money(limit)} of other income "
            f"({money(limit_mfs)} if married filing separately) a year, with the rest carried forward; and if you buy "
            f"the same stock (or an option on it) within {F.WASH_SALE_WINDOW_DAYS} days before or after the sale, the "
            "wash sale rule disallows the loss. Holding it gives no deduction: a drop in value is not a loss until you "
            "sell.")
    return [Finding("out-of-scope-advice", {a.index: ("out_of_scope", text) for a in targets}, "",
                    ("capital-loss-limit", "wash-sale", "unrealized-loss"), weight=90)]


_CARRIED = re.compile(r"carry\s*(?:over|forward)|carried", re.IGNORECASE)


def forecast(case: Case, asks: list[Ask]) -> list[Finding]:
    """"Will Congress raise the $3,000 limit?" asks for a guess at law not yet made: none is given, and the law as
    enacted is stated instead, with the user's own carryover when told (IRC 1211(b), 1212(b); Pub 550 (2025) p. 101)."""
    targets = [a for a in asks if a.is_("forecast")]
    if not targets:
        return []
    limit, limit_mfs = F.CAPITAL_LOSS_LIMIT, F.CAPITAL_LOSS_LIMIT_MFS
    # "I'm sitting on a $60,000 carryover and wondering ..." tells it inside a question: still a fact
    carried = next((a.value for a in case.amounts if a.value > 0 and _CARRIED.search(a.role or "")), None)
    yours = f" Your {money(carried)} carryover" if carried else " A carryover"
    text = ("I can't predict future legislation or the odds that a bill passes; I can only state the law as enacted. "
            f"Under current law a net capital loss first offsets capital gains without limit, then up to {money(limit)} "
            f"of other income a year ({money(limit_mfs)} if married filing separately)." + yours +
            " carries forward with no time limit, keeping its short- or long-term character, until it is used.")
    return [Finding("out-of-scope-forecast", {a.index: ("out_of_scope", text) for a in targets}, "",
                    ("capital-loss-limit", "capital-loss-carryover"), weight=90)]


RULES = [capability, forecast, advice]
