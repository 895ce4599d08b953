"""Single-process throughput of the extraction pipeline against jieba's own ``cut`` on the same text.

    python benchmarks/bench_throughput.py [--limit N] [--stride K] [--profile] [--rjieba]

Prints characters per CPU second for jieba.cut, analyze_report and each extractor, and
the ratio analyze_report / jieba.cut (target: >= 3). Both are timed in this run on the
same decoded texts, so the ratio holds on any machine; CPU time is the figure to trust on
a busy machine, wall time is shown beside it. ``--profile`` lists the hottest functions of
the slowest extractor; ``--rjieba`` compares jieba with rjieba (tokens and speed).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import corpus_paths, load_average, load_reports, timed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="at most N documents (default: all)")
    parser.add_argument("--stride", type=int, default=1, help="every K-th document")
    parser.add_argument("--profile", action="store_true", help="profile the slowest extractor")
    parser.add_argument("--rjieba", action="store_true", help="also compare rjieba with jieba")
    args = parser.parse_args()

    import jieba
    from reportnlp.extract.claims import extract_claims
    from reportnlp.extract.named import extract_named
    from reportnlp.extract.placeholders import extract_placeholders
    from reportnlp.pipeline import analyze_report
    from reportnlp.sections import split_sections

    reports = load_reports(corpus_paths(args.limit, args.stride))
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

    rows = {"jieba.cut": timed(jieba_cut)}
    rows["analyze_report"] = timed(lambda: [analyze_report(r) for r in reports])
    extractors = {f.__name__: f for f in (split_sections, extract_claims, extract_named, extract_placeholders)}
    for name, extract in extractors.items():
        rows[name] = timed(lambda: [extract(r) for r in reports])

    base_wall, base_cpu = rows["jieba.cut"]
    print(f"{'':<22}{'wall s':>8}{'CPU s':>8}{'kchar/CPU s':>13}{'x jieba (CPU)':>15}{'x jieba (wall)':>16}")
    for name, (wall, cpu) in rows.items():
        print(f"{name:<22}{wall:>8.2f}{cpu:>8.2f}{chars / cpu / 1e3:>13.0f}{base_cpu / cpu:>15.2f}{base_wall / wall:>16.2f}")
    extractor_cpu = sum(rows[n][1] for n in extractors)
    for name in extractors:
        print(f"  share of extractor time: {name:<22}{100 * rows[name][1] / extractor_cpu:5.1f}%")
    ratio = base_cpu / rows["analyze_report"][1]
    print(f"analyze_report runs at {ratio:.2f}x jieba.cut (CPU) — target >= 3: {'met' if ratio >= 3 else 'NOT met'}")

    if args.profile:
        slowest = max(extractors, key=lambda n: rows[n][1])
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
        compare_rjieba(texts, chars, base_wall, base_cpu)


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
