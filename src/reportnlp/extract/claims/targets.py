"""Target or result: a claim states a goal when its part of the report is a plans part
(from the section tree) or its sentence holds a target cue that states one (``find_targets``)."""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import List, NamedTuple, Optional, Sequence, Tuple

from ...clauses import clause_before
from ...model import Report, Section
from ...normalize import Normalized, fold
from .patterns import patterns
from .records import Found
from .words import cues

# Target cues that do not state a goal: 计划生育, 五年计划 (a plan's name), 完成…目标 and
# 实现…目标 (a goal already met), 将 before its object (将3个村纳入…, the 把 construction).
_PLAN_NAME = re.compile(r"(?:[一二三四五六七八九十\d]年|年度|行动)$")
# 目标是：, 预期目标为: the words that state a goal (not 完成…目标任务, 超过预期目标).
_GOAL_STATED = re.compile(r"(?:目标)?(?:是|为|：|:|定为|设定为|确定为)")
_GOAL_MET = re.compile(r"(?:完成|实现|达到|超过|超|优于|高于|好于)[^,，;；。]{0,8}$")
# 计划 is a verb (今年计划新建…) after these, a noun (培育计划, 火炬计划) after anything else.
_BEFORE_PLAN_VERB = frozenset("年将拟并还共预,，。；;：:\n")
_AFTER_PLAN_NOUN = frozenset("的、,，。；;生单内项）)”")
_OBJECT_AFTER_JIANG = frozenset("0123456789一二三四五六七八九十两百千其该这此各全所辖")
# Words that put a clause in the past (去年, 已经, 完成了).
_PAST = re.compile(r"去年|上年|过去|前[一两三四五]年|已经|已|了")
# A sentence that states its goals (主要预期目标是：…比上年增长10%): its 比上年 compares, it does
# not look back.
_GOALS_STATED = re.compile(r"目标(?:是|为|：|:)")


def _is_target(text: str, start: int, end: int, passage: str, target_re: re.Pattern) -> bool:
    """A goal or commitment: in a plans part, or a target cue in the sentence [start, end).

    In a review or problems part a weak cue (将, 要) does not count, nor does a word that
    only names a goal (目标, 预期) unless it states one (主要预期目标是：): 完成…目标任务,
    超过预期目标 report results."""
    if passage == "plans":
        return True
    looking_back = passage in ("review", "problems")
    weak = cues().get("target_weak", ())
    for cue in target_re.finditer(text, start, end):
        word = cue.group()
        if looking_back and (word in weak or ("目标" in word or "预期" in word)
                             and not _GOAL_STATED.match(text, cue.end())):
            continue
        if _real_cue(text, word, cue.start(), cue.end()):
            return True
    return False


def _real_cue(text: str, word: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else "\n"
    if word == "计划":
        return before in _BEFORE_PLAN_VERB and text[end:end + 1] not in _AFTER_PLAN_NOUN \
            and not _PLAN_NAME.search(text, max(0, start - 3), start)
    if word == "目标":
        return not _GOAL_MET.search(text, max(0, start - 12), start)
    if word == "预期":
        return text[end:end + 2] != "寿命" and before not in "超于"  # 预期寿命, 超预期
    if word.startswith("到"):
        return before in _BEFORE_PLAN_VERB  # 到2025年 opens the clause; 增加到2017年 is a change
    if word == "将":
        return text[end:end + 1] not in _OBJECT_AFTER_JIANG
    return True


def _looks_back(text: str, start: int) -> bool:
    """In a plans passage, a clause that reports the past (去年完成投资3亿元) without a
    target cue of its own."""
    clause = clause_before(text, start)
    return bool(_PAST.search(clause)) and not patterns().target.search(clause)


class PartKinds(NamedTuple):
    """The sections of a report on the folded text, in order: where each starts, where its
    body ends and its kind (review / problems / plans / other)."""

    starts: List[int]
    ends: List[int]
    kinds: List[str]


def part_kinds(report: Report, sections: Optional[Sequence[Section]], norm: Optional[Normalized]) -> PartKinds:
    """The part kinds of ``report`` from its section tree (the only source of part kinds)."""
    if sections is None:
        from ...sections import split_sections
        sections = split_sections(report)
    if norm is not None:  # the folded text dropped characters: map the section offsets
        back = norm.to_original
        starts = [bisect.bisect_left(back, s.start) for s in sections]
        ends = [bisect.bisect_left(back, s.body_end) for s in sections]
    else:
        starts, ends = [s.start for s in sections], [s.body_end for s in sections]
    return PartKinds(starts, ends, [s.kind for s in sections])


def _kind_at(parts: PartKinds, offset: int) -> str:
    starts, ends, kinds = parts
    i = bisect.bisect_right(starts, offset) - 1
    while i >= 0:
        if starts[i] <= offset < ends[i]:
            return kinds[i]
        i -= 1
    return ""


@lru_cache(maxsize=1)
def _look_back_openers() -> Tuple[str, ...]:
    """The look_back_opening cues as they read in the width-folded text (，→ ,)."""
    return tuple(fold(w) for w in cues().get("look_back_opening", ()))


def _paragraph_looks_back(text: str, sentence_start: int) -> bool:
    """The paragraph of a sentence in a plans part, or the sentence before it, opens by
    looking back (过去一年，…。国内生产总值增长10.3%): its figures are results unless their
    own sentence states a goal."""
    para = text.rfind("\n", 0, sentence_start) + 1
    openers = _look_back_openers()
    if not text[para:sentence_start].strip():
        # the opening sentence itself: its clauses decide (_looks_back), unless it opens on
        # a frame of its own (过去五年，…国内生产总值从…增加到…)
        return text.startswith(tuple(w for w in openers if w.endswith(",")), para)
    previous = max(text.rfind(m, para, sentence_start - 1) for m in "。！？") + 1
    return text.startswith(openers, para) or text.startswith(openers, max(previous, para))


def find_targets(text: str, found: List[Found], marks: List[int], target_re: re.Pattern,
                 parts: PartKinds) -> Tuple[List[Found], List[bool]]:
    """(the claims kept, whether each is a target), decided sentence by sentence."""
    kept, targets, end, target, plans, stated = [], [], -1, False, False, False
    for f in found:
        if f.start >= end:  # a new sentence: [start, end)
            i = bisect.bisect_left(marks, f.start)
            start = marks[i - 1] + 1 if i else 0
            end = marks[i] if i < len(marks) else len(text)
            passage = _kind_at(parts, f.start)
            plans = passage == "plans"
            stated = plans and _GOALS_STATED.search(text, start, end) is not None
            if plans and _paragraph_looks_back(text, start):
                target = _is_target(text, start, end, "", target_re)
                plans = False
            else:
                target = _is_target(text, start, end, passage, target_re)
        if f.deadline and not target:
            continue  # 五年内新增… in a review frames the look back; a deadline looks forward
        kept.append(f)
        targets.append(target and not (plans and not stated and _looks_back(text, f.start)))
    return kept, targets
