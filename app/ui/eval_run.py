"""Starting an evaluation from the page and following it: pick suites and categories, upload your own Q&A (checked
line by line before it is kept), the template, Run, and a progress bar per case that survives a reload.

The run itself is evals.jobs (a background thread of the server, progress on disk) calling evals.runner.evaluate,
the same runner as `writeoff eval`. The run id sits in the URL (?run=...), so a reload, or a second tab, follows the
same run; a run whose server went away says so plainly.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from app.config import Settings
from app.errors import WriteoffError
from app.ui import state
from app.ui.render import inert
from evals import jobs
from evals.catalog import MAX_UPLOAD_BYTES, available_suites, check_upload, save_upload
from evals.runner import select_categories
from evals.schema import Case, load_suites
from evals.template import template_csv, template_jsonl

SUITES = "eval_suites"
CATEGORIES = "eval_categories"
UPLOAD = "eval_upload"
UPLOAD_RESULT = "eval_upload_result"
POLL_SECONDS = 1.0


def current_run_id() -> str | None:
    run_id = st.query_params.get("run")
    return run_id if jobs.valid_id(run_id) else None


# ---- upload -------------------------------------------------------------------------------------------------------

def _on_upload(settings: Settings) -> None:
    """Runs before the script (a widget callback), so a good file can be added to the suite picker's selection."""
    file = st.session_state.get(UPLOAD)
    if file is None:
        st.session_state.pop(UPLOAD_RESULT, None)
        return
    data = file.getvalue()
    try:
        name, cases, problems = check_upload(file.name, data)
        if not problems:
            save_upload(settings.data_dir, file.name, data)
    except (WriteoffError, OSError) as err:
        st.session_state[UPLOAD_RESULT] = {"name": file.name, "problems": [str(err)]}
        return
    if problems:
        st.session_state[UPLOAD_RESULT] = {"name": name, "problems": [p.short() for p in problems]}
        return
    # Someone who just uploaded a file wants to run it: it becomes the selection (other suites can be added back).
    st.session_state[SUITES] = [f"uploaded: {name}"]
    st.session_state[UPLOAD_RESULT] = {"name": name, "cases": len(cases)}


def upload_section(settings: Settings) -> None:
    st.file_uploader(
        "Your own Q&A: a JSONL or CSV file in the suite format",
        type=["jsonl", "csv"], key=UPLOAD, max_upload_size=max(1, MAX_UPLOAD_BYTES // 1_000_000),
        on_change=_on_upload, args=(settings,),
        help="Columns: id, question, and optionally tax_year, follow_up_of, expected, expected_verdict, "
             "must_include, must_not_include, authority, gold, category (see the template).")
    left, right = st.columns(2)
    left.download_button("Template (JSONL, 3 cases)", template_jsonl(), file_name="writeoff-suite-template.jsonl",
                         mime="application/jsonl", icon=":material/download:", on_click="ignore", key="tpl_jsonl")
    right.download_button("Template (CSV, 3 cases)", template_csv(), file_name="writeoff-suite-template.csv",
                          mime="text/csv", icon=":material/download:", on_click="ignore", key="tpl_csv")
    result = st.session_state.get(UPLOAD_RESULT)
    if not result:
        return
    if result.get("problems"):
        lines = "\n".join(f"- {inert(p)}" for p in result["problems"])
        st.error(f"**{inert(result['name'])}** was not kept and cannot run until these are fixed:\n\n{lines}")
    else:
        st.success(inert(f"{result['name']}: {result['cases']} cases, kept as uploaded: {result['name']} and "
                         "selected below. It stays in the list for later runs (upload a file of the same name to "
                         "replace it)."))


# ---- pick and start -----------------------------------------------------------------------------------------------

def _load(paths: list[Path]) -> tuple[list[Case], str | None]:
    try:
        return load_suites(paths), None
    except WriteoffError as err:
        return [], str(err)


def _start(settings: Settings, cases: list[Case], paths: list[Path], categories: list[str]) -> None:
    try:
        engine = state.get_engine(settings)
        run_id = jobs.start(settings.data_dir, cases, engine, suites=[str(p) for p in paths], categories=categories)
    except (WriteoffError, OSError) as err:
        st.error(f"The run could not start: {inert(str(err))}")
        return
    st.session_state.pop(UPLOAD_RESULT, None)  # the upload's note has served its purpose
    st.query_params["run"] = run_id
    st.rerun()


def run_form(settings: Settings, busy: bool) -> None:
    """Suites, categories, upload and the Run button (disabled while the run in the URL is still going)."""
    choices = {c.label: c for c in available_suites(settings.data_dir)}
    if SUITES not in st.session_state:
        st.session_state[SUITES] = [label for label, c in choices.items() if c.group == "packaged"]
    else:  # an uploaded file removed from disk, or a stale label: drop it instead of failing the widget
        st.session_state[SUITES] = [s for s in st.session_state[SUITES] if s in choices]
    upload_section(settings)
    picked = st.multiselect("Suites", list(choices), key=SUITES, placeholder="Choose one or more suites",
                            help="packaged: evals/suites · dev: ../shared/evals/dev beside the checkout · "
                                 "uploaded: your files, kept in the data folder")
    paths = [choices[label].path for label in picked]
    cases, problem = _load(paths) if paths else ([], None)
    if problem:
        st.error(f"These suites cannot run together: {inert(problem)}")
    categories = sorted({c.category for c in cases})
    st.session_state[CATEGORIES] = [c for c in st.session_state.get(CATEGORIES, []) if c in categories]
    chosen = st.multiselect("Categories (optional)", categories, key=CATEGORIES, placeholder="All categories")
    selected = select_categories(cases, chosen)
    no_index = not state.corpus_info(settings)
    if no_index:
        st.warning("There is no index yet, so nothing can be answered: open the chat page once (it builds the "
                   "index) or run `writeoff ingest`.")
    note = f"{len(selected)} cases" + (" (follow-ups bring their earlier questions along)" if chosen else "")
    st.caption(note if selected else "Pick at least one suite.")
    if st.button("Run", type="primary", icon=":material/play_arrow:", key="eval_run",
                 disabled=busy or not selected or no_index,
                 help="A run already in progress must finish or be stopped first." if busy else None):
        _start(settings, selected, paths, chosen)


# ---- progress -----------------------------------------------------------------------------------------------------

def progress_text(status: dict[str, Any]) -> str:
    done, total = int(status.get("done") or 0), int(status.get("total") or 0)
    current = status.get("current")
    return f"{done} / {total}: {current}" if current else f"0 / {total}: warming up the engine"


@st.fragment(run_every=POLL_SECONDS)
def follow(data_dir: Path, run_id: str) -> None:
    """Redrawn every second while the run goes on; a full rerun when it ends shows the report."""
    status = jobs.read_status(data_dir, run_id)
    if status is None or status.get("state") != jobs.RUNNING:
        st.rerun()
    done, total = int(status.get("done") or 0), max(1, int(status.get("total") or 0))
    st.progress(min(done / total, 1.0), text=inert(progress_text(status)))
    failed = done - int(status.get("passed") or 0)
    st.caption(f"{done - failed} passed, {failed} failed so far · started {inert(str(status.get('started')))} UTC"
               " · you can reload or leave this page; the run goes on")
    if st.button("Stop", icon=":material/stop:", key="eval_stop"):
        if jobs.stop(run_id):
            st.info("Stopping after the current case...")
        else:
            st.warning("This run belongs to another server process and cannot be stopped from here.")


def outcome_notice(status: dict[str, Any]) -> None:
    """How a finished, stopped, interrupted or failed run ended, in plain words."""
    state_, done, total = status.get("state"), status.get("done", 0), status.get("total", 0)
    if state_ == jobs.DONE:
        st.success(f"Run finished: {status.get('passed', 0)} of {total} cases passed.")
    elif state_ == jobs.STOPPED:
        st.warning(f"This run was stopped after {done} of {total} cases. No report was written; run it again "
                   "for one.")
    elif state_ == jobs.INTERRUPTED:
        st.warning(f"This run was interrupted after {done} of {total} cases: the server stopped or restarted while "
                   "it ran. No report was written; run it again for one.")
    elif state_ == jobs.FAILED:
        st.error(f"The run failed after {done} of {total} cases: {inert(str(status.get('error')))}")
