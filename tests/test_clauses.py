"""clauses.py: the one clause helper and its break sets; normalize.fold_table for both folds."""
from __future__ import annotations

from reportnlp.clauses import (CLAUSE_MARKS, LIST_CLAUSE_BREAK, SUBJECT_BREAK, TO_LAST_CLAUSE_MARK,
                               clause_before)
from reportnlp.normalize import FOLDABLE, fold, fold_table


def test_clause_before_stops_at_the_last_break():
    text = "去年，全市新建学校3所"
    assert clause_before(text, len(text) - 2) == "全市新建学校"
    assert clause_before("“十四五”时期新建3所", 9) == "时期新建"  # a quote breaks too


def test_the_list_break_keeps_a_list_of_names_whole():
    text = "其中，内官、首阳、王家河三座"
    start = text.index("三")
    assert clause_before(text, start) == "王家河"
    assert clause_before(text, start, breaks=LIST_CLAUSE_BREAK) == "内官、首阳、王家河"


def test_reach_bounds_the_window():
    text = "甲" * 50 + "5个"
    assert clause_before(text, 50) == "甲" * 40
    assert clause_before(text, 50, reach=24, breaks=SUBJECT_BREAK) == "甲" * 24


def test_every_clause_mark_breaks_in_both_widths():
    for mark in CLAUSE_MARKS:
        assert clause_before(f"前{mark}后", 3) == "后"
    assert fold("，；：！？") in CLAUSE_MARKS


def test_last_clause_is_the_comma_level_tail():
    text = "今年以来，全市；年均"
    assert text[TO_LAST_CLAUSE_MARK.match(text).end() - 1:] == "；年均"
    assert TO_LAST_CLAUSE_MARK.match("没有逗号") is None


def test_one_fold_table_drops_or_keeps_offsets():
    text = "ＧＤＰ增长\u200b６％"
    assert text.translate(fold_table()) == fold(text) == "GDP增长6%"
    kept = text.translate(fold_table(dropped=" "))
    assert len(kept) == len(text) and kept == "GDP增长 6%"
    assert set(fold_table()) == {ord(ch) for ch in FOLDABLE}
