"""Evaluation page: run the suites (packaged, the dev set, your own uploaded Q&A) from the browser, follow the run,
and read the result like a reviewer. Without a run in the URL it shows the newest report on disk (`writeoff eval`'s
or a page run's)."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from app.ui import eval_report, eval_run, state
from app.ui.render import inert
from evals import jobs
from evals.history import latest_run, reports_root

settings = state.settings()
st.set_page_config(page_title="Writeoff: evaluation", page_icon=":material/monitoring:", layout="wide")
st.title("Evaluation")

run_id = eval_run.current_run_id()
status = jobs.read_status(settings.data_dir, run_id) if run_id else None
if run_id and status is None:
    st.warning("That run is not in this data folder (it may have been removed); showing the newest report instead.")
running = bool(status and status.get("state") == jobs.RUNNING)

# Open when no run is in the URL (the first visit); folded while a run's progress or report is the subject.
with st.expander("Run the suites", expanded=run_id is None, icon=":material/play_circle:"):
    eval_run.run_form(settings, busy=running)


def _run_label(s: dict) -> str:
    started = str(s.get("started") or "")[:16].replace("T", " ")
    suites = ", ".join(p.rsplit("/", 1)[-1] for p in s.get("suites") or [])
    return f"{started} UTC · {suites} · {s.get('state')} · {s.get('passed', 0)}/{s.get('total', 0)} passed"


recent = jobs.recent(settings.data_dir, limit=10)
if recent:
    # Links, not a select box: the URL alone says which run is shown, so nothing on the page can disagree with it.
    with st.expander(f"Runs started here ({len(recent)} most recent)", icon=":material/history:"):
        st.page_link("pages/3_Evaluation.py", label="The newest report on disk", icon=":material/description:")
        for s in recent:
            current = " (shown)" if s["id"] == run_id else ""
            st.page_link("pages/3_Evaluation.py", label=inert(_run_label(s) + current), query_params={"run": s["id"]},
                         icon=":material/play_circle:" if s.get("state") == jobs.RUNNING else ":material/history:")

if status and running:
    eval_run.follow(settings.data_dir, run_id)
    st.stop()
if status:
    eval_run.outcome_notice(status)

if status and status.get("state") == jobs.DONE:
    found = jobs.report_of(settings.data_dir, run_id)
else:
    found = latest_run(reports_root(settings.data_dir))
    if found is not None and status:
        when = dt.datetime.fromtimestamp(found[0].stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        st.caption(f"Below: the newest report on disk ({when}), not this run.")
if found is None:
    root = reports_root(settings.data_dir)
    st.info(f"No evaluation report yet. Run the suites above, or run `writeoff eval`; reports land in "
            f"{inert(str(root))}.")
    st.stop()

eval_report.show(*found)
