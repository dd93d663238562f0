"""The two encodings of a suite file, JSONL and CSV, read into (line, decoded case, problem) records.

Both carry the same columns (evals/schema.py validates them). CSV is for people who keep their questions in a
spreadsheet: a header row names the columns (unknown ones are ignored), an empty cell means the field is absent,
and a list column (must_include, must_not_include, authority, gold) holds either a JSON array or items separated by
";" (inside an item, "a|b" still means a or b). The line of a record is the line it starts on, so a message points
at what a person sees in an editor.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any, NamedTuple

FIELDS = ("id", "question", "tax_year", "follow_up_of", "expected", "expected_verdict", "expected_verdicts",
          "must_include", "must_not_include", "authority", "gold", "category")
LIST_FIELDS = ("must_include", "must_not_include", "authority", "gold")
SUFFIXES = (".jsonl", ".csv")


class Record(NamedTuple):
    line: int
    raw: Any  # the decoded case (a dict for a well-formed line), None when the line could not be read
    field: str = ""  # with `problem`: the field the problem is about ("" for the whole line)
    problem: str = ""


def suite_format(name: str) -> str:
    return "csv" if str(name).lower().endswith(".csv") else "jsonl"


def records(text: str, fmt: str) -> Iterator[Record]:
    return csv_records(text) if fmt == "csv" else jsonl_records(text)


def jsonl_records(text: str) -> Iterator[Record]:
    """Blank lines and lines starting with '#' or '//' are skipped."""
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "//")):
            continue
        try:
            yield Record(lineno, json.loads(stripped))
        except json.JSONDecodeError as err:
            yield Record(lineno, None, "", f"not valid JSON ({err.msg} at column {err.colno})")


def _cell(name: str, value: str) -> Any:
    """A CSV cell as the JSON value it stands for: empty = absent, years as numbers, list columns split."""
    value = value.strip()
    if not value:
        return None
    if name == "tax_year":
        return int(value) if value.isdigit() else value  # a non-number stays a string and fails validation
    if name in LIST_FIELDS or name == "expected_verdicts":
        if value.startswith("["):
            return json.loads(value)  # ValueError: the caller turns it into a problem
        return [item.strip() for item in value.split(";") if item.strip()]
    return value


def _row(header: list[str], cells: list[str], line: int) -> Record:
    if len(cells) > len(header):
        return Record(line, None, "", f"{len(cells)} cells but the header names {len(header)} columns "
                                      "(put a cell that contains a comma in double quotes)")
    raw: dict[str, Any] = {"question": ""}  # an empty question cell is the empty question, as "" is in JSONL
    for name, cell in zip(header, cells, strict=False):
        if name not in FIELDS:
            continue
        try:
            value = _cell(name, cell)
        except ValueError:
            return Record(line, None, name, f"'{name}' starts with '[' but is not a JSON list")
        if value is not None:
            raw[name] = value
    return Record(line, raw)


def csv_records(text: str) -> Iterator[Record]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return
    except csv.Error as err:
        yield Record(1, None, "", f"the header row is not readable as CSV ({err})")
        return
    for required in ("id", "question"):
        if required not in header:
            yield Record(1, None, required, f"the header row has no '{required}' column "
                                             f"(the columns are: {', '.join(FIELDS)})")
            return
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield Record(start, None, "", f"not readable as CSV ({err})")
            return
        line, start = start, reader.line_num + 1
        if any(cell.strip() for cell in cells):
            yield _row(header, cells, line)
