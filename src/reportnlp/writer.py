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
by copying the parts into one ParquetWriter file, one table in memory at a time; the
spool is removed only after every table is final and the checkpoint says so.
``DIR/.reportnlp.lock`` keeps a second run off the same folder while one is writing.

CSV is written safe for spreadsheets (see ``write_csv``): UTF-8 with a BOM, text cells
that a spreadsheet would run as formulas prefixed with ', undone by ``read_table``.
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import os
import re
import shutil
import socket
import time
import typing
import warnings
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Union

import pyarrow as pa

from .extractors import COUNTS, EXTRACTORS

if TYPE_CHECKING:  # pandas and pyarrow.parquet load when a DataFrame or Parquet is asked for
    import pandas as pd

PARTIAL_DIR = ".reportnlp-partial"
LOCK_FILE = ".reportnlp.lock"
CHECKPOINT_VERSION = 2
FORMATS = ("csv", "parquet")
# Parquet parts are merged into row groups of about this many rows.
ROW_GROUP_ROWS = 65536

# documents and errors here; every extractor's table from its entry in extractors.py
BASE_COLUMNS: Dict[str, List[str]] = {
    "documents": ["doc_id", "path", "encoding", "chars", "title", "year", "delivered", "region", "township",
                  "organisation", "level", "parent", *COUNTS, "status", "placeholder_rate", "place", "title_source", "year_warning", "genre"],
    **{e.name: list(e.columns) for e in EXTRACTORS},
    "errors": ["path", "code", "message"],
}
RECORD_TYPES = {e.name: e.record for e in EXTRACTORS}
_DOCUMENT_TYPES = {"chars": pa.int64(), "year": pa.int64(), **{n: pa.int64() for n in COUNTS},
                   "placeholder_rate": pa.float64()}
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

    Extractor tables take their types from the record dataclasses in model.py, so a field an
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


def arrow_to_frame(table: pa.Table) -> "pd.DataFrame":
    """A DataFrame with the same dtypes whatever the rows: Int64 and boolean stay nullable."""
    import pandas as pd

    types = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    return table.to_pandas(types_mapper=types.get)


# --- CSV safe for spreadsheets ------------------------------------------------------
# A text cell that starts with = + - @ (or a tab or carriage return) is a formula to
# Excel, WPS and LibreOffice: =HYPERLINK(…) in a heading would be live. Such cells get a
# leading apostrophe (the OWASP rule), which a spreadsheet shows as text; a cell that
# already starts with apostrophes before one of those gets one more, so that reading
# back (``unescape_cells``) removes exactly one and every value round-trips. Only text
# columns are touched: -16.8 in a number column stays a number. Parquet is never escaped.
CSV_ENCODING = "utf-8-sig"  # with a BOM, so Excel on Chinese Windows reads UTF-8
_FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")
_ESCAPED_START = r"^'(?='*[=+\-@\t\r])"


def escape_cell(value):
    """One value as written to a safe CSV (non-text values unchanged)."""
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


def unescape_cell(value):
    """Undo :func:`escape_cell`."""
    if isinstance(value, str) and value.startswith("'") and _FORMULA_START.match(value[1:]):
        return value[1:]
    return value


def _text_columns(frame: "pd.DataFrame") -> List[str]:
    import pandas as pd

    return [c for c in frame.columns
            if pd.api.types.is_object_dtype(frame[c]) or pd.api.types.is_string_dtype(frame[c])]


def _replace_matching(frame: "pd.DataFrame", pattern: str, change) -> "pd.DataFrame":
    changes = {}
    for column in _text_columns(frame):
        values = frame[column]
        try:
            hit = values.str.match(pattern, na=False).astype(bool)
        except AttributeError:  # no text in this column
            continue
        if hit.any():
            changes[column] = values.mask(hit, change(values[hit]))
    return frame.assign(**changes) if changes else frame


def escape_cells(frame: "pd.DataFrame") -> "pd.DataFrame":
    """``frame`` with every text cell escaped for spreadsheets (a copy when anything changes)."""
    return _replace_matching(frame, _FORMULA_START.pattern, lambda hit: "'" + hit)


def unescape_cells(frame: "pd.DataFrame") -> "pd.DataFrame":
    """Undo :func:`escape_cells` on a frame read back from a safe CSV."""
    return _replace_matching(frame, _ESCAPED_START, lambda hit: hit.str[1:])


def csv_bytes(frame: "pd.DataFrame", *, header: bool = True, raw: bool = False, bom: bool = True) -> bytes:
    """``frame`` as CSV bytes: text cells escaped for spreadsheets unless ``raw``, UTF-8
    with a BOM when ``bom`` (and a header)."""
    if not raw:
        frame = escape_cells(frame)
        if header:
            frame = frame.rename(columns={c: escape_cell(c) for c in frame.columns})
    # CRLF, as RFC 4180 and Excel have it; it also makes the writer quote a cell with a lone CR.
    text = frame.to_csv(index=False, header=header, lineterminator="\r\n")
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom and header else data


def write_csv(frame: "pd.DataFrame", path, *, raw: bool = False) -> Path:
    """Write ``frame`` to ``path`` as a CSV a spreadsheet opens safely: UTF-8 with a BOM,
    text cells that would be formulas escaped with a leading ' (``raw=True``: cells as
    they are). Crash-safe: a temporary file, fsync, then an atomic rename. The one CSV
    writer for every table reportnlp writes; :func:`read_csv` reads it back."""
    path = Path(path)
    _atomic_write(path, csv_bytes(frame, raw=raw))
    return path


def read_csv(path, *, raw: bool = False, **options) -> "pd.DataFrame":
    """A CSV written by :func:`write_csv` (or the analyze tables) with its escaping undone
    (``raw=True``: as it is on disk). All columns as text unless ``options`` say otherwise."""
    import pandas as pd

    options.setdefault("dtype", str)
    options.setdefault("keep_default_na", False)
    options.setdefault("na_values", [""])
    frame = pd.read_csv(path, encoding=CSV_ENCODING, **options)
    if raw:
        return frame
    frame = frame.rename(columns={c: unescape_cell(c) for c in frame.columns})
    return unescape_cells(frame)


def read_table(path: Path, schema: Optional[pa.Schema] = None, *, raw: bool = False) -> "pd.DataFrame":
    """One written table back as a DataFrame with the run's dtypes (CSV columns typed by
    ``schema``; the spreadsheet escaping undone unless ``raw``)."""
    import pandas as pd

    path = Path(path)
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return arrow_to_frame(pq.read_table(path))
    frame = read_csv(path, raw=raw)
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


def _csv_bytes(table: pa.Table, *, header: bool, raw: bool = False) -> bytes:
    return csv_bytes(arrow_to_frame(table), header=header, raw=raw)


# --- CSV straight from the rows -----------------------------------------------------
# What rows_to_arrow -> arrow_to_frame -> to_csv writes, cell by cell, without Arrow or
# pandas: a missing value (None, NaN) is an empty cell; numbers and booleans are first
# made the column's type as rows_to_arrow does (_coerce: int(), float(), bool(), an
# unconvertible value is missing); floats are written as repr() (pandas writes float64
# the same, shortest round-trip digits: 71000000.0, 1e-05, 1e+16); text cells are
# escaped for spreadsheets unless raw. tests/test_writer.py holds the two side by side.

def _text_cell(value) -> str:
    if value.__class__ is str:
        return value
    if value is None:
        return ""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (bytes, bytearray)):  # Arrow reads bytes in a string column as UTF-8
        return bytes(value).decode("utf-8")
    try:
        if value != value:  # NaN
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _int_cell(value) -> str:
    if value.__class__ is int:
        return str(value)
    if value is None:
        return ""
    try:
        return str(int(value))
    except (TypeError, ValueError, OverflowError):  # NaN, inf, text that is no number
        return ""


def _float_cell(value) -> str:
    if value.__class__ is not float:
        if value is None:
            return ""
        try:
            value = float(value)
        except (TypeError, ValueError, OverflowError):
            return ""
    return "" if value != value else repr(value)


def _bool_cell(value) -> str:
    if value is True:
        return "True"
    if value is False:
        return "False"
    if value is None:
        return ""
    try:
        if value != value:
            return ""
        return "True" if bool(value) else "False"
    except (TypeError, ValueError):
        return ""


_FORMULA_FIRST = frozenset("'=+-@\t\r")


def _escaped_text_cell(value) -> str:
    text = _text_cell(value)
    if text and text[0] in _FORMULA_FIRST and _FORMULA_START.match(text):
        return "'" + text
    return text


def _cell_writer(field: pa.Field, raw: bool) -> Optional[Callable[[object], str]]:
    kind = field.type
    if pa.types.is_string(kind):
        return _text_cell if raw else _escaped_text_cell
    if pa.types.is_boolean(kind):
        return _bool_cell
    if pa.types.is_integer(kind):
        return _int_cell
    if pa.types.is_floating(kind):
        return _float_cell
    return None  # another type: the Arrow and pandas route writes it


_NONE = type(None)


def _column_cells(values: list, cell: Callable[[object], str], raw: bool) -> list:
    """The cells of one column. A column of the plain types its schema expects is handed to
    the csv writer nearly as it is (the writer writes None as an empty cell and a number as
    str(), which for a float is its repr); anything else goes value by value through ``cell``."""
    types = set(map(type, values))
    if cell is _int_cell:
        if types <= {int, _NONE}:
            return values
    elif cell is _bool_cell:
        if types <= {bool, _NONE}:
            return values
    elif cell is _float_cell:
        if types <= {float, _NONE}:
            return [v if v == v else None for v in values]  # NaN is missing
    elif types <= {str, _NONE}:
        if raw:
            return values
        return ["'" + v if v and v[0] in _FORMULA_FIRST and _FORMULA_START.match(v) else v for v in values]
    return list(map(cell, values))


def csv_header(names: Sequence[str], *, raw: bool = False) -> bytes:
    """The header line of a table's CSV, with the byte-order mark (names escaped unless ``raw``)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(
        [name if raw else escape_cell(name) for name in names])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def _columns(rows: Sequence[Mapping], names: Sequence[str]) -> Iterable[tuple]:
    """The values of each of ``names`` over ``rows``; a missing key is None. One itemgetter
    call a row (rows are records with every field) instead of a dict lookup a cell."""
    if len(names) == 1:
        return [tuple(row.get(names[0]) for row in rows)]
    get = itemgetter(*names)
    try:
        return zip(*map(get, rows))
    except KeyError:
        return [tuple(row.get(name) for row in rows) for name in names]


def rows_to_csv(rows: Sequence[Mapping], schema: pa.Schema, *, raw: bool = False) -> bytes:
    """Rows (dicts) as CSV lines of ``schema``'s columns, no header: byte for byte what
    ``csv_bytes(arrow_to_frame(rows_to_arrow(rows, schema)), header=False)`` gives."""
    cells = [_cell_writer(field, raw) for field in schema]
    if any(cell is None for cell in cells):
        return _csv_bytes(rows_to_arrow(rows, schema), header=False, raw=raw)
    if not rows:
        return b""
    columns = [_column_cells(list(values), cell, raw) for values, cell in zip(_columns(rows, schema.names), cells)]
    out = io.StringIO()
    # CRLF, as RFC 4180 and Excel have it (and as pandas' to_csv is told to write it).
    csv.writer(out, lineterminator="\r\n").writerows(zip(*columns))
    return out.getvalue().encode("utf-8")


def encode_tables(rows: Mapping[str, Sequence[Mapping]], schemas: Mapping[str, pa.Schema],
                  fmt: str, *, raw: bool = False) -> Dict[str, Union[bytes, pa.Table]]:
    """Rows of several documents as what a store appends: CSV bytes (no header; text
    cells escaped for spreadsheets unless ``raw``) or Arrow tables.

    Runs in the workers, so the main process only appends bytes or concatenates tables.
    A value's CSV text does not depend on its neighbours, so chunks may be cut anywhere.
    """
    encoded: Dict[str, Union[bytes, pa.Table]] = {}
    for name, schema in schemas.items():
        table_rows = rows.get(name, ())
        if fmt == "csv":
            encoded[name] = rows_to_csv(table_rows, schema, raw=raw)
        else:
            encoded[name] = rows_to_arrow(table_rows, schema)
    return encoded


def _fsync_write(path: Path, data: bytes, mode: str = "wb") -> None:
    with open(path, mode) as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    """Make renames and removals in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    _fsync_write(tmp, data)
    os.replace(tmp, path)
    _fsync_dir(path.parent)


class OutputLocked(RuntimeError):
    """Another live run is writing to the same output folder."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


_HELD: set = set()  # lock files this process holds


class OutLock:
    """``OUT/.reportnlp.lock``: one run at a time per output folder.

    The file holds the owner's pid, host and start time. On POSIX it is also held with
    a ``lockf`` record lock, which the kernel drops when the owner dies however it dies
    (and which worker processes do not inherit), so a lock left by a killed run is seen
    as stale and taken over; elsewhere a lock whose pid is not alive on this host is stale.
    """

    def __init__(self, out: Path) -> None:
        self.path = Path(out) / LOCK_FILE
        self.fd: Optional[int] = None
        self.key: Optional[str] = None

    def acquire(self) -> "OutLock":
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                locked = self._lock(fd)
                # The owner unlinks the file before it lets go: a lock won on a file that
                # is no longer at the path is worthless; open the new one.
                if locked and not self._still_there(fd):
                    _HELD.discard(self.key)
                    os.close(fd)
                    continue
            except BaseException:
                os.close(fd)
                raise
            break
        try:
            if not locked:
                owner = self._owner(fd)
                raise OutputLocked(
                    f"another reportnlp run ({owner}) is writing to {self.path.parent}; wait for it "
                    "to finish or use another --out (two runs on one folder would mix their tables)")
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                     "started": time.strftime("%Y-%m-%d %H:%M:%S")}).encode("utf-8"))
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            raise
        self.fd = fd
        return self

    def _lock(self, fd: int) -> bool:
        try:
            import fcntl
        except ImportError:  # Windows: judge by the pid written in the file
            info = self._read(fd)
            pid = info.get("pid")
            return not (isinstance(pid, int) and pid != os.getpid() and info.get("host") == socket.gethostname()
                        and _pid_alive(pid))
        key = os.path.realpath(self.path)
        if key in _HELD:  # POSIX locks do not exclude the process that holds them
            return False
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        _HELD.add(key)
        self.key = key
        return True

    def _still_there(self, fd: int) -> bool:
        try:
            here, held = os.stat(self.path), os.fstat(fd)
        except OSError:
            return False
        return (here.st_dev, here.st_ino) == (held.st_dev, held.st_ino)

    @staticmethod
    def _read(fd: int) -> dict:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            info = json.loads(os.read(fd, 4096).decode("utf-8") or "{}")
        except (OSError, ValueError):
            return {}
        return info if isinstance(info, dict) else {}

    def _owner(self, fd: int) -> str:
        info = self._read(fd)
        if not info:
            return "starting up"
        return f"pid {info.get('pid')} on {info.get('host')}, started {info.get('started')}"

    def release(self) -> None:
        if self.fd is None:
            return
        _HELD.discard(self.key)
        try:
            os.unlink(self.path)  # unlink first: the next owner then locks a fresh file
        except OSError:
            pass
        os.close(self.fd)
        self.fd = None


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
                 fingerprint: str = "", resume: bool = True, raw: bool = False) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
        self.out = Path(out)
        self.fmt = fmt
        self.raw = raw
        self.schemas = dict(schemas)
        self.fingerprint = fingerprint
        self.spool = self.out / PARTIAL_DIR
        self.done: set = set()
        self.resumed = False
        self.finished = False
        self.out.mkdir(parents=True, exist_ok=True)
        # One run per folder: a second one is refused before it touches the spool.
        self.lock = OutLock(self.out).acquire()
        try:
            state = self._load_checkpoint() if resume else None
            if state is not None:
                self._restore(state)
            else:
                self._start()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Let go of the output folder (``finish`` does it; call it when a run is abandoned)."""
        self.lock.release()

    # -- checkpoint ------------------------------------------------------------------

    def _signature(self) -> dict:
        return {"version": CHECKPOINT_VERSION, "format": self.fmt, "fingerprint": self.fingerprint,
                "raw": self.raw, "columns": {name: schema.names for name, schema in self.schemas.items()}}

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
        state = {**self._signature(), "chunks": self.chunks, "sizes": self.sizes, "finished": self.finished}
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
            data = b"" if key == "done.log" else csv_header(self.schemas[key].names, raw=self.raw)
            _fsync_write(path, data)
            self.sizes[key] = len(data)
        if self.fmt == "parquet":
            for name in self.schemas:
                (self.spool / name).mkdir()
        self._save_checkpoint()

    def _restore(self, state: dict) -> None:
        self.chunks = int(state["chunks"])
        self.sizes = {k: int(v) for k, v in state["sizes"].items()}
        # A finish that had made every table final and was stopped while clearing the
        # spool: the tables in DIR are complete, only the clean-up is left.
        self.finished = bool(state.get("finished"))
        if self.finished:
            self.resumed = True
            return
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
                import pyarrow.parquet as pq

                part = self.spool / name / f"{self.chunks:06d}.parquet"
                tmp = part.with_name(part.name + ".tmp")
                with open(tmp, "wb") as handle:  # durable before the checkpoint names it
                    pq.write_table(payload.cast(schema), handle)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, part)
        log = "".join(json.dumps(key) + "\n" for key in keys).encode("utf-8")
        _fsync_write(self.spool / "done.log", log, mode="ab")
        self.sizes["done.log"] += len(log)
        self.chunks += 1
        self._save_checkpoint()
        self.done.update(keys)

    def finish(self) -> List[Path]:
        """Make every table final in ``out/NAME.FMT``, then drop the spool and the lock.

        Crash-safe at every step: each table is written to a temporary file, fsynced and
        renamed over its target (CSV: the spool file itself is renamed); only when every
        table is final does the checkpoint say "finished", and only then is anything in the
        spool removed. A run stopped anywhere in here and started again gives the same
        tables: before "finished" it redoes the finish from the intact spool, after it
        only the clean-up.
        """
        try:
            written = [self.out / f"{name}.{self.fmt}" for name in self.schemas]
            if not self.finished:
                for name, schema in self.schemas.items():
                    target = self.out / f"{name}.{self.fmt}"
                    if self.fmt == "csv":
                        source = self.spool / f"{name}.csv"
                        if source.exists():
                            os.replace(source, target)
                        elif not target.exists():
                            raise FileNotFoundError(f"{source} vanished before it was moved to {target}")
                    else:
                        self._merge_parts(name, schema, target)
                _fsync_dir(self.out)
                self.finished = True
                self._save_checkpoint()
            self._clear_spool()
            return written
        finally:
            self.close()

    def _clear_spool(self) -> None:
        # The checkpoint goes last: while it is there, a restart knows the tables are final.
        checkpoint = self.spool / "checkpoint.json"
        for entry in sorted(self.spool.iterdir()) if self.spool.is_dir() else ():
            if entry != checkpoint:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        _fsync_dir(self.spool)
        shutil.rmtree(self.spool, ignore_errors=True)
        _fsync_dir(self.out)

    def _merge_parts(self, name: str, schema: pa.Schema, target: Path) -> None:
        """Copy the parts of one Parquet table into ``target`` (temp, fsync, rename); the
        parts stay until the whole run is final."""
        import pyarrow.parquet as pq

        tmp = target.with_name(f".{target.name}.tmp")
        pending: List[pa.Table] = []
        with open(tmp, "wb") as handle:
            with pq.ParquetWriter(handle, schema) as writer:
                for part in sorted((self.spool / name).glob("*.parquet")):
                    pending.append(pq.read_table(part, schema=schema))
                    if sum(t.num_rows for t in pending) >= ROW_GROUP_ROWS:
                        writer.write_table(pa.concat_tables(pending))
                        pending = []
                if pending:
                    writer.write_table(pa.concat_tables(pending))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
