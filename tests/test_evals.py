"""The eval machinery on tiny synthetic suites (schema, matching, metrics, follow-up replay, report, gate), the
packaged suites' integrity, and the CI gate: `writeoff eval` over every packaged suite against the real engine."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml

from app.cli import main
from app.commands.eval import DEFAULT_MIN_PASS, execute, select
from app.types import Answer, Citation
from evals.matching import authority_keys, authority_matches, contains, missing, normalize_authority, present
from evals.metrics import check_gate, retrieval_scores, score_case, summarize
from evals.report import HTML, PREVIOUS, RESULTS, histogram_bins, write_report
from evals.runner import run_cases, run_order
from evals.schema import Case, SuiteError, default_suite_paths, field_problems, load_suite, load_suites

ROOT = Path(__file__).resolve().parent.parent


def write_suite(path: Path, rows: list[dict | str]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def answer(text: str, verdict: str = "no", citations: list[Citation] | None = None, **kw) -> Answer:
    return Answer(text=text, verdict=verdict, source="rule", tax_year=2025, citations=citations or [], **kw)


def cite(doc_id: str, page: int | None = None, title: str = "") -> Citation:
    return Citation(doc_id=doc_id, title=title or doc_id, page=page)


# ---- schema -------------------------------------------------------------------------------------------------------

def test_load_suite_reads_cases_ignores_unknown_fields_and_comments(tmp_path):
    path = write_suite(tmp_path / "s.jsonl", [
        "# a comment",
        {"id": "a", "question": "q?", "tax_year": 2016, "must_include": "x|y", "note": "ignored", "category": "c"},
        "",
        {"id": "b", "question": "", "follow_up_of": "a", "gold": ["p550-2025:86", "p17-2025"]},
    ])
    cases = load_suites([path])
    assert [c.id for c in cases] == ["a", "b"]
    assert cases[0].tax_year == 2016 and cases[0].must_include == ("x|y",) and cases[0].category == "c"
    assert cases[1].category == "general" and cases[1].follow_up_of == "a" and cases[1].gold[0] == "p550-2025:86"
    assert cases[0].where.endswith("s.jsonl:2")


@pytest.mark.parametrize("row, needle", [
    ('{"id": "a", "question": "q"', "not valid JSON"),
    ('["a"]', "must be a JSON object"),
    ('{"question": "q"}', "'id' is required"),
    ('{"id": "a"}', "'question' is required"),
    ('{"id": "a", "question": "q", "expected_verdict": "maybe"}', "expected_verdict"),
    ('{"id": "a", "question": "q", "tax_year": "2025"}', "tax_year"),
    ('{"id": "a", "question": "q", "must_include": [1]}', "must_include"),
    ('{"id": "a", "question": "q", "gold": ["p550 page 86"]}', "doc_id:page"),
])
def test_schema_errors_name_file_and_line(tmp_path, row, needle):
    path = write_suite(tmp_path / "bad.jsonl", ['{"id": "ok", "question": "fine"}', row])
    with pytest.raises(SuiteError) as err:
        load_suite(path)
    assert "bad.jsonl:2" in str(err.value) and needle in str(err.value)


def test_whole_set_checks_duplicates_dangling_follow_ups_and_cycles(tmp_path):
    dup = write_suite(tmp_path / "dup.jsonl", [{"id": "a", "question": "1"}, {"id": "a", "question": "2"}])
    with pytest.raises(SuiteError, match=r"dup.jsonl:2: duplicate id 'a' \(first at .*dup.jsonl:1\)"):
        load_suites([dup])
    dangling = write_suite(tmp_path / "d.jsonl", [{"id": "a", "question": "1", "follow_up_of": "zz"}])
    with pytest.raises(SuiteError, match="follows up 'zz'"):
        load_suites([dangling])
    cycle = write_suite(tmp_path / "c.jsonl", [{"id": "a", "question": "1", "follow_up_of": "b"},
                                               {"id": "b", "question": "2", "follow_up_of": "a"}])
    with pytest.raises(SuiteError, match="cycle"):
        load_suites([cycle])
    with pytest.raises(SuiteError, match="no such suite file"):
        load_suites([tmp_path / "missing.jsonl"])


# ---- matching -----------------------------------------------------------------------------------------------------

def test_phrase_matching_is_case_whitespace_and_typography_insensitive():
    text = "You CAN\u2019T   deduct\nthis loss \u2014 it is\u00a0lost."
    assert contains(text, "can't deduct")
    assert contains(text, "no deduction|can't   DEDUCT")
    assert contains(text, "it is lost|x")
    assert not contains(text, "not deductible|cannot deduct")
    assert missing(text, ["deduct", "schedule a|form 8949"]) == ["schedule a|form 8949"]
    assert present(text, ["123-45-6789", "LOST"]) == ["LOST"]


@pytest.mark.parametrize("a, b", [
    ("Pub 590-B", "Publication 590-B"), ("Pub 590-B", "p590b"), ("Pub 590-B", "p590b-2025"),
    ("Publication 590-B (2025)", "p590b-2025"), ("IRC 1091", "section 1091"), ("IRC 1091", "§ 1091"),
    ("IRC 1091", "26 U.S.C. 1091"), ("P.L. 115-97", "TCJA"), ("Pub. L. 119-21", "One Big Beautiful Bill Act"),
    ("Rev. Rul. 2008-5", "Revenue Ruling 2008-5"), ("Pub 17", "p17-2025"),
])
def test_authority_forms_normalize_to_the_same_key(a, b):
    assert normalize_authority(a) == normalize_authority(b) or normalize_authority(a).satisfied_by(
        normalize_authority(b))
    assert authority_matches(a, [b]) and authority_matches(b, [a])


def test_authority_matching_respects_identity_subsections_and_years():
    assert not authority_matches("Pub 590-B", ["p590a-2025"])
    assert not authority_matches("IRC 1091", ["IRC 1092", "Publication 1091"])
    assert authority_matches("IRC 67", ["IRC 67(g)"])  # expected is less specific: satisfied
    assert not authority_matches("IRC 67(g)", ["IRC 67"])  # expected is more specific: not satisfied
    assert not authority_matches("IRC 67(g)", ["IRC 67(h)"])
    assert not authority_matches("p550-2024", ["p550-2025"])
    assert authority_matches("IRC 408A(d)(6)", ["section 408A(d)(6)(B)(iii)"])
    assert authority_keys("Pub 17 (2025), p. 86") == {normalize_authority("p17-2025")}  # "p. 86" is a page
    assert authority_matches("Instructions for something odd", ["see Instructions for Something Odd"])  # fallback


# ---- metrics ------------------------------------------------------------------------------------------------------

def make_case(**kw) -> Case:
    base = {"id": "c1", "question": "q", "category": "cat"}
    base.update(kw)
    return Case(**base)


def test_score_case_checks_each_criterion():
    case = make_case(expected_verdict="no", must_include=("not deductible|cannot deduct", "2025"),
                     must_not_include=("123-45-6789",), authority=("Pub 17", "IRC 67(g)"))
    good = answer("For 2025 this is not deductible.", citations=[cite("IRC 67(g)", title="Internal Revenue Code")])
    assert score_case(case, good, 0.1).passed
    wrong = answer("For 2024 it is deductible.", verdict="yes", citations=[cite("p550-2025", 86)],
                   standalone_question="ssn 123-45-6789: can I deduct?")
    r = score_case(case, wrong, 0.2)
    assert not r.passed
    assert r.verdict_ok is False and r.authority_ok is False
    assert r.missing == ["not deductible|cannot deduct", "2025"] and r.forbidden == ["123-45-6789"]
    assert len(r.failures) == 5
    # the article-conflict line and warnings are part of what the user reads
    assert score_case(make_case(must_include=("article is wrong",)),
                      answer("No.", article_conflict="The article is wrong here."), 0.0).passed
    errored = score_case(case, None, 0.0, "Boom: x")
    assert not errored.passed and errored.error == "Boom: x" and errored.verdict_ok is False


def test_a_folder_with_its_own_floor_is_gated_apart(tmp_path):
    dev = tmp_path / "dev"
    dev.mkdir()
    own_ok = score_case(make_case(id="o"), answer("fine"), 0.0)
    own_ok.where = str(tmp_path / "own.jsonl") + ":1"
    devs = [score_case(make_case(id=f"d{i}", expected_verdict="no"), answer("x", "no" if i < 3 else "yes"), 0.0)
            for i in range(5)]
    for r in devs:
        r.where = str(dev / "set.jsonl") + ":1"
    results = [own_ok, *devs]
    assert check_gate(summarize(results), results, 0.95, {str(dev): 0.6})["passed"]  # own 100%, dev 60%
    gate = check_gate(summarize(results), results, 0.95, {str(dev): 0.61})
    assert not gate["passed"] and "floor" in gate["reasons"][0]


def test_each_asks_verdict_is_checked_in_order():
    from app.types import AskAnswer

    case = make_case(expected_verdicts=("no", "", "yes"))
    got = answer("1. ... 2. ... 3. ...")
    got.asks = [AskAnswer("Too late?", ["deadline"], "no", "x"), AskAnswer("How much?", ["how_much"], None, "y"),
                AskAnswer("Deductible?", ["deduct"], "yes", "z")]
    assert score_case(case, got, 0.0).passed
    got.asks[2] = AskAnswer("Deductible?", ["deduct"], "no", "z")
    r = score_case(case, got, 0.0)
    assert r.asks_ok is False and any("ask verdicts" in f for f in r.failures)
    got.asks = got.asks[:2]  # a question left unanswered fails too
    assert score_case(case, got, 0.0).asks_ok is False
    assert field_problems({"id": "x", "question": "q", "expected_verdicts": ["maybe"]})


def test_recall_and_mrr_math():
    cits = [cite("p590b-2025", 7), cite("p550-2025", 86), cite("p550-2025", 101), cite("x"), cite("y"),
            cite("p550-2025", 102)]
    assert retrieval_scores(("p550-2025:101",), cits) == (1.0, pytest.approx(1 / 3))
    recall, rr = retrieval_scores(("p550-2025:101", "p550-2025:102"), cits)  # 102 is 6th: outside top 5
    assert recall == 0.5 and rr == pytest.approx(1 / 3)
    assert retrieval_scores(("p550",), cits) == (1.0, 0.5)  # doc-only gold, year-less id
    assert retrieval_scores(("p17-2025:101",), cits) == (0.0, 0.0)
    assert retrieval_scores((), cits) == (None, None)


def test_summary_counts():
    results = [
        score_case(make_case(id="a", category="x", expected_verdict="no"), answer("t", "no"), 1.0),
        score_case(make_case(id="b", category="x", expected_verdict="no"), answer("t", "yes"), 2.0),
        score_case(make_case(id="c", category="y", gold=("p1:1",)), answer("t", citations=[cite("p1", 1)]), 3.0),
        score_case(make_case(id="d", category="y", must_not_include=("t",)), answer("t"), 4.0),
    ]
    s = summarize(results)
    assert s["overall"]["cases"] == 4 and s["overall"]["passed"] == 2 and s["overall"]["pass_rate"] == 0.5
    assert s["categories"]["x"]["verdict_accuracy"] == 0.5 and s["categories"]["y"]["verdict_accuracy"] is None
    assert s["categories"]["y"]["recall_at_5"] == 1.0 and s["categories"]["y"]["must_not_include_failures"] == 1
    assert s["overall"]["latency_p50"] == 2.5


def test_gate_fails_below_min_pass_and_on_strict_forbidden_text():
    ok = score_case(make_case(id="a", category="adversarial"), answer("fine"), 0.1)
    leak = score_case(make_case(id="b", category="adversarial", must_not_include=("6789",)), answer("6789"), 0.1)
    soft = score_case(make_case(id="c", category="retrieval", must_not_include=("x",)), answer("x"), 0.1)
    assert check_gate(summarize([ok]), [ok], 0.85)["passed"]
    gate = check_gate(summarize([ok, leak]), [ok, leak], 0.0)
    assert not gate["passed"] and "b" in gate["reasons"][0]
    gate = check_gate(summarize([ok, soft]), [ok, soft], 0.5)
    assert gate["passed"]  # a forbidden phrase outside the strict categories only costs the pass rate
    assert not check_gate(summarize([ok, soft]), [ok, soft], 0.6)["passed"]


# ---- runner -------------------------------------------------------------------------------------------------------

class ScriptedEngine:
    """Answers from a question -> text table and records (conversation, question, tax_year) for every call."""

    def __init__(self, script: dict[str, str] | None = None, fail_on: str = "") -> None:
        self.script = script or {}
        self.fail_on = fail_on
        self.calls: list[tuple[int, str, int | None]] = []

    def ask(self, question, conversation, *, tax_year=None, on_token=None):
        conversation.append(question)
        self.calls.append((id(conversation), question, tax_year))
        if question == self.fail_on:
            raise RuntimeError("engine broke")
        return answer(self.script.get(question, f"answer to {question} after {len(conversation)} turns"))

    def status(self):
        return {"mode": "scripted"}


def test_follow_up_chains_replay_in_one_conversation(tmp_path):
    path = write_suite(tmp_path / "chain.jsonl", [
        {"id": "r1", "question": "root", "tax_year": 2016},
        {"id": "r2", "question": "other root"},
        {"id": "g1", "question": "branch", "follow_up_of": "r1"},
        {"id": "f1", "question": "first follow-up", "follow_up_of": "r1"},
        {"id": "f2", "question": "second follow-up", "follow_up_of": "f1"},
    ])
    cases = load_suites([path])
    assert [c.id for c in run_order(cases)] == ["r1", "g1", "f1", "f2", "r2"]
    engine = ScriptedEngine()
    results = run_cases(cases, engine, make_conversation=list)
    assert [r.id for r in results] == ["r1", "g1", "f1", "f2", "r2"]
    convs = [c for c, _, _ in engine.calls]
    questions = [q for _, q, _ in engine.calls]
    # r1, g1 share one conversation; f1 needs r1 again (g1 took the first), so r1 is replayed in a new one
    assert questions == ["root", "branch", "root", "first follow-up", "second follow-up", "other root"]
    assert convs[0] == convs[1] and convs[2] == convs[3] == convs[4] and convs[1] != convs[2]
    assert engine.calls[0][2] == 2016 and engine.calls[1][2] is None
    assert results[3].answer == "answer to second follow-up after 3 turns"


def test_engine_failure_is_a_failed_case_not_a_crash(tmp_path):
    cases = load_suites([write_suite(tmp_path / "s.jsonl", [
        {"id": "a", "question": "explode"}, {"id": "b", "question": "after", "follow_up_of": "a"},
        {"id": "c", "question": "fine", "must_include": ["answer to fine"]}])])
    results = run_cases(cases, ScriptedEngine(fail_on="explode"), make_conversation=list)
    assert results[0].error == "RuntimeError: engine broke" and not results[0].passed
    assert results[1].passed  # the follow-up still ran in the conversation a left behind
    assert results[2].passed


# ---- report + command ---------------------------------------------------------------------------------------------

def test_report_written_with_charts_escaping_and_diff(tmp_path):
    suite = load_suites([write_suite(tmp_path / "s.jsonl", [
        {"id": "x", "question": "<script>alert(1)</script>", "must_include": ["yes"], "category": "a"},
        {"id": "y", "question": "q2", "category": "b"}])])
    engine = ScriptedEngine({"<script>alert(1)</script>": "yes indeed"})
    results = run_cases(suite, engine, make_conversation=list)
    out = tmp_path / "reports"
    paths = write_report(out, results, summarize(results), {"gate": {"passed": True, "min_pass": 0.5, "reasons": []}})
    assert paths["json"] == out / RESULTS and paths["html"] == out / HTML and "previous" not in paths
    html = (out / HTML).read_text()
    assert html.count("<svg") == 2 and "<script>" not in html and "&lt;script&gt;" in html
    first = json.loads((out / RESULTS).read_text())
    assert [c["change"] for c in first["cases"]] == ["new", "new"]

    engine.script["<script>alert(1)</script>"] = "no"  # x now fails
    results = run_cases(suite, engine, make_conversation=list)
    paths = write_report(out, results, summarize(results), {})
    assert paths["previous"] == out / PREVIOUS
    assert json.loads((out / PREVIOUS).read_text()) == first
    second = json.loads((out / RESULTS).read_text())
    assert [c["change"] for c in second["cases"]] == ["now failing", "same"]
    assert second["previous_summary"]["pass_rate"] == 1.0
    assert "now failing" in (out / HTML).read_text()


def test_histogram_bins_count_every_value():
    bins = histogram_bins([0.1, 0.2, 1.0, 2.4], bins=4)
    assert [c for _, _, c in bins] == [2, 1, 0, 1] and bins[-1][1] == pytest.approx(2.4)


def test_execute_exit_code_follows_the_gate(tmp_path):
    cases = load_suites([write_suite(tmp_path / "s.jsonl", [
        {"id": "a", "question": "q1", "must_include": ["answer"]},
        {"id": "b", "question": "q2", "must_include": ["never said"]}])])
    out = io.StringIO()
    assert execute(cases, ScriptedEngine(), report_dir=tmp_path / "r", min_pass=0.9, out=out,
                   make_conversation=list) == 1
    assert "FAILED" in out.getvalue() and "b [general]: missing: never said" in out.getvalue()
    out = io.StringIO()
    assert execute(cases, ScriptedEngine(), report_dir=tmp_path / "r", min_pass=0.5, as_json=True, out=out,
                   make_conversation=list) == 0
    data = json.loads(out.getvalue())
    assert data["gate"]["passed"] and data["summary"]["overall"]["pass_rate"] == 0.5
    strict = load_suites([write_suite(tmp_path / "t.jsonl", [
        {"id": "s", "question": "ssn 123-45-6789", "category": "adversarial", "must_not_include": ["6789"]}])])
    assert execute(strict, ScriptedEngine(), report_dir=tmp_path / "r2", min_pass=0.0, out=io.StringIO(),
                   make_conversation=list) == 1


def test_select_keeps_follow_up_parents(tmp_path):
    cases = load_suites([write_suite(tmp_path / "s.jsonl", [
        {"id": "a", "question": "1", "category": "x"}, {"id": "b", "question": "2", "category": "y",
                                                        "follow_up_of": "a"},
        {"id": "c", "question": "3", "category": "x"}])])
    assert [c.id for c in select(cases, ["y"])] == ["a", "b"]
    assert [c.id for c in select(cases, [])] == ["a", "b", "c"]


def test_cli_reports_suite_errors_and_bad_flags_in_plain_words(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("WRITEOFF_DATA_DIR", str(tmp_path / "data"))
    bad = write_suite(tmp_path / "bad.jsonl", ['{"id": "a", "question": "q", "expected_verdict": "perhaps"}'])
    assert main(["eval", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "bad.jsonl:1" in err and "Traceback" not in err
    assert main(["eval", "--min-pass", "85"]) == 2
    assert "between 0 and 1" in capsys.readouterr().err


# ---- the packaged suites ------------------------------------------------------------------------------------------

def test_packaged_suites_cover_the_brief():
    cases = load_suites(default_suite_paths())
    assert len(cases) >= 80
    cats = {c.category for c in cases}
    assert {"ira-loss", "roth-loss", "employer-plan", "market-loss", "article", "conversion", "recharacterization",
            "wash-sale", "capital-loss", "worthless", "nol", "multi-turn", "year-boundary", "out-of-scope",
            "adversarial", "retrieval"} <= cats
    assert sum(1 for c in cases if c.follow_up_of) >= 8
    assert any(c.question == "" for c in cases) and any(len(c.question) > 10_000 for c in cases)
    assert {c.tax_year for c in cases} >= {2016, 2017, 2018, 2025, 2026}


def test_gold_pages_name_real_documents_and_pages():
    import fitz

    manifest = yaml.safe_load((ROOT / "corpus" / "manifest.yaml").read_text())
    docs = {d["id"]: d for d in manifest["documents"]}
    pdf_dir = ROOT.parent / "shared" / "corpus" / "irs"
    golds = [g for c in load_suites(default_suite_paths()) for g in c.gold]
    assert len(golds) >= 15
    for g in golds:
        doc, _, page = g.partition(":")
        assert doc in docs, g
        if page and (pdf_dir / f"{doc}.pdf").exists():
            offset = 2 if doc.startswith("p17-") else 0  # Pub 17: printed page = PDF page - 2
            with fitz.open(pdf_dir / f"{doc}.pdf") as pdf:
                assert 1 <= int(page) + offset <= pdf.page_count, g


# ---- the CI gate: every packaged suite through the real engine ----------------------------------------------------

@pytest.mark.slow
def test_writeoff_eval_gate_on_the_real_index(real_index, tmp_path, monkeypatch, capsys):
    # the console script reads its settings from the environment: hand it exactly the fixture's settings
    for name, value in real_index.model_dump().items():
        monkeypatch.setenv(f"WRITEOFF_{name.upper()}", str(value))
    report = tmp_path / "eval-report"
    code = main(["eval", "--report", str(report), "--json"])
    out = capsys.readouterr().out
    data = json.loads(out)
    assert (report / RESULTS).exists() and (report / HTML).exists()
    results = json.loads((report / RESULTS).read_text())
    assert len(results["cases"]) == data["summary"]["overall"]["cases"] >= 80
    assert not [c["id"] for c in results["cases"] if c["error"]]
    assert code == 0, data["gate"]["reasons"]
    assert data["gate"]["min_pass"] == DEFAULT_MIN_PASS


# ---- optional judge (real OpenAI backend against a local 127.0.0.1 server that always grades "7") ------------------

def test_judge_grades_are_extra_columns_and_never_change_pass_fail(tmp_path):
    from llm_server import JunkServer, sse

    from app.config import Settings
    from app.errors import ConfigError
    from evals.judge import make_judge, parse_grade

    assert parse_grade("8") == 0.8 and parse_grade("Score: 10/10") == 1.0 and parse_grade("great answer") is None
    with pytest.raises(ConfigError, match="needs a model backend"):
        make_judge(Settings(data_dir=tmp_path))
    cases = load_suites([write_suite(tmp_path / "s.jsonl", [
        {"id": "a", "question": "q1", "must_include": ["never said"]}])])
    with JunkServer(sse("7")) as server:
        judge = make_judge(Settings(data_dir=tmp_path, llm_backend="openai", llm_base_url=server.base_url))
        engine = ScriptedEngine()
        engine.ask = lambda q, conv, **kw: answer("t", citations=[Citation("p550-2025", "Pub 550", quote="src")])
        results = run_cases(cases, engine, make_conversation=list, judge=judge)
        assert len(server.requests) == 2  # faithfulness and relevancy
    assert results[0].faithfulness == 0.7 and results[0].relevancy == 0.7 and not results[0].passed
    summary = summarize(results)
    assert summary["overall"]["faithfulness"] == 0.7
    from evals.report import format_summary

    assert "faithful" in format_summary(summary)
    assert "faithful" not in format_summary(summarize([score_case(make_case(), answer("t"), 0.1)]))


def test_warm_up_question_is_asked_once_unscored_and_reported(tmp_path):
    cases = load_suites([write_suite(tmp_path / "s.jsonl", [{"id": "a", "question": "q1"}])])
    engine = ScriptedEngine()
    assert execute(cases, engine, report_dir=tmp_path / "r", min_pass=0.0, out=io.StringIO(),
                   make_conversation=list, warm_up=True) == 0
    assert [q for _, q, _ in engine.calls] == ["Can I deduct a loss in my IRA?", "q1"]
    assert engine.calls[0][0] != engine.calls[1][0]  # its own conversation
    run = json.loads((tmp_path / "r" / RESULTS).read_text())
    assert run["meta"]["warm_up_seconds"] is not None and [c["id"] for c in run["cases"]] == ["a"]
