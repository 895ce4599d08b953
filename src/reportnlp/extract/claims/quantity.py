"""A number with its scale and unit read as a quantity: value, value_high, unit, qualifier
(``read_quantity``; ratios, fractions and bare index values are read in reading.py).

Most claims are an Arabic number with a count, money, percent or measure unit (35个, 1.5亿元,
12.5%, 30万亩): ``_read_arabic`` reads them asking only the context rules that can apply to
them. Every other candidate (Chinese numerals, ranges, durations, years, slots, numbers with
no unit) takes the general path, ``_read_general``. Both take each rule from context.py.
"""
from __future__ import annotations

import re
from typing import List, NamedTuple, Optional, Tuple

from ...numbers import CN_BIG_UNITS, CN_DIGITS, SCALES, parse_quantity, read_numeral
from ...clauses import clause_before
from .context import (BARE_FOLLOW, GLUE, LIST_JOINT, RANK_UNITS, YEAR, bare_ok, belongs_before, context_blocks,
                      counts_names, inside_quoted_name, is_year, left_blocks, letter_after, points_back,
                      qualifier_after_noun, qualifier_before, qualifier_of, ranked, unit_ok)
from .patterns import list_unit_pattern, pre_before
from .records import ASCII_DIGITS, Found, Part, new_found, per_cent, split_part
from .words import Unit, units

# Unit classes whose Arabic numbers need no duration, year or Chinese-numeral rules (_read_arabic).
_ARABIC_KINDS = frozenset({"count", "money", "measure", "percent", "point", "multiple", "share"})


def read_quantity(m: re.Match, text: str, unit_s: Optional[str], num2: Optional[str]) -> List[Found]:
    """The candidate ``m`` (a number, or a range, with what follows it; ``unit_s`` and ``num2``
    its groups unit1 and num2) as a quantity claim, or [] when its context says it is none."""
    if unit_s and not num2 and not m.group("more"):
        unit = units()[unit_s]
        if unit.kind == "block":
            return []  # 100周年, 五年计划, 三次产业
        if m.group()[0] in ASCII_DIGITS:
            if unit.kind in _ARABIC_KINDS:
                return _read_arabic(m, text, unit_s, unit)
            if unit.canonical == "年" and not m.group("s1") and YEAR.fullmatch(m.group("n1")):
                return []  # 2023年
    return _read_general(m, text)


def _read_arabic(m: re.Match, text: str, unit_s: str, unit: Unit) -> List[Found]:
    """An Arabic number with a count, money, percent or measure unit (see the module text).
    (A test before a rule's call is only a cheap condition without which the rule cannot hold.)"""
    start, end = m.start(), m.end()
    n1, s1, ma1, mb1, post, sb1 = m.group("n1", "s1", "ma1", "mb1", "post", "sb1")
    before, after = text[start - 1:start], text[end:end + 1]
    if after.isdigit() and counts_names(unit, False, text, end) \
            or (before < "\u2e80" or before in GLUE or before.isdigit()) and left_blocks(text, start) \
            or letter_after(text, end, unit_s, unit) \
            or "“" in text[max(0, start - 16):start] and inside_quoted_name(text, start, end):
        return []
    pm = pre_before(text, start)
    if pm is not None and belongs_before(pm, text, False):
        pm = None
    pre, first = (pm.group(), pm.start()) if pm else ("", start)
    if unit.canonical in RANK_UNITS and ranked(unit, text, first):
        return []
    if post == "内":
        post, end = "", m.start("post")
    scale = (s1 or "") + (sb1 or "")  # 3万多亿元
    value = float(n1) if not scale and n1.replace(".", "", 1).isdigit() else parse_quantity(n1, scale)
    if value is None:
        return []
    count = unit.kind == "count"
    if count and value <= 10 and not (pre or post) and before not in BARE_FOLLOW and points_back(text, start, value):
        return []
    mid = ma1 or mb1 or ""
    if count and not (pre or post or mid):
        post = qualifier_after_noun(text, end)
    qualifier = qualifier_of(pre, post, mid) if pre or post or mid else "exact"
    return [new_found((first, end, value, None, unit.canonical, qualifier, False, bool(pre), False))]


class _UnitRead(NamedTuple):
    """The unit a candidate ends with, as the general path reads it."""

    surface: str  # as written ('' when none)
    unit: Optional[Unit]
    post: str  # the qualifier after it ('' when none)
    end: int  # where the claim ends
    half: bool  # 一个半小时, 三成半


def _unit_of(m: re.Match, text: str, part: Part) -> _UnitRead:
    """The unit of the candidate ``m`` (the range's upper end's for a range); a bare classifier,
    a 内 that is no time limit and a half not followed by its unit are left out of the claim."""
    end, post = m.end(), m.group("post") or ""
    group = "unit" if m.group("num2") else "unit1"
    unit_s = m.group(group) or ""
    half = group == "unit1" and bool(m.group("half"))
    if half and m.group("unit_h"):
        if unit_s + m.group("unit_h") in units():
            unit_s += m.group("unit_h")  # 一个半小时, 两个半月: 个 … 小时 is one unit around 半
        elif end == m.end("unit_h"):
            end = m.start("unit_h")
    if group == "unit1" and m.group("more"):
        if unit_s + m.group("unit_m") in units():
            unit_s, post = unit_s + m.group("unit_m"), post or "多"  # 一个多月: at least a month
        else:
            end = m.start("more")
    unit = units().get(unit_s) if unit_s else None
    if unit is not None and unit.kind == "bare":
        unit, unit_s, post, end = None, "", "", m.start(group)
    if post == "内" and (unit is None or unit.kind != "duration"):
        post, end = "", m.start("post")
    if unit is None and not part.scale and text[end:end + 1] in LIST_JOINT:
        unit_s, unit = _borrowed_unit(text, end)
    return _UnitRead(unit_s, unit, post, end, half)


def _read_general(m: re.Match, text: str) -> List[Found]:
    """Every candidate the Arabic fast path does not take."""
    part = split_part(m, 1)
    start = m.start("num")
    pm = qualifier_before(text, start, part.digitless)
    pre, first = (pm.group(), pm.start()) if pm else ("", start)
    u = _unit_of(m, text, part)
    unit, end, post = u.unit, u.end, u.post
    if unit is not None and unit.kind == "block":
        return []  # 100周年; 一、二、三次产业 (the list's block reaches back)
    qualified = bool(pre or post or part.mid or u.half)
    if _unit_rejects(m, part, u, text, first, qualified) or _context_rejects(part, u, text, start, first):
        return []
    value, high = _values(m, part)
    if value is None and not part.slot:
        return []
    unit_out = per_cent(part.numeral) if part.percent_word else (unit.canonical if unit else "")
    if not (post or pre or part.mid) and unit is not None and unit.kind == "count":
        post = qualifier_after_noun(text, end)
    deadline = post in ("内", "以内", "之内") and unit is not None and unit.kind == "duration" \
        and not clause_before(text, first)
    return [Found(first, end, value, high, unit_out, qualifier_of(pre, post, part.mid), part.slot,
                  bool(pre), deadline)]


def _unit_rejects(m: re.Match, part: Part, u: _UnitRead, text: str, first: int, qualified: bool) -> bool:
    """The class rules about the numeral and its unit (cheap, so tried first)."""
    unit = u.unit
    if part.digitless and not qualified and not (unit and unit.kind == "measure" and len(part.numeral) > 1):
        return True  # 百家, 万众, 千亿元企业: a magnitude used as a word or a class label
    if unit is None or not unit.canonical:
        return not bare_ok(part, text, u.end, qualified) and not (part.slot and u.post)
    return is_year(part, unit) or bool(m.group("num2")) and is_year(split_part(m, 2), unit) \
        or not unit_ok(part, unit, u.surface, text, first, u.end, qualified,
                       u.post or m.group("sep") or "")  # 3至5年: a range is a quantity


def _context_rejects(part: Part, u: _UnitRead, text: str, start: int, first: int) -> bool:
    """The rules about the characters around the number."""
    if part.chinese and not part.percent_word and all(ch in CN_DIGITS for ch in part.numeral) \
            and (len(part.numeral) > 1 or CN_DIGITS[part.numeral] == 0) \
            and not (len(part.numeral) == 2 and u.unit is not None and _span_of_two(part.numeral)):
        return True  # 二〇二一, 一二: digit by digit, a year or a list; 零部件 (七八个 is a span)
    if left_blocks(text, start) or letter_after(text, u.end, u.surface, u.unit) \
            or context_blocks(part, u.unit, text, first, u.end):
        return True
    return part.slot and text[start - 1:start].isdigit()


def _borrowed_unit(text: str, end: int) -> Tuple[str, Optional[Unit]]:
    """18.8和25.6平方米, 1、3、7个工作日: a list's last unit belongs to every item."""
    m = list_unit_pattern().match(text, end)
    if not m:
        return "", None
    return m.group("unit"), units().get(m.group("unit"))


def _span_of_two(numeral: str) -> bool:
    read = read_numeral(numeral)
    return read is not None and read.high is not None


def _shared_scale(first: Part, second: Part) -> str:
    """The magnitude a range's upper end shares with its lower end when that has none:
    三至五万元 → 万 (3至5万元 has it as the scale), 三至五千万 → 千万, 十至二十万 → 万."""
    if second.scale:
        return second.scale
    if not second.chinese or first.big or first.scale or not first.chinese and "." in first.numeral:
        return ""
    numeral = second.numeral
    if first.numeral in CN_DIGITS or first.numeral.isdigit():
        rest = numeral[1:]  # 五千万 → 千万: a lone digit takes every unit after it
        return rest if numeral[:1] in CN_DIGITS and rest in SCALES else ""
    tail = len(numeral)
    while tail and numeral[tail - 1] in CN_BIG_UNITS:
        tail -= 1
    return numeral[tail:] if 0 < tail < len(numeral) and numeral[tail:] in SCALES else ""


def _values(m: re.Match, part: Part) -> Tuple[Optional[float], Optional[float]]:
    """(value, value_high); a range's shared scale reaches back: 3至5万元 → 30000–50000."""
    if not m.group("num2"):
        return part.value(), None
    second = split_part(m, 2)
    if second.slot or part.slot:
        return part.value(), None
    high = second.value()
    low = part.value("" if m.group("unit1") else _shared_scale(part, second))
    if low is not None and high is not None and high <= low and not m.group("unit1"):
        low = part.value("")  # 从8500到3万: the lower end is written in full
    if low is None or high is None or high <= low:
        return None, None
    if YEAR.fullmatch(part.numeral) and YEAR.fullmatch(second.numeral):
        return None, None  # 2018—2020年
    return low, high
