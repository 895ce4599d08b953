"""MaskRestorer: lexicon cues, corpus statistics and the scikit-learn conventions."""
import json
from pathlib import Path

import pytest

from reportnlp.restore import MaskRestorer, load_masked_words, restore

SHARED = Path(__file__).resolve().parents[2] / "shared"


def top(text, restorer=None):
    start = text.index("++")
    return restore(text, start, start + 2, restorer)


def test_init_only_stores_parameters():
    r = MaskRestorer(context_chars=3, min_score=2.0)
    assert (r.context_chars, r.min_score) == (3, 2.0)
    assert not [a for a in vars(r) if a.endswith("_")]
    with pytest.raises(RuntimeError, match="E303"):
        r.rank("完善++机制", 2, 4)


def test_fit_validates_and_learns_underscore_attributes():
    with pytest.raises(TypeError, match="E301"):
        MaskRestorer().fit("一段文字")
    r = MaskRestorer().fit(["群众信访事项按期办结，信访事项办结率高。"])
    assert r.word_counts_["信访"] == 2
    assert r.right_counts_["信访"]["事项"] == 2


@pytest.mark.parametrize("text, word", [
    ("不断完善妇女++工作机制。", "维权"),
    ("排查化解婚姻家庭++12起。", "纠纷"),
    ("受理群众++事项30件。", "信访"),
    ("全年未发生越级++。", "上访"),
    ("深入开展反++警示教育。", "邪教"),
    ("加++律法规宣传力度。", "大法"),   # the mask straddles 加大 + 法律
    ("加++治宣传。", "大法"),
])
def test_lexicon_cues_pick_the_masked_word(text, word):
    assert top(text) == word


def test_nothing_is_guessed_without_evidence():
    assert top("一二三++四五六") == ""


def test_corpus_statistics_decide_between_candidates():
    text = "做好群众++工作。"      # both 信访 and 维权 take 工作 on the right
    assert top(text) == "信访"
    fitted = MaskRestorer().fit(["做好群众维权工作。做好群众维权工作，群众维权意识增强。"])
    assert top(text, fitted) == "维权"


def test_open_vocabulary_reads_the_document_itself():
    doc = "推进林长制改革，深化林长制建设。全面落实林++改革。"
    restorer = MaskRestorer(min_score=0.0).fit([doc])
    start = doc.index("++")
    assert restorer.rank(doc, start, start + 2)[0][0] == "长制"


def test_lexicon_has_cues_for_every_word():
    entries = load_masked_words()
    assert {"维权", "纠纷", "信访", "上访", "邪教", "大法"} <= {e.word for e in entries}
    assert all(e.left or e.right for e in entries)


def test_dev_gold_restoration_floor():
    gold = SHARED / "gold" / "dev"
    if not gold.is_dir():
        pytest.skip("../shared/gold/dev is not available")
    right = total = 0
    for js in sorted(gold.glob("*.json")):
        data = json.loads(js.read_text(encoding="utf-8"))
        masks = [p for p in data.get("placeholders", []) if p.get("restored")]
        if not masks:
            continue
        text = js.with_suffix(".txt").read_text(encoding="utf-8")
        restorer = MaskRestorer().fit([text])
        for p in masks:
            total += 1
            right += restore(text, p["start"], p["end"], restorer) == p["restored"]
    assert total and right / total >= 0.80


def test_masking_real_reports_is_mostly_undone():
    """Mask every 信访/维权/纠纷/... in real reports, as a web filter would, and restore."""
    real = SHARED / "corpus" / "real"
    if not real.is_dir():
        pytest.skip("../shared/corpus/real is not available")
    words = ["维权", "纠纷", "信访", "上访", "邪教", "大法", "维稳", "法轮"]
    finder = __import__("re").compile("|".join(words))
    right = total = 0
    for path in sorted(real.rglob("*.txt"))[::15]:
        text = path.read_text(encoding="utf-8", errors="replace")
        spans = [(m.start(), m.end(), m.group()) for m in finder.finditer(text)]
        if not spans:
            continue
        masked = finder.sub(lambda m: "+" * len(m.group()), text)
        restorer = MaskRestorer().fit([masked])
        for start, end, word in spans:
            total += 1
            right += restore(masked, start, end, restorer) == word
    assert total > 100 and right / total >= 0.75
