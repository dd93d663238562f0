"""The one model client: every backend is a LangChain chat model (`langchain-openai`'s ChatOpenAI), made on first use.

Backends: none (the default: no model, answers stay extractive) | openai (any OpenAI-compatible server: OpenAI, vLLM,
a llama.cpp server, LM Studio) | ollama (Ollama's OpenAI-compatible endpoint, `<base>/v1`) | gguf (a local GGUF file
served in-process by xllamacpp's OpenAI-compatible server). Timeouts, retries and streaming are the library's; this
module only turns every failure - timeout, refused connection, HTTP error, a stream that is not the protocol, a
reply cut off before the server finished it, an empty reply - into `ModelUnavailable`, which the pipeline turns into
the extractive answer plus a visible notice. A LangChain user can hand in any other chat model with
`ModelClient.wrap(chat_model)`.
"""
from __future__ import annotations

import importlib.util
import json
import logging
import os
import threading
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

import httpx

from app.config import Settings
from app.errors import ConfigError, ModelUnavailable

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

Messages = list[dict[str, str]]
MAX_TOKENS = 400
BACKENDS = ("none", "openai", "ollama", "gguf")
# A key the OpenAI client insists on even when the server (llama.cpp, Ollama, vLLM without --api-key) wants none.
NO_KEY = "not-needed"


class ModelClient:
    """A chat model for one backend. `stream()` yields the reply's pieces and returns the whole reply."""

    def __init__(self, name: str, connect: Callable[[], BaseChatModel] | None, info: dict[str, Any] | None = None,
                 *, require_finish: bool = True, limits: Callable[[int], dict[str, Any]] | None = None,
                 on_close: Callable[[], None] | None = None) -> None:
        self.name = name
        self._connect = connect
        self.info = dict(info or {})  # what describe() shows: URL, model name, timeout (never the key)
        # OpenAI-compatible servers mark the last chunk with finish_reason: a stream without one was cut off.
        self.require_finish = require_finish
        # The call arguments that cap the reply at n tokens (ChatOpenAI turns max_tokens into max_completion_tokens).
        self.limits = limits or (lambda n: {"max_tokens": n})
        self._on_close = on_close
        self._model: BaseChatModel | None = None
        self._lock = threading.Lock()

    @classmethod
    def wrap(cls, chat_model: BaseChatModel, name: str = "custom") -> ModelClient:
        """Any LangChain chat model behind the same guard and fallback. Its own settings cap the reply length (the
        argument name differs between providers) and its own finish markers are not checked."""
        return cls(name, lambda: chat_model, {"model": type(chat_model).__name__}, require_finish=False,
                   limits=lambda n: {})

    @property
    def available(self) -> bool:
        return self._connect is not None

    def chat_model(self) -> BaseChatModel:
        """The LangChain chat model, made (for gguf: the server started) on first use."""
        if self._connect is None:
            raise ModelUnavailable("No model is configured.")
        with self._lock:
            if self._model is None:
                try:
                    self._model = self._connect()
                except (ConfigError, ModelUnavailable):
                    raise
                except Exception as err:  # a model that will not load is "unavailable", not a crash
                    raise ModelUnavailable(f"The {self.name} model could not be started ({type(err).__name__}).") \
                        from err
            return self._model

    def stream(self, messages: Messages, *, max_tokens: int = MAX_TOKENS) -> Generator[str, None, str]:
        """Yield the reply piece by piece as it arrives; return it whole. Raises ModelUnavailable."""
        model = self.chat_model()
        parts: list[str] = []
        finished = not self.require_finish
        try:
            for chunk in model.stream(messages, **self.limits(max_tokens)):
                finished = finished or bool(chunk.response_metadata.get("finish_reason"))
                piece = chunk.text
                if piece:
                    parts.append(piece)
                    yield piece
        except Exception as err:  # every client, server and protocol failure means the same here
            raise unavailable(err, self.info.get("timeout")) from err
        text = "".join(parts).strip()
        if not text:
            raise ModelUnavailable("The model server sent an empty reply.")
        if not finished:
            raise ModelUnavailable("The model's reply stopped before it was complete.")
        return text

    def chat(self, messages: Messages, *, max_tokens: int = MAX_TOKENS) -> str:
        """The whole reply at once (the eval judge). Raises ModelUnavailable."""
        stream = self.stream(messages, max_tokens=max_tokens)
        while True:
            try:
                next(stream)
            except StopIteration as done:
                return str(done.value)

    def describe(self) -> dict[str, Any]:
        """Backend, URL, model name, timeout: never the key."""
        info = {"backend": self.name, **self.info}
        if self.name == "gguf":
            info["started"] = self._model is not None
        return info

    def close(self) -> None:
        with self._lock:
            self._model = None
            if self._on_close:
                self._on_close()


def unavailable(err: BaseException, timeout: object = None) -> ModelUnavailable:
    """One plain-words reason per kind of failure (never the server's own text: it may echo the prompt)."""
    import openai

    if isinstance(err, ModelUnavailable):
        return err
    if isinstance(err, openai.APITimeoutError | httpx.TimeoutException):
        within = f" within {timeout:g} s" if isinstance(timeout, int | float) else ""
        return ModelUnavailable(f"The model server did not answer{within}.")
    if isinstance(err, openai.APIConnectionError | httpx.TransportError):
        return ModelUnavailable(f"The model server could not be reached ({type(err).__name__}).")
    if isinstance(err, openai.APIStatusError):
        return ModelUnavailable(f"The model server answered HTTP {err.status_code}.")
    if isinstance(err, openai.APIError):
        return ModelUnavailable("The model server reported an error.")
    if isinstance(err, ValueError | json.JSONDecodeError):  # no chunks at all, or a data line that is not JSON
        return ModelUnavailable("The model server sent something that is not the chat protocol.")
    return ModelUnavailable(f"The model call failed ({type(err).__name__}).")


def openai_base(url: str) -> str:
    """Users paste either http://host:8080 or http://host:8080/v1; both mean the same server."""
    base = url.rstrip("/")
    return base if base.endswith("/v1") else base + "/v1"


def chat_openai(base_url: str, model: str, *, api_key: object = "", timeout: float = 30.0,
                retries: int = 1) -> BaseChatModel:
    """ChatOpenAI for any OpenAI-compatible server; every setting explicit, so no OPENAI_* variable is read."""
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=openai_base(base_url), model=model or "local", api_key=api_key or NO_KEY,  # type: ignore[arg-type]
        temperature=0, timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)), max_retries=retries,
        stream_usage=False,
    )


def _ollama_limits(n: int) -> dict[str, Any]:
    """Ollama's OpenAI-compatible endpoint reads max_tokens, not max_completion_tokens: send both."""
    return {"max_tokens": n, "extra_body": {"max_tokens": n}}


def _start_gguf(path: str, threads: int, n_ctx: int) -> tuple[Any, str]:
    import xllamacpp  # heavy native module: imported only when a GGUF model is actually used

    params = xllamacpp.CommonParams()
    params.model.path = path
    params.hostnames = ["127.0.0.1"]
    params.port = 0  # let the OS pick a free port; listening_address tells us which
    params.n_parallel = 1
    params.n_ctx = n_ctx
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    server = xllamacpp.Server(params)
    return server, server.listening_address


def gguf_client(path: str, *, timeout: float = 30.0, retries: int = 1, threads: int = 2,
                n_ctx: int = 4096) -> ModelClient:
    """A local GGUF file, served by xllamacpp on a free 127.0.0.1 port on first use, spoken to by ChatOpenAI."""
    if not os.path.isfile(path):
        raise ConfigError(f"The GGUF file {os.path.basename(path) or path!r} does not exist.",
                          hint="Set WRITEOFF_GGUF_PATH to a .gguf file.")
    server: list[Any] = []  # the running xllamacpp server, once started

    def connect() -> BaseChatModel:
        started, url = _start_gguf(path, threads, n_ctx)
        server.append(started)
        client.info["base_url"] = openai_base(url)
        return chat_openai(url, "local", timeout=timeout, retries=retries)

    def stop() -> None:
        server.clear()  # xllamacpp stops the server when the object is released
        client.info.pop("base_url", None)

    client = ModelClient("gguf", connect, {"model": os.path.basename(path), "timeout": timeout}, on_close=stop)
    return client


def make_client(settings: Settings) -> ModelClient:
    """The client for settings.llm_backend; a clear ConfigError for an unknown name, a missing URL or GGUF file."""
    kind = (settings.llm_backend or "none").strip().lower()
    timeout, retries = settings.llm_timeout, settings.llm_retries
    if kind == "none":
        return ModelClient("none", None)
    if kind in ("openai", "ollama"):
        if not settings.llm_base_url:
            raise ConfigError(f"The {kind} backend needs a server URL.", hint="Set WRITEOFF_LLM_BASE_URL.")
        base, model, key = settings.llm_base_url, settings.llm_model, settings.llm_api_key.get_secret_value()
        info = {"base_url": openai_base(base), "model": model, "timeout": timeout}
        return ModelClient(kind, lambda: chat_openai(base, model, api_key=key, timeout=timeout, retries=retries),
                           info, limits=_ollama_limits if kind == "ollama" else None)
    if kind == "gguf":
        if importlib.util.find_spec("xllamacpp") is None:  # an extra: the runtime alone does not install it
            raise ConfigError("The gguf backend needs xllamacpp, which is not installed.",
                              hint="Install it with: pip install 'writeoff[gguf]'")
        return gguf_client(settings.gguf_path, timeout=timeout, retries=retries)
    raise ConfigError(f"Unknown model backend {kind!r}.", hint="Use one of: " + ", ".join(BACKENDS) + ".")
