"""The claim word lists, read once from the lexicon files (lexicons/claim_*).

Units with their class, qualifiers with their position, the cue words every other module
of the package asks for by role (``cues()["frame_before"]``), and the subject words compiled
into the patterns subjects.py uses (``subject_words()``, ``links()``).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
import re
from typing import Dict, NamedTuple, Sequence, Tuple

from ...lexicon import read_roles, read_rows
from ...wordpatterns import alternation


@dataclass(frozen=True)
class Unit:
    canonical: str
    kind: str


@lru_cache(maxsize=1)
def _unit_rows() -> Dict[str, Unit]:
    rows = {row[0]: Unit(row[1] if len(row) > 1 else "", row[2] if len(row) > 2 else "count")
            for row in read_rows("claim_units.tsv")}
    return _with_traditional(rows)


def _with_traditional(rows: dict) -> dict:
    """``rows`` (word → value) and the same words in traditional spelling (塊, 歐元, 噸, 約):
    a traditional report is folded to simplified before matching (normalize.py), but a
    traditional amount quoted in a simplified text is not. A spelling already in ``rows``
    keeps its own entry."""
    out = dict(rows)
    for word, value in rows.items():
        for spelling in _traditional_spellings(word):
            out.setdefault(spelling, value)
    return out


@lru_cache(maxsize=None)
def _traditional_spellings(word: str) -> Tuple[str, ...]:
    """The spellings of ``word`` with one or more characters traditional (the fold table of
    normalize.py read backwards; at most 16)."""
    back = _unfold()
    spellings = [""]
    for ch in word:
        spellings = [s + c for s in spellings for c in [ch] + back.get(ch, [])][:16]
    return tuple(spellings[1:])


@lru_cache(maxsize=1)
def _unfold() -> Dict[str, list]:
    back: Dict[str, list] = {}
    for row in read_rows("traditional_fold.tsv"):
        if len(row) > 1 and len(row[0]) == 1 and len(row[1]) == 1:
            back.setdefault(row[1], []).append(row[0])
    return back


@lru_cache(maxsize=1)
def units() -> Dict[str, Unit]:
    """Surface → unit record, from lexicons/claim_units.tsv (the units written after a number)."""
    return {surface: unit for surface, unit in _unit_rows().items() if unit.kind != "sign"}


@lru_cache(maxsize=1)
def currency_signs() -> Dict[str, str]:
    """Sign written before a number (¥13.5, $100) → its unit, from claim_units.tsv class sign."""
    return {surface: unit.canonical for surface, unit in _unit_rows().items() if unit.kind == "sign"}


@lru_cache(maxsize=1)
def qualifiers() -> Dict[Tuple[str, str], str]:
    """(word, position) → qualifier, from lexicons/claim_qualifiers.tsv."""
    rows = {(row[0], row[2]): row[1] for row in read_rows("claim_qualifiers.tsv")}
    out = dict(rows)
    for (word, pos), value in rows.items():
        for spelling in _traditional_spellings(word):  # 約, 餘, 以內
            out.setdefault((spelling, pos), value)
    return out


@lru_cache(maxsize=1)
def cues() -> Dict[str, Tuple[str, ...]]:
    """Role → cue words (longest first), from lexicons/claim_cues.tsv; the roles about how a
    number is read also in traditional spelling (過去五年內 is a look back as 过去五年内 is)."""
    roles = dict(read_roles("claim_cues.tsv"))
    for role in _NUMBER_ROLES.intersection(roles):
        words = _with_traditional({word: None for word in roles[role]})
        roles[role] = tuple(sorted(words, key=len, reverse=True))
    return roles


# The claim_cues.tsv roles about reading a number (the subject roles are matched as written).
_NUMBER_ROLES = frozenset({"frame_before", "duration_before", "duration_after", "backref_before",
                           "look_back_opening", "rank_before", "sign_not_after", "half_not_before",
                           "unit_after_digits", "unit_at_clause_end"})


class NameCues(NamedTuple):
    classifiers: frozenset
    suffixes: frozenset
    admin: frozenset


@lru_cache(maxsize=1)
def name_cues() -> NameCues:
    """Classifiers that begin place names, the place-name endings after them (三道沟) and
    the administrative words after a name (三棵树村), from lexicons/claim_cues.tsv."""
    c = cues()
    return NameCues(frozenset(c.get("name_classifier", ())), frozenset(c.get("name_suffix", ())),
                    frozenset(c.get("name_admin", ())))


@lru_cache(maxsize=1)
def bound_words() -> frozenset:
    return frozenset(cues().get("subject_bound", ()))


class SubjectWords(NamedTuple):
    """The subject cues of lexicons/claim_cues.tsv, compiled."""

    predicate: re.Pattern  # what the counted noun does (获评, 入住)
    preposition: re.Pattern  # a preposition or binding verb at the end of the words before
    verbs: re.Pattern  # activity verbs that lead a noun (新增, 新建)
    totals: frozenset  # a subject that is only a total (总量, 合计)
    kinds: Dict[str, str]  # canonical unit → its class
    binding_verbs: frozenset  # the prepositions that are verbs (覆盖, 带动)
    fund: re.Pattern  # a fund named after a sum of money (10亿元产业专项资金): group "noun"
    frame_start: re.Pattern  # a subject_frame word (达到, 超过, 为) opening the words after a number: no noun


class Links(NamedTuple):
    """The words between a subject and its number (lexicons/claim_subject_words.tsv), compiled."""

    tail: re.Pattern  # a link or change verb that ends the words before a number (达到, 增加到)
    tail_last: frozenset  # the last characters ``tail`` can end with (a cheap test before it)
    change_to: re.Pattern  # 增加到 (2020年的): the verb of 由A…到B and the time after it
    not_noun_start: re.Pattern  # words after a number that do not name what it counts (以上, 比)
    changed_to: re.Pattern  # a change_to verb and 到/至/为 at the end of some words (…优化为)


def _words_unless_in(words: Sequence[str], keeps: Sequence[str], *, at_end: bool) -> str:
    """An alternation of ``words`` in which a word is not matched where it ends (``at_end``) or
    begins a longer word of ``keeps`` (计 not in 统计: ``(?<!统)计``; 居 not in 居民: ``居(?!民)``)."""
    out = []
    for w in sorted(set(words), key=len, reverse=True):
        if at_end:
            guard = "".join(f"(?<!{re.escape(k[:-len(w)])})" for k in sorted(keeps)
                            if k.endswith(w) and k != w)
            out.append(guard + re.escape(w))
        else:
            rest = [re.escape(k[len(w):]) for k in sorted(keeps) if k.startswith(w) and k != w]
            out.append(re.escape(w) + (f"(?!{'|'.join(rest)})" if rest else ""))
    return "|".join(out) or "(?!)"


@lru_cache(maxsize=1)
def links() -> Links:
    """The link words of lexicons/claim_subject_words.tsv, compiled once."""
    words = read_roles("claim_subject_words.tsv")
    keep = words.get("link_keep", ())
    lead = _words_unless_in(words.get("link_lead", ()), keep, at_end=True)
    link = _words_unless_in(words.get("link", ()), keep, at_end=True)
    change = alternation(words.get("change", ())) or "(?!)"
    tail = re.compile(rf"(?:{lead})?(?:{link}|(?:{change})(?:到|至|为))$")
    tail_last = frozenset(w[-1] for w in words.get("link", ())) | frozenset("到至为")
    change_to = re.compile(rf"^(?:{alternation(words.get('change_to', ())) or '(?!)'})"
                           r"(?:到|至|为)(?P<time>[^由从到至]{0,8}?)的?$")
    not_noun = _words_unless_in(words.get("not_noun_start", ()), words.get("not_noun_start_keep", ()),
                                at_end=False)
    # (anything but a Chinese character, a digit, a letter or an opening quote/title mark ends the noun too)
    not_noun_start = re.compile(rf"^(?:{not_noun}|[^\u4e00-\u9fff“《「\dA-Za-z])")
    changed_to = re.compile(rf"(?:{alternation(words.get('change_to', ())) or '(?!)'})[为到至]$")
    return Links(tail, tail_last, change_to, not_noun_start, changed_to)


class Frames(NamedTuple):
    """The words of lexicons/claim_subject_words.tsv that frame a subject, compiled."""

    measured: re.Pattern  # the words before a bound end naming what it bounds (…收入, …投资)
    etc_keep: Tuple[str, ...]  # after 等, the words that keep an enumeration (等方面)
    in_a_row: frozenset  # 连续 before a count of years: no subject
    circumstance: re.Pattern  # a clause that only says how or when (按可比价格计算, 五年来)
    circumstance_inside: re.Pattern  # 在…的情况下 at the end of a clause noun
    circumstance_last: frozenset  # the last characters ``circumstance`` can end with
    new_noun: frozenset  # 新型, 新能: the first two characters of a noun opening with 新
    bare_verb: re.Pattern  # a subject that is only a verb of what happens to a thing (竣工, 已建成)
    bare_verb_last: frozenset  # the last characters ``bare_verb`` can end with
    verb_head: re.Pattern  # such a verb (or a subject_verb) opening a subject: 开工建设保障性住房
    verb_tail: re.Pattern  # … or closing it: 标准厂房开工
    no_noun: frozenset  # a subject that is only this word names nothing (就有, 已经有, 拟定)
    time_use: Tuple[str, ...]  # a verb before a span of time spent on what the next clause says (用, 集中)
    rate_only: frozenset  # a subject that is only a rate of change (增速, 降幅): of the noun said before
    rate_last: frozenset  # the last characters of the rate_only words (a cheap test before them)
    compared_lead: str  # an alternation of the words before 比 that compares with another time's value
    next_count: re.Pattern  # a joiner then a numeral that begins the next counted item (、四十七章, 和5个)
    task_open: frozenset  # the first words of a clause that is no task a span of time is spent on


@lru_cache(maxsize=1)
def frames() -> Frames:
    """The framing words of lexicons/claim_subject_words.tsv, compiled once."""
    words = read_roles("claim_subject_words.tsv")
    situation = words.get("circumstance_situation", ())
    closing = words.get("circumstance_close", ()) + situation
    since = words.get("circumstance_since", ())
    circumstance = re.compile(
        rf"^(?:(?:{alternation(words.get('circumstance_open', ())) or '(?!)'})\S{{1,16}}?"
        rf"(?:{alternation(closing) or '(?!)'})|\S{{1,6}}(?:{alternation(since) or '(?!)'}))$")
    inside = re.compile(rf"(?<=\S{{2}})在[^在，]{{1,16}}?(?:{alternation(situation) or '(?!)'})$")
    bare = words.get("bare_verb", ())
    lead = alternation(words.get("bare_verb_lead", ())) or "(?!)"
    verbs = alternation(bare + cues().get("subject_verb", ())) or "(?!)"
    return Frames(re.compile(rf"(?:{alternation(words.get('measured', ())) or '(?!)'})$"),
                  tuple(words.get("etc_keep", ())), frozenset(words.get("in_a_row", ())),
                  circumstance, inside, frozenset(w[-1] for w in closing + since),
                  frozenset(words.get("new_noun", ())),
                  re.compile(rf"(?:{lead})?(?:{alternation(bare) or '(?!)'})"), frozenset(w[-1] for w in bare),
                  re.compile(rf"^(?:{lead})?(?:{verbs})+"), re.compile(rf"(?:{lead})?(?:{verbs})+$"),
                  frozenset(words.get("no_noun", ())), tuple(words.get("time_use", ())),
                  frozenset(words.get("rate_only", ())), frozenset(w[-1] for w in words.get("rate_only", ())),
                  alternation(words.get("compared_lead", ())) or "(?!)",
                  re.compile(r"(?:以及|、|和|及|与)(?=\d|[二三四五六七八九十两]"
                             rf"(?:{alternation(words.get('next_count', ())) or '(?!)'}))"),
                  frozenset(words.get("task_open", ())))


@lru_cache(maxsize=1)
def subject_words() -> SubjectWords:
    """The subject cues, compiled once."""
    c = cues()
    predicate = re.compile(_words_unless_in(c.get("subject_predicate", ()), c.get("subject_predicate_keep", ()),
                                            at_end=False))
    prep = re.compile(rf"(?P<p>{alternation(c.get('subject_preposition', ()))})\S{{0,3}}$")
    verbs = re.compile(rf"^(?:{alternation(c.get('subject_verb', ()))})+")
    kinds = {u.canonical: u.kind for u in units().values() if u.canonical}
    binding_verbs = frozenset(w for w in c.get("subject_preposition", ()) if len(w) > 1)
    # (at most 6 characters of modifier before the fund word, none of them a verb that spends it)
    spend = alternation(c.get("subject_fund_spend", ())) or "(?!)"
    fund = re.compile(rf"^的?(?P<noun>(?!{spend})[\u4e00-\u9fff]{{0,6}}"
                      rf"(?:{alternation(c.get('subject_fund', ('(?!)',)))}))(?![\u4e00-\u9fff]{{0,2}}余额)")
    frame_start = re.compile(f"(?:{alternation(c.get('subject_frame', ())) or '(?!)'})")
    return SubjectWords(predicate, prep, verbs, frozenset(c.get("subject_total", ())), kinds, binding_verbs, fund,
                        frame_start)
