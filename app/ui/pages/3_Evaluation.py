"""Evaluation page: the latest eval run (written by `writeoff eval` under <data_dir>/eval-reports), with charts."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import streamlit as st

from app.ui import state
from app.ui.render import inert

settings = state.settings()
st.set_page_config(page_title="Writeoff: evaluation", page_icon=":material/monitoring:", layout="wide")
st.title("Evaluation")

METRICS = (
    ("pass_rate", "Pass rate", True),
    ("verdict_accuracy", "Verdict accuracy", True),
    ("authority_accuracy", "Authority cited", True),
    ("recall_at_5", "Recall@5", True),
    ("mrr", "MRR", False),
    ("latency_p50", "Latency p50 (s)", False),
    ("latency_p95", "Latency p95 (s)", False),
)


def latest_run(root: Path) -> tuple[Path, dict[str, Any]] | None:
    """The newest readable results.json under the reports folder (runs may sit in sub-folders per suite)."""
    if not root.is_dir():
        return None
    for path in sorted(root.rglob("results.json"), key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and isinstance(data.get("summary"), dict):
            return path, data
    return None


def _fmt(value: Any, pct: bool) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1%}" if pct else f"{value:.3g}"


root = settings.data_dir / "eval-reports"
found = latest_run(root)
if found is None:
    st.info(f"No evaluation report yet. Run `writeoff eval`; its report lands in {inert(str(root))}.")
    st.stop()

path, run = found
summary = run["summary"]
overall = summary.get("overall") or {}
prev = run.get("previous_summary") or {}
when = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
st.caption(f"Report {inert(str(path))} · written {when} · {overall.get('cases', '?')} cases, "
           f"{overall.get('passed', '?')} passed")

cols = st.columns(4)
for i, (key, label, pct) in enumerate(METRICS):
    value = overall.get(key)
    delta = None
    if isinstance(value, (int, float)) and isinstance(prev.get(key), (int, float)):
        change = value - prev[key]
        delta = _fmt(change, pct) if change else None
    cols[i % 4].metric(label, _fmt(value, pct), delta=delta,
                       delta_color="inverse" if key.startswith("latency") else "normal")

categories = summary.get("categories") or {}
if categories:
    st.subheader("Pass rate per category")
    st.bar_chart({"category": list(categories), "pass rate": [(g.get("pass_rate") or 0.0) for g in categories.values()]},
                 x="category", y="pass rate", horizontal=True)

cases = [c for c in run.get("cases") or [] if isinstance(c, dict)]
latencies = [float(c["latency"]) for c in cases if isinstance(c.get("latency"), (int, float))]
if latencies:
    st.subheader("Latency per case (seconds)")
    st.bar_chart({"case": [c.get("id", "") for c in cases if isinstance(c.get("latency"), (int, float))],
                  "seconds": latencies}, x="case", y="seconds", sort="-seconds")

if cases:
    st.subheader("Cases")
    only_failed = st.toggle("Failures only", key="eval_failed_only")
    st.dataframe(
        [
            {
                "id": c.get("id"),
                "category": c.get("category"),
                "passed": bool(c.get("passed")),
                "verdict": c.get("verdict"),
                "expected": c.get("expected_verdict"),
                "change": c.get("change", ""),
                "failures": "; ".join(map(str, c.get("failures") or [])),
            }
            for c in cases
            if not only_failed or not c.get("passed")
        ],
        hide_index=True,
        key="eval_cases",
    )

html = path.with_name("report.html")
if html.is_file():
    st.download_button("Download the full HTML report", html.read_bytes(), file_name="writeoff-eval-report.html",
                       mime="text/html", icon=":material/download:")
