"""errors.py: one table of codes and messages, used by every raise site, listed in the README."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from conftest import load_script
from reportnlp import errors

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "reportnlp"


def _error_classes():
    return [c for c in vars(errors).values()
            if isinstance(c, type) and issubclass(c, errors.ReportError) and c.code != "E000"
            and not c.__name__.startswith("_")]


def test_every_code_names_one_class():
    codes = [c.code for c in _error_classes()]
    assert len(codes) == len(set(codes)), sorted(codes)
    assert all(re.fullmatch(r"E[1-3]\d\d", code) for code in codes)


def test_every_class_has_a_message_and_every_message_a_class_of_the_family():
    used = {entry.error for entry in errors.MESSAGES.values()}
    assert used == set(_error_classes())


def test_new_fills_the_template_and_keeps_code_path_and_fields():
    error = errors.new("too_large", path="big.txt", size_mib=80.4, limit_mib=64)
    assert isinstance(error, errors.FileTooLarge)
    assert str(error) == "[E108] big.txt: 80 MiB is more than the 64 MiB a report may have; " \
                         "split it into one file per report"
    assert (error.key, error.fields["limit_mib"], error.path) == ("too_large", 64, "big.txt")
    with pytest.raises(KeyError):
        errors.new("too_large", path="big.txt")  # a field the template needs is missing


def test_row_is_an_errors_table_row():
    row = errors.row("no_such_path", "missing/")
    assert row == {"path": "missing/", "code": "E109", "message": "no such file or folder; check the path"}


def test_errors_keep_the_builtin_classes_callers_catch():
    assert isinstance(errors.new("one_string"), TypeError)
    assert isinstance(errors.new("not_fitted"), RuntimeError)
    assert isinstance(errors.new("duplicate_doc_id", doc_id="a"), ValueError)
    assert isinstance(errors.new("no_table", table="x", known="y"), KeyError)


def _calls_in_src():
    """(file, key, keyword names) of every errors.new / errors.row / InputError.of call in src/."""
    found = []
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else ""
            if (name, node.func.attr) in (("errors", "new"), ("errors", "row"), ("InputError", "of")):
                key = node.args[0]
                if isinstance(key, ast.Name):  # a helper handing its caller's key on (InputError.of)
                    continue
                keys = [key.body, key.orelse] if isinstance(key, ast.IfExp) else [key]
                for one in keys:
                    assert isinstance(one, ast.Constant), f"{path.name}:{node.lineno}: key must be a literal"
                    found.append((f"{path.name}:{node.lineno}", one.value, {k.arg for k in node.keywords}))
    return found


def test_raise_sites_name_entries_and_pass_the_fields_their_template_needs():
    calls = _calls_in_src()
    assert len(calls) >= len(errors.MESSAGES)
    for where, key, keywords in calls:
        assert key in errors.MESSAGES, f"{where}: no message {key!r} in errors.MESSAGES"
        needed = {f for _, f, _, _ in string.Formatter().parse(errors.MESSAGES[key].template) if f}
        needed = {f.split("!")[0].split(".")[0] for f in needed}
        assert needed == keywords - {"path"}, f"{where}: {key} needs {sorted(needed)}, got {sorted(keywords)}"
    assert {key for _, key, _ in calls} == set(errors.MESSAGES), "a message nobody raises"


def test_no_coded_message_is_written_outside_the_table():
    for path in SRC.rglob("*.py"):
        if path.name == "errors.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\[E\d{3}\]", text), f"{path.name} writes a code into a message"
        direct = re.findall(r"errors\.(?!new\b|row\b|text\b)([A-Z]\w+)\(", text)
        assert not direct, f"{path.name} builds {direct} with its own message; use errors.new"


def test_readme_lists_the_codes():
    script = load_script("cli_reference")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert script.replace_block(readme, "error-codes", script.error_codes()) == readme, (
        "README.md's error codes are stale: run python scripts/cli_reference.py")
    for cls in _error_classes():
        assert f"| {cls.code} | `{cls.__name__}` |" in readme



_UNCODED = re.compile(r"raise\s+(?:ValueError|KeyError|TypeError|click\.UsageError|click\.ClickException|"
                      r"click\.BadParameter)\(\s*f?[\"']")


@pytest.mark.parametrize("module", ["compare.py", "targets.py", "cli.py"])
def test_no_message_is_written_at_a_raise_site(module):
    """compare, targets and cli raise coded errors: no builtin or click error built from a literal."""
    text = (SRC / module).read_text(encoding="utf-8")
    found = [text[:m.start()].count("\n") + 1 for m in _UNCODED.finditer(text)]
    assert not found, f"{module} writes a message at line(s) {found}; add it to errors.MESSAGES"


def test_compare_errors_are_coded_and_still_the_builtin_classes():
    import pandas as pd

    from reportnlp import compare

    with pytest.raises(ValueError, match=r"^\[E305\] bins overlap at 2015"):
        compare.parse_bins("2013-2017,2015-2019")
    with pytest.raises(ValueError, match=r"^\[E305\] cannot read the bin 'x'"):
        compare.parse_bins("x")
    documents = pd.DataFrame({"doc_id": ["a", "b"], "year": [2013, 2018], "place": ["p", "q"]})
    with pytest.raises(KeyError) as missing:
        compare.group_labels(documents, "province")
    assert isinstance(missing.value, errors.UnknownColumn) and "choose one of: decade, year, place" \
        in str(missing.value)
    with pytest.raises(KeyError) as not_numbers:
        compare.group_labels(documents, "place", bins="2013-2017")
    assert str(not_numbers.value) == "[E301] cannot bin 'place': it holds no numbers"
    with pytest.raises(TypeError) as wrong:
        compare.group_labels(["a"], "year")
    assert wrong.value.code == "E310"
    with pytest.raises(ValueError) as empty:
        compare.compare(documents[documents["year"] > 3000], "year")
    assert isinstance(empty.value, errors.NothingToCompare)


def test_cli_usage_errors_carry_the_code(tmp_path):
    from click.testing import CliRunner

    from reportnlp.cli import main

    afile = tmp_path / "out.txt"
    afile.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["reuse", "--out", str(afile)])
    assert result.exit_code == 2
    assert f"[E311] --out {afile} is a file; give a folder" in result.output
