"""Your own Q&A: the upload check (every problem, one per line and field), CSV suites, the suite catalog (packaged,
dev, uploads kept by name) and the template."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from evals.catalog import (
    MAX_UPLOAD_BYTES,
    available_suites,
    check_upload,
    safe_name,
    save_upload,
    uploads_dir,
)
from evals.encodings import FIELDS
from evals.schema import SuiteError, load_suite, load_suites, validate_text
from evals.template import TEMPLATE_CASES, template_csv, template_jsonl

DATA = Path(__file__).resolve().parent / "data"

BAD_JSONL = """{"id": "ok", "question": "fine"}
{"id": "a", "question": "q", "expected_verdict": "perhaps", "tax_year": "2025"}
# a comment is fine
{"id": "b", "question": "q"
{"question": "no id", "must_include": [1]}
{"id": "ok", "question": "again", "follow_up_of": "nobody"}
"""


def test_every_problem_is_listed_with_its_line_and_field():
    cases, problems = validate_text(BAD_JSONL, "mine.jsonl")
    assert [c.id for c in cases] == ["ok", "ok"]  # lines that read as cases; the duplicate is a set problem
    got = [(p.line, p.field) for p in problems]
    assert got == [(2, "tax_year"), (2, "expected_verdict"), (4, ""), (5, "id"), (5, "must_include"),
                   (6, "id"), (6, "follow_up_of")]
    shown = [p.short() for p in problems]
    assert shown[0] == "line 2: case 'a': 'tax_year' must be a year like 2025, got '2025'"
    assert shown[1].startswith("line 2: case 'a': 'expected_verdict' must be one of yes, no, depends, out_of_scope")
    assert shown[2].startswith("line 4: not valid JSON")
    assert shown[5] == "line 6: duplicate id 'ok' (first at mine.jsonl:1)"
    assert "follows up 'nobody'" in shown[6]
    assert str(problems[0]).startswith("mine.jsonl:2: ")  # the CLI form names the file too


def test_the_cli_still_stops_at_the_first_problem_with_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(BAD_JSONL, encoding="utf-8")
    with pytest.raises(SuiteError, match=r"bad.jsonl:2: case 'a': 'tax_year'"):
        load_suite(path)


def test_csv_suites_read_the_same_columns(tmp_path):
    text = ('id,question,tax_year,expected_verdict,must_include,authority,category,notes\n'
            'c1,"Can I deduct my IRA loss, for 2016?",2016,depends,"basis; Form 8606|8606",Pub 590-B,ira,ignored\n'
            'c2,"A question that runs\nover two lines",,,"[""3,000|3000""]",,,\n'
            '\n'
            'c3,,,,,,,\n')
    path = tmp_path / "mine.csv"
    path.write_text(text, encoding="utf-8")
    cases = load_suites([path])
    assert [c.id for c in cases] == ["c1", "c2", "c3"]
    c1, c2, c3 = cases
    assert c1.question == "Can I deduct my IRA loss, for 2016?" and c1.tax_year == 2016
    assert c1.must_include == ("basis", "Form 8606|8606") and c1.authority == ("Pub 590-B",)
    assert c1.category == "ira" and c1.where.endswith("mine.csv:2")
    assert c2.must_include == ("3,000|3000",) and c2.tax_year is None and c2.category == "general"
    assert c2.where.endswith("mine.csv:3")
    assert c3.question == "" and c3.where.endswith("mine.csv:6")  # the line a row starts on, blank lines skipped


def test_csv_problems_name_line_and_field():
    text = ("id,question,tax_year,must_include,expected_verdict\n"
            "a,q,twenty,,\n"
            'b,q,2025,"[not json",\n'
            "c,q,2025,,maybe,extra\n"
            ",q,2025,,no\n")
    _, problems = validate_text(text, "x.csv", "csv")
    assert [(p.line, p.field) for p in problems] == [(2, "tax_year"), (3, "must_include"), (4, ""), (5, "id")]
    assert "6 cells but the header names 5 columns" in problems[2].message
    _, problems = validate_text("question,category\nq,c\n", "x.csv", "csv")
    assert [(p.line, p.field) for p in problems] == [(1, "id")]
    assert "the header row has no 'id' column" in problems[0].message


def test_upload_check_covers_encoding_size_and_empty_files():
    name, cases, problems = check_upload("../../etc/My Q&A (v2).jsonl", b'{"id": "a", "question": "q"}\n')
    assert name == "My-Q-A-v2.jsonl" and len(cases) == 1 and problems == []
    _, _, problems = check_upload("x.jsonl", "\u00e9".encode("latin-1"))
    assert "not UTF-8" in problems[0].message
    _, _, problems = check_upload("x.jsonl", b" " * (MAX_UPLOAD_BYTES + 1))
    assert "the limit is" in problems[0].message
    _, _, problems = check_upload("x.csv", b"id,question\n")
    assert "no cases found" in problems[0].message
    _, cases, problems = check_upload("x.csv", "\ufeffid,question\na,q\n".encode())  # Excel's byte-order mark
    assert problems == [] and cases[0].id == "a"
    with pytest.raises(SuiteError, match="a .jsonl or .csv file"):
        safe_name("suite.txt")
    assert safe_name(".hidden.csv") == "hidden.csv" and safe_name("C:\\Users\\me\\q.JSONL") == "q.jsonl"


def test_uploads_are_kept_by_name_only_when_valid_and_listed_with_the_other_suites(tmp_path):
    data_dir = tmp_path / "data"
    dev = tmp_path / "dev"
    dev.mkdir()
    (dev / "retirement.jsonl").write_text('{"id": "d1", "question": "q"}\n', encoding="utf-8")
    with pytest.raises(SuiteError, match="mine.jsonl:1"):
        save_upload(data_dir, "mine.jsonl", b'{"id": "a"}\n')
    assert not uploads_dir(data_dir).exists() or not any(uploads_dir(data_dir).iterdir())
    stored = save_upload(data_dir, "mine.jsonl", (DATA / "eval_two_cases.jsonl").read_bytes())
    assert stored == uploads_dir(data_dir) / "mine.jsonl"
    save_upload(data_dir, "mine.jsonl", b'{"id": "z", "question": "replaced"}\n')  # same name: replaced
    assert [c.id for c in load_suite(stored)] == ["z"]
    choices = available_suites(data_dir, dev_dir=dev)
    groups = {c.group for c in choices}
    assert groups == {"packaged", "dev", "uploaded"}
    assert "dev: retirement.jsonl" in [c.label for c in choices] and "uploaded: mine.jsonl" in [c.label for c in
                                                                                             choices]
    assert {c.group for c in available_suites(data_dir, dev_dir=tmp_path / "absent")} == {"packaged", "uploaded"}
    assert not list(uploads_dir(data_dir).glob(".*"))  # no temp file left behind


def test_the_shared_dev_set_is_offered_when_it_sits_beside_the_checkout(tmp_path):
    from evals.catalog import DEV_DIR

    dev = [c for c in available_suites(tmp_path) if c.group == "dev"]
    if DEV_DIR.is_dir():
        assert {c.path.name for c in dev} == {p.name for p in DEV_DIR.glob("*.jsonl")} and dev
    else:
        assert dev == []


def test_template_has_three_valid_cases_in_both_encodings(tmp_path):
    assert len(TEMPLATE_CASES) == 3 and any(c.get("follow_up_of") for c in TEMPLATE_CASES)
    jsonl_cases, problems = validate_text(template_jsonl(), "t.jsonl")
    assert problems == [] and len(jsonl_cases) == 3
    csv_cases, problems = validate_text(template_csv(), "t.csv", "csv")
    assert problems == []
    assert [c.to_dict() | {"where": ""} for c in csv_cases] == [c.to_dict() | {"where": ""} for c in jsonl_cases]
    assert template_csv().splitlines()[0].split(",") == list(FIELDS)  # every column, so people see what exists


def test_writeoff_eval_runs_a_csv_suite(tmp_path, monkeypatch, capsys):
    """The CLI reads CSV too (same loader as the page); a broken CSV is a plain-words error naming the line."""
    monkeypatch.setenv("WRITEOFF_DATA_DIR", str(tmp_path / "data"))
    bad = tmp_path / "bad.csv"
    bad.write_text("id,question,tax_year\na,q,soon\n", encoding="utf-8")
    assert main(["eval", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.csv:2: case 'a': 'tax_year'" in err and "Traceback" not in err


def test_results_carry_what_the_case_expected(tmp_path):
    from app.types import Answer
    from evals.metrics import score_case

    [case] = load_suites([DATA / "eval_two_cases.jsonl"])[1:]
    result = score_case(case, Answer(text="No.", verdict="no", source="rule", tax_year=2024), 0.1)
    d = json.loads(json.dumps(result.to_dict()))
    assert d["expected"].startswith("(Wrong on purpose") and d["expected_verdict"] == "yes"
    assert d["failures"] == ["verdict 'no', expected 'yes'"]
