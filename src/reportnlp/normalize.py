"""Width and space normalisation that keeps a map back to the original offsets.

Extractors match on the normalised text (full-width digits and letters folded to
ASCII, ideographic spaces to plain spaces, zero-width characters dropped) and
report spans on the original text through ``Normalized.span``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
# Full-width ASCII variants (！ to ～) sit at a fixed distance from their ASCII twins.
_FULLWIDTH_OFFSET = 0xFEE0


def fold_char(ch: str) -> str:
    """The normalised form of one character ('' when it is dropped)."""
    if ch in _ZERO_WIDTH:
        return ""
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - _FULLWIDTH_OFFSET)
    if ch == "\u3000" or ch == "\u00a0":
        return " "
    return ch


@dataclass(frozen=True)
class Normalized:
    """Normalised text plus, for each of its characters, the original index."""

    text: str
    to_original: Sequence[int]  # a tuple, or a range when no character was dropped
    original_length: int

    def orig(self, i: int) -> int:
        """Original offset for normalised offset ``i`` (``i`` may equal ``len(text)``)."""
        if i >= len(self.text):
            return self.original_length
        return self.to_original[i]

    def span(self, start: int, end: int) -> Tuple[int, int]:
        """Original ``(start, end)`` for the normalised half-open span ``[start, end)``."""
        if end <= start:
            s = self.orig(start)
            return s, s
        return self.to_original[start], self.to_original[end - 1] + 1


# Every character that fold_char changes (full-width ASCII, wide and no-break spaces, zero-width).
FOLDABLE = "".join(map(chr, range(0xFF01, 0xFF5F))) + "\u3000\u00a0" + "".join(sorted(_ZERO_WIDTH))



def fold_table(dropped: Optional[str] = None) -> Dict[int, Optional[str]]:
    """fold_char as a str.translate table: one C-level pass instead of a Python call per
    character. ``dropped``: what a zero-width character becomes (None: it is dropped; a
    space keeps every offset where it was, as reuse.py needs)."""
    return {ord(ch): fold_char(ch) or dropped for ch in FOLDABLE}


_FOLD_TABLE = fold_table()
_ZERO_WIDTH_RE = re.compile("[" + "".join(sorted(_ZERO_WIDTH)) + "]")
# Runs of characters that fold: translating only these is several times faster than
# translating every character of a mostly-CJK text.
_FOLDABLE_RE = re.compile("[\uff01-\uff5e\u3000\u00a0" + "".join(sorted(_ZERO_WIDTH)) + "]+")


# The full-width marks that punctuate every Chinese clause: str.replace folds them far
# more cheaply than a translate call for each of their many short runs.
_COMMON_WIDE = tuple((ch, fold_char(ch)) for ch in "，：；（）！？％")


def _fold_run(match: "re.Match[str]") -> str:
    return match.group().translate(_FOLD_TABLE)


def fold(text: str) -> str:
    """``text`` with every character folded as by ``fold_char`` (no offset map)."""
    for wide, narrow in _COMMON_WIDE:
        text = text.replace(wide, narrow)
    return _FOLDABLE_RE.sub(_fold_run, text)


def normalize(text: str) -> Normalized:
    """Fold widths and spaces; every kept character maps to exactly one original one."""
    folded = fold(text)
    if len(folded) == len(text):  # nothing dropped: the map is the identity, kept as a range
        return Normalized(folded, range(len(text)), len(text))
    index: List[int] = []
    kept_from = 0
    for match in _ZERO_WIDTH_RE.finditer(text):
        index.extend(range(kept_from, match.start()))
        kept_from = match.end()
    index.extend(range(kept_from, len(text)))
    return Normalized(folded, tuple(index), len(text))


@lru_cache(maxsize=8)
def normalize_cached(text: str) -> Normalized:
    """``normalize`` memoised, so several extractors on one report share the work."""
    return normalize(text)


# Traditional characters folded to simplified ones for matching only (lexicons/traditional_fold.tsv).
_TRADITIONAL_SAMPLE = 4000   # characters read to decide whether a report is in traditional script
_TRADITIONAL_SHARE = 0.03    # ... its share of traditional-only characters that makes it so
_TRADITIONAL_MIN = 20


@lru_cache(maxsize=1)
def _traditional_table() -> dict:
    from .lexicon import read_rows

    return {ord(row[0]): row[1] for row in read_rows("traditional_fold.tsv")
            if len(row) > 1 and len(row[0]) == 1 and len(row[1]) == 1}


def is_traditional(text: str) -> bool:
    """Whether ``text`` is written in traditional characters (整風運動): at least 3% of the
    first 4,000 characters are traditional-only ones. A simplified report that quotes a
    traditional name or uses 乾 or 後 now and then stays simplified."""
    sample = text[:_TRADITIONAL_SAMPLE]
    hits = len(_traditional_chars().findall(sample))
    return hits >= _TRADITIONAL_MIN and hits >= _TRADITIONAL_SHARE * len(sample)


@lru_cache(maxsize=1)
def _traditional_chars() -> "re.Pattern[str]":
    """One character of the traditional table (a class: counted in C, not char by char)."""
    return re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_traditional_table())) + "]")


def to_simplified(text: str) -> str:
    """``text`` with every traditional character of the table folded to its simplified form,
    one character for one, so offsets into it are offsets into ``text``. For matching only:
    rows keep the original characters."""
    return text.translate(_traditional_table())


def simplified_for_matching(text: str) -> str:
    """``to_simplified(text)`` when the text is traditional (``is_traditional``), else ``text``."""
    return to_simplified(text) if is_traditional(text) else text
