"""`writeoff search "query"`: the ranked passages hybrid retrieval finds, with their citations.

For checking what the assistant can see before it answers. The query is never echoed back (it may hold
identifiers); only the passages are printed.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from typing import Any

from app.commands.ask import year_arg
from app.config import Settings
from app.errors import WriteoffError
from app.types import Passage

HELP = "Show the passages retrieval finds for a question, with citations."
SNIPPET_CHARS = 280


class BadQuery(WriteoffError):
    exit_code = 2


def _k(value: str) -> int:
    try:
        k = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of passages") from None
    if not 1 <= k <= 50:
        raise argparse.ArgumentTypeError("choose between 1 and 50 passages")
    return k


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="+", help="the question or keywords (quote it or not)")
    parser.add_argument("-k", type=_k, default=None, help="number of passages (default: the top_k setting)")
    parser.add_argument("--year", type=year_arg, default=None, help="only documents for this tax year (and undated)")
    parser.add_argument(
        "--doc", action="append", default=None, metavar="ID", help="only this document id (repeatable)"
    )
    parser.add_argument(
        "--max-authority", type=int, default=None, metavar="N", help="only sources of rank N or better (1 = IRS)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def snippet(text: str, query: str, width: int = SNIPPET_CHARS) -> str:
    """About `width` characters of the passage, starting near the first word of the query it contains."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    words = [w for w in re.findall(r"[a-z0-9]{4,}", query.lower())]
    hits = [m.start() for w in words if (m := re.search(re.escape(w), flat.lower()))]
    start = max(0, min(hits) - width // 4) if hits else 0
    start = flat.rfind(" ", 0, start) + 1 if start else 0
    cut = flat[start : start + width]
    cut = cut[: cut.rfind(" ")] if start + width < len(flat) and " " in cut else cut
    return ("..." if start else "") + cut + ("..." if start + len(cut) < len(flat) else "")


def passage_json(p: Passage, query: str) -> dict[str, Any]:
    from app.retrieval import passage_metadata

    return {**passage_metadata(p), "snippet": snippet(p.text, query), "text": p.text}


def format_passage(rank: int, p: Passage, query: str) -> str:
    where = f"p. {p.page}" if p.page else "no page"
    head = f"{rank}. {p.title} - {p.section or '(no section)'} - {where}   [score {p.score:.4f}, {p.chunk_id}]"
    lines = [head]
    if p.is_article:
        lines.append("   (secondary web article, lowest authority: check its claims against the IRS text)")
    if p.url:
        lines.append(f"   {p.url}")
    lines.extend(textwrap.wrap(snippet(p.text, query), width=100, initial_indent="   ", subsequent_indent="   "))
    return "\n".join(lines)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from app.retrieval import clean_query, make_retriever

    query = clean_query(" ".join(args.query))
    if not any(ch.isalnum() for ch in query):
        raise BadQuery('Nothing to search for: type a question, e.g. writeoff search "capital loss limit".')
    retriever = make_retriever(settings)
    if args.doc:
        known = retriever.doc_ids()
        unknown = sorted(set(args.doc) - known)
        if unknown:
            raise BadQuery(
                f"Unknown document id: {', '.join(unknown)}.", hint=f"Indexed documents: {', '.join(sorted(known))}."
            )
    passages = retriever.search(
        query,
        args.k or settings.top_k,
        tax_year=args.year,
        doc_ids=args.doc,
        max_authority=args.max_authority,
    )
    if args.json:
        json.dump({"passages": [passage_json(p, query) for p in passages]}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    if not passages:
        print("No passages matched. Try other words (e.g. 'wash sale IRA', 'capital loss carryover').")
        return 0
    print("\n\n".join(format_passage(i, p, query) for i, p in enumerate(passages, start=1)))
    return 0
