import reportnlp


def test_analyze_returns_every_table(tmp_path):
    (tmp_path / "a.txt").write_text("某镇人民政府工作报告\n一、2022年工作回顾\n全年完成财政收入1.2亿元。\n", encoding="utf-8")
    result = reportnlp.analyze([tmp_path])
    assert set(result.tables()) == {"documents", "sections", "claims", "named", "placeholders", "errors"}
    assert list(result.documents.doc_id) == ["a"]
