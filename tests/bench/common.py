"""Measuring helpers shared by the benchmark scripts: medians of timed runs, percentiles,
peak memory, and the result row (value, baseline, ratio, target, met) of the suite."""

from __future__ import annotations

import math
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_time(fn: Callable[[], Any], runs: int) -> tuple[float, list[float]]:
    """Median of ``runs`` timings of ``fn`` (seconds) and every timing."""
    times = [timed(fn) for _ in range(runs)]
    return statistics.median(times), times


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 100 values is the 95th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


@dataclass
class Metric:
    """One row of bench-results.json. ``met`` is None when the metric could not be run."""

    name: str
    unit: str
    value: float | None
    baseline: float | None
    target: str
    met: bool | None
    runs: int = 0
    samples: list[float] = field(default_factory=list)
    baseline_samples: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["ratio"] = None if self.ratio is None else round(self.ratio, 3)
        for key in ("value", "baseline"):
            if out[key] is not None:
                out[key] = round(out[key], 3)
        out["samples"] = [round(s, 3) for s in self.samples]
        out["baseline_samples"] = [round(s, 3) for s in self.baseline_samples]
        return out


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "ms":
        return f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"
    if unit == "MiB":
        return f"{value:,.0f} MiB"
    if unit == "s":
        return f"{value:,.2f} s"
    return f"{value:,.2f} {unit}".strip()


def table(metrics: list[Metric]) -> str:
    header = (f"{'metric':<44}{'value':>13}{'baseline':>13}{'ratio':>8}  "
              f"{'target':<34}{'met':<4}")
    lines = [header, "-" * len(header)]
    for m in metrics:
        ratio = "-" if m.ratio is None else f"{m.ratio:.2f}"
        met = {True: "yes", False: "NO", None: "n/a"}[m.met]
        lines.append(f"{m.name:<44}{_fmt(m.value, m.unit):>13}{_fmt(m.baseline, m.unit):>13}"
                     f"{ratio:>8}  {m.target:<34}{met:<4}")
        if m.note:
            lines.append(f"{'':<6}{m.note}")
    return "\n".join(lines)
