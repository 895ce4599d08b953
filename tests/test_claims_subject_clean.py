"""extract/claims/subject_clean.py: a claim's subject never opens with a function word or punctuation
and never keeps half a pair of quotes; words that only begin like a function word stay."""
from __future__ import annotations

import pytest

from reportnlp.extract.claims import extract_claims
from reportnlp.extract.claims.subject_clean import clean
from reportnlp.model import Report


@pytest.mark.parametrize("raw, subject", [
    ("和省级美丽县城", "省级美丽县城"), ("以及农村公路", "农村公路"), ("并新建学校", "新建学校"),
    ("、人均收入", "人均收入"), ("其中，农村居民收入", "农村居民收入"), ("“美丽乡村", "美丽乡村"),
    ("而且并新增企业", "新增企业"), ("等政策措施", "政策措施"), ("——地方财政收入", "地方财政收入"),
    # words that only begin like a function word, and phrases that belong to the noun
    ("和平村集体收入", "和平村集体收入"), ("同比增长率", "同比增长率"), ("并网光伏装机", "并网光伏装机"),
    ("对欧盟出口增长", "对欧盟出口增长"), ("在校学生", "在校学生"), ("给予处分", "给予处分"),
    # an adverb left at the end by a cut verb, and words that only end like one
    ("旅客周转量将", "旅客周转量"), ("分布在内地的将有", "分布在内地"), ("粮食产量就", "粮食产量"),
    ("人均", "人均"), ("了不起的成就", "了不起的成就"), ("即将投产项目", "即将投产项目"),
    ("现有", "现有"), ("竣工面积可", "竣工面积"), ("发放取水许可", "发放取水许可"),
    # discourse openers, list numbers and a stray 的 at the start (1950s prose, outlines)
    ("例如钢", "钢"), ("(五)国家储备支出", "国家储备支出"), ("18.行政执法制度", "行政执法制度"),
    ("的危害损失率", "危害损失率"), ("一是粮食产量", "粮食产量"), ("的士司机", "的士司机"),
    ("1.5倍", "1.5倍"),
    # a subject that only frames the claim names nothing: empty, unless it says when
    ("同比增长", ""), ("即将", ""), ("即增产", ""), ("已经", ""), ("共", ""),
    ("比一九五七年", "比一九五七年"), ("去年", "去年"),
    # nothing left: unchanged
    ("和", "和"), ("", ""),
])
def test_clean(raw, subject):
    assert clean(raw) == subject


@pytest.mark.parametrize("subject, frame", [
    ("比一九五七年", True), ("到去年十一月", True), ("一九五三年比一九五〇年增加了", True), ("即增产", True),
    ("已经", True), ("1956年全国完成了", False), ("钢产量", False), ("", False),
])
def test_frame_only(subject, frame):
    from reportnlp.extract.claims.subject_clean import frame_only
    assert frame_only(subject) is frame


def test_the_second_of_two_joined_claims_has_its_own_noun():
    text = "全县创建国家园林县城2个和省级美丽县城4个。"
    subjects = {c.text: c.subject for c in extract_claims(Report(doc_id="d", text=text))}
    assert subjects["4个"] == "省级美丽县城"
    assert subjects["2个"].endswith("国家园林县城")  # not the next item's noun
