"""Which indicator a quantitative claim measures (lexicons/indicators.tsv).

A claim is linked to the indicator named in its own clause before the number
(地区生产总值增长8% → gdp_growth), or, when its clause only says how the figure changed
(…达到1.2万亿元，比上年增长8.1%), to the indicator of the claim before it in the sentence.
The written name says which concept; the claim's unit class says which indicator of that
concept (生产总值 + % → gdp_growth, 生产总值 + 亿元 → gdp_level). Names joined in a list
share the numbers after them in order (A、B分别增长8%和10%) or one number all together
(A、B均增长10%: one link per indicator).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple

from .lexicon import read_rows
from .wordpatterns import alternation

# Claim units → unit class (the lexicon's unit_class column).
UNIT_CLASSES: Dict[str, str] = {
    "%": "percent", "元": "money", "美元": "money", "人": "count", "人次": "count", "个": "count",
    "名": "count", "户": "count", "吨": "mass", "斤": "mass", "公斤": "mass", "千克": "mass",
    "微克/立方米": "concentration", "亩": "area", "公顷": "area",
}
# Clause marks: a name and its number are in one clause (、 and 和 join names, not clauses).
_CLAUSE_MARKS = "，,；;：:"
_SENTENCE = re.compile(r"[。！？!?\n]")
_JOIN = re.compile(r"^(?:、|和|及|与|以及|、和)$")
# A clause that only says how the figure of the clause before changed (比上年增长, 增速为).
_CHANGE_ONLY = re.compile(
    r"^(?:其中|分别|均|都|同比|比上年|较上年|比去年|较去年|比上年同期|比\d{4}年|预计|初步核算|全年|"
    r"年均|平均|实际|名义|扣除价格因素|按可比价格计算|可比价|继续|持续|稳步|增速|增幅|涨幅|"
    r"增长|下降|上涨|提高|降低|增加|减少|回落|实现|达到|为|了|是|分别为|幅度|速度)+$")


@dataclass(frozen=True)
class Indicator:
    id: str
    unit_class: str
    direction: str
    headline: bool


@dataclass(frozen=True)
class Link:
    """A claim's indicator: ``ids`` (one, or several for 城乡居民收入), the name as written
    (``surface``, joined names for one budget row), where it starts, and the clause words
    before the name (``lead``) and between the name and the number (``mid``)."""

    ids: Tuple[str, ...]
    surface: str
    surface_start: int
    lead: str
    mid: str
    inherited: bool = False


@lru_cache(maxsize=1)
def lexicon() -> Dict[str, List[Tuple[Indicator, str]]]:
    """Surface → the indicators it may name, with each one's unit class."""
    out: Dict[str, List[Tuple[Indicator, str]]] = {}
    for row in read_rows("indicators.tsv"):
        ident, surfaces, unit_class, direction = row[:4]
        headline = len(row) > 4 and row[4] == "yes"
        ind = Indicator(ident, unit_class, direction, headline)
        for surface in surfaces.split("|"):
            if surface:
                out.setdefault(surface, []).append((ind, unit_class))
    return out


@lru_cache(maxsize=1)
def indicators() -> Dict[str, Indicator]:
    """Indicator id → its record (the first row of an id gives its direction)."""
    out: Dict[str, Indicator] = {}
    for entries in lexicon().values():
        for ind, _ in entries:
            out.setdefault(ind.id, ind)
    return out


def headline_ids() -> frozenset:
    return frozenset(i for i, ind in indicators().items() if ind.headline)


@lru_cache(maxsize=1)
def surface_pattern() -> re.Pattern:
    return re.compile(alternation(lexicon()))


def unit_class(unit: str, value: Optional[float], surface: str) -> str:
    """The unit class of a claim; an index level (居民消费价格指数100.9, 105左右) is ``index``."""
    if "指数" in surface and value is not None and 80 <= value <= 150 and unit in ("%", ""):
        return "index"
    return UNIT_CLASSES.get(unit, "")


def ids_for(surface: str, cls: str) -> Tuple[str, ...]:
    return tuple(ind.id for ind, c in lexicon().get(surface, ()) if c == cls)


def _names(clause: str, offset: int) -> List[Tuple[int, int, str]]:
    """The non-overlapping indicator names in ``clause`` (absolute offsets)."""
    return [(offset + m.start(), offset + m.end(), m.group()) for m in surface_pattern().finditer(clause)]


def _joined_group(text: str, names: List[Tuple[int, int, str]]) -> List[Tuple[int, int, str]]:
    """The last run of names joined by 、/和 (城镇居民人均可支配收入和农民人均纯收入)."""
    group = [names[-1]]
    for prev in reversed(names[:-1]):
        if _JOIN.match(text[prev[1]:group[0][0]]):
            group.insert(0, prev)
        else:
            break
    return group


def link_claims(text: str, claims: Sequence) -> List[Optional[Link]]:
    """One link (or None) per claim of ``claims`` (records with start, end, unit, value), in order."""
    out: List[Optional[Link]] = [None] * len(claims)
    marks = [m.start() for m in _SENTENCE.finditer(text)]
    sentence = -1
    prev_end = sentence_start = 0
    run_index = 0
    run_group: List[Tuple[int, int, str]] = []
    run_lead = run_mid = ""
    previous: Optional[Link] = None
    previous_names: Tuple[str, ...] = ()
    for k, c in enumerate(claims):
        s = c.start
        i = bisect.bisect_left(marks, s)
        if i != sentence:
            sentence = i
            sentence_start = marks[i - 1] + 1 if i else 0
            previous, previous_names, run_group = None, (), []
            prev_end = sentence_start
        gap_start = max(prev_end, sentence_start)
        gap = text[gap_start:s]
        cut = max((gap.rfind(ch) for ch in _CLAUSE_MARKS), default=-1)
        clause_start = gap_start + cut + 1
        clause = text[clause_start:s]
        prev_end = c.end
        if run_group and run_index < len(run_group) and _JOIN.match(gap.strip() or "、"):
            # the next number of a list that shares names out in order (A、B分别增长8%和10%)
            name = run_group[run_index]
            run_index += 1
            link = _make(text, (name,), c, run_lead, run_mid)
            out[k] = link
            previous = link or previous
            continue
        run_group = []
        names = _names(clause, clause_start)
        if names:
            group = _joined_group(text, names)
            lead = text[clause_start:group[0][0]]
            mid = text[group[-1][1]:s]
            size = _run_size(text, claims, k)
            if len(group) > 1 and size == len(group):
                run_group, run_index, run_lead, run_mid = group, 1, lead, mid
                group = group[:1]
            link = _make(text, group, c, lead, mid)
            previous_names = tuple(g[2] for g in group)
        elif previous is not None and (not clause or _CHANGE_ONLY.match(clause)) and previous_names:
            first = text.find(previous_names[0], previous.surface_start)
            group = [(first, first + len(n), n) for n in previous_names]
            link = _make(text, group, c, previous.lead, previous.mid + "|" + clause, inherited=True)
        else:
            link = None
            previous_names = ()
        out[k] = link
        previous = link if link is not None else (previous if previous_names else None)
    return out


def _run_size(text: str, claims: Sequence, k: int) -> int:
    """How many claims from ``k`` on are joined into one list (8%和10%, 8%、9%、10%)."""
    n = 1
    while k + n < len(claims) and _JOIN.match(text[claims[k + n - 1].end:claims[k + n].start]):
        n += 1
    return n


def _make(text: str, group, claim, lead: str, mid: str, inherited: bool = False) -> Optional[Link]:
    surface = group[-1][2]
    cls = unit_class(claim.unit, claim.value, surface)
    ids: List[str] = []
    for _, _, name in group:
        for ident in ids_for(name, cls):
            if ident not in ids:
                ids.append(ident)
    if not ids:
        return None
    written = text[group[0][0]:group[-1][1]] if len(group) > 1 else surface
    return Link(tuple(ids), written, group[0][0], lead, mid, inherited)
