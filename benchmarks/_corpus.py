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


def run_analyze_child(*, jobs: int, engine: str = "local", stride: int = 1, limit: int = 0,
                      fmt: str = "csv", out: str = "") -> dict:
    """Run analyze_to in a fresh Python process; wall time, CPU and peak RSS of it and its workers."""
    import json
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, __file__, "--jobs", str(jobs), "--engine", engine, "--stride", str(stride),
               "--limit", str(limit), "--format", fmt, "--out", out or f"{tmp}/out"]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _child_main() -> None:
    import argparse
    import json
    import resource

    parser = argparse.ArgumentParser()
    for name, kind in (("--jobs", int), ("--stride", int), ("--limit", int)):
        parser.add_argument(name, type=kind)
    parser.add_argument("--engine")
    parser.add_argument("--format")
    parser.add_argument("--out")
    args = parser.parse_args()
    from reportnlp.pipeline import analyze_to

    paths = corpus_paths(args.limit, args.stride)
    wall = time.perf_counter()
    summary = analyze_to(paths, args.out, fmt=args.format, jobs=args.jobs, engine=args.engine, progress=False)
    wall = time.perf_counter() - wall
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "documents": summary.documents, "errors": summary.errors, "wall": wall,
        "cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
        "cpu_main": me.ru_utime + me.ru_stime,
        "rss_main_mb": me.ru_maxrss / 1024, "rss_worker_mb": kids.ru_maxrss / 1024,
        "chars": sum(p.stat().st_size for p in paths),
    }))


if __name__ == "__main__":
    _child_main()
