"""Writes a run to disk: results.json (everything, machine-readable) and report.html (self-contained: inline CSS and
SVG charts, no scripts, no external files), keeping the run before as previous.json so each case shows what changed.
"""
from __future__ import annotations

import json
import os
from html import escape
from pathlib import Path
from typing import Any

from app.jsonfile import write_json
from evals.metrics import CaseResult
from evals.percentile import percentile

RESULTS = "results.json"
PREVIOUS = "previous.json"
HTML = "report.html"


def load_run(path: Path) -> dict[str, Any] | None:
    """A results.json written earlier, or None when absent or unreadable (a broken old file must not stop a run)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("cases"), list) else None


def diff_case(result: CaseResult, before: dict[str, Any] | None) -> str:
    """One short phrase: how this case differs from the previous run."""
    if before is None:
        return "new"
    was = bool(before.get("passed"))
    if was and not result.passed:
        return "now failing"
    if result.passed and not was:
        return "now passing"
    changes = []
    if before.get("verdict") != result.verdict:
        changes.append(f"verdict {before.get('verdict')} -> {result.verdict}")
    if before.get("answer") != result.answer:
        changes.append("answer text changed")
    if sorted(before.get("failures", [])) != sorted(result.failures):
        changes.append("failures changed")
    return "; ".join(changes) or "same"


def build_run(results: list[CaseResult], summary: dict[str, Any], meta: dict[str, Any],
              previous: dict[str, Any] | None) -> dict[str, Any]:
    before = {c.get("id"): c for c in (previous or {}).get("cases", []) if isinstance(c, dict)}
    cases = []
    for r in results:
        d = r.to_dict()
        d["change"] = diff_case(r, before.get(r.id))
        cases.append(d)
    prev_overall = ((previous or {}).get("summary") or {}).get("overall") or {}
    return {"meta": meta, "summary": summary, "previous_summary": prev_overall or None, "cases": cases}


def write_report(report_dir: Path, results: list[CaseResult], summary: dict[str, Any],
                 meta: dict[str, Any], previous: dict[str, Any] | None = None) -> dict[str, Path]:
    """Rotate results.json -> previous.json, then write results.json and report.html. Returns the paths. The diff
    is against `previous` when given (the page's run of the same suites), else against the rotated results.json."""
    report_dir = Path(report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    current = report_dir / RESULTS
    rotated = load_run(current)
    if current.exists():
        os.replace(current, report_dir / PREVIOUS)
    run = build_run(results, summary, meta, previous if previous is not None else rotated)
    write_json(current, run, indent=2, default=str)  # atomic: a crash mid-write never leaves half a results.json
    html_path = report_dir / HTML
    html_path.write_text(render_html(run), encoding="utf-8")
    paths = {"json": current, "html": html_path}
    if (report_dir / PREVIOUS).exists():
        paths["previous"] = report_dir / PREVIOUS
    return paths


# ---- HTML ----------------------------------------------------------------------------------------------------------

def _fmt(value: Any, pct: bool = False) -> str:
    if value is None:
        return "-"
    if pct:
        return f"{100 * value:.0f}%"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def bar_chart_svg(rates: dict[str, float | None]) -> str:
    """Horizontal bars, one per category, 0-100%."""
    row, label_w, bar_w = 22, 170, 320
    height = row * max(len(rates), 1) + 10
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 60}" height="{height}" '
              f'role="img" aria-label="pass rate per category">')]
    for i, (name, rate) in enumerate(rates.items()):
        y = 5 + i * row
        width = int(bar_w * (rate or 0.0))
        color = "#2e7d32" if (rate or 0) >= 0.85 else "#f9a825" if (rate or 0) >= 0.6 else "#c62828"
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">{escape(name)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="16" fill="#eee"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{width}" height="16" fill="{color}"/>')
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 15}" font-size="12">{_fmt(rate, pct=True)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def histogram_bins(values: list[float], bins: int = 12) -> list[tuple[float, float, int]]:
    """(low, high, count) per equal-width bin from 0; the range stops at 1.5 x the 95th percentile so one slow case
    (a cold start) does not squash the rest into one bar, and the last bin also counts everything above it."""
    if not values:
        return []
    top = min(max(values), 1.5 * percentile(values, 95)) or max(values) or 1.0
    width = top / bins
    counts = [0] * bins
    for v in values:
        counts[min(int(v / width), bins - 1)] += 1
    return [(i * width, (i + 1) * width, counts[i]) for i in range(bins)]


def histogram_svg(values: list[float]) -> str:
    bins = histogram_bins(values)
    w, h, pad = 480, 160, 30
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h + pad}" role="img" '
              f'aria-label="latency histogram">')]
    if bins:
        most = max(c for _, _, c in bins) or 1
        bw = (w - 2 * pad) / len(bins)
        for i, (lo, hi, count) in enumerate(bins):
            bh = (h - 20) * count / most
            x = pad + i * bw
            parts.append(f'<rect x="{x:.1f}" y="{h - bh:.1f}" width="{bw - 2:.1f}" height="{bh:.1f}" fill="#1565c0">'
                         f'<title>{lo:.2f}-{hi:.2f}s: {count}</title></rect>')
            if count:
                parts.append(f'<text x="{x + bw / 2:.1f}" y="{h - bh - 3:.1f}" font-size="10" '
                             f'text-anchor="middle">{count}</text>')
        parts.append(f'<text x="{pad}" y="{h + 16}" font-size="11">0 s</text>')
        more = "+" if max(values) > bins[-1][1] + 1e-9 else ""
        parts.append(f'<text x="{w - pad}" y="{h + 16}" font-size="11" text-anchor="end">'
                     f'{bins[-1][1]:.2f}{more} s</text>')
    parts.append("</svg>")
    return "".join(parts)


_COLUMNS = [("cases", False), ("pass_rate", True), ("verdict_accuracy", True), ("authority_accuracy", True),
            ("must_include_failures", False), ("must_not_include_failures", False), ("errors", False),
            ("recall_at_5", False), ("mrr", False), ("latency_p50", False), ("latency_p95", False)]


def _judged(summary: dict[str, Any]) -> bool:
    o = summary["overall"]
    return o.get("faithfulness") is not None or o.get("relevancy") is not None


def _summary_table(summary: dict[str, Any]) -> str:
    columns = _COLUMNS + ([("faithfulness", False), ("relevancy", False)] if _judged(summary) else [])
    head = "".join(f"<th>{escape(c.replace('_', ' '))}</th>" for c, _ in columns)
    rows = []
    groups = [("overall", summary["overall"])] + list(summary["categories"].items())
    for name, g in groups:
        cells = "".join(f"<td>{_fmt(g.get(c), pct)}</td>" for c, pct in columns)
        rows.append(f"<tr><th>{escape(name)}</th>{cells}</tr>")
    return f"<table><tr><th>group</th>{head}</tr>{''.join(rows)}</table>"


def _case_rows(cases: list[dict[str, Any]]) -> str:
    rows = []
    for c in cases:
        status = "pass" if c["passed"] else "fail"
        fails = "<br>".join(escape(f) for f in c.get("failures", [])) or "&nbsp;"
        question = c["question"] if len(c["question"]) <= 600 else c["question"][:600] + " [...]"
        cites = ", ".join(escape(x) for x in c.get("citations", []))
        follow = f"<br><small>follows {escape(c['follow_up_of'])}</small>" if c.get("follow_up_of") else ""
        wanted = " · ".join(x for x in (c.get("expected_verdict") or "", c.get("expected") or "") if x)
        if wanted:
            fails = f"{fails}<br><small>expected: {escape(wanted)}</small>"
        rows.append(
            f'<tr class="{status}"><td><b>{escape(c["id"])}</b><br><small>{escape(c["category"])}</small>{follow}</td>'
            f"<td>{status}</td><td>{escape(question)}</td>"
            f'<td><div class="ans">{escape(c.get("answer", ""))}</div><small>{escape(c.get("verdict", ""))} · '
            f'{escape(c.get("source", ""))} · {cites}</small></td>'
            f"<td>{fails}</td><td>{escape(c.get('change', ''))}</td><td>{c.get('latency', 0):.2f}s</td></tr>")
    return ("<table><tr><th>case</th><th>result</th><th>question</th><th>answer</th><th>what failed</th>"
            f"<th>vs previous run</th><th>latency</th></tr>{''.join(rows)}</table>")


def render_html(run: dict[str, Any]) -> str:
    summary, meta = run["summary"], run.get("meta", {})
    rates = {name: g.get("pass_rate") for name, g in summary["categories"].items()}
    latencies = [float(c.get("latency", 0.0)) for c in run["cases"]]
    prev = run.get("previous_summary")
    prev_line = ""
    if prev:
        prev_line = (f"<p>Previous run: pass rate {_fmt(prev.get('pass_rate'), True)} over {prev.get('cases')} "
                     f"cases.</p>")
    gate = meta.get("gate", {})
    gate_line = (f"<p>Gate: <b>{'passed' if gate.get('passed') else 'FAILED'}</b> "
                 f"(min pass rate {_fmt(gate.get('min_pass'), True)}). {escape('; '.join(gate.get('reasons', [])))}"
                 f"</p>") if gate else ""
    meta_rows = "".join(f"<tr><th>{escape(str(k))}</th><td>{escape(json.dumps(v, default=str))}</td></tr>"
                        for k, v in meta.items() if k != "gate")
    style = ("body{font-family:system-ui,sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse;"
             "margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;font-size:13px;"
             "text-align:left}tr.fail td{background:#fff3f3}tr.pass td{background:#f4fbf4}"
             ".ans{max-width:520px;max-height:220px;overflow:auto;white-space:pre-wrap}")
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Writeoff eval report</title>"
            f"<style>{style}</style></head><body><h1>Writeoff evaluation</h1>{gate_line}{prev_line}"
            f"{_summary_table(summary)}<h2>Pass rate per category</h2>{bar_chart_svg(rates)}"
            f"<h2>Latency (seconds per case)</h2>{histogram_svg(latencies)}<h2>Cases (failures first)</h2>"
            f"{_case_rows(sorted(run['cases'], key=lambda c: bool(c.get('passed'))))}"
            f"<h2>Run</h2><table>{meta_rows}</table></body></html>")


def format_summary(summary: dict[str, Any]) -> str:
    """A plain-text table for the terminal: one row for overall, one per category."""
    cols = [("cases", "n", False), ("pass_rate", "pass", True), ("verdict_accuracy", "verdict", True),
            ("authority_accuracy", "authority", True), ("must_include_failures", "incl.fail", False),
            ("must_not_include_failures", "excl.fail", False), ("errors", "errors", False),
            ("recall_at_5", "recall@5", False), ("mrr", "MRR", False), ("latency_p50", "p50 s", False),
            ("latency_p95", "p95 s", False)]
    if _judged(summary):
        cols += [("faithfulness", "faithful", False), ("relevancy", "relevant", False)]
    groups = [("overall", summary["overall"])] + list(summary["categories"].items())
    name_w = max(len(n) for n, _ in groups)
    header = f"{'category':<{name_w}}  " + "  ".join(f"{label:>9}" for _, label, _ in cols)
    lines = [header, "-" * len(header)]
    for name, g in groups:
        lines.append(f"{name:<{name_w}}  " + "  ".join(f"{_fmt(g.get(k), pct):>9}" for k, _, pct in cols))
    return "\n".join(lines)
