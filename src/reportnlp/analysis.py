"""The tables of one run as an object: select documents, join their metadata, save, load, show.

:class:`Analysis` holds one DataFrame per table of ``pipeline.TABLES`` (documents,
sections, claims, …) and, when the run kept them, the documents' texts (``texts``:
doc_id -> text), so that nothing needs to read the files again. Every method walks
``pipeline.TABLES``: a table added to the pipeline needs no change here.

Selecting documents (``where=``) works the same way before a run (``analyze(paths,
where=…)``, deciding from the manifest and the file name so that unwanted files are
never read) and after it (``Analysis.subset(where)``); :func:`matches` is the rule.
"""
from __future__ import annotations

import json
import numbers
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Dict, Iterable, Mapping, Optional, Sequence, Union

from . import errors

if TYPE_CHECKING:  # pandas loads when a table is built, not when reportnlp is imported
    import pandas as pd

PathLike = Union[str, "Path"]
# Documents columns that describe the file or count rows, not the document: with_meta leaves
# them out unless asked for by name.
_NOT_META = ("path", "encoding", "chars", "status", "placeholder_rate")
TEXTS_FILE = "texts.parquet"
Where = Union[None, Mapping[str, object], Callable[[Mapping[str, object]], bool]]


def _tables() -> tuple:
    from .pipeline import TABLES

    return TABLES


def _empty(name: str) -> "pd.DataFrame":
    from .writer import arrow_to_frame, table_schema

    return arrow_to_frame(table_schema(name).empty_table())


class Analysis:
    """The tables of one run, as DataFrames with the columns docs/TABLES.md describes.

    ``Analysis(documents=…, claims=…, …, texts=…)``: a table not given is empty, with its
    usual columns. ``texts`` maps doc_id to the document's text (optional).
    """

    def __init__(self, texts: Optional[Mapping[str, str]] = None, **frames: "pd.DataFrame") -> None:
        tables = _tables()
        unknown = sorted(set(frames) - set(tables))
        if unknown:
            raise TypeError(f"unknown tables {unknown}; an Analysis holds {', '.join(tables)}")
        for name in tables:
            frame = frames.get(name)
            setattr(self, name, _empty(name) if frame is None else frame)
        self.texts: Dict[str, str] = dict(texts or {})

    # -- looking at it -----------------------------------------------------------------

    def tables(self) -> Dict[str, "pd.DataFrame"]:
        """Table name -> DataFrame, in the pipeline's order."""
        return {name: getattr(self, name) for name in _tables()}

    def __repr__(self) -> str:
        tables = self.tables()
        width = max(len(name) for name in tables)
        lines = [f"Analysis of {len(self.documents)} documents"]
        lines += [f"  {name:<{width}} {len(frame):>8,} rows" for name, frame in tables.items()]
        if self.texts:
            lines.append(f"  {'texts':<{width}} {len(self.texts):>8,} documents")
        return "\n".join(lines)

    def __eq__(self, other) -> bool:
        if not isinstance(other, Analysis):
            return NotImplemented
        return self.texts == other.texts and all(
            a.reset_index(drop=True).equals(b.reset_index(drop=True))
            for a, b in zip(self.tables().values(), other.tables().values()))

    def show(self, doc_id: str):
        """The document view of one report (shown inline in a notebook; ``.save(path)`` writes HTML)."""
        from .docview import DocView

        return DocView.from_analysis(self, doc_id)

    def describe(self, table: Optional[str] = None) -> "pd.DataFrame":
        """What each column of ``table`` (default: every table) means; see :func:`reportnlp.describe`."""
        from .tabledocs import describe

        return describe(table, documents=self.documents)

    # -- documents and their metadata --------------------------------------------------

    def with_meta(self, table: str, columns: Union[str, Sequence[str], None] = None) -> "pd.DataFrame":
        """``table`` with document metadata joined on doc_id, right after the doc_id column.

        ``columns``: documents columns to bring (default: title, year, region, township,
        organisation and every manifest column). Rows keep their order and index.
        """
        import pandas as pd

        frame = self.tables().get(table)
        if frame is None:
            raise errors.new("no_table", table=table, known=", ".join(_tables()))
        if table == "documents":
            return frame
        documents = self.documents
        if columns is None:
            columns = [c for c in documents.columns
                       if c != "doc_id" and c not in _NOT_META and not c.startswith("n_")]
        elif isinstance(columns, str):
            columns = [columns]
        missing = [c for c in columns if c not in documents.columns]
        if missing:
            raise errors.new("no_documents_column", missing=", ".join(map(repr, missing)),
                             known=", ".join(c for c in documents.columns if c != "doc_id"))
        if "doc_id" not in frame.columns:
            raise errors.new("no_doc_id", table=table)
        meta = documents.drop_duplicates("doc_id").set_index("doc_id")[list(columns)]
        joined = meta.reindex(frame["doc_id"].to_numpy())
        joined.index = frame.index
        at = list(frame.columns).index("doc_id") + 1
        clashing = [c for c in columns if c in frame.columns]
        rest = frame.drop(columns=clashing)
        return pd.concat([rest.iloc[:, :at], joined, rest.iloc[:, at:]], axis=1)

    def subset(self, where: Where = None, *, doc_ids: Optional[Iterable[str]] = None) -> "Analysis":
        """The same analysis for the documents that ``where`` selects (and/or ``doc_ids``)."""
        import pandas as pd

        documents = self.documents
        keep = pd.Series(True, index=documents.index)
        if where is not None:
            keep &= pd.Series([matches(row, where) for row in documents.to_dict("records")],
                              index=documents.index, dtype=bool)
        if doc_ids is not None:
            keep &= documents["doc_id"].isin(list(doc_ids))
        chosen = set(documents.loc[keep, "doc_id"])
        frames = {}
        for name, frame in self.tables().items():
            if name == "errors" or "doc_id" not in frame.columns:
                frames[name] = frame
            else:
                frames[name] = frame[frame["doc_id"].isin(chosen)].reset_index(drop=True)
        return Analysis(texts={k: v for k, v in self.texts.items() if k in chosen}, **frames)

    # -- saving ------------------------------------------------------------------------

    def save(self, out: PathLike, *, fmt: str = "parquet", texts: bool = True) -> list:
        """Write every table to ``out`` as NAME.parquet (or NAME.csv with ``fmt="csv"``), and the
        texts to texts.parquet when kept; :func:`load` reads it back. Returns the files written."""
        from .pipeline import write_tables

        out = Path(out)
        written = write_tables(self, out, fmt=fmt)
        stale = out / TEXTS_FILE
        if texts and self.texts:
            import pandas as pd

            frame = pd.DataFrame({"doc_id": list(self.texts), "text": list(self.texts.values())})
            tmp = stale.with_name(f".{stale.name}.tmp")
            frame.to_parquet(tmp, index=False)
            tmp.replace(stale)
            written.append(stale)
        elif stale.exists():
            stale.unlink()
        return written

    def export(self, out: PathLike, *, fmt: str = "stata") -> list:
        """Write the tables for another program: ``"stata"`` (.dta), ``"r"`` (Parquet and a
        read script) or ``"csv"`` (UTF-8 with a byte-order mark, opens in Excel). See reportnlp.export."""
        from .export import export

        return export(self, out, fmt=fmt)


def load(out: PathLike, *, raw: bool = False) -> Analysis:
    """The analysis that ``Analysis.save`` or ``reportnlp analyze --out`` wrote to ``out``.

    Reads NAME.parquet or NAME.csv for every table with the run's column types, and the
    texts when texts.parquet is there. CSV cells escaped for spreadsheets are given back
    as they were; ``raw=True`` reads tables written with ``csv_raw`` (nothing to undo).
    """
    from .writer import read_table, table_schema

    out = Path(out)
    if not out.is_dir():
        raise errors.new("not_an_analysis", path=str(out))
    frames = {}
    for name in _tables():
        parquet, csv = out / f"{name}.parquet", out / f"{name}.csv"
        path = parquet if parquet.exists() else csv
        if not path.exists():
            if name == "documents":
                raise errors.new("no_documents_table", path=str(out))
            continue  # a table this run did not write (an older version): left empty
        frames[name] = read_table(path, table_schema(name), raw=raw)
    texts = {}
    if (out / TEXTS_FILE).exists():
        import pandas as pd

        stored = pd.read_parquet(out / TEXTS_FILE)
        texts = dict(zip(stored["doc_id"], stored["text"]))
    return Analysis(texts=texts, **frames)


def analyze_text(text: str, doc_id: str = "text", **meta) -> Analysis:
    """Analyse one string as a report: ``analyze_text(text, doc_id="x", year=2023, region="…")``.

    ``meta`` fills documents columns (title, year, region, township, organisation or any
    other); what is not given is guessed from the text as for a file.
    """
    from .io import metadata_for
    from .model import Report
    from .pipeline import DOCUMENT_COLUMNS, analyze_report, frames_from_rows

    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    row = {k: ("" if v is None else v) for k, v in meta.items()}
    report = Report(doc_id=doc_id, text=text, meta=metadata_for(Path(doc_id), text, row=row))
    rows = analyze_report(report)
    extras = [k for k in report.meta if k not in DOCUMENT_COLUMNS]
    return Analysis(texts={doc_id: text}, **frames_from_rows(rows, extras))


# --- selecting documents ----------------------------------------------------------------


def _is_na(value) -> bool:
    """``value is pd.NA``, without importing pandas (no pandas loaded: no pd.NA around)."""
    pd = sys.modules.get("pandas")
    return pd is not None and value is getattr(pd, "NA", None)


def _same(value, wanted) -> bool:
    """``value`` equals ``wanted``, reading digit strings as numbers (manifests hold text)."""
    if value is None or (isinstance(value, float) and value != value) or _is_na(value):
        return wanted is None
    if isinstance(wanted, numbers.Number) and not isinstance(wanted, bool) and isinstance(value, str):
        try:
            return float(value.strip()) == wanted
        except ValueError:
            return False
    if isinstance(value, numbers.Number) and isinstance(wanted, str):
        return str(value) == wanted.strip()
    return value == wanted


def _number(value) -> Optional[float]:
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return None if value != value else float(value)
    try:
        return float(str(value).strip())
    except (TypeError, ValueError):
        return None


def _test(value, condition) -> bool:
    if callable(condition):
        return bool(condition(value))
    if isinstance(condition, tuple):
        if len(condition) != 2:
            raise ValueError(f"a range is (low, high), not {condition!r}")
        low, high = condition
        if isinstance(low, str) or isinstance(high, str):  # text range, e.g. dates "2020-01-01"
            text = "" if value is None or _is_na(value) else str(value)
            return bool(text) and (low is None or text >= low) and (high is None or text <= high)
        number = _number(value)
        return number is not None and (low is None or number >= low) and (high is None or number <= high)
    if isinstance(condition, (list, set, frozenset, range)):
        return any(_same(value, c) for c in condition)
    return _same(value, condition)


def matches(meta: Mapping[str, object], where: Where) -> bool:
    """Whether a document with metadata ``meta`` is selected by ``where``.

    ``where`` is a callable (``meta -> bool``) or a dict of column -> condition, all of
    which must hold: a value (``"安徽省"``, ``2020``), a list or set of values, a ``range``,
    a ``(low, high)`` tuple (inclusive; ``None`` leaves that end open) or a callable on the
    value. Digit strings in a manifest compare equal to numbers.
    """
    if where is None:
        return True
    if callable(where):
        return bool(where(meta))
    for column, condition in where.items():
        if column not in meta:
            error = errors.new("no_where_column", column=column, known=", ".join(map(str, meta)))
            error.column = column
            raise error
        if not _test(meta[column], condition):
            return False
    return True


def _scalar(text: str):
    text = text.strip()
    return int(text) if text.lstrip("-").isdigit() else text


def parse_where(expressions: Iterable[str]) -> Optional[Dict[str, object]]:
    """``where`` from command-line expressions, all of which must hold:
    ``COLUMN=VALUE``, ``COLUMN=V1,V2`` (any of them), ``COLUMN=LOW..HIGH`` (inclusive; an
    end may be left out: ``year=2013..``). Whole numbers are read as numbers."""
    where: Dict[str, object] = {}
    for expression in expressions:
        column, sep, value = expression.partition("=")
        column = column.strip()
        if not sep or not column:
            raise ValueError(f"{expression!r}: write COLUMN=VALUE, COLUMN=V1,V2 or COLUMN=LOW..HIGH")
        if ".." in value:
            low, high = value.split("..", 1)
            where[column] = (_scalar(low) if low.strip() else None, _scalar(high) if high.strip() else None)
        elif "," in value:
            where[column] = [_scalar(v) for v in value.split(",") if v.strip()]
        else:
            where[column] = _scalar(value)
    return where or None


def describe_where(where: Where) -> str:
    """``where`` as short text, for messages."""
    if where is None:
        return "everything"
    if callable(where):
        return getattr(where, "__name__", "a function")
    return json.dumps({k: (v if isinstance(v, (str, int, float, list)) else repr(v))
                       for k, v in where.items()}, ensure_ascii=False)
