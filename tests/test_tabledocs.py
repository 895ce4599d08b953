"""Package documentation of the tables: every column described, describe() as a DataFrame,
docs/TABLES.md generated from the same source and current."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import reportnlp
from reportnlp import pipeline, tabledocs, writer

ROOT = Path(__file__).resolve().parents[1]


def test_every_column_of_every_table_is_described():
    assert tabledocs.undescribed() == [], "describe these columns in src/reportnlp/tabledocs.py"
    assert set(pipeline.TABLES) <= set(tabledocs.TABLES)


def test_describe_gives_the_schema_columns_in_order_with_types():
    claims = reportnlp.describe("claims")
    assert list(claims.columns) == ["table", "column", "type", "description"]
    assert claims.column.tolist() == writer.table_schema("claims").names
    types = dict(zip(claims.column, claims.type))
    assert (types["value"], types["start"], types["target"], types["unit"]) == (
        "number", "integer", "true/false", "text")
    every = reportnlp.describe()
    assert set(every.table) == set(pipeline.TABLES)
    with pytest.raises(KeyError, match="no table"):
        reportnlp.describe("claimz")


def test_manifest_columns_are_listed_for_an_analysis():
    a = reportnlp.analyze()
    extra = [c for c in a.documents.columns if c not in writer.table_schema("documents").names]
    described = a.describe("documents")
    assert extra and set(extra) <= set(described.column)


def test_tables_doc_is_generated_and_current():
    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "scripts" / "cli_reference.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    on_disk = (ROOT / "docs" / "TABLES.md").read_text(encoding="utf-8")
    assert on_disk == tabledocs.tables_markdown() + "\n", (
        "docs/TABLES.md is stale: run python scripts/cli_reference.py")
    for name in pipeline.TABLES:
        assert f"## {name}" in on_disk
    for title, _ in tabledocs.CONVENTIONS:
        assert f"**{title}.**" in on_disk


def test_stata_labels_are_short_descriptions():
    labels = tabledocs.column_descriptions("claims", short=True)
    assert labels["unit"].startswith("Unit or classifier") and len(labels["unit"]) < 80


def test_comparison_and_reuse_tables_are_described_from_their_code():
    from reportnlp import compare, reuse

    assert tabledocs.comparison_columns("keyness") == compare.KEYNESS_COLUMNS
    assert tabledocs.comparison_columns("reuse_pairs") == reuse.PAIR_COLUMNS
    described = reportnlp.describe("families")
    assert described.column.tolist() == reuse.FAMILY_COLUMNS and described.description.str.len().min() > 5
    pairs = reuse.find_reuse(reuse.read_reports([reportnlp.sample_corpus()])[0]).pairs
    assert list(pairs.columns) == tabledocs.comparison_columns("reuse_pairs")
