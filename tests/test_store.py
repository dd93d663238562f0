"""The store, embedded and against a real `chroma run` server: pointer switching, info, embedder check, errors."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from app.config import Settings
from app.embeddings import get_embedder
from app.errors import EmbedderMismatch, IndexMissing, StoreUnavailable
from app.store import open_store
from app.types import Passage
from ingest.index import build_index


def test_empty_store_says_to_ingest(store_settings: Settings) -> None:
    store = open_store(store_settings)
    with pytest.raises(IndexMissing, match="writeoff ingest"):
        store.active_collection()
    with pytest.raises(IndexMissing):
        store.active_info()


def test_built_index_answers_a_dense_query_with_citation_metadata(store_settings: Settings) -> None:
    summary = build_index(store_settings)
    store = open_store(store_settings)
    info = store.active_info()
    assert info["collection"] == summary.collection and info["chunks"] == summary.chunks
    assert info["embedder"] == get_embedder().model_id
    assert info["mode"] == ("server" if store_settings.chroma_host else "embedded")
    assert info["corpus_version"] == "test.1" and len(info["manifest_sha256"]) == 64
    collection = store.active_collection()
    assert collection.count() == summary.chunks
    hit = collection.query(
        query_embeddings=[get_embedder().embed_query("buying the same stock in my IRA after selling at a loss")],
        n_results=1,
    )
    passage = Passage.from_chroma(hit["ids"][0][0], hit["documents"][0][0], hit["metadatas"][0][0])
    assert passage.doc_id == "p999-2025" and passage.pdf_page == 2
    assert passage.url.endswith("#page=2") and "Wash Sales Into an IRA" in passage.section


def test_other_embedder_is_refused_with_the_fix(store_settings: Settings) -> None:
    build_index(store_settings)
    store = open_store(store_settings, embedder_id="some-other-model@1")
    with pytest.raises(EmbedderMismatch) as err:
        store.active_collection()
    assert "writeoff ingest --rebuild" in str(err.value)
    assert get_embedder().model_id in str(err.value)


def test_activate_switches_and_drops_the_previous(store_settings: Settings) -> None:
    store = open_store(store_settings)
    first = store.create_build({"embedder": store.embedder_id})
    store.activate(first, {"embedder": store.embedder_id, "chunks": 0})
    second = store.create_build({"embedder": store.embedder_id})
    assert store.active_name() == first.name  # building is invisible to readers
    store.activate(second, {"embedder": store.embedder_id, "chunks": 0})
    assert store.active_name() == second.name
    assert first.name not in store.collection_names()


def test_unfinished_builds_are_cleaned_but_the_active_one_kept(store_settings: Settings) -> None:
    store = open_store(store_settings)
    live = store.create_build({"embedder": store.embedder_id})
    store.activate(live, {"embedder": store.embedder_id, "chunks": 0})
    orphan = store.create_build({"embedder": store.embedder_id})
    assert store.drop_unfinished() == [orphan.name]
    assert store.active_name() == live.name and live.name in store.collection_names()


def test_unreachable_server_is_a_plain_error(settings_factory: Callable[..., Settings]) -> None:
    from conftest import free_port

    settings = settings_factory(chroma_host="127.0.0.1", chroma_port=free_port())
    with pytest.raises(StoreUnavailable) as err:
        open_store(settings)
    assert "Cannot reach the Chroma server" in str(err.value) and "WRITEOFF_CHROMA_HOST" in str(err.value)
