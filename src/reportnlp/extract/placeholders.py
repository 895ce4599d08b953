"""Unfilled template slots and filter-masked words (ANNOTATION.md §4).

Candidates are found by glyph shape (slots.py) on width-folded text and then judged by
their neighbours: 20XX年 is a date slot, XX万元 a number slot, XX镇 a name slot, 完善++工作
a masked word, while 二〇二一年, 3×4, X光, PX, 3+3+X, 丁某某 and markdown ``**bold**`` are
left alone. Weak evidence (a lone X before a classifier, XX inside quotes) only counts in a
document that also holds an unambiguous slot, which keeps real reports clean.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

from ..lexicon import read_rows
from ..model import Placeholder, Report
from ..normalize import Normalized, normalize_cached
from ..restore import MaskRestorer, restorer_for
from ..slots import BARE_SLOT, BRACKET_SLOT, DATE_SLOT, EMPTY_BRACKET

CONTEXT_CHARS = 12


@lru_cache(maxsize=1)
def slot_words() -> Dict[str, Tuple[str, ...]]:
    """role → words (longest first) from ``lexicons/slot_words.tsv``."""
    roles: Dict[str, set] = {}
    for role, words, *_ in (row for row in read_rows("slot_words.tsv") if len(row) > 1):
        roles.setdefault(role, set()).update(w for w in words.split("|") if w)
    return {r: tuple(sorted(ws, key=len, reverse=True)) for r, ws in roles.items()}


# Every character a candidate can start with. The candidate pattern opens with a look-ahead
# on this class, so at the many positions where nothing can start the engine fails at once
# instead of trying each alternative (a test checks the class against random text).
CANDIDATE_FIRST = "….。([【0-9一二三四五六七八九十Xx×_○〇□■*+某"


@lru_cache(maxsize=1)
def _candidate_re() -> "re.Pattern[str]":
    words = slot_words()
    fill = "|".join(map(re.escape, words["fill_verb"]))
    field = "|".join(map(re.escape, words["field"]))
    return re.compile(
        r"(?=[" + CANDIDATE_FIRST.replace("[", r"\[") + r"])"
        r"(?:(?P<other>(?:…{1,2}|\.{3,6}|。{3,6})\s*[(\[【]\s*略\s*[)\]】]"
        r"|[(\[【]\s*(?:" + fill + r")[^()\[\]【】\n]{0,40}[)\]】])"
        r"|(?P<field>[(\[【]\s*[\u4e00-\u9fffXx×]{0,4}(?:" + field + r")\s*[)\]】])"
        r"|(?P<date>" + DATE_SLOT + r")"
        r"|(?P<bracket>" + BRACKET_SLOT + r")"
        r"|(?P<empty>" + EMPTY_BRACKET + r")"
        r"|(?P<bare>" + BARE_SLOT + r"))"
    )


_ASCII_CLASS = r"A-Za-z0-9+\-/.·&"
_CN_DIGITS = "〇○零一二三四五六七八九十"


@lru_cache(maxsize=1)
def _gate_re() -> "re.Pattern[str]":
    """Anything that could become a kept candidate; most real reports hold none and skip the scan.

    Each branch is what a judge below would accept at the least, so a document the gate
    passes over yields nothing anyway: a run of X/×/x with no ASCII letter, digit or sign on
    either side (3×4, PX and X5 are rejected), after the - of a range (7%-××%), before
    年/月/日/号 (20XX年, X月) or in brackets; runs of two _ or □ or ■; a 〇/○ run that
    neither follows nor precedes a Chinese digit or 年 (二〇二三年 passes over).
    """
    words = slot_words()
    first = set("Xx×-~_□■〇○([【*+某略") | {w[0] for w in words["field"]}
    return re.compile(r"(?=[" + "".join(sorted(map(re.escape, first))) + r"])"
                      r"(?:(?<![" + _ASCII_CLASS + r"])[Xx×]{1,4}(?:\.[Xx×]{1,2})?(?![" + _ASCII_CLASS + r"])"
                      r"|[-~][Xx×]|[Xx×]\s*[年月日号]|[\[【(]\s*[Xx×]"
                      r"|__|□□|■■|(?<![" + _CN_DIGITS + r"])[〇○]{2,}(?![" + _CN_DIGITS + r"年])"
                      r"|[(\[]\s+[)\]]|【\s*】|\*\*|\+\+|某某|略\s*[)\]】]|[(\[【]\s*(?:"
                      + "|".join(map(re.escape, words["fill_verb"] + words["field"])) + r")"
                      + r"|(?:" + "|".join(map(re.escape, words["field"])) + r")\s*[)\]】])")


_ASCII_NEAR = re.compile("[" + _ASCII_CLASS + "]")
_CN_DIGIT = frozenset(_CN_DIGITS)
_CJK = re.compile(r"[\u3400-\u9fff]")
_ONLY_GLYPHS = re.compile(r"^[\s*○〇□_\-=#·.]*$")
_QUOTE_PAIRS = {"“": "”", "「": "」", "‘": "’"}
# An X that the document explains as a formula part: 3+X, “X”指…, X即….
_X_EXPLAINED = re.compile(r"[0-9一二三四五六七八九十N]\s*\+\s*X|X\s*\+\s*[0-9N]|[“\"]X[”\"]"
                          r"|(?<![A-Za-z])X(?:即|指|是指|代表|表示)")
_MD_BOLD = re.compile(r"(?<!\*)\*\*(?!\*)([^*\n]{1,80}?)(?<!\*)\*\*(?!\*)")
_MID_SENTENCE = frozenset("，、；：,;”’")
_CLAUSE_END = re.compile(r"[，。；！？、,;!?)）\s]")
_CLAUSE_MARK = re.compile(r"[，。；！？,;!?\[\]]")
_YEAR_NEXT = re.compile(r"年(?:度|工作|以来|上半年|下半年|底|初|末|全年|是)")


@dataclass
class _Cand:
    start: int            # normalised offsets
    end: int
    kind: str
    strong: bool = True


def _starts(text: str, pos: int, role: str) -> str:
    for word in slot_words()[role]:
        if text.startswith(word, pos):
            return word
    return ""


def _ends(text: str, pos: int, role: str) -> str:
    for word in slot_words()[role]:
        if text.endswith(word, 0, pos):
            return word
    return ""


def _after_kind(t: str, end: int) -> Optional[str]:
    """number / name from what follows a slot, or None."""
    if not _starts(t, end, "not_unit") and _starts(t, end, "unit"):
        return "number_slot"
    if _starts(t, end, "name_after"):
        return "name_slot"
    return None


def _line(t: str, start: int, end: int) -> str:
    ls = t.rfind("\n", 0, start) + 1
    le = t.find("\n", end)
    return t[ls: le if le >= 0 else len(t)]


def _in_quotes(t: str, start: int) -> bool:
    ls = t.rfind("\n", 0, start) + 1
    for open_, close in _QUOTE_PAIRS.items():
        o = t.rfind(open_, ls, start)
        if o >= 0 and t.find(close, o, start) < 0:
            return True
    return t.count('"', ls, start) % 2 == 1


def _judge_letters(t: str, s: int, e: int, explained: bool) -> Optional[_Cand]:
    """X / XX / ×× / xx runs."""
    run = t[s:e]
    prev, nxt = t[s - 1:s], t[e:e + 1]
    is_range = prev and prev in "-~" and re.match(r"[0-9%]", t[s - 2:s - 1] or " ")
    if is_range and _after_kind(t, e) == "number_slot":
        pass                             # 7%-××%: the upper end of a range
    elif (prev and _ASCII_NEAR.match(prev)) or (nxt and _ASCII_NEAR.match(nxt)):
        return None                      # PX, X5, 3×4, 2×100, 3+X, LXB
    if run[0] == "x" and len(run) < 2 or nxt in ("光", "线", "射", "型"):
        return None                      # x, X光, X线, X射线, X型
    kind = _after_kind(t, e)
    if kind == "number_slot" and _ends(t, s, "place") and _starts(t, e, "place"):
        kind = "name_slot"               # 村XX组: a place inside a place, not a count
    if kind == "number_slot" and t.startswith("年", e) and _YEAR_NEXT.match(t, e):
        return _Cand(s, e + 1, "date_slot")
    if len(run) == 1:
        if kind != "number_slot" or explained or _in_quotes(t, s):
            return None
        return _Cand(s, e, kind, strong=False)
    before = t[max(0, s - 12):s].rstrip(" \t")
    if kind is None and len(run) >= 2 and _ends(before, len(before), "title"):
        return _Cand(s, e, "name_slot")  # 镇长 ×××
    if kind is None and _CJK.match(nxt or " ") and _CLAUSE_END.match(t[e + 1:e + 2] or "。"):
        kind = "number_slot"             # ××盏。: one character before a stop is a classifier
    if kind is None:
        wants_number = _ends(t, s, "number_cue") and not _CJK.match(nxt or " ")
        kind = "number_slot" if wants_number else "name_slot"
        return _Cand(s, e, kind, strong=not _in_quotes(t, s) and kind == "number_slot")
    return _Cand(s, e, kind, strong=not _in_quotes(t, s))


def _judge_mask(t: str, s: int, e: int, restorer) -> Optional[_Cand]:
    """++, **, □□ runs: a masked word unless the context wants a number or a name."""
    run, prev, nxt = t[s:e], t[s - 1:s], t[e:e + 1]
    if _ONLY_GLYPHS.match(_line(t, s, e)):
        return None                      # *** or □□□ separator lines
    if prev and re.match(r"[A-Za-z0-9]", prev):
        return None                      # C++, a**b
    before = t[max(0, s - 12):s].rstrip(" \t")
    if run[0] == "*" and len(run) >= 3 and _ends(before, len(before), "title"):
        return _Cand(s, e, "name_slot")  # 乡长 ***
    if nxt == "%" or (_after_kind(t, e) == "number_slot" and _ends(t, s, "number_cue")
                      and not restorer().rank(t, s, e, top=1, backoff=False)):
        return _Cand(s, e, "number_slot")
    wordlike_prev = _CJK.match(prev or " ") or prev == "、"
    if wordlike_prev and (_CJK.match(nxt or " ") or nxt.isdigit() or (nxt and nxt in "[、")):
        return _Cand(s, e, "masked_word")  # 完善++机制, 矛盾□□312起, 、**、 in a list
    if (_CJK.match(prev or " ") or _CJK.match(nxt or " ")) and restorer().rank(t, s, e, top=1, backoff=False):
        return _Cand(s, e, "masked_word")  # 越级**； — a word fits though one side is punctuation
    return None                          # □ checkboxes, footnote marks, stray glyphs


def _judge_other(t: str, s: int, e: int, explained: bool, restorer) -> Optional[_Cand]:
    run, prev, nxt = t[s:e], t[s - 1:s], t[e:e + 1]
    if run[0] in "Xx×":
        return _judge_letters(t, s, e, explained)
    if run[0] == "某":
        before = t[max(0, s - 12):s].rstrip(" \t\u3000")
        if _ends(before, len(before), "title") and prev != "某":
            return _Cand(s, e, "name_slot")  # 镇长　某某, 主席某某 (席 here ends a title, not a surname)
        if prev in slot_words()["surname"] or prev == "某":
            return None                  # 丁某某: an anonymised person
        if _starts(t, e, "name_after") or _ends(t, s, "name_before"):
            return _Cand(s, e, "name_slot")  # ××村某某, 某某同志
        return None
    if run[0] in "○〇":
        if prev in _CN_DIGIT or nxt in _CN_DIGIT or nxt == "年" or _ONLY_GLYPHS.match(_line(t, s, e)):
            return None                  # 二○○○年, bullet rows
        return _Cand(s, e, _after_kind(t, e) or "name_slot")
    if run[0] == "_":
        if _ONLY_GLYPHS.match(_line(t, s, e)):
            return None
        before = t[max(0, s - 12):s].rstrip(" \t")
        return _Cand(s, e, _after_kind(t, e) or ("name_slot" if _ends(before, len(before), "title")
                                                else "number_slot"))
    return _judge_mask(t, s, e, restorer)


def _judge_bracket(t: str, s: int, e: int) -> Optional[_Cand]:
    """[X], 【X】, (X): a slot, except list markers such as - [x] or a roman (X)."""
    if t[s] == "(" or t[s + 1:s + 2] == "x" and t[s - 2:s] in ("- ", "* "):
        kind = _after_kind(t, e)
        if t[s] == "(" and kind and _CJK.match(t[s - 1:s] or " "):
            return _Cand(s, e, kind)
        return None
    return _Cand(s, e, _after_kind(t, e) or "number_slot")


def _bold_pairs(t: str) -> set:
    """Start offsets of ``**`` that open or close markdown bold rather than mask a word."""
    bold = set()
    for m in _MD_BOLD.finditer(t):
        s, e = m.start(), m.end()
        prev, nxt = t[s - 1:s], t[e:e + 1]
        inner = m.group(1)
        opens_clearly = not _CJK.match(prev or " ") and inner[:1] not in " "
        # An inline bold phrase ends before punctuation and holds none; two masks on one
        # line usually have a clause (and its comma) between them.
        phrase = len(inner) <= 24 and not _CLAUSE_MARK.search(inner) and not _CJK.match(nxt or " ")
        # Two filter masks in one sentence (司法所、**办力量……网上**件47件): the first after
        # a mark inside the sentence, the second inside a word, between two Chinese characters.
        masks = prev in _MID_SENTENCE and _CJK.match(t[e - 3:e - 2] or " ") and _CJK.match(nxt or " ")
        if (opens_clearly or phrase) and not masks:
            bold.update((s, e - 2))
    return bold


def _candidates(t: str, restorer) -> List[_Cand]:
    explained = bool(_X_EXPLAINED.search(t))
    bold = _bold_pairs(t) if "**" in t else set()
    found: List[_Cand] = []
    for m in _candidate_re().finditer(t):
        s, e, group = m.start(), m.end(), m.lastgroup
        if group == "other":
            found.append(_Cand(s, e, "other_slot"))
        elif group == "field":
            found.append(_Cand(s, e, "name_slot"))
        elif group == "date":
            if t[s - 1:s] and _ASCII_NEAR.match(t[s - 1:s]) and not t[s].isdigit():
                continue
            found.append(_Cand(s, e, "date_slot"))
        elif group == "bracket":
            cand = _judge_bracket(t, s, e)
            if cand:
                found.append(cand)
        elif group == "empty":
            if _after_kind(t, e) == "number_slot" and _CJK.match(t[s - 1:s] or " "):
                found.append(_Cand(s, e, "number_slot"))
        elif s not in bold:
            cand = _judge_other(t, s, e, explained, restorer)
            if cand:
                found.append(cand)
    return found


def _trim_date(t: str, s: int, e: int) -> int:
    """Start of the first unfilled part of a date span (2022年X月X日 → X月X日)."""
    m = re.match(r"(?:(?:19|20)[0-9]{2}|[一二][〇○零一二三四五六七八九]{3})\s*年\s*", t[s:e])
    return s + m.end() if m and s + m.end() < e else s


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - CONTEXT_CHARS):start].split("\n")[-1]
    right = text[end:end + CONTEXT_CHARS].split("\n")[0]
    return (left + text[start:end] + right).strip()


def extract_placeholders(report: Report, *, restorer: Optional[MaskRestorer] = None) -> List[Placeholder]:
    """Unfilled slots and masked words in ``report``, in document order.

    Masked words are restored with ``restorer`` when given (e.g. a MaskRestorer fitted on
    a reference corpus), else with one fitted on the lexicon and this document alone.
    """
    norm: Normalized = normalize_cached(report.text)
    t = norm.text
    if not _gate_re().search(t):
        return []
    holder: Dict[str, MaskRestorer] = {"r": restorer} if restorer is not None else {}

    def get_restorer() -> MaskRestorer:   # fitted only when a document has a mask
        if "r" not in holder:
            holder["r"] = restorer_for(report.text)
        return holder["r"]

    cands = _candidates(t, get_restorer)
    if not any(c.strong for c in cands):
        cands = []
    out: List[Placeholder] = []
    for c in cands:
        s = _trim_date(t, c.start, c.end) if c.kind == "date_slot" else c.start
        start, end = norm.span(s, c.end)
        restored = ""
        if c.kind == "masked_word":
            ranked = get_restorer().rank(report.text, start, end, top=1)
            restored = ranked[0][0] if ranked else ""
        out.append(Placeholder(start=start, end=end, text=report.text[start:end], kind=c.kind,
                               restored=restored, context=_context(report.text, start, end)))
    return out
