"""Reading one candidate: is it a claim, and if so its value, value_high, unit, qualifier,
sign and placeholder flag (``read_candidate``).

The Arabic fast path (``_read_arabic``) covers the commonest claims (35个, 1.5亿元, 12.5%)
and asks only the context rules that can apply to them; ``_read_quantity`` is the general
path. Both take their rules from context.py.
"""
from __future__ import annotations

import re
from typing import List, Optional, Tuple

from ...numbers import CAPITAL_CHARS, CN_BIG_UNITS, CN_DIGITS, SCALES, parse_quantity, read_numeral
from .context import (BARE_FOLLOW, GLUE, LIST_JOINT, QUALIFIER_AFTER_NOUN, YEAR, bare_ok, clause_before,
                      context_blocks, ends_with, inside_quoted_name, is_year, left_blocks, list_size_before,
                      unit_ok)
from .patterns import list_unit_pattern, pre_before
from .records import ASCII_DIGITS, Found, Part, new_found, per_cent, split_part
from .words import Unit, cues, qualifiers, units

_ASCII_WORD = re.compile(r"[A-Za-z]")
_RATIO_SPLIT = re.compile(r"([:∶])")
_RATIO_CUE = re.compile(r"比(?![分赛])")
# 指数达到90: a whole number after an index word is its value.
_INDEX_BEFORE = re.compile(r"(?:指数|系数|得分|评分|分值)(?:达到|达|为|是|升至|提高到|上升到|保持在)?$")
# Unit classes whose Arabic numbers need no duration, year or Chinese-numeral rules (_read_arabic).
_ARABIC_KINDS = frozenset({"count", "money", "measure", "percent", "point", "multiple", "share"})


def _read_ratio(m: re.Match, text: str) -> List[Found]:
    if left_blocks(text, m.start()) or _ASCII_WORD.match(text[m.end():m.end() + 1]):
        return []
    parts, pos = [], m.start()
    for piece in _RATIO_SPLIT.split(m.group(0)):
        if piece not in (":", "∶"):
            parts.append((pos, pos + len(piece), float(piece.replace(",", ""))))
        pos += len(piece)
    if len(parts) == 2:
        # 1.8:1 is one claim; 8:30 or 3:2 (a time, a score) is not a ratio claim, but the
        # ratio sign ∶ or a 比 just before (种植比调整为38:62) makes one of two parts.
        if parts[1][2] == 1:
            parts = parts[:1]
        elif "∶" not in m.group(0) and not _RATIO_CUE.search(text, max(0, m.start() - 6), m.start()):
            return []
    return [Found(s, e, v, None, "", "exact", False) for s, e, v in parts]


def _read_fraction(m: re.Match, text: str) -> List[Found]:
    after = text[m.end():m.end() + 1]
    if left_blocks(text, m.start()) or after == "/" or after.isdigit():
        return []
    num, den = (int(x) for x in m.group(0).split("/"))
    if not den or num >= den:
        return []
    pm = pre_before(text, m.start())  # 近1/5, 超过1/4
    first, qualifier = (pm.start(), qualifiers()[(pm.group(), "pre")]) if pm and len(pm.group()) > 1 \
        or pm and pm.group() in "近超逾" else (m.start(), "exact")
    return [Found(first, m.end(), round(num / den, 6), None, "", qualifier, False, first < m.start())]


def _borrowed_unit(text: str, end: int) -> Tuple[str, Optional[Unit]]:
    """18.8和25.6平方米, 1、3、7个工作日: a list's last unit belongs to every item."""
    m = list_unit_pattern().match(text, end)
    if not m:
        return "", None
    return m.group("unit"), units().get(m.group("unit"))


def _qualifier(pre: str, post: str, part: Part) -> str:
    quals = qualifiers()
    if pre:
        return quals.get((pre, "pre"), "exact")
    if post:
        return quals.get((post, "post"), "exact")
    if part.mid:
        return quals.get((part.mid, "mid"), "at_least")
    return "exact"


def _read_arabic(m: re.Match, text: str, unit_s: str, unit: Unit) -> List[Found]:
    """The commonest claims, an Arabic number with a count, money, percent or measure
    unit (35个, 1.5亿元, 12.5%, 30万亩): only the context rules that can apply are tried."""
    start, end = m.start(), m.end()
    n1, s1, ma1, mb1, post, sb1 = m.group("n1", "s1", "ma1", "mb1", "post", "sb1")
    if sb1:
        s1 += sb1  # 3万多亿元
    count = unit.kind == "count"
    if count and unit.canonical in ("个", "对") and text[end:end + 1].isdigit():
        return []  # 1对1, 5个100工程: a count of names
    before = text[start - 1] if start else ""
    if (before < "\u2e80" or before in GLUE) and left_blocks(text, start) \
            or unit_s.isascii() and text[end:end + 1].isascii() and text[end:end + 1].isalpha() \
            or "“" in text[max(0, start - 16):start] and inside_quoted_name(text, start, end):
        return []
    pm = pre_before(text, start)
    pre = pm.group() if pm and not (len(pm.group()) == 1 and pm.group() in "上过") else ""
    first = pm.start() if pre else start
    if unit.canonical in ("名", "位", "%") \
            and ends_with(text[max(0, first - 4):first], cues().get("rank_before", ())):
        return []  # 排名前1%, 前10名
    post = post or ""
    if post == "内":
        post, end = "", m.start("post")
    value = float(n1) if not s1 and n1.replace(".", "", 1).isdigit() else parse_quantity(n1, s1 or "")
    if value is None:
        return []
    if count and value <= 10 and not (pre or post) and text[start - 1:start] not in BARE_FOLLOW \
            and list_size_before(text, start) == value:
        return []  # 金平、屏边2个县: the count only points back at the places just named
    mid = ma1 or mb1 or ""
    if count and not (pre or post or mid) and ("以" in text[end + 1:end + 12] or "左右" in text[end + 1:end + 12]):
        after_noun = QUALIFIER_AFTER_NOUN.match(text, end)
        post = after_noun.group("q") if after_noun else ""  # 25个县（区）以上
    if not (pre or post or mid):
        return [new_found((first, end, value, None, unit.canonical, "exact", False, False, False))]
    quals = qualifiers()
    qualifier = quals.get((pre, "pre"), "exact") if pre else quals.get((post, "post"), "exact") if post \
        else quals.get((mid, "mid"), "at_least") if mid else "exact"
    return [new_found((first, end, value, None, unit.canonical, qualifier, False, bool(pre), False))]


def _read_quantity(m: re.Match, text: str, unit_s: Optional[str] = None, num2: Optional[str] = None) -> List[Found]:
    if unit_s and not num2:
        unit = units()[unit_s]
        if unit.kind == "block":
            return []  # 100周年, 五年计划, 三次产业
        if m.group()[0] in ASCII_DIGITS:
            if unit.kind in _ARABIC_KINDS:
                return _read_arabic(m, text, unit_s, unit)
            if unit.canonical == "年" and not m.group("s1") and YEAR.fullmatch(m.group("n1")):
                return []  # 2023年
    part = split_part(m, 1)
    start, end = m.start("num"), m.end()
    post = m.group("post") or ""
    pm = pre_before(text, start)
    pre = pm.group() if pm else ""
    if pre and (len(pre) == 1 and pre in "上过" and (not part.digitless or text[pm.start() - 1:pm.start()] == "以")):
        pre = ""  # 线上3000, 通过3年, 30个以上百亿: the character belongs to the word before
    first = pm.start() if pre else start
    unit_group = "unit" if m.group("num2") else "unit1"
    unit_s = m.group(unit_group) or ""
    half = unit_group == "unit1" and m.group("half")
    if half and m.group("unit_h"):
        if unit_s + m.group("unit_h") in units():
            unit_s += m.group("unit_h")  # 一个半小时, 两个半月: 个 … 小时 is one unit around 半
        elif end == m.end("unit_h"):
            end = m.start("unit_h")
    unit = units().get(unit_s) if unit_s else None
    if unit is not None and unit.kind == "bare":
        unit, unit_s, post, end = None, "", "", m.start(unit_group)
    if post == "内" and (unit is None or unit.kind != "duration"):
        post, end = "", m.start("post")
    if unit is None and not part.scale and text[end:end + 1] in LIST_JOINT:
        unit_s, unit = _borrowed_unit(text, end)
    if unit is not None and unit.kind == "block":
        return []  # 100周年; 一、二、三次产业 (the list's block reaches back)
    # The rules below only reject; the cheap ones about the unit come first.
    qualified = bool(pre or post or part.mid or half)
    if part.digitless and not qualified and not (unit and unit.kind == "measure" and len(part.numeral) > 1):
        return []  # 百家, 万众, 千亿元企业: a magnitude used as a word or a class label
    if unit is None or not unit.canonical:
        if not bare_ok(part, text, end, qualified) and not (part.slot and post):
            return []
    elif is_year(part, unit) or m.group("num2") and is_year(split_part(m, 2), unit) \
            or not unit_ok(part, unit, unit_s, text, first, end, qualified,
                                              post or m.group("sep") or ""):  # 3至5年: a range is a quantity
        return []
    if part.chinese and not part.percent_word and all(ch in CN_DIGITS for ch in part.numeral) \
            and (len(part.numeral) > 1 or CN_DIGITS[part.numeral] == 0) \
            and not (len(part.numeral) == 2 and unit is not None and _span_of_two(part.numeral)):
        return []  # 二〇二一, 一二: digit by digit, a year or a list; 零部件 (七八个 is a span)
    after = text[end:end + 1]
    letter_after = after.isascii() and after.isalpha() and (unit is None or unit_s.isascii())
    if left_blocks(text, start) or letter_after or context_blocks(
            part, unit, text, first, end):
        return []
    if part.slot and text[start - 1:start].isdigit():
        return []
    value, high = _values(m, part)
    if value is None and not part.slot:
        return []
    unit_out = per_cent(part.numeral) if part.percent_word \
        else (unit.canonical if unit else "")
    if not post and not pre and not part.mid and unit is not None and unit.kind == "count":
        after = QUALIFIER_AFTER_NOUN.match(text, end)
        if after:
            post = after.group("q")
    deadline = post in ("内", "以内", "之内") and unit is not None and unit.kind == "duration" \
        and not clause_before(text, first)
    return [Found(first, end, value, high, unit_out, _qualifier(pre, post, part), part.slot,
                   bool(pre), deadline)]


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
    if low is None or high is None or high <= low:
        return None, None
    if YEAR.fullmatch(part.numeral) and YEAR.fullmatch(second.numeral):
        return None, None  # 2018—2020年
    return low, high


def _capital_ok(numeral: str) -> bool:
    """Financial numerals (壹贰…拾佰仟) count only in a run that looks like an amount: two
    or more numeral characters, all of the financial set (壹佰贰拾万); a lone 陆 or 伍 is a
    character of a word (陆家嘴, 登陆, 伍家岗)."""
    return len(numeral) > 1 and all(ch in CAPITAL_CHARS or ch in "零万萬亿億" for ch in numeral)


# A numbered entry at a line start (50.7个重点工程 in a glossary: entry 50, then its term).
_LINE_ENTRY = re.compile(r"(?:^|\n)[ \t]*(\d{1,3})\.(?=\d)")


def _entry_number(text: str, start: int) -> bool:
    """``N.M…`` at a line start where a neighbouring line starts with N−1. or N+1.: N is the
    number of a list entry, not the integer part of a value."""
    m = _LINE_ENTRY.match(text, max(0, start - 1) if start and text[start - 1] == "\n" else start)
    if m is None or m.end(1) + 1 != text.find(".", start) + 1:
        line_start = text.rfind("\n", 0, start) + 1
        if text[line_start:start].strip(" \t") or not _LINE_ENTRY.match(text, max(0, line_start - 1)):
            return False
        m = _LINE_ENTRY.match(text, max(0, line_start - 1))
    n = int(m.group(1))
    window = text[max(0, start - 3000):start + 3000]
    return re.search(rf"(?:^|\n)[ \t]*(?:{n - 1}|{n + 1})\.(?!\d)", window) is not None


def read_candidate(m: re.Match, text: str) -> List[Found]:
    found = _read_number(m, text)
    if found and m.group("num") is not None:
        return _adjust(m, text, found)
    return found


def _adjust(m: re.Match, text: str, found: List[Found]) -> List[Found]:
    """What the pattern around one number adds to its reading: neighbouring digits (二三十:
    a span, approx), 几 (二十几万: at least), 半 (三成半), 角/分 after 元, a minus sign."""
    n1, sign, half, jiao, fen = m.group("n1", "sign", "half", "jiao", "fen")
    if n1[0] in ASCII_DIGITS and not (sign or half or jiao or fen):
        return found  # the common case: an Arabic number with nothing to add
    f = found[0]
    value, high, qualifier, start = f.value, f.value_high, f.qualifier, f.start
    if n1[0] not in ASCII_DIGITS and value is not None and high is None:
        read = read_numeral(n1)
        if read is not None and read.value:
            if read.high is not None:
                high = float(f"{read.high * value / read.value:.12g}")
                qualifier = "approx" if qualifier == "exact" else qualifier
            if read.vague and qualifier == "exact":
                qualifier = "at_least"  # 二十几万: 200000 and more (as 二十多万)
        elif read is not None and read.vague:
            return []  # 几十个: vague, no numeral
    if value is not None and not m.group("num2") and not m.group("s1"):
        if half and f.end >= m.end("half"):
            value += 0.5  # 三成半, 一吨半, 十七个半
        if jiao or fen:
            value = float(f"{value + _digit(jiao) / 10 + _digit(fen) / 100:.12g}")  # 3元5角
    if sign:
        if f.start > m.end("sign") or value is None:
            return found  # a pre-qualifier stands between: not this sign's number
        value, high, start = -value, None if high is None else -high, m.start("sign")
        if high is not None:
            value, high = value, high
    if (value, high, qualifier, start) == (f.value, f.value_high, f.qualifier, f.start):
        return found
    return [f._replace(value=value, value_high=high, qualifier=qualifier, start=min(start, f.start))] + found[1:]


def _digit(ch: Optional[str]) -> int:
    return 0 if not ch else int(ch) if ch.isdigit() else CN_DIGITS[ch]


def _read_number(m: re.Match, text: str) -> List[Found]:
    num, unit1, num2, post = m.group("num", "unit1", "num2", "post")
    if num is None:
        if m.group("ratio"):
            return _read_ratio(m, text)
        if m.group("frac"):
            return _read_fraction(m, text)
        n = m.group("fan")
        times = 2.0 ** (int(n) if n.isdigit() else CN_DIGITS[n])
        return [Found(m.start(), m.end(), times, None, "倍", "exact", False)]
    n1 = m.group("n1")
    if n1[0] in CAPITAL_CHARS or not n1.isascii() and not n1.isdigit() and CAPITAL_CHARS.intersection(n1):
        if not _capital_ok(n1):
            return []
    if "." in n1 and n1[0] in ASCII_DIGITS and (not m.start() or text[m.start() - 1] in "\n \t") \
            and _entry_number(text, m.start()):
        return []  # 50.7个重点工程 in a numbered glossary: entry 50
    # A decimal, a scale, 分之 or a list after it lets a number without a unit be a claim.
    if unit1 is None and post is None and num2 is None \
            and text[m.end():m.end() + 1] not in LIST_JOINT \
            and not ("." in num or "万" in num or "亿" in num or "分之" in num) \
            and not (num[0] in "十百千" and pre_before(text, m.start())):
        # the common case, a plain integer with nothing around it: not a claim, unless it
        # is the value of an index standing alone (指数达到90。)
        if text[m.end():m.end() + 1] in BARE_FOLLOW and m.group("num") == m.group("n1") \
                and m.group("n1")[0].isdigit() and not left_blocks(text, m.start()) \
                and _INDEX_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            return [Found(m.start(), m.end(), float(m.group("n1").replace(",", "")), None, "",
                           "exact", False)]
        return []
    return _read_quantity(m, text, unit1, num2)
