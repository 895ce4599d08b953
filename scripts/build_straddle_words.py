"""Write src/reportnlp/lexicons/masked_straddle_words.txt: the dictionary words a filtered
string can be cut into when a web filter masks it across a word boundary.

A filter masks character strings, not words: 台独 in 平台独特 leaves 平++特, where 平台 and
独特 are words that each hold a piece of the masked string. restore.py looks such words up
here. They come from jieba's dictionary (MIT licence, installed with reportnlp): every word
of two or three characters, counted at least MIN_FREQ times, that ends with the head of a
word in masked_words.tsv or starts with its tail. Run it again after adding a masked word:

    python scripts/build_straddle_words.py
"""
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "reportnlp" / "lexicons" / "masked_straddle_words.txt"
MIN_FREQ = 20
HEADER = """# Dictionary words that hold a piece of a masked word at one end (平台, 独特 for 台独 in
# 平台独特 -> 平++特): restore.py tries a masked word across a word boundary and takes it
# where both pieces complete one of these words. Generated from jieba's dictionary by
# scripts/build_straddle_words.py from the words of masked_words.tsv; do not edit by hand.
"""


def pieces():
    import sys
    sys.path.insert(0, str(ROOT / "src"))
    from reportnlp.restore import load_masked_words
    heads, tails = set(), set()
    for entry in load_masked_words():
        for cut in range(1, len(entry.word)):
            heads.add(entry.word[:cut])
            tails.add(entry.word[cut:])
    return heads, tails


def build() -> str:
    heads, tails = pieces()
    folder = Path(list(importlib.util.find_spec("jieba").submodule_search_locations)[0])
    words = set()
    for line in (folder / "dict.txt").read_text(encoding="utf-8").splitlines():
        word, freq = line.split(" ")[:2]
        if int(freq) < MIN_FREQ or not 2 <= len(word) <= 3:
            continue
        if any(word.endswith(h) and len(word) > len(h) for h in heads) \
                or any(word.startswith(t) and len(word) > len(t) for t in tails):
            words.add(word)
    return HEADER + "".join(w + "\n" for w in sorted(words))


if __name__ == "__main__":
    OUT.write_text(build(), encoding="utf-8")
    print(f"wrote {OUT}")
