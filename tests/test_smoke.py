import reportnlp


def test_analyze_returns_every_table(tmp_path):
    (tmp_path / "a.txt").write_text("某镇人民政府工作报告\n一、2022年工作回顾\n全年完成财政收入1.2亿元。\n", encoding="utf-8")
    result = reportnlp.analyze([tmp_path])
    assert set(result.tables()) == {"documents", "sections", "claims", "named", "placeholders", "headline", "errors"}
    assert list(result.documents.doc_id) == ["a"]


def test_import_is_cheap_and_lazy_names_resolve():
    import subprocess
    import sys

    code = ("import sys, reportnlp; heavy = [m for m in ('jieba', 'sklearn', 'matplotlib', 'datasketch') "
            "if m in sys.modules]; assert not heavy, heavy; "
            "assert callable(reportnlp.keyness) and callable(reportnlp.find_reuse); "
            "import reportnlp.compare as c; assert callable(c.compare)")
    subprocess.run([sys.executable, "-c", code], check=True)
