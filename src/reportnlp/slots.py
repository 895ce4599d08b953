"""Glyph patterns for unfilled template slots, shared by the claims and placeholder extractors.

Only the shapes live here; whether a shape really is a slot in its context (X光, PX,
二〇二一年, 3×4) is decided by the placeholder extractor (extract/placeholders.py).
All patterns are meant for width-folded text (see normalize.py): ＿ is matched as _,
［Ｘ］ as [X], ＊ as *, ＋ as +.
"""
from __future__ import annotations

import re

# A run of glyphs that stands where a number belongs: [X], [ X ], 【X】, X/XX/XXX, ×/××,
# ＿＿/____, ○○, □□, ***. Matched on width-folded text (see normalize.py).
NUMBER_SLOT = (
    r"(?:\[\s*[Xx×]{1,3}\s*\]|【\s*[Xx×]{1,3}\s*】|X{1,3}|x{2,3}|×{1,3}|_{2,}|＿{2,}|○{2,}|□{2,}|\*{2,3})"
)
NUMBER_SLOT_RE = re.compile(NUMBER_SLOT)

# A bracketed letter slot: [X], [ XX ], 【X】, (X).
BRACKET_SLOT = r"(?:\[\s*[Xx×]{1,3}\s*\]|【\s*[Xx×]{1,3}\s*】|\(\s*[Xx×]{1,3}\s*\))"
# Empty brackets left for a number: 共(  )人, 【 】万元 (a slot only before a unit).
EMPTY_BRACKET = r"(?:\(\s{1,8}\)|\[\s{1,8}\]|【\s{0,8}】)"
# One slot glyph run inside a date: X, XX, ××, __, [X].
_DATE_GLYPH = r"(?:\[\s*[Xx×]{1,2}\s*\]|【\s*[Xx×]{1,2}\s*】|[Xx×]{1,2}|_{2,})"
_MONTH = r"(?:" + _DATE_GLYPH + r"|[0-9]{1,2}|[一二三四五六七八九十]{1,2})\s*月"
_DAY = r"(?:" + _DATE_GLYPH + r"|[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]"
# A year with at least one slot glyph: 20XX年, 202X年, 二〇××年, XXXX年, ____年.
_SLOT_YEAR = (r"(?:(?:19|20)(?:[0-9Xx×][Xx×]|[Xx×]{2})|[一二][〇○零][〇○零一二三四五六七八九Xx×][Xx×]"
              r"|[一二][〇○零][Xx×]{2}|[Xx×]{4}|_{2,}"
              r"|[Xx×]{1,2}(?=\s*年\s*(?:[Xx×]{1,2}|_{2,}|[0-9]{1,2})\s*月))\s*年")
# A whole date in which some part is unfilled; the span starts at the first unfilled part
# (2022年X月X日 → X月X日) and covers the rest of the date.
DATE_SLOT = (
    r"(?:" + _SLOT_YEAR + r"(?:\s*" + _MONTH + r"(?:\s*" + _DAY + r")?)?"
    r"|" + _DATE_GLYPH + r"\s*月(?:\s*" + _DAY + r")?"
    r"|" + _MONTH + r"\s*" + _DATE_GLYPH + r"\s*[日号])"
)
# Runs of glyphs that may be a slot or a mask, decided by context.
BARE_SLOT = r"(?:[Xx×]{1,4}(?:\.[Xx×]{1,2})?|_{2,}|○{2,}|〇{2,}|□{2,}|■{2,}|\*{2,}|\+{2,}|某{2,3})"
# Glyphs that web filters put in place of a word.
MASK_GLYPHS = frozenset("+*□■")
