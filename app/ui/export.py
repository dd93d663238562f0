"""Export a chat as Markdown or JSON, with citations and provenance (rule id, chunk ids, corpus version).

Pure functions over the conversation snapshot the page keeps (see app.ui.state.snapshot); no Streamlit import, so
the same export can be produced by a script or checked in a test.
"""
from __future__ import annotations

import json
from typing import Any

from app.feedback import chunk_ids_of
from app.types import Answer

EXPORT_VERSION = 1


def _provenance(answer_dict: dict[str, Any], corpus: dict[str, Any]) -> dict[str, Any]:
    answer = Answer.from_dict(answer_dict)
    return {
        "source": answer.source,
        "rule_id": answer.rule_id,
        "chunk_ids": chunk_ids_of(answer),
        "corpus_version": corpus.get("corpus_version"),
        "collection": corpus.get("collection"),
        "embedder": corpus.get("embedder"),
    }


def conversation_json(snapshot: dict[str, Any], corpus: dict[str, Any]) -> str:
    """Machine-readable: every turn with the full answer dict and its provenance."""
    turns = []
    for msg in snapshot.get("messages", []):
        if msg.get("role") == "user":
            turns.append({"role": "user", "content": msg.get("content", "")})
        elif msg.get("answer"):
            turns.append(
                {
                    "role": "assistant",
                    "answer": msg["answer"],
                    "provenance": _provenance(msg["answer"], corpus),
                    "rating": msg.get("rating"),
                }
            )
        else:
            turns.append({"role": "assistant", "error": msg.get("error", "")})
    doc = {
        "writeoff_export": EXPORT_VERSION,
        "conversation_id": snapshot.get("id"),
        "corpus": {k: corpus.get(k) for k in ("corpus_version", "collection", "embedder", "manifest_sha256")},
        "turns": turns,
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def _quote_block(text: str) -> str:
    return "\n".join("> " + line for line in (text or "").strip().splitlines())


def conversation_markdown(snapshot: dict[str, Any], corpus: dict[str, Any]) -> str:
    """Human-readable: questions, answers, numbered citations with quotes and links, provenance per answer."""
    lines = [
        "# Writeoff conversation",
        "",
        (
            f"Conversation `{snapshot.get('id', '')}` · corpus version `{corpus.get('corpus_version') or 'unknown'}`"
            f" · embedder `{corpus.get('embedder') or 'unknown'}`"
        ),
        "",
        "Not tax advice: answers cite IRS publications; check them for your own situation.",
        "",
    ]
    for msg in snapshot.get("messages", []):
        if msg.get("role") == "user":
            lines += ["## Question", "", (msg.get("content") or "").strip(), ""]
            continue
        if not msg.get("answer"):
            lines += ["## Answer", "", f"_Error: {msg.get('error', 'no answer')}_", ""]
            continue
        answer = Answer.from_dict(msg["answer"])
        prov = _provenance(msg["answer"], corpus)
        year = f"{answer.tax_year}{' (assumed)' if answer.year_assumed else ''}"
        lines += [
            "## Answer",
            "",
            f"**Verdict:** {answer.verdict} · **Tax year:** {year} · **Source:** {answer.source}"
            + (f" (rule `{answer.rule_id}`)" if answer.rule_id else ""),
            "",
            answer.text.strip(),
            "",
        ]
        if answer.article_conflict:
            lines += [f"**Article conflict:** {answer.article_conflict}", ""]
        for warning in answer.warnings:
            lines += [f"_Note: {warning}_", ""]
        if answer.citations:
            lines += ["### Citations", ""]
            for i, c in enumerate(answer.citations, start=1):
                link = f" <{c.url}>" if c.url else ""
                chunk = f" (chunk `{c.chunk_id}`)" if c.chunk_id else ""
                lines += [f"{i}. {c.label()}{chunk}{link}", ""]
                if c.quote:
                    lines += [_quote_block(c.quote), ""]
        ids = ", ".join(f"`{x}`" for x in prov["chunk_ids"]) or "none"
        lines += [f"_Provenance: source {prov['source']}, rule {prov['rule_id'] or 'none'}, chunks {ids}._", ""]
    return "\n".join(lines).rstrip() + "\n"
