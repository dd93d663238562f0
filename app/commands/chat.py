"""`writeoff chat`: a terminal chat over the same engine as `writeoff ask`, with history and follow-ups.

Commands: /new (forget the conversation), /year 2016 (ask about that tax year from now on; /year alone clears it),
/history, /quit (or Ctrl-D).
"""
from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable
from typing import Any, TextIO

from app.commands.ask import render, year_arg
from app.config import Settings
from app.index_job import IndexJob, JobStatus, warm_rules

HELP = "Chat in the terminal (follow-ups, /new, /year 2016, /quit)."
BANNER = (
    "Writeoff: ask whether a loss can be written off. Answers cite IRS publications; this is not tax advice.\n"
    "Commands: /new  /year 2016  /history  /quit. Never type SSNs or account numbers."
)
PROMPT = "\nyou> "


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=year_arg, default=None, help="tax year to assume (default: from each question)")


class _Turns:
    """The conversation and the questions waiting for the index, shared by the prompt loop and the job's thread."""

    def __init__(self, engine: Any, out: TextIO) -> None:
        from app.conversation import Conversation

        self.engine = engine
        self.out = out
        self.lock = threading.RLock()
        self.conversation = Conversation()
        self.waiting: list[Any] = []  # Deferred questions, oldest first
        self.closing = False  # input ended: no prompt after the last answers

    def reset(self) -> None:
        from app.conversation import Conversation

        with self.lock:
            self.conversation = Conversation()

    def show(self, answer: Any) -> None:
        print("\n" + render(answer), file=self.out, flush=True)

    def ask(self, line: str, year: int | None, job: IndexJob | None) -> None:
        from app.deferred import Deferred, answer_now

        with self.lock:
            if job is None:
                self.show(self.engine.ask(line, self.conversation, tax_year=year))
                return
            answer, self.conversation = answer_now(self.engine, line, self.conversation, tax_year=year)
            if not isinstance(answer, Deferred):
                self.show(answer)
                return
            status = job.status()
            if status.state == "failed":
                print(f"\nThat needs the IRS publications, but the index could not be built: {status.error}",
                      file=self.out, flush=True)
                return
            self.waiting.append(answer)
        print(f"\nThat needs the IRS publications, whose search index is being built: {status.describe()}. "
              "It will be answered here as soon as the index is ready; ask something else meanwhile.",
              file=self.out, flush=True)

    def answer_waiting(self, status: JobStatus, prompt: bool = True) -> None:
        """Called once the index job ends (from its thread): answer every waiting question, oldest first."""
        from app.deferred import answer_deferred

        with self.lock:
            waiting, self.waiting = self.waiting, []
            for deferred in waiting:
                if status.state == "failed":
                    print(f"\nCould not answer \"{deferred.question}\": {status.describe()}", file=self.out)
                    continue
                print(f"\nThe index is ready. Your earlier question: {deferred.question}", file=self.out)
                self.show(answer_deferred(self.engine, deferred, self.conversation))
            if waiting and prompt and not self.closing:
                print(PROMPT, end="", file=self.out, flush=True)


def chat_loop(engine: Any, *, year: int | None = None, read: Callable[[str], str] = input,
              out: TextIO = sys.stdout, job: IndexJob | None = None) -> int:
    """The prompt loop. With `job` (the index being built in the background), questions that need the passages are
    answered when it finishes; at end of input the loop waits for them instead of dropping them."""
    turns = _Turns(engine, out)
    if job is not None:
        job.on_finish(turns.answer_waiting)
    print(BANNER, file=out)
    while True:
        try:
            line = read(PROMPT).strip()
        except KeyboardInterrupt:
            print(file=out)
            return 0
        except EOFError:
            print(file=out)
            turns.closing = True
            if job is not None and turns.waiting:
                print("Waiting for the index to answer the questions above...", file=out, flush=True)
                job.wait()
                turns.answer_waiting(job.status(), prompt=False)
            return 0
        if not line:
            continue
        if line.startswith("/"):
            cmd, _, rest = line.partition(" ")
            cmd = cmd.lower()
            if cmd in ("/quit", "/exit", "/q"):
                return 0
            if cmd == "/new":
                turns.reset()
                print("Started a new conversation.", file=out)
            elif cmd == "/year":
                try:
                    year = int(rest) if rest.strip() else None
                    print(f"Tax year set to {year}." if year else "Tax year cleared.", file=out)
                except ValueError:
                    print(f"'{rest.strip()}' is not a year; use four digits, e.g. /year 2016", file=out)
            elif cmd == "/history":  # the turns as the conversation keeps them: masked, the answer summarised
                with turns.lock:
                    kept = list(turns.conversation.turns)
                for n, turn in enumerate(kept, 1):
                    print(f"{n}. {turn.question}\n   -> {turn.answer_summary}", file=out)
                if not kept:
                    print("No questions yet.", file=out)
            else:
                print("Commands: /new  /year 2016  /history  /quit", file=out)
            continue
        turns.ask(line, year, job)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from app.answer import make_engine

    engine = make_engine(settings)
    # A missing index is built in the background while rule questions are answered (app/index_job.py); the check
    # runs in that thread too, so the prompt appears at once.
    job = IndexJob(settings, only_if_missing=True, before=warm_rules).start()
    # A stray non-UTF-8 byte (binary pasted into the terminal, a piped file) must not end the session.
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")
    try:
        return chat_loop(engine, year=args.year, job=job)
    finally:
        engine.close()
