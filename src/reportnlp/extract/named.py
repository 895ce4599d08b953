"""Slogans and campaigns (ANNOTATION.md §3): quoted names and numeric formulas.

Every quoted stretch is a candidate. The word right after the closing quote decides
first (``“春蕾计划”助学活动`` → activity), then an honor verb before the opening quote
(``荣获“三八红旗手”``), a known item from the lexicons, a head-word inside the name,
the shape of a numeric formula, cue words in the name and finally the verb before it.
A candidate nothing speaks for is emphasis (``“卡脖子”``) and is dropped, as are
holidays, plan periods and titles in ``《》``. Known formulas and items are also found
without quotes (source ``formula`` when the name holds a numeral, else ``lexicon``).

All matching runs on the width-folded text; spans map back to the original.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, FrozenSet, Iterable, Iterator, List, Optional, Sequence, Tuple

from ..clauses import SENTENCE_OR_SEMICOLON
from ..genre import PARTY, genre_of
from ..lexicon import read_rows, read_words
from ..model import Named, Report
from ..normalize import fold, normalize_cached, simplified_for_matching
from ..wordpatterns import alternation, trie

Label = Tuple[str, str]  # (category, subtype)

# Quote pairs as they occur: curly, corner, straight, and mismatched mixes (“…" or "…”).
_OPEN = "“「『‘\""
_CLOSE = "”」』’\""
_QUOTED = re.compile(r'[“「『‘"]([^“”「」『』‘’"\n]{1,40}?)[”」』’"]')
# Between two quoted names that share one head-word: “A”“B”, “A”、“B”, “A”和“B”.
_CHAIN_GAP = re.compile(r"[、和与及或,，]?$")
# Words skipped after the closing quote before the head-word: “A”“B”等评选.
_AFTER_SKIP = re.compile(r"(?:等等|等|这一|这个|之)")
# The head-word window after a quote ends at punctuation, a quote, a digit or a line end.
# After 的 the next noun heads a new phrase (“四人帮”的群众运动), not the quoted name.
_WINDOW_END = re.compile(r"[，,。；;：:！!？?、\n“”「」『』\"‘’（(）)《》0-9的]")
_CLAUSE_START = re.compile(r"[，,。；;：:！!？?\n（(）)]")
_LEVEL = re.compile(r"(?:国家级|省级|市级|县级|区级|镇级|乡级|全国|全省|全市|国家|省|市|县)")
_DOT_VARIANTS = str.maketrans({c: "·" for c in "・•‧∙･‧⋅●・"})
_NOT_NAME_CHARS = re.compile(r"[\s“”「」『』‘’\"'《》]")
_PART_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")  # 喜迎二十大　巾帼建新功

_CN = "一二三四五六七八九十两双百千万"
_CN_NO_ONE = "二三四五六七八九十两双百千万"
# Plan periods (十四五, 七五, 十五) and congresses (十九大, 二十大) are not names.
_PERIOD = re.compile(r"^(?:[一二三四五六七八九十]{0,2}五)(?:规划|计划|时期|期间)?$")
_CONGRESS = re.compile(r"^[一二三四五六七八九十]{1,3}大$")
# Shapes of a numeric formula inside quotes.
_FORMULA_SHAPES = (
    re.compile(rf"^[{_CN}]个\S{{1,7}}$"),                               # 四个意识, 两个20%
    re.compile(rf"^(?:[{_CN}][^{_CN}\d、，,·]{{1,3}}){{2,}}$"),        # 三严三实, 四抓一打通
    re.compile(rf"^[{_CN_NO_ONE}]{{1,2}}[项条大类种张件篇型化好有无不重场对][^{_CN}\d]{{1,5}}$"),  # 八项规定, 十三对关系
    re.compile(rf"^[二三四五六七八九十两双][^{_CN}\d\W]{{1,2}}$"),         # 六稳, 三农, 三留守 (not 百姓富)
    re.compile(rf"^[{_CN_NO_ONE}][^{_CN}\d\W](?:融合|共治|共建|同创|联创|联动|协同|统筹|合一|并举|齐抓)$"),  # 五水共治, 五城共建
    re.compile(rf"^\S{{1,8}}[{_CN}]{{1,3}}条$"),                        # 外资十条
    re.compile(rf"^[{_CN_NO_ONE}多]合一$"),                              # 三合一, 多合一
    re.compile(rf"^[新老][二三四五六七八九十两双][^{_CN}\d\W]{{1,2}}$"),      # 新三样, 老三样, 新四化
    re.compile(r"^\d{2,6}$"),                                           # 333, 5678
    re.compile(r"^(?:\d{1,3}(?![年月日天周次倍个%])[\u4e00-\u9fff]{1,2}){2,}$"),  # 3转4强7新 (not 5年3倍)
    re.compile(r"^[0-9A-Za-z]+(?:[+×xX*][0-9A-Za-z\u4e00-\u9fff]+)+$"),  # 5+5, 1+N, 3×4
)
# All shapes as one pattern: one call instead of a Python loop over eight.
_ANY_FORMULA_SHAPE = re.compile("|".join(f"(?:{shape.pattern})" for shape in _FORMULA_SHAPES))
_N_GE = re.compile(rf"^[{_CN}]个")
# Not formulas though shaped like one: streaks (六连冠), spans of time (三年), 四人帮.
# Hospital and school grades (三甲, 三乙, 二甲) are no formulas either.
_NOT_FORMULA = re.compile(rf"^[{_CN}](?:连冠|人帮|[年月日天周次倍成代]|[甲乙丙丁]$)")
_GRADE = re.compile(r"^[一二三][甲乙丙]$|^[1-5][Aa]$")
# A short place name, often opening with a numeral (七星湖, 三江口, 五里河), or a count of
# rivers, lakes or hills (“三江”流域, “五河”水质, “两湾”联动): no formula, and no name at
# all unless a head-word after it says what is built or run there (a known “两山” stays).
_PLACE = re.compile(rf"^[{_CN}][^{_CN}\W\d]?[湖山河江岛湾峰岭泉溪洞塔寺滩坝坪沟峡洲]$")
# A date in quotes (“9·29”, “12.4”) names a day or a case filed under it, not a slogan.
_SINGLE_WORDS = re.compile(r"^[^、，,]([、，,][^、，,])+$")
# So do Chinese numerals with a dot between month and day (“九·一八”, “一二·九”) or with the
# day 廿/卅 (“五卅”); run together (“一二三四”, “八八”) they are formulas.
_DATE = re.compile(r"^\d{1,2}[·.\-]\d{1,2}$|^[一二三四五六七八九十]{1,2}(?:[·.][一二三四五六七八九十]{1,3}|[廿卅][一二三四五六七八九]?)$")
# Unquoted shapes, kept narrow: per-unit policies (一村一品) and N位一体.
# The per-unit shape must end the word (一村一品、 / 一村一品示范), so that 一镇一规划 and
# enumerations like 一村一党建指导员 are not cut in half.
# Every match opens with a numeral, consumed first so that the engine skips to numerals at
# C speed; the look-behinds then test that numeral ((?<=一)) and the character before it.
_UNQUOTED_SHAPES = re.compile(
    rf"[{_CN}](?:(?<![{_CN}第].)(?:(?<=一)([\u4e00-\u9fff])一(?!\1)([\u4e00-\u9fff])"
    rf"|(?<=[{_CN_NO_ONE}])位一体)(?![\u4e00-\u9fff])"
    r"|(?<=一)([\u4e00-\u9fff])一(?!\3)([\u4e00-\u9fff])"
    r"(?=示范|工程|模式|产业|发展|建设|格局|行动|工作|机制|要求|原则|精准))")
_PARALLEL = re.compile(r"[、，,]")
_CLAUSE_SPLIT = re.compile(r"[、，,；;·]")
_SPEECH_CLAUSE = re.compile(r"[，,；;]")
_DIGIT = re.compile(r"\d")
_CN_NUMERAL = re.compile(rf"[{_CN}]")
# Not the varying slots of 一村一品: counters (一步一个) or numerals (一九一六 is a year).
_UNQUOTED_SLOT_BLOCK = re.compile(rf"[个项步件年月日天次批点名位条{_CN}〇零]")
_REQUOTE_BLOCKED = re.compile(rf"[{_CN}第\d]")  # before a formula, a numeral: 十三个转变
# Up to this many requoted names are found with str.find each; more in one pass over the numerals.
_REQUOTE_FIND_MAX = 16


@dataclass(frozen=True)
class _Heads:
    """named_headwords.tsv split by role, each as word -> (category, subtype)."""

    after: Dict[str, Label]
    weak: Dict[str, Label]
    neg: FrozenSet[str]
    verbal: FrozenSet[str]
    suffix: Dict[str, Label]
    marker: Dict[str, Label]
    before: Dict[str, Label]
    level: FrozenSet[str]
    brand: Dict[str, Label]
    title: Dict[str, Label]
    coin: Dict[str, Label]
    pred: Dict[str, Label]
    count: FrozenSet[str]
    distance: FrozenSet[str]
    disown: FrozenSet[str]
    say: FrozenSet[str]
    pointer: FrozenSet[str]
    after_re: "re.Pattern[str]"
    before_re: "re.Pattern[str]"
    stop_re: "re.Pattern[str]"
    pred_re: "re.Pattern[str]"
    distance_re: "re.Pattern[str]"
    disown_re: "re.Pattern[str]"
    say_re: "re.Pattern[str]"
    pointer_re: "re.Pattern[str]"
    of: FrozenSet[str] = frozenset()
    slander_re: "re.Pattern[str]" = re.compile("(?!)")
    teaching_re: "re.Pattern[str]" = re.compile("(?!)")
    oppose_re: "re.Pattern[str]" = re.compile("(?!)")


@lru_cache(maxsize=1)
def _heads() -> _Heads:
    roles: Dict[str, Dict[str, Label]] = {r: {} for r in
                                          ("after", "weak", "neg", "verbal", "suffix", "marker", "before",
                                           "level", "brand", "title", "stop", "coin", "pred", "count",
                                           "distance", "disown", "say", "pointer", "of", "slander", "teaching",
                                           "oppose")}
    for word, category, subtype, role_list in read_rows("named_headwords.tsv", inline_comments=True):
        for role in role_list.split(","):
            roles[role.strip()][word] = (category, subtype)
    head_words = set(roles["after"]) | set(roles["weak"]) | set(roles["neg"]) | set(roles["title"])
    verbs = set(roles["before"]) | set(roles["level"]) | set(roles["brand"])
    return _Heads(roles["after"], roles["weak"], frozenset(roles["neg"]),
                  frozenset(roles["verbal"]), roles["suffix"],
                  roles["marker"], roles["before"], frozenset(roles["level"]),
                  roles["brand"], roles["title"], roles["coin"], roles["pred"], frozenset(roles["count"]),
                  frozenset(roles["distance"]), frozenset(roles["disown"]), frozenset(roles["say"]),
                  frozenset(roles["pointer"]),
                  # prefix trees: the longest word at a place, as an alternation finds it, but each
                  # first character is tried once instead of every word (these run per quote)
                  *(re.compile(trie(words)) for words in (head_words, verbs, roles["stop"], roles["pred"],
                                                          roles["distance"], roles["disown"], roles["say"])),
                  re.compile(f"(?:{alternation(roles['pointer'])})$" if roles["pointer"] else "(?!)"),
                  of=frozenset(roles["of"]),
                  slander_re=re.compile(trie(roles["slander"])) if roles["slander"] else re.compile("(?!)"),
                  teaching_re=re.compile(f"{_CLOSE_QUOTE.pattern}的(?:{trie(roles['teaching'])})")
                  if roles["teaching"] else re.compile("(?!)"),
                  oppose_re=re.compile(trie(roles["oppose"])) if roles["oppose"] else re.compile("(?!)"))


@lru_cache(maxsize=1)
def _wrapper() -> "re.Pattern[str]":
    """A generic event wrapper at the end of a name (系列活动, 主题教育), from lexicons/named_wrappers.txt."""
    return re.compile(rf"(?:{alternation(read_words('named_wrappers.txt')) or '(?!)'})$")


def canonical_name(text: str) -> str:
    """The name used to link one item across documents: widths folded, quotes and title
    marks stripped, every middle-dot variant and a space between two parts as ``·``, and
    a generic event wrapper dropped (``“巾帼心向党”系列活动`` links with ``巾帼心向党``)."""
    return _canonical_folded(fold(text))


def _canonical_folded(folded: str) -> str:
    """:func:`canonical_name` of text whose widths are already folded (a slice of the
    normalised text): folding is per character, so the slice need not be folded again."""
    folded = _PART_SPACE.sub("·", folded.strip()).translate(_DOT_VARIANTS)
    name = _folded_form(folded)
    bare = _wrapper().sub("", name)
    return bare if len(bare) >= 2 else name


# Per surface, cached: the same quoted surfaces recur within and across reports.
_canonical_cached = lru_cache(maxsize=1 << 16)(_canonical_folded)


def _match_form(text: str) -> str:
    """Widths folded, quotes, spaces and title marks stripped: the form lexicons are keyed on."""
    return _folded_form(fold(text))


def _folded_form(folded: str) -> str:
    """:func:`_match_form` of already-folded text."""
    return _NOT_NAME_CHARS.sub("", folded.translate(_DOT_VARIANTS))


_folded_cached = lru_cache(maxsize=1 << 16)(_folded_form)


@lru_cache(maxsize=1)
def _lexicon() -> Dict[str, Label]:
    """Every known name (canonical form) with its label; later files do not override."""
    known: Dict[str, Label] = {}
    for name, category, subtype in read_rows("known_items.tsv", inline_comments=True):
        known.setdefault(_match_form(name), (category, subtype))
    for name in read_words("formulas.txt"):
        known.setdefault(_match_form(name), ("slogan", "formula"))
    for name in read_words("tifa.txt"):
        known.setdefault(_match_form(name), ("slogan", "tifa"))
    return known


@lru_cache(maxsize=1)
def _not_named() -> FrozenSet[str]:
    return frozenset(_match_form(w) for w in read_words("not_named.txt"))


def _unquoted_names() -> List[str]:
    # Two-character names are too ambiguous without quotes unless they hold a numeral (三农).
    names = [n for n in _lexicon() if len(n) >= 3 or _CN_NUMERAL.search(n)]
    return sorted(n for n in names if not n.isdigit())


@lru_cache(maxsize=1)
def _unquoted_re() -> "re.Pattern[str]":
    return re.compile(_first_then_lookbehind(_unquoted_names(), rf"[{_CN}第]"))


@lru_cache(maxsize=1)
def _unquoted_automaton():
    """An Aho-Corasick automaton of the names found without quotes (None without ahocorasick_rs)."""
    try:
        import ahocorasick_rs
    except ImportError:
        return None
    return ahocorasick_rs.AhoCorasick(_unquoted_names(), matchkind=ahocorasick_rs.MatchKind.Standard)


_UNQUOTED_BLOCKED = frozenset(_CN + "第")


def _unquoted_spans(text: str) -> List[Tuple[int, int]]:
    """The spans ``_unquoted_re().finditer(text)`` gives: left to right, the longest name at a
    place not after a numeral or 第, no overlaps. The regex tries its hundreds of first
    characters at a fifth of all places; the automaton finds every occurrence (overlaps
    included) in one pass, in a third of the time, and the rule is applied to those few."""
    automaton = _unquoted_automaton()
    if automaton is None:
        return [m.span() for m in _unquoted_re().finditer(text)]
    ends: Dict[int, int] = {}
    for _, start, end in automaton.find_matches_as_indexes(text, overlapping=True):
        if end > ends.get(start, -1):
            ends[start] = end
    spans: List[Tuple[int, int]] = []
    last_end = -1
    for start in sorted(ends):
        if start >= last_end and not (start and text[start - 1] in _UNQUOTED_BLOCKED):
            spans.append((start, ends[start]))
            last_end = ends[start]
    return spans


def _first_then_lookbehind(names: Sequence[str], before: str) -> str:
    """``(?<!before)(?:trie of names)`` with the look-behind moved after the first
    character (``c(?<!before.)…``): the pattern then opens with a literal in every branch,
    so the engine skips at C speed to the positions where a name can start."""
    by_first: Dict[str, List[str]] = {}
    for name in names:
        by_first.setdefault(name[0], []).append(name[1:])
    return "(?:" + "|".join(re.escape(first) + rf"(?<!{before}.)" + trie(rests)
                            for first, rests in sorted(by_first.items())) + ")"


def named_userdict() -> List[str]:
    """Canonical names from the lexicons, for a word segmenter's user dictionary."""
    return sorted(_lexicon())


def is_numeric_formula(name: str) -> bool:
    """Whether a quoted name has the shape of a numeric formula (三严三实, 四个意识, 5+5)."""
    if _PERIOD.match(name) or _CONGRESS.match(name) or _NOT_FORMULA.match(name) or _PLACE.match(name):
        return False
    if name in _not_named():
        return False
    return bool(_ANY_FORMULA_SHAPE.match(name))


_FORMULA: Label = ("slogan", "formula")
_TIFA: Label = ("slogan", "tifa")
_PROGRAM: Label = ("campaign", "program")
_REDUPLICATED_TONG = re.compile(r"^(.)\1通$")  # 村村通, 镇镇通
# Policy abbreviations: 个转企, 煤改气, 公转铁; combinations: 互联网+监管, 文化+旅游.
# (代 of a word for an age is no shift: 现代大儒, 时代新人)
_SHIFT = re.compile(r"^[\u4e00-\u9fff]{1,2}(?:[转升改]|(?<![现时年当古近世])代)[\u4e00-\u9fff]{1,2}$"
                    r"|(?<!\+)\+(?!\+)")  # ++ is a mask
_ALL_THAT = re.compile(r"^应(.)尽\1$")          # 应保尽保, 应检尽检: a tifa
_MOTTO: Label = ("slogan", "motto")
_PLATFORM: Label = ("campaign", "platform")
_NEGATED = re.compile(r"[不难]|^敢")  # 不愿贷, 事难办: complaints, not products or services
_AWARDED = ("activity", "honor")  # selections whose winners carry the name as a title
# A tendency a report criticises, not a name: 重挂牌、轻活动, 重建设轻管理.
_FAVOURS = re.compile(r"^重[^、，,]{1,4}[、，,]?轻[^、，,]{1,4}$")
# Rallying "X兴市 / X强县 / X立镇" shapes: 工业强市, 科教兴国, 实干兴村.
_RALLY = re.compile(r"[兴强立富][国省市州县区镇乡村企]")
# A province's own brand (“河北福嫂”, “好客山东”, “匠心湖北”): the province opens or closes
# a short coinage with no punctuation.
_PROVINCES = ("北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南"
              "|广东|海南|四川|贵州|云南|陕西|甘肃|青海|内蒙古|广西|西藏|宁夏|新疆|龙江|八桂|三秦|齐鲁|荆楚|燕赵")
_REGION_BRAND = re.compile(rf"^(?:(?:{_PROVINCES})[\u4e00-\u9fff]{{2,3}}|[\u4e00-\u9fff]{{2,3}}(?:{_PROVINCES}))$")
_EMPHASIS_END = re.compile(r"[难贵热病]$")      # 看病难, 择校热: problems, not names
# “黄金30条”, “金融十条”: a named package of policy articles
_POLICY_SET = re.compile(r"^[\u4e00-\u9fff]{2,12}(?:\d{1,3}|[一二三四五六七八九十百]{1,3})条$")
_OF_MIN = 4  # “预防为主”的方针 is a formulation, “火车头”的要求 a metaphor
_STREAK = re.compile(rf"^[{_CN}\d]+连[冠胜增]$")   # 创建实现“五连冠”: a count of wins, not a name
_BEFORE_GAP = 8
_DISTANCE_GAP = 6
_DISOWN_REACH = 16
_SLANDER_REACH = 24
_SAY_GAP = re.compile(r"[:：,，]?")  # 指出：“, 指示“ (not 指示和“, a noun)
_FULL_STOP = re.compile(r"。")  # a quote of whole sentences is speech
_SET_PHRASE = 4  # a clause this short is a set phrase (合理布局), not running speech
_FIRST_PERSON = re.compile(r"本党|我党|吾党")
_SPOKEN_END = re.compile(r"(?<![氧网书酒茶水话乐])[嘛吧呢啊呀吗哪]$")  # not 氧吧, 网吧


@dataclass(frozen=True)
class _Context:
    """What stands around one quoted name: the head-word after it, the verb before it."""

    after_role: str = ""          # after | title | weak | of | pred | neg | ""
    after_label: Optional[Label] = None
    before_role: str = ""         # honor | brand | verb | ""
    before_label: Optional[Label] = None
    speech: bool = False
    distanced: bool = False       # 所谓“…”, 说什么“…”: an opponent's phrase
    after_adjacent: bool = False  # the "after" head-word follows the quote at once (等 aside)


def _head_after(text: str, pos: int) -> Tuple[str, Optional[Label]]:
    """(role, label) of the head-word that follows a closing quote at ``pos``."""
    heads = _heads()
    window = text[pos:pos + 14]
    skip = _AFTER_SKIP.match(window)
    if skip:
        window = window[skip.end():]
    if window.startswith("的"):  # “看病难”的问题: only an emphasis head reaches past 的,
        # and a formulation's head (“缺什么补什么”的原则, “…”的方针, “…”的要求)
        role, label = _head_after(text, pos + len(text[pos:pos + 14]) - len(window) + 1)
        if role == "weak" and any(window.startswith(word, 1) for word in heads.of):
            return "of", label
        return (role, label) if role == "neg" else ("", None)
    pred = heads.pred_re.match(window)
    if pred:
        return "pred", heads.pred[pred.group()]
    cut = _WINDOW_END.search(window)
    window = window[:cut.start() if cut else 10][:10]
    verb = heads.stop_re.search(window)  # “妇女之家”开展活动: 活动 is the verb's object
    window = window[:verb.start()] if verb else window
    # A verbal head (建设, 创建) names the item only right after the quote.
    m = next((m for m in heads.after_re.finditer(window)
              if m.start() == 0 or m.group() not in heads.verbal), None)
    if not m:
        return "", None
    # The last noun of a compound decides (行动计划 -> 计划), but 主题… stays a motto.
    while m.group() not in heads.neg and heads.after.get(m.group(), ("", ""))[1] != "motto":
        nxt = heads.after_re.match(window, m.end())
        if not nxt or nxt.group() in heads.verbal:
            break
        m = nxt
    word = m.group()
    if word in heads.after:
        return "after", heads.after[word]
    if word in heads.title:
        return "title", heads.title[word]
    if word in heads.weak:
        return "weak", heads.weak[word]
    return "neg", None


def _head_adjacent(text: str, pos: int) -> bool:
    """Whether a head-word of role ``after`` stands right after a closing quote at ``pos``."""
    window = text[pos:pos + 8]
    skip = _AFTER_SKIP.match(window)
    m = _heads().after_re.match(window, skip.end() if skip else 0)
    return bool(m) and m.group() in _heads().after


def _verb_before(text: str, pos: int, name: str) -> Tuple[str, Optional[Label]]:
    """(role, label) of the verb that opens the clause holding an opening quote at ``pos``."""
    heads = _heads()
    segment = text[max(0, pos - 16):pos]
    starts = list(_CLAUSE_START.finditer(segment))
    if starts:
        segment = segment[starts[-1].end():]
    found = list(heads.before_re.finditer(segment))
    if not found:
        return "", None
    word, gap = found[-1].group(), segment[found[-1].end():]
    if len(gap) > _BEFORE_GAP:
        return "", None
    if word in heads.level:
        if _LEVEL.search(gap) or _LEVEL.match(name):
            return "honor", ("campaign", "honor")
        if word not in heads.before or len(gap) > 4:
            return "", None
        return "verb", heads.before[word]  # 深入创建“和谐平安社区”: a last resort only
    if word in heads.brand:
        return ("brand", heads.brand[word]) if len(gap) <= 4 else ("", None)
    label = heads.before[word]
    if label[1] == "honor":
        return "honor", label
    return ("verb", label) if len(gap) <= 4 else ("", None)


def _runs_activity(text: str, pos: int, label: Optional[Label]) -> bool:
    """Whether a verb of running an activity (开展, 举办) stands right before the opening
    quote at ``pos`` (开展“回头看”, not 在组织上要有“…”)."""
    return label is not None and label[1] == "activity" and any(
        m.end() == pos for m in _heads().before_re.finditer(text, max(0, pos - 6), pos))


def _suffix_label(name: str) -> Optional[Label]:
    suffixes = _heads().suffix
    for size in range(min(len(name) - 1, 6), 0, -1):
        label = suffixes.get(name[-size:])
        if label:
            return label
    if (len(name) >= 3 and name.endswith("制")) or _REDUPLICATED_TONG.match(name):
        return _PROGRAM
    return None


def _coin_label(name: str) -> Optional[Label]:
    """The label of a coinage (萌芽贷, 光谷, 设计之都); in a list every item must be one."""
    parts = _PARALLEL.split(name)
    labels = {_coin_ending(part) for part in parts}
    return labels.pop() if len(labels) == 1 else None


def _coin_ending(name: str) -> Optional[Label]:
    if len(name) < 3 or _NEGATED.search(name):
        return None
    coins = _heads().coin
    for size in range(min(len(name) - 1, 3), 0, -1):
        label = coins.get(name[-size:])
        if label:
            return label
    return None


def _marker_label(name: str) -> Optional[Label]:
    markers = _heads().marker
    for word, label in markers.items():
        if word in name:
            return label
    return None


def classify_name(name: str, context: _Context = _Context()) -> Optional[Label]:
    """(category, subtype) of a quoted name in its context, or None when it is no name."""
    if len(name) < 2 and not name.isdigit() or context.speech:
        return None  # “稳”和“进”, “闯”的精神: single words in quotes are emphasis
    if name in _not_named() or _PERIOD.match(name) or _CONGRESS.match(name) or _FAVOURS.match(name) \
            or _GRADE.match(name) or context.distanced or _SINGLE_WORDS.match(name):
        return None  # _SINGLE_WORDS: “人、地、钱”, “打、防、整”, a list of single words, is emphasis
    numeric = is_numeric_formula(name)
    known = _lexicon().get(name)
    if numeric and _N_GE.match(name) and (known or not context.after_adjacent):
        # 四个意识, 七个专项行动: a counted set is a formula whatever follows, unless a
        # head-word right after the quote names what it is (“五个100”工程 -> program)
        return _FORMULA
    if _DATE.match(name) and not known and context.after_role != "after":
        return None  # “6·23”特大龙卷风: a date, unless an event is held on it
    if _PLACE.match(name) and not known and context.after_role in ("", "neg"):
        return None  # 七星湖: a place, unless a head-word says what is built or run there
    if context.after_role == "after":
        own = known or _suffix_label(name)
        if own == _PLATFORM and context.after_label[1] == "activity" and not _PARALLEL.search(name):
            return _PLATFORM  # “妇女之家”活动: a facility hosts activities, it is not one
        return context.after_label
    if context.before_role == "honor":
        return context.before_label
    if context.after_role == "title" and not numeric and (known is None or known[1] in _AWARDED):
        return context.after_label  # “美丽庭院”示范户: households carry the title
    if known:
        return known
    label = _suffix_label(name)
    if label:
        return label
    return _FORMULA if numeric else _content_label(name, context)


@lru_cache(maxsize=1 << 16)
def _classify_in(name: str, *context) -> Optional[Label]:
    """``classify_name(name, _Context(*context))``, cached: it depends on the name and the
    context alone, and reports quote the same names in the same contexts again and again."""
    return classify_name(name, _Context(*context))


def _content_label(name: str, context: _Context) -> Optional[Label]:
    """The label when neither a head-word, an honor verb nor a lexicon decides: the shape
    of the name, then weak context (a vague head-word, a verb before the quote)."""
    if context.after_role == "neg" and not _coin_label(name):
        return None  # emphasis: “卡脖子”问题, “看病难”的问题 (but “惠农快贷”等产品)
    if "的" in name or _EMPHASIS_END.search(name) or _STREAK.match(name):
        return None
    label = _marker_label(name)
    if label:
        return label
    if _POLICY_SET.match(name):
        return _PROGRAM
    if all(_SHIFT.search(part) for part in _PARALLEL.split(name)):
        return _PROGRAM
    if _ALL_THAT.match(name):
        return _TIFA
    label = _coin_label(name)
    if label:  # a head-word after the quote outranks the shape: “汉阳造”文化创意产业园
        return context.after_label if context.after_role == "weak" else label
    if "·" in name or _RALLY.search(name) or _is_brand(name, context):
        return _MOTTO
    if _PARALLEL.search(name):
        return _TIFA
    if context.after_role and context.after_label != _MOTTO \
            and (context.after_role != "of" or len(name) >= _OF_MIN):
        # a weak head-word: “会改联”工作; after 的 only for a formulation long enough not
        # to be a metaphor (当好“火车头”、“发动机”的要求)
        return context.after_label
    if context.before_role == "verb":
        return context.before_label
    return _MOTTO if _REGION_BRAND.match(name) else None


def _is_brand(name: str, context: _Context) -> bool:
    """A brand built or polished (打造“…”, “…”品牌): long enough not to be a metaphor (“芯片”)."""
    brand_after = context.after_role == "weak" and context.after_label == _MOTTO
    if _PARALLEL.search(name):  # 打造“水清、岸绿”的…: a list of aims, unless called a brand
        return brand_after
    return len(name) >= 4 and (brand_after or context.before_role == "brand") \
        or len(name) == 3 and brand_after


def _distanced(text: str, pos: int) -> bool:
    """Whether a distancing word (所谓, 说什么, 宣称) stands before the opening quote at
    ``pos`` in the same clause: the quoted words are an opponent's, not a name."""
    segment = text[max(0, pos - 12):pos]
    starts = list(_CLAUSE_START.finditer(segment))
    if starts:
        segment = segment[starts[-1].end():]
    found = list(_heads().distance_re.finditer(segment))
    if found and len(segment) - found[-1].end() <= _DISTANCE_GAP:
        return True
    # 诬蔑这些老干部在我们党内形成“…”: a slander reaches the quote across its clause
    # (matched in place: this runs for every quote, and almost always finds nothing)
    found = list(_heads().slander_re.finditer(text, max(0, pos - _SLANDER_REACH), pos))
    return bool(found) and not _CLAUSE_START.search(text, found[-1].end(), pos)


_OPPOSE_CUT = re.compile(r"[，,。；;：:！!？?\n（(）)“”「」『』\"、]")


def _opposed(text: str, pos: int) -> bool:
    """Whether a verb that rejects what follows (反对, 杜绝, 决不允许) stands before the opening
    quote at ``pos`` in the same clause, with no other quote or list item between: the quoted
    words are a practice or line the writer condemns (杜绝“胡子工程”, 反对陈独秀的“…”)."""
    segment = text[max(0, pos - 12):pos]
    cuts = list(_OPPOSE_CUT.finditer(segment))
    if cuts:
        segment = segment[cuts[-1].end():]
    found = list(_heads().oppose_re.finditer(segment))
    return bool(found) and len(segment) - found[-1].end() <= _DISTANCE_GAP


def _said(text: str, pos: int) -> bool:
    """Whether a verb of saying stands right before the opening quote at ``pos``
    (明确指示“…”, 指出：“…”)."""
    segment = text[max(0, pos - 8):pos]
    found = list(_heads().say_re.finditer(segment))
    return bool(found) and bool(_SAY_GAP.fullmatch(segment[found[-1].end():]))


def _disowned(text: str, pos: int) -> bool:
    """Whether the words after a closing quote at ``pos`` disown the quoted words
    (“…”等等污蔑, 以“…”责备) or file them as a saying (“…”这些格言), in the same sentence."""
    segment = text[pos:pos + _DISOWN_REACH]
    end = SENTENCE_OR_SEMICOLON.search(segment)
    return bool(_heads().disown_re.search(segment[:end.start() if end else len(segment)]))


def _in_title(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside an open 《…》 document title (within 60 characters)."""
    low = max(0, pos - 60)
    return text.rfind("《", low, pos) > text.rfind("》", low, pos)


def _is_speech(text: str, start: int, name: str) -> bool:
    """Words quoted from a person: long, several clauses, whole sentences, after a colon,
    or right after a verb of saying (指出, 指示, 斥责)."""
    anywhere, many_clauses, several_clauses = _speech_shape(name)
    if anywhere or _said(text, start - 1):
        return True
    if many_clauses and _stands_alone(text, start):
        return True  # a quote of four short clauses that is a sentence of its own: a saying
    if several_clauses and _teaching_after(text, start):
        # 遵照毛主席关于“严格训练，严格要求，才能打仗”的教导: a person's words (one clause,
        # “三个务必”的谆谆教导, is a formula the teaching names)
        return True
    return several_clauses and text[start - 2:start - 1] in (":", "：")


@lru_cache(maxsize=1 << 16)
def _speech_shape(name: str) -> Tuple[bool, bool, bool]:
    """What the quoted words alone say (cached per name): (speech wherever they stand, more
    than three clauses, more than one clause); the last two feed the checks that depend on
    where the quote stands."""
    clauses = [c for c in _SPEECH_CLAUSE.split(name) if c]
    anywhere = bool(
        _FULL_STOP.search(name)
        # (“统一规划，合理布局，适度调整，有序发展”的原则: four set phrases are a formulation)
        or len(name) > 25 or len(clauses) > 3 and any(len(c) > _SET_PHRASE for c in clauses)
        or any(len(c) > 16 for c in _CLAUSE_SPLIT.split(name))
        # “…，本党愿为其彻底实现而奋斗”: a declaration, not a slogan
        or len(clauses) > 1 and _FIRST_PERSON.search(name)
        # “…三年、四年、五年也好嘛”: a particle that ends spoken words
        or len(name) > 4 and _SPOKEN_END.search(name))
    return anywhere, len(clauses) > 3, len(clauses) > 1


def _stands_alone(text: str, start: int) -> bool:
    """Whether the quote opening before ``start`` is a sentence of its own (“合抱之木，生于
    毫末；九层之台，起于累土”。): a saying quoted, not a formulation a sentence names."""
    close = _CLOSE_QUOTE.search(text, start)
    return close is None or text[close.end():close.end() + 1] in ("", "。", "！", "？", "!", "?", "\n")


_CLOSE_QUOTE = re.compile(r"[”」』’\"]")


def _teaching_after(text: str, start: int) -> bool:
    """Whether the quote opening before ``start`` is called someone's teaching (“…”的教导)."""
    close = _CLOSE_QUOTE.search(text, start)
    return close is not None and bool(_heads().teaching_re.match(text, close.start()))


def _quoted_chains(text: str) -> Iterator[List[Tuple[int, int]]]:
    """Runs of quoted names (content spans) that stand together and share a head-word."""
    chain: List[Tuple[int, int]] = []
    for m in _QUOTED.finditer(text):
        # the gap is matched in place (endpos), not sliced out: it can be long
        if chain and not _CHAIN_GAP.match(text, chain[-1][1] + 1, m.start()):
            yield chain
            chain = []
        chain.append(m.span(1))
    if chain:
        yield chain


def _quoted_named(text: str, party: bool = False) -> Iterator[Tuple[int, int, Label]]:
    oppose = _heads().oppose_re
    for chain in _quoted_chains(text):
        after_role, after_label = _head_after(text, chain[-1][1] + 1)
        first = text[chain[0][0]:chain[0][1]].strip()
        before_role, before_label = _verb_before(text, chain[0][0] - 1, first)
        if party and before_role == "verb" and not _runs_activity(text, chain[0][0] - 1, before_label):
            # A verb is a last resort in government reports (推行“河长制”); a party report
            # quotes its opponents' terms after the same verbs (实行“国际专政”, 建立“通讯网”):
            # there only an activity it runs itself counts (开展“回头看”).
            before_role, before_label = "", None
        distanced = _distanced(text, chain[0][0] - 1) or _disowned(text, chain[-1][1] + 1)
        # (the rejecting verb is matched in place first: this runs for every quote, and _opposed
        # looks closer only at the few where one stands)
        pointed = bool(_heads().pointer_re.search(text, max(0, chain[0][0] - 5), chain[0][0] - 1)) \
            or bool(oppose.search(text, chain[0][0] - 13 if chain[0][0] > 13 else 0, chain[0][0] - 1)) \
            and _opposed(text, chain[0][0] - 1)
        adjacent = after_role == "after" and _head_adjacent(text, chain[-1][1] + 1)
        members = []
        for start, end in chain:
            name = _folded_cached(text[start:end])
            if not name or _in_title(text, start):
                continue
            fields = (after_role, after_label, before_role, before_label, _is_speech(text, start, name),
                      distanced, adjacent)
            label = _classify_in(name, *fields)
            if pointed and label and name not in _lexicon() and not is_numeric_formula(name):
                label = None  # 这些“政令、军令”: words said before, pointed back at; 杜绝“…”: condemned
            members.append((start, end, name, fields, label))
        shared = _chain_label([m[4] for m in members])
        for start, end, name, fields, label in members:
            if label is None and shared and not pointed and _may_share(name, _Context(*fields)):
                label = shared  # “中博会”、“珠洽会”、“广博会”: a list of one kind of thing
            if label:
                yield start, end, label


def _chain_label(labels: Sequence[Optional[Label]]) -> Optional[Label]:
    """The label a chain of quoted names shares out to its unlabelled members: the one
    label of at least two members that are at least half of the chain (no other label)."""
    found = [label for label in labels if label]
    if len(found) < 2 or 2 * len(found) < len(labels) or len(set(found)) != 1:
        return None
    return found[0]


def _may_share(name: str, context: _Context) -> bool:
    """Whether an unlabelled member of a chain may take its neighbours' label: a short name
    that no rule rules out (not speech, emphasis, a date, a grade, a place, a list)."""
    return 2 <= len(name) <= 8 and not (
        context.speech or context.distanced or context.after_role == "neg" or "的" in name
        or name in _not_named() or _PERIOD.match(name) or _CONGRESS.match(name)
        or _GRADE.match(name) or _DATE.match(name) or _PLACE.match(name)
        or _PARALLEL.search(name) or _EMPHASIS_END.search(name) or _FAVOURS.match(name)
        or _STREAK.match(name))


def _unquoted_named(text: str, taken: Sequence[Tuple[int, int]],
                    quoted: Sequence[str] = ()) -> Iterator[Tuple[int, int, Label, str]]:
    """Known formulas and items without quotes, the narrow unquoted formula shapes, and
    numeric formulas this document quotes elsewhere (“三个转变” … 落实三个转变)."""
    known = _lexicon()
    blocked = sorted(taken)
    hits = [(start, end, known[text[start:end]]) for start, end in _unquoted_spans(text)]
    hits += _requoted(text, [q for q in quoted if q not in known])
    hits += [(m.start(), m.end(), _FORMULA) for m in _UNQUOTED_SHAPES.finditer(text)
             if m.group() not in _not_named() and m.group() not in known
             and not _UNQUOTED_SLOT_BLOCK.search(m.group()[1::2])]
    hits.sort()
    last_end = -1
    for start, end, label in hits:
        if start < last_end or _overlaps(blocked, start, end) or _in_title(text, start):
            continue
        last_end = end
        name = text[start:end]
        numeric = label == _FORMULA or is_numeric_formula(_folded_cached(name))
        source = "formula" if numeric else "lexicon"
        yield start, end, label, source


# Party reports and reports before 1980 quote opponents' words again and again (“走资派”):
# there a name once found is not looked for in the other quotes.
_PLAIN_QUOTES_FROM = 1980


def _quoted_again(text: str, found: Sequence[Tuple[int, int, Label, str]]) -> List[Tuple[int, int, Label, str]]:
    """The other quoted occurrences of a name the document quotes as one elsewhere (三张
    “零关税”清单 where “零关税”政策 is a programme): a name keeps its label in every quote of
    the report, unless a quote is speech or distanced (所谓“…”) or pointed back at."""
    labels: Dict[str, Label] = {}
    for start, end, label, _ in found:
        labels.setdefault(_folded_form(text[start:end]), label)
    if not labels:
        return []
    taken = {(start, end) for start, end, _, _ in found}
    out = []
    for m in _QUOTED.finditer(text):
        start, end = m.span(1)
        if (start, end) in taken:
            continue
        name = _folded_form(text[start:end])
        label = labels.get(name)
        if label is None or len(name) < 2 or _in_title(text, start) or _is_speech(text, start, name) \
                or _distanced(text, start - 1) or _disowned(text, end + 1) or _said(text, start - 1) \
                or _heads().pointer_re.search(text, max(0, start - 6), start - 1) or _opposed(text, start - 1):
            continue
        out.append((start, end, label, "quoted"))
    return out


def _requoted(text: str, names: Sequence[str]) -> List[Tuple[int, int, Label]]:
    # Three characters at least, and no numeral or 第 just before: 三个转变 not 十三个转变.
    counted = _heads().count
    names = {n for n in names if len(n) >= 3 and is_numeric_formula(n) and not _DIGIT.search(n)
             and not any(n.endswith(w) for w in counted)}
    # str.find per name, not a regex alternation: compiling a new pattern for every
    # document cost far more than the scan. The longest name wins at a position and
    # the hits do not overlap, as with a regex.
    ends: Dict[int, int] = {}
    if len(names) > _REQUOTE_FIND_MAX:
        # Many names (a long document) would make one find per name quadratic in the
        # length; the regex engine tries alternatives one by one, so an alternation is no
        # better. Every such name holds a numeral: visit each numeral of the text once and
        # look up, by set, the names whose first numeral it could be.
        ends, names = _starts_by_numeral(text, names), {n for n in names if not _CN_NUMERAL.search(n)}
    for name in names:
        at = text.find(name)
        while at >= 0:
            if not (at and _REQUOTE_BLOCKED.match(text, at - 1)):
                ends[at] = max(ends.get(at, 0), at + len(name))
            at = text.find(name, at + 1)
    hits: List[Tuple[int, int, Label]] = []
    for start in sorted(ends):
        if not hits or start >= hits[-1][1]:
            hits.append((start, ends[start], _FORMULA))
    return hits


def _starts_by_numeral(text: str, names: Iterable[str]) -> Dict[int, int]:
    """start -> end of the longest of ``names`` there (starts not after a numeral or 第),
    for the names that hold a Chinese numeral, in one pass over the text's numerals."""
    # Each name is filed under up to three characters from its first numeral on, with
    # how far before the numeral it starts; a numeral of the text looks up its own.
    anchored: Dict[str, List[Tuple[int, str]]] = {}
    for name in set(names):
        m = _CN_NUMERAL.search(name)
        if m:
            anchored.setdefault(name[m.start():m.start() + 3], []).append((m.start(), name))
    widths = sorted({len(key) for key in anchored})
    ends: Dict[int, int] = {}
    for m in _CN_NUMERAL.finditer(text):
        p = m.start()
        for width in widths:
            for k, name in anchored.get(text[p:p + width], ()):
                at = p - k
                if (at >= 0 and text.startswith(name, at) and at + len(name) > ends.get(at, 0)
                        and not (at and _REQUOTE_BLOCKED.match(text, at - 1))):
                    ends[at] = at + len(name)
    return ends


def _overlaps(spans: Sequence[Tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_right(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(0, i - 3):i])


@dataclass(frozen=True)
class _Sense:
    label: str
    cues: Tuple[str, ...]
    first: int
    last: int


@lru_cache(maxsize=1)
def _senses() -> Dict[str, Tuple[_Sense, ...]]:
    """named_senses.tsv by canonical name, in file order."""
    table: Dict[str, List[_Sense]] = {}
    for row in read_rows("named_senses.tsv", inline_comments=True):
        name, label, cues, years = (row + ("", "", ""))[:4]
        low, _, high = years.partition("-") if "-" in years else (years, "", years)
        table.setdefault(_canonical_folded(fold(name)), []).append(
            _Sense(label, tuple(c for c in cues.split("|") if c),
                   int(low) if low else 0, int(high) if high else 9999))
    return {name: tuple(senses) for name, senses in table.items()}

_SENSE_REACH = 60


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding ``text[start:end]``, at most _SENSE_REACH characters each side."""
    left = text[max(0, start - _SENSE_REACH):start]
    cut = [m.end() for m in SENTENCE_OR_SEMICOLON.finditer(left)]
    right = text[end:end + _SENSE_REACH]
    stop = SENTENCE_OR_SEMICOLON.search(right)
    return left[cut[-1] if cut else 0:] + text[start:end] + right[:stop.start() if stop else len(right)]


def sense_of(name: str, sentence: str, year: Optional[int]) -> Optional[str]:
    """The sense label of a canonical ``name`` in ``sentence`` of a report of ``year``
    (None when the name has one sense; "-" when in this sense it is no named item)."""
    senses = _senses().get(name)
    if not senses:
        return None
    eligible = [s for s in senses if year is None or s.first <= year <= s.last] or list(senses)
    hits = [(sum(sentence.count(c) for c in s.cues), -k) for k, s in enumerate(eligible)]
    best = max(range(len(eligible)), key=lambda k: hits[k])
    if hits[best][0]:
        return eligible[best].label
    plain = [s for s in eligible if not s.cues]
    return (plain[0] if plain else max(eligible, key=lambda s: (s.first, -senses.index(s)))).label


def _report_year(report: Report, text: str) -> Optional[int]:
    year = report.meta.get("year") if report.meta else None
    if isinstance(year, int):
        return year
    if isinstance(year, str) and year.isdigit():
        return int(year)
    match = _TITLE_YEAR.search(text, 0, 300)
    return int(match.group(1)) if match else None


_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def extract_named(report: Report) -> List[Named]:
    """Quoted slogans and campaigns, and numeric formulas quoted or not, in document order."""
    norm = normalize_cached(report.text)
    text = simplified_for_matching(norm.text)  # 整風運動 matches 整风运动; offsets stay
    party = genre_of(report.text, report.meta) == PARTY
    found = [(s, e, label, "quoted") for s, e, label in _quoted_named(text, party)]
    quoted_spans = [m.span() for m in _QUOTED.finditer(text)]
    year = _report_year(report, text)
    if (year is None or year >= _PLAIN_QUOTES_FROM) and not party:
        found += _quoted_again(text, found)
    # Counted sets (五个一) are looked for again even where a head-word made them a program.
    formulas = [name for name, label in ((_folded_cached(text[s:e]), label) for s, e, label, _ in found)
                if label == _FORMULA or _N_GE.match(name)]
    found += list(_unquoted_named(text, quoted_spans, formulas))
    out = []
    senses = _senses()
    for start, end, (category, subtype), source in sorted(found):
        canonical = _canonical_cached(text[start:end])
        # sense_of only reads the sentence of a name with several senses
        sense = sense_of(canonical, _sentence_around(text, start, end), year) if senses.get(canonical) else None
        if sense == "-":
            continue
        if sense:
            canonical = f"{canonical}（{sense}）"
        o_start, o_end = norm.span(start, end)
        # The folded surface is text[start:end] (zero-width characters inside it dropped).
        out.append(Named(o_start, o_end, report.text[o_start:o_end], category, subtype, source, canonical))
    return out
