"""Shared helpers for the benchmarks: where the corpus is, loading it, timing."""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Callable, List, Tuple

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REAL = SHARED / "corpus" / "real"
GRASSROOTS = SHARED / "corpus" / "grassroots"


def corpus_paths(limit: int = 0, stride: int = 1) -> List[Path]:
    """Report files of the real corpus (every ``stride``-th, at most ``limit``)."""
    from reportnlp.io import iter_inputs

    if not REAL.is_dir():
        sys.exit(f"no corpus at {REAL}; these benchmarks need ../shared")
    paths = [p for p in iter_inputs([REAL]) if isinstance(p, Path)][::stride]
    return paths[:limit] if limit else paths


def load_reports(paths):
    from reportnlp.io import read_report

    return [read_report(p) for p in paths]


def timed(func: Callable[[], object]) -> Tuple[float, float]:
    """(wall seconds, CPU seconds of this process) for one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    func()
    return time.perf_counter() - wall, time.process_time() - cpu


def load_average() -> str:
    try:
        import os

        return "load average %.2f %.2f %.2f on %d cores" % (*os.getloadavg(), os.cpu_count())
    except OSError:
        return "load average unknown"
