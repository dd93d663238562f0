"""SQLite persistence for the chat: thumbs up/down feedback and whole conversations (so a page reload loses nothing).

No Streamlit here: the UI calls it, and so can a script or a test. Every question and answer is masked with
`app.pii.mask` before it touches the disk, because a user may paste an SSN into a question. Any SQLite or file-system
failure becomes `FeedbackUnavailable` with a plain-words message, so the chat can say "feedback was not saved" and
carry on answering.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import WriteoffError
from app.pii import mask
from app.types import Answer

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at REAL NOT NULL,
    conversation_id TEXT NOT NULL,
    turn INTEGER NOT NULL,
    rating INTEGER NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    verdict TEXT,
    source TEXT,
    tax_year INTEGER,
    rule_id TEXT,
    chunk_ids TEXT NOT NULL,
    corpus_version TEXT,
    comment TEXT NOT NULL DEFAULT '',
    UNIQUE (conversation_id, turn)
);
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    title TEXT NOT NULL,
    data TEXT NOT NULL
);
"""


class FeedbackUnavailable(WriteoffError):
    """The feedback/conversation database cannot be read or written (read-only disk, locked, corrupt)."""


@dataclass(frozen=True)
class FeedbackRecord:
    id: int
    created_at: float
    conversation_id: str
    turn: int
    rating: int  # st.feedback("thumbs"): 0 = thumbs down, 1 = thumbs up
    question: str
    answer: str
    verdict: str | None
    source: str | None
    tax_year: int | None
    rule_id: str | None
    chunk_ids: list[str]
    corpus_version: str | None
    comment: str


def mask_tree(value: Any) -> Any:
    """Mask every string inside a JSON-like structure (conversation snapshots hold the user's words in many places)."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, list):
        return [mask_tree(v) for v in value]
    if isinstance(value, dict):
        return {k: mask_tree(v) for k, v in value.items()}
    return value


def new_conversation_id() -> str:
    # Short and URL-safe: it travels in the page's query string (?c=...).
    return uuid.uuid4().hex[:16]




def chunk_ids_of(answer: Answer) -> list[str]:
    return [c.chunk_id for c in answer.citations if c.chunk_id]


class FeedbackStore:
    """One SQLite file; a short-lived connection per call, so it is safe to share across Streamlit sessions."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._ready = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            with self._lock:
                if not self._ready:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, timeout=5)
                try:
                    if not self._ready:
                        conn.executescript(_SCHEMA)
                        self._ready = True
                    with conn:  # commits on success, rolls back on error
                        yield conn
                finally:
                    conn.close()
        except (sqlite3.Error, OSError) as err:
            # The path is the user's own data dir, not a secret; naming it tells them what to fix.
            raise FeedbackUnavailable(
                f"Feedback and saved conversations are unavailable ({type(err).__name__}: {err}).",
                hint=f"Check that {self.path.parent} is writable; answers still work.",
            ) from err

    # ---- feedback -------------------------------------------------------------------------------------------

    def save_feedback(
        self,
        *,
        conversation_id: str,
        turn: int,
        rating: int,
        question: str,
        answer: Answer,
        corpus_version: str | None,
        comment: str = "",
    ) -> None:
        """Insert or replace the rating for one turn (a user may change their mind)."""
        row = (
            time.time(),
            conversation_id,
            turn,
            int(rating),
            mask(question),
            mask(answer.text),
            answer.verdict,
            answer.source,
            answer.tax_year,
            answer.rule_id,
            json.dumps(chunk_ids_of(answer)),
            corpus_version,
            mask(comment),
        )
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO feedback (created_at, conversation_id, turn, rating, question, answer, verdict, source,"
                " tax_year, rule_id, chunk_ids, corpus_version, comment) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT (conversation_id, turn) DO UPDATE SET created_at=excluded.created_at,"
                " rating=excluded.rating, comment=excluded.comment",
                row,
            )

    def delete_feedback(self, conversation_id: str, turn: int) -> None:
        with self._connect() as conn:
            conn.execute("DELETE FROM feedback WHERE conversation_id=? AND turn=?", (conversation_id, turn))

    def list_feedback(self, limit: int = 500) -> list[FeedbackRecord]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT id, created_at, conversation_id, turn, rating, question, answer, verdict, source, tax_year,"
                " rule_id, chunk_ids, corpus_version, comment FROM feedback ORDER BY created_at DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [FeedbackRecord(*r[:11], json.loads(r[11]), r[12], r[13]) for r in rows]  # type: ignore[misc]

    # ---- conversations --------------------------------------------------------------------------------------

    def save_conversation(self, conversation_id: str, snapshot: dict[str, Any]) -> None:
        """Store a JSON-safe snapshot (messages with full answers + the Conversation's own dict), masked."""
        masked = mask_tree(snapshot)
        messages = masked.get("messages") or []
        first = next((m.get("content", "") for m in messages if m.get("role") == "user"), "")
        title = " ".join(str(first).split())[:80] or "(empty)"
        now = time.time()
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO conversations (id, created_at, updated_at, title, data) VALUES (?,?,?,?,?)"
                " ON CONFLICT (id) DO UPDATE SET updated_at=excluded.updated_at, title=excluded.title,"
                " data=excluded.data",
                (conversation_id, now, now, title, json.dumps(masked)),
            )

    def load_conversation(self, conversation_id: str) -> dict[str, Any] | None:
        with self._connect() as conn:
            row = conn.execute("SELECT data FROM conversations WHERE id=?", (conversation_id,)).fetchone()
        if row is None:
            return None
        try:
            data = json.loads(row[0])
        except json.JSONDecodeError:
            return None  # a damaged row is treated as missing rather than crashing the page
        return data if isinstance(data, dict) else None

    def list_conversations(self, limit: int = 50) -> list[dict[str, Any]]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT id, title, created_at, updated_at FROM conversations ORDER BY updated_at DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [{"id": r[0], "title": r[1], "created_at": r[2], "updated_at": r[3]} for r in rows]


def open_feedback_store(path: Path) -> FeedbackStore:
    """Nothing touches the disk until the first read or write, so opening never fails."""
    return FeedbackStore(path)
