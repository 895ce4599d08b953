"""Peak memory of ``analyze`` over the whole real corpus, measured in a fresh process (target < 1 GB).

    python benchmarks/bench_memory.py [--jobs N] [--format csv|parquet]

Reports the peak resident set size of the main process and of the largest worker
(getrusage), so the streaming writer's bound is visible: it must not grow with the corpus.
Also runs a quarter of the corpus for comparison.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import load_average, run_analyze_child  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--format", default="csv", choices=["csv", "parquet"])
    args = parser.parse_args()
    print(load_average())
    print(f"{'corpus':<14}{'docs':>6}{'MB':>7}{'wall s':>9}{'main RSS MB':>13}{'worker RSS MB':>15}")
    for label, stride in (("a quarter", 4), ("all", 1)):
        run = run_analyze_child(jobs=args.jobs, stride=stride, fmt=args.format)
        print(f"{label:<14}{run['documents']:>6}{run['chars'] / 1e6:>7.1f}{run['wall']:>9.1f}"
              f"{run['rss_main_mb']:>13.0f}{run['rss_worker_mb']:>15.0f}")
    peak = max(run["rss_main_mb"], run["rss_worker_mb"])
    print(f"peak RSS of any one process over the whole corpus: {peak:.0f} MB — target < 1024 MB: "
          f"{'met' if peak < 1024 else 'NOT met'}; whole tree at most "
          f"{run['rss_main_mb'] + args.jobs * run['rss_worker_mb']:.0f} MB")


if __name__ == "__main__":
    main()
