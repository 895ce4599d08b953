"""What span of time a claim's number is about: ``scope`` and ``period`` (OUTPUT.md claims).

``scope`` is ``year`` (one year's figure), ``cumulative`` (a multi-year total: 累计, 五年来)
or ``average`` (年均). ``period`` is a year (``2023``) or a span (``2016-2020``). Both are read
from the words of the claim's sentence before the number, against the document's plan
year: the year its targets are for (the delivery year, or the next one for a report
delivered in November or December; else the document's year). A target without a year of
its own is for the plan year, a result for the year before.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Optional, Tuple

from .clauses import TO_LAST_CLAUSE_MARK
from .lexicon import read_roles
from .wordpatterns import alternation, trie

# A written year (2023年) not inside a longer number. The look-behind sits after the first
# digit ((?<![\d.]1) tests the character before that 1), so that the pattern opens with a
# literal and the engine skips at C speed to the places where a year can start.
_YEAR = re.compile(r"((?:1(?<![\d.]1)9|2(?<![\d.]2)0)\d\d)年(?!代|以来|来|以前|前|起|开始|之前)")
_BASELINE = re.compile(r"(?:比|较|与|同|是|相当于|为)$")
_SPAN = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?:年)?(?:-|—{1,2}|–|－|~|～|至|到)((?:19|20)\d\d)年")
_PLAN_NAME = re.compile(r"[“\"]?(九|十[一二三四五六]?)五[”\"]?(?:期间|时期|以来|规划期|末)")
_PLAN_STARTS = {"九": 1996, "十": 2001, "十一": 2006, "十二": 2011, "十三": 2016, "十四": 2021,
                "十五": 2026, "十六": 2031}
_START = re.Match.start
# Where a sentence ends, for every module that works sentence by sentence on claims
# (periods, indicators, headline).
SENTENCE_END = re.compile(r"[。！？!?\n]")


def _words(role: str) -> Tuple[str, ...]:
    return read_roles("headline_cues.tsv").get(role, ())


@lru_cache(maxsize=None)
def _cue(role: str) -> "re.Pattern[str]":
    """Any word of ``role`` (searched: does the text hold one of them)."""
    return re.compile(alternation(_words(role)))


def plan_year(year: Optional[int], delivered: Optional[str]) -> Optional[int]:
    """The year a report's targets are for: from the delivery date when known (a report
    delivered in November or December plans the next year), else the document's year."""
    if delivered and re.match(r"\d{4}-\d\d", delivered):
        y, m = int(delivered[:4]), int(delivered[5:7])
        return y + 1 if m >= 11 else y
    return year


def sentence_start(text: str, offset: int) -> int:
    marks = sentence_ends(text)
    i = bisect.bisect_left(marks, offset)
    return marks[i - 1] + 1 if i else 0


@lru_cache(maxsize=4)
def sentence_ends(text: str) -> list:
    """Offsets of the sentence end marks of ``text``, cached per text: link_claims and
    scope_period both walk one report's sentences (treat the list as read-only)."""
    return list(map(_START, SENTENCE_END.finditer(text)))


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
    # The last clause of the sentence before the number: after its last ，；： mark.
    last = TO_LAST_CLAUSE_MARK.match(before)
    clause = before[last.end():] if last else before
    scope = "year"
    average, cumulative = _cue("average"), _cue("cumulative")
    if average.search(clause) or mid and average.search(mid):
        scope = "average"
    elif cumulative.search(clause) or mid and cumulative.search(mid) or _cue("cumulative_frame").search(before):
        scope = "cumulative"
    year = _explicit_year(before, plan, december)
    base = _baseline(before)
    if scope == "year" and base is not None and not level:
        end = year if year is not None else (plan if target else plan - 1) if plan is not None else None
        if end is not None and base < end - 1:
            return "cumulative", f"{base + 1}-{end}"  # 2012年与2007年相比…增长66.5%: five years' growth
    framed = ""
    if year is None:
        framed = _frame(text, start, headings, plan)
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


_QUOTES = "“”\""
_QUOTE_RE = re.compile("[“”\"]")
_BREAK = re.compile("\n")
_DIGITS = frozenset("0123456789.")


_BASELINE_YEAR = re.compile(r"(?:比|较|与|同|和)((?:19|20)\d\d)年(?:相比|比较|底)?")


def _baseline(before: str) -> Optional[int]:
    """The year a change is measured from (比2010年, 与2007年相比), when the sentence names one."""
    if "年" not in before:
        return None
    found = None
    for m in _BASELINE_YEAR.finditer(before):
        found = int(m.group(1))
    return found


def _unquoted(text: str) -> str:
    return text.replace("“", "").replace("”", "").replace('"', "")


def _default_span(plan: Optional[int], target: bool) -> str:
    if plan is None:
        return ""
    return f"{plan}-{plan + 4}" if target else f"{plan - 5}-{plan - 1}"


def _frame(text: str, start: int, headings: str, plan: Optional[int] = None) -> str:
    """The words that frame several years around ``start`` (the paragraph before it, or
    the section headings), "" when a single year is named after the frame. A deadline
    beyond the plan year (到2015年) frames the years up to it."""
    unquoted, quotes, frames, singles, breaks, dated = _marks(text)
    at = start - bisect.bisect_left(quotes, start)  # ``start`` in the unquoted text
    i = bisect.bisect_left(breaks, at)
    para = breaks[i - 1] + 1 if i else 0
    j = bisect.bisect_left(frames, at) - 1
    frame = frames[j] if j >= 0 and frames[j] >= para else -1
    if plan is not None and dated:
        k = bisect.bisect_left(dated, (para, 0, 0))
        while k < len(dated) and dated[k][0] < at:
            pos, year, deadline = dated[k]
            # 到2015年: the years up to a later deadline; 与2007年相比: the years since
            if pos > frame and (year > plan if deadline else year < plan - 2):
                frame = pos
            k += 1
    if frame >= 0:
        if _single_between(unquoted, singles, frame, at, plan):
            return ""
        return unquoted[frame:at]
    if _frames_heading(headings):
        if _single_between(unquoted, singles, para, at, plan):
            return ""
        return _unquoted(headings)
    return ""


_DEADLINE = re.compile(r"到((?:19|20)\d\d)年")
_COMPARED = re.compile(r"(?:与|同|和|比)((?:19|20)\d\d)年(?:相比|比较)")


def _single_between(unquoted: str, singles: list, lo: int, hi: int, plan: Optional[int]) -> bool:
    """Whether one year is named in ``unquoted[lo:hi]`` after a frame: a year word (去年), or
    a written year that is the plan year or the one before (not the frame's own 到2015年)."""
    k = bisect.bisect_left(singles, lo)
    while k < len(singles) and singles[k] < hi:
        m = _YEAR.match(unquoted, singles[k])
        if m is None or plan is None or int(m.group(1)) in (plan, plan - 1):
            if not (m is not None and unquoted[max(0, singles[k] - 1):singles[k]] == "到"
                    and int(m.group(1)) > (plan or 0)):
                return True
        k += 1
    return False


@lru_cache(maxsize=4)
def _marks(text: str):
    """Per text (cached): the text without quotes, where the quotes were, and in the
    unquoted text the starts of frame words, of single-year words and of line breaks, and
    (start, year, is a deadline) of 到2015年 deadlines and 与2007年相比 comparisons."""
    quotes = list(map(_START, _QUOTE_RE.finditer(text)))
    unquoted = _unquoted(text)
    frames = [m.start() for m in _frame_pattern().finditer(unquoted)
              if not m.start() or unquoted[m.start() - 1] not in _DIGITS]
    singles = sorted([m.start() for m in _YEAR.finditer(unquoted)]
                     + [m.start() for m in _single_pattern().finditer(unquoted)])
    breaks = list(map(_START, _BREAK.finditer(unquoted)))
    dated = sorted([(m.start(), int(m.group(1)), True) for m in _DEADLINE.finditer(unquoted)]
                   + [(m.start(), int(m.group(1)), False) for m in _COMPARED.finditer(unquoted)])
    return unquoted, quotes, frames, singles, breaks, dated


@lru_cache(maxsize=256)
def _frames_heading(headings: str) -> bool:
    heads = _unquoted(headings)
    framed = any(not m.start() or heads[m.start() - 1] not in _DIGITS for m in _frame_pattern().finditer(heads))
    return framed and not _YEAR.search(heads)


@lru_cache(maxsize=1)
def _single_pattern() -> re.Pattern:
    return re.compile(trie(_words("single_year")))


@lru_cache(maxsize=1)
def _frame_pattern() -> re.Pattern:
    """The multi-year frame words (the caller drops those inside a number: 5年 in 2015年)."""
    return re.compile(trie(_words("multi_year_frame")))


def _span(before: str, plan: Optional[int]) -> str:
    found = None
    for m in _SPAN.finditer(before):
        found = f"{m.group(1)}-{m.group(2)}"
    for m in _PLAN_NAME.finditer(before):
        first = _PLAN_STARTS[m.group(1)]
        found = f"{first}-{first + 4}"
    if found is None and plan is not None:
        for m in _DEADLINE.finditer(before):
            if int(m.group(1)) > plan:
                found = f"{plan}-{m.group(1)}"
    if found is None and plan is not None:
        for w in _words("five_years_back"):
            if w in before:
                found = f"{plan - 5}-{plan - 1}"
    return found or ""


def _explicit_year(before: str, plan: Optional[int], december: bool) -> Optional[int]:
    """The last year the sentence names before the number (2022年, 去年, 今年), not a
    baseline (比2010年) nor a starting point (2012年以来)."""
    if "年" not in before:
        return None  # the common case: no year word at all
    shifts = {"last_year": -1, "this_year": -1 if december else 0, "next_year": 0 if december else 1}
    best = None
    for m in _year_words().finditer(before):
        if _BASELINE.search(before, max(0, m.start() - 3), m.start()):
            continue
        if m.group(1):
            best = int(m.group(1))
        elif plan is not None:
            best = plan + shifts[_year_roles()[m.group()]]
    return best


@lru_cache(maxsize=1)
def _year_roles() -> dict:
    return {w: role for role in ("last_year", "this_year", "next_year") for w in _words(role)}


@lru_cache(maxsize=1)
def _year_words() -> re.Pattern:
    """A written year (2022年) or a word that names one (去年, 今年, 明年)."""
    return re.compile(rf"{_YEAR.pattern}|{alternation(_year_roles())}")
