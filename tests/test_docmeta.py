"""Document metadata from the title block: delivery date, title, level, place, parent, year warning."""
from __future__ import annotations


import pandas as pd
import pytest

from reportnlp import docmeta, pipeline
from reportnlp.docmeta import delivered_date, report_title, year_warning
from reportnlp.io import read_report

from conftest import SHARED

REAL = SHARED / "corpus" / "real"
BODY = "\n各位代表：\n现在，我代表市人民政府向大会报告工作，请予审议。\n一、过去一年工作回顾\n全市生产总值增长6.1%。\n"


@pytest.mark.parametrize("head, expected", [
    ("政府工作报告\n——2020年5月22日在第十三届全国人民代表大会第三次会议上\n国务院总理　某某", "2020-05-22"),
    ("——二〇二一年一月十二日在某某市第十五届人民代表大会第五次会议上", "2021-01-12"),
    ("政府工作报告\n（二○一九年十二月三十日）", "2019-12-30"),
    ("——二0二0年一月五日在某某市第五届人民代表大会第四次会议上", "2020-01-05"),
    ("——２０２２年１月８日在某某市第十七届人民代表大会第一次会议上", "2022-01-08"),
    ("政府工作报告（2012年2月1日在某某省第十一届人民代表大会第五次会议上 省长某某）", "2012-02-01"),
    ("2025年1月20日在某某省第十四届人民代表大会第三次会议上某某省人民政府省长 某某作政府工作报告", "2025-01-20"),
    ("2006年1月\n6日在某某市第十一届人民代表大会第四次会议上", "2006-01-06"),  # a dateline broken in two
    ("——在某某市第十四届人民代表大会第三次会议上\n市长 某某", None),
])
def test_delivered_date_from_the_dateline(head, expected):
    assert delivered_date(head + BODY) == expected


def test_dates_in_the_body_are_not_the_delivery_date():
    text = "政府工作报告\n各位代表：\n一、工作回顾\n2019年3月1日起实施新条例，全年完成投资20亿元。\n" + "正文。" * 50
    assert delivered_date(text) is None


def test_a_signature_date_at_the_end_is_no_dateline_but_fills_documents_delivered():
    text = "某镇妇联2021年工作总结\n一、主要工作\n培训妇女300人次。\n某镇妇女联合会\n二〇二一年十二月二十日\n"
    assert delivered_date(text) is None  # a year-end summary signed in December plans nothing
    assert docmeta.signature_date(text) == "2021-12-20"
    meta = docmeta.document_meta(text, {"year": 2020}, "file name")
    assert meta["delivered"] == "2021-12-20" and meta["year_warning"] == ""


def test_web_page_chrome_does_not_use_up_the_title_block():
    chrome = "当前位置：\n首页\n>\n要闻\n发表时间：\n2026-02-09 09:45:30\n来源：\n某某日报\n阅读量：\n【字体：\n小\n中\n大\n】\n"
    text = chrome + "政府工作报告\n——2026年2月3日在某某自治区第十三届人民代表大会第四次会议上\n" + BODY
    assert delivered_date(text) == "2026-02-03"
    assert report_title(text) == ("政府工作报告", "text")


def test_impossible_dates_are_not_dates():
    assert delivered_date("政府工作报告\n——2021年2月30日在某某市会议上" + BODY) is None


@pytest.mark.parametrize("head, title, source", [
    ("政府工作报告\n——2020年5月22日在第十三届全国人民代表大会第三次会议上\n国务院总理　某某", "政府工作报告", "text"),
    ("下载\n打印\n全屏\n【字号：\n加大\n】\n2026年某某省政府工作报告\n——2026年2月5日在某某省会议上\n来源：某某日报",
     "2026年某某省政府工作报告", "text"),
    ("1990年政府工作报告\n为我国政治经济和社会的进一步稳定发展而奋斗\n——1990年3月20日在第七届全国人民代表大会第三次会议上",
     "1990年政府工作报告", "text"),
    ("关于某某市国民经济和社会发展\n第十一个五年规划纲要的报告\n——2006年2月15日在市十一届人大五次会议上",
     "关于某某市国民经济和社会发展第十一个五年规划纲要的报告", "text"),
    ("团结奋进　开拓创新\n——2001年2月7日在某某省第九届人民代表大会第四次会议上", "团结奋进　开拓创新", "text"),
    ("政  府  工  作  报  告\n——2021年1月28日在某某省会议上", "政府工作报告", "text"),
    ("《政府工作报告》\n——2021年1月28日在某某省会议上", "政府工作报告", "text"),
    ("原标题：某某市政府工作报告\n——2021年1月28日在某某市会议上", "某某市政府工作报告", "text"),
    ("政府工作报告（2012年2月1日在某某省第十一届人民代表大会第五次会议上 省长某某）", "政府工作报告", "text"),
    ("某某市人民政府关于印发某某市长所作《政府工作报告》的通知\n各区、县人民政府：", "政府工作报告", "text"),
    # no title line: the dateline, the speaker and the salutation are never the title
    ("——2022年1月6日在某某市第七届人民代表大会第一次会议上\n市长 某某", "政府工作报告", "inferred"),
    ("市长　李兵\n2021年1月14日", "政府工作报告", "inferred"),
])
def test_title_is_the_title_line_never_the_dateline_or_salutation(head, title, source):
    assert report_title(head + BODY, "某某市人民政府") == (title, source)


def test_no_title_at_all_is_empty():
    assert report_title("全年完成投资20亿元。\n新增就业300人。\n") == ("", "")


@pytest.mark.parametrize("delivered, year, source, warned", [
    ("2018-01-26", 2017, "manifest", True),     # the report of 2018 in a file labelled 2017
    ("2018-01-26", 2018, "manifest", False),
    ("2022-12-30", 2023, "file name", False),   # a December session plans the next year
    ("2011-11-15", 2012, "manifest", False),
    ("2020-05-22", 2020, "file name", False),
    ("2019-03-05", 2021, "manifest", True),
    ("2018-01-26", 2017, "text", False),        # the year came from the text itself: nothing to contradict
    (None, 2017, "manifest", False),
])
def test_year_warning(delivered, year, source, warned):
    note = year_warning(delivered, year, source)
    assert bool(note) is warned
    if warned:
        assert delivered in note and str(year) in note


@pytest.mark.parametrize("name, level", [
    ("中国", "national"), ("湖南省", "province"), ("北京市", "province"), ("长沙市", "city"),
    ("黔东南苗族侗族自治州", "city"), ("浏阳县", "county"), ("桑溪镇", "township"), ("澄湖街道", "township"),
    ("杏坪村", "village"), ("", ""),
])
def test_level_of_a_place_name(name, level):
    assert docmeta.level_of_name(name) == level


def test_parent_from_the_regions_lexicon_and_from_manifest_paths():
    assert docmeta.place_and_parent({}, "city", "长沙市") == ("长沙市", "湖南省")
    assert docmeta.place_and_parent({}, "province", "湖南省") == ("湖南省", "中国")
    assert docmeta.place_and_parent({"region": "广东省/广州市"}, "city") == ("广州市", "广东省")
    assert docmeta.place_and_parent({}, "national") == ("中国", "")
    assert docmeta.place_and_parent({"township": "某镇", "county": "某县"}, "township") == ("某镇", "某县")


def test_every_lexicon_city_has_a_province_parent():
    regions = docmeta.regions()
    for name, level in regions.level.items():
        if level == "city":
            assert regions.level[regions.parent[name]] == "province", name


@pytest.mark.parametrize("text, level, place, parent", [
    ("政府工作报告\n——2020年1月7日在河北省第十三届人民代表大会第三次会议上\n", "province", "河北省", "中国"),
    ("政府工作报告\n——2023年1月5日在孝感市第七届人民代表大会第三次会议上\n", "city", "孝感市", "湖北省"),
    ("政府工作报告\n（2022年12月30日在黔东南州第十五届人民代表大会第二次会议上）\n", "city", "黔东南苗族侗族自治州", "贵州省"),
    ("政府工作报告\n——2020年5月22日在第十三届全国人民代表大会第三次会议上\n", "national", "中国", ""),
    ("某溪镇人民政府工作报告\n——2021年1月14日在某溪镇第十七届人民代表大会第五次会议上\n", "township", "某溪镇", ""),
])
def test_level_place_and_parent_guessed_without_a_manifest(tmp_path, text, level, place, parent):
    path = tmp_path / "report_2020.txt"
    path.write_text(text + BODY, encoding="utf-8")
    meta = read_report(path).meta
    assert (meta["level"], meta["place"], meta["parent"]) == (level, place, parent)


def test_documents_table_has_the_new_columns_and_the_manifest_level_wins(tmp_path):
    (tmp_path / "manifest.csv").write_text("file,level,region,year\nx.txt,city,湖南省/长沙市,2017\n", encoding="utf-8")
    (tmp_path / "x.txt").write_text("政府工作报告\n——2018年1月26日在长沙市第十五届人民代表大会第二次会议上\n" + BODY,
                                    encoding="utf-8")
    documents = pipeline.analyze([tmp_path]).documents
    row = documents.iloc[0]
    assert {"delivered", "level", "parent", "place", "title_source", "year_warning"} <= set(documents.columns)
    assert (row["title"], row["delivered"], row["level"], row["place"], row["parent"]) == \
        ("政府工作报告", "2018-01-26", "city", "长沙市", "湖南省")
    assert "2018-01-26" in row["year_warning"]


def test_analyze_prints_a_line_for_contradicting_years(tmp_path):
    from click.testing import CliRunner

    from reportnlp.cli import main

    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "city_2017.txt").write_text("政府工作报告\n——2018年1月26日在某某市会议上\n" + BODY, encoding="utf-8")
    (corpus / "city_2019.txt").write_text("政府工作报告\n——2019年1月20日在某某市会议上\n" + BODY, encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "1 documents delivered in another year" in result.output
    assert "city_2017" in result.output and "city_2019:" not in result.output


@pytest.mark.skipif(not (REAL / "MANIFEST.csv").is_file(), reason="../shared/corpus/real not present")
def test_real_corpus_titles_and_dates():
    """Titles are never a dateline or a salutation; most reports have a delivery date."""
    manifest = pd.read_csv(REAL / "MANIFEST.csv")
    sample = manifest[manifest["file"].str.startswith("lawtext-gov/")].sample(200, random_state=3)
    metas = [read_report(REAL / f).meta for f in sample["file"]]
    titles = [m["title"] for m in metas]
    assert not [t for t in titles if t.startswith(("——", "各位代表")) or docmeta.find_dates(t)]
    assert sum(bool(m["delivered"]) for m in metas) >= 0.8 * len(metas)
    assert all(m["level"] in ("national", "province", "city") for m in metas)
    cities = [m for m in metas if m["level"] == "city"]
    assert all(m["parent"] and m["parent"].endswith(("省", "自治区")) for m in cities)


@pytest.mark.parametrize("text, level, place", [
    # no place in the title block: the government that speaks, then the place of that level most named
    ("各位代表：\n现在，我代表省人民政府向大会报告工作。过去一年，在中共江西省委领导下，江西经济稳步增长，"
     "与湖南省的合作加深，江西省全年生产总值增长6%。\n", "province", "江西省"),
    ("各位代表：\n现在，我代表市人民政府向大会报告工作。北京市全年生产总值增长5%。\n", "province", "北京市"),
    ("各位代表：\n现在，我代表国务院向大会报告政府工作。\n", "national", "中国"),
    # a generic word is no place: 在自治区第九届人民代表大会 names none
    ("——2008年1月20日在自治区第十届人民代表大会第一次会议上\n各位代表：\n现在，我代表自治区人民政府向大会报告工作，"
     "宁夏回族自治区全年生产总值增长12%。\n", "province", "宁夏回族自治区"),
])
def test_place_from_the_opening_when_the_title_block_names_none(text, level, place):
    meta = docmeta.document_meta(text, {}, "")
    assert (meta["level"], meta["place"]) == (level, place)
