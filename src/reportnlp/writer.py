"""Tables on disk: fixed column types, chunk-by-chunk writing, resuming after an interruption.

Every table has one Arrow schema for the whole run (``table_schema``), so a column is
the same type in every chunk: nullable int64 / float64 / bool / string, never "object
in this chunk, float in that one". ``TableStore`` streams chunks of rows into ``DIR``:

    DIR/.reportnlp-partial/checkpoint.json   what is safely on disk (written atomically)
    DIR/.reportnlp-partial/done.log          one JSON line per finished input
    DIR/.reportnlp-partial/NAME.csv          CSV tables, appended per chunk
    DIR/.reportnlp-partial/NAME/000007.parquet   Parquet tables, one part per chunk

A chunk counts as written only once the checkpoint names it; on restart anything past
the checkpoint is cut off (CSV, done.log) or deleted (parts), and the finished inputs
are skipped. ``finish`` turns the spool into ``DIR/NAME.csv|parquet`` by rename (CSV) or
by copying the parts into one ParquetWriter file, one table in memory at a time.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import typing
import warnings
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Union

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .model import Claim, Named, Placeholder, Section

PARTIAL_DIR = ".reportnlp-partial"
CHECKPOINT_VERSION = 1
FORMATS = ("csv", "parquet")
# Parquet parts are merged into row groups of about this many rows.
ROW_GROUP_ROWS = 65536

BASE_COLUMNS: Dict[str, List[str]] = {
    "documents": ["doc_id", "path", "encoding", "chars", "title", "year", "delivered", "region", "township",
                  "organisation", "level", "parent", "n_sections", "n_claims", "n_named", "n_placeholders",
                  "status", "placeholder_rate", "place", "title_source", "year_warning"],
    "sections": ["doc_id", "section_id", "parent_id", "level", "marker", "heading", "kind",
                 "start", "end", "body_end"],
    "claims": ["doc_id", "section_id", "start", "end", "text", "value", "value_high", "unit",
               "qualifier", "placeholder", "subject", "section_kind", "target", "indicator", "scope",
               "period"],
    "named": ["doc_id", "section_id", "start", "end", "text", "category", "subtype", "source",
              "canonical"],
    "placeholders": ["doc_id", "section_id", "start", "end", "text", "kind", "restored", "context"],
    "headline": ["doc_id", "indicator", "kind", "period", "value", "value_high", "qualifier", "unit",
                 "measure", "start", "end", "text"],
    "errors": ["path", "code", "message"],
}
RECORD_TYPES = {"sections": Section, "claims": Claim, "named": Named, "placeholders": Placeholder}
_DOCUMENT_TYPES = {"chars": pa.int64(), "year": pa.int64(), "n_sections": pa.int64(),
                   "n_claims": pa.int64(), "n_named": pa.int64(), "n_placeholders": pa.int64(),
                   "placeholder_rate": pa.float64()}
_HEADLINE_TYPES = {"value": pa.float64(), "value_high": pa.float64(), "start": pa.int64(),
                   "end": pa.int64()}
_PY_TO_ARROW = {int: pa.int64(), float: pa.float64(), bool: pa.bool_(), str: pa.string()}


def _arrow_field(name: str, hint) -> pa.Field:
    """Arrow field for a dataclass annotation. Numbers and booleans are always nullable;
    a string column is nullable only when annotated Optional[str], otherwise missing is ""
    (so a CSV round trip, which cannot tell "" from null, gives the same table back)."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    optional = typing.get_origin(hint) is typing.Union and len(args) == 1
    kind = _PY_TO_ARROW.get(args[0] if optional else hint, pa.string())
    return pa.field(name, kind, nullable=optional or not pa.types.is_string(kind))


def _record_fields(record_type) -> Dict[str, pa.Field]:
    hints = typing.get_type_hints(record_type)
    return {f.name: _arrow_field(f.name, hints.get(f.name, str)) for f in dataclasses.fields(record_type)}


def table_schema(table: str, extra_columns: Sequence[str] = ()) -> pa.Schema:
    """The fixed schema of one table: OUTPUT.md's columns, then record fields, then ``extra_columns``.

    Span tables take their types from the record dataclasses in model.py, so a field an
    extractor adds shows up as a column without touching this module.
    """
    columns = list(BASE_COLUMNS[table])
    known: Dict[str, pa.Field] = {"doc_id": pa.field("doc_id", pa.string(), nullable=False)}
    if table in RECORD_TYPES:
        fields = _record_fields(RECORD_TYPES[table])
        known.update(fields)
        columns += [name for name in fields if name not in columns]
    elif table == "documents":
        known.update({name: pa.field(name, kind) for name, kind in _DOCUMENT_TYPES.items()})
    elif table == "headline":
        known.update({name: pa.field(name, kind) for name, kind in _HEADLINE_TYPES.items()})
    columns += [c for c in extra_columns if c not in columns]
    return pa.schema([known.get(c, pa.field(c, pa.string(), nullable=False)) for c in columns])


def _coerce(value, kind: pa.DataType):
    """One value as ``kind`` or None: the slow path for rows whose types drifted."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    try:
        if pa.types.is_string(kind):
            return value if isinstance(value, str) else str(value)
        if pa.types.is_boolean(kind):
            return bool(value)
        if pa.types.is_integer(kind):
            return int(value)
        if pa.types.is_floating(kind):
            return float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return value


def rows_to_arrow(rows: Sequence[Mapping], schema: pa.Schema) -> pa.Table:
    """Rows (dicts) as a table of ``schema``: missing keys are nulls, unknown keys dropped."""
    arrays = []
    for field in schema:
        values = [row.get(field.name) for row in rows]
        if pa.types.is_string(field.type):
            if field.nullable:
                values = [None if v == "" else v for v in values]
            else:
                values = ["" if v is None or v != v else v for v in values]
        try:
            arrays.append(pa.array(values, type=field.type, from_pandas=True))
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
            arrays.append(pa.array([_coerce(v, field.type) for v in values], type=field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


_PANDAS_TYPES = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}


def arrow_to_frame(table: pa.Table) -> pd.DataFrame:
    """A DataFrame with the same dtypes whatever the rows: Int64 and boolean stay nullable."""
    return table.to_pandas(types_mapper=_PANDAS_TYPES.get)


def read_table(path: Path, schema: Optional[pa.Schema] = None) -> pd.DataFrame:
    """One written table back as a DataFrame with the run's dtypes (CSV columns typed by ``schema``)."""
    path = Path(path)
    if path.suffix == ".parquet":
        return arrow_to_frame(pq.read_table(path))
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    if schema is None:
        return frame
    # Columns outside the schema are manifest columns: strings, "" when missing.
    converted = {c: frame[c].fillna("") for c in frame.columns if c not in schema.names}
    for field in schema:
        if field.name not in frame.columns:
            continue
        column = frame[field.name]
        if pa.types.is_string(field.type) and not field.nullable:
            converted[field.name] = column.fillna("")
        elif pa.types.is_boolean(field.type):
            converted[field.name] = column.map({"True": True, "False": False}).astype("boolean")
        elif pa.types.is_integer(field.type):
            converted[field.name] = pd.to_numeric(column).astype("Int64")
        elif pa.types.is_floating(field.type):
            converted[field.name] = pd.to_numeric(column).astype("float64")
    return frame.assign(**converted)


def _csv_text(table: pa.Table, *, header: bool) -> str:
    return arrow_to_frame(table).to_csv(index=False, header=header, lineterminator="\n")


def encode_tables(rows: Mapping[str, Sequence[Mapping]], schemas: Mapping[str, pa.Schema],
                  fmt: str) -> Dict[str, Union[bytes, pa.Table]]:
    """Rows of several documents as what a store appends: CSV bytes (no header) or Arrow tables.

    Runs in the workers, so the main process only appends bytes or concatenates tables.
    A value's CSV text does not depend on its neighbours, so chunks may be cut anywhere.
    """
    encoded: Dict[str, Union[bytes, pa.Table]] = {}
    for name, schema in schemas.items():
        table_rows = rows.get(name, ())
        if fmt == "csv":
            encoded[name] = _csv_text(rows_to_arrow(table_rows, schema), header=False).encode("utf-8") \
                if table_rows else b""
        else:
            encoded[name] = rows_to_arrow(table_rows, schema)
    return encoded


def _fsync_write(path: Path, data: bytes, mode: str = "wb") -> None:
    with open(path, mode) as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    _fsync_write(tmp, data)
    os.replace(tmp, path)


def plan_fingerprint(keys: Iterable[str]) -> str:
    """A digest of the ordered input keys: a restart resumes only the very same run."""
    digest = hashlib.sha256()
    for key in keys:
        digest.update(key.encode("utf-8", "surrogatepass"))
        digest.update(b"\n")
    return digest.hexdigest()


class TableStore:
    """Streams chunks of table rows into ``out`` so that an interrupted run can resume.

    ``done`` holds the keys of inputs whose rows are already safely written (empty for
    a fresh run). Call ``write_chunk`` with each chunk's rows and keys, then ``finish``.
    """

    def __init__(self, out: Path, schemas: Mapping[str, pa.Schema], *, fmt: str = "csv",
                 fingerprint: str = "", resume: bool = True) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
        self.out = Path(out)
        self.fmt = fmt
        self.schemas = dict(schemas)
        self.fingerprint = fingerprint
        self.spool = self.out / PARTIAL_DIR
        self.done: set = set()
        self.resumed = False
        self.out.mkdir(parents=True, exist_ok=True)
        state = self._load_checkpoint() if resume else None
        if state is not None:
            self._restore(state)
        else:
            self._start()

    # -- checkpoint ------------------------------------------------------------------

    def _signature(self) -> dict:
        return {"version": CHECKPOINT_VERSION, "format": self.fmt, "fingerprint": self.fingerprint,
                "columns": {name: schema.names for name, schema in self.schemas.items()}}

    def _load_checkpoint(self) -> Optional[dict]:
        path = self.spool / "checkpoint.json"
        if not path.is_file():
            return None
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = None
        if not isinstance(state, dict) or any(state.get(k) != v for k, v in self._signature().items()):
            warnings.warn(f"{self.spool} holds an interrupted run with other inputs or options; "
                          "starting over", stacklevel=3)
            return None
        return state

    def _save_checkpoint(self) -> None:
        state = {**self._signature(), "chunks": self.chunks, "sizes": self.sizes}
        _atomic_write(self.spool / "checkpoint.json", json.dumps(state, indent=1).encode("utf-8"))

    def _files(self) -> Dict[str, Path]:
        files = {"done.log": self.spool / "done.log"}
        if self.fmt == "csv":
            files.update({name: self.spool / f"{name}.csv" for name in self.schemas})
        return files

    def _start(self) -> None:
        if self.spool.exists():
            shutil.rmtree(self.spool)
        self.spool.mkdir(parents=True)
        self.chunks = 0
        self.sizes: Dict[str, int] = {}
        for key, path in self._files().items():
            data = b"" if key == "done.log" else _csv_text(
                self.schemas[key].empty_table(), header=True).encode("utf-8")
            _fsync_write(path, data)
            self.sizes[key] = len(data)
        if self.fmt == "parquet":
            for name in self.schemas:
                (self.spool / name).mkdir()
        self._save_checkpoint()

    def _restore(self, state: dict) -> None:
        self.chunks = int(state["chunks"])
        self.sizes = {k: int(v) for k, v in state["sizes"].items()}
        for key, path in self._files().items():
            if not path.exists():
                continue  # moved to DIR by a finish that was interrupted
            with open(path, "r+b") as handle:  # cut off a chunk written after the checkpoint
                handle.truncate(self.sizes[key])
        if self.fmt == "parquet":
            for name in self.schemas:
                folder = self.spool / name
                for part in folder.glob("*") if folder.is_dir() else ():
                    if not part.name.endswith(".parquet") or int(part.name[:6]) >= self.chunks:
                        part.unlink()
        log = self.spool / "done.log"
        if log.exists():
            with open(log, encoding="utf-8") as handle:
                self.done = {json.loads(line) for line in handle if line.strip()}
        self.resumed = True

    # -- writing ---------------------------------------------------------------------

    def write_chunk(self, encoded: Mapping[str, Union[bytes, pa.Table]], keys: Sequence[str]) -> None:
        """Write one chunk (``encode_tables`` output for this store's format), then record ``keys`` as done."""
        for name, schema in self.schemas.items():
            payload = encoded.get(name)
            if self.fmt == "csv":
                data = payload or b""
                if data:
                    _fsync_write(self.spool / f"{name}.csv", data, mode="ab")
                self.sizes[name] += len(data)
            elif payload is not None and payload.num_rows:
                part = self.spool / name / f"{self.chunks:06d}.parquet"
                tmp = part.with_name(part.name + ".tmp")
                pq.write_table(payload.cast(schema), tmp)
                os.replace(tmp, part)
        log = "".join(json.dumps(key) + "\n" for key in keys).encode("utf-8")
        _fsync_write(self.spool / "done.log", log, mode="ab")
        self.sizes["done.log"] += len(log)
        self.chunks += 1
        self._save_checkpoint()
        self.done.update(keys)

    def finish(self) -> List[Path]:
        """Move every table to ``out/NAME.FMT`` (atomic renames) and drop the spool."""
        written = []
        for name, schema in self.schemas.items():
            target = self.out / f"{name}.{self.fmt}"
            if self.fmt == "csv":
                source = self.spool / f"{name}.csv"
            else:
                source = self.spool / f"{name}.parquet"
                if (self.spool / name).is_dir():
                    self._merge_parts(name, schema, source)
            if source.exists():
                os.replace(source, target)
            elif not target.exists():
                raise FileNotFoundError(f"{source} vanished before it was moved to {target}")
            written.append(target)
        shutil.rmtree(self.spool, ignore_errors=True)
        return written

    def _merge_parts(self, name: str, schema: pa.Schema, target: Path) -> None:
        tmp = target.with_name(target.name + ".tmp")
        pending: List[pa.Table] = []
        with pq.ParquetWriter(tmp, schema) as writer:
            for part in sorted((self.spool / name).glob("*.parquet")):
                pending.append(pq.read_table(part, schema=schema))
                if sum(t.num_rows for t in pending) >= ROW_GROUP_ROWS:
                    writer.write_table(pa.concat_tables(pending))
                    pending = []
            if pending:
                writer.write_table(pa.concat_tables(pending))
        os.replace(tmp, target)
        shutil.rmtree(self.spool / name)
