"""Chinese and Arabic numerals: regex fragments that find them and functions that read them.

Everything here works on width-folded text (see normalize.py), so full-width digits are
already ASCII. A *numeral* is the bare number (``1,234.5``, ``三千``, ``一万五千``,
``百分之九十五``, ``八点一``); a *scale* is a magnitude word written after it (``万``, ``亿``,
``万亿``, ``千万``). ``parse_quantity`` reads numeral + scale together: ``1.2万`` → 12000.
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple, Optional, Tuple

CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2, "三": 3,
    "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7,
    "八": 8, "捌": 8, "九": 9, "玖": 9,
}
# Multipliers inside one Chinese numeral (below 万) and the section scales 万 / 亿.
CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
SCALES = {"万": 1e4, "亿": 1e8, "万亿": 1e12, "千万": 1e7, "百万": 1e6, "十万": 1e5,
          "千亿": 1e11, "百亿": 1e10, "十亿": 1e9, "千": 1e3, "百": 1e2,
          "千万亿": 1e15, "百万亿": 1e14, "十万亿": 1e13}
# The same scales in traditional (萬, 億) and financial (仟, 佰) spelling: 5萬, 9佰日元, 两到三仟元.
_SCALE_SPELLING = str.maketrans({"万": "萬", "亿": "億", "千": "仟", "百": "佰"})
SCALES.update({w.translate(_SCALE_SPELLING): f for w, f in list(SCALES.items())
               if w.translate(_SCALE_SPELLING) != w})
# Each scale as a power of ten (万 → 4), to scale Arabic numerals without float noise.
_SCALE_DIGITS = {word: len(str(int(factor))) - 1 for word, factor in SCALES.items()}
# Financial (capital) forms: numerals only in runs that look like amounts (壹佰贰拾万元),
# never alone inside a word (陆家嘴, 登陆, 伍家岗).
CAPITAL_CHARS = frozenset("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟")

_CN_DIGIT_CHARS = "零〇○一壹二贰貳两兩三叁參四肆五伍六陆陸七柒八捌九玖"
_CN_ALL_CHARS = _CN_DIGIT_CHARS + "十拾百佰千仟万萬亿億"
CN_NUMERAL_CHARS = _CN_ALL_CHARS

# --- regex fragments (strings, so callers can build larger patterns) ---------------------
# Arabic: 1,234,567.89 (thousands groups only of exactly three digits) or 12.5.
ARABIC = r"\d+(?:,\d{3}(?!\d))*(?:\.\d+)?"
# Chinese: a run of numeral characters with an optional 点 fraction; 百分之… and 几分之几 are
# written separately because 之 breaks the run.
CHINESE = rf"[{_CN_ALL_CHARS}]+(?:[点點][{_CN_DIGIT_CHARS}]+)?"
# A numeral on either side of 分之: Arabic, or Chinese with an optional 点 fraction.
_FRACTION_SIDE = rf"(?:{ARABIC}|[{_CN_ALL_CHARS}]+(?:[点點][{_CN_DIGIT_CHARS}]+)?)"
# 百分之五, 千分之六点五; spoken 百分三十 and 百分百 (100 %) leave out the 之 (never before 点:
# 百分点 is a percentage point).
PERCENT_WORD = rf"(?:[百千]分之[负負]?{_FRACTION_SIDE}|百分(?=[一二两三四五六七八九十百])[{_CN_ALL_CHARS}]+(?:[点點][{_CN_DIGIT_CHARS}]+)?)"
# 十六分之五, 16分之5, 一百分之五十五点五七九, 三又二分之一, 5又2分之1 (a whole number 又 a fraction).
CN_FRACTION = rf"(?:(?:\d+|[{_CN_ALL_CHARS}]+)又)?(?:\d+|[{_CN_ALL_CHARS}]+)分之{_FRACTION_SIDE}"
# Arabic groups joined by Chinese units: 5万4千6百, 3万4000, 5亿1万4千6百, 2亿5000万, 1亿3千万
# (at least one unit followed by another group; a year after the unit is not a group: 5万2023年).
# After a unit, the next Arabic group fills exactly the ranks below it (3万4000, 4千600) or is
# followed by a unit of its own (5万4千6百, 2亿5000万): 390万65岁 is 390万, then 65岁.
MIXED_TAIL = (r"(?:[万萬亿億]零?(?:\d{4}(?![\d.])|\d{1,4}(?:\.\d+)?(?=[千百十万萬亿億]))"
              r"|千零?(?:\d{3}(?![\d.])|\d(?=[百十]))|百零?(?:\d{2}(?![\d.])|\d(?=十))|十\d(?![\d.]))+"
              r"(?:万亿|千万|百万|[万萬亿億千百十])?")
MIXED = rf"\d+(?:\.\d+)?{MIXED_TAIL}"
# A scale word after an Arabic numeral (1.2万, 3.5亿, 10万亿, 5千万).
# (3千万亿日元, 5萬, 9佰: every spelling of SCALES, longest first; 十 alone is no scale after digits)
SCALE = "(?:" + "|".join(sorted((w for w in SCALES), key=lambda w: (-len(w), w))) + ")"
# The minus signs written before a number: a dash (增长-16.8%; the caller checks it is no range
# dash or part of a code) or the word 负 in either script (负四十五亿, 負3.5亿).
MINUS_DASHES = "-−"
MINUS_WORDS = "负負"

_ARABIC_RE = re.compile(ARABIC)
_CN_POINT = re.compile(rf"([{_CN_ALL_CHARS}]*)[点點]([{_CN_DIGIT_CHARS}]+)")


class Reading(NamedTuple):
    """What a numeral says: its value, the upper end when it names a span of values
    (二三十 → 20 to 30, 八九亿), whether 几 stands for a digit (二十几万: at least 200000),
    and the unit a percent word carries (百分之五 → ``%``; ``""`` otherwise)."""

    value: float
    high: Optional[float] = None
    vague: bool = False
    unit: str = ""


def parse_arabic(text: str) -> Optional[float]:
    """``'1,234.5'`` → 1234.5; None when ``text`` is not an Arabic numeral."""
    if text.isascii() and text.isdigit():
        return float(text)  # the common case, without a regex
    if not _ARABIC_RE.fullmatch(text):
        return None
    return float(text.replace(",", ""))


# One token of a numeral: an Arabic group, a Chinese digit, 几, 点 + digits, 零, a unit.
_TOKEN = re.compile(rf"(?P<arabic>\d+(?:,\d{{3}}(?!\d))*(?:\.\d+)?)|(?P<point>[点點](?:\d+|[{_CN_DIGIT_CHARS}]+))"
                    rf"|(?P<zero>[零〇○])|(?P<digit>[{_CN_DIGIT_CHARS}几])|(?P<small>[十拾百佰千仟])"
                    rf"|(?P<big>[万萬亿億兆])|(?P<tens>[廿卅])")
# 兆 as a section scale (10**12, 一兆零三百万) only inside a numeral: alone it is mega (兆瓦, 千兆光网).
_BIG_IN_NUMERAL = {**CN_BIG_UNITS, "兆": 10 ** 12}
_TENS = {"廿": 20, "卅": 30}
_PER = {100: "%", 1000: "‰", 10000: "‱"}


def _digits_value(digits: str) -> str:
    return "".join(str(CN_DIGITS[c]) if c in CN_DIGITS else c for c in digits)


def _read_plain(text: str) -> Optional[Tuple[Decimal, bool]]:
    """(value, whether 几 stood for a digit) of a numeral without sign, range or fraction:
    ``三亿零五百三十万``, ``一万零十二``, ``5万4千6百``, ``四万万``, ``一万五``, ``八点一``,
    ``二〇二一`` (digit by digit). None when ``text`` is not one numeral."""
    if len(text) > 1 and all(c in CN_DIGITS for c in text):
        return Decimal(_digits_value(text)), False  # 二〇二一, 一九五八: digit by digit
    whole, point, frac = text.partition("点") if "点" in text else text.partition("點")
    if point and len(whole) > 1 and all(c in CN_DIGITS for c in whole) and frac \
            and all(c in CN_DIGITS for c in frac):
        return Decimal(_digits_value(whole) + "." + _digits_value(frac)), False  # 一七二零点一
    total = Decimal(0)        # the finished parts at or above 万
    section = Decimal(0)      # the part below 万 being read
    number: Optional[Decimal] = None  # the digit waiting for its unit
    prev_unit = 0             # the unit token just read (0 after any other token)
    elide = 0                 # the unit right before a lone digit (一万五: 5 × 1000)
    last_small = 0            # units inside a section must fall: 三千五百, not 三百五千
    last_big = 0
    zero = vague = since_big = False  # since_big: a digit or unit read after the last 万/亿
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() != pos:
            return None
        pos = m.end()
        kind, tok = m.lastgroup, m.group()
        unit = 0
        if kind in ("arabic", "digit", "tens"):
            if number is not None:
                return None  # 二三: neighbouring digits are read by read_numeral
            if kind == "arabic":
                number = Decimal(tok.replace(",", ""))
            elif kind == "tens":
                number = Decimal(_TENS[tok])
            else:
                vague = vague or tok == "几"
                number = Decimal(CN_DIGITS.get(tok, 0))
                elide = 0 if zero else prev_unit
        elif kind == "point":
            digits = _digits_value(tok[1:])
            if not digits.isdigit() or number is not None and number != number.to_integral():
                return None
            number, elide = (number or Decimal(0)) + Decimal("0." + digits), 0
        elif kind == "zero":
            if number is not None:
                return None
            zero = True
        elif kind == "small":
            unit = CN_SMALL_UNITS[tok]
            if last_small and unit >= last_small:
                return None
            section += (Decimal(1) if number is None else number) * unit
            number, last_small, zero = None, unit, False
        else:  # 万 / 亿
            unit = _BIG_IN_NUMERAL[tok]
            part = section + (number or 0)
            if not since_big:
                # 万 or 亿 alone; 四万万 and 三万亿: the unit multiplies all before it
                total = total * unit if total else Decimal(unit)
            elif last_big and unit > last_big:
                total = (total + part) * unit  # 三万五千亿 = 3.5万亿
            else:
                total += part * unit
            section, number, last_small, last_big, zero = Decimal(0), None, 0, unit, False
        since_big = kind != "big"
        prev_unit = unit
    if pos != len(text) or not pos:
        return None
    if number is not None:
        # 一万五 = 15000, 三千五 = 3500: a lone digit right after a unit is one rank lower.
        section += number * elide / 10 if elide >= 100 else number
    return total + section, vague


def _adjacent(text: str) -> Optional[Tuple[str, str]]:
    """二三十 → ('二十', '三十'), 十七八万 → ('十七万', '十八万'), 八九亿: two neighbouring
    digits (the second one or two higher) name a span; each end drops the other digit."""
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if a in CN_DIGITS and b in CN_DIGITS and CN_DIGITS[a] and CN_DIGITS[b] \
                and 0 < CN_DIGITS[b] - CN_DIGITS[a] <= 2:
            return text[:i + 1] + text[i + 2:], text[:i] + text[i + 1:]
    return None


@lru_cache(maxsize=8192)
def read_numeral(text: str) -> Optional[Reading]:
    """Read any numeral a report writes, without its unit (the one reader every module uses).

    ``'1,234.5'``, ``'1.2万'``, ``'三千'``, ``'一万零十二'``, ``'5万4千6百'``, ``'四万万'``,
    ``'八点一'``, ``'二〇二一'``; a sign (``'-16.8'``, ``'负四十五亿'``); neighbouring digits as a
    span (``'二三十'`` → 20 to 30, ``'十七八万'``); 几 as an unknown digit (``'二十几万'`` →
    200000, vague); percent words (``'百分之八点一'`` → 8.1, unit %; ``'一百分之五十五点五七九'``
    → 55.579 %); fractions (``'十六分之五'``, ``'16分之5'``, ``'三又二分之一'`` → 3.5).
    None when ``text`` is not a numeral.
    """
    text = text.strip()
    if not text:
        return None
    if text[0] in MINUS_DASHES + MINUS_WORDS:
        inner = read_numeral(text[1:])
        if inner is None:
            return None
        return inner._replace(value=-inner.value, high=None if inner.high is None else -inner.high)
    if text.startswith("百分") and text[2:3] not in ("之", ""):
        text = "百分之" + text[2:]  # 百分三十, 百分百: spoken without 之
    if "分之" in text:
        return _read_fraction(text)
    pair = _adjacent(text) if len(text) == 2 else None  # 七八, 三五: a span, not digit by digit
    plain = _read_plain(text) if pair is None else None
    if plain is not None:
        return Reading(float(plain[0]), None, plain[1])
    m = _ARABIC_RE.match(text)
    if m and text[m.end():] in SCALES:  # 1.2万, 10万亿
        value = parse_quantity(text[:m.end()], text[m.end():])
        return None if value is None else Reading(value)
    pair = pair or _adjacent(text)
    if pair is not None:
        low, high = _read_plain(pair[0]), _read_plain(pair[1])
        if low is not None and high is not None and low[0] < high[0]:
            return Reading(float(low[0]), float(high[0]), low[1] or high[1])
    return None


def _read_fraction(text: str) -> Optional[Reading]:
    whole = Decimal(0)
    if "又" in text:
        head, text = text.split("又", 1)
        read = _read_plain(head)
        if read is None:
            return None
        whole = read[0]
    den_text, num_text = text.split("分之", 1)
    sign = -1 if num_text[:1] in MINUS_WORDS else 1  # 百分之负六十五点二八 (spoken): −65.28 %
    if sign < 0:
        num_text = num_text[1:]
    den, num = _read_plain(den_text), _read_plain(num_text)
    if den is None or num is None or not den[0]:
        return None
    if not whole and den[0] in _PER:
        return Reading(sign * float(num[0]), None, num[1], _PER[den[0]])  # 百分之五 → 5 %
    if sign < 0:
        return None
    return Reading(_tidy(float(whole + num[0] / den[0])), None, num[1])


def parse_chinese_int(text: str) -> Optional[int]:
    """``'三亿零五百三十万'`` → 305300000, ``'二〇二一'`` → 2021, ``'十二'`` → 12."""
    read = _read_plain(text) if text and not text.isascii() else None
    if read is None or read[0] != read[0].to_integral():
        return None
    return int(read[0])


def parse_chinese(text: str) -> Optional[float]:
    """A Chinese numeral, with an optional 点 fraction: ``'八点一'`` → 8.1."""
    read = _read_plain(text)
    return None if read is None else float(read[0])


def parse_numeral(text: str) -> Optional[float]:
    """An Arabic, Chinese or mixed numeral without a unit: ``'1.2万'``, ``'三千'``, ``'百分之五'``
    (the value of :func:`read_numeral`)."""
    read = read_numeral(text)
    return None if read is None else read.value


def parse_quantity(numeral: str, scale: str = "") -> Optional[float]:
    """Numeral with its scale applied; ``parse_quantity('1.26', '亿')`` → 126000000."""
    if numeral.isascii() and scale in _SCALE_DIGITS:  # 1.26亿: shift the point, exactly
        whole, _, frac = numeral.partition(".")
        digits = _SCALE_DIGITS[scale]
        if len(frac) <= digits and whole.isdigit() and (not frac or frac.isdigit()):
            return float(int(whole + frac) * 10 ** (digits - len(frac)))
    value = parse_numeral(numeral) if numeral else 1.0
    if value is None:
        return None
    if not scale and "分之" not in numeral:
        return value  # no scaling, no division: no float noise to drop
    if scale:
        factor = SCALES.get(scale)
        if factor is None:
            extra = parse_chinese_int(scale)
            if extra is None:
                return None
            factor = float(extra)
        value *= factor
    return _tidy(value)


def _tidy(value: float) -> float:
    """Drop float noise from scaling (1284.91 * 1e8 → 128491000000.0): twelve significant
    digits is more than any report writes."""
    return float(f"{value:.12g}")
