"""README.md: the generated CLI reference is current, the set-up commands are the ones CI
runs, and every lexicon file and linked image is there."""
import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _script():
    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "scripts" / "cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current():
    script = _script()
    assert script.replace_block(README, "cli-reference", script.cli_reference()) == README, (
        "README.md's CLI reference is stale: run python scripts/cli_reference.py")


def test_example_tables_are_current():
    # The README's example tables are what the code produces on the bundled corpus today.
    script = _script()
    assert script.replace_block(README, "examples", script.examples()) == README, (
        "README.md's example tables are stale: run python scripts/cli_reference.py")


def test_cli_reference_covers_every_command():
    from reportnlp.cli import main

    for name in main.commands:
        assert f"### `reportnlp {name}`" in README
        assert f"Usage: reportnlp {name} [OPTIONS]" in README


def test_replace_block_needs_its_markers():
    script = _script()
    assert script.replace_block("a\n<!-- x:start -->\nold\n<!-- x:end -->\nb", "x", "new") == (
        "a\n<!-- x:start -->\nnew\n<!-- x:end -->\nb")
    with pytest.raises(ValueError):
        script.replace_block("no markers", "x", "new")


def test_set_up_commands_are_unchanged():
    assert "    python -m pip install . && reportnlp analyze --out reportnlp-out\n" in README
    assert '    python -m pip install -e ".[test]" && python -m pytest\n' in README


def test_every_lexicon_file_is_described():
    lexicons = sorted(p.name for p in (ROOT / "src" / "reportnlp" / "lexicons").iterdir()
                      if p.suffix in {".txt", ".tsv"})
    missing = [name for name in lexicons if f"`{name}`" not in README]
    assert not missing, f"describe these lexicon files in README.md's 'Adding words': {missing}"


def test_linked_files_exist():
    links = re.findall(r"\]\(((?!https?:)[^)#]+)\)", README)
    assert links
    for link in links:
        assert (ROOT / link).exists(), link


def test_examples_block_holds_every_table():
    block = README.split("<!-- examples:start -->")[1].split("<!-- examples:end -->")[0]
    from reportnlp.extractors import NAMES

    for table in ("documents", *NAMES):
        assert f"**{table}**" in block


def test_notebooks_extra_brings_what_make_notebooks_imports():
    tomllib = pytest.importorskip("tomllib")
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"]
    names = {re.split(r"[<>=\[ ]", req, maxsplit=1)[0].lower() for req in extras["notebooks"]}
    assert {"jupyter", "nbclient", "nbformat", "ipykernel"} <= names
    script = (ROOT / "scripts" / "run_notebooks.py").read_text(encoding="utf-8")
    imported = set(re.findall(r"^(?:from|import) (\w+)", script, re.M)) - {"__future__", "sys", "time", "pathlib"}
    assert imported <= names, f"add to the notebooks extra: {imported - names}"
    install = README.index('pip install "reportnlp[notebooks]"')
    assert install < README.index("- `01_quickstart.ipynb`")
