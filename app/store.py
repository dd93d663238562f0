"""The vector store: the only importer of chromadb. Embedded (PersistentClient) by default, a server when configured.

Atomic switching: ingest builds into a new collection (`<prefix>-<timestamp>-<rand>`) and, only once it is complete,
points a tiny pointer collection (`<prefix>-active`) at it. Readers follow the pointer, so an ingest killed midway
leaves the previous collection serving. The pointer is collection metadata, so the same scheme works for the
embedded store and for a Chroma server. Every collection records the embedder that built it; a reader with another
embedder gets EmbedderMismatch instead of silently meaningless similarities.
"""
from __future__ import annotations

import json
import secrets
import time
from typing import Any

import chromadb
from chromadb.errors import NotFoundError

from app.config import Settings
from app.errors import EmbedderMismatch, IndexMissing, StoreUnavailable

REBUILD_HINT = "Re-ingest with `writeoff ingest --rebuild`."


class Store:
    def __init__(self, client: Any, settings: Settings, mode: str, embedder_id: str | None = None) -> None:
        self.client = client
        self.settings = settings
        self.mode = mode
        self.prefix = settings.collection_prefix
        self.pointer_name = f"{self.prefix}-active"
        self._embedder_id = embedder_id

    # -- reading ------------------------------------------------------------------------------------------------
    @property
    def embedder_id(self) -> str:
        if self._embedder_id is None:
            from app.embeddings import get_embedder  # model id only: this does not load the model

            self._embedder_id = get_embedder().model_id
        return self._embedder_id

    def _unreachable(self, err: Exception) -> Exception:
        """A server that went away after open_store (stopped, restarted, network): the same plain words as at open,
        instead of a raw connection error. Embedded-store errors are real bugs and pass through unchanged."""
        if self.mode != "server" or isinstance(err, (NotFoundError, ValueError)):
            return err
        return StoreUnavailable(
            f"Lost the connection to the Chroma server at {self.settings.chroma_host}:{self.settings.chroma_port}.",
            hint="Check that it is running; answers resume as soon as it is back.",
        )

    def active_name(self) -> str | None:
        try:
            pointer = self.client.get_collection(self.pointer_name, embedding_function=None)
        except (NotFoundError, ValueError):
            return None
        except Exception as err:
            raise self._unreachable(err) from err
        name = (pointer.metadata or {}).get("active") or None
        return str(name) if name else None

    def _active_raw(self) -> Any:
        name = self.active_name()
        if not name:
            raise IndexMissing("No document index yet.", hint="Run `writeoff ingest` first.")
        try:
            return self.client.get_collection(name, embedding_function=None)
        except (NotFoundError, ValueError) as err:
            raise IndexMissing(f"The active index '{name}' is missing.", hint="Run `writeoff ingest`.") from err
        except Exception as err:
            raise self._unreachable(err) from err

    def active_collection(self) -> Any:
        """The collection serving queries; raises IndexMissing or EmbedderMismatch with the fix in the message."""
        collection = self._active_raw()
        built_with = (collection.metadata or {}).get("embedder", "")
        if built_with != self.embedder_id:
            raise EmbedderMismatch(
                f"The index was built with embedder '{built_with}' but this process uses '{self.embedder_id}'.",
                hint=REBUILD_HINT,
            )
        return collection

    def active_metadata(self) -> dict[str, Any]:
        """Metadata of the active collection without the embedder check (ingest compares it itself)."""
        try:
            return dict(self._active_raw().metadata or {})
        except IndexMissing:
            return {}

    def active_info(self) -> dict[str, Any]:
        collection = self._active_raw()
        meta = dict(collection.metadata or {})
        return {
            "collection": collection.name,
            "embedder": meta.get("embedder", ""),
            "manifest_sha256": meta.get("manifest_sha256", ""),
            "corpus_version": meta.get("corpus_version", ""),
            "chunker_version": meta.get("chunker_version", ""),
            "chunks": int(meta.get("chunks", 0)),
            "documents": json.loads(meta.get("docs", "{}")),
            "built_at": meta.get("built_at", ""),
            "mode": self.mode,
            "location": self.location,
        }

    @property
    def location(self) -> str:
        if self.mode == "server":
            return f"http://{self.settings.chroma_host}:{self.settings.chroma_port}"
        return str(self.settings.chroma_dir)

    # -- building (used by ingest.index) ------------------------------------------------------------------------
    def create_build(self, metadata: dict[str, Any]) -> Any:
        """A fresh collection to build into; not visible to readers until activate()."""
        name = f"{self.prefix}-{time.strftime('%Y%m%d%H%M%S')}-{secrets.token_hex(3)}"
        meta = {**metadata, "state": "building"}
        # embedding_function=None: we always pass vectors; Chroma's default would download a model.
        return self.client.create_collection(
            name, embedding_function=None, metadata=meta, configuration={"hnsw": {"space": "cosine"}}
        )

    def activate(self, collection: Any, metadata: dict[str, Any]) -> str | None:
        """Mark the build complete, switch the pointer to it, then drop the collection it replaced."""
        collection.modify(metadata={**metadata, "state": "complete"})
        previous = self.active_name()
        pointer = self.client.get_or_create_collection(
            self.pointer_name, embedding_function=None, metadata={"active": ""}
        )
        # The switch is this one metadata write: before it readers see the old index, after it the new one.
        pointer.modify(metadata={"active": collection.name, "switched_at": time.strftime("%Y-%m-%dT%H:%M:%S")})
        if previous and previous != collection.name:
            self.drop(previous)
        return previous

    def drop(self, name: str) -> None:
        try:
            self.client.delete_collection(name)
        except (NotFoundError, ValueError):
            pass

    def drop_unfinished(self) -> list[str]:
        """Delete builds left behind by killed ingests (any of ours that the pointer does not name)."""
        active = self.active_name()
        dropped = []
        for collection in self.client.list_collections():
            name = collection if isinstance(collection, str) else collection.name
            if name.startswith(f"{self.prefix}-") and name not in (active, self.pointer_name):
                self.drop(name)
                dropped.append(name)
        return dropped

    def collection_names(self) -> list[str]:
        """Names of this store's collections (those under its prefix; a shared server may hold others)."""
        names = (c if isinstance(c, str) else c.name for c in self.client.list_collections())
        return sorted(n for n in names if n.startswith(f"{self.prefix}-"))


def _client_settings() -> Any:
    return chromadb.Settings(anonymized_telemetry=False)


def open_store(settings: Settings, *, embedder_id: str | None = None) -> Store:
    """Embedded PersistentClient under settings.chroma_dir, or HttpClient when settings.chroma_host is set."""
    if settings.chroma_host:
        try:
            client = chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=_client_settings()
            )
            client.heartbeat()
        except Exception as err:  # connection refused, DNS, TLS...: all mean "the server is not reachable"
            raise StoreUnavailable(
                f"Cannot reach the Chroma server at {settings.chroma_host}:{settings.chroma_port}.",
                hint="Start it (`chroma run --path DIR`) or unset WRITEOFF_CHROMA_HOST to use the embedded store.",
            ) from err
        return Store(client, settings, "server", embedder_id)
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    client = chromadb.PersistentClient(path=str(settings.chroma_dir), settings=_client_settings())
    return Store(client, settings, "embedded", embedder_id)
