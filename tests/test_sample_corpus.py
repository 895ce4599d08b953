"""The bundled sample corpus: manifest and files agree, every file reads, reuse is real.

The corpus is fictional text written for demos; these tests keep it honest when someone
edits it: a file without a manifest row, a report that no longer decodes, a declared
reuse relation that is no longer true, or an undeclared copy all fail here.
"""
from __future__ import annotations

import codecs
import csv
import difflib
import itertools
import re

import pytest

import reportnlp
from reportnlp.io import REPORT_SUFFIXES, doc_id_for, read_report

from conftest import SHARED

CORPUS = reportnlp.sample_corpus()
_REUSE = re.compile(r"^\s*(\S+)\s*\((template_copy|year_over_year)\)\s*$")
_SENTENCE_SPLIT = re.compile(r"[。！？!?；;\n]+")
# Numbers and number slots are what a reused sentence changes; mask them before comparing.
_NUMBERISH = re.compile(r"[0-9０-９.．%％]+|[XＸ×＿_\[\]]+")
_QUOTED = re.compile(r"“[^”\n]{1,20}”")
MIN_SENTENCE = 8
REUSED_FLOOR = 0.5      # a declared reuse pair shares at least this share of sentences
UNRELATED_CEILING = 0.35  # no other pair shares more than boilerplate


def _manifest():
    with open(CORPUS / "manifest.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _report_files():
    return sorted(p.name for p in CORPUS.iterdir()
                  if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)


def _texts():
    return {p: read_report(CORPUS / p).text for p in _report_files()}


def _reuse_pairs():
    pairs = []
    for row in _manifest():
        if row["reuses"]:
            match = _REUSE.match(row["reuses"])
            assert match, f"unreadable reuses cell: {row['reuses']!r}"
            pairs.append((row["file"], match.group(1), match.group(2)))
    return pairs


def _sentences(text):
    parts = (s.strip() for s in _SENTENCE_SPLIT.split(text))
    return [_NUMBERISH.sub("#", s) for s in parts if len(s) >= MIN_SENTENCE]


def sentence_share(text_a, text_b):
    """Share of ``text_a``'s sentences with a near-identical sentence (ratio >= 0.8) in ``text_b``."""
    a, b = _sentences(text_a), _sentences(text_b)
    if not a:
        return 0.0
    matched = sum(1 for s in a if difflib.get_close_matches(s, b, n=1, cutoff=0.8))
    return matched / len(a)


def test_sentence_share_tells_copies_from_strangers():
    base = "全年完成财政收入5000万元，增长6%。新建道路12公里。举办培训班8期。资助学生30名。"
    edited = "全年完成财政收入5600万元，增长7%。新建道路9公里。举办培训班8期。资助学生45名。"
    other = "今年妇联开展宣讲活动。评选最美家庭若干户。组织志愿者参加清洁行动。"
    assert sentence_share(edited, base) == 1.0
    assert sentence_share(other, base) == 0.0


def test_manifest_and_files_agree():
    rows = _manifest()
    names = [r["file"] for r in rows]
    assert len(names) == len(set(names)), "a file has two manifest rows"
    assert set(names) == set(_report_files())
    assert list(rows[0]) == ["file", "township", "county", "province", "year", "organisation",
                             "doc_type", "reuses", "notes"]
    for row in rows:
        assert row["township"] and row["county"] and row["province"] and row["organisation"]
        assert row["year"].isdigit() and row["notes"]


def test_corpus_has_the_promised_spread():
    rows = _manifest()
    gov = {r["township"] for r in rows if r["doc_type"] == "gov_work_report"}
    fulian = {r["township"] for r in rows if r["doc_type"] in ("fudaihui_report", "fulian_work_summary")}
    assert len(_report_files()) >= 15
    assert len(gov & fulian) >= 3
    assert len({r["year"] for r in rows}) >= 3
    assert any(r["doc_type"] == "village_work_summary" for r in rows)
    assert any(r["doc_type"] == "street_office_work_report" for r in rows)
    kinds = {kind for _, _, kind in _reuse_pairs()}
    assert kinds == {"template_copy", "year_over_year"}


def test_sizes_and_encodings():
    files = [CORPUS / name for name in _report_files()]
    assert sum(p.stat().st_size for p in CORPUS.iterdir() if p.is_file()) < 200_000
    for name, text in _texts().items():
        assert 1200 <= len(text) <= 3500, (name, len(text))
    raws = {p.name: p.read_bytes() for p in files if p.suffix == ".txt"}
    gb = [n for n in raws if ".gb18030." in n]
    assert gb
    for name in gb:
        with pytest.raises(UnicodeDecodeError):
            raws[name].decode("utf-8")
        assert read_report(CORPUS / name).encoding == "gb18030"
    assert any(raw.startswith(codecs.BOM_UTF8) for raw in raws.values())
    assert any(p.suffix == ".docx" for p in files)


def test_declared_reuse_is_real():
    texts = _texts()
    for later, earlier, kind in _reuse_pairs():
        share = sentence_share(texts[later], texts[earlier])
        assert share >= REUSED_FLOOR, (later, earlier, kind, round(share, 2))
        assert texts[later] != texts[earlier]


def test_no_undeclared_copies():
    texts = _texts()
    family = {name: {name} for name in texts}
    for later, earlier, _ in _reuse_pairs():
        merged = family[later] | family[earlier]
        for name in merged:
            family[name] = merged
    for a, b in itertools.combinations(sorted(texts), 2):
        if b in family[a]:
            continue
        share = max(sentence_share(texts[a], texts[b]), sentence_share(texts[b], texts[a]))
        assert share < UNRELATED_CEILING, (a, b, round(share, 2))


def test_template_copy_keeps_a_leftover_of_its_source():
    texts = _texts()
    rows = {r["file"]: r for r in _manifest()}
    for later, earlier, kind in _reuse_pairs():
        if kind != "template_copy":
            continue
        source_name = rows[earlier]["township"][:-1]  # 桑溪镇 -> 桑溪
        closing = texts[later].strip().splitlines()[-1]
        assert source_name in closing
        assert rows[later]["township"] != rows[earlier]["township"]


def test_campaign_diffuses_and_slogan_fades():
    """A campaign starts in one township and spreads; an old slogan disappears by the last year."""
    texts = _texts()
    rows = {r["file"]: r for r in _manifest()}
    years = sorted({int(r["year"]) for r in rows.values()})
    first, last = years[0], years[-1]

    def towns(word, year):
        return {rows[n]["township"] for n, t in texts.items() if word in t and int(rows[n]["year"]) == year}

    assert len(towns("清风庭院", first)) == 1
    assert len(towns("清风庭院", last)) >= 3
    assert towns("巾帼脱贫行动", first) and not towns("巾帼脱贫行动", last)
    assert towns("两学一做", first) and not towns("两学一做", last)


def test_analyze_without_path_reads_every_file():
    result = reportnlp.analyze()
    assert result.errors.empty, result.errors.to_dict("records")
    docs = result.documents.set_index("doc_id")
    manifest = {doc_id_for(r["file"]): r for r in _manifest()}
    assert set(docs.index) == set(manifest)
    assert (docs["status"] == "ok").all()
    for doc_id, row in manifest.items():
        assert int(docs.loc[doc_id, "year"]) == int(row["year"])
        assert docs.loc[doc_id, "township"] == row["township"]
        assert docs.loc[doc_id, "region"] == row["province"]
    assert (docs["chars"] >= 1200).all()


def test_no_long_passage_from_the_shared_corpus():
    """Written fresh: no 30-character run is shared with ../shared once quoted names are blanked.

    Quoted items (“四个意识”, “最美家庭”) are the genre's common vocabulary, so they are blanked
    on both sides; what remains shared must be shorter than a clause.
    """
    sources = [SHARED / "corpus" / "grassroots", SHARED / "gold" / "dev"]
    if not all(s.is_dir() for s in sources):
        pytest.skip("../shared is not available")
    width = 30
    shingles = set()
    for folder in sources:
        for path in folder.glob("*.txt"):
            text = _QUOTED.sub("“”", read_report(path).text)
            shingles.update(text[i:i + width] for i in range(len(text) - width + 1))
    for name, text in _texts().items():
        text = _QUOTED.sub("“”", text)
        shared = [text[i:i + width] for i in range(len(text) - width + 1) if text[i:i + width] in shingles]
        assert not shared, (name, shared[:3])
