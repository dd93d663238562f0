"""`writeoff ask "question" [--year N] [--session FILE] [--json]`: one answer, with citations and warnings.

With --session the conversation (already masked of identifiers) is kept in FILE between invocations, so a
follow-up such as "what about 2016?" works from the shell.
"""
from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import Any

from app.config import Settings
from app.types import Answer

HELP = "Answer one question (verdict, cited IRS sources, tax year)."
SESSION_UNREADABLE = "The session file could not be read, so a new conversation was started."


def year_arg(value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a year; use four digits, e.g. 2025") from None


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", nargs="*", help="your question (quote it or not)")
    parser.add_argument("--year", type=year_arg, default=None, help="tax year (default: from the question, else "
                        "the default_tax_year setting)")
    parser.add_argument("--session", type=Path, default=None, metavar="FILE",
                        help="keep the conversation in FILE so follow-up questions work")
    parser.add_argument("--json", action="store_true", help="print the answer as a JSON object")


def load_conversation(path: Path | None) -> tuple[Any, list[str]]:
    """The conversation saved in path (a new one when there is none or it is unreadable) and any warning."""
    from app.conversation import Conversation

    if path is None or not path.exists():
        return Conversation(), []
    try:
        return Conversation.from_dict(json.loads(path.read_text(encoding="utf-8"))), []
    except Exception:  # noqa: BLE001 - a damaged or foreign file must not stop the question being answered
        return Conversation(), [SESSION_UNREADABLE]


def save_conversation(path: Path, conversation: Any) -> None:
    """Written atomically: an interrupted save never leaves half a session behind."""
    from app.jsonfile import write_json

    write_json(path, conversation.to_dict(), ensure_ascii=False)


def render(answer: Answer, width: int = 100) -> str:
    """The answer as terminal text: header, body, article conflict, numbered sources, warnings."""
    head = f"[{answer.source}"
    head += f" {answer.rule_id}" if answer.rule_id else ""
    head += f" | verdict: {answer.verdict}"
    if answer.tax_year:
        head += f" | tax year {answer.tax_year}" + (" (assumed)" if answer.year_assumed else "")
    lines = [head + "]"]
    if len(answer.asks) > 1:  # one verdict per question, in the order asked
        lines += [f"  {n}. {a.verdict or 'answered below'}: {a.question.strip()}" for n, a in enumerate(answer.asks, 1)]
    lines.append(answer.text)
    if answer.choices:
        lines += ["", "Reply with one of: " + " | ".join(answer.choices)]
    if answer.article_conflict:
        lines += ["", textwrap.fill(answer.article_conflict, width)]
    if answer.citations:
        lines += ["", "Sources:"]
        for n, c in enumerate(answer.citations, 1):
            lines.append(f"  [{n}] {c.label()}" + (f" - {c.url}" if c.url else ""))
            if c.quote:
                quote = c.quote if len(c.quote) <= 300 else c.quote[:297] + "..."
                lines.append(textwrap.fill(f'"{quote}"', width, initial_indent="      ", subsequent_indent="      "))
    if answer.warnings:
        lines += ["", "Notes:"] + [textwrap.fill(w, width, initial_indent="  - ", subsequent_indent="    ")
                                    for w in answer.warnings]
    return "\n".join(lines)


def say(message: str) -> None:
    """Progress for people, on stderr (stdout stays the answer alone, e.g. clean JSON with --json)."""
    print(message, file=sys.stderr, flush=True)


def answer_when_ready(settings: Settings, engine: Any, question: str, conversation: Any, year: int | None
                      ) -> tuple[Answer, Any]:
    """A rule answer at once, whatever the index; a question that needs the IRS passages when there is no index
    yet waits for the ingest already building it, or builds it here, saying how far it has got (app/deferred.py)."""
    from app.deferred import Deferred, answer_deferred, answer_now, wait_for_index

    answer, conversation = answer_now(engine, question, conversation, tax_year=year)
    if not isinstance(answer, Deferred):
        return answer, conversation
    say("This question needs the IRS publications, and their search index is not built yet: building it now "
        "(once; a few minutes).")
    problem = wait_for_index(settings, say, every=2.0 if sys.stderr.isatty() else 15.0)
    if problem is not None:
        return Answer(text=f"The index could not be built: {problem}", verdict="unknown", source="retrieval",
                      tax_year=answer.tax_year, warnings=answer.warnings), conversation
    return answer_deferred(engine, answer, conversation), conversation


def run(args: argparse.Namespace, settings: Settings) -> int:
    from app.answer import make_engine

    conversation, warnings = load_conversation(args.session)
    engine = make_engine(settings)
    try:
        answer, conversation = answer_when_ready(settings, engine, " ".join(args.question), conversation, args.year)
    finally:
        engine.close()
    answer.warnings[:0] = warnings
    if args.session is not None:
        save_conversation(args.session, conversation)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render(answer))
    sys.stdout.flush()
    return 0
