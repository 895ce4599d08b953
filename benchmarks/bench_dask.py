"""The Dask engine against the local process pool on the same input, same number of workers.

    python benchmarks/bench_dask.py [--stride K] [--jobs N]

Both run ``analyze_to`` in a fresh process: local with N worker processes, Dask with a
LocalCluster of N single-threaded worker processes that it starts itself (cluster start-up
included, as a user would see it). Also checks that the two write identical tables.
"""
from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import load_average, run_analyze_child  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stride", type=int, default=4)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    try:
        import distributed  # noqa: F401
    except ImportError:
        sys.exit("Dask is not installed: pip install 'reportnlp[dask]'")
    print(load_average())
    with tempfile.TemporaryDirectory() as tmp:
        runs = {engine: run_analyze_child(jobs=args.jobs, engine=engine, stride=args.stride, out=f"{tmp}/{engine}")
                for engine in ("local", "dask")}
        names = sorted(p.name for p in Path(tmp, "local").iterdir())
        same = filecmp.cmpfiles(Path(tmp, "local"), Path(tmp, "dask"), names, shallow=False)[0] == names
    print(f"{runs['local']['documents']} documents, {args.jobs} workers each")
    print(f"{'engine':<8}{'wall s':>9}{'CPU s':>9}{'docs/s':>9}{'x local':>9}")
    for engine, run in runs.items():
        print(f"{engine:<8}{run['wall']:>9.2f}{run['cpu']:>9.2f}{run['documents'] / run['wall']:>9.1f}"
              f"{runs['local']['wall'] / run['wall']:>9.2f}")
    print(f"tables identical: {same}; {load_average()}")


if __name__ == "__main__":
    main()
