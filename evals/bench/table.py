"""The bench result as a table: ours beside the tutorial baseline or the embedding bound, ratios, the issue's
targets and whether they were met (reported, never asserted), with the machine and its load."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

# (id, what, limit, direction): "max" = value must be <= limit, "above" = ours must beat the baseline's value.
TARGETS = {
    "ingest_vs_bound": ("ingest within 1.3x of the embedding bound", 1.3),
    "retrieval_p50_ms": ("warm retrieval path p50 <= 100 ms", 100.0),
    "rule_p50_ms": ("rule path p50 <= 20 ms", 20.0),
    "cold_start_s": ("cold start to first answer <= 8 s", 8.0),
    "peak_rss_mb": ("peak RSS <= 1.5 GB", 1536.0),
    "first_rule_answer_s": ("first run: first rule answer <= 20 s", 20.0),
    "first_retrieval_answer_s": ("first run: index built and first retrieval answer <= 100 s", 100.0),
}


def _get(result: dict[str, Any], *path: str) -> Any:
    cur: Any = result
    for key in path:
        if not isinstance(cur, dict) or key not in cur:
            return None
        cur = cur[key]
    return cur


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return a / b


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each issue target with the measured value and whether it was met (None = not measured)."""
    def ms(*path: str) -> float | None:
        v = _get(result, *path)
        return v * 1000 if v is not None else None

    values: dict[str, float | None] = {
        "ingest_vs_bound": ratio(_get(result, "ingest", "cold_seconds", "p50"),
                                 _get(result, "ingest", "bound_seconds", "p50")),
        "retrieval_p50_ms": ms("answer", "paths", "retrieval", "p50"),
        "rule_p50_ms": ms("answer", "paths", "rule", "p50"),
        "cold_start_s": _get(result, "cold", "seconds", "p50"),
        "peak_rss_mb": _get(result, "cold", "peak_rss_mb"),
        "first_rule_answer_s": _get(result, "first-run", "rule_answer_seconds", "p50"),
        "first_retrieval_answer_s": _get(result, "first-run", "retrieval_answer_seconds", "p50"),
    }
    out = [{"id": key, "target": what, "value": values[key],
            "met": None if values[key] is None else values[key] <= limit}
           for key, (what, limit) in TARGETS.items()]
    for metric, label in (("recall_at_k", "recall@5"), ("mrr", "MRR")):
        ours, base = _get(result, "retrieval", "ours", metric), _get(result, "retrieval", "baseline", metric)
        out.append({"id": f"{metric}_above_baseline", "target": f"{label} above the baseline's", "value": ours,
                    "baseline": base, "met": None if ours is None or base is None else ours > base})
    return out


def _fmt(v: Any, spec: str) -> str:
    return "n/a" if v is None else format(v, spec)


def rows(result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(metric, ours, reference, ratio) rows; the reference is the baseline or the embedding bound."""
    g = lambda *p: _get(result, *p)
    s = lambda v: _fmt(v, ".1f")
    ms = lambda v: _fmt(v * 1000 if v is not None else None, ".1f")
    x = lambda a, b: _fmt(ratio(a, b), ".2f") + ("x" if ratio(a, b) is not None else "")
    out: list[tuple[str, str, str, str]] = []
    add: Callable[..., None] = lambda *r: out.append(tuple(r))
    if g("ingest", "error"):
        add("ingest", "error: " + g("ingest", "error")[:80], "", "")
    elif g("ingest"):
        add(f"ingest cold, s (p50; {g('ingest', 'chunks')} chunks) vs embedding bound",
            s(g("ingest", "cold_seconds", "p50")), s(g("ingest", "bound_seconds", "p50")),
            x(g("ingest", "cold_seconds", "p50"), g("ingest", "bound_seconds", "p50")))
        add("ingest chunks/s vs bound chunks/s", s(g("ingest", "chunks_per_s")), s(g("ingest", "bound_chunks_per_s")),
            x(g("ingest", "chunks_per_s"), g("ingest", "bound_chunks_per_s")))
        add("ingest no-op re-run, s (p50)", _fmt(g("ingest", "noop_seconds", "p50"), ".2f"), "", "")
        add("pdf extraction + chunking alone (a part of cold ingest), s", s(g("ingest", "extract_chunk_seconds")),
            "", "")
        add("ingest cold, s vs tutorial baseline index build, s", s(g("ingest", "cold_seconds", "p50")),
            s(g("retrieval", "baseline", "build_seconds")),
            x(g("ingest", "cold_seconds", "p50"), g("retrieval", "baseline", "build_seconds")))
    if g("embedders", "error"):
        add("embedders", "error: " + g("embedders", "error")[:80], "", "")
    elif g("embedders"):
        st, ox = "sentence-transformers", "onnxruntime"
        ort = f"onnxruntime ({g('embedders', ox, 'precision') or 'fp32'})"
        add(f"embed {g('embedders', 'chunks')} chunks, chunks/s: {ort} vs sentence-transformers",
            s(g("embedders", ox, "chunks_per_s")), s(g("embedders", st, "chunks_per_s")),
            x(g("embedders", ox, "chunks_per_s"), g("embedders", st, "chunks_per_s")))
        add(f"embed one query p50, ms: {ort} vs sentence-transformers",
            ms(g("embedders", ox, "query_seconds", "p50")), ms(g("embedders", st, "query_seconds", "p50")),
            x(g("embedders", ox, "query_seconds", "p50"), g("embedders", st, "query_seconds", "p50")))
    if g("retrieval", "error"):
        add("retrieval", "error: " + g("retrieval", "error")[:80], "", "")
    elif g("retrieval"):
        n, k = g("retrieval", "questions"), g("retrieval", "k")
        for key, label in (("recall_at_k", f"recall@{k}"), ("mrr", "MRR")):
            add(f"{label} ({n} gold questions) vs baseline", _fmt(g("retrieval", "ours", key), ".3f"),
                _fmt(g("retrieval", "baseline", key), ".3f"),
                x(g("retrieval", "ours", key), g("retrieval", "baseline", key)))
        for q in ("p50", "p95"):
            add(f"search latency {q}, ms vs baseline", ms(g("retrieval", "ours", "latency", q)),
                ms(g("retrieval", "baseline", "latency", q)),
                x(g("retrieval", "ours", "latency", q), g("retrieval", "baseline", "latency", q)))
    if g("answer", "error"):
        add("answer", "error: " + g("answer", "error")[:80], "", "")
    elif g("answer"):
        base_p50 = g("retrieval", "baseline", "latency", "p50")
        for path, stats in (g("answer", "paths") or {}).items():
            add(f"answer warm, {path} path p50 / p95, ms (n={stats['n']}) vs baseline search p50",
                f"{ms(stats['p50'])} / {ms(stats['p95'])}", ms(base_p50), x(stats["p50"], base_p50))
    if g("cold", "error"):
        add("cold start", "error: " + g("cold", "error")[:80], "", "")
    elif g("cold"):
        add("cold start to first answer, s (p50; `writeoff ask`)", _fmt(g("cold", "seconds", "p50"), ".2f"), "", "")
        add("peak RSS of that process, MB (max)", _fmt(g("cold", "peak_rss_mb"), ".0f"), "", "")
    first = "first-run"
    if g(first, "error"):
        add("first run", "error: " + g(first, "error")[:80], "", "")
    elif g(first):
        rule, late = g(first, "rule_answer_seconds", "p50"), g(first, "retrieval_answer_seconds", "p50")
        cache = "no ONNX export yet" if g(first, "cold_model_cache") else "ONNX export cached"
        add(f"first run ({cache}): empty data folder to first rule answer, s (p50) vs to first retrieval answer",
            _fmt(rule, ".1f"), _fmt(late, ".1f"), x(rule, late))
        add("first run: to the chat prompt, s (p50)", _fmt(g(first, "prompt_seconds", "p50"), ".1f"), "", "")
        add("peak RSS of that `writeoff chat` (builds the index), MB (max)", _fmt(g(first, "peak_rss_mb"), ".0f"),
            "", "")
    return out


def _markdown(header: tuple[str, ...], body: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *body]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |"
    return [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *[line(r) for r in body]]


def section_rows(result: dict[str, Any], name: str) -> str:
    """The table rows of one finished section (printed as it finishes, before the whole table exists)."""
    body = rows({name: result[name]}) if name in result else []
    return "\n".join(_markdown(("metric", "ours", "baseline / bound", "ratio"), body)) if body else ""


def render(result: dict[str, Any]) -> str:
    m = result.get("machine", {})
    lines = [
        (f"Machine: {m.get('nproc')} CPUs ({m.get('cpu')}), {m.get('mem_gb')} GB RAM, Python {m.get('python')}; "
         f"load average {result.get('load_start')} at start, {result.get('load_end')} at end; "
         f"bench took {result.get('seconds', 0):.0f} s. Embedder: {_get(result, 'embedder', 'backend')}, loaded in "
         f"{_fmt(_get(result, 'embedder', 'load_seconds'), '.1f')} s."),
        "",
        *_markdown(("metric", "ours", "baseline / bound", "ratio"), rows(result)),
        "",
        *_markdown(("target (issues 7 and 14)", "measured", "met"),
                   [(t["target"], _fmt(t["value"], ".3g"), {True: "yes", False: "NO", None: "n/a"}[t["met"]])
                    for t in targets(result)]),
    ]
    return "\n".join(lines)
