"""Slogans and campaigns: hand-written sentences, invariants, and a floor on the dev gold."""
import json
from pathlib import Path

import pytest

from reportnlp.extract.named import (canonical_name, classify_name, extract_named,
                                     is_numeric_formula, named_userdict)
from reportnlp.model import Report

SHARED = Path(__file__).resolve().parents[2] / "shared"


def found(text):
    return {(n.text, n.subtype) for n in extract_named(Report("t", text))}


def labels(text):
    return {n.text: n.subtype for n in extract_named(Report("t", text))}


def test_head_word_after_quote_decides():
    got = labels("本镇开展“书香润万家”读书活动，实施“幸福小院”工程，打好“碧水清河”攻坚战。")
    assert got == {"书香润万家": "activity", "幸福小院": "program", "碧水清河": "campaign"}


def test_head_after_quote_outranks_head_inside_name():
    assert labels("组织“春蕾计划”助学活动3场。") == {"春蕾计划": "activity"}


def test_theme_makes_a_motto_even_before_a_contest():
    assert labels("举办“红心向党·青春建功”主题演讲比赛。") == {"红心向党·青春建功": "motto"}


def test_several_names_share_one_head_word():
    got = labels("广泛开展“最美邻里”“文明小家”等评选，")
    assert got == {"最美邻里": "activity", "文明小家": "activity"}


def test_honor_verb_before_quote():
    assert labels("该村被评为市级“美丽宜居示范村”。") == {"美丽宜居示范村": "honor"}
    assert labels("两名同志荣获“巾帼标兵”称号。") == {"巾帼标兵": "honor"}


def test_compound_after_quote_takes_its_last_noun():
    assert labels("实施“五新五强”行动计划，") == {"五新五强": "program"}


def test_verbal_head_only_counts_right_after_the_quote():
    assert labels("加强“妇女之家”阵地建设。") == {"妇女之家": "platform"}


def test_emphasis_holidays_periods_titles_are_dropped():
    text = ("破解“卡脖子”问题，“三八”期间走访，“十四五”时期开局，学习《关于“双减”的意见》，"
            "打通“最后一公里”，存在“看车难”现象。")
    assert found(text) == set()


def test_numeric_formulas_quoted_including_unknown_shapes():
    got = labels("落实“三抓两促”，推进“2+6+N”体系，坚持“七个坚持”，出台“稳岗十二条”。")
    assert got == {"三抓两促": "formula", "2+6+N": "formula", "七个坚持": "formula",
                   "稳岗十二条": "formula"}


def test_quantities_are_not_formulas():
    assert not is_numeric_formula("3")
    assert not is_numeric_formula("十四五")
    assert not is_numeric_formula("二十大")
    assert is_numeric_formula("三严三实")


def test_known_formulas_found_without_quotes():
    recs = extract_named(Report("t", "全镇干部牢固树立四个意识，严格落实中央八项规定精神。"))
    assert [(r.text, r.source, r.subtype) for r in recs] == [
        ("四个意识", "formula", "formula"), ("八项规定", "formula", "formula")]


def test_unquoted_per_unit_formula_but_not_idioms():
    got = found("坚持一村一策、分类推进，一心一意为群众，一层一层压实责任。")
    assert got == {("一村一策", "formula")}


def test_mottos_and_tifa_from_content():
    got = labels("坚持“产业为王”，确保“小事不出组、大事不出村”，践行“实干兴村，产业强村”。")
    assert got["产业为王"] == "motto"
    assert got["小事不出组、大事不出村"] == "tifa"
    assert got["实干兴村，产业强村"] == "motto"


def test_speech_is_not_a_name():
    text = "他说：“我们要把群众的事当成自己的事，一件一件办好，让大家都满意。”"
    assert found(text) == set()


def test_straight_and_mixed_quotes():
    got = labels('推行"一网通办",深化“放管服"改革,落实「河长制」。')
    assert got == {"一网通办": "program", "放管服": "program", "河长制": "program"}


def test_offsets_point_into_original_text_with_fullwidth_chars():
    text = "深化“２＋５”产业体系，增强“四个意识”。"
    for r in extract_named(Report("t", text)):
        assert text[r.start:r.end] == r.text
    assert [r.canonical for r in extract_named(Report("t", text))] == ["2+5", "四个意识"]


def test_canonical_folds_widths_dots_and_quotes():
    assert canonical_name("“巾帼心向党・奋进新征程”") == "巾帼心向党·奋进新征程"
    assert canonical_name("互联网＋ ") == "互联网+"


def test_classify_without_context_uses_lexicon_and_content():
    assert classify_name("四个意识") == ("slogan", "formula")
    assert classify_name("厕所革命") == ("campaign", "campaign")
    assert classify_name("卡脖子") is None


def test_userdict_holds_lexicon_names_without_quotes():
    words = named_userdict()
    assert "四个意识" in words and "两个维护" in words
    assert not any(w.startswith("“") or "#" in w for w in words)


def test_records_sorted_and_deterministic():
    text = "推进“两新一重”建设，增强四个意识，开展“美丽庭院”创建活动。" * 3
    a = extract_named(Report("t", text))
    assert a == extract_named(Report("t", text))
    assert [r.start for r in a] == sorted(r.start for r in a)


def _gold_docs():
    gold = SHARED / "gold" / "dev"
    if not gold.exists():
        pytest.skip("../shared gold not available")
    for js in sorted(gold.glob("*.json")):
        doc = json.loads(js.read_text(encoding="utf-8"))
        if "named" in doc.get("scope", []):
            yield doc, js.with_suffix(".txt").read_text(encoding="utf-8")


def test_dev_gold_floor():
    tp = fp = fn = right = 0
    for doc, text in _gold_docs():
        pred = [r for r in extract_named(Report(doc["doc"], text)) if r.source != "lexicon"]
        gold = {(g["start"], g["end"]): g["subtype"] for g in doc["named"]}
        got = {(r.start, r.end): r.subtype for r in pred}
        tp += len(gold.keys() & got.keys())
        fp += len(got.keys() - gold.keys())
        fn += len(gold.keys() - got.keys())
        right += sum(gold[k] == got[k] for k in gold.keys() & got.keys())
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.93, f1
    assert right / tp >= 0.85
