"""Measure recall@5 / MRR@10 of hybrid retrieval on the gold and held-out sets, against an existing index.

    WRITEOFF_DATA_DIR=data .venv/bin/python -m tests.eval_retrieval [--no-expand] [--set gold|heldout|both] [-v]

Uses the same `evaluate()` as the slow test in tests/test_retrieval.py. Not collected by pytest (no test_ prefix).
"""
from __future__ import annotations

import argparse
import dataclasses
import time

from app.config import load_settings
from app.retrieval import FusionParams, make_retriever
from tests.test_retrieval import evaluate, load_gold, load_heldout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", choices=["gold", "heldout", "both"], default="both")
    parser.add_argument("--no-expand", action="store_true", help="glossary expansion off (the 'before' numbers)")
    parser.add_argument("--param", action="append", default=[], help="FusionParams override, e.g. rrf_k=20")
    parser.add_argument("-v", action="store_true", help="print every miss with the top 5 found")
    args = parser.parse_args()
    overrides = {}
    for item in args.param:
        key, value = item.split("=", 1)
        field = {f.name: f for f in dataclasses.fields(FusionParams)}[key]
        overrides[key] = type(field.default)(value) if not isinstance(field.default, bool) else value == "1"
    if args.no_expand:
        overrides["expand"] = False
    retriever = make_retriever(load_settings())
    retriever.params = dataclasses.replace(retriever.params, **overrides)
    retriever.search("warm up", k=5)
    sets = {"gold": load_gold, "heldout": load_heldout}
    chosen = list(sets) if args.set == "both" else [args.set]
    combined: list[dict] = []
    for name in chosen:
        cases = sets[name]()
        combined += cases
        started = time.perf_counter()
        r = evaluate(retriever, cases)
        ms = (time.perf_counter() - started) * 1000 / len(cases)
        print(f"{name:8s} n={len(cases):2d} recall@5={r['recall']:.3f} MRR@10={r['mrr']:.3f}  ({ms:.0f} ms/query)")
        if args.v:
            for miss in r["misses"]:
                print("   miss", miss)
    if len(chosen) > 1:
        r = evaluate(retriever, combined)
        print(f"combined n={len(combined):2d} recall@5={r['recall']:.3f} MRR@10={r['mrr']:.3f}")


if __name__ == "__main__":
    main()
