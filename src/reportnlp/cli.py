"""The ``reportnlp`` command: a thin click layer over the library."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import pipeline


class _OneLineErrors(click.Group):
    """A group whose usage errors are one line on stderr, with the help to read next."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "reportnlp"
            click.echo(f"Error: {exc.format_message()} (see '{command} --help')", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"Error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=_OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reportnlp")
def main() -> None:
    """Analyse Chinese official work reports (工作报告): sections, claims, slogans,
    campaigns and unfilled placeholders, written as tables."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("reportnlp-out"),
              show_default=True, help="Folder the tables are written to.")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), default="csv",
              show_default=True, help="Table file format.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes.")
def analyze(paths, out, fmt, jobs):
    """Analyse PATHS (files or folders; default: the bundled sample corpus) and write
    documents, sections, claims, named, placeholders and errors tables to --out."""
    result = pipeline.analyze(list(paths) or None, jobs=jobs)
    written = pipeline.write_tables(result, out, fmt=fmt)
    n_docs, n_err = len(result.documents), len(result.errors)
    click.echo(f"{n_docs} documents analysed, {n_err} errors; tables in {out}/ "
               f"({', '.join(p.name for p in written)})")
    for row in result.errors.itertuples():
        click.echo(f"  [{row.code}] {row.path}: {row.message}", err=True)


@main.command()
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--kind", "kinds", multiple=True,
              type=click.Choice(["sections", "claims", "named", "placeholders"]),
              help="Score only these kinds (repeatable).")
@click.option("--errors", "show_errors", type=int, default=0,
              help="Also list up to N mismatches per kind.")
def evaluate(gold_dir, kinds, show_errors):
    """Precision, recall and F1 per kind and accuracy per field against GOLD_DIR/*.json."""
    from .evaluate import evaluate as run_evaluation, format_metrics

    metrics, misses = run_evaluation(gold_dir, kinds=kinds or None)
    click.echo(format_metrics(metrics))
    if show_errors and not misses.empty:
        for kind, group in misses.groupby("kind", sort=False):
            click.echo(f"\n{kind}:")
            for row in group.head(show_errors).to_dict("records"):
                detail = row.get("detail") if isinstance(row.get("detail"), str) else ""
                text = row.get("gold") if isinstance(row.get("gold"), str) else row.get("pred")
                click.echo(f"  {row['doc']}@{row['start']} {row['type']}: {text} {detail}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
