"""Indicators, scope/period, targets from the section tree and the headline table."""
import csv
import math

import pandas as pd
import pytest

import reportnlp
from reportnlp.docmeta import delivered_date
from reportnlp.evaluate import evaluate
from reportnlp.extract.claims import extract_claims
from reportnlp.extractors import BY_NAME
from reportnlp.indicators import indicators, link_claims
from reportnlp.model import Report
from reportnlp.periods import plan_year, scope_period
from reportnlp.pipeline import analyze_report

from conftest import SHARED

NATIONAL = SHARED / "corpus" / "real" / "lawtext-gov"
HEADLINE_DEV = SHARED / "gold" / "headline_dev"

# A made-up county report: a review part, a plans part, and the usual traps.
_REPORT = """青禾县人民政府工作报告
——2024年1月15日在青禾县第十八届人民代表大会第三次会议上
一、2023年工作回顾
全县地区生产总值达到320亿元，比上年增长5.6%；一般公共预算收入18亿元，同口径增长4.2%。
城镇居民人均可支配收入和农村居民人均可支配收入分别达到42000元和21000元，分别增长5.1%和6.8%。
城镇新增就业1.2万人，城镇登记失业率控制在3.5%以内。固定资产投资下降2.4%。
较好地完成了县十八届人大二次会议确定的各项目标任务，社会消费品零售总额增长6%，超过预期目标。
开发区地区生产总值增长9%，工业投资增长12%，第一季度地区生产总值增长4%。
五年来，城镇新增就业累计5.6万人，地区生产总值年均增长6.2%。
二、2024年工作安排
今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，一般公共预算收入增长3%以上，
城乡居民人均可支配收入分别增长6%和7%，居民消费价格涨幅3%左右，城镇登记失业率控制在4.5%以内，
粮食总产量稳定在52万吨以上，单位地区生产总值能耗下降2.5%，PM2.5平均浓度控制在30微克/立方米。
固定资产投资增长6%—8%。
"""


@pytest.fixture(scope="module")
def county():
    report = Report("qinghe_2024_gov", _REPORT, meta={"year": 2024})
    return analyze_report(report)


def _rows(rows, **match):
    return [r for r in rows if all(r[k] == v for k, v in match.items())]


def test_the_lexicon_has_the_twelve_headline_indicators_with_directions():
    twelve = {"gdp_growth", "gdp_level", "budget_revenue_growth", "fai_growth", "retail_growth", "cpi",
              "urban_jobs", "unemployment", "urban_income_growth", "rural_income_growth",
              "energy_intensity", "grain_output"}
    table = indicators()
    assert twelve <= {i for i, ind in table.items() if ind.headline}
    assert {"urbanisation_rate", "forest_cover", "pm25", "industry_va_growth", "trade_growth",
            "rd_share"} <= set(table)
    assert table["unemployment"].direction == "ceiling" and table["pm25"].direction == "lower"
    assert table["gdp_growth"].direction == "higher"


@pytest.mark.parametrize("text, expected", [
    ("地区生产总值增长8%。", "gdp_growth"),
    ("全市生产总值增长8%。", "gdp_growth"),
    ("国内生产总值增长8%。", "gdp_growth"),
    ("经济增长8%。", "gdp_growth"),
    ("地区生产总值达到120亿元。", "gdp_level"),
    ("居民消费价格涨幅3%左右。", "cpi"),
    ("PM2.5平均浓度下降5%。", "pm25"),
    ("新建5G基站1200个。", "5g_base_stations"),
    ("城镇化率达到60%。", "urbanisation_rate"),
])
def test_variants_merge_into_one_indicator_and_names_keep_their_digits(text, expected):
    claims = extract_claims(Report("x", text))
    links = link_claims(text, claims)
    assert links[-1] is not None and links[-1].ids[0] == expected


def test_a_level_and_its_growth_in_one_sentence(county):
    gdp = {r["indicator"]: r for r in _rows(county["headline"], kind="result") if r["indicator"].startswith("gdp")}
    assert gdp["gdp_level"]["value"] == 320 and gdp["gdp_level"]["unit"] == "亿元"
    assert gdp["gdp_growth"]["value"] == 5.6 and gdp["gdp_growth"]["period"] == "2023"


def test_names_shared_out_over_a_list_of_numbers(county):
    results = {r["indicator"]: r["value"] for r in _rows(county["headline"], kind="result")}
    assert results["urban_income_growth"] == 5.1 and results["rural_income_growth"] == 6.8
    targets = {r["indicator"]: r["value"] for r in _rows(county["headline"], kind="target")}
    assert targets["urban_income_growth"] == 6 and targets["rural_income_growth"] == 7


def test_results_are_not_targets_because_their_sentence_says_target(county):
    retail = _rows(county["headline"], indicator="retail_growth")
    assert [(r["kind"], r["value"]) for r in retail] == [("result", 6)]
    by_text = {c["text"]: c for c in county["claims"]}
    assert by_text["1.2万人"]["target"] is False and by_text["5.5%左右"]["target"] is True


def test_parts_sub_periods_averages_and_totals_are_not_headline_statements(county):
    values = {(r["indicator"], r["kind"], r["value"]) for r in county["headline"]}
    assert ("gdp_growth", "result", 9) not in values  # 开发区
    assert ("gdp_growth", "result", 4) not in values  # 第一季度
    assert ("gdp_growth", "result", 6.2) not in values  # 年均
    assert ("urban_jobs", "result", 5.6) not in values  # 累计
    assert not _rows(county["headline"], indicator="fai_growth", kind="result", value=12)


def test_scope_and_period_of_averages_and_totals(county):
    by_text = {c["text"]: c for c in county["claims"]}
    assert (by_text["6.2%"]["scope"], by_text["6.2%"]["period"]) == ("average", "2019-2023")
    assert (by_text["5.6万人"]["scope"], by_text["5.6万人"]["period"]) == ("cumulative", "2019-2023")
    assert (by_text["5.6%"]["scope"], by_text["5.6%"]["period"]) == ("year", "2023")
    assert by_text["5.5%左右"]["period"] == "2024"


def test_qualifiers_declines_and_ranges(county):
    rows = {(r["indicator"], r["kind"]): r for r in county["headline"]}
    assert rows[("unemployment", "result")]["qualifier"] == "at_most"
    assert rows[("gdp_growth", "target")]["qualifier"] == "approx"
    assert rows[("budget_revenue_growth", "target")]["qualifier"] == "at_least"
    assert rows[("budget_revenue_growth", "result")]["measure"] == "一般公共预算收入"
    assert rows[("grain_output", "target")]["qualifier"] == "at_least"
    assert rows[("grain_output", "target")]["unit"] == "万吨"
    assert rows[("fai_growth", "result")]["value"] == -2.4  # 下降: a decline
    assert rows[("energy_intensity", "target")]["value"] == 2.5  # the indicator's own fall
    fai = rows[("fai_growth", "target")]
    assert (fai["value"], fai["value_high"], fai["qualifier"]) == (6, 8, "range")
    assert not _rows(county["headline"], indicator="pm25")  # not a headline indicator


def test_an_explicit_no_target_statement_is_a_none_stated_row():
    text = ("政府工作报告\n一、2023年工作回顾\n地区生产总值增长4%。\n二、2024年工作安排\n"
            "综合考虑各方面因素，我们没有提出全年经济增速具体目标。城镇新增就业900万人以上。\n")
    rows = analyze_report(Report("x_2024", text, meta={"year": 2024}))["headline"]
    none = _rows(rows, qualifier="none_stated")
    assert [(r["indicator"], r["kind"], r["period"], r["value"]) for r in none] == \
        [("gdp_growth", "target", "2024", None)]
    assert text[none[0]["start"]:none[0]["end"]].startswith("我们没有提出")


def test_a_past_year_paragraph_in_a_plans_part_reports_results():
    text = ("政府工作报告\n一、过去五年工作回顾\n五年来，城镇新增就业累计5000万人。\n"
            "二、2011年的工作\n2011年是开局之年。过去一年，各项工作取得很大成绩。"
            "国内生产总值增长10.3%，城镇新增就业1168万人。\n今年的主要预期目标是：国内生产总值增长8%左右。\n")
    rows = analyze_report(Report("x_2011", text, meta={"year": 2011}))["headline"]
    assert {(r["kind"], r["value"]) for r in _rows(rows, indicator="gdp_growth")} == \
        {("result", 10.3), ("target", 8)}
    assert [r["period"] for r in _rows(rows, indicator="urban_jobs")] == ["2010"]


def test_plan_year_follows_the_delivery_date():
    assert delivered_date("政府工作报告\n——2022年12月19日在市第十七届人民代表大会上\n") == "2022-12-19"
    assert delivered_date("二〇二四年一月二十一日在市人民代表大会上\n") == "2024-01-21"
    assert delivered_date("政府工作报告\n各位代表：\n") is None
    assert plan_year(2023, "2022-12-19") == 2023
    assert plan_year(2017, "2018-01-26") == 2018
    assert plan_year(2020, None) == 2020


def test_this_year_in_a_december_report_is_the_year_under_review():
    text = "今年全市地区生产总值增长6%。"
    assert scope_period(text, text.index("6%"), False, 2023, december=True) == ("year", "2022")
    assert scope_period(text, text.index("6%"), False, 2023, december=False) == ("year", "2023")
    text = "十三五期间，地区生产总值年均增长7%。"
    assert scope_period(text, text.index("7%"), False, 2021) == ("average", "2016-2020")


def test_the_sample_corpus_has_a_headline_table():
    analysis = reportnlp.analyze()
    headline = analysis.headline
    columns = list(BY_NAME["headline"].columns)
    assert list(headline.columns[:len(columns)]) == columns
    assert set(headline["kind"]) == {"target", "result"}
    docs = analysis.documents.set_index("doc_id")
    from reportnlp.io import read_report

    texts = {d: read_report(docs.loc[d, "path"]).text for d in set(headline["doc_id"])}
    for row in headline.to_dict("records"):
        assert texts[row["doc_id"]][row["start"]:row["end"]] == row["text"]
        year = docs.loc[row["doc_id"], "year"]
        assert int(row["period"]) == (year if row["kind"] == "target" else year - 1)
    # every government report of the sample states a GDP or budget target
    gov = [d for d in docs.index if d.endswith("_gov")]
    targets = headline[headline["kind"] == "target"]
    assert set(gov) <= set(targets["doc_id"])
    claims = analysis.claims
    assert {"indicator", "scope", "period"} <= set(claims.columns)
    behind = headline.merge(claims, on=["doc_id", "start", "end"], suffixes=("", "_claim"))
    assert len(behind) == len(headline)  # every headline row is a claim of the same span
    assert (behind["scope"] == "year").all() and (behind["period"] == behind["period_claim"]).all()
    assert set(claims.loc[claims["indicator"] != "", "scope"]) <= {"year", "cumulative", "average"}


def test_evaluate_scores_a_headline_gold_file(tmp_path):
    text = _REPORT
    (tmp_path / "qinghe_2024_gov.txt").write_text(text, encoding="utf-8")
    start = text.index("5.5%左右")
    rows = [
        {"doc_id": "qinghe_2024_gov", "indicator": "gdp_growth", "kind": "target", "period_year": "2024",
         "value": "5.5", "value_high": "", "qualifier": "approx", "unit": "%", "measure": "",
         "evidence": "地区生产总值增长5.5%左右", "start": str(start), "note": ""},
        {"doc_id": "qinghe_2024_gov", "indicator": "cpi", "kind": "result", "period_year": "2023",
         "value": "2", "value_high": "", "qualifier": "exact", "unit": "%", "measure": "",
         "evidence": "物价", "start": "0", "note": ""},
    ]
    with open(tmp_path / "headline_gold.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    metrics, misses = evaluate(tmp_path)
    m = metrics.set_index(["kind", "metric"])
    assert m.loc[("headline", "target"), "recall"] == 1.0
    assert m.loc[("headline", "target"), "precision"] < 1.0  # the other targets are not in this gold
    assert m.loc[("headline", "result"), "recall"] == 0.0
    assert m.loc[("headline", "value"), "accuracy"] == 1.0
    assert (misses["type"] == "missed").sum() == 1


# --- on the shared corpus -------------------------------------------------------------------

# The State Council's GDP and CPI targets 2005–2025 (value, value_high, qualifier) and the
# previous year's GDP growth as each report states it (None: not stated as one year's figure).
_NATIONAL = {
    2005: ((8, None, "approx"), (4, "at_most"), 9.5), 2006: ((8, None, "approx"), (3, "at_most"), 9.9),
    2007: ((8, None, "approx"), (3, "at_most"), 10.7), 2008: ((8, None, "approx"), (4.8, "approx"), None),
    2009: ((8, None, "approx"), (4, "approx"), 9), 2010: ((8, None, "approx"), (3, "approx"), 8.7),
    2011: ((8, None, "approx"), (4, "approx"), 10.3), 2012: ((7.5, None, "exact"), (4, "approx"), 9.2),
    2013: ((7.5, None, "approx"), (3.5, "approx"), 7.8), 2014: ((7.5, None, "approx"), (3.5, "approx"), 7.7),
    2015: ((7, None, "approx"), (3, "approx"), 7.4), 2016: ((6.5, 7, "range"), (3, "approx"), 6.9),
    2017: ((6.5, None, "approx"), (3, "approx"), 6.7), 2018: ((6.5, None, "approx"), (3, "approx"), 6.9),
    2019: ((6, 6.5, "range"), (3, "approx"), 6.6), 2020: ((None, None, "none_stated"), (3.5, "approx"), 6.1),
    2021: ((6, None, "at_least"), (3, "approx"), 2.3), 2022: ((5.5, None, "approx"), (3, "approx"), 8.1),
    2023: ((5, None, "approx"), (3, "approx"), 3), 2024: ((5, None, "approx"), (3, "approx"), 5.2),
    2025: ((5, None, "approx"), (2, "approx"), 5),
}


def _value(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


@pytest.mark.skipif(not NATIONAL.is_dir(), reason="shared corpus not available")
@pytest.mark.parametrize("year", sorted(_NATIONAL))
def test_state_council_gdp_and_cpi_targets_and_last_years_gdp(year):
    from reportnlp.io import read_report

    path = NATIONAL / f"national_china_{year}.txt"
    if not path.exists():
        pytest.skip(f"{path.name} not in the shared corpus")
    rows = pd.DataFrame(analyze_report(read_report(path))["headline"])
    gdp_target, cpi_target, gdp_result = _NATIONAL[year]
    gdp = rows[(rows["indicator"] == "gdp_growth") & (rows["kind"] == "target")]
    assert len(gdp) >= 1
    # every GDP target row (restatements included) is the year's target, and no other
    assert {(_value(r.value), _value(r.value_high), r.qualifier, r.period) for r in gdp.itertuples()} == \
        {(_value(gdp_target[0]), _value(gdp_target[1]), gdp_target[2], str(year))}
    cpi = rows[(rows["indicator"] == "cpi") & (rows["kind"] == "target")]
    assert {(_value(r.value), r.qualifier) for r in cpi.itertuples()} == {(float(cpi_target[0]), cpi_target[1])}
    result = rows[(rows["indicator"] == "gdp_growth") & (rows["kind"] == "result")]
    if gdp_result is None:
        assert result.empty
    else:
        assert {(_value(r.value), r.period) for r in result.itertuples()} == {(float(gdp_result), str(year - 1))}


@pytest.mark.skipif(not (HEADLINE_DEV / "headline_gold.csv").is_file(), reason="shared headline gold not available")
def test_headline_dev_scores():
    metrics, _ = evaluate(HEADLINE_DEV, texts=NATIONAL)
    m = metrics.set_index(["kind", "metric"])
    assert m.loc[("headline", "target"), "f1"] >= 0.95
    assert m.loc[("headline", "result"), "f1"] >= 0.95
    assert m.loc[("headline", "value"), "accuracy"] >= 0.97
    assert m.loc[("headline", "qualifier"), "accuracy"] >= 0.95
    assert m.loc[("headline", "period"), "accuracy"] >= 0.95


@pytest.mark.parametrize("heading, kind", [
    ("一、回顾2023年目标任务", "review"),
    ("一、去年目标任务完成情况", "review"),
    ("一、2024年目标任务", "plans"),
    ("一、2023年工作回顾和2024年目标任务", "plans"),
])
def test_a_review_part_whose_heading_names_goals_stays_review(heading, kind):
    from reportnlp.sections import split_sections

    text = f"政府工作报告\n{heading}\n全县地区生产总值增长5%。\n二、2024年工作安排\n地区生产总值增长6%。\n"
    sections = split_sections(Report("x", text, meta={"year": 2024}))
    assert sections[0].kind == kind
    claims = extract_claims(Report("x", text, meta={"year": 2024}), sections)
    assert claims[0].target is (kind == "plans")


def test_a_vision_year_in_another_heading_does_not_make_this_years_work_a_review():
    from reportnlp.sections import split_sections

    text = ("政府工作报告\n一、2020年工作回顾\n地区生产总值增长4%。\n二、“十四五”目标任务和2035年远景目标\n"
            "到2025年，城镇化率达到60%。\n三、2021年主要工作\n地区生产总值增长7%。\n")
    kinds = [s.kind for s in split_sections(Report("x", text, meta={"year": 2021})) if s.level == 1]
    assert kinds == ["review", "plans", "plans"]


def test_a_stated_goal_is_a_target_even_where_the_part_looks_back():
    text = "一、2022年工作回顾\n全市地区生产总值增长5%。今年主要预期目标是：地区生产总值增长6%左右。\n"
    claims = {c.text: c.target for c in extract_claims(Report("x", text, meta={"year": 2023}))}
    assert claims == {"5%": False, "6%左右": True}


def test_a_restated_growth_goal_without_its_name_is_a_repeat_of_the_gdp_target():
    text = ("政府工作报告\n二、2014年工作安排\n今年主要预期目标是：国内生产总值增长7.5%左右，居民消费价格涨幅3.5%左右。\n"
            "把增长预期目标定在7.5%左右，考虑了需要和可能。把物价预期目标定在3%左右。\n")
    rows = analyze_report(Report("x", text, meta={"year": 2014}))["headline"]
    gdp = [(r["value"], r["qualifier"]) for r in rows if r["indicator"] == "gdp_growth"]
    assert gdp == [(7.5, "approx"), (7.5, "approx")]  # the 3% goal matches no GDP target


def test_unit_classes_have_one_home_in_claim_units_and_its_lines_agree():
    """indicators reads a unit's indicator class from claim_units.tsv's fourth column only."""
    from reportnlp.indicators import unit_classes
    from reportnlp.lexicon import read_rows

    given = {}
    for row in read_rows("claim_units.tsv"):
        if len(row) > 3 and row[3]:
            given.setdefault(row[1], set()).add(row[3])
    assert given, "claim_units.tsv gives no unit an indicator class"
    assert all(len(classes) == 1 for classes in given.values()), given
    assert unit_classes() == {unit: next(iter(classes)) for unit, classes in given.items()}


def test_a_unit_class_from_the_lexicon_picks_the_indicator():
    from reportnlp.indicators import unit_class, unit_classes

    assert unit_class("%", 8.0, "生产总值") == "percent" == unit_classes()["%"]
    assert unit_class("元", 1.2e12, "生产总值") == unit_classes()["元"] == "money"
    assert unit_class("次", 3.0, "生产总值") == ""  # a unit without an indicator class
