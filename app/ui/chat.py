"""Writeoff's chat page (the Streamlit entry point: `writeoff serve` runs `streamlit run app/ui/chat.py`).

Replays the conversation, takes a question, asks the engine (streaming tokens when a model is configured), renders
the answer with its citations, and saves the turn so a reload restores it. Every engine call is wrapped: a user
sees plain words, never a traceback.
"""
from __future__ import annotations

import logging
import traceback
from typing import Any

import streamlit as st

from app.config import Settings
from app.errors import WriteoffError
from app.feedback import FeedbackUnavailable
from app.pii import mask
from app.types import Answer
from app.ui import setup, state
from app.ui.render import disarm, inert, render_answer, render_choices
from app.ui.sidebar import render_sidebar

log = logging.getLogger("writeoff.ui")

EXAMPLES = (
    "Can I deduct a loss in my Roth IRA?",
    "I sold stock at a loss and bought it back in my IRA two weeks later. Can I claim the loss?",
    "How much of a capital loss can I deduct against my salary?",
)
PENDING = "pending_question"


def _shown(question: str) -> str:
    """The question as the chat shows and keeps it: masked, and cut where the engine stops reading, saying so."""
    from app.intake import MAX_CHARS

    shown = mask(question)
    if len(question) > MAX_CHARS:
        shown = f"{shown[:MAX_CHARS]} … ({len(question) - MAX_CHARS:,} more characters were not read)"
    return shown


def _feedback_key(index: int) -> str:
    return f"fb-{st.session_state[state.CONV_ID]}-{index}"


def _on_feedback(settings: Settings, index: int) -> None:
    """Save (or withdraw) the rating for one answer; a broken store becomes a notice, never an exception."""
    msg = state.messages()[index]
    rating = st.session_state.get(_feedback_key(index))
    msg["rating"] = rating
    cid = st.session_state[state.CONV_ID]
    try:
        store = state.get_feedback_store(settings)
        if rating is None:
            store.delete_feedback(cid, index)
        else:
            store.save_feedback(
                conversation_id=cid,
                turn=index,
                rating=int(rating),
                question=msg.get("question", ""),
                answer=Answer.from_dict(msg["answer"]),
                corpus_version=msg.get("corpus_version"),
            )
            st.toast("Thanks: your feedback was saved.", icon=":material/thumb_up:")
    except FeedbackUnavailable as err:
        state.notify(f"Feedback was not saved: {err}")
        return
    state.persist(settings)


def _show_message(settings: Settings, index: int, msg: dict[str, Any]) -> None:
    if msg["role"] == "user":
        with st.chat_message("user"):
            st.markdown(inert(msg.get("content", "")))
        return
    with st.chat_message("assistant"):
        if msg.get("pending"):
            setup.show_pending(settings)
            return
        if not msg.get("answer"):
            st.error(inert(msg.get("error") or "No answer."), icon=":material/error:")
            return
        answer = Answer.from_dict(msg["answer"])
        render_answer(answer)
        if index == len(state.messages()) - 1:  # the deciding question of the latest answer: one click replies
            render_choices(answer, f"choice-{index}", lambda text: st.session_state.__setitem__(PENDING, text))
        st.feedback("thumbs", key=_feedback_key(index), default=msg.get("rating"),
                    on_change=_on_feedback, args=(settings, index))


def _ask_streaming(engine: Any, question: str, conversation: Any, year: int | None) -> Answer:
    """Show engine.stream's tokens as they come; the final Answer (its last item) replaces the streamed draft."""
    final: list[Answer] = []

    def tokens() -> Any:
        for item in engine.stream(question, conversation, tax_year=year):
            if isinstance(item, Answer):
                final.append(item)
            else:
                yield disarm(item)

    draft = st.empty()
    with draft.container():
        st.write_stream(tokens())
    draft.empty()
    return final[-1]


def _answer(settings: Settings, engine: Any, question: str, building: bool = False) -> dict[str, Any]:
    """One turn as a message dict (answer, pending or plain-words error), ready to render and to persist."""
    shown = _shown(question)
    conversation = st.session_state[state.CONV]
    year = state.chosen_tax_year()
    try:
        if building:  # no index yet: the rules answer now, a passage question waits for it (app/ui/setup.py)
            return setup.answer_while_building(settings, engine, question, shown, year)
        if getattr(engine, "uses_model", settings.llm_backend.lower() != "none"):
            answer = _ask_streaming(engine, question, conversation, year)
        else:
            with st.spinner("Reading the IRS publications..."):
                answer = engine.ask(question, conversation, tax_year=year)
    except WriteoffError as err:
        return {"role": "assistant", "question": shown, "error": str(err)}
    except Exception as err:  # noqa: BLE001 - the page edge: words for the user, the stack for the log
        # The exception text may quote the question (and so an identifier); log its type and frames only.
        log.error("answer failed: %s\n%s", type(err).__name__, "".join(traceback.format_tb(err.__traceback__)))
        return {
            "role": "assistant",
            "question": shown,
            "error": f"Something went wrong while answering ({type(err).__name__}). "
            "Try again, or rephrase the question.",
        }
    return state.answer_message(settings, shown, answer)


def _examples() -> None:
    st.markdown("Ask whether a loss is deductible: in an IRA or Roth IRA, a 401(k), a Roth conversion, a wash sale, "
                "worthless stock, or a capital loss. Answers cite the IRS publication and page.")
    cols = st.columns(len(EXAMPLES))
    for col, example in zip(cols, EXAMPLES):
        col.button(example, on_click=st.session_state.__setitem__, args=(PENDING, example), width="stretch")


def main() -> None:
    settings = state.settings()
    st.set_page_config(page_title="Writeoff", page_icon=":material/receipt_long:", layout="centered")
    state.ensure_conversation(settings)
    st.title("Writeoff")
    st.caption("Can I write off this loss? Cited answers from IRS publications, for the tax year you ask about. "
               "Not tax advice.")

    # The chat is open while a missing index is built in the background: the rules need none (app/ui/setup.py).
    index = setup.prepare_index(settings)
    engine = None
    try:
        engine = state.get_engine(settings)
    except WriteoffError as err:
        st.error(inert(str(err)), icon=":material/error:")
    render_sidebar(settings, engine)
    if index == setup.READY and engine is not None:
        setup.answer_pending(settings, engine)

    history = state.messages()
    if not history:
        _examples()
    for index, msg in enumerate(history):
        _show_message(settings, index, msg)

    # No max_chars: the browser would cut a long paste without a word. The engine reads the first
    # intake.MAX_CHARS characters and its answer says so; the shown question says so too (_shown).
    typed = st.chat_input("Ask about a loss, or a follow-up...", disabled=engine is None)
    question = (typed or st.session_state.pop(PENDING, None) or "").strip()
    if question and engine is not None:
        user_msg = {"role": "user", "content": _shown(question)}
        history.append(user_msg)
        _show_message(settings, len(history) - 1, user_msg)
        state.persist(settings)  # a reload while the answer is being written keeps the question at least
        with st.chat_message("assistant"):
            placeholder = st.empty()
            with placeholder.container():
                reply = _answer(settings, engine, question, building=index != setup.READY)
        placeholder.empty()
        history.append(reply)
        state.persist(settings)
        st.rerun()  # re-render from history so the new answer gets its feedback widget and the sidebar its export

    for notice in state.pop_notices():
        st.warning(inert(notice), icon=":material/warning:")


main()
