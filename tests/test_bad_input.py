"""Bad inputs end as one ``errors`` row each, with a message that says what to do; the batch goes on."""
from __future__ import annotations

import io as stdio
import os
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from corpus_factory import report_text
from reportnlp import errors, io, pipeline
from reportnlp.cli import main

GOOD = report_text(4)


def docx_bytes() -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in GOOD.splitlines():
        document.add_paragraph(line)
    buffer = stdio.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    buffer = stdio.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (40 * 2**20))
    return buffer.getvalue()


BAD_FILES = {
    "empty.txt": (b"", errors.EmptyFile.code),
    "blank.txt": ("　\n  \n\t".encode("utf-8"), errors.NoText.code),
    "binary.txt": (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 64, errors.BinaryFile.code),
    "controls.txt": (bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 1000, errors.BinaryFile.code),
    "bomb.docx": (None, errors.BrokenDocument.code),
    "truncated.docx": (None, errors.BrokenDocument.code),
    "renamed_text.docx": (GOOD.encode("utf-8"), errors.BrokenDocument.code),
    # pypdf versions differ: one refuses the file, another opens it and finds no text
    "broken.pdf": (b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nendobj\ntrailer <<>>\n%%EOF",
                   (errors.BrokenDocument.code, errors.NoText.code)),
    "scan.pdf": (None, errors.NoText.code),
    "bad_bom.txt": (b"\xef\xbb\xbf" + "正文".encode("utf-8") + b"\xff\xfe\xfd" * 40, errors.UndecodableText.code),
    "table.xlsx": (b"PK\x03\x04 not really", errors.UnsupportedFormat.code),
}


def make_bad_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (data, _) in BAD_FILES.items():
        if name == "bomb.docx":
            data = zip_bomb()
        elif name == "truncated.docx":
            data = docx_bytes()[:2000]
        elif name == "scan.pdf":
            data = blank_pdf()
        (folder / name).write_bytes(data)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


def blank_pdf() -> bytes:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = stdio.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_each_bad_file_is_one_errors_row_and_good_files_still_count(tmp_path):
    folder = make_bad_corpus(tmp_path / "bad")
    files = [folder / name for name in BAD_FILES] + [folder / "good.txt"]
    result = pipeline.analyze(files)
    assert list(result.documents.doc_id) == ["good"]
    by_name = {Path(p).name: (code, message) for p, code, message in
               result.errors[["path", "code", "message"]].itertuples(index=False)}
    assert sorted(by_name) == sorted(BAD_FILES)
    for name, (_, code) in BAD_FILES.items():
        got_code, message = by_name[name]
        assert got_code in ((code,) if isinstance(code, str) else code), (name, got_code, message)
        assert len(message) > 20, (name, message)
    assert "zip bomb" in by_name["bomb.docx"][1]
    assert "OCR" in by_name["scan.pdf"][1]


def test_a_huge_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(io, "MAX_FILE_BYTES", 1000)
    (tmp_path / "huge.txt").write_text(GOOD * 10, encoding="utf-8")
    result = pipeline.analyze([tmp_path])
    assert list(result.errors.code) == [errors.FileTooLarge.code]
    assert "split it" in result.errors.message[0]


def test_a_very_long_line_is_analysed(tmp_path):
    (tmp_path / "long.txt").write_text("某镇工作报告\n" + "推进乡村振兴，完成任务。" * 20000, encoding="utf-8")
    result = pipeline.analyze([tmp_path])
    assert result.errors.empty and result.documents.chars[0] > 200000


def test_odd_file_names(tmp_path):
    names = ["with space.txt", "中文名 报告.txt", "emoji_🎉.txt", "new\nline.txt", "quote'\"and,comma.txt"]
    for name in names:
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    undecodable = os.fsencode(str(tmp_path)) + b"/latin1_\xe9t\xe9.txt"
    with open(undecodable, "wb") as handle:
        handle.write(GOOD.encode("utf-8"))
    out = tmp_path / "out"
    pipeline.analyze_to([tmp_path], out, progress=False)
    docs = pd.read_csv(out / "documents.csv")
    assert len(docs) == len(names) + 1 and docs.doc_id.is_unique
    assert "new\nline" in set(docs.doc_id)
    assert any("\ufffd" in d for d in docs.doc_id)
    assert pd.read_csv(out / "errors.csv").empty


def test_a_folder_without_reports_is_one_row_and_the_batch_goes_on(tmp_path):
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / "notes.json").write_text("{}", encoding="utf-8")
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "r.txt").write_text(GOOD, encoding="utf-8")
    result = pipeline.analyze([tmp_path / "nothing", tmp_path / "missing", tmp_path / "ok"])
    assert list(result.errors.code) == [errors.NoReports.code, errors.PathNotFound.code]
    assert list(result.documents.doc_id) == ["r"]


def test_read_report_raises_coded_errors_that_name_the_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(errors.EmptyFile) as info:
        io.read_report(path)
    assert str(info.value).startswith(f"[E101] {path}: ")


def test_cli_bad_files_exit_zero_and_list_errors(tmp_path):
    folder = make_bad_corpus(tmp_path / "bad")
    result = CliRunner().invoke(main, ["analyze", str(folder), "--out", str(tmp_path / "o"), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    # table.xlsx is not a report suffix, so the folder walk passes it over
    assert result.stdout.startswith("1 documents analysed, 10 errors")
    assert len(pd.read_csv(tmp_path / "o" / "errors.csv")) == 10


@pytest.mark.parametrize("args, expected", [
    (["analyze", "--jobs", "0"], "Invalid value for '--jobs'"),
    (["analyze", "--format", "xls"], "Invalid value for '--format'"),
    (["analyze", "--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
    (["analyze", "--engine", "spark"], "Invalid value for '--engine'"),
    (["analyze", "--userdict", "/no/such/dict.txt"], "Invalid value for '--userdict'"),
])
def test_cli_usage_errors_are_one_line_and_non_zero(args, expected):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and expected in lines[0], result.stderr


def test_cli_out_that_is_a_file(tmp_path):
    (tmp_path / "f").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", "--out", str(tmp_path / "f")])
    assert result.exit_code == 2 and "is a file" in result.stderr


# --- issue 13: CSV safe for spreadsheets (the writer's own test is in test_writer.py) --


def test_analyze_tables_are_safe_by_default_raw_on_request_and_round_trip(tmp_path):
    body = "\n".join(["=HYPERLINK(\"http://evil\",\"一、工作回顾\")", "全年完成“=cmd|calc”活动3次。",
                      "增长-16.8%，“+巾帼行动”“@美丽庭院”评选。"])
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "=evil.txt").write_text(report_text(1) + body, encoding="utf-8")
    safe, raw = tmp_path / "safe", tmp_path / "raw"
    pipeline.analyze_to([tmp_path / "in"], safe, progress=False)
    pipeline.analyze_to([tmp_path / "in"], raw, progress=False, csv_raw=True)
    live = 0
    for name in pipeline.TABLES:
        data = (safe / f"{name}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        cells = pd.read_csv(safe / f"{name}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
        for column in cells.columns:
            live += sum(str(v)[:1] in "=+-@\t\r" and str(v)[:1] != "" and
                        not str(v).lstrip("-").replace(".", "", 1).isdigit() for v in cells[column])
    assert live == 0
    raw_docs = pd.read_csv(raw / "documents.csv", encoding="utf-8-sig")
    assert raw_docs.doc_id[0] == "=evil"
    memory = pipeline.analyze([tmp_path / "in"])
    for read in (pipeline.read_tables(safe), pipeline.read_tables(raw, raw=True)):
        for name in ("documents", "claims", "named"):
            left, right = getattr(memory, name), getattr(read, name)
            pd.testing.assert_frame_equal(left.reset_index(drop=True), right[left.columns].reset_index(drop=True),
                                          check_dtype=False)
    read = pipeline.read_tables(safe)
    assert read.documents.doc_id[0] == "=evil" and pd.api.types.is_float_dtype(read.claims.value)


# --- issue 13: --scheduler fails fast and clearly -------------------------------------


def test_scheduler_address_nothing_listening_and_a_port_that_never_answers(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    import socket
    import threading

    from reportnlp import engine

    monkeypatch.setattr(engine, "SCHEDULER_TIMEOUT", 2)
    runner = CliRunner()
    out = str(tmp_path / "o")
    bad = runner.invoke(main, ["analyze", "--engine", "dask", "--scheduler", "notanaddress", "--out", out])
    assert bad.exit_code == 2 and "is not an address" in bad.stderr
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    closed = runner.invoke(main, ["analyze", "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{free}",
                                  "--out", out])
    assert closed.exit_code == 1 and "cannot reach a Dask scheduler" in closed.stderr

    server = socket.socket()  # accepts connections and never says a word, like an HTTP port
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                pass
    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        silent = runner.invoke(main, ["analyze", "--engine", "dask", "--scheduler",
                                      f"tcp://127.0.0.1:{server.getsockname()[1]}", "--out", out])
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        server.close()
    assert silent.exit_code == 1 and "not a Dask scheduler" in silent.stderr, silent.output
    assert not (tmp_path / "o" / "claims.csv").exists()
