"""Small measurement helpers: percentiles over repeated samples, machine facts, peak RSS of a child process.

Medians, never single samples: every timing in the bench is a list summarised here.
"""
from __future__ import annotations

import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def percentile(samples: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100); the same definition numpy uses by default."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    pos = (len(ordered) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


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


def run_child(argv: list[str], *, env: dict[str, str], cwd: Path, log_path: Path,
              timeout: float = 300.0) -> dict[str, Any]:
    """Run a process to completion; return wall seconds, exit code, peak RSS (MB) of that child and its output.

    os.wait4 gives the rusage of exactly this child (ru_maxrss in KiB on Linux), unlike RUSAGE_CHILDREN, which
    would mix in every child this process ever reaped.
    """
    with log_path.open("w+b") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, cwd=str(cwd), stdout=out, stderr=subprocess.STDOUT)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    return {
        "seconds": seconds,
        "returncode": proc.returncode,
        "peak_rss_mb": usage.ru_maxrss / 1024.0,
        "output": output,
    }
