"""Quantitative claims (ANNOTATION.md §2): qualifier + number + scale + unit as one span.

One compiled regex finds every candidate on the width-folded text; ``_read`` then
looks at the candidate and a few characters around it to decide whether it is a
quantity (not a year, an ordinal, a name, a time frame) and reads value, unit and
qualifier. Word lists (units, qualifiers, cues, names with numerals) live in
``lexicons/claim_*``; the rules here are about classes of context, not words.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

from ..genre import PARTY, genre_of
from ..lexicon import read_rows
from ..model import Claim, Report, Section
from ..normalize import Normalized, fold, normalize_cached
from ..numbers import (ARABIC, CAPITAL_CHARS, CN_BIG_UNITS, CN_DIGITS, CN_FRACTION, CN_NUMERAL_CHARS,
                       MIXED_TAIL, PERCENT_WORD, SCALE, SCALES, parse_quantity, read_numeral)
from ..slots import NUMBER_SLOT
from .subjects import clean as clean_subject
from ..wordpatterns import alternation, trie

# --- fixed pattern pieces (the lexicon-driven ones are assembled in _patterns) -----------
_RANGE_SEP = r"(?:至|到|~|～|〜|-|—{1,2}|–|－|－)"
_RATIO = rf"{ARABIC}(?:[:∶]{ARABIC})+"
_FRACTION = r"\d+/\d+"
_DOUBLING = r"翻了?(?P<fan>[一两二三四五六]|\d)番"
_MID = r"(?:余|多|(?<=[十百千])来)"  # 十来个, 二十来岁: about (来 only after a Chinese 十, 百, 千)
# Characters that end a clause, for subjects, target cues and bare decimals.
_CLAUSE_END = "，。；：！？,;:!?\n"
_SENTENCE_END = re.compile(r"[。！？!?\n]")
_CLAUSE_SPLIT = re.compile(r"[，。；：！？,;:!?\n、（）()“”\"]")
_BARE_FOLLOW = set(_CLAUSE_END + "、和及与）)”\"")
_JOINERS = ("、", "和", "及", "与", "或", "、和")
_CN_DIGIT_CHARS = set(CN_DIGITS) | {"十", "拾"}
_YEAR = re.compile(r"(?:1[89]|20)\d\d|[一二〇○零九八七六五四三]{4}")
_ASCII_WORD = re.compile(r"[A-Za-z]")
# Verbs and links that sit between a subject and its number (达到 62个).
_SUBJECT_TAIL = re.compile(
    r"(?:分别|(?<!人)均|共|合计|总计|累计)?(?:达到了?|达|为|是|在|稳定在|保持在|控制在|提高到|提升到|增加到|"
    r"扩大到|降到|降至|下降到|减少到|发展到|增长到|上升到|调整为|调整到|突破|超过|实现|占到?|共计|(?<![累合总共预估统])计|完成|"
    r"(?:增加|提高|降低|减少|精简|缩小|扩大|调整|下降|上升|发展|增长|提升|压缩|缩减|扩展|减|降|升|增)(?:到|至|为))$")
# The last characters _SUBJECT_TAIL can end with (a cheap test before the search).
_TAIL_LAST = frozenset("到了达为是在破过现占计成至")
_LIST_JOINT = set("、和或及与")
_RATIO_SPLIT = re.compile(r"([:∶])")
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
_RATIO_CUE = re.compile(r"比(?![分赛])")
_ORDINAL_LIST = re.compile(r"第[一二三四五六七八九十]+(?:[、,][一二三四五六七八九十]+)*[、,]$")
_ORDINAL_BEFORE = re.compile(r"第[一二三四五六七八九十\d]{1,3}个$")
_NAMED_ZONE = re.compile(r"[\u4e00-\u9fff]{0,4}圈")
# 25个县（区）以上: a qualifier after a short noun still bounds the count.
_QUALIFIER_AFTER_NOUN = re.compile(r"[\u4e00-\u9fff]{1,3}(?:[（(][\u4e00-\u9fff]{1,4}[）)])?(?P<q>以上|以下|左右)"
                                   r"(?=[,，。;；、]|$)")
# 指数达到90: a whole number after an index word is its value.
_INDEX_BEFORE = re.compile(r"(?:指数|系数|得分|评分|分值)(?:达到|达|为|是|升至|提高到|上升到|保持在)?$")
_LIST_SPLIT = re.compile(r"、|和|及|与")
_CLAUSE_SPLIT_KEEP_LIST = re.compile(r"[，。；：！？,;:!?\n（）()“”\"]")
_SENTENCE_MARK = re.compile(r"[。！？\n]")


@dataclass(frozen=True)
class _Unit:
    canonical: str
    kind: str


@lru_cache(maxsize=1)
def units() -> Dict[str, _Unit]:
    """Surface → unit record, from lexicons/claim_units.tsv."""
    return {row[0]: _Unit(row[1] if len(row) > 1 else "", row[2] if len(row) > 2 else "count")
            for row in read_rows("claim_units.tsv")}


@lru_cache(maxsize=1)
def qualifiers() -> Dict[Tuple[str, str], str]:
    """(word, position) → qualifier, from lexicons/claim_qualifiers.tsv."""
    return {(row[0], row[2]): row[1] for row in read_rows("claim_qualifiers.tsv")}


@lru_cache(maxsize=1)
def cues() -> Dict[str, Tuple[str, ...]]:
    """Role → cue words (longest first), from lexicons/claim_cues.tsv."""
    out: Dict[str, List[str]] = {}
    for word, role in read_rows("claim_cues.tsv"):
        out.setdefault(role, []).append(word)
    return {role: tuple(sorted(words, key=len, reverse=True)) for role, words in out.items()}


class _NameCues(NamedTuple):
    classifiers: frozenset
    suffixes: frozenset
    admin: frozenset


@lru_cache(maxsize=1)
def _name_cues() -> _NameCues:
    """Classifiers that begin place names, the place-name endings after them (三道沟) and
    the administrative words after a name (三棵树村), from lexicons/claim_cues.tsv."""
    c = cues()
    return _NameCues(frozenset(c.get("name_classifier", ())), frozenset(c.get("name_suffix", ())),
                     frozenset(c.get("name_admin", ())))


def _unit_guard() -> str:
    """A lookahead that keeps a numeral or scale from eating a unit's first character:
    in 330千伏 and 一千九百五十万千瓦 the last 千 belongs to the unit."""
    words = [u for u in units() if len(u) > 1 and u[0] in "十百千万亿"]
    # (the words themselves, not every head with every tail: 三百米 is 300 米, 三千米 is 3 千米)
    return rf"(?!{alternation(words)})" if words else ""


def _pre_before(text: str, start: int) -> Optional[re.Match]:
    """The qualifier written right before ``start`` (超过3000), if any."""
    pre_re, longest, last = _pre_pattern()
    if not start or text[start - 1] not in last:
        return None  # the common case, tested without the pattern
    found = pre_re.search(text, max(0, start - longest), start)
    if found is not None and qualifiers()[(found.group(), "pre")] == "none":
        return None  # 签约3个, 最近5年: the word before only ends like a qualifier
    return found


@lru_cache(maxsize=1)
def _pre_pattern() -> Tuple[re.Pattern, int, frozenset]:
    """Qualifiers written before the number (超过, 近), matched backwards from it, and the
    longest one's length. Not in the candidate regex: a pre-qualifier's first character
    (大, 上, 不, 高…) is common, and trying every alternative there cost a quarter of the scan."""
    words = [w for (w, pos) in qualifiers() if pos == "pre"]
    return re.compile(rf"(?:{alternation(words)})$"), max(map(len, words)), frozenset(w[-1] for w in words)


@lru_cache(maxsize=1)
def _patterns() -> Tuple[re.Pattern, Optional[re.Pattern], re.Pattern]:
    """(candidate regex, names regex, target-cue regex), built once from the lexicons."""
    quals = qualifiers()
    post = alternation(w for (w, pos) in quals if pos == "post")
    unit = trie(units())
    guard = _unit_guard()
    # 几 may stand for a digit inside a numeral (二十几万), never first (几十个 is vague).
    # 两 inside a run is a digit only before a unit (一万两千); 六万万两 ends with the weight 两.
    inner = CN_NUMERAL_CHARS.replace("两", "")
    chinese = rf"{guard}[{CN_NUMERAL_CHARS}](?:{guard}(?:[{inner}几]|两(?=[十拾百佰千仟万萬亿億])))*" \
        rf"(?:[点點][{CN_NUMERAL_CHARS}]+)?"
    number = rf"(?:{PERCENT_WORD}|{CN_FRACTION}|{ARABIC}(?:{MIXED_TAIL})?|{chinese}|{NUMBER_SLOT})"
    def part(i: int) -> str:
        # 3万多亿: 多 inside a compound scale (万 … 亿)
        return rf"(?P<n{i}>{number})(?P<ma{i}>{_MID})?(?: ?(?P<s{i}>{guard}{SCALE}))?" \
            rf"(?:(?P<mb{i}>{_MID})(?P<sb{i}>(?<=万[多余])亿)?)?"
    # A cheap first-character test keeps the engine from trying every alternative at
    # every position (five times faster on real reports). The unit is tried once after
    # each number: unit1 closes a single number, unit a range's upper end.
    first = rf"(?=[0-9{CN_NUMERAL_CHARS}翻\-−负{re.escape(''.join(sorted(_SLOT_FIRST)))}])"
    # A minus sign: "-" after a word or a colon (增长-16.8%, not 3-5 or G-20), 负 after a link
    # word from the lexicon (为负3%, not 减负50亿元).
    sign_words = cues().get("sign_before", ())
    # (the sign character is matched first and the look-behinds checked after it: most
    # candidates start with a digit and fail at once)
    sign = r"(?P<sign>零下|[-−](?<=[\u4e00-\u9fff：:，,（(、][-−])(?<![年月日号至到][-−])" + \
        (rf"|负(?:{'|'.join(f'(?<={re.escape(w)}负)' for w in sign_words)})" if sign_words else "") + ")"
    half_not = cues().get("half_not_before", ())
    half = r"(?P<half>半)" + (rf"(?!{alternation(half_not)})" if half_not else "")
    # 3元5角, 1元2角5分: 角 and 分 after 元 are tenths and hundredths of it.
    jiao = rf"(?:(?<=元)(?P<jiao>[0-9{_CN_SMALL_DIGITS}])角)?(?:(?<=[元角])(?P<fen>[0-9{_CN_SMALL_DIGITS}])分(?![钟之]))?"
    candidate = re.compile(
        rf"{first}(?:(?P<ratio>{_RATIO})|(?P<frac>{_FRACTION})|{_DOUBLING}|"
        rf"{sign}?(?P<num>{part(1)})(?: ?(?P<unit1>{unit})(?:{half}(?P<unit_h>小时|月|工作日)?)?{jiao})?"
        rf"(?:(?P<sep>{_RANGE_SEP})(?P<num2>{part(2)})(?: ?(?P<unit>{unit}))?)?"
        rf"(?P<post>{post})?)")
    names = [row[0] for row in read_rows("claim_names.txt")]
    names_re = re.compile(alternation(names)) if names else None
    target_re = re.compile(alternation(cues().get("target", ()) + cues().get("target_weak", ())))
    return candidate, names_re, target_re


@lru_cache(maxsize=1)
def _patterns_shared() -> re.Pattern:
    """The tail of a list after a unitless number: (、number)* 、number unit."""
    guard = _unit_guard()
    number = rf"(?:{ARABIC}|(?:{guard}[{CN_NUMERAL_CHARS}])+)"
    joint = r"(?:、|和|或|及|与)"
    return re.compile(rf"(?:{joint}{number})*{joint}{number}(?:{guard}{SCALE})?(?P<unit>{alternation(units())})")


_SLOT_RE = re.compile(rf"^{NUMBER_SLOT}$")
_CN_SMALL_DIGITS = "一二两三四五六七八九"
_PART_GROUPS = {i: (f"n{i}", f"s{i}", f"ma{i}", f"mb{i}") for i in (1, 2)}
# First characters NUMBER_SLOT can start with (a quick test before the full match).
_SLOT_FIRST = frozenset("[【Xx×_＿○□*")
_ASCII_DIGITS = frozenset("0123456789")
# Unit classes whose Arabic numbers need no duration, year or Chinese-numeral rules (_read_arabic).
_ARABIC_KINDS = frozenset({"count", "money", "measure", "percent", "point", "multiple", "share"})
_GLUE = frozenset("./第#№")


class _Part(NamedTuple):
    """One number of a candidate: its numeral, scale, and the mid qualifier (余/多).
    (A NamedTuple: thousands are made per report and they must be cheap.)"""

    numeral: str
    scale: str
    mid: str
    slot: bool
    percent_word: bool
    chinese: bool  # written in Chinese numerals (not Arabic, not a slot)
    digitless: bool  # 百万 / 千亿 / 亿: a magnitude written without a digit
    big: bool  # the numeral itself holds 万 or 亿 (三千万, 十亿)

    def value(self, scale: str = "") -> Optional[float]:
        if self.slot:
            return None
        scale = self.scale or scale
        if scale and self.big:  # 1亿3千多万: the scale closes the last section, it does not multiply
            read = read_numeral(self.numeral + scale)
            return None if read is None else read.value
        return parse_quantity(self.numeral, scale)


def _split_part(m: re.Match, i: int) -> _Part:
    """The ``i``-th number of a candidate match (1, or 2 for a range's upper end)."""
    numeral, scale, mid_a, mid_b = m.group(*_PART_GROUPS[i])
    scale = (scale or "") + (m.group(f"sb{i}") or "")
    if numeral[0] in _ASCII_DIGITS:  # the common case: an Arabic numeral
        big = not numeral.isdigit() and ("万" in numeral or "亿" in numeral)  # 2亿5000万
        return _Part(numeral, scale, mid_a or mid_b or "", False, False, False, False, big)
    # A Chinese run swallows its own 万/亿; a trailing 万/亿 after 多 (二十多万) stays a scale.
    slot = numeral[0] in _SLOT_FIRST and bool(_SLOT_RE.match(numeral))
    percent_word = numeral.startswith(("百分之", "千分之")) or "分之" in numeral and _per_cent(numeral) != ""
    chinese = not slot and not numeral[0].isdigit()
    digitless = chinese and not percent_word and not (set(numeral) & _CN_DIGIT_CHARS) and "分之" not in numeral
    big = chinese and ("万" in numeral or "亿" in numeral)
    return _Part(numeral, scale, mid_a or mid_b or "", slot,
                 percent_word, chinese, digitless, big)


def _per_cent(numeral: str) -> str:
    """% or ‰ for a percent word (百分之五, 一百分之五十五点五), else ''."""
    read = read_numeral(numeral)
    return read.unit if read is not None else ""


def _ends_with(text: str, words: Sequence[str]) -> str:
    for w in words:
        if text.endswith(w):
            return w
    return ""


def _starts_with(text: str, words: Sequence[str]) -> str:
    for w in words:
        if text.startswith(w):
            return w
    return ""


class _Found(NamedTuple):
    """A claim on the normalised text, before subject/target and offset mapping."""

    start: int
    end: int
    value: Optional[float]
    value_high: Optional[float]
    unit: str
    qualifier: str
    placeholder: bool
    pre: bool = False  # the qualifier was written before the number (it carries forward)
    deadline: bool = False  # 五年内: a claim only when it looks forward (see extract_claims)


# _Found built from a full tuple without the Python-level __new__ (the hot paths).
_new_found = partial(tuple.__new__, _Found)


def _left_blocks(text: str, start: int) -> bool:
    """The number is glued to a code, a name or an ordinal (PM2.5, G20, 第3, 2020/1)."""
    if start and text[start - 1] == " ":
        start -= 1
    if start == 0:
        return False
    ch = text[start - 1]
    if ch in _GLUE:
        return True
    if ch.isascii():
        return ch.isalnum() or ch in "-_" and start >= 2 and text[start - 2].isascii() \
            and text[start - 2].isalnum()
    return ch.isdigit()


def _read_ratio(m: re.Match, text: str) -> List[_Found]:
    if _left_blocks(text, m.start()) or _ASCII_WORD.match(text[m.end():m.end() + 1]):
        return []
    parts, pos = [], m.start()
    for piece in _RATIO_SPLIT.split(m.group(0)):
        if piece not in (":", "∶"):
            parts.append((pos, pos + len(piece), float(piece.replace(",", ""))))
        pos += len(piece)
    if len(parts) == 2:
        # 1.8:1 is one claim; 8:30 or 3:2 (a time, a score) is not a ratio claim, but the
        # ratio sign ∶ or a 比 just before (种植比调整为38:62) makes one of two parts.
        if parts[1][2] == 1:
            parts = parts[:1]
        elif "∶" not in m.group(0) and not _RATIO_CUE.search(text, max(0, m.start() - 6), m.start()):
            return []
    return [_Found(s, e, v, None, "", "exact", False) for s, e, v in parts]


def _read_fraction(m: re.Match, text: str) -> List[_Found]:
    after = text[m.end():m.end() + 1]
    if _left_blocks(text, m.start()) or after == "/" or after.isdigit():
        return []
    num, den = (int(x) for x in m.group(0).split("/"))
    if not den or num >= den:
        return []
    pm = _pre_before(text, m.start())  # 近1/5, 超过1/4
    first, qualifier = (pm.start(), qualifiers()[(pm.group(), "pre")]) if pm and len(pm.group()) > 1 \
        or pm and pm.group() in "近超逾" else (m.start(), "exact")
    return [_Found(first, m.end(), round(num / den, 6), None, "", qualifier, False, first < m.start())]


def _is_year(part: _Part, unit: Optional[_Unit]) -> bool:
    return (unit is not None and unit.canonical == "年" and not part.scale
            and bool(_YEAR.fullmatch(part.numeral)))


def _duration_ok(text: str, start: int, end: int, post: str, part: _Part) -> bool:
    """A duration is a claim when it is the quantity reported, not the time frame."""
    before = text[max(0, start - 4):start]
    after = text[end:end + 5]
    if after[:1] in ("来", "间", "中", "里", "前", "后"):
        return False
    if _ends_with(before, cues().get("frame_before", ())):
        return False
    if post or part.mid:
        return True
    return _duration_cue(text, start, end)


def _duration_cue(text: str, start: int, end: int) -> bool:
    return bool(_ends_with(text[max(0, start - 4):start], cues().get("duration_before", ()))
                or _starts_with(text[end:end + 5], cues().get("duration_after", ())))


def _unit_ok(part: _Part, unit: _Unit, unit_s: str, text: str, start: int, end: int,
             qualified: bool, post: str) -> bool:
    """Class rules: which numerals may go with which units in which context."""
    if part.chinese and unit.kind == "count" and unit_s == "期":
        return False  # 一期, 二期: a phase of a project
    if unit_s in ("方", "度") and part.chinese and not part.scale and not part.big \
            and "万" not in text[start:end] and "亿" not in text[start:end]:
        return False  # 多方, 三方协议, 一度 (四百至四百三十亿度 is a quantity)
    if part.chinese and part.numeral in ("一", "壹") and unit.kind in ("count", "duration") \
            and not qualified and not _duration_cue(text, start, end):
        return False  # 一批, 一个, 一项: the article, not a count; 一天比一天
    if unit.kind == "term":
        return text[max(0, start - 2):start] == "连续"
    if unit.kind == "duration" and unit.canonical in ("年", "周"):
        return _duration_ok(text, start, end, post, part)
    if unit.kind == "duration":
        return not _ends_with(text[max(0, start - 4):start], cues().get("frame_before", ())) \
            and text[end:end + 1] != "来"
    return True


def _inside_quoted_name(text: str, start: int, end: int) -> bool:
    """“促进就业九条”, “15分钟生活圈”, “两个20%”: the number is part of a quoted name."""
    before = text[max(0, start - 16):start]
    opening = before.rfind("“")
    if opening < 0 or "”" in before[opening:]:
        return False
    after = text[end:end + 16]
    closing = after.find("”")
    return closing >= 0 and not any(ch in _CLAUSE_END for ch in after[:closing])


def _list_size_before(text: str, start: int) -> int:
    """Items in a 、/和 list that ends right before ``start`` (内官、首阳、王家河三座 → 3)."""
    clause = _clause_before_keep_list(text, start)
    if not clause or clause.endswith(("等", "各", "的")) or clause[-1] in "、和及与" or _DIGIT.search(clause):
        return 0  # (a list that counts things, 带头人8名、基地2个, names none; 高中、特色高中各2所
        # counts each; 最大、领先的2座: the list describes)
    items = _LIST_SPLIT.split(clause)
    return len(items) if len(items) > 1 and all(0 < len(i) <= 8 for i in items[1:]) else 0


def _clause_before_keep_list(text: str, start: int) -> str:
    window = text[max(0, start - 40):start]
    cut = 0
    for m in _CLAUSE_SPLIT_KEEP_LIST.finditer(window):
        cut = m.end()
    return window[cut:]


def _context_blocks(part: _Part, unit: Optional[_Unit], text: str, start: int, end: int) -> bool:
    """Context that turns a number into a back-reference, rank, label or quoted name."""
    before = text[max(0, start - 4):start]
    if part.chinese and (before[-1:] in ("“", "\"", "「", "‘")
                         or before[-1:] in ("数", "几") and part.numeral[0] in "十百千万亿"):
        return True  # a quoted name, or a vague 数十个 / 几百名 (计划数四百万吨 is a number)
    if _ORDINAL_BEFORE.search(text, max(0, start - 6), start):
        return True  # 第二个五年内: the period of a numbered plan
    if _inside_quoted_name(text, start, end):
        return True
    if unit is not None and unit.kind == "count" and text[end:end + 1].isdigit() \
            and (part.chinese or unit.canonical in ("个", "对")):
        return True  # 两个20%, 1对1, 5个100工程: a count of names (1036户2851人 is two counts)
    if part.chinese and unit is not None and unit.kind == "count":
        if text[end:end + 1] == "“":
            return True  # 两个“百日行动”
        if part.numeral == "二" or (unit.canonical == "次" and "届" in text[max(0, start - 8):start]):
            return True  # 二次创业, 十五届三次会议: ordinals, counting uses 两
        value = part.value()
        if value is not None and value <= 10 and _list_size_before(text, start) == value:
            return True
    if part.chinese and _ends_with(before, cues().get("backref_before", ())):
        return True
    if part.chinese and _ORDINAL_LIST.search(text, max(0, start - 12), start):
        return True  # 第一、二、三次: numbering carried along a list
    if unit is not None and _is_name(part, unit, text, end):
        return True
    if unit is not None and unit.canonical in ("名", "位", "%") \
            and _ends_with(before, cues().get("rank_before", ())):
        return True
    return False


def _is_name(part: _Part, unit: _Unit, text: str, end: int) -> bool:
    """三门湾, 三道沟, 九片区, 三棵树村: a numeral and a classifier that begin a place
    name; 15分钟生活圈, 两小时经济圈: a duration that names a zone."""
    if unit.kind == "duration":
        return _NAMED_ZONE.match(text, end) is not None
    if not part.chinese or len(part.numeral) > 1 or part.mid or part.scale:
        return False
    names = _name_cues()
    if unit.canonical not in names.classifiers:
        return False
    after = text[end:end + 2]
    return after[:1] in names.suffixes or after[1:] in names.admin


def _bare_ok(part: _Part, text: str, end: int, qualified: bool) -> bool:
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
    return end >= len(text) or text[end] in _BARE_FOLLOW


def _borrowed_unit(text: str, end: int) -> Tuple[str, Optional[_Unit]]:
    """18.8和25.6平方米, 1、3、7个工作日: a list's last unit belongs to every item."""
    m = _patterns_shared().match(text, end)
    if not m:
        return "", None
    return m.group("unit"), units().get(m.group("unit"))


def _qualifier(pre: str, post: str, part: _Part) -> str:
    quals = qualifiers()
    if pre:
        return quals.get((pre, "pre"), "exact")
    if post:
        return quals.get((post, "post"), "exact")
    if part.mid:
        return quals.get((part.mid, "mid"), "at_least")
    return "exact"


def _read_arabic(m: re.Match, text: str, unit_s: str, unit: _Unit) -> List[_Found]:
    """The commonest claims, an Arabic number with a count, money, percent or measure
    unit (35个, 1.5亿元, 12.5%, 30万亩): only the context rules that can apply are tried."""
    start, end = m.start(), m.end()
    n1, s1, ma1, mb1, post, sb1 = m.group("n1", "s1", "ma1", "mb1", "post", "sb1")
    if sb1:
        s1 += sb1  # 3万多亿元
    count = unit.kind == "count"
    if count and unit.canonical in ("个", "对") and text[end:end + 1].isdigit():
        return []  # 1对1, 5个100工程: a count of names
    before = text[start - 1] if start else ""
    if (before < "\u2e80" or before in _GLUE) and _left_blocks(text, start) \
            or unit_s.isascii() and text[end:end + 1].isascii() and text[end:end + 1].isalpha() \
            or "“" in text[max(0, start - 16):start] and _inside_quoted_name(text, start, end):
        return []
    pm = _pre_before(text, start)
    pre = pm.group() if pm and not (len(pm.group()) == 1 and pm.group() in "上过") else ""
    first = pm.start() if pre else start
    if unit.canonical in ("名", "位", "%") \
            and _ends_with(text[max(0, first - 4):first], cues().get("rank_before", ())):
        return []  # 排名前1%, 前10名
    post = post or ""
    if post == "内":
        post, end = "", m.start("post")
    value = float(n1) if not s1 and n1.replace(".", "", 1).isdigit() else parse_quantity(n1, s1 or "")
    if value is None:
        return []
    if count and value <= 10 and not (pre or post) and text[start - 1:start] not in _BARE_FOLLOW \
            and _list_size_before(text, start) == value:
        return []  # 金平、屏边2个县: the count only points back at the places just named
    mid = ma1 or mb1 or ""
    if count and not (pre or post or mid) and ("以" in text[end + 1:end + 12] or "左右" in text[end + 1:end + 12]):
        after_noun = _QUALIFIER_AFTER_NOUN.match(text, end)
        post = after_noun.group("q") if after_noun else ""  # 25个县（区）以上
    if not (pre or post or mid):
        return [_new_found((first, end, value, None, unit.canonical, "exact", False, False, False))]
    quals = qualifiers()
    qualifier = quals.get((pre, "pre"), "exact") if pre else quals.get((post, "post"), "exact") if post \
        else quals.get((mid, "mid"), "at_least") if mid else "exact"
    return [_new_found((first, end, value, None, unit.canonical, qualifier, False, bool(pre), False))]


def _read_quantity(m: re.Match, text: str, unit_s: Optional[str] = None, num2: Optional[str] = None) -> List[_Found]:
    if unit_s and not num2:
        unit = units()[unit_s]
        if unit.kind == "block":
            return []  # 100周年, 五年计划, 三次产业
        if m.group()[0] in _ASCII_DIGITS:
            if unit.kind in _ARABIC_KINDS:
                return _read_arabic(m, text, unit_s, unit)
            if unit.canonical == "年" and not m.group("s1") and _YEAR.fullmatch(m.group("n1")):
                return []  # 2023年
    part = _split_part(m, 1)
    start, end = m.start("num"), m.end()
    post = m.group("post") or ""
    pm = _pre_before(text, start)
    pre = pm.group() if pm else ""
    if pre and (len(pre) == 1 and pre in "上过" and (not part.digitless or text[pm.start() - 1:pm.start()] == "以")):
        pre = ""  # 线上3000, 通过3年, 30个以上百亿: the character belongs to the word before
    first = pm.start() if pre else start
    unit_group = "unit" if m.group("num2") else "unit1"
    unit_s = m.group(unit_group) or ""
    half = unit_group == "unit1" and m.group("half")
    if half and m.group("unit_h"):
        if unit_s + m.group("unit_h") in units():
            unit_s += m.group("unit_h")  # 一个半小时, 两个半月: 个 … 小时 is one unit around 半
        elif end == m.end("unit_h"):
            end = m.start("unit_h")
    unit = units().get(unit_s) if unit_s else None
    if unit is not None and unit.kind == "bare":
        unit, unit_s, post, end = None, "", "", m.start(unit_group)
    if post == "内" and (unit is None or unit.kind != "duration"):
        post, end = "", m.start("post")
    if unit is None and not part.scale and text[end:end + 1] in _LIST_JOINT:
        unit_s, unit = _borrowed_unit(text, end)
    if unit is not None and unit.kind == "block":
        return []  # 100周年; 一、二、三次产业 (the list's block reaches back)
    # The rules below only reject; the cheap ones about the unit come first.
    qualified = bool(pre or post or part.mid or half)
    if part.digitless and not qualified and not (unit and unit.kind == "measure" and len(part.numeral) > 1):
        return []  # 百家, 万众, 千亿元企业: a magnitude used as a word or a class label
    if unit is None or not unit.canonical:
        if not _bare_ok(part, text, end, qualified) and not (part.slot and post):
            return []
    elif _is_year(part, unit) or m.group("num2") and _is_year(_split_part(m, 2), unit) \
            or not _unit_ok(part, unit, unit_s, text, first, end, qualified,
                                              post or m.group("sep") or ""):  # 3至5年: a range is a quantity
        return []
    if part.chinese and not part.percent_word and all(ch in CN_DIGITS for ch in part.numeral) \
            and (len(part.numeral) > 1 or CN_DIGITS[part.numeral] == 0) \
            and not (len(part.numeral) == 2 and unit is not None and _span_of_two(part.numeral)):
        return []  # 二〇二一, 一二: digit by digit, a year or a list; 零部件 (七八个 is a span)
    after = text[end:end + 1]
    letter_after = after.isascii() and after.isalpha() and (unit is None or unit_s.isascii())
    if _left_blocks(text, start) or letter_after or _context_blocks(
            part, unit, text, first, end):
        return []
    if part.slot and text[start - 1:start].isdigit():
        return []
    value, high = _values(m, part)
    if value is None and not part.slot:
        return []
    unit_out = _per_cent(part.numeral) if part.percent_word \
        else (unit.canonical if unit else "")
    if not post and not pre and not part.mid and unit is not None and unit.kind == "count":
        after = _QUALIFIER_AFTER_NOUN.match(text, end)
        if after:
            post = after.group("q")
    deadline = post in ("内", "以内", "之内") and unit is not None and unit.kind == "duration" \
        and not _clause_before(text, first)
    return [_Found(first, end, value, high, unit_out, _qualifier(pre, post, part), part.slot,
                   bool(pre), deadline)]


def _span_of_two(numeral: str) -> bool:
    read = read_numeral(numeral)
    return read is not None and read.high is not None


def _shared_scale(first: _Part, second: _Part) -> str:
    """The magnitude a range's upper end shares with its lower end when that has none:
    三至五万元 → 万 (3至5万元 has it as the scale), 三至五千万 → 千万, 十至二十万 → 万."""
    if second.scale:
        return second.scale
    if not second.chinese or first.big or first.scale or not first.chinese and "." in first.numeral:
        return ""
    numeral = second.numeral
    if first.numeral in CN_DIGITS or first.numeral.isdigit():
        rest = numeral[1:]  # 五千万 → 千万: a lone digit takes every unit after it
        return rest if numeral[:1] in CN_DIGITS and rest in SCALES else ""
    tail = len(numeral)
    while tail and numeral[tail - 1] in CN_BIG_UNITS:
        tail -= 1
    return numeral[tail:] if 0 < tail < len(numeral) and numeral[tail:] in SCALES else ""


def _values(m: re.Match, part: _Part) -> Tuple[Optional[float], Optional[float]]:
    """(value, value_high); a range's shared scale reaches back: 3至5万元 → 30000–50000."""
    if not m.group("num2"):
        return part.value(), None
    second = _split_part(m, 2)
    if second.slot or part.slot:
        return part.value(), None
    high = second.value()
    low = part.value("" if m.group("unit1") else _shared_scale(part, second))
    if low is None or high is None or high <= low:
        return None, None
    if _YEAR.fullmatch(part.numeral) and _YEAR.fullmatch(second.numeral):
        return None, None  # 2018—2020年
    return low, high


def _capital_ok(numeral: str) -> bool:
    """Financial numerals (壹贰…拾佰仟) count only in a run that looks like an amount: two
    or more numeral characters, all of the financial set (壹佰贰拾万); a lone 陆 or 伍 is a
    character of a word (陆家嘴, 登陆, 伍家岗)."""
    return len(numeral) > 1 and all(ch in CAPITAL_CHARS or ch in "零万萬亿億" for ch in numeral)


# A numbered entry at a line start (50.7个重点工程 in a glossary: entry 50, then its term).
_LINE_ENTRY = re.compile(r"(?:^|\n)[ \t]*(\d{1,3})\.(?=\d)")


def _entry_number(text: str, start: int) -> bool:
    """``N.M…`` at a line start where a neighbouring line starts with N−1. or N+1.: N is the
    number of a list entry, not the integer part of a value."""
    m = _LINE_ENTRY.match(text, max(0, start - 1) if start and text[start - 1] == "\n" else start)
    if m is None or m.end(1) + 1 != text.find(".", start) + 1:
        line_start = text.rfind("\n", 0, start) + 1
        if text[line_start:start].strip(" \t") or not _LINE_ENTRY.match(text, max(0, line_start - 1)):
            return False
        m = _LINE_ENTRY.match(text, max(0, line_start - 1))
    n = int(m.group(1))
    window = text[max(0, start - 3000):start + 3000]
    return re.search(rf"(?:^|\n)[ \t]*(?:{n - 1}|{n + 1})\.(?!\d)", window) is not None


def _read(m: re.Match, text: str) -> List[_Found]:
    found = _read_number(m, text)
    if found and m.group("num") is not None:
        return _adjust(m, text, found)
    return found


def _adjust(m: re.Match, text: str, found: List[_Found]) -> List[_Found]:
    """What the pattern around one number adds to its reading: neighbouring digits (二三十:
    a span, approx), 几 (二十几万: at least), 半 (三成半), 角/分 after 元, a minus sign."""
    n1, sign, half, jiao, fen = m.group("n1", "sign", "half", "jiao", "fen")
    if n1[0] in _ASCII_DIGITS and not (sign or half or jiao or fen):
        return found  # the common case: an Arabic number with nothing to add
    f = found[0]
    value, high, qualifier, start = f.value, f.value_high, f.qualifier, f.start
    if n1[0] not in _ASCII_DIGITS and value is not None and high is None:
        read = read_numeral(n1)
        if read is not None and read.value:
            if read.high is not None:
                high = float(f"{read.high * value / read.value:.12g}")
                qualifier = "approx" if qualifier == "exact" else qualifier
            if read.vague and qualifier == "exact":
                qualifier = "at_least"  # 二十几万: 200000 and more (as 二十多万)
        elif read is not None and read.vague:
            return []  # 几十个: vague, no numeral
    if value is not None and not m.group("num2") and not m.group("s1"):
        if half and f.end >= m.end("half"):
            value += 0.5  # 三成半, 一吨半, 十七个半
        if jiao or fen:
            value = float(f"{value + _digit(jiao) / 10 + _digit(fen) / 100:.12g}")  # 3元5角
    if sign:
        if f.start > m.end("sign") or value is None:
            return found  # a pre-qualifier stands between: not this sign's number
        value, high, start = -value, None if high is None else -high, m.start("sign")
        if high is not None:
            value, high = value, high
    if (value, high, qualifier, start) == (f.value, f.value_high, f.qualifier, f.start):
        return found
    return [f._replace(value=value, value_high=high, qualifier=qualifier, start=min(start, f.start))] + found[1:]


def _digit(ch: Optional[str]) -> int:
    return 0 if not ch else int(ch) if ch.isdigit() else CN_DIGITS[ch]


def _read_number(m: re.Match, text: str) -> List[_Found]:
    num, unit1, num2, post = m.group("num", "unit1", "num2", "post")
    if num is None:
        if m.group("ratio"):
            return _read_ratio(m, text)
        if m.group("frac"):
            return _read_fraction(m, text)
        n = m.group("fan")
        times = 2.0 ** (int(n) if n.isdigit() else CN_DIGITS[n])
        return [_Found(m.start(), m.end(), times, None, "倍", "exact", False)]
    n1 = m.group("n1")
    if n1[0] in CAPITAL_CHARS or not n1.isascii() and not n1.isdigit() and CAPITAL_CHARS.intersection(n1):
        if not _capital_ok(n1):
            return []
    if "." in n1 and n1[0] in _ASCII_DIGITS and (not m.start() or text[m.start() - 1] in "\n \t") \
            and _entry_number(text, m.start()):
        return []  # 50.7个重点工程 in a numbered glossary: entry 50
    # A decimal, a scale, 分之 or a list after it lets a number without a unit be a claim.
    if unit1 is None and post is None and num2 is None \
            and text[m.end():m.end() + 1] not in _LIST_JOINT \
            and not ("." in num or "万" in num or "亿" in num or "分之" in num) \
            and not (num[0] in "十百千" and _pre_before(text, m.start())):
        # the common case, a plain integer with nothing around it: not a claim, unless it
        # is the value of an index standing alone (指数达到90。)
        if text[m.end():m.end() + 1] in _BARE_FOLLOW and m.group("num") == m.group("n1") \
                and m.group("n1")[0].isdigit() and not _left_blocks(text, m.start()) \
                and _INDEX_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            return [_Found(m.start(), m.end(), float(m.group("n1").replace(",", "")), None, "",
                           "exact", False)]
        return []
    return _read_quantity(m, text, unit1, num2)


def _share_qualifiers(found: List[_Found], text: str) -> List[_Found]:
    """75%和65%以上: a qualifier written once covers every part of a joined list."""
    out = list(found)
    joined = [0 < b.start - a.end <= 2 and text[a.end:b.start] in _JOINERS for a, b in zip(out, out[1:])]
    if not any(joined):
        return out  # most reports: no two claims joined by 、/和
    for i in range(len(out) - 1, 0, -1):  # post qualifiers reach back
        if not joined[i - 1]:
            continue
        a, b = out[i - 1], out[i]
        if a.unit == "个" and b.unit in ("百分点", "千分点"):
            out[i - 1] = a = a._replace(unit=b.unit)  # 3.5个和6.8个百分点
        if a.qualifier == "exact" and not b.pre \
                and b.qualifier != "exact" and a.unit == b.unit and not a.placeholder:
            out[i - 1] = a._replace(qualifier=b.qualifier)
    for i in range(1, len(out)):  # pre qualifiers (突破100万头、500万只) reach forward
        a, b = out[i - 1], out[i]
        if joined[i - 1] and a.pre and b.qualifier == "exact" and not b.placeholder \
                and a.unit and b.unit and a.value_high is None and b.value_high is None:
            out[i] = b._replace(qualifier=a.qualifier, pre=True)
    return out


def _rhetorical(f: _Found, text: str) -> bool:
    """In a party report, a small count in Chinese numerals with a general classifier
    before its noun (两条路线, 两个阶级, 五项原则, 三个世界) is the genre's rhetoric, not a
    reported quantity, unless people follow it (三个工人)."""
    c = cues()
    if f.qualifier != "exact" or f.placeholder or f.value_high is not None or f.value is None \
            or not 0 < f.value <= 10 or f.unit not in c.get("party_rhetoric", ()) \
            or text[f.start] not in CN_NUMERAL_CHARS:
        return False
    after = text[f.end:f.end + 4]
    if not after or not "\u4e00" <= after[0] <= "\u9fff":
        return False  # 打掉涉恶团伙两个。: the count closes its phrase, it counts what was named
    return not any(w in after for w in c.get("party_concrete", ()))


def _name_spans(text: str, names_re: Optional[re.Pattern]) -> List[Tuple[int, int]]:
    return [] if names_re is None else [m.span() for m in names_re.finditer(text)]


def _outside(found: List[_Found], spans: Sequence[Tuple[int, int]]) -> List[_Found]:
    """The claims that overlap none of ``spans`` (both sorted): one merge pass."""
    out, j, n = [], 0, len(spans)
    for f in found:
        while j < n and spans[j][1] <= f.start:
            j += 1
        if j < n and spans[j][0] < f.end:
            continue
        out.append(f)
    return out


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
    clause = _clause_before(text, start)
    return bool(_PAST.search(clause)) and not _patterns()[2].search(clause)


def _clause_before(text: str, start: int) -> str:
    window = text[max(0, start - 40):start]
    cut = 0
    for m in _CLAUSE_SPLIT.finditer(window):
        cut = m.end()
    return window[cut:]


# --- subjects ---------------------------------------------------------------------------
# A subject is read clause by clause, from the words between a claim and its neighbours:
# before the number when the noun comes first (新建道路12公里), after it when the number
# comes first (5个村获评…), shared along a list (A、B分别增长3%和5%) and across 由…到….
# (a comma or colon between digits is a thousands separator or a ratio, not a clause break)
_CLAUSE_MARK = re.compile(r"[。；！？;!?\n,:](?!(?<=\d,)\d{3}(?!\d))(?!(?<=\d:)\d)")
_RUN_JOINERS = frozenset(_JOINERS + (":", "∶"))
_JOINER_HEAD = re.compile(r"^(?:以及|、和|、|和|及|与|或)")
_JOINER_TAIL = re.compile(r"(?:以及|、|和|及|与|或|等)+$")
_BRACKETED = re.compile(r"[（(][^（）()]*(?:\d|[^（）()]{7})[^（）()]*[）)]")
_FROM = re.compile(r"(?:分别)?(?:由|从)(?P<time>[^由从]{0,12}?)的?$")
_CHANGE_TO = re.compile(r"^(?:增加|提高|下降|上升|扩大|缩小|减少|降低|扩展|调整|增长|提升|发展|精简|压减|削减|"
                        r"压缩|缩减|清理整合|降|升|减)"
                        r"(?:到|至|为)(?P<time>[^由从到至]{0,8}?)的?$")
_SPREAD = re.compile(r"分别|依次")
_ITEM_SPLIT = re.compile(r"以及|、|和|及|与")
_VERB_LEAD = re.compile(r"(?:年均|平均每年|平均|同比|均)$")
_CHANGE = (r"(?:同比|比上年|较上年|比[^比较]{1,10}?|较[^比较]{1,10}?|年均|平均每年|分别)*"
           r"(?:继续|持续|稳步|稳定|快速|较快|大幅|明显)?"
           r"(?:增长|下降|提高|降低|上涨|减少|增加|提升|扩大|缩小|上升|回落|新增)了?")
_CHANGE_ONLY = re.compile(rf"^{_CHANGE}$")
_CHANGE_TAIL = re.compile(rf"{_CHANGE}$")
_NOT_NOUN_START = re.compile(
    r"^(?:比|较|同比|增长|下降|提高|增加|减少|上升|降低|左右|之间|以上|以下|居(?!住|民|家)|位居|列|排|占|"
    r"是|为|的(?:水平|目标|速度|增长|增幅|比重|规模)|[^\u4e00-\u9fff“《「\dA-Za-z])")
_SUBJECT_HEAD = re.compile(r"^(?:其中|同时|并(?![网购联重行入存])|共(?![计享同有性青富]|建(?![成设立]))|全年共|另外|此外|目前|截至目前|截至\S{0,8}年底|"
                           r"[一二三四五六七八九十]是|首先|其次)+")
# A subject that only links to what was said before (是前五年的2.2倍, 占全省的30%).
_LINK_LEAD = re.compile(r"^(?:是|相当于|占|为)")
# A subject that only says when (一九八五年达到…): the noun is in the clause before.
_TIME_ONLY = re.compile(r"^(?:[一二三四五六七八九〇○零\d]{2,4}年|“[^”]{1,6}”(?:时期|期间|末|初)|"
                        r"今年|去年|上年|当年|年底|年末|年初|同期)+(?:的|底|末)?$")
_DIGIT = re.compile(r"\d")
# Cheap first/last-character tests before the patterns above (most subjects pass none).
_CHANGE_LAST = frozenset("长降高低涨少加升大小落增了")
_LINK_FIRST = frozenset("是相占为")
_TIME_LAST = frozenset("年期间末初底的")
_HEAD_FIRST = frozenset("以、和及与或其同并共全另此目截首一二三四五六七八九十")  # _LEFT_HEAD's first characters
_LEFT_HEAD = re.compile(rf"(?:{_JOINER_HEAD.pattern[1:]})?(?:{_SUBJECT_HEAD.pattern[1:]})?")
_THREE_SECTORS = re.compile(r"三次产业|一二三产业|一、二、三产业|三产|产业结构")
# What a finished subject must not end with (the last characters, then the pattern).
_LOOSE_END = frozenset("的和、及与由从对共到至为达成在是")
_LOOSE_TAIL = re.compile(r"(?:[的和、及与由从对共]|(?<=[\u4e00-\u9fff]{2})[到至])+$")
_PEOPLE = frozenset(("人", "名", "人次", "位"))
_PRENOMINAL_KINDS = frozenset({"count", "duration", "age", "term"})
_ADVERBS = frozenset(list("将要已也又还并再且则共均都即就") + ["已经", "仍然", "继续", "必须", "实际", "可以", "将会",
                                                              "还要", "就是"])


def _tail(pattern: re.Pattern, text: str, reach: int) -> Optional[re.Match]:
    """``pattern`` (anchored at the end by ``$``) tried only on the last ``reach``
    characters: a search from every position of a long clause costs more than the rest."""
    return pattern.search(text, max(0, len(text) - reach))


def _cut_tail(pattern: re.Pattern, text: str, reach: int) -> str:
    m = pattern.search(text, max(0, len(text) - reach))
    return text[:m.start()] if m else text


def _cut_head(pattern: re.Pattern, text: str) -> str:
    m = pattern.match(text)
    return text[m.end():] if m else text


@lru_cache(maxsize=1)
def _subject_patterns() -> Tuple[re.Pattern, re.Pattern, re.Pattern, frozenset, Dict[str, str], frozenset]:
    """(predicate, preposition at the end, leading activity verbs, totals, unit → kind,
    the prepositions that are verbs: 覆盖, 带动)."""
    c = cues()
    predicate = re.compile(alternation(c.get("subject_predicate", ("(?!)",))))
    prep = re.compile(rf"(?P<p>{alternation(c.get('subject_preposition', ()))})\S{{0,3}}$")
    verbs = re.compile(rf"^(?:{alternation(c.get('subject_verb', ()))})+")
    kinds = {u.canonical: u.kind for u in units().values() if u.canonical}
    binding_verbs = frozenset(w for w in c.get("subject_preposition", ()) if len(w) > 1)
    return predicate, prep, verbs, frozenset(c.get("subject_total", ())), kinds, binding_verbs


def _tidy_left(left: str) -> str:
    """The words before a number, as a subject: no discourse opener, no link verb, no
    enumeration of members (A、B等), no long parenthesis, no 由/从 before a starting value."""
    if left[:1] in _HEAD_FIRST:
        left = left[_LEFT_HEAD.match(left).end():]
    if "(" in left or "（" in left:
        left = _BRACKETED.sub("", left)
    if "由" in left or "从" in left:
        left = _cut_tail(_FROM, left, 18)
    for _ in range(2):
        if left[-1:] in _TAIL_LAST:
            left = _cut_tail(_SUBJECT_TAIL, left, 8)
    if "等" in left:
        cut = left.rfind("等", 0, len(left) - 2)
        if cut > 0 and "、" in left[:cut]:
            left = left[cut + 1:]
    return left[:-1] if left.endswith("的") else left


def _noun_of(base: str) -> str:
    """新增规模以上工业企业 → 规模以上工业企业; 地区生产总值年均增长 → 地区生产总值."""
    verbs = _subject_patterns()[2]
    noun = _cut_tail(_CHANGE_TAIL, base, 24)
    return _cut_head(_JOINER_HEAD, _cut_head(verbs, noun)) or noun


def _after_number(left: str, tidy: str, right: str, unit: str, shares: bool) -> Optional[str]:
    """The subject when the counted noun follows the number (5个村获评… → 获评…的村), or
    None when the number closes its phrase (``shares``: an earlier number of the clause
    counts the same noun, 1036户2851人全部脱贫; ``tidy``: ``left`` as _tidy_left reads it)."""
    if not right or _NOT_NOUN_START.match(right[1:] if right[0] == "的" else right) \
            or right[0] in _LIST_JOINT and _JOINER_HEAD.match(right):
        return None  # the common case: the number closes its phrase (…2个和省级美丽县城4个: the
        # words after a joiner name the next number)
    predicate, prep, _, _, kinds, binding_verbs = _subject_patterns()
    binder = _tail(prep, left, 6) if left else None
    bound = binder is not None
    lead = "" if bound or left.endswith("等") else tidy  # 甲、乙等5个村: members
    kind = kinds.get(unit, "")
    if unit and kind not in _PRENOMINAL_KINDS and len(lead) > 4:
        return None  # 完成固定资产投资1012亿元: a money or measure after its noun
    right = _cut_tail(_JOINER_TAIL, right[:24], 6)
    percent_of = unit == "%" and right.startswith("的")
    if right.startswith("的"):
        right = right[1:]  # 52亿元的科技产业园, 86%的县
    if not right:
        return None
    m = predicate.search(right)
    noun, pred = (right[:m.start()], right[m.start():]) if m else (right, "")
    noun = noun[:-1] if noun.endswith("的") else noun
    if not noun and kind in ("duration", "term"):
        return lead + pred  # 连续四年获得丰收
    if not noun and (lead or shares) and not left.endswith("的"):
        return None  # 组织志愿者860人参与值守: the noun was before the number
    if pred and noun:
        subject = f"{pred}的{noun}"
    elif pred:
        subject = pred
    elif len(lead) > 4 and kind == "count" and unit not in _PEOPLE and len(noun) > 4:
        subject = noun  # 全国建立了2.4万个社区卫生服务机构 (but 突出了以下六个方面: the lead)
    elif len(lead) > 4:
        subject = lead + noun if len(noun) <= 4 else lead  # 组织志愿者300人值守: people named before
    elif bound and binder.group("p") in binding_verbs and 0 < len(tidy) <= 10:
        subject = f"{tidy}的{noun}"  # 远程教育已覆盖36万所农村中小学 → …覆盖的农村中小学
    else:
        subject = lead + noun
    return subject + "比例" if percent_of else subject


def _clause_noun(text: str, cs: int, sentence: "_Sentence") -> str:
    """The clause before ``cs`` as a subject, when the clause at ``cs`` names none
    (销售额翻番增长，达到14.4亿元) and that clause holds no number."""
    if cs < 2 or text[cs - 1] not in ",，" or sentence.before_has_number:
        return ""
    clause = text[max(sentence.before_start, cs - 30):cs - 1]
    if not clause or _DIGIT.search(clause):
        return ""
    return _noun_of(_tidy_left(clause))


class _Sentence:
    """What later clauses of a sentence build on: the last base noun and the last list of
    items shared out over numbers (A、B分别增长…, 比上年增长…和…)."""

    __slots__ = ("start", "base", "items", "before_start", "before_has_number")

    def __init__(self, start: int = -1) -> None:
        self.start, self.base, self.items = start, "", ()
        # The clause before the current one: where it starts, whether a claim is in it.
        self.before_start, self.before_has_number = 0, False


def _spread(head: str, size: int, sentence: _Sentence) -> Optional[List[str]]:
    """Subjects for ``size`` numbers joined into one list after ``head``
    (广播、电视覆盖率分别达到65%和70% → 广播覆盖率, 电视覆盖率)."""
    spreads = list(_SPREAD.finditer(head))
    m = spreads[-1] if spreads else None  # the last 分别/依次 before the numbers
    if m is not None:
        items_text, verb = head[:m.start()], head[m.end():]
    else:
        items_text = _cut_head(_SUBJECT_HEAD, head)
        for _ in range(2):
            items_text = _cut_tail(_SUBJECT_TAIL, items_text, 8)
        verb = ""
    lead = _tail(_VERB_LEAD, items_text, 5)
    if lead:
        items_text, verb = items_text[:lead.start()], lead.group() + verb
    verb = _cut_tail(_SUBJECT_TAIL, _cut_tail(_FROM, verb, 18), 8).rstrip("的")  # (rare: no pre-test)
    items = [i for i in _ITEM_SPLIT.split(_tidy_left(items_text))]
    if len(items) != size or not all(items):
        if not items_text.strip() and len(sentence.items) == size:
            items = list(sentence.items)  # 比上年增长33%和30%: the items said before
        else:
            return None
    before, last = items[-2], items[-1]
    shared = ""
    if all(len(i) == len(items[0]) for i in items[:-1]) and len(items[0]) <= 3 < len(last):
        shared = last[len(items[0]):]  # 广播、电视覆盖率
    elif len(last) > len(before) + 1 and last[len(before) - 1] == before[-1]:
        shared = last[len(before):]  # 工伤保险和生育保险参保人数
    items = [i if i.endswith(shared) else i + shared for i in items[:-1]] + [last]
    sentence.items = tuple(items)
    return [i + verb for i in items]


def _clause_subjects(text: str, group: Sequence[_Found], cs: int, ce: int,
                     sentence: _Sentence) -> List[str]:
    """Subjects of the claims ``group`` that share the clause ``text[cs:ce]``."""
    n = len(group)
    gaps = [text[cs:group[0].start]] + [text[group[k - 1].end:group[k].start] for k in range(1, n)] \
        + [text[group[-1].end:ce]]
    out: List[Optional[str]] = [None] * n
    k = 0
    while k < n:  # lists of numbers joined by 、/和 and 由A增加到B pairs
        j = k + 1
        while j < n and gaps[j].strip() in _RUN_JOINERS:
            j += 1
        if j - k > 1:
            out[k:j] = _spread(gaps[k], j - k, sentence) or [None] * (j - k)
            if out[k] is None:  # no items to share out: every number gets the first one's
                out[k] = _SPREAD.sub("", _one_subject(text, group, gaps, k, sentence, out, cs))
                out[k + 1:j] = [out[k]] * (j - k - 1)
            if j - k == 3 and gaps[k + 1].strip() in (":", "∶") \
                    and (_THREE_SECTORS.search(gaps[k]) or _THREE_SECTORS.search(out[k] or "")):
                out[k:j] = ["第一产业比重", "第二产业比重", "第三产业比重"]  # 三次产业结构 7:49:44
        elif j < n and _CHANGE_TO.match(gaps[j]) and _tail(_FROM, _own_left(text, group, gaps, k)[0], 18):
            left = _own_left(text, group, gaps, k)[0]
            m = _tail(_FROM, left, 18)
            noun = _tidy_left(left[:m.start()]) or _noun_of(sentence.base) \
                or _clause_noun(text, cs, sentence)
            first, second = m.group("time").strip("的"), _CHANGE_TO.match(gaps[j]).group("time")
            out[k] = first + noun if 0 < len(first) <= 8 else noun
            out[j] = second + noun if 0 < len(second) <= 8 else noun
            sentence.base = noun
            j += 1
        k = j
    for k in range(n):
        if out[k] is None:
            out[k] = _one_subject(text, group, gaps, k, sentence, out, cs)
    return out  # type: ignore[return-value]


def _one_subject(text: str, group: Sequence[_Found], gaps: List[str], k: int,
                 sentence: _Sentence, out: List[Optional[str]], cs: int) -> str:
    f = group[k]
    left, shares = _own_left(text, group, gaps, k) if k else (gaps[0], False)
    right = gaps[k + 1]
    if k + 1 < len(group):
        h = group[k + 1]
        if not right and (not left or _tail(_subject_patterns()[1], left, 6)):
            right = gaps[k + 2]  # 2722户1.03万群众入住…: both count the people after them
        elif right and _threshold(text, h) and gaps[k + 2] and not _JOINER_HEAD.match(gaps[k + 2]) \
                and not _tail(_JOINER_TAIL, right, 6):
            right += text[h.start:h.end] + gaps[k + 2]  # 5个投资50亿元以上项目
    subject = _tidy_left(left)
    after = _after_number(left, subject, right, f.unit, shares)
    if after is not None:
        sentence.base = after
        return after
    if subject in _ADVERBS:
        subject = ""
    if not subject and shares and out[k - 1]:
        return out[k - 1]  # 1036户2851人: the same households, counted twice; 77万公顷（1163万亩）
    if not subject or subject[-1] in _CHANGE_LAST and _CHANGE_ONLY.match(subject) \
            or subject[0] in _LINK_FIRST and _LINK_LEAD.match(subject):
        base = _base(text, cs, k, sentence)
        if base:
            return base + _SPREAD.sub("", subject)
    elif subject in _subject_patterns()[3]:
        subject = _base(text, cs, k, sentence) + subject
    elif subject[-1] in _TIME_LAST and _TIME_ONLY.match(subject):
        subject = subject + _base(text, cs, k, sentence)
    sentence.base = subject
    return subject


def _base(text: str, cs: int, k: int, sentence: _Sentence) -> str:
    """The noun a clause without one builds on: the clause before it when that names no
    number (销售额翻番增长，达到14.4亿元), else the last subject of the sentence."""
    return (_clause_noun(text, cs, sentence) if k == 0 else "") or _noun_of(sentence.base)


def _own_left(text: str, group: Sequence[_Found], gaps: List[str], k: int) -> Tuple[str, bool]:
    """(the words before claim ``k`` that may name it, whether it counts the same noun as
    the claim right before it)."""
    left = gaps[k]
    if not k:
        return left, False
    g = group[k - 1]
    if _JOINER_HEAD.match(left):
        return _cut_head(_JOINER_HEAD, left), False  # 新增企业6家、工厂2家: the next item's noun
    if _tail(_JOINER_TAIL, left, 6):
        return "", False  # 13个乡镇、386个村: the words belong to the number before
    if not left.strip("的（( "):
        return "", True  # 1036户2851人, 77万公顷（1163万亩）
    if left.startswith("的") or _threshold(text, g) and left[:1] not in "(（":
        return _cut_head(_JOINER_HEAD, gaps[k - 1]) + text[g.start:g.end] + left, False  # 超过5000万元的项目4个
    return left, False


def _threshold(text: str, f: _Found) -> bool:
    """亿元以上, 超过5000万元: a bound that names a class of things, not a count of them."""
    return f.qualifier != "exact" and (text[f.end - 2:f.end] in ("以上", "以下") or f.pre)


def _subjects(text: str, found: Sequence[_Found], stops: Sequence[int]) -> List[str]:
    """The subject of every claim in ``found`` (sorted, on the folded text; ``stops``: the
    offsets of the sentence marks)."""
    marks = [m.start() for m in _CLAUSE_MARK.finditer(text)]
    subjects: List[str] = []
    sentence = _Sentence()
    i, n, last = 0, len(found), len(marks)
    where = bisect.bisect_left
    while i < n:
        f = found[i]
        c = where(marks, f.start)
        cs = marks[c - 1] + 1 if c else 0
        e = where(marks, f.end, c)
        ce = marks[e] if e < last else len(text)
        j = i + 1
        while j < n and found[j].start < ce:
            j += 1
        s = where(stops, f.start)
        if s != sentence.start:
            sentence = _Sentence(s)
        sentence.before_start = marks[c - 2] + 1 if c > 1 else 0
        sentence.before_has_number = bool(i) and found[i - 1].end > sentence.before_start
        if j == i + 1:  # one number in the clause: the common case
            subjects.append(_one_subject(text, (f,), [text[cs:f.start], text[f.end:max(ce, f.end)]],
                                         0, sentence, [None], cs))
        else:
            subjects.extend(_clause_subjects(text, found[i:j], cs, max(ce, found[j - 1].end), sentence))
        i = j
    return [clean_subject(_final(s) if s[-1:] in _LOOSE_END else s) for s in subjects]


def _final(subject: str) -> str:
    """A subject that still ends in a link verb or a function word (占全国的, 清理整合到,
    收入完成) loses it, unless nothing would be left or the last character is bound in a
    word (惠及, 涉及, 普及: lexicons/claim_cues.tsv subject_bound)."""
    if subject[-2:] in _bound_words():
        return subject
    cut = _LOOSE_TAIL.sub("", _cut_tail(_SUBJECT_TAIL, subject, 8))
    return cut or subject


@lru_cache(maxsize=1)
def _bound_words() -> frozenset:
    return frozenset(cues().get("subject_bound", ()))


def _fold(text: str) -> Tuple[str, Optional[Normalized]]:
    """Width-folded text; the Normalized map only when offsets differ from the original
    (the common identity map is skipped when spans are mapped back)."""
    norm = normalize_cached(text)
    return norm.text, (None if isinstance(norm.to_original, range) else norm)


def _part_kinds(report: Report, sections: Optional[Sequence[Section]], norm: Optional[Normalized],
                length: int) -> Tuple[List[int], List[int], List[str]]:
    """(starts, body ends, kinds) of the sections on the folded text: the section tree is
    the only source of part kinds (review / problems / plans / other)."""
    if sections is None:
        from ..sections import split_sections
        sections = split_sections(report)
    if norm is not None:  # the folded text dropped characters: map the section offsets
        back = norm.to_original
        starts = [bisect.bisect_left(back, s.start) for s in sections]
        ends = [bisect.bisect_left(back, s.body_end) for s in sections]
    else:
        starts, ends = [s.start for s in sections], [s.body_end for s in sections]
    return starts, ends, [s.kind for s in sections]


def _kind_at(parts: Tuple[List[int], List[int], List[str]], offset: int) -> str:
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


def _targets(text: str, found: List[_Found], marks: List[int], target_re: re.Pattern,
             parts: Tuple[List[int], List[int], List[str]]) -> Tuple[List[_Found], List[bool]]:
    """(the claims kept, whether each is a target), decided sentence by sentence."""
    kept, targets, end, target, plans = [], [], -1, False, False
    for f in found:
        if f.start >= end:  # a new sentence: [start, end)
            i = bisect.bisect_left(marks, f.start)
            start = marks[i - 1] + 1 if i else 0
            end = marks[i] if i < len(marks) else len(text)
            passage = _kind_at(parts, f.start)
            plans = passage == "plans"
            if plans and _paragraph_looks_back(text, start):
                target = _is_target(text, start, end, "", target_re)
                plans = False
            else:
                target = _is_target(text, start, end, passage, target_re)
        if f.deadline and not target:
            continue  # 五年内新增… in a review frames the look back; a deadline looks forward
        kept.append(f)
        targets.append(target and not (plans and _looks_back(text, f.start)))
    return kept, targets


def extract_claims(report: Report, sections: Optional[Sequence[Section]] = None) -> List[Claim]:
    """Every quantitative claim of ``report`` in document order (ANNOTATION.md §2).

    ``sections``: the report's section tree (sections.split_sections, computed when not
    given); a claim's part kind decides with its sentence whether it is a target."""
    text, norm = _fold(report.text)
    candidate, names_re, target_re = _patterns()
    found: List[_Found] = []
    for m in candidate.finditer(text):
        read = _read(m, text)
        if read:
            found.extend(read)
    names = _name_spans(text, names_re)
    if names:
        found = _outside(found, names)
    if found and genre_of(report.text, report.meta) == PARTY:
        found = [f for f in found if not _rhetorical(f, text)]
    found = _share_qualifiers(found, text)
    marks = [m.start() for m in _SENTENCE_MARK.finditer(text)]
    kept, targets = _targets(text, found, marks, target_re, _part_kinds(report, sections, norm, len(text)))
    claims = []
    for f, target, subject in zip(kept, targets, _subjects(text, kept, marks)):
        start, end = norm.span(f.start, f.end) if norm else (f.start, f.end)
        claims.append(Claim(start, end, report.text[start:end], f.value, f.value_high, f.unit,
                            f.qualifier, f.placeholder, subject, target))
    return claims
