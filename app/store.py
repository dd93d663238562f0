"""The vector store: the only importer of chromadb. Embedded (PersistentClient) by default, a server when configured.

Atomic switching: ingest builds into a new collection (`<prefix>-<timestamp>-<rand>`) and, only once it is complete,
points a tiny pointer collection (`<prefix>-active`) at it. Readers follow the pointer, so an ingest killed midway
leaves the previous collection serving. The pointer is collection metadata, so the same scheme works for the
embedded store and for a Chroma server. Every collection records the embedder that built it; a reader with another
embedder gets EmbedderMismatch instead of silently meaningless similarities.

A remote server is reached over http or https (`chroma_ssl`) with an optional bearer token (`chroma_token`) for the
proxy in front of it; its failures are told apart in plain words (not reachable, credentials refused, TLS) by
walking the exception chain chromadb's httpx client raises, and the token never appears in a message.
"""
from __future__ import annotations

import json
import re
import secrets
import ssl
import threading
import time
from collections.abc import Iterator
from typing import Any

import chromadb
import httpx
from chromadb.errors import ChromaError, NotFoundError

from app.config import Settings
from app.errors import ConfigError, EmbedderMismatch, IndexMissing, StoreUnavailable

REBUILD_HINT = "Re-ingest with `writeoff ingest --rebuild`."
# chromadb shares one system per path between clients, and two threads creating the first client for a path at once
# break it ("Could not connect to tenant default_tenant"): the chat builds the index in one thread while it answers in
# another, so embedded clients are created one at a time.
_EMBEDDED_OPEN = threading.Lock()


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
        """A server that went away after open_store (stopped, restarted, network, a revoked token): the same plain
        words as at open, instead of a raw connection error. Embedded-store errors are real bugs and pass through."""
        if self.mode != "server" or isinstance(err, (NotFoundError, ValueError)):
            return err
        return server_error(err, self.settings, lost=True)

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
            return server_location(self.settings)
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


# -- a remote server: location, credentials, and what went wrong ----------------------------------------------------
# What an HTTP header value can carry as is (visible ASCII): anything else would make httpx/h11 raise an error whose
# message quotes the value, i.e. the token.
_HEADER_SAFE = re.compile(r"[\x21-\x7e]+")


def server_location(settings: Settings) -> str:
    return f"{'https' if settings.chroma_ssl else 'http'}://{settings.chroma_host}:{settings.chroma_port}"


def _auth_headers(settings: Settings) -> dict[str, str] | None:
    """`Authorization: Bearer <token>` when a token is set (a pasted "Bearer " prefix is not doubled)."""
    token = settings.chroma_token.get_secret_value().strip()
    if token[:7].lower() == "bearer ":
        token = token[7:].strip()
    if not token:
        return None
    if not _HEADER_SAFE.fullmatch(token):
        raise ConfigError(
            "WRITEOFF_CHROMA_TOKEN contains characters an HTTP header cannot carry (spaces, line breaks or non-ASCII).",
            hint="Set it to the token alone, as the proxy in front of the Chroma server expects it.",
        )
    return {"Authorization": f"Bearer {token}"}


def _chain(err: BaseException | None) -> Iterator[BaseException]:
    seen: set[int] = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        yield err
        err = err.__cause__ or err.__context__


def from_server(err: BaseException) -> bool:
    """Whether a failure came from talking to a Chroma server (HTTP, TLS, a status, a Chroma error), not from our code."""
    return any(isinstance(link, (httpx.HTTPError, ChromaError, ssl.SSLError)) for link in _chain(err))


def server_error(err: BaseException, settings: Settings, *, lost: bool = False) -> StoreUnavailable:
    """Plain words for a failed call to a Chroma server. chromadb raises `httpx.ConnectError` (its cause an
    `ssl.SSLError` for TLS failures), a bare `Exception(response text)` raised while handling `httpx.HTTPStatusError`
    for a status from a proxy, or a ChromaError such as AuthorizationError when the body is Chroma's own JSON; the
    chain tells them apart. Nothing here quotes the token or the server's response body."""
    where = server_location(settings)
    status, body, tls, dropped = None, "", None, False
    for link in _chain(err):
        if isinstance(link, httpx.HTTPStatusError) and status is None:
            status, body = link.response.status_code, link.response.text[:2000]
        elif isinstance(link, ChromaError) and link.name() in ("AuthorizationError", "AuthError") and status is None:
            status = link.code()
        elif isinstance(link, ssl.SSLError) and tls is None:
            tls = link
        elif isinstance(link, (httpx.RemoteProtocolError, httpx.ReadError)):  # accepted, then reset or hung up
            dropped = True
    if status in (401, 403):
        token_set = bool(settings.chroma_token.get_secret_value().strip())
        return StoreUnavailable(
            f"The Chroma server at {where} (or the proxy in front of it) refused the credentials (HTTP {status}).",
            hint="Check WRITEOFF_CHROMA_TOKEN: the token sent was not accepted." if token_set
            else "Set WRITEOFF_CHROMA_TOKEN to the token it expects.",
        )
    if status == 413:
        return StoreUnavailable(
            f"The Chroma server at {where} (or the proxy in front of it) refused a write as too large (HTTP 413).",
            hint="Raise the proxy's request-body limit (nginx: client_max_body_size 16m); one ingest write of 512 "
            "chunks is about 1.6 MB.",
        )
    if isinstance(tls, ssl.SSLCertVerificationError):
        return StoreUnavailable(
            f"TLS problem with the Chroma server at {where}: its certificate is not trusted ({tls.verify_message}).",
            hint="For a private CA or a self-signed certificate, set SSL_CERT_FILE to a PEM file holding it (the "
            "certificate must name this host); if the server speaks plain http, set WRITEOFF_CHROMA_SSL=false.",
        )
    if tls is not None:
        return StoreUnavailable(
            f"TLS problem with the Chroma server at {where}: the TLS handshake failed.",
            hint="If that port speaks plain http, set WRITEOFF_CHROMA_SSL=false; otherwise check the TLS setup of "
            "the proxy in front of it (and SSL_CERT_FILE).",
        )
    # Plain http to a TLS port: nginx and Caddy answer 400 naming HTTPS; a bare TLS socket resets the connection.
    if not settings.chroma_ssl and not lost and (dropped or (status == 400 and "https" in body.lower())):
        return StoreUnavailable(
            f"The Chroma server at {where} closed the connection without a usable answer: it may expect https.",
            hint="If it (or the proxy in front of it) speaks TLS, set WRITEOFF_CHROMA_SSL=true.",
        )
    answered = f" (it answered HTTP {status})" if status else ""
    if lost:
        return StoreUnavailable(
            f"Lost the connection to the Chroma server at {where}{answered}.",
            hint="Check that it is running; answers resume as soon as it is back.",
        )
    return StoreUnavailable(
        f"Cannot reach the Chroma server at {where}{answered}.",
        hint="Start it (`chroma run --path DIR`) or unset WRITEOFF_CHROMA_HOST to use the embedded store.",
    )


def open_store(settings: Settings, *, embedder_id: str | None = None) -> Store:
    """Embedded PersistentClient under settings.chroma_dir, or HttpClient when settings.chroma_host is set."""
    if settings.chroma_host:
        headers = _auth_headers(settings)
        try:
            # The client asks the server who it is while being built, so refusals and TLS errors surface here.
            client = chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, ssl=settings.chroma_ssl, headers=headers,
                settings=_client_settings(),
            )
            client.heartbeat()
        except Exception as err:  # refused, TLS, DNS, a proxy status...: server_error puts each in plain words
            raise server_error(err, settings) from err
        return Store(client, settings, "server", embedder_id)
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    with _EMBEDDED_OPEN:
        client = chromadb.PersistentClient(path=str(settings.chroma_dir), settings=_client_settings())
    return Store(client, settings, "embedded", embedder_id)
