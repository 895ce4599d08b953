"""Word lists that were spelled inside regexes now come from lexicon files: the patterns built
from them keep the rules (a word inside a longer kept word is no link), and every file is read."""
from __future__ import annotations

from reportnlp.extract.claims.words import _words_unless_in, links
from reportnlp.extract.named import canonical_name
from reportnlp.lexicon import read_rows, read_words
from reportnlp.sections import _result_heading


def _roles(name):
    out = {}
    for row in read_rows(name):
        out.setdefault(row[1], []).append(row[0])
    return out


def test_link_verbs_are_cut_but_not_inside_a_kept_word():
    tail = links().tail
    assert tail.search("粮食产量达到").start() == 4
    assert tail.search("粮食产量增加到").start() == 4
    assert tail.search("投资分别为").start() == 2  # a lead word goes with its link
    assert tail.search("人均达到").start() == 2  # 人均 keeps its 均
    assert tail.search("全年统计") is None  # 统计 keeps its 计
    assert tail.search("全年共计").start() == 2


def test_every_link_word_of_the_lexicon_is_cut():
    roles = _roles("claim_subject_words.tsv")
    tail = links().tail
    for word in roles["link"]:
        m = tail.search("收入" + word)
        assert m is not None and m.start() <= 2, word
    assert all(w[-1] in links().tail_last for w in roles["link"])


def test_not_noun_start_and_its_keep_words():
    start = links().not_noun_start
    assert start.match("以上的企业") and start.match("居全省第一") and start.match("，")
    assert not start.match("居民") and not start.match("企业")


def test_change_to_reads_the_time_after_the_verb():
    m = links().change_to.match("增加到2020年的")
    assert m and m.group("time") == "2020年"
    assert links().change_to.match("增加了") is None


def test_words_unless_in_guards_by_position():
    import re
    at_end = re.compile(f"(?:{_words_unless_in(['计'], ['统计', '合计'], at_end=True)})$")
    assert at_end.search("共计") and not at_end.search("统计") and not at_end.search("合计")
    at_start = re.compile(f"^(?:{_words_unless_in(['居'], ['居民'], at_end=False)})")
    assert at_start.match("居首") and not at_start.match("居民")


def test_result_headings_from_the_lexicon():
    roles = _roles("section_result_headings.tsv")
    pattern = _result_heading()
    for adverb in roles["adverb"]:
        assert pattern.search("集体经济" + adverb + "壮大"), adverb
        assert not pattern.search(adverb + "壮大了许多事情"), adverb
    for ending in roles["ending"]:
        assert pattern.search("各项工作" + ending), ending


def test_named_wrappers_from_the_lexicon():
    for wrapper in read_words("named_wrappers.txt"):
        assert canonical_name("“巾帼心向党”" + wrapper) == "巾帼心向党", wrapper
    assert canonical_name("“活动”") == "活动"  # nothing would be left: kept
