"""How ``find_reuse`` scales on the real corpus: 600, 1,200 and 2,400 documents.

Each size runs in a fresh Python process (so peak memory is its own) on a nested random
sample of ../shared/corpus/real. Prints wall and CPU seconds, candidate pairs, peak RSS
and the time ratio per doubling (the target is at most 2.3x), then what was found.

    python benchmarks/bench_reuse.py [--sizes 600 1200 2400] [--seed 0]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


def sample(n: int, seed: int):
    from reportnlp.io import iter_inputs

    paths = [p for p in iter_inputs([REAL]) if isinstance(p, Path)]
    random.Random(seed).shuffle(paths)
    return paths[:n]


def run_one(n: int, seed: int, out: str) -> dict:
    """Read and find reuse in ``n`` documents; a JSON line with times and sizes."""
    from reportnlp import reuse

    paths = sample(n, seed)
    wall, cpu = time.perf_counter(), time.process_time()
    reports, failed = reuse.read_reports(paths)
    read_wall = time.perf_counter() - wall
    wall, cpu = time.perf_counter(), time.process_time()
    result = reuse.find_reuse(reports)
    reuse_wall, reuse_cpu = time.perf_counter() - wall, time.process_time() - cpu
    if out:
        reuse.write_reuse(result, out)
    pairs = result.pairs
    top = pairs.assign(share=pairs[["share_a", "share_b"]].max(axis=1)) if len(pairs) else pairs
    sizes = result.families.drop_duplicates("family")["family_size"] if len(result.families) else []
    return {
        "documents": len(reports), "read_errors": len(failed),
        "chars": sum(len(r.text) for r in reports),
        "read_s": round(read_wall, 2), "reuse_s": round(reuse_wall, 2), "reuse_cpu_s": round(reuse_cpu, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "pairs": len(pairs), "passages": len(result.passages),
        "pairs_over_0.3": int((top["share"] >= 0.3).sum()) if len(pairs) else 0,
        "pairs_over_0.5": int((top["share"] >= 0.5).sum()) if len(pairs) else 0,
        "families_over_1": int(sum(1 for s in sizes if s > 1)),
        "largest_family": int(max(sizes)) if len(sizes) else 0,
        "top_pairs": top.sort_values("share", ascending=False).head(8)[
            ["doc_a", "doc_b", "share_a", "share_b"]].values.tolist() if len(pairs) else [],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[600, 1200, 2400])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", default="", help="also write the tables of the largest run here")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.seed, args.out), ensure_ascii=False))
        return
    if not REAL.is_dir():
        sys.exit(f"no corpus at {REAL}; this benchmark needs ../shared")
    print(f"reuse scaling on {REAL} ({os.cpu_count()} cores, load {os.getloadavg()[0]:.2f})")
    print(f"{'docs':>6} {'chars':>11} {'read s':>7} {'reuse s':>8} {'cpu s':>7} {'peak MB':>8} "
          f"{'pairs':>6} {'>=0.3':>6} {'>=0.5':>6} {'families':>8} {'largest':>7}")
    runs = []
    for n in args.sizes:
        out = args.out if n == max(args.sizes) else ""
        cmd = [sys.executable, __file__, "--one", str(n), "--seed", str(args.seed), "--out", out]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        run = json.loads(done.stdout.strip().splitlines()[-1])
        runs.append(run)
        print(f"{run['documents']:>6} {run['chars']:>11,} {run['read_s']:>7} {run['reuse_s']:>8} "
              f"{run['reuse_cpu_s']:>7} {run['peak_mb']:>8} {run['pairs']:>6} {run['pairs_over_0.3']:>6} "
              f"{run['pairs_over_0.5']:>6} {run['families_over_1']:>8} {run['largest_family']:>7}", flush=True)
    for small, big in zip(runs, runs[1:]):
        print(f"{small['documents']} -> {big['documents']} documents: reuse time x{big['reuse_s'] / small['reuse_s']:.2f} "
              f"(CPU x{big['reuse_cpu_s'] / small['reuse_cpu_s']:.2f}; characters x{big['chars'] / small['chars']:.2f}); "
              "target <= 2.3")
    print("most-copied pairs in the largest run (doc_a, doc_b, share_a, share_b):")
    for row in runs[-1]["top_pairs"]:
        print("   ", *row)


if __name__ == "__main__":
    main()
