"""The faster paths of the named extractor find what the plain ones found: the Aho-Corasick
scan for names without quotes against the regex it replaces, the split speech test and the
title test against their old one-piece forms."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reportnlp.extract import named


def _names():
    return named._unquoted_names()


@st.composite
def texts_with_names(draw):
    names = _names()
    pieces = st.one_of(
        st.sampled_from(names),
        st.sampled_from(names).map(lambda n: n[:-1] or n),   # a name cut short
        st.sampled_from(names).map(lambda n: n[1:] or n),    # a name without its start
        st.sampled_from(list("一二三四五十两第个的和、，。\n“”") + ["第一", "十三", "2023年"]),
        st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40), max_size=3),
    )
    return "".join(draw(st.lists(pieces, max_size=30)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts_with_names())
def test_unquoted_spans_are_the_regex_spans(text):
    if named._unquoted_automaton() is None:
        pytest.skip("ahocorasick_rs is not installed")
    assert named._unquoted_spans(text) == [m.span() for m in named._unquoted_re().finditer(text)]


def test_unquoted_spans_keep_the_longest_name_and_skip_a_name_after_a_numeral():
    names = _names()
    longer = next((a, b) for a in names for b in names if a != b and b.startswith(a))
    short, long_ = longer
    text = "在" + long_ + "中，十" + short + "。" + short
    spans = named._unquoted_spans(text)
    assert (1, 1 + len(long_)) in spans                       # the longest at a place
    at = text.index("十" + short) + 1
    assert all(start != at for start, _ in spans)             # not right after a numeral
    assert (len(text) - len(short), len(text)) in spans


def _old_is_speech(text, start, name):
    if named._FULL_STOP.search(name) or named._said(text, start - 1):
        return True
    clauses = [c for c in named._SPEECH_CLAUSE.split(name) if c]
    if len(name) > 25 or len(clauses) > 3 and (any(len(c) > named._SET_PHRASE for c in clauses)
                                                 or named._stands_alone(text, start)):
        return True
    if any(len(c) > 16 for c in named._CLAUSE_SPLIT.split(name)):
        return True
    if len(clauses) > 1 and named._FIRST_PERSON.search(name):
        return True
    return len(clauses) > 1 and text[start - 2:start - 1] in (":", "：")


def _old_in_title(text, pos):
    before = text[max(0, pos - 60):pos]
    return before.rfind("《") > before.rfind("》")


QUOTED_BITS = st.sampled_from(["指出", "强调", "：", ":", "，", "。", "《", "》", "本党", "我党", "、", "；",
                               "要", "坚持", "发展", "乡村振兴", "三个代表", "\n", "“", "”", "统一规划合理布局"])


@settings(max_examples=300, deadline=None)
@given(st.lists(QUOTED_BITS, max_size=12).map("".join), st.lists(QUOTED_BITS, min_size=1, max_size=20).map("".join))
@example("要：", "坚持，发展")
@example("要:", "坚持；发展")
@example("《要", "坚持")
def test_speech_and_title_tests_as_before(before, name):
    text = before + "“" + name + "”"
    start = len(before) + 1
    folded = named._folded_form(name)
    assert named._is_speech(text, start, folded) == _old_is_speech(text, start, folded)
    for pos in range(len(text) + 1):
        assert named._in_title(text, pos) == _old_in_title(text, pos)
