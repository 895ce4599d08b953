"""The ``headline`` table (OUTPUT.md): one row per headline statement (ANNOTATION.md §5).

A headline statement gives one year's figure of a headline indicator for the whole
jurisdiction: the target for the plan year or the result of the year before. It is built
from the claims: a claim linked to a headline indicator (indicators.py) whose clause names
no part of the jurisdiction, sub-period or sub-sector before the name (lead_deny in
lexicons/headline_cues.tsv), no share or increment between name and number, whose scope is
one year and whose period is the plan year (a target) or the year before (a result). A
sentence that says no target is set for an indicator (没有提出全年经济增速具体目标) gives a
``none_stated`` target row when the report states no number for it.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple

from .indicators import Link, headline_ids, ids_for, surface_pattern
from .lexicon import read_roles
from .normalize import fold
from .periods import SENTENCE_END

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_POST_QUALIFIER = re.compile(r"(?:左右|以上|以内|以下|上下|多|余)+$|^(?:余|多)")
_SCALES = (("万亿", 1e12), ("亿", 1e8), ("万", 1e4))
_SUB_PERIOD = ("季度", "上半年", "下半年", "个月")
_FROM = re.compile(r"(?:从|由)(?:不到|不足|近|约)?$")
_SENTENCE = re.compile(r"[^。！？!?\n]+")
_LEVEL_CLASSES = frozenset({"money", "mass", "count"})
# Every search below is bounded by the sentence or paragraph it is about: a search for a
# mark that a long document lacks must not run to its start or end once per claim.
_GOAL_STOP = re.compile(r"[。！？\n；;，,]")
_PLAN_END = re.compile(r"[。！？\n]")


@lru_cache(maxsize=4)
def _marks(text: str, pattern: "re.Pattern[str]") -> List[int]:
    """Offsets of ``pattern``'s matches in ``text``, cached per text (treat as read-only)."""
    return [m.start() for m in pattern.finditer(text)]


_NEAR = 512  # characters searched back directly before the offsets of the whole text are listed
_GREEDY: Dict["re.Pattern[str]", "re.Pattern[str]"] = {}


def _last_before(text: str, pattern: "re.Pattern[str]", start: int) -> int:
    """The offset of the last match of ``pattern`` (one character) before ``start`` (-1 when
    none): what ``text.rfind`` gives for one mark, in time that does not grow with the
    distance. Usually the mark is near: one greedy match over the last _NEAR characters
    finds it; only when it is not does the text's list of offsets answer (bisect)."""
    greedy = _GREEDY.get(pattern)
    if greedy is None:
        greedy = _GREEDY[pattern] = re.compile(f"(?s:.*)(?:{pattern.pattern})")
    low = max(0, start - _NEAR)
    near = greedy.match(text, low, start)
    if near:
        return near.end() - 1
    if not low:
        return -1
    marks = _marks(text, pattern)
    i = bisect.bisect_left(marks, start)
    return marks[i - 1] if i else -1


_BREAK = re.compile(r"\n")


def _cues() -> Dict[str, Tuple[str, ...]]:
    return read_roles("headline_cues.tsv")


def _ends(text: str, role: str) -> str:
    for w in _cues().get(role, ()):
        if text.endswith(w):
            return w
    return ""


def written(text: str, value: Optional[float], value_high: Optional[float], unit: str
            ) -> Tuple[Optional[float], Optional[float], str, int]:
    """(value, value_high, unit) as written in the claim's ``text`` (1.2万亿元 → 1.2, 万亿元),
    and the offset of the number's first character in ``text``."""
    folded = fold(text) if len(fold(text)) == len(text) else text
    numbers = list(_NUMBER.finditer(folded))
    if not numbers:  # 二千亿元: the value in the scale written before the unit
        for scale, factor in _SCALES:
            if value is not None and scale + unit in folded:
                high = value_high / factor if value_high is not None else None
                return round(value / factor, 6), high, scale + unit, 0
        return value, value_high, unit, 0
    first, last = numbers[0], numbers[-1]
    tail = _POST_QUALIFIER.sub("", folded[last.end():])
    tail = _POST_QUALIFIER.sub("", tail)
    high = float(last.group()) if value_high is not None and len(numbers) > 1 else None
    return float(first.group()), high, tail.strip(), first.start()


def headline_rows(doc_id: str, text: str, claims: Sequence[dict], links: Sequence[Optional[Link]],
                  plan: Optional[int]) -> List[dict]:
    """Headline rows from ``claims`` (rows with target, scope and period filled in) and their
    ``links`` (indicators.link_claims), in document order; ``plan`` the plan year."""
    wanted = headline_ids()
    rows: List[dict] = []
    for claim, link in zip(claims, links):
        if link is None or claim.get("placeholder") or claim.get("value") is None:
            continue
        ids = [i for i in link.ids if i in wanted]
        if not ids or claim.get("scope") != "year":
            continue
        kind = "target" if claim.get("target") else "result"
        period = claim.get("period") or ""
        if plan is not None and period != str(plan if kind == "target" else plan - 1):
            continue
        start = claim["start"]
        if not _is_statement(text, start, claim["end"], link, claim.get("unit", "")):
            continue
        if kind == "target" and _plan_sentence(text, start):
            continue  # a five-year plan's list of targets (…，年均增长10%以上；…)
        value, high, unit, offset = written(claim["text"], claim["value"], claim.get("value_high"),
                                            claim.get("unit", ""))
        qualifier = _qualifier(text, start, claim)
        before = text[max(0, start - 6):start]
        if ids[0] != "energy_intensity" and _ends(before, "decline"):
            value = -value if value is not None else None
            high = -high if high is not None else None
        if any(i == "cpi" for i in ids) and unit in ("%", "") and value is not None and value >= 80:
            unit = "指数(上年=100)"
        measure = link.surface if ids[0] == "budget_revenue_growth" else ""
        for ident in ids:
            rows.append({"doc_id": doc_id, "indicator": ident, "kind": kind, "period": period,
                         "value": value, "value_high": high, "qualifier": qualifier, "unit": unit,
                         "measure": measure, "start": start, "end": claim["end"], "text": claim["text"]})
    rows.extend(_cpi_index_levels(doc_id, text, claims, rows, plan))
    rows.extend(_goal_restatements(text, claims, links, rows))
    rows = _drop_thresholds(text, rows)
    rows.extend(_none_stated(doc_id, text, rows, plan))
    rows.sort(key=lambda r: (r["start"], r["indicator"]))
    return rows


# 居民消费价格指数105左右: an index level written without a unit, which is no claim of its own.
_CPI_INDEX = re.compile(r"(?:居民消费价格|消费价格)(?:总水平)?指数(?:涨幅)?(?:控制在|稳定在|保持在|为|是|达到|在)?"
                        r"(?P<n>(?:1[01]\d|9\d)(?:\.\d+)?)(?P<q>左右|以内|以下)?(?![\d.%％])")


def _cpi_index_levels(doc_id: str, text: str, claims: Sequence[dict], rows: Sequence[dict],
                      plan: Optional[int]) -> List[dict]:
    """CPI rows for index levels without a unit; kind from the claims of the same sentence."""
    if "价格" not in text or plan is None:
        return []
    out: List[dict] = []
    taken = {r["start"] for r in rows}
    starts = [c["start"] for c in claims]
    for m in _CPI_INDEX.finditer(text):
        start, end = m.start("n"), m.end()
        if start in taken:
            continue
        i = bisect.bisect_left(starts, start)
        near = [c for c in claims[max(0, i - 1):i + 1]
                if not SENTENCE_END.search(text, min(c["start"], start), max(c["start"], start))]
        if not near:
            continue
        kind = "target" if near[0]["target"] else "result"
        qualifier = {"左右": "approx", "以内": "at_most", "以下": "at_most"}.get(m.group("q") or "", "exact")
        out.append({"doc_id": doc_id, "indicator": "cpi", "kind": kind,
                    "period": str(plan if kind == "target" else plan - 1), "value": float(m.group("n")),
                    "value_high": None, "qualifier": qualifier, "unit": "指数(上年=100)", "measure": "",
                    "start": start, "end": end, "text": text[start:end]})
    return out


# 把增长预期目标定在7.5%左右, 有6.5%—7%的增速: the growth goal restated without its name.
_GOAL_BEFORE = re.compile(r"(?:增长|增速)?预期目标|增长目标")
_GOAL_AFTER = re.compile(r"的(?:经济)?(?:增速|增长速度)")


def _goal_restatements(text: str, claims: Sequence[dict], links: Sequence[Optional[Link]],
                       rows: Sequence[dict]) -> List[dict]:
    """GDP-growth target rows for a target claim that names no indicator but restates the
    growth goal (预期目标…, …的增速) with the very value (and range) of the GDP target."""
    goals = {(r["value"], r["value_high"], r["qualifier"]): r for r in rows
             if r["indicator"] == "gdp_growth" and r["kind"] == "target"}
    if not goals:
        return []
    taken = {r["start"] for r in rows}
    out: List[dict] = []
    for claim, link in zip(claims, links):
        if link is not None or not claim.get("target") or claim.get("unit") != "%" \
                or claim["start"] in taken:
            continue
        start = claim["start"]
        s0 = _last_before(text, _GOAL_STOP, start) + 1
        if not (_GOAL_BEFORE.search(text, s0, start) or _GOAL_AFTER.match(text, claim["end"])):
            continue
        value, high, unit, _ = written(claim["text"], claim["value"], claim.get("value_high"), "%")
        goal = goals.get((value, high, _qualifier(text, start, claim)))
        if goal is not None:
            out.append(dict(goal, start=start, end=claim["end"], text=claim["text"]))
    return out


def _drop_thresholds(text: str, rows: List[dict]) -> List[dict]:
    """A bound passed on the way to the figure (突破二千亿元，达到2158亿元) is no statement of its
    own: a lower bound followed in its sentence by an exact figure of the same indicator."""
    out = []
    for i, row in enumerate(rows):
        later = rows[i + 1:i + 3]
        if row["qualifier"] == "at_least" and any(
                r["indicator"] == row["indicator"] and r["kind"] == row["kind"] and r["qualifier"] == "exact"
                and not SENTENCE_END.search(text, row["end"], r["start"]) for r in later):
            continue
        out.append(row)
    return out




def _is_statement(text: str, start: int, end: int, link: Link, unit: str) -> bool:
    """Whether a linked claim is about the whole jurisdiction and one year's figure."""
    cues = _cues()
    if any(w in link.lead for w in cues.get("lead_deny", ())):
        return False
    if any(w in link.mid for w in cues.get("mid_deny", ())):
        return False
    line_start = _last_before(text, _BREAK, start) + 1
    sentence_head = text[max(text.rfind("。", line_start, start), line_start - 1) + 1:start]
    sub = max((sentence_head.rfind(w) for w in _SUB_PERIOD), default=-1)
    if sub >= 0 and sentence_head.find("全年", sub) < 0:
        return False  # 一季度地区生产总值增长 (but 二季度由负转正、全年增长4.2%)
    if not _only(link.mid, "mid_ok", 0):
        return False  # 耗电、耗水分别下降, 的贡献率达到: the number is about something else
    generic = len(link.surface) <= 2 or link.surface in cues.get("weak_surface", ())
    if not _only(link.lead, "lead_ok", 0 if generic else 5):
        return False  # 岛外新城完成投资, 设备购置投资: a part, not the whole
    if _PLACE.search(_rest(link.lead, "lead_ok")):
        return False  # 曹妃甸区完成固定资产投资: a district's figure
    after = text[end:end + 14]
    if after[:1] == "的" and "目标" not in after and "水平" not in after[:8]:
        return False  # 超过60万亿元的高基数: the number qualifies a noun (not 的目标, 的较低水平)
    if _BASELINE_YEAR.search(link.mid):
        return False  # 比2002年增长65.5%: a change over several years
    # the paragraph up to the number, and the opening of the sentence before (not sliced
    # out whole: a paragraph can be the whole document)
    para_head = text[line_start:min(start, line_start + 16)]
    stop = text.rfind("。", line_start, start)
    if stop > line_start:
        opening = text.rfind("。", line_start, stop) + 1 or line_start
        previous = text[opening:min(stop, opening + 14)]
    else:
        previous = ""
    if (any(w in para_head for w in cues.get("subregion", ()))
            or any(w in previous for w in cues.get("subregion_topic", ()))) \
            and not any(w in link.lead for w in cues.get("whole_jurisdiction", ())):
        return False  # 兰州新区…。预计全年生产总值增长13.5%: the sentence before names a part
    before = text[max(0, start - 6):start]
    if _FROM.search(before):
        return False  # 从不到70万亿元增加到…: the starting value
    level = not unit == "%"
    if level and _ends(before, "increment"):
        return False  # 增产50万吨: a change of a level, not the level
    return True


_BASELINE_YEAR = re.compile(r"[比较](?:19|20)\d\d年")
_PUNCT = re.compile(r"[|、，,（）()\s\u3000“”]")


@lru_cache(maxsize=None)
def _allowed(role: str) -> re.Pattern:
    from .wordpatterns import alternation
    return re.compile(alternation(_cues().get(role, ())))


def _rest(words: str, role: str) -> str:
    """``words`` without the ``role`` words, punctuation and years."""
    rest = _allowed(role).sub("", _PUNCT.sub("", words))
    return re.sub(r"(?:19|20)\d\d年|（\d+）|[\d一二三四五六七八九十]年", "", rest)


def _only(words: str, role: str, slack: int) -> bool:
    """Whether ``words`` holds only the ``role`` words (and punctuation, years), give or take
    ``slack`` other characters."""
    return len(_rest(words, role)) <= slack


# A place name before an indicator (曹妃甸区, 某某县): the figure is that place's.
_PLACE = re.compile(r"[\u4e00-\u9fff][区县市州旗镇乡盟]$")
_SPACED_POST = re.compile(r"[ \u3000]+(左右|以上|以内|以下)")


def _plan_sentence(text: str, start: int) -> bool:
    """The sentence, or the paragraph up to it, holds a yearly average (年均) and names no
    single year: a multi-year plan."""
    s0 = _last_before(text, _BREAK, start) + 1
    end = _PLAN_END.search(text, start)
    sentence = text[s0:end.start() if end else len(text)]
    return any(w in sentence for w in _cues().get("average", ())) \
        and not any(w in sentence for w in ("今年", "明年", "全年")) \
        and not re.search(r"(?:19|20)\d\d年", sentence)


_SPACED = {"左右": "approx", "以上": "at_least", "以内": "at_most", "以下": "at_most"}


def _qualifier(text: str, start: int, claim: dict) -> str:
    if claim.get("value_high") is not None:
        return "range"
    qualifier = claim.get("qualifier") or "exact"
    spaced = _SPACED_POST.match(text, claim["end"])
    if spaced:  # 8% 以上: a space the claim did not cross
        return _SPACED[spaced.group(1)]
    if qualifier == "exact":
        before = text[max(0, start - 6):start]
        if _ends(before, "at_most_before"):
            return "at_most"
        if _ends(before, "at_least_before"):
            return "at_least"
    return qualifier


def _none_stated(doc_id: str, text: str, rows: Sequence[dict], plan: Optional[int]) -> List[dict]:
    """Target rows with qualifier ``none_stated`` for indicators the report says it sets no
    target for, unless it gives a number for them after all."""
    cues = _cues().get("none_stated", ())
    if not any(w in text for w in cues):
        return []
    have = {r["indicator"] for r in rows if r["kind"] == "target"}
    out: List[dict] = []
    for sentence in _SENTENCE.finditer(text):
        s = sentence.group()
        if not any(w in s for w in cues) or ("目标" not in s and "指标" not in s):
            continue
        for clause_m in re.finditer(r"[^，,；;：:]+", s):
            clause = clause_m.group()
            if not any(w in clause for w in cues) or re.search(r"\d", clause):
                continue
            for m in surface_pattern().finditer(clause):
                for ident in ids_for(m.group(), "percent"):
                    if ident in headline_ids() and ident not in have:
                        have.add(ident)
                        start = sentence.start() + clause_m.start()
                        lead = len(clause) - len(clause.lstrip())
                        out.append({"doc_id": doc_id, "indicator": ident, "kind": "target",
                                    "period": "" if plan is None else str(plan), "value": None,
                                    "value_high": None, "qualifier": "none_stated", "unit": "",
                                    "measure": "", "start": start + lead,
                                    "end": sentence.start() + clause_m.end(),
                                    "text": clause.strip()})
    return out
