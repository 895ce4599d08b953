"""Write src/reportnlp/lexicons/traditional_fold.tsv: traditional characters and the one
simplified character each folds to, for matching traditional-character reports (the
wikisource copies of the 1950s reports: 整風運動 -> 整风运动) against the simplified lexicons.

The table comes from OpenCC's character conversion (Apache 2.0; ``pip install opencc``, needed
only to run this script, not by reportnlp): every character of the CJK block whose t2s form is
one other character, kept when that character is among the 3,755 most common simplified ones
(level 1 of GB 2312), so the table stays small. Characters are folded one for one, so offsets
never move. Run it again to rebuild the table:

    python scripts/build_traditional_fold.py
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "reportnlp" / "lexicons" / "traditional_fold.tsv"
HEADER = """# Traditional character <TAB> the simplified character it folds to (one for one). A report
# written mostly in these characters is matched on its simplified fold (normalize.py
# to_simplified); offsets and the text of every row stay on the original characters.
# Generated from OpenCC's t2s character table by scripts/build_traditional_fold.py (only
# targets among the 3,755 commonest simplified characters); do not edit by hand.
"""


def _common(ch: str) -> bool:
    try:
        code = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return 0xB0 <= code[0] <= 0xD7  # GB 2312 level 1


def build() -> str:
    import opencc

    convert = opencc.OpenCC("t2s").convert
    rows = []
    for cp in range(0x4E00, 0xA000):
        ch = chr(cp)
        simple = convert(ch)
        if len(simple) == 1 and simple != ch and _common(simple):
            rows.append(f"{ch}\t{simple}\n")
    return HEADER + "".join(rows)


if __name__ == "__main__":
    OUT.write_text(build(), encoding="utf-8")
    print(f"wrote {OUT}")
