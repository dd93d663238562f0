"""`writeoff ingest`: bring the document index in line with corpus/manifest.yaml (a progress bar per document)."""
from __future__ import annotations

import argparse
import sys

from app.config import Settings

HELP = "Index the corpus documents (incremental; atomic switch to the new index)."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mirror", metavar="DIR", help="folder searched for documents after the corpus folder")
    parser.add_argument("--rebuild", action="store_true", help="re-embed everything instead of reusing vectors")
    parser.add_argument("--offline", action="store_true", help="never download a missing document")
    parser.add_argument("--quiet", action="store_true", help="no progress bars, only the summary line")


class _Bars:
    """One tqdm bar per document on stderr, closed when the next document starts."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None
        self.doc = ""

    def __call__(self, doc_id: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        if doc_id != self.doc:
            self.close()
            self.doc = doc_id
            self.bar = tqdm(total=total, desc=doc_id, unit="chunk", file=sys.stderr, leave=True)
        assert self.bar is not None
        self.bar.total = total
        self.bar.n = done
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def run(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.index import build_index

    updates: dict[str, object] = {}
    if args.mirror:
        updates["corpus_mirror"] = args.mirror
    if args.offline:
        updates["allow_download"] = False
    if updates:
        settings = settings.model_copy(update=updates)
    bars = _Bars(enabled=not args.quiet)
    try:
        summary = build_index(settings, on_document_progress=bars, rebuild=args.rebuild)
    finally:
        bars.close()
    for error in summary.errors:
        print(f"Error: {error}", file=sys.stderr)
    print(f"Ingested {summary.line()}")
    return 1 if summary.errors else 0
