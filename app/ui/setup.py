"""First run in the browser: with no index yet, build it in the background and keep the chat open meanwhile.

The rules need no index, so the chat box is there at once and rule questions are answered while the index builds.
The build runs in one background thread per server process (`state.index_job`); its progress is shown at the top
of the page by a fragment that refreshes every two seconds and reruns the whole page when the build ends. A question
that needs the IRS passages becomes a pending message (app/deferred.py) that shows the progress too and is answered
in place once the index is ready, without being asked again (also after a reload: it is saved with the chat).
"""
from __future__ import annotations

from typing import Any

import streamlit as st

from app.config import Settings
from app.deferred import Deferred, answer_deferred, answer_now
from app.errors import IndexMissing, WriteoffError
from app.ui import state
from app.ui.render import inert

READY, BUILDING, FAILED = "ready", "building", "failed"
SAW_BUILD = "saw_index_build"  # session_state: this session watched the build, so it is told when it is done
PENDING_ERROR = "Not answered yet: it needs the index of the IRS publications, which is being built."
NEEDS_INDEX = "This question needs the IRS publications, whose search index is being built"


def index_error(settings: Settings) -> WriteoffError | None:
    """None when an index is serving; otherwise the store's own plain-words error."""
    try:
        state.get_store(settings).active_collection()
        return None
    except WriteoffError as err:
        return err


# Every 2 s, not every second: each refresh costs the server ~0.1 s of CPU (5.3 s a minute at 1 s, measured with the
# build held back), taken from the build it reports on.
@st.fragment(run_every=2.0)
def _progress(settings: Settings) -> None:
    status = state.index_job(settings).status()
    if status.finished:
        st.rerun()  # the whole page: pending questions are answered now
    # Not `with st.status(...)`: leaving the block would mark it complete, and the build is still running.
    box = st.status("Building the search index for the first time...", expanded=True)
    box.write("Ask away: rule questions are answered now; a question that needs the IRS passages is answered as soon "
              "as the index is ready.")
    box.progress(status.fraction, text=inert(f"{status.message} ({status.seconds:.0f} s)"))


def prepare_index(settings: Settings) -> str:
    """READY, BUILDING (a background build is running; its progress is on the page) or FAILED (the reason shown)."""
    err = index_error(settings)
    if err is None:
        if st.session_state.pop(SAW_BUILD, False):
            st.status(f"Index ready: {state.index_job(settings).status().summary}", state="complete",
                      expanded=False)
        return READY
    if not isinstance(err, IndexMissing):
        st.error(inert(str(err)))
        return FAILED
    job = state.index_job(settings)
    status = job.status()
    if status.state == "done":  # built, and gone since (a data folder removed under a running server): again
        state.index_job.clear()
        job = state.index_job(settings)
        status = job.status()
    if status.state == "idle":
        job.start()
    if status.state == "failed":
        st.error(inert(f"The index could not be built: {status.error}"))
        for problem in status.problems:
            st.warning(inert(problem))
        st.caption("Rule questions are still answered. Run `writeoff ingest` in a terminal to see what went wrong.")
        return FAILED
    st.session_state[SAW_BUILD] = True
    _progress(settings)
    return BUILDING


def answer_while_building(settings: Settings, engine: Any, question: str, shown: str, year: int | None
                          ) -> dict[str, Any]:
    """The turn as a message: a rule answer now, or a pending message when the question needs the passages."""
    result, conversation = answer_now(engine, question, st.session_state[state.CONV], tax_year=year)
    st.session_state[state.CONV] = conversation
    if isinstance(result, Deferred):
        status = state.index_job(settings).status()
        if status.state == "failed":
            return {"role": "assistant", "question": shown,
                    "error": f"This question needs the IRS publications, but the index could not be built: "
                    f"{status.error}"}
        return {"role": "assistant", "question": shown, "pending": result.to_dict(), "error": PENDING_ERROR}
    return state.answer_message(settings, shown, result)


@st.fragment(run_every=4.0)
def _pending_note(settings: Settings) -> None:
    status = state.index_job(settings).status()
    if status.state == "failed":
        st.error(inert(f"This question needs the IRS publications, but the index could not be built: {status.error}"))
        return
    st.info(inert(f"{NEEDS_INDEX}: {status.fraction:.0%} done ({status.message}). It will be answered here "
                  "as soon as the index is ready; there is no need to ask again."), icon=":material/hourglass_top:")


def show_pending(settings: Settings) -> None:
    _pending_note(settings)


def answer_pending(settings: Settings, engine: Any) -> None:
    """Answer, in place, every question that waited for the index (oldest first), then save the chat."""
    history = state.messages()
    waiting = [i for i, msg in enumerate(history) if msg.get("pending")]
    if not waiting:
        return
    with st.spinner("The index is ready: answering your earlier question..."):
        for index in waiting:
            msg = history[index]  # engine.ask never raises: every failure comes back as an answer in plain words
            answer = answer_deferred(engine, Deferred.from_dict(msg["pending"]), st.session_state[state.CONV])
            history[index] = state.answer_message(settings, msg.get("question", ""), answer)
    state.persist(settings)
