"""The one percentile: numpy's default, linear interpolation between the closest ranks (Hyndman & Fan type 7, the
same as statistics.quantiles(method="inclusive")).

The bench, the eval metrics and report and evals/pipeline_measure.py all use it, so a p95 is the same number in
every table (two nearest-rank and two interpolating copies used to give different p95s for the same samples).
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np


def percentile(values: Iterable[float], q: float) -> float:
    """The q-th percentile (q in 0..100) of `values`; ValueError for no values."""
    data = [float(v) for v in values]
    if not data:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"q must be within 0..100, got {q}")
    return float(np.percentile(data, q))
