"""The ``reportnlp`` command: a thin click layer over the library."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import errors, pipeline


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


def where_option(command):
    """``--where COLUMN=VALUE`` (repeatable): select documents by manifest or metadata columns."""
    return click.option(
        "--where", "where", multiple=True, metavar="COLUMN=VALUE",
        help="Only documents whose COLUMN (manifest or metadata: year, region, level, ...) matches: "
             "VALUE, V1,V2 (any), LOW..HIGH (inclusive; year=2013..). Repeat to require several.")(command)


def _where(expressions):
    from .analysis import parse_where

    try:
        return parse_where(expressions)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--where") from None


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
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (Dask workers with --engine dask).  [default: all cores]")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run on local processes or on a Dask cluster (pip install 'reportnlp[dask]').")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --engine dask; "
                   "default: start a local cluster).")
@click.option("--userdict", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="jieba user dictionary for commands that segment words; analyze's extractors "
                   "do not segment, so these tables do not depend on it.")
@click.option("--restart", is_flag=True, help="Start over even if --out holds an interrupted run.")
@click.option("--time-limit", type=click.FloatRange(min=1), default=pipeline.TIME_LIMIT, show_default=True,
              metavar="SECONDS", help="A document that takes longer is skipped as an errors row (E202).")
@click.option("--csv-raw", is_flag=True,
              help="Write CSV cells as they are, without the ' put before cells that start with = + - @.")
@click.option("--progress/--no-progress", default=None, help="Progress bar  [default: on a terminal]")
@where_option
def analyze(paths, out, fmt, jobs, engine, scheduler, userdict, restart, time_limit, csv_raw, progress,
            where):
    """Analyse PATHS (files or folders; default: the bundled sample corpus) and write
    documents, sections, claims, named, placeholders, headline and errors tables to --out.

    Tables are written as the run goes; an interrupted run restarted with the same
    command and --out skips the documents already written."""
    from .engine import available_cores, check_scheduler
    from .writer import OutputLocked

    if scheduler and engine != "dask":
        raise click.UsageError(str(errors.new("scheduler_needs_dask")))
    if scheduler:
        try:  # a malformed address or nothing listening: said now, in seconds
            scheduler = check_scheduler(scheduler)
        except ValueError as exc:
            raise click.UsageError(str(exc)) if "not an address" in str(exc) or "scheme" in str(exc) \
                else click.ClickException(str(exc)) from None
    if out.exists() and not out.is_dir():
        raise click.UsageError(str(errors.new("out_is_file", out=out)))
    try:
        summary = pipeline.analyze_to(list(paths) or None, out, fmt=fmt, jobs=jobs or available_cores(),
                                      engine=engine, scheduler=scheduler, progress=progress,
                                      resume=not restart, where=_where(where), time_limit=time_limit,
                                      csv_raw=csv_raw)
    except KeyError as exc:
        raise click.BadParameter(str(exc), param_hint="--where") from None
    except OutputLocked as exc:
        raise click.ClickException(str(exc)) from None
    except ImportError as exc:
        raise click.ClickException(str(exc)) from None
    except TimeoutError as exc:
        if engine != "dask":
            raise
        raise click.ClickException(str(errors.new(
            "scheduler_unreachable", scheduler=scheduler or "(local cluster)", exc=exc))) from None
    except KeyboardInterrupt:
        click.echo(f"Interrupted; run the same command again to resume from what is in {out}/", err=True)
        sys.exit(130)
    except OSError as exc:
        raise click.ClickException(str(errors.new("cannot_write", out=out, exc=exc))) from None
    resumed = f" ({summary.resumed} already done before)" if summary.resumed else ""
    click.echo(f"{summary.documents} documents analysed, {summary.errors} errors{resumed}; tables in "
               f"{out}/ ({', '.join(p.name for p in summary.files)})")
    for row in summary.error_rows:
        message = f"  [{row['code']}] {row['path']}: {row['message']}"
        click.echo(message.replace("\n", " "), err=True)
    if summary.errors > len(summary.error_rows):
        click.echo(f"  ... and {summary.errors - len(summary.error_rows)} more in {out}/errors.{fmt}", err=True)
    _echo_year_warnings(summary.year_warnings, out, fmt)
    _fail_if_nothing_read(summary.documents + summary.resumed, summary.errors)


def _echo_year_warnings(warned, out, fmt: str, shown: int = 5) -> None:
    """One summary line (and the first few cases) for documents whose delivery date contradicts their year."""
    if not warned:
        return
    click.echo(f"{len(warned)} documents delivered in another year than their manifest or file name says "
               f"(year_warning in {out}/documents.{fmt}):", err=True)
    for row in warned[:shown]:
        click.echo(f"  {row['doc_id']}: {row['year_warning']}", err=True)
    if len(warned) > shown:
        click.echo(f"  ... and {len(warned) - shown} more", err=True)


def _fail_if_nothing_read(documents: int, errors: int) -> None:
    """Exit 1 when every input failed, so a batch script notices a mistyped path."""
    if documents == 0 and errors:
        click.echo("Error: no report could be read; see the errors above", err=True)
        sys.exit(1)


def _evaluated_kinds():
    from .extractors import EVALUATED  # not evaluate: it imports pandas

    return list(EVALUATED)


@main.command()
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--kind", "kinds", multiple=True,
              type=click.Choice(_evaluated_kinds()),
              help="Score only these kinds (repeatable).")
@click.option("--errors", "show_errors", type=int, default=0,
              help="Also list up to N mismatches per kind.")
@click.option("--texts", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder holding the DOC.txt texts of GOLD_DIR/headline_gold.csv (searched recursively).")
def evaluate(gold_dir, kinds, show_errors, texts):
    """Precision, recall and F1 per kind and accuracy per field against GOLD_DIR/*.json, and
    the headline table against GOLD_DIR/headline_gold.csv when there is one."""
    from .evaluate import evaluate as run_evaluation, format_metrics

    try:
        metrics, misses = run_evaluation(gold_dir, kinds=kinds or None, texts=texts)
    except FileNotFoundError as exc:
        raise click.ClickException(str(errors.new("no_gold", reason=exc))) from None
    click.echo(format_metrics(metrics))
    if show_errors and not misses.empty:
        for kind, group in misses.groupby("kind", sort=False):
            click.echo(f"\n{kind}:")
            for row in group.head(show_errors).to_dict("records"):
                detail = row.get("detail") if isinstance(row.get("detail"), str) else ""
                text = row.get("gold") if isinstance(row.get("gold"), str) else row.get("pred")
                click.echo(f"  {row['doc']}@{row['start']} {row['type']}: {text} {detail}")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--by", "by", required=True, metavar="COLUMN",
              help="Group documents by this documents/manifest column: year, decade, region, "
                   "township, level, ...")
@click.option("--bins", metavar="RANGES", default=None,
              help="Put a numeric --by column into periods, e.g. --by year --bins 2013-2017,2018-2022 "
                   "(inclusive; documents outside every range are left out).")
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("reportnlp-compare"),
              show_default=True, help="Folder for the tables; figures go to its figures/ folder.")
@click.option("--top", type=click.IntRange(min=1), default=100, show_default=True,
              help="Distinctive words kept per group in keyness.csv.")
@click.option("--min-count", type=click.IntRange(min=1), default=5, show_default=True,
              help="Keyness: a word must occur this often in a group and the rest together.")
@click.option("--stopwords", "stopwords_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="More words to drop, one a line, added to the default stop list.")
@click.option("--boilerplate/--keep-boilerplate", default=True, show_default=True,
              help="Leave generic administrative words (提高, 加强, 进一步 ...; the package's "
                   "boilerplate_words.txt) out of keyness.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for the analysis and the segmentation.  [default: all cores]")
@click.option("--userdict", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Extra words that must stay whole when segmenting, one a line.")
@click.option("--segmenter", type=click.Choice(["jieba", "rjieba"]), default="jieba", show_default=True,
              help="Word segmenter; rjieba (pip install \"reportnlp[fast]\") is much faster, nearly the same words.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for cached segmentations, reused when the same texts are segmented the same "
                   "way again; safe to delete.  [default: $REPORTNLP_CACHE or the user cache folder, "
                   "e.g. ~/.cache/reportnlp/segments]")
@click.option("--no-cache", is_flag=True, help="Segment every text anew and store nothing.")
@click.option("--figures/--no-figures", default=True, show_default=True, help="Write PNG figures.")
@click.option("--progress/--no-progress", default=None, help="Progress bars  [default: on a terminal]")
def compare(paths, by, bins, out, top, min_count, stopwords_file, boilerplate, jobs, userdict, segmenter,
            cache_dir, no_cache, figures, progress):
    """Compare PATHS across groups: keyness, adoption, diffusion, panel, heaping,
    similarity, attainment (targets against results) and amplification (targets against
    the level above) tables (CSV) and the figures that fit the grouping (PNG) in --out."""
    from . import compare as comparison
    from .engine import available_cores
    from .lexicon import read_wordlist
    from .tokenize import SegmentCache

    if out.exists() and not out.is_dir():
        raise click.UsageError(str(errors.new("out_is_file", out=out)))
    if progress is None:
        progress = sys.stderr.isatty()
    try:
        comparison.parse_bins(bins)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--bins") from None
    jobs = jobs or available_cores()
    result = pipeline.analyze(list(paths) or None, jobs=jobs, progress=progress)
    for row in result.errors.to_dict("records"):
        click.echo(f"  [{row['code']}] {row['path']}: {row['message']}", err=True)
    _fail_if_nothing_read(len(result.documents), len(result.errors))
    cache = None if no_cache else SegmentCache(cache_dir)
    extra = read_wordlist(stopwords_file) if stopwords_file else ()
    try:
        tables = comparison.compare(result, by, top=top, min_count=min_count, userdict=userdict,
                                    backend=segmenter, n_jobs=jobs, bins=bins, extra_stopwords=extra,
                                    boilerplate=boilerplate, cache=cache, progress=progress)
    except KeyError as exc:
        raise click.UsageError(exc.args[0]) from None
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    written = comparison.write_comparison(tables, out)
    if figures:
        from .plot import write_comparison_figures

        written += write_comparison_figures(tables, out / "figures", by=by, bins=bins)
    groups = comparison.group_labels(result, by, bins=bins).nunique()
    cached = f"; {cache.hits} of {cache.hits + cache.misses} segmentations from the cache in {cache.folder}" \
        if cache is not None and cache.hits else ""
    click.echo(f"{len(result.documents)} documents in {groups} groups by {by}; "
               f"{len(written)} files in {out}/{cached}")
    _echo_attainment_coverage(tables.get("attainment_coverage"))


def _echo_attainment_coverage(coverage, top: int = 5) -> None:
    """Targets against results: place-years with both, with one only (attainment.csv)."""
    from .targets import coverage_lines

    if coverage is None or coverage.empty:
        click.echo("attainment: no headline targets or results found")
        return
    click.echo("attainment (place-years by indicator; attainment_coverage.csv has all):")
    for line in coverage_lines(coverage, top=top):
        click.echo(f"  {line}")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("reportnlp-reuse"),
              show_default=True, help="Folder for reuse_pairs, reuse_passages, families (CSV).")
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.05, show_default=True,
              help="Report a pair when at least this share of one document is copied.")
@click.option("--family-threshold", type=click.FloatRange(0, 1), default=0.15, show_default=True,
              help="Join two documents in one family at this copied share.")
@click.option("--progress/--no-progress", default=False, help="Progress bar while aligning.")
def reuse(paths, out, threshold, family_threshold, progress):
    """Find passages copied between documents in PATHS (default: the bundled sample
    corpus): template copies across townships and self-copies across years."""
    from .reuse import reuse_paths, write_reuse

    if out.exists() and not out.is_dir():
        raise click.UsageError(str(errors.new("out_is_file", out=out)))
    result = reuse_paths(list(paths) or None, threshold=threshold,
                         family_threshold=family_threshold, progress=progress)
    written = write_reuse(result, out)
    families = int((result.families.drop_duplicates("family")["family_size"] > 1).sum())
    click.echo(f"{len(result.families)} documents, {len(result.pairs)} pairs sharing text, "
               f"{families} families, {len(result.errors)} errors; tables in {out}/ "
               f"({', '.join(p.name for p in written)})")
    for row in result.errors.to_dict("records"):
        click.echo(f"  [{row['code']}] {row['path']}: {row['message']}", err=True)
    _fail_if_nothing_read(len(result.families), len(result.errors))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the tables to.")
@click.option("--format", "fmt", type=click.Choice(["stata", "r", "csv"]), default="stata",
              show_default=True, help="stata: NAME.dta (Stata 14+); r: NAME.parquet and read_tables.R "
              "(arrow package); csv: UTF-8 with a byte-order mark, which Excel opens.")
@click.option("--from", "source", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Export the tables that analyze --out (or Analysis.save) wrote to this "
                                 "folder instead of analysing PATHS.")
@where_option
def export(paths, out, fmt, source, where):
    """Write the tables of PATHS (default: the bundled sample corpus) for Stata, R or Excel."""
    from .analysis import load

    if source is not None and paths:
        raise click.UsageError(str(errors.new("paths_and_from")))
    selection = _where(where)
    if source is not None:
        try:
            result = load(source)
        except FileNotFoundError as exc:
            raise click.ClickException(str(exc)) from None
        if selection:
            try:
                result = result.subset(selection)
            except KeyError as exc:
                raise click.BadParameter(str(exc), param_hint="--where") from None
    else:
        try:
            result = pipeline.analyze(list(paths) or None, texts=False, where=selection)
        except KeyError as exc:
            raise click.BadParameter(str(exc), param_hint="--where") from None
        for row in result.errors.to_dict("records"):
            click.echo(f"  [{row['code']}] {row['path']}: {row['message']}", err=True)
        _fail_if_nothing_read(len(result.documents), len(result.errors))
    try:
        written = result.export(out, fmt=fmt)
    except OSError as exc:
        raise click.ClickException(str(errors.new("cannot_write", out=out, exc=exc))) from None
    click.echo(f"{len(result.documents)} documents; {len(written)} files in {out}/ "
               f"({', '.join(p.name for p in written)})")


@main.command()
@click.argument("doc")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="HTML file to write.  [default: DOC.html]")
@click.option("--open", "open_page", is_flag=True, help="Open the page in the default browser.")
@click.option("--from", "source", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Take DOC's rows from the tables analyze --out (or Analysis.save) wrote "
                                 "to this folder instead of analysing it again.")
def show(doc, paths, out, open_page, source):
    """Write the document view of DOC (a report file, or a doc_id among PATHS; default: the
    bundled sample corpus) as a self-contained HTML page: headings as headings, claims,
    slogans/campaigns and placeholders highlighted, their fields shown on hover."""
    from .docview import KINDS, DocView

    result, doc_id = _find_document(doc, paths, source)
    try:
        view = DocView.from_analysis(result, doc_id)
    except OSError as exc:  # a saved analysis without texts whose file has gone
        raise click.ClickException(str(errors.new("report_gone", doc_id=doc_id, exc=exc))) from None
    target = view.save(out or Path(f"{doc_id}.html"))
    counts = ", ".join(f"{len(view.tables[t])} {t}" for t in KINDS)
    click.echo(f"{target} ({doc_id}: {counts})")
    if open_page:
        import webbrowser

        webbrowser.open(target.resolve().as_uri())


def _find_document(doc, paths, source):
    """(analysis, doc_id) for ``show``: from a saved analysis, a file, or a doc_id among PATHS."""
    if source is not None:
        from .analysis import load

        if paths:
            raise click.UsageError(str(errors.new("paths_and_from")))
        try:
            result = load(source)
        except FileNotFoundError as exc:
            raise click.ClickException(str(exc)) from None
        if doc not in set(result.documents["doc_id"]):
            known = result.documents["doc_id"].tolist()
            raise click.ClickException(str(errors.new("no_doc_in_folder", doc=doc, source=source,
                                                      near=_near(doc, known))))
        return result, doc
    if Path(doc).is_file():
        result = pipeline.analyze([doc])
        doc_id = result.documents["doc_id"].iloc[0] if len(result.documents) else None
    else:
        result = pipeline.analyze(list(paths) or None, where={"doc_id": doc})
        doc_id = doc if len(result.documents) else None
    if doc_id is None:
        for row in result.errors.to_dict("records"):
            click.echo(f"  [{row['code']}] {row['path']}: {row['message']}", err=True)
        if Path(doc).is_file():
            raise click.ClickException(str(errors.new("doc_not_read", doc=doc)))
        known = [d for _, d in pipeline.plan_inputs(list(paths) or [pipeline.sample_corpus()]) if d]
        raise click.ClickException(str(errors.new("no_doc_in_paths", doc=doc, near=_near(doc, known))))
    return result, doc_id


def _near(name, known) -> str:
    from difflib import get_close_matches

    close = get_close_matches(name, known, n=3)
    return f"; did you mean {', '.join(close)}?" if close else f" ({len(known)} documents there)"


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text",
              show_default=True, help="text: one line each and totals; csv: one row each; json: "
              "totals, per-file counts, placeholders and errors.")
@click.option("--summary", is_flag=True,
              help="One line (csv: row) per file, with its slots by kind, instead of one per slot.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of the screen (csv: UTF-8 with a byte-order mark, "
                   "which Excel opens).")
@click.pass_context
def audit(ctx, paths, fmt, summary, out):
    """List unfilled template slots and masked words in PATHS (default: the bundled
    sample corpus), one line each, then a summary. Exit status 1 when any is found,
    2 when none is found but some input could not be read, 0 when all is clean."""
    from .audit import audit_csv, audit_json, audit_paths, format_audit

    result = audit_paths(list(paths) or [pipeline.sample_corpus()])
    if fmt == "text":
        text = format_audit(result, summary=summary)
    else:
        text = audit_csv(result, summary=summary) if fmt == "csv" else audit_json(result)
        if fmt == "csv":  # errors are not CSV rows: tell them on stderr
            for row in result.errors:
                click.echo(f"error: {row['path']}: [{row['code']}] {row['message']}", err=True)
    if out is None:
        click.echo(text.rstrip("\n"))
    else:
        try:
            out.write_text(text if text.endswith("\n") else text + "\n",
                           encoding="utf-8-sig" if fmt == "csv" else "utf-8")
        except OSError as exc:
            raise click.ClickException(str(errors.new("cannot_write", out=out, exc=exc))) from None
        totals = result.totals()
        click.echo(f"{totals['placeholders']} placeholders in {totals['flagged_documents']} of "
                   f"{totals['documents']} documents, {totals['errors']} errors; written to {out}")
    ctx.exit(1 if result.rows else 2 if result.errors else 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
