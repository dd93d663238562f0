"""build_index: manifest -> verified files -> pieces -> chunks -> vectors -> a new collection -> atomic switch.

Incremental by fingerprint: each document's fingerprint covers its manifest entry (so its sha256) and the chunker
version. Unchanged documents are copied with their vectors from the serving collection; a changed one is re-chunked
and only chunks whose id (a hash of heading path + text) is new get embedded. Nothing changed: no writes at all.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from app.config import Settings
from app.embeddings import Embedder, get_embedder
from app.errors import DocumentError, WriteoffError
from app.store import Store, from_server, open_store, server_error
from ingest.article import load_text
from ingest.chunking import CHUNKER_VERSION, Chunk, chunk_document
from ingest.fetch import resolve_document
from ingest.manifest import Document, Manifest, load_manifest
from ingest.pdf import load_pdf
from ingest.progress import ProgressFile, ingest_lock

EMBED_GROUP = 128  # chunks per embedder call: big enough to batch well, small enough for a lively progress bar
WRITE_BATCH = 512  # Chroma caps a single add; stay well below

ProgressFn = Callable[[str, float], None]
DocProgressFn = Callable[[str, int, int], None]  # (doc_id, chunks done, chunks total)


@dataclass
class IngestSummary:
    documents: int = 0
    pages: int = 0
    chunks: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    changed: bool = False
    collection: str = ""
    embedded: int = 0  # chunks embedded in this run (the rest were reused)

    def line(self) -> str:
        state = "updated" if self.changed else "unchanged"
        return (
            f"{self.documents} documents, {self.pages} pages, {self.chunks} chunks in {self.seconds:.1f} s "
            f"(index {state}; {self.embedded} chunks embedded; {len(self.errors)} errors)"
        )


def load_document(doc: Document, path: Path) -> tuple[list[Chunk], int]:
    """Chunks and page count for one verified file."""
    if doc.is_pdf:
        extracted = load_pdf(path, doc.file)
        return chunk_document(doc, extracted.pieces), extracted.pages
    return chunk_document(doc, load_text(path, doc.file)), 0


def _size(path: Path | None) -> int:
    try:
        return max(path.stat().st_size, 1) if path else 1
    except OSError:
        return 1


def _fingerprint(doc: Document) -> str:
    return f"{doc.fingerprint()}.{CHUNKER_VERSION}"


def _copy_doc(old: Any, new: Any, doc_id: str) -> int:
    got = old.get(where={"doc_id": doc_id}, include=["embeddings", "documents", "metadatas"])
    ids = got["ids"]
    for i in range(0, len(ids), WRITE_BATCH):
        sl = slice(i, i + WRITE_BATCH)
        new.add(
            ids=ids[sl],
            embeddings=got["embeddings"][sl],
            documents=got["documents"][sl],
            metadatas=got["metadatas"][sl],
        )
    return len(ids)


def _known_vectors(old: Any, ids: list[str]) -> dict[str, Any]:
    if old is None or not ids:
        return {}
    found: dict[str, Any] = {}
    for i in range(0, len(ids), WRITE_BATCH):
        got = old.get(ids=ids[i : i + WRITE_BATCH], include=["embeddings"])
        found.update(zip(got["ids"], got["embeddings"]))
    return found


def _write_doc(
    chunks: list[Chunk], new: Any, old: Any, embedder: Embedder, report: Callable[[int, int], None]
) -> int:
    """Add one document's chunks, reusing vectors the old collection already has. Returns the number embedded."""
    known = _known_vectors(old, [c.id for c in chunks])
    todo = [c for c in chunks if c.id not in known]
    vectors = {cid: list(vec) for cid, vec in known.items()}
    report(len(chunks) - len(todo), len(chunks))
    for i in range(0, len(todo), EMBED_GROUP):
        group = todo[i : i + EMBED_GROUP]
        vectors.update(zip([c.id for c in group], embedder.embed_documents([c.embed_text for c in group])))
        report(len(chunks) - len(todo) + i + len(group), len(chunks))
    for i in range(0, len(chunks), WRITE_BATCH):
        batch = chunks[i : i + WRITE_BATCH]
        new.add(
            ids=[c.id for c in batch],
            embeddings=[vectors[c.id] for c in batch],
            documents=[c.text for c in batch],
            metadatas=[c.metadata for c in batch],
        )
    return len(todo)


def _collection_meta(manifest: Manifest, embedder: Embedder, docs: dict[str, str], pages: dict[str, int]) -> dict:
    return {
        "embedder": embedder.model_id,
        "manifest_sha256": manifest.sha256,
        "corpus_version": manifest.version,
        "chunker_version": CHUNKER_VERSION,
        "docs": json.dumps(docs, sort_keys=True),
        "pages": json.dumps(pages, sort_keys=True),
    }


def build_index(
    settings: Settings,
    *,
    on_progress: ProgressFn | None = None,
    on_document_progress: DocProgressFn | None = None,
    rebuild: bool = False,
    store: Store | None = None,
    embedder: Embedder | None = None,
    http_client: httpx.Client | None = None,
) -> IngestSummary:
    """Bring the index in line with the manifest. Bad documents are listed in summary.errors, never raised.

    While it runs, its progress is also in `<data_dir>/.ingest-progress.json` (ingest/progress.py), for other
    processes; waiting for another ingest of the same data folder is reported through on_progress too."""
    with ingest_lock(settings.data_dir, on_wait=on_progress):
        published = ProgressFile(settings.data_dir, on_progress)
        published("Starting", 0.0)
        try:
            return _build(settings, published, on_document_progress, rebuild, store, embedder, http_client)
        except WriteoffError:
            raise
        except Exception as err:
            # A remote server (or its proxy) refusing a write mid-build: plain words (413, 401, lost connection)
            # instead of the CLI's "unexpected error"; anything else is a bug and keeps its traceback.
            if settings.chroma_host and from_server(err):
                raise server_error(err, settings, lost=True) from err
            raise
        finally:
            published.remove()


def _build(
    settings: Settings,
    on_progress: ProgressFn | None,
    on_document_progress: DocProgressFn | None,
    rebuild: bool,
    store: Store | None,
    embedder: Embedder | None,
    http_client: httpx.Client | None,
) -> IngestSummary:
    started = time.perf_counter()
    progress = on_progress or (lambda message, fraction: None)
    manifest = load_manifest(settings.manifest)
    embedder = embedder or get_embedder()
    store = store or open_store(settings, embedder_id=embedder.model_id)
    summary = IngestSummary()

    paths: dict[str, Path] = {}
    for doc in manifest.documents:
        try:
            paths[doc.id] = resolve_document(doc, settings, http_client)
        except DocumentError as err:
            summary.errors.append(str(err))

    old_meta = store.active_metadata()
    # Vectors are reusable whenever the embedder is the same: a chunk id hashes exactly the text that was embedded,
    # so even a new chunker version only embeds the chunks whose text it actually changed.
    reuse = not rebuild and old_meta.get("embedder") == embedder.model_id
    old_docs: dict[str, str] = json.loads(old_meta.get("docs", "{}")) if reuse else {}
    old_pages: dict[str, int] = json.loads(old_meta.get("pages", "{}")) if reuse else {}
    # A document that fails now but whose manifest entry is unchanged keeps the chunks it already has: they were
    # built from the verified file, so they are still right.
    wanted = {
        doc.id: _fingerprint(doc)
        for doc in manifest.documents
        if doc.id in paths or old_docs.get(doc.id) == _fingerprint(doc)
    }
    if reuse and wanted == old_docs and old_meta.get("manifest_sha256") == manifest.sha256:
        summary.documents = len(wanted)
        summary.pages = sum(old_pages.get(d, 0) for d in wanted)
        summary.chunks = int(old_meta.get("chunks", 0))
        summary.collection = store.active_name() or ""
        summary.seconds = time.perf_counter() - started
        progress("index is up to date", 1.0)
        return summary

    store.drop_unfinished()
    old = store.active_collection() if reuse else None
    docs_done: dict[str, str] = {}
    pages: dict[str, int] = {}
    new = store.create_build(_collection_meta(manifest, embedder, {}, {}))
    targets = [doc for doc in manifest.documents if doc.id in wanted]
    # Progress is weighted by file size, a proxy for the chunks to embed that is known before reading a file: by
    # document count, Pub 17 (a third of the chunks) would be a fifth of the bar.
    sizes = [_size(paths.get(doc.id)) for doc in targets]
    try:
        for n, doc in enumerate(targets):
            before, share = sum(sizes[:n]) / sum(sizes), sizes[n] / sum(sizes)

            def report(done: int, total: int, doc_id: str = doc.id, before: float = before, share: float = share
                       ) -> None:
                if on_document_progress:
                    on_document_progress(doc_id, done, total)
                progress(f"{doc_id}: {done}/{total} chunks", before + share * (done / total if total else 1))

            progress(f"{doc.id}: reading", before)

            if old is not None and old_docs.get(doc.id) == wanted[doc.id]:
                count = _copy_doc(old, new, doc.id)
                report(count, count)
                pages[doc.id] = old_pages.get(doc.id, 0)
            else:
                try:
                    chunks, pages[doc.id] = load_document(doc, paths[doc.id])
                except DocumentError as err:
                    summary.errors.append(str(err))
                    continue
                summary.embedded += _write_doc(chunks, new, old, embedder, report)
                count = len(chunks)
            docs_done[doc.id] = wanted[doc.id]
            summary.chunks += count
        if not docs_done:
            store.drop(new.name)
            summary.seconds = time.perf_counter() - started
            return summary
        meta = _collection_meta(manifest, embedder, docs_done, pages)
        store.activate(new, {**meta, "chunks": summary.chunks, "built_at": time.strftime("%Y-%m-%dT%H:%M:%S")})
    except BaseException:
        # Best effort (a hard kill leaves it for drop_unfinished() next time); if the server went away, the
        # original error is the one to report, not the failed clean-up.
        with suppress(Exception):
            store.drop(new.name)
        raise
    summary.documents = len(docs_done)
    summary.pages = sum(pages.values())
    summary.changed = True
    summary.collection = new.name
    summary.seconds = time.perf_counter() - started
    progress("done", 1.0)
    return summary
