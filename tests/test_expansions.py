"""Formula expansions learned where a formula and its members stand together."""

import pytest

from reportnlp.expansions import learn_expansions

from conftest import SHARED



def test_list_after_formula_in_brackets():
    df = learn_expansions(["全体干部要树牢三个观念（发展观念、服务观念、底线观念），"])
    assert df.iloc[0]["formula"] == "三个观念"
    assert df.iloc[0]["expansion"] == "发展观念、服务观念、底线观念"


def test_list_before_formula_with_a_verb_in_front():
    text = "增强学习能力、创新能力、执行能力，全面提升“三种能力”。"
    df = learn_expansions([("d1", text), ("d2", text)])
    row = df.iloc[0]
    assert (row["formula"], row["expansion"], row["count"], row["example_doc"]) == (
        "三种能力", "学习能力、创新能力、执行能力", 2, "d1")


def test_count_must_match_numeral_and_items_share_the_tail():
    assert learn_expansions(["抓好四个重点（道路工程、水利工程、电力工程），"]).empty
    assert learn_expansions(["落实三项制度（公示制度、记录办法、审核规则），"]).empty


def test_other_sentences_do_not_count():
    assert learn_expansions(["发展意识、大局意识、核心意识。要强化三个意识，"]).empty


def test_real_corpus_learns_four_consciousnesses():
    real = SHARED / "corpus" / "real"
    if not real.exists():
        pytest.skip("../shared corpus not available")
    files = sorted(p for p in real.rglob("*.txt"))
    docs = ((p.name, p.read_text(encoding="utf-8", errors="replace"))
            for p in files if "四个意识" in p.read_text(encoding="utf-8", errors="replace"))
    df = learn_expansions(docs)
    top = df[df["formula"] == "四个意识"].iloc[0]
    assert set(top["expansion"].split("、")) == {"政治意识", "大局意识", "核心意识", "看齐意识"}
