"""Width and space normalisation that keeps a map back to the original offsets.

Extractors match on the normalised text (full-width digits and letters folded to
ASCII, ideographic spaces to plain spaces, zero-width characters dropped) and
report spans on the original text through ``Normalized.span``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import List, Tuple

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
    to_original: Tuple[int, ...]
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


def normalize(text: str) -> Normalized:
    """Fold widths and spaces; every kept character maps to exactly one original one."""
    out: List[str] = []
    index: List[int] = []
    for i, ch in enumerate(text):
        folded = fold_char(ch)
        if folded:
            out.append(folded)
            index.append(i)
    return Normalized("".join(out), tuple(index), len(text))


@lru_cache(maxsize=8)
def normalize_cached(text: str) -> Normalized:
    """``normalize`` memoised, so several extractors on one report share the work."""
    return normalize(text)
