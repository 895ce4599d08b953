"""compare: keyness math, adoption, claim panels, similarity, the compare command."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from reportnlp import compare
from reportnlp.cli import main

from conftest import SHARED

NATIONAL = SHARED / "corpus" / "real" / "lawtext-gov"


@pytest.fixture(autouse=True)
def segment_cache_in_tmp(tmp_path, monkeypatch):
    """The compare command caches segmentations in the user's cache folder: not in tests."""
    monkeypatch.setenv("REPORTNLP_CACHE", str(tmp_path / "segment-cache"))


def documents(rows):
    """A documents table from (doc_id, year, township) tuples."""
    return pd.DataFrame(rows, columns=["doc_id", "year", "township"]).assign(status="ok", path="")


# --- groups -------------------------------------------------------------------------


def test_group_labels_decade_and_plain_column():
    docs = documents([("a", 1987, "东镇"), ("b", 1990, "西乡"), ("c", None, "")])
    assert compare.group_labels(docs, "decade").to_dict() == {"a": "1980s", "b": "1990s"}
    assert compare.group_labels(docs, "township").to_dict() == {"a": "东镇", "b": "西乡"}
    assert compare.group_labels(docs.dropna(), "year").tolist() == [1987, 1990]


def test_unknown_group_column_names_the_choices():
    with pytest.raises(KeyError, match="township"):
        compare.group_labels(documents([("a", 2020, "东镇")]), "county")


# --- keyness ----------------------------------------------------------------------------


def test_log_odds_symmetric_counts_give_zero_and_swapping_flips_sign():
    y_i = np.array([10, 3, 0])
    y_j = np.array([10, 0, 3])
    alpha = np.array([1.0, 0.5, 0.5])
    delta, z = compare.log_odds_z(y_i, y_j, alpha)
    assert abs(z[0]) < 1e-9
    assert z[1] > 0 > z[2]
    _, z_back = compare.log_odds_z(y_j, y_i, alpha)
    assert np.allclose(z_back, -z)


def _keyness_corpus():
    docs = documents([("a1", 2001, "甲"), ("a2", 2002, "甲"), ("b1", 2001, "乙"), ("b2", 2002, "乙")])
    texts = {
        "a1": "道路 学校 水渠 水渠 水渠 水渠",
        "a2": "道路 学校 水渠 水渠 水渠",
        "b1": "道路 学校 茶园 茶园 茶园",
        "b2": "道路 学校 茶园 茶园 茶园 茶园",
    }
    return docs, texts


def test_keyness_word_only_in_one_group_is_positive_and_shared_word_near_zero():
    docs, texts = _keyness_corpus()
    table = compare.keyness(docs, "township", texts=texts, tokenizer=str.split, min_count=1)
    assert list(table.columns[:6]) == compare.KEYNESS_COLUMNS
    row = table.set_index(["group", "term"])
    assert row.loc[("甲", "水渠"), "z"] > 1.5
    assert row.loc[("甲", "水渠"), "count"] == 7 and row.loc[("甲", "水渠"), "count_other"] == 0
    assert row.loc[("乙", "水渠"), "z"] < -1.5
    assert abs(row.loc[("甲", "道路"), "z"]) < 0.5
    assert table[table.group == "甲"].iloc[0]["term"] == "水渠"  # most distinctive first


def test_keyness_pair_and_top():
    docs, texts = _keyness_corpus()
    table = compare.keyness(docs, "township", pair=("乙", "甲"), texts=texts, tokenizer=str.split,
                            min_count=1, top=1)
    assert table[["group", "term", "other"]].values.tolist() == [["乙", "茶园", "甲"], ["甲", "水渠", "乙"]]


def test_keyness_min_count_drops_rare_words():
    docs, texts = _keyness_corpus()
    table = compare.keyness(docs, "township", texts=texts, tokenizer=str.split, min_count=8)
    assert set(table.term) == set()  # no word reaches 8 in group + rest
    table = compare.keyness(docs, "township", texts=texts, tokenizer=str.split, min_count=7)
    assert set(table.term) == {"水渠", "茶园"}


# --- adoption --------------------------------------------------------------------------


def _named():
    return pd.DataFrame({
        "doc_id": ["a1", "a2", "a2", "b2", "b1"],
        "canonical": ["美丽庭院", "美丽庭院", "巾帼志愿岗", "美丽庭院", ""],
        "category": ["campaign", "campaign", "campaign", "campaign", "slogan"],
        "text": ["美丽庭院", "美丽庭院", "巾帼志愿岗", "美丽庭院", "家和万事兴"],
    })


def test_adoption_counts_documents_and_first_year_per_group():
    docs, _ = _keyness_corpus()
    table = compare.adoption(docs, "township", named=_named())
    assert list(table.columns) == compare.ADOPTION_COLUMNS
    rows = table.set_index(["canonical", "group"])
    assert rows.loc[("美丽庭院", "甲"), "documents"] == 2
    assert rows.loc[("美丽庭院", "甲"), "first_year"] == 2001
    assert rows.loc[("美丽庭院", "甲"), "first_doc"] == "a1"
    assert rows.loc[("美丽庭院", "乙"), "first_year"] == 2002
    assert rows.loc[("家和万事兴", "乙"), "first_doc"] == "b1"  # empty canonical falls back to text


def test_adoption_curve_is_cumulative():
    docs, _ = _keyness_corpus()
    curve = compare.adoption_curve(compare.adoption(docs, "township", named=_named()))
    item = curve[curve.canonical == "美丽庭院"].set_index("year")["groups"]
    assert item.to_dict() == {2001: 1, 2002: 2}
    assert curve["share"].max() == 1.0


def test_adoption_without_named_items_is_an_empty_table():
    docs, _ = _keyness_corpus()
    assert list(compare.adoption(docs, "township", named=_named().iloc[:0]).columns) == compare.ADOPTION_COLUMNS


# --- panel ------------------------------------------------------------------------------


def test_indicator_normalisation_groups_modified_subjects():
    assert compare.normalize_indicator("培训贫困妇女") == "培训妇女"
    assert compare.normalize_indicator("累计培训妇女") == "培训妇女"
    assert compare.normalize_indicator("全年培训各类妇女") == "培训妇女"
    assert compare.normalize_indicator("新建道路", modifiers=["新建"]) == "道路"
    assert compare.normalize_indicator("对村道的", modifiers=["^对", "的$"]) == "村道"


def test_last_written_digit():
    assert compare.last_written_digit("1.2万名") == 2
    assert compare.last_written_digit("350人") == 0
    assert compare.last_written_digit("5个") is None
    assert compare.last_written_digit("三千余人") is None


def _claims():
    return pd.DataFrame({
        "doc_id": ["a1", "a2", "a2", "b1", "b2", "b2"],
        "subject": ["培训贫困妇女", "累计培训妇女", "培训妇女", "新修村道", "新修村道", ""],
        "value": [1200.0, 1200.0, 1500.0, 35.0, 37.0, None],
        "unit": ["人次", "人次", "人次", "公里", "公里", "人"],
        "target": [False, False, True, False, False, False],
        "text": ["1200人次", "1200人次", "1500人次", "35公里", "37公里", "XX人"],
        "start": [10, 10, 40, 5, 5, 20],
        "placeholder": [False, False, False, False, False, True],
    })


def test_panel_rows_flags_and_columns():
    docs, _ = _keyness_corpus()
    table = compare.panel(docs, "township", claims=_claims())
    assert list(table.columns[:len(compare.PANEL_COLUMNS)]) == compare.PANEL_COLUMNS
    assert len(table) == 5  # the placeholder claim has no value
    women = table[table.indicator == "培训妇女"]
    assert set(women.group) == {"甲"} and len(women) == 3
    assert women[~women.target]["repeated"].all()  # 1200 in 2001 and in 2002
    roads = table[table.indicator == "新修村道"]
    assert not roads["repeated"].any()
    assert table.set_index("text")["round"].to_dict()["35公里"]
    assert not table.set_index("text")["round"].to_dict()["37公里"]


def test_panel_takes_subject_from_text_when_missing():
    docs = documents([("t", 2020, "东镇")])
    texts = {"t": "今年，全镇新建文化广场12个。"}
    claims = pd.DataFrame({"doc_id": ["t"], "subject": [""], "value": [12.0], "unit": ["个"],
                           "target": [False], "text": ["12个"], "start": [texts["t"].index("12")],
                           "placeholder": [False]})
    table = compare.panel(docs, "township", claims=claims, texts=texts)
    assert table.loc[0, "indicator"] == "新建文化广场"


def test_heaping_compares_round_share_with_expected():
    panel = pd.DataFrame({"group": ["甲"] * 10 + ["乙"] * 10,
                          "round": [True] * 10 + [True] * 2 + [False] * 8,
                          "target": [False] * 20})
    table = compare.heaping(panel).set_index("group")
    assert table.loc["甲", "share"] == 1.0 and table.loc["乙", "share"] == 0.2
    assert table.loc["甲", "z"] > 3 and abs(table.loc["乙", "z"]) < 1e-9


def test_target_set_in_one_report_meets_result_in_the_next():
    panel = pd.DataFrame({"indicator": ["造林"] * 2, "unit": ["亩"] * 2, "group": ["甲"] * 2,
                          "year": [2021, 2022], "value": [500.0, 520.0], "target": [True, False],
                          "doc_id": ["x", "y"]})
    row = compare.target_vs_result(panel).iloc[0]
    assert (row.period, row.target, row.result, bool(row.met)) == (2021, 500.0, 520.0, True)


# --- similarity ----------------------------------------------------------------------------


def test_similarity_matrix_symmetric_with_unit_diagonal():
    texts = {"x": "道路 学校 水渠", "y": "道路 学校 茶园", "z": "道路 学校 水渠", "w": "茶园 果园"}
    counts = compare.TermCounts(str.split).fit(texts)
    matrix = compare.similarity_matrix(counts)
    values = matrix.to_numpy()
    assert np.allclose(values, values.T)
    assert np.allclose(np.diag(values), 1.0)
    assert matrix.loc["x", "z"] == pytest.approx(1.0)
    assert matrix.loc["x", "y"] < matrix.loc["x", "z"]


def test_similarity_table_pairs_groups_and_top_k():
    docs, texts = _keyness_corpus()
    table = compare.similarity(docs, "township", texts=texts, tokenizer=str.split)
    assert list(table.columns[:3]) == compare.SIMILARITY_COLUMNS
    assert len(table) == 6  # 4 documents, each pair once
    assert (table.doc_a != table.doc_b).all()
    best = table.iloc[0]
    assert best.same_group and best.cosine > table[~table.same_group].cosine.max()
    within = compare.group_similarity(table)
    assert set(map(tuple, within[["group_a", "group_b"]].values)) == {("甲", "甲"), ("乙", "乙"), ("乙", "甲")} or \
        set(map(tuple, within[["group_a", "group_b"]].values)) == {("甲", "甲"), ("乙", "乙"), ("甲", "乙")}
    assert len(compare.similarity(docs, texts=texts, tokenizer=str.split, top_k=1)) <= 4


# --- end to end -----------------------------------------------------------------------------


def _tiny_corpus(folder: Path) -> Path:
    texts = {
        "east_2021.txt": "东镇2021年工作报告\n一、工作回顾\n全镇修建村道12公里，开展美丽庭院创建。茶园扩大到300亩。",
        "east_2022.txt": "东镇2022年工作报告\n一、工作回顾\n全镇修建村道15公里，茶园扩大到320亩。\n二、工作打算\n力争茶园达到400亩。",
        "west_2022.txt": "西乡2022年工作报告\n一、工作回顾\n全乡新建水渠8公里，养殖肉牛500头，水渠灌溉农田。",
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "file,township,year\neast_2021.txt,东镇,2021\neast_2022.txt,东镇,2022\nwest_2022.txt,西乡,2022\n",
        encoding="utf-8")
    return folder


def test_compare_command_writes_tables_and_figures(tmp_path):
    corpus = _tiny_corpus(tmp_path / "in")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["compare", str(corpus), "--by", "township", "--out", str(out), "--min-count", "2"])
    assert result.exit_code == 0, result.output
    for name in ("keyness", "adoption", "panel", "similarity"):
        assert (out / f"{name}.csv").exists()
    keyness = pd.read_csv(out / "keyness.csv")
    assert list(keyness.columns[:6]) == compare.KEYNESS_COLUMNS
    assert "水渠" in set(keyness[keyness.group == "西乡"].term)
    assert (out / "figures" / "keyness.png").stat().st_size > 5000
    assert (out / "figures" / "similarity.png").exists()


def test_compare_command_unknown_column(tmp_path):
    corpus = _tiny_corpus(tmp_path / "in")
    result = CliRunner().invoke(main, ["compare", str(corpus), "--by", "county", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "cannot group by 'county'" in result.output


def test_compare_on_the_sample_corpus_returns_every_table(sample_analysis):
    tables = compare.compare(sample_analysis, "year", top=20)
    assert set(tables) >= {"keyness", "adoption", "panel", "similarity"}
    assert len(tables["keyness"]) > 0
    assert list(tables["adoption"].columns) == compare.ADOPTION_COLUMNS
    # the sample corpus names slogans and states claims, so both tables have rows
    assert len(sample_analysis.named) > 0 and len(tables["adoption"]) > 0
    assert len(sample_analysis.claims) > 0 and len(tables["panel"]) > 0


@pytest.mark.skipif(not NATIONAL.is_dir(), reason="needs ../shared/corpus/real")
def test_national_reports_by_decade_give_recognisable_words():
    import reportnlp

    paths = sorted(NATIONAL.glob("national_china_*.txt"))
    analysis = reportnlp.analyze(paths)
    table = compare.keyness(analysis, "decade", top=30)
    top = {g: set(part.term) for g, part in table.groupby("group")}
    expected = {
        "1950s": {"五年计划", "合作社", "工业", "苏联", "资本主义", "基本建设"},
        "1970s": {"四人帮", "毛主席", "无产阶级", "林彪", "革命", "专政"},
        "2020s": {"高质量", "疫情", "新发展格局", "提升", "习近平", "统筹"},
    }
    for decade, words in expected.items():
        assert len(top[decade] & words) >= 3, (decade, sorted(top[decade]))


def test_parallel_counts_equal_serial_counts():
    texts = {f"d{i}": "修建村道 茶园 水渠 " * (i + 1) + f"独有词{i}" for i in range(6)}
    serial = compare.TermCounts(str.split).fit(texts)
    parallel = compare.TermCounts(str.split, n_jobs=2).fit(texts)
    assert list(serial.terms_) == list(parallel.terms_)
    assert (serial.counts_ != parallel.counts_).nnz == 0


def test_parallel_segmenting_with_a_tokenizer_keeps_its_protected_words():
    # The workers get the tokenizer once (pool initializer), already built: same counts,
    # and a protected name is still one term.
    texts = {f"d{i}": "开展“巾帼心向党”主题活动，修建村道和水渠。" * (i + 1) + f"茶园{i}" for i in range(6)}
    tokenizer = compare.Tokenizer(["巾帼心向党"])
    serial = compare.TermCounts(tokenizer).fit(texts)
    parallel = compare.TermCounts(compare.Tokenizer(["巾帼心向党"]), n_jobs=2).fit(texts)
    assert "巾帼心向党" in set(parallel.terms_)
    assert list(serial.terms_) == list(parallel.terms_)
    assert (serial.counts_ != parallel.counts_).nnz == 0


# --- periods ------------------------------------------------------------------------------


def test_bins_put_years_into_labelled_periods_and_leave_others_out():
    docs = documents([("a", 2013, "东"), ("b", 2017, "东"), ("c", 2018, "西"), ("d", 2023, "西")])
    labels = compare.group_labels(docs, "year", bins="2013-2017,2018-2022")
    assert labels.to_dict() == {"a": "2013–2017", "b": "2013–2017", "c": "2018–2022"}
    assert compare.group_labels(docs, "year", bins=[(2023, 2023)]).to_dict() == {"d": "2023"}


@pytest.mark.parametrize("spec", ["2013-2017,2017-2020", "2018-2013", "recent", ""])
def test_unreadable_or_overlapping_bins_are_refused(spec):
    with pytest.raises(ValueError):
        compare.parse_bins(spec)


def test_keyness_between_periods_can_leave_boilerplate_out():
    docs = documents([("a1", 2014, "甲"), ("a2", 2015, "甲"), ("b1", 2019, "乙"), ("b2", 2020, "乙")])
    texts = {"a1": "加强 加强 加强 城镇化 城镇化", "a2": "加强 加强 城镇化 城镇化 城镇化",
             "b1": "高质量 高质量 高质量 营商", "b2": "高质量 高质量 营商 营商"}
    kept = compare.keyness(docs, "year", bins="2013-2017,2018-2022", texts=texts, tokenizer=str.split, min_count=1)
    dropped = compare.keyness(docs, "year", bins="2013-2017,2018-2022", texts=texts, tokenizer=str.split,
                              min_count=1, exclude="boilerplate")
    assert "加强" in set(kept.term) and "加强" not in set(dropped.term)
    assert set(dropped[dropped.group == "2013–2017"].term) == {"城镇化", "高质量", "营商"}
    row = dropped.set_index(["group", "term"]).loc[("2013–2017", "城镇化")]
    assert row["z"] == pytest.approx(kept.set_index(["group", "term"]).loc[("2013–2017", "城镇化"), "z"])


# --- diffusion ------------------------------------------------------------------------------


def _spread_corpus(delivered=None):
    docs = documents([("p1_2013", 2013, "甲"), ("p2_2013", 2013, "乙"), ("p1_2015", 2015, "甲"),
                      ("p2_2016", 2016, "乙"), ("p3_2016", 2016, "丙"), ("p4_2016", 2016, "丁")])
    if delivered is not None:
        docs["delivered"] = delivered
    texts = {d: f"一、工作回顾。{d}年，我们推进各项工作。今年开展“河长制”试点，成效明显。" for d in docs.doc_id}
    start = texts["p1_2013"].index("河长制")
    named = pd.DataFrame({
        "doc_id": ["p1_2013", "p2_2013", "p1_2015", "p3_2016", "p4_2016", "p2_2016"],
        "canonical": ["三大行动", "三大行动", "河长制", "河长制", "河长制", "河长制"],
        "category": ["campaign"] * 6, "text": ["三大行动", "三大行动", "河长制", "河长制", "河长制", "河长制"],
    })
    named["start"] = [start] * 6
    named["end"] = named["start"] + named["text"].str.len()
    return docs, texts, named


def test_diffusion_reach_first_adopters_sentence_and_censoring():
    docs, texts, named = _spread_corpus()
    table = compare.diffusion(docs, "township", named=named, texts=texts)
    assert list(table.columns) == compare.DIFFUSION_COLUMNS
    rows = table.set_index("canonical")
    river = rows.loc["河长制"]
    assert river["groups"] == 4 and river["share"] == 1.0 and river["first_year"] == 2015
    assert river["first_adopters"] == "甲" and river["first_doc"] == "p1_2015" and not river["censored"]
    assert river["first_sentence"] == "今年开展“河长制”试点，成效明显。"
    assert texts["p1_2015"][river["first_start"]:river["first_end"]] == "河长制"
    three = rows.loc["三大行动"]
    # Named in the corpus's first year by two groups: both are first adopters, and it may be older.
    assert three["n_first_adopters"] == 2 and set(three["first_adopters"].split("、")) == {"甲", "乙"}
    assert three["censored"]
    assert list(table["canonical"]) == ["河长制", "三大行动"]  # widest reach first


def test_diffusion_breaks_ties_in_a_year_by_the_delivery_date():
    docs, texts, named = _spread_corpus(
        delivered=["2013-01-20", "2013-02-01", "2015-01-25", "2016-01-10", "2016-01-30", "2016-01-30"])
    named.loc[named.doc_id == "p1_2015", "doc_id"] = "p1_2013"  # 河长制: 2013 in 甲 and 乙 ...
    named.loc[(named.doc_id == "p2_2016"), "doc_id"] = "p2_2013"
    table = compare.diffusion(docs, "township", named=named, texts=texts).set_index("canonical")
    river = table.loc["河长制"]
    assert river["first_year"] == 2013 and river["first_adopters"] == "甲"  # ... 甲 spoke on 20 January
    assert river["first_date"] == pd.Timestamp("2013-01-20")
    adoption = compare.adoption(docs, "township", named=named)
    assert list(adoption.columns) == compare.ADOPTION_COLUMNS
    assert adoption.set_index(["canonical", "group"]).loc[("河长制", "乙"), "first_date"] == pd.Timestamp("2013-02-01")


def test_adoption_keeps_senses_of_one_name_apart():
    docs, texts, named = _spread_corpus()
    named["canonical"] = "双减"
    named["sense"] = ["farm", "farm", "school", "school", "school", ""]
    items = set(compare.adoption(docs, "township", named=named)["canonical"])
    assert items == {"双减 [farm]", "双减 [school]", "双减"}
    table = compare.diffusion(docs, "township", named=named, texts=texts).set_index("canonical")
    assert table.loc["双减 [school]", "first_year"] == 2015 and table.loc["双减 [farm]", "censored"]


def test_sentence_around_stops_at_sentence_ends_and_limits():
    text = "上一句。本句提到河长制，然后继续；下一句"
    start = text.index("河长制")
    assert compare.sentence_around(text, start, start + 3) == "本句提到河长制，然后继续；"
    assert compare.sentence_around("甲" * 300 + "河长制", 300, 303, limit=5) == "甲" * 5 + "河长制"
    assert compare.sentence_around(text, 50, 60) == ""


def test_texts_come_from_the_analysis_when_it_keeps_them(tmp_path):
    class Kept:
        documents = documents([("a", 2020, "东"), ("b", 2021, "西")]).assign(path=str(tmp_path / "gone.txt"))
        texts = {"a": "甲文", "b": "乙文"}

    assert compare.document_texts(Kept()) == {"a": "甲文", "b": "乙文"}


def test_a_file_that_cannot_be_read_again_is_left_out_with_a_warning(tmp_path):
    (tmp_path / "a.txt").write_text("东镇2020年工作报告\n修建村道。", encoding="utf-8")
    docs = documents([("a", 2020, "东"), ("b", 2021, "西")])
    docs["path"] = [str(tmp_path / "a.txt"), str(tmp_path / "moved.txt")]
    with pytest.warns(RuntimeWarning, match="b"):
        texts = compare.document_texts(docs)
    assert list(texts) == ["a"] and "修建村道" in texts["a"]


# --- segmentation cache ---------------------------------------------------------------------


def test_cached_segmentations_give_the_same_counts_and_are_reused(tmp_path):
    from reportnlp.tokenize import SegmentCache, Tokenizer

    texts = {"a": "东镇开展美丽庭院创建，修建村道十二公里。", "b": "西乡新建水渠，灌溉农田，发展茶园。"}
    cache = SegmentCache(tmp_path)
    first = compare.TermCounts(Tokenizer(), cache=cache).fit(texts)
    assert (cache.hits, cache.misses) == (0, 2) and len(list(tmp_path.rglob("*.npy"))) == 2
    again = SegmentCache(tmp_path)
    second = compare.TermCounts(Tokenizer(), cache=again).fit(texts)
    assert (again.hits, again.misses) == (2, 0)
    assert list(first.terms_) == list(second.terms_) and (first.counts_ != second.counts_).nnz == 0
    # Everything came from the cache: no segmenter (jieba's dictionary) was built for it.
    warm = Tokenizer()
    compare.TermCounts(warm, cache=SegmentCache(tmp_path)).fit(texts)
    assert warm._segmenter is None
    # Other words kept whole are another segmenter: a miss, not a wrong answer.
    other = SegmentCache(tmp_path)
    compare.TermCounts(Tokenizer(["美丽庭院创建"]), cache=other).fit(texts)
    assert other.hits == 0
    # A damaged file is a miss too.
    for path in tmp_path.rglob("*.npy"):
        path.write_bytes(b"not numpy")
    broken = SegmentCache(tmp_path)
    third = compare.TermCounts(Tokenizer(), cache=broken).fit(texts)
    assert broken.hits == 0 and list(third.terms_) == list(first.terms_)


def test_group_similarity_from_the_full_matrix_averages_every_pair():
    docs, texts = _keyness_corpus()
    counts = compare.TermCounts(str.split).fit(texts)
    table = compare.group_similarity(docs, "township", counts=counts).set_index(["group_a", "group_b"])
    matrix = compare.similarity_matrix(counts)
    assert table.loc[("甲", "甲"), "mean_cosine"] == pytest.approx(matrix.loc["a1", "a2"])
    between = matrix.loc[["a1", "a2"], ["b1", "b2"]].to_numpy().mean()
    key = ("乙", "甲") if ("乙", "甲") in table.index else ("甲", "乙")
    assert table.loc[key, "mean_cosine"] == pytest.approx(between) and table.loc[key, "pairs"] == 4
    assert table.loc[("甲", "甲"), "mean_cosine"] > table.loc[key, "mean_cosine"]


def test_compare_command_with_period_bins_draws_only_period_figures(tmp_path):
    corpus = _tiny_corpus(tmp_path / "in")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["compare", str(corpus), "--by", "year", "--bins", "2020-2021,2022-2023",
                                       "--out", str(out), "--min-count", "1", "--cache", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    keyness = pd.read_csv(out / "keyness.csv")
    assert set(keyness.group) == {"2020–2021", "2022–2023"}
    figures = {p.stem for p in (out / "figures").glob("*.png")}
    assert "keyness" in figures and not figures & {"panel", "adoption_timeline", "diffusion"}
    again = CliRunner().invoke(main, ["compare", str(corpus), "--by", "year", "--bins", "2020-2021,2022-2023",
                                      "--out", str(out), "--min-count", "1", "--cache", str(tmp_path / "c")])
    assert "3 of 3 segmentations from the cache" in again.output
    bad = CliRunner().invoke(main, ["compare", str(corpus), "--by", "year", "--bins", "2022-2020", "--out", str(out)])
    assert bad.exit_code == 2 and "--bins" in bad.output


def test_compare_command_by_place_draws_diffusion_and_writes_its_table(tmp_path):
    corpus = _tiny_corpus(tmp_path / "in")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["compare", str(corpus), "--by", "township", "--out", str(out),
                                       "--min-count", "1", "--no-cache"])
    assert result.exit_code == 0, result.output
    diffusion = pd.read_csv(out / "diffusion.csv")
    assert list(diffusion.columns) == compare.DIFFUSION_COLUMNS
    assert not list((tmp_path).glob("**/segments"))
