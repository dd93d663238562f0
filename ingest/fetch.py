"""Find each manifest document's bytes: the corpus folder, then the mirror folder, then the official URL.

Every copy is checked against the manifest's sha256, so a stale or tampered file never reaches the index. The HTTP
client is a parameter (httpx.Client with any transport) so tests pass a real in-memory transport, not a patch.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import httpx

from app.config import Settings
from app.errors import DocumentError
from ingest.manifest import Document

DOWNLOAD_TIMEOUT = 60.0


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _mirror_candidates(mirror: Path, name: str) -> list[Path]:
    direct = mirror / name
    if direct.is_file():
        return [direct]
    # The shared mirror keeps documents in subfolders by kind (irs/, article/); look there too.
    return sorted(p for p in mirror.rglob(name) if p.is_file())


def _local_candidates(doc: Document, settings: Settings) -> list[Path]:
    found: list[Path] = []
    local = Path(settings.corpus_dir) / doc.file
    if local.is_file():
        found.append(local)
    if settings.corpus_mirror:
        mirror = Path(settings.corpus_mirror)
        if mirror.is_dir():
            found.extend(_mirror_candidates(mirror, doc.file))
    return found


def _mismatch(doc: Document, path: Path, actual: str) -> DocumentError:
    fix = f"replace it with the official copy ({doc.url})" if doc.url else "replace it with the original file"
    return DocumentError(
        f"{doc.file}: sha256 mismatch at {path} (expected {doc.sha256[:12]}..., got {actual[:12]}...).",
        hint=f"Fix: {fix}, or update sha256 in the manifest if the new revision is intended.",
    )


def download(doc: Document, dest_dir: Path, client: httpx.Client | None = None) -> Path:
    """Fetch the official URL into dest_dir (via a temp file, so a cut download never looks complete)."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / doc.file
    tmp = dest.with_suffix(dest.suffix + ".part")
    own = client is None
    http = client or httpx.Client(timeout=DOWNLOAD_TIMEOUT, follow_redirects=True)
    try:
        with http.stream("GET", doc.url) as resp:
            if resp.status_code != 200:
                raise DocumentError(
                    f"{doc.file}: download from {doc.url} failed (HTTP {resp.status_code}).",
                    hint="Fix: place the file in the corpus folder or the mirror (--mirror DIR).",
                )
            with open(tmp, "wb") as fh:
                fh.writelines(resp.iter_bytes())
    except httpx.HTTPError as err:
        tmp.unlink(missing_ok=True)
        raise DocumentError(
            f"{doc.file}: cannot download {doc.url} ({type(err).__name__}).",
            hint="Fix: check the network, or place the file in the corpus folder or the mirror (--mirror DIR).",
        ) from err
    finally:
        if own:
            http.close()
    actual = sha256_file(tmp)
    if actual != doc.sha256:
        tmp.unlink(missing_ok=True)
        raise _mismatch(doc, Path(doc.url), actual)
    tmp.replace(dest)
    return dest


def resolve_document(doc: Document, settings: Settings, client: httpx.Client | None = None) -> Path:
    """Return a verified local path for doc, or raise DocumentError with one line naming the file and the fix."""
    mismatch: DocumentError | None = None
    for path in _local_candidates(doc, settings):
        actual = sha256_file(path)
        if actual == doc.sha256:
            return path
        mismatch = mismatch or _mismatch(doc, path, actual)
    if doc.url and settings.allow_download:
        try:
            return download(doc, Path(settings.corpus_dir), client)
        except DocumentError:
            if mismatch is not None:
                raise mismatch from None
            raise
    if mismatch is not None:
        raise mismatch
    where = f"{settings.corpus_dir}" + (f" or the mirror {settings.corpus_mirror}" if settings.corpus_mirror else "")
    if not doc.url:
        fix = f"Fix: place {doc.file} in {where} (no official URL is known for it)."
    else:
        fix = f"Fix: place it in {where}, or allow downloads (drop --offline) to fetch {doc.url}."
    raise DocumentError(f"{doc.file}: not found in {where}.", hint=fix)
