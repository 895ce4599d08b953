"""Document metadata read from the text: the delivery date from the dateline."""
from __future__ import annotations

import re
from typing import Optional

from .normalize import fold

_CN = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
       "七": 7, "八": 8, "九": 9}
_ARABIC_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DATE = re.compile(r"([一二〇○零九八七六五四三OＯ]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")
# How far into the document a dateline may be (title, dateline, byline come first).
_HEAD = 600


def _cn_number(s: str) -> int:
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN[tens] if tens else 1) * 10 + (_CN[ones] if ones else 0)
    return _CN[s]


def delivered_date(text: str) -> Optional[str]:
    """The delivery date of a report from its dateline near the top (——2020年5月22日在…,
    二〇二四年一月二十一日在…), ISO ``YYYY-MM-DD``; None when the head names no full date."""
    head = fold(text[:_HEAD])
    found = []
    for m in _ARABIC_DATE.finditer(head):
        found.append((m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in _CN_DATE.finditer(head):
        try:
            year = int("".join(str(_CN[c]) for c in m.group(1)))
            found.append((m.start(), year, _cn_number(m.group(2)), _cn_number(m.group(3))))
        except KeyError:
            continue
    for _, y, mo, d in sorted(found):
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return None
