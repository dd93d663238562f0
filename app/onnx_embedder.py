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
from concurrent.futures import ThreadPoolExecutor
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
# 2 21.2/s, 0.34 GB; 1 20.1/s. With int8 a batch of one is also the only size at which a text's vector does not
# depend on its batch-mates: dynamic quantisation picks one activation scale per batch (a text alone vs in a batch
# of 4: cosine 0.995 mean, 0.990 worst), so chunks and questions are embedded alike. int8, one thread, 256 chunks,
# CPU ms per chunk: batch 1 13.0-13.6, 2 13.9-14.2, 4 13.8-14.2, 8 15.9-16.2.
ONNX_BATCH = 1
# One intra-op thread per run and one run per core, instead of one run at a time on every core: at these batch sizes
# the second intra-op thread mostly waits (spinning), so a run costs ~1.8x the CPU time (measured: 43 vs 24 ms of CPU
# per chunk, fp32 batch 4, 256 corpus chunks) for little speed-up; docs/benchmarks.md has the ingest numbers.
PARALLEL = True


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
    hint = _NoPreprocessingHint()
    logging.getLogger().addFilter(hint)  # its advice is for the person writing this function, not for a user
    try:
        quantize_dynamic(str(fp32), tmp, weight_type=QuantType.QInt8, per_channel=True)
        os.replace(tmp, target)
    finally:
        logging.getLogger().removeFilter(hint)
        if os.path.exists(tmp):
            os.unlink(tmp)


class _NoPreprocessingHint(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "pre-processing before quantization" not in record.getMessage()


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
    """Tokenize (the packaged tokenizer.json), run the graph, mean-pool over the mask, L2-normalise.

    `threads` is ONNX Runtime's intra-op thread count per run, `workers` how many batches run at once (one session,
    whose run() is thread-safe). See PARALLEL for why the default is one thread per run and a worker per core."""

    backend = "onnxruntime"

    def __init__(self, onnx_path: Path, model_dir: Path, threads: int | None = None, workers: int | None = None
                 ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(_max_seq_length(model_dir))
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        cores = os.cpu_count() or 1
        self.workers = workers or (cores if PARALLEL else 1)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or (1 if PARALLEL else cores)
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])

    def _run(self, texts: list[str], idx: np.ndarray, out: np.ndarray) -> None:
        enc = self.tokenizer.encode_batch([texts[i] for i in idx])
        ids = np.asarray([e.ids for e in enc], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in enc], dtype=np.int64)
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                         "token_type_ids": np.zeros_like(ids)})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        out[idx] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def encode(self, texts: list[str], batch_size: int = ONNX_BATCH) -> np.ndarray:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        # Longest first, like sentence-transformers: batches of similar length waste little on padding.
        order = np.argsort([-len(t) for t in texts], kind="stable")
        batches = [order[start : start + batch_size] for start in range(0, len(texts), batch_size)]
        if self.workers > 1 and len(batches) > 1:
            with ThreadPoolExecutor(min(self.workers, len(batches)), thread_name_prefix="onnx") as pool:
                for _ in pool.map(lambda idx: self._run(texts, idx, out), batches):  # rows are disjoint
                    pass
        else:
            for idx in batches:
                self._run(texts, idx, out)
        return out


def load_onnx_encoder(model_dir: Path, version: str, cache_dir: Path | None = None,
                      reference: Any = None, precision: str = "fp32", **threading: int) -> OnnxEncoder | None:
    """The ONNX encoder, exporting the model first if needed; None when that is not possible here.

    `reference(texts) -> vectors` (the sentence-transformers encoder) is used right after an export to check the
    file reproduces it; a file that does not is deleted and None is returned. precision="int8" runs the dynamically
    quantised copy of that export (made once, beside it): different vectors, so a different embedder id.
    `threading` (threads=, workers=) goes to OnnxEncoder.
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
        if fresh and reference is not None:
            got = OnnxEncoder(path, model_dir).encode([PROBE])[0]
            if float(np.dot(got, np.asarray(reference([PROBE])[0], dtype=np.float32))) < 0.9999:
                path.unlink(missing_ok=True)
                log.warning("the ONNX export does not reproduce the model; using sentence-transformers")
                return None
        if precision == "int8":
            quantized = int8_file(path)
            if not quantized.is_file():
                with _export_lock:
                    if not quantized.is_file():
                        quantize(path, quantized)
            path = quantized
        return OnnxEncoder(path, model_dir, **threading)
    except Exception as err:  # noqa: BLE001 - any failure: keep the torch path, which always works
        log.warning("ONNX embedder unavailable (%s: %s); using sentence-transformers", type(err).__name__, err)
        return None
