"""Score the pipeline against hand-annotated gold files (ANNOTATION.md format).

Each ``DOC.txt`` in the gold folder is analysed and compared with ``DOC.json``,
only for the kinds listed in that file's ``scope``. Headings match on start
offset; claims, named items and placeholders match one-to-one on overlapping spans.
A ``headline_gold.csv`` in the folder (ANNOTATION.md §5) scores the headline table:
statements match on (document, indicator, kind, offset of the number's first digit),
``none_stated`` rows on (document, indicator, kind); rows noted ``ambiguous:`` are not
counted when missed. The documents' texts are looked up as ``DOC.txt`` in ``texts``
(searched recursively), in the gold folder, or through a ``file`` column of a
``sample.csv`` beside the gold, relative to a ``corpus/real`` folder above it.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import pandas as pd

from .extractors import BY_NAME, EXTRACTORS
from .io import read_report
from .pipeline import analyze_report

# kind -> fields scored on matched records: the extractors' ``scored`` (extractors.py)
FIELDS: Dict[str, Tuple[str, ...]] = {e.name: e.scored for e in EXTRACTORS if e.scored}
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
    """Add one document's ``gold`` records of ``kind`` against the rows found (``pred``) to ``tally``."""
    extractor = BY_NAME[kind]
    if extractor.unannotated:
        name, value = extractor.unannotated
        pred = [p for p in pred if p.get(name) != value]
    if extractor.match == "start":
        pred = [dict(p, text=p.get("heading", p.get("text"))) for p in pred]
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
        if extractor.match == "span":
            exact = g["start"] == p["start"] and g["end"] == p["end"]
            tally.field("exact_span", exact)
            if not exact:
                wrong.append(f"span: gold={g['text']!r} pred={p.get('text')!r}")
        if wrong:
            tally.misses.append({"doc": doc, "type": "field", "gold": g.get("text"),
                                 "start": g["start"], "detail": "; ".join(wrong)})


def evaluate(gold_dir, *, kinds: Optional[Sequence[str]] = None,
             texts: Optional[Path] = None) -> Tuple[pd.DataFrame, pd.DataFrame]:
    """(metrics, errors) DataFrames for every gold document in ``gold_dir``."""
    gold_dir = Path(gold_dir)
    tallies = {k: Tally() for k in FIELDS if kinds is None or k in kinds}
    docs = sorted(p for p in gold_dir.glob("*.txt") if p.with_suffix(".json").exists())
    headline_gold = gold_dir / "headline_gold.csv"
    score_headline = headline_gold.is_file() and (kinds is None or "headline" in kinds)
    if not docs and not score_headline:
        raise FileNotFoundError(f"{gold_dir}: no DOC.txt with a DOC.json beside it, nor a headline_gold.csv")
    for txt in docs:
        gold = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        report = read_report(txt)
        rows = analyze_report(report)
        for kind in gold.get("scope", []):
            if kind in tallies:
                score_document(kind, gold.get(kind, []), rows[kind], tallies[kind], txt.stem)
    metric_rows = []
    for kind, t in (tallies if docs else {}).items():
        p = t.tp / (t.tp + t.fp) if t.tp + t.fp else 0.0
        r = t.tp / (t.tp + t.fn) if t.tp + t.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        metric_rows.append({"kind": kind, "metric": "detection", "precision": p, "recall": r,
                            "f1": f, "n": t.tp + t.fn})
        for name, n in t.scored.items():
            metric_rows.append({"kind": kind, "metric": name, "accuracy": t.right[name] / n, "n": n})
    misses = [dict(m, kind=k) for k, t in tallies.items() for m in t.misses]
    if score_headline:
        h_metrics, h_misses = evaluate_headline(headline_gold, texts=texts)
        metric_rows.extend(h_metrics)
        misses.extend(h_misses)
    return pd.DataFrame(metric_rows), pd.DataFrame(misses)


# Headline fields scored on matched statements (gold column, headline column).
HEADLINE_FIELDS = (("value", "value"), ("qualifier", "qualifier"), ("period_year", "period"),
                   ("unit", "unit"), ("value_high", "value_high"))


def _find_text(doc: str, gold_dir: Path, texts: Optional[Path], files: Dict[str, str]) -> Optional[Path]:
    if texts is not None:
        direct = Path(texts) / f"{doc}.txt"
        if direct.is_file():
            return direct
        found = sorted(Path(texts).rglob(f"{doc}.txt"), key=lambda p: (len(p.parts), str(p)))
        if found:
            return found[0]
    beside = gold_dir / f"{doc}.txt"
    if beside.is_file():
        return beside
    rel = files.get(doc)
    if rel:
        for up in [gold_dir, *gold_dir.resolve().parents][:5]:
            candidate = up / "corpus" / "real" / rel
            if candidate.is_file():
                return candidate
    return None


def _gold_value(row: dict) -> Optional[float]:
    if not row.get("value"):
        return None
    value = float(row["value"])
    return -value if (row.get("note") or "").startswith("DECLINE") else value


def _number_start(row: dict) -> int:
    """The offset of a headline row's first digit (its claim span may open with 超过, 约)."""
    text = row.get("text") or ""
    for i, ch in enumerate(text):
        if ch.isdigit():
            return int(row["start"]) + i
    return int(row["start"])


def evaluate_headline(gold_csv: Path, *, texts: Optional[Path] = None) -> Tuple[List[dict], List[dict]]:
    """Metric rows and misses for the headline table against ``gold_csv`` (ANNOTATION.md §5)."""
    import csv

    gold_csv = Path(gold_csv)
    with open(gold_csv, encoding="utf-8") as fh:
        gold_rows = list(csv.DictReader(fh))
    files: Dict[str, str] = {}
    sample = gold_csv.parent / "sample.csv"
    if sample.is_file():
        with open(sample, encoding="utf-8") as fh:
            files = {r["doc_id"]: r["file"] for r in csv.DictReader(fh) if r.get("file")}
    tally = {kind: Tally() for kind in ("target", "result")}
    fields = Tally()
    misses: List[dict] = []
    for doc in sorted({r["doc_id"] for r in gold_rows}):
        path = _find_text(doc, gold_csv.parent, texts, files)
        if path is None:
            raise FileNotFoundError(f"{gold_csv}: no text for {doc}; give the folder of texts with --texts")
        pred = {}
        for row in analyze_report(read_report(path))["headline"]:
            none = row["qualifier"] == "none_stated"
            pred[(row["indicator"], row["kind"], None if none else _number_start(row))] = row
        gold = {}
        for row in gold_rows:
            if row["doc_id"] == doc:
                none = row["qualifier"] == "none_stated"
                gold[(row["indicator"], row["kind"], None if none else int(row["start"]))] = row
        for key, g in gold.items():
            t = tally[key[1]]
            p = pred.get(key)
            if p is None:
                if not (g.get("note") or "").startswith("ambiguous"):
                    t.fn += 1
                    misses.append({"kind": "headline", "doc": doc, "type": "missed", "start": g["start"],
                                   "gold": f"{key[0]} {key[1]} {g['evidence']}"})
                continue
            t.tp += 1
            wrong = []
            for gold_name, name in HEADLINE_FIELDS:
                if gold_name == "value":
                    ok = _same("value", _gold_value(g), p["value"])
                elif gold_name == "value_high":
                    ok = _same("value_high", float(g["value_high"]) if g["value_high"] else None, p["value_high"])
                else:
                    ok = str(g[gold_name] or "") == str(p[name] if p[name] is not None else "")
                fields.field(name, ok)
                if not ok:
                    wrong.append(f"{name}: gold={g[gold_name]!r} pred={p[name]!r}")
            if wrong:
                misses.append({"kind": "headline", "doc": doc, "type": "field", "start": g["start"],
                               "gold": f"{key[0]} {key[1]} {g['evidence']}", "detail": "; ".join(wrong)})
        for key, p in pred.items():
            if key not in gold:
                tally[key[1]].fp += 1
                misses.append({"kind": "headline", "doc": doc, "type": "spurious", "start": p["start"],
                               "pred": f"{key[0]} {key[1]} {p['text']}"})
    rows = []
    for kind, t in tally.items():
        p = t.tp / (t.tp + t.fp) if t.tp + t.fp else 0.0
        r = t.tp / (t.tp + t.fn) if t.tp + t.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        rows.append({"kind": "headline", "metric": kind, "precision": p, "recall": r, "f1": f,
                     "n": t.tp + t.fn})
    for name, n in fields.scored.items():
        rows.append({"kind": "headline", "metric": name, "accuracy": fields.right[name] / n, "n": n})
    return rows, misses


def _cell(row: dict, name: str) -> str:
    v = row.get(name)
    return f"{v:7.3f}" if isinstance(v, float) and not math.isnan(v) else " " * 7


def format_metrics(metrics: pd.DataFrame) -> str:
    lines = [f"{'kind':<13}{'metric':<14}{'P':>7}{'R':>7}{'F1':>7}{'acc':>7}{'n':>7}"]
    for row in metrics.to_dict("records"):
        cells = "".join(_cell(row, name) for name in ("precision", "recall", "f1", "accuracy"))
        lines.append(f"{row['kind']:<13}{row['metric']:<14}{cells}{int(row['n']):7d}")
    return "\n".join(lines)
