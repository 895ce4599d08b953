"""writer.py: schemas from the record types, CSV that spreadsheets open safely, and the CSV
encoder that writes rows without Arrow or pandas gives the bytes the Arrow -> pandas -> to_csv
route gave; the command line loads pandas only when a DataFrame is asked for."""
from __future__ import annotations

import math
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from reportnlp import writer
from reportnlp.extractors import EXTRACTORS
from reportnlp.pipeline import TABLES, sample_corpus


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


def pandas_route(rows, schema, raw):
    """What encode_tables wrote before: rows -> Arrow -> pandas -> to_csv."""
    return writer._csv_bytes(writer.rows_to_arrow(rows, schema), header=False, raw=raw) if rows else b""


TEXT = st.one_of(
    st.sampled_from(["", "=SUM(A1)", "'=x", "''+1", "-16.8", "@a", "\tx", "\rx", "a,b", 'say "hi"',
                     "two\nlines", "cr\ronly", "crlf\r\n", " lead", "nan", "None", "True", "元", "１２．５"]),
    st.text(max_size=8))
FLOAT = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                  st.sampled_from([0.0, -0.0, 1e16, 1e-5, 71000000.0, 0.1 + 0.2, 1e22, 123456789.123]))
# Values of the wrong type for a column too: rows_to_arrow coerces them (or makes them missing).
VALUE = st.one_of(st.none(), TEXT, FLOAT, st.integers(-2**62, 2**62), st.booleans(),
                  st.sampled_from([np.int64(7), np.float64(2.5), np.float32(0.1), np.bool_(True), np.nan,
                                   "12", "1.5", "abc"]))
SCHEMA = pa.schema([pa.field("s", pa.string(), nullable=False), pa.field("so", pa.string()),
                    pa.field("i", pa.int64()), pa.field("f", pa.float64()), pa.field("b", pa.bool_())])


def encodable(rows, schema) -> bool:
    """Whether the old route can encode these rows at all (it raised on some wrong types)."""
    try:
        writer.rows_to_arrow(rows, schema)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return False
    return True


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries({name: VALUE for name in SCHEMA.names}), max_size=6), st.booleans())
def test_rows_to_csv_writes_the_bytes_of_the_pandas_route(rows, raw):
    if not encodable(rows, SCHEMA):
        return
    assert writer.rows_to_csv(rows, SCHEMA, raw=raw) == pandas_route(rows, SCHEMA, raw)


@pytest.mark.parametrize("kind, values", [
    (pa.int64(), [1, None, 3.0, 3.7, float("nan"), np.int64(-4)]),
    (pa.float64(), [1, 2.5, None, float("nan"), float("inf"), -0.0, 1e16, 1e-5, np.float32(0.1), True]),
    (pa.bool_(), [True, False, None, np.bool_(False), float("nan")]),
    (pa.bool_(), [1, 0, None]),           # a column of one wrong type: not written as it is
    (pa.int64(), [True, False, None]),
    (pa.float64(), [1, 2, None]),
    (pa.string(), [1, 2.5, None]),
    (pa.int64(), [1, 2, None]),           # columns of the expected types (the fast path)
    (pa.float64(), [1.5, float("nan"), None, -0.0]),
    (pa.string(), ["=a", None, "b", "-1"]),
    (pa.string(), ["a", "", None, float("nan"), "=1+1", "+x", "'-y"]),
])
@pytest.mark.parametrize("raw", [False, True])
def test_each_column_type_as_before(kind, values, raw):
    schema = pa.schema([pa.field("v", kind), pa.field("t", pa.string(), nullable=False)])
    rows = [{"v": v, "t": "x"} for v in values] + [{"t": "missing v"}]
    got = writer.rows_to_csv(rows, schema, raw=raw)
    assert got == pandas_route(rows, schema, raw)
    assert got.count(b"\r\n") == len(rows)


@pytest.mark.parametrize("raw", [False, True])
def test_headers_as_before(raw):
    for table in TABLES:
        schema = writer.table_schema(table, ["=manifest", "plain"] if table == "documents" else ())
        assert writer.csv_header(schema.names, raw=raw) == \
            writer._csv_bytes(schema.empty_table(), header=True, raw=raw)


def test_floats_are_written_with_the_shortest_round_trip_digits():
    values = [1.0, 71000000.0, 0.1 + 0.2, 1e16, 1e-5, 5e-324, 1.7976931348623157e308]
    lines = writer.rows_to_csv([{"f": v} for v in values], pa.schema([pa.field("f", pa.float64())])).split(b"\r\n")
    assert [float(line) for line in lines[:-1]] == values
    assert lines[:3] == [b"1.0", b"71000000.0", b"0.30000000000000004"]
    assert not any(math.isnan(float(line)) for line in lines[:-1])


def test_the_command_line_writes_csv_without_pandas(tmp_path):
    code = ("import sys; from reportnlp import cli, pipeline;"
            f"pipeline.analyze_to([pipeline.sample_corpus()], {str(tmp_path / 'out')!r}, jobs=1, progress=False);"
            "print(sorted(m for m in ('pandas', 'tqdm') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert (tmp_path / "out" / "claims.csv").stat().st_size > 0
    assert sample_corpus().is_dir()
