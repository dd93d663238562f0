"""`writeoff eval [FILES...] [--report DIR] [--json] [--min-pass X]`: run evaluation suites through the same engine
the chat uses, print the summary, write results.json + report.html, and exit non-zero when the gate fails."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from app.config import Settings
from evals.runner import DEFAULT_MIN_PASS
from evals.runner import select_categories as select

HELP = ("Run the evaluation suites (default: evals/suites/*.jsonl, plus ../shared/evals/dev when present, gated at "
        "its own floor) and write a JSON + HTML report.")
__all__ = ["DEFAULT_MIN_PASS", "configure", "execute", "run", "select"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", type=Path,
                        help="suite files (JSONL or CSV); default: the packaged suites")
    parser.add_argument("--report", type=Path, default=None,
                        help="report folder (default: DATA_DIR/eval-reports); the previous run is kept for the diff")
    parser.add_argument("--json", action="store_true", help="print the summary and gate as JSON")
    parser.add_argument("--min-pass", type=float, default=DEFAULT_MIN_PASS,
                        help=f"lowest overall pass rate that passes the gate (default {DEFAULT_MIN_PASS})")
    parser.add_argument("--judge", action="store_true",
                        help="also grade faithfulness/relevancy with the configured model (never part of the gate)")
    parser.add_argument("--no-warm-up", action="store_true",
                        help="do not ask one untimed question first (the cold start then counts in the latencies)")
    parser.add_argument("--category", action="append", default=[],
                        help="only cases of this category (repeatable); follow-up parents are kept")


def execute(cases: list[Any], engine: Any, *, report_dir: Path, min_pass: float, as_json: bool = False,
            suites: list[str] | None = None, out: TextIO | None = None, make_conversation: Any = None,
            judge: Any = None, warm_up: bool = False, categories: list[str] | None = None,
            floors: dict[str, float] | None = None) -> int:
    """Run, score, report (evals.runner.evaluate, the runner the Evaluation page uses too); return 0 when the gate
    passes, 1 when it fails. The seam the tests drive."""
    from evals.report import format_summary
    from evals.runner import evaluate

    out = out or sys.stdout

    def progress(result: Any) -> None:
        print("." if result.passed else "F", end="", file=sys.stderr, flush=True)

    outcome = evaluate(cases, engine, report_dir=report_dir, min_pass=min_pass, suites=suites or [],
                       categories=categories or [], make_conversation=make_conversation, judge=judge, warm=warm_up,
                       on_result=progress, floors=floors)
    print(file=sys.stderr)
    summary, gate, paths = outcome.summary, outcome.gate, outcome.paths
    if as_json:
        print(json.dumps({"summary": summary, "gate": gate, "report": {k: str(v) for k, v in paths.items()}},
                         indent=2, default=str), file=out)
    else:
        print(format_summary(summary), file=out)
        failed = [r for r in outcome.results if not r.passed]
        if failed:
            print(f"\nFailed cases ({len(failed)}):", file=out)
            for r in failed:
                print(f"  {r.id} [{r.category}]: {'; '.join(r.failures)[:300]}", file=out)
        verdict = "passed" if gate["passed"] else "FAILED: " + "; ".join(gate["reasons"])
        floor_words = "".join(f"; {Path(k).name} at least {v:.0%}" for k, v in (gate.get("floors") or {}).items())
        print(f"\nGate (min pass {min_pass:.0%}{floor_words}): {verdict}", file=out)
        print(f"Report: {paths['html']}  (JSON: {paths['json']})", file=out)
    return 0 if gate["passed"] else 1


def run(args: argparse.Namespace, settings: Settings) -> int:
    from app.answer import make_engine
    from app.errors import ConfigError
    from evals.schema import default_suite_paths, load_suites

    if not 0.0 <= args.min_pass <= 1.0:
        raise ConfigError(f"--min-pass must be between 0 and 1 (a share of cases), got {args.min_pass}")
    from evals.catalog import dev_suite_paths, floors_for

    paths = list(args.files) or [*default_suite_paths(), *dev_suite_paths()]
    cases = select(load_suites(paths), args.category)
    if not cases:
        raise ConfigError(f"no cases in categories {', '.join(args.category)}")
    judge = None
    if args.judge:
        from evals.judge import make_judge

        judge = make_judge(settings)
    engine = make_engine(settings)
    report_dir = args.report or settings.data_dir / "eval-reports"
    try:
        return execute(cases, engine, report_dir=report_dir, min_pass=args.min_pass, as_json=args.json,
                       suites=[str(p) for p in paths], judge=judge, warm_up=not args.no_warm_up,
                       categories=args.category, floors=floors_for([Path(p) for p in paths]))
    finally:
        for closable in (engine, getattr(judge, "backend", None)):
            close = getattr(closable, "close", None)
            if close is not None:
                close()
