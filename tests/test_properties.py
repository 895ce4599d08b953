"""Property tests: every extractor, on arbitrary report-like text, never raises and keeps its spans honest.

The text is built from what real reports are made of and what breaks parsers: Chinese
characters, full- and half-width punctuation and digits, template slots ([X], XX, ××,
++, **), quotes, brackets, newlines and very long lines.
"""
from __future__ import annotations

from dataclasses import fields

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportnlp.extract.claims import extract_claims
from reportnlp.extract.named import extract_named
from reportnlp.extract.placeholders import extract_placeholders
from reportnlp.model import Report
from reportnlp.normalize import fold_char, normalize
from reportnlp.pipeline import analyze_report
from reportnlp.sections import split_sections

PIECES = [
    "一、", "（二）", "(三)", "3.", "4、", "第一部分", "工作回顾", "存在的问题", "下一步工作打算",
    "全年", "完成", "增长", "达到", "亿元", "万元", "个", "人次", "公里", "亩", "%", "％", "个百分点",
    "力争", "确保", "同比", "以上", "左右", "约", "近", "多", "“", "”", "‘", "’", "《", "》", "「", "」",
    "\"", "'", "【", "】", "[", "]", "(", ")", "（", "）", "。", "，", "；", "：", "、", "！", "？", "…",
    "[X]", "[ X ]", "XX", "XXX", "×", "××", "++", "**", "***", "＿＿", "____", "○○", "□□", "X光",
    "2023年", "二〇二三年", "十四五", "1.2", "３５", "１２．５", "0", "100", "一百二十", "三分之一", "5-8",
    "乡村振兴", "美丽庭院", "巾帼", "行动", "工程", "活动", "四个意识", "两个维护", "坚持", "推进",
    "镇", "村", "妇联", "政府", "\n", "\n\n", "\r\n", "　", " ", "\t", "\u200b", "\ufeff",
]
CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
piece = st.one_of(st.sampled_from(PIECES), st.text(CHINESE, min_size=1, max_size=6),
                  st.text(ANY_CHAR, min_size=1, max_size=3))
report_texts = st.one_of(
    st.lists(piece, max_size=120).map("".join),
    # a very long line: one piece repeated with no newline
    st.tuples(st.lists(piece, min_size=1, max_size=6).map("".join), st.integers(200, 1500))
    .map(lambda t: t[0] * t[1]),
)

EXTRACTORS = [split_sections, extract_claims, extract_named, extract_placeholders]
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def span_text(record):
    return record.heading if hasattr(record, "heading") else record.text


@pytest.mark.parametrize("extract", EXTRACTORS, ids=lambda f: f.__name__)
@SETTINGS
@given(text=report_texts)
def test_extractor_spans_are_valid_sorted_and_deterministic(extract, text):
    report = Report(doc_id="p", text=text, meta={"year": 2023})
    before = (report.text, dict(report.meta))
    records = extract(report)
    assert (report.text, dict(report.meta)) == before  # input unchanged
    assert isinstance(records, list)
    for record in records:
        assert 0 <= record.start <= record.end <= len(text)
        assert text[record.start:record.end] == span_text(record)
        if hasattr(record, "body_end"):
            assert record.end <= record.body_end <= len(text)
    starts = [r.start for r in records]
    assert starts == sorted(starts)
    again = extract(Report(doc_id="p", text=text, meta={"year": 2023}))
    assert [tuple(getattr(r, f.name) for f in fields(r)) for r in again] == \
        [tuple(getattr(r, f.name) for f in fields(r)) for r in records]


@SETTINGS
@given(text=report_texts)
def test_analyze_report_never_raises_and_rows_point_at_text(text):
    rows = analyze_report(Report(doc_id="p", text=text))
    assert len(rows["documents"]) == 1 and rows["documents"][0]["chars"] == len(text)
    for table in ("claims", "named", "placeholders"):
        for row in rows[table]:
            assert text[row["start"]:row["end"]] == row["text"]
    section_ids = {row["section_id"] for row in rows["sections"]}
    for table in ("claims", "named", "placeholders"):
        assert {row["section_id"] for row in rows[table]} <= section_ids | {None}


def _fold_reference(text):
    out, index = [], []
    for i, ch in enumerate(text):
        folded = fold_char(ch)
        if folded:
            out.append(folded)
            index.append(i)
    return "".join(out), tuple(index)


@SETTINGS
@given(text=st.one_of(report_texts, st.text(st.sampled_from("ａＺ０９！～　\u00a0\u200b\u200d\ufeff\u00ad中。x\n"))))
def test_normalize_equals_folding_one_character_at_a_time(text):
    normalized = normalize(text)
    assert (normalized.text, tuple(normalized.to_original)) == _fold_reference(text)
    assert normalized.original_length == len(text)


# --- extract_named's requoted names: the one-pass scan finds what str.find per name finds ---

_FORMULA_BITS = ["三", "四", "个", "严", "实", "一", "十", "条", "外资", "第", "两", "3", "意识", "，"]


def _requoted_both_ways(text, names):
    from reportnlp.extract import named

    saved = named._REQUOTE_FIND_MAX
    try:
        named._REQUOTE_FIND_MAX = 10**9
        by_find = named._requoted(text, names)
        named._REQUOTE_FIND_MAX = 0
        by_scan = named._requoted(text, names)
    finally:
        named._REQUOTE_FIND_MAX = saved
    return by_find, by_scan


def test_requoted_scan_finds_formulas_anywhere_in_the_text():
    names = ["三严三实", "四个意识", "外资十条", "两学一做"]
    text = "落实三严三实，增强四个意识，十三严三实不算；外资十条和两学一做。" * 3
    by_find, by_scan = _requoted_both_ways(text, names)
    assert by_scan == by_find
    assert [text[s:e] for s, e, _ in by_scan] == ["三严三实", "四个意识", "外资十条", "两学一做"] * 3


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(_FORMULA_BITS), min_size=2, max_size=5).map("".join),
                min_size=1, max_size=40),
       st.lists(st.sampled_from(_FORMULA_BITS + ["。", "\n", "推进"]), max_size=300).map("".join))
def test_requoted_scan_by_numerals_matches_find_per_name(names, text):
    by_find, by_scan = _requoted_both_ways(text, names)
    assert by_scan == by_find
