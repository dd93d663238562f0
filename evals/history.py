"""Finding earlier runs on disk: the newest report to show, and the previous run of the same suites to compare with.

Reports live under `<data_dir>/eval-reports`: `writeoff eval` writes there (or to --report), the page writes one
folder per run under `runs/`. A run's meta carries `suite_key` (evals.runner.suite_key), which says which runs are
runs of the same suites.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from evals.report import RESULTS, load_run

REPORTS = "eval-reports"


def reports_root(data_dir: Path) -> Path:
    return Path(data_dir) / REPORTS


def _newest_first(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    found = []
    for path in root.rglob(RESULTS):
        try:
            found.append((path.stat().st_mtime, path))
        except OSError:  # removed while we looked
            continue
    return [p for _, p in sorted(found, reverse=True)]


def latest_run(root: Path) -> tuple[Path, dict[str, Any]] | None:
    """The newest readable results.json under `root` (the CLI's folder, --report folders inside it, page runs)."""
    for path in _newest_first(root):
        run = load_run(path)
        if run is not None and isinstance(run.get("summary"), dict):
            return path, run
    return None


def previous_of(root: Path, key: str, exclude: Path | None = None) -> dict[str, Any] | None:
    """The newest finished run whose meta has this suite_key (not the one in `exclude`), or None."""
    for path in _newest_first(root):
        if exclude is not None and path.parent == exclude:
            continue
        run = load_run(path)
        if run is not None and (run.get("meta") or {}).get("suite_key") == key:
            return run
    return None
