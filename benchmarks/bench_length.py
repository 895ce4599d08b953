"""``analyze_report`` (every extractor and the claim columns) must be linear in document
length: one 20 MB document within 12x the time of a 2 MB one (issue 14).

    python benchmarks/bench_length.py [--small MB] [--large MB] [--repeat R]

The large text is real-corpus reports (a fixed stride over the whole corpus, so many
sources) joined end to end, cut to the size; the small one every tenth of those same
reports, cut to its size, so both are alike per character. CPU seconds, best of R runs,
both sizes timed in this one process so load on a shared machine hits both alike. Each
stage of analyze_report is timed as well (by wrapping the functions pipeline calls), so a
stage that grows faster than the text shows up by name.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import corpus_paths, load_average  # noqa: E402

STAGES = ("split_sections", "extract_claims", "extract_named", "extract_placeholders", "delivered_date",
          "link_claims", "scope_period", "headline_rows")


@contextmanager
def stage_clocks(clocks):
    """Wrap the functions pipeline.analyze_report calls so that each adds its CPU time to ``clocks``."""
    from reportnlp import pipeline

    originals = {name: getattr(pipeline, name) for name in STAGES}

    def timed(name, func):
        def wrapper(*args, **kwargs):
            start = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                clocks[name] += time.process_time() - start
        return wrapper

    for name, func in originals.items():
        setattr(pipeline, name, timed(name, func))
    try:
        yield
    finally:
        for name, func in originals.items():
            setattr(pipeline, name, func)


def texts_of(small: float, large: float):
    paths = corpus_paths()
    total = sum(p.stat().st_size for p in paths)
    stride = max(1, int(total / (large * 2**20)))
    docs = [p.read_text(encoding="utf-8", errors="replace") for p in paths[::stride]]
    every = max(1, round(large / small))
    texts = {}
    for mb, chosen in ((small, docs[::every]), (large, docs)):
        encoded = "\n".join(chosen).encode("utf-8")
        texts[mb] = encoded[: int(mb * 2**20)].decode("utf-8", "ignore")
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=float, default=2.0)
    parser.add_argument("--large", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    from reportnlp.model import Report
    from reportnlp.pipeline import analyze_report

    texts = texts_of(args.small, args.large)
    analyze_report(Report("warm-up", texts[args.small][:20000]))  # lexicons and patterns loaded
    best = {}
    for _ in range(args.repeat):
        for mb, text in texts.items():
            clocks = defaultdict(float)
            with stage_clocks(clocks):
                start = time.process_time()
                rows = analyze_report(Report("bench", text))
                took = time.process_time() - start
            if mb not in best or took < best[mb][0]:
                best[mb] = (took, dict(clocks), {t: len(r) for t, r in rows.items()})
    print(load_average())
    for mb, (took, _, counts) in best.items():
        print(f"{mb:6.1f} MB  {len(texts[mb]):>10,} chars  {counts['claims']:>7,} claims  "
              f"{counts['named']:>6,} named  {counts['sections']:>6,} sections  {took:7.2f} s CPU")
    small, large = best[args.small], best[args.large]
    length = len(texts[args.large]) / len(texts[args.small])
    print(f"\n{'stage':<22}{args.small:>8g} MB{args.large:>8g} MB{'ratio':>8}")
    for name in STAGES:
        a, b = small[1].get(name, 0.0), large[1].get(name, 0.0)
        print(f"{name:<22}{a:>10.2f}{b:>10.2f}{b / a if a else float('nan'):>8.1f}")
    rest_a = small[0] - sum(small[1].values())
    rest_b = large[0] - sum(large[1].values())
    print(f"{'(rows and glue)':<22}{rest_a:>10.2f}{rest_b:>10.2f}{rest_b / rest_a if rest_a > 0 else float('nan'):>8.1f}")
    ratio = large[0] / small[0]
    target = 12.0 * length / (args.large / args.small)
    print(f"\n{args.large:g} MB / {args.small:g} MB: {ratio:.2f}x the time for {length:.2f}x the characters "
          f"— target <= {target:.1f}: {'met' if ratio <= target else 'NOT met'}")


if __name__ == "__main__":
    main()
