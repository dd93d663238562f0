"""app.llm against real local servers: SmolLM2 served by xllamacpp, and a junk HTTP server for the failures.

Every backend is LangChain's ChatOpenAI underneath; these tests check what reaches the server (the request body
and headers the junk server records) and what a failure becomes (ModelUnavailable with plain words).
"""
from __future__ import annotations

import json
import socket

import pytest
from langchain_openai import ChatOpenAI
from llm_server import JunkServer, smollm_path, sse

from app.config import Settings
from app.errors import ConfigError, ModelUnavailable
from app.llm import ModelClient, make_client

HELLO = [{"role": "user", "content": "Say hello in five words."}]


def _client(url: str, backend: str = "openai", **overrides: object) -> ModelClient:
    values: dict[str, object] = {"llm_backend": backend, "llm_base_url": url, "llm_model": "m", "llm_timeout": 5,
                                 "llm_retries": 0}
    values.update(overrides)
    return make_client(Settings(**values))  # type: ignore[arg-type]


def _drain(client: ModelClient, **kw: object) -> tuple[list[str], str]:
    pieces: list[str] = []
    stream = client.stream(HELLO, **kw)  # type: ignore[arg-type]
    while True:
        try:
            pieces.append(next(stream))
        except StopIteration as done:
            return pieces, done.value


def test_make_client_none_is_the_default(tmp_path) -> None:
    client = make_client(Settings(data_dir=tmp_path))
    assert client.name == "none" and not client.available
    assert client.describe() == {"backend": "none"}
    with pytest.raises(ModelUnavailable):
        client.chat(HELLO)


@pytest.mark.parametrize(
    ("overrides", "needle"),
    [
        ({"llm_backend": "gpt-banana"}, "Unknown model backend"),
        ({"llm_backend": "openai"}, "needs a server URL"),
        ({"llm_backend": "ollama"}, "needs a server URL"),
        ({"llm_backend": "gguf", "gguf_path": "/nonexistent/model.gguf"}, "does not exist"),
    ],
)
def test_bad_backend_settings_get_clear_errors(tmp_path, overrides, needle) -> None:
    with pytest.raises(ConfigError) as err:
        make_client(Settings(data_dir=tmp_path, **overrides))
    assert needle in str(err.value)


@pytest.mark.parametrize("backend", ["openai", "ollama"])
def test_every_url_backend_is_langchain_chat_openai(backend: str) -> None:
    client = _client("http://127.0.0.1:9", backend)
    model = client.chat_model()
    assert isinstance(model, ChatOpenAI)
    assert model.openai_api_base == "http://127.0.0.1:9/v1"  # Ollama too: its OpenAI-compatible endpoint
    assert client.describe()["base_url"] == "http://127.0.0.1:9/v1"


@pytest.mark.llm
def test_openai_backend_streams_from_real_server(smollm) -> None:
    client = _client(smollm.base_url, llm_timeout=60)
    pieces, text = _drain(client, max_tokens=24)
    assert len(pieces) > 1  # it really streamed, piece by piece
    assert "".join(pieces).strip() == text and text
    assert client.chat(HELLO, max_tokens=8)


@pytest.mark.llm
def test_ollama_backend_talks_to_an_openai_compatible_endpoint(smollm) -> None:
    # xllamacpp serves the same /v1/chat/completions protocol as Ollama's OpenAI-compatible endpoint
    assert _client(smollm.base_url, "ollama", llm_timeout=60).chat(HELLO, max_tokens=12)


@pytest.mark.llm
def test_gguf_backend_serves_the_file_in_process(tmp_path) -> None:
    client = make_client(Settings(data_dir=tmp_path, llm_backend="gguf", gguf_path=smollm_path(), llm_timeout=60))
    try:
        assert client.describe()["started"] is False  # nothing loads until the first question
        assert isinstance(client.chat_model(), ChatOpenAI)
        assert client.chat(HELLO, max_tokens=12)
        assert client.describe()["started"] is True
        assert client.describe()["base_url"].startswith("http://127.0.0.1:")
    finally:
        client.close()
    assert client.describe()["started"] is False


def test_the_request_carries_the_messages_limit_and_key() -> None:
    with JunkServer(sse("Not ", "deductible [1].")) as junk:
        client = _client(junk.base_url, llm_api_key="sk-test-123")
        pieces, text = _drain(client, max_tokens=77)
        assert pieces == ["Not ", "deductible [1]."] and text == "Not deductible [1]."
        sent = json.loads(junk.requests[0])
        assert sent["stream"] is True and sent["messages"] == HELLO and sent["model"] == "m"
        assert sent["max_completion_tokens"] == 77 and sent["temperature"] == 0
        assert "max_tokens" not in sent  # OpenAI rejects both together
        assert "sk-test-123" not in json.dumps(client.describe())


def test_ollama_also_gets_max_tokens_which_its_endpoint_reads() -> None:
    with JunkServer(sse("ok")) as junk:
        assert _client(junk.base_url, "ollama").chat(HELLO, max_tokens=33) == "ok"
        sent = json.loads(junk.requests[0])
        assert sent["max_tokens"] == 33 and sent["max_completion_tokens"] == 33


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        ("<html>Bad gateway</html>", 200, "not the chat protocol"),
        ("data: {not json\n\n", 200, "not the chat protocol"),
        (sse("Hal", finish=False, done=False), 200, "stopped before it was complete"),
        ('data: {"error":{"message":"model exploded"}}\n\n', 200, "reported an error"),
        (sse(""), 200, "empty reply"),
        ('{"error": "overloaded"}', 503, "HTTP 503"),
    ],
)
def test_openai_garbage_becomes_model_unavailable(body: str, status: int, needle: str) -> None:
    with JunkServer(body, status=status) as junk:
        with pytest.raises(ModelUnavailable) as err:
            _client(junk.base_url).chat(HELLO)
        assert needle in str(err.value)
        assert "exploded" not in str(err.value) and "overloaded" not in str(err.value)  # never the server's words


def test_the_library_retries_as_configured() -> None:
    with JunkServer('{"error": "overloaded"}', status=503) as junk:
        with pytest.raises(ModelUnavailable, match="HTTP 503"):
            _client(junk.base_url, llm_retries=1).chat(HELLO)
        assert len(junk.requests) == 2  # the first try and one retry


def test_slow_server_times_out() -> None:
    with JunkServer(sse("late"), delay=3.0) as junk:
        with pytest.raises(ModelUnavailable) as err:
            _client(junk.base_url, llm_timeout=0.5).chat(HELLO)
        assert "did not answer within 0.5 s" in str(err.value)


def test_connection_refused_is_model_unavailable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound but not listening: connections are refused
        with pytest.raises(ModelUnavailable) as err:
            _client(f"http://127.0.0.1:{port}", llm_timeout=2).chat(HELLO)
    assert "could not be reached" in str(err.value)


def test_any_langchain_chat_model_can_be_wrapped() -> None:
    from langchain_core.language_models import GenericFakeChatModel

    # A LangChain-provided stand-in for a chat model this machine cannot run (say, a hosted one).
    client = ModelClient.wrap(GenericFakeChatModel(messages=iter(["Losses in an IRA are not deductible [1]."])))
    pieces, text = _drain(client)
    assert len(pieces) > 1 and text == "Losses in an IRA are not deductible [1]."
    assert client.describe() == {"backend": "custom", "model": "GenericFakeChatModel"}


def test_base_url_accepts_with_or_without_v1() -> None:
    from app.llm import openai_base

    assert openai_base("http://127.0.0.1:9/v1/") == "http://127.0.0.1:9/v1"
    assert openai_base("http://127.0.0.1:9") == "http://127.0.0.1:9/v1"
