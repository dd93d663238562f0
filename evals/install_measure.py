"""Time `make run`'s install step on fresh clones: pip vs uv, with a cold and a warm package cache (docs/benchmarks.md).

    python3.11 evals/install_measure.py --runs 3 --baseline 486a640 [--variants ...] [--out install.json]

Each run clones the repository into a new temp folder and times only the install command there (the clone is not
timed). Variants:

- `pip-before`: `make install` at the --baseline commit (venv, `pip install --upgrade pip`, `pip install -e .`).
- `pip-lock`: pip installing the same lock make uses: `pip install --require-hashes -r requirements/run.txt`, then
  the project with `--no-deps --no-build-isolation` (the machine's pip configuration finds the torch CPU wheel).
- `uv-lock`: `make install` at --rev (uv from requirements/run.txt).

Cold: a new, empty cache folder per run (PIP_CACHE_DIR, UV_CACHE_DIR). Warm: the cache folder the variant's first cold
run filled. Each round runs every variant cold, then warm, so load drift hits all alike; the load average is kept
with every run. Medians are reported. The installed package set (name==version, hashed) is kept per run: the same
lock must give the same set whichever installer ran it.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIP_LOCK = ("python3.11 -m venv .venv && .venv/bin/pip install --quiet --require-hashes -r requirements/run.txt "
            "&& .venv/bin/pip install --quiet --no-deps --no-build-isolation -e .")
VARIANTS = {  # name: (which commit, install command)
    "pip-before": ("baseline", "make install"),
    "pip-lock": ("rev", PIP_LOCK),
    "uv-lock": ("rev", "make install"),
}


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def run_once(repo: str, commit: str, command: str, cache: Path, work: Path) -> dict:
    clone = Path(tempfile.mkdtemp(prefix="install-", dir=work))
    try:
        subprocess.run(["git", "clone", "--quiet", repo, str(clone)], check=True)
        subprocess.run(["git", "checkout", "--quiet", commit], cwd=clone, check=True)
        env = {**os.environ, "PIP_CACHE_DIR": str(cache / "pip"), "UV_CACHE_DIR": str(cache / "uv")}
        load = _load()
        start = time.perf_counter()
        done = subprocess.run(["bash", "-c", command], cwd=clone, env=env, capture_output=True, text=True,
                              check=False)
        seconds = time.perf_counter() - start
        ok = done.returncode == 0 and (clone / ".venv" / "bin" / "writeoff").exists()
        # What got installed (name==version of every package but the project): the same lock must give the same set.
        freeze = subprocess.run([str(clone / ".venv" / "bin" / "python"), "-m", "pip", "freeze", "--all",
                                 "--exclude-editable"], capture_output=True, text=True, check=False).stdout
        packages = sorted(line for line in freeze.splitlines() if line and not line.startswith(("pip==", "uv==")))
        return {"seconds": round(seconds, 1), "ok": ok, "load_start": load, "load_end": _load(),
                "packages": len(packages), "set": hashlib.sha256("\n".join(packages).encode()).hexdigest()[:12],
                "tail": "" if ok else (done.stdout + done.stderr)[-2000:]}
    finally:
        shutil.rmtree(clone, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", default=str(ROOT), help="repository to clone (default: this checkout)")
    parser.add_argument("--rev", default="HEAD", help="commit with the lock files (default HEAD)")
    parser.add_argument("--baseline", required=True, help="commit before the lock files (pip-before)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--variants", nargs="+", choices=sorted(VARIANTS), default=list(VARIANTS))
    parser.add_argument("--workdir", type=Path, default=None, help="where clones and caches go (default: temp)")
    parser.add_argument("--out", type=Path, default=None, help="also write the JSON result here")
    args = parser.parse_args()
    commits = {"rev": subprocess.run(["git", "rev-parse", args.rev], cwd=args.repo, capture_output=True, text=True,
                                     check=True).stdout.strip(), "baseline": args.baseline}
    work = Path(tempfile.mkdtemp(prefix="install-measure-", dir=args.workdir))
    result: dict = {"commits": commits, "runs": args.runs, "samples": {}, "load_start": _load()}
    try:
        for i in range(args.runs):
            for name in args.variants:
                which, command = VARIANTS[name]
                for cache_state in ("cold", "warm"):
                    # the first cold run's cache is the variant's warm cache; later cold runs get a new, empty one
                    cache = work / f"cache-{name}-{i if cache_state == 'cold' else 0}"
                    sample = run_once(args.repo, commits[which], command, cache, work)
                    if cache_state == "cold" and i > 0:
                        shutil.rmtree(cache, ignore_errors=True)
                    result["samples"].setdefault(f"{name} {cache_state}", []).append(sample)
                    print(f"run {i + 1}: {name} {cache_state}: {sample['seconds']} s (load {sample['load_start']})"
                          + ("" if sample["ok"] else " FAILED:\n" + sample["tail"]), file=sys.stderr, flush=True)
                    if args.out:
                        args.out.write_text(json.dumps(result, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["load_end"] = _load()
    result["median_seconds"] = {k: statistics.median(s["seconds"] for s in v) for k, v in result["samples"].items()}
    if args.out:
        args.out.write_text(json.dumps(result, indent=2))
    print("| variant | cache | median s | runs (s) | load at start | packages (set) |")
    print("|---|---|---|---|---|---|")
    for key, samples in result["samples"].items():
        name, cache_state = key.split()
        sets = sorted({f"{s['packages']} ({s['set']})" for s in samples})
        print(f"| {name} | {cache_state} | {result['median_seconds'][key]:.1f} | "
              f"{', '.join(str(s['seconds']) for s in samples)} | {', '.join(str(s['load_start']) for s in samples)} "
              f"| {', '.join(sets)} |")


if __name__ == "__main__":
    main()
