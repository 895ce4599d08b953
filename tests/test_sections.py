"""split_sections: one mini report per rule, invariants, and a floor over the dev gold."""
from dataclasses import asdict

import pytest

from reportnlp.model import Report
from reportnlp.sections import split_sections

from conftest import accuracy, f1, gold_tally


OPENING = "各位代表：\n\n现在，我代表镇人民政府向大会报告工作，请予审议。\n\n"


def _report(body: str, *, title: str = "某镇政府工作报告\n", year=2023) -> Report:
    return Report(doc_id="t", text=title + body, meta={"year": year})


def _outline(report: Report):
    return [(s.heading, s.level, s.kind) for s in split_sections(report)]


def test_skipped_rank_is_level_two():
    r = _report(OPENING + "一、2022年工作回顾\n\n全镇经济平稳运行。\n\n"
                "1.产业发展加快。新建大棚十座。\n\n2.环境持续改善。清理沟渠五条。\n\n"
                "二、2023年工作安排\n\n1.抓项目。计划引进企业三家。\n")
    assert _outline(r) == [
        ("一、2022年工作回顾", 1, "review"), ("1.产业发展加快", 2, "review"),
        ("2.环境持续改善", 2, "review"), ("二、2023年工作安排", 1, "plans"), ("1.抓项目", 2, "plans")]


def test_unnumbered_parts_hold_numbered_children():
    r = _report(OPENING + "2022年工作回顾\n\n一年来，我们做了以下工作。\n\n"
                "（一）产业提质增效。种植面积扩大了。\n\n（二）民生持续改善。新修道路两条。\n\n"
                "2023年工作安排\n\n新的一年，我们将重点抓好以下工作。\n\n"
                "一、做强特色农业。力争新增合作社两家。\n\n二、改善人居环境。确保村庄整洁。\n")
    got = _outline(r)
    assert [h for h, lv, _ in got if lv == 1] == ["2022年工作回顾", "2023年工作安排"]
    assert [lv for _, lv, _ in got] == [1, 2, 2, 1, 2, 2]
    assert [k for _, _, k in got] == ["review"] * 3 + ["plans"] * 3


def test_heading_and_body_on_one_line():
    r = _report(OPENING + "一、主要工作\n\n（一）稳住经济大盘，确保平稳运行。全年财政收入有所增长。\n")
    sub = split_sections(r)[1]
    assert sub.heading == "（一）稳住经济大盘，确保平稳运行"
    assert sub.marker == "（一）"


def test_inline_enumerations_bullets_and_openers_are_not_headings():
    r = _report(OPENING + "一、2022年工作回顾\n\n一是抓产业，二是抓环境，三是抓民生。\n\n"
                "——经济运行保持平稳。\n\n第一，坚持稳中求进。这是总基调。\n\n"
                "二、2023年工作安排\n\n要继续努力。\n")
    assert [h for h, _, _ in _outline(r)] == ["一、2022年工作回顾", "二、2023年工作安排"]


def test_glossary_entries_are_not_headings():
    r = _report(OPENING + "一、2022年工作回顾\n\n全年各项工作稳步推进。\n\n"
                "各位代表，让我们团结一心，再创佳绩！\n\n名词解释\n\n"
                "1.美丽庭院：指农户庭院整洁美观的创建活动。\n\n2.积分超市：指以积分兑换物品的激励方式。\n")
    got = _outline(r)
    assert [h for h, _, _ in got] == ["一、2022年工作回顾", "名词解释"]
    assert got[1][2] == "other"


def test_a_part_that_explains_a_document_keeps_its_headings_a_glossary_of_terms_does_not():
    # 关于《…》的说明 is a part of the report; 有关用语说明 heads a glossary
    r = _report(OPENING + "2022年工作回顾\n\n全年各项工作稳步推进。\n\n"
                "关于《某镇“十四五”发展规划（草案）》的说明\n\n规划草案经过了多轮论证。\n\n"
                "（一）规划的编制过程\n\n编制工作从去年开始。\n\n（二）规划的主要目标\n\n到2025年镇域经济总量翻一番。\n\n"
                "各位代表，让我们团结一心，再创佳绩！\n\n有关用语说明\n\n"
                "1.美丽庭院：指农户庭院整洁美观的创建活动。\n\n2.积分超市：指以积分兑换物品的激励方式。\n")
    got = _outline(r)
    assert [(h, lv) for h, lv, _ in got] == [
        ("2022年工作回顾", 1), ("关于《某镇“十四五”发展规划（草案）》的说明", 1), ("（一）规划的编制过程", 2),
        ("（二）规划的主要目标", 2), ("有关用语说明", 1)]
    assert got[-1][2] == "other"


def test_closing_ends_the_last_section():
    body = (OPENING + "一、2022年工作回顾\n\n全年完成了各项任务。\n\n二、2023年工作安排\n\n"
            "要抓好项目建设。\n\n各位代表，新的征程已经开启。让我们携手奋进！\n\n谢谢大家！\n")
    r = _report(body)
    last = split_sections(r)[-1]
    assert r.text[last.start:last.body_end].rstrip().endswith("要抓好项目建设。")


def test_part_headings_with_problems_and_plans_kinds():
    r = _report("尊敬的各位领导、姐妹们：\n\n下面我代表妇联报告工作。\n\n回顾过去，砥砺前行\n\n"
                "(一)加强思想引领,凝聚力量\n\n开展宣讲十场。\n\n正视问题，剖析原因\n\n"
                "工作中还存在一些不足，服务能力有待提高。\n\n展望未来，奋勇拼搏\n\n"
                "(一)强化思想引领,听党话跟党走\n\n全年开展宣讲二十场。\n\n谢谢大家！\n", title="")
    got = _outline(r)
    assert [(h, k) for h, lv, k in got if lv == 1] == [
        ("回顾过去，砥砺前行", "review"), ("正视问题，剖析原因", "problems"), ("展望未来，奋勇拼搏", "plans")]
    assert [lv for _, lv, _ in got] == [1, 2, 1, 1, 2]


def test_title_byline_date_and_signoff_are_not_headings():
    r = Report(doc_id="t", text=(
        "某村2023年工作总结\n\n（二〇二三年十二月二十日）\n\n村委会主任 张三\n\n"
        "今年以来，我村在镇党委的领导下做了以下工作。\n\n一、主要工作完成情况\n\n修路三公里。\n\n"
        "二、存在的问题\n\n集体经济仍然薄弱。\n\n三、2024年工作计划\n\n计划新修水渠一条。\n\n"
        "某村村民委员会\n\n2023年12月20日\n"), meta={"year": 2023})
    got = _outline(r)
    assert [(h, k) for h, _, k in got] == [
        ("一、主要工作完成情况", "review"), ("二、存在的问题", "problems"), ("三、2024年工作计划", "plans")]
    assert r.text[split_sections(r)[-1].start:split_sections(r)[-1].body_end].rstrip().endswith("计划新修水渠一条。")


def test_full_width_digits_half_width_parens_and_ideographic_indent():
    r = _report(OPENING + "\u3000\u3000一、2022年工作回顾\n\n\u3000\u3000(一)经济运行平稳\n\n"
                "\u3000\u3000１、工业增长较快。产值增加了。\n\n\u3000\u3000２、农业稳中有进。\n")
    got = split_sections(r)
    assert [(s.marker, s.level) for s in got] == [("一、", 1), ("(一)", 2), ("１、", 3), ("２、", 3)]
    assert got[2].heading == "１、工业增长较快"


def test_count_restarting_under_a_deeper_heading_nests():
    r = _report(OPENING + "一、过去五年回顾\n\n成绩显著。\n\n二、今后五年的任务\n\n（一）保持增长。要稳。\n\n"
                "（二）改善生活。要实。\n\n一、确定增长速度。要适度。\n\n二、控制投资规模。要合理。\n\n"
                "三、发展科学教育。要重视。\n\n三、今后的改革\n\n改革要深化。\n")
    # the second 三、 does not continue the nested 一二三 (that would be 四): it is the next part
    assert [lv for _, lv, _ in _outline(r)] == [1, 1, 2, 2, 2, 2, 2, 1]


def test_numbered_items_holding_semicolons_are_headings():
    r = _report(OPENING + "一、2023年工作安排\n\n为民办好以下实事：\n\n"
                "1、新修道路五公里；改造危房十户。\n\n2、新建公厕两座；新增路灯百盏。\n")
    assert [(h, lv) for h, lv, _ in _outline(r)] == [
        ("一、2023年工作安排", 1), ("1、新修道路五公里；改造危房十户", 2), ("2、新建公厕两座；新增路灯百盏", 2)]


def test_numbered_glossary_entries_are_not_headings_wherever_the_glossary_stands():
    r = _report(OPENING + "一、2022年工作回顾\n\n全年各项工作稳步推进。\n\n"
                "各位代表，让我们团结一心，再创佳绩！\n\n附件\n\n名词解释：\n\n"
                "1.“田长制”：指由村干部分片负责耕地保护的制度。\n\n2.两清单：即责任清单和负面清单。\n")
    got = _outline(r)
    assert [(h, k) for h, _, k in got] == [("一、2022年工作回顾", "review"), ("名词解释：", "other")]
    r = _report(OPENING + "一、2022年工作回顾\n\n全年各项工作稳步推进。\n\n《政府工作报告》有关词语解释\n\n"
                "（按出现的先后排列）\n\n1.“两清单”：责任清单和负面清单。\n\n2.“田长制”：村干部分片负责耕地。\n")
    assert [h for h, _, _ in _outline(r)] == ["一、2022年工作回顾", "《政府工作报告》有关词语解释"]


def test_titled_box_between_numbered_siblings_holds_its_list():
    r = _report(OPENING + "一、2023年工作安排\n\n（一）抓产业。要做强茶叶。\n\n"
                "（二）惠民生。要补短板。\n\n今年为群众办好的十件实事\n\n"
                "（1）新修通村道路8公里；硬化入户路3公里。\n\n（2）新建村级养老服务站2个。\n\n"
                "（三）强治理。要保平安。\n")
    got = _outline(r)
    assert [lv for _, lv, _ in got] == [1, 2, 2, 3, 4, 4, 2]
    assert got[3][0] == "今年为群众办好的十件实事"


def test_coarser_list_after_a_numbered_list_is_its_sibling():
    r = _report(OPENING + "一、2023年工作安排\n\n主要目标是：\n\n1、新增就业500人。\n\n"
                "2、新建公园一处。\n\n为实现上述目标，我们将抓好以下工作。\n\n"
                "（一）做强产业。要抓项目。\n\n（二）改善民生。要办实事。\n")
    assert [lv for _, lv, _ in _outline(r)] == [1, 2, 2, 2, 2]


def test_part_heading_over_a_colon_lead_in_or_bullets():
    r = _report("尊敬的各位领导、姐妹们：\n\n下面我代表妇联报告工作。\n\n回顾过去，砥砺前行\n\n"
                "１、思想引领有力。开展宣讲十场。\n\n２、关爱帮扶有温度。走访三十户。\n\n"
                "正视问题，剖析原因\n\n一是服务手段单一，二是经费不足。\n\n展望未来，奋勇拼搏\n\n"
                "2024年，我们将重点抓好以下工作：\n——深化思想引领。开展宣讲不少于二十场。\n"
                "——做实关爱服务。走访困难妇女不少于五十户。\n\n谢谢大家！\n", title="")
    got = _outline(r)
    assert [(h, lv, k) for h, lv, k in got if lv == 1] == [
        ("回顾过去，砥砺前行", 1, "review"), ("正视问题，剖析原因", 1, "problems"), ("展望未来，奋勇拼搏", 1, "plans")]
    assert len(got) == 5


@pytest.mark.parametrize("text", [
    "", "\n\n", "没有任何标题的一段话。", "一、", "（一）\n（二）", "|一、|二、|\n|---|---|\n",
    "1." * 5000, "一、" + "很长的标题" * 20000, "\ufeff\u200b一、回顾\n正文。", "第一部分", "①②③\n④",
    "各位代表：\n" * 50, "\r\n一、2022年工作回顾\r\n正文。\r\n二、2023年工作安排\r\n正文。\r\n",
])
def test_weird_input_never_raises_and_keeps_invariants(text):
    report = Report(doc_id="w", text=text)
    _check_invariants(report, split_sections(report))


def test_no_headings_gives_empty_list():
    assert split_sections(_report(OPENING + "全年工作平稳推进，各项事业取得新进展。\n")) == []


def _check_invariants(report, sections):
    ids = {}
    for s in sections:
        assert report.text[s.start:s.end] == s.heading
        assert s.start < s.end <= s.body_end <= len(report.text)
        assert s.kind in ("review", "problems", "plans", "other")
        if s.parent_id is None:
            assert s.level == 1
        else:
            parent = ids[s.parent_id]
            assert s.level == parent.level + 1 and s.kind == parent.kind
            assert parent.start < s.start and s.body_end <= parent.body_end
        assert s.section_id not in ids
        ids[s.section_id] = s
    assert [s.start for s in sections] == sorted(s.start for s in sections)


def test_dev_gold_floor():
    """Headings matched on their start: F1, level accuracy and the kind of top-level parts."""
    from reportnlp.io import read_report

    def predict(txt):
        report = read_report(txt)
        sections = split_sections(report)
        _check_invariants(report, sections)
        return [asdict(s) for s in sections]

    tally = gold_tally("sections", predict)
    assert f1(tally) >= 0.97
    assert accuracy(tally, "level") >= 0.95
    assert accuracy(tally, "kind") >= 0.92


def test_year_end_summary_parts_without_kind_words_are_review():
    r = _report("今年以来，镇妇联在镇党委领导下扎实开展工作，现总结如下。\n\n"
                "一、突出思想引领，凝聚妇女人心\n1.开展主题宣讲。组织宣讲30场，受众2000余人次。\n\n"
                "二、突出发展助力，展现巾帼担当\n1.技能培训提质。举办培训班8期，参训妇女400余人次。\n\n"
                "三、家庭文明建设更加深入\n评选“最美家庭”20户。\n\n"
                "四、存在的不足和明年打算\n经费偏紧。明年我们将力争培训妇女500人次。\n",
                title="某镇妇联2023年工作总结\n")
    assert [(h, k) for h, lv, k in _outline(r) if lv == 1] == [
        ("一、突出思想引领，凝聚妇女人心", "review"), ("二、突出发展助力，展现巾帼担当", "review"),
        ("三、家庭文明建设更加深入", "review"), ("四、存在的不足和明年打算", "plans")]


def test_a_result_heading_and_a_task_heading_mask_for_shixi():
    r = _report(OPENING + "一、村级集体经济稳步壮大\n\n村集体收入有所增加。\n\n"
                "二、民生实事落到实处\n\n为老人发放津贴。\n\n三、今年为群众办好十件实事\n\n力争完成。\n")
    assert [k for _, lv, k in _outline(r) if lv == 1] == ["review", "review", "plans"]


def test_exposition_of_state_system_or_foreign_affairs_is_other():
    body = ("我们的国家制度是人民民主专政的国家制度，实行民主集中制，这是宪法规定的基本制度。"
            "巩固统一战线，团结各民主党派和爱国人士。") * 2
    r = _report("一、一年来的国民经济\n\n工业产值增长了两成，完成了全年计划。\n\n"
                f"二、关于国家的政治生活\n\n{body}\n\n三、关于对外关系\n\n"
                "我们主张和平共处，反对帝国主义和霸权，同各国人民发展友好关系，维护世界和平。\n",
                title="政府工作报告\n", year=1957)
    assert [k for _, lv, k in _outline(r) if lv == 1] == ["review", "other", "other"]


def test_standalone_topic_lines_are_sub_headings():
    r = _report("一、关于国民经济\n\n去年工业生产增长了一成，农业也获得了丰收。下面讲两个问题。\n\n"
                "关于农业合作化问题。\n\n合作社已经普遍建立起来，今后还要继续巩固。\n\n"
                "关于手工业问题。\n\n手工业合作组织也有了发展。\n\n二、关于对外关系\n\n"
                "我们主张和平共处，反对帝国主义和霸权，同各国人民发展友好关系，维护世界和平。\n",
                title="政府工作报告\n", year=1956)
    assert [(h, lv) for h, lv, _ in _outline(r)] == [
        ("一、关于国民经济", 1), ("关于农业合作化问题", 2), ("关于手工业问题", 2), ("二、关于对外关系", 1)]


def test_first_part_heading_right_under_the_title_and_half_width_stops():
    r = Report(doc_id="t", meta={"year": 2022}, text=(
        "某镇2022年工作总结暨2023年工作安排\n2022年工作总结\n2022年,全镇较好完成了全年目标任务.\n"
        "一、重点工作推进情况\n(一)项目建设.全年实施项目12个,完成投资3.5亿元.\n"
        "2023年工作安排\n一、重点任务\n(一)抓项目,促发展.计划实施项目15个.\n"))
    got = _outline(r)
    assert [(h, lv, k) for h, lv, k in got] == [
        ("2022年工作总结", 1, "review"), ("一、重点工作推进情况", 2, "review"), ("(一)项目建设", 3, "review"),
        ("2023年工作安排", 1, "plans"), ("一、重点任务", 2, "plans"), ("(一)抓项目,促发展", 3, "plans")]


def test_a_second_title_line_is_not_a_part():
    r = Report(doc_id="t", meta={"year": 2023}, text=(
        "某镇人民政府\n2023年工作总结\n2023年，全镇较好完成了全年目标任务。\n"
        "一、2023年工作回顾\n修路三公里。\n二、2024年工作打算\n计划修路五公里。\n"))
    assert [h for h, _, _ in _outline(r)] == ["一、2023年工作回顾", "二、2024年工作打算"]


def test_parenthesised_and_dotted_digit_characters_and_spaced_parentheses():
    r = _report(OPENING + "一、2022年工作回顾\n\n（ 一 ）产业发展\n\n⑴茶叶产业。新增茶园。\n\n"
                "⑵旅游产业。游客增加。\n\n（ 二 ）民生保障\n\n⒈教育。新建学校。\n")
    assert [(s.marker, s.level) for s in split_sections(r)] == [
        ("一、", 1), ("（ 一 ）", 2), ("⑴", 3), ("⑵", 3), ("（ 二 ）", 2), ("⒈", 3)]


def test_year_plan_line_ending_in_a_colon_opens_a_part_but_a_lead_in_does_not():
    r = _report("今年以来，村委会在镇党委领导下扎实工作，现总结如下。\n\n"
                "1、集体经济稳步壮大\n村集体收入达到30万元。\n\n2、移风易俗持续推进\n修订村规民约。\n\n"
                "存在的不足：一是集体经济来源单一。\n\n2024年工作打算：\n——力争村集体收入增长10%；\n"
                "——新修水渠一条。\n", title="某村2023年工作总结\n")
    got = _outline(r)
    assert [(h, k) for h, lv, k in got if lv == 1] == [
        ("1、集体经济稳步壮大", "review"), ("2、移风易俗持续推进", "review"), ("2024年工作打算：", "plans")]
    r = _report(OPENING + "一、2023年工作回顾\n\n修路三公里。\n\n二、2024年工作安排\n\n今年要稳中求进。\n\n"
                "要切实抓好以下重点工作：\n\n（一）抓产业。要做强茶叶。\n")
    assert [lv for _, lv, _ in _outline(r)] == [1, 1, 2]


# --- issue 12: flattened reports, two-line part headings, appendices ------------------

_PARA = "全年地区生产总值增长百分之六，城乡居民收入稳步提高，各项社会事业取得新进展，人民群众获得感不断增强。"


def test_a_report_run_into_one_line_gets_its_headings():
    flat = ("各位代表：现在，我代表县人民政府向大会报告工作。 一、2022年工作回顾 " + _PARA * 30
            + "！二、2023年工作安排 " + _PARA * 20 + "要重点抓好以下工作：（一）抓好项目建设，推动产业升级。"
            + _PARA * 10 + " （二）抓好民生保障，增进群众福祉。" + _PARA * 10)
    got = _outline(_report(flat))
    assert [(h, lv) for h, lv, _ in got] == [
        ("一、2022年工作回顾", 1), ("二、2023年工作安排", 1),
        ("（一）抓好项目建设，推动产业升级", 2), ("（二）抓好民生保障，增进群众福祉", 2)]
    assert [k for _, _, k in got] == ["review", "plans", "plans", "plans"]


def test_long_paragraph_lines_are_not_cut():
    r = _report(OPENING + "一、2022年工作回顾\n\n" + _PARA * 5 + "主要是：（一）项目建设加快。" + _PARA + "\n")
    assert [h for h, _, _ in _outline(r)] == ["一、2022年工作回顾"]


@pytest.mark.parametrize("heads, kinds", [
    (("砥砺奋进", "过去一年的工作回顾", "乘势而上", "2024年的工作安排"), ["review", "plans"]),  # kind word below
    (("回望来路", "我们步履坚实", "展望前路", "我们信心满怀"), ["review", "plans"]),        # none at all
])
def test_unnumbered_part_headings_set_over_two_lines(heads, kinds):
    body = _PARA + "\n\n" + _PARA + "\n\n"
    r = _report(OPENING + _PARA + "\n\n" + heads[0] + "\n" + heads[1] + "\n\n" + body
                + heads[2] + "\n" + heads[3] + "\n\n" + "今年，我们将重点抓好以下工作，力争完成目标任务。\n\n" + body
                + "各位代表，让我们团结一心！\n", year=2024)
    got = _outline(r)
    assert [(h, lv) for h, lv, _ in got] == [(heads[0], 1), (heads[2], 1)]
    assert [k for _, _, k in got] == kinds


def test_a_sentence_broken_over_lines_is_no_heading():
    r = _report(OPENING + "一、2022年工作回顾\n\n" + _PARA + "\n\n我国同苏联已经缔结了\n友好同盟互助条约\n。此后，" + _PARA + "\n")
    assert [h for h, _, _ in _outline(r)] == ["一、2022年工作回顾"]


def test_appendices_after_the_closing_are_parts_of_kind_other():
    r = _report(OPENING + "一、2022年工作回顾\n\n" + _PARA + "\n\n二、2023年工作安排\n\n" + _PARA + "\n\n"
                "各位代表，让我们团结一心，奋力开创新局面！\n\n"
                "附件1\n\n2023年十件民生实事\n\n一、新建幼儿园三所。\n\n二、改造老旧小区十个。\n\n"
                "附件2\n\n名词解释\n\n1.“两新”：新经济组织和新社会组织。\n\n2.“三农”：农业、农村、农民。\n\n"
                "注释：\n\n[1] “一网通办”：政务服务一个入口。\n")
    got = _outline(r)
    assert got == [("一、2022年工作回顾", 1, "review"), ("二、2023年工作安排", 1, "plans"),
                   ("2023年十件民生实事", 1, "plans"), ("一、新建幼儿园三所", 2, "plans"),
                   ("二、改造老旧小区十个", 2, "plans"), ("名词解释", 1, "other"), ("注释：", 1, "other")]
    plans = split_sections(r)[1]
    assert "团结一心" not in r.text[plans.start:plans.body_end]   # the closing is no part of it


def test_an_appendix_label_over_file_links_heads_the_appendix_itself():
    r = _report(OPENING + "一、2022年工作回顾\n\n" + _PARA + "\n\n附件：\n\n- 2023年政府工作报告.docx\n- 名词解释.pdf\n")
    assert _outline(r)[-1] == ("附件：", 1, "other")


def test_first_heading_of_a_list_run_into_its_lead_in_is_cut_out():
    r = _report(OPENING + "一、2023年工作安排\n\n" + _PARA + "就其中的重点工作报告如下： （一）加快体制创新。" + _PARA
                + "\n\n（二）推进产业调整。" + _PARA + "\n")
    assert [(h, lv) for h, lv, _ in _outline(r)] == [
        ("一、2023年工作安排", 1), ("（一）加快体制创新", 2), ("（二）推进产业调整", 2)]


def test_a_list_of_industries_is_not_a_heading():
    r = _report(OPENING + "一、2022年工作回顾\n\n" + _PARA + "。一、二、三产业增加值分别增长4%、8%和9%。\n\n"
                "二、2023年工作安排\n\n" + _PARA + "\n")
    assert [h for h, _, _ in _outline(r)] == ["一、2022年工作回顾", "二、2023年工作安排"]


@pytest.mark.parametrize("line, heading", [
    ("一、2022年工作回顾 2022年是极不平凡的一年，全县上下团结奋斗，经济社会发展取得新成效。", "一、2022年工作回顾"),
    ("二、2023年 主要任务 今年是全面贯彻党的二十大精神的开局之年，做好工作意义重大。", "二、2023年 主要任务"),
    ("（一）认 真落实宏观调控政策，促进经济更快更好发展。", "（一）认 真落实宏观调控政策，促进经济更快更好发展"),
    ("一、坚定信心 真抓实干。", "一、坚定信心 真抓实干"),
])
def test_a_space_then_a_sentence_ends_a_heading(line, heading):
    r = _report(OPENING + line + "\n\n" + _PARA + "\n")
    assert _outline(r)[0][0] == heading


def test_siblings_of_an_unnumbered_part_need_not_say_their_kind():
    r = _report("1978年政府工作报告\n\n各位代表！\n\n" + _PARA + "\n\n三年来的斗争和新时期的总任务\n\n" + _PARA
                + "\n\n加快社会主义经济建设\n\n" + _PARA + "\n\n繁荣社会主义科学教育文化事业\n\n" + _PARA
                + "\n\n国际形势和我国对外政策\n\n" + _PARA + "\n", title="", year=1978)
    assert [h for h, lv, _ in _outline(r) if lv == 1] == [
        "三年来的斗争和新时期的总任务", "加快社会主义经济建设", "繁荣社会主义科学教育文化事业", "国际形势和我国对外政策"]


def test_numbered_parts_keep_short_lines_inside_them_unpromoted():
    r = _report(OPENING + "一、社会主义建设\n\n" + _PARA + "\n\n文化教育\n\n" + _PARA + "\n\n二、国际关系\n\n" + _PARA + "\n")
    assert [h for h, lv, _ in _outline(r) if lv == 1] == ["一、社会主义建设", "二、国际关系"]


def test_an_unnumbered_part_heading_run_into_its_first_paragraph():
    r = _report(OPENING + "2022年工作回顾\n\n全镇经济平稳运行，各项事业稳步推进。\n\n"
                "（一）产业发展加快\n\n新建大棚十座，带动农户增收。\n\n"
                "2023年主要任务 今年政府工作的总体要求是：稳中求进，全面推进乡村振兴，确保经济社会平稳发展。\n\n"
                "一、抓项目建设\n\n计划引进企业三家。\n")
    outline = _outline(r)
    assert ("2023年主要任务", 1, "plans") in outline
    assert ("一、抓项目建设", 2, "plans") in outline
    heading = next(s for s in split_sections(r) if s.heading == "2023年主要任务")
    assert r.text[heading.start:heading.end] == "2023年主要任务"


def test_a_review_and_summary_part_is_a_heading_but_a_title_ending_in_summary_is_not():
    r = _report(OPENING + "2022年工作回顾与总结\n\n全镇经济平稳运行，各项事业稳步推进。\n\n"
                "2023年面临的形势和任务\n\n今年要抓好以下工作。\n\n一、抓项目\n\n计划引进企业三家。\n",
                title="某镇2022年工作总结\n")
    outline = _outline(r)
    assert outline[0] == ("2022年工作回顾与总结", 1, "review")
    assert ("2023年面临的形势和任务", 1, "plans") in outline
    assert all(h != "某镇2022年工作总结" for h, _, _ in outline)


def test_a_part_numeral_lost_in_conversion_keeps_the_part_at_level_one():
    r = _report(OPENING + "、2022年工作回顾\n\n全镇经济平稳运行，各项事业稳步推进。\n\n"
                "一）产业发展加快\n\n新建大棚十座。\n\n二）环境持续改善\n\n清理沟渠五条。\n\n"
                "二、2023年工作安排\n\n计划引进企业三家。\n\n、加强政府自身建设\n\n转变作风，提高效能。\n")
    assert [(h, lv) for h, lv, _ in _outline(r) if lv == 1] == [
        ("、2022年工作回顾", 1), ("二、2023年工作安排", 1), ("、加强政府自身建设", 1)]
    assert ("一）产业发展加快", 2, "review") in _outline(r)


def test_a_count_interrupted_by_a_nested_list_goes_on_at_its_own_level():
    r = _report(OPENING + "一、今后五年的任务\n\n任务繁重。\n\n（一）关于基本建设问题\n\n要抓好。\n\n"
                "一、\n\n工业建设要集中力量。\n\n二、\n\n运输建设要跟上。\n\n（二）关于工业生产问题\n\n要增产。\n\n"
                "（三）关于农业增产问题\n\n要增产。\n\n二、今后的改革\n\n改革要深化。\n")
    outline = _outline(r)
    assert [(h, lv) for h, lv, _ in outline if h.startswith("（")] == [
        ("（一）关于基本建设问题", 2), ("（二）关于工业生产问题", 2), ("（三）关于农业增产问题", 2)]
    assert outline[-1][:2] == ("二、今后的改革", 1)


def test_short_word_lines_between_paragraphs_are_sub_headings_when_a_report_has_several():
    body = ("一、抗日战争中的两条路线\n\n两条路线的斗争贯穿始终。\n\n人民战争\n\n解放区的军民坚持了人民战争。\n\n"
            "两个战场\n\n敌后战场承担了主要的抗战任务。\n\n内战危险\n\n内战的危险依然存在，必须警惕。\n\n"
            "二、我们的政策\n\n我们的政策是明确的。\n")
    outline = _outline(_report(OPENING + body, year=1945))
    assert [(h, lv) for h, lv, _ in outline] == [
        ("一、抗日战争中的两条路线", 1), ("人民战争", 2), ("两个战场", 2), ("内战危险", 2), ("二、我们的政策", 1)]
    # two such lines are not enough, nor a word broken out of its sentence
    fewer = body.replace("内战危险\n\n", "")
    assert [lv for _, lv, _ in _outline(_report(OPENING + fewer, year=1945))] == [1, 1]


def test_a_basic_summary_part_opens_a_part_and_a_sentence_cut_at_its_subject_does_not():
    r = _report(OPENING + "过去五年国内工作的基本总结\n\n五年来成绩显著。\n\n一、坚持改革。\n\n改革不断深化。\n\n"
                "二、坚持发展。\n\n发展持续加快。\n\n今后五年的任务\n\n任务繁重。\n\n"
                "根据新修订的计划的要求，我省\n\n今年经济发展的主要指标是：增长百分之十。\n")
    outline = _outline(r)
    assert outline[0] == ("过去五年国内工作的基本总结", 1, "review")
    assert [lv for h, lv, _ in outline if h.startswith(("一、", "二、"))] == [2, 2]
    assert all(not h.endswith("我省") for h, _, _ in outline)
