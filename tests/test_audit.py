"""reportnlp audit: the library rows, the text report and the command's exit status."""
from click.testing import CliRunner

from reportnlp.audit import audit_paths, format_audit
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
