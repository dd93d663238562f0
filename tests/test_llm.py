"""app.llm against real local servers: SmolLM2 served by xllamacpp, and a junk HTTP server for the failures."""
from __future__ import annotations

import json
import socket

import pytest
from llm_server import JunkServer, smollm_path

from app.config import Settings
from app.errors import ConfigError, ModelUnavailable
from app.llm import NoBackend, OllamaBackend, OpenAIBackend, make_backend

HELLO = [{"role": "user", "content": "Say hello in five words."}]


def test_make_backend_none_is_the_default(tmp_path) -> None:
    backend = make_backend(Settings(data_dir=tmp_path))
    assert isinstance(backend, NoBackend)
    with pytest.raises(ModelUnavailable):
        backend.chat(HELLO)


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
        make_backend(Settings(data_dir=tmp_path, **overrides))
    assert needle in str(err.value)


@pytest.mark.llm
def test_openai_backend_streams_from_real_server(smollm) -> None:
    backend = make_backend(Settings(llm_backend="openai", llm_base_url=smollm.base_url, llm_timeout=60))
    pieces: list[str] = []
    text = backend.chat(HELLO, on_token=pieces.append, max_tokens=24)
    assert len(pieces) > 1  # it really streamed, piece by piece
    assert "".join(pieces).strip() == text
    assert text


@pytest.mark.llm
def test_gguf_backend_serves_the_file_in_process(tmp_path) -> None:
    backend = make_backend(Settings(data_dir=tmp_path, llm_backend="gguf", gguf_path=smollm_path(), llm_timeout=60))
    try:
        assert backend.describe()["started"] is False  # nothing loads until the first question
        text = backend.chat(HELLO, max_tokens=12)
        assert text
        assert backend.describe()["started"] is True
        assert backend.base_url.startswith("http://127.0.0.1:")
    finally:
        backend.close()


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        ("<html>Bad gateway</html>", 200, "not the chat protocol"),
        ("data: {not json\n\n", 200, "not the chat protocol"),
        ('data: {"choices":[{"delta":{"content":"Hal"}}]}\n\n', 200, "stopped before it was complete"),
        ('data: {"error":{"message":"model exploded"}}\n\n', 200, "reported an error"),
        ("data: [DONE]\n\n", 200, "empty reply"),
        ('{"error": "overloaded"}', 503, "HTTP 503"),
    ],
)
def test_openai_garbage_becomes_model_unavailable(body: str, status: int, needle: str) -> None:
    with JunkServer(body, status=status) as junk:
        backend = OpenAIBackend(junk.base_url, "m", timeout=5)
        with pytest.raises(ModelUnavailable) as err:
            backend.chat(HELLO)
        assert needle in str(err.value)
        sent = json.loads(junk.requests[0])
        assert sent["stream"] is True and sent["messages"] == HELLO


def test_slow_server_times_out() -> None:
    ok = 'data: {"choices":[{"delta":{"content":"late"}}]}\n\ndata: [DONE]\n\n'
    with JunkServer(ok, delay=3.0) as junk:
        with pytest.raises(ModelUnavailable) as err:
            OpenAIBackend(junk.base_url, "m", timeout=0.5).chat(HELLO)
        assert "did not answer within" in str(err.value)


def test_connection_refused_is_model_unavailable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound but not listening: connections are refused
        with pytest.raises(ModelUnavailable) as err:
            OpenAIBackend(f"http://127.0.0.1:{port}", "m", timeout=2).chat(HELLO)
    assert "could not be reached" in str(err.value)


def test_ollama_stream_is_parsed() -> None:
    lines = [
        {"message": {"role": "assistant", "content": "Not "}, "done": False},
        {"message": {"role": "assistant", "content": "deductible [1]."}, "done": False},
        {"message": {"role": "assistant", "content": ""}, "done": True},
    ]
    with JunkServer("\n".join(json.dumps(x) for x in lines) + "\n", content_type="application/x-ndjson") as junk:
        pieces: list[str] = []
        backend = OllamaBackend(junk.base_url, "llama3", timeout=5)
        assert backend.chat(HELLO, on_token=pieces.append) == "Not deductible [1]."
        assert pieces == ["Not ", "deductible [1]."]
        sent = json.loads(junk.requests[0])
        assert sent["model"] == "llama3" and sent["stream"] is True


def test_ollama_garbage_is_model_unavailable() -> None:
    with JunkServer("Internal Server Error", content_type="text/plain") as junk, pytest.raises(ModelUnavailable):
        OllamaBackend(junk.base_url, "llama3", timeout=5).chat(HELLO)


def test_openai_base_url_accepts_with_or_without_v1() -> None:
    assert OpenAIBackend("http://127.0.0.1:9/v1/", "m").base_url == "http://127.0.0.1:9/v1"
    assert OpenAIBackend("http://127.0.0.1:9", "m").base_url == "http://127.0.0.1:9/v1"
