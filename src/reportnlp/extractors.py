"""The extractors, one entry each: what a table holds and how it is made.

``EXTRACTORS`` is the one list to touch to add an extractor. Each entry names its table,
the record type its function returns (model.py), the function itself (a Document in,
records in document order out), the layers it needs, what the table and each of its
columns mean, which fields ``evaluate`` scores against gold and how the document view
marks it. From this list follow pipeline.TABLES, writer.BASE_COLUMNS / RECORD_TYPES and
the schemas, evaluate.FIELDS, the CLI's ``evaluate --kind`` choices, tabledocs (describe,
docs/TABLES.md, the Stata labels), export and docview.KINDS.

:func:`annotate` runs the entries in order on one report: sections first, then the
extractors that use them. A record with a ``section_id`` (and ``section_kind``) field
gets its section from the model (``Document.add``), whichever extractor made it.
Extractor modules are imported when first run, so that the writer and the CLI, which
only read this table, do not load them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from .model import Claim, Document, Headline, Named, Placeholder, Report, Section, replaced


@dataclass(frozen=True)
class Extractor:
    name: str                       # the table it fills (and the Document layer)
    record: type                    # the record type (model.py); its fields become columns
    run: Callable[[Document], Sequence]
    needs: Tuple[str, ...]          # layers that must be filled before this one runs
    about: str                      # what one row is (tabledocs, docs/TABLES.md)
    columns: Tuple[str, ...]        # the table's column order; record fields not named follow
    docs: Dict[str, str]            # what each column means (doc_id, start, end, text: tabledocs.SPAN)
    scored: Tuple[str, ...] = ()    # fields evaluate scores against DOC.json gold
    match: str = "span"             # how gold and found rows pair up: "span" (overlap) or "start"
    unannotated: Tuple[str, str] = ()   # (field, value) of rows the gold leaves out on purpose
    view: Optional[Tuple[str, str, Tuple[str, ...]]] = None  # docview: css class, legend, hover fields
    counted: bool = True            # the documents table counts its rows per document as n_<name>


# --- the functions: a Document in, records out ----------------------------------------


def _sections(doc: Document) -> List[Section]:
    from .sections import split_sections

    return split_sections(doc.report)


def _year_of(report: Report) -> Optional[int]:
    year = report.meta.get("year") if report.meta else None
    if isinstance(year, str) and year.isdigit():
        return int(year)
    return year if isinstance(year, int) else None


def plan_of(doc: Document) -> Tuple[Optional[int], bool]:
    """(plan year, delivered in the December before it) of the document, computed once."""
    if "plan" not in doc.shared:
        from .docmeta import delivered_date
        from .periods import plan_year

        delivered = delivered_date(doc.text)
        plan = plan_year(_year_of(doc.report), delivered)
        december = bool(delivered) and plan is not None and int(delivered[:4]) < plan
        doc.shared["plan"] = (plan, december)
    return doc.shared["plan"]


def _claims(doc: Document) -> List[Claim]:
    """Claims with their section, indicator, scope and period: the record is the row."""
    from .extract.claims import extract_claims
    from .indicators import LEVEL_CLASSES, link_claims, unit_class
    from .periods import scope_period

    claims = extract_claims(doc.report, doc.sections)
    plan, december = plan_of(doc)
    links = link_claims(doc.text, claims)
    doc.shared["claim_links"] = links
    out = []
    for claim, link in zip(claims, links):
        section_id, kind = doc.section_of(claim.start)
        scope, period = scope_period(
            doc.text, claim.start, bool(claim.target), plan, december,
            link.mid if link is not None else "", doc.headings(section_id),
            level=unit_class(claim.unit, claim.value, "") in LEVEL_CLASSES)
        # one copy per claim with everything the model knows (Document.add then finds it placed)
        out.append(replaced(claim, section_id=section_id, section_kind=kind,
                            indicator=link.ids[0] if link is not None else "", scope=scope, period=period))
    return out


def _named(doc: Document) -> List[Named]:
    from .extract.named import extract_named

    return extract_named(doc.report)


def _placeholders(doc: Document) -> List[Placeholder]:
    from .extract.placeholders import extract_placeholders

    return extract_placeholders(doc.report)


def _headline(doc: Document) -> List[Headline]:
    from .headline import headline_rows

    doc_id = doc.report.doc_id
    claims = [vars(c) for c in doc.layers["claims"]]  # read only: the records' own fields
    rows = headline_rows(doc_id, doc.text, claims, doc.shared["claim_links"], plan_of(doc)[0])
    return [Headline(**{k: v for k, v in row.items() if k != "doc_id"}) for row in rows]


# --- the table ---------------------------------------------------------------------------

EXTRACTORS: Tuple[Extractor, ...] = (
    Extractor(
        name="sections", record=Section, run=_sections, needs=(),
        about="One row per heading: the report's outline as a tree.",
        columns=("doc_id", "section_id", "parent_id", "level", "marker", "heading", "kind",
                 "start", "end", "body_end"),
        docs={
            "section_id": "Dotted position in the tree: 2 is the second top-level part, 2.3 its third "
                          "subsection.",
            "parent_id": "section_id of the enclosing section; empty at the top level.",
            "level": "Depth in the tree (1 = top), not the rank of the marker: a 1. straight under 一、 "
                     "is level 2.",
            "marker": "The numbering as written (一、, （二）, 3., （4）); empty for an unnumbered part "
                      "heading.",
            "heading": "The heading's words, marker included, up to the first 。！？ or the line end.",
            "kind": "What the top-level part is about: review (work done), problems (shortcomings), "
                    "plans (tasks and targets ahead) or other; subsections inherit it.",
            "start": "Offset of the heading's first character.",
            "end": "Offset just past the heading (its closing 。 left out).",
            "body_end": "Offset where the section, subsections included, ends.",
        },
        scored=("level", "kind"), match="start"),
    Extractor(
        name="claims", record=Claim, run=_claims, needs=("sections",),
        about="One row per quantitative claim: a number that quantifies something, with its unit "
              "and qualifier, or a slot where a number should have been filled in.",
        columns=("doc_id", "section_id", "start", "end", "text", "value", "value_high", "unit",
                 "qualifier", "placeholder", "subject", "section_kind", "target", "indicator", "scope",
                 "period"),
        docs={
            "value": "The number with its scale applied (150万元 -> 1500000, 95% -> 95, 1.2万名 -> 12000); "
                     "the low end of a range; empty for an unfilled slot.",
            "value_high": "The high end of a written range (3至5年 -> 5), else empty.",
            "unit": "Unit or classifier after the scale is taken out: 元, 人次, %, 百分点, 倍, 亩; empty "
                    "when none is written (a ratio, a bare index).",
            "qualifier": "exact; approx (约, 左右, 上下); at_least (余, 多, 以上, 超过, 突破, 不少于); "
                         "at_most (近, 不到, 不足, 以下, 以内, a deadline …内).",
            "placeholder": "True when the number is an unfilled slot ([X]万元, XX人); the slot is also a "
                           "number_slot row in placeholders.",
            "subject": "What is counted: the words before the number in its clause, with connectives "
                       "and time phrases trimmed (新增城镇就业 for 新增城镇就业1680人).",
            "section_kind": "kind of the section that holds the claim (review, problems, plans, other).",
            "target": "True for a goal or commitment (力争, 确保, 预期, 目标, a figure in a plans part) "
                      "rather than a result reported.",
            "indicator": "A canonical indicator id (gdp_growth, urban_jobs, …) when the subject names one, "
                         "else empty.",
            "scope": "year (one year's figure), cumulative (a multi-year total: 累计, 五年来) or "
                     "average (年均).",
            "period": "The year the number is about (2023), or a span (2016-2020) for cumulative and "
                      "average figures.",
        },
        scored=("value", "value_high", "unit", "qualifier", "placeholder", "subject", "target",
                "indicator"),
        view=("claim", "claim (quantity)",
              ("value", "value_high", "unit", "qualifier", "target", "indicator", "scope", "period",
               "subject", "placeholder"))),
    Extractor(
        name="named", record=Named, run=_named, needs=(),
        about="One row per mention of a slogan or campaign (a quoted name, a numeric formula, or a "
              "known name found without quotes).",
        columns=("doc_id", "section_id", "start", "end", "text", "category", "subtype", "source",
                 "canonical"),
        docs={
            "category": "slogan (words that rally or formulate a line) or campaign (a drive, plan, event, "
                        "title or facility with a name).",
            "subtype": "For slogans: motto, formula (a numeric formula such as 四个意识), tifa (a fixed "
                       "political formulation). For campaigns: campaign (a drive or action), program (a "
                       "plan, project, reform or system), activity (an event, contest or selection), "
                       "honor (a title awarded), platform (a named facility or channel).",
            "source": "How it was found: quoted (inside quotation marks), formula (a numeric formula, "
                      "with or without quotes), lexicon (a known name found without quotes).",
            "canonical": "The name normalised (width, spaces, punctuation) so that one item links across "
                         "documents; adoption and diffusion count this column.",
            "sense": "Which of several homonymous items the name means here, when the lexicon of senses "
                     "tells them apart.",
        },
        scored=("category", "subtype"), unannotated=("source", "lexicon"),
        view=("named", "slogan / campaign", ("category", "subtype", "source", "canonical", "sense"))),
    Extractor(
        name="placeholders", record=Placeholder, run=_placeholders, needs=(),
        about="One row per template slot left unfilled or word masked by a web filter.",
        columns=("doc_id", "section_id", "start", "end", "text", "kind", "restored", "context"),
        docs={
            "kind": "number_slot (where a number belongs: [X]万元, ××%), name_slot (a place, unit or "
                    "person: XX镇, 某某同志), date_slot (20XX年, X月X日), masked_word (a word replaced "
                    "by ++, ** or □□ by a web filter), other_slot (a bracketed instruction or blank: "
                    "[待补充], (此处填写…)).",
            "restored": "For a masked word, the word most likely masked, guessed from its context; empty "
                        "when unsure.",
            "context": "Twenty characters either side of the slot, for reading lists of slots.",
        },
        scored=("kind", "restored"),
        view=("slot", "placeholder", ("kind", "restored"))),
    # scored against headline_gold.csv by evaluate.evaluate_headline, not against DOC.json
    Extractor(
        name="headline", record=Headline, run=_headline, needs=("sections", "claims"),
        counted=False,  # a digest of claims rows, not spans found in the text: no n_headline
        about="One row per statement of a headline indicator for the whole jurisdiction: the "
              "target set for a year, or the result reported for one.",
        columns=("doc_id", "indicator", "kind", "period", "value", "value_high", "qualifier", "unit",
                 "measure", "start", "end", "text"),
        docs={
            "indicator": "Which headline indicator (gdp_growth, budget_revenue_growth, cpi, urban_jobs, "
                         "unemployment, grain_output, …).",
            "kind": "target (set for the year ahead) or result (reported for the year under review).",
            "period": "The year the figure is about: a target's plan year, a result's reviewed year.",
            "value": "The figure in unit; negative for a decline (下降3.5% -> -3.5), except energy "
                     "intensity, which counts the fall.",
            "value_high": "High end of a range target (6%—6.5%), else empty.",
            "qualifier": "exact, approx (左右), at_least (以上, 不低于), at_most (以内, 控制在), range, "
                         "or none_stated (the report says it sets no target).",
            "unit": "%, 亿元, 万人, 万吨 …",
            "measure": "Which measure of the indicator the report uses (e.g. which fiscal revenue).",
            "start": "Offset of the claim behind the statement.",
            "end": "Offset just past that claim.",
            "text": "The claim's words.",
        }),
)
BY_NAME: Dict[str, Extractor] = {e.name: e for e in EXTRACTORS}
# the documents table's per-document row counts, one per counted extractor, in table order
COUNTS: Dict[str, str] = {f"n_{e.name}": e.name for e in EXTRACTORS if e.counted}
NAMES: Tuple[str, ...] = tuple(BY_NAME)
# every kind ``evaluate --kind`` takes: the extractors scored against DOC.json gold, and headline
# (scored against headline_gold.csv)
EVALUATED: Tuple[str, ...] = tuple(e.name for e in EXTRACTORS if e.scored or e.name == "headline")
# documents and errors are not extractors: the pipeline writes them around these tables


def check(extractors: Sequence[Extractor] = EXTRACTORS) -> None:
    """Raise ValueError unless every entry's needs are filled by an entry before it."""
    seen: set = set()
    for e in extractors:
        missing = [n for n in e.needs if n not in seen]
        if missing:
            raise ValueError(f"extractor {e.name!r} needs {missing} before it in EXTRACTORS")
        if e.name in seen:
            raise ValueError(f"extractor {e.name!r} is listed twice")
        seen.add(e.name)


def annotate(report: Report, extractors: Sequence[Extractor] = EXTRACTORS) -> Document:
    """Run the extractors on ``report`` in order; the Document holds every layer."""
    doc = Document(report)
    for extractor in extractors:
        doc.add(extractor.name, extractor.run(doc))
    return doc


check()
