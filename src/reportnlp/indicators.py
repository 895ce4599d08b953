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

from .clauses import CLAUSE_PIECE, TO_LAST_CLAUSE_MARK
from .lexicon import read_rows
from .periods import sentence_ends
from .wordpatterns import trie

# Unit classes of levels (an amount at a date), as against changes and rates.
LEVEL_CLASSES = frozenset({"money", "mass"})
# The last clause mark before a number: a name and its number are in one clause
# (、 and 和 join names, not clauses).
_JOIN = re.compile(r"^(?:、|和|及|与|以及|、和)$")
# A clause that only says how the figure of the clause before changed (比上年增长, 增速为).
_CHANGE_ONLY = re.compile(
    r"^(?:其中|分别|均|都|同比|比上年|较上年|比去年|较去年|比上年同期|比\d{4}年|预计|初步核算|全年|"
    r"年均|平均|实际|名义|扣除价格因素|按可比价格计算|可比价|继续|持续|稳步|增速|增幅|涨幅|"
    r"增长|下降|上涨|提高|降低|增加|减少|回落|实现|达到|达|为|了|是|分别为|幅度|速度|同口径|可比口径|可比|"
    r"去年|今年|上年|当年|年底|年末|底|末|降到|降至|下降到|稳定在|保持在|控制在|约|突破|超过|"
    r"完成|首次|增产|增收|再创新高|创历史新高|创新高|增加到|提高到|上升到|扩大到|增长到)+$")


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
def unit_classes() -> Dict[str, str]:
    """Claim unit (the claims table's ``unit``) → its indicator class: the fourth column of
    lexicons/claim_units.tsv, where a researcher adding a unit gives it on the same line."""
    out: Dict[str, str] = {}
    for row in read_rows("claim_units.tsv"):  # tests/test_headline.py: the lines of a unit agree
        if len(row) > 3 and row[3]:
            out.setdefault(row[1], row[3])
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
    # A prefix tree finds what the longest-first alternation finds (the longest name at the
    # leftmost place) but tries each first character once, not each of the names.
    return re.compile(trie(lexicon()))


def unit_class(unit: str, value: Optional[float], surface: str) -> str:
    """The unit class of a claim; an index level (居民消费价格指数100.9, 105左右) is ``index``."""
    if "指数" in surface and value is not None and 80 <= value <= 150 and unit in ("%", ""):
        return "index"
    return unit_classes().get(unit, "")


def ids_for(surface: str, cls: str) -> Tuple[str, ...]:
    return tuple(ind.id for ind, c in lexicon().get(surface, ()) if c == cls and ind.id != "same")


def _names(clause: str, offset: int) -> List[Tuple[int, int, str]]:
    """The non-overlapping indicator names in ``clause`` (absolute offsets)."""
    return [(offset + m.start(), offset + m.end(), m.group()) for m in surface_pattern().finditer(clause)]


Group = Tuple[Tuple[int, int, str], ...]


def link_claims(text: str, claims: Sequence) -> List[Optional[Link]]:
    """One link (or None) per claim of ``claims`` (records with start, end, unit, value), in order."""
    out: List[Optional[Link]] = [None] * len(claims)
    marks = sentence_ends(text)
    sentence = -1
    prev_end = 0
    history: List[Tuple[Group, str, str]] = []  # (names, lead, mid) named so far in the sentence
    pending: List[Tuple[Group, Optional[int], str, str, bool]] = []  # shares for the rest of a run
    for k, c in enumerate(claims):
        s = c.start
        i = bisect.bisect_left(marks, s)
        if i != sentence:
            sentence = i
            prev_end = marks[i - 1] + 1 if i else 0
            history, pending = [], []
        gap_start = prev_end
        gap = text[gap_start:s]
        if _OPEN.search(gap):
            continue  # a number in brackets (按老口径统计为6500亿元) is an aside: no link
        gap = _BRACKETED.sub(lambda m: " " * len(m.group()), gap)  # asides read as blanks
        prev_end = max(prev_end, c.end)
        if k and claims[k - 1].end <= gap_start and _JOIN.match(gap.strip() or "、"):
            # the next number of a list (8%和10%): it takes its share, or nothing when the
            # list's first number named no indicator (其中三次产业分别增长5%、14%和15%)
            if pending:
                group, which, lead, mid, inherited = pending.pop(0)
                out[k] = _make(text, group, c, lead, mid, which, inherited)
            continue
        pending = []
        last = TO_LAST_CLAUSE_MARK.match(gap)
        clause_start = gap_start + (last.end() if last else 0)
        for piece in CLAUSE_PIECE.finditer(gap, 0, clause_start - gap_start):
            # earlier clauses: their names extend the sentence's history, other words end it
            names = _names(piece.group(), gap_start + piece.start())
            if names and not _loose_continuation(text, names, gap_start + piece.start()):
                for group in _groups(text, names):
                    # the words after a name in a clause without a number describe it
                    # (粮食产量屡创历史新高): they are no part of a later number's reading
                    history.append((_resolve(group, history), text[gap_start + piece.start():group[0][0]], ""))
            elif not _changes_only(piece.group()):
                history = []
        clause = gap[clause_start - gap_start:]
        names = _names(clause, clause_start)
        size = _run_size(text, claims, k)
        if names and _loose_continuation(text, names, clause_start):
            names = []
            history = []
        if names:
            named = _groups(text, names)[-1]
            group = _resolve(named, history)
            lead, mid = text[clause_start:named[0][0]], text[named[-1][1]:s]
            history.append((group, lead, mid))
            shares = _share(group, size, c)
            inherited = False
        elif history and _changes_only(clause):
            group, lead, mid = history[-1]
            mid = mid + "|" + clause
            shares = _share(group, size, c)
            if size > 1 and shares[0][1] is None and len(group) == 1 and len(history) >= size \
                    and all(len(h[0]) == 1 for h in history[-size:]):
                shares = [(h[0], None) for h in history[-size:]]  # A 8元、B 9元，分别增长1%和2%
            inherited = True
        else:
            if clause.strip("、和及与 "):
                history = []
            out[k] = _forward(text, c)
            continue
        first, which = shares[0]
        out[k] = _make(text, first, c, lead, mid, which, inherited)
        pending = [(g, w, lead, mid, inherited) for g, w in shares[1:]]
    return out


def _written(text: str, group: Group) -> str:
    """The names of a group as written (财政总收入和一般预算收入)."""
    if len(group) == 1:
        return group[0][2]
    return text[group[0][0]:group[-1][1]]


# An opening bracket not closed before the number; a bracketed aside with a number in it.
_OPEN = re.compile(r"[（(][^）)]*$")
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")
_YEAR_WORD = re.compile(r"(?:19|20)\d\d年")
_TIME_WORDS = re.compile(r"(?:19|20)\d\d年|去年|今年|上年|全年|当年|年底|年末")


def _loose_continuation(text: str, names: List[Tuple[int, int, str]], clause_start: int) -> bool:
    """A clause whose only name is a "the total" word (总量) after other words
    (化学需氧量、二氧化硫排放总量): the total of something else."""
    return len(names) == 1 and names[0][2] in _continuations() \
        and len(_TIME_WORDS.sub("", text[clause_start:names[0][0]]).strip("、和及与 ")) > 2


def _changes_only(clause: str) -> bool:
    """A clause that only says how the figure named before changed (比上年增长, 、增长)."""
    clause = _YEAR_WORD.sub("", clause).strip("、和及与 \u3000（）()")
    return not clause or bool(_CHANGE_ONLY.match(clause))


def _groups(text: str, names: List[Tuple[int, int, str]]) -> List[Group]:
    """Names joined by 、/和 into groups (城镇居民人均可支配收入和农民人均纯收入 is one group)."""
    groups: List[List[Tuple[int, int, str]]] = []
    for name in names:
        if groups and _JOIN.match(text[groups[-1][-1][1]:name[0]]):
            groups[-1].append(name)
        else:
            groups.append([name])
    return [tuple(g) for g in groups]


def _resolve(group: Group, history: Sequence[Tuple[Group, str, str]]) -> Group:
    """A name that only says "the total" (总产量, 总量) stands for the indicator named before it."""
    if len(group) == 1 and group[0][2] in _continuations() and history:
        return history[-1][0]
    return group


@lru_cache(maxsize=1)
def _continuations() -> frozenset:
    return frozenset(surface for surface, entries in lexicon().items()
                     if any(ind.id == "same" for ind, _ in entries))


def _share(group: Group, size: int, claim) -> List[Tuple[Group, Optional[int]]]:
    """How a run of ``size`` numbers shares the names of ``group``: one name each (A、B分别增长
    8%和10%), one of a joint name's indicators each (城乡居民收入分别增长8%和9%), or all of
    them for every number (A、B均增长10%)."""
    if size > 1 and len(group) == size:
        return [((name,), None) for name in group]
    if size > 1 and len(group) == 1:
        ids = ids_for(group[0][2], unit_class(claim.unit, claim.value, group[0][2]))
        if len(ids) == size:
            return [(group, j) for j in range(size)]
    return [(group, None)] * size


_GOAL_AFTER = re.compile(r"(?:增长|增速)?(?:预期)?目标")


def _forward(text: str, claim) -> Optional[Link]:
    """8%左右的国内生产总值增长目标: the name after the number, when the phrase names a goal."""
    if text[claim.end:claim.end + 1] != "的":
        return None
    m = surface_pattern().match(text, claim.end + 1)
    if m is None or not _GOAL_AFTER.match(text, m.end()):
        return None
    return _make(text, ((m.start(), m.end(), m.group()),), claim, "", "")


def _run_size(text: str, claims: Sequence, k: int) -> int:
    """How many claims from ``k`` on are joined into one list (8%和10%, 8%、9%、10%)."""
    n = 1
    while k + n < len(claims) and _JOIN.match(text[claims[k + n - 1].end:claims[k + n].start]):
        n += 1
    return n


def _make(text: str, group: Group, claim, lead: str, mid: str, which: Optional[int] = None,
          inherited: bool = False) -> Optional[Link]:
    surface = group[-1][2]
    cls = unit_class(claim.unit, claim.value, surface)
    ids: List[str] = []
    for _, _, name in group:
        for ident in ids_for(name, cls):
            if ident not in ids:
                ids.append(ident)
    if which is not None:
        ids = ids[which:which + 1]
    if not ids:
        return None
    return Link(tuple(ids), _written(text, group), group[0][0], lead, mid, inherited)
