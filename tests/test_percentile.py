"""evals.percentile: the one percentile (numpy's linear method), and every report that prints a percentile uses it:
the bench, the eval summary and its latency histogram, evals/pipeline_measure.py and the load test's lines."""
from __future__ import annotations

import statistics

import numpy as np
import pytest

from evals.bench.stats import summarize
from evals.metrics import CaseResult, summarize_group
from evals.percentile import percentile
from evals.pipeline_measure import latency_summary
from evals.report import histogram_bins

# 1..19 s and one cold start of 40 s: p95 sits at position 0.95 x 19 = 18.05, between 19 and 40, so linear
# interpolation gives 20.05 where the nearest-rank copies (pipeline_measure, the report, the load test) gave 19.
SAMPLES = [float(v) for v in range(1, 20)] + [40.0]


def test_percentile_is_numpys_linear_method() -> None:
    for values in (SAMPLES, [3.0], [0.0, 10.0], [0.3, 1.7, 0.2, 5.0, 0.9, 2.2, 0.4]):
        for q in (0, 5, 50, 90, 95, 99, 100):
            assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)))
    # the same as statistics.quantiles' "inclusive" method, cut point by cut point
    cuts = statistics.quantiles(SAMPLES, n=100, method="inclusive")
    assert [percentile(SAMPLES, q) for q in range(1, 100)] == pytest.approx(cuts)
    assert percentile([1, 2, 3, 4], 50) == 2.5 and percentile([0, 10], 95) == pytest.approx(9.5)


def test_no_values_or_a_bad_q_is_an_error() -> None:
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_every_report_gives_the_same_p95_for_the_same_samples() -> None:
    want = percentile(SAMPLES, 95)
    assert want == pytest.approx(20.05)
    assert summarize(SAMPLES)["p95"] == want  # writeoff bench
    results = [CaseResult(id=f"c{i}", category="x", question="q", passed=True, latency=v)
               for i, v in enumerate(SAMPLES)]
    assert summarize_group(results)["latency_p95"] == want  # writeoff eval summary
    ms = latency_summary([v * 1000 for v in SAMPLES])  # evals/pipeline_measure.py
    assert ms["p95_ms"] == round(want * 1000, 1)
    top = histogram_bins(SAMPLES)[-1][1]  # the eval report's histogram stops at 1.5 x p95
    assert top == pytest.approx(min(max(SAMPLES), 1.5 * want))
    assert summarize_group(results)["latency_p50"] == summarize(SAMPLES)["p50"] == percentile(SAMPLES, 50)
