import json

import pytest

from reportnlp.evaluate import Tally, evaluate, score_document

from conftest import SHARED


GOLD_DEV = SHARED / "gold" / "dev"


def claim(start, end, text, value, unit="人次", qualifier="exact", placeholder=False):
    return {"start": start, "end": end, "text": text, "value": value, "value_high": None,
            "unit": unit, "qualifier": qualifier, "placeholder": placeholder, "subject": ""}


def test_overlapping_spans_match_one_to_one_and_fields_are_scored():
    gold = [claim(0, 6, "3000余人次", 3000, qualifier="at_least"), claim(10, 13, "12期", 12, unit="期")]
    pred = [claim(0, 4, "3000", 3000), claim(20, 23, "5个", 5, unit="个")]
    tally = Tally()
    score_document("claims", gold, pred, tally, "doc")
    assert (tally.tp, tally.fp, tally.fn) == (1, 1, 1)
    assert tally.right["value"] == 1 and tally.right["qualifier"] == 0
    assert tally.right["all_core"] == 0 and tally.right["exact_span"] == 0


def test_headings_match_on_start_and_kind_only_counts_on_level_one():
    gold = [{"start": 5, "end": 9, "text": "一、回顾", "level": 1, "kind": "review"},
            {"start": 20, "end": 25, "text": "（一）经济", "level": 2}]
    pred = [{"start": 5, "end": 9, "heading": "一、回顾", "level": 1, "kind": "plans"},
            {"start": 20, "end": 25, "heading": "（一）经济", "level": 3, "kind": "plans"}]
    tally = Tally()
    score_document("sections", gold, pred, tally, "doc")
    assert tally.tp == 2
    assert tally.scored["kind"] == 1 and tally.right["kind"] == 0
    assert tally.right["level"] == 1


def test_lexicon_named_items_are_not_scored():
    gold = [{"start": 0, "end": 4, "text": "四个意识", "category": "slogan", "subtype": "formula"}]
    pred = [dict(gold[0], source="formula"), {"start": 10, "end": 14, "text": "乡村振兴", "source": "lexicon",
                                              "category": "slogan", "subtype": "tifa"}]
    tally = Tally()
    score_document("named", gold, pred, tally, "doc")
    assert (tally.tp, tally.fp, tally.fn) == (1, 0, 0)


def test_scope_limits_what_is_scored(tmp_path):
    (tmp_path / "d.txt").write_text("一、工作回顾\n培训妇女3000余人次。\n", encoding="utf-8")
    (tmp_path / "d.json").write_text(json.dumps({
        "doc": "d", "scope": ["sections"], "claims": [claim(8, 15, "3000余人次", 3000)],
        "sections": [{"start": 0, "end": 6, "text": "一、工作回顾", "level": 1, "kind": "review"}]},
        ensure_ascii=False), encoding="utf-8")
    metrics, _ = evaluate(tmp_path)
    assert set(metrics.kind) == set(["sections", "claims", "named", "placeholders"])
    claims = metrics[(metrics.kind == "claims") & (metrics.metric == "detection")].iloc[0]
    assert claims["n"] == 0


@pytest.mark.skipif(not GOLD_DEV.is_dir(), reason="../shared/gold/dev not present")
def test_dev_gold_is_readable_and_offsets_are_consistent():
    for path in sorted(GOLD_DEV.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        for kind in ("sections", "claims", "named", "placeholders"):
            for rec in gold.get(kind, []):
                assert text[rec["start"]:rec["end"]] == rec["text"], (path.name, rec)


def test_subject_gets_partial_credit_for_a_paraphrase():
    gold = [dict(claim(0, 4, "12期", 12, unit="期"), subject="实用技术培训班")]
    close = [dict(claim(0, 4, "12期", 12, unit="期"), subject="举办实用技术培训班")]
    off = [dict(claim(0, 4, "12期", 12, unit="期"), subject="分别达到")]
    good, bad = Tally(), Tally()
    score_document("claims", gold, close, good, "doc")
    score_document("claims", gold, off, bad, "doc")
    assert 0.8 < good.right["subject_f1"] < 1.0
    assert bad.right["subject_f1"] == 0.0
