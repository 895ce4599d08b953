"""Per-document audit of unfilled template slots and masked words (``reportnlp audit``).

A library first: :func:`audit_paths` returns an :class:`Audit` whose rows are plain dicts
(one per placeholder, with its line number) and whose ``per_file()`` counts slots by kind
for every file scanned; :func:`format_audit`, :func:`audit_csv` and :func:`audit_json`
turn it into what the command prints. Unreadable inputs become error rows, never exceptions.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Dict, Iterable, List

from . import errors
from .extract.placeholders import extract_placeholders
from .io import InputError, PathLike, display_path, plan_inputs, read_or_error
from .model import Report

KINDS = ("number_slot", "name_slot", "date_slot", "masked_word", "other_slot")
ROW_COLUMNS = ["path", "doc_id", "line", "start", "end", "kind", "text", "restored", "context"]
FILE_COLUMNS = ["path", "doc_id", *KINDS, "total"]


@dataclass
class Audit:
    """What an audit found: placeholder rows, error rows and document counts."""

    rows: List[dict] = field(default_factory=list)
    errors: List[dict] = field(default_factory=list)
    documents: int = 0
    files: List[dict] = field(default_factory=list)  # every document scanned: path, doc_id

    @property
    def flagged_documents(self) -> int:
        return len({r["path"] for r in self.rows})

    def by_kind(self) -> Dict[str, int]:
        counts = Counter(r["kind"] for r in self.rows)
        return {k: counts[k] for k in KINDS if counts[k]}

    def per_file(self) -> List[dict]:
        """One row per document scanned, clean ones included: path, doc_id, a count per kind, total."""
        counts: Dict[str, Counter] = {}
        for row in self.rows:
            counts.setdefault(row["path"], Counter())[row["kind"]] += 1
        out = []
        for item in self.files:
            found = counts.get(item["path"], Counter())
            out.append({**item, **{k: found[k] for k in KINDS}, "total": sum(found.values())})
        return out

    def table(self):
        """The placeholders as a DataFrame (one row each, with file and line)."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=ROW_COLUMNS)

    def summary(self):
        """One row per document scanned as a DataFrame: path, doc_id, a count per kind, total."""
        import pandas as pd

        return pd.DataFrame(self.per_file(), columns=FILE_COLUMNS)

    def totals(self) -> Dict[str, int]:
        """Documents scanned and flagged, errors, and placeholders by kind and in all."""
        counts = Counter(r["kind"] for r in self.rows)
        return {"documents": self.documents, "flagged_documents": self.flagged_documents,
                "errors": len(self.errors), **{k: counts[k] for k in KINDS}, "placeholders": len(self.rows)}


def audit_report(report: Report) -> List[dict]:
    """One row per placeholder in ``report``: path, doc_id, line, kind, text, restored, context."""
    rows = []
    for p in extract_placeholders(report):
        rows.append({"path": report.path, "doc_id": report.doc_id,
                     "line": report.text.count("\n", 0, p.start) + 1,
                     "start": p.start, "end": p.end, "kind": p.kind, "text": p.text,
                     "restored": p.restored, "context": p.context})
    return rows


def audit_paths(paths: Iterable[PathLike]) -> Audit:
    """Audit every report under ``paths`` (files or folders)."""
    audit = Audit()
    for item, doc_id in plan_inputs(paths):
        report = read_or_error(item, doc_id=doc_id)
        if isinstance(report, InputError):
            audit.errors.append(asdict(report))
            continue
        audit.documents += 1
        audit.files.append({"path": report.path, "doc_id": report.doc_id})
        try:
            audit.rows.extend(audit_report(report))
        except Exception as exc:  # an extractor bug must not end the audit
            audit.errors.append(errors.row("audit_failed", display_path(item), kind=type(exc).__name__, exc=exc))
    return audit


def format_row(row: dict) -> str:
    guess = f" → {row['restored']}" if row.get("restored") else ""
    return f"{row['path']}:{row['line']}: {row['kind']} {row['text']}{guess} | {row['context']}"


def format_file(row: dict) -> str:
    kinds = ", ".join(f"{k} {row[k]}" for k in KINDS if row[k])
    return f"{row['path']}: {row['total']} placeholders" + (f" ({kinds})" if kinds else "")


def format_audit(audit: Audit, *, summary: bool = False) -> str:
    """The audit as text: one line per placeholder (``summary``: per file) and per error, then totals."""
    lines = [format_file(r) for r in audit.per_file()] if summary else [format_row(r) for r in audit.rows]
    lines += [f"error: {e['path']}: [{e['code']}] {e['message']}" for e in audit.errors]
    lines.append(f"{audit.documents} documents scanned, {audit.flagged_documents} with placeholders, "
                 f"{len(audit.errors)} errors")
    kinds = ", ".join(f"{k} {n}" for k, n in audit.by_kind().items())
    lines.append(f"{len(audit.rows)} placeholders" + (f": {kinds}" if kinds else ""))
    return "\n".join(lines)


def audit_csv(audit: Audit, *, summary: bool = False) -> str:
    """The placeholders (``summary``: one row per file, counts by kind) as CSV text.

    Errors are not rows here (the command prints them on stderr); the totals are the
    column sums.
    """
    import pandas as pd

    from .writer import csv_bytes

    if summary:
        frame = pd.DataFrame(audit.per_file(), columns=FILE_COLUMNS)
    else:
        frame = pd.DataFrame(audit.rows, columns=ROW_COLUMNS)
    return csv_bytes(frame, bom=False).decode("utf-8")


def audit_json(audit: Audit) -> str:
    """Everything as one JSON object: totals, per-file counts, placeholders and errors."""
    return json.dumps({"totals": audit.totals(), "files": audit.per_file(),
                       "placeholders": [{k: r.get(k) for k in ROW_COLUMNS} for r in audit.rows],
                       "errors": audit.errors}, ensure_ascii=False, indent=1)
