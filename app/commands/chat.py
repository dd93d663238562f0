"""`writeoff chat`: a terminal chat over the same engine as `writeoff ask`, with history and follow-ups.

Commands: /new (forget the conversation), /year 2016 (ask about that tax year from now on; /year alone clears it),
/history, /quit (or Ctrl-D).
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any, TextIO

from app.commands.ask import render, year_arg
from app.config import Settings

HELP = "Chat in the terminal (follow-ups, /new, /year 2016, /quit)."
BANNER = (
    "Writeoff: ask whether a loss can be written off. Answers cite IRS publications; this is not tax advice.\n"
    "Commands: /new  /year 2016  /history  /quit. Never type SSNs or account numbers."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=year_arg, default=None, help="tax year to assume (default: from each question)")


def chat_loop(engine: Any, *, year: int | None = None, read: Callable[[str], str] = input,
              out: TextIO = sys.stdout) -> int:
    from app.conversation import Conversation

    conversation = Conversation()
    print(BANNER, file=out)
    while True:
        try:
            line = read("\nyou> ").strip()
        except (EOFError, KeyboardInterrupt):
            print(file=out)
            return 0
        if not line:
            continue
        if line.startswith("/"):
            cmd, _, rest = line.partition(" ")
            cmd = cmd.lower()
            if cmd in ("/quit", "/exit", "/q"):
                return 0
            if cmd == "/new":
                conversation = Conversation()
                print("Started a new conversation.", file=out)
            elif cmd == "/year":
                try:
                    year = int(rest) if rest.strip() else None
                    print(f"Tax year set to {year}." if year else "Tax year cleared.", file=out)
                except ValueError:
                    print(f"'{rest.strip()}' is not a year; use four digits, e.g. /year 2016", file=out)
            elif cmd == "/history":  # the turns as the conversation keeps them: masked, the answer summarised
                for n, turn in enumerate(conversation.turns, 1):
                    print(f"{n}. {turn.question}\n   -> {turn.answer_summary}", file=out)
                if not conversation.turns:
                    print("No questions yet.", file=out)
            else:
                print("Commands: /new  /year 2016  /history  /quit", file=out)
            continue
        answer = engine.ask(line, conversation, tax_year=year)
        print("\n" + render(answer), file=out)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from app.answer import make_engine

    engine = make_engine(settings)
    # A stray non-UTF-8 byte (binary pasted into the terminal, a piped file) must not end the session.
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")
    try:
        return chat_loop(engine, year=args.year)
    finally:
        engine.close()
