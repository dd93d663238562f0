"""The corpus manifest (corpus/manifest.yaml): which documents exist, where they come from, how much they weigh.

Validated on load so a typo fails in one clear line naming the entry and the field, not deep inside ingest.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from app.errors import ManifestError

KINDS = ("irs_publication", "irs_instructions", "irs_faq", "statute", "article")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_SHA = re.compile(r"^[0-9a-f]{64}$")
_REQUIRED = ("id", "title", "kind", "authority", "tax_year", "file", "sha256")


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    kind: str
    authority: int
    tax_year: int  # 0 = undated (applies to no particular year)
    file: str  # file name, looked up in the corpus folder and the mirror
    sha256: str
    url: str = ""  # official URL; empty when none is known (the file must then be found locally)
    revision: str = ""
    page_offset: int = 0  # printed page = PDF page - page_offset

    @property
    def is_pdf(self) -> bool:
        return self.file.lower().endswith(".pdf")

    def fingerprint(self) -> str:
        """Changes whenever anything that ends up in this document's chunks changes (file bytes or metadata)."""
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Manifest:
    version: str
    documents: tuple[Document, ...]
    sha256: str  # of the manifest file's bytes
    path: Path

    def get(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)


def _field_error(where: str, field: str, problem: str) -> ManifestError:
    return ManifestError(f"Manifest {where}: field '{field}' {problem}.", hint="Fix corpus/manifest.yaml.")


def _int(where: str, entry: dict[str, Any], field: str, lo: int, hi: int) -> int:
    value = entry[field]
    # bool is an int in Python; `authority: yes` is a typo, not a rank.
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise _field_error(where, field, f"must be a whole number from {lo} to {hi} (got {value!r})")
    return value


def parse_document(entry: Any, index: int) -> Document:
    where = f"entry {index + 1}"
    if not isinstance(entry, dict):
        raise ManifestError(f"Manifest {where}: expected a mapping of fields, got {type(entry).__name__}.")
    if isinstance(entry.get("id"), str):
        where = f"entry {index + 1} ({entry['id']})"
    for field in _REQUIRED:
        if entry.get(field) in (None, ""):
            raise _field_error(where, field, "is missing")
    unknown = set(entry) - set(_REQUIRED) - {"url", "revision", "page_offset"}
    if unknown:
        raise _field_error(where, min(unknown), "is not a known field")
    doc_id = str(entry["id"])
    if not _ID.match(doc_id):
        raise _field_error(where, "id", "must be lower-case letters, digits, '.', '_' or '-'")
    if entry["kind"] not in KINDS:
        raise _field_error(where, "kind", f"must be one of {', '.join(KINDS)} (got {entry['kind']!r})")
    file = str(entry["file"])
    if "/" in file or "\\" in file or file.startswith("."):
        raise _field_error(where, "file", "must be a plain file name, not a path")
    sha = str(entry["sha256"]).lower()
    if not _SHA.match(sha):
        raise _field_error(where, "sha256", "must be 64 hex digits")
    url = entry.get("url") or ""
    if url and not str(url).startswith(("https://", "http://")):
        raise _field_error(where, "url", "must start with https:// (or be empty when no official URL is known)")
    return Document(
        id=doc_id,
        title=str(entry["title"]),
        kind=str(entry["kind"]),
        authority=_int(where, entry, "authority", 1, 9),
        tax_year=_int(where, entry, "tax_year", 0, 2100),
        file=file,
        sha256=sha,
        url=str(url),
        revision=str(entry.get("revision") or ""),
        page_offset=_int(where, {"page_offset": entry.get("page_offset", 0)}, "page_offset", 0, 50),
    )


def load_manifest(path: Path) -> Manifest:
    """Read and validate the manifest; raises ManifestError with one line naming the entry and field."""
    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        raise ManifestError(f"Cannot read the corpus manifest {path}: {err.strerror}.") from err
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise ManifestError(f"Manifest {path} is not valid YAML{line}.") from err
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list) or not data["documents"]:
        raise ManifestError(f"Manifest {path}: needs a non-empty 'documents' list.")
    docs = tuple(parse_document(entry, i) for i, entry in enumerate(data["documents"]))
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            raise ManifestError(f"Manifest {path}: id '{doc.id}' appears twice; ids must be unique.")
        seen.add(doc.id)
    return Manifest(
        version=str(data.get("version", "1")),
        documents=docs,
        sha256=hashlib.sha256(raw).hexdigest(),
        path=Path(path),
    )
