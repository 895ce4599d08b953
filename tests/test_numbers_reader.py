"""The one numeral reader (numbers.read_numeral) against an independent writer of numerals.

The writer below turns an integer into Chinese the way a report writes it (four-digit
groups under 万 and 亿, 零 for every run of missing ranks, 一十 dropped at the head), and
into the mixed Arabic-Chinese forms (5万4千6百, 3万4000, 2亿5000万); it shares no code
with numbers.py, so a round trip checks the reader, not itself. The tables after it hold
one example per form the reader must know (issue 12).
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportnlp.numbers import read_numeral

DIGITS = "零一二三四五六七八九"
RANKS = ["", "十", "百", "千"]
GROUPS = ["", "万", "亿", "万亿"]


def group_to_chinese(n: int, two: bool = False) -> str:
    """0 < n < 10000, with 零 for each run of missing ranks inside (一千零五, 一千零五十)."""
    out, pending_zero = [], False
    for rank in range(3, -1, -1):
        d = n // 10 ** rank % 10
        if d == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        digit = "两" if two and d == 2 and rank >= 2 else DIGITS[d]
        out.append(digit + RANKS[rank])
    return "".join(out)


def to_chinese(n: int, two: bool = False) -> str:
    """An integer in Chinese numerals (0 ≤ n < 10**16; floats hold every integer to 2**53)."""
    if n == 0:
        return "零"
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out, zero_before = [], False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if not g:
            zero_before = bool(out)
            continue
        if out and (zero_before or g < 1000):
            out.append("零")  # 一万零五百, 一亿零三万
        out.append(group_to_chinese(g, two) + GROUPS[i])
        zero_before = False
    text = "".join(out)
    return text[1:] if text.startswith("一十") else text  # 十二, 十万


def to_mixed(n: int) -> str:
    """An integer with each four-digit group in Arabic and the group words in Chinese
    (54600 → 5万4600, 500014600 → 5亿1万4600); n ≥ 10000."""
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out = [f"{g}{GROUPS[i]}" for i, g in reversed(list(enumerate(groups))) if g]
    return "".join(out)


def to_ranks(n: int) -> str:
    """5万4千6百 (every rank in Chinese units, digits Arabic), for 10000 ≤ n < 10**8."""
    out = []
    high, low = divmod(n, 10000)
    for part, word in ((high, "万"), (low, "")):
        if not part:
            continue
        text = "".join(f"{part // 10 ** r % 10}{RANKS[r]}" for r in range(3, -1, -1)
                       if part // 10 ** r % 10)
        out.append(text + word)
    return "".join(out)


@settings(max_examples=600, deadline=None)
@given(st.integers(min_value=0, max_value=2**53), st.booleans())
def test_round_trip_chinese(n, two):
    text = to_chinese(n, two)
    read = read_numeral(text)
    assert read is not None and read.value == n, (n, text, read)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=10_000, max_value=10**12 - 1))
def test_round_trip_mixed(n):
    text = to_mixed(n)
    read = read_numeral(text)
    assert read is not None and read.value == n, (n, text, read)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=10_000, max_value=10**8 - 1))
def test_round_trip_every_rank_in_units(n):
    text = to_ranks(n)
    read = read_numeral(text)
    assert read is not None and read.value == n, (n, text, read)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**12), st.integers(min_value=1, max_value=99))
def test_sign_and_decimal(n, frac):
    text = f"负{to_chinese(n)}点{''.join(DIGITS[int(c)] for c in str(frac))}"
    read = read_numeral(text)
    assert read is not None and read.value == pytest.approx(-float(f"{n}.{frac}")), text


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=8), st.sampled_from(["", "十", "百", "千", "万", "十万", "亿"]))
def test_neighbouring_digits_are_a_span(d, scale):
    """二三十, 八九亿, 五六千: two digits in a row, the second one higher, name a span."""
    text = f"{DIGITS[d]}{DIGITS[d + 1]}{scale}"
    read = read_numeral(text)
    low = read_numeral(f"{DIGITS[d]}{scale}").value
    high = read_numeral(f"{DIGITS[d + 1]}{scale}").value
    assert read is not None and (read.value, read.high) == (low, high), text


@pytest.mark.parametrize("text, value, high, vague, unit", [
    # signs
    ("-16.8", -16.8, None, False, ""), ("−3.2", -3.2, None, False, ""),
    ("负四十五亿", -4.5e9, None, False, ""),
    # 零 before 十
    ("一万零十二", 10012, None, False, ""), ("二千零十七万", 20_170_000, None, False, ""),
    ("一百零五", 105, None, False, ""), ("一万零五", 10005, None, False, ""),
    # mixed forms
    ("5万4千6百", 54600, None, False, ""), ("3万4000", 34000, None, False, ""),
    ("5亿1万4千6百", 500_014_600, None, False, ""), ("2亿5000万", 250_000_000, None, False, ""),
    ("1.2万", 12000, None, False, ""), ("1,234.5", 1234.5, None, False, ""),
    # neighbouring digits
    ("二三十", 20, 30, False, ""), ("八九亿", 8e8, 9e8, False, ""), ("十七八万", 170_000, 180_000, False, ""),
    ("七八", 7, 8, False, ""), ("三五", 3, 5, False, ""),
    # 几 inside a number: the digit it stands for read as 0, flagged vague (at least)
    ("二十几万", 200_000, None, True, ""), ("一百零几万", 1_000_000, None, True, ""),
    ("十几", 10, None, True, ""),
    # 万万, 万亿, a big unit after a bigger part
    ("四万万", 4e8, None, False, ""), ("三万亿", 3e12, None, False, ""), ("三万五千亿", 3.5e12, None, False, ""),
    ("万", 1e4, None, False, ""), ("千亿", 1e11, None, False, ""),
    # fractions and percent words
    ("十六分之五", 0.3125, None, False, ""), ("16分之5", 0.3125, None, False, ""),
    ("三又二分之一", 3.5, None, False, ""), ("百分之八点一", 8.1, None, False, "%"),
    ("一百分之五十五点五七九", 55.579, None, False, "%"), ("千分之三点五", 3.5, None, False, "‰"),
    # elided last rank, decimals, digit by digit, old and capital forms
    ("一万五", 15000, None, False, ""), ("三千五", 3500, None, False, ""), ("两百五", 250, None, False, ""),
    ("十二点五亿", 1.25e9, None, False, ""), ("八点一", 8.1, None, False, ""), ("二〇二一", 2021, None, False, ""),
    ("壹佰贰拾万", 1_200_000, None, False, ""), ("三萬五千", 35000, None, False, ""), ("廿", 20, None, False, ""),
    # spoken forms: percent without 之, 兆 as a section scale, digit by digit with 点, capital decimals
    ("百分四十五", 45, None, False, "%"), ("百分百", 100, None, False, "%"),
    ("二兆零五十万", 2_000_000_500_000, None, False, ""), ("三兆四千亿", 3.4e12, None, False, ""),
    ("九零七点二五", 907.25, None, False, ""), ("叁拾柒点贰", 37.2, None, False, ""),
    ("4又4分之1", 4.25, None, False, ""),
    # a scale in traditional or financial spelling after Arabic digits, compound scales, a sign after 之
    ("6萬", 60000, None, False, ""), ("2.5億", 2.5e8, None, False, ""), ("7佰", 700, None, False, ""),
    ("3仟萬", 3e7, None, False, ""), ("2千万亿", 2e15, None, False, ""),
    ("百分之负零点四", -0.4, None, False, "%"), ("千分之負三", -3, None, False, "‰"),
])
def test_forms(text, value, high, vague, unit):
    read = read_numeral(text)
    assert read is not None
    assert read.value == pytest.approx(value) and read.vague is vague and read.unit == unit
    assert (read.high is None) if high is None else read.high == pytest.approx(high)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "万x", "三百五千", "十百", "分之五", "百分点", "一二点", "五分之负一"])
def test_not_numerals(text):
    assert read_numeral(text) is None
