"""Tokenizer: user words kept whole, stop words and numbers dropped, jieba's global state untouched."""
import logging
import pickle
import re
import sys

import pytest
from hypothesis import given, strategies as st

from reportnlp import tokenize
from reportnlp.tokenize import BACKENDS, Tokenizer
from reportnlp.wordpatterns import trie


def test_slogan_joined_by_middle_dot_stays_one_token():
    tok = Tokenizer(["红梅迎春·巾帼先行"])
    tokens = tok("全镇开展红梅迎春·巾帼先行主题宣讲活动")
    assert "红梅迎春·巾帼先行" in tokens
    assert "宣讲" in tokens


def test_formula_stays_one_token_and_number_words_go():
    tok = Tokenizer(["三治融合"])
    tokens = tok("坚持三治融合，新建道路12.5公里，完成三千亩，二〇二一年。")
    assert "三治融合" in tokens
    assert not any(ch.isdigit() for t in tokens for ch in t)
    assert "三千" not in tokens and "二〇二一年" not in tokens
    assert "，" not in tokens and "。" not in tokens


def test_plan_periods_are_kept_although_they_look_like_numbers():
    assert "十四五" in Tokenizer(use_named=False)("编制“十四五”规划")


def test_stop_words_and_single_characters_are_dropped():
    tokens = Tokenizer(use_named=False)("我们的村庄和田野")
    assert "我们" not in tokens and "的" not in tokens and "和" not in tokens
    assert "村庄" in tokens
    assert "的" in Tokenizer(use_named=False, stopwords=(), min_chars=1)("我们的村庄")


def test_user_words_do_not_leak_into_the_global_jieba():
    import jieba

    phrase = "青苗护航暖心行"
    text = f"启动{phrase}专项工作"
    assert phrase in Tokenizer([phrase])(text)
    assert phrase not in jieba.lcut(text)


def test_userdict_file(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("# my words\n乡风文明积分超市\n", encoding="utf-8")
    assert "乡风文明积分超市" in Tokenizer(userdict=path)("推广乡风文明积分超市做法")


def test_segmenting_logs_nothing_and_leaves_jieba_logger_level(caplog):
    logger = logging.getLogger("jieba")
    before = logger.level
    with caplog.at_level(logging.DEBUG):
        logger.setLevel(before)  # caplog.at_level set the root only; keep jieba's own level
        Tokenizer(["某某词语组合"])("一句话")
    assert not [r for r in caplog.records if r.name == "jieba"]
    assert logger.level == before


def test_pickles_and_works_after_unpickling():
    tok = Tokenizer(["巾帼建功标兵岗"])
    tok("预热")
    copy = pickle.loads(pickle.dumps(tok))
    assert "巾帼建功标兵岗" in copy("评选巾帼建功标兵岗")


def test_unknown_backend_is_named_in_the_error():
    with pytest.raises(ValueError, match="rjieba-missing"):
        Tokenizer(backend="rjieba-missing")("文本")


def test_another_backend_plugs_in(monkeypatch):
    class CharBackend:
        def __init__(self, *, hmm=True):
            pass

        def add_words(self, words):
            pass

        def cut(self, text):
            return [text[i:i + 2] for i in range(0, len(text), 2)]

    monkeypatch.setitem(BACKENDS, "pairs", CharBackend)
    assert Tokenizer(backend="pairs", use_named=False, stopwords=())("乡村振兴") == ["乡村", "振兴"]


def test_named_userdict_is_used_when_the_extractor_offers_it(monkeypatch):
    monkeypatch.setattr(tokenize, "named_words", lambda: ["百村示范千村整治"])
    assert "百村示范千村整治" in Tokenizer()("实施百村示范千村整治行动")


def test_plugs_into_countvectorizer():
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(tokenizer=Tokenizer(use_named=False), lowercase=False, token_pattern=None)
    matrix = vectorizer.fit_transform(["修建村道修建桥梁", "修建水渠"])
    vocabulary = vectorizer.vocabulary_
    assert matrix[0, vocabulary["修建"]] == 2 and matrix[1, vocabulary["水渠"]] == 1


def test_rjieba_backend_matches_jieba_and_keeps_user_words():
    pytest.importorskip("rjieba")
    text = ("坚持以人民为中心的发展思想，深入实施乡村振兴战略，开展巾帼心向党·奋进新征程主题活动，"
            "全年新增城镇就业一千四百人，完成老旧小区改造十一个，加快建设现代化产业体系。")
    slow = Tokenizer(["巾帼心向党·奋进新征程", "乡村振兴战略"], backend="jieba", use_named=False)(text)
    fast = Tokenizer(["巾帼心向党·奋进新征程", "乡村振兴战略"], backend="rjieba", use_named=False)(text)
    assert "巾帼心向党·奋进新征程" in fast and "乡村振兴战略" in fast
    same = sum(1 for a, b in zip(slow, fast) if a == b)
    assert same / max(len(slow), len(fast)) > 0.9


def test_a_digits_only_name_does_not_cut_years_apart():
    tok = Tokenizer(["198", "956", "乡村振兴战略"], use_named=False, stopwords=())
    assert "198" not in tok.user_words() and "乡村振兴战略" in tok.user_words()
    assert not any(t.isdigit() for t in tok("1985年和1956年的计划"))


# --- protected words: the automaton finds what the prefix-tree regex found --------------------

_WORDS = st.lists(st.text("巾帼心向党·新征程", min_size=1, max_size=5), min_size=1, max_size=15)


@given(_WORDS, st.text("巾帼心向党·新征程开展", max_size=30))
def test_word_finder_spans_equal_the_leftmost_longest_regex(words, text):
    finder = tokenize.WordFinder(words)
    regex = re.compile(trie(words))
    assert finder.spans(text) == [m.span() for m in regex.finditer(text)]


def test_word_finder_without_the_automaton_package_falls_back_to_the_regex(monkeypatch):
    monkeypatch.setitem(sys.modules, "ahocorasick_rs", None)  # import fails
    finder = tokenize.WordFinder(["心向党", "巾帼心向党·奋进", "奋进新征程"])
    assert finder._automaton is None and finder._pattern is not None
    text = "开展巾帼心向党·奋进新征程活动，心向党"
    assert [text[a:b] for a, b in finder.spans(text)] == ["巾帼心向党·奋进", "心向党"]
    assert tokenize.WordFinder([]).spans(text) == []


def test_tokenizer_with_the_automaton_still_pickles():
    tok = Tokenizer(["巾帼心向党·奋进新征程"])
    before = tok("开展巾帼心向党·奋进新征程活动")
    again = pickle.loads(pickle.dumps(tok))
    assert "巾帼心向党·奋进新征程" in before
    assert again("开展巾帼心向党·奋进新征程活动") == before


def test_extra_stopwords_add_to_the_default_list_and_stopwords_replace_it():
    text = "我们开展美丽庭院创建，加强村道建设"
    plain = Tokenizer()(text)
    assert "我们" not in plain and "加强" in plain  # 我们 is a default stop word
    extra = Tokenizer(extra_stopwords=["加强"])(text)
    assert "加强" not in extra and "我们" not in extra
    assert set(extra) == set(plain) - {"加强"}
    replaced = Tokenizer(stopwords=["加强"])(text)
    assert "我们" in replaced and "加强" not in replaced


def test_boilerplate_words_are_generic_and_leave_period_words_alone():
    words = tokenize.boilerplate_words()
    assert {"提高", "加强", "进一步"} <= words
    assert not words & {"高质量", "脱贫攻坚", "新发展格局", "疫情"}
    assert not words & tokenize.default_stopwords()  # each list says one thing


def test_signature_changes_with_the_words_kept_whole():
    assert Tokenizer().signature() == Tokenizer().signature()
    assert Tokenizer(["澄湖夜市新品牌"]).signature() != Tokenizer().signature()
    assert Tokenizer(hmm=False).signature() != Tokenizer().signature()
