"""Reading reports: encodings, formats, folders, metadata; and every shared corpus file reads."""
from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from corpus_factory import report_text
from reportnlp import errors, io, pipeline
from reportnlp.io import InputError, decode_bytes, doc_id_for, iter_inputs, read_report

from conftest import SHARED

TEXT = report_text(2)


@pytest.mark.parametrize("encoding, raw", [
    ("utf-8", TEXT.encode("utf-8")),
    ("utf-8", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
    ("utf-16", TEXT.encode("utf-16")),
    ("utf-16-le", TEXT.encode("utf-16-le")),
    ("gb18030", TEXT.encode("gb18030")),
    ("gb18030", TEXT.encode("gbk")),
])
def test_decode_common_chinese_encodings(encoding, raw):
    text, found = decode_bytes(raw)
    assert text == TEXT
    assert found == encoding


def test_big5_is_decoded_by_guessing():
    raw = "臺灣縣政府工作報告，推動經濟發展，改善民眾生活，加強社會治理。\n".encode("big5") * 20
    text, found = decode_bytes(raw)
    assert "政府工作" in text and "\ufffd" not in text
    assert found == "big5"


def test_utf8_cut_in_the_middle_of_a_character_keeps_the_rest():
    raw = TEXT.encode("utf-8")
    text, found = decode_bytes(raw[:-1 - len("。\n".encode()) + 1])  # cut inside the last 。
    assert found == "utf-8" and TEXT.startswith(text) and len(text) >= len(TEXT) - 3


def test_utf8_with_a_gbk_paragraph_is_decoded_line_by_line():
    lines = TEXT.splitlines()
    raw = "\n".join(lines[:3]).encode("utf-8") + b"\n" + lines[3].encode("gbk") + b"\n" + \
        "\n".join(lines[4:]).encode("utf-8")
    text, found = decode_bytes(raw)
    assert found == "utf-8+gb18030"
    assert text.splitlines() == lines


def test_binary_bytes_are_refused():
    with pytest.raises(errors.BinaryFile):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)


def test_control_characters_without_nul_are_refused_as_binary():
    with pytest.raises((errors.BinaryFile, errors.UndecodableText)):
        decode_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 500)


def test_doc_id_drops_extension_and_encoding_tag():
    assert doc_id_for("a/township_qinghe_2022_gov.gb18030.txt") == "township_qinghe_2022_gov"
    assert doc_id_for("x/报告 2023.docx") == "报告 2023"


def test_iter_inputs_is_sorted_skips_hidden_and_other_files(tmp_path):
    for name in ("b.txt", "a.docx", ".hidden.txt", "notes.json", "sub/c.html", ".git/d.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_inputs([tmp_path])]
    assert found == ["a.docx", "b.txt", "sub/c.html"]


def test_symlink_loop_does_not_hang(tmp_path):
    (tmp_path / "r.txt").write_text(TEXT, encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "loop")
    assert [p.name for p in iter_inputs([tmp_path])] == ["r.txt"]


def test_missing_path_and_empty_folder_are_input_errors(tmp_path):
    (tmp_path / "empty").mkdir()
    items = list(iter_inputs([tmp_path / "nope", tmp_path / "empty"]))
    assert [i.code for i in items] == [errors.PathNotFound.code, errors.NoReports.code]
    assert all(isinstance(i, InputError) and "check" in i.message for i in items)


def test_docx_paragraphs_and_tables(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("某镇人民政府工作报告")
    document.add_paragraph("一、工作回顾")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "指标", "完成值"
    document.save(tmp_path / "r.docx")
    report = read_report(tmp_path / "r.docx")
    assert report.text.splitlines() == ["某镇人民政府工作报告", "一、工作回顾", "指标\t完成值"]
    assert report.encoding == "docx"


def test_html_visible_text(tmp_path):
    page = ("<html><head><meta charset='gbk'><title>t</title><script>var x=1;</script></head>"
            "<body><h1>某镇工作报告</h1><p>全年完成任务。</p></body></html>")
    (tmp_path / "r.html").write_bytes(page.encode("gbk"))
    assert read_report(tmp_path / "r.html").text == "某镇工作报告\n全年完成任务。"


def test_metadata_from_manifest_then_text(tmp_path):
    (tmp_path / "manifest.csv").write_text("file,year,county\nm.txt,2021,某县\n", encoding="utf-8")
    (tmp_path / "m.txt").write_text("青石镇人民政府工作报告\n正文。\n", encoding="utf-8")
    (tmp_path / "n_2019.txt").write_text("柳岸镇妇女联合会工作报告\n正文。\n", encoding="utf-8")
    m, n = read_report(tmp_path / "m.txt"), read_report(tmp_path / "n_2019.txt")
    assert (m.meta["year"], m.meta["county"], m.meta["township"]) == (2021, "某县", "青石镇")
    assert (n.meta["year"], n.meta["organisation"]) == (2019, "柳岸镇妇女联合会")
    assert io.manifest_columns([tmp_path / "m.txt"]) == ["year", "county"]


def test_display_path_replaces_undecodable_bytes():
    name = os.fsdecode(b"bad\xff\xfename.txt")
    shown = io.display_path(name)
    shown.encode("utf-8")
    assert shown.startswith("bad") and shown.endswith("name.txt")


# --- the shared corpus --------------------------------------------------------------


def corpus_files(name: str):
    folder = SHARED / "corpus" / name
    if not folder.is_dir():
        pytest.skip(f"{folder} is not here")
    return folder, [p for p in iter_inputs([folder])]


@pytest.mark.parametrize("name", ["real", "grassroots"])
def test_every_shared_corpus_file_reads(name):
    folder, files = corpus_files(name)
    assert len(files) > 5
    failures = []
    for path in files:
        try:
            report = read_report(path)
            assert report.text.strip() and "\ufffd" not in report.text, path
        except errors.ReportError as exc:
            failures.append(str(exc))
    assert failures == []


def test_gb18030_twin_reads_as_the_same_text():
    folder, _ = corpus_files("grassroots")
    twins = sorted(folder.glob("*.gb18030.txt"))
    if not twins:
        pytest.skip("no GB18030 twin in the grassroots corpus")
    for twin in twins:
        utf8 = twin.with_name(twin.name.replace(".gb18030", ""))
        a, b = read_report(twin), read_report(utf8)
        assert a.encoding == "gb18030" and b.encoding in ("utf-8", "utf-8-sig")
        assert a.text.lstrip("\ufeff") == b.text.lstrip("\ufeff")
        assert a.doc_id == b.doc_id


def _check_offsets(result: pipeline.Analysis, texts: dict) -> list:
    bad = []
    for _, row in result.sections.iterrows():
        if texts[row.doc_id][row.start:row.end] != row.heading:
            bad.append(("sections", row.doc_id, row.start))
        if not (row.start <= row.end <= row.body_end <= len(texts[row.doc_id])):
            bad.append(("sections-order", row.doc_id, row.start))
    for table in pipeline.SPAN_TABLES:
        for row in result.tables()[table].itertuples():
            if texts[row.doc_id][row.start:row.end] != row.text:
                bad.append((table, row.doc_id, row.start))
    return bad


@pytest.mark.parametrize("name", ["grassroots", "real"])
def test_every_row_of_every_table_points_at_its_text(name):
    from reportnlp.engine import available_cores

    folder, files = corpus_files(name)
    result = pipeline.analyze([folder], jobs=available_cores())
    assert result.errors.empty, result.errors.head().to_dict("records")
    assert len(result.documents) == len(files)
    texts = {row.doc_id: read_report(row.path).text for row in result.documents.itertuples()}
    assert _check_offsets(result, texts)[:10] == []


def test_township_is_guessed_from_the_title_lines_only(tmp_path):
    from reportnlp.io import read_report

    named = tmp_path / "a_2022.txt"
    named.write_text("中共桑林镇委员会工作报告\n各位代表：\n一、工作回顾\n组织县乡妇联干部培训3期。\n", encoding="utf-8")
    plain = tmp_path / "b.txt"
    plain.write_text("尊敬的各位领导：\n我代表乡镇妇代会在镇党委领导下报告工作。\n组织县乡妇联干部培训。\n", encoding="utf-8")
    assert read_report(named).meta["township"] == "桑林镇"
    assert read_report(named).meta["year"] == 2022
    assert read_report(plain).meta["township"] == ""


def test_an_empty_manifest_township_is_kept_empty(tmp_path):
    from reportnlp.io import read_report

    (tmp_path / "manifest.csv").write_text("file,township,year\nc.txt,,2023\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("桑林镇人民政府工作报告\n一、工作回顾\n", encoding="utf-8")
    meta = read_report(tmp_path / "c.txt").meta
    assert meta["township"] == "" and meta["year"] == 2023


# --- issue 13: every input is read or is one coded row --------------------------------


def test_utf16_big_endian_without_bom_is_decoded():
    text, found = decode_bytes(TEXT.encode("utf-16-be"))
    assert (text, found) == (TEXT, "utf-16-be")
    chinese_only = "某镇人民政府工作报告全年完成投资一百亿元" * 30  # no ASCII, so few NULs
    assert decode_bytes(chinese_only.encode("utf-16-be")) == (chinese_only, "utf-16-be")


def test_latin1_is_decoded_as_western_european_not_cp1250():
    latin = "Rapport d'activité: l'été, les crèmes brûlées de Noël, déjà où ça.\n" * 8
    assert decode_bytes(latin.encode("latin-1")) == (latin, "latin-1")
    smart = "Annual report: “quoted” — 5 € per café.\n" * 8
    assert decode_bytes(smart.encode("cp1252")) == (smart, "cp1252")


def test_one_nul_byte_early_does_not_refuse_the_report():
    raw = TEXT.encode("utf-8")
    text, found = decode_bytes(raw[:30] + b"\x00" + raw[30:])
    assert found == "utf-8" and text.replace("\x00", "") == TEXT
    with pytest.raises(errors.BinaryFile):
        decode_bytes(raw[:30] + b"\x00" * 64 + raw[30:])


def test_docx_tables_are_read_in_body_order(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("一、工作回顾")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("指标", "完成值"), ("投资", "100亿元")]):
        for c, value in enumerate(row):
            table.rows[r].cells[c].text = value
    document.add_paragraph("二、工作安排")
    document.save(tmp_path / "r.docx")
    assert read_report(tmp_path / "r.docx").text.splitlines() == [
        "一、工作回顾", "指标\t完成值", "投资\t100亿元", "二、工作安排"]
    result = pipeline.analyze([tmp_path / "r.docx"])
    claim = result.claims[result.claims.text == "100亿元"]
    assert list(claim.section_id) == ["1"]


def test_html_table_cells_are_separated(tmp_path):
    page = "<table><tr><td>2022年</td><td>100亿元</td></tr><tr><th>年份<th>投资</table><p>完</p>"
    assert io.html_to_text(page).splitlines() == ["2022年\t100亿元", "年份\t投资", "完"]


@pytest.mark.parametrize("junk", ["<!", "<a", "</", "<!--", "<?", "<a href='", "<![CDATA[", "&#"])
def test_html_junk_parses_in_linear_time(junk):
    # 2 MB of one broken construct: the standard parser needs hours for "<!--" or "<a".
    page = "<p>正文第一段</p>" + junk * (2_000_000 // len(junk))
    text = io.html_to_text(page)
    assert text.startswith("正文第一段")


def test_html_keeps_text_around_bare_angle_brackets_and_skips_scripts():
    page = ("<head><title>t</title><style>p{}</style></head><script>if (a<b) {x='</p>'}</script>"
            "<p>增长 5%<br>a < b &amp; c</p><!-- note -->尾")
    assert io.html_to_text(page) == "增长 5%\na < b & c\n尾"


def _lying_zip(declared: int, real: int) -> bytes:
    """A .docx-like zip whose document.xml unpacks to ``real`` bytes but says ``declared``."""
    import struct
    import zipfile
    from io import BytesIO

    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as member:
            chunk = b"<w:t>" + b"0" * (2**20 - 5)
            for _ in range(real // len(chunk)):
                member.write(chunk)
    raw = bytearray(buffer.getvalue())
    name = b"word/document.xml"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = raw.find(signature)
        while at >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if raw[name_at:name_at + len(name)] == name:
                struct.pack_into("<I", raw, at + size_at, declared)
            at = raw.find(signature, at + 4)
    return bytes(raw)


@pytest.mark.parametrize("real", [8 * 2**20, 300 * 2**20])
def test_a_docx_that_lies_about_its_sizes_is_refused_in_bounded_memory(tmp_path, real):
    import tracemalloc

    (tmp_path / "liar.docx").write_bytes(_lying_zip(declared=2000, real=real))
    tracemalloc.start()
    try:
        with pytest.raises(errors.BrokenDocument):
            read_report(tmp_path / "liar.docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2**20


def test_an_aes_pdf_with_an_empty_user_password_is_read(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("cryptography")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=300, height=300)
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    writer.write(tmp_path / "blank_aes.pdf")
    # A blank page has no text layer: the file must open and be refused for that, not for
    # the encryption; a password that is not empty is refused as such.
    with pytest.raises(errors.NoText):
        read_report(tmp_path / "blank_aes.pdf")
    locked = pypdf.PdfWriter()
    locked.add_blank_page(width=300, height=300)
    locked.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    locked.write(tmp_path / "locked.pdf")
    with pytest.raises(errors.BrokenDocument, match="password"):
        read_report(tmp_path / "locked.pdf")


def test_doc_and_wps_files_in_a_folder_are_reported(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 not read")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "wps.wps").write_bytes(b"\xd0\xcf\x11\xe0 not read")
    items = list(iter_inputs([tmp_path]))
    errors_ = [i for i in items if isinstance(i, InputError)]
    assert [Path(e.path).name for e in errors_] == ["old.doc", "wps.wps"]
    assert {e.code for e in errors_} == {errors.UnsupportedFormat.code}
    assert all("Save As" in e.message for e in errors_)
    assert [p.name for p in items if isinstance(p, Path)] == ["a.txt"]


def test_an_unreadable_folder_is_reported(tmp_path, monkeypatch):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(TEXT, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):  # root reads any folder, so the refusal is simulated
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(iter_inputs([tmp_path]))
    errors_ = [i for i in items if isinstance(i, InputError)]
    assert len(errors_) == 1 and errors_[0].path.endswith("locked")
    assert "cannot read this folder" in errors_[0].message
    assert [p.name for p in items if isinstance(p, Path)] == ["a.txt"]


def test_symlink_loops_of_files_and_folders_end_as_rows_not_tracebacks(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.txt").write_text(TEXT, encoding="utf-8")
    os.symlink("loop_b.txt", tmp_path / "in" / "loop_a.txt")
    os.symlink("loop_a.txt", tmp_path / "in" / "loop_b.txt")
    os.symlink("self.txt", tmp_path / "in" / "self.txt")
    (tmp_path / "in" / "sub").mkdir()
    os.symlink("..", tmp_path / "in" / "sub" / "up")
    result = pipeline.analyze([tmp_path / "in", tmp_path / "in" / "self.txt"])
    assert list(result.documents.doc_id) == ["r"]
    assert len(result.errors) == 4 and set(result.errors.code) == {errors.PathNotFound.code}


def test_a_gbk_file_name_is_read_shown_safely_and_read_again(tmp_path):
    folder = os.fsencode(str(tmp_path))
    with open(folder + b"/" + "青石镇工作报告.txt".encode("gbk"), "wb") as handle:
        handle.write(TEXT.encode("utf-8"))
    result = pipeline.analyze([tmp_path])
    doc = result.documents.iloc[0]
    assert doc.doc_id == "青石镇工作报告"     # readable: the name's bytes read as GB18030
    doc.path.encode("utf-8")                  # safe in any table
    assert read_report(doc.path).text == TEXT  # the shown path still names the very file
    from reportnlp.compare import document_texts

    assert document_texts(result) == {doc.doc_id: TEXT}


def test_a_symlink_to_a_folder_above_is_not_walked(tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "r.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "e.txt").write_text(TEXT, encoding="utf-8")
    os.symlink("/", tmp_path / "in" / "sub" / "root")
    os.symlink(tmp_path, tmp_path / "in" / "sub" / "above")
    os.symlink(tmp_path / "elsewhere", tmp_path / "in" / "linked")
    names = [p.name for p in iter_inputs([tmp_path / "in"])]
    assert names == ["e.txt", "r.txt"]  # a linked folder is read; links upward are loops
