"""The Analysis object: selecting documents before and after a run, metadata joins,
save/load round trips, analysing a string, and a repr of one line per table."""
from __future__ import annotations

import pandas as pd
import pytest

import reportnlp
from corpus_factory import write_corpus
from reportnlp import analysis, io, pipeline


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("analysis") / "corpus"
    write_corpus(folder, n=8)
    return folder


@pytest.fixture(scope="module")
def whole(corpus):
    return reportnlp.analyze([corpus])


def test_repr_is_one_line_per_table_and_short(whole):
    text = repr(whole)
    lines = text.splitlines()
    assert len(lines) == 1 + len(pipeline.TABLES) + 1  # header, tables, texts
    for name in pipeline.TABLES:
        line = next(line for line in lines if line.split()[0] == name)
        assert line.split()[1].replace(",", "") == str(len(getattr(whole, name)))
    assert len(text) < 600


def test_every_table_is_an_attribute_and_unknown_tables_are_refused():
    empty = analysis.Analysis()
    assert list(empty.tables()) == list(pipeline.TABLES)
    assert all(len(frame) == 0 for frame in empty.tables().values())
    with pytest.raises(TypeError, match="unknown tables"):
        analysis.Analysis(nonsense=pd.DataFrame())


def test_texts_are_kept_and_match_the_offsets(whole):
    assert set(whole.texts) == set(whole.documents.doc_id)
    for row in whole.claims.head(50).itertuples():
        assert whole.texts[row.doc_id][row.start:row.end] == row.text


def test_where_selects_before_reading(corpus, monkeypatch, whole):
    years = sorted(whole.documents.year.dropna().unique())
    low, high = int(years[1]), int(years[-2])
    read = []
    real = io.read_report

    def counting(path, **kw):
        read.append(path)
        return real(path, **kw)

    monkeypatch.setattr(io, "read_report", counting)
    chosen = reportnlp.analyze([corpus], where={"year": (low, high)}, time_limit=None)  # in this process
    expected = whole.documents[whole.documents.year.between(low, high)].doc_id.tolist()
    assert chosen.documents.doc_id.tolist() == expected
    assert 0 < len(expected) < len(whole.documents)
    # the year is in every file name, so no file outside the range was opened
    assert len(read) == len(expected)


def test_where_on_a_manifest_column_list_and_callable(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    for name, region in (("a_2020", "甲省"), ("b_2021", "乙省"), ("c_2022", "丙省")):
        (folder / f"{name}.txt").write_text(f"{region}人民政府工作报告\n全年完成投资12亿元。\n", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "file,region,level\na_2020.txt,甲省,province\nb_2021.txt,乙省,province\nc_2022.txt,丙省,city\n",
        encoding="utf-8")
    by_list = reportnlp.analyze([folder], where={"region": ["甲省", "丙省"]})
    assert by_list.documents.doc_id.tolist() == ["a_2020", "c_2022"]
    by_two = reportnlp.analyze([folder], where={"level": "province", "year": range(2021, 2030)})
    assert by_two.documents.doc_id.tolist() == ["b_2021"]
    by_callable = reportnlp.analyze([folder], where=lambda meta: meta["region"].startswith("乙"))
    assert by_callable.documents.doc_id.tolist() == ["b_2021"]
    by_value_callable = reportnlp.analyze([folder], where={"year": lambda y: int(y) >= 2021})
    assert by_value_callable.documents.doc_id.tolist() == ["b_2021", "c_2022"]
    # title is not in the manifest: decided after reading the file (not analysing it)
    by_title = reportnlp.analyze([folder], where={"title": "丙省人民政府工作报告"})
    assert by_title.documents.doc_id.tolist() == ["c_2022"]
    with pytest.raises(KeyError, match="n_claims"):
        reportnlp.analyze([folder], where={"n_claims": 1})


def test_subset_after_the_run_equals_where_before(corpus, whole):
    year = int(whole.documents.year.dropna().iloc[0])
    after = whole.subset({"year": year})
    before = reportnlp.analyze([corpus], where={"year": year})
    assert after == before
    assert set(after.claims.doc_id) <= set(after.documents.doc_id)


def test_matches_reads_manifest_text_as_numbers():
    assert analysis.matches({"year": "2020"}, {"year": 2020})
    assert analysis.matches({"year": "2020"}, {"year": (2019, None)})
    assert not analysis.matches({"year": ""}, {"year": (2019, None)})
    assert not analysis.matches({"year": None}, {"year": 2020})
    assert analysis.matches({"delivered": "2021-03-05"}, {"delivered": ("2021-01-01", "2021-12-31")})
    with pytest.raises(KeyError):
        analysis.matches({}, {"region": "x"})


def test_with_meta_joins_after_doc_id_and_keeps_rows(whole):
    claims = whole.with_meta("claims", ["township", "year"])
    assert list(claims.columns[:3]) == ["doc_id", "township", "year"]
    assert len(claims) == len(whole.claims)
    pd.testing.assert_frame_equal(claims.drop(columns=["township", "year"]), whole.claims)
    years = whole.documents.set_index("doc_id").year
    assert (claims.year.to_numpy() == years.reindex(claims.doc_id).to_numpy()).all()
    default = whole.with_meta("named")
    assert {"title", "year", "region", "township"} <= set(default.columns)
    assert not {"n_claims", "path", "chars"} & set(default.columns)
    with pytest.raises(KeyError, match="no column 'province'"):
        whole.with_meta("claims", "province")
    with pytest.raises(KeyError, match="no table"):
        whole.with_meta("claimz")


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_save_and_load_round_trip(whole, tmp_path, fmt):
    files = whole.save(tmp_path / "saved", fmt=fmt)
    assert {p.name for p in files} >= {f"{t}.{fmt}" for t in pipeline.TABLES} | {"texts.parquet"}
    back = reportnlp.load(tmp_path / "saved")
    for name in pipeline.TABLES:
        pd.testing.assert_frame_equal(back.tables()[name], whole.tables()[name], check_dtype=True)
    assert back.texts == whole.texts


def test_load_reads_what_the_command_wrote(corpus, tmp_path, whole):
    pipeline.analyze_to([corpus], tmp_path / "out", progress=False)
    back = reportnlp.load(tmp_path / "out")
    assert back.texts == {}
    for name in pipeline.TABLES:
        pd.testing.assert_frame_equal(back.tables()[name], whole.tables()[name], check_dtype=True)
    with pytest.raises(FileNotFoundError):
        reportnlp.load(tmp_path / "nowhere")


def test_analyze_text_equals_analysing_the_file(tmp_path, corpus, whole):
    path = corpus / "town_003_2022_gov.txt"
    text = path.read_text(encoding="utf-8")
    doc_id = path.stem
    one = reportnlp.analyze_text(text, doc_id=doc_id)
    from_file = whole.subset(doc_ids=[doc_id])
    for name in ("sections", "claims", "named", "placeholders"):
        pd.testing.assert_frame_equal(one.tables()[name], from_file.tables()[name], check_dtype=True)
    assert one.texts == {doc_id: text}
    tagged = reportnlp.analyze_text("测试县人民政府工作报告\n全年粮食产量达到5万吨。", doc_id="t",
                                    year=2001, region="测试省", source="handmade")
    row = tagged.documents.iloc[0]
    assert (row.doc_id, row.year, row.region, row.source) == ("t", 2001, "测试省", "handmade")
    assert tagged.claims.text.tolist() == ["5万吨"]


def test_parse_where_reads_values_lists_and_ranges():
    assert analysis.parse_where(["level=province", "year=2013..2025", "region=甲省,乙省", "n=-3"]) == {
        "level": "province", "year": (2013, 2025), "region": ["甲省", "乙省"], "n": -3}
    assert analysis.parse_where(["year=2013.."]) == {"year": (2013, None)}
    assert analysis.parse_where([]) is None
    with pytest.raises(ValueError, match="COLUMN=VALUE"):
        analysis.parse_where(["year"])


def test_analyze_and_export_commands_take_where(corpus, tmp_path, whole):
    from click.testing import CliRunner

    from reportnlp.cli import main

    year = int(whole.documents.year.dropna().iloc[0])
    runner = CliRunner()
    result = runner.invoke(main, ["analyze", str(corpus), "--out", str(tmp_path / "o"), "--jobs", "1",
                                  "--where", f"year={year}"])
    assert result.exit_code == 0, result.output
    wanted = whole.subset({"year": year})
    pd.testing.assert_frame_equal(reportnlp.load(tmp_path / "o").claims, wanted.claims)
    bad = runner.invoke(main, ["analyze", str(corpus), "--out", str(tmp_path / "p"), "--where", "n_claims=2"])
    assert bad.exit_code == 2 and "cannot select documents on 'n_claims'" in bad.output
    whole.save(tmp_path / "saved")
    exported = runner.invoke(main, ["export", "--from", str(tmp_path / "saved"), "--out", str(tmp_path / "e"),
                                    "--format", "csv", "--where", f"year={year}"])
    assert exported.exit_code == 0, exported.output
    assert len(pd.read_csv(tmp_path / "e" / "claims.csv")) == len(wanted.claims)


def test_a_new_table_needs_no_change_to_the_analysis_api(monkeypatch, tmp_path):
    # Another table (as the headline table will be) only has to be in writer's columns and TABLES.
    from reportnlp import writer

    monkeypatch.setitem(writer.BASE_COLUMNS, "extra", ["doc_id", "note"])
    monkeypatch.setattr(pipeline, "TABLES", (*pipeline.TABLES, "extra"))
    extra = pd.DataFrame({"doc_id": ["a", "b"], "note": ["x", "y"]})
    documents = pd.DataFrame({"doc_id": ["a"], "year": pd.array([2020], dtype="Int64")})
    made = analysis.Analysis(documents=documents, extra=extra)
    assert "extra" in repr(made) and made.extra is extra
    assert made.with_meta("extra", "year").year.tolist()[0] == 2020
    assert made.subset(doc_ids=["a"]).extra.note.tolist() == ["x"]
    made.save(tmp_path / "s")
    assert reportnlp.load(tmp_path / "s").extra.note.tolist() == ["x", "y"]


def test_where_keeps_unreadable_inputs_as_errors(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "good_2020.txt").write_text("某县人民政府工作报告\n完成投资12亿元。\n", encoding="utf-8")
    (folder / "empty_2021.txt").write_bytes(b"")
    result = reportnlp.analyze([folder, tmp_path / "missing"], where={"title": "某县人民政府工作报告"})
    assert result.documents.doc_id.tolist() == ["good_2020"]
    assert sorted(result.errors.code) == ["E101", "E109"]


def test_api_mistakes_are_coded_errors(whole, tmp_path):
    from reportnlp import errors

    with pytest.raises(errors.UnknownColumn, match=r"^\[E301\] the documents table has no column"):
        whole.with_meta("claims", ["province"])
    with pytest.raises(errors.UnknownColumn, match=r"^\[E301\] no column 'province' to select"):
        whole.subset({"province": "x"})
    with pytest.raises(errors.NotAnAnalysis, match=r"^\[E302\] "):
        reportnlp.load(tmp_path)
    with pytest.raises(errors.UnknownDocument, match=r"^\[E303\] no document 'nope'"):
        whole.show("nope")
