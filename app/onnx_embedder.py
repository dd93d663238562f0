"""MiniLM through ONNX Runtime: the packaged weights exported once, locally, then run without torch.

Why: on this 2-core machine the same model runs ~1.2-1.8x faster in onnxruntime for batches and ~5-10x faster for a
single query (no torch / sentence-transformers per-call overhead), and a process that only answers never imports
torch, which is most of the cold start. The vectors match sentence-transformers to ~1e-7 (checked after export),
so a collection built by either backend serves the other: the embedder's model_id does not change.

The export is made from the packaged weights on first use (torch.onnx, needs the `onnx` package) into a cache
folder, written to a temp name and renamed, so two processes exporting at once cannot leave half a file. Nothing is
downloaded. Any failure returns None and the caller keeps using sentence-transformers.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import warnings
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

INPUTS = ("input_ids", "attention_mask", "token_type_ids")
PROBE = "Can I deduct a loss inside my Roth IRA for 2025? Wash sales, worthless stock, capital loss carryover."
_export_lock = threading.Lock()
# Small batches are faster here, not slower: at 32 the attention tensors (32 x 12 heads x 256 x 256 floats) fall out
# of the CPU caches and the arena grows past 1 GB. Measured on this 2-core machine (400 corpus chunks, medians of
# two interleaved rounds): batch 32 13.5 chunks/s, peak RSS 1.14 GB; 8 18.5/s, 0.48 GB; 4 19.7/s, 0.38 GB;
# 2 21.2/s, 0.34 GB; 1 20.1/s. 4 keeps nearly all of the gain with some room for wider machines.
ONNX_BATCH = 4


def default_cache_dir() -> Path:
    return Path.home() / ".cache" / "writeoff" / "onnx"


def onnx_file(model_dir: Path, cache_dir: Path, version: str) -> Path:
    # Keyed by package version and weight size: a new package release gets a fresh export.
    size = (model_dir / "model.safetensors").stat().st_size
    return cache_dir / f"all-minilm-l6-v2-{version}-{size}.onnx"


def int8_file(fp32: Path) -> Path:
    return fp32.with_name(f"{fp32.stem}-int8.onnx")


def quantize(fp32: Path, target: Path) -> None:
    """int8 weights, activations quantised on the fly (onnxruntime's dynamic quantisation), per output channel: per
    tensor, a few large weights would set one scale for a whole matrix (cosine to fp32 0.95 mean, 0.86 worst on 200
    corpus chunks; per channel 0.994 and 0.98). Written under a temp name and renamed, like the export."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fd, tmp = tempfile.mkstemp(prefix=".quantize-", suffix=".onnx", dir=target.parent)
    os.close(fd)
    try:
        quantize_dynamic(str(fp32), tmp, weight_type=QuantType.QInt8, per_channel=True)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _max_seq_length(model_dir: Path) -> int:
    try:
        return int(json.loads((model_dir / "sentence_bert_config.json").read_text())["max_seq_length"])
    except (OSError, KeyError, ValueError):
        return 256


def export(model_dir: Path, target: Path) -> None:
    """torch.onnx export of the packaged transformer (last_hidden_state; pooling is done in numpy)."""
    import torch
    from transformers import AutoModel

    class _Hidden(torch.nn.Module):
        def __init__(self, base: Any) -> None:
            super().__init__()
            self.base = base

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.base(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    model = _Hidden(AutoModel.from_pretrained(str(model_dir))).eval()
    dummy = tuple(torch.ones(2, 16, dtype=torch.long) for _ in INPUTS)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "last_hidden_state")}
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".onnx", dir=target.parent)
    os.close(fd)
    try:
        # The tracer's warnings (shape-dependent branches it records once) are about this export, not the user.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(model, dummy, tmp, input_names=list(INPUTS), output_names=["last_hidden_state"],
                              dynamic_axes=axes, opset_version=17, dynamo=False)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class OnnxEncoder:
    """Tokenize (the packaged tokenizer.json), run the graph, mean-pool over the mask, L2-normalise."""

    backend = "onnxruntime"

    def __init__(self, onnx_path: Path, model_dir: Path, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(_max_seq_length(model_dir))
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])

    def encode(self, texts: list[str], batch_size: int = ONNX_BATCH) -> np.ndarray:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        # Longest first, like sentence-transformers: batches of similar length waste little on padding.
        order = np.argsort([-len(t) for t in texts], kind="stable")
        for start in range(0, len(texts), batch_size):
            idx = order[start : start + batch_size]
            enc = self.tokenizer.encode_batch([texts[i] for i in idx])
            ids = np.asarray([e.ids for e in enc], dtype=np.int64)
            mask = np.asarray([e.attention_mask for e in enc], dtype=np.int64)
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": np.zeros_like(ids)})[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            out[idx] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return out


def load_onnx_encoder(model_dir: Path, version: str, cache_dir: Path | None = None,
                      reference: Any = None, precision: str = "fp32") -> OnnxEncoder | None:
    """The ONNX encoder, exporting the model first if needed; None when that is not possible here.

    `reference(texts) -> vectors` (the sentence-transformers encoder) is used right after an export to check the
    file reproduces it; a file that does not is deleted and None is returned. precision="int8" runs the dynamically
    quantised copy of that export (made once, beside it): different vectors, so a different embedder id.
    """
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return None
    path = onnx_file(model_dir, cache_dir or default_cache_dir(), version)
    try:
        fresh = False
        if not path.is_file():
            with _export_lock:
                if not path.is_file():
                    log.warning("exporting the embedding model to ONNX once (%s)", path)
                    export(model_dir, path)
                    fresh = True
        encoder = OnnxEncoder(path, model_dir)
        if fresh and reference is not None:
            got, want = encoder.encode([PROBE])[0], np.asarray(reference([PROBE])[0], dtype=np.float32)
            if float(np.dot(got, want)) < 0.9999:
                path.unlink(missing_ok=True)
                log.warning("the ONNX export does not reproduce the model; using sentence-transformers")
                return None
        if precision == "int8":
            quantized = int8_file(path)
            if not quantized.is_file():
                with _export_lock:
                    if not quantized.is_file():
                        quantize(path, quantized)
            encoder = OnnxEncoder(quantized, model_dir)
        return encoder
    except Exception as err:  # noqa: BLE001 - any failure: keep the torch path, which always works
        log.warning("ONNX embedder unavailable (%s: %s); using sentence-transformers", type(err).__name__, err)
        return None
