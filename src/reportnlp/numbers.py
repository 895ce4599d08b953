"""Chinese and Arabic numerals: regex fragments that find them and functions that read them.

Everything here works on width-folded text (see normalize.py), so full-width digits are
already ASCII. A *numeral* is the bare number (``1,234.5``, ``三千``, ``一万五千``,
``百分之九十五``, ``八点一``); a *scale* is a magnitude word written after it (``万``, ``亿``,
``万亿``, ``千万``). ``parse_quantity`` reads numeral + scale together: ``1.2万`` → 12000.
"""
from __future__ import annotations

import re
from typing import Optional

CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
# Multipliers inside one Chinese numeral (below 万) and the section scales 万 / 亿.
CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
SCALES = {"万": 1e4, "亿": 1e8, "万亿": 1e12, "千万": 1e7, "百万": 1e6, "十万": 1e5,
          "千亿": 1e11, "百亿": 1e10, "十亿": 1e9, "千": 1e3, "百": 1e2}
# Each scale as a power of ten (万 → 4), to scale Arabic numerals without float noise.
_SCALE_DIGITS = {word: len(str(int(factor))) - 1 for word, factor in SCALES.items()}

_CN_DIGIT_CHARS = "零〇○一壹二贰两三叁四肆五伍六陆七柒八捌九玖"
_CN_ALL_CHARS = _CN_DIGIT_CHARS + "十拾百佰千仟万亿"
CN_NUMERAL_CHARS = _CN_ALL_CHARS

# --- regex fragments (strings, so callers can build larger patterns) ---------------------
# Arabic: 1,234,567.89 (thousands groups only of exactly three digits) or 12.5.
ARABIC = r"\d+(?:,\d{3}(?!\d))*(?:\.\d+)?"
# Chinese: a run of numeral characters with an optional 点 fraction; 百分之… and 几分之几 are
# written separately because 之 breaks the run.
CHINESE = rf"[{_CN_ALL_CHARS}]+(?:点[{_CN_DIGIT_CHARS}]+)?"
PERCENT_WORD = rf"[百千]分之(?:{ARABIC}|[{_CN_ALL_CHARS}]+(?:点[{_CN_DIGIT_CHARS}]+)?)"  # 百分之五, 千分之六点五
CN_FRACTION = rf"[{_CN_ALL_CHARS}]+分之[{_CN_ALL_CHARS}]+"
# A scale word after an Arabic numeral (1.2万, 3.5亿, 10万亿, 5千万).
SCALE = r"(?:万亿|千亿|百亿|十亿|千万|百万|十万|万|亿|千|百)"

_ARABIC_RE = re.compile(ARABIC)
_CN_POINT = re.compile(rf"([{_CN_ALL_CHARS}]*)点([{_CN_DIGIT_CHARS}]+)")


def parse_arabic(text: str) -> Optional[float]:
    """``'1,234.5'`` → 1234.5; None when ``text`` is not an Arabic numeral."""
    if text.isascii() and text.isdigit():
        return float(text)  # the common case, without a regex
    if not _ARABIC_RE.fullmatch(text):
        return None
    return float(text.replace(",", ""))


def _parse_cn_section(text: str) -> Optional[int]:
    """A Chinese numeral below 万 (``三千零五十``, ``十二``, ``二百``)."""
    total, digit, seen = 0, None, False
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
            seen = True
        elif ch in CN_SMALL_UNITS:
            total += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit, seen = None, True
        else:
            return None
    if digit is not None:
        # 一万五 / 三千五 elide the last unit; handled by the caller, here a plain units digit.
        total += digit
    return total if seen else None


def parse_chinese_int(text: str) -> Optional[int]:
    """``'三亿零五百三十万'`` → 305300000, ``'二〇二一'`` → 2021, ``'十二'`` → 12."""
    if not text:
        return None
    if all(ch in CN_DIGITS for ch in text):
        # Digit by digit (years, codes): 二〇二一.
        if len(text) == 1:
            return CN_DIGITS[text]
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total = 0
    rest = text
    for big in ("亿", "万"):
        if big in rest:
            head, rest = rest.split(big, 1)
            value = parse_chinese_int(head) if head else 1
            if value is None:
                return None
            total += value * CN_BIG_UNITS[big]
            # 一万五 means 15000: a lone trailing digit after a big unit is one rank lower.
            if len(rest) == 1 and rest in CN_DIGITS and CN_DIGITS[rest] and big == "万":
                return total + CN_DIGITS[rest] * 1000
            if big == "亿" and len(rest) == 1 and rest in CN_DIGITS and CN_DIGITS[rest]:
                return total + CN_DIGITS[rest] * 10_000_000
    if not rest:
        return total
    # 三千五 → 3500, 两百五 → 250: a trailing digit one rank below the last unit.
    if len(rest) >= 2 and rest[-1] in CN_DIGITS and rest[-2] in CN_SMALL_UNITS and CN_DIGITS[rest[-1]]:
        lower = CN_SMALL_UNITS[rest[-2]] // 10
        if lower >= 10:
            head = _parse_cn_section(rest[:-1])
            return None if head is None else total + head + CN_DIGITS[rest[-1]] * lower
    section = _parse_cn_section(rest)
    return None if section is None else total + section


def parse_chinese(text: str) -> Optional[float]:
    """A Chinese numeral, with an optional 点 fraction: ``'八点一'`` → 8.1."""
    m = _CN_POINT.fullmatch(text)
    if m:
        whole = parse_chinese_int(m.group(1)) if m.group(1) else 0
        if whole is None:
            return None
        return float(f"{whole}." + "".join(str(CN_DIGITS[c]) for c in m.group(2)))
    value = parse_chinese_int(text)
    return None if value is None else float(value)


def parse_numeral(text: str) -> Optional[float]:
    """An Arabic, Chinese or mixed numeral without a unit: ``'1.2万'``, ``'三千'``, ``'百分之五'``."""
    text = text.strip()
    if not text:
        return None
    if text.startswith(("百分之", "千分之")):  # per cent, per mille: the unit is % or ‰
        return parse_numeral(text[3:])
    if "分之" in text:
        den, num = text.split("分之", 1)
        d, n = parse_numeral(den), parse_numeral(num)
        return None if not d or n is None else n / d
    value = parse_arabic(text)
    if value is not None:
        return value
    m = _ARABIC_RE.match(text)
    if m:
        scale = text[m.end():]
        if scale in SCALES:
            return float(text[:m.end()].replace(",", "")) * SCALES[scale]
        return None
    return parse_chinese(text)


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
