"""The bench's first-run section: from an empty data folder to the first rule answer and the first retrieval answer.

One `writeoff chat` child per run, on an empty data folder (the real manifest and documents), as a new user's first
session: it starts building the index in the background at once, is asked a rule question and then a question only
the IRS passages answer, and stdin closes (the chat then waits for the index and answers the deferred question
before it exits). Each line the child prints is timestamped from the moment it was started: the prompt appearing,
the rule answer, the "index is being built" reply, the retrieval answer. Peak RSS is the child's own VmHWM (read
from /proc while it runs: the peak of its memory since it started Python, not inherited from the bench process).
`cold_model_cache` gives the child an empty home folder, so it also pays the one-time ONNX export a fresh machine
pays (~/.cache/writeoff/onnx).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from app.config import PROJECT_ROOT, Settings

RULE_QUESTION = "Can I deduct the loss in my traditional IRA for 2024?"
FALLBACK_QUESTION = "What are the rules for stock basis in a gift?"  # no rule answers it
TIMEOUT = 1800.0  # seconds: a full ingest on 2 loaded cores can take 10 minutes
_HWM = re.compile(r"^VmHWM:\s+(\d+) kB", re.MULTILINE)


def retrieval_question(gold: list[Any]) -> str:
    """The first gold question the rules leave to retrieval (neither an answer nor a clarifying question); a fixed
    one when the rules answer them all (a small gold set)."""
    from app.conversation import Conversation
    from app.rules import respond

    for question in [*(str(item.question) for item in gold), FALLBACK_QUESTION]:
        outcome = respond(question, Conversation())
        if outcome.answer is None and not outcome.clarifying_question:
            return question
    raise RuntimeError("the rules answer every question, even the fallback: no retrieval question to time")


def child_env(settings: Settings, data_dir: Path, home: Path | None = None) -> dict[str, str]:
    """The bench's settings for a child (it reads them from the environment), on `data_dir` and embedded Chroma."""
    env = dict(os.environ)
    for key, value in settings.model_dump().items():
        secret = getattr(value, "get_secret_value", None)
        env[f"WRITEOFF_{key.upper()}"] = str(secret() if secret else value)
    env.update(WRITEOFF_DATA_DIR=str(data_dir), WRITEOFF_CHROMA_HOST="", WRITEOFF_LLM_BACKEND="none",
               HF_HUB_OFFLINE="1", PYTHONUNBUFFERED="1")
    if home is not None:
        env["HOME"] = str(home)
    return env


def _peak_kib(pid: int) -> int:
    try:
        found = _HWM.search(Path(f"/proc/{pid}/status").read_text())
    except OSError:
        return 0
    return int(found.group(1)) if found else 0


class _Timeline:
    """The child's output, each line with the seconds since the child was started."""

    def __init__(self, proc: subprocess.Popen, started: float) -> None:
        self.lines: list[tuple[float, str]] = []
        self.started = started
        self.peak_kib = 0
        self._proc = proc
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self._proc.stdout is not None
        buffer = ""
        while chunk := self._proc.stdout.read1(4096):  # type: ignore[union-attr]
            buffer += chunk.decode("utf-8", "replace")
            now = time.perf_counter() - self.started
            *done, buffer = buffer.split("\n")
            self.lines += [(now, line) for line in done]
            if buffer.startswith("you>"):  # the prompt has no newline after it
                self.lines.append((now, buffer))
        if buffer:
            self.lines.append((time.perf_counter() - self.started, buffer))

    def wait(self, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while self._proc.poll() is None:
            self.peak_kib = max(self.peak_kib, _peak_kib(self._proc.pid))
            if time.monotonic() > deadline:
                self._proc.kill()
                break
            time.sleep(0.2)
        self._reader.join(timeout=10)
        return int(self._proc.wait())

    def first(self, pattern: str, after: float = 0.0) -> float | None:
        rx = re.compile(pattern)
        return next((t for t, line in self.lines if t >= after and rx.search(line)), None)

    def text(self) -> str:
        return "\n".join(line for _, line in self.lines)


def run_once(env: dict[str, str], rule_question: str, retrieval_question: str, *, timeout: float = TIMEOUT
             ) -> dict[str, Any]:
    """One first session; seconds from process start to each milestone, peak RSS in MB."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "chat"], cwd=PROJECT_ROOT, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    timeline = _Timeline(proc, started)
    try:
        assert proc.stdin is not None
        proc.stdin.write(f"{rule_question}\n{retrieval_question}\n".encode())
        proc.stdin.close()  # end of input: the chat answers what waits for the index, then exits
        code = timeline.wait(timeout)
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    out = {
        "returncode": code,
        "prompt_s": timeline.first(r"^you>"),
        "rule_answer_s": timeline.first(r"^\[rule "),
        "deferred_s": timeline.first(r"search index is being built"),
        "retrieval_answer_s": timeline.first(r"^\[retrieval", after=timeline.first(r"Your earlier question") or 0),
        "exit_s": time.perf_counter() - started,
        "peak_rss_mb": timeline.peak_kib / 1024.0,
    }
    if code != 0 or out["rule_answer_s"] is None or out["retrieval_answer_s"] is None:
        raise RuntimeError(f"the first-run chat did not answer both questions (exit {code}): {timeline.text()[-600:]}")
    return out


def measure(settings: Settings, root: Path, gold: list[Any], repeat: int, *, cold_model_cache: bool = False,
            say: Any = None) -> dict[str, Any]:
    """`repeat` first sessions, each on its own empty data folder under `root`: every run, and the medians."""
    from evals.bench.stats import summarize

    question = retrieval_question(gold)
    runs = []
    for n in range(repeat):
        home = Path(tempfile.mkdtemp(prefix="home-", dir=root)) if cold_model_cache else None
        run = run_once(child_env(settings, root / f"first-run-{n}", home), RULE_QUESTION, question)
        runs.append(run)
        if say:
            say(f"  first run {n + 1}: rule answer {run['rule_answer_s']:.1f}s, retrieval answer "
                f"{run['retrieval_answer_s']:.1f}s, peak RSS {run['peak_rss_mb']:.0f} MB")
    out: dict[str, Any] = {"rule_question": RULE_QUESTION, "retrieval_question": question,
                           "cold_model_cache": cold_model_cache, "runs": runs,
                           "peak_rss_mb": max(r["peak_rss_mb"] for r in runs)}
    for key in ("prompt_s", "rule_answer_s", "deferred_s", "retrieval_answer_s"):
        samples = [r[key] for r in runs if r[key] is not None]
        out[f"{key[:-2]}_seconds"] = summarize(samples) if samples else None
    return out
