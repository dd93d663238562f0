"""Sources page: the corpus documents (from the manifest and the live index) and a search box over passages."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

import streamlit as st

from app.config import Settings
from app.errors import WriteoffError
from app.ui import state
from app.ui.render import inert, render_citation

settings = state.settings()
st.set_page_config(page_title="Writeoff: sources", page_icon=":material/library_books:", layout="wide")
st.title("Sources")


@st.cache_data(show_spinner=False, ttl=60)
def _index_counts(data_dir: str, corpus_version: str, collection: str) -> dict[str, dict[str, int]]:
    """Passages and distinct pages per document, read from the live collection's metadata."""
    del data_dir, corpus_version, collection  # cache key only
    got = state.get_store(settings).active_collection().get(include=["metadatas"])
    chunks: dict[str, int] = defaultdict(int)
    pages: dict[str, set[int]] = defaultdict(set)
    for meta in got.get("metadatas") or []:
        doc = str(meta.get("doc_id", ""))
        chunks[doc] += 1
        pages[doc].add(int(meta.get("pdf_page", 0) or 0))
    return {doc: {"chunks": chunks[doc], "pages": len(pages[doc] - {0})} for doc in chunks}


def _documents(settings: Settings, info: dict[str, Any]) -> list[dict[str, Any]]:
    from ingest.manifest import load_manifest

    counts = _index_counts(str(settings.data_dir), str(info.get("corpus_version")), str(info.get("collection")))
    rows = []
    for doc in load_manifest(settings.manifest).documents:
        c = counts.get(doc.id, {})
        rows.append(
            {
                "document": doc.title,
                "id": doc.id,
                "revision": doc.revision or str(doc.tax_year or ""),
                "kind": doc.kind,
                "authority": f"{doc.authority} ({'highest' if doc.authority == 1 else 'lowest' if doc.authority >= 9 else 'mid'})",
                "pages": c.get("pages", 0) if doc.is_pdf else None,  # a web article has no pages
                "passages": c.get("chunks", 0),
                "official URL": doc.url or "",
            }
        )
    return rows


info = state.corpus_info(settings)
if not info:
    st.info("There is no search index yet. Open the chat page (it builds one), or run `writeoff ingest`.")
    st.stop()

st.caption(
    f"Corpus version {inert(str(info.get('corpus_version', '?')))} · {info.get('chunks', '?')} passages · "
    f"embedder {inert(str(info.get('embedder', '?')))} · store {inert(str(info.get('mode', '?')))}"
)
try:
    st.dataframe(
        _documents(settings, info),
        hide_index=True,
        column_config={"official URL": st.column_config.LinkColumn("official URL")},
        key="documents_table",
    )
except WriteoffError as err:
    st.error(inert(str(err)))

st.subheader("Search the passages")
query = st.text_input("Words to look for", placeholder="e.g. wash sale IRA basis", max_chars=300, key="source_query")
only_irs = st.toggle("IRS publications only (leave out the web article)", key="source_only_irs")
if query.strip():
    try:
        passages = state.get_retriever(settings).search(query.strip(), k=8, max_authority=1 if only_irs else None)
    except WriteoffError as err:
        st.error(inert(str(err)))
        passages = []
    if not passages:
        st.info("No passage matched.")
    for i, passage in enumerate(passages, start=1):
        render_citation(i, passage.cite())
        st.caption(f"score {passage.score:.3f} · tax year {passage.tax_year or 'undated'}")
