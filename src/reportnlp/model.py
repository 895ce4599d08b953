"""Records that reportnlp extracts: a Report owns the text, everything else is a span into it.

Every span record satisfies ``report.text[rec.start:rec.end] == rec.text`` on the
original decoded text. Extractors return these records in document order; only the
pipeline edge turns them into DataFrames (``dataclasses.asdict``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Optional


@dataclass(frozen=True)
class Report:
    """One decoded document. ``text`` is the original text, never normalised."""

    doc_id: str
    text: str
    path: str = ""
    encoding: str = "utf-8"
    meta: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    section_id: str
    parent_id: Optional[str]
    level: int
    marker: str
    heading: str
    kind: str
    start: int
    end: int
    body_end: int

    @property
    def text(self) -> str:
        return self.heading


@dataclass(frozen=True)
class Claim:
    start: int
    end: int
    text: str
    value: Optional[float]
    value_high: Optional[float]
    unit: str
    qualifier: str
    placeholder: bool
    subject: str = ""
    target: bool = False
    section_id: Optional[str] = None
    section_kind: Optional[str] = None
    # Filled by the pipeline (indicators.py, periods.py): what the number measures and when.
    indicator: str = ""
    scope: str = ""
    period: str = ""


@dataclass(frozen=True)
class Named:
    start: int
    end: int
    text: str
    category: str
    subtype: str
    source: str
    canonical: str
    section_id: Optional[str] = None


@dataclass(frozen=True)
class Placeholder:
    start: int
    end: int
    text: str
    kind: str
    restored: str = ""
    context: str = ""
    section_id: Optional[str] = None
