"""Placeholder extraction (ANNOTATION.md §4): slots, masks, and the look-alikes left alone."""
from dataclasses import asdict

import pytest

from reportnlp.extract.placeholders import extract_placeholders
from reportnlp.io import read_report
from reportnlp.model import Report
from reportnlp.slots import NUMBER_SLOT_RE

from conftest import SHARED, accuracy, f1, gold_tally



def found(text):
    return [(p.kind, p.text) for p in extract_placeholders(Report("t", text))]


@pytest.mark.parametrize("text, expected", [
    ("全镇举办培训班[X]场次，培训妇女[X]余人次。", [("number_slot", "[X]"), ("number_slot", "[X]")]),
    ("完成投资XX万元，增长××%，新增就业＿＿人。",
     [("number_slot", "XX"), ("number_slot", "××"), ("number_slot", "＿＿")]),
    ("财政收入［Ｘ］亿元，增长【 X 】%。", [("number_slot", "［Ｘ］"), ("number_slot", "【 X 】")]),
    ("全年增长X.X%，新增路灯××盏。", [("number_slot", "X.X"), ("number_slot", "××")]),
    ("XX镇党委召开会议，××村获评示范村，某某同志发言。",
     [("name_slot", "XX"), ("name_slot", "××"), ("name_slot", "某某")]),
    ("表彰○○同志。落款：（单位名称）", [("name_slot", "○○"), ("name_slot", "（单位名称）")]),
    ("镇长　×××\n完成投资XX万元。", [("name_slot", "×××"), ("number_slot", "XX")]),
    ("本组织20XX年度总结，于X月X日召开。", [("date_slot", "20XX年"), ("date_slot", "X月X日")]),
    ("二〇××年××月××日", [("date_slot", "二〇××年××月××日")]),
    ("——2023年X月X日在大会上", [("date_slot", "X月X日")]),
    ("完成(此处填写重点项目)。四是……(略)。见[待补充]。",
     [("other_slot", "(此处填写重点项目)"), ("other_slot", "……(略)"), ("other_slot", "[待补充]")]),
    ("健全妇女++工作机制，调处矛盾□□15起。", [("masked_word", "++"), ("masked_word", "□□")]),
    ("妥善处理群众**事项，做好反**宣传。", [("masked_word", "**"), ("masked_word", "**")]),
    ("X年X月X日开会，共(  )人参加，投资【】万元。",
     [("date_slot", "X年X月X日"), ("number_slot", "(  )"), ("number_slot", "【】")]),
    ("东山村XX组，增长7%-××%，畅通■■渠道。",
     [("name_slot", "XX"), ("number_slot", "××"), ("masked_word", "■■")]),
])
def test_slots_are_found_with_kind_and_span(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "二〇二一年一月十日，二○○○年以来，一九九○年",
    "引进“3×4”型号设备，建设2×66万千瓦机组，7×24小时服务。",
    "新购数字X光机，开展乳腺X线筛查，X射线装置投用。",
    "PX项目投产，构建3+3+X产业体系，落实1+N+X政策。",
    "培育X个潜力赛道，其中X指未来产业。",
    "审批后加盖“XX行政审批局”印章。",
    "及时发现丁某某等人的风险。",
    "注：*为预计数。",
    "**一、工作回顾**\n全年开展**专项整治**，成效明显。",
    "***\n第二部分",
    "○ 项目一\n○ 项目二",
    "□是 □否",
    "拨打12345热线，用好C++语言，Ⅱ类水质，第Ⅸ届。",
    "坚决维护社会稳定（略）",
])
def test_look_alikes_are_not_flagged(text):
    assert found(text) == []


def test_spans_map_back_to_the_original_text_and_are_sorted():
    text = "　　一、总体\n全年收入［Ｘ］万元\u200b，增长ＸＸ％；完善++机制。\n（单位名称）\n二〇××年"
    records = extract_placeholders(Report("t", text))
    assert records
    assert all(text[r.start:r.end] == r.text for r in records)
    assert [r.start for r in records] == sorted(r.start for r in records)
    assert all(r.text in r.context and "\n" not in r.context for r in records)


def test_masked_word_gets_a_restored_guess():
    (mask,) = extract_placeholders(Report("t", "镇妇联设立了妇女++服务站。"))
    assert (mask.kind, mask.restored) == ("masked_word", "维权")


def test_weak_letters_need_a_clear_slot_in_the_document():
    # A lone X before a classifier is a slot only where the document is clearly a template.
    assert found("新建X个示范点。") == []
    assert found("新建X个示范点，投资[X]万元。") == [("number_slot", "X"), ("number_slot", "[X]")]


def test_number_slot_shape_is_still_exported_for_claims():
    assert NUMBER_SLOT_RE.fullmatch("[X]") and NUMBER_SLOT_RE.fullmatch("××")


def test_dev_gold_floor():
    tally = gold_tally("placeholders", lambda txt: [asdict(p) for p in extract_placeholders(read_report(txt))])
    assert f1(tally) >= 0.95
    assert accuracy(tally, "kind") >= 0.90
    assert accuracy(tally, "restored") >= 0.90  # issue 12's bar for masked words


def test_real_reports_are_almost_never_flagged():
    real = SHARED / "corpus" / "real"
    if not real.is_dir():
        pytest.skip("../shared/corpus/real is not available")
    files = sorted(real.rglob("*.txt"))[::8]   # a spread-out sample keeps the test quick
    flags = sum(len(extract_placeholders(read_report(f))) for f in files)
    assert flags <= max(1, len(files) // 100)


def test_never_crashes_and_spans_hold_on_glyph_soup():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    alphabet = st.sampled_from(list("Xx×＿_○〇□*+某[]【】()（）…。，、%年月日镇村同志万元人二〇一0123 \n") + ["加强", "矛盾"])

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(st.lists(alphabet, max_size=40).map("".join))
    def check(text):
        records = extract_placeholders(Report("t", text))
        assert all(text[r.start:r.end] == r.text and r.start < r.end for r in records)
        assert [r.start for r in records] == sorted(r.start for r in records)
        assert records == extract_placeholders(Report("t", text))

    check()


def test_a_corpus_fitted_restorer_can_be_passed_in():
    from reportnlp.restore import MaskRestorer

    report = Report("t", "做好群众++工作。")
    assert [p.restored for p in extract_placeholders(report)] == ["信访"]
    fitted = MaskRestorer().fit(["做好群众维权工作。群众维权工作扎实，群众维权意识增强。"])
    assert [p.restored for p in extract_placeholders(report, restorer=fitted)] == ["维权"]


@pytest.mark.parametrize("text", ["镇长\u3000某某\n\n各位代表：", "村妇联主席某某同志获评“三八红旗手”称号。"])
def test_someone_after_a_title_is_an_unfilled_name(text):
    assert [(p.text, p.kind) for p in extract_placeholders(Report("d", text))] == [("某某", "name_slot")]


# --- the candidate scan's look-ahead and the gate (speed without changing matches) -------

_SOUP = (list("Xx×_○〇□■*+某[]【】()…。，.、%-~年月日号镇村组同志长:万元人个二〇一三十0129APk \n")
         + ["XX", "__", "○○", "〇〇", "□□", "**", "++", "某某", "20", "二〇", "加强", "镇长", "略)", "……(略)",
            "01月", "3月", "十月", "X日", "X月", "XX年", "(X)"])


def _soup_strategy(st):
    from reportnlp.extract.placeholders import slot_words

    words = slot_words()
    extra = list(words["field"][:6]) + list(words["fill_verb"][:4]) + ["万元", "人次", "同志"]
    return st.lists(st.sampled_from(_SOUP + extra), max_size=30).map("".join)


def test_candidate_look_ahead_keeps_every_match():
    """The leading class must hold every character a candidate can start with."""
    import re

    from reportnlp.extract.placeholders import CANDIDATE_FIRST, _candidate_re

    hypothesis = pytest.importorskip("hypothesis")
    pattern = _candidate_re().pattern
    head = "(?=[" + CANDIDATE_FIRST.replace("[", r"\[") + "])"
    assert pattern.startswith(head)
    without = re.compile(pattern[len(head):])

    @hypothesis.settings(max_examples=400, deadline=None)
    @hypothesis.given(_soup_strategy(hypothesis.strategies))
    def check(text):
        spans = lambda rx: [(m.start(), m.end(), m.lastgroup) for m in rx.finditer(text)]  # noqa: E731
        assert spans(_candidate_re()) == spans(without)

    check()


def test_candidate_look_ahead_holds_the_first_character_of_every_shape():
    """Every suffix of every slot shape that the scan matches opens with a listed character."""
    import re

    from reportnlp.extract.placeholders import CANDIDATE_FIRST, _candidate_re, slot_words

    words = slot_words()
    shapes = ["20XX年X月X日", "19××年", "二〇××年××月××日", "一〇XX年", "XXXX年", "____年", "10月X日",
              "九月X日", "三十日", "X年X月X日", "[X]", "【 X 】", "(X)", "(  )", "[ ]", "【】", "……(略)",
              "...(略)", "。。。(略)", "XX", "X.X", "__", "○○", "〇〇", "□□", "■■", "**", "++", "某某"]
    shapes += ["(" + w + ")" for w in words["field"]] + ["[" + w + "内容]" for w in words["fill_verb"]]
    pattern = _candidate_re().pattern
    without = re.compile(pattern[pattern.index("])") + 2:])
    starts = {shape[i:][0] for shape in shapes for i in range(len(shape)) if without.match(shape[i:])}
    listed = re.compile("[" + CANDIDATE_FIRST.replace("[", r"\[") + "]")
    assert {ch for ch in starts if not listed.match(ch)} == set()
    assert {"0", "1", "二", "九", "X", "(", "…", "某"} <= starts


def test_gate_never_drops_a_document_with_something_to_report(monkeypatch):
    """Where the gate finds nothing, the full scan finds nothing either."""
    import re

    from reportnlp.extract import placeholders
    from reportnlp.normalize import normalize_cached

    hypothesis = pytest.importorskip("hypothesis")
    gate = placeholders._gate_re()
    seen = {"gated": 0, "found": 0}

    @hypothesis.settings(max_examples=600, deadline=None)
    @hypothesis.given(_soup_strategy(hypothesis.strategies))
    def check(text):
        with monkeypatch.context() as patched:
            patched.setattr(placeholders, "_gate_re", lambda: re.compile(""))
            ungated = extract_placeholders(Report("t", text))
        seen["found"] += bool(ungated)
        if not gate.search(normalize_cached(text).text):
            seen["gated"] += 1
            assert ungated == []

    check()
    assert seen["gated"] and seen["found"]   # both sides of the property were exercised


@pytest.mark.parametrize("text", ["二〇二三年，二○○○年以来，一九九〇年", "3×4矩阵，PX项目", "□是 □否", "file_name"])
def test_gate_passes_over_dates_and_look_alikes(text):
    from reportnlp.extract.placeholders import _gate_re
    from reportnlp.normalize import normalize_cached

    assert _gate_re().search(normalize_cached(text).text) is None


@pytest.mark.parametrize("text", ["20XX年", "增长7%-××%", "○○同志", "（单位名称）", "共(  )人", "__人"])
def test_gate_lets_slots_through(text):
    from reportnlp.extract.placeholders import _gate_re
    from reportnlp.normalize import normalize_cached

    assert _gate_re().search(normalize_cached(text).text) is not None
