"""model.py: the records, and a Document that places every record in its section."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from reportnlp.model import Claim, Document, Named, Report, Section, SectionIndex

SECTIONS = [
    Section("1", None, 1, "一、", "一、甲", "review", 0, 4, 50),
    Section("1.1", "1", 2, "（一）", "（一）乙", "review", 10, 15, 30),
    Section("2", None, 1, "二、", "二、丙", "plans", 60, 64, 90),
]


def test_section_index_finds_the_innermost_section():
    index = SectionIndex(SECTIONS)
    assert [getattr(index.at(o), "section_id", None) for o in (5, 12, 35, 55, 70, 95)] == \
        ["1", "1.1", "1", None, "2", None]


def _claim(start: int) -> Claim:
    return Claim(start, start + 2, "3个", 3.0, None, "个", "exact", False)


def test_add_gives_each_record_its_section_and_the_kind_where_the_record_has_one():
    doc = Document(Report("d", "x" * 100))
    doc.add("sections", SECTIONS)
    claims = doc.add("claims", [_claim(12), _claim(55), _claim(70)])
    assert [(c.section_id, c.section_kind) for c in claims] == [("1.1", "review"), (None, None), ("2", "plans")]
    named = doc.add("named", [Named(12, 14, "春蕾", "campaign", "program", "quoted", "春蕾")])
    assert named[0].section_id == "1.1" and not hasattr(named[0], "section_kind")
    assert doc.layers["claims"] == claims and doc.sections == SECTIONS


def test_records_without_a_section_field_are_stored_as_they_are():
    @dataclass(frozen=True)
    class Mark:
        start: int
        end: int
        text: str

    doc = Document(Report("d", "x" * 100))
    doc.add("sections", SECTIONS)
    marks = [Mark(12, 13, "x")]
    assert doc.add("marks", marks) == marks


def test_before_the_sections_nothing_is_placed():
    @dataclass(frozen=True)
    class Spot:
        start: int
        section_id: Optional[str] = "unset"

    doc = Document(Report("d", "x" * 100))
    assert doc.add("spots", [Spot(12)])[0].section_id == "unset"


def test_headings_join_a_section_and_its_parents_innermost_first():
    doc = Document(Report("d", "x" * 100))
    doc.add("sections", SECTIONS)
    assert doc.headings("1.1") == "（一）乙 一、甲"
    assert doc.headings(None) == "" and doc.headings("9") == ""
