"""The last step of a claim's subject: never a fragment.

claims.py reads a subject from the words around a number; what it reads may still open with
the word that joined it to the claim before (创建国家园林县城2个和省级美丽县城4个 → "和省级美丽县城"),
an adverb or preposition that governs the clause (并…, 再…, 将…, 被…), punctuation, or the tail of
the clause before a comma inside it; or close on a half-open quote or bracket. ``clean``
removes those, by class:

- function words at the start (lexicons/claim_cues.tsv ``subject_lead``: conjunctions,
  adverbs, prepositions; not 对 and 在, whose phrase belongs to the noun: 对欧盟出口, 在校学生),
  repeatedly, unless the subject opens with a word that only begins with such a character
  (``subject_lead_keep``: 和平, 同比, 并网, 给予);
- everything up to the last clause mark inside the subject (，；：。！？ and 、 at the very start);
- punctuation at either end and quotes or brackets left unmatched;
- an adverb left at the end by a cut verb (``subject_tail``: 旅客周转量将 → 旅客周转量);
- the number of a list item at the start ((五)国家储备支出 → 国家储备支出, 一是, 第二, ⑼, ③);
and keeps the subject as it was when nothing would be left.

A subject that only frames its claim — 比/较, adverbs and the change itself (即增产, 已经,
同比增长: the ``subject_frame`` words) — names nothing; ``clean`` returns it empty (an empty
subject is better than a wrong one). With dates and time words too (比一九五七年, 到去年十一月,
一九五三年比一九五〇年增加了) it is kept, as the when of a subject whose noun stands in the
clause or sentence before; ``frame_only`` tells a caller so, to look for that noun there.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, FrozenSet, List, Tuple

from ...lexicon import read_rows

_CLAUSE_MARKS = "，。；：！？,;:!?"
_CLAUSE_MARK = re.compile(f"[{_CLAUSE_MARKS}]")
_NEEDS_WORK = re.compile("[，。；：！？,;:!?“”（）()《》「」‘’]")
_EDGE_PUNCT = "，。；：！？,;:!?、 \u3000\t\n—-…·"
_PAIRS = (("“", "”"), ("（", "）"), ("(", ")"), ("《", "》"), ("「", "」"), ("‘", "’"))
_OPENERS = frozenset(o for o, _ in _PAIRS)
_CLOSERS = frozenset(c for _, c in _PAIRS)


@lru_cache(maxsize=1)
def _lexicon() -> Tuple[re.Pattern, FrozenSet[str], FrozenSet[str], int]:
    """(leading function word pattern, keep words, first characters of both, longest keep word)."""
    lead, keep = [], []
    for row in read_rows("claim_cues.tsv"):
        if len(row) > 1 and row[1] == "subject_lead":
            lead.append(row[0])
        elif len(row) > 1 and row[1] == "subject_lead_keep":
            keep.append(row[0])
    lead.sort(key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, lead)) if lead else "(?!)")
    firsts = frozenset(w[0] for w in lead)
    return pattern, frozenset(keep), firsts, max(map(len, keep), default=0)


def _kept(subject: str, keep: FrozenSet[str], longest: int) -> bool:
    return any(subject[:n] in keep for n in range(2, min(longest, len(subject)) + 1))


_ITEM_NUMBER = re.compile(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、是](?=.)"
                          r"|第[一二三四五六七八九十]{1,3}[，,、:：]|\d{1,2}[.．、](?!\d)|[\u2460-\u249b\u2776-\u2793])")
_DATE = r"[一二三四五六七八九十〇○零\d]{1,4}(?:年|月(?:份|底|末|初)?|日|季度)"


@lru_cache(maxsize=1)
def _frames() -> Tuple[re.Pattern, re.Pattern]:
    """(a subject of frame words alone, one of frame words, time words and dates)."""
    rows = read_rows("claim_cues.tsv")
    frame = [r[0] for r in rows if len(r) > 1 and r[1] == "subject_frame"]
    time = [r[0] for r in rows if len(r) > 1 and r[1] == "subject_frame_time"]

    def words(ws: List[str]) -> str:
        return "|".join(map(re.escape, sorted(ws, key=len, reverse=True))) or "(?!)"
    return re.compile(f"(?:{words(frame)})+"), re.compile(f"(?:{_DATE}|{words(frame + time)})+")


def frame_only(subject: str) -> bool:
    """Whether ``subject`` is made only of dates, time words and ``subject_frame`` words
    (比一九五七年, 到去年十一月, 即增产): it says when or how, never what."""
    return bool(subject) and _frames()[1].fullmatch(subject) is not None


def _timeless_frame(subject: str) -> bool:
    return bool(subject) and _frames()[0].fullmatch(subject) is not None


def clean(subject: str) -> str:
    """``subject`` without a fragment's edges (see the module text); unchanged when nothing
    is wrong with it or nothing would be left; empty when it only frames the claim."""
    if not subject:
        return subject
    if _timeless_frame(subject):
        return ""
    number = _ITEM_NUMBER.match(subject)
    if number and number.end() < len(subject):
        subject = subject[number.end():]
    lead, keep, firsts, longest = _lexicon()
    tail, tail_keep, tail_last = _tail_lexicon()
    if subject[0] not in firsts and subject[0] not in _EDGE_PUNCT and subject[-1] not in _EDGE_PUNCT \
            and subject[-1] not in tail_last and not _NEEDS_WORK.search(subject):
        return subject  # the common case: nothing at the edges, no clause mark or bracket inside
    s = subject
    if _CLAUSE_MARK.search(s, 0, len(s) - 1):
        cut = max(s.rfind(ch, 0, len(s) - 1) for ch in _CLAUSE_MARKS)
        if cut + 1 < len(s):
            s = s[cut + 1:]  # 。…，收入: only the last clause names the quantity
    for _ in range(4):
        before = s
        s = s.strip(_EDGE_PUNCT)
        if s[:1] in firsts and not _kept(s, keep, longest):
            m = lead.match(s)
            if m and m.end() < len(s):
                s = s[m.end():]
        if s == before:
            break
    s = _balance(s)
    if s[-1:] in tail_last:
        s = _strip_tail(s, tail, tail_keep)
    if _timeless_frame(s):
        return ""
    return s or subject


@lru_cache(maxsize=1)
def _tail_lexicon() -> Tuple[Tuple[str, ...], Dict[str, Tuple[str, ...]], FrozenSet[str]]:
    """(adverbs a subject never ends with, longest first; the words that only end like them,
    by last character; the adverbs' last characters)."""
    rows = read_rows("claim_cues.tsv")
    tail = sorted((r[0] for r in rows if len(r) > 1 and r[1] == "subject_tail"), key=len, reverse=True)
    keep: Dict[str, List[str]] = {}
    for r in rows:
        if len(r) > 1 and r[1] == "subject_tail_keep":
            keep.setdefault(r[0][-1], []).append(r[0])
    return tuple(tail), {k: tuple(v) for k, v in keep.items()}, frozenset(w[-1] for w in tail)


def _strip_tail(s: str, tail: Tuple[str, ...], keep: Dict[str, Tuple[str, ...]]) -> str:
    """旅客周转量将 → 旅客周转量, 分布在内地的将有 → 分布在内地的: an adverb (and a bare 有) left
    at the end by a cut verb; a word that only ends like one (即将, 必将, 所有) stays."""
    for _ in range(3):
        if s and s.endswith(keep.get(s[-1], ())):
            return s
        word = next((w for w in tail if s.endswith(w) and len(s) > len(w)), "")
        if not word:
            return s
        s = s[:-len(word)]
        if s.endswith("的") and len(s) > 1:
            s = s[:-1]
    return s


def _balance(s: str) -> str:
    """Drop a quote or bracket whose partner is not in the subject (“美丽乡村 → 美丽乡村)."""
    if not (_OPENERS.intersection(s) or _CLOSERS.intersection(s)):
        return s
    for opener, closer in _PAIRS:
        if s.count(opener) != s.count(closer):
            if s.startswith(opener) and closer not in s:
                s = s[1:]
            elif s.endswith(closer) and opener not in s:
                s = s[:-1]
            elif s.endswith(opener):
                s = s[:-1]
    return s
