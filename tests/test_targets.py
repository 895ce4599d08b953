"""Attainment, coverage, amplification and the headline panel, on synthetic headline tables
built to the OUTPUT.md column contract."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from reportnlp import targets
from reportnlp.targets import attainment, amplification, coverage, judge, level_means

from conftest import SHARED

DIRECTIONS = {"gdp_growth": "higher", "cpi": "ceiling", "unemployment": "ceiling", "pm25_level": "lower",
              "urban_jobs": "higher"}
DOCS = [  # doc_id, year, place, level, parent
    ("cn_2019", 2019, "中国", "national", ""),
    ("cn_2020", 2020, "中国", "national", ""),
    ("cn_2021", 2021, "中国", "national", ""),
    ("hn_2019", 2019, "湖南省", "province", "中国"),
    ("hn_2020", 2020, "湖南省", "province", "中国"),
    ("gd_2019", 2019, "广东省", "province", "中国"),
    ("cs_2019", 2019, "长沙市", "city", "湖南省"),
    ("cs_2020", 2020, "长沙市", "city", "湖南省"),
]


def documents(rows=DOCS) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["doc_id", "year", "place", "level", "parent"]).assign(status="ok")


def statement(doc_id, indicator, kind, period, value, qualifier="exact", value_high=None, unit="%",
              measure="", start=0):
    return {"doc_id": doc_id, "indicator": indicator, "kind": kind, "period": period, "value": value,
            "value_high": value_high, "qualifier": qualifier, "unit": unit, "measure": measure,
            "start": start, "end": start + 3, "text": ""}


def headline(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


@pytest.mark.parametrize("indicator, qualifier, target, high, result, met, margin", [
    ("gdp_growth", "approx", 6.0, None, 6.1, True, 0.1),
    ("gdp_growth", "approx", 6.0, None, 5.6, True, -0.4),     # 左右: within half a point
    ("gdp_growth", "approx", 6.0, None, 5.4, False, -0.6),
    ("gdp_growth", "exact", 7.0, None, 6.9, False, -0.1),
    ("gdp_growth", "at_least", 7.0, None, 7.0, True, 0.0),
    ("gdp_growth", "range", 6.0, 6.5, 6.1, True, 0.1),         # a range: its low end for growth
    ("gdp_growth", "range", 6.0, 6.5, 5.9, False, -0.1),
    ("cpi", "approx", 3.5, None, 2.6, True, 0.9),              # ceiling: below the target is met
    ("cpi", "approx", 3.0, None, 3.4, True, -0.4),
    ("cpi", "at_most", 3.0, None, 3.6, False, -0.6),
    ("cpi", "range", 2.0, 3.0, 2.8, True, 0.2),                # a ceiling range: its high end
    ("unemployment", "at_most", 4.5, None, 4.0, True, 0.5),
    ("pm25_level", "exact", 40.0, None, 38.0, True, 2.0),      # lower is better
    ("pm25_level", "exact", 40.0, None, 41.0, False, -1.0),
    ("gdp_growth", "at_most", 5.0, None, 4.0, True, 1.0),      # 控制在…以内: a ceiling whatever the id
    ("urban_jobs", "approx", 1100.0, None, 1090.0, False, -10.0),  # no 0.5 tolerance outside %
])
def test_judge_follows_direction_and_qualifier(indicator, qualifier, target, high, result, met, margin):
    unit = "万人" if indicator == "urban_jobs" else "%"
    got_met, got_margin = judge(indicator, qualifier, target, high, result, unit, DIRECTIONS)
    assert got_met is met
    assert math.isclose(got_margin, margin, abs_tol=1e-9)


@pytest.mark.parametrize("qualifier, target, result", [("none_stated", None, 2.3), ("approx", 6.0, None)])
def test_judge_is_empty_when_undecidable(qualifier, target, result):
    assert judge("gdp_growth", qualifier, target, None, result, "%", DIRECTIONS) == (None, None)


def test_target_of_a_year_meets_the_result_of_the_next_report():
    table = attainment(headline=headline(
        statement("cn_2019", "gdp_growth", "target", 2019, 6.0, "range", 6.5, start=100),
        statement("cn_2019", "gdp_growth", "target", 2019, 6.0, "range", 6.5, start=900),  # a repeat
        statement("cn_2019", "gdp_growth", "result", 2018, 6.6, start=50),
        statement("cn_2020", "gdp_growth", "result", 2019, 6.1, start=40),
        statement("cn_2020", "gdp_growth", "target", 2020, None, "none_stated", unit="", start=300),
        statement("cn_2021", "gdp_growth", "result", 2020, 2.3, start=30),
        statement("cn_2021", "gdp_growth", "target", 2021, 6.0, "at_least", start=200),
    ), documents=documents(), direction_of=DIRECTIONS)
    national = table[table["group"] == "中国"].set_index("period")
    assert list(national.index) == [2018, 2019, 2020, 2021]
    assert national.loc[2019, ["target", "target_high", "qualifier", "result"]].tolist() == [6.0, 6.5, "range", 6.1]
    assert national.loc[2019, "met"] == True  # noqa: E712
    assert national.loc[2019, ["target_doc", "result_doc"]].tolist() == ["cn_2019", "cn_2020"]
    assert national.loc[2020, "qualifier"] == "none_stated" and pd.isna(national.loc[2020, "met"])
    assert pd.isna(national.loc[2018, "target"]) and national.loc[2018, "result"] == 6.6
    assert pd.isna(national.loc[2021, "result"]) and pd.isna(national.loc[2021, "met"])
    cov = coverage(table).set_index("indicator").loc["gdp_growth"]
    assert cov[["place_years", "both", "target_only", "result_only", "met", "not_met"]].tolist() == [4, 2, 1, 1, 1, 0]


def test_a_later_review_does_not_replace_the_next_years_result():
    docs = documents(DOCS + [("cn_2022", 2022, "中国", "national", "")])
    table = attainment(headline=headline(
        statement("cn_2019", "gdp_growth", "target", 2019, 6.5),
        statement("cn_2022", "gdp_growth", "result", 2019, 6.0),   # revised figure in a later review
        statement("cn_2020", "gdp_growth", "result", 2019, 6.1),
    ), documents=docs, direction_of=DIRECTIONS)
    row = table.set_index("period").loc[2019]
    assert (row["result"], row["result_doc"]) == (6.1, "cn_2020")


def test_the_figure_most_statements_give_wins_within_a_report():
    table = attainment(headline=headline(
        statement("hn_2019", "gdp_growth", "target", 2019, 7.5, "approx", start=10),
        statement("hn_2019", "gdp_growth", "target", 2019, 8.0, "at_least", start=20),
        statement("hn_2019", "gdp_growth", "target", 2019, 8.0, "at_least", start=30),
    ), documents=documents(), direction_of=DIRECTIONS)
    assert table.iloc[0][["target", "qualifier"]].tolist() == [8.0, "at_least"]


def test_cpi_index_results_meet_percent_targets():
    table = attainment(headline=headline(
        statement("cn_2019", "cpi", "target", 2019, 3.0, "approx"),
        statement("cn_2020", "cpi", "result", 2019, 102.9, unit="指数(上年=100)"),
    ), documents=documents(), direction_of=DIRECTIONS)
    row = table.iloc[0]
    assert math.isclose(row["result"], 2.9) and row["met"] == True  # noqa: E712


def test_measures_are_paired_with_their_own_measure():
    table = attainment(headline=headline(
        statement("hn_2019", "unemployment", "target", 2019, 4.5, "at_most", measure="登记"),
        statement("hn_2020", "unemployment", "result", 2019, 3.1, measure="登记"),
        statement("hn_2020", "unemployment", "result", 2019, 5.2, measure="调查"),
    ), documents=documents(), direction_of=DIRECTIONS)
    registered = table[table["measure"] == "登记"].iloc[0]
    assert registered["result"] == 3.1 and registered["met"] == True  # noqa: E712
    assert pd.isna(table[table["measure"] == "调查"].iloc[0]["target"])


def test_amplification_compares_each_place_with_its_parent():
    table = amplification(headline=headline(
        statement("cn_2019", "gdp_growth", "target", 2019, 6.0, "range", 6.5),
        statement("hn_2019", "gdp_growth", "target", 2019, 7.5, "approx"),
        statement("gd_2019", "gdp_growth", "target", 2019, 6.0, "range", 6.5),
        statement("cs_2019", "gdp_growth", "target", 2019, 8.0, "approx"),
        statement("cs_2020", "gdp_growth", "target", 2020, 7.0, "approx"),   # parent has no 2020 target
        statement("cn_2020", "gdp_growth", "result", 2019, 6.1),             # results play no part
    ), documents=documents())
    rows = table.set_index(["group", "period"])
    assert rows.loc[("湖南省", 2019), ["level", "parent", "target", "parent_target", "gap"]].tolist() == \
        ["province", "中国", 7.5, 6.25, 1.25]
    assert rows.loc[("广东省", 2019), "gap"] == 0.0
    assert rows.loc[("长沙市", 2019), ["parent", "parent_target", "gap"]].tolist() == ["湖南省", 7.5, 0.5]
    assert pd.isna(rows.loc[("长沙市", 2020), "gap"])
    assert pd.isna(rows.loc[("中国", 2019), "gap"]) and rows.loc[("中国", 2019), "level"] == "national"
    means = level_means(table, "gdp_growth").set_index(["level", "period"])
    assert means.loc[("province", 2019), ["places", "mean_target", "mean_gap", "with_parent"]].tolist() == \
        [2, 6.875, 0.625, 2]
    assert means.loc[("national", 2019), "mean_target"] == 6.25


def test_empty_inputs_give_empty_tables_with_the_columns():
    empty = headline()
    assert list(attainment(headline=empty, documents=documents()).columns)[:11] == targets.ATTAINMENT_COLUMNS
    assert list(amplification(headline=empty, documents=documents()).columns)[:8] == targets.AMPLIFICATION_COLUMNS
    assert coverage(attainment(headline=empty, documents=documents())).empty


def test_documents_without_place_fall_back_on_region_and_township():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "year": [2020, 2020], "region": ["广东省/广州市", "某省"],
                         "township": ["", "某镇"]})
    assert targets.places(docs)["place"].tolist() == ["广州市", "某镇"]


def test_headline_panel_puts_targets_and_results_on_the_year_they_are_about():
    table = targets.panel_from_headline(headline=headline(
        statement("cn_2019", "gdp_growth", "target", 2019, 6.0, "range", 6.5),
        statement("cn_2020", "gdp_growth", "result", 2019, 6.1),
    ), documents=documents())
    assert table[["year", "target", "value", "qualifier", "doc_id"]].values.tolist() == \
        [[2019, True, 6.0, "range", "cn_2019"], [2019, False, 6.1, "exact", "cn_2020"]]
    assert table["value_high"].iloc[0] == 6.5 and pd.isna(table["value_high"].iloc[1])


# --- compare.panel on indicator ids, target_vs_result, figures -----------------------------


def _id_claims() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["hn_2019", "hn_2019", "hn_2019", "hn_2020", "hn_2020"],
        "subject": ["地区生产总值增长", "PM2.5浓度", "城镇累计新增就业", "生产总值增长", "居民消费价格上涨"],
        "indicator": ["gdp_growth", "pm25_level", "urban_jobs", "gdp_growth", "cpi"],
        "scope": ["year", "year", "cumulative", "year", "year"],
        "period": ["2019", "2019", "2015-2019", "2019", "2019"],
        "value": [7.5, 40.0, 824.2, 7.6, 3.4],
        "value_high": [8.0, None, None, None, None],
        "qualifier": ["range", "at_most", "exact", "exact", "exact"],
        "unit": ["%", "微克/立方米", "万人", "%", "%"],
        "target": [True, True, False, False, False],
        "text": ["7.5%-8%", "40微克/立方米", "824.2万人", "7.6%", "3.4%"],
        "start": [10, 20, 30, 10, 40],
        "placeholder": [False] * 5,
    })


def test_panel_uses_indicator_ids_keeps_digits_and_drops_cumulative_figures():
    from reportnlp import compare

    docs = documents()
    table = compare.panel(docs, "place", claims=_id_claims())
    assert list(table.columns[:len(compare.PANEL_COLUMNS)]) == compare.PANEL_COLUMNS
    assert set(table["indicator"]) == {"gdp_growth", "pm25_level", "cpi"}  # 累计 left out
    gdp = table[table["indicator"] == "gdp_growth"]
    assert gdp["year"].tolist() == [2019, 2019] and gdp["report_year"].tolist() == [2019, 2020]
    assert gdp[gdp["target"]][["value", "value_high", "qualifier"]].values.tolist() == [[7.5, 8.0, "range"]]
    pair = compare.target_vs_result(table).set_index("indicator").loc["gdp_growth"]
    assert (pair["period"], pair["target"], pair["result"], pair["met"]) == (2019, 7.5, 7.6, True)


def test_target_vs_result_of_a_legacy_panel_reads_results_as_the_year_before():
    from reportnlp import compare

    panel = pd.DataFrame({"indicator": ["造林"] * 2, "unit": ["亩"] * 2, "group": ["甲"] * 2,
                          "year": [2021, 2022], "value": [500.0, 480.0], "target": [True, False],
                          "doc_id": ["x", "y"]})
    row = compare.target_vs_result(panel).iloc[0]
    assert (row.period, row.target, row.result, bool(row.met), row.margin) == (2021, 500.0, 480.0, False, -20.0)


def _tables():
    head = headline(
        statement("cn_2019", "gdp_growth", "target", 2019, 6.0, "range", 6.5),
        statement("cn_2020", "gdp_growth", "result", 2019, 6.1),
        statement("cn_2020", "gdp_growth", "target", 2020, None, "none_stated"),
        statement("cn_2021", "gdp_growth", "result", 2020, 2.3),
        statement("hn_2019", "gdp_growth", "target", 2019, 7.5, "approx"),
        statement("hn_2020", "gdp_growth", "result", 2019, 7.6),
        statement("hn_2020", "gdp_growth", "target", 2020, 6.0, "approx"),
        statement("gd_2019", "gdp_growth", "target", 2019, 6.0, "range", 6.5),
        statement("cs_2019", "gdp_growth", "target", 2019, 8.0, "approx"),
        statement("cs_2020", "gdp_growth", "target", 2020, 7.0, "approx"),
    )
    return targets.compare_tables({"headline": head, "documents": documents()})


def test_compare_tables_and_their_figures(tmp_path):
    from reportnlp import plot

    tables = _tables()
    assert set(tables) == {"attainment", "attainment_coverage", "amplification"}
    figures = plot.target_figures(tables)
    assert set(figures) == {"attainment", "amplification"}
    levels = figures["amplification"]
    labels = [line.get_label() for line in levels.get_lines()]
    assert labels[0] == "national target" and labels[1].startswith("mean provincial target")
    assert labels[2] == "mean city target (up to 1 place)"
    assert list(levels.get_lines()[1].get_ydata()) == [6.875, 6.0]
    assert levels.get_ylabel() == "target (%)"
    for name, figure in figures.items():
        plot.save(figure, tmp_path / f"{name}.png")
        assert (tmp_path / f"{name}.png").stat().st_size > 5000


def test_target_figures_are_left_out_without_targets():
    from reportnlp import plot

    empty = targets.compare_tables({"headline": headline(), "documents": documents()})
    assert plot.target_figures(empty) == {}


def test_compare_command_writes_attainment_and_amplification(tmp_path):
    from click.testing import CliRunner

    from reportnlp.cli import main

    corpus = tmp_path / "in"
    corpus.mkdir()
    body = ("政府工作报告\n——{date}在某某市第十五届人民代表大会第{n}次会议上\n各位代表：\n"
            "一、{prev}年工作回顾\n过去一年，全市地区生产总值增长{result}%，经济运行总体平稳。\n"
            "二、{year}年工作安排\n今年经济社会发展的主要预期目标是：地区生产总值增长{target}%左右。\n")
    for year, result, target, n in ((2021, "8.1", "7", "一"), (2022, "6.3", "6.5", "二")):
        text = body.format(date=f"{year}年1月10日", n=n, prev=year - 1, year=year, result=result, target=target)
        (corpus / f"city_{year}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["compare", str(corpus), "--by", "year", "--out", str(out), "--min-count", "1"])
    assert result.exit_code == 0, result.output
    assert "attainment (place-years by indicator" in result.output
    assert "gdp_growth: 3 place-years, 1 with target and result (0 met, 1 missed)" in result.output
    table = pd.read_csv(out / "attainment.csv")
    assert list(table.columns[:11]) == targets.ATTAINMENT_COLUMNS
    row = table[(table["indicator"] == "gdp_growth") & (table["period"] == 2021)].iloc[0]
    assert (row["target"], row["result"], bool(row["met"])) == (7.0, 6.3, False)
    assert (out / "amplification.csv").exists() and (out / "attainment_coverage.csv").exists()
    assert (out / "figures" / "attainment.png").exists() and (out / "figures" / "amplification.png").exists()


# --- the real corpus: the State Council series and the provinces -----------------------------

REAL = SHARED / "corpus" / "real" / "lawtext-gov"
# Read in the State Council reports 2005-2026: each year's GDP growth target and the result the
# next report gives (2007: the 2008 report, a five-year review, states no annual figure).
NATIONAL_TARGETS = {**{y: (8.0, None, "approx") for y in range(2005, 2012)}, 2012: (7.5, None, "exact"),
                    2013: (7.5, None, "approx"), 2014: (7.5, None, "approx"), 2015: (7.0, None, "approx"),
                    2016: (6.5, 7.0, "range"), 2017: (6.5, None, "approx"), 2018: (6.5, None, "approx"),
                    2019: (6.0, 6.5, "range"), 2020: (None, None, "none_stated"), 2021: (6.0, None, "at_least"),
                    2022: (5.5, None, "approx"), 2023: (5.0, None, "approx"), 2024: (5.0, None, "approx"),
                    2025: (5.0, None, "approx")}
NATIONAL_RESULTS = {2005: 9.9, 2006: 10.7, 2007: None, 2008: 9.0, 2009: 8.7, 2010: 10.3, 2011: 9.2, 2012: 7.8,
                    2013: 7.7, 2014: 7.4, 2015: 6.9, 2016: 6.7, 2017: 6.9, 2018: 6.6, 2019: 6.1, 2020: 2.3,
                    2021: 8.1, 2022: 3.0, 2023: 5.2, 2024: 5.0, 2025: 5.0}


@pytest.fixture(scope="module")
def national_and_provinces():
    import reportnlp

    files = [REAL / f"national_china_{y}.txt" for y in range(2005, 2027)]
    files += sorted(p for y in range(2005, 2026) for p in REAL.glob(f"province_*_{y}.txt"))
    return reportnlp.analyze(files)


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpus/real not present")
def test_national_gdp_attainment_2005_2025(national_and_provinces):
    table = attainment(national_and_provinces)
    gdp = table[(table["indicator"] == "gdp_growth") & (table["group"] == "中国")].set_index("period")
    for year, (target, high, qualifier) in NATIONAL_TARGETS.items():
        row = gdp.loc[year]
        assert (None if pd.isna(row["target"]) else row["target"], None if pd.isna(row["target_high"])
                else row["target_high"], row["qualifier"]) == (target, high, qualifier), year
        result = NATIONAL_RESULTS[year]
        assert (None if pd.isna(row["result"]) else row["result"]) == result, year
        if target is not None and result is not None:
            assert row["met"] == (year != 2022), year  # 5.5% 左右 set for 2022, 3.0% reached


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpus/real not present")
def test_mean_provincial_gdp_target_above_the_national_one(national_and_provinces):
    means = level_means(amplification(national_and_provinces), "gdp_growth")
    by_level = means.pivot(index="period", columns="level", values="mean_target").dropna(subset=["national", "province"])
    assert len(by_level) >= 18
    assert (by_level["province"] > by_level["national"]).all(), by_level[by_level["province"] <= by_level["national"]]
