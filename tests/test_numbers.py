import pytest

from reportnlp.numbers import parse_chinese_int, parse_numeral, parse_quantity


@pytest.mark.parametrize("text, value", [
    ("十二", 12), ("十", 10), ("二十", 20), ("一百零三", 103), ("三千", 3000),
    ("一万五千", 15000), ("一万五", 15000), ("三千五", 3500),
    ("三亿零五百三十万", 305_300_000), ("四千零七十三亿", 407_300_000_000),
    ("二〇二一", 2021), ("两", 2), ("千亿", 100_000_000_000), ("万亿", 1_000_000_000_000),
    ("百万", 1_000_000),
])
def test_parse_chinese_int(text, value):
    assert parse_chinese_int(text) == value


@pytest.mark.parametrize("text, value", [
    ("1,234.5", 1234.5), ("12.5", 12.5), ("1.2万", 12000), ("3.5亿", 350_000_000),
    ("百分之九十五", 95), ("百分之八点一", 8.1), ("八点一", 8.1), ("百分之百", 100),
    ("四分之一", 0.25), ("10万亿", 1e13), ("千分之六点五六", 6.56), ("千分之3", 3),
])
def test_parse_numeral(text, value):
    assert parse_numeral(text) == pytest.approx(value)


def test_parse_quantity_applies_scale_without_float_noise():
    assert parse_quantity("1.26", "亿") == 126_000_000
    assert parse_quantity("1284.91", "亿") == 128_491_000_000
    assert parse_quantity("二十", "万") == 200_000


def test_arabic_scaling_is_exact_and_matches_rounded_float_scaling():
    import random
    rng = random.Random(7)
    for _ in range(20000):
        scale = rng.choice(["万", "亿", "万亿", "千万", "百万", "十万", "千亿", "百亿", "十亿", "千", "百"])
        numeral = f"{rng.randint(0, 99999)}.{rng.randint(0, 9999)}" if rng.random() < 0.7 \
            else str(rng.randint(0, 10**6))
        expected = float(f"{parse_numeral(numeral) * parse_quantity('1', scale):.12g}")
        assert parse_quantity(numeral, scale) == expected, (numeral, scale)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "万x"])
def test_parse_numeral_rejects_non_numbers(text):
    assert parse_numeral(text) is None
