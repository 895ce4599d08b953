"""The one lexicon reader: comment conventions, fields, BOM, and every bundled file parses."""
from reportnlp.lexicon import LEXICON_DIR, parse_rows, read_rows, read_wordlist, read_words


def test_rows_skip_comments_and_blanks_and_strip_fields(tmp_path):
    path = tmp_path / "x.tsv"
    path.write_text("\ufeff# header\n\n  # indented comment\n词 \t a\tb#c\n   \n单\n", encoding="utf-8")
    assert parse_rows(path) == (("词", "a", "b#c"), ("单",))


def test_inline_comments_only_when_asked(tmp_path):
    path = tmp_path / "x.tsv"
    path.write_text("名\tslogan\ttifa  # a note\n# whole line\n", encoding="utf-8")
    assert parse_rows(path, inline_comments=True) == (("名", "slogan", "tifa"),)
    assert parse_rows(path)[0][-1] == "tifa  # a note"


def test_wordlist_takes_the_first_field(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("\ufeff十四五\t备注\n# c\n三农 # why\n\t空\n", encoding="utf-8")
    assert read_wordlist(path) == ["十四五", "三农"]


def test_every_bundled_lexicon_parses_and_is_cached():
    names = sorted(p.name for p in LEXICON_DIR.iterdir() if p.suffix in {".txt", ".tsv"})
    assert names
    for name in names:
        rows = read_rows(name)
        assert rows, name
        assert all(row[0] for row in rows), name
        assert read_rows(name) is rows
    assert "十四五" in read_words("compare_words.txt")
