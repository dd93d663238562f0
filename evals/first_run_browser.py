"""The first run in the browser (issue 14's target): `writeoff serve` on an empty data folder, driven by headless
Chromium, timed from the moment the server process starts.

    .venv/bin/python -m evals.first_run_browser [--repeat 3] [--cold-model-cache] [--baseline DIR] [--out FILE]

Per run: start `python -m app.cli serve` on a free port with an empty data folder (the real corpus), open the page
as soon as it answers, and record when the chat box is enabled, when the answer to a rule question is on screen, when
a question that needs the IRS passages shows its "index is being built" note, and when that note has become the
answer. Needs the test extras (playwright) and Debian's chromium (.ci/system-deps), like the browser tests.

--baseline DIR runs another checkout of the project (e.g. `git archive <commit> | tar -x -C DIR`) the same way,
interleaved round by round with this one, so the ratio is taken under the same load. Its page may show the chat box
only once the index is built (the behaviour before issue 14); the marks are the same.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
LIMIT_MS = 1_800_000  # a whole ingest on two loaded cores


def _tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and its descendants (the server and its Streamlit)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_once(browser: Any, env: dict[str, str], rule_q: str, passage_q: str, log: Path, checkout: Path = ROOT
             ) -> dict[str, float]:
    from playwright.sync_api import expect

    port = _free_port()
    with log.open("w") as out:
        started = time.perf_counter()
        if checkout != ROOT:  # its own `app` package first, for the CLI and for the Streamlit child alike
            env = {**env, "PYTHONPATH": str(checkout)}
        server = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(port)], cwd=checkout,
                                  env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        since = lambda: time.perf_counter() - started
        page = browser.new_page(viewport={"width": 1280, "height": 1400})
        try:
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}", timeout=5_000)
                    break
                except Exception:  # noqa: BLE001 - not listening yet
                    if server.poll() is not None or since() > 120:
                        raise RuntimeError(f"the server did not come up: {log.read_text()[-800:]}") from None
                    time.sleep(0.2)
            marks = {"page_s": since()}
            box = page.get_by_test_id("stChatInputTextArea")
            expect(box).to_be_enabled(timeout=LIMIT_MS)
            marks["chat_box_s"] = since()
            box.fill(rule_q)
            box.press("Enter")
            messages = page.get_by_test_id("stChatMessage")
            expect(messages.nth(1).get_by_text("Tax year", exact=False).first).to_be_visible(timeout=LIMIT_MS)
            marks["rule_answer_s"] = since()
            box.fill(passage_q)
            box.press("Enter")
            waiting = messages.nth(3)
            note = waiting.get_by_text("search index is being built", exact=False)
            expect(note.or_(waiting.get_by_text("Tax year", exact=False)).first).to_be_visible(timeout=LIMIT_MS)
            marks["deferred_s"] = since()
            expect(waiting.get_by_text("Tax year", exact=False).first).to_be_visible(timeout=LIMIT_MS)
            marks["retrieval_answer_s"] = since()
            marks["server_cpu_s"] = _tree_cpu(server.pid)  # against the wall time: how much the load took
            return marks
        finally:
            page.close()
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


def main() -> None:
    from playwright.sync_api import sync_playwright

    from app.config import load_settings
    from evals.bench.first_run import RULE_QUESTION, child_env, retrieval_question
    from evals.bench.gold import load_gold
    from evals.bench.stats import loadavg
    from evals.embedder_measure import emit

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cold-model-cache", action="store_true", help="an empty home folder: no ONNX export yet")
    parser.add_argument("--baseline", type=Path, default=None, metavar="DIR", help="another checkout, interleaved")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    settings = load_settings()
    passage_q = retrieval_question(load_gold(ROOT / "tests" / "data" / "retrieval_gold.jsonl"))
    work = Path(tempfile.mkdtemp(prefix="writeoff-first-run-"))
    runs: list[dict[str, float]] = []
    base: list[dict[str, float]] = []
    result: dict[str, Any] = {"load_start": loadavg(), "rule_question": RULE_QUESTION, "retrieval_question": passage_q,
                              "cold_model_cache": args.cold_model_cache}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for n in range(args.repeat):
                for name, checkout, into in (("baseline", args.baseline, base), ("ours", ROOT, runs)):
                    if checkout is None:
                        continue
                    home = Path(tempfile.mkdtemp(prefix="home-", dir=work)) if args.cold_model_cache else None
                    env = child_env(settings, work / f"data-{name}-{n}", home)
                    into.append(run_once(browser, env, RULE_QUESTION, passage_q, work / f"serve-{name}-{n}.log",
                                         checkout.resolve()))
                    print(f"run {n + 1} {name}: {json.dumps({k: round(v, 1) for k, v in into[-1].items()})}",
                          file=sys.stderr, flush=True)
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["runs"] = runs
    result["median_s"] = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    if base:
        result["baseline"] = {"checkout": str(args.baseline), "runs": base,
                              "median_s": {key: statistics.median(r[key] for r in base) for key in base[0]}}
        result["ratio_to_baseline"] = {key: result["median_s"][key] / result["baseline"]["median_s"][key]
                                       for key in result["median_s"]}
    result["load_end"] = loadavg()
    emit(result, args.out)


if __name__ == "__main__":
    main()
