"""Reading one candidate of the pattern (``read_candidate``): is it a claim, and if so its
value, value_high, unit, qualifier and sign.

Ratios (1.8:1), fractions (1/5), doublings (翻两番) and the bare value of an index are read
here; a number with its scale and unit goes to quantity.py. What the pattern around a number
adds to that reading (a minus sign, 半, 角/分 after 元, 几, a span such as 二三十) is applied last
(``_adjust``).
"""
from __future__ import annotations

import re
from typing import List, Optional, Tuple

from ...numbers import CAPITAL_CHARS, CN_DIGITS, parse_quantity, read_numeral
from .context import BARE_FOLLOW, LIST_JOINT, left_blocks, qualifier_of
from .patterns import pre_before
from .quantity import read_quantity
from .records import ASCII_DIGITS, Found, has_big_unit
from .words import currency_signs

_ASCII_WORD = re.compile(r"[A-Za-z]")
_RATIO_SPLIT = re.compile(r"([:∶])")
_RATIO_CUE = re.compile(r"比(?![分赛])")
# 指数达到90: a whole number after an index word is its value.
_INDEX_BEFORE = re.compile(r"(?:指数|系数|得分|评分|分值)(?:达到|达|为|是|升至|提高到|上升到|保持在)?$")


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
    """1/5, 1又1/5 (1.2), 负1/3, 近1/5, 1/5以上."""
    start, end = m.start("frac"), m.end("frac")
    after = text[end:end + 1]
    if left_blocks(text, m.start()) or after == "/" or after.isdigit():
        return []
    whole, _, frac = m.group("frac").rpartition("又")
    num, den = (int(x) for x in frac.split("/"))
    if not den or num >= den:
        return []
    value = round((int(whole) if whole else 0) + num / den, 6)
    pm = pre_before(text, m.start())  # 近1/5, 超过1/4
    first, pre = (pm.start(), pm.group()) if pm and len(pm.group()) > 1 \
        or pm and pm.group() in "近超逾" else (m.start(), "")
    post = m.group("fpost") or ""
    if post == "内":
        post = ""
    qualifier = qualifier_of(pre, post, "") if pre or post else "exact"
    if m.group("fsign"):
        value, start = -value, m.start("fsign")
    return [Found(min(first, start), end + len(post), value, None, "", qualifier, False, bool(pre))]


def _capital_ok(numeral: str) -> bool:
    """Financial numerals (壹贰…拾佰仟) count only in a run that looks like an amount: two
    or more numeral characters, all of the financial set (壹佰贰拾万), or a financial rank
    after an ordinary digit (一千伍佰), or a financial digit before a rank of either kind
    (壹万二千, 肆佰叁拾萬); a lone 陆 or 伍 is a character of a word (陆家嘴, 登陆,
    伍家岗)."""
    return len(numeral) > 1 and (all(ch in CAPITAL_CHARS or ch in "零万萬亿億点點" for ch in numeral)
                                 or numeral[0] not in CAPITAL_CHARS and bool(_CAPITAL_RANKS.intersection(numeral))
                                 or bool(_ANY_RANK.intersection(numeral[1:])))


# A financial rank after an ordinary numeral (一千伍佰元) is part of an amount too.
_CAPITAL_RANKS = frozenset("拾佰仟")
# A financial digit followed by a rank of either kind (壹万二千, 陆十五) is an amount as well.
_ANY_RANK = frozenset("拾佰仟十百千万萬亿億")


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
        spanned = _numeral_span(n1, value, qualifier)
        if spanned is None:
            return []  # 几十个: vague, no numeral
        high, qualifier = spanned
    if value is not None and not m.group("num2") and not m.group("s1"):
        if half and f.end >= m.end("half"):
            value += 0.5  # 三成半, 一吨半, 十七个半
        if jiao or fen:
            value = float(f"{value + _digit(jiao) / 10 + _digit(fen) / 100:.12g}")  # 3元5角
    if sign:
        if f.start > m.end("sign") or value is None:
            return found  # a pre-qualifier stands between: not this sign's number
        value, high, start = -value, None if high is None else -high, m.start("sign")
    unit = "元" if (jiao or fen) and f.unit == "块" else f.unit  # 十二块五: 块 is money here
    if (value, high, qualifier, start, unit) == (f.value, f.value_high, f.qualifier, f.start, f.unit):
        return found
    return [f._replace(value=value, value_high=high, qualifier=qualifier, start=min(start, f.start),
                       unit=unit)] + found[1:]


def _numeral_span(numeral: str, value: float, qualifier: str) -> Optional[Tuple[Optional[float], str]]:
    """(value_high, qualifier) of a Chinese numeral read as ``value``: 二三十 spans 20–30
    (approx), 二十几万 is at least 200000; None when the numeral is only vague (几十)."""
    read = read_numeral(numeral)
    if read is not None and read.value:
        high = None
        if read.high is not None:
            high = float(f"{read.high * value / read.value:.12g}")
            qualifier = "approx" if qualifier == "exact" else qualifier
        if read.vague and qualifier == "exact":
            qualifier = "at_least"  # 二十几万: 200000 and more (as 二十多万)
        return high, qualifier
    if read is not None and read.vague:
        return None
    return None, qualifier


def _digit(ch: Optional[str]) -> int:
    return 0 if not ch else int(ch) if ch.isdigit() else CN_DIGITS[ch]


def _read_number(m: re.Match, text: str) -> List[Found]:
    num, unit1, num2, post = m.group("num", "unit1", "num2", "post")
    if num is None:
        return _read_other(m, text)
    if m.group("cur") is not None:
        return _read_currency(m, text)
    n1 = m.group("n1")
    if n1 == "百分百" and text[m.end():m.end() + 1] == "的" and not unit1:
        return []  # 用百分百的努力: spoken for "all", no rate (百分百覆盖 is one)
    if n1[0] in CAPITAL_CHARS or not n1.isascii() and not n1.isdigit() and CAPITAL_CHARS.intersection(n1):
        if not _capital_ok(n1):
            return []
    if "." in n1 and n1[0] in ASCII_DIGITS and (not m.start() or text[m.start() - 1] in "\n \t") \
            and _entry_number(text, m.start()):
        return []  # 50.7个重点工程 in a numbered glossary: entry 50
    # A decimal, a scale, 分之 or a list after it lets a number without a unit be a claim.
    if unit1 is None and post is None and num2 is None and text[m.end():m.end() + 1] not in LIST_JOINT \
            and not ("." in num or has_big_unit(num) or "分之" in num or num.startswith("百分")) \
            and not (num[0] in "十百千" and pre_before(text, m.start())):
        # the common case, a plain integer with nothing around it: not a claim, unless it is
        # the value of an index standing alone
        return _read_index(m, text) if text[m.end():m.end() + 1] in BARE_FOLLOW else []
    return read_quantity(m, text, unit1, num2)


def _read_currency(m: re.Match, text: str) -> List[Found]:
    """¥13.5, $100, US$1.5万, $100-500: the sign before the number gives the unit when none
    follows it (a unit written after wins: $100美元 is read as 100美元)."""
    end = m.end()
    if "$" in text[end:end + 2] or m.group("unit1") or m.group("unit"):
        return read_quantity(m, text, m.group("unit1"), m.group("num2")) if m.group("unit1") or m.group("unit") \
            else []  # $1.$2: a template's slots, no amount
    value = parse_quantity(m.group("n1"), m.group("s1") or "")
    high = parse_quantity(m.group("n2"), m.group("s2") or "") if m.group("num2") else None
    if value is None or high is not None and high <= value or left_blocks(text, m.start()):
        return []
    pm = pre_before(text, m.start())
    pre, first = (pm.group(), pm.start()) if pm else ("", m.start())
    post = m.group("post") or ""
    qualifier = qualifier_of(pre, post, "") if pre or post else "exact"
    return [Found(first, end, value, high, currency_signs()[m.group("cur")], qualifier, False, bool(pre))]


def _read_other(m: re.Match, text: str) -> List[Found]:
    """A ratio (1.8:1), a fraction (1/5) or a doubling (翻两番)."""
    if m.group("ratio"):
        return _read_ratio(m, text)
    if m.group("frac"):
        return _read_fraction(m, text)
    n = m.group("fan")
    times = 2.0 ** (int(n) if n.isdigit() else CN_DIGITS[n])
    return [Found(m.start(), m.end(), times, None, "倍", "exact", False)]


def _read_index(m: re.Match, text: str) -> List[Found]:
    """指数达到90。: a whole number standing alone after an index word is its value (the caller
    has seen a clause mark, a joiner or a closing mark after it)."""
    n1 = m.group("n1")
    if m.group("num") == n1 and n1[0].isdigit() \
            and not left_blocks(text, m.start()) and _INDEX_BEFORE.search(text, max(0, m.start() - 8), m.start()):
        return [Found(m.start(), m.end(), float(n1.replace(",", "")), None, "", "exact", False)]
    return []
