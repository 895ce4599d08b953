"""reportnlp audit: the library rows, the text report and the command's exit status."""
from click.testing import CliRunner

from reportnlp import writer
from reportnlp.audit import KINDS, audit_paths, format_audit
from reportnlp.cli import main


def write(folder, name, text, encoding="utf-8"):
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def test_rows_carry_line_kind_text_and_restored_guess(tmp_path):
    write(tmp_path, "a.txt", "某镇工作总结\n全年收入[X]万元。\n完善妇女++工作机制。\n")
    audit = audit_paths([tmp_path])
    assert [(r["line"], r["kind"], r["text"], r["restored"]) for r in audit.rows] == [
        (2, "number_slot", "[X]", ""), (3, "masked_word", "++", "维权")]
    assert audit.documents == 1 and audit.flagged_documents == 1
    assert audit.by_kind() == {"number_slot": 1, "masked_word": 1}


def test_command_lists_slots_errors_and_summary_and_exits_1(tmp_path):
    template = write(tmp_path, "template.txt", "XX镇20XX年工作总结\n新增就业[X]人。\n")
    clean = write(tmp_path, "clean.txt", "二〇二三年，新建3×4米展板，引进X光机。\n")
    empty = write(tmp_path, "empty.txt", "")
    result = CliRunner().invoke(main, ["audit", str(template), str(clean), str(empty)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    # io.py owns the wording of read errors; the code and the path are what audit adds.
    assert lines.pop(3).startswith(f"error: {empty}: [E101] ")
    assert lines == [
        f"{template}:1: name_slot XX | XX镇20XX年工作总结",
        f"{template}:1: date_slot 20XX年 | XX镇20XX年工作总结",
        f"{template}:2: number_slot [X] | 新增就业[X]人。",
        "2 documents scanned, 1 with placeholders, 1 errors",
        "3 placeholders: number_slot 1, name_slot 1, date_slot 1",
    ]


def test_command_exits_2_when_clean_but_an_input_could_not_be_read(tmp_path):
    # A mistyped path must not pass a pre-submission check as "clean".
    write(tmp_path, "clean.txt", "二○二二年完成投资1.2亿元，PX项目投产。\n")
    missing = tmp_path / "nowhere.txt"
    result = CliRunner().invoke(main, ["audit", str(tmp_path), str(missing)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines.pop(0).startswith(f"error: {missing}: [E109] ")
    assert lines == [
        "1 documents scanned, 0 with placeholders, 1 errors",
        "0 placeholders",
    ]


def test_masked_word_line_shows_the_guess(tmp_path):
    doc = write(tmp_path, "web.txt", "全年排查化解矛盾□□21起。\n", encoding="gb18030")
    result = CliRunner().invoke(main, ["audit", str(doc)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"{doc}:1: masked_word □□ → 纠纷 | 全年排查化解矛盾□□21起。"


def test_format_audit_of_nothing():
    assert format_audit(audit_paths([])) == "0 documents scanned, 0 with placeholders, 0 errors\n0 placeholders"


def _two_files(tmp_path):
    sub = tmp_path / "in"
    sub.mkdir()
    flagged = write(sub, "a.txt", "XX镇工作总结\n新增就业[X]人，完善妇女++工作机制。\n")
    clean = write(sub, "b.txt", "某镇工作总结\n全年新增就业120人。\n")
    return sub, flagged, clean


def test_per_file_summary_counts_every_scanned_file(tmp_path):
    sub, flagged, clean = _two_files(tmp_path)
    audit = audit_paths([sub])
    files = {row["doc_id"]: row for row in audit.per_file()}
    assert files["a"]["name_slot"] == 1 and files["a"]["number_slot"] == 1
    assert files["a"]["masked_word"] == 1 and files["a"]["total"] == 3
    assert files["b"]["total"] == 0
    assert audit.totals()["placeholders"] == sum(r["total"] for r in files.values()) == 3
    summary = audit.summary()
    assert summary.doc_id.tolist() == ["a", "b"] and summary.total.tolist() == [3, 0]
    assert summary[list(KINDS)].sum().sum() == len(audit.table()) == 3
    result = CliRunner().invoke(main, ["audit", str(sub), "--summary"])
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        f"{flagged}: 3 placeholders (number_slot 1, name_slot 1, masked_word 1)", f"{clean}: 0 placeholders"]


def test_csv_and_json_formats_parse_back(tmp_path):
    import csv
    import io
    import json

    sub, flagged, clean = _two_files(tmp_path)
    missing = tmp_path / "gone.txt"
    runner = CliRunner()
    rows = runner.invoke(main, ["audit", str(sub), "--format", "csv"])
    assert rows.exit_code == 1
    table = list(csv.DictReader(io.StringIO(rows.stdout)))
    # the CSV is safe for spreadsheets: a cell that starts with + is written '+...
    assert [(r["doc_id"], r["line"], r["kind"], r["text"]) for r in table] == [
        ("a", "1", "name_slot", "XX"), ("a", "2", "number_slot", "[X]"), ("a", "2", "masked_word", "'++")]
    assert list(writer.read_csv(io.StringIO(rows.stdout))["text"]) == ["XX", "[X]", "++"]
    summary = runner.invoke(main, ["audit", str(sub), "--format", "csv", "--summary"])
    per_file = list(csv.DictReader(io.StringIO(summary.stdout)))
    assert [(r["doc_id"], r["total"]) for r in per_file] == [("a", "3"), ("b", "0")]
    as_json = runner.invoke(main, ["audit", str(sub), str(missing), "--format", "json"])
    data = json.loads(as_json.stdout)
    assert data["totals"]["documents"] == 2 and data["totals"]["errors"] == 1
    assert data["totals"]["placeholders"] == len(data["placeholders"]) == 3
    assert data["errors"][0]["code"] == "E109" and [f["doc_id"] for f in data["files"]] == ["a", "b"]


def test_csv_written_to_a_file_has_a_byte_order_mark_for_excel(tmp_path):
    sub, flagged, clean = _two_files(tmp_path)
    target = tmp_path / "audit.csv"
    result = CliRunner().invoke(main, ["audit", str(sub), "--format", "csv", "--out", str(target)])
    assert result.exit_code == 1
    assert result.output.strip() == f"3 placeholders in 1 of 2 documents, 0 errors; written to {target}"
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfpath,doc_id,line") and "完善妇女++工作机制".encode() in raw
