"""extractors.py: one entry per extractor, and everything that follows from the table."""
from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from reportnlp import docview, evaluate, extractors, pipeline, tabledocs, writer
from reportnlp.extractors import EXTRACTORS, NAMES, Extractor, annotate, check
from reportnlp.io import read_report

ROOT = Path(__file__).resolve().parents[1]


def test_sections_come_first_and_every_need_is_met_before_it_is_used():
    assert NAMES[0] == "sections"
    check()
    needs_missing = [*EXTRACTORS[1:], EXTRACTORS[0]]  # claims before the sections it needs
    with pytest.raises(ValueError, match="needs"):
        check(needs_missing)
    with pytest.raises(ValueError, match="twice"):
        check([EXTRACTORS[0], EXTRACTORS[0]])


def test_the_tables_the_writer_evaluate_and_the_views_know_follow_from_the_entries():
    assert pipeline.TABLES == ("documents", *NAMES, "errors")
    assert tuple(writer.RECORD_TYPES) == NAMES
    assert all(writer.BASE_COLUMNS[e.name] == list(e.columns) for e in EXTRACTORS)
    assert evaluate.FIELDS == {e.name: e.scored for e in EXTRACTORS if e.scored}
    assert set(docview.KINDS) == {e.name for e in EXTRACTORS if e.view}
    assert all(tabledocs.TABLES[e.name] == e.about for e in EXTRACTORS)
    assert tabledocs.undescribed() == []


def test_evaluate_kind_choices_are_the_scored_extractors_and_headline():
    from reportnlp.cli import main

    option = next(p for p in main.commands["evaluate"].params if p.name == "kinds")
    assert list(option.type.choices) == list(extractors.EVALUATED)
    assert set(extractors.EVALUATED) == {e.name for e in EXTRACTORS if e.scored} | {"headline"}


def test_every_entry_is_complete():
    for e in EXTRACTORS:
        assert isinstance(e, Extractor) and e.about and e.columns[0] == "doc_id"
        assert e.match in ("span", "start")
        assert set(e.scored) <= set(e.columns), e.name


def test_records_leave_the_model_as_their_rows(sample_analysis):
    """section_id, section_kind, indicator, scope and period are on the record itself."""
    path = pipeline.sample_corpus() / "hetang_2023_gov.txt"
    report = read_report(path, doc_id="hetang_2023_gov")
    doc = annotate(report)
    assert list(doc.layers) == list(NAMES)
    for name in NAMES:
        table = getattr(sample_analysis, name)
        rows = table[table.doc_id == "hetang_2023_gov"].reset_index(drop=True)
        assert len(rows) == len(doc.layers[name]), name
        for record, row in zip(doc.layers[name], rows.to_dict("records")):
            for field, value in asdict(record).items():
                got = row[field]
                assert (value is None and (got is None or got != got)) or got == value, (name, field)
    claims = doc.layers["claims"]
    assert any(c.section_id for c in claims) and any(c.indicator for c in claims)
    assert all(c.scope for c in claims)


_RECORD = '''
@dataclass(frozen=True)
class YearMention:
    start: int
    end: int
    text: str
    year: int
    section_id: Optional[str] = None


def _years(doc: Document) -> List[YearMention]:
    import re

    return [YearMention(m.start(), m.end(), m.group(), int(m.group()[:4]))
            for m in re.finditer(r"(?:19|20)[0-9]{2}年", doc.text)]


'''
_ENTRY = '''    Extractor(
        name="years", record=YearMention, run=_years, needs=("sections",),
        about="One row per year written out.",
        columns=("doc_id", "section_id", "start", "end", "text", "year"),
        docs={"year": "The year as a number."},
        scored=("year",), view=("year", "year", ("year",))),
'''
_CHECK = '''
import reportnlp
from reportnlp import cli, docview, evaluate, extractors, pipeline, tabledocs
a = reportnlp.analyze(time_limit=None)
assert pipeline.TABLES[-2:] == ("years", "errors"), pipeline.TABLES
assert list(a.years.columns) == ["doc_id", "section_id", "start", "end", "text", "year"]
assert len(a.years) > 20 and a.years.section_id.notna().any()
assert all(a.texts[r.doc_id][r.start:r.end] == r.text for r in a.years.itertuples())
assert evaluate.FIELDS["years"] == ("year",) and "years" in extractors.EVALUATED
assert "years" in docview.KINDS and tabledocs.undescribed() == []
assert "The year as a number." in tabledocs.tables_markdown()
counts = [c for c in a.documents.columns if c.startswith("n_")]
assert counts == ["n_sections", "n_claims", "n_named", "n_placeholders", "n_years"], counts
per_doc = a.years.groupby("doc_id").size()
assert (a.documents.set_index("doc_id").n_years == per_doc.reindex(a.documents.doc_id, fill_value=0)).all()
assert a.documents.n_years.sum() == len(a.years) > 0
assert "n_years" in tabledocs.describe("documents").column.tolist()
option = next(p for p in cli.main.commands["evaluate"].params if p.name == "kinds")
assert "years" in option.type.choices
import sys, pathlib
out = pathlib.Path(sys.argv[1])
a.export(out, fmt="csv")
assert (out / "years.csv").is_file()
print("ok")
'''


def test_adding_an_extractor_is_one_entry(tmp_path):
    """A copy of the package with one more entry (and its record type and function) in
    extractors.py: the table is analysed, typed, written, described, scored and viewed."""
    package = tmp_path / "src" / "reportnlp"
    shutil.copytree(Path(extractors.__file__).parent, package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    source = (package / "extractors.py").read_text(encoding="utf-8")
    assert source.count("# --- the table") == 1 and source.count("\n)\nBY_NAME") == 1
    source = source.replace("# --- the table", _RECORD + "# --- the table")
    source = source.replace("\n)\nBY_NAME", "\n" + _ENTRY + ")\nBY_NAME")
    (package / "extractors.py").write_text(source, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _CHECK, str(tmp_path / "export")], capture_output=True,
                          text=True, cwd=tmp_path, env={"PYTHONPATH": str(tmp_path / "src"),
                                                        "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-3000:]
