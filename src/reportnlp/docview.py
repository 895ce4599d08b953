"""The document view: one report as HTML with what the extractors found marked in its text.

Headings become ``<h2>``…``<h6>`` by section level; claims, slogans/campaigns and
placeholders are ``<mark>`` elements whose ``title`` lists their fields (shown on hover).
Spans may overlap: a mark that crosses another's end is cut into pieces, each with the
same title, so the page is always well nested. Everything from the report is escaped
(the text is untrusted) and the page allows no script at all. ``DocView`` is what
``Analysis.show`` returns: a notebook shows it inline, ``save`` writes a self-contained page.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

import pandas as pd

from .extractors import EXTRACTORS

# table -> (css class, label in the legend, fields shown on hover when present): the
# extractors with a ``view`` in extractors.py
KINDS: Dict[str, Tuple[str, str, Tuple[str, ...]]] = {e.name: e.view for e in EXTRACTORS if e.view}
# Chinese faces people have, then generic fallbacks; serif text, sans headings.
FONTS_TEXT = ('"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "STSong", SimSun, '
              '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
              '"Microsoft YaHei", "WenQuanYi Micro Hei", serif')
FONTS_HEAD = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
              '"Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif')
ROOT_CLASS = "rnlp-doc"
HEADING_STOPS = "。．.：:；;，, \t\u3000"

CSS = f"""
.{ROOT_CLASS} {{ font-family: {FONTS_TEXT}; font-size: 16px; line-height: 1.9; color: #1d1d1f;
  max-width: 46em; margin: 0 auto; padding: 0 1em 2em; background: #fff; }}
.{ROOT_CLASS} h1, .{ROOT_CLASS} h2, .{ROOT_CLASS} h3, .{ROOT_CLASS} h4, .{ROOT_CLASS} h5,
.{ROOT_CLASS} h6 {{ font-family: {FONTS_HEAD}; line-height: 1.5; margin: 1.1em 0 0.4em; }}
.{ROOT_CLASS} h1 {{ font-size: 1.5em; }} .{ROOT_CLASS} h2 {{ font-size: 1.3em; }}
.{ROOT_CLASS} h3 {{ font-size: 1.12em; }} .{ROOT_CLASS} h4, .{ROOT_CLASS} h5, .{ROOT_CLASS} h6
{{ font-size: 1em; }}
.{ROOT_CLASS} p {{ margin: 0 0 0.5em; text-indent: 0; white-space: pre-wrap; }}
.{ROOT_CLASS} .meta {{ font-family: {FONTS_HEAD}; font-size: 0.85em; color: #555; }}
.{ROOT_CLASS} mark {{ color: inherit; border-radius: 2px; padding: 0 1px; cursor: help; }}
.{ROOT_CLASS} mark.claim {{ background: #ffe08a; }}
.{ROOT_CLASS} mark.claim.target {{ background: #ffc2a8; }}
.{ROOT_CLASS} mark.named {{ background: #b9e4c9; }}
.{ROOT_CLASS} mark.slot {{ background: #f4a3b4; outline: 1px dashed #b0003a; }}
.{ROOT_CLASS} mark mark {{ padding: 0; box-shadow: inset 0 -3px 0 rgba(0,0,0,0.35); }}
.{ROOT_CLASS} .legend {{ font-family: {FONTS_HEAD}; font-size: 0.85em; position: sticky; top: 0;
  background: #fafafa; border-bottom: 1px solid #ddd; padding: 0.4em 0.6em; z-index: 1; }}
.{ROOT_CLASS} .legend label {{ margin-right: 0.9em; white-space: nowrap; cursor: pointer; }}
.{ROOT_CLASS} .legend mark {{ cursor: pointer; }}
.{ROOT_CLASS} nav {{ font-family: {FONTS_HEAD}; font-size: 0.9em; margin: 0.5em 0 1em; }}
.{ROOT_CLASS} nav ol {{ margin: 0.2em 0; padding-left: 1.4em; }}
.{ROOT_CLASS} nav a {{ color: #0b5cad; text-decoration: none; }}
"""
# Unticking a kind in the legend takes its highlight away (CSS only: the page runs no script).
for _css, _, _ in KINDS.values():
    CSS += (f".{ROOT_CLASS}:has(.show-{_css}:not(:checked)) .text mark.{_css} "
            "{ background: none; outline: none; box-shadow: none; }\n")


def _escape(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _present(value) -> bool:
    if value is None or value is pd.NA:
        return False
    if isinstance(value, float) and value != value:
        return False
    return not (isinstance(value, str) and value == "")


def _number(value) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:,.6g}"
    return str(value)


@dataclass(frozen=True)
class Mark:
    """One highlighted span: its table, its offsets and the text shown on hover."""

    start: int
    end: int
    css: str
    title: str


def marks_for(tables: Mapping[str, pd.DataFrame], doc_id: str) -> List[Mark]:
    """The marks of ``doc_id`` from the claims, named and placeholders tables, longest first at a start."""
    marks = []
    for table, (css, label, shown) in KINDS.items():
        frame = tables.get(table)
        if frame is None or not len(frame):
            continue
        rows = frame[frame["doc_id"] == doc_id]
        for row in rows.to_dict("records"):
            lines = [f"{label}: {row.get('text', '')}"]
            for name in shown:
                value = row.get(name)
                if not _present(value):
                    continue
                if name in ("target", "placeholder") and not bool(value):
                    continue
                lines.append(f"{name}: {_number(value) if name.startswith('value') else value}")
            classes = css + (" target" if table == "claims" and _present(row.get("target"))
                             and bool(row.get("target")) else "")
            marks.append(Mark(int(row["start"]), int(row["end"]), classes, "\n".join(lines)))
    return sorted(marks, key=lambda m: (m.start, -m.end))


def _inline(text: str, start: int, end: int, marks: Sequence[Mark]) -> str:
    """``text[start:end]`` as HTML with ``marks`` (clipped to it) nested; crossing marks are split."""
    inside = [m for m in marks if m.start < end and m.end > start and m.end > m.start]
    if not inside:
        return _escape(text[start:end])
    cuts = sorted({start, end, *(max(start, m.start) for m in inside), *(min(end, m.end) for m in inside)})
    out: List[str] = []
    stack: List[Mark] = []

    def open_tag(mark: Mark) -> str:
        return f'<mark class="{_escape(mark.css)}" title="{_escape(mark.title)}">'

    for left, right in zip(cuts, cuts[1:]):
        # close the marks that end here; anything opened after them closes and reopens
        ending = [i for i, m in enumerate(stack) if m.end <= left]
        if ending:
            first = ending[0]
            reopen = [m for m in stack[first:] if m.end > left]
            out.append("</mark>" * (len(stack) - first))
            del stack[first:]
            for mark in reopen:
                out.append(open_tag(mark))
                stack.append(mark)
        # open the marks that start here, longest first so shorter ones nest inside
        for mark in inside:
            if max(start, mark.start) == left:
                out.append(open_tag(mark))
                stack.append(mark)
        out.append(_escape(text[left:right]))
    out.append("</mark>" * len(stack))
    return "".join(out)


def _blocks(text: str, headings: Sequence[Tuple[int, int, int]]) -> List[Tuple[str, int, int]]:
    """The text cut into (tag, start, end): heading spans as hN, the rest one paragraph a line."""
    blocks: List[Tuple[str, int, int]] = []
    at = 0

    def paragraphs(lo: int, hi: int) -> None:
        line_start = lo
        while line_start < hi:
            stop = text.find("\n", line_start, hi)
            stop = hi if stop < 0 else stop
            if text[line_start:stop].strip():
                blocks.append(("p", line_start, stop))
            line_start = stop + 1

    for level, h_start, h_end in sorted(headings, key=lambda h: h[1]):
        if h_start < at or h_end <= h_start:
            continue  # overlapping or empty heading span: leave it as text
        paragraphs(at, h_start)
        # the heading's closing stop (its span leaves out the 。) stays with it, not on a line alone
        while h_end < len(text) and text[h_end] in HEADING_STOPS:
            h_end += 1
        blocks.append((f"h{min(6, max(2, level + 1))}", h_start, h_end))
        at = h_end
    paragraphs(at, len(text))
    return blocks


def legend(counts: Optional[Mapping[str, int]] = None) -> str:
    """The key to the colours; each kind's box shows or hides its highlights."""
    items = []
    for table, (css, label, _) in KINDS.items():
        n = f" {counts[table]}" if counts and table in counts else ""
        items.append(f'<label><input type="checkbox" class="show-{css}" checked> '
                     f'<mark class="{css}">{_escape(label)}</mark>{n}</label>')
    items.insert(1, '<label><mark class="claim target">claim: target</mark></label>')
    return ('<div class="legend">' + "".join(items)
            + '<span class="meta">hover over a mark for its fields</span></div>')


def _anchor(doc_id: str, section_id: str) -> str:
    # ids stay unique when a notebook shows several documents
    import hashlib

    return "s" + hashlib.sha1(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:8] + "-" + section_id


@dataclass
class DocView:
    """One report's document view; ``_repr_html_`` for notebooks, ``save`` for a page."""

    doc_id: str
    text: str
    tables: Dict[str, pd.DataFrame] = field(default_factory=dict)
    document: Dict[str, object] = field(default_factory=dict)

    @classmethod
    def from_analysis(cls, analysis, doc_id: str, text: Optional[str] = None) -> "DocView":
        documents = analysis.documents
        rows = documents[documents["doc_id"] == doc_id]
        if rows.empty:
            known = ", ".join(documents["doc_id"].head(10))
            from . import errors

            raise errors.new("no_document", doc_id=doc_id, known=known)
        document = rows.iloc[0].to_dict()
        if text is None:
            text = analysis.texts.get(doc_id)
        if text is None:  # an analysis saved without texts: read the file again
            from .io import read_report

            text = read_report(document["path"], doc_id=doc_id).text
        tables = {name: frame[frame["doc_id"] == doc_id]
                  for name, frame in analysis.tables().items()
                  if name in ("sections", *KINDS) and "doc_id" in frame.columns}
        return cls(doc_id, text, tables, document)

    def body(self) -> str:
        """The view as an HTML fragment (scoped styles, no script)."""
        sections = self.tables.get("sections")
        records = [] if sections is None else sections.to_dict("records")
        headings = [(int(r["level"]), int(r["start"]), int(r["end"])) for r in records]
        ids = {int(r["start"]): _anchor(self.doc_id, str(r["section_id"])) for r in records}
        # a heading's own fields on hover: which section, what kind of part
        about = {int(r["start"]): f"section {r['section_id']} · level {r['level']} · kind {r.get('kind', '')}"
                 for r in records}
        marks = marks_for(self.tables, self.doc_id)
        counts = {name: len(self.tables[name]) for name in ("sections", *KINDS) if name in self.tables}
        title = self.document.get("title") or self.doc_id
        facts = [f"doc_id {self.doc_id}"]
        for name in ("year", "region", "township", "organisation", "path"):
            if _present(self.document.get(name)):
                facts.append(f"{name} {self.document[name]}")
        facts += [f"{n} {name}" for name, n in counts.items()]
        parts = [f'<div class="{ROOT_CLASS}"><style>{CSS}</style>', legend(counts),
                 f"<h1>{_escape(title)}</h1>", f'<p class="meta">{_escape(" · ".join(facts))}</p>',
                 self._contents(records), '<div class="text">']
        # one sweep over blocks and marks (both in text order): the marks still open at a block
        # are those that started before its end and have not ended before its start
        active: List[Mark] = []
        at = 0
        for tag, start, end in _blocks(self.text, headings):
            while at < len(marks) and marks[at].start < end:
                active.append(marks[at])
                at += 1
            active = [m for m in active if m.end > start]
            near = [m for m in active if m.start < end]
            anchor = (f' id="{ids[start]}" title="{_escape(about[start])}"'
                      if tag != "p" and start in ids else "")
            parts.append(f'<{tag}{anchor} data-start="{start}">{_inline(self.text, start, end, near)}</{tag}>')
        parts.append("</div></div>")
        return "\n".join(parts)

    def _contents(self, records: Sequence[Mapping]) -> str:
        """A folded table of contents: the top two levels of headings, linked."""
        top = [r for r in records if int(r["level"]) <= 2]
        if not top:
            return ""
        lowest = min(int(r["level"]) for r in top)
        items: List[str] = []
        depth = 0  # nested lists sit inside the item they belong to (valid HTML)
        for r in top:
            level = int(r["level"]) - lowest + 1
            if depth == 0:  # the first entry opens the list, whatever its level
                items.append("<li>")
                depth = 1
            elif level > depth:
                items.append("<ol><li>" * (level - depth))
                depth = level
            else:
                items.append("</li></ol>" * (depth - level) + "</li><li>")
                depth = level
            link = _escape(_anchor(self.doc_id, str(r["section_id"])))
            items.append(f'<a href="#{link}">{_escape(r["heading"])}</a>')
        items.append("</li></ol>" * (depth - 1) + "</li>")
        return f"<nav><details><summary>contents</summary><ol>{''.join(items)}</ol></details></nav>"

    def html(self) -> str:
        """A whole self-contained page: no script, no outside resource."""
        title = self.document.get("title") or self.doc_id
        return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                "style-src 'unsafe-inline'\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                f"<title>{_escape(title)} · reportnlp</title></head>\n<body>\n{self.body()}\n</body></html>\n")

    def _repr_html_(self) -> str:
        return self.body()

    def save(self, path) -> Path:
        """Write the page to ``path`` (UTF-8) and return it."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.html(), encoding="utf-8")
        return path


def show(source, doc_id: Optional[str] = None) -> DocView:
    """The document view of a file (analysed now) or of ``doc_id`` in an Analysis."""
    from .analysis import Analysis

    if isinstance(source, Analysis):
        if doc_id is None:
            raise TypeError("name the document: show(analysis, doc_id)")
        return DocView.from_analysis(source, doc_id)
    from .pipeline import analyze

    result = analyze([source])
    if result.documents.empty:
        row = result.errors.iloc[0] if len(result.errors) else None
        raise ValueError(f"[{row['code']}] {row['path']}: {row['message']}" if row is not None
                         else f"no report in {source}")
    return DocView.from_analysis(result, doc_id or result.documents["doc_id"].iloc[0])
