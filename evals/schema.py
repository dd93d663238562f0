"""The evaluation dataset format: one JSON object per line (JSONL), loaded and validated into `Case` objects.

Unknown fields are ignored (so suites can carry notes), and every problem is reported as `file:line: what is wrong`
so a person editing a suite by hand finds the line at once. The format is documented in docs/evals.md.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import WriteoffError

VERDICTS = ("yes", "no", "depends", "out_of_scope")
_GOLD = re.compile(r"^[A-Za-z0-9._-]+(:\d+)?$")


class SuiteError(WriteoffError):
    """A suite file cannot be used: missing, not JSON, or a case breaks the format."""

    exit_code = 2


@dataclass(frozen=True)
class Case:
    id: str
    question: str
    tax_year: int | None = None
    follow_up_of: str | None = None
    expected: str = ""
    expected_verdict: str | None = None
    must_include: tuple[str, ...] = ()
    must_not_include: tuple[str, ...] = ()
    authority: tuple[str, ...] = ()
    gold: tuple[str, ...] = ()
    category: str = "general"
    where: str = field(default="", compare=False)  # "file:line", for messages and the report

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "tax_year": self.tax_year,
            "follow_up_of": self.follow_up_of,
            "expected": self.expected,
            "expected_verdict": self.expected_verdict,
            "must_include": list(self.must_include),
            "must_not_include": list(self.must_not_include),
            "authority": list(self.authority),
            "gold": list(self.gold),
            "category": self.category,
            "where": self.where,
        }


def _str_list(raw: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key)
    if value is None:
        return ()
    if isinstance(value, str):  # a lone string is a common slip; accept it as a one-item list
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SuiteError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(value)


def parse_case(raw: Any, where: str) -> Case:
    """Validate one decoded JSON line; raise SuiteError naming `where` on the first problem."""
    if not isinstance(raw, dict):
        raise SuiteError(f"{where}: each line must be a JSON object, got {type(raw).__name__}")
    case_id = raw.get("id")
    if not isinstance(case_id, str) or not case_id.strip():
        raise SuiteError(f"{where}: 'id' is required and must be a non-empty string")
    question = raw.get("question")
    if not isinstance(question, str):  # empty is allowed: the adversarial suite asks an empty question on purpose
        raise SuiteError(f"{where}: case {case_id!r}: 'question' is required and must be a string")
    tax_year = raw.get("tax_year")
    if tax_year is not None and (isinstance(tax_year, bool) or not isinstance(tax_year, int)
                                 or not 1900 <= tax_year <= 2100):
        raise SuiteError(f"{where}: case {case_id!r}: 'tax_year' must be a year like 2025, got {tax_year!r}")
    follow_up_of = raw.get("follow_up_of")
    if follow_up_of is not None and (not isinstance(follow_up_of, str) or not follow_up_of.strip()):
        raise SuiteError(f"{where}: case {case_id!r}: 'follow_up_of' must be the id of another case")
    verdict = raw.get("expected_verdict")
    if verdict is not None and verdict not in VERDICTS:
        raise SuiteError(f"{where}: case {case_id!r}: 'expected_verdict' must be one of {', '.join(VERDICTS)}, "
                         f"got {verdict!r}")
    expected = raw.get("expected", "")
    if not isinstance(expected, str):
        raise SuiteError(f"{where}: case {case_id!r}: 'expected' must be a string")
    category = raw.get("category", "general")
    if not isinstance(category, str) or not category.strip():
        raise SuiteError(f"{where}: case {case_id!r}: 'category' must be a non-empty string")
    gold = _str_list(raw, "gold", f"{where}: case {case_id!r}")
    for item in gold:
        if not _GOLD.match(item):
            raise SuiteError(f"{where}: case {case_id!r}: gold item {item!r} must be doc_id or doc_id:page")
    return Case(
        id=case_id.strip(),
        question=question,
        tax_year=tax_year,
        follow_up_of=follow_up_of.strip() if follow_up_of else None,
        expected=expected,
        expected_verdict=verdict,
        must_include=_str_list(raw, "must_include", f"{where}: case {case_id!r}"),
        must_not_include=_str_list(raw, "must_not_include", f"{where}: case {case_id!r}"),
        authority=_str_list(raw, "authority", f"{where}: case {case_id!r}"),
        gold=gold,
        category=category.strip(),
        where=where,
    )


def load_suite(path: Path) -> list[Case]:
    """Read one JSONL file. Blank lines and lines starting with '#' or '//' are skipped."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SuiteError(f"{path}: no such suite file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise SuiteError(f"{path}: cannot read the suite ({type(err).__name__})") from None
    cases = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "//")):
            continue
        where = f"{path}:{lineno}"
        try:
            raw = json.loads(stripped)
        except json.JSONDecodeError as err:
            raise SuiteError(f"{where}: not valid JSON ({err.msg} at column {err.colno})") from None
        cases.append(parse_case(raw, where))
    return cases


def check_cases(cases: list[Case]) -> list[Case]:
    """Whole-set checks: unique ids, follow_up_of points at a loaded case, no cycles."""
    by_id: dict[str, Case] = {}
    for case in cases:
        if case.id in by_id:
            raise SuiteError(f"{case.where}: duplicate id {case.id!r} (first at {by_id[case.id].where})")
        by_id[case.id] = case
    for case in cases:
        seen = {case.id}
        parent = case.follow_up_of
        while parent is not None:
            if parent not in by_id:
                raise SuiteError(f"{case.where}: case {case.id!r} follows up {parent!r}, which is not in the "
                                 f"loaded suites (run its file too)")
            if parent in seen:
                raise SuiteError(f"{case.where}: case {case.id!r}: follow_up_of forms a cycle through {parent!r}")
            seen.add(parent)
            parent = by_id[parent].follow_up_of
    return cases


def load_suites(paths: Iterable[Path]) -> list[Case]:
    cases: list[Case] = []
    for path in paths:
        cases.extend(load_suite(Path(path)))
    if not cases:
        raise SuiteError("no cases found in the given suite files")
    return check_cases(cases)


def default_suite_paths() -> list[Path]:
    """The packaged suites, evals/suites/*.jsonl, in name order."""
    return sorted((Path(__file__).resolve().parent / "suites").glob("*.jsonl"))
