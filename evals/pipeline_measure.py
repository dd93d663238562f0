"""Measurements for docs/pipeline.md: the weak-retrieval threshold, and Engine.ask latency (warm, in-process).

    .venv/bin/python evals/pipeline_measure.py --data-dir DIR [--runs 20]

DIR must hold an index of the real corpus (`WRITEOFF_DATA_DIR=DIR writeoff ingest`). Prints JSON.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.answer import make_engine
from app.compose import support
from app.config import load_settings
from app.conversation import Conversation
from evals.percentile import percentile

ROOT = Path(__file__).resolve().parents[1]

# Questions the four IRS publications + article cannot answer (other taxes, other countries, not tax at all).
UNANSWERABLE = [
    "How do I depreciate the roof of my rental duplex?",
    "What is the Quebec sales tax rate on restaurant meals?",
    "How do I register an LLC in Delaware and what does it cost?",
    "Can I deduct losses in my Canadian RRSP on my Canadian return?",
    "What is the Texas franchise tax threshold for small businesses?",
    "How do I appeal my county property tax assessment?",
    "What is the best ETF to buy for retirement right now?",
    "How do I bake sourdough bread at high altitude?",
    "What's the VAT refund process for tourists in France?",
    "How do I file a 1099-NEC for my contractor in QuickBooks?",
    "What are the payroll tax deposit deadlines for a restaurant with 20 employees?",
    "How is a cryptocurrency mining rig depreciated under MACRS?",
    "Can my S corporation deduct the owner's health insurance premiums?",
    "How much estate tax does Massachusetts charge on a $3 million estate?",
    "What does the UK inheritance tax nil-rate band cover?",
    "How do I transfer a car title to my daughter in Ohio?",
    "Is sales tax due on software subscriptions sold to customers in Washington state?",
    "How are stock options taxed in Germany?",
    "Which visa lets me work remotely from Portugal?",
    "What is the deadline to file a homestead exemption in Florida?",
]


def load_answerable() -> list[str]:
    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / "retrieval_gold.jsonl").read_text().splitlines()
            if line.strip()]
    return [r["question"] for r in rows]


def measure_threshold(engine) -> dict:  # type: ignore[no-untyped-def]
    def scores(questions: list[str]) -> list[float]:
        return [round(support(q, engine.search(q, 2025)), 3) for q in questions]

    good, bad = scores(load_answerable()), scores(UNANSWERABLE)
    # The threshold that misclassifies fewest questions; ties go to the lower value (answer rather than refuse).
    candidates = sorted(set(good + bad))
    best = min(candidates, key=lambda t: (sum(s < t for s in good) + sum(s >= t for s in bad), t))
    return {
        "answerable": sorted(good), "unanswerable": sorted(bad), "best_threshold": best,
        "answerable_below": sum(s < best for s in good), "unanswerable_at_or_above": sum(s >= best for s in bad),
    }


def latency_summary(times_ms: list[float]) -> dict[str, float]:
    return {"p50_ms": round(percentile(times_ms, 50), 1), "p95_ms": round(percentile(times_ms, 95), 1)}


def measure_latency(engine, runs: int) -> dict:  # type: ignore[no-untyped-def]
    rule_qs = ["Can I deduct a loss in my traditional IRA for 2024?", "Can I deduct a loss in my Roth IRA for 2016?",
               "What is the capital loss limit if I'm married filing separately?"]
    retrieval_qs = ["How are Roth IRA distributions ordered?",
                    "How is a required minimum distribution figured?",
                    "What is the Roth IRA five-year rule for qualified distributions?"]
    out: dict[str, dict] = {}
    for name, qs in (("rule", rule_qs), ("retrieval", retrieval_qs)):
        for q in qs:  # warm: first call loads models, opens Chroma and the BM25 index
            engine.ask(q, Conversation())
        times, sources = [], set()
        for i in range(runs):
            t = time.perf_counter()
            # a distinct text every run, so no query-embedding cache hides the real cost
            answer = engine.ask(f"{qs[i % len(qs)]} (case {i})", Conversation())
            times.append((time.perf_counter() - t) * 1000)
            sources.add(answer.source)
        out[name] = {**latency_summary(times), "runs": runs, "sources": sorted(sources)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--skip-latency", action="store_true")
    args = parser.parse_args()
    engine = make_engine(load_settings(data_dir=args.data_dir))
    result = {"threshold": measure_threshold(engine)}
    if not args.skip_latency:
        result["latency"] = measure_latency(engine, args.runs)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
