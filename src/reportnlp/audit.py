"""Per-document audit of unfilled template slots and masked words (``reportnlp audit``).

A library first: :func:`audit_paths` returns an :class:`Audit` whose rows are plain dicts
(one per placeholder, with its line number); :func:`format_audit` turns it into the text
the command prints. Unreadable inputs become error rows, never exceptions.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Dict, Iterable, List

from . import errors
from .extract.placeholders import extract_placeholders
from .io import InputError, PathLike, display_path, plan_inputs, read_or_error
from .model import Report

KINDS = ("number_slot", "name_slot", "date_slot", "masked_word", "other_slot")


@dataclass
class Audit:
    """What an audit found: placeholder rows, error rows and document counts."""

    rows: List[dict] = field(default_factory=list)
    errors: List[dict] = field(default_factory=list)
    documents: int = 0

    @property
    def flagged_documents(self) -> int:
        return len({r["path"] for r in self.rows})

    def by_kind(self) -> Dict[str, int]:
        counts = Counter(r["kind"] for r in self.rows)
        return {k: counts[k] for k in KINDS if counts[k]}


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
        try:
            audit.rows.extend(audit_report(report))
        except Exception as exc:  # an extractor bug must not end the audit
            audit.errors.append({"path": display_path(item), "code": errors.ExtractorFailed.code,
                                 "message": f"audit failed ({type(exc).__name__}: {exc}); please report this"})
    return audit


def format_row(row: dict) -> str:
    guess = f" → {row['restored']}" if row.get("restored") else ""
    return f"{row['path']}:{row['line']}: {row['kind']} {row['text']}{guess} | {row['context']}"


def format_audit(audit: Audit) -> str:
    """The audit as text: one line per placeholder and per error, then a summary."""
    lines = [format_row(r) for r in audit.rows]
    lines += [f"error: {e['path']}: [{e['code']}] {e['message']}" for e in audit.errors]
    lines.append(f"{audit.documents} documents scanned, {audit.flagged_documents} with placeholders, "
                 f"{len(audit.errors)} errors")
    kinds = ", ".join(f"{k} {n}" for k, n in audit.by_kind().items())
    lines.append(f"{len(audit.rows)} placeholders" + (f": {kinds}" if kinds else ""))
    return "\n".join(lines)
