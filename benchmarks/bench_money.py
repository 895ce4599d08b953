"""Money amounts: reportnlp's claims extractor against JioNLP's money extractor.

Run from the repository: ``python benchmarks/bench_money.py [GOLD_DIR]`` (default
``../shared/gold/dev``). The reference is every gold claim whose unit is a currency
(元, 美元, …) in the documents whose ``scope`` includes claims; reportnlp's side is its
claims of the same units. Both sides are matched one-to-one on overlapping spans.
Printed: precision, recall, value accuracy among matched amounts, and throughput in
characters per second (best of seven interleaved runs), with the reportnlp / JioNLP ratio.
The gold documents are excerpts dense with numbers; a second throughput line times both
extractors on 40 whole real reports from ../shared/corpus/real (a fixed sample), where
most text holds no number.

JioNLP is not a reportnlp dependency: ``pip install jionlp`` to run this.
"""
from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path

from reportnlp.extract.claims import extract_claims
from reportnlp.model import Report

CURRENCIES = {"元", "美元", "欧元", "港元", "日元", "英镑"}
DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "dev"
REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


def load_gold(gold_dir: Path):
    docs = []
    for path in sorted(gold_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "claims" not in data.get("scope", []):
            continue
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        money = [(c["start"], c["end"], c["value"]) for c in data["claims"]
                 if c.get("unit") in CURRENCIES]
        docs.append((text, money))
    return docs


def reportnlp_money(text: str):
    return [(c.start, c.end, c.value) for c in extract_claims(Report("bench", text))
            if c.unit in CURRENCIES]


def jionlp_money(text: str):
    import jionlp
    out = []
    for item in jionlp.ner.extract_money(text, with_parsing=True):
        detail = item.get("detail") or {}
        try:
            value = float(detail.get("num"))
        except (TypeError, ValueError):
            value = None
        out.append((item["offset"][0], item["offset"][1], value))
    return out


def match(gold, pred):
    """Greedy one-to-one pairs on the largest overlap (as ``reportnlp evaluate`` does)."""
    pairs = sorted(((-(min(g[1], p[1]) - max(g[0], p[0])), gi, pi)
                    for gi, g in enumerate(gold) for pi, p in enumerate(pred)
                    if min(g[1], p[1]) > max(g[0], p[0])))
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gold[gi], pred[pi]))
    return out


def same_value(gold, pred) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    return math.isclose(gold, pred, rel_tol=1e-6, abs_tol=1e-6)


def score(docs, extract):
    tp = n_gold = n_pred = right = 0
    for text, gold in docs:
        pred = extract(text)
        pairs = match(gold, pred)
        tp += len(pairs)
        n_gold += len(gold)
        n_pred += len(pred)
        right += sum(same_value(g[2], p[2]) for g, p in pairs)
    return {"P": tp / n_pred if n_pred else 0.0, "R": tp / n_gold if n_gold else 0.0,
            "values": right / tp if tp else 0.0, "n_gold": n_gold, "n_pred": n_pred}


def throughput(docs, extractors, rounds: int = 7):
    """Characters per second, best of ``rounds`` runs taken in turn, so that load from
    other processes on a shared machine hits both extractors alike."""
    chars = sum(len(text) for text, _ in docs)
    best = {name: math.inf for name in extractors}
    for _ in range(rounds):
        for name, extract in extractors.items():
            t0 = time.perf_counter()
            for text, _ in docs:
                extract(text)
            best[name] = min(best[name], time.perf_counter() - t0)
    return {name: chars / seconds for name, seconds in best.items()}


def real_reports(count: int = 40, seed: int = 0):
    """A fixed sample of whole real reports as (text, []) pairs, or [] without the corpus."""
    import random
    files = sorted(REAL.rglob("*.txt")) if REAL.is_dir() else []
    if not files:
        return []
    sample = random.Random(seed).sample(files, min(count, len(files)))
    return [(f.read_text(encoding="utf-8", errors="replace"), []) for f in sample]


def main(argv) -> int:
    gold_dir = Path(argv[1]) if len(argv) > 1 else DEFAULT_GOLD
    try:
        import jionlp  # noqa: F401
    except ImportError:
        print("JioNLP is needed for this comparison: pip install jionlp", file=sys.stderr)
        return 2
    docs = load_gold(gold_dir)
    if not docs:
        print(f"{gold_dir}: no gold documents with claims in scope", file=sys.stderr)
        return 2
    extractors = {"reportnlp": reportnlp_money, "jionlp": jionlp_money}
    for extract in extractors.values():
        extract(docs[0][0])  # warm up: lexicons, compiled patterns, JioNLP dictionaries
    rows = {name: score(docs, extract) for name, extract in extractors.items()}
    for name, speed in throughput(docs, extractors).items():
        rows[name]["chars/s"] = speed
    n_chars = sum(len(t) for t, _ in docs)
    print(f"money amounts in {len(docs)} documents ({n_chars} chars), "
          f"{rows['reportnlp']['n_gold']} gold amounts")
    print(f"{'extractor':<11}{'P':>7}{'R':>7}{'F1':>7}{'values':>8}{'chars/s':>12}{'found':>7}")
    for name, r in rows.items():
        f1 = 2 * r["P"] * r["R"] / (r["P"] + r["R"]) if r["P"] + r["R"] else 0.0
        print(f"{name:<11}{r['P']:7.3f}{r['R']:7.3f}{f1:7.3f}{r['values']:8.3f}"
              f"{r['chars/s']:12,.0f}{r['n_pred']:7d}")
    ratio = rows["reportnlp"]["chars/s"] / rows["jionlp"]["chars/s"]
    print(f"throughput ratio reportnlp / jionlp: {ratio:.2f}x")
    whole = real_reports()
    if whole:
        speed = throughput(whole, extractors, rounds=3)
        print(f"on {len(whole)} whole real reports ({sum(len(t) for t, _ in whole)} chars): "
              f"reportnlp {speed['reportnlp']:,.0f} chars/s, jionlp {speed['jionlp']:,.0f} chars/s, "
              f"ratio {speed['reportnlp'] / speed['jionlp']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
