"""Rules about the characters around a number: whether it is glued to a code, a year, a
rank, an ordinal, a quoted or place name, a time frame, or a back-reference to a list.

Each rule is one function; reading.py applies them to every candidate (the Arabic fast
path asks only those that can apply to its unit classes).
"""
from __future__ import annotations

import re
from typing import Optional

from ...clauses import CLAUSE_MARKS, LIST_CLAUSE_BREAK, clause_before
from .patterns import pre_before
from .records import Part
from .words import Unit, cues, name_cues, qualifiers

# What may follow a number that stands alone (a bare decimal 90.23, an index 指数达到90): a clause
# mark, a joiner, a closing bracket or quote.
BARE_FOLLOW = set(CLAUSE_MARKS + "、和及与）)”\"")
JOINERS = ("、", "和", "及", "与", "或", "、和")
YEAR = re.compile(r"(?:1[89]|20)\d\d|[一二〇○零九八七六五四三]{4}")
LIST_JOINT = set("、和或及与")
_ORDINAL_LIST = re.compile(r"第[一二三四五六七八九十]+(?:[、,][一二三四五六七八九十]+)*[、,]$")
_ORDINAL_BEFORE = re.compile(r"第[一二三四五六七八九十\d]{1,3}个$")
_NAMED_ZONE = re.compile(r"[\u4e00-\u9fff]{0,4}圈")
# 25个县（区）以上: a qualifier after a short noun still bounds the count.
_QUALIFIER_AFTER_NOUN = re.compile(r"[\u4e00-\u9fff]{1,3}(?:[（(][\u4e00-\u9fff]{1,4}[）)])?(?P<q>以上|以下|左右)"
                                   r"(?=[,，。;；、]|$)")
_LIST_SPLIT = re.compile(r"、|和|及|与")
GLUE = frozenset("./第#№")
# The units after a rank (前10名, 排名前1%).
RANK_UNITS = frozenset(("名", "位", "%"))
DIGIT = re.compile(r"\d")


def left_blocks(text: str, start: int) -> bool:
    """The number is glued to a code, a name or an ordinal (PM2.5, G20, 第3, 2020/1)."""
    if start and text[start - 1] == " ":
        start -= 1
    if start == 0:
        return False
    ch = text[start - 1]
    if ch >= "\u2e80" and ch not in GLUE:
        return ch.isdigit()  # the common case, a Chinese character before: never glued (no digit)
    if ch in GLUE:
        return True
    if ch.isascii():
        return ch.isalnum() or ch in "-_" and start >= 2 and text[start - 2].isascii() \
            and text[start - 2].isalnum()
    return ch.isdigit()


def is_year(part: Part, unit: Optional[Unit]) -> bool:
    return (unit is not None and unit.canonical == "年" and not part.scale
            and bool(YEAR.fullmatch(part.numeral)))


def _duration_ok(text: str, start: int, end: int, post: str, part: Part) -> bool:
    """A duration is a claim when it is the quantity reported, not the time frame."""
    before = text[max(0, start - 4):start]
    after = text[end:end + 5]
    if after[:1] in ("来", "间", "中", "里", "前", "后"):
        return False
    if before.endswith(cues().get("frame_before", ())):
        return False
    if post or part.mid:
        return True
    return _duration_cue(text, start, end)


def _duration_cue(text: str, start: int, end: int) -> bool:
    c = cues()
    if text[start - 1:start] == " " and start > 1:
        start -= 1  # 耗时 2.5 年: a space between the cue and the number
    if text[end:end + 1] == " ":
        end += 1
    return text.endswith(c.get("duration_before", ()), max(0, start - 4), start) \
        or text.startswith(c.get("duration_after", ()), end, end + 5)


def unit_ok(part: Part, unit: Unit, unit_s: str, text: str, start: int, end: int,
            qualified: bool, post: str) -> bool:
    """Class rules: which numerals may go with which units in which context."""
    if part.chinese and unit.kind == "count" and unit_s == "期":
        return False  # 一期, 二期: a phase of a project
    if unit_s in ("方", "度") and part.chinese and not part.scale and not part.big \
            and "万" not in text[start:end] and "亿" not in text[start:end] \
            and not (unit_s == "度" and text[max(0, start - 2):start].endswith(("零下", "负"))):  # 零下十度: a temperature
        return False  # 多方, 三方协议, 一度 (四百至四百三十亿度 is a quantity)
    if part.chinese and part.numeral in ("一", "壹") and unit.kind in ("count", "duration") \
            and not qualified and not _duration_cue(text, start, end):
        return False  # 一批, 一个, 一项: the article, not a count; 一天比一天
    if unit.kind == "term":
        return text[max(0, start - 2):start] == "连续"
    if unit.kind == "duration" and unit.canonical in ("年", "周"):
        return _duration_ok(text, start, end, post, part)
    if unit.kind == "duration":
        return not text.endswith(cues().get("frame_before", ()), max(0, start - 4), start) \
            and text[end:end + 1] != "来"
    return True


def inside_quoted_name(text: str, start: int, end: int) -> bool:
    """“促进就业九条”, “15分钟生活圈”, “两个20%”: the number is part of a quoted name."""
    before = text[max(0, start - 16):start]
    opening = before.rfind("“")
    if opening < 0 or "”" in before[opening:]:
        return False
    after = text[end:end + 16]
    closing = after.find("”")
    return closing >= 0 and not any(ch in CLAUSE_MARKS for ch in after[:closing])


def list_size_before(text: str, start: int) -> int:
    """Items in a 、/和 list that ends right before ``start`` (内官、首阳、王家河三座 → 3)."""
    clause = clause_before(text, start, breaks=LIST_CLAUSE_BREAK)
    if not clause or clause.endswith(("等", "各", "的")) or clause[-1] in "、和及与" or DIGIT.search(clause):
        return 0  # (a list that counts things, 带头人8名、基地2个, names none; 高中、特色高中各2所
        # counts each; 最大、领先的2座: the list describes)
    items = _LIST_SPLIT.split(clause)
    return len(items) if len(items) > 1 and all(0 < len(i) <= 8 for i in items[1:]) else 0


def context_blocks(part: Part, unit: Optional[Unit], text: str, start: int, end: int) -> bool:
    """Context that turns a number into a back-reference, rank, label or quoted name."""
    if part.chinese and _chinese_blocked(part, unit, text, start, end):
        return True
    if _ORDINAL_BEFORE.search(text, max(0, start - 6), start):
        return True  # 第二个五年内: the period of a numbered plan
    if inside_quoted_name(text, start, end):
        return True
    return unit is not None and (counts_names(unit, part.chinese, text, end) or _is_name(part, unit, text, end)
                                 or ranked(unit, text, start))


def _chinese_blocked(part: Part, unit: Optional[Unit], text: str, start: int, end: int) -> bool:
    """The rules for a number in Chinese numerals: quoted, vague, a back-reference, an ordinal."""
    before = text[max(0, start - 4):start]
    if before[-1:] in ("“", "\"", "「", "‘") or before[-1:] in ("数", "几") and part.numeral[0] in "十百千万亿":
        return True  # a quoted name, or a vague 数十个 / 几百名 (计划数四百万吨 is a number)
    if before.endswith(cues().get("backref_before", ())):
        return True
    if _ORDINAL_LIST.search(text, max(0, start - 12), start):
        return True  # 第一、二、三次: numbering carried along a list
    if unit is None or unit.kind != "count":
        return False
    if text[end:end + 1] == "“":
        return True  # 两个“百日行动”
    if part.numeral == "二" or (unit.canonical == "次" and "届" in text[max(0, start - 8):start]):
        return True  # 二次创业, 十五届三次会议: ordinals, counting uses 两
    return points_back(text, start, part.value())


def counts_names(unit: Unit, chinese: bool, text: str, end: int) -> bool:
    """两个20%, 1对1, 5个100工程: a count of names (1036户2851人 is two counts)."""
    return unit.kind == "count" and text[end:end + 1].isdigit() and (chinese or unit.canonical in ("个", "对"))


def ranked(unit: Unit, text: str, start: int) -> bool:
    """排名前1%, 前10名: a ranking tier, not a count (``start``: where the claim would begin)."""
    return unit.canonical in RANK_UNITS and text.endswith(cues().get("rank_before", ()), max(0, start - 4), start)


def points_back(text: str, start: int, value: Optional[float]) -> bool:
    """金平、屏边2个县: a small count that only points back at the places just named."""
    return value is not None and value <= 10 and list_size_before(text, start) == value


def letter_after(text: str, end: int, unit_s: str, unit: Optional[Unit]) -> bool:
    """A Latin letter right after a number that has no unit or an ASCII one (5G, 3D, 4A级)."""
    after = text[end:end + 1]
    return after.isascii() and after.isalpha() and (unit is None or unit_s.isascii())


def qualifier_before(text: str, start: int, digitless: bool) -> Optional[re.Match]:
    """The qualifier written before the number at ``start`` (超过3000), if any."""
    pm = pre_before(text, start)
    return None if pm is not None and belongs_before(pm, text, digitless) else pm


def belongs_before(pm: re.Match, text: str, digitless: bool) -> bool:
    """A lone 上 or 过 before a number belongs to the word before it (线上3000, 通过3年), except
    before a digitless magnitude (上亿) unless 以 stands before it (30个以上百亿 is 以上's)."""
    return len(pm.group()) == 1 and pm.group() in "上过" \
        and (not digitless or text[pm.start() - 1:pm.start()] == "以")


def qualifier_after_noun(text: str, end: int) -> str:
    """25个县（区）以上: a qualifier after a short noun still bounds the count ('' if none)."""
    window = text[end + 1:end + 12]
    if "以" not in window and "左右" not in window:
        return ""  # the common case, tested without the pattern
    m = _QUALIFIER_AFTER_NOUN.match(text, end)
    return m.group("q") if m else ""


def qualifier_of(pre: str, post: str, mid: str) -> str:
    """The qualifier a claim carries: the word before the number wins, then the word after
    it, then the one inside it (3万多); none is ``exact``."""
    if not (pre or post or mid):
        return "exact"
    quals = qualifiers()
    if pre:
        return quals.get((pre, "pre"), "exact")
    if post:
        return quals.get((post, "post"), "exact")
    return quals.get((mid, "mid"), "at_least")


def _is_name(part: Part, unit: Unit, text: str, end: int) -> bool:
    """三门湾, 三道沟, 九片区, 三棵树村: a numeral and a classifier that begin a place
    name; 15分钟生活圈, 两小时经济圈: a duration that names a zone."""
    if unit.kind == "duration":
        return _NAMED_ZONE.match(text, end) is not None
    if not part.chinese or len(part.numeral) > 1 or part.mid or part.scale:
        return False
    names = name_cues()
    if unit.canonical not in names.classifiers:
        return False
    after = text[end:end + 2]
    return after[:1] in names.suffixes or after[1:] in names.admin


def bare_ok(part: Part, text: str, end: int, qualified: bool) -> bool:
    """A number with no unit is a claim when it carries a scale (8.03万, 13亿) or is a
    decimal standing alone in the clause (an index such as 90.23)."""
    if part.slot:
        return bool(part.scale)
    if part.percent_word or (part.digitless and qualified):
        return True  # 上亿市场主体
    if "分之" in part.numeral:
        return True  # 三分之一, 16分之5
    if part.scale or part.big:
        return not part.digitless or len(part.numeral) > 1
    if part.chinese or "." not in part.numeral or part.numeral.endswith(".0"):
        return False
    return end >= len(text) or text[end] in BARE_FOLLOW
