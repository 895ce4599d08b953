"""Word-list patterns: longest word first, and the prefix tree matches what the alternation does."""
import re

from hypothesis import given, strategies as st

from reportnlp.wordpatterns import alternation, trie

_WORDS = st.lists(st.text("万元吨亿.*(", min_size=1, max_size=4), min_size=1, max_size=12)


def test_longest_word_wins_and_specials_are_literal():
    assert re.match(alternation(["万", "万元", "万元"]), "万元以上").group() == "万元"
    assert re.fullmatch(alternation(["1.5*"]), "1.5*") and not re.match(alternation(["1.5*"]), "155")


@given(_WORDS, st.text("万元吨亿.*(", max_size=12))
def test_trie_finds_the_same_matches_as_the_alternation(words, text):
    flat, tree = re.compile(alternation(words)), re.compile(trie(words))
    assert [m.span() for m in flat.finditer(text)] == [m.span() for m in tree.finditer(text)]
