"""Timing helpers shared by the benchmarks.

The machines are noisy, so every benchmark measures a *baseline* in the same run and
reports ratios against it as well as the absolute time (best of several repeats).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass


def best_of(func: Callable[[], object], repeat: int = 5, number: int = 1) -> float:
    """The best time in seconds of ``number`` calls of ``func``, over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        for _ in range(number):
            func()
        times.append((time.perf_counter() - start) / number)
    return min(times)


@dataclass
class Result:
    """One measured operation, its target and its baseline."""

    name: str
    seconds: float
    target: float | None = None
    baseline_name: str = ""
    baseline_seconds: float | None = None

    @property
    def ok(self) -> bool | None:
        return None if self.target is None else self.seconds <= self.target

    def line(self) -> str:
        parts = [f"{self.name:<48} {self.seconds * 1000:10.2f} ms"]
        if self.target is not None:
            parts.append(f"target {self.target * 1000:8.1f} ms {'OK' if self.ok else 'OVER'}")
        if self.baseline_seconds:
            parts.append(f"ratio {self.seconds / self.baseline_seconds:7.2f}x {self.baseline_name}")
        return "  ".join(parts)


def report(title: str, results: list[Result]) -> bool:
    """Print a block of results; True when every target is met."""
    print(f"== {title}")
    for result in results:
        print("  " + result.line())
    return all(r.ok is not False for r in results)
