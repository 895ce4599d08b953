"""Run the extractors over a corpus and build the OUTPUT.md tables.

``analyze_report`` is the whole per-document job: plain row dicts for every table, and
``process_path`` wraps it so that any failure is an ``errors`` row. ``analyze`` runs it
over paths and returns an :class:`Analysis` of DataFrames (for notebooks); ``analyze_to``
streams the same rows to disk chunk by chunk, resumable, in bounded memory (the CLI).
Both run locally over ``jobs`` processes or on Dask (engine.py); rows come back in
input order either way, so the tables do not depend on how they were computed.
"""
from __future__ import annotations

import bisect
import json
import sys
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple, Union

import pandas as pd
import pyarrow as pa

from . import engine as engines
from . import errors
from .extract.claims import extract_claims, target_in_plans
from .extract.named import extract_named
from .extract.placeholders import extract_placeholders
from .io import (InputError, PathLike, Planned, display_path, manifest_columns, plan_inputs,
                 read_or_error)
from .model import Report, Section
from .sections import split_sections
from .writer import (BASE_COLUMNS, TableStore, arrow_to_frame, encode_tables, plan_fingerprint,
                     table_schema)

COLUMNS: Dict[str, List[str]] = {name: list(columns) for name, columns in BASE_COLUMNS.items()}
DOCUMENT_COLUMNS = COLUMNS["documents"]
TABLES = tuple(COLUMNS)
SPAN_TABLES = ("claims", "named", "placeholders")
# Documents per chunk: the unit of writing, of the resume checkpoint and of the progress bar's steps.
CHUNK_DOCUMENTS = 32
# Seconds one document may take (read + analyse) before its worker is killed and the
# document becomes an errors row; a 60 MiB report takes well under a minute.
TIME_LIMIT = 600.0


def sample_corpus() -> Path:
    """The sample corpus shipped inside the package."""
    return Path(__file__).parent / "sample_corpus"


class _SectionIndex:
    """Finds the innermost section that holds an offset."""

    def __init__(self, sections: Sequence[Section]) -> None:
        self.sections = list(sections)
        self.starts = [s.start for s in self.sections]

    def at(self, offset: int) -> Optional[Section]:
        i = bisect.bisect_right(self.starts, offset) - 1
        while i >= 0:
            section = self.sections[i]
            if section.start <= offset < section.body_end:
                return section
            i -= 1
        return None


@lru_cache(maxsize=None)
def _field_names(record_type: type) -> Tuple[str, ...]:
    return tuple(f.name for f in fields(record_type))


def _row(doc_id: str, record, changes: dict) -> dict:
    # Records are flat frozen dataclasses: copying their __dict__ is many times faster
    # than dataclasses.asdict (a deep copy); slotted records fall back to getattr.
    attrs = getattr(record, "__dict__", None)
    if attrs is None:
        attrs = {name: getattr(record, name) for name in _field_names(type(record))}
    return {"doc_id": doc_id, **attrs, **changes}


def analyze_report(report: Report) -> Dict[str, List[dict]]:
    """Every table's rows for one report (documents holds one row)."""
    sections = split_sections(report)
    index = _SectionIndex(sections)
    found = {
        "claims": extract_claims(report),
        "named": extract_named(report),
        "placeholders": extract_placeholders(report),
    }
    rows: Dict[str, List[dict]] = {"sections": [_row(report.doc_id, s, {}) for s in sections]}
    for table, records in found.items():
        out = []
        for record in records:
            section = index.at(record.start)
            changes = {"section_id": section.section_id if section else None}
            if table == "claims":
                changes["section_kind"] = section.kind if section else None
                if section is not None and section.kind == "plans" and not record.target:
                    changes["target"] = target_in_plans(report.text, record)
            out.append(_row(report.doc_id, record, changes))
        rows[table] = out
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
        "n_sections": len(rows.get("sections", [])),
        "n_claims": len(rows.get("claims", [])),
        "n_named": len(rows.get("named", [])),
        "n_placeholders": len(rows.get("placeholders", [])),
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


def process_path(path: Union[Path, InputError, Skipped], doc_id: Optional[str] = None) -> Dict[str, List[dict]]:
    """Read and analyse one input; any failure becomes an ``errors`` row, never an exception."""
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
    shown = display_path(path)
    try:
        return analyze_report(report)
    except Exception as exc:  # an extractor bug must not end the batch
        empty["errors"].append({"path": shown, "code": errors.ExtractorFailed.code,
                                "message": f"analysis failed ({type(exc).__name__}: {exc}); please report this"})
        return empty


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


def _progress_bar(total: int, initial: int, progress: Optional[bool]):
    """A tqdm bar on stderr: shown on a terminal or in a notebook unless ``progress`` says otherwise."""
    from importlib.util import find_spec

    in_notebook = "ipykernel" in sys.modules
    if progress is None:
        progress = sys.stderr.isatty() or in_notebook
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


def process_batch(items: Sequence[Planned], schemas: Dict[str, pa.Schema], fmt: str,
                  raw: bool = False) -> Batch:
    """``process_path`` over consecutive inputs, with rows already encoded for the store.

    Encoding in the worker keeps the main process down to appending bytes, so it does
    not take a core away from the workers.
    """
    rows: Dict[str, List[dict]] = {t: [] for t in TABLES}
    for step, (path, doc_id) in enumerate(items):
        engines.heartbeat(step)  # the time limit counts per document
        result = process_path(path, doc_id)
        for table in TABLES:
            rows[table].extend(result.get(table, ()))
    return Batch([input_key(item) for item in items], encode_tables(rows, schemas, fmt, raw=raw),
                 len(rows["documents"]), rows["errors"])


def _batches(todo: Sequence[Planned], size: int, jobs: int) -> List[Tuple[Sequence[Planned]]]:
    # Small inputs are cut finer so that every worker gets some.
    size = max(1, min(size, -(-len(todo) // (4 * max(1, jobs))))) if jobs > 1 else max(1, size)
    return [(todo[i:i + size],) for i in range(0, len(todo), size)]


def _skip_input(item: Tuple[Sequence[Planned]], step: int, reason: str) -> Tuple[List[Planned]]:
    """The batch ``item`` with its input number ``step`` turned into an errors row."""
    planned = list(item[0])
    path, doc_id = planned[step]
    if "time limit" in reason:
        code = errors.TimeLimitExceeded.code
        advice = "it was skipped; split the file, or raise the limit (--time-limit)"
    else:
        code = errors.WorkerDied.code
        advice = "it was skipped (out of memory?); check the file, or save the report as UTF-8 .txt"
    planned[step] = (Skipped(path, code, f"analysis {reason}; {advice}"), doc_id)
    return (planned,)


def _run_batches(todo: Sequence[Planned], schemas, fmt: str, *, size: int, jobs: int, engine: str,
                 scheduler, raw: bool = False, time_limit: Optional[float] = TIME_LIMIT) -> Iterator[Batch]:
    from functools import partial

    work = partial(process_batch, schemas=schemas, fmt=fmt, raw=raw)
    return engines.run_ordered(work, _batches(todo, size, jobs), engine=engine, jobs=jobs,
                               scheduler=scheduler, time_limit=time_limit if engine == "local" else None,
                               on_timeout=_skip_input)


@dataclass
class Analysis:
    """The tables of one run, as DataFrames with the OUTPUT.md columns."""

    documents: pd.DataFrame
    sections: pd.DataFrame
    claims: pd.DataFrame
    named: pd.DataFrame
    placeholders: pd.DataFrame
    errors: pd.DataFrame

    def tables(self) -> Dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in TABLES}


def analyze(paths: Optional[Sequence[PathLike]] = None, *, jobs: int = 1, engine: str = "local",
            scheduler=None, progress: Optional[bool] = False,
            time_limit: Optional[float] = TIME_LIMIT) -> Analysis:
    """Analyse files and folders (default: the bundled sample corpus) into DataFrames.

    ``jobs`` worker processes (or Dask workers with ``engine="dask"``; ``scheduler`` is a
    cluster address or a ``LocalCluster``, default a new local cluster). The tables hold
    the same rows in the same order whatever the engine and the number of jobs.
    Everything is kept in memory; for a corpus larger than memory use :func:`analyze_to`.
    A document that takes longer than ``time_limit`` seconds (local engine; ``None``: no
    limit, and one job runs in this process) becomes an errors row.
    """
    planned = plan_inputs(_normalise_paths(paths))
    schemas = schemas_for(planned)
    parts: Dict[str, List[pa.Table]] = {t: [] for t in TABLES}
    batches = _run_batches(planned, schemas, "arrow", size=CHUNK_DOCUMENTS, jobs=jobs, engine=engine,
                           scheduler=scheduler, time_limit=time_limit)
    with _progress_bar(len(planned), 0, progress) as bar:
        for batch in batches:
            for table in TABLES:
                parts[table].append(batch.tables[table])
            bar.update(len(batch.keys))
    frames = {t: arrow_to_frame(pa.concat_tables(parts[t]) if parts[t] else schemas[t].empty_table())
              for t in TABLES}
    return Analysis(**frames)


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


def analyze_to(paths: Optional[Sequence[PathLike]], out: PathLike, *, fmt: str = "csv",
               jobs: int = 1, engine: str = "local", scheduler=None,
               progress: Optional[bool] = None, resume: bool = True,
               chunk_documents: int = CHUNK_DOCUMENTS, keep_errors: int = 20,
               csv_raw: bool = False, time_limit: Optional[float] = TIME_LIMIT) -> RunSummary:
    """Analyse ``paths`` and stream the tables to ``out`` as CSV or Parquet.

    Rows are written every ``chunk_documents`` inputs, so memory does not grow with the
    corpus. When ``out`` holds an interrupted run over the same inputs (and ``resume``),
    the finished inputs are skipped and the final tables are those an uninterrupted run
    would have written. Tables appear in ``out`` only when complete (atomic renames).
    ``progress=None`` shows a bar on a terminal only. ``documents`` and ``errors`` in the
    summary count this run's rows; the first ``keep_errors`` errors rows are kept.
    A document that takes longer than ``time_limit`` seconds is an errors row and the run
    goes on; CSV cells are escaped for spreadsheets unless ``csv_raw``. A second run on
    the same ``out`` while this one is alive raises :class:`writer.OutputLocked`.
    """
    planned = plan_inputs(_normalise_paths(paths))
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
    """The tables ``analyze_to`` or ``write_tables`` wrote to ``out``, with the run's dtypes.

    CSV cells escaped for spreadsheets (a leading ' before = + - @) are given back as they
    were; ``raw=True`` reads tables written with ``csv_raw=True`` (nothing to undo).
    """
    from .writer import read_table

    out = Path(out)
    frames = {}
    for name in TABLES:
        parquet, csv = out / f"{name}.parquet", out / f"{name}.csv"
        path = parquet if parquet.exists() and not csv.exists() else csv
        frames[name] = read_table(path, table_schema(name), raw=raw)
    return Analysis(**frames)
