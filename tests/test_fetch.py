"""Resolving documents: corpus folder, mirror (and its subfolders), official URL through a real httpx transport."""
from __future__ import annotations

import hashlib
from pathlib import Path

import httpx
import pytest

from app.config import Settings
from app.errors import DocumentError
from ingest.fetch import resolve_document
from ingest.manifest import Document

BODY = b"%PDF-1.4 pretend publication bytes\n"


def _doc(**change: object) -> Document:
    values: dict = {
        "id": "p1-2025",
        "title": "Pub 1",
        "kind": "irs_publication",
        "authority": 1,
        "tax_year": 2025,
        "file": "p1-2025.pdf",
        "sha256": hashlib.sha256(BODY).hexdigest(),
        "url": "https://www.irs.gov/pub/irs-pdf/p1.pdf",
    }
    values.update(change)
    return Document(**values)


def _settings(tmp_path: Path, **over: object) -> Settings:
    values: dict = {
        "data_dir": tmp_path / "data", "corpus_dir": tmp_path / "files", "corpus_mirror": "", "allow_download": False
    }
    values.update(over)
    return Settings(**values)


def _server(status: int = 200, body: bytes = BODY) -> tuple[httpx.Client, list[str]]:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(status, content=body)

    return httpx.Client(transport=httpx.MockTransport(handler)), seen


def test_corpus_folder_first(tmp_path: Path) -> None:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "p1-2025.pdf").write_bytes(BODY)
    assert resolve_document(_doc(), _settings(tmp_path)) == tmp_path / "files" / "p1-2025.pdf"


def test_mirror_subfolder_is_searched(tmp_path: Path) -> None:
    (tmp_path / "mirror" / "irs").mkdir(parents=True)
    (tmp_path / "mirror" / "irs" / "p1-2025.pdf").write_bytes(BODY)
    path = resolve_document(_doc(), _settings(tmp_path, corpus_mirror=str(tmp_path / "mirror")))
    assert path == tmp_path / "mirror" / "irs" / "p1-2025.pdf"


def test_download_when_allowed_saves_into_corpus_dir(tmp_path: Path) -> None:
    client, seen = _server()
    path = resolve_document(_doc(), _settings(tmp_path, allow_download=True), client)
    assert seen == ["https://www.irs.gov/pub/irs-pdf/p1.pdf"]
    assert path == tmp_path / "files" / "p1-2025.pdf" and path.read_bytes() == BODY


def test_downloaded_bytes_with_wrong_sha_are_not_kept(tmp_path: Path) -> None:
    client, _ = _server(body=b"something else")
    with pytest.raises(DocumentError, match="p1-2025.pdf: sha256 mismatch"):
        resolve_document(_doc(), _settings(tmp_path, allow_download=True), client)
    assert not (tmp_path / "files" / "p1-2025.pdf").exists()
    assert not list((tmp_path / "files").glob("*.part"))


def test_http_error_is_one_line_with_a_fix(tmp_path: Path) -> None:
    client, _ = _server(status=404)
    with pytest.raises(DocumentError) as err:
        resolve_document(_doc(), _settings(tmp_path, allow_download=True), client)
    assert "HTTP 404" in str(err.value) and "Fix:" in str(err.value) and "\n" not in str(err.value)


def test_sha_mismatch_names_file_and_fix(tmp_path: Path) -> None:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "p1-2025.pdf").write_bytes(BODY + b"tampered")
    with pytest.raises(DocumentError) as err:
        resolve_document(_doc(), _settings(tmp_path))
    message = str(err.value)
    assert message.startswith("p1-2025.pdf: sha256 mismatch") and "Fix:" in message
    assert "https://www.irs.gov/pub/irs-pdf/p1.pdf" in message


def test_good_mirror_copy_wins_over_bad_local_copy(tmp_path: Path) -> None:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "p1-2025.pdf").write_bytes(b"stale")
    (tmp_path / "mirror").mkdir()
    (tmp_path / "mirror" / "p1-2025.pdf").write_bytes(BODY)
    path = resolve_document(_doc(), _settings(tmp_path, corpus_mirror=str(tmp_path / "mirror")))
    assert path.parent.name == "mirror"


def test_missing_offline_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as err:
        resolve_document(_doc(), _settings(tmp_path))
    assert "p1-2025.pdf: not found" in str(err.value) and "--offline" in str(err.value)


def test_missing_without_url_never_tries_the_network(tmp_path: Path) -> None:
    client, seen = _server()
    with pytest.raises(DocumentError, match="no official URL"):
        resolve_document(_doc(url=""), _settings(tmp_path, allow_download=True), client)
    assert seen == []
