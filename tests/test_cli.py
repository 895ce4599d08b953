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
