"""The chat's sidebar: tax year, what is running, new conversation, export."""
from __future__ import annotations

from typing import Any

import streamlit as st

from app.config import Settings
from app.ui import state
from app.ui.export import conversation_json, conversation_markdown
from app.ui.render import inert

# Years the rules know about reach back before 2018 (the IRA-loss rule changed then); older years are out of scope.
OLDEST_YEAR = 2010


def _year_options(default_year: int) -> list[Any]:
    return ["auto", *range(default_year, OLDEST_YEAR - 1, -1)]


def tax_year_picker(settings: Settings) -> None:
    default_year = settings.default_tax_year
    st.selectbox(
        "Tax year",
        _year_options(default_year),
        key=state.TAX_YEAR,
        format_func=lambda y: f"From the question, else {default_year}" if y == "auto" else str(y),
        help="Rules differ by year (IRA losses were deductible in some cases before 2018).",
    )
    st.caption(f"Default: {default_year}, the latest tax year the corpus covers.")


def _describe(status: dict[str, Any], settings: Settings) -> list[str]:
    """Plain lines from Engine.status() ({"store": active_info, "model": backend.describe()}); tolerant of missing
    keys so a new or absent engine field never breaks the page."""
    index = next((status[k] for k in ("store", "index") if isinstance(status.get(k), dict)), {})
    mode = index.get("mode") or ("server" if settings.chroma_host else "embedded")
    if mode == "server":
        from app.store import server_location

        store = f"Chroma server at {server_location(settings)}"
    else:
        store = "Chroma embedded (in this process)"
    lines = [f"**Store:** {inert(store)}"]
    if index.get("error"):
        lines.append(f"**Index:** {inert(str(index['error']))}")
    elif index.get("chunks") is not None or index.get("corpus_version"):
        lines.append(f"**Index:** {inert(str(index.get('chunks', '?')))} passages, "
                     f"corpus {inert(str(index.get('corpus_version') or 'unknown'))}")
    model = status.get("model")
    if isinstance(model, dict):
        model = " · ".join(str(model[k]) for k in ("backend", "model", "base_url") if model.get(k))
    if not model or str(model).lower() == "none":
        model = "none (extractive answers quoted from the IRS text)"
    lines.append(f"**Model:** {inert(str(model))}")
    return lines


def running(settings: Settings, engine: Any | None) -> None:
    st.subheader("What is running", divider="gray")
    status: dict[str, Any] = {}
    if engine is not None:
        try:
            status = dict(engine.status())
        except Exception:  # noqa: BLE001 - the status panel must never take the page down
            status = {}
    if not status:
        status = {"store": state.corpus_info(settings)}
    job = state.index_job(settings).status()
    if job.state == "running":  # not "no index yet, run writeoff ingest": the page is building it
        status["store"] = {**status.get("store", {}), "error": f"being built, {job.fraction:.0%}"}
    for line in _describe(status, settings):
        st.markdown(line)


def conversation_tools(settings: Settings) -> None:
    st.subheader("Conversation", divider="gray")
    st.button("New conversation", icon=":material/add_comment:", on_click=state.start_conversation,
              width="stretch")
    snap = state.snapshot()
    if not snap["messages"]:
        st.caption("Export appears after the first answer.")
        return
    corpus = state.corpus_info(settings)
    cid = snap["id"]
    st.download_button("Export Markdown", conversation_markdown(snap, corpus), file_name=f"writeoff-{cid}.md",
                       mime="text/markdown", icon=":material/download:", width="stretch")
    st.download_button("Export JSON", conversation_json(snap, corpus), file_name=f"writeoff-{cid}.json",
                       mime="application/json", icon=":material/data_object:", width="stretch")


def render_sidebar(settings: Settings, engine: Any | None) -> None:
    with st.sidebar:
        tax_year_picker(settings)
        running(settings, engine)
        conversation_tools(settings)
