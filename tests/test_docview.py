"""The document view: marks nest even when spans cross, the text survives escaped and whole,
and a real headless browser (Debian's chromium) renders the marks with their fields."""
from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import reportnlp
from reportnlp import docview
from reportnlp.cli import main

BROWSER = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                if shutil.which(n)), None)
needs_browser = pytest.mark.skipif(BROWSER is None, reason="no chromium (apt-get install chromium)")


class _Marks(HTMLParser):
    """Collects every <mark> (class, title, text inside) and the text outside the page chrome."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.marks, self.tags = [], [], []
        self.body_text, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag in ("style", "title", "h1", "nav") or attrs.get("class") in ("legend", "meta"):
            self._skip += 1
            self.stack.append(("skip", None))
        elif tag == "mark" and not self._skip:
            item = {"class": attrs.get("class", ""), "title": attrs.get("title", ""), "text": ""}
            self.marks.append(item)
            self.stack.append(("mark", item))
        else:
            self.stack.append((tag, None))

    def handle_endtag(self, tag):
        while self.stack:
            kind, _ = self.stack.pop()
            if kind == "skip":
                self._skip -= 1
            if kind == tag or kind == "skip":
                break

    def handle_data(self, data):
        if self._skip:
            return
        self.body_text.append(data)
        for kind, item in self.stack:
            if kind == "mark":
                item["text"] += data


def _parse(markup: str) -> _Marks:
    parser = _Marks()
    parser.feed(markup)
    return parser


def _frames(**rows):
    tables = {}
    for name, items in rows.items():
        tables[name] = pd.DataFrame([{"doc_id": "d", **item} for item in items])
    return tables


TEXT = "一、工作回顾\n全年投入资金3000万元，开展“春风行动”，完成[X]项。\n<script>alert(1)</script>&amp;"


def _view(text=TEXT, **rows):
    return docview.DocView("d", text, _frames(**rows), {"title": "测试<b>报告</b>"})


def test_crossing_spans_are_split_and_the_text_survives_whole():
    start = TEXT.index("3000")
    claim = {"start": start, "end": start + 6, "text": TEXT[start:start + 6], "value": 3e7, "unit": "元",
             "qualifier": "exact", "target": False}
    # a named span that starts inside the claim and runs past its end: they cross
    named = {"start": start + 4, "end": start + 8, "text": TEXT[start + 4:start + 8], "category": "slogan",
             "subtype": "other"}
    slot = TEXT.index("[X]")
    holder = {"start": slot, "end": slot + 3, "text": "[X]", "kind": "number_slot", "restored": ""}
    view = _view(claims=[claim], named=[named], placeholders=[holder],
                 sections=[{"level": 1, "start": 0, "end": 6, "section_id": "1", "heading": "一、工作回顾"}])
    parsed = _parse(view.html())
    assert "".join(parsed.body_text).replace("\n", "") == TEXT.replace("\n", "")
    claim_marks = [m for m in parsed.marks if m["class"].startswith("claim")]
    named_marks = [m for m in parsed.marks if m["class"] == "named"]
    assert "".join(m["text"] for m in claim_marks) == claim["text"]
    assert "".join(m["text"] for m in named_marks) == named["text"]
    assert len(named_marks) == 2  # cut where the claim closes
    assert all(m["title"].splitlines()[0] == "slogan / campaign: " + named["text"] for m in named_marks)
    assert "value: 30,000,000" in claim_marks[0]["title"] and "unit: 元" in claim_marks[0]["title"]
    assert "target" not in claim_marks[0]["title"]
    slot_mark = next(m for m in parsed.marks if m["class"] == "slot")
    assert slot_mark["text"] == "[X]" and "kind: number_slot" in slot_mark["title"]
    assert '<h2 id="' in view.html() and 'href="#' in view.html() and "script" not in parsed.tags
    assert "&lt;script&gt;" in view.html() and "&amp;amp;" in view.html()
    assert "测试&lt;b&gt;报告&lt;/b&gt;" in view.html()


def test_nested_and_identical_spans_nest():
    start = TEXT.index("3000")
    outer = {"start": start, "end": start + 6, "text": TEXT[start:start + 6], "value": 3e7, "target": True}
    inner = {"start": start, "end": start + 4, "text": "3000", "kind": "other_slot"}
    view = _view(claims=[outer, outer], placeholders=[inner])
    parsed = _parse(view.body())
    assert [m["text"] for m in parsed.marks] == [outer["text"], outer["text"], "3000"]
    assert parsed.marks[0]["class"] == "claim target" and "target: True" in parsed.marks[0]["title"]


def test_analysis_show_is_html_for_notebooks():
    analysis = reportnlp.analyze(where={"doc_id": "hetang_2023_gov"})
    view = analysis.show("hetang_2023_gov")
    fragment = view._repr_html_()
    assert fragment.startswith('<div class="rnlp-doc">') and "<html" not in fragment
    parsed = _parse(fragment)
    assert len([m for m in parsed.marks if m["class"] == "slot"]) == len(analysis.placeholders)
    with pytest.raises(KeyError, match="no document"):
        analysis.show("nope")


def test_show_command_finds_a_doc_id_or_says_what_is_near(tmp_path):
    runner = CliRunner()
    out = tmp_path / "page.html"
    result = runner.invoke(main, ["show", "hetang_2023_gov", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    missed = runner.invoke(main, ["show", "hetang_2023"])
    assert missed.exit_code == 1
    assert "no file and no doc_id 'hetang_2023'" in missed.output and "hetang_2023_gov" in missed.output


def _browser(*args, url):
    return subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu",
                           "--disable-background-networking", "--hide-scrollbars", *args, url],
                          capture_output=True, text=True, timeout=120)


@needs_browser
def test_browser_renders_the_marks_with_their_fields(tmp_path):
    analysis = reportnlp.analyze(where={"doc_id": "chenghu_2023_street"})
    page = analysis.show("chenghu_2023_street").save(tmp_path / "view.html")
    dom = _browser("--dump-dom", url=page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    parsed = _parse(dom.stdout)
    claims = [m for m in parsed.marks if m["class"].startswith("claim")]
    assert len({m["title"] for m in claims}) >= len(analysis.claims) * 0.9
    first = analysis.claims.iloc[0]
    title = next(m["title"] for m in claims if m["text"] == first.text)
    assert f"unit: {first.unit}" in title and f"qualifier: {first.qualifier}" in title
    named = [m for m in parsed.marks if m["class"] == "named"]
    assert {m["text"] for m in named} >= set(analysis.named.text)
    row = analysis.named.iloc[0]
    assert f"category: {row.category}" in next(m["title"] for m in named if m["text"] == row.text)
    slots = [m for m in parsed.marks if m["class"] == "slot"]
    assert sorted(m["text"] for m in slots) == sorted(analysis.placeholders.text)
    levels = {f"h{min(6, level + 1)}" for level in analysis.sections.level}
    assert levels <= set(parsed.tags)
    first_section = analysis.sections.iloc[0]
    assert f'title="section {first_section.section_id} · level 1 · kind {first_section.kind}"' in dom.stdout


@needs_browser
def test_browser_runs_no_script_from_the_text(tmp_path):
    hostile = ("测试报告\n<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>\n"
               "“<b>行动</b>”开展3次。")
    view = reportnlp.analyze_text(hostile, doc_id="hostile").show("hostile")
    page = view.save(tmp_path / "hostile.html")
    dom = _browser("--dump-dom", url=page.as_uri())
    assert dom.returncode == 0
    parsed = _parse(dom.stdout)
    assert not {"img", "script", "b"} & set(parsed.tags)
    assert dom.stdout.split("<title>")[1].split("</title>")[0] == "测试报告 · reportnlp"
    assert "<script>document.title" in "".join(parsed.body_text)


@needs_browser
def test_browser_screenshot_is_drawn(tmp_path):
    page = reportnlp.analyze(where={"doc_id": "hetang_2023_gov"}).show("hetang_2023_gov").save(
        tmp_path / "v.html")
    shot = tmp_path / "v.png"
    result = _browser("--window-size=900,1200", f"--screenshot={shot}", url=page.as_uri())
    assert result.returncode == 0 and shot.stat().st_size > 10_000
    assert Path(shot).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_show_command_takes_a_saved_analysis_or_a_file(tmp_path):
    analysis = reportnlp.analyze(where={"township": "桑溪镇"})
    analysis.save(tmp_path / "saved")
    runner = CliRunner()
    result = runner.invoke(main, ["show", "sangxi_2023_gov", "--from", str(tmp_path / "saved"),
                                  "--out", str(tmp_path / "a.html")])
    assert result.exit_code == 0, result.output
    expected = analysis.show("sangxi_2023_gov").html()
    assert (tmp_path / "a.html").read_text(encoding="utf-8") == expected
    missing = runner.invoke(main, ["show", "sangxi_2023", "--from", str(tmp_path / "saved")])
    assert missing.exit_code == 1 and "did you mean sangxi_2023_gov" in missing.output
    file = reportnlp.sample_corpus() / "sangxi_2023_gov.txt"
    direct = runner.invoke(main, ["show", str(file), "--out", str(tmp_path / "b.html")])
    assert direct.exit_code == 0
    assert (tmp_path / "b.html").read_text(encoding="utf-8") == expected
    assert reportnlp.show(file).html() == expected


def _yellow_pixels(png, below: int = 80) -> int:
    """Pixels of the claim colour under the legend bar (the top ``below`` pixels)."""
    import matplotlib.image

    rgb = matplotlib.image.imread(str(png))[below:, :, :3]
    target = [0xFF / 255, 0xE0 / 255, 0x8A / 255]
    return int((abs(rgb - target).max(axis=-1) < 0.02).sum())


@needs_browser
def test_unticking_a_kind_in_the_legend_hides_its_highlights(tmp_path):
    view = reportnlp.analyze(where={"doc_id": "hetang_2021_fulian"}).show("hetang_2021_fulian")
    page = view.html()
    assert 'class="show-claim" checked' in page
    shots = {}
    for name, markup in (("on", page), ("off", page.replace('class="show-claim" checked', 'class="show-claim"'))):
        path = tmp_path / f"{name}.html"
        path.write_text(markup, encoding="utf-8")
        shots[name] = tmp_path / f"{name}.png"
        assert _browser("--window-size=900,900", f"--screenshot={shots[name]}", url=path.as_uri()).returncode == 0
    on, off = _yellow_pixels(shots["on"]), _yellow_pixels(shots["off"])
    assert on > 2000 and off == 0


@pytest.mark.parametrize("levels", [[1, 2, 2, 1, 2], [2, 1, 2, 1], [2, 2], [1, 1], [1, 2, 1]])
def test_contents_nest_lists_inside_items(levels):
    text = "".join(f"标题{i}\n" for i in range(len(levels)))
    sections, at = [], 0
    for i, level in enumerate(levels):
        sections.append({"level": level, "start": at, "end": at + len(f"标题{i}"), "section_id": str(i),
                         "heading": f"标题{i}"})
        at += len(f"标题{i}") + 1
    nav = docview.DocView("d", text, {"sections": pd.DataFrame(sections)})._contents(sections)
    stack = []
    for tag in re.findall(r"<(/?)(ol|li)>", nav):
        closing, name = tag
        if closing:
            assert stack.pop() == name
        else:
            assert (name == "li") == bool(stack and stack[-1] == "ol"), "a list sits inside an item"
            stack.append(name)
    assert stack == [] and nav.count("<a href=") == len(levels)
