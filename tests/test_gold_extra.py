"""Claims gold for eras and genres the dev gold lacks (older national reports, party-congress
reports), annotated for reportnlp on passages of ../shared/corpus/real.

Each tests/gold_extra/*.json names a corpus file by its path under corpus/real, a window of
offsets that was annotated exhaustively (every claim of ANNOTATION.md §2 inside it), the
window's SHA-1 (so a changed corpus file is skipped, not misjudged) and, per claim, only
offsets and values: no text of ../shared is copied into the project. Skipped when ../shared
is absent.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from reportnlp.extract.claims import extract_claims
from reportnlp.model import Report

from conftest import SHARED

HERE = Path(__file__).resolve().parent
REAL = SHARED / "corpus" / "real"
GOLD = sorted((HERE / "gold_extra").glob("*.json"))


def _load(path: Path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    source = REAL / gold["file"]
    if not source.is_file():
        pytest.skip(f"../shared/corpus/real/{gold['file']} not present")
    text = source.read_text(encoding="utf-8")
    start, end = gold["window"]
    if hashlib.sha1(text[start:end].encode("utf-8")).hexdigest() != gold["window_sha1"]:
        pytest.skip(f"{gold['file']} differs from the annotated version")
    return gold, text


@pytest.mark.parametrize("path", GOLD, ids=[p.stem for p in GOLD])
def test_gold_extra_claims(path):
    gold, text = _load(path)
    start, end = gold["window"]
    claims = {(c.start, c.end): c for c in extract_claims(Report(doc_id=path.stem, text=text))
              if start <= c.start and c.end <= end}
    expected = {(g["start"], g["end"]): g for g in gold["claims"]}
    missed = sorted(set(expected) - set(claims))
    extra = sorted(set(claims) - set(expected))
    assert not missed and not extra, (
        [text[s:e] for s, e in missed], [text[s:e] for s, e in extra])
    for span, g in expected.items():
        c = claims[span]
        got = (c.value, c.value_high, c.unit, c.qualifier)
        assert c.value == pytest.approx(g["value"], rel=1e-6) and c.unit == g["unit"] \
            and c.qualifier == g["qualifier"], (text[span[0]:span[1]], got)
        assert (c.value_high is None) if g["value_high"] is None else c.value_high == pytest.approx(g["value_high"])


def test_gold_extra_is_annotated():
    assert len(GOLD) >= 2
    for path in GOLD:
        gold = json.loads(path.read_text(encoding="utf-8"))
        assert gold["claims"] and all("text" not in g for g in gold["claims"])
