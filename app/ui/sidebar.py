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
        format_func=lambda y: f"{default_year}, unless the question names a year" if y == "auto" else str(y),
        help="Rules differ by year (IRA losses were deductible in some cases before 2018).",
    )
    st.caption(f"Default: {default_year}, the latest tax year the corpus covers.")


def _describe(status: dict[str, Any], settings: Settings) -> list[str]:
    """Plain lines from Engine.status(); tolerant of missing keys so a new engine field never breaks the page."""
    index = status.get("index") if isinstance(status.get("index"), dict) else {}
    mode = status.get("store_mode") or status.get("mode") or index.get("mode")
    if not mode:
        mode = "server" if settings.chroma_host else "embedded"
    if mode == "server":
        store = f"Chroma server at {settings.chroma_host}:{settings.chroma_port}"
    else:
        store = "Chroma embedded (in this process)"
    lines = [f"**Store:** {inert(store)}"]
    chunks = index.get("chunks", status.get("chunks"))
    version = index.get("corpus_version", status.get("corpus_version"))
    if chunks is not None or version:
        lines.append(f"**Index:** {inert(str(chunks))} passages, corpus {inert(str(version or 'unknown'))}")
    model = status.get("model") or status.get("backend") or status.get("llm")
    if isinstance(model, dict):
        model = " ".join(str(v) for v in (model.get("backend"), model.get("model")) if v)
    if not model or str(model).lower().startswith("none"):
        model = "none (extractive answers from the IRS text)"
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
        status = {"index": state.corpus_info(settings)}
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
