from click.testing import CliRunner

from reportnlp.cli import main


def run(*args):
    return CliRunner().invoke(main, list(args), prog_name="reportnlp")


def test_usage_error_is_one_line_and_nonzero():
    result = run("analyze", "--format", "xlsx")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "Error: Invalid value for '--format': 'xlsx' is not one of 'csv', 'parquet'. "
        "(see 'reportnlp analyze --help')"]


def test_unknown_command_suggests_the_right_one():
    result = run("analyse")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "Error: No such command 'analyse'. Did you mean 'analyze'? (see 'reportnlp --help')"]


def test_missing_gold_folder_is_named():
    result = run("evaluate", "/no/such/gold")
    assert result.exit_code == 2
    assert "'/no/such/gold' does not exist" in result.output


def test_help_exits_zero():
    result = run("--help")
    assert result.exit_code == 0
    assert "analyze" in result.output


def test_every_command_fails_when_no_input_could_be_read(tmp_path):
    missing = str(tmp_path / "no-such-folder")
    for args in (["analyze", missing, "--out", str(tmp_path / "a")],
                 ["compare", missing, "--by", "year", "--out", str(tmp_path / "c")],
                 ["reuse", missing, "--out", str(tmp_path / "r")]):
        result = run(*args)
        assert result.exit_code == 1, args
        assert "[E109]" in result.output and "no report could be read" in result.output


def test_audit_cannot_call_an_unreadable_input_clean(tmp_path):
    result = run("audit", str(tmp_path / "typo"))
    assert result.exit_code == 2
    assert "[E109]" in result.output


def test_evaluate_on_a_folder_without_gold_says_what_it_needs(tmp_path):
    result = run("evaluate", str(tmp_path))
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: [E109] {tmp_path}: no DOC.txt with a DOC.json beside it, nor a headline_gold.csv; "
        "give a folder of gold DOC.txt + DOC.json pairs or a headline_gold.csv"]
