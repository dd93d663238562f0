"""Runs every bench section on the real corpus, in temporary data dirs, and returns one JSON-safe result dict.

Sections (each records `error` instead of stopping the run when a part is missing or fails):
  ingest     cold build_index into fresh temp dirs, interleaved with the bound (raw embedding of the same chunk
             texts, same model, warm) so load drift hits both alike; then no-op re-ingests of the last index
  retrieval  the gold questions through our HybridRetriever and through the tutorial baseline built here
  answer     Engine.ask, warm, per path (grouped by Answer.source: rule / retrieval)
  embedders  the two embedder backends (sentence-transformers / onnxruntime) on the same chunks and queries
  cold       `python -m app.cli ask ...` subprocesses: process start to first answer, peak RSS of the child
  first-run  `python -m app.cli chat` on an empty data folder: to the first rule answer (while the index builds)
             and to the first retrieval answer (once it is built); evals/bench/first_run.py
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from app.config import PROJECT_ROOT, Settings
from evals.bench.gold import GoldItem, first_hit_rank, load_gold, ranking_metrics
from evals.bench.stats import loadavg, machine_info, run_child, summarize, timed

SECTIONS = ("ingest", "embedders", "retrieval", "answer", "cold", "first-run")
EMBEDDER_SAMPLE = 512  # chunks embedded per backend in the embedders section (enough for a stable rate)
DEFAULT_GOLD = PROJECT_ROOT / "tests" / "data" / "retrieval_gold.jsonl"
# Single-turn questions the rules are meant to answer; which path actually answered is read from Answer.source.
DEFAULT_RULE_SUITES = (PROJECT_ROOT / "evals" / "suites" / "rules.jsonl", PROJECT_ROOT / "evals" / "suites" /
                       "years.jsonl")
WARMUP_QUERY = "How are distributions from a traditional IRA taxed?"

Progress = Callable[[str], None]
# Called after each section with its name and the result so far, so a long run that is killed keeps what it measured.
SectionDone = Callable[[str, dict[str, Any]], None]


@dataclass
class BenchOptions:
    repeat: int = 3  # cold ingest runs, bound runs, no-op runs, cold-start runs (medians of these)
    k: int = 5
    gold: Path = DEFAULT_GOLD
    rule_suites: tuple[Path, ...] = DEFAULT_RULE_SUITES
    max_questions: int = 0  # 0 = all; --quick uses a few
    answer_passes: int = 2  # passes over the answering questions (fresh engine each pass, no warm caches)
    sections: tuple[str, ...] = SECTIONS
    workdir: Path | None = None  # temp dirs go here (default: the system temp dir)
    keep: bool = False  # keep the temp dirs (for debugging)
    cold_model_cache: bool = False  # first-run: an empty home folder too, so the one-time ONNX export is timed

    @classmethod
    def quick(cls, **kw: Any) -> BenchOptions:
        return cls(**{"repeat": 2, "max_questions": 4, "answer_passes": 1, **kw})


def load_questions(paths: tuple[Path, ...], limit: int = 0) -> list[str]:
    """Single-turn `question` strings from eval suites (multi-turn rows carry `turns`, not `question`)."""
    out: list[str] = []
    for path in paths:
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                q = json.loads(line).get("question")
                if isinstance(q, str) and q.strip():
                    out.append(q)
    return out[:limit] if limit else out


def baseline_docs(settings: Settings) -> list[Any]:
    """The same documents ingest reads (manifest + its file resolution), as tutorial-baseline inputs."""
    from evals.bench.baseline import BaselineDoc
    from ingest.fetch import resolve_document
    from ingest.manifest import load_manifest

    manifest = load_manifest(settings.manifest)
    return [BaselineDoc(d.id, resolve_document(d, settings, None), d.page_offset) for d in manifest.documents]


def clear_query_caches(embedder: Any) -> None:
    """Forget every memo of a question (its embedding, its intent similarities), so a timed question costs what a
    new question costs. The engine's own caches go with the engine: each pass makes a new one."""
    clear = getattr(embedder, "clear_query_cache", None)
    if clear is not None:
        clear()
    try:
        from app.rules import intents

        intents.similarities.cache_clear()
    except (ImportError, AttributeError):
        pass


def embed_texts(settings: Settings) -> list[str]:
    """Exactly the strings ingest hands the embedder (chunk.embed_text: heading path + text), for the bound."""
    from ingest.fetch import resolve_document
    from ingest.index import load_document
    from ingest.manifest import load_manifest

    texts: list[str] = []
    for doc in load_manifest(settings.manifest).documents:
        chunks, _ = load_document(doc, resolve_document(doc, settings, None))
        texts += [c.embed_text or c.text for c in chunks]
    return texts


class Bench:
    def __init__(self, settings: Settings, options: BenchOptions, progress: Progress | None = None,
                 section_done: SectionDone | None = None) -> None:
        self.settings = settings
        self.opt = options
        self.say = progress or (lambda message: None)
        self.section_done = section_done or (lambda name, result: None)
        self.result: dict[str, Any] = {"options": _jsonable(asdict(options))}
        self.root = Path(tempfile.mkdtemp(prefix="writeoff-bench-", dir=options.workdir))
        self.index_settings: Settings | None = None  # the data dir holding a finished index, once built
        self.bound_texts: list[str] = []

    def _data(self, name: str) -> Settings:
        return self.settings.model_copy(update={"data_dir": self.root / name})

    # -- sections -----------------------------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        self.result["machine"] = machine_info()
        self.result["load_start"] = loadavg()
        started = time.perf_counter()
        from app.embeddings import get_embedder

        self.embedder = get_embedder()
        seconds, _ = timed(self.embedder.embed_query, "warm up")
        self.result["embedder"] = {"model_id": self.embedder.model_id, "load_seconds": seconds,
                                   "backend": getattr(self.embedder, "backend", "sentence-transformers")}
        try:
            for name in SECTIONS:
                if name in self.opt.sections:
                    self.say(f"bench: {name} ...")
                    try:
                        self.result[name] = getattr(self, f"section_{name.replace('-', '_')}")()
                    except Exception as err:  # noqa: BLE001 - one broken part must not hide the other numbers
                        self.result[name] = {"error": f"{type(err).__name__}: {err}"}
                    self.section_done(name, self.result)
        finally:
            if not self.opt.keep:
                shutil.rmtree(self.root, ignore_errors=True)
        self.result["load_end"] = loadavg()
        self.result["seconds"] = time.perf_counter() - started
        return self.result

    def _index(self) -> Settings:
        """A data dir with a built index: the bench's own, else the user's (read only) when ingest was skipped."""
        if self.index_settings is None:
            if "ingest" in self.opt.sections:
                raise RuntimeError("no index: the ingest section failed")
            self.index_settings = self.settings
        return self.index_settings

    def section_ingest(self) -> dict[str, Any]:
        from ingest.index import build_index

        cold: list[float] = []
        bound: list[float] = []
        summary: Any = None
        texts: list[str] = []
        extract_seconds = 0.0
        for run in range(self.opt.repeat):
            settings = self._data(f"ingest-{run}")
            seconds, summary = timed(build_index, settings)
            if summary.errors or not summary.changed:
                raise RuntimeError(f"cold ingest did not build: {summary.line()} {summary.errors[:2]}")
            cold.append(seconds)
            if not texts:
                extract_seconds, texts = timed(embed_texts, settings)  # pdf extraction + chunking, no embedding
                self.bound_texts = texts
                if len(texts) != summary.chunks:
                    raise RuntimeError(f"bound has {len(texts)} texts, ingest wrote {summary.chunks} chunks")
            self.say(f"  cold ingest {run + 1}: {seconds:.1f}s, {summary.chunks} chunks; embedding bound ...")
            bound.append(timed(self.embedder.embed_documents, texts)[0])
            if run:  # keep only the last index around
                shutil.rmtree(self.root / f"ingest-{run - 1}", ignore_errors=True)
            self.index_settings = settings
        noop = []
        for _ in range(self.opt.repeat):
            seconds, again = timed(build_index, self.index_settings)
            if again.changed:
                raise RuntimeError("a re-ingest of an unchanged corpus rebuilt the index")
            noop.append(seconds)
        chunks = summary.chunks
        cold_s, bound_s = summarize(cold), summarize(bound)
        return {
            "documents": summary.documents, "pages": summary.pages, "chunks": chunks,
            "cold_seconds": cold_s, "bound_seconds": bound_s, "noop_seconds": summarize(noop),
            "extract_chunk_seconds": extract_seconds,
            "chunks_per_s": chunks / cold_s["p50"], "bound_chunks_per_s": len(texts) / bound_s["p50"],
        }

    def section_embedders(self) -> dict[str, Any]:
        """Chunks/s and single-query latency per backend, interleaved run by run so load drift hits both."""
        from app.embeddings import Embedder

        texts = (self.bound_texts or embed_texts(self.settings))[:EMBEDDER_SAMPLE]
        queries = [g.question for g in load_gold(self.opt.gold)][:20]
        backends = {name: Embedder(backend=name) for name in ("sentence-transformers", "onnxruntime")}
        for emb in backends.values():
            emb.embed_query("warm up")
        batch: dict[str, list[float]] = {name: [] for name in backends}
        query: dict[str, list[float]] = {name: [] for name in backends}
        for _ in range(self.opt.repeat):
            for name, emb in backends.items():
                batch[name].append(timed(emb.embed_documents, texts)[0])
                # embed_documents([q]), not embed_query: the query cache would make every repeat free
                query[name] += [timed(emb.embed_documents, [q])[0] for q in queries]
        out: dict[str, Any] = {"chunks": len(texts), "queries": len(queries)}
        for name, emb in backends.items():
            out[name] = {"backend_used": emb.backend, "precision": getattr(emb, "precision", "fp32"),
                         "batch_seconds": summarize(batch[name]),
                         "chunks_per_s": len(texts) / summarize(batch[name])["p50"],
                         "query_seconds": summarize(query[name])}
        return out

    def section_retrieval(self) -> dict[str, Any]:
        from app.retrieval import make_retriever
        from evals.bench.baseline import TutorialBaseline

        gold = load_gold(self.opt.gold)
        if self.opt.max_questions:
            gold = gold[: self.opt.max_questions]
        k = self.opt.k

        retriever = make_retriever(self._index())
        retriever.search(WARMUP_QUERY, k=k)  # opens the collection and loads BM25: not per-question cost
        clear_query_caches(self.embedder)
        ours = _score(gold, k, lambda q: [(p.doc_id, p.page) for p in retriever.search(q, k=k)])

        baseline = TutorialBaseline(self.embedder, self.root / "baseline")
        docs = baseline_docs(self.settings)
        build_seconds, _ = timed(baseline.build, docs)
        try:
            baseline.search(WARMUP_QUERY, k=k)
            clear_query_caches(self.embedder)  # our search just embedded these questions: no free vectors for it
            theirs = _score(gold, k, lambda q: baseline.search(q, k=k))
        finally:
            baseline.close()
        theirs.update({"build_seconds": build_seconds, "chunks": baseline.chunks, "pages": baseline.pages})
        return {"questions": len(gold), "k": k, "ours": ours, "baseline": theirs}

    def section_answer(self) -> dict[str, Any]:
        from app.answer import make_engine
        from app.conversation import Conversation

        questions = load_questions(self.opt.rule_suites, self.opt.max_questions)
        gold = load_gold(self.opt.gold)
        questions += [g.question for g in (gold[: self.opt.max_questions] if self.opt.max_questions else gold)]
        by_path: dict[str, list[float]] = {}
        stages: dict[str, dict[str, list[float]]] = {}
        for _ in range(max(1, self.opt.answer_passes)):
            # A fresh engine per pass: the retriever caches query vectors, and a re-asked question must not be free.
            engine = make_engine(self._index())
            try:
                engine.ask(WARMUP_QUERY, Conversation())
                clear_query_caches(self.embedder)
                for q in questions:
                    seconds, answer = timed(engine.ask, q, Conversation())
                    by_path.setdefault(answer.source, []).append(seconds)
                    for stage, s in answer.timings.items():
                        stages.setdefault(answer.source, {}).setdefault(stage, []).append(s)
            finally:
                engine.close()
        return {
            "questions": len(questions),
            "paths": {src: summarize(v) for src, v in sorted(by_path.items())},
            "stages_p50": {src: {st: summarize(v)["p50"] for st, v in d.items()} for src, d in stages.items()},
        }

    def section_cold(self) -> dict[str, Any]:
        from evals.bench.first_run import retrieval_question

        # A retrieval question: the slowest path, so the honest "first answer". (gold[0] used to be one; the rules
        # have since learnt to answer it.)
        question = retrieval_question(load_gold(self.opt.gold))
        env = {**os.environ, "WRITEOFF_DATA_DIR": str(self._index().data_dir), "HF_HUB_OFFLINE": "1",
               "PYTHONUNBUFFERED": "1"}
        runs = []
        for n in range(self.opt.repeat):
            child = run_child([sys.executable, "-m", "app.cli", "ask", question], env=env, cwd=PROJECT_ROOT,
                              log_path=self.root / f"cold-{n}.log")
            if child["returncode"] != 0 or "verdict:" not in child["output"]:
                raise RuntimeError(f"writeoff ask failed (exit {child['returncode']}): {child['output'][-300:]}")
            runs.append(child)
            self.say(f"  cold start {n + 1}: {child['seconds']:.2f}s, peak RSS {child['peak_rss_mb']:.0f} MB")
        return {
            "seconds": summarize([r["seconds"] for r in runs]),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
            "peak_rss_mb_p50": summarize([r["peak_rss_mb"] for r in runs])["p50"],
        }


    def section_first_run(self) -> dict[str, Any]:
        from evals.bench.first_run import measure

        return measure(self.settings, self.root, load_gold(self.opt.gold), self.opt.repeat,
                       cold_model_cache=self.opt.cold_model_cache, say=self.say)


def _score(gold: list[GoldItem], k: int, search: Callable[[str], list[tuple[str, int]]]) -> dict[str, Any]:
    ranks: list[int | None] = []
    latency: list[float] = []
    for item in gold:
        seconds, hits = timed(search, item.question)
        latency.append(seconds)
        ranks.append(first_hit_rank(item, hits, k))
    return {**ranking_metrics(ranks), "latency": summarize(latency), "ranks": ranks}


def _jsonable(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def run_bench(settings: Settings, options: BenchOptions | None = None, progress: Progress | None = None,
              section_done: SectionDone | None = None) -> dict[str, Any]:
    return Bench(settings, options or BenchOptions(), progress, section_done).run()
