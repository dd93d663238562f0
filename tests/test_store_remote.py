"""A remote Chroma server behind a real reverse proxy: bearer token, TLS, and the plain-words failures.

`chroma run` (1.5) has no authentication, so a deployment puts a proxy in front that checks
`Authorization: Bearer <token>` and terminates TLS. The proxy here is a small real one (ThreadingHTTPServer forwarding
with httpx to the session's `chroma run`), optionally wrapped in TLS with a throwaway self-signed certificate made
by the `openssl` CLI. Everything listens on 127.0.0.1.
"""
from __future__ import annotations

import json
import logging
import secrets
import shutil
import ssl
import subprocess
import sys
import threading
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from conftest import REPO, env_for, write_manifest
from pydantic import SecretStr

from app.config import Settings
from app.errors import StoreUnavailable
from app.store import open_store

TOKEN = "wo-test-" + secrets.token_hex(16)
WRONG = "wo-wrong-" + secrets.token_hex(16)
QUESTION = "stock sold at a loss and bought for the IRA within 30 days"
# Not a question the rules answer themselves, so it goes to retrieval (the store) every time.
RETRIEVAL_Q = "What does Publication 999 say about reading order of the zebra paragraph on a tax return?"

# What a proxy sends back when the token is missing or wrong: nginx's page, a bare 403, Chroma's own JSON error.
REJECTIONS = {
    "nginx-401": (401, "text/html", (b"<html><head><title>401 Authorization Required</title></head>"
                                     b"<body><center><h1>401 Authorization Required</h1></center><hr>"
                                     b"<center>nginx</center></body></html>")),
    "bare-403": (403, "text/plain", b""),
    "chroma-json-401": (401, "application/json", b'{"error":"AuthorizationError","message":"Unauthorized"}'),
}
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
              "host", "content-length", "authorization", "accept-encoding"}


# -- the proxy ----------------------------------------------------------------------------------------------------
class _ProxyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream: str, token: str, reject: str, max_body: int | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Forward)
        self.token = token
        self.reject = reject
        self.max_body = max_body  # nginx's client_max_body_size: bigger requests get 413
        self.upstream = httpx.Client(base_url=upstream, timeout=120)
        self.seen: list[str | None] = []  # the Authorization header of every request, in order
        self.lock = threading.Lock()


class _Forward(BaseHTTPRequestHandler):
    server: _ProxyServer

    def _handle(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        auth = self.headers.get("Authorization")
        with self.server.lock:
            self.server.seen.append(auth)
        if auth != f"Bearer {self.server.token}":
            self._reply(*REJECTIONS[self.server.reject])
            return
        if self.server.max_body is not None and len(body) > self.server.max_body:
            self._reply(413, "text/html", b"<html><head><title>413 Request Entity Too Large</title></head></html>")
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        answer = self.server.upstream.request(self.command, self.path, content=body, headers=headers)
        self._reply(answer.status_code, answer.headers.get("content-type", "application/json"), answer.content)

    def _reply(self, status: int, content_type: str, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the test output stays readable


@dataclass
class Proxy:
    server: _ProxyServer
    port: int

    @property
    def seen(self) -> list[str | None]:
        return self.server.seen


@contextmanager
def running_proxy(upstream: tuple[str, int], *, token: str = TOKEN, reject: str = "nginx-401",
                  tls: ssl.SSLContext | None = None, max_body: int | None = None) -> Iterator[Proxy]:
    host, port = upstream
    server = _ProxyServer(f"http://{host}:{port}", token, reject, max_body)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Proxy(server, server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
        server.upstream.close()
        thread.join(timeout=30)


def make_cert(folder: Path, name: str) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1 (EC key: instant to make)."""
    cert, key = folder / f"{name}.pem", folder / f"{name}.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    return cert, key


# -- fixtures -----------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def proxy(chroma_server: tuple[str, int]) -> Iterator[Proxy]:
    """A plain-http proxy checking TOKEN, for the whole module."""
    with running_proxy(chroma_server) as running:
        yield running


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("certs")
    return {"server": make_cert(folder, "server"), "other": make_cert(folder, "other")}


@pytest.fixture(scope="module")
def tls_proxy(chroma_server: tuple[str, int], certs: dict[str, tuple[Path, Path]]) -> Iterator[Proxy]:
    """The same proxy over https with the self-signed 'server' certificate."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certs["server"])
    with running_proxy(chroma_server, tls=context) as running:
        yield running


@pytest.fixture(scope="module")
def remote_index(tmp_path_factory: pytest.TempPathFactory, fixture_corpus: Path, proxy: Proxy) -> Settings:
    """The fixture corpus ingested through the token-checking proxy (own collection prefix on the shared server)."""
    from ingest.index import build_index

    root = tmp_path_factory.mktemp("remote-index")
    shutil.copytree(fixture_corpus, root / "mirror")
    settings = Settings(
        data_dir=root / "data", manifest=write_manifest(root / "manifest.yaml", root / "mirror"),
        corpus_dir=root / "files", corpus_mirror=str(root / "mirror"), allow_download=False,
        chroma_host="127.0.0.1", chroma_port=proxy.port, chroma_token=TOKEN,
        collection_prefix=f"auth{uuid.uuid4().hex[:8]}",
    )
    before = len(proxy.seen)
    summary = build_index(settings)
    assert summary.chunks and not summary.errors, summary.errors
    assert proxy.seen[before:] and set(proxy.seen[before:]) == {f"Bearer {TOKEN}"}  # every call carried it
    return settings


def _no_secret(text: str) -> None:
    assert TOKEN not in text and WRONG not in text


def _everything_about(err: BaseException) -> str:
    """The message, the hint, and the whole chained traceback: what a log of the failure could contain."""
    return "\n".join([str(err), getattr(err, "hint", ""), "".join(traceback.format_exception(err))])


# -- the right token ----------------------------------------------------------------------------------------------
def test_right_token_ingests_and_searches_through_the_proxy(remote_index: Settings, proxy: Proxy) -> None:
    from app.retrieval import make_retriever

    store = open_store(remote_index)
    assert store.mode == "server" and store.location == f"http://127.0.0.1:{proxy.port}"
    assert store.active_info()["chunks"] > 0
    passages = make_retriever(remote_index, store).search(QUESTION, k=3)
    assert passages and passages[0].doc_id == "p999-2025" and "30 days" in passages[0].text


def test_a_pasted_bearer_prefix_is_not_doubled(remote_index: Settings, proxy: Proxy) -> None:
    settings = remote_index.model_copy(update={"chroma_token": SecretStr(f"  Bearer {TOKEN}\n")})
    assert open_store(settings).active_info()["chunks"] > 0
    assert proxy.seen[-1] == f"Bearer {TOKEN}"


def test_a_token_a_header_cannot_carry_is_a_config_error_without_echo(remote_index: Settings) -> None:
    from app.errors import ConfigError

    bad = f"{TOKEN} é{TOKEN}"
    settings = remote_index.model_copy(update={"chroma_token": SecretStr(bad)})
    with pytest.raises(ConfigError) as err:
        open_store(settings)
    assert "WRITEOFF_CHROMA_TOKEN" in str(err.value)
    _no_secret(_everything_about(err.value))


# -- no token, a wrong token ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("reject", sorted(REJECTIONS))
@pytest.mark.parametrize("token", ["", WRONG], ids=["no-token", "wrong-token"])
def test_refused_credentials_say_so_without_the_token(
    chroma_server: tuple[str, int], settings_factory: Callable[..., Settings], caplog: pytest.LogCaptureFixture,
    reject: str, token: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    with running_proxy(chroma_server, reject=reject) as running:
        settings = settings_factory(chroma_host="127.0.0.1", chroma_port=running.port, chroma_token=token)
        with pytest.raises(StoreUnavailable) as err:
            open_store(settings)
        assert running.seen == [f"Bearer {token}" if token else None]  # refused at the first request
    message = str(err.value)
    assert "refused the credentials" in message and f"HTTP {REJECTIONS[reject][0]}" in message
    assert ("Check WRITEOFF_CHROMA_TOKEN" if token else "Set WRITEOFF_CHROMA_TOKEN") in err.value.hint
    assert "Cannot reach" not in message
    _no_secret(_everything_about(err.value))
    _no_secret(caplog.text)


def test_a_token_revoked_mid_session_is_named_too(
    chroma_server: tuple[str, int], remote_index: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """The store and a running engine: the next call (or question) says the credentials were refused."""
    from app.answer import make_engine
    from app.conversation import Conversation
    from app.retrieval import make_retriever

    caplog.set_level(logging.DEBUG)
    with running_proxy(chroma_server) as running:
        settings = remote_index.model_copy(update={"chroma_port": running.port})
        store = open_store(settings)
        engine = make_engine(settings, retriever=make_retriever(settings, store))
        before = engine.ask(RETRIEVAL_Q, Conversation())
        assert before.citations, before.text
        running.server.token = WRONG + "-rotated"  # the proxy now wants another token
        with pytest.raises(StoreUnavailable) as err:
            store.active_info()
        after = engine.ask(RETRIEVAL_Q, Conversation())
    assert "refused the credentials (HTTP 401)" in str(err.value)
    assert "refused the credentials" in after.text and not after.citations, after.text
    _no_secret(_everything_about(err.value))
    _no_secret(after.text + json.dumps(engine.status(), default=str))
    _no_secret(caplog.text)


# -- TLS ----------------------------------------------------------------------------------------------------------
def test_https_with_ssl_cert_file_works(
    remote_index: Settings, tls_proxy: Proxy, certs: dict[str, tuple[Path, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """httpx (inside chromadb) builds its SSL context from SSL_CERT_FILE when set, else from certifi's bundle."""
    from app.retrieval import make_retriever

    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    monkeypatch.setenv("SSL_CERT_FILE", str(certs["server"][0]))
    settings = remote_index.model_copy(update={"chroma_port": tls_proxy.port, "chroma_ssl": True})
    store = open_store(settings)
    assert store.location == f"https://127.0.0.1:{tls_proxy.port}"
    assert store.active_info()["location"].startswith("https://")
    passages = make_retriever(settings, store).search(QUESTION, k=3)
    assert passages and passages[0].doc_id == "p999-2025"
    assert tls_proxy.seen and tls_proxy.seen[-1] == f"Bearer {TOKEN}"


@pytest.mark.parametrize("trust", ["certifi-only", "another-cert"])
def test_an_untrusted_certificate_is_a_tls_problem(
    remote_index: Settings, tls_proxy: Proxy, certs: dict[str, tuple[Path, Path]],
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, trust: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    if trust == "another-cert":
        monkeypatch.setenv("SSL_CERT_FILE", str(certs["other"][0]))
    else:
        monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    settings = remote_index.model_copy(update={"chroma_port": tls_proxy.port, "chroma_ssl": True})
    seen_before = len(tls_proxy.seen)
    with pytest.raises(StoreUnavailable) as err:
        open_store(settings)
    assert "TLS problem" in str(err.value) and "not trusted" in str(err.value)
    assert "SSL_CERT_FILE" in err.value.hint
    assert len(tls_proxy.seen) == seen_before  # no request (so no token) ever crossed the failed handshake
    _no_secret(_everything_about(err.value))
    _no_secret(caplog.text)


def test_https_to_a_plain_http_port_is_a_tls_problem(remote_index: Settings, proxy: Proxy) -> None:
    settings = remote_index.model_copy(update={"chroma_ssl": True})  # the plain-http proxy
    with pytest.raises(StoreUnavailable) as err:
        open_store(settings)
    assert "TLS problem" in str(err.value) and "handshake failed" in str(err.value)
    assert "WRITEOFF_CHROMA_SSL=false" in err.value.hint
    _no_secret(_everything_about(err.value))


def test_plain_http_to_a_tls_port_suggests_ssl(remote_index: Settings, tls_proxy: Proxy) -> None:
    settings = remote_index.model_copy(update={"chroma_port": tls_proxy.port})
    with pytest.raises(StoreUnavailable) as err:
        open_store(settings)
    assert "may expect https" in str(err.value) and "WRITEOFF_CHROMA_SSL=true" in err.value.hint
    _no_secret(_everything_about(err.value))


# -- the token appears in no status, dump or output ----------------------------------------------------------------
def test_the_token_is_in_no_status_or_settings_dump(remote_index: Settings) -> None:
    from app.answer import make_engine
    from app.ui.sidebar import _describe

    assert remote_index.chroma_token.get_secret_value() == TOKEN
    info = open_store(remote_index).active_info()
    status = make_engine(remote_index).status()
    assert status["store"].get("chunks"), status  # a real status, not an error standing in for one
    shown = [json.dumps(info, default=str), json.dumps(status, default=str), repr(remote_index), str(remote_index),
             remote_index.model_dump_json(), repr(remote_index.model_dump()), "\n".join(_describe(status, remote_index))]
    for text in shown:
        _no_secret(text)
    assert "**********" in remote_index.model_dump_json()
    described = "\n".join(_describe(status, remote_index)).replace("\\", "")  # inert() escapes markdown
    assert f"Chroma server at http://{remote_index.chroma_host}:{remote_index.chroma_port}" in described


def test_cli_through_the_proxy_never_prints_the_token(remote_index: Settings, proxy: Proxy) -> None:
    """`writeoff search --json` in a child that gets its settings from the environment (env_for: the real token)."""
    env = {**env_for(remote_index), "WRITEOFF_LOG_LEVEL": "DEBUG"}
    ok = subprocess.run([sys.executable, "-m", "app.cli", "search", QUESTION, "--json"], cwd=REPO, env=env,
                        check=False, capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stderr[-3000:]
    assert "p999-2025" in ok.stdout
    _no_secret(ok.stdout + ok.stderr)

    env["WRITEOFF_CHROMA_TOKEN"] = WRONG
    refused = subprocess.run([sys.executable, "-m", "app.cli", "search", QUESTION], cwd=REPO, env=env,
                             check=False, capture_output=True, text=True, timeout=300)
    assert refused.returncode == StoreUnavailable.exit_code, refused.stderr[-3000:]
    assert "refused the credentials" in refused.stderr and "Traceback" not in refused.stderr
    _no_secret(refused.stdout + refused.stderr)



# -- a proxy that refuses big writes (nginx's 1 MB default is smaller than one ingest write) ------------------------
def test_a_write_refused_as_too_large_is_explained_and_leaves_no_half_index(
    remote_index: Settings, chroma_server: tuple[str, int]
) -> None:
    from ingest.index import build_index

    # Measured: the fixture corpus's writes are about 5 KB (vectors go base64-packed); every other ingest request is
    # under 0.5 KB. So a 4 KB limit refuses exactly the writes.
    with running_proxy(chroma_server, max_body=4_000) as small:
        settings = remote_index.model_copy(update={"chroma_port": small.port,
                                                   "collection_prefix": f"big{uuid.uuid4().hex[:8]}",
                                                   "data_dir": remote_index.data_dir.parent / "data-413"})
        with pytest.raises(StoreUnavailable) as err:
            build_index(settings)
        assert "refused a write as too large (HTTP 413)" in str(err.value)
        assert "client_max_body_size" in err.value.hint
        _no_secret(_everything_about(err.value))
        assert open_store(settings).collection_names() == [], "the half-built collection was dropped"

        env = {**env_for(settings), "WRITEOFF_LOG_LEVEL": "DEBUG"}
        cli = subprocess.run([sys.executable, "-m", "app.cli", "ingest", "--offline"], cwd=REPO, env=env,
                             check=False, capture_output=True, text=True, timeout=300)
    assert cli.returncode != 0
    assert "HTTP 413" in cli.stderr and "client_max_body_size" in cli.stderr, cli.stderr[-2000:]
    assert "Traceback" not in cli.stderr and "unexpected" not in cli.stderr
    _no_secret(cli.stdout + cli.stderr)
