"""One conversation through `app.rules.respond`, as the chat keeps it: the topic tests ask a story and its
follow-ups and read the last answer."""
from __future__ import annotations

from app.conversation import Conversation
from app.rules import respond
from app.types import Answer


def ask(*messages: str) -> Answer:
    conv = Conversation()
    out = None
    for m in messages:
        out = respond(m, conv)
        conv.record(m, out, out.answer)
    assert out is not None and out.answer is not None, "a rule answer"
    return out.answer
