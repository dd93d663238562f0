"""One small seam for chat models: `ChatBackend.chat(messages, on_token=...) -> str`, and `make_backend(settings)`.

Backends: none (the default: no model, answers stay extractive) | openai (any OpenAI-compatible server: vLLM,
llama.cpp server, LM Studio) | ollama (/api/chat) | gguf (a local GGUF file served in-process by xllamacpp, then
spoken to as OpenAI-compatible). Every failure - timeout, refused connection, HTTP error, a stream that is not the
protocol, an empty reply - becomes `ModelUnavailable`, which the pipeline turns into the extractive answer plus a
visible notice. An httpx transport can be passed in (tests pass a real one; nothing here is patched).
"""
from __future__ import annotations

import importlib.util
import json
import logging
import os
import threading
from collections.abc import Callable, Iterator
from typing import Any, Protocol

import httpx

from app.config import Settings
from app.errors import ConfigError, ModelUnavailable

log = logging.getLogger(__name__)

Messages = list[dict[str, str]]
OnToken = Callable[[str], None]
MAX_TOKENS = 400


class ChatBackend(Protocol):
    name: str

    def chat(self, messages: Messages, *, on_token: OnToken | None = None, max_tokens: int = MAX_TOKENS) -> str:
        """The whole reply; each piece goes to on_token as it arrives. Raises ModelUnavailable."""
        ...

    def describe(self) -> dict[str, Any]: ...


class NoBackend:
    """No model configured: the pipeline never calls chat()."""

    name = "none"

    def chat(self, messages: Messages, *, on_token: OnToken | None = None, max_tokens: int = MAX_TOKENS) -> str:
        raise ModelUnavailable("No model is configured.")

    def describe(self) -> dict[str, Any]:
        return {"backend": "none"}


class _StreamingHTTPBackend:
    """Shared plumbing: POST a JSON body, read a line-oriented stream, collect the content pieces."""

    name = "http"
    path = ""

    def __init__(
        self, base_url: str, model: str, *, api_key: str = "", timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.timeout = timeout
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)), headers=headers, transport=transport
        )

    def body(self, messages: Messages, max_tokens: int) -> dict[str, Any]:
        raise NotImplementedError

    def pieces(self, lines: Iterator[str]) -> Iterator[str]:
        raise NotImplementedError

    def chat(self, messages: Messages, *, on_token: OnToken | None = None, max_tokens: int = MAX_TOKENS) -> str:
        url = self.base_url + self.path
        parts: list[str] = []
        try:
            with self._client.stream("POST", url, json=self.body(messages, max_tokens)) as resp:
                if resp.status_code != 200:
                    raise ModelUnavailable(f"The model server answered HTTP {resp.status_code}.")
                for piece in self.pieces(resp.iter_lines()):
                    parts.append(piece)
                    if on_token:
                        on_token(piece)
        except httpx.TimeoutException as err:
            raise ModelUnavailable(f"The model server did not answer within {self.timeout:g} s.") from err
        except httpx.HTTPError as err:
            raise ModelUnavailable(f"The model server could not be reached ({type(err).__name__}).") from err
        text = "".join(parts).strip()
        if not text:
            raise ModelUnavailable("The model server sent an empty reply.")
        return text

    def describe(self) -> dict[str, Any]:
        return {"backend": self.name, "base_url": self.base_url, "model": self.model, "timeout": self.timeout}

    def close(self) -> None:
        self._client.close()


def _json(line: str) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        raise ModelUnavailable("The model server sent something that is not the chat protocol.") from err
    if not isinstance(obj, dict):
        raise ModelUnavailable("The model server sent something that is not the chat protocol.")
    return obj


class OpenAIBackend(_StreamingHTTPBackend):
    """/v1/chat/completions with stream=true (server-sent events: `data: {...}` lines, then `data: [DONE]`)."""

    name = "openai"
    path = "/chat/completions"

    def __init__(self, base_url: str, model: str, **kw: Any) -> None:
        base = base_url.rstrip("/")
        # Users paste either http://host:8080 or http://host:8080/v1; both mean the same server.
        super().__init__(base if base.endswith("/v1") else base + "/v1", model, **kw)

    def body(self, messages: Messages, max_tokens: int) -> dict[str, Any]:
        return {
            "model": self.model or "local", "messages": messages, "stream": True,
            "temperature": 0, "max_tokens": max_tokens,
        }

    def pieces(self, lines: Iterator[str]) -> Iterator[str]:
        done = False
        for line in lines:
            line = line.strip()
            if not line or line.startswith((":", "event:", "id:", "retry:")):
                continue  # SSE keep-alives and fields we do not use
            if not line.startswith("data:"):
                raise ModelUnavailable("The model server sent something that is not the chat protocol.")
            data = line[5:].strip()
            if data == "[DONE]":
                done = True
                break
            obj = _json(data)
            if "error" in obj:
                raise ModelUnavailable("The model server reported an error.")
            for choice in obj.get("choices") or []:
                content = (choice.get("delta") or {}).get("content") or ""
                if content:
                    yield content
        if not done:
            raise ModelUnavailable("The model's reply stopped before it was complete.")


class OllamaBackend(_StreamingHTTPBackend):
    """Ollama /api/chat streaming: one JSON object per line, the last with done=true."""

    name = "ollama"
    path = "/api/chat"

    def body(self, messages: Messages, max_tokens: int) -> dict[str, Any]:
        return {
            "model": self.model, "messages": messages, "stream": True,
            "options": {"temperature": 0, "num_predict": max_tokens},
        }

    def pieces(self, lines: Iterator[str]) -> Iterator[str]:
        done = False
        for line in lines:
            if not line.strip():
                continue
            obj = _json(line)
            if "error" in obj:
                raise ModelUnavailable("The model server reported an error.")
            content = (obj.get("message") or {}).get("content") or ""
            if content:
                yield content
            if obj.get("done"):
                done = True
                break
        if not done:
            raise ModelUnavailable("The model's reply stopped before it was complete.")


class GGUFBackend:
    """A local GGUF file served in-process by xllamacpp on a free 127.0.0.1 port, started on first use."""

    name = "gguf"

    def __init__(self, path: str, *, timeout: float = 30.0, threads: int = 2, n_ctx: int = 4096) -> None:
        if not os.path.isfile(path):
            raise ConfigError(f"The GGUF file {os.path.basename(path) or path!r} does not exist.",
                              hint="Set WRITEOFF_GGUF_PATH to a .gguf file.")
        self.path = path
        self.timeout = timeout
        self.threads = threads
        self.n_ctx = n_ctx
        self._server: Any = None
        self._client: OpenAIBackend | None = None
        self._lock = threading.Lock()

    def _start(self) -> OpenAIBackend:
        with self._lock:
            if self._client is None:
                import xllamacpp  # heavy native module: imported only when a GGUF model is actually used

                params = xllamacpp.CommonParams()
                params.model.path = self.path
                params.hostnames = ["127.0.0.1"]
                params.port = 0  # let the OS pick a free port; listening_address tells us which
                params.n_parallel = 1
                params.n_ctx = self.n_ctx
                params.cpuparams.n_threads = self.threads
                params.cpuparams_batch.n_threads = self.threads
                self._server = xllamacpp.Server(params)
                self._client = OpenAIBackend(self._server.listening_address, "local", timeout=self.timeout)
        return self._client

    @property
    def base_url(self) -> str:
        return self._start().base_url

    def chat(self, messages: Messages, *, on_token: OnToken | None = None, max_tokens: int = MAX_TOKENS) -> str:
        try:
            client = self._start()
        except ConfigError:
            raise
        except Exception as err:  # a model that will not load is "unavailable", not a crash
            raise ModelUnavailable(f"The local GGUF model could not be started ({type(err).__name__}).") from err
        return client.chat(messages, on_token=on_token, max_tokens=max_tokens)

    def describe(self) -> dict[str, Any]:
        return {"backend": "gguf", "model": os.path.basename(self.path), "started": self._client is not None}

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
            self._client = None
            self._server = None  # xllamacpp stops the server when the object is released


def make_backend(settings: Settings, *, transport: httpx.BaseTransport | None = None) -> ChatBackend:
    """The backend named by settings.llm_backend; a clear ConfigError for an unknown name or missing URL."""
    kind = (settings.llm_backend or "none").strip().lower()
    if kind == "none":
        return NoBackend()
    if kind in ("openai", "ollama"):
        if not settings.llm_base_url:
            raise ConfigError(f"The {kind} backend needs a server URL.", hint="Set WRITEOFF_LLM_BASE_URL.")
        cls = OpenAIBackend if kind == "openai" else OllamaBackend
        return cls(settings.llm_base_url, settings.llm_model, api_key=settings.llm_api_key.get_secret_value(),
                   timeout=settings.llm_timeout, transport=transport)
    if kind == "gguf":
        if importlib.util.find_spec("xllamacpp") is None:  # an extra: the runtime alone does not install it
            raise ConfigError("The gguf backend needs xllamacpp, which is not installed.",
                              hint="Install it with: pip install 'writeoff[gguf]'")
        return GGUFBackend(settings.gguf_path, timeout=settings.llm_timeout)
    raise ConfigError(f"Unknown model backend {kind!r}.", hint="Use one of: none, openai, ollama, gguf.")
