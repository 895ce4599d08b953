"""``extract_named`` must be linear in document length: 5 MB against 20 MB (target <= 4.5x).

    python benchmarks/bench_named_length.py [--small MB] [--large MB] [--repeat R]

The large text is real-corpus reports (a fixed stride over the whole corpus, so many
sources) joined end to end; the small one every fourth of those same reports, so both are
alike per character while the longer one quotes many more distinct names, as a long
hostile input does. CPU seconds, best of R runs, timed in the same process one after the
other so load on a shared machine hits both alike.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import corpus_paths, load_average  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=float, default=5.0)
    parser.add_argument("--large", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    from reportnlp.extract.named import extract_named
    from reportnlp.model import Report

    paths = corpus_paths()
    total = sum(p.stat().st_size for p in paths)
    stride = max(1, int(total / (args.large * 2**20)))
    large = [p.read_text(encoding="utf-8", errors="replace") for p in paths[::stride]]
    ratio_docs = max(1, round(args.large / args.small))
    texts = {}
    for mb, docs in ((args.small, large[::ratio_docs]), (args.large, large)):
        encoded = "\n".join(docs).encode("utf-8")
        texts[mb] = encoded[: int(mb * 2**20)].decode("utf-8", "ignore")
    best = {}
    for _ in range(args.repeat):
        for mb, text in texts.items():
            start = time.process_time()
            found = extract_named(Report("bench", text))
            took = time.process_time() - start
            best[mb] = min(best.get(mb, (took, 0))[0], took), len(found)
    print(load_average())
    for mb, (took, n) in best.items():
        print(f"{mb:6.1f} MB  {len(texts[mb]):>10,} chars  {n:>7,} items  {took:7.2f} s CPU")
    ratio = best[args.large][0] / best[args.small][0]
    length = args.large / args.small
    print(f"{args.large:g} MB / {args.small:g} MB: {ratio:.2f}x time for {length:.1f}x length "
          f"— target <= {length * 1.125:.2f}: {'met' if ratio <= length * 1.125 else 'NOT met'}")


if __name__ == "__main__":
    main()
