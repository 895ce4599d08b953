"""Parallel speed-up of ``analyze`` : 1 worker process against 2 (target >= 1.7x).

    python benchmarks/bench_scaling.py [--stride K] [--limit N] [--repeat R]

Each configuration runs ``analyze_to`` (CSV, streamed) in a fresh Python process over the
same real-corpus files; the best of R runs is kept. Wall-time speed-up is the target; the
CPU column (main + workers) shows what parallelism costs in extra work. On a machine
shared with other jobs, wall time is only as good as the free cores: the load average is printed.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import load_average, run_analyze_child  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stride", type=int, default=4)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    print(load_average())
    best = {}
    for _ in range(args.repeat):
        for jobs in (1, 2):
            run = run_analyze_child(jobs=jobs, stride=args.stride, limit=args.limit)
            if jobs not in best or run["wall"] < best[jobs]["wall"]:
                best[jobs] = run
    one = best[1]
    print(f"{one['documents']} documents, {one['chars'] / 1e6:.1f} MB of files")
    print(f"{'jobs':>4}{'wall s':>9}{'CPU s':>9}{'main CPU s':>12}{'docs/s':>9}{'speed-up':>10}")
    for jobs, run in best.items():
        print(f"{jobs:>4}{run['wall']:>9.2f}{run['cpu']:>9.2f}{run['cpu_main']:>12.2f}"
              f"{run['documents'] / run['wall']:>9.1f}{one['wall'] / run['wall']:>10.2f}")
    # What two free cores would give: the work, split over two processes, plus the extra
    # work that parallelism adds (pickling rows back to the main process).
    ideal = 2 * one["cpu"] / best[2]["cpu"]
    print(f"CPU-bound estimate on 2 idle cores: {ideal:.2f}x (1-process CPU x 2 / 2-process CPU)")
    speedup = one["wall"] / best[2]["wall"]
    print(f"2 processes run at {speedup:.2f}x 1 process — target >= 1.7: {'met' if speedup >= 1.7 else 'NOT met'}"
          f"; {load_average()}")


if __name__ == "__main__":
    main()
