"""What span of time a claim's number is about: ``scope`` and ``period`` (OUTPUT.md claims).

``scope`` is ``year`` (one year's figure), ``cumulative`` (a multi-year total: 累计, 五年来)
or ``average`` (年均). ``period`` is a year (``2023``) or a span (``2016-2020``). Both are read
from the words of the claim's sentence before the number, against the document's plan
year: the year its targets are for (the delivery year, or the next one for a report
delivered in November or December; else the document's year). A target without a year of
its own is for the plan year, a result for the year before.
"""
from __future__ import annotations

import re
from typing import Optional, Tuple

from functools import lru_cache

from .lexicon import read_rows
from .wordpatterns import alternation

_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)年(?!代|以来|来|以前|前|起|开始|之前)")
_BASELINE = re.compile(r"(?:比|较|与|同|是|相当于|为)$")
_SPAN = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?:年)?(?:-|—{1,2}|–|－|~|～|至|到)((?:19|20)\d\d)年")
_PLAN_NAME = re.compile(r"[“\"]?(九|十[一二三四五六]?)五[”\"]?(?:期间|时期|以来|规划期|末)")
_PLAN_STARTS = {"九": 1996, "十": 2001, "十一": 2006, "十二": 2011, "十三": 2016, "十四": 2021,
                "十五": 2026, "十六": 2031}
_CLAUSE_MARK = re.compile(r"[，,；;：:]")
_SENTENCE_MARK = "。！？!?\n"


def _words(role: str) -> Tuple[str, ...]:
    return tuple(sorted((row[0] for row in read_rows("headline_cues.tsv") if row[1] == role),
                        key=len, reverse=True))


def plan_year(year: Optional[int], delivered: Optional[str]) -> Optional[int]:
    """The year a report's targets are for: from the delivery date when known (a report
    delivered in November or December plans the next year), else the document's year."""
    if delivered and re.match(r"\d{4}-\d\d", delivered):
        y, m = int(delivered[:4]), int(delivered[5:7])
        return y + 1 if m >= 11 else y
    return year


def sentence_start(text: str, offset: int) -> int:
    return max(text.rfind(ch, 0, offset) for ch in _SENTENCE_MARK) + 1


def scope_period(text: str, start: int, target: bool, plan: Optional[int], december: bool = False,
                 mid: str = "", headings: str = "", level: bool = False) -> Tuple[str, str]:
    """(scope, period) of the claim whose span starts at ``start``.

    ``december``: the report was delivered in the year before its plan year (今年 is the
    reviewed year there). ``mid``: the words between the claim's indicator name and its
    number, when known (a 年均 there makes an average). ``headings``: the headings of the
    claim's section and its parents (过去五年工作回顾 frames several years). ``level``: the
    number is a level (亿元, 万吨), not a change: inside a multi-year frame it is the level
    at the frame's end, not a total."""
    s0 = sentence_start(text, start)
    before = text[s0:start]
    clause = before[max((m.end() for m in _CLAUSE_MARK.finditer(before)), default=0):]
    scope = "year"
    if any(w in clause or w in mid for w in _words("average")):
        scope = "average"
    elif any(w in clause or w in mid for w in _words("cumulative")) \
            or any(w in before for w in _words("cumulative_frame")):
        scope = "cumulative"
    year = _explicit_year(before, plan, december)
    framed = ""
    if year is None:
        framed = _frame(text, start, headings)
        if framed and scope == "year" and not level:
            scope = "cumulative"
    if scope != "year":
        span = _span(_unquoted(before), plan) or _span(framed, plan) \
            or _default_span(plan, target)
        if span:
            return scope, span
    if framed and level:
        span = _span(framed, plan) or _default_span(plan, target)
        return "year", span.split("-")[-1] if span else ""
    if year is None and plan is not None:
        year = plan if target else plan - 1
    return scope, "" if year is None else str(year)


def _unquoted(text: str) -> str:
    return text.replace("“", "").replace("”", "").replace('"', "")


def _default_span(plan: Optional[int], target: bool) -> str:
    if plan is None:
        return ""
    return f"{plan}-{plan + 4}" if target else f"{plan - 5}-{plan - 1}"


def _frame(text: str, start: int, headings: str) -> str:
    """The words that frame several years around ``start`` (the paragraph before it, or
    the section headings), "" when a single year is named after the frame."""
    para = _unquoted(text[text.rfind("\n", 0, start) + 1:start])
    frames, singles = _frame_pattern(), _words("single_year")
    found = None
    for found in frames.finditer(para):
        pass
    if found is not None:
        rest = para[found.start():]
        if any(w in rest for w in singles) or _YEAR.search(rest):
            return ""
        return rest
    heads = _unquoted(headings)
    if frames.search(heads) and not _YEAR.search(heads):
        if any(w in para for w in singles) or _YEAR.search(para):
            return ""
        return heads
    return ""


@lru_cache(maxsize=1)
def _frame_pattern() -> re.Pattern:
    """The multi-year frame words, not inside a number (5年 in 2015年 is no frame)."""
    return re.compile(rf"(?<![\d.])(?:{alternation(_words('multi_year_frame'))})")


def _span(before: str, plan: Optional[int]) -> str:
    found = None
    for m in _SPAN.finditer(before):
        found = f"{m.group(1)}-{m.group(2)}"
    for m in _PLAN_NAME.finditer(before):
        first = _PLAN_STARTS[m.group(1)]
        found = f"{first}-{first + 4}"
    if found is None and plan is not None:
        for w in _words("five_years_back"):
            if w in before:
                found = f"{plan - 5}-{plan - 1}"
    return found or ""


def _explicit_year(before: str, plan: Optional[int], december: bool) -> Optional[int]:
    """The last year the sentence names before the number (2022年, 去年, 今年), not a
    baseline (比2010年) nor a starting point (2012年以来)."""
    best, where = None, -1
    for m in _YEAR.finditer(before):
        if _BASELINE.search(before, max(0, m.start() - 3), m.start()):
            continue
        if m.start() > where:
            best, where = int(m.group(1)), m.start()
    if plan is not None:
        for role, shift in (("last_year", -1), ("this_year", -1 if december else 0),
                            ("next_year", 0 if december else 1)):
            for w in _words(role):
                i = before.rfind(w)
                if i > where and not _BASELINE.search(before, max(0, i - 3), i):
                    best, where = plan + shift, i
    return best
