"""The linter runs with the tests, so CI fails on an undefined name or an unused import."""
import shutil
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(find_spec("ruff") is None and shutil.which("ruff") is None,
                    reason="ruff is not installed (pip install -e '.[test]')")
def test_ruff_finds_nothing():
    command = [sys.executable, "-m", "ruff"] if find_spec("ruff") else ["ruff"]
    done = subprocess.run([*command, "check", "--no-cache", "src", "tests", "benchmarks", "scripts"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_module_level_imports_have_no_cycle():
    from conftest import load_script

    graph_script = load_script("import_graph")
    graph = graph_script.edges()
    assert "reportnlp.extractors" in graph and graph["reportnlp.writer"] == {"reportnlp.extractors": False}
    assert graph_script.cycles(graph) == []
    # the check can fail: a made-up top-level import back from model to pipeline closes a cycle
    looped = {**graph, "reportnlp.model": {"reportnlp.pipeline": False}}
    assert graph_script.cycles(looped)


def test_developing_guide_shows_the_current_import_graph():
    from conftest import load_script

    script = load_script("cli_reference")
    guide = (ROOT / "docs" / "DEVELOPING.md").read_text(encoding="utf-8")
    assert script.replace_block(guide, "import-graph", script.import_graph()) == guide, (
        "docs/DEVELOPING.md's import graph is stale: run python scripts/cli_reference.py")
