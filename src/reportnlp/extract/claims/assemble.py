"""``extract_claims``: candidates → readings → names and rhetoric dropped → shared
qualifiers → targets → subjects → ``Claim`` records on the original offsets."""
from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

from ...genre import PARTY, genre_of
from ...model import Claim, Report, Section
from ...normalize import Normalized, normalize_cached
from ...numbers import CN_NUMERAL_CHARS
from .context import JOINERS, LIST_JOINT
from .patterns import patterns
from .reading import read_candidate
from .records import Found
from .subjects import find_subjects
from .targets import find_targets, part_kinds
from .words import cues

_SENTENCE_MARK = re.compile(r"[。！？\n]")
_START = re.Match.start
# A lone Chinese digit (the 一 of 统一, the 三 of 三农) is the pattern's most frequent candidate
# and never a claim unless a list follows it (一、二、三个 borrows the list's unit): reading.py's
# rule for a bare number (and for a lone financial numeral), tested before the candidate is read.
_LONE_DIGITS = frozenset(CN_NUMERAL_CHARS) - frozenset("十百千万萬亿億")
_new = object.__new__
_set = object.__setattr__


def _share_qualifiers(found: List[Found], text: str) -> List[Found]:
    """75%和65%以上: a qualifier written once covers every part of a joined list."""
    out = list(found)
    joined = [0 < b.start - a.end <= 2 and text[a.end:b.start] in JOINERS for a, b in zip(out, out[1:])]
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


def _rhetorical(f: Found, text: str) -> bool:
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


def _outside(found: List[Found], spans: Sequence[Tuple[int, int]]) -> List[Found]:
    """The claims that overlap none of ``spans`` (both sorted): one merge pass."""
    out, j, n = [], 0, len(spans)
    for f in found:
        while j < n and spans[j][1] <= f.start:
            j += 1
        if j < n and spans[j][0] < f.end:
            continue
        out.append(f)
    return out


def _fold(text: str) -> Tuple[str, Optional[Normalized]]:
    """Width-folded text; the Normalized map only when offsets differ from the original
    (the common identity map is skipped when spans are mapped back)."""
    norm = normalize_cached(text)
    return norm.text, (None if isinstance(norm.to_original, range) else norm)


def extract_claims(report: Report, sections: Optional[Sequence[Section]] = None) -> List[Claim]:
    """Every quantitative claim of ``report`` in document order (ANNOTATION.md §2).

    ``sections``: the report's section tree (sections.split_sections, computed when not
    given); a claim's part kind decides with its sentence whether it is a target."""
    text, norm = _fold(report.text)
    candidate, names_re, target_re = patterns()
    found: List[Found] = []
    for m in candidate.finditer(text):
        s = m.start()
        if m.end() == s + 1 and text[s] in _LONE_DIGITS and text[s + 1:s + 2] not in LIST_JOINT:
            continue
        read = read_candidate(m, text)
        if read:
            found.extend(read)
    names = _name_spans(text, names_re)
    if names:
        found = _outside(found, names)
    if found and genre_of(report.text, report.meta) == PARTY:
        found = [f for f in found if not _rhetorical(f, text)]
    found = _share_qualifiers(found, text)
    marks = list(map(_START, _SENTENCE_MARK.finditer(text)))
    kept, targets = find_targets(text, found, marks, target_re, part_kinds(report, sections, norm))
    claims = []
    for f, target, subject in zip(kept, targets, find_subjects(text, kept, marks)):
        start, end = norm.span(f.start, f.end) if norm else (f.start, f.end)
        # (a Claim filled without the frozen dataclass's __init__, one object.__setattr__ per
        # field: the same record, as model.replaced copies them; the fields in Claim's order)
        claim = _new(Claim)
        _set(claim, "__dict__", {
            "start": start, "end": end, "text": report.text[start:end], "value": f.value,
            "value_high": f.value_high, "unit": f.unit, "qualifier": f.qualifier, "placeholder": f.placeholder,
            "subject": subject, "target": target, "section_id": None, "section_kind": None,
            "indicator": "", "scope": "", "period": ""})
        claims.append(claim)
    return claims
