"""Records that reportnlp extracts: a Report owns the text, everything else is a span into it.

Every span record satisfies ``report.text[rec.start:rec.end] == rec.text`` on the
original decoded text. Extractors return these records in document order; a
:class:`Document` holds one report and the records its extractors found, layer by layer
(sections first, see extractors.py), and only the pipeline edge turns them into rows.
"""
from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, List, Mapping, Optional, Sequence, Tuple


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


@dataclass(frozen=True)
class Headline:
    """One statement of a headline indicator (headline.py); ``start``/``end`` are its claim's."""

    indicator: str
    kind: str
    period: str
    value: Optional[float]
    value_high: Optional[float]
    qualifier: str
    unit: str
    measure: str
    start: int
    end: int
    text: str


@dataclass
class Document:
    """One report and its annotations: ``layers[name]`` holds the records of extractor
    ``name`` in document order, filled by :func:`reportnlp.extractors.annotate` in the
    order of ``extractors.EXTRACTORS`` (sections first). ``shared`` holds what one
    extractor computes for a later one (claims' indicator links for headline).
    """

    report: Report
    layers: Dict[str, list] = field(default_factory=dict)
    shared: Dict[str, object] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.report.text

    @property
    def sections(self) -> List[Section]:
        return self.layers.get("sections", [])

    def add(self, name: str, records: Sequence) -> list:
        """Store one extractor's records as layer ``name``. Once the sections are known, a
        record with a ``section_id`` (and ``section_kind``) field gets the innermost
        section holding its start, so the record and its table row agree."""
        records = list(records)
        if name != "sections" and "sections" in self.layers and records:
            names = _field_names(type(records[0]))
            if "section_id" in names:
                with_kind = "section_kind" in names
                placed = []
                for record in records:
                    section_id, kind = self.section_of(record.start)
                    if record.section_id == section_id and (not with_kind or record.section_kind == kind):
                        placed.append(record)  # already placed (or in no section)
                    elif with_kind:
                        placed.append(replaced(record, section_id=section_id, section_kind=kind))
                    else:
                        placed.append(replaced(record, section_id=section_id))
                records = placed
        self.layers[name] = records
        return records

    def section_of(self, offset: int) -> Tuple[Optional[str], Optional[str]]:
        """(section_id, kind) of the innermost section holding ``offset``, or (None, None)."""
        index = self.shared.get("_section_index")
        if index is None:
            index = self.shared["_section_index"] = SectionIndex(self.sections)
        section = index.at(offset)
        return (section.section_id, section.kind) if section is not None else (None, None)

    def headings(self, section_id: Optional[str]) -> str:
        """The headings of a section and its parents, innermost first (computed once per section)."""
        cache = self.shared.get("_headings")
        if cache is None:
            cache = self.shared["_headings"] = {}
            self.shared["_sections_by_id"] = {s.section_id: s for s in self.sections}
        if section_id in cache:
            return cache[section_id]
        by_id = self.shared["_sections_by_id"]
        out = []
        key = section_id
        while section_id is not None and section_id in by_id:
            section = by_id[section_id]
            out.append(section.heading)
            section_id = section.parent_id
        cache[key] = " ".join(out)
        return cache[key]


def replaced(record, **changes):
    """A copy of a frozen record with ``changes``: ``dataclasses.replace`` without running
    ``__init__`` again (several times faster, and records have no ``__post_init__``)."""
    attrs = getattr(record, "__dict__", None)
    if attrs is None:  # a slotted record
        return dataclasses.replace(record, **changes)
    new = object.__new__(type(record))
    new.__dict__.update(attrs)
    new.__dict__.update(changes)
    return new


@lru_cache(maxsize=None)
def _field_names(record_type: type) -> tuple:
    return tuple(f.name for f in dataclasses.fields(record_type))


class SectionIndex:
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
