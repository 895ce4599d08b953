"""writer.py: schemas from the record types, CSV that spreadsheets open safely."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa

from reportnlp import writer
from reportnlp.extractors import EXTRACTORS


def test_extractor_tables_take_their_types_from_the_record_dataclasses():
    claims = writer.table_schema("claims")
    assert claims.field("value").type == pa.float64() and claims.field("value").nullable
    assert claims.field("target").type == pa.bool_()
    assert claims.field("subject").type == pa.string() and not claims.field("subject").nullable
    assert claims.field("section_id").nullable  # Optional[str]: NA outside every section
    headline = writer.table_schema("headline")
    assert headline.field("start").type == pa.int64() and headline.field("value_high").type == pa.float64()
    assert headline.field("period").type == pa.string() and not headline.field("period").nullable


def test_every_extractor_table_has_its_columns_in_order_then_the_record_fields():
    for e in EXTRACTORS:
        names = writer.table_schema(e.name).names
        assert names[:len(e.columns)] == list(e.columns)
        assert set(names) == set(e.columns) | {f for f in e.record.__dataclass_fields__}


def test_extra_columns_come_last_as_text():
    schema = writer.table_schema("documents", ["county"])
    assert schema.names[-1] == "county" and schema.field("county").type == pa.string()


FORMULAS = ["=HYPERLINK(\"http://x\",\"点击\")", "=cmd|' /C calc'!A0", "+86-10-1234", "-16.8%增长",
            "@SUM(A1)", "\t=1+1", "\r=1+1", "'=already quoted"]


def test_csv_cells_that_spreadsheets_run_are_escaped_and_read_back(tmp_path):
    frame = pd.DataFrame({"text": FORMULAS + ["普通文本", "a=b"], "value": [-16.8] * 10})
    path = writer.write_csv(frame, tmp_path / "t.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    on_disk = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert all(cell.startswith("'") for cell in on_disk.text[:8])
    assert list(on_disk.text[8:]) == ["普通文本", "a=b"]
    assert set(on_disk.value) == {"-16.8"}  # numbers stay numbers
    back = writer.read_csv(path)
    assert list(back.text) == list(frame.text)
    writer.write_csv(frame, tmp_path / "raw.csv", raw=True)
    assert list(writer.read_csv(tmp_path / "raw.csv", raw=True).text) == list(frame.text)


