"""genre.py: party reports are told from government reports by their opening lines, and
claims drop the rhetorical counts of party reports only."""
from __future__ import annotations

import pytest

from reportnlp.extract.claims import extract_claims
from reportnlp.genre import genre_of, opening_lines
from reportnlp.model import Report

BODY = "坚持两条路线的斗争，认清两个阶级的对立。全年新建学校三所，培训党员干部四个批次，杀害了三个工人。"


@pytest.mark.parametrize("title, genre", [
    ("在中国共产党第九次全国代表大会上的报告", "party"),
    ("中国共产党某某县第十五次代表大会报告", "party"),
    ("中央纪律检查委员会向党的第十三次全国代表大会的工作报告", "party"),
    ("十一大上的政治报告", "party"),
    ("某某县委员会党委2023年工作报告", "party"),
    ("2024年政府工作报告", "government"),
    ("在某某市第十五届人民代表大会第三次会议上", "government"),
    ("鹤塘镇妇女联合会2021年工作总结", "government"),
])
def test_genre_from_the_title(title, genre):
    assert genre_of(f"{title}\n\n（一九六九年四月一日）\n\n{BODY}") == genre


def test_body_mentions_do_not_make_a_party_report():
    text = "2024年政府工作报告\n\n各位代表：\n\n我们认真贯彻党代会精神。" + "党代会" * 3
    assert genre_of(text) == "government"
    assert opening_lines(text) == "2024年政府工作报告\n各位代表："


def test_metadata_genre_wins():
    assert genre_of("2024年政府工作报告\n" + BODY, {"genre": "party"}) == "party"
    assert genre_of("在中国共产党第九次全国代表大会上的报告\n", {"genre": "Government"}) == "government"


def _claims(text):
    return [c.text for c in extract_claims(Report(doc_id="d", text=text))]


def test_party_rhetoric_is_not_a_claim_but_facts_are():
    party = _claims("在中国共产党第九次全国代表大会上的报告\n\n" + BODY)
    government = _claims("2024年政府工作报告\n\n" + BODY)
    assert "两条" not in party and "两个" not in party
    assert "两条" in government and "两个" in government
    assert "三所" in party and "三个" in party  # schools built; workers counted (people follow)
