"""Every number-reading case of tests/data/number_cases.tsv is read right by the claims
extractor (span, value, value_high, unit, qualifier; "!X" rows: no claim covers X).
The table is written for reportnlp (no text of ../shared); scripts/number_cases.py prints
the same score for any version of the package."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from reportnlp.extract.claims import extract_claims
from reportnlp.model import Report

_SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "number_cases.py"
_spec = importlib.util.spec_from_file_location("number_cases", _SCRIPT)
number_cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(number_cases)
CASES = number_cases.load_cases()


def test_the_table_covers_every_form():
    assert len(CASES) >= 80
    assert sum(1 for c in CASES if c[1].startswith("!")) >= 10  # and cases that must not be claims


@pytest.mark.parametrize("case", CASES, ids=[c[0][:24] for c in CASES])
def test_case(case):
    claims = extract_claims(Report(doc_id="case", text=case[0]))
    assert number_cases.judge(case, claims) == ""
