"""extract/claims/context.py: each context rule is one function, and the Arabic fast path and
the general path (Chinese numerals, ranges) both follow it."""
from __future__ import annotations

import pytest

from reportnlp.extract.claims import extract_claims
from reportnlp.extract.claims.context import (counts_names, left_blocks, letter_after, list_size_before,
                                              points_back, qualifier_after_noun, qualifier_before, qualifier_of,
                                              ranked)
from reportnlp.extract.claims.words import units
from reportnlp.model import Report


def _claims(text):
    return [(c.text, c.value, c.unit, c.qualifier) for c in extract_claims(Report("t", text))]


def test_a_count_right_before_digits_counts_names():
    个, 户 = units()["个"], units()["户"]
    assert counts_names(个, False, "5个100工程", 2)
    assert not counts_names(户, False, "1036户2851人", 5)  # two counts
    assert counts_names(户, True, "两户20%", 2)  # in Chinese numerals any count classifier


def test_rank_words_before_a_number():
    名 = units()["名"]
    assert ranked(名, "全省排名前10名", 5)
    assert not ranked(名, "新增会员10名", 4)
    assert not ranked(units()["个"], "排名前10个", 3)


def test_the_lone_shang_and_guo_belong_to_the_word_before():
    text = "线上3000人，超过3000人"
    assert qualifier_before(text, 2, False) is None
    assert qualifier_before(text, 10, False).group() == "超过"
    # before a digitless magnitude 上 is a qualifier (上亿), unless 以 stands before it
    assert qualifier_before("带动上亿", 3, True).group() == "上"
    assert qualifier_before("30个以上亿", 6, True) is None


def test_a_qualifier_after_a_short_noun_bounds_the_count():
    text = "建成25个县（区）以上，"
    assert qualifier_after_noun(text, 5) == "以上"
    assert qualifier_after_noun("建成25个县，", 5) == ""
    assert qualifier_after_noun("建成25个县级以上示范区", 5) == ""  # not closing the phrase


def test_qualifier_order_pre_post_mid():
    assert qualifier_of("", "", "") == "exact"
    assert qualifier_of("超过", "以下", "") == qualifier_of("超过", "", "")
    assert qualifier_of("", "", "余") == "at_least"


def test_glued_numbers_and_letters():
    assert left_blocks("PM2.5", 2) and left_blocks("第3", 1) and left_blocks("G 20", 2)
    assert not left_blocks("共3", 1) and not left_blocks("3", 0)
    assert letter_after("5G网络", 1, "", None)
    assert not letter_after("5个G", 2, "个", units()["个"])


def test_a_small_count_after_a_list_of_names_points_back():
    text = "金平、屏边2个县"
    assert list_size_before(text, 5) == 2
    assert points_back(text, 5, 2.0)
    assert not points_back(text, 5, 3.0) and not points_back(text, 5, None)


@pytest.mark.parametrize("arabic, chinese", [
    ("全省排名前10名。", "全省排名前十名。"),          # ranked
    ("实施5个100工程。", "实施五个100工程。"),          # counts_names
    ("金平、屏边2个县。", "金平、屏边两个县。"),        # points_back
])
def test_one_rule_for_both_paths(arabic, chinese):
    assert _claims(arabic) == [] and _claims(chinese) == []


@pytest.mark.parametrize("text, unit, qualifier", [
    ("建成25个县（区）以上。", "个", "at_least"),
    ("建成二十五个县（区）以上。", "个", "at_least"),
    ("线上3000人参加。", "人", "exact"),
])
def test_qualifiers_read_the_same_on_both_paths(text, unit, qualifier):
    (claim,) = _claims(text)
    assert claim[2:] == (unit, qualifier)
