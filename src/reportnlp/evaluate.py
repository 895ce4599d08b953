"""Score the pipeline against hand-annotated gold files (ANNOTATION.md format).

Each ``DOC.txt`` in the gold folder is analysed and compared with ``DOC.json``,
only for the kinds listed in that file's ``scope``. Headings match on start
offset; claims, named items and placeholders match one-to-one on overlapping spans.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import pandas as pd

from .io import read_report
from .pipeline import analyze_report

FIELDS: Dict[str, Tuple[str, ...]] = {
    "sections": ("level", "kind"),
    "claims": ("value", "value_high", "unit", "qualifier", "placeholder", "subject"),
    "named": ("category", "subtype"),
    "placeholders": ("kind", "restored"),
}
# Claims fields that must all be right for a claim to count as fully right.
CLAIM_CORE = ("value", "unit", "qualifier", "placeholder")


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    right: Dict[str, float] = field(default_factory=dict)
    scored: Dict[str, int] = field(default_factory=dict)
    misses: List[dict] = field(default_factory=list)

    def field(self, name: str, ok: bool) -> None:
        self.share(name, float(ok))

    def share(self, name: str, credit: float) -> None:
        """Partial credit in [0, 1] for one matched record (a field right or wrong is 1 or 0)."""
        self.scored[name] = self.scored.get(name, 0) + 1
        self.right[name] = self.right.get(name, 0) + credit


def _char_f1(gold: str, pred: str) -> float:
    """Character-bag F1: how much of a paraphrased gold phrase the prediction covers, and no more."""
    from collections import Counter

    common = sum((Counter(gold) & Counter(pred)).values())
    if not common:
        return 0.0
    precision, recall = common / len(pred), common / len(gold)
    return 2 * precision * recall / (precision + recall)


def _same(field_name: str, gold, pred) -> bool:
    if field_name in ("value", "value_high"):
        g_none = gold is None or (isinstance(gold, float) and math.isnan(gold))
        p_none = pred is None or (isinstance(pred, float) and math.isnan(pred))
        if g_none or p_none:
            return g_none and p_none
        return math.isclose(float(gold), float(pred), rel_tol=1e-6, abs_tol=1e-9)
    if field_name == "placeholder":
        return bool(gold) == bool(pred)
    return (gold or "") == (pred or "")


def _match_spans(gold: Sequence[dict], pred: Sequence[dict]) -> List[Tuple[int, int]]:
    """Greedy one-to-one matching on the largest character overlap."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            overlap = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if overlap > 0:
                candidates.append((-overlap, abs(g["start"] - p["start"]), gi, pi))
    candidates.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def _match_starts(gold: Sequence[dict], pred: Sequence[dict]) -> List[Tuple[int, int]]:
    by_start = {p["start"]: i for i, p in enumerate(pred)}
    return [(gi, by_start[g["start"]]) for gi, g in enumerate(gold) if g["start"] in by_start]


def score_document(kind: str, gold: List[dict], pred: List[dict], tally: Tally, doc: str) -> None:
    if kind == "named":
        pred = [p for p in pred if p.get("source") != "lexicon"]
    if kind == "sections":
        pred = [dict(p, text=p["heading"]) for p in pred]
        pairs = _match_starts(gold, pred)
    else:
        pairs = _match_spans(gold, pred)
    matched_g = {g for g, _ in pairs}
    matched_p = {p for _, p in pairs}
    tally.tp += len(pairs)
    tally.fn += len(gold) - len(matched_g)
    tally.fp += len(pred) - len(matched_p)
    for gi, g in enumerate(gold):
        if gi not in matched_g:
            tally.misses.append({"doc": doc, "type": "missed", "gold": g.get("text"), "start": g["start"]})
    for pi, p in enumerate(pred):
        if pi not in matched_p:
            tally.misses.append({"doc": doc, "type": "spurious", "pred": p.get("text"), "start": p["start"]})
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        wrong = []
        for name in FIELDS[kind]:
            if name not in g or (name == "kind" and kind == "sections" and g.get("level") != 1):
                continue
            ok = _same(name, g[name], p.get(name))
            tally.field(name, ok)
            if not ok:
                wrong.append(f"{name}: gold={g[name]!r} pred={p.get(name)!r}")
        if kind == "claims":
            tally.field("all_core", all(_same(n, g[n], p.get(n)) for n in CLAIM_CORE))
            if g.get("subject"):
                tally.share("subject_f1", _char_f1(g["subject"], p.get("subject") or ""))
        if kind in ("claims", "named", "placeholders"):
            exact = g["start"] == p["start"] and g["end"] == p["end"]
            tally.field("exact_span", exact)
            if not exact:
                wrong.append(f"span: gold={g['text']!r} pred={p.get('text')!r}")
        if wrong:
            tally.misses.append({"doc": doc, "type": "field", "gold": g.get("text"),
                                 "start": g["start"], "detail": "; ".join(wrong)})


def evaluate(gold_dir, *, kinds: Optional[Sequence[str]] = None) -> Tuple[pd.DataFrame, pd.DataFrame]:
    """(metrics, errors) DataFrames for every gold document in ``gold_dir``."""
    gold_dir = Path(gold_dir)
    tallies = {k: Tally() for k in FIELDS if kinds is None or k in kinds}
    docs = sorted(p for p in gold_dir.glob("*.txt") if p.with_suffix(".json").exists())
    if not docs:
        raise FileNotFoundError(f"{gold_dir}: no DOC.txt with a DOC.json beside it")
    for txt in docs:
        gold = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        report = read_report(txt)
        rows = analyze_report(report)
        for kind in gold.get("scope", []):
            if kind in tallies:
                score_document(kind, gold.get(kind, []), rows[kind], tallies[kind], txt.stem)
    metric_rows = []
    for kind, t in tallies.items():
        p = t.tp / (t.tp + t.fp) if t.tp + t.fp else 0.0
        r = t.tp / (t.tp + t.fn) if t.tp + t.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        metric_rows.append({"kind": kind, "metric": "detection", "precision": p, "recall": r,
                            "f1": f, "n": t.tp + t.fn})
        for name, n in t.scored.items():
            metric_rows.append({"kind": kind, "metric": name, "accuracy": t.right[name] / n, "n": n})
    misses = [dict(m, kind=k) for k, t in tallies.items() for m in t.misses]
    return pd.DataFrame(metric_rows), pd.DataFrame(misses)


def _cell(row: dict, name: str) -> str:
    v = row.get(name)
    return f"{v:7.3f}" if isinstance(v, float) and not math.isnan(v) else " " * 7


def format_metrics(metrics: pd.DataFrame) -> str:
    lines = [f"{'kind':<13}{'metric':<14}{'P':>7}{'R':>7}{'F1':>7}{'acc':>7}{'n':>7}"]
    for row in metrics.to_dict("records"):
        cells = "".join(_cell(row, name) for name in ("precision", "recall", "f1", "accuracy"))
        lines.append(f"{row['kind']:<13}{row['metric']:<14}{cells}{int(row['n']):7d}")
    return "\n".join(lines)
