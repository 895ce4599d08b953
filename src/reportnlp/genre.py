"""The genre of a report: where extraction rules differ by the kind of document.

A party-congress report (中国共产党第X次全国代表大会上的报告, the reports of discipline-inspection
and advisory commissions, a county party committee's report) counts in the rhetoric of its
genre — 两条路线, 两个阶级, 五项原则, 三个世界 — where a government report counts results. The
genre is read from the opening lines (title, subtitle, byline) with the patterns of
lexicons/genre_cues.tsv, or taken from a report's metadata (``meta["genre"]``: a manifest
column of that name overrides the guess).

Genres: ``government`` (the default: government, township and street reports, women's
federation and village reports) and ``party``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Mapping, Optional, Tuple

from .lexicon import read_rows

GOVERNMENT = "government"
PARTY = "party"
GENRES = (GOVERNMENT, PARTY)
_OPENING = 400  # characters searched for the title block


@lru_cache(maxsize=1)
def _cues() -> Tuple[Tuple[str, re.Pattern], ...]:
    return tuple((genre, re.compile(pattern, re.M)) for genre, pattern in read_rows("genre_cues.tsv"))


def opening_lines(text: str) -> str:
    """The title block: the non-empty lines of the first 400 characters before the first
    line that reads as a body sentence (one with 。)."""
    lines = []
    for line in text[:_OPENING].splitlines():
        line = line.strip()
        if not line:
            continue
        if "。" in line:
            break
        lines.append(line)
    return "\n".join(lines)


def genre_of(text: str, meta: Optional[Mapping[str, object]] = None) -> str:
    """``party`` or ``government`` for a report's text (and metadata: a ``genre`` given there
    wins; its ``title`` and ``organisation`` are read with the opening lines)."""
    meta = meta or {}
    given = str(meta.get("genre") or "").strip().lower()
    if given in GENRES:
        return given
    head = "\n".join([str(meta.get("title") or ""), str(meta.get("organisation") or ""),
                      opening_lines(text)])
    for genre, pattern in _cues():
        if pattern.search(head):
            return genre
    return GOVERNMENT
