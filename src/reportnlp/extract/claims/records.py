"""The records a candidate becomes: ``Part`` (one number of it) and ``Found`` (a claim on
the folded text, before subject, target and offset mapping)."""
from __future__ import annotations

import re
from functools import partial
from typing import NamedTuple, Optional

from ...numbers import CN_BIG_UNITS, CN_DIGITS, parse_quantity, read_numeral
from ...slots import NUMBER_SLOT

_CN_DIGIT_CHARS = set(CN_DIGITS) | {"十", "拾"}
_SLOT_RE = re.compile(rf"^{NUMBER_SLOT}$")
PART_GROUPS = {i: (f"n{i}", f"s{i}", f"ma{i}", f"mb{i}") for i in (1, 2)}
# First characters NUMBER_SLOT can start with (a quick test before the full match).
SLOT_FIRST = frozenset("[【Xx×_＿○□*")
ASCII_DIGITS = frozenset("0123456789")


class Part(NamedTuple):
    """One number of a candidate: its numeral, scale, and the mid qualifier (余/多).
    (A NamedTuple: thousands are made per report and they must be cheap.)"""

    numeral: str
    scale: str
    mid: str
    slot: bool
    percent_word: bool
    chinese: bool  # written in Chinese numerals (not Arabic, not a slot)
    digitless: bool  # 百万 / 千亿 / 亿: a magnitude written without a digit
    big: bool  # the numeral itself holds 万 or 亿 (三千万, 十亿)

    def value(self, scale: str = "") -> Optional[float]:
        if self.slot:
            return None
        scale = self.scale or scale
        if scale and self.big:  # 1亿3千多万: the scale closes the last section, it does not multiply
            read = read_numeral(self.numeral + scale)
            return None if read is None else read.value
        return parse_quantity(self.numeral, scale)


def has_big_unit(numeral: str) -> bool:
    """Whether a numeral holds 万 or 亿, in either script (萬, 億: traditional in a simplified text)."""
    return any(ch in CN_BIG_UNITS for ch in numeral)


def split_part(m: re.Match, i: int) -> Part:
    """The ``i``-th number of a candidate match (1, or 2 for a range's upper end)."""
    numeral, scale, mid_a, mid_b = m.group(*PART_GROUPS[i])
    scale = (scale or "") + (m.group(f"sb{i}") or "")
    if numeral[0] in ASCII_DIGITS and "分之" not in numeral:  # the common case: an Arabic numeral
        big = not numeral.isdigit() and ("万" in numeral or "亿" in numeral)  # 2亿5000万
        return Part(numeral, scale, mid_a or mid_b or "", False, False, False, False, big)
    # A Chinese run swallows its own 万/亿; a trailing 万/亿 after 多 (二十多万) stays a scale.
    slot = numeral[0] in SLOT_FIRST and bool(_SLOT_RE.match(numeral))
    percent_word = numeral.startswith(("百分", "千分之")) or "分之" in numeral and per_cent(numeral) != ""
    chinese = not slot and not numeral[0].isdigit()
    digitless = chinese and not percent_word and not (set(numeral) & _CN_DIGIT_CHARS) and "分之" not in numeral
    big = chinese and has_big_unit(numeral)
    return Part(numeral, scale, mid_a or mid_b or "", slot,
                percent_word, chinese, digitless, big)


def per_cent(numeral: str) -> str:
    """% or ‰ for a percent word (百分之五, 一百分之五十五点五), else ''."""
    read = read_numeral(numeral)
    return read.unit if read is not None else ""


class Found(NamedTuple):
    """A claim on the normalised text, before subject/target and offset mapping."""

    start: int
    end: int
    value: Optional[float]
    value_high: Optional[float]
    unit: str
    qualifier: str
    placeholder: bool
    pre: bool = False  # the qualifier was written before the number (it carries forward)
    deadline: bool = False  # 五年内: a claim only when it looks forward (see extract_claims)


# Found built from a full tuple without the Python-level __new__ (the hot paths).
new_found = partial(tuple.__new__, Found)
