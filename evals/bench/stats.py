"""Small measurement helpers: summaries of repeated samples (with evals.percentile), machine facts, peak RSS of a
child process.

Medians, never single samples: every timing in the bench is a list summarised here.
"""
from __future__ import annotations

import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from evals.percentile import percentile


def summarize(samples: Sequence[float]) -> dict[str, float]:
    """p50 / p95 / mean / n of samples (seconds in, seconds out)."""
    return {
        "n": len(samples),
        "p50": percentile(samples, 50),
        "p95": percentile(samples, 95),
        "mean": statistics.fmean(samples),
        "min": min(samples),
    }


def timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    """(seconds, fn(*args, **kwargs))."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def loadavg() -> list[float]:
    # The machine is shared: a timing taken at load 3 on 2 cores means something else than at load 0.2.
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _mem_total_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return 0.0


def machine_info() -> dict[str, Any]:
    return {
        "nproc": os.cpu_count() or 0,
        "cpu": _cpu_model(),
        "mem_gb": _mem_total_gb(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }


# Linux records the old memory's high-water mark in a process's maxrss when it execs, so a child started straight
# from this (large, model-holding) process would report this process's peak. A tiny launcher starts the real child
# and reports exactly that child's peak (KiB) through a file.
_LAUNCHER = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def run_child(argv: list[str], *, env: dict[str, str], cwd: Path, log_path: Path,
              timeout: float = 300.0) -> dict[str, Any]:
    """Run a process to completion; return wall seconds (including the launcher's ~30 ms start), exit code, peak RSS
    (MB) of that child and its output."""
    rss_file = log_path.with_suffix(".rss")
    with log_path.open("w+b") as out:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(rss_file), *argv], env=env, cwd=str(cwd),
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the launcher and the child it started
            proc.wait()
        except BaseException:  # the bench itself is being stopped (SIGTERM, Ctrl-C): take the child with it
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise
        seconds = time.perf_counter() - start
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    try:
        peak_kib = float(rss_file.read_text())
    except (OSError, ValueError):
        peak_kib = 0.0  # killed before it could report
    return {
        "seconds": seconds,
        "returncode": proc.returncode,
        "peak_rss_mb": peak_kib / 1024.0,
        "output": output,
    }
