"""Notebooks: each runs top to bottom on the bundled corpus, is stored without outputs,
and takes its corpus from one ``CORPUS = None`` line at the top."""
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
SHARED = Path(__file__).resolve().parents[2] / "shared"
NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
CORPUS_LINE = re.compile(r"^CORPUS = None\b", re.M)


def _read(name: str):
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def _execute(nb, timeout: int = 600):
    client = nbclient.NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    return nb


def _outputs(nb, output_type: str):
    return [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs
            if o.output_type == output_type]


def test_there_are_three_notebooks():
    assert NAMES == ["01_quickstart.ipynb", "02_compare_years_townships.ipynb", "03_placeholder_audit.ipynb"]


@pytest.mark.parametrize("name", NAMES)
def test_stored_without_outputs_and_with_one_corpus_variable(name):
    nb = _read(name)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), f"clear the outputs of {name}"
    assert CORPUS_LINE.search(code[0].source), "the first code cell must set CORPUS = None"
    assert all(not CORPUS_LINE.search(c.source) for c in code[1:])


@pytest.mark.parametrize("name", NAMES)
def test_runs_on_the_bundled_corpus(name):
    nb = _execute(_read(name))
    figures = [o for o in _outputs(nb, "display_data") + _outputs(nb, "execute_result")
               if "image/png" in o.get("data", {})]
    assert len(figures) >= 3, "every notebook draws at least three figures"
    errors = [o for o in _outputs(nb, "error")]
    assert not errors
    glyph_warnings = [o.text for o in _outputs(nb, "stream") if "missing from" in o.get("text", "")]
    assert not glyph_warnings, "Chinese labels drew as empty boxes"


def test_quickstart_runs_on_another_corpus():
    corpus = SHARED / "corpus" / "grassroots"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus/grassroots not available")
    nb = _read("01_quickstart.ipynb")
    first = next(c for c in nb.cells if c.cell_type == "code")
    first.source = CORPUS_LINE.sub(f"CORPUS = {str(corpus)!r}", first.source)
    nb = _execute(nb)
    counts = next(o for o in _outputs(nb, "execute_result") if "rows" in o["data"].get("text/plain", ""))
    documents = re.search(r"documents\s+(\d+)", counts["data"]["text/plain"])
    assert documents and int(documents.group(1)) >= 10
