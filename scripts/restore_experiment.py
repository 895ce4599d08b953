"""Masking experiment for restore.py: hide words as a web filter would and see whether
``restore()`` gives them back.

    PYTHONPATH=src python scripts/restore_experiment.py [--real N] [--seed S] [-v [STYLE]]
        [--set NAME=VALUE ...]

A filter matches character strings, not words: every occurrence of a filtered string in a
document is replaced by mask glyphs of the same length (``++``, ``**`` or ``××``), or by
``***`` whatever the word (style ``*** fixed``), also where it straddles two words
(平台独特 -> 平++特), and filtered strings side by side become one mask (信访维稳 -> ++++).
Each masked document is restored with the default restorer (the lexicon plus the masked
document itself, as the pipeline does); ``--set`` changes one of its parameters.

The grassroots reports (妇联, township, village) are few against the real ones: their
accuracy is printed apart, and the ``grassroots-weighted`` line averages the two corpora
so that they weigh alike.

Documents: all of ../shared/corpus/grassroots and a seeded sample of N real reports. They
are split in two halves by a seeded hash of the file name: tune on the ``tune`` half (``-v``
lists its errors only), report the ``test`` half. Prints accuracy per half, per masking
style, per hidden word and for masks across a word boundary, and the dev gold score
(masked words with a ``restored`` field).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# Strings a web filter masks in these reports (the experiment's hidden words).
FILTERED = ("群体性事件", "信访", "维稳", "维权", "上访", "宗教", "法轮", "大法", "邪教", "台独",
            "游行", "示威", "纠纷")
# glyph style -> (glyph, fixed length or 0 for one glyph a character)
STYLES = {"++": ("+", 0), "**": ("*", 0), "××": ("×", 0), "*** fixed": ("*", 3)}


def half(name: str, seed: int) -> str:
    digest = hashlib.sha1(f"{seed}:{name}".encode("utf-8")).digest()
    return "tune" if digest[0] % 2 == 0 else "test"


def mask(text: str, glyph: str, finder: "re.Pattern[str]", fixed: int = 0
         ) -> Tuple[str, List[Tuple[int, int, str]]]:
    """``text`` with every filtered string masked and the masks' (start, end, word) in the
    masked text: one glyph a character, or ``fixed`` glyphs for any word (*** for 信访 and
    群体性事件 alike)."""
    hidden: List[Tuple[int, int, str]] = []
    for m in finder.finditer(text):
        if hidden and hidden[-1][1] == m.start():
            hidden[-1] = (hidden[-1][0], m.end(), hidden[-1][2] + m.group())
        else:
            hidden.append((m.start(), m.end(), m.group()))
    out, spans, last = [], [], 0
    for start, end, word in hidden:
        out.append(text[last:start])
        at = sum(map(len, out))
        masked = glyph * (fixed or len(word))
        out.append(masked)
        spans.append((at, at + len(masked), word))
        last = end
    out.append(text[last:])
    return "".join(out), spans


def across_boundary(text: str, start: int, end: int) -> bool:
    """The hidden string cuts across words (平台独特 for 台独): jieba, on a window of the
    unmasked text, puts a word boundary neither at the mask's start nor at its end (one end
    inside a compound such as 民族宗教 is not counted)."""
    from reportnlp.tokenize import _jieba_dictionary
    lo = max(0, start - 10)
    cuts, at = set(), lo
    for token in _jieba_dictionary().cut(text[lo:end + 10], HMM=False):
        cuts.add(at)
        at += len(token)
    return start not in cuts and end not in cuts


def documents(n_real: int, seed: int) -> List[Path]:
    docs = sorted((SHARED / "corpus" / "grassroots").glob("*.txt"))
    real = sorted((SHARED / "corpus" / "real").rglob("*.txt"))
    docs += sorted(random.Random(seed).sample(real, min(n_real, len(real))))
    return docs


def run(docs: List[Path], seed: int, verbose: bool, params: Optional[Dict[str, float]] = None
        ) -> Dict[str, Counter]:
    from reportnlp.restore import MaskRestorer, restore
    finder = re.compile("|".join(sorted(FILTERED, key=len, reverse=True)))
    tally: Dict[str, Counter] = defaultdict(Counter)
    for path in docs:
        text = path.read_text(encoding="utf-8", errors="replace")
        if not finder.search(text):
            continue
        part = half(path.name, seed)
        corpus = "grassroots" if "grassroots" in path.parts else "real"
        _, hidden = mask(text, "+", finder)       # the hidden strings where they stand in text
        cuts = ["across a word boundary" if across_boundary(text, start, end) else "whole word"
                for start, end, _ in hidden]
        for style, (glyph, fixed) in STYLES.items():
            masked, spans = mask(text, glyph, finder, fixed)
            restorer = MaskRestorer(**(params or {})).fit([masked])
            for (start, end, word), cut in zip(spans, cuts):
                got = restore(masked, start, end, restorer)
                ok = got == word
                for key in (f"{part}", f"{part} {corpus}", f"{part} style {style}", f"{part} word {word}",
                            f"{part} {cut}", f"{part} {corpus} {cut}", f"{part} {corpus} word {word}"):
                    tally[key]["right"] += ok
                    tally[key]["total"] += 1
                if verbose and not ok and part == "tune" and (style in verbose or corpus == "grassroots"):
                    ctx = masked[max(0, start - 12):start] + "[" + masked[start:end] + "]" + masked[end:end + 10]
                    print(f"  {word}->{got or '-'}\t{ctx!r}\t{style}\t{path.name}")
    return tally


def dev_gold() -> Tuple[int, int]:
    from reportnlp.restore import MaskRestorer, restore
    right = total = 0
    for js in sorted((SHARED / "gold" / "dev").glob("*.json")):
        data = json.loads(js.read_text(encoding="utf-8"))
        masks = [p for p in data.get("placeholders", []) if p.get("restored")]
        if not masks:
            continue
        text = js.with_suffix(".txt").read_text(encoding="utf-8")
        restorer = MaskRestorer().fit([text])
        for p in masks:
            total += 1
            right += restore(text, p["start"], p["end"], restorer) == p["restored"]
    return right, total


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--real", type=int, default=300, help="real reports sampled (default 300)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("-v", "--verbose", nargs="?", const="++", default="",
                        help="list the tune half's errors in this style (default ++; every style in grassroots)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a MaskRestorer parameter for this run (repeatable), e.g. --set topic_weight=0.5")
    args = parser.parse_args(argv)
    params = {k: float(v) for k, v in (item.split("=", 1) for item in args.set)}
    if not SHARED.is_dir():
        print("../shared is not available", file=sys.stderr)
        return 1
    tally = run(documents(args.real, args.seed), args.seed, args.verbose, params)

    def line(key: str) -> str:
        c = tally[key]
        return f"{key:32s} {c['right'] / c['total']:.3f}  ({c['right']}/{c['total']})" if c["total"] else ""

    for part in ("tune", "test"):
        print(line(part))
        g, r = tally[f"{part} grassroots"], tally[f"{part} real"]
        if g["total"] and r["total"]:   # grassroots weighs as much as real, however few its masks
            print(f"{part + ' grassroots-weighted':32s} {(g['right'] / g['total'] + r['right'] / r['total']) / 2:.3f}")
        for key in sorted(k for k in tally if k.startswith(part + " ")):
            print("  " + line(key))
    right, total = dev_gold()
    if total:
        print(f"dev gold restored {right / total:.3f}  ({right}/{total})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
