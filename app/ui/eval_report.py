"""One evaluation run read like a reviewer would: headline numbers with the change since the previous run of the same
suites, downloads, then every case (failures first) with question, answer, what was expected, which check failed,
the citations and what changed; filters by category and status.

The run is a results.json written by evals.report (the CLI's or a page run's); anything may be missing from an older
file, so every field is read with a default. Question and answer text go through `inert()` and identifiers are
masked, as in the chat.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import streamlit as st

from app.pii import mask
from app.ui.render import inert

METRICS = (
    ("pass_rate", "Pass rate", True),
    ("verdict_accuracy", "Verdict accuracy", True),
    ("authority_accuracy", "Authority cited", True),
    ("recall_at_5", "Recall@5", True),
    ("mrr", "MRR", False),
    ("latency_p50", "Latency p50 (s)", False),
    ("latency_p95", "Latency p95 (s)", False),
)
STATUSES = ("All", "Failed", "Passed", "Changed")
CHANGE_WORDS = {"new": "not in the previous run", "same": "same as the previous run"}
LONG = 3000  # characters of a question or answer shown before "[...]" (the adversarial suite has 10,000+)


def _fmt(value: Any, pct: bool) -> str:
    if not isinstance(value, (int, float)):
        return "n/a"
    return f"{value:.1%}" if pct else f"{value:.3g}"


def _short(text: str) -> str:
    return text if len(text) <= LONG else text[:LONG] + f" [... {len(text) - LONG:,} more characters]"


def checks(case: dict[str, Any]) -> list[tuple[bool, str]]:
    """(passed, plain words) for each check the case asked for, failures worded as what went wrong."""
    out: list[tuple[bool, str]] = []
    if case.get("error"):
        out.append((False, f"The engine failed: {case['error']}"))
    if case.get("expected_verdict"):
        ok = case.get("verdict_ok") is not False
        out.append((ok, f"Verdict: {case.get('verdict')!s}" + ("" if ok else f", expected {case['expected_verdict']}")))
    if case.get("expected_verdicts"):
        ok = case.get("asks_ok") is not False
        got = [a.get("verdict") or "-" for a in case.get("asks") or []]
        out.append((ok, f"Verdict per question: {', '.join(got) or 'none'}"
                    + ("" if ok else f", expected {', '.join(v or 'any' for v in case['expected_verdicts'])}")))
    missing = set(case.get("missing") or [])
    for phrase in case.get("must_include") or sorted(missing):
        out.append((phrase not in missing, f"Must include “{phrase}”" + (": missing" if phrase in missing else "")))
    found = set(case.get("forbidden") or [])
    for phrase in case.get("must_not_include") or sorted(found):
        out.append((phrase not in found, f"Must not include “{phrase}”" + (": found" if phrase in found else "")))
    if case.get("authority") or case.get("authority_ok") is not None:
        wanted = ", ".join(case.get("authority") or []) or "the expected authority"
        ok = case.get("authority_ok") is not False
        out.append((ok, f"Cites one of: {wanted}" + ("" if ok else ": none of them cited")))
    return out


def _label(case: dict[str, Any]) -> str:
    change = case.get("change") or ""
    shown = f" · {change}" if change and change not in ("same", "new") else ""
    return f"{case.get('id', '?')} · {case.get('category', '')}{shown}"


def _case(case: dict[str, Any], first_run: bool) -> None:
    passed = bool(case.get("passed"))
    icon = ":material/check_circle:" if passed else ":material/cancel:"
    with st.expander(inert(_label(case)), icon=icon, expanded=False):
        where = ""
        if case.get("where"):  # "path/to/file.jsonl:12": the file's name and line are what a reviewer needs
            source, _, line = str(case["where"]).rpartition(":")
            where = f" · {Path(source).name} line {line}" if source else f" · {case['where']}"
        follows = f" · follows up {case['follow_up_of']}" if case.get("follow_up_of") else ""
        st.caption(inert(f"{'Passed' if passed else 'Failed'}{follows}{where} · {case.get('latency') or 0:.2f} s"))
        st.markdown("**Question**  \n" + (inert(_short(mask(case.get("question") or ""))) or "_(empty)_"))
        answer = case.get("answer") or ""
        meta = " · ".join(str(x) for x in (case.get("verdict"), case.get("source"), case.get("tax_year")) if x)
        st.markdown(f"**Answer** ({inert(meta)})  \n" + (inert(_short(mask(answer))) or "_(no answer)_"))
        expected = [f"verdict **{inert(case['expected_verdict'])}**"] if case.get("expected_verdict") else []
        if case.get("expected"):
            expected.append(inert(case["expected"]))
        st.markdown("**Expected**  \n" + ("  \n".join(expected) or "_(no reference answer or verdict)_"))
        st.markdown("**Checks**  \n" + ("  \n".join(
            f"{':green[✓]' if ok else ':red[✗]'} {inert(text)}" for ok, text in checks(case)) or "_(none)_"))
        cites = case.get("citations") or []
        st.markdown("**Citations**  \n" + (inert(", ".join(map(str, cites))) or "_(none)_"))
        change = case.get("change") or ""
        words = CHANGE_WORDS.get(change, change)
        if first_run:
            words = "nothing to compare with: the first run of these suites"
        st.markdown("**Since the previous run of these suites**  \n" + inert(words))


def _headline(run: dict[str, Any], path: Path) -> None:
    meta, summary = run.get("meta") or {}, run.get("summary") or {}
    overall, prev = summary.get("overall") or {}, run.get("previous_summary") or {}
    suites = ", ".join(Path(s).name for s in meta.get("suites") or []) or "unknown suites"
    cats = f" · categories {', '.join(meta['categories'])}" if meta.get("categories") else ""
    try:
        when = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    except OSError:
        when = "?"
    st.caption(inert(f"{suites}{cats} · written {when} · {overall.get('cases', '?')} cases, "
                     f"{overall.get('passed', '?')} passed") +
               ("" if prev else " · first run of these suites (nothing to compare with)"))
    gate = meta.get("gate") or {}
    if gate:
        words = "passed" if gate.get("passed") else "failed: " + "; ".join(gate.get("reasons") or [])
        (st.success if gate.get("passed") else st.warning)(inert(f"Gate (pass rate ≥ "
                                                                 f"{_fmt(gate.get('min_pass'), True)}): {words}"))
    cols = st.columns(4)
    for i, (key, label, pct) in enumerate(METRICS):
        value, before = overall.get(key), prev.get(key)
        delta = None
        if isinstance(value, (int, float)) and isinstance(before, (int, float)) and value != before:
            delta = _fmt(value - before, pct)
        cols[i % 4].metric(label, _fmt(value, pct), delta=delta,
                           delta_color="inverse" if key.startswith("latency") else "normal")


def _downloads(run: dict[str, Any], path: Path) -> None:
    left, right = st.columns(2)
    html = path.with_name("report.html")
    if html.is_file():
        left.download_button("Download the HTML report", html.read_bytes(), file_name="writeoff-eval-report.html",
                             mime="text/html", icon=":material/download:", on_click="ignore", key="dl_html")
    right.download_button("Download the JSON report", json.dumps(run, indent=2, default=str).encode("utf-8"),
                          file_name="writeoff-eval-results.json", mime="application/json",
                          icon=":material/data_object:", on_click="ignore", key="dl_json")


def ordered(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Failures first (engine errors first among them), then passes; file order within each group."""
    return sorted(cases, key=lambda c: (bool(c.get("passed")), not c.get("error")))


def matches(case: dict[str, Any], categories: list[str], status: str) -> bool:
    if categories and case.get("category") not in categories:
        return False
    if status == "Failed":
        return not case.get("passed")
    if status == "Passed":
        return bool(case.get("passed"))
    if status == "Changed":  # now failing / now passing / verdict or answer changed
        return case.get("change") not in ("same", "new", None, "")
    return True


def show(path: Path, run: dict[str, Any]) -> None:
    _headline(run, path)
    _downloads(run, path)
    categories = (run.get("summary") or {}).get("categories") or {}
    if len(categories) > 1:
        st.subheader("Pass rate per category")
        st.bar_chart({"category": list(categories),
                      "pass rate": [(g.get("pass_rate") or 0.0) for g in categories.values()]},
                     x="category", y="pass rate", horizontal=True)
    cases = [c for c in run.get("cases") or [] if isinstance(c, dict)]
    if not cases:
        return
    st.subheader("Cases")
    left, right = st.columns([3, 2])
    chosen = left.multiselect("Categories", sorted({str(c.get("category", "")) for c in cases}),
                              key="eval_filter_categories", placeholder="All categories")
    status = right.segmented_control("Status", STATUSES, default="All", key="eval_filter_status") or "All"
    shown = [c for c in ordered(cases) if matches(c, chosen, status)]
    failed = sum(1 for c in shown if not c.get("passed"))
    st.caption(f"{len(shown)} of {len(cases)} cases shown, {failed} failed (failures first)")
    first_run = not run.get("previous_summary")
    for case in shown:
        _case(case, first_run)
