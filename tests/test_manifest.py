"""Manifest loading: the real manifest is valid and complete; every kind of mistake names its entry and field."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from app.errors import ManifestError
from ingest.manifest import load_manifest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "corpus"


def test_real_manifest_lists_every_shared_document_with_its_sha() -> None:
    manifest = load_manifest(REPO / "corpus" / "manifest.yaml")
    files = {doc.file: doc for doc in manifest.documents}
    shared = {p.name for p in SHARED.rglob("*") if p.suffix in (".pdf", ".txt")}
    assert set(files) == shared
    assert files["p17-2025.pdf"].page_offset == 2
    assert files["p550-2025.pdf"].page_offset == 0
    article = files["retirement-account-losses-article.txt"]
    assert (article.kind, article.authority, article.url) == ("article", 9, "")
    assert all(d.url.startswith("https://www.irs.gov/") for d in manifest.documents if d.kind == "irs_publication")
    assert len(manifest.sha256) == 64


GOOD = {
    "id": "p1-2025",
    "title": "Pub 1",
    "kind": "irs_publication",
    "authority": 1,
    "tax_year": 2025,
    "url": "https://www.irs.gov/pub/irs-pdf/p1.pdf",
    "file": "p1-2025.pdf",
    "sha256": "a" * 64,
}


def _write(tmp_path: Path, docs: list[dict], **top: object) -> Path:
    path = tmp_path / "manifest.yaml"
    path.write_text(yaml.safe_dump({"version": "1", **top, "documents": docs}))
    return path


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"sha256": "abc"}, "sha256", "64 hex"),
        ({"kind": "blog"}, "kind", "must be one of"),
        ({"authority": 12}, "authority", "from 1 to 9"),
        ({"authority": True}, "authority", "whole number"),
        ({"tax_year": "2025"}, "tax_year", "whole number"),
        ({"file": "../etc/p1.pdf"}, "file", "plain file name"),
        ({"url": "ftp://x/p1.pdf"}, "url", "https://"),
        ({"id": "Bad Id"}, "id", "lower-case"),
        ({"title": ""}, "title", "missing"),
        ({"colour": "red"}, "colour", "not a known field"),
    ],
)
def test_bad_field_is_named(tmp_path: Path, change: dict, field: str, words: str) -> None:
    with pytest.raises(ManifestError) as err:
        load_manifest(_write(tmp_path, [{**GOOD, **change}]))
    message = str(err.value)
    assert f"field '{field}'" in message and words in message
    assert "entry 1" in message


def test_missing_field_names_the_entry_by_id(tmp_path: Path) -> None:
    second = {k: v for k, v in {**GOOD, "id": "p2-2025", "file": "p2.pdf"}.items() if k != "sha256"}
    with pytest.raises(ManifestError, match=r"entry 2 \(p2-2025\): field 'sha256' is missing"):
        load_manifest(_write(tmp_path, [GOOD, second]))


def test_duplicate_ids_rejected(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="appears twice"):
        load_manifest(_write(tmp_path, [GOOD, {**GOOD, "file": "other.pdf"}]))


def test_url_may_be_missing_for_a_local_only_document(tmp_path: Path) -> None:
    doc = {**GOOD, "kind": "article", "authority": 9, "file": "a.txt"}
    del doc["url"]
    manifest = load_manifest(_write(tmp_path, [doc]))
    assert manifest.documents[0].url == "" and not manifest.documents[0].is_pdf


def test_not_yaml_and_empty_and_absent(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("documents: [\n  - id: x\n   broken")
    with pytest.raises(ManifestError, match="not valid YAML"):
        load_manifest(bad)
    with pytest.raises(ManifestError, match="non-empty 'documents'"):
        load_manifest(_write(tmp_path, []))
    with pytest.raises(ManifestError, match="Cannot read"):
        load_manifest(tmp_path / "nope.yaml")


def test_fingerprint_changes_with_the_entry() -> None:
    from ingest.manifest import parse_document

    a = parse_document(GOOD, 0)
    assert a.fingerprint() == parse_document(dict(GOOD), 0).fingerprint()
    assert a.fingerprint() != parse_document({**GOOD, "sha256": "b" * 64}, 0).fingerprint()
    assert a.fingerprint() != parse_document({**GOOD, "title": "Pub 1 (rev)"}, 0).fingerprint()
