"""First run in the browser: when there is no index yet, build it in the page with a progress bar instead of failing."""
from __future__ import annotations

import streamlit as st

from app.config import Settings
from app.errors import IndexMissing, WriteoffError
from app.ui import state
from app.ui.render import inert


def index_error(settings: Settings) -> WriteoffError | None:
    """None when an index is serving; otherwise the store's own plain-words error."""
    try:
        state.get_store(settings).active_collection()
        return None
    except WriteoffError as err:
        return err


def _build(settings: Settings) -> bool:
    from ingest.index import build_index

    with st.status("Building the search index for the first time...", expanded=True) as status:
        st.write("Reading the IRS publications and the source article, then embedding their passages.")
        bar = st.progress(0.0, text="Starting")

        def on_progress(message: str, fraction: float) -> None:
            bar.progress(min(max(float(fraction), 0.0), 1.0), text=inert(str(message)))

        try:
            summary = build_index(settings, on_progress=on_progress)
        except WriteoffError as err:
            status.update(label="Building the index failed", state="error", expanded=True)
            st.error(inert(str(err)))
            return False
        for problem in summary.errors:
            st.warning(inert(str(problem)))
        status.update(
            label=f"Index ready: {summary.documents} documents, {summary.chunks} passages "
            f"in {summary.seconds:.0f} s",
            state="complete",
            expanded=False,
        )
    return True


def ensure_index(settings: Settings) -> bool:
    """True when the chat can answer. Ingests once (one session at a time) when the index is missing."""
    err = index_error(settings)
    if err is None:
        return True
    if not isinstance(err, IndexMissing):
        st.error(inert(str(err)))
        return False
    lock = state.ingest_lock()
    if not lock.acquire(blocking=False):
        with st.spinner("Another window is building the index; waiting for it..."):
            lock.acquire()
    try:
        state.forget_index_objects()
        if index_error(settings) is None:  # the other window finished while we waited
            return True
        ok = _build(settings)
        state.forget_index_objects()
    finally:
        lock.release()
    if ok and index_error(settings) is None:
        return True
    st.error("The index could not be built. Run `writeoff ingest` in a terminal to see why.")
    return False
