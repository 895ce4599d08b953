"""Run the extractors over a corpus and build the OUTPUT.md tables.

``analyze_report`` is the whole per-document job: plain row dicts for every table, and
``process_path`` wraps it so that any failure is an ``errors`` row. ``analyze`` runs it
over paths and returns an :class:`~reportnlp.analysis.Analysis` of DataFrames (for
notebooks; the class and its methods live in analysis.py); ``analyze_to``
streams the same rows to disk chunk by chunk, resumable, in bounded memory (the CLI).
Both run locally over ``jobs`` processes or on Dask (engine.py); rows come back in
input order either way, so the tables do not depend on how they were computed.
"""
from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Dict, Iterator, List, Optional, Sequence, Tuple, Union

import pyarrow as pa

from . import engine as engines
from . import errors
from .analysis import Analysis, Where, matches
from .extractors import COUNTS
from .extractors import NAMES as EXTRACTOR_TABLES
from .extractors import annotate
from .io import (InputError, PathLike, Planned, display_path, manifest_columns, metadata_before_reading,
                 plan_inputs, read_or_error)
from .model import Report
from .writer import (BASE_COLUMNS, TableStore, arrow_to_frame, encode_tables, plan_fingerprint,
                     rows_to_arrow, table_schema)

if TYPE_CHECKING:  # pandas loads when a DataFrame is asked for (analyze, frames_from_rows)
    import pandas as pd

COLUMNS: Dict[str, List[str]] = {name: list(columns) for name, columns in BASE_COLUMNS.items()}
DOCUMENT_COLUMNS = COLUMNS["documents"]
TABLES = tuple(COLUMNS)
# the extractor tables whose rows point into a report and sit in a section
SPAN_TABLES = tuple(t for t in EXTRACTOR_TABLES if "section_id" in COLUMNS[t] and t != "sections")
# documents columns that io.metadata_for fills (docmeta.document_meta, genre.genre_of)
DOCMETA_COLUMNS = ("delivered", "level", "parent", "place", "title_source", "year_warning", "genre")
# Documents per chunk: the unit of writing, of the resume checkpoint and of the progress bar's steps.
CHUNK_DOCUMENTS = 32
# Seconds one document may take (read + analyse) before its worker is killed and the
# document becomes an errors row; a 60 MiB report takes well under a minute.
TIME_LIMIT = 600.0


def sample_corpus() -> Path:
    """The sample corpus shipped inside the package."""
    return Path(__file__).parent / "sample_corpus"


@lru_cache(maxsize=None)
def _field_names(record_type: type) -> Tuple[str, ...]:
    return tuple(f.name for f in fields(record_type))


def _row(doc_id: str, record) -> dict:
    # Records are flat frozen dataclasses: copying their __dict__ is many times faster
    # than dataclasses.asdict (a deep copy); slotted records fall back to getattr.
    attrs = getattr(record, "__dict__", None)
    if attrs is None:
        attrs = {name: getattr(record, name) for name in _field_names(type(record))}
    return {"doc_id": doc_id, **attrs}


def analyze_report(report: Report) -> Dict[str, List[dict]]:
    """Every table's rows for one report (documents holds one row): the extractors'
    records (extractors.annotate) as rows, then the documents row."""
    doc = annotate(report)
    rows: Dict[str, List[dict]] = {name: [_row(report.doc_id, r) for r in records]
                                   for name, records in doc.layers.items()}
    rows["documents"] = [document_row(report, rows)]
    rows["errors"] = []
    return rows


def document_row(report: Report, rows: Dict[str, List[dict]], status: str = "ok") -> dict:
    meta = dict(report.meta)
    chars = len(report.text)
    row = {
        **{k: v for k, v in meta.items() if k not in DOCUMENT_COLUMNS},
        "doc_id": report.doc_id,
        "path": report.path,
        "encoding": report.encoding,
        "chars": chars,
        "title": meta.get("title", ""),
        "year": meta.get("year"),
        "region": meta.get("region", ""),
        "township": meta.get("township", ""),
        "organisation": meta.get("organisation", ""),
        **{key: meta.get(key, "") for key in DOCMETA_COLUMNS},
        **{column: len(rows.get(table, [])) for column, table in COUNTS.items()},
        "status": status,
        # Slots per 1,000 characters: sorts a corpus by how template-like it is.
        "placeholder_rate": round(1000 * len(rows.get("placeholders", [])) / chars, 3) if chars else 0.0,
    }
    return row


@dataclass(frozen=True)
class Skipped:
    """An input the engine gave up on (time limit, dead worker): an errors row, same resume key."""

    original: Union[Path, InputError]
    code: str
    message: str


def process_path(path: Union[Path, InputError, Skipped], doc_id: Optional[str] = None,
                 texts: Optional[Dict[str, str]] = None) -> Dict[str, List[dict]]:
    """Read and analyse one input; any failure becomes an ``errors`` row, never an exception.

    ``texts``, when given, receives the document's text under its doc_id.
    """
    empty: Dict[str, List[dict]] = {t: [] for t in TABLES}
    if isinstance(path, Skipped):
        original = path.original
        shown = original.path if isinstance(original, InputError) else display_path(original)
        empty["errors"].append({"path": shown, "code": path.code, "message": path.message})
        return empty
    report = read_or_error(path, doc_id=doc_id)
    if isinstance(report, InputError):
        empty["errors"].append(asdict(report))
        return empty
    if texts is not None:
        texts[report.doc_id] = report.text
    shown = display_path(path)
    try:
        return analyze_report(report)
    except Exception as exc:  # an extractor bug must not end the batch
        empty["errors"].append(errors.row("analysis_failed", shown, kind=type(exc).__name__, exc=exc))
        return empty


def select_inputs(planned: Sequence[Planned], where: Where) -> List[Planned]:
    """The planned inputs whose document ``where`` selects (see analysis.matches).

    Decided from the manifest row and the file name when they hold the columns asked
    for, so that unwanted files are not read; otherwise the file is read (not analysed)
    to guess its metadata. Inputs that cannot be read are kept: they become errors rows.
    """
    if where is None:
        return list(planned)
    chosen = []
    for path, doc_id in planned:
        if isinstance(path, InputError):
            chosen.append((path, doc_id))
            continue
        before = {"doc_id": doc_id, "path": display_path(path), **metadata_before_reading(path)}
        try:
            keep = matches(before, where)
        except KeyError:
            report = read_or_error(path, doc_id=doc_id)
            if isinstance(report, InputError):
                chosen.append((path, doc_id))
                continue
            # the documents row as it will be, less what only the analysis can count
            meta = {k: v for k, v in document_row(report, {}).items()
                    if not k.startswith("n_") and k not in ("status", "placeholder_rate")}
            try:
                keep = matches(meta, where)
            except KeyError as exc:
                column = getattr(exc, "column", exc.args[0] if exc.args else "?")
                raise errors.new("where_needs_analysis", column=column, known=", ".join(meta)) from None
        if keep:
            chosen.append((path, doc_id))
    return chosen


def input_key(item: Planned) -> str:
    """The name under which the resume log records one planned input."""
    path, doc_id = item
    if isinstance(path, Skipped):
        path = path.original
    if isinstance(path, InputError):
        return json.dumps([path.path, path.code], ensure_ascii=False)
    return json.dumps([display_path(path), doc_id], ensure_ascii=False)


def schemas_for(planned: Sequence[Planned]) -> Dict[str, pa.Schema]:
    """Each table's fixed schema for this run; documents gets the manifests' extra columns."""
    extras = manifest_columns(p for p, _ in planned if not isinstance(p, InputError))
    return {name: table_schema(name, extras if name == "documents" else ()) for name in TABLES}


def _normalise_paths(paths) -> List[PathLike]:
    if paths is None:
        return [sample_corpus()]
    if isinstance(paths, (str, Path)):
        return [paths]
    return list(paths) or [sample_corpus()]


class _NoBar:
    """What ``_progress_bar`` gives when no bar is shown: no tqdm import, no monitor thread."""

    def __enter__(self) -> "_NoBar":
        return self

    def __exit__(self, *exc) -> None:
        return None

    def update(self, n: int = 1) -> None:
        pass

    def set_description(self, desc: str = "", refresh: bool = True) -> None:
        pass


def _progress_bar(total: int, initial: int, progress: Optional[bool]):
    """A tqdm bar on stderr: shown on a terminal or in a notebook unless ``progress`` says otherwise."""
    from importlib.util import find_spec

    in_notebook = "ipykernel" in sys.modules
    if progress is None:
        progress = sys.stderr.isatty() or in_notebook
    if not progress:
        return _NoBar()
    # tqdm.auto warns in every notebook that lacks ipywidgets; a text bar serves there.
    if progress and in_notebook and find_spec("ipywidgets") is not None:
        from tqdm.notebook import tqdm
    else:
        from tqdm import tqdm
    return tqdm(total=total, initial=initial, disable=not progress, unit="doc",
                desc="analyze", leave=False, dynamic_ncols=True)


@dataclass
class Batch:
    """What a worker hands back for a run of consecutive inputs, ready to append."""

    keys: List[str]
    tables: Dict[str, object]  # per table: CSV bytes or an Arrow table (writer.encode_tables)
    documents: int
    errors: List[dict]
    year_warnings: List[dict] = field(default_factory=list)  # doc_id, year_warning
    texts: Optional[Dict[str, str]] = None  # doc_id -> text, when asked for


def process_batch(items: Sequence[Planned], schemas: Dict[str, pa.Schema], fmt: str,
                  keep_texts: bool = False, raw: bool = False) -> Batch:
    """``process_path`` over consecutive inputs, with rows already encoded for the store.

    Encoding in the worker keeps the main process down to appending bytes, so it does
    not take a core away from the workers.
    """
    rows: Dict[str, List[dict]] = {t: [] for t in TABLES}
    texts: Optional[Dict[str, str]] = {} if keep_texts else None
    for step, (path, doc_id) in enumerate(items):
        engines.heartbeat(step)  # the time limit counts per document
        result = process_path(path, doc_id) if texts is None else process_path(path, doc_id, texts=texts)
        for table in TABLES:
            rows[table].extend(result.get(table, ()))
    warned = [{"doc_id": row["doc_id"], "year_warning": row["year_warning"]}
              for row in rows["documents"] if row.get("year_warning")]
    return Batch([input_key(item) for item in items], encode_tables(rows, schemas, fmt, raw=raw),
                 len(rows["documents"]), rows["errors"], year_warnings=warned, texts=texts)


def _batches(todo: Sequence[Planned], size: int, jobs: int) -> List[Tuple[Sequence[Planned]]]:
    # Small inputs are cut finer so that every worker gets some.
    size = max(1, min(size, -(-len(todo) // (4 * max(1, jobs))))) if jobs > 1 else max(1, size)
    return [(todo[i:i + size],) for i in range(0, len(todo), size)]


def _skip_input(item: Tuple[Sequence[Planned]], step: int, reason: str) -> Tuple[List[Planned]]:
    """The batch ``item`` with its input number ``step`` turned into an errors row."""
    planned = list(item[0])
    path, doc_id = planned[step]
    failure = errors.row("time_limit" if "time limit" in reason else "worker_died", "", reason=reason)
    planned[step] = (Skipped(path, failure["code"], failure["message"]), doc_id)
    return (planned,)


def _run_batches(todo: Sequence[Planned], schemas, fmt: str, *, size: int, jobs: int, engine: str,
                 scheduler, keep_texts: bool = False, raw: bool = False,
                 time_limit: Optional[float] = TIME_LIMIT) -> Iterator[Batch]:
    from functools import partial

    work = partial(process_batch, schemas=schemas, fmt=fmt, keep_texts=keep_texts, raw=raw)
    return engines.run_ordered(work, _batches(todo, size, jobs), engine=engine, jobs=jobs,
                               scheduler=scheduler, time_limit=time_limit if engine == "local" else None,
                               on_timeout=_skip_input)


def analyze(paths: Optional[Sequence[PathLike]] = None, *, where: Where = None, jobs: int = 1,
            engine: str = "local", scheduler=None, progress: Optional[bool] = False,
            texts: bool = True, time_limit: Optional[float] = TIME_LIMIT) -> Analysis:
    """Analyse files and folders (default: the bundled sample corpus) into DataFrames.

    ``where`` selects documents before anything is analysed: a dict of documents or
    manifest column -> value, list of values, ``(low, high)`` range or callable, e.g.
    ``where={"level": "province", "year": (2013, 2025)}``, or a callable on a document's
    metadata dict (see :func:`reportnlp.analysis.matches`). Files whose manifest row or
    name already decides are not read at all.

    ``jobs`` worker processes (or Dask workers with ``engine="dask"``; ``scheduler`` is a
    cluster address or a ``LocalCluster``, default a new local cluster). The tables hold
    the same rows in the same order whatever the engine and the number of jobs.
    ``texts`` keeps each document's text in ``Analysis.texts`` (for the document view and
    the comparisons, which then need not read the files again).
    Everything is kept in memory; for a corpus larger than memory use :func:`analyze_to`.
    A document that takes longer than ``time_limit`` seconds (local engine; ``None``: no
    limit, and one job runs in this process) becomes an errors row.
    """
    planned = select_inputs(plan_inputs(_normalise_paths(paths)), where)
    schemas = schemas_for(planned)
    parts: Dict[str, List[pa.Table]] = {t: [] for t in TABLES}
    kept: Dict[str, str] = {}
    batches = _run_batches(planned, schemas, "arrow", size=CHUNK_DOCUMENTS, jobs=jobs, engine=engine,
                           scheduler=scheduler, keep_texts=texts, time_limit=time_limit)
    with _progress_bar(len(planned), 0, progress) as bar:
        for batch in batches:
            for table in TABLES:
                parts[table].append(batch.tables[table])
            kept.update(batch.texts or {})
            bar.update(len(batch.keys))
    frames = {t: arrow_to_frame(pa.concat_tables(parts[t]) if parts[t] else schemas[t].empty_table())
              for t in TABLES}
    return Analysis(texts=kept, **frames)


def frames_from_rows(rows: Dict[str, List[dict]], extra_columns: Sequence[str] = ()) -> Dict[str, "pd.DataFrame"]:
    """``analyze_report``'s rows as DataFrames with the run's schemas (documents gets ``extra_columns``)."""
    return {name: arrow_to_frame(rows_to_arrow(rows.get(name, []),
                                               table_schema(name, extra_columns if name == "documents" else ())))
            for name in TABLES}


@dataclass
class RunSummary:
    """What ``analyze_to`` did: counts for this run and where the tables are."""

    out: Path
    files: List[Path]
    inputs: int
    resumed: int
    documents: int = 0
    errors: int = 0
    error_rows: List[dict] = field(default_factory=list)
    # documents whose delivery date contradicts their year (documents.year_warning)
    year_warnings: List[dict] = field(default_factory=list)


def analyze_to(paths: Optional[Sequence[PathLike]], out: PathLike, *, fmt: str = "csv",
               jobs: int = 1, engine: str = "local", scheduler=None,
               progress: Optional[bool] = None, resume: bool = True,
               chunk_documents: int = CHUNK_DOCUMENTS, keep_errors: int = 20,
               where: Where = None, csv_raw: bool = False,
               time_limit: Optional[float] = TIME_LIMIT) -> RunSummary:
    """Analyse ``paths`` and stream the tables to ``out`` as CSV or Parquet.

    Rows are written every ``chunk_documents`` inputs, so memory does not grow with the
    corpus. When ``out`` holds an interrupted run over the same inputs (and ``resume``),
    the finished inputs are skipped and the final tables are those an uninterrupted run
    would have written. Tables appear in ``out`` only when complete (atomic renames).
    ``progress=None`` shows a bar on a terminal only. ``documents`` and ``errors`` in the
    summary count this run's rows; the first ``keep_errors`` errors rows are kept.
    ``where`` selects documents as in :func:`analyze`.
    A document that takes longer than ``time_limit`` seconds is an errors row and the run
    goes on; CSV cells are escaped for spreadsheets unless ``csv_raw``. A second run on
    the same ``out`` while this one is alive raises :class:`writer.OutputLocked`.
    """
    planned = select_inputs(plan_inputs(_normalise_paths(paths)), where)
    keys = [input_key(item) for item in planned]
    store = TableStore(Path(out), schemas_for(planned), fmt=fmt, fingerprint=plan_fingerprint(keys),
                       resume=resume, raw=csv_raw)
    try:
        todo = [] if store.finished else [item for item, key in zip(planned, keys) if key not in store.done]
        summary = RunSummary(out=Path(out), files=[], inputs=len(planned), resumed=len(planned) - len(todo))
        batches = _run_batches(todo, store.schemas, fmt, size=chunk_documents, jobs=jobs, engine=engine,
                               scheduler=scheduler, raw=csv_raw, time_limit=time_limit)
        with _progress_bar(len(planned), summary.resumed, progress) as bar:
            for batch in batches:
                store.write_chunk(batch.tables, batch.keys)
                summary.documents += batch.documents
                summary.errors += len(batch.errors)
                summary.error_rows.extend(batch.errors[: max(0, keep_errors - len(summary.error_rows))])
                summary.year_warnings.extend(batch.year_warnings)
                bar.update(len(batch.keys))
        summary.files = store.finish()
    finally:
        store.close()
    return summary


def write_tables(analysis: Analysis, out: PathLike, *, fmt: str = "csv", raw: bool = False) -> List[Path]:
    """Write every table of an in-memory :class:`Analysis` to ``out`` (atomic: temp, fsync,
    rename). CSV is safe for spreadsheets unless ``raw`` (see :func:`writer.write_csv`)."""
    from .writer import write_csv

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in analysis.tables().items():
        target = out / f"{name}.{fmt}"
        if fmt == "parquet":
            tmp = target.with_name(f".{target.name}.tmp")
            frame.to_parquet(tmp, index=False)
            tmp.replace(target)
        else:
            write_csv(frame, target, raw=raw)
        written.append(target)
    return written


def read_tables(out: PathLike, *, raw: bool = False) -> Analysis:
    """Kept for old code: use :func:`reportnlp.load`, which also reads the saved texts."""
    from .analysis import load

    return load(out, raw=raw)
