"""Throughput of reportnlp against jieba's own ``cut`` on the same texts, from the CLI and in-process.

    python benchmarks/bench_throughput.py [--limit N] [--stride K] [--repeat R] [--no-cli] [--profile] [--rjieba]

Each round times, on the same documents and in this one run: a plain ``jieba.cut`` loop over
their decoded texts (the baseline), ``reportnlp analyze --jobs 1`` as a user runs it (a fresh
Python process that imports reportnlp, reads the files and writes CSV tables; CPU from the
child's rusage), and ``analyze_report`` in-process on the decoded texts, then each extractor.
Every figure is printed as a ratio against the baseline of the same round (target: the CLI at
5x jieba.cut or more, CPU and wall), so it holds on any machine; with ``--repeat`` the ratios of
every round and their range are shown, since a shared machine makes single timings noisy.
CPU time is the figure to trust on a busy machine. ``--profile`` lists the hottest functions of
the slowest extractor; ``--rjieba`` compares jieba with rjieba (tokens and speed).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import corpus_paths, load_average, load_reports, timed  # noqa: E402


def cli_run(paths, fmt: str = "csv"):
    """(wall s, CPU s) of ``reportnlp analyze --jobs 1`` on ``paths`` in a fresh process."""
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "") if env.get("PYTHONPATH") else src
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "reportnlp", "analyze", "--jobs", "1", "--no-progress", "--format", fmt,
               "--out", f"{tmp}/out", *map(str, paths)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        wall = time.perf_counter() - wall
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="at most N documents (default: all)")
    parser.add_argument("--stride", type=int, default=1, help="every K-th document")
    parser.add_argument("--repeat", type=int, default=1, help="rounds, each with its own baseline")
    parser.add_argument("--no-cli", action="store_true", help="skip the command-line figure")
    parser.add_argument("--format", default="csv", choices=["csv", "parquet"], help="the CLI's --format")
    parser.add_argument("--profile", action="store_true", help="profile the slowest extractor")
    parser.add_argument("--rjieba", action="store_true", help="also compare rjieba with jieba")
    args = parser.parse_args()

    import jieba
    from reportnlp.extract.claims import extract_claims
    from reportnlp.extract.named import extract_named
    from reportnlp.extract.placeholders import extract_placeholders
    from reportnlp.pipeline import analyze_report
    from reportnlp.sections import split_sections

    paths = corpus_paths(args.limit, args.stride)
    reports = load_reports(paths)
    texts = [r.text for r in reports]
    chars = sum(map(len, texts))
    print(f"{len(reports)} documents, {chars / 1e6:.1f} M characters; {load_average()}")

    jieba.setLogLevel(60)
    jieba.initialize()
    analyze_report(reports[0])  # load lexicons and compile patterns before timing

    def jieba_cut():
        for text in texts:
            for _ in jieba.cut(text):
                pass

    extractors = {f.__name__: f for f in (split_sections, extract_claims, extract_named, extract_placeholders)}
    ratios = {"analyze CLI": [], "analyze_report": []}
    for round_ in range(1, args.repeat + 1):
        rows = {"jieba.cut": timed(jieba_cut)}
        if not args.no_cli:
            rows["analyze CLI"] = cli_run(paths, args.format)
        rows["analyze_report"] = timed(lambda: [analyze_report(r) for r in reports])
        if round_ == 1:
            for name, extract in extractors.items():
                rows[name] = timed(lambda extract=extract: [extract(r) for r in reports])
        base_wall, base_cpu = rows["jieba.cut"]
        print(f"\nround {round_}: {load_average()}")
        print(f"{'':<22}{'wall s':>8}{'CPU s':>8}{'kchar/CPU s':>13}{'x jieba (CPU)':>15}{'x jieba (wall)':>16}")
        for name, (wall, cpu) in rows.items():
            print(f"{name:<22}{wall:>8.2f}{cpu:>8.2f}{chars / cpu / 1e3:>13.0f}{base_cpu / cpu:>15.2f}"
                  f"{base_wall / wall:>16.2f}")
            if name in ratios:
                ratios[name].append((base_cpu / cpu, base_wall / wall))
        if round_ == 1:
            extractor_cpu = sum(rows[n][1] for n in extractors)
            for name in extractors:
                print(f"  share of extractor time: {name:<22}{100 * rows[name][1] / extractor_cpu:5.1f}%")

    print()
    for name, found in ratios.items():
        if not found:
            continue
        cpu, wall = [r[0] for r in found], [r[1] for r in found]
        target = 5 if name == "analyze CLI" else 3
        verdict = "met" if min(cpu) >= target and min(wall) >= target else "NOT met"
        print(f"{name:<15} x jieba.cut: CPU {min(cpu):.2f}-{max(cpu):.2f}, wall {min(wall):.2f}-{max(wall):.2f} "
              f"over {len(found)} round(s) — target >= {target}: {verdict}")

    if args.profile:
        slowest = max(extractors, key=lambda n: timed(lambda: [extractors[n](r) for r in reports[:50]])[1])
        profile = cProfile.Profile()
        profile.enable()
        for r in reports:
            extractors[slowest](r)
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(15)
        print(f"\nprofile of {slowest} (by own time):")
        print("\n".join(out.getvalue().splitlines()[6:]))

    if args.rjieba:
        compare_rjieba(texts, chars, *rows["jieba.cut"])


def compare_rjieba(texts, chars, base_wall, base_cpu) -> None:
    """Token equality and speed of rjieba (Rust port of jieba) against jieba, both with HMM."""
    try:
        import rjieba
    except ImportError:
        print("\nrjieba is not installed (pip install rjieba); skipped")
        return
    import jieba

    rjieba.cut("预热")
    wall, cpu = timed(lambda: [rjieba.cut(t) for t in texts])
    equal_docs = 0
    same_tokens = total_tokens = 0
    for text in texts:
        a, b = list(jieba.cut(text)), rjieba.cut(text)
        equal_docs += a == b
        total_tokens += len(a)
        # tokens at the same offsets in both segmentations
        sa, sb, pos = set(), set(), 0
        for tok in a:
            sa.add((pos, len(tok)))
            pos += len(tok)
        pos = 0
        for tok in b:
            sb.add((pos, len(tok)))
            pos += len(tok)
        same_tokens += len(sa & sb)
    print(f"\nrjieba.cut: {wall:.2f} s wall, {cpu:.2f} s CPU, {chars / cpu / 1e3:.0f} kchar/CPU s; "
          f"{base_cpu / cpu:.1f}x jieba.cut (CPU), {base_wall / wall:.1f}x (wall)")
    print(f"identical token lists in {equal_docs}/{len(texts)} documents; "
          f"{100 * same_tokens / max(1, total_tokens):.3f}% of jieba's tokens also rjieba's (same span)")


if __name__ == "__main__":
    main()
