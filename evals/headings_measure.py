"""Heading paths from the PDFs' own outlines vs from fonts (issue 14): agreement, extraction time, retrieval quality.

    .venv/bin/python -m evals.headings_measure [--repeat 3] [--out FILE] [--workdir DIR]

Modes (ingest/pdf.py `load_pdf(headings=...)`): "font" (sizes and weights, what ingest used so far), "outline"
(only bookmarked titles, at their bookmark level), "combined" (bookmarks give the levels; headings found by font
alone go one level below). Measured on the four IRS PDFs of corpus/manifest.yaml:
  extraction  load_pdf per mode, `--repeat` interleaved rounds, median of the summed seconds
  agreement   bookmarks matched to a line; bookmarked titles the fonts find (same page) and at the same level;
              chunks whose text is the same in both modes, and of those the ones whose heading path is the same,
              and whose own (innermost) heading is the same
  quality     an index per mode with the `--variant` embedder (seeded with a copy of data/'s index, so only chunks
              whose heading path changed are embedded again when data/ was built with the same embedder), then
              recall@5 / MRR@10 on the gold and held-out sets and the evaluation suites (embedder_measure.quality)
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MODES = ("font", "outline", "combined")


def _pdfs() -> list[tuple[Any, Path]]:
    from app.config import load_settings
    from ingest.fetch import resolve_document
    from ingest.manifest import load_manifest

    settings = load_settings()
    return [(d, resolve_document(d, settings, None)) for d in load_manifest(settings.manifest).documents if d.is_pdf]


def extraction(repeat: int) -> dict[str, dict[str, float]]:
    """Median wall and CPU seconds to extract the four PDFs per mode (CPU time: the machine is shared)."""
    from ingest.pdf import load_pdf

    pdfs = _pdfs()
    wall: dict[str, list[float]] = {m: [] for m in MODES}
    cpu: dict[str, list[float]] = {m: [] for m in MODES}
    for _ in range(repeat):
        for mode in MODES:
            t, c = time.perf_counter(), time.process_time()
            for doc, path in pdfs:
                load_pdf(path, doc.file, headings=mode)
            wall[mode].append(time.perf_counter() - t)
            cpu[mode].append(time.process_time() - c)
    return {m: {"wall_s": statistics.median(wall[m]), "cpu_s": statistics.median(cpu[m])} for m in MODES}


def _leaf(section: str) -> str:
    return section.rsplit(" > ", 1)[-1]


def agreement() -> dict[str, Any]:
    import pymupdf

    from ingest import pdf as pdf_mod
    from ingest.chunking import chunk_document
    from ingest.outline import norm, outline_levels

    out: dict[str, Any] = {}
    for doc, path in _pdfs():
        with pymupdf.open(path) as pdf:
            toc = pdf.get_toc(simple=False)
            heights = {n + 1: page.rect.height for n, page in enumerate(pdf)}
            blocks = [b for n, page in enumerate(pdf) for b in pdf_mod._page_lines(page, n + 1)]
        matched = {abs(group) for _level, group in outline_levels(blocks, toc, heights).values()}
        chunks = {m: chunk_document(doc, pdf_mod.load_pdf(path, doc.file, headings=m).pieces) for m in MODES}
        font_heads = {(p.pdf_page, norm(p.text)): p.level
                      for p in pdf_mod.load_pdf(path, doc.file, headings="font").pieces if p.kind == "heading"}
        found = [(row[0], font_heads.get((row[2], norm(row[1])))) for row in toc]
        row: dict[str, Any] = {
            "bookmarks": len(toc),
            "bookmarks_matched": len(matched),
            "font_finds_bookmark": sum(1 for _, lv in found if lv is not None),
            "font_same_level": sum(1 for toc_level, lv in found if lv == toc_level),
            "chunks": {m: len(c) for m, c in chunks.items()},
        }
        by_text = {c.metadata["content_sha"]: c.metadata["section"] for c in chunks["font"]}
        for mode in ("outline", "combined"):
            same_text = [c for c in chunks[mode] if c.metadata["content_sha"] in by_text]
            row[f"{mode}_same_text"] = len(same_text)
            row[f"{mode}_same_path"] = sum(1 for c in same_text
                                           if by_text[c.metadata["content_sha"]] == c.metadata["section"])
            row[f"{mode}_same_leaf"] = sum(1 for c in same_text if _leaf(by_text[c.metadata["content_sha"]])
                                           == _leaf(c.metadata["section"]))
        out[doc.id] = row
    return out


def child_build(mode: str, variant: str, data_dir: Path, out: Path) -> None:
    from evals.embedder_measure import use_variant

    use_variant(variant)
    import ingest.index
    import ingest.pdf
    from app.config import load_settings

    ingest.pdf.HEADINGS = mode
    # Another chunker version for the fingerprint, so every document is chunked again with this mode, while vectors
    # of chunks whose heading path and text did not change are still reused from the seeded copy.
    ingest.index.CHUNKER_VERSION = f"{ingest.index.CHUNKER_VERSION}-{mode}"
    t = time.perf_counter()
    summary = ingest.index.build_index(load_settings(data_dir=data_dir, allow_download=False))
    out.write_text(json.dumps({"seconds": time.perf_counter() - t, "chunks": summary.chunks,
                               "embedded": summary.embedded, "errors": summary.errors}))


def quality_per_mode(work: Path, variant: str) -> dict[str, Any]:
    from app.config import load_settings
    from evals.embedder_measure import _child, quality

    seed = load_settings().chroma_dir
    out: dict[str, Any] = {}
    for mode in MODES:
        data = work / f"index-{mode}"
        if (seed / "chroma.sqlite3").exists():
            shutil.copytree(seed, data / "chroma")
        report = work / f"build-{mode}.json"
        _child(["--build", mode, variant, str(data), str(report)], work / f"build-{mode}.log",
           module="evals.headings_measure")
        out[mode] = {"build": json.loads(report.read_text()), **quality(variant, data, work, tag=mode)}
        print(f"quality {mode}: {json.dumps(out[mode])[:400]}", file=sys.stderr, flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--variant", default="int8-par", help="embedder (evals/embedder_measure.variant_embedder)")
    parser.add_argument("--build", nargs=4, metavar=("MODE", "VARIANT", "DATA", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.build:
        return child_build(args.build[0], args.build[1], Path(args.build[2]), Path(args.build[3]))
    from evals.bench.stats import loadavg, machine_info
    from evals.embedder_measure import emit

    result: dict[str, Any] = {"machine": machine_info(), "load_start": loadavg()}
    result["extraction_s"] = extraction(args.repeat)
    result["agreement"] = agreement()
    print(json.dumps(result, indent=2), file=sys.stderr, flush=True)
    work = Path(tempfile.mkdtemp(prefix="writeoff-headings-", dir=args.workdir))
    try:
        result["quality"] = quality_per_mode(work, args.variant)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["load_end"] = loadavg()
    emit(result, args.out)


if __name__ == "__main__":
    main()
