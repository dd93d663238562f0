"""Feedback page: every rating users gave, with the question, answer, provenance and corpus version (PII masked)."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from app.feedback import FeedbackUnavailable
from app.ui import state
from app.ui.render import inert

settings = state.settings()
st.set_page_config(page_title="Writeoff: feedback", page_icon=":material/thumbs_up_down:", layout="wide")
st.title("Feedback")
st.caption("Ratings given in the chat, newest first. Identifiers were masked before saving.")

try:
    records = state.get_feedback_store(settings).list_feedback()
    conversations = state.get_feedback_store(settings).list_conversations(limit=20)
except FeedbackUnavailable as err:
    st.warning(inert(str(err)), icon=":material/warning:")
    st.stop()

if not records:
    st.info("No feedback yet. Rate an answer in the chat with the thumbs under it.")
else:
    up = sum(1 for r in records if r.rating == 1)
    cols = st.columns(3)
    cols[0].metric("Ratings", len(records))
    cols[1].metric("Helpful", up)
    cols[2].metric("Not helpful", len(records) - up)
    # st.dataframe shows cell values as plain text, so user and document text stays inert here.
    st.dataframe(
        [
            {
                "when": dt.datetime.fromtimestamp(r.created_at).strftime("%Y-%m-%d %H:%M"),
                "rating": "👍" if r.rating == 1 else "👎",
                "question": r.question,
                "answer": r.answer,
                "verdict": r.verdict,
                "source": r.source,
                "tax year": r.tax_year,
                "rule": r.rule_id or "",
                "chunks": ", ".join(r.chunk_ids),
                "corpus version": r.corpus_version or "",
                "conversation": r.conversation_id,
            }
            for r in records
        ],
        hide_index=True,
        key="feedback_table",
    )

if conversations:
    st.subheader("Saved conversations")
    for conv in conversations:
        when = dt.datetime.fromtimestamp(conv["updated_at"]).strftime("%Y-%m-%d %H:%M")
        st.page_link("chat.py", label=f"{when} · {inert(conv['title'])}", icon=":material/chat:",
                     query_params={"c": conv["id"]})
