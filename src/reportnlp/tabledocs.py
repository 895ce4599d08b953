"""What every table and column means, and the conventions that decide the hard cases.

One source for three readers: :func:`describe` returns it as a DataFrame,
``Analysis.export`` labels Stata variables with it, and ``scripts/cli_reference.py``
writes docs/TABLES.md from it (a test fails when that file is stale, or when a column
of a table has no description here). The column types come from the tables' schemas.
Descriptions of columns a table does not have (yet) are kept but not shown.
"""
from __future__ import annotations

from typing import Dict, List, Optional

import pandas as pd

from .extractors import COUNTS, EXTRACTORS

# documents and errors are described here; each extractor's table in its entry in extractors.py
TABLES: Dict[str, str] = {
    "documents": "One row per report read: where it came from, its metadata (from a manifest, else "
                 "guessed from the file name and the text) and how much was found in it.",
    **{e.name: e.about for e in EXTRACTORS},
    "errors": "One row per input that could not be read or analysed; the others are unaffected.",
}

SPAN = {
    "doc_id": "The document the row belongs to (documents.doc_id).",
    "section_id": "The innermost section holding the row's start (sections.section_id); empty before "
                  "the first heading.",
    "start": "Offset of the first character in the document's decoded text (Python string index).",
    "end": "Offset just past the last character: text == document_text[start:end].",
    "text": "The words as they stand in the report.",
}

COLUMNS: Dict[str, Dict[str, str]] = {
    "documents": {
        "doc_id": "File name without its extension(s) (township_2022.gb18030.txt -> township_2022); "
                  "made unique within a run by -2, -3 ….",
        "path": "The file that was read.",
        "encoding": "How the file was decoded (utf-8, gb18030, utf-16, docx, pdf, …).",
        "chars": "Length of the decoded text in characters.",
        "title": "The report's title: the manifest's, else the title line of the title block (never the "
                 "dateline, the speaker or 各位代表), else 政府工作报告 when the opening says it reports "
                 "on the government's work.",
        "title_source": "Where the title comes from: manifest, text, or inferred (from the opening).",
        "year": "The report's year: the manifest's, else a year in the file name, else the first "
                "year (…年) near the top of the text.",
        "delivered": "Date the report was delivered, from its dateline (YYYY-MM-DD), or empty.",
        "region": "Region from the manifest (region, else province or county column).",
        "township": "Township or street named in the title lines (…镇, …乡, …街道), unless a manifest "
                    "says otherwise.",
        "organisation": "The body that reports (…人民政府, …妇女联合会, …委员会): the manifest's, else "
                        "read from the title.",
        "level": "Administrative level: national, province, city, county, township or village.",
        "parent": "The region one level up, for comparisons across levels (湖南省 for 长沙市, 中国 for a "
                  "province).",
        "place": "The jurisdiction the report speaks for (中国, 湖南省, 长沙市, 桑溪镇): the manifest's, else "
                 "the place named in the dateline or by the government that reports.",
        "year_warning": "Set when the delivery date contradicts the year the manifest or the file name "
                        "gives (a report delivered in 2018 in a file labelled 2017); a November or "
                        "December session that plans the next year is not a contradiction.",
        "genre": "government or party: the kind of report, where extraction rules differ (a party "
                 "congress report counts in the rhetoric of 两条路线, 三个世界, which are not claims "
                 "there); read from the title lines, or a manifest's genre column.",
        **{column: f"Rows of this document in {table}." for column, table in COUNTS.items()},
        "status": "ok when the document was analysed.",
        "placeholder_rate": "Placeholders per 1,000 characters: sorts a corpus by how unfinished or "
                            "template-like its reports are.",
    },
    **{e.name: e.docs for e in EXTRACTORS},
    "errors": {
        "path": "The input that failed.",
        "code": "A stable code (E101 …) naming the kind of problem.",
        "message": "What went wrong and what to do about it.",
    },
}

# Tables of the comparison and reuse functions: table -> (module, its columns constant or None,
# what a row is, column descriptions). Columns come from the constant when the module has it.
COMPARISON: Dict[str, tuple] = {
    "keyness": ("compare", "KEYNESS_COLUMNS",
                "reportnlp.compare.keyness: one row per distinctive word of a group (a year, region, …) "
                "against the other groups, most distinctive first.", {
                    "group": "The group the word sets apart.",
                    "term": "The word (segmented with jieba; slogan and campaign names kept whole).",
                    "count": "How often the group's documents use it.",
                    "count_other": "How often the other groups' documents use it.",
                    "log_odds": "Log-odds ratio of the word in the group against the rest, with an "
                                "informative prior (so rare words are not over-rated).",
                    "z": "log_odds divided by its standard error: above 2–3 the difference is unlikely "
                         "to be chance.",
                }),
    "adoption": ("compare", "ADOPTION_COLUMNS",
                 "reportnlp.compare.adoption: one row per named item and group that names it.", {
                     "canonical": "The item (named.canonical).",
                     "category": "slogan or campaign (named.category).",
                     "group": "The group (year, region, township, …).",
                     "documents": "How many of the group's documents name it.",
                     "first_year": "The earliest year a document of the group names it.",
                     "first_date": "The delivery date of that first document, when known.",
                     "first_doc": "That document's doc_id.",
                 }),
    "diffusion": ("compare", "DIFFUSION_COLUMNS",
                  "reportnlp.compare.diffusion: one row per named item, how far and how fast it spread.", {
                      "canonical": "The item (named.canonical; senses of one name are separate items).",
                      "category": "slogan or campaign.",
                      "groups": "How many groups name it.",
                      "share": "groups as a share of all the groups compared.",
                      "documents": "How many documents name it.",
                      "first_year": "The earliest year any document names it.",
                      "first_date": "The delivery date of the first document, when known.",
                      "first_adopters": "Every group tied at the first year (or first date when dates "
                                        "are known), joined by 、.",
                      "n_first_adopters": "How many groups are tied first.",
                      "first_doc": "The document of the first use.",
                      "first_start": "Offset of the first mention in first_doc.",
                      "first_end": "End offset of the first mention.",
                      "first_sentence": "The sentence around the first mention, to check it.",
                      "censored": "True when the first year is the corpus's first year: the item may be "
                                  "older than the corpus (left-censored).",
                      "last_year": "The last year a document names it.",
                      "half_reached": "The year by which half of the groups that name it had done so.",
                      "all_reached": "The year by which all of them had.",
                  }),
    "panel": ("compare", "PANEL_COLUMNS",
              "reportnlp.compare.panel: one row per indicator, group and year, from the claims.", {
                  "indicator": "What is measured (a claims subject or indicator id).",
                  "unit": "The claims' unit.",
                  "group": "The group.",
                  "year": "The report's year.",
                  "value": "The figure reported.",
                  "value_high": "High end of a range, else empty.",
                  "qualifier": "As in claims (exact, approx, at_least, at_most).",
                  "target": "True when the figure is a target rather than a result.",
                  "doc_id": "The document the figure comes from.",
                  "round": "True when the written number ends in 0 or 5 (for heaping).",
                  "subject": "The claim's subject.", "text": "The claim's words.",
                  "start": "The claim's offset in its document.",
                  "repeated": "True when the same value appears for the same indicator and group in "
                              "another year (a figure copied forward).",
              }),
    "attainment": ("compare", None,
                   "One row per indicator, group and year: the target set for the year against the "
                   "result reported for it.", {
                       "indicator": "The headline indicator.", "group": "The group.",
                       "period": "The year the target and the result are about.",
                       "target": "The target's value.", "target_high": "High end of a range target.",
                       "qualifier": "The target's qualifier.", "result": "The result reported.",
                       "met": "Whether the result met the target, in the indicator's direction; empty "
                              "when undecidable.",
                       "margin": "How far the result is above (+) or below (−) the target.",
                       "target_doc": "doc_id of the report that set the target.",
                       "result_doc": "doc_id of the report that gave the result.",
                       "unit": "The unit of target and result.",
                       "measure": "For fiscal revenue, which revenue measure (一般公共预算收入, …).",
                       "level": "The place's administrative level.",
                   }),
    "amplification": ("compare", None,
                      "One row per indicator, year and place: its target against the target of the "
                      "level above for the same year.", {
                          "indicator": "The headline indicator.", "period": "The year.",
                          "group": "The place.", "level": "The place's administrative level.",
                          "target": "The place's target.", "parent": "The region one level up.",
                          "parent_target": "That region's target.",
                          "gap": "target minus parent_target (ranges at their midpoint).",
                          "unit": "The unit of both targets.",
                          "measure": "For fiscal revenue, which revenue measure.",
                      }),
    "similarity": ("compare", "SIMILARITY_COLUMNS",
                   "reportnlp.compare.similarity: one row per pair of documents.", {
                       "doc_a": "One document.", "doc_b": "The other.",
                       "cosine": "Cosine similarity of their TF-IDF word vectors (0 to 1).",
                   }),
    "reuse_pairs": ("reuse", "PAIR_COLUMNS",
                    "reportnlp.find_reuse(...).pairs: one row per pair of documents sharing text.", {
                        "doc_a": "One document (the earlier one when years are known).",
                        "doc_b": "The other (so share_b is what the later report copied).",
                        "share_a": "Share of doc_a's characters inside passages shared with doc_b.",
                        "share_b": "Share of doc_b's characters inside passages shared with doc_a.",
                        "shared_chars": "Characters in shared passages (the smaller of the two "
                                        "documents' counts).",
                        "passages": "Number of shared passages.",
                    }),
    "reuse_passages": ("reuse", "PASSAGE_COLUMNS",
                       "reportnlp.find_reuse(...).passages: one row per passage found in both documents.", {
                           "doc_a": "One document.", "start_a": "Passage start in doc_a.",
                           "end_a": "Passage end in doc_a.", "doc_b": "The other document.",
                           "start_b": "Passage start in doc_b.", "end_b": "Passage end in doc_b.",
                           "text_a": "The passage as doc_a writes it.",
                           "text_b": "The passage as doc_b writes it.",
                           "chars": "Length of the passage in doc_a.",
                       }),
    "families": ("reuse", "FAMILY_COLUMNS",
                 "reportnlp.find_reuse(...).families: one row per document, with the template family "
                 "it belongs to.", {
                     "doc_id": "The document.",
                     "family": "Id of its family: documents joined by copied text, directly or through "
                               "others.",
                     "family_size": "Documents in the family (1: it copies from no one).",
                 }),
}


# The decisions that settle hard cases, in the order a reader meets them.
CONVENTIONS: List[tuple] = [
    ("Offsets", "Every row that points into a report carries start and end, Python string offsets "
     "into the text exactly as decoded from the file, before any clean-up: "
     "text[start:end] is the row's text. Matching is done on a normalised copy (full-width "
     "digits folded, spaces ignored) but offsets always refer back to the original."),
    ("Headings", "A heading opens a section. Its level is its depth in the tree, not the kind of "
     "marker: reports skip ranks, and numbered headings often sit under an unnumbered part title "
     "(回顾过去, 2023年工作安排), which is then level 1. A heading that shares its line with body text "
     "ends at the first 。！？. Inline enumerations (一是…二是…), 第一， paragraph openers, ——bullets "
     "and the numbered entries of a glossary (名词解释) are not headings."),
    ("What counts as a claim", "A claim is a number that quantifies something: counts with a "
     "classifier (期, 人次, 户, 项), money, percentages and percentage points, multiples, measures, "
     "ranges (3至5年 is one claim), deadlines (五年内: at most five years), thresholds (亿元以上项目: "
     "at least), and unfilled number slots. Not claims: years, dates and clock times; phrases that "
     "only frame a passage in time (过去五年, 一年来) — but a duration that is itself reported "
     "(连续三年) is; ordinals and numbering (第一, 第十三届); numbers inside names, slogans and "
     "formulas (四个意识, 十四五, 5G, PM2.5); set labels and rank tiers (三大攻坚战, 百强); idioms "
     "with 一 (一批, 一站式); numerals that only point back at places just named (两市, 三地); "
     "vague amounts without a numeral (若干, 数十个)."),
    ("Value, unit and qualifier", "value has the scale applied (万, 亿, 千) and unit is what is "
     "left (元, 人次, %); percentages are kept as written (95% -> 95). A range gives value and "
     "value_high. Words around the number set the qualifier: approx (约, 左右), at_least (余, 多, "
     "以上, 超过, 突破), at_most (近, 不到, 以内). A qualifier written once after several numbers "
     "(75%和65%以上) applies to each."),
    ("Targets", "A claim is a target when it states a goal or a commitment rather than a result: "
     "cue words (力争, 确保, 预期, 目标是) or its place in a plans part of the report. A result that "
     "mentions a goal (超过预期目标) stays a result."),
    ("Named items", "A slogan or campaign is a quoted name (“春蕾计划”, without its quotes), a numeric "
     "formula quoted or not (四个意识, 两学一做), or a known name found without quotes. The word right "
     "after the closing quote decides the subtype first (计划/工程 -> program, 行动/攻坚战 -> "
     "campaign, 活动/评选/比赛 -> activity, 称号 -> honor, 平台/热线 -> platform, 主题…/口号 -> "
     "motto); without one, the name itself decides. Not named items: holidays (三八), plan periods "
     "(十四五), titles in 《》, dates (“九·一八”), ordinary words quoted for emphasis, quoted speech, "
     "words the report condemns (杜绝“豆腐渣”工程), labels and metaphors for people (“两面人”, “老虎”) "
     "and an opponent's words (所谓“…”). In a party-congress report a verb before a quote is no "
     "evidence of a name unless it runs an activity (开展“回头看”)."),
    ("Placeholders", "A placeholder is text a template left unfilled or a word a filter masked. The "
     "span is the slot itself ([X], XX, ++), not the unit after it; a date slot spans the whole "
     "date (20XX年). Not placeholders: 〇 and ○ used as zero (二〇二一年), 3×4, X光, formulas such "
     "as 1+N+X, an anonymised person (丁某某), and an X the text explains. An unfilled number slot "
     "is in both tables: a claim with placeholder true and a number_slot placeholder."),
    ("Missing values", "Numbers and true/false columns are empty (NA) when unknown. Text columns "
     "hold an empty string, except the ones that point to a section (section_id, parent_id, "
     "section_kind), which are NA when there is none, so a CSV round trip gives the same table. In the "
     "Stata export, NA numbers are Stata's missing value (.) and missing text is an empty string."),
]

_TYPES = {"int64": "integer", "double": "number", "bool": "true/false", "string": "text"}


def _schema(table: str):
    from .writer import table_schema

    return table_schema(table)


def _type(field) -> str:
    return _TYPES.get(str(field.type), str(field.type))


def column_description(table: str, column: str) -> Optional[str]:
    """What ``column`` of ``table`` means, or None when nobody has written it down."""
    own = COLUMNS.get(table, {})
    if column in own:
        return own[column]
    if table != "documents" and column in SPAN:
        return SPAN[column]
    return None


def column_descriptions(table: str, *, short: bool = False) -> Dict[str, str]:
    """Column -> description for every column of ``table`` (``short``: first sentence only)."""
    out = {}
    for field in _schema(table):
        text = column_description(table, field.name) or ""
        out[field.name] = text.split(": ")[0].split(". ")[0].rstrip(".") if short else text
    return out


def describe(table: Optional[str] = None, *, documents: Optional[pd.DataFrame] = None) -> pd.DataFrame:
    """What every column means: one row per (table, column) with its type and description.

    ``describe("claims")`` for one table, ``describe()`` for all. With ``documents``,
    the documents table's manifest columns are listed too.
    """
    from .pipeline import TABLES as RUN_TABLES

    if table in COMPARISON:
        return _describe_comparison(table)
    if table is not None and table not in RUN_TABLES:
        from . import errors

        raise errors.new("no_table", table=table, known=", ".join([*RUN_TABLES, *COMPARISON]))
    rows = []
    for name in RUN_TABLES if table is None else [table]:
        schema = _schema(name)
        for field in schema:
            rows.append({"table": name, "column": field.name, "type": _type(field),
                         "description": column_description(name, field.name) or ""})
        if name == "documents" and documents is not None:
            for column in documents.columns:
                if column not in schema.names:
                    rows.append({"table": name, "column": column, "type": "text",
                                 "description": "From the manifest (manifest.csv beside the reports)."})
    return pd.DataFrame(rows, columns=["table", "column", "type", "description"])


def comparison_columns(table: str) -> List[str]:
    """The columns of a comparison or reuse table: from its module's constant when there is one."""
    from importlib import import_module

    module, constant, _, described = COMPARISON[table]
    if constant:
        columns = getattr(import_module(f".{module}", __package__), constant, None)
        if columns is not None:
            return list(columns)
    return list(described)


def _describe_comparison(table: str) -> pd.DataFrame:
    described = COMPARISON[table][3]
    return pd.DataFrame([{"table": table, "column": c, "type": "", "description": described.get(c, "")}
                         for c in comparison_columns(table)],
                        columns=["table", "column", "type", "description"])


def undescribed() -> List[str]:
    """table.column for every column of every table that has no description (should be none)."""
    from .pipeline import TABLES as RUN_TABLES

    missing = [f"{name}.{field.name}" for name in RUN_TABLES for field in _schema(name)
               if not column_description(name, field.name)]
    missing += [f"{name}.{column}" for name in COMPARISON for column in comparison_columns(name)
                if column not in COMPARISON[name][3]]
    return missing


def tables_markdown() -> str:
    """docs/TABLES.md: every table and column, then the conventions."""
    from .pipeline import TABLES as RUN_TABLES

    lines = ["# The tables reportnlp writes", "",
             "Generated from `src/reportnlp/tabledocs.py` by `python scripts/cli_reference.py`; "
             "in Python, `reportnlp.describe(\"claims\")` gives the same as a DataFrame.",
             "Every table has `doc_id`; rows that point into a report have `start`/`end`, so "
             "`text[start:end]` is the row's text. A documents table also carries every column of "
             "the manifest (`manifest.csv` beside the reports), as text.", ""]
    for name in RUN_TABLES:
        lines += [f"## {name}", "", TABLES.get(name, ""), "", "| column | type | meaning |", "|---|---|---|"]
        for row in describe(name).itertuples():
            text = row.description.replace("|", "\\|")
            lines.append(f"| `{row.column}` | {row.type} | {text} |")
        lines.append("")
    lines += ["## Comparison and reuse tables", "",
              "What `reportnlp compare`, `reportnlp reuse` and the functions behind them return.", ""]
    for name, (_, _, about, described) in COMPARISON.items():
        lines += [f"### {name}", "", about, "", "| column | meaning |", "|---|---|"]
        for column in comparison_columns(name):
            lines.append(f"| `{column}` | {described.get(column, '').replace('|', chr(92) + '|')} |")
        lines.append("")
    lines += ["## Conventions", "", "How the hard cases are decided, the same way in every table.", ""]
    for title, text in CONVENTIONS:
        lines += [f"**{title}.** {text}", ""]
    return "\n".join(lines)
