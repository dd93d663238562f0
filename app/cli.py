"""The `writeoff` console script: parses the subcommand, loads settings once, turns errors into plain words.

Subcommand modules are imported only when chosen, so `writeoff ask` does not pay for Streamlit or the evals.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import sys
from types import ModuleType

from app.config import load_settings
from app.errors import WriteoffError

# name -> module under app.commands (or evals) that implements it; keep in the order `--help` should show.
COMMANDS: dict[str, str] = {
    "ingest": "app.commands.ingest",
    "search": "app.commands.search",
    "ask": "app.commands.ask",
    "chat": "app.commands.chat",
    "eval": "app.commands.eval",
    "serve": "app.commands.serve",
    "bench": "app.commands.bench",
}


def _load(name: str) -> ModuleType:
    return importlib.import_module(COMMANDS[name])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="writeoff", description="Can I write off this loss? Cited IRS answers.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for unexpected errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = _load(name)
        module.configure(sub.add_parser(name, help=module.HELP, description=module.HELP))
    return parser


def main(argv: list[str] | None = None) -> int:
    settings = load_settings()
    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return int(_load(args.command).run(args, settings) or 0)
    except WriteoffError as err:
        print(f"Error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except Exception as err:  # the edge: a user sees words, not a traceback
        if args.debug:
            raise
        print(f"Error: unexpected {type(err).__name__}. Run again with --debug for details.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
