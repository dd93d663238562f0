"""Scoring: one case's answer -> CaseResult, and a list of results -> summary numbers (overall and per category).

All metrics are deterministic. A case passes when the engine did not fail, the verdict matches (if one is expected),
every must_include item occurs, no must_not_include item occurs, and at least one expected authority is cited (if
any are listed). Gold pages feed recall@5 and MRR only; they do not decide pass/fail.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.types import Answer, Citation
from evals.matching import authority_keys, authority_matches, missing, normalize, normalize_authority, present
from evals.percentile import percentile
from evals.schema import Case

RECALL_K = 5


@dataclass
class CaseResult:
    id: str
    category: str
    question: str
    passed: bool
    answer: str = ""
    verdict: str = "unknown"
    expected_verdict: str | None = None
    source: str = ""
    tax_year: int | None = None
    citations: list[str] = field(default_factory=list)  # "doc_id:page" (or doc_id) in the answer's order
    verdict_ok: bool | None = None
    asks: list[dict[str, Any]] = field(default_factory=list)  # each question asked: {"question", "verdict"}
    expected_verdicts: list[str] = field(default_factory=list)
    asks_ok: bool | None = None  # every ask's verdict as expected (when the case lists them)
    authority_ok: bool | None = None
    missing: list[str] = field(default_factory=list)  # must_include items not found
    forbidden: list[str] = field(default_factory=list)  # must_not_include items found
    recall_at_5: float | None = None
    reciprocal_rank: float | None = None
    latency: float = 0.0
    error: str | None = None
    follow_up_of: str | None = None
    where: str = ""
    faithfulness: float | None = None  # optional model judge (evals/judge.py); never part of pass/fail
    relevancy: float | None = None
    # What the case asked for, copied so a reviewer reads the run without the suite file (which may change later).
    expected: str = ""
    must_include: list[str] = field(default_factory=list)
    must_not_include: list[str] = field(default_factory=list)
    authority: list[str] = field(default_factory=list)

    @property
    def failures(self) -> list[str]:
        """What failed, in plain words, for the summary and the report."""
        out = []
        if self.error:
            out.append(f"error: {self.error}")
        if self.verdict_ok is False:
            out.append(f"verdict {self.verdict!r}, expected {self.expected_verdict!r}")
        if self.asks_ok is False:
            got = [a.get("verdict") or "-" for a in self.asks]
            out.append(f"ask verdicts {got}, expected {self.expected_verdicts}")
        out += [f"missing: {m}" for m in self.missing]
        out += [f"must not include: {f}" for f in self.forbidden]
        if self.authority_ok is False:
            out.append("no expected authority cited")
        return out

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["failures"] = self.failures
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CaseResult:
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def visible_text(answer: Answer) -> str:
    """What a user reads as the answer: text, the article-conflict line and warnings (not citation quotes, which may
    quote the wrong article on purpose)."""
    parts = [answer.text or "", answer.article_conflict or "", *answer.warnings]
    return "\n".join(p for p in parts if p)


def _citation_ref(c: Citation) -> str:
    return f"{c.doc_id}:{c.page}" if c.page else c.doc_id


def _doc_match(gold_doc: str, cited_doc: str) -> bool:
    if normalize(gold_doc) == normalize(cited_doc):
        return True
    want = normalize_authority(gold_doc)
    return want is not None and any(want.satisfied_by(k) for k in authority_keys(cited_doc))


def gold_hit(gold: str, citation: Citation) -> bool:
    """`gold` is "doc_id" or "doc_id:page" (printed page, as citations carry)."""
    doc, _, page = gold.partition(":")
    if not _doc_match(doc, citation.doc_id):
        return False
    return not page or citation.page == int(page)


def retrieval_scores(gold: tuple[str, ...], citations: list[Citation]) -> tuple[float | None, float | None]:
    """(recall@5, reciprocal rank). Recall@5 = share of gold items hit by any of the first 5 citations; the
    reciprocal rank is 1/position of the first citation that hits any gold item (0 when none does)."""
    if not gold:
        return None, None
    top = citations[:RECALL_K]
    recall = sum(1 for g in gold if any(gold_hit(g, c) for c in top)) / len(gold)
    rr = 0.0
    for rank, c in enumerate(citations, start=1):
        if any(gold_hit(g, c) for g in gold):
            rr = 1.0 / rank
            break
    return recall, rr


def score_case(case: Case, answer: Answer | None, latency: float, error: str | None = None) -> CaseResult:
    result = CaseResult(id=case.id, category=case.category, question=case.question, passed=False,
                        expected_verdict=case.expected_verdict, latency=latency, error=error,
                        follow_up_of=case.follow_up_of, where=case.where, expected=case.expected,
                        must_include=list(case.must_include), must_not_include=list(case.must_not_include),
                        authority=list(case.authority))
    if answer is None:
        result.error = error or "no answer"
        if case.expected_verdict:
            result.verdict_ok = False
        if case.authority:
            result.authority_ok = False
        result.missing = list(case.must_include)
        return result
    text = visible_text(answer)
    result.answer = text
    result.verdict = answer.verdict
    result.source = answer.source
    result.tax_year = answer.tax_year
    result.citations = [_citation_ref(c) for c in answer.citations]
    if case.expected_verdict:
        result.verdict_ok = answer.verdict == case.expected_verdict
    result.asks = [{"question": a.question, "verdict": a.verdict} for a in answer.asks]
    if case.expected_verdicts:
        result.expected_verdicts = list(case.expected_verdicts)
        got = [a.verdict for a in answer.asks]
        result.asks_ok = len(got) == len(case.expected_verdicts) and all(
            want in ("", have) for want, have in zip(case.expected_verdicts, got))
    result.missing = missing(text, case.must_include)
    # The rewritten standalone question is shown and stored too, so an echoed identifier there counts.
    result.forbidden = present(text + "\n" + (answer.standalone_question or ""), case.must_not_include)
    if case.authority:
        cited = [f"{c.doc_id} {c.title}" for c in answer.citations]
        result.authority_ok = any(authority_matches(a, cited) for a in case.authority)
    result.recall_at_5, result.reciprocal_rank = retrieval_scores(case.gold, answer.citations)
    result.passed = not result.failures
    return result


def _rate(flags: list[bool | None]) -> float | None:
    known = [f for f in flags if f is not None]
    return sum(known) / len(known) if known else None


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def summarize_group(results: list[CaseResult]) -> dict[str, Any]:
    latencies = [r.latency for r in results]
    return {
        "cases": len(results),
        "passed": sum(r.passed for r in results),
        "pass_rate": sum(r.passed for r in results) / len(results) if results else None,
        "verdict_accuracy": _rate([r.verdict_ok for r in results]),
        "authority_accuracy": _rate([r.authority_ok for r in results]),
        "must_include_failures": sum(1 for r in results if r.missing),
        "must_not_include_failures": sum(1 for r in results if r.forbidden),
        "errors": sum(1 for r in results if r.error),
        "recall_at_5": _mean([r.recall_at_5 for r in results]),
        "mrr": _mean([r.reciprocal_rank for r in results]),
        "faithfulness": _mean([r.faithfulness for r in results]),
        "relevancy": _mean([r.relevancy for r in results]),
        "latency_p50": percentile(latencies, 50) if latencies else None,
        "latency_p95": percentile(latencies, 95) if latencies else None,
    }


def summarize(results: list[CaseResult]) -> dict[str, Any]:
    categories: dict[str, list[CaseResult]] = {}
    for r in results:
        categories.setdefault(r.category, []).append(r)
    return {
        "overall": summarize_group(results),
        "categories": {name: summarize_group(rs) for name, rs in sorted(categories.items())},
    }


# Categories where a forbidden phrase (an echoed identifier, a repeated false claim) fails the gate on its own.
STRICT_CATEGORIES = ("adversarial", "article")


def check_gate(summary: dict[str, Any], results: list[CaseResult], min_pass: float,
               floors: dict[str, float] | None = None) -> dict[str, Any]:
    """The CI gate: pass rate >= min_pass, and no must_not_include failure in a strict category. `floors` maps a
    folder to its own floor (the dev set written by reviewers has one that only goes up): cases from a file under that
    folder are gated by it, all others by min_pass."""
    reasons = []
    floors = floors or {}

    def folder_of(r: CaseResult) -> str | None:
        source = Path(r.where.rsplit(":", 1)[0]).resolve() if r.where else None
        return next((f for f in floors if source is not None and Path(f).resolve() in source.parents), None)

    own = [r for r in results if folder_of(r) is None]
    rate = (sum(r.passed for r in own) / len(own)) if own else (summary["overall"]["pass_rate"] or 0.0)
    if own and rate < min_pass:
        reasons.append(f"pass rate {rate:.1%} is below {min_pass:.1%}")
    for folder, floor in floors.items():
        mine = [r for r in results if folder_of(r) == folder]
        if mine and sum(r.passed for r in mine) / len(mine) < floor:
            reasons.append(f"{folder}: pass rate {sum(r.passed for r in mine) / len(mine):.1%} is below its floor "
                           f"{floor:.1%}")
    strict = [r.id for r in results if r.forbidden and r.category in STRICT_CATEGORIES]
    if strict:
        reasons.append(f"forbidden text in {', '.join(strict)}")
    return {"passed": not reasons, "min_pass": min_pass, "floors": floors, "reasons": reasons}
