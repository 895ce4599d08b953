"""Glyph patterns for unfilled template slots, shared by the claims and placeholder extractors.

Only the shapes live here; whether a shape really is a slot in its context (X光, PX,
二〇二一年, 3×4) is decided by the placeholder extractor.
"""
from __future__ import annotations

import re

# A run of glyphs that stands where a number belongs: [X], [ X ], 【X】, X/XX/XXX, ×/××,
# ＿＿/____, ○○, □□, ***. Matched on width-folded text (see normalize.py).
NUMBER_SLOT = (
    r"(?:\[\s*[Xx×]{1,3}\s*\]|【\s*[Xx×]{1,3}\s*】|X{1,3}|x{2,3}|×{1,3}|_{2,}|＿{2,}|○{2,}|□{2,}|\*{2,3})"
)
NUMBER_SLOT_RE = re.compile(NUMBER_SLOT)
