"""Exports for other programs: Stata .dta that pandas reads back with valid names, R's Parquet
with its read script, Excel-safe CSV; and the command over paths or a saved analysis."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from click.testing import CliRunner

import reportnlp
from reportnlp import export, pipeline
from reportnlp.analysis import Analysis
from reportnlp.cli import main

VALID = re.compile(r"^[A-Za-z_\u00c0-\U0010ffff][0-9A-Za-z_\u00c0-\U0010ffff]{0,31}$")


@pytest.fixture(scope="module")
def sample():
    return reportnlp.analyze()


def test_stata_names_are_valid_unique_and_not_reserved():
    columns = ["end", "start", "in", "2020年", "a b", "x" * 40, "x" * 40 + "y", "str12", "地区", "_n"]
    names = export.stata_names(columns)
    assert list(names) == columns
    assert len(set(names.values())) == len(columns)
    for new in names.values():
        assert VALID.match(new), new
        assert new not in export.STATA_RESERVED
    assert names["end"] == "end_" and names["start"] == "start" and names["地区"] == "地区"
    assert names["2020年"] == "v2020年" and names["a b"] == "a_b"


def test_stata_files_read_back_with_the_same_values(sample, tmp_path):
    written = sample.export(tmp_path, fmt="stata")
    assert {p.name for p in written} == {f"{t}.dta" for t in pipeline.TABLES} | {"renamed.csv"}
    for name, frame in sample.tables().items():
        back = pd.read_stata(tmp_path / f"{name}.dta")
        assert len(back) == len(frame)
        names = export.stata_names(frame.columns)
        assert list(back.columns) == [names[c] for c in frame.columns]
        for column in frame.columns:
            ours, theirs = frame[column], back[names[column]]
            if pd.api.types.is_numeric_dtype(ours.dtype) or pd.api.types.is_bool_dtype(ours.dtype):
                expected = ours.astype("Float64").astype("float64").to_numpy()
                assert ((theirs.astype("float64").to_numpy() == expected)
                        | (pd.isna(expected) & pd.isna(theirs.to_numpy()))).all(), column
            else:
                assert theirs.tolist() == ours.fillna("").astype(str).tolist(), column
    renamed = pd.read_csv(tmp_path / "renamed.csv")
    assert ("claims", "end", "end_") in set(renamed.itertuples(index=False, name=None))


def test_stata_handles_missing_ints_long_text_and_manifest_names(tmp_path):
    documents = pd.DataFrame({"doc_id": ["a", "b"], "year": pd.array([2020, None], dtype="Int64"),
                              "ok": pd.array([True, None], dtype="boolean"),
                              "备注 note": ["长" * 3000, None], "end": [1, 2]})
    export.write_stata(documents, tmp_path / "d.dta", {"year": "the year"})
    back = pd.read_stata(tmp_path / "d.dta")
    assert list(back.columns) == ["doc_id", "year", "ok", "备注_note", "end_"]
    assert back.year.iloc[0] == 2020 and pd.isna(back.year.iloc[1])
    assert back.ok.iloc[0] == 1 and pd.isna(back.ok.iloc[1])
    assert back["备注_note"].tolist() == ["长" * 3000, ""]
    with pd.io.stata.StataReader(tmp_path / "d.dta") as reader:
        assert reader.variable_labels()["year"] == "the year"


def test_r_export_is_parquet_with_a_script_naming_every_table(sample, tmp_path):
    written = sample.export(tmp_path, fmt="r")
    script = (tmp_path / "read_tables.R").read_text(encoding="utf-8")
    for name, frame in sample.tables().items():
        assert f'{name} <- read_parquet(file.path(dir, "{name}.parquet"))' in script
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / f"{name}.parquet"), frame,
                                      check_dtype=False)
    assert len(written) == len(pipeline.TABLES) + 1


def test_csv_export_has_a_byte_order_mark(sample, tmp_path):
    sample.export(tmp_path, fmt="csv")
    raw = (tmp_path / "named.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdoc_id,")
    back = pd.read_csv(tmp_path / "named.csv", encoding="utf-8-sig")
    assert back.text.tolist() == sample.named.text.tolist()
    with pytest.raises(ValueError, match="format must be one of"):
        sample.export(tmp_path, fmt="spss")


def test_command_exports_paths_or_a_saved_analysis(sample, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--out", str(tmp_path / "dta")])
    assert result.exit_code == 0, result.output
    assert len(pd.read_stata(tmp_path / "dta" / "claims.dta")) == len(sample.claims)
    sample.save(tmp_path / "saved")
    again = runner.invoke(main, ["export", "--from", str(tmp_path / "saved"), "--out", str(tmp_path / "r"),
                                 "--format", "r"])
    assert again.exit_code == 0, again.output
    assert (tmp_path / "r" / "read_tables.R").exists()
    both = runner.invoke(main, ["export", "x.txt", "--from", str(tmp_path / "saved"), "--out", str(tmp_path)])
    assert both.exit_code == 2 and "give PATHS or --from, not both" in both.output


def test_an_empty_analysis_exports():
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        written = Analysis().export(folder, fmt="stata")
        assert all(p.exists() for p in written)
