"""Regenerate the generated documentation: README.md's CLI reference, example tables and
error codes, docs/TABLES.md (every table and column, from src/reportnlp/tabledocs.py) and the
import graph in docs/DEVELOPING.md (scripts/import_graph.py).

    python scripts/cli_reference.py            # README.md blocks and docs/TABLES.md (tested for staleness)
    python scripts/cli_reference.py --figure   # also docs/adoption.png

Each README part sits between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->`` markers.
tests/test_readme.py and tests/test_tabledocs.py rebuild them in memory and fail when a
file is stale: the example tables follow what the extractors find in the bundled corpus,
so a change to an extractor that alters them means running this script again.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import List, Sequence

import click

ROOT = Path(__file__).resolve().parents[1]
# document this checkout, whichever reportnlp is installed
sys.path.insert(0, str(ROOT / "src"))
README = ROOT / "README.md"
FIGURE = ROOT / "docs" / "adoption.png"
TABLES_DOC = ROOT / "docs" / "TABLES.md"
DEVELOPING = ROOT / "docs" / "DEVELOPING.md"
WIDTH = 100  # help text width: fixed, so the reference does not depend on the terminal

# table -> (columns shown, column whose distinct values pick the rows: a varied sample)
EXAMPLES = {
    "documents": (["doc_id", "title", "year", "delivered", "level", "place", "parent", "chars", "n_claims",
                   "n_placeholders"], None),
    "sections": (["doc_id", "section_id", "level", "marker", "heading", "kind", "start", "end"], "level"),
    "claims": (["doc_id", "section_id", "text", "value", "unit", "qualifier", "subject", "target"],
               "unit"),
    "named": (["doc_id", "section_id", "text", "category", "subtype", "source", "canonical"], "subtype"),
    "placeholders": (["doc_id", "section_id", "text", "kind", "restored", "context"], "kind"),
    "headline": (["doc_id", "indicator", "kind", "period", "value", "qualifier", "unit", "text"], "indicator"),
}


def _commands(group: click.Group, ctx: click.Context) -> List[str]:
    return sorted(group.list_commands(ctx))


def cli_reference() -> str:
    """Markdown: the --help of ``reportnlp`` and of each of its commands, as click prints it."""
    from reportnlp.cli import main

    parts = []
    # The group's own context_settings (-h as well as --help), as the real command applies
    # them; without them the text would depend on whether click had already run the command.
    root = click.Context(main, info_name="reportnlp", terminal_width=WIDTH, max_content_width=WIDTH,
                         **main.context_settings)
    parts.append(f"### `reportnlp`\n\n```text\n{main.get_help(root)}\n```")
    for name in _commands(main, root):
        command = main.get_command(root, name)
        ctx = click.Context(command, info_name=name, parent=root, terminal_width=WIDTH,
                            max_content_width=WIDTH)
        parts.append(f"### `reportnlp {name}`\n\n```text\n{command.get_help(ctx)}\n```")
    return "\n\n".join(parts)


def _cell(value) -> str:
    text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    if isinstance(value, float) and text:
        text = str(int(value)) if value.is_integer() else f"{value:g}"
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(frame, columns: Sequence[str]) -> str:
    """A pipe table of ``frame[columns]`` (no tabulate needed)."""
    rows = [[_cell(v) for v in row] for row in frame[list(columns)].itertuples(index=False)]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def examples(rows: int = 3) -> str:
    """Markdown: a few rows of each table from the bundled sample corpus."""
    import reportnlp

    from reportnlp.extractors import EXTRACTORS

    analysis = reportnlp.analyze()
    parts = []
    # an extractor without an EXAMPLES entry shows its first columns
    shown = {**EXAMPLES, **{e.name: (list(e.columns[:8]), None) for e in EXTRACTORS if e.name not in EXAMPLES}}
    for name, (columns, varied) in shown.items():
        frame = getattr(analysis, name)
        if varied:
            frame = frame.drop_duplicates(varied)
        parts.append(f"**{name}**\n\n{markdown_table(frame.head(rows), columns)}")
    return "\n\n".join(parts)


def figure(path: Path = FIGURE) -> Path:
    """The adoption heatmap of the bundled corpus by township, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import reportnlp
    from reportnlp import compare, plot

    analysis = reportnlp.analyze()
    ax = plot.plot_adoption_heatmap(compare.adoption(analysis, "township"), top=12)
    ax.set_xlabel("township")
    ax.figure.set_size_inches(8, 4.8)
    path.parent.mkdir(parents=True, exist_ok=True)
    plot.save(ax, path)
    return path


def replace_block(text: str, name: str, body: str) -> str:
    """``text`` with the part between the NAME markers replaced by ``body``."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise ValueError(f"README.md has no {start} ... {end} markers")
    return pattern.sub(lambda m: f"{start}\n{body}\n{end}", text, count=1)


def error_codes() -> str:
    """Markdown: every error code with its class and messages (src/reportnlp/errors.py)."""
    from reportnlp.errors import codes_markdown

    return codes_markdown()


def import_graph() -> str:
    """docs/DEVELOPING.md's import graph (scripts/import_graph.py), as a text block."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("import_graph", ROOT / "scripts" / "import_graph.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return f"```text\n{module.as_text(module.edges())}\n```"


def tables_doc() -> str:
    """docs/TABLES.md's text."""
    from reportnlp.tabledocs import tables_markdown

    return tables_markdown() + "\n"


def _write_if_changed(path: Path, text: str) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else None
    if old != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"{path.relative_to(ROOT)} updated")
    else:
        print(f"{path.relative_to(ROOT)} already up to date")


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figure", "--examples", dest="figure", action="store_true",
                        help="also redraw docs/adoption.png")
    args = parser.parse_args(argv)
    text = README.read_text(encoding="utf-8")
    updated = replace_block(text, "cli-reference", cli_reference())
    updated = replace_block(updated, "examples", examples())
    updated = replace_block(updated, "error-codes", error_codes())
    _write_if_changed(README, updated)
    _write_if_changed(TABLES_DOC, tables_doc())
    _write_if_changed(DEVELOPING, replace_block(DEVELOPING.read_text(encoding="utf-8"), "import-graph",
                                                import_graph()))
    if args.figure:
        print(f"wrote {figure().relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
