"""One answer for the message: each ask in the user's order with its own verdict, then the explanation, the worked
numbers, what to do instead, and the one question that would decide what is still open.

The overall verdict is the first ask's (the eval and the badge read it); each ask keeps its own in `Answer.asks`.
An ask no finding answers is said to be open, never silently dropped.
"""
from __future__ import annotations

import re

from app.pii import scan
from app.rules import facts as F
from app.rules.finding import Finding, money
from app.types import Answer, AskAnswer, Citation, Verdict
from app.understand.asks import Ask
from app.understand.case import Case
from app.understand.language import what_was_read

OPEN_ASK = "The rules do not cover this part of your question; see the IRS passages, or ask it on its own."
_OPENERS = {"yes": "Yes.", "no": "No.", "depends": "It depends.", "out_of_scope": "Out of scope:"}
_WH = re.compile(r"^\W*(?:(?:and|so|but|also|then|ok(?:ay)?)\W+)*(?:what|how|which|where|when|why)\b(?!\s+if\b)",
                 re.IGNORECASE)


def _opener(question: str, verdict: str | None) -> str:
    """"Yes." opens the answer to a yes/no question; "What does it cost? Yes." is no answer (the badge keeps it)."""
    if verdict == "yes" and _WH.search(question):
        return ""
    return _OPENERS.get(verdict or "", "")


def _opened(opener: str, body: str) -> str:
    """The opener before the body, unless the body already opens with it ("No: an inherited IRA's basis ...")."""
    word = opener.rstrip(".:")
    if word and re.match(rf"{word}\b[.:,]", body):
        return body
    return f"{opener} {body}".strip()


def _without_superseded(findings: list[Finding]) -> list[Finding]:
    """Drop the findings another finding supersedes (its rule owns the same money); the rest keep their order."""
    replaced = {rule for f in findings for rule in f.supersedes}
    exact = {r for r in replaced if not r.endswith("*")}
    prefixes = tuple(r[:-1] for r in replaced if r.endswith("*"))  # "ira-loss-*": every year's version
    return [f for f in findings if f.rule not in exact and not (prefixes and f.rule.startswith(prefixes))]


def _cites(fact_ids: list[str]) -> list[Citation]:
    seen: set[str] = set()
    out: list[Citation] = []
    for fid in fact_ids:
        if fid not in F.FACTS:  # tests/test_topics.py checks every id a rule cites exists
            continue
        for c in F.FACTS[fid].citations():
            key = f"{c.doc_id}|{c.page}|{c.section}"
            if key not in seen:
                seen.add(key)
                out.append(c)
    return out


def _claimed_figures_not_found(ask: Ask, case: Case | None, mine: list[Finding]) -> list:
    """A bare check of someone's claim ("..., right?") whose dollar figures the rules' own numbers do not contain."""
    if case is None or not ask.is_("confirm") or not ask.is_("penalty", "taxable"):
        return []
    worked = " ".join([f.answers[ask.index][1] for f in mine] + [v for f in mine for _, v in f.rows])
    claimed = [a.value for a in case.amounts if a.claim and a.turn == case.latest_turn and a.value >= 100]
    return [v for v in dict.fromkeys(claimed) if money(v) not in worked]


def _table(rows: list[tuple[str, str]]) -> str:
    return "\n".join(f"- {step}: {amount}" for step, amount in rows)


def compose(asks: list[Ask], findings: list[Finding], *, year: int, assumed: bool,
            fallback: Answer | None = None, language: str | None = None, case: Case | None = None) -> Answer | None:
    """The answer, or None when no finding answers any ask (the caller then uses the single-intent answer or the IRS
    passages)."""
    findings = _without_superseded(findings)
    if not any(f.answers for f in findings):
        return None
    ordered = sorted(findings, key=lambda f: -f.weight)
    per_ask: list[AskAnswer] = []
    used: list[Finding] = []
    fallback_used = False
    for ask in asks:
        mine = [f for f in ordered if ask.index in f.answers]
        verdict: Verdict | None = next((f.answers[ask.index][0] for f in mine if f.answers[ask.index][0]), None)
        lines = [f.answers[ask.index][1] for f in mine if f.answers[ask.index][1]]
        if not mine and fallback is not None and not fallback_used and _fits_fallback(ask):
            verdict, lines, fallback_used = (fallback.verdict if fallback.verdict in _OPENERS else None,
                                             [_strip_opener(fallback.text)], True)
        if not mine and not lines:
            lines = [OPEN_ASK]
        wrong = _claimed_figures_not_found(ask, case, mine) if verdict in ("yes", None) and mine else []
        if wrong:  # "HR said it's just the 10%, so $800. Right?" when the rules work out $2,000
            verdict = "no"
            lines.append(f"({' and '.join(money(v) for v in wrong)} {'is' if len(wrong) == 1 else 'are'} not right.)")
        used.extend(f for f in mine if f not in used)
        per_ask.append(AskAnswer(scan(ask.text).text, list(ask.kinds), verdict, " ".join(dict.fromkeys(lines)),
                                 [f.rule for f in mine]))
    year = next((f.year for f in used if f.year), year)
    extra = [f for f in ordered if f not in used and not f.answers]
    used.extend(extra)
    verdicts = [a.verdict for a in per_ask if a.verdict]
    overall: Verdict = verdicts[0] if verdicts else "unknown"
    parts: list[str] = []
    if len(per_ask) == 1:
        a = per_ask[0]
        parts.append(_opened(_opener(a.question, a.verdict), a.answer))
    else:
        if verdicts and all(v == verdicts[0] for v in verdicts) and len(verdicts) == len(per_ask) and \
                verdicts[0] != "out_of_scope":
            parts.append(_OPENERS.get(verdicts[0], ""))
        said: set[str] = set()
        for n, a in enumerate(per_ask, 1):
            opener = _opener(a.question, a.verdict)
            body = "(See above.)" if a.answer in said else a.answer
            said.add(a.answer)
            parts.append(f"{n}. {a.question.strip()} {_opened(opener, body)}".replace("  ", " ").strip())
    answered = " ".join(a.answer for a in per_ask)
    details: list[str] = []
    for f in used:
        said_here = answered + " ".join(details)
        if f.detail and f.detail not in said_here and not (f.unless_said and f.unless_said in said_here):
            details.append(f.detail)
    parts.extend(details)
    rows = [r for f in used for r in f.rows]
    if rows:
        parts.append("Worked out on your numbers:\n" + _table(list(dict.fromkeys(rows))))
    instead = [i for i in dict.fromkeys(f.instead for f in used if f.instead) if i not in answered]
    if instead:
        parts.append("What you can do: " + " ".join(instead))
    missing = next((f.missing for f in used if f.missing), None)
    choices: list[str] = []
    if missing is not None:
        parts.append(" ".join(missing.branches) + " " + missing.question)
        choices = list(missing.choices)
    if assumed:
        parts.append(f"(I assumed tax year {year}; tell me if you mean another year.)")
    if language == "es" and case is not None:
        read = [(a.role, a.value, a.quals) for a in case.amounts if not a.ask]
        parts.insert(0, what_was_read(read, year, case.filing_status))
    text = "\n\n".join(p for p in parts if p)
    fact_ids = [fid for f in used for fid in f.facts]
    citations = _cites(list(dict.fromkeys(fact_ids)))
    if fallback is not None and fallback_used:
        known = {(c.doc_id, c.page, c.section) for c in citations}
        citations += [c for c in fallback.citations if (c.doc_id, c.page, c.section) not in known]
    conflict = next((f.conflict for f in used if f.conflict), None)
    if conflict is None and fallback is not None and fallback_used:
        conflict = fallback.article_conflict
    rule_id = used[0].rule if used else (fallback.rule_id if fallback else None)
    return Answer(text=text, verdict=overall, source="rule", tax_year=year, rule_id=rule_id, citations=citations,
                  article_conflict=conflict, year_assumed=assumed, asks=per_ask, choices=choices)


_LOSS_QUESTION = re.compile(r"deduct|write[\s-]*(?:\S+\s+){0,3}?off|loss|claim|offset|schedule|report", re.IGNORECASE)


def _fits_fallback(ask: Ask) -> bool:
    """The single-intent answer is about deducting a loss: it may answer only an ask about that, never another one
    ("is the penalty 10%?" must not get "the loss is not deductible")."""
    if ask.is_("penalty", "taxable", "deadline", "capability", "advice") and not ask.is_("deduct"):
        return False
    return ask.implicit or ask.is_("deduct") or bool(_LOSS_QUESTION.search(ask.text))


def _strip_opener(text: str) -> str:
    for opener in ("Yes. ", "No. ", "It depends. "):
        if text.startswith(opener):
            return text[len(opener):]
    return text
