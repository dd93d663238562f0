"""User-facing errors: each carries a plain-words message and a CLI exit code; converted to text at the edges."""
from __future__ import annotations


class WriteoffError(Exception):
    """Base class: `str(err)` is safe to show a user (no paths to secrets, no identifiers)."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class ConfigError(WriteoffError):
    exit_code = 2


class ManifestError(WriteoffError):
    exit_code = 2


class DocumentError(WriteoffError):
    """One corpus document could not be used (missing, sha256 mismatch, corrupt, no text)."""


class IndexMissing(WriteoffError):
    exit_code = 3


class EmbedderMismatch(WriteoffError):
    exit_code = 3


class StoreUnavailable(WriteoffError):
    exit_code = 4


class ModelUnavailable(WriteoffError):
    """The configured model server failed; callers fall back to the extractive answer."""

    exit_code = 5
