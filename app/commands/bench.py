"""`writeoff bench [--quick] [--json] [--repeat N] [--only SECTION ...]`: speed and retrieval quality on the real
corpus beside the tutorial RAG baseline, as a table with ratios and the issue's targets.

Everything is built in temporary data dirs (your index is not touched unless ingest is skipped with --only). A
benchmark reports; it never fails on a slow number. Exit code 1 only when a section could not run at all.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import signal
import sys
from pathlib import Path

from app.config import Settings
from app.errors import ConfigError

HELP = "Benchmark ingest, retrieval and answering against the tutorial RAG baseline (prints a table)."
SECTION_NAMES = ("ingest", "embedders", "retrieval", "answer", "cold", "first-run")
BASELINE_MODULES = ("langchain_chroma", "langchain_text_splitters")  # the `bench` extra (evals/bench/baseline.py)


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number") from None
    if not 1 <= n <= 50:
        raise argparse.ArgumentTypeError("use a number from 1 to 50")
    return n


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quick", action="store_true", help="2 runs per timing and 4 questions (a smoke test)")
    parser.add_argument("--repeat", type=_positive, default=None, metavar="N",
                        help="runs per timing; medians are reported (default 3, --quick 2)")
    parser.add_argument("--only", nargs="+", choices=SECTION_NAMES, default=None, metavar="SECTION",
                        help=f"run only these sections ({', '.join(SECTION_NAMES)}); without ingest, the "
                        "existing index in the data dir is used read-only")
    parser.add_argument("--gold", type=Path, default=None, metavar="FILE",
                        help="retrieval gold set (JSONL; default tests/data/retrieval_gold.jsonl)")
    parser.add_argument("--cold-model-cache", action="store_true",
                        help="first-run: also start without the exported ONNX model (a fresh machine's first run)")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON instead of the table")
    parser.add_argument("--out", type=Path, default=None, metavar="FILE", help="also write the JSON result here")
    parser.add_argument("--workdir", type=Path, default=None, metavar="DIR",
                        help="where the temporary data dirs go (default: the system temp dir)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from app.jsonfile import write_json
    from evals.bench.harness import BenchOptions, run_bench
    from evals.bench.table import render, section_rows, targets

    kw: dict = {}
    if args.repeat:
        kw["repeat"] = args.repeat
    if args.only:
        kw["sections"] = tuple(args.only)
    if args.gold:
        kw["gold"] = args.gold
    if args.cold_model_cache:
        kw["cold_model_cache"] = True
    if args.workdir:
        if not args.workdir.is_dir():
            raise ConfigError(f"--workdir {args.workdir} is not a folder.")
        kw["workdir"] = args.workdir
    options = BenchOptions.quick(**kw) if args.quick else BenchOptions(**kw)
    if "retrieval" in options.sections and not all(importlib.util.find_spec(m) for m in BASELINE_MODULES):
        raise ConfigError("The retrieval section compares against the tutorial RAG baseline, which needs the bench "
                          "extra.", hint="Install it with: pip install 'writeoff[bench]' (or leave the section out "
                          "with --only).")
    if {"retrieval", "answer", "cold", "embedders", "first-run"} & set(options.sections):
        from evals.bench.gold import load_gold

        load_gold(options.gold)  # a bad gold file fails now, in one line, not after minutes of ingest
    # A `kill` must still remove the temp data dirs: turn SIGTERM into SystemExit so the harness's finally runs.
    try:
        previous = signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    except ValueError:  # not the main thread: no handler, nothing to restore
        previous = None
    def say(message: str) -> None:  # progress goes to stderr so `--json > file` stays clean JSON
        print(message, file=sys.stderr, flush=True)

    def section_done(name: str, partial: dict) -> None:
        # Each section's rows as soon as it finishes, and the result so far in --out: a run that is killed
        # half-way (they take tens of minutes) keeps every number it already measured.
        say(section_rows(partial, name))
        if args.out:
            write_json(args.out, {**partial, "complete": False}, indent=2, default=str)

    try:
        result = run_bench(settings, options, progress=say, section_done=section_done)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    result["targets"] = targets(result)
    result["complete"] = True
    if args.out:
        write_json(args.out, result, indent=2, default=str)
    print(json.dumps(result, indent=2, default=str) if args.json else render(result))
    failed = [name for name in options.sections if isinstance(result.get(name), dict) and "error" in result[name]]
    if failed:
        print(f"Error: these sections could not run: {', '.join(failed)} (see the table).", file=sys.stderr)
        return 1
    return 0
