"""Notebooks: each runs top to bottom on the bundled corpus, is stored without outputs,
and takes its corpus from one ``CORPUS = None`` line at the top."""
import re
from pathlib import Path

import pytest

from conftest import SHARED

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
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


REAL = SHARED / "corpus" / "real"


def _compare_notebook_on(corpus: Path):
    nb = _read("02_compare_years_townships.ipynb")
    first = next(c for c in nb.cells if c.cell_type == "code")
    first.source = CORPUS_LINE.sub(f"CORPUS = {str(corpus)!r}", first.source)
    nb = _execute(nb, timeout=900)
    assert not _outputs(nb, "error")
    return nb


def _copy_real(files, folder: Path) -> Path:
    """Copies of ../shared/corpus/real files in a temporary folder (never into the repository)."""
    import shutil

    folder.mkdir()
    for name in files:
        shutil.copy(REAL / name, folder / Path(name).name)
    return folder


@pytest.mark.skipif(not (REAL / "lawtext-gov").is_dir(), reason="../shared/corpus/real not available")
def test_compare_notebook_runs_on_national_reports_only(tmp_path):
    """A national series without a manifest: one place, so places are compared by time."""
    corpus = _copy_real([f"lawtext-gov/national_china_{y}.txt" for y in range(2018, 2023)], tmp_path / "national")
    nb = _compare_notebook_on(corpus)
    shown = "".join(o.get("text", "") for o in _outputs(nb, "stream"))
    assert "5 reports" in shown


@pytest.mark.skipif(not (REAL / "lawtext-gov").is_dir(), reason="../shared/corpus/real not available")
def test_compare_notebook_runs_on_a_province_and_its_capital_with_a_manifest(tmp_path):
    import csv

    files = [f"lawtext-gov/province_anhui_{y}.txt" for y in (2020, 2021, 2022)] + \
            [f"lawtext-gov/city_anhui-hefei_{y}.txt" for y in (2020, 2021, 2022)]
    corpus = _copy_real(files, tmp_path / "anhui")
    with open(corpus / "manifest.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "level", "region", "year"])
        for name in files:
            year = name[-8:-4]
            if "city_" in name:
                writer.writerow([Path(name).name, "city", "安徽省/合肥市", year])
            else:
                writer.writerow([Path(name).name, "province", "安徽省", year])
    nb = _compare_notebook_on(corpus)
    tables = "".join(o["data"].get("text/plain", "") for o in _outputs(nb, "execute_result"))
    assert "places by 'place'" in "".join(o.get("text", "") for o in _outputs(nb, "stream"))
    assert "合肥市" in tables and "gdp_growth" in tables
