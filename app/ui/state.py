"""What the pages share: settings, the cached heavy objects, and the conversation held in session state.

Heavy objects (engine, store, retriever, feedback DB) live in st.cache_resource, keyed by the settings, so every
browser session shares one engine and one loaded embedder. The conversation lives in st.session_state and is
mirrored to SQLite after every turn under the id in the page URL (?c=...), so a reload restores it, citations
included.
"""
from __future__ import annotations

import logging
import re
from typing import Any

import streamlit as st

from app.config import Settings, load_settings
from app.errors import WriteoffError
from app.feedback import FeedbackStore, FeedbackUnavailable, new_conversation_id, open_feedback_store
from app.index_job import IndexJob, warm_rules

_HASH = {Settings: lambda s: s.model_dump_json()}
_ID_RE = re.compile(r"^[0-9a-f]{16}$")

# session_state keys
CONV_ID = "conversation_id"
CONV = "conversation"
MESSAGES = "messages"
NOTICES = "notices"
TAX_YEAR = "tax_year_choice"


def settings() -> Settings:
    """Read once per script run: cheap, and tests can point WRITEOFF_DATA_DIR elsewhere between runs."""
    return load_settings()


# ---- cached heavy objects ----------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, hash_funcs=_HASH)
def get_store(settings: Settings) -> Any:
    from app.store import open_store

    return open_store(settings)


@st.cache_resource(show_spinner="Loading the answer engine...", hash_funcs=_HASH)
def get_engine(settings: Settings) -> Any:
    from app.answer import make_engine

    return make_engine(settings)


@st.cache_resource(show_spinner="Loading the search index...", hash_funcs=_HASH)
def get_retriever(settings: Settings) -> Any:
    from app.retrieval import make_retriever

    return make_retriever(settings, store=get_store(settings))


@st.cache_resource(show_spinner=False, hash_funcs=_HASH)
def get_feedback_store(settings: Settings) -> FeedbackStore:
    return open_feedback_store(settings.feedback_db)


@st.cache_resource(show_spinner=False, hash_funcs=_HASH)
def index_job(settings: Settings) -> IndexJob:
    """The background build of a missing index: one per server process and data folder, however many tabs are open.
    The rules warm up first (index_job.warm_rules)."""
    return IndexJob(settings, before=warm_rules)


def forget_index_objects() -> None:
    """After an ingest the store, engine and retriever must see the new collection."""
    get_store.clear()
    get_engine.clear()
    get_retriever.clear()


def corpus_info(settings: Settings) -> dict[str, Any]:
    """The active index's info for provenance; empty when there is no index yet."""
    try:
        return dict(get_store(settings).active_info())
    except WriteoffError:
        return {}


# ---- notices (plain-words problems that must not stop the page) ------------------------------------------------


def notify(message: str) -> None:
    notices: list[str] = st.session_state.setdefault(NOTICES, [])
    if message not in notices:
        notices.append(message)


def pop_notices() -> list[str]:
    return st.session_state.pop(NOTICES, [])


# ---- the conversation ---------------------------------------------------------------------------------------------


def _new_conversation_object(data: dict[str, Any] | None = None) -> Any:
    from app.conversation import Conversation

    if data:
        try:
            return Conversation.from_dict(data)
        except Exception as err:  # noqa: BLE001 - an old or damaged snapshot: keep the messages, restart the context
            logging.getLogger("writeoff.ui").warning("conversation context not restored: %s", type(err).__name__)
    return Conversation()


def start_conversation(conversation_id: str | None = None) -> None:
    st.session_state[CONV_ID] = conversation_id or new_conversation_id()
    st.session_state[CONV] = _new_conversation_object()
    st.session_state[MESSAGES] = []
    st.query_params["c"] = st.session_state[CONV_ID]


def ensure_conversation(settings: Settings) -> None:
    """Adopt the conversation named in the URL (restoring it from SQLite), or start a fresh one."""
    wanted = st.query_params.get("c", "")
    wanted = wanted if _ID_RE.match(wanted or "") else ""
    current = st.session_state.get(CONV_ID)
    if current and (not wanted or wanted == current):
        if not wanted:
            st.query_params["c"] = current
        return
    if wanted:
        try:
            saved = get_feedback_store(settings).load_conversation(wanted)
        except FeedbackUnavailable as err:
            notify(f"Could not restore the saved conversation: {err}")
            saved = None
        if saved:
            st.session_state[CONV_ID] = wanted
            st.session_state[CONV] = _new_conversation_object(saved.get("conversation"))
            st.session_state[MESSAGES] = list(saved.get("messages") or [])
            st.session_state[TAX_YEAR] = saved.get("tax_year_choice", "auto")
            return
    start_conversation(wanted or None)


def messages() -> list[dict[str, Any]]:
    return st.session_state.setdefault(MESSAGES, [])


def snapshot() -> dict[str, Any]:
    conv = st.session_state.get(CONV)
    conv_dict: dict[str, Any] = {}
    if conv is not None and hasattr(conv, "to_dict"):
        try:
            conv_dict = conv.to_dict()
        except Exception:  # noqa: BLE001 - the messages alone still restore the visible chat
            conv_dict = {}
    return {
        "id": st.session_state.get(CONV_ID),
        "messages": messages(),
        "conversation": conv_dict,
        "tax_year_choice": st.session_state.get(TAX_YEAR, "auto"),
    }


def persist(settings: Settings) -> None:
    """Save the conversation; a failure is a notice, never a lost answer."""
    try:
        get_feedback_store(settings).save_conversation(st.session_state[CONV_ID], snapshot())
    except FeedbackUnavailable as err:
        notify(f"This conversation will not survive a reload: {err}")


def answer_message(settings: Settings, shown: str, answer: Any) -> dict[str, Any]:
    """One answered turn as the chat keeps it (rendered, persisted, exported)."""
    return {
        "role": "assistant",
        "question": shown,
        "answer": answer.to_dict(),
        "rating": None,
        "corpus_version": corpus_info(settings).get("corpus_version"),
    }


def chosen_tax_year() -> int | None:
    choice = st.session_state.get(TAX_YEAR, "auto")
    return choice if isinstance(choice, int) else None
