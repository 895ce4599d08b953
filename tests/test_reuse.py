"""Copied text across documents: masking, alignment, pairs, families, CLI, and the grassroots manifest."""
from __future__ import annotations

import csv
import re
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
import pytest

from reportnlp.model import Report
from reportnlp.reuse import (
    FAMILY_COLUMNS, PAIR_COLUMNS, PASSAGE_COLUMNS, ReuseParams, align, candidate_pairs, chunk_signatures,
    find_reuse, lsh_bands, mask_report, minhash_rows, reuse_paths,
)

from conftest import SHARED

GRASSROOTS = SHARED / "corpus" / "grassroots"

# Written for these tests: a township report, next year's self-copy, another township's
# copy of it with the place name swapped, and an unrelated report.
SOURCE = (
    "甲山镇2021年工作总结\n"
    "一、主要工作\n"
    "今年以来，甲山镇党委团结带领全镇干部群众，统筹推进稳增长、促改革、惠民生各项工作，经济社会保持平稳健康发展。\n"
    "全年完成一般公共预算收入2860万元，同比增长6.5%；新建高标准农田1.8万亩，粮食总产量稳定在4.2万吨。\n"
    "深入实施巾帼建功行动，举办种养技术培训班12期，培训妇女120人次，帮助86名妇女实现就近就业。\n"
    "扎实推进农村人居环境整治，改造农村户厕640座，新建村级污水处理站3座，甲山镇村容村貌明显改善。\n"
    "二、存在的问题\n"
    "产业结构比较单一，龙头企业带动能力不强；公共服务短板依然存在，群众增收渠道有待拓宽。\n"
)
NEXT_YEAR = (
    "甲山镇2022年工作总结\n"
    "一、主要工作\n"
    "今年以来，甲山镇党委团结带领全镇干部群众，统筹推进稳增长、促改革、惠民生各项工作，经济社会保持平稳健康发展。\n"
    "全年完成一般公共预算收入3120万元，同比增长9.1%；新建高标准农田2.3万亩，粮食总产量稳定在4.5万吨。\n"
    "深入实施巾帼建功行动，举办种养技术培训班15期，培训妇女[X]人次，帮助XX名妇女实现就近就业。\n"
    "围绕冬季取暖安全，组织排查燃煤隐患，走访独居老人家庭，发放宣传材料和应急物品，逐户讲解注意事项。\n"
    "镇文化站新添图书两千余册，开办周末书法班和少儿合唱团，乡村文化生活日益丰富多彩，群众满意度明显提升。\n"
    "二、存在的问题\n"
    "集体经济收入来源偏窄，部分村级组织服务群众的本领还需提高，安全生产监管仍有薄弱环节。\n"
)
COPY = SOURCE.replace("甲山镇", "乙水乡").replace("全镇", "全乡").replace("2860", "1930")
UNRELATED = (
    "丙河街道2022年社区服务报告\n"
    "街道坚持把居民需求放在首位，建成十五分钟生活服务圈，新开社区食堂四家，老年助餐覆盖率稳步提高。\n"
    "围绕物业管理难题，成立业主议事会，化解停车、漏水、噪声等纠纷，居民投诉数量较上年下降近三成。\n"
    "下一步，街道将继续完善网格治理，推动辖区单位资源共享，努力打造安居乐业的幸福家园。\n"
)


def _reports():
    return [Report("a_2021", SOURCE, meta={"year": 2021}), Report("a_2022", NEXT_YEAR, meta={"year": 2022}),
            Report("b_2021", COPY, meta={"year": 2021}), Report("c_2022", UNRELATED, meta={"year": 2022})]


def _pair(pairs, x, y):
    rows = pairs[((pairs.doc_a == x) & (pairs.doc_b == y)) | ((pairs.doc_a == y) & (pairs.doc_b == x))]
    assert len(rows) == 1, f"pair {x}/{y} not found once in\n{pairs}"
    row = rows.iloc[0]
    return (row.share_a, row.share_b) if row.doc_a == x else (row.share_b, row.share_a)


def test_numbers_and_slots_mask_to_one_symbol():
    filled = mask_report(Report("x", "培训妇女120人次，覆盖 十二个 村。"))
    slotted = mask_report(Report("y", "培训妇女[X]人次，覆盖XX个村。"))
    as_text = lambda d: d.masked(0, len(d))  # noqa: E731
    assert as_text(filled) == as_text(slotted) == "培训妇女#人次,覆盖#个村。"


def test_clauses_map_back_to_their_original_spans():
    # A clause ending in a number ends after the whole number; whitespace inside a clause
    # is kept in its span but not counted in its characters.
    doc = mask_report(Report("x", "培训妇女120人次；覆盖 十二个 村。\n完成清淤 20\n  [X]\n"))
    spans = [doc.text[s:e] for s, e in zip(doc.unit_start, doc.unit_end)]
    assert spans == ["培训妇女120人次；", "覆盖 十二个 村。", "完成清淤 20", "[X]"]
    assert doc.unit_chars.tolist() == [len(re.sub(r"\s", "", span)) for span in spans]
    assert doc.masked(doc.units[2], doc.units[3]) == "完成清淤#"


def test_year_over_year_copy_found_with_its_share():
    result = find_reuse(_reports())
    share_2021, share_2022 = _pair(result.pairs, "a_2021", "a_2022")
    # Copied into 2022: title, 一、主要工作, 二、存在的问题 and three sentences with new numbers.
    copied = ["甲山镇#年工作总结", "一、主要工作", "二、存在的问题", NEXT_YEAR.splitlines()[2],
              NEXT_YEAR.splitlines()[3], NEXT_YEAR.splitlines()[4]]
    expected = sum(len(re.sub(r"\s", "", c)) for c in copied) / len(re.sub(r"\s", "", NEXT_YEAR))
    assert share_2022 == pytest.approx(expected, abs=0.08)
    assert 0.3 < share_2021 < 0.85


def test_name_swap_keeps_the_template_copy_whole():
    result = find_reuse(_reports())
    share_source, share_copy = _pair(result.pairs, "a_2021", "b_2021")
    assert share_source > 0.9 and share_copy > 0.9
    passages = result.passages[(result.passages.doc_a == "a_2021") & (result.passages.doc_b == "b_2021")]
    # One passage spans the whole body despite 甲山镇 → 乙水乡 in several sentences.
    assert passages.chars.max() > 0.8 * len(SOURCE)


def test_unrelated_report_shares_nothing():
    result = find_reuse(_reports())
    involved = result.pairs[(result.pairs.doc_a == "c_2022") | (result.pairs.doc_b == "c_2022")]
    assert involved.empty, involved  # no pair reaches find_reuse's threshold (5% of either side)
    families = dict(zip(result.families.doc_id, result.families.family))
    assert families["a_2022"] == families["b_2021"] == families["a_2021"] == "a_2021"
    assert families["c_2022"] == "c_2022"


def test_tables_have_the_output_columns_and_offsets_hold():
    reports = {r.doc_id: r for r in _reports()}
    result = find_reuse(reports.values())
    assert list(result.pairs.columns)[:5] == PAIR_COLUMNS[:5]
    assert list(result.passages.columns)[:8] == PASSAGE_COLUMNS[:8]
    assert list(result.families.columns)[:2] == FAMILY_COLUMNS[:2]
    assert len(result.passages) > 0
    for row in result.passages.itertuples():
        assert reports[row.doc_a].text[row.start_a:row.end_a] == row.text_a
        assert reports[row.doc_b].text[row.start_b:row.end_b] == row.text_b


def test_changed_sentence_is_not_counted_as_copied():
    a = mask_report(Report("a", "全镇共有耕地三万亩。今年重点抓好农田水利建设，完成渠道清淤二十公里。"))
    b = mask_report(Report("b", "全镇共有耕地三万亩。明年将把主要精力放在招商引资上，力争引进项目五个。"))
    found = align(a, b)
    shared_a, shared_b = found.shared()
    assert shared_a == len("全镇共有耕地三万亩。") == shared_b


def test_minhash_rows_equal_datasketch_minhash():
    from datasketch import MinHash

    rng = np.random.default_rng(7)
    # sizes from one value to more than one block of the vectorised computation
    sets = [np.unique(rng.integers(0, 2 ** 32, size, dtype=np.uint64)) for size in
            [1, 2, 5, 300, 70_000, 40, 1] + list(rng.integers(1, 2_000, 40))]
    ours = minhash_rows(sets, 64)
    theirs = [m.hashvalues for m in MinHash.generator([s.tolist() for s in sets], num_perm=64, seed=1,
                                                       hashfunc=int)]
    assert np.array_equal(ours, np.vstack(theirs))


def _reference_candidates(docs, params):
    """Candidate pairs the way a hash-table LSH finds them: one dict of buckets per band."""
    signatures, keys, n_chunks = chunk_signatures(docs, params)
    bands, rows = lsh_bands(params)
    hits = {}
    for band in range(bands):
        buckets = {}
        for key, row in zip(keys.tolist(), signatures[:, band * rows:(band + 1) * rows]):
            buckets.setdefault(row.tobytes(), []).append(key)
        for members in buckets.values():
            by_doc = {}
            for key in members:
                by_doc.setdefault(key >> 20, set()).add(key & 0xFFFFF)
            if not 2 <= len(by_doc) <= params.max_bucket:
                continue
            ordered = sorted(by_doc)
            for x, dx in enumerate(ordered):
                for dy in ordered[x + 1:]:
                    seen = hits.setdefault((dx, dy), (set(), set()))
                    seen[0].update(by_doc[dx])
                    seen[1].update(by_doc[dy])
    ranked = {}
    for (x, y), (cx, cy) in hits.items():
        score = max(len(cx) / n_chunks[x], len(cy) / n_chunks[y])
        if score >= params.min_chunk_share:
            ranked.setdefault(x, []).append((-score, (x, y)))
            ranked.setdefault(y, []).append((-score, (x, y)))
    return sorted({pair for items in ranked.values() for _, pair in sorted(items)[:params.max_partners]})


def test_numpy_banding_finds_the_hash_table_candidates():
    # Variants of one template (some sentences kept, numbers and names changed) plus a
    # boilerplate opening every document shares, so that buckets over max_bucket occur,
    # and a partner limit small enough to bite.
    rng = np.random.default_rng(3)
    alphabet = sorted(set(re.sub(r"[\s\d，。；、%.]", "", SOURCE + NEXT_YEAR + UNRELATED)))

    def sentence(length):
        return "".join(rng.choice(alphabet, length)) + "。"

    pool = [sentence(int(rng.integers(20, 60))) for _ in range(60)]
    opening = sentence(50) + sentence(50)
    docs = []
    for n in range(40):
        body = []
        for i in rng.choice(len(pool), 6, replace=False):
            chars = list(pool[i])
            for at in rng.choice(len(chars) - 1, int(rng.integers(0, 4)), replace=False):
                chars[at] = rng.choice(alphabet)       # an edit or two per copied sentence
            body.append("".join(chars))
        body += [sentence(40) for _ in range(3)]       # text of its own
        docs.append(mask_report(Report(f"d{n}", opening + "\n" + "".join(body))))
    for params in (ReuseParams(), ReuseParams(max_bucket=5, max_partners=3, chunk_chars=40, bands_per_pass=2)):
        expected = _reference_candidates(docs, params)
        assert candidate_pairs(docs, params) == expected
        assert len(expected) > 5


def test_result_does_not_depend_on_input_order():
    forward = find_reuse(_reports())
    backward = find_reuse(list(reversed(_reports())))
    assert forward.pairs.equals(backward.pairs)
    assert forward.families.equals(backward.families)


def test_empty_tiny_and_single_reports_do_not_crash():
    tiny = [Report("e", ""), Report("s", "  \n"), Report("t", "好。"), Report("n", "123")]
    result = find_reuse(tiny)
    assert result.pairs.empty and result.passages.empty
    assert sorted(result.families.doc_id) == ["e", "n", "s", "t"]
    assert find_reuse([Report("only", SOURCE)]).pairs.empty
    with pytest.raises(ValueError, match="E307"):
        find_reuse([Report("same", SOURCE), Report("same", COPY)])


def test_unreadable_inputs_become_error_rows(tmp_path):
    (tmp_path / "a_2021.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "b_2021.txt").write_text(COPY, encoding="gb18030")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = reuse_paths([tmp_path, tmp_path / "missing"])
    assert sorted(result.errors.code) == ["E101", "E109"]
    assert len(result.pairs) == 1 and min(result.pairs.share_a[0], result.pairs.share_b[0]) > 0.9


def test_cli_writes_three_tables(tmp_path):
    from click.testing import CliRunner

    from reportnlp.cli import main

    (tmp_path / "in").mkdir()
    for report in _reports():
        (tmp_path / "in" / f"{report.doc_id}.txt").write_text(report.text, encoding="utf-8")
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["reuse", str(tmp_path / "in"), "--out", str(out)])
    assert done.exit_code == 0, done.output
    with open(out / "reuse_pairs.csv", encoding="utf-8-sig") as handle:  # CSV has a BOM for Excel
        assert next(csv.reader(handle))[:5] == PAIR_COLUMNS[:5]
    assert (out / "reuse_passages.csv").is_file() and (out / "families.csv").is_file()


# --- the grassroots corpus and its manifest ------------------------------------------

_RELATION = re.compile(r"([\w.\-]+\.txt)\s*\((year_over_year|template_copy)\)")
_PERCENT = re.compile(r"(\d+)% of characters")
_CLAUSE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")
_NUMBERISH = re.compile(r"[0-9０-９][0-9０-９.,．，]*|\[\s*[Xx×]+\s*\]|【\s*[Xx×]+\s*】|[Xx×]{2,}|X|[_＿]{2,}"
                        r"|[零〇○一二两三四五六七八九十百千]+(?=[个项家名人次条所座户期届年月日万亿元亩])")


def _clauses(text):
    out = []
    for match in _CLAUSE.finditer(text):
        raw = re.sub(r"\s", "", match.group())
        if raw:
            out.append((len(raw), _NUMBERISH.sub("#", raw)))
    return out


def reference_share(copy_text, source_text, similarity=0.9):
    """Character share of ``copy_text`` in clauses that reappear in ``source_text`` with only
    numbers or a few characters changed: a slow, all-against-all measurement."""
    source = [masked for _, masked in _clauses(source_text) if len(masked) >= 6]
    total = copied = 0
    for length, masked in _clauses(copy_text):
        total += length
        if len(masked) >= 6 and any(
                SequenceMatcher(None, masked, other, autojunk=False).ratio() >= similarity
                for other in source if abs(len(other) - len(masked)) <= 0.2 * len(masked) + 2):
            copied += length
    return copied / total


@pytest.fixture(scope="module")
def grassroots():
    manifest = GRASSROOTS / "MANIFEST.csv"
    if not manifest.is_file():
        pytest.skip("no ../shared/corpus/grassroots")
    from reportnlp.pipeline import plan_inputs

    with open(manifest, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    ids = {Path(p).name: d for p, d in plan_inputs([GRASSROOTS]) if d}
    return rows, ids, reuse_paths([GRASSROOTS])


def test_grassroots_declared_relations_found_with_their_share(grassroots):
    rows, ids, result = grassroots
    texts = {r.doc_id: r for r in _read(ids)}
    checked = 0
    for row in rows:
        for source, relation in _RELATION.findall(row.get("reuses", "")):
            copy_id, source_id = ids[row["file"]], ids[source]
            share_copy, _ = _pair(result.pairs, copy_id, source_id)
            expected = reference_share(texts[copy_id].text, texts[source_id].text)
            assert share_copy == pytest.approx(expected, abs=0.15), (relation, copy_id, source_id)
            stated = _PERCENT.search(row.get("notes", ""))
            if stated:
                assert share_copy == pytest.approx(int(stated.group(1)) / 100, abs=0.15), (copy_id, source_id)
            checked += 1
    assert checked >= 1


def test_grassroots_independent_documents_share_little(grassroots):
    rows, ids, result = grassroots
    related = _related_groups(rows, ids)
    for pair in result.pairs.itertuples():
        if related.get(pair.doc_a, pair.doc_a) != related.get(pair.doc_b, pair.doc_b):
            assert max(pair.share_a, pair.share_b) <= 0.3, pair


def _read(ids):
    from reportnlp.io import read_report

    return [read_report(GRASSROOTS / name, doc_id=doc_id) for name, doc_id in ids.items()]


def _related_groups(rows, ids):
    """Documents joined by a declared relation or named in each other's notes (twins)."""
    parent = {doc_id: doc_id for doc_id in ids.values()}

    def root(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for row in rows:
        mentioned = re.findall(r"[\w.\-]+\.txt", row.get("reuses", "") + " " + row.get("notes", ""))
        for name in mentioned:
            if name in ids and row["file"] in ids:
                parent[root(ids[name])] = root(ids[row["file"]])
    return {doc_id: root(doc_id) for doc_id in parent}
