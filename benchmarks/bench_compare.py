"""``reportnlp compare`` against segmenting the same texts alone with ``jieba.cut``.

    python benchmarks/bench_compare.py [--by year] [--files LIST] [--limit N] [--stride K] [--profile]

Times, in this one run and on the same files: (1) a plain ``jieba.cut`` loop over the
decoded texts (the segmenting a comparison cannot avoid); (2) the ``reportnlp compare``
command in a child process with an empty segmentation cache (analysis, segmentation,
tables and figures: what a first run costs); (3) the same command again, the cache now
filled. Prints CPU and wall seconds and each command's ratio to (1); issue 14's target is
compare / jieba.cut <= 1.5 on a cold cache. CPU time is the figure to trust on a busy
machine. ``--files LIST`` takes a text file with one report path a line (e.g. the
provincial reports 2013-2025), otherwise every ``stride``-th report of ../shared/corpus/real.
``--profile`` writes a cProfile of the cold run to compare.prof.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import REPO, corpus_paths, load_average, load_reports, timed  # noqa: E402


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_compare(paths, by: str, out: Path, cache: Path, profile: bool = False):
    """(wall, CPU) seconds of one ``reportnlp compare`` in a child process."""
    command = [sys.executable] + (["-m", "cProfile", "-o", "compare.prof"] if profile else []) + [
        "-m", "reportnlp", "compare", *map(str, paths), "--by", by, "--out", str(out),
        "--cache", str(cache), "--no-progress"]
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    cpu, wall = _child_cpu(), time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - wall, _child_cpu() - cpu
    if done.returncode:
        sys.exit(f"compare failed:\n{done.stderr}")
    return wall, cpu, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--by", default="year")
    parser.add_argument("--files", type=Path, help="a file listing report paths, one a line")
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--stride", type=int, default=4)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    import jieba

    if args.files:
        paths = [Path(line) for line in args.files.read_text(encoding="utf-8").split("\n") if line.strip()]
    else:
        paths = corpus_paths(args.limit, args.stride)
    texts = [r.text for r in load_reports(paths)]
    print(f"{len(texts)} documents, {sum(map(len, texts)) / 1e6:.1f} M characters; {load_average()}")
    jieba.setLogLevel(60)
    jieba.initialize()
    base_wall, base_cpu = timed(lambda: [list(jieba.cut(t)) for t in texts])
    rows = [("jieba.cut alone", base_wall, base_cpu, "")]
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        for name in ("compare, cold cache", "compare, warm cache"):
            wall, cpu, said = run_compare(paths, args.by, Path(tmp) / "out", cache,
                                          profile=args.profile and "cold" in name)
            rows.append((name, wall, cpu, said))
    print(f"{'':<22}{'wall s':>8}{'CPU s':>8}{'x jieba (CPU)':>15}{'x jieba (wall)':>16}")
    for name, wall, cpu, _ in rows:
        print(f"{name:<22}{wall:8.1f}{cpu:8.1f}{cpu / base_cpu:15.2f}{wall / base_wall:16.2f}")
    print(rows[1][3])


if __name__ == "__main__":
    main()
