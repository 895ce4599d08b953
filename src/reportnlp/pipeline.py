"""Run the extractors over a corpus and build the OUTPUT.md tables.

``analyze_report`` is the whole per-document job: plain row dicts for every table.
``analyze`` runs it over paths and returns an :class:`Analysis` of DataFrames;
``write_tables`` puts those on disk. Only this module builds DataFrames.
"""
from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Union

import pandas as pd

from . import errors
from .extract.claims import extract_claims
from .extract.named import extract_named
from .extract.placeholders import extract_placeholders
from .io import InputError, PathLike, doc_id_for, iter_inputs, read_report
from .model import Report, Section
from .sections import split_sections

DOCUMENT_COLUMNS = [
    "doc_id", "path", "encoding", "chars", "title", "year", "region", "township",
    "organisation", "n_sections", "n_claims", "n_named", "n_placeholders", "status",
    "placeholder_rate",
]
COLUMNS: Dict[str, List[str]] = {
    "documents": DOCUMENT_COLUMNS,
    "sections": ["doc_id", "section_id", "parent_id", "level", "marker", "heading", "kind",
                 "start", "end", "body_end"],
    "claims": ["doc_id", "section_id", "start", "end", "text", "value", "value_high", "unit",
               "qualifier", "placeholder", "subject", "section_kind", "target"],
    "named": ["doc_id", "section_id", "start", "end", "text", "category", "subtype", "source",
              "canonical"],
    "placeholders": ["doc_id", "section_id", "start", "end", "text", "kind", "restored", "context"],
    "errors": ["path", "code", "message"],
}
TABLES = tuple(COLUMNS)
SPAN_TABLES = ("claims", "named", "placeholders")


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


def analyze_report(report: Report) -> Dict[str, List[dict]]:
    """Every table's rows for one report (documents holds one row)."""
    sections = split_sections(report)
    index = _SectionIndex(sections)
    found = {
        "claims": extract_claims(report),
        "named": extract_named(report),
        "placeholders": extract_placeholders(report),
    }
    rows: Dict[str, List[dict]] = {"sections": [
        {"doc_id": report.doc_id, **asdict(s)} for s in sections]}
    for table, records in found.items():
        out = []
        for record in records:
            section = index.at(record.start)
            changes = {"section_id": section.section_id if section else None}
            if table == "claims":
                changes["section_kind"] = section.kind if section else None
            out.append({"doc_id": report.doc_id, **asdict(replace(record, **changes))})
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


def process_path(path: Union[Path, InputError], doc_id: Optional[str] = None) -> Dict[str, List[dict]]:
    """Read and analyse one input; any failure becomes an ``errors`` row, never an exception."""
    empty: Dict[str, List[dict]] = {t: [] for t in TABLES}
    if isinstance(path, InputError):
        empty["errors"].append(asdict(path))
        return empty
    try:
        report = read_report(path, doc_id=doc_id)
    except errors.ReportError as exc:
        empty["errors"].append(asdict(InputError.from_exception(exc)))
        return empty
    except (OSError, MemoryError) as exc:
        empty["errors"].append({"path": str(path), "code": errors.BrokenDocument.code,
                                "message": f"cannot read: {exc}"})
        return empty
    try:
        return analyze_report(report)
    except Exception as exc:  # an extractor bug must not end the batch
        empty["errors"].append({"path": str(path), "code": errors.ExtractorFailed.code,
                                "message": f"analysis failed ({type(exc).__name__}: {exc}); please report this"})
        return empty


def plan_inputs(paths: Iterable[PathLike]) -> List[tuple]:
    """(input, doc_id) pairs in a stable order, with doc_ids made unique within the run."""
    planned = []
    seen: Dict[str, int] = {}
    for item in iter_inputs(paths):
        if isinstance(item, InputError):
            planned.append((item, None))
            continue
        base = doc_id_for(item)
        seen[base] = seen.get(base, 0) + 1
        planned.append((item, base if seen[base] == 1 else f"{base}-{seen[base]}"))
    return planned


def iter_results(paths: Iterable[PathLike], *, jobs: int = 1) -> Iterator[Dict[str, List[dict]]]:
    """Per-document row dicts in input order, computed with ``jobs`` processes."""
    planned = plan_inputs(paths)
    if jobs <= 1 or len(planned) <= 1:
        for item, doc_id in planned:
            yield process_path(item, doc_id)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        items = [p for p, _ in planned]
        ids = [d for _, d in planned]
        yield from pool.map(process_path, items, ids, chunksize=4)


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


def to_frame(table: str, rows: List[dict]) -> pd.DataFrame:
    columns = COLUMNS[table]
    frame = pd.DataFrame(rows)
    for column in columns:
        if column not in frame.columns:
            frame[column] = pd.Series(dtype="object")
    extra = [c for c in frame.columns if c not in columns]
    return frame[columns + extra]


def analyze(paths: Optional[Sequence[PathLike]] = None, *, jobs: int = 1) -> Analysis:
    """Analyse files and folders (default: the bundled sample corpus) into DataFrames."""
    if paths is None or len(paths) == 0:
        paths = [sample_corpus()]
    if isinstance(paths, (str, Path)):
        paths = [paths]
    collected: Dict[str, List[dict]] = {t: [] for t in TABLES}
    for result in iter_results(paths, jobs=jobs):
        for table in TABLES:
            collected[table].extend(result.get(table, []))
    return Analysis(**{t: to_frame(t, rows) for t, rows in collected.items()})


def write_tables(analysis: Analysis, out: PathLike, *, fmt: str = "csv") -> List[Path]:
    """Write every table to ``out`` as CSV or Parquet; returns the files written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in analysis.tables().items():
        target = out / f"{name}.{fmt}"
        tmp = target.with_name(target.name + ".tmp")
        if fmt == "parquet":
            frame.to_parquet(tmp, index=False)
        else:
            frame.to_csv(tmp, index=False)
        tmp.replace(target)
        written.append(target)
    return written
