"""The bench harness on the tiny fixture corpus: table shape, the tutorial baseline runs and maps pages, ratios and
targets are computed from the numbers measured. No timing is asserted anywhere (shared, noisy machines)."""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.config import Settings
from app.errors import ConfigError
from evals.bench.gold import GoldItem, first_hit_rank, load_gold, parse_gold, ranking_metrics
from evals.bench.stats import run_child, summarize
from evals.bench.table import render, rows, targets

GOLD_ROWS = [
    {"id": "ira", "question": "Is a loss inside a traditional IRA deductible on my return?",
     "gold": [{"doc_id": "p999-2025", "pages": [1]}]},
    {"id": "wash", "question": "I sold stock at a loss and bought the same stock for my IRA within 30 days",
     "gold": [{"doc_id": "p999-2025", "pages": [2]}]},
    {"id": "article", "question": "Does the article claim exceptions like a deduction on a Roth conversion?",
     "gold": [{"doc_id": "test-article", "pages": [0]}]},
]


@pytest.fixture
def tiny_gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in GOLD_ROWS) + "\n", encoding="utf-8")
    return path


# -- pure parts -------------------------------------------------------------------------------------------------

def test_summarize_gives_count_median_and_min() -> None:
    stats = summarize([3.0, 1.0, 2.0])
    assert (stats["n"], stats["p50"], stats["min"]) == (3, 2.0, 1.0)
    with pytest.raises(ValueError):
        summarize([])


def test_gold_reads_the_retrieval_gold_format_and_its_variants() -> None:
    items = parse_gold([
        json.dumps(GOLD_ROWS[0]),
        "",
        json.dumps({"question": "q2", "doc_id": "p17-2025", "pages": [101, 102], "tax_year": 2025}),
        json.dumps({"query": "q3", "gold_doc_id": "p550-2025", "page": 86}),
    ])
    assert [i.question for i in items] == [GOLD_ROWS[0]["question"], "q2", "q3"]
    assert items[1].matches("p17-2025", 102) and not items[1].matches("p17-2025", 103)
    assert items[1].tax_year == 2025
    assert items[2].matches("p550-2025", 86) and not items[2].matches("p550-2025", 85)


def test_gold_errors_name_the_line() -> None:
    with pytest.raises(ConfigError, match="line 2"):
        parse_gold([json.dumps(GOLD_ROWS[0]), "{not json"])
    with pytest.raises(ConfigError, match="no gold doc_id"):
        parse_gold([json.dumps({"question": "q"})])
    with pytest.raises(ConfigError, match="No retrieval gold set"):
        load_gold(Path("/nonexistent/gold.jsonl"))


def test_the_real_gold_set_parses() -> None:
    items = load_gold(Path(__file__).parent / "data" / "retrieval_gold.jsonl")
    assert len(items) >= 10
    assert all(item.targets and all(pages for _, pages in item.targets) for item in items)


def test_rank_and_metrics() -> None:
    item = GoldItem("q", (("p550-2025", frozenset({86})),))
    hits = [("p17-2025", 86), ("p550-2025", 85), ("p550-2025", 86)]
    assert first_hit_rank(item, hits, 5) == 3
    assert first_hit_rank(item, hits, 2) is None
    m = ranking_metrics([1, None, 2, 4])
    assert m["recall_at_k"] == 0.75
    assert m["mrr"] == pytest.approx((1 + 0.5 + 0.25) / 4)


def test_run_child_reports_the_childs_own_peak_rss(tmp_path: Path) -> None:
    code = "b = bytearray(300 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]); print('done')"
    child = run_child([sys.executable, "-c", code], env={}, cwd=tmp_path, log_path=tmp_path / "log")
    assert child["returncode"] == 0 and "done" in child["output"]
    assert child["peak_rss_mb"] >= 300
    small = run_child([sys.executable, "-c", "print(1)"], env={}, cwd=tmp_path, log_path=tmp_path / "log2")
    assert small["peak_rss_mb"] < 200


def test_table_ratios_and_targets_come_from_the_numbers() -> None:
    result = {
        "machine": {"nproc": 2, "cpu": "x", "mem_gb": 1.0, "python": "3.11"},
        "ingest": {"chunks": 100, "cold_seconds": {"p50": 13.0}, "bound_seconds": {"p50": 10.0},
                   "noop_seconds": {"p50": 0.5}, "chunks_per_s": 100 / 13.0, "bound_chunks_per_s": 10.0},
        "retrieval": {"questions": 4, "k": 5,
                      "ours": {"recall_at_k": 0.75, "mrr": 0.5, "latency": {"p50": 0.04, "p95": 0.08}},
                      "baseline": {"recall_at_k": 0.5, "mrr": 0.5, "latency": {"p50": 0.02, "p95": 0.03},
                                   "build_seconds": 26.0}},
        "answer": {"paths": {"rule": {"n": 3, "p50": 0.03, "p95": 0.05},
                             "retrieval": {"n": 4, "p50": 0.09, "p95": 0.2}}},
        "cold": {"error": "RuntimeError: writeoff ask failed"},
    }
    by_id = {t["id"]: t for t in targets(result)}
    assert by_id["ingest_vs_bound"]["value"] == pytest.approx(1.3)
    assert by_id["ingest_vs_bound"]["met"] is True
    assert by_id["rule_p50_ms"]["value"] == pytest.approx(30.0) and by_id["rule_p50_ms"]["met"] is False
    assert by_id["retrieval_p50_ms"]["met"] is True
    assert by_id["recall_at_k_above_baseline"]["met"] is True
    assert by_id["mrr_above_baseline"]["met"] is False  # equal is not above
    assert by_id["cold_start_s"]["met"] is None and by_id["peak_rss_mb"]["met"] is None
    table = {r[0]: r for r in rows(result)}
    assert table["recall@5 (4 gold questions) vs baseline"][1:] == ("0.750", "0.500", "1.50x")
    assert table["search latency p50, ms vs baseline"][1:] == ("40.0", "20.0", "2.00x")
    assert table["ingest cold, s vs tutorial baseline index build, s"][3] == "0.50x"
    assert table["cold start"][1].startswith("error: RuntimeError")
    text = render(result)
    assert "| metric" in text and "rule path p50 <= 20 ms" in text and "| NO" in text


# -- the harness on the fixture corpus ----------------------------------------------------------------------------

def test_baseline_keeps_the_printed_page_each_chunk_starts_on(
    settings_factory: Callable[..., Settings], tmp_path: Path
) -> None:
    from app.embeddings import get_embedder
    from evals.bench.baseline import BaselineDoc, TutorialBaseline
    from evals.bench.harness import baseline_docs

    docs = baseline_docs(settings_factory())
    assert {d.doc_id for d in docs} == {"p999-2025", "test-article"}
    # A page offset of 1 numbers the second PDF page as printed page 1, the way Pub 17 is offset by 2.
    docs = [BaselineDoc(d.doc_id, d.path, 1 if d.path.suffix == ".pdf" else 0) for d in docs]
    baseline = TutorialBaseline(get_embedder(), tmp_path / "bl")
    baseline.build(docs)
    try:
        assert baseline.pages == 3 and baseline.chunks >= 3
        assert baseline.search("stock bought for your IRA within 30 days: the wash sale loss is disallowed", 1) == [
            ("p999-2025", 1)]
        hits = baseline.search("article claims three exceptions Roth conversion deduction", 5)
        assert ("test-article", 0) in hits and len(hits) == 3
    finally:
        baseline.close()


def test_bench_runs_every_section_on_the_fixture_corpus(
    settings_factory: Callable[..., Settings], tiny_gold: Path, tmp_path: Path
) -> None:
    from evals.bench.harness import BenchOptions, run_bench

    settings = settings_factory()
    messages: list[str] = []
    result = run_bench(settings, BenchOptions.quick(gold=tiny_gold, workdir=tmp_path), progress=messages.append)
    for section in ("ingest", "embedders", "retrieval", "answer", "cold", "first-run"):
        assert "error" not in result[section], result[section]
    emb = result["embedders"]
    assert emb["chunks"] == result["ingest"]["chunks"]
    assert {emb[b]["backend_used"] for b in ("sentence-transformers", "onnxruntime")} == {
        "sentence-transformers", "onnxruntime"}
    ing = result["ingest"]
    assert ing["documents"] == 2 and ing["chunks"] > 0
    assert ing["cold_seconds"]["n"] == 2 and ing["bound_seconds"]["n"] == 2 and ing["noop_seconds"]["n"] == 2
    ret = result["retrieval"]
    assert ret["questions"] == 3 and len(ret["ours"]["ranks"]) == 3 and len(ret["baseline"]["ranks"]) == 3
    assert ret["baseline"]["chunks"] > 0 and ret["baseline"]["pages"] == 3
    assert 0.0 <= ret["baseline"]["mrr"] <= ret["baseline"]["recall_at_k"] <= 1.0
    assert ret["ours"]["recall_at_k"] > 0  # our retriever finds at least one fixture page
    paths = result["answer"]["paths"]
    assert set(paths) <= {"rule", "retrieval", "llm"} and sum(p["n"] for p in paths.values()) >= 3
    assert result["cold"]["seconds"]["n"] == 2 and result["cold"]["peak_rss_mb"] > 50
    first = result["first-run"]  # `writeoff chat` on an empty data folder: rule answer first, retrieval once built
    assert first["rule_answer_seconds"]["n"] == 2 and first["retrieval_answer_seconds"]["n"] == 2
    for run in first["runs"]:
        assert run["prompt_s"] <= run["rule_answer_s"] and run["deferred_s"] <= run["retrieval_answer_s"]
        assert run["peak_rss_mb"] > 50
    assert not list(tmp_path.glob("writeoff-bench-*")), "temp dirs are removed"
    assert not (settings.data_dir / "chroma").exists(), "the configured data dir is not touched"
    assert any("cold start" in m for m in messages)
    text = render(result)
    assert "ingest cold" in text and "recall@5" in text and "cold start to first answer" in text
    assert "empty data folder to first rule answer" in text and "first rule answer <= 20 s" in text
    assert [t["met"] for t in targets(result) if t["id"] == "ingest_vs_bound"] != [None]


def test_cli_bench_json_and_bad_input(
    settings_factory: Callable[..., Settings], tiny_gold: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    from app.cli import main

    settings = settings_factory()
    for key, value in (("DATA_DIR", settings.data_dir), ("MANIFEST", settings.manifest),
                       ("CORPUS_DIR", settings.corpus_dir), ("CORPUS_MIRROR", settings.corpus_mirror),
                       ("ALLOW_DOWNLOAD", "false")):
        monkeypatch.setenv(f"WRITEOFF_{key}", str(value))
    code = main(["bench", "--quick", "--json", "--only", "ingest", "retrieval", "--gold", str(tiny_gold),
                 "--workdir", str(tmp_path), "--out", str(tmp_path / "r.json")])
    captured = capsys.readouterr()
    out = captured.out
    assert code == 0
    data = json.loads(out)
    assert data == json.loads((tmp_path / "r.json").read_text()) and data["complete"] is True
    # each section's rows were printed (to stderr) as it finished, before the final table
    assert "ingest cold" in captured.err and "recall@5" in captured.err
    assert "answer" not in data and data["retrieval"]["questions"] == 3
    assert {t["id"] for t in data["targets"]} >= {"ingest_vs_bound", "recall_at_k_above_baseline"}

    assert main(["bench", "--workdir", str(tmp_path / "missing")]) == 2
    assert "Error: --workdir" in capsys.readouterr().err
    assert main(["bench", "--only", "retrieval", "--gold", str(tmp_path / "nope.jsonl")]) == 2
    captured = capsys.readouterr()
    assert "Error: No retrieval gold set" in captured.err and "Traceback" not in captured.out + captured.err


def test_a_killed_bench_keeps_the_sections_it_finished(
    settings_factory: Callable[..., Settings], tiny_gold: Path, tmp_path: Path
) -> None:
    """SIGTERM after the first section: its numbers are already in --out (marked incomplete), its rows on stderr,
    and the temp data dirs are gone."""
    import subprocess
    import time

    from conftest import env_for

    from app.config import PROJECT_ROOT

    out_file = tmp_path / "partial.json"
    work = tmp_path / "work"
    work.mkdir()
    # the cold section runs child processes for a while after ingest: a window to kill the bench in
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "bench", "--quick", "--only", "ingest", "cold", "--gold", str(tiny_gold),
         "--workdir", str(work), "--out", str(out_file)],
        env=env_for(settings_factory()), cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 600
    while not out_file.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    proc.terminate()
    stdout, stderr = proc.communicate(timeout=120)
    partial = json.loads(out_file.read_text())
    assert partial["ingest"]["chunks"] > 0 and "error" not in partial["ingest"]
    if proc.returncode != 0:  # killed before the end (the usual case): the file says it is partial
        assert partial["complete"] is False and "cold" not in partial
    assert "ingest cold" in stderr and "Traceback" not in stderr + stdout
    assert not list(work.glob("writeoff-bench-*")), "temp dirs are removed on SIGTERM"
