"""The bundled corpus against its golden tables: any change in what the extractors produce
shows up here as a diff. After a deliberate change: python scripts/update_golden.py."""
from __future__ import annotations

import difflib

import pytest

from conftest import ROOT, load_script

GOLDEN = ROOT / "tests" / "golden"
script = load_script("update_golden")


@pytest.mark.parametrize("table", ["documents", "sections", "claims", "named", "placeholders", "headline",
                                   "errors"])
def test_bundled_corpus_matches_its_golden_table(sample_analysis, table):
    golden = (GOLDEN / f"{table}.csv").read_text(encoding="utf-8")
    produced = script.golden_text(getattr(sample_analysis, table))
    if produced != golden:
        diff = "".join(list(difflib.unified_diff(golden.splitlines(True), produced.splitlines(True),
                                                 f"golden/{table}.csv", "produced", n=0))[:40])
        pytest.fail(f"{table} differs from tests/golden/{table}.csv (run python scripts/update_golden.py "
                    f"if the change is intended):\n{diff}")


def test_every_table_has_a_golden_file(sample_analysis):
    assert sorted(p.stem for p in GOLDEN.glob("*.csv")) == sorted(sample_analysis.tables())


def test_golden_text_leaves_out_only_the_install_path(sample_analysis):
    text = script.golden_text(sample_analysis.documents)
    header = text.splitlines()[0].split(",")
    assert "path" not in header and header == [c for c in sample_analysis.documents.columns if c != "path"]
