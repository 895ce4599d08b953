"""MaskRestorer: lexicon cues, corpus statistics and the scikit-learn conventions."""
from pathlib import Path

import pytest

from reportnlp.restore import MaskRestorer, load_masked_words, restore

from conftest import SHARED



def top(text, restorer=None):
    start = text.index("++")
    return restore(text, start, start + 2, restorer)


def test_init_only_stores_parameters():
    r = MaskRestorer(context_chars=3, min_score=2.0)
    assert (r.context_chars, r.min_score) == (3, 2.0)
    assert not [a for a in vars(r) if a.endswith("_")]
    with pytest.raises(RuntimeError, match="E306"):
        r.rank("完善++机制", 2, 4)


def test_fit_validates_and_learns_underscore_attributes():
    with pytest.raises(TypeError, match="E304"):
        MaskRestorer().fit("一段文字")
    r = MaskRestorer().fit(["群众信访事项按期办结，信访事项办结率高。"])
    assert r.word_counts_["信访"] == 2
    assert r.right_counts_["信访"]["事项"] == 2


@pytest.mark.parametrize("text, word", [
    ("不断完善妇女++工作机制。", "维权"),
    ("排查化解婚姻家庭++12起。", "纠纷"),
    ("受理群众++事项30件。", "信访"),
    ("全年未发生越级++。", "上访"),
    ("深入开展反++警示教育。", "邪教"),
    ("加++律法规宣传力度。", "大法"),   # the mask straddles 加大 + 法律
    ("加++治宣传。", "大法"),
])
def test_lexicon_cues_pick_the_masked_word(text, word):
    assert top(text) == word


def test_nothing_is_guessed_without_evidence():
    assert top("一二三++四五六") == ""


def test_corpus_statistics_decide_between_candidates():
    text = "做好群众++工作。"      # both 信访 and 维权 take 工作 on the right
    assert top(text) == "信访"
    fitted = MaskRestorer().fit(["做好群众维权工作。做好群众维权工作，群众维权意识增强。"])
    assert top(text, fitted) == "维权"


def test_open_vocabulary_reads_the_document_itself():
    doc = "推进林长制改革，深化林长制建设。全面落实林++改革。"
    restorer = MaskRestorer(min_score=0.0).fit([doc])
    start = doc.index("++")
    assert restorer.rank(doc, start, start + 2)[0][0] == "长制"


def test_lexicon_has_cues_for_every_word():
    entries = load_masked_words()
    assert {"维权", "纠纷", "信访", "上访", "邪教", "大法"} <= {e.word for e in entries}
    assert all(e.left or e.right for e in entries)


def test_masking_real_reports_is_mostly_undone():
    """Mask every 信访/维权/纠纷/... in real reports, as a web filter would, and restore
    (0.86 before masks across word boundaries and two-word masks were tried, 0.90 after)."""
    real = SHARED / "corpus" / "real"
    if not real.is_dir():
        pytest.skip("../shared/corpus/real is not available")
    words = ["维权", "纠纷", "信访", "上访", "邪教", "大法", "维稳", "法轮", "台独", "游行", "示威"]
    finder = __import__("re").compile("|".join(words))
    right = total = 0
    for path in sorted(real.rglob("*.txt"))[::15]:
        text = path.read_text(encoding="utf-8", errors="replace")
        spans = []
        for m in finder.finditer(text):   # neighbours make one mask: 信访维稳 -> ++++
            if spans and spans[-1][1] == m.start():
                spans[-1] = (spans[-1][0], m.end(), spans[-1][2] + m.group())
            else:
                spans.append((m.start(), m.end(), m.group()))
        if not spans:
            continue
        masked = finder.sub(lambda m: "+" * len(m.group()), text)
        restorer = MaskRestorer().fit([masked])
        for start, end, word in spans:
            total += 1
            right += restore(masked, start, end, restorer) == word
    assert total > 100 and right / total >= 0.87


# --- issue 12: masks across word boundaries, two words in one mask, quotes ----------

@pytest.mark.parametrize("text, word", [
    ("打造服务平++特优势。", "台独"),       # 平台 + 独特
    ("深入开展普++流宣讲活动。", "法轮"),   # 普法 + 轮流
    ("推动旅++业加快复苏。", "游行"),       # 旅游 + 行业
    ("深化国有企业改革，扩++人治理结构。", "大法"),  # 扩大 + 法人
])
def test_a_mask_across_a_word_boundary_is_restored(text, word):
    start = text.index("++")
    assert restore(text, start, start + 2, MaskRestorer().fit([text])) == word


def test_a_whole_word_between_its_neighbours_is_no_straddle():
    from reportnlp.restore import _straddles
    assert _straddles("台独", "平", "特") == 1.0
    assert _straddles("信访", "受理群众", "事项") == 0.0


def test_two_filtered_words_side_by_side_make_one_mask():
    text = "扎实做好++++工作。"
    start = text.index("++")
    assert restore(text, start, start + 4, MaskRestorer().fit([text])) == "信访维稳"


def test_cues_stand_outside_the_quotes_a_filter_masked_inside():
    assert top("坚决反对“++”分裂活动。") == "台独"


def test_grassroots_masking_experiment():
    """Mask filtered strings in the grassroots reports as a web filter would (character
    strings, also across word boundaries; neighbours merge into one mask) and restore."""
    corpus = SHARED / "corpus" / "grassroots"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus/grassroots is not available")
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(corpus.glob("*.txt"))]
    right, total = _mask_and_restore(texts, ["维权", "纠纷", "信访", "上访", "邪教", "大法", "法轮", "维稳", "台独"])
    assert total >= 10 and right / total >= 0.90


def _mask_and_restore(texts, words):
    """(restored right, masks) after masking ``words`` in each text as ++ (neighbours merge
    into one mask) and restoring with a restorer fitted on that masked text."""
    import re
    finder = re.compile("|".join(words))
    right = total = 0
    for text in texts:
        spans = []
        for m in finder.finditer(text):
            if spans and spans[-1][1] == m.start():
                spans[-1] = (spans[-1][0], m.end(), spans[-1][2] + m.group())
            else:
                spans.append((m.start(), m.end(), m.group()))
        masked = finder.sub(lambda m: "+" * len(m.group()), text)
        restorer = MaskRestorer().fit([masked])
        for start, end, word in spans:
            total += 1
            right += restore(masked, start, end, restorer) == word
    return right, total


def test_straddle_words_are_generated_from_the_current_lexicon():
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "build_straddle_words", Path(__file__).resolve().parents[1] / "scripts" / "build_straddle_words.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.OUT.read_text(encoding="utf-8") == module.build(), \
        "run python scripts/build_straddle_words.py after editing masked_words.tsv"


# --- issue 12: the general mechanism behind restoration ------------------------------

def _fit_rank(doc, nth=0, **kw):
    """(restorer fitted on doc, ranking of its nth ++ run)."""
    import re
    runs = [m.span() for m in re.finditer(r"\+{2,}", doc)]
    restorer = MaskRestorer(**kw).fit([doc])
    return restorer, restorer.rank(doc, *runs[nth])


def test_a_cue_many_words_share_counts_less_than_a_specific_one():
    # 、 follows 信访, 维稳, 暴力 ... in the lexicon; 民族 precedes only 宗教 and 分裂
    _, ranked = _fit_rank("全面做好统计审计、民族++、档案史志等工作。")
    assert ranked[0][0] == "宗教"
    r = MaskRestorer().fit([])
    assert r.right_sharing_["、"] > 1 and r.left_sharing_["民族"] < r.right_sharing_["、"]


@pytest.mark.parametrize("clear, word", [
    ("妇女++服务站覆盖各村，开通妇女++热线，关爱妇女++。", "维权"),
    ("受理群众++事项120件，++积案全部化解，++接待日制度坚持不懈。", "信访"),
])
def test_other_masks_of_the_document_tip_an_ambiguous_one(clear, word):
    doc = clear + "今年++工作要再上台阶。"      # 工作 follows 信访, 维权 and 维稳 alike
    restorer, ranked = _fit_rank(doc, nth=3)
    assert ranked[0][0] == word
    assert max(restorer.mask_share_, key=restorer.mask_share_.get) == word
    # the same ambiguous sentence alone is not decided by the other document's masks
    alone = MaskRestorer().fit(["今年++工作要再上台阶。"])
    assert alone.mask_share_ == {}


def test_where_no_cue_fits_the_documents_commonest_mask_is_the_back_off():
    doc = "受理群众++事项85件，化解++积案12件，规范++秩序。设立++评理室。"
    restorer, ranked = _fit_rank(doc, nth=3)
    assert ranked and ranked[0][0] == "信访"
    at = doc.rindex("++")
    assert restorer.rank(doc, at, at + 2, backoff=False) == []
    assert top("设立++评理室。") == ""          # alone: nothing to back off to


def test_the_back_off_keeps_the_mask_length():
    doc = "受理群众++事项85件，化解++积案12件。设立+++评理室。"
    at = doc.index("+++")
    assert MaskRestorer().fit([doc]).rank(doc, at, at + 3) == []


def test_a_straddling_piece_needs_a_cue_on_both_sides():
    assert top("加++律法规宣传。") == "大法"
    assert top("切实加强++工作。") != "大法"
    piece = {e.word: e for e in load_masked_words()}["大法"]
    assert piece.both and not {e.word: e for e in load_masked_words()}["信访"].both


def test_inside_quotes_only_the_text_outside_counts():
    assert top("坚决反对“++”分裂图谋。") == "台独"
    assert top("坚决反对“++”。") == "台独"


def test_the_only_word_of_a_long_mask_length_is_taken():
    text = "全年未发生+++++，社会大局稳定。"
    start = text.index("+")
    assert restore(text, start, start + 5) == "群体性事件"
    two = "全年未发生++，社会大局稳定。"        # a two-glyph mask fits many words: no length bonus
    r = MaskRestorer().fit([])
    at = two.index("+")
    assert "群体性事件" not in dict(r.rank(two, at, at + 2))


def test_the_experiment_masks_as_a_filter_does(load_script_restore):
    import re
    mask = load_script_restore.mask
    finder = re.compile("信访|维稳|台独")
    masked, spans = mask("做好信访维稳工作，打造平台独特优势。", "+", finder)
    assert masked == "做好++++工作，打造平++特优势。"
    assert spans == [(2, 6, "信访维稳"), (12, 14, "台独")]
    assert load_script_restore.half("a.txt", 1) in ("tune", "test")
    halves = {load_script_restore.half(f"doc{i}.txt", 7) for i in range(40)}
    assert halves == {"tune", "test"}


@pytest.fixture
def load_script_restore():
    from conftest import load_script
    return load_script("restore_experiment")


def test_no_straddle_where_a_word_ends_at_the_mask_and_another_starts_after_it():
    from reportnlp.restore import _straddles
    assert _straddles("民主", "健全", "机制") == 0.0      # 全民 + 主机 are words, but 健全|机制 is whole
    assert _straddles("台独", "服务平", "特优势") == 1.0


def test_a_word_the_document_shows_unmasked_loses_ground():
    doc = "县信访局接待来访群众。完善++工作机制。"      # the filter let 信访 through here
    at = doc.index("++")
    with_rule = dict(MaskRestorer(min_score=-9).fit([doc]).rank(doc, at, at + 2, top=10))
    without = dict(MaskRestorer(min_score=-9, unmasked_penalty=0.0).fit([doc]).rank(doc, at, at + 2, top=10))
    assert abs(without["信访"] - with_rule["信访"] - 1.0) < 1e-6
    assert with_rule["维权"] == without["维权"]          # 维权 is not in the document
    assert max(without, key=without.get) == "信访" != max(with_rule, key=with_rule.get)


# --- issue 12 (restore4): one specific cue against the genre back-off ---------------

def test_one_mention_in_a_short_note_is_no_topic():
    from reportnlp.restore import _topic_density
    short = "会上强调综治工作。"
    assert _topic_density(short, ("综治",))["综治"] > 100            # per 1,000 characters of the note
    assert _topic_density(short, ("综治",), 3000)["综治"] == 1000 / 3000
    long = "综治" * 10 + "。" * 3980                                     # 10 mentions in 4,000 characters
    assert _topic_density(long, ("综治",), 3000)["综治"] == 1000 * 10 / 4000


def test_a_specific_cue_beats_a_topic_word_mentioned_once():
    # 越级 before a mask is a petition word; one 安保 in a short note must not make it 维稳
    doc = "做好安保工作。全年未发生越级++和群体性事件。"
    at = doc.index("++")
    assert MaskRestorer().fit([doc]).rank(doc, at, at + 2)[0][0] == "上访"
    # the old weighting: one 安保 in 23 characters saturated 维稳's topic (+1.0, now +0.08)
    now = dict(MaskRestorer(min_score=-9).fit([doc]).rank(doc, at, at + 2, top=20))
    old = dict(MaskRestorer(min_score=-9, topic_weight=1.0, topic_min_chars=1).fit([doc]).rank(doc, at, at + 2, top=20))
    assert old["维稳"] - now["维稳"] > 0.9 and old["上访"] == now["上访"]


def test_sharing_power_sets_how_much_a_shared_cue_is_discounted():
    from reportnlp.restore import _cue_score
    sharing = {"越级": 3}
    full = _cue_score("未发生越级", ("越级",), left=True)
    assert full == 1.5
    assert _cue_score("未发生越级", ("越级",), left=True, sharing=sharing, power=0.0) == full
    assert abs(_cue_score("未发生越级", ("越级",), left=True, sharing=sharing, power=0.5) - 1.5 / 3 ** 0.5) < 1e-9
    assert abs(_cue_score("未发生越级", ("越级",), left=True, sharing=sharing, power=0.25) - 1.5 / 3 ** 0.25) < 1e-9


@pytest.mark.parametrize("text, word", [
    ("严格落实++工作责任制，实行领导包案。", "信访"),    # 落实 no longer a 维稳 cue
    ("全面加强++能力建设。", "维稳"),
    ("妥善处理各类产权++。", "纠纷"),
    ("依法处理商事++和民间借贷。", "纠纷"),
    ("认真处理上级交办++。", "信访"),
    ("满足群众正常的++需求。", "宗教"),
])
def test_cues_backed_by_corpus_counts(text, word):
    # each of these went wrong (or unrestored) with the lexicon and weights of 4d3cefd
    start = text.index("++")
    assert restore(text, start, start + 2, MaskRestorer().fit([text])) == word


def test_a_filter_that_masks_every_word_alike_makes_length_no_evidence():
    doc = ("全年受理群众***事项56件，化解***积案3件。排查化解婚姻家庭***21起。"
           "全年未发生***，重大节日***安保任务圆满完成。")
    restorer = MaskRestorer().fit([doc])
    assert restorer.fixed_length_ == 3
    got = [restore(doc, m.start(), m.end(), restorer) for m in __import__("re").finditer(r"\*{3}", doc)]
    assert got == ["信访", "信访", "纠纷", "群体性事件", "维稳"]
    # read as one glyph a character, *** fits no two-character word
    strict = MaskRestorer(fixed_length_min=0).fit([doc])
    assert strict.fixed_length_ == 0
    strict_got = [restore(doc, m.start(), m.end(), strict) for m in __import__("re").finditer(r"\*{3}", doc)]
    assert sum(a == b for a, b in zip(strict_got, got)) < len(got)
    # masks of one length of two glyphs are what a char-by-char filter leaves: no fixed length
    assert MaskRestorer().fit(["受理群众++事项，化解++积案，婚姻家庭++。"]).fixed_length_ == 0
    # *** rules alone on their lines are no masks
    assert MaskRestorer().fit(["一段。\n***\n二段。\n***\n三段。\n***\n"]).fixed_length_ == 0


def test_the_experiment_can_mask_every_word_with_the_same_glyphs(load_script_restore):
    import re
    masked, spans = load_script_restore.mask("做好信访维稳工作，全年未发生群体性事件。", "*",
                                             re.compile("群体性事件|信访|维稳"), 3)
    assert masked == "做好***工作，全年未发生***。"
    assert [masked[s:e] for s, e, _ in spans] == ["***", "***"]
    assert [w for _, _, w in spans] == ["信访维稳", "群体性事件"]



# Grassroots reports written for this test (a township party report, a 妇联 report and a
# village summary), masked as a filter would. Not looked at while tuning: they scored 24/33
# with the weights and lexicon of 4d3cefd and 30/33 after.
WRITTEN_GRASSROOTS = [
    """五年来，镇党委始终把维护社会稳定作为第一责任。坚持领导干部接访下访制度，镇党政主要负责同志每月固定接待来访群众，信访积案全部清零。健全“党委领导、综治牵头、部门联动”的维稳工作格局，重要敏感节点维稳安保任务圆满完成。深化矛盾纠纷多元化解，设立村级人民调解室18个，五年累计调处各类纠纷一千余起。依法加强宗教事务管理，抓好反邪教警示教育，防范和处置非法宗教活动。未来五年，要持续推进信访工作法治化，把矛盾纠纷化解在基层、解决在萌芽状态，坚决防止发生群体性事件和越级上访。""",
    """三、依法维护妇女儿童合法权益
（一）完善维权机制。建立健全妇联牵头、部门协作的妇女儿童维权合作机制，在镇司法所设立妇女儿童维权岗，全年接待妇女群众来信来访23件次，均按时办结。
（二）化解家庭矛盾。联合派出所、司法所开展婚姻家庭纠纷排查，对排查出的家庭纠纷逐户建立台账，化解家庭矛盾纠纷31起。
（三）深化法治宣传。以“三八”维权周为契机，开展《妇女权益保障法》宣传活动，加大法律知识普及力度。组织“巾帼普法轮流讲”志愿服务队深入各村宣讲。
（四）筑牢安全防线。配合开展反邪教宣传教育，发放宣传资料3000余份；依托网上妇女之家平台独特的传播优势，推送安全知识。
下一步，我们将继续畅通妇女维权渠道，提升婚姻家庭纠纷调解能力，协助做好信访维稳工作。""",
    """今年村里矛盾纠纷排查化解工作有了新进展。村调委会全年调解邻里纠纷、土地承包纠纷等12起，全部调解成功。村两委干部轮流值班接待群众信访，全年未发生一起群众上访事件。组织村民参加普法宣传，加大法治宣传力度，村民依法维权意识明显增强。""",
]


def test_written_grassroots_reports_are_mostly_restored():
    right, total = _mask_and_restore(WRITTEN_GRASSROOTS, ["群体性事件", "信访", "维稳", "维权", "上访", "宗教", "法轮",
                                                          "大法", "邪教", "台独", "纠纷"])
    assert total == 33 and right / total >= 0.85


@pytest.mark.parametrize("text", [
    "调处宅基地++、房屋租赁++等各类矛盾。",
    "妥善化解赡养++和民间借贷++。",
])
def test_kinds_of_dispute_before_a_mask_make_it_a_dispute(text):
    restorer = MaskRestorer().fit([text])
    runs = [m.span() for m in __import__("re").finditer(r"\+\+", text)]
    assert [restore(text, s, e, restorer) for s, e in runs] == ["纠纷", "纠纷"]


def test_a_petition_cue_holds_in_a_womens_federation_report():
    # 越级 goes before 上访 only (越级非访 / 越级闹访 are not written): it is no shared cue,
    # and the 妇联 genre (维权 in every other mask) must not take the mask after it
    doc = ("妇女++服务站实现村村全覆盖，开通妇女++热线，妇女++工作机制不断完善，"
           "全年未发生涉及妇女儿童的越级++和+++++。")
    restorer = MaskRestorer().fit([doc])
    at = doc.index("越级") + 2
    assert restore(doc, at, at + 2, restorer) == "上访"
    assert restorer.left_sharing_["越级"] == 1


def test_a_count_right_after_the_mask_is_a_cue_of_the_word_counted():
    from reportnlp.restore import _counted
    text = "排查各类++186件，受理群众++事项。"
    assert _counted(text, text.index("++") + 2) and not _counted(text, text.rindex("++") + 2)
    assert _counted("调解婚姻家庭++[X]起。", 8)
    with_count = dict(MaskRestorer(min_score=-9).fit([text]).rank(text, 4, 6, top=20))
    plain = "排查各类++件，受理群众++事项。"        # 件 alone: 信访件 is a noun
    without = dict(MaskRestorer(min_score=-9).fit([plain]).rank(plain, 4, 6, top=20))
    assert with_count["纠纷"] - without["纠纷"] > 0.5 and with_count["信访"] == without["信访"]
    assert max(with_count, key=with_count.get) == "纠纷"


@pytest.mark.parametrize("text, word", [
    ("以“三八”++周为契机开展普法活动。", "维权"),      # the 妇联's 三八维权周
    ("加强和改进++事务管理工作。", "宗教"),          # 宗教事务管理 183 times, 信访 0
    ("规范++事务管理，接待群众来访。", "宗教"),
])
def test_grassroots_collocations(text, word):
    start = text.index("++")
    assert restore(text, start, start + 2, MaskRestorer().fit([text])) == word


def test_two_star_masks_in_one_sentence_are_no_markdown_bold():
    import reportnlp
    text = "整合派出所、司法所、**办力量，全年办理网上**件47件。\n**（一）坚持稳中求进。**全年工作平稳。\n"
    rows = reportnlp.analyze_text(text, doc_id="stars").placeholders
    got = [(r.text, r.kind, r.restored) for r in rows.itertuples()]
    assert got == [("**", "masked_word", "信访"), ("**", "masked_word", "信访")]   # the heading stays bold
