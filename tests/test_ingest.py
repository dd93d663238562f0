"""build_index and `writeoff ingest` on the fixture corpus: incremental, atomic, bad documents, CLI output."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURE_PDF, FIXTURE_TXT, REPO, write_manifest

from app.config import Settings
from app.store import open_store
from ingest.index import build_index


def _all(settings: Settings) -> dict:
    return open_store(settings).active_collection().get(include=["metadatas", "documents"])


def _change_article(settings: Settings, text: str) -> None:
    mirror = Path(settings.corpus_mirror)
    (mirror / FIXTURE_TXT).write_text(text, encoding="utf-8")
    write_manifest(settings.manifest, mirror)


def test_first_build_indexes_both_documents(store_settings: Settings) -> None:
    seen: list[float] = []
    summary = build_index(store_settings, on_progress=lambda message, fraction: seen.append(fraction))
    assert (summary.documents, summary.pages, summary.errors, summary.changed) == (2, 2, [], True)
    assert summary.chunks == summary.embedded > 0
    got = _all(store_settings)
    assert len(got["ids"]) == len(set(got["ids"])) == summary.chunks
    assert {m["doc_id"] for m in got["metadatas"]} == {"p999-2025", "test-article"}
    assert seen and seen[-1] == 1.0 and all(0.0 <= f <= 1.0 for f in seen)


def test_unchanged_corpus_is_a_no_op(store_settings: Settings) -> None:
    first = build_index(store_settings)
    names = open_store(store_settings).collection_names()
    again = build_index(store_settings)
    assert (again.changed, again.embedded, again.collection) == (False, 0, first.collection)
    assert (again.documents, again.pages, again.chunks) == (first.documents, first.pages, first.chunks)
    assert open_store(store_settings).collection_names() == names
    assert open_store(store_settings).active_collection().count() == first.chunks


def test_changed_document_replaces_only_its_chunks(store_settings: Settings) -> None:
    build_index(store_settings)
    before = _all(store_settings)
    pdf_ids = {i for i, m in zip(before["ids"], before["metadatas"]) if m["doc_id"] == "p999-2025"}
    text = (Path(store_settings.corpus_mirror) / FIXTURE_TXT).read_text()
    _change_article(store_settings, text.replace("three exceptions", "four exceptions"))

    summary = build_index(store_settings)
    after = _all(store_settings)
    assert summary.changed and summary.errors == []
    assert len(after["ids"]) == len(set(after["ids"])) == summary.chunks
    assert pdf_ids <= set(after["ids"])  # the unchanged PDF's chunks were copied, not re-made
    article = [d for d, m in zip(after["documents"], after["metadatas"]) if m["doc_id"] == "test-article"]
    assert any("four exceptions" in d for d in article)
    assert not any("three exceptions" in d for d in after["documents"])  # no stale chunk
    assert 0 < summary.embedded < summary.chunks  # only the edited chunk was embedded again
    assert len(open_store(store_settings).collection_names()) == 2  # new collection + pointer; old one dropped


def test_rebuild_embeds_everything_again(settings_factory: Callable[..., Settings]) -> None:
    settings = settings_factory()
    first = build_index(settings)
    again = build_index(settings, rebuild=True)
    assert again.changed and again.embedded == again.chunks == first.chunks
    assert again.collection != first.collection


def test_sha_mismatch_reports_one_line_and_others_still_ingest(settings_factory: Callable[..., Settings]) -> None:
    settings = settings_factory()
    (Path(settings.corpus_mirror) / FIXTURE_TXT).write_text("tampered", encoding="utf-8")  # manifest sha unchanged
    summary = build_index(settings)
    assert len(summary.errors) == 1
    assert summary.errors[0].startswith(f"{FIXTURE_TXT}: sha256 mismatch") and "Fix:" in summary.errors[0]
    assert summary.documents == 1 and {m["doc_id"] for m in _all(settings)["metadatas"]} == {"p999-2025"}


def test_truncated_pdf_reports_one_line_and_the_article_still_ingests(
    settings_factory: Callable[..., Settings],
) -> None:
    settings = settings_factory()
    pdf = Path(settings.corpus_mirror) / FIXTURE_PDF
    pdf.write_bytes(pdf.read_bytes()[:900])
    write_manifest(settings.manifest, Path(settings.corpus_mirror))  # the sha matches: only the content is bad
    summary = build_index(settings)
    assert len(summary.errors) == 1 and summary.errors[0].startswith(f"{FIXTURE_PDF}: ")
    assert "corrupt or truncated" in summary.errors[0]
    assert {m["doc_id"] for m in _all(settings)["metadatas"]} == {"test-article"}


def test_a_document_gone_missing_keeps_its_indexed_chunks(settings_factory: Callable[..., Settings]) -> None:
    settings = settings_factory()
    first = build_index(settings)
    (Path(settings.corpus_mirror) / FIXTURE_TXT).unlink()
    summary = build_index(settings)
    assert len(summary.errors) == 1 and "not found" in summary.errors[0]
    assert summary.collection == first.collection and summary.chunks == first.chunks


def _cli(settings: Settings, *args: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "WRITEOFF_DATA_DIR": str(settings.data_dir),
        "WRITEOFF_MANIFEST": str(settings.manifest),
        "WRITEOFF_CORPUS_DIR": str(settings.corpus_dir),
        "WRITEOFF_CORPUS_MIRROR": str(settings.corpus_mirror),
        "WRITEOFF_CHROMA_HOST": "",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "ingest", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_cli_reports_bad_documents_plainly_and_exits_non_zero(settings_factory: Callable[..., Settings]) -> None:
    settings = settings_factory()
    (Path(settings.corpus_mirror) / FIXTURE_PDF).unlink()
    proc = _cli(settings, "--offline")
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 1
    errors = [line for line in err.decode().splitlines() if line.startswith("Error:")]
    assert errors == [
        (f"Error: {FIXTURE_PDF}: not found in {settings.corpus_dir} or the mirror {settings.corpus_mirror}. "
        f"Fix: place it in {settings.corpus_dir} or the mirror {settings.corpus_mirror}, or allow downloads "
        "(drop --offline) to fetch https://www.irs.gov/pub/irs-pdf/p999.pdf.")
    ]
    assert "Traceback" not in err.decode()
    assert out.decode().startswith("Ingested 1 documents, 0 pages, ")
    assert "test-article" in err.decode()  # its progress bar


def _big_article(paragraphs: int) -> str:
    body = "\n\n".join(
        f"Reader question {i}: can loss number {i} in account {i * 7} be written off against gain {i * 13}? "
        f"The answer for case {i} depends on the account type, the year {1990 + i % 40} and the form used."
        for i in range(paragraphs)
    )
    return f"A Big Test Article\n\nQuestions Section\n\n{body}\n"


def test_killed_ingest_leaves_the_previous_index_serving(settings_factory: Callable[..., Settings]) -> None:
    settings = settings_factory()
    first = build_index(settings)
    _change_article(settings, _big_article(400))

    proc = _cli(settings, "--offline")
    seen = b""
    deadline = time.monotonic() + 600
    assert proc.stderr is not None
    # The article's progress bar appears once the new collection exists and holds the copied PDF chunks;
    # its ~150 chunks then take seconds to embed: kill it right there.
    while b"test-article" not in seen:
        chunk = os.read(proc.stderr.fileno(), 4096)
        if not chunk or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"ingest ended before the article started: {seen.decode(errors='replace')[-500:]}")
        seen += chunk
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)

    store = open_store(settings)
    assert store.active_name() == first.collection
    assert store.active_collection().count() == first.chunks
    assert len(store.collection_names()) == 3  # pointer, serving index, the killed half-build

    done = build_index(settings)
    assert done.changed and done.errors == [] and done.chunks > first.chunks
    store = open_store(settings)
    assert store.active_name() == done.collection
    assert sorted(store.collection_names()) == sorted([done.collection, store.pointer_name])
    assert store.active_collection().count() == done.chunks
