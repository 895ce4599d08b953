"""Section tree of a report: headings, their depth, and the kind of each part.

A report is a preamble (title, byline, salutation, opening), a sequence of sections
and a closing (final exhortation, 谢谢大家, sign-off). ``split_sections`` reads it
line by line on the width-folded text (so ``１、`` and ``(一)`` look like ``1、`` and
``（一）``), decides which lines open a section, nests them by marker type into a
tree whose ``level`` is the depth (not the marker's rank), and gives every level-1
part a kind (review / problems / plans / other) that its children inherit.
Spans are mapped back to the original text, so ``text[start:end] == heading``.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

from .lexicon import read_rows
from .model import Report, Section
from .normalize import normalize_cached
from .numbers import read_numeral
from .wordpatterns import alternation

KINDS = ("review", "problems", "plans", "other")

# --- patterns (on width-folded text: ASCII digits, parentheses, punctuation) ---------
_LINE = re.compile(r"[^\n\r]+")
# Indentation and markdown decoration before a heading's marker.
_SPACE = r"[ \t\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\u2028\u2029]"
_LEAD = re.compile(rf"{_SPACE}*(?:#{{1,6}}{_SPACE}*)?(?:\*\*{_SPACE}*)?")
_CN = "一二三四五六七八九十百〇零两"
_MARKER = re.compile(
    rf"""(?:
      (?P<part>第[{_CN}]{{1,3}}(?:部分|篇|章))[ \t:、]*
    | (?P<cn_paren>\(?[ \t]?[{_CN}]{{1,3}}[ \t]?\))[ \t]*
    | (?P<cn_dun>[{_CN}]{{1,3}}(?:、|\.(?!\d))|[{_CN}]{{1,3}}[ \t](?=\S))[ \t]*
    | (?P<ar_paren>\(\d{{1,2}}\)|\d{{1,2}}\)(?!\d)|[\u2474-\u2487])[ \t]*
    | (?P<ar_dot>\d{{1,2}}(?:、|\.(?!\d))|[\u2488-\u249b])[ \t]*
    | (?P<circled>[\u2460-\u2473])[ \t]*
    )""",
    re.X,
)
# Typical rank of each marker type, used only when a type first appears.
_RANK = {"part": 0, "box": 0, "sub": 1, "cn_dun": 1, "cn_paren": 2, "ar_dot": 3, "ar_paren": 4, "circled": 5}
# A numeral alone on its line ("一" in 1950s-1960s reports) numbers the part below it.
_BARE_CN = re.compile(r"[一二三四五六七八九十]{1,3}")
_HEAD_STOP = re.compile(r"[。!?]|\.(?![\d.])")
# A numbered glossary entry: a term, a colon and its definition ("3.“两新”：指……").
_GLOSS_ENTRY = re.compile(r"[^。:：]{1,40}[:：][^。:：]{0,16}?(?:是指|指的是|指|即|意思是|简称|包括)")
_TRAIL = re.compile(rf"(?:{_SPACE}|\*)+$")
# A line that reads as running text: ends a sentence, or is long.
_SENTENCE_END = re.compile(r"(?:[。!?;…]|\.)[\"”’」』)）]?$")
_COLON_END = re.compile(r"[:：]$")
_NO_PART_END = re.compile(r"[。!?;:,，、…\.]$")
_SALUTATION = re.compile(r"^(尊敬的|各位|同志们|亲爱的|女同志们|姐妹们|大家好)")
_YEAR = re.compile(r"((?:19|20)\d{2}) ?年")
_YEAR_SLOT = re.compile(r"20[Xx×]{2}年")
# A topic line standing alone between paragraphs (关于劳动就业问题。), 1950s style.
_TOPIC_LINE = re.compile(r"关于[^。!?,，、;；:：\s]{2,18}[。.]?")
# Names of an organisation or a place: a line holding one is a title, not a part heading.
_ORG = re.compile(r"[镇乡村县市省区州旗]|街道|妇联|政府|委员会|党委|支部|办事处|联合会")
# Words of a sentence that announces a list (要抓好以下重点工作：), not of a heading.
_LEAD_IN = re.compile(r"[,，]|以下|抓|要|将|我们|办好|做好")
_PARAGRAPH = re.compile(r"\S[^\n\r]*")
_DEFINES = re.compile(r"[:：]")
_CONTINUED = re.compile(r"[。,，、;；:：!?)）”’」』]")
_FOUR_PAIR = re.compile(r"^\S{2,8}[,，、 ]\S{2,8}$")
_LONG_LINE = 60
_HEAD_GAP = re.compile(rf"(?<=[^\s,，、]){_SPACE}+(?=\S)")
_BODY_AFTER_GAP = 20
_MIN_HEAD, _MAX_HEAD = 3, 34   # not a stray space inside a word (（一）认 真落实……)
_MAX_APPENDIX = 40
# An appendix label with no title of its own: 附件, 附件2：, 附录一, 附：
_BARE_LABEL = re.compile(r"(?:附件|附录|附表|附)\s*[0-9一二三四五六七八九十]*\s*[:：]?")
# A line this long is a whole report run together (paragraphs joined by spaces or nothing).
_FLAT_LINE = 3000
# Where a flattened line breaks: at a run of spaces between two paragraphs or after a
# heading, and after a sentence end (or a colon) right before a heading marker.
_FLAT_BREAK = re.compile(
    rf"(?<=\S){_SPACE}+(?=\S)"
    rf"|(?<=[。!?:])(?=(?:第[{_CN}]{{1,3}}(?:部分|篇|章)|\([{_CN}]{{1,3}}\)|[{_CN}]{{1,3}}、)[^\s])")
_MAX_PART = 30
_BODY_WINDOW = 600
_OTHER_MIN = 4
_PROBLEM_LEAD = 120


@lru_cache(maxsize=None)
def _pairs(name: str) -> Tuple[Tuple[str, str], ...]:
    return tuple((row[0], row[1]) for row in read_rows(name) if len(row) > 1)


@lru_cache(maxsize=None)
def _pattern(name: str) -> "re.Pattern[str]":
    """One regular expression a line (``#`` inside a line is part of the expression)."""
    return re.compile("|".join(f"(?:{row[0]})" for row in read_rows(name)))


@lru_cache(maxsize=1)
def _result_heading() -> "re.Pattern[str]":
    """A heading whose last clause ends in a result (…更加坚定, …稳步壮大, 落到实处), from
    lexicons/section_result_headings.tsv."""
    pairs = _pairs("section_result_headings.tsv")
    adverbs = alternation(w for w, role in pairs if role == "adverb") or "(?!)"
    endings = alternation(w for w, role in pairs if role == "ending") or "(?!)"
    return re.compile(rf"(?:(?:{adverbs})[\u4e00-\u9fff]{{1,3}}|{endings})$")


@lru_cache(maxsize=None)
def _kind_pattern(name: str) -> Tuple["re.Pattern[str]", Dict[str, str]]:
    pairs = _pairs(name)
    return re.compile(alternation(w for _, w in pairs)), {w: k for k, w in pairs}


# --- lines -------------------------------------------------------------------------

@dataclass
class _Line:
    start: int          # folded offset where the content (marker) starts
    end: int            # folded offset of the content end (trailing spaces dropped)
    text: str           # the content
    mtype: str = ""     # marker type, "" when unnumbered
    number: int = 0
    marker: str = ""    # the marker as written (folded), without trailing spaces
    head_end: int = 0   # folded end of the heading span

    @property
    def body_like(self) -> bool:
        return bool(_SENTENCE_END.search(self.text)) or len(self.text) >= _LONG_LINE


def _cn_number(s: str) -> int:
    """The number of a marker (十二, 3, 第二十), read by numbers.read_numeral; 0 when unreadable."""
    read = read_numeral(s.strip())
    return int(read.value) if read is not None and read.value >= 0 else 0


# The first and second heading of a list, and any heading of its marker type.
_LIST_MARKS = ((r"\(一\)", r"\(二\)", rf"\([{_CN}]{{1,3}}\)"),
               (rf"一、(?![{_CN}])", r"二、", rf"[{_CN}]{{1,3}}、"))   # not 一、二、三产业
# Per list type, compiled once: a first heading run in after a colon or a full stop (the
# pattern opens with that mark, so the engine skips to it; the heading starts after it),
# a line opening with any heading of the type, a line opening with its second heading.
_INLINE_MARKS = tuple((re.compile(rf"[:。]{_SPACE}*(?={first})"), re.compile(rf"{_SPACE}*{any_mark}"),
                       re.compile(rf"{_SPACE}*{second}")) for first, second, any_mark in _LIST_MARKS)


def _line_spans(folded: str) -> Iterator[Tuple[int, int]]:
    """(start, end) of each line; a flattened line (a whole report run into one, as web
    copies are) is cut where a paragraph or a heading would have started a line, and so
    is a paragraph that runs the first heading of a list into its lead-in
    (……报告：（一）加快体制创新。…) when the list's second heading opens a line."""
    spans = list(_flat_cut(folded))
    for k, (start, end) in enumerate(spans):
        cut = _inline_first(folded, spans, k) or _run_in_part(folded, start, end)
        if cut:
            yield start, cut[0]
            yield cut[1], end
        else:
            yield start, end


def _flat_cut(folded: str) -> Iterator[Tuple[int, int]]:
    for m in _LINE.finditer(folded):
        if m.end() - m.start() < _FLAT_LINE:
            yield m.span()
            continue
        start = m.start()
        for cut in _FLAT_BREAK.finditer(folded, m.start(), m.end()):
            if cut.end() > start:
                yield start, cut.end()
                start = cut.end()
        yield start, m.end()


def _inline_first(folded: str, spans: Sequence[Tuple[int, int]], k: int) -> Optional[Tuple[int, int]]:
    """(end of the lead-in, start of the heading) when line k runs a list's first heading
    in after a colon or a full stop and the next line opening with that marker type is
    the list's second heading."""
    start, end = spans[k]
    for inline, any_mark, second in _INLINE_MARKS:
        m = inline.search(folded, start, end)
        if not m:
            continue
        nxt = next((s for s, e in (spans[j] for j in range(k + 1, len(spans))) if any_mark.match(folded, s, e)),
                   None)
        if nxt is not None and second.match(folded, nxt, nxt + 12):
            return m.start() + 1, m.end()
    return None


_RUN_IN_GAP = re.compile(rf"{_SPACE}+")


def _run_in_part(folded: str, start: int, end: int) -> Optional[Tuple[int, int]]:
    """(end of the heading, start of the body) when a paragraph opens with an unnumbered
    part heading and a space (2004年政府工作主要任务 今年政府工作的总体要求是：……): a year
    and a kind word it ends with, no mark, then a sentence of its own."""
    lead = _LEAD.match(folded, start, end).end()
    gap = _RUN_IN_GAP.search(folded, lead + 4, min(end, lead + 21))
    if gap is None or end - gap.end() < _BODY_AFTER_GAP or not _SENTENCE_END.search(folded, end - 2, end):
        return None
    head = folded[lead:gap.start()]
    if _MARKER.match(head) or _NO_PART_END.search(head) or not (_YEAR.search(head) or _YEAR_SLOT.search(head)) \
            or any(ch in head for ch in "。,，、;；:：()（）“”") or not _ends_with_kind_word(head) \
            or _pattern("section_not_parts.txt").search(head):
        return None
    return gap.start(), gap.end()


def _read_lines(folded: str) -> List[_Line]:
    lines = []
    for m_start, m_end in _line_spans(folded):
        lead = _LEAD.match(folded, m_start, m_end)
        start = lead.end()
        trail = _TRAIL.search(folded, start, m_end)
        end = trail.start() if trail else m_end
        if end <= start:
            continue
        line = _Line(start, end, folded[start:end])
        mm = _MARKER.match(folded, start, end)
        if mm and mm.end() == end and mm.lastgroup in ("circled", "ar_paren"):
            mm = None   # a lone (1) or ① is debris, not a heading
        bare = None if mm else _BARE_CN.fullmatch(folded, start, end)
        if mm or bare:
            mtype = mm.lastgroup if mm else "cn_dun"
            raw = (mm.group(mtype) if mm else bare.group()).rstrip(" \t")
            line.mtype, line.marker = mtype, raw
            if len(raw) == 1 and "\u2460" <= raw <= "\u249b":
                line.number = (ord(raw) - 0x245F) % 20 or 20     # ① ⑴ ⒈ count from 1 to 20
            else:
                line.number = _cn_number(re.sub(r"[^0-9" + _CN + "]", "", raw.replace("第", "")))
            stop = _HEAD_STOP.search(folded, mm.end() if mm else end, end)
            line.head_end = stop.start() if stop else end
            # 一、2003年工作的回顾 2003年是……: a space, then a sentence, ends the heading
            body = mm.end() if mm else end
            gaps = [g for g in _HEAD_GAP.finditer(folded, body, line.head_end)
                    if _MIN_HEAD <= g.start() - body <= _MAX_HEAD
                    and line.head_end - g.end() >= max(_BODY_AFTER_GAP, g.start() - body)]
            if gaps:   # the last such space: 二、2005年 主要任务 今年是……
                line.head_end = gaps[-1].start()
            while line.head_end > start and folded[line.head_end - 1] in " \t*":
                line.head_end -= 1
        elif line.text.startswith("、") and sum(ch >= "\u4e00" for ch in line.text[1:11]) >= 4 \
                and lines and (lines[-1].body_like or lines[-1].mtype or _COLON_END.search(lines[-1].text)) \
                and not _NO_PART_END.search(line.text) and len(line.text) <= _MAX_LOST_HEAD:
            line.mtype, line.marker, line.number, line.head_end = "cn_dun", "、", -1, end
        lines.append(line)
    _number_lost(lines)
    return lines


# 、本届政府五年工作回顾: a 一、 heading whose numeral was lost in conversion (an image, a
# dropped character); it takes the number after the heading of its type before it, or
# before the next one when it comes first.
_MAX_LOST_HEAD = 40


def _number_lost(lines: List[_Line]) -> None:
    numbered = [line for line in lines if line.mtype == "cn_dun"]
    for k, line in enumerate(numbered):
        if line.number != -1:
            continue
        if k:
            line.number = numbered[k - 1].number + 1
        else:  # the first: counted back from the next heading whose number stands
            line.number = max(next((ln.number - j for j, ln in enumerate(numbered) if ln.number != -1), 1), 1)


# --- which lines are headings ------------------------------------------------------

def _preamble_end(lines: Sequence[_Line]) -> int:
    """Index of the first line after the title block: the salutation, the opening or a heading."""
    for i, line in enumerate(lines):
        if line.mtype or line.body_like or _SALUTATION.match(line.text):
            return i
    return len(lines)


def _lead_part(lines: Sequence[_Line], first: int) -> bool:
    """True when the short line right above the opening paragraph opens the first part:
    a year and a kind word (2022年工作总结) under the title, with a later unnumbered part
    of another kind (2023年工作安排) — not a second title line."""
    i = first - 1
    if i < 1 or first >= len(lines) or lines[i].mtype or not _year_kind_line(lines[i].text):
        return False
    kind = _heading_kind(lines[i].text, None, None)
    return any(_year_kind_line(ln.text) and _heading_kind(ln.text, None, None) not in ("", kind)
               and _accept_part(lines, k, first) for k, ln in enumerate(lines[first + 1:], first + 1)
               if not ln.mtype and len(ln.text) <= _MAX_PART)


def _year_kind_line(text: str) -> bool:
    words, _ = _kind_pattern("section_kinds.tsv")
    return (4 <= len(text) <= 20 and bool(_YEAR.search(text) or _YEAR_SLOT.search(text))
            and bool(words.search(text)) and not _ORG.search(text) and not _NO_PART_END.search(text))


def _ends_with_kind_word(text: str) -> bool:
    words, _ = _kind_pattern("section_kinds.tsv")
    return any(m.end() == len(text) for m in words.finditer(text, max(0, len(text) - 6)))


def _is_part_shape(line: _Line) -> bool:
    text = line.text
    if _COLON_END.search(text) and len(text) <= 16 and _ends_with_kind_word(text[:-1]) \
            and not _LEAD_IN.search(text):
        text = text[:-1]    # 2024年工作打算： over its bullets, not a lead-in (主要任务是：)
    if line.mtype or not 4 <= len(text) <= _MAX_PART or _NO_PART_END.search(text):
        return False
    if "。" in text or _pattern("section_not_parts.txt").search(text):
        return False
    # a part heading is words, not a number or a table row
    return sum(ch >= "\u4e00" for ch in text) >= 4


def _opens_body(line: _Line) -> bool:
    """True for a line that can start a part's body: a paragraph, a numbered heading,
    a lead-in ending in a colon ("2024年，我们将抓好以下工作：") or a —— bullet."""
    return line.body_like or bool(line.mtype) or bool(_COLON_END.search(line.text)) \
        or line.text.startswith(("——", "--", "—"))


_BY_TYPE: list = [None, {}]  # the lines last indexed by _numbered_by_type, and their index


def _numbered_by_type(lines: Sequence[_Line]) -> Dict[str, List[int]]:
    """Marker type -> indices of the lines of that type, for the lines of one report (kept
    until another report's lines are asked for; the lines are not changed once read)."""
    if _BY_TYPE[0] is not lines:
        index: Dict[str, List[int]] = {}
        for j, line in enumerate(lines):
            if line.mtype:
                index.setdefault(line.mtype, []).append(j)
        _BY_TYPE[:] = [lines, index]
    return _BY_TYPE[1]


def _continued_depth(lines: Sequence[_Line], i: int, stack: Sequence[Tuple[str, int]]) -> int:
    """Depth of the shallowest numbered heading on the stack whose count goes on after
    line i (the next line of its marker type takes the next number); -1 when none does."""
    # the first line of each marker type after line i, looked up rather than walked to
    # (a walk to the end of a long report for every candidate part is quadratic)
    firsts = []
    for mtype, indices in _numbered_by_type(lines).items():
        k = bisect.bisect_right(indices, i)
        if k < len(indices):
            firsts.append((indices[k], mtype))
    firsts.sort()
    nxt: Dict[str, int] = {mtype: lines[j].number for j, mtype in firsts[:len(_RANK)]}
    return next((d for d, (t, n) in enumerate(stack) if t in _RANK and t != "part" and nxt.get(t) == n + 1), -1)


def _accept_part(lines: Sequence[_Line], i: int, first: int, loose: bool = False) -> int:
    """For an unnumbered short line (maybe with subtitle lines under it) that opens a
    part, the index of the line after its block; 0 when the line opens no part.
    ``loose``: the line need not say what part it opens (its siblings did)."""
    line = lines[i]
    if i <= first or not _is_part_shape(line):
        return 0
    prev = lines[i - 1]
    if not (prev.body_like or prev.mtype or _COLON_END.search(prev.text)):
        return 0
    j = _subtitle_end(lines, i)
    if j >= len(lines) or not _opens_body(lines[j]) or _CONTINUED.match(lines[j].text):
        return 0  # _CONTINUED: a line that goes on with 。 or ， is the rest of a broken sentence
    words, _ = _kind_pattern("section_kinds.tsv")
    # the next numbered line counts from 1, before any other short line could open a part
    restart = next((ln.number == 1 for ln in (lines[m] for m in range(j, len(lines)))
                    if ln.mtype or _is_part_shape(ln)), False)
    # a heading set over two lines may put its kind word or year on the second (砥砺奋进 /
    # 过去一年的工作回顾)
    block = " ".join(ln.text for ln in lines[i:j])
    ok = (words.search(block) or restart or _YEAR.search(block)
          or _YEAR_SLOT.search(block) or _FOUR_PAIR.match(line.text) or j - i >= 2
          or loose and not _DEFINES.search(line.text))   # not a glossary entry (ODM+OBM：ODM指…)
    return j if ok else 0


def _subtitle_end(lines: Sequence[_Line], i: int) -> int:
    """Index of the line after the subtitle lines of a part heading set over two or
    three lines (i + 1 when it has none)."""
    j = i + 1
    appendix = _pattern("section_appendix.txt")
    while j < len(lines) and j <= i + 2 and _is_part_shape(lines[j]) and not appendix.match(lines[j].text):
        j += 1
    return j


def _is_glossary_title(lines: Sequence[_Line], i: int) -> bool:
    """A short 名词解释 line over numbered entries: a part of its own wherever it stands
    (after 附件, after the closing)."""
    line = lines[i]
    # a note in brackets (按出现的顺序排列) may stand between the title and the entries
    k = i + 2 if i + 2 < len(lines) and lines[i + 1].text.startswith(("(", "（")) else i + 1
    return (not line.mtype and len(line.text) <= 20 and k < len(lines) and bool(lines[k].mtype)
            and bool(_pattern("section_glossary.txt").search(line.text))
            and not _pattern("section_not_parts.txt").search(line.text))


def _unnumbered_type(lines: Sequence[_Line], i: int, first: int, stack: Sequence[Tuple[str, int]],
                     loose: bool = False) -> str:
    """"part" for a line that opens a part, "box" for a titled list inside a numbered
    run (the count of a heading above goes on after it), "" otherwise."""
    block_end = _accept_part(lines, i, first, loose)
    if not block_end:
        return ""
    inside = _continued_depth(lines, i, stack)
    if inside < 0:
        return "part"
    return "box" if inside > 0 and lines[block_end].mtype and lines[block_end].number == 1 else ""


def _unnumbered_parts(lines: Sequence[_Line], first: int) -> bool:
    """Whether the report's parts are unnumbered: no 一、 or 第一部分 anywhere, and some
    short line opens a part by what it says (形势和任务, 2023年工作安排). Its siblings
    then open parts though they say no kind (关于九大路线, 加快社会主义经济建设)."""
    if any(line.mtype in ("cn_dun", "part") for line in lines):
        return False
    return any(_accept_part(lines, i, first) for i in range(first + 1, len(lines)) if not lines[i].mtype)


def _is_topic_line(lines: Sequence[_Line], i: int) -> bool:
    line = lines[i]
    return (0 < i < len(lines) - 1 and not line.mtype and bool(_TOPIC_LINE.fullmatch(line.text))
            and lines[i - 1].body_like and lines[i + 1].body_like
            and not _pattern("section_not_parts.txt").search(line.text.rstrip("。.")))


def _parallel_subheads(lines: Sequence[_Line], first: int) -> set:
    """Unnumbered short lines that open paragraphs in a parallel run ("一年来，我们坚持…"
    several times): sub-headings of the part they stand in."""
    by_prefix: Dict[str, List[int]] = {}
    for i in range(first + 1, len(lines) - 1):
        line = lines[i]
        if len(line.text) >= 8 and _is_part_shape(line) and lines[i - 1].body_like \
                and lines[i + 1].body_like:
            by_prefix.setdefault(line.text[:3], []).append(i)
    return {i for group in by_prefix.values() if len(group) >= 2 for i in group}


_SHORT_SUBHEAD = re.compile(r"[\u4e00-\u9fff“”、]{2,12}")
_FULL_STOP_END = re.compile(r"[。!?！？][”’」』)）]?$")
_MIN_SHORT_SUBHEADS = 3


def _short_subheads(lines: Sequence[_Line], first: int) -> set:
    """Short lines of words alone between two paragraphs (人民战争, 两个战场, 中国解放区 in
    the 1945 report): sub-headings of the part they stand in, when a report has at least
    three. The paragraph before ends a sentence and the one after opens one, so a word
    broken out of its sentence (a linked law title, 一要) is no heading."""
    found = set()
    glossary = _pattern("section_glossary.txt")
    # the terms of a glossary ([政府工作报告名词解释] 数字宁波 …) are entries, not sub-headings
    end = next((k for k, ln in enumerate(lines) if k > first and len(ln.text) <= 20 and glossary.search(ln.text)),
               len(lines))
    for i in range(first + 1, min(end, len(lines) - 1)):
        line, prev, nxt = lines[i], lines[i - 1], lines[i + 1]
        if not line.mtype and _SHORT_SUBHEAD.fullmatch(line.text) and _FULL_STOP_END.search(prev.text) \
                and nxt.body_like and not _CONTINUED.match(nxt.text) and not nxt.text.startswith(("》", "〉")) \
                and not _pattern("section_not_parts.txt").search(line.text) \
                and not _pattern("section_appendix.txt").match(line.text):
            found.add(i)
    return found if len(found) >= _MIN_SHORT_SUBHEADS else set()


def _place(stack: Sequence[Tuple[str, int]], mtype: str, number: int) -> int:
    """Depth (0-based) at which a heading of this marker type and number goes."""
    if mtype == "part":
        return 0
    if mtype == "box":
        return len(stack)
    if mtype == "sub":
        return next((d for d, (t, _) in enumerate(stack) if t == "sub"), 1)
    # an unnumbered sub-heading holds only its paragraphs: numbered headings after it are its siblings
    while stack and stack[-1][0] == "sub":
        stack = stack[:-1]
    same = [d for d, (t, _) in enumerate(stack) if t == mtype]
    for d in reversed(same):
        if number == stack[d][1] + 1:
            return d
    if same:
        d = same[-1]
        # a count that starts again below a deeper heading is a list nested in that part
        return d + 1 if number == 1 and d < len(stack) - 1 else d
    d = len(stack)
    # a new marker type counting from 1 opens a list under the current heading; one
    # that starts higher continues a part whose first heading was lost or skipped
    while number != 1 and d > 0 and stack[d - 1][0] not in ("part", "box") and _RANK[stack[d - 1][0]] > _RANK[mtype]:
        d -= 1
    # a list of finer markers (the 1、…10、 of a 实事 list) ends where a coarser marker
    # that ranks between it and its parent starts: that one is the list's sibling
    if number == 1 and d >= 2 and _RANK[stack[d - 1][0]] > _RANK[mtype] > _RANK[stack[d - 2][0]]:
        d -= 1
    return d


def _resume(stack: Sequence[Tuple[str, int]], placed: Dict[str, Tuple[int, int, Tuple[Tuple[str, int], ...]]],
            mtype: str, number: int) -> int:
    """The depth of a heading that goes on a count a nested list interrupted: （二） after
    （一）…一、…四、 goes where （一） went, when （一）'s parents are still on the stack and
    no heading of its type is; -1 otherwise."""
    if number < 2 or mtype not in placed or any(t == mtype for t, _ in stack):
        return -1
    depth, last, parents = placed[mtype]
    return depth if last == number - 1 and tuple(stack[:depth]) == parents else -1


def _numbered_heading(line: _Line, after_title: bool, after_heading: bool) -> bool:
    """A numbered line is a heading unless it stands in the title block, is a ① before any
    heading, or is a glossary entry (3.“两新”：指……)."""
    if not after_title or (line.mtype == "circled" and not after_heading):
        return False
    return not _GLOSS_ENTRY.match(line.text, len(line.marker))


def _appendix_heading(lines: Sequence[_Line], i: int) -> int:
    """For a line that labels an appendix (附件1, 附录二：, 附：名词注解), the index of the
    line that heads it: the short title line under a bare label, else the label line;
    -1 when the line labels no appendix."""
    line = lines[i]
    if line.mtype or len(line.text) > _MAX_APPENDIX or not _pattern("section_appendix.txt").match(line.text):
        return -1
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    bare = _BARE_LABEL.fullmatch(line.text)
    if bare and nxt is not None and not nxt.mtype and not nxt.body_like and len(nxt.text) <= _MAX_APPENDIX \
            and not nxt.text.startswith("- ") and not _pattern("section_not_parts.txt").search(nxt.text):
        return i + 1
    return i


def _find_headings(lines: Sequence[_Line]) -> Tuple[List[Tuple[int, int]], int]:
    """(line index, depth) of each heading, in order, and the index into that list of
    the first appendix heading (its length when there is none).

    A heading whose line holds only its marker ("第一部分", "（一）", "一") takes the
    short line under it as its title, and a part heading set over two or three lines
    takes its subtitle lines: those lines are not headings of their own. An appendix
    after the report (附件, 名词解释) is a part whose lines hold no headings.
    """
    first = _preamble_end(lines)
    parallel = _parallel_subheads(lines, first)
    shorts = _short_subheads(lines, first)
    loose = _unnumbered_parts(lines, first)
    glossary = _pattern("section_glossary.txt")
    heads: List[Tuple[int, int]] = []
    stack: List[Tuple[str, int]] = []
    placed: Dict[str, Tuple[int, int, Tuple[Tuple[str, int], ...]]] = {}
    in_glossary = False
    appendix = 1 << 30
    skip_to = 0
    for i, line in enumerate(lines):
        if i < skip_to:
            continue
        at = _appendix_heading(lines, i) if i > first and heads else -1
        if at >= 0:
            depth = 0
            del stack[:]
            stack.append(("part", 0))
            appendix = min(appendix, len(heads))
            heads.append((at, depth))
            # a glossary's numbered entries are no headings; a list (十件民生实事) has them
            in_glossary = bool(glossary.search(lines[at].text) or glossary.search(line.text))
            skip_to = at + 1
            continue
        if line.mtype:
            if in_glossary or not _numbered_heading(line, i >= first or line.mtype == "part", bool(heads)):
                continue
            mtype, number = line.mtype, line.number
        elif i > first and _is_glossary_title(lines, i):
            mtype, number, in_glossary = "part", 0, True
        elif i == first - 1 and _lead_part(lines, first):
            mtype, number = "part", 0
        elif (mtype := _unnumbered_type(lines, i, first, stack, loose and i not in parallel)) in ("part", "box"):
            # a titled box (办好……实事) between two numbered siblings holds the list under it
            skip_to, number = _accept_part(lines, i, first, loose and i not in parallel), 0
            in_glossary = bool(glossary.search(line.text))
        elif stack and (i in parallel or _is_topic_line(lines, i) or i in shorts and not in_glossary):
            mtype, number = "sub", 0
        else:
            continue
        depth = _resume(stack, placed, mtype, number)
        if depth < 0:
            depth = _place(stack, mtype, number)
        del stack[depth:]
        stack.append((mtype, number))
        placed[mtype] = (depth, number, tuple(stack[:depth]))
        heads.append((i, depth))
        if line.head_end == line.start + len(line.marker) and i + 1 < len(lines) and _is_part_shape(lines[i + 1]):
            skip_to = i + 2
    return heads, min(appendix, len(heads))


# --- closing and kinds -------------------------------------------------------------

def _closing_start(lines: Sequence[_Line], last_head: int) -> int:
    """Index of the first closing line after the last heading (len(lines) when none)."""
    closing = _pattern("section_closing_cues.txt")
    # the line right under the last heading is its body, whatever its first words
    for i in range(last_head + 2, len(lines)):
        if closing.match(lines[i].text):
            return i
    # a trailing sign-off: organisation and date lines after the last paragraph
    end = len(lines)
    while end - 1 > last_head + 1 and not lines[end - 1].body_like and _is_signoff(lines[end - 1]):
        end -= 1
    return end


def _is_signoff(line: _Line) -> bool:
    return len(line.text) <= _MAX_PART and bool(_pattern("section_not_parts.txt").search(line.text))


def _doc_year(report: Report, folded: str) -> Optional[int]:
    year = report.meta.get("year") if report.meta else None
    if isinstance(year, int):
        return year
    if isinstance(year, str) and year.isdigit():
        return int(year)
    match = _YEAR.search(folded, 0, 400)
    return int(match.group(1)) if match else None


_PAST_IN_HEADING = re.compile(r"去年|上年|过去|回顾|一年来")
_FUTURE_IN_HEADING = re.compile(r"今后|明年|来年|新的一年|展望|未来|下一步")


def _past_tasks(heading: str, years: List[int], ref: Optional[int]) -> bool:
    """A heading whose plans word (目标, 任务) names the goals of a past year, not new ones."""
    if _FUTURE_IN_HEADING.search(heading):
        return False
    if years and ref is not None:
        return max(years) < ref
    return bool(_PAST_IN_HEADING.search(heading))


def _heading_kind(heading: str, doc_year: Optional[int], top_year: Optional[int]) -> str:
    words, kind_of = _kind_pattern("section_kinds.tsv")
    heading = _pattern("section_kind_masks.txt").sub("", heading)
    found = [kind_of[m.group()] for m in words.finditer(heading)]
    years = [int(y) for y in _YEAR.findall(heading)]
    if found and found[-1] == "plans" and _past_tasks(heading, years, doc_year or top_year):
        return "review"  # 回顾2023年目标任务, 去年目标任务: the tasks of a year gone by
    if found:
        return found[-1]
    if years:
        ref = top_year or doc_year
        if ref is not None:
            return "review" if max(years) < ref else "plans"
    return ""


def _problem_count(text: str) -> int:
    return sum(text.count(cue) for kind, cue in _pairs("section_body_cues.tsv") if kind == "problems")


def _body_kind(body: str) -> str:
    """The kind the body's cue words point to; "" when they do not decide."""
    score = {k: 0 for k in KINDS}
    for kind, cue in _pairs("section_body_cues.tsv"):
        score[kind] += body.count(cue)
    # a problems part says so at once: shortcomings further down are one paragraph of another part
    if score["problems"] >= 3 and score["problems"] >= 2 * max(score["review"], score["plans"], 1) \
            and _problem_count(body[:_PROBLEM_LEAD]) >= 2:
        return "problems"
    # exposition of the state system, unity, defence or foreign affairs: neither past work nor tasks
    if score["other"] >= _OTHER_MIN and score["other"] >= score["review"] + score["plans"]:
        return "other"
    if score["review"] == score["plans"]:
        return ""
    return "review" if score["review"] > score["plans"] else "plans"


def _first_paragraph(body: str) -> str:
    match = _PARAGRAPH.search(body)
    return match.group() if match else ""


def _part_kinds(headings: Sequence[str], bodies: Sequence[str], doc_year: Optional[int]) -> List[str]:
    """Kind of each level-1 part: its heading words, else its year, else its order and body.

    Parts after a part whose heading says plans are plans too (加强政府自身建设 after the
    year's tasks); otherwise the body decides, and a body that does not decide keeps the
    kind of the part before it (a run of 突出…/强化… parts in a year-end summary), the
    first one being a review.
    """
    years = [int(y) for h in headings for y in _YEAR.findall(h)]
    if doc_year is not None:  # a vision for 2035 in one heading is no year of this report's plans
        years = [y for y in years if y <= doc_year + 1]
    top_year = max(years) if len(set(years)) > 1 else None
    kinds = [_heading_kind(h, doc_year, top_year) for h in headings]
    seen_plans = False
    for i, kind in enumerate(kinds):
        if kind:
            seen_plans = seen_plans or kind == "plans"
            continue
        kind = "plans" if seen_plans else _body_kind(bodies[i])
        if _result_heading().search(headings[i]) and (
                not kind or (kind == "plans" and not seen_plans and _body_kind(_first_paragraph(bodies[i])) != "plans")):
            # 集体经济稳步壮大: a heading that reports a result, whose own paragraph plans nothing
            kind = "review"
        if not kind:
            kind = next((k for k in reversed(kinds[:i]) if k in ("review", "plans")), "review")
        kinds[i] = kind
    return kinds


# --- assembly ----------------------------------------------------------------------

def split_sections(report: Report) -> List[Section]:
    """The report's sections in document order ([] when it has no headings)."""
    text = report.text if isinstance(report.text, str) else ""
    if not text.strip():
        return []
    norm = normalize_cached(text)
    lines = _read_lines(norm.text)
    heads, appendix = _find_headings(lines)
    if not heads:
        return []
    starts = [norm.orig(lines[i].start) for i, _ in heads]
    # the report's closing follows its last heading; appendices come after the closing
    # (their own label line included) and run to the next appendix or the end
    if appendix:
        last = heads[appendix - 1][0]
        limit = heads[appendix][0] if appendix < len(heads) else len(lines)
        limit -= limit < len(lines) and limit > 0 and bool(_BARE_LABEL.fullmatch(lines[limit - 1].text))
        closing = _closing_start(lines[:limit], last)
        stop = norm.orig(lines[closing].start) if closing < len(lines) else len(text)
    ends = []
    for k, (_, depth) in enumerate(heads):
        end_here = stop if k < appendix else len(text)
        later = next((starts[j] for j in range(k + 1, len(heads)) if heads[j][1] <= depth), end_here)
        ends.append(min(later, end_here))
    return _build(report, norm, lines, heads, starts, ends, appendix)


def _kind_text(lines: Sequence[_Line], i: int) -> str:
    """A heading's words, with the title line under a heading that is only a marker."""
    line = lines[i]
    if line.mtype and line.head_end == line.start + len(line.marker) and i + 1 < len(lines) \
            and _is_part_shape(lines[i + 1]):
        return line.text + " " + lines[i + 1].text
    if line.mtype:
        return line.text[:line.head_end - line.start]
    if _heading_kind(line.text, None, None) or _YEAR.search(line.text):
        return line.text
    # the kind word of a heading set over two lines may stand on its second (砥砺奋进 / 过去一年的工作回顾)
    return " ".join(ln.text for ln in lines[i:_subtitle_end(lines, i)])


def _build(report, norm, lines, heads, starts, ends, appendix) -> List[Section]:
    text = report.text
    spans = []
    for (i, _), start in zip(heads, starts):
        line = lines[i]
        head_end = line.head_end if line.mtype else line.end - bool(_SENTENCE_END.search(line.text))
        end = norm.span(line.start, head_end)[1]
        spans.append((start, end))
    tops = [k for k, (_, depth) in enumerate(heads) if depth == 0 and k < appendix]
    kinds = _part_kinds([_kind_text(lines, heads[k][0]) for k in tops],
                        [text[spans[k][1]:min(ends[k], spans[k][1] + _BODY_WINDOW)] for k in tops],
                        _doc_year(report, norm.text[:400]))
    kind_of_top = dict(zip(tops, kinds))
    # an appendix is other unless its title says (2020年省十件民生实事 lists plans)
    doc_year = _doc_year(report, norm.text[:400])
    appendix_label = _pattern("section_appendix.txt")
    for k in range(appendix, len(heads)):
        if heads[k][1] == 0:
            title = _kind_text(lines, heads[k][0])
            # the label says nothing (附件：); a title after it may (2023年拟实施民生实事项目)
            kind_of_top[k] = _heading_kind(appendix_label.sub("", title), doc_year, None) or "other"
    sections: List[Section] = []
    path: List[Tuple[str, int]] = []      # (section_id, children so far) per depth
    counts: Dict[Optional[str], int] = {}
    kind = "other"
    for k, (i, depth) in enumerate(heads):
        depth = min(depth, len(path))
        del path[depth:]
        parent = path[-1][0] if path else None
        counts[parent] = counts.get(parent, 0) + 1
        sid = f"{parent}.{counts[parent]}" if parent else str(counts[parent])
        path.append((sid, 0))
        kind = kind_of_top.get(k, kind)
        line = lines[i]
        start, end = spans[k]
        sections.append(Section(section_id=sid, parent_id=parent, level=depth + 1,
                                marker=text[start:norm.span(line.start, line.start + len(line.marker))[1]]
                                if line.mtype else "",
                                heading=text[start:end], kind=kind, start=start, end=end,
                                body_end=max(ends[k], end)))
    return sections
