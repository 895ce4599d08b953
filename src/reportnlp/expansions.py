"""Learn what numeric formulas stand for from the texts that spell them out.

Reports often write a formula and its members side by side: ``四个意识（政治意识、大局意识、
核心意识、看齐意识）``, ``增强政治意识、大局意识、核心意识、看齐意识，…做到“四个意识”`` or a
glossary line ``四个意识：政治意识、…``. ``learn_expansions`` finds every ``、`` list next to a
counted formula (``N个X``, ``N大X``, ``N项X``) in the same sentence whose number of items
matches the numeral and whose items all end like the formula (意识 … 意识), and counts them
across the corpus.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Dict, Iterable, Iterator, List, Optional, Tuple, Union

import pandas as pd

from .extract.named import canonical_name
from .numbers import read_numeral
from .periods import SENTENCE_END

COLUMNS = ["formula", "expansion", "count", "example_doc"]

_MENTION = re.compile(r"(?<![一二两三四五六七八九十第])([二两三四五六七八九十]|十[一二三四五六七八九])"
                      r"([个大项条种])([\u4e00-\u9fff]{2,4}?)(?=[”」’\"）)，,。、；;：:（(\s]|$)")
_LIST = re.compile(r"[\u4e00-\u9fff]+(?:、[\u4e00-\u9fff]+)+")
_REACH = 150      # characters searched on either side of a mention
_NEAR_AFTER = 8   # a list this close after the mention is its gloss: 四个意识（政治意识、…）

Doc = Union[str, Tuple[str, str]]


def _numeral(word: str) -> int:
    read = read_numeral(word)  # 二 … 十九 (the mention pattern admits no other form)
    return int(read.value) if read is not None else 0


def _clean_list(run: str, count: int, tail: str) -> Optional[Tuple[str, ...]]:
    """The items of a 、 run if there are ``count`` of them and all end in ``tail``."""
    items = run.split("、")
    if len(items) != count:
        return None
    # The first item may carry the verb before it (增强政治意识) and the last the words
    # after it (文化自信坚定): trim them to the shape of the clean middle items.
    width = len(items[1])
    items[0] = items[0][-width:]
    cut = items[-1].find(tail)
    if cut < 0:
        return None
    items[-1] = items[-1][:cut + len(tail)]
    if not all(item.endswith(tail) and len(item) > len(tail) for item in items):
        return None
    if len(set(items)) != count:
        return None
    return tuple(items)


def _expansions(text: str) -> Iterator[Tuple[str, Tuple[str, ...]]]:
    for m in _MENTION.finditer(text):
        count, noun = _numeral(m.group(1)), m.group(3)
        if count < 2:
            continue
        tail = noun[-2:] if len(noun) >= 2 else noun
        found = _nearest_list(text, m.start(), m.end(), count, tail)
        if found is None and len(tail) > 1:
            found = _nearest_list(text, m.start(), m.end(), count, tail[-1])
        if found:
            yield canonical_name(m.group()), found


def _nearest_list(text: str, start: int, end: int, count: int, tail: str):
    after = text[end:end + _REACH]
    stop = SENTENCE_END.search(after)
    after = after[:stop.start()] if stop else after
    for run in _LIST.finditer(after):
        if run.start() <= _NEAR_AFTER:
            items = _clean_list(run.group(), count, tail)
            if items:
                return items
    before = text[max(0, start - _REACH):start]
    stops = list(SENTENCE_END.finditer(before))
    before = before[stops[-1].end():] if stops else before
    for run in reversed(list(_LIST.finditer(before))):
        items = _clean_list(run.group(), count, tail)
        if items:
            return items
    return None


def learn_expansions(texts: Iterable[Doc]) -> pd.DataFrame:
    """Formula expansions seen in ``texts`` (strings, or ``(doc_id, text)`` pairs).

    One row per (formula, expansion) with how often it was seen and one document
    where it was, most frequent first; ``expansion`` is the members joined by ``、``.
    """
    counts: Counter = Counter()
    example: Dict[Tuple[str, Tuple[str, ...]], str] = {}
    for i, doc in enumerate(texts):
        doc_id, text = (str(i), doc) if isinstance(doc, str) else doc
        for key in _expansions(text):
            counts[key] += 1
            example.setdefault(key, doc_id)
    rows: List[dict] = [{"formula": f, "expansion": "、".join(items), "count": n,
                         "example_doc": example[(f, items)]}
                        for (f, items), n in counts.most_common()]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["count", "formula"], ascending=[False, True], kind="stable",
                             ignore_index=True)
