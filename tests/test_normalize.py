"""fold and normalize agree with fold_char, character by character."""
from hypothesis import given, strategies as st

from reportnlp.normalize import fold, fold_char, normalize

_CHARS = st.sampled_from(list("，：；（）！？％ＡＺ０９　\u00a0\u200b\ufeff\u00ad中文a1。、“”")) | st.characters()


@given(st.text(_CHARS, max_size=60))
def test_fold_is_fold_char_of_every_character(text):
    expected = "".join(fold_char(c) for c in text)
    assert fold(text) == expected
    norm = normalize(text)
    assert norm.text == expected
    assert all(fold_char(text[norm.to_original[i]]) == ch for i, ch in enumerate(norm.text))


def test_full_width_punctuation_and_spaces():
    assert fold("第１，２％\u3000（三）\u200b！") == "第1,2% (三)!"


def test_foldable_lists_exactly_the_characters_fold_char_changes():
    from reportnlp.normalize import FOLDABLE

    changed = {chr(c) for c in range(0x10000) if fold_char(chr(c)) != chr(c)}
    assert set(FOLDABLE) == changed


def test_traditional_text_folds_to_simplified_one_for_one():
    from reportnlp.normalize import is_traditional, simplified_for_matching, to_simplified

    old = "我們在過去幾年進行了整風運動，開展了增産節約運動，國營工業和公私合營工業都有發展。" * 3
    assert is_traditional(old)
    folded = to_simplified(old)
    assert len(folded) == len(old)
    assert "整风运动" in folded and "公私合营" in folded and "我们" in folded
    assert simplified_for_matching(old) == folded


def test_a_simplified_report_is_never_folded():
    from reportnlp.normalize import is_traditional, simplified_for_matching

    text = "乾隆年间的古建筑得到保护。" + "我们开展整风运动，推进公私合营。" * 40
    assert not is_traditional(text)
    assert simplified_for_matching(text) is text
