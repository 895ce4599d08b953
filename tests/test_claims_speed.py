"""The cheaper paths of extract_claims (issue 14) give the same records as the plain ones."""
import dataclasses
import re

from reportnlp.extract.claims import extract_claims
from reportnlp.extract.claims.assemble import _LONE_DIGITS
from reportnlp.extract.claims.context import LIST_JOINT
from reportnlp.extract.claims.reading import read_candidate
from reportnlp.extract.claims.patterns import patterns
from reportnlp.extract.claims.subjects import _finished, _final, _LOOSE_END
from reportnlp.extract.claims.subject_clean import clean
from reportnlp.lexicon import read_rows
from reportnlp.model import Claim, Report
from reportnlp.wordpatterns import alternation

TEXT = ("全市地区生产总值达到3250.6亿元，比上年增长7.5%；新建学校12所、医院3家。"
        "预计明年粮食产量超过500万吨，城镇新增就业4.2万人以上。")


def test_claims_are_the_records_init_would_build():
    claims = extract_claims(Report("d", TEXT))
    assert claims
    for c in claims:
        # (the fields extract_claims sets; the rest keep Claim's defaults)
        again = Claim(c.start, c.end, c.text, c.value, c.value_high, c.unit, c.qualifier, c.placeholder,
                      c.subject, c.target)
        assert c == again and repr(c) == repr(again)
        assert list(vars(c)) == list(vars(again))  # the rows are built from vars(): same column order
        assert hash(c) == hash(again)
        assert TEXT[c.start:c.end] == c.text


def test_claims_stay_frozen():
    c = extract_claims(Report("d", TEXT))[0]
    try:
        c.value = 0  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        return
    raise AssertionError("a Claim could be changed")


def test_cached_subject_finish_is_clean_of_final():
    for s in ("收入完成", "占全国的", "地区生产总值", "", "惠及", "新建学校和"):
        assert _finished(s) == clean(_final(s) if s[-1:] in _LOOSE_END else s)


def test_names_pattern_matches_what_the_alternation_matched():
    names = [row[0] for row in read_rows("claim_names.txt")]
    plain = re.compile(alternation(names))
    text = "".join(n + "与" + n[:-1] + "，" for n in names)
    assert [m.span() for m in patterns().names.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_a_lone_chinese_digit_skipped_unread_is_never_a_claim():
    """extract_claims skips a one-character candidate of _LONE_DIGITS with no list joint after
    it; reading it would give nothing, whatever stands around it."""
    afters = ["", "。", "，", "年", "是", "批", "个", "%", "“", ")", "\n", "X", "9", "是要"]
    befores = ["", "统", "达到", "超过", "第", "共", "“", "\n", "增长"]
    candidate = patterns().candidate
    tried = 0
    for digit in sorted(_LONE_DIGITS):
        for before in befores:
            for after in afters:
                text = before + digit + after
                for m in candidate.finditer(text):
                    if m.end() == m.start() + 1 and text[m.start()] in _LONE_DIGITS \
                            and text[m.end():m.end() + 1] not in LIST_JOINT:
                        tried += 1
                        assert read_candidate(m, text) == [], text
    assert tried > len(_LONE_DIGITS) * len(befores)
    assert not LIST_JOINT & set("".join(afters))


def test_quick_candidate_pattern_finds_what_the_plain_one_finds():
    """The lookaheads of the candidate pattern only spare alternatives that cannot match: on
    text built from every unit and post qualifier of the lexicons, with fractions, ranges and
    numbers glued to other characters, both patterns find the same spans and groups."""
    from reportnlp.extract.claims.patterns import candidate_pattern
    from reportnlp.extract.claims.words import qualifiers, units

    quick, plain = re.compile(candidate_pattern()), re.compile(candidate_pattern(quick=False))
    assert quick.pattern != plain.pattern
    numbers = ["3", "12.5", "一百二十", "三分之一", "16分之5", "二又三分之一", "百分之五", "3至5", "两",
               "十", "1万2千", "X", "分之", "又"]
    posts = [w for (w, pos) in qualifiers() if pos == "post"]
    pieces = []
    for i, unit in enumerate(sorted(units())):
        n = numbers[i % len(numbers)]
        pieces.append(f"{n}{unit}{posts[i % len(posts)]}，又{n}{unit}分之，")
    for n in numbers:
        for post in posts:
            pieces.append(f"达{n}{post}，{n}分{post}。")
    text = "".join(pieces)
    found = [(m.span(), m.groupdict()) for m in quick.finditer(text)]
    assert len(found) > len(units())
    assert found == [(m.span(), m.groupdict()) for m in plain.finditer(text)]
