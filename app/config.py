"""One Settings object: the only reader of the environment (prefix WRITEOFF_).

Entry points call `load_settings()` once and hand the object down; library code never reads os.environ.
"""
from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_mirror() -> str:
    # On the team's machines the IRS PDFs sit beside the checkout in ../shared/corpus; elsewhere there is no mirror
    # and ingest falls back to each document's official URL.
    candidate = PROJECT_ROOT.parent / "shared" / "corpus"
    return str(candidate) if candidate.is_dir() else ""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WRITEOFF_", extra="ignore")

    data_dir: Path = Field(default=PROJECT_ROOT / "data", description="Index, BM25 cache, feedback and sessions")
    manifest: Path = Field(default=PROJECT_ROOT / "corpus" / "manifest.yaml", description="Corpus manifest")
    corpus_dir: Path = Field(default=PROJECT_ROOT / "corpus" / "files", description="Local copies of documents")
    corpus_mirror: str = Field(default_factory=_default_mirror, description="Mirror folder searched next")
    allow_download: bool = Field(default=True, description="Fetch a missing document from its official URL")

    chroma_host: str = Field(default="", description="Chroma server host; empty = embedded PersistentClient")
    chroma_port: int = Field(default=8000, description="Chroma server port")
    chroma_ssl: bool = Field(default=False, description="Use https to reach the Chroma server")
    chroma_token: SecretStr = Field(
        default=SecretStr(""),
        description="Bearer token sent as `Authorization: Bearer ...` to the Chroma server or the proxy in front of it "
        "(never logged or shown; SecretStr masks it in repr and dumps)",
    )
    collection_prefix: str = Field(default="writeoff", description="Prefix of Chroma collection names")

    default_tax_year: int = Field(default=2025, description="Tax year assumed when none is given")
    top_k: int = Field(default=5, description="Passages retrieved per question")

    llm_backend: str = Field(default="none", description="none | openai | ollama | gguf")
    llm_base_url: str = Field(default="", description="OpenAI-compatible or Ollama base URL")
    llm_model: str = Field(default="", description="Model name sent to the server")
    llm_api_key: SecretStr = Field(
        default=SecretStr(""),
        description="API key for the model server (never logged or shown; SecretStr masks it in repr and dumps)",
    )
    llm_timeout: float = Field(default=30.0, description="Seconds before a model call falls back")
    llm_retries: int = Field(default=1, ge=0, description="Retries of a failed model call (the client library's)")
    llm_read_timeout: float = Field(default=8.0, ge=0, description="Seconds a model may take to read a question "
                                    "(app/understand/model_reader.py) before the text reader's reading stands; 0 = off")
    gguf_path: str = Field(default="", description="Local GGUF file served in-process by xllamacpp")

    log_level: str = Field(default="WARNING", description="Python logging level")

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def feedback_db(self) -> Path:
        return self.data_dir / "feedback.sqlite3"


def load_settings(**overrides: object) -> Settings:
    """Read the environment once, at an entry point; overrides win (CLI flags)."""
    # Models come from PyPI packages, never from a hub: make any accidental hub call fail fast.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    clean = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**clean)  # type: ignore[arg-type]
