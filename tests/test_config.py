"""app.config: secrets (the model API key, the Chroma token) are SecretStr: read from the environment, never shown
in repr, str or dumps. (That the key still reaches the model server, in the header only: tests/test_faults.py.)"""
from __future__ import annotations

import json

import pytest
from pydantic import SecretStr

from app.config import Settings

KEY = "sk-test-do-not-show-1234567890"
TOKEN = "chroma-token-do-not-show-0987"


def test_secrets_are_read_from_the_environment_and_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WRITEOFF_LLM_API_KEY", KEY)
    monkeypatch.setenv("WRITEOFF_CHROMA_TOKEN", TOKEN)
    settings = Settings()
    for field in ("llm_api_key", "chroma_token"):
        assert isinstance(getattr(settings, field), SecretStr), field  # the two secrets are handled alike
    assert settings.llm_api_key.get_secret_value() == KEY
    assert settings.chroma_token.get_secret_value() == TOKEN
    shown = [repr(settings), str(settings), settings.model_dump_json(), json.dumps(settings.model_dump(), default=str)]
    for text in shown:
        assert KEY not in text and TOKEN not in text

