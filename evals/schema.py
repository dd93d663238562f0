"""The evaluation dataset format: one case per line, loaded and validated into `Case` objects.

Two encodings of the same columns, JSONL and CSV (read by evals/encodings.py, chosen by the file's suffix). Unknown
fields are ignored (so suites can carry notes). Every problem names its place as `file:line` and the field, so a
person editing a suite by hand finds it at once; the loaders stop at the first problem, `validate_text` (the page's
upload check) lists them all. The format is documented in docs/evals.md.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import WriteoffError
from evals.encodings import LIST_FIELDS, records, suite_format

VERDICTS = ("yes", "no", "depends", "out_of_scope")
_GOLD = re.compile(r"^[A-Za-z0-9._-]+(:\d+)?$")


class SuiteError(WriteoffError):
    """A suite file cannot be used: missing, not JSON, or a case breaks the format."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a suite: where (file and line), which field ("" for the whole line) and what."""

    source: str
    line: int | None
    field: str
    message: str  # a full sentence that names the field in quotes, e.g. "'tax_year' must be a year like 2025"
    case_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        case = f"case {self.case_id!r}: " if self.case_id else ""
        return f"{where}: {case}{self.message}"

    def short(self) -> str:
        """Without the file name, for a page that shows one file's problems: "line 3: case 'a': ..."."""
        where = f"line {self.line}" if self.line else "file"
        case = f"case {self.case_id!r}: " if self.case_id else ""
        return f"{where}: {case}{self.message}"


@dataclass(frozen=True)
class Case:
    id: str
    question: str
    tax_year: int | None = None
    follow_up_of: str | None = None
    expected: str = ""
    expected_verdict: str | None = None
    # one verdict per question the message asks, in order ("" = any): "Is it too late? Can I deduct it?" -> no, no
    expected_verdicts: tuple[str, ...] = ()
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
            "expected_verdicts": list(self.expected_verdicts),
            "must_include": list(self.must_include),
            "must_not_include": list(self.must_not_include),
            "authority": list(self.authority),
            "gold": list(self.gold),
            "category": self.category,
            "where": self.where,
        }


def _str_list(value: Any) -> tuple[str, ...] | None:
    """The list field as a tuple, or None when it is not a list of non-empty strings."""
    if value is None:
        return ()
    if isinstance(value, str):  # a lone string is a common slip; accept it as a one-item list
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return None
    return tuple(value)


def field_problems(raw: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, sentence) for every field of one decoded case that breaks the format; empty when it is valid."""
    out: list[tuple[str, str]] = []
    case_id = raw.get("id")
    if not isinstance(case_id, str) or not case_id.strip():
        out.append(("id", "'id' is required and must be a non-empty string"))
    if not isinstance(raw.get("question"), str):  # empty is allowed: the adversarial suite asks "" on purpose
        out.append(("question", "'question' is required and must be a string"))
    tax_year = raw.get("tax_year")
    if tax_year is not None and (isinstance(tax_year, bool) or not isinstance(tax_year, int)
                                 or not 1900 <= tax_year <= 2100):
        out.append(("tax_year", f"'tax_year' must be a year like 2025, got {tax_year!r}"))
    follow_up_of = raw.get("follow_up_of")
    if follow_up_of is not None and (not isinstance(follow_up_of, str) or not follow_up_of.strip()):
        out.append(("follow_up_of", "'follow_up_of' must be the id of another case"))
    verdict = raw.get("expected_verdict")
    if verdict is not None and verdict not in VERDICTS:
        out.append(("expected_verdict", f"'expected_verdict' must be one of {', '.join(VERDICTS)}, got {verdict!r}"))
    verdicts = raw.get("expected_verdicts")
    if verdicts is not None and (not isinstance(verdicts, list) or any(v not in (*VERDICTS, "") for v in verdicts)):
        out.append(("expected_verdicts", (f"'expected_verdicts' must be a list of {', '.join(VERDICTS)} or \"\" "
                                         "(one per question asked)")))
    if not isinstance(raw.get("expected", ""), str):
        out.append(("expected", "'expected' must be a string"))
    category = raw.get("category", "general")
    if not isinstance(category, str) or not category.strip():
        out.append(("category", "'category' must be a non-empty string"))
    for key in LIST_FIELDS:
        items = _str_list(raw.get(key))
        if items is None:
            out.append((key, f"'{key}' must be a list of non-empty strings"))
        elif key == "gold":
            out += [(key, f"'gold' item {item!r} must be doc_id or doc_id:page") for item in items
                    if not _GOLD.match(item)]
    return out


def case_problems(raw: Any, source: str, line: int | None) -> list[Problem]:
    if not isinstance(raw, dict):
        return [Problem(source, line, "", f"each line must be a JSON object, got {type(raw).__name__}")]
    case_id = raw.get("id") if isinstance(raw.get("id"), str) and raw["id"].strip() else None
    return [Problem(source, line, name, sentence, case_id if name != "id" else None)
            for name, sentence in field_problems(raw)]


def _build(raw: dict[str, Any], where: str) -> Case:
    follow_up_of = raw.get("follow_up_of")
    return Case(
        id=raw["id"].strip(),
        question=raw["question"],
        tax_year=raw.get("tax_year"),
        follow_up_of=follow_up_of.strip() if follow_up_of else None,
        expected=raw.get("expected", ""),
        expected_verdict=raw.get("expected_verdict"),
        expected_verdicts=tuple(raw.get("expected_verdicts") or ()),
        must_include=_str_list(raw.get("must_include")) or (),
        must_not_include=_str_list(raw.get("must_not_include")) or (),
        authority=_str_list(raw.get("authority")) or (),
        gold=_str_list(raw.get("gold")) or (),
        category=raw.get("category", "general").strip(),
        where=where,
    )


def parse_case(raw: Any, where: str) -> Case:
    """Validate one decoded case; raise SuiteError naming `where` on the first problem."""
    problems = case_problems(raw, where, None)
    if problems:
        raise SuiteError(str(problems[0]))
    return _build(raw, where)


def parse_text(text: str, source: str, fmt: str = "jsonl", *, stop_at_first: bool = False) -> tuple[list[Case],
                                                                                                    list[Problem]]:
    """Cases and per-line problems of one file's text (no whole-set checks)."""
    cases: list[Case] = []
    problems: list[Problem] = []
    for record in records(text, fmt):
        if record.problem:
            found = [Problem(source, record.line, record.field, record.problem)]
        else:
            found = case_problems(record.raw, source, record.line)
        if found:
            problems += found
            if stop_at_first:
                break
            continue
        cases.append(_build(record.raw, f"{source}:{record.line}"))
    return cases, problems


def _read(path: Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")  # -sig: spreadsheets often save CSV with a BOM
    except FileNotFoundError:
        raise SuiteError(f"{path}: no such suite file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise SuiteError(f"{path}: cannot read the suite ({type(err).__name__})") from None


def load_suite(path: Path) -> list[Case]:
    """Read one JSONL or CSV file (by its suffix); SuiteError on the first problem."""
    cases, problems = parse_text(_read(path), str(path), suite_format(path), stop_at_first=True)
    if problems:
        raise SuiteError(str(problems[0]))
    return cases


def set_problems(cases: list[Case]) -> list[Problem]:
    """Whole-set checks: unique ids, follow_up_of points at a loaded case, no cycles."""
    out: list[Problem] = []
    by_id: dict[str, Case] = {}
    for case in cases:
        if case.id in by_id:
            out.append(_at(case, "id", f"duplicate id {case.id!r} (first at {by_id[case.id].where})", named=False))
        else:
            by_id[case.id] = case
    for case in cases:
        seen = {case.id}
        parent = case.follow_up_of
        while parent is not None:
            if parent not in by_id:
                out.append(_at(case, "follow_up_of", f"follows up {parent!r}, which is not in the loaded suites "
                                                     "(run its file too)"))
                break
            if parent in seen:
                out.append(_at(case, "follow_up_of", f"'follow_up_of' forms a cycle through {parent!r}"))
                break
            seen.add(parent)
            parent = by_id[parent].follow_up_of
    return out


def _at(case: Case, name: str, message: str, named: bool = True) -> Problem:
    source, _, line = case.where.rpartition(":")
    return Problem(source or case.where, int(line) if line.isdigit() else None, name, message,
                   case.id if named else None)


def check_cases(cases: list[Case]) -> list[Case]:
    problems = set_problems(cases)
    if problems:
        raise SuiteError(str(problems[0]))
    return cases


def validate_text(text: str, source: str, fmt: str = "jsonl") -> tuple[list[Case], list[Problem]]:
    """Every problem of one file, per line and for the whole set; the cases are usable only when there are none."""
    cases, problems = parse_text(text, source, fmt)
    problems += set_problems(cases)
    if not cases and not problems:
        problems.append(Problem(source, None, "", "no cases found (one case per line after the header, if any)"))
    problems.sort(key=lambda p: (p.line or 0))
    return cases, problems


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
