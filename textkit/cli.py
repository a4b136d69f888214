"""The ``textkit`` command line: a thin layer over the library.

Exit status: 0 when every input was processed, 1 when some failed (the rest are
still written), 2 for usage errors.  Tracebacks are shown only with ``-v``.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from ._version import __version__
from .errors import TextkitError

log = logging.getLogger("textkit")


def _configure_logging(verbose: int, quiet: bool) -> None:
    level = logging.DEBUG if verbose > 1 else logging.INFO if verbose == 1 else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


class _Command(click.Command):
    """A command whose unexpected errors become one line on stderr (a traceback only with -v)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except TextkitError as exc:
            raise click.ClickException(str(exc)) from exc
        except Exception as exc:
            if ctx.find_root().params.get("verbose"):
                raise
            raise click.ClickException(f"{type(exc).__name__}: {exc} (run with -v for details)") from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="textkit")
@click.option("-v", "--verbose", count=True, help="More messages; -vv for debugging (and tracebacks).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors; no progress or summary.")
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """Read Chinese work summaries (工作总结, 述职报告, 政府工作报告) into comparable tables."""
    _configure_logging(verbose, quiet)
    ctx.ensure_object(dict)
    ctx.obj.update(verbose=verbose, quiet=quiet)


@main.command(cls=_Command)
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--out", "outdir", required=True, type=click.Path(file_okay=False), help="Folder for the tables.")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "jsonl"]), default="csv", show_default=True)
@click.option("--include", multiple=True, metavar="GLOB", help="Also read files matching GLOB in folders, as plain text.")
@click.option("--lexicon", multiple=True, type=click.Path(exists=True, dir_okay=False), help="A user lexicon file (people, bodies, companies); repeatable.")
@click.option("--backend", type=click.Choice(["jieba", "rjieba"]), default="rjieba", show_default=True, help="Word segmenter.")
@click.option("--model", type=click.Path(exists=True, dir_okay=False), default=None, help="Section classifier (default models/sections.skops).")
@click.option("-j", "--jobs", type=click.IntRange(1), default=1, show_default=True, help="Worker processes.")
@click.option("--dask", metavar="ADDRESS", default=None, help="Run on a Dask scheduler (tcp://host:8786), or 'local'.")
@click.option("--max-bytes", type=click.IntRange(1), default=None, help="Largest file to read (bytes).")
@click.option("--max-chars", type=click.IntRange(1), default=None, help="Most characters per document.")
@click.option("--max-unzipped-bytes", type=click.IntRange(1), default=None, help="Largest decompressed .docx (bytes).")
@click.option("--timeout", type=click.FloatRange(0), default=None, help="Seconds of analysis per document (0: none).")
@click.option("--part-size", type=click.IntRange(1), default=500, show_default=True, help="Documents per part (the unit of resumption).")
@click.option("--max-output-bytes", type=click.IntRange(1), default=None, help="Most bytes of rows per document.")
@click.option("--overwrite", is_flag=True, help="Replace what OUTDIR holds from another run (else such an OUTDIR is refused).")
@click.option("--follow-symlinks", is_flag=True, help="Also read symbolic links to files outside the input folders.")
@click.pass_context
def extract(ctx, inputs, outdir, fmt, include, lexicon, backend, model, jobs, dask, max_bytes, max_chars,
            max_unzipped_bytes, timeout, part_size, max_output_bytes, overwrite, follow_symlinks):
    """Extract the tables from INPUTS (files, folders, glob patterns, or - for stdin) into OUTDIR.

    Running the same command again resumes: finished documents are skipped.

    \b
    Example:
      textkit extract corpora/sample -o out/
      textkit extract archive/ -o out/ --jobs 8 --format parquet
    """
    from dataclasses import replace

    from .batch import run_extract
    from .reading import Limits

    from .errors import OutputError

    changes = dict(max_bytes=max_bytes, max_chars=max_chars, max_unzipped_bytes=max_unzipped_bytes, timeout=timeout,
                   max_output_bytes=max_output_bytes)
    limits = replace(Limits(), **{k: v for k, v in changes.items() if v is not None})
    quiet = ctx.obj["quiet"]
    try:
        with _progress(enabled=not quiet and sys.stderr.isatty()) as progress:
            summary = run_extract(
                list(inputs), outdir, fmt=fmt, backend=backend, lexicon=lexicon, model=model, limits=limits,
                include=include, jobs=jobs, dask=dask, part_size=part_size, progress=progress,
                messages=(lambda m: None) if quiet else (lambda m: click.echo(m, err=True)),
                overwrite=overwrite, follow_symlinks=follow_symlinks,
            )
    except OutputError as exc:  # OUTDIR in use, holding another run, or not writable: fatal, exit 2
        click.echo(f"Error: {exc}", err=True)
        ctx.exit(2)
    for error in summary.errors:
        log.warning("%s: %s: %s", error.path, error.error_type, error.message)
    if not quiet:
        click.echo(f"{summary} -> {outdir}", err=True)
    ctx.exit(1 if summary.n_failed else 0)


class _progress:
    """A tqdm bar (documents/s, characters/s) on a terminal; nothing otherwise."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None
        self.chars = 0
        self.start = 0.0

    def __enter__(self):
        if not self.enabled:
            return None
        import time

        from tqdm import tqdm

        self.bar = tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True)
        self.start = time.perf_counter()

        def update(outcome) -> None:
            self.chars += outcome.n_chars
            elapsed = max(time.perf_counter() - self.start, 1e-9)
            self.bar.set_postfix_str(f"{self.chars / elapsed:,.0f} chars/s", refresh=False)
            self.bar.update(1)

        return update

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()


@main.command(cls=_Command)
@click.argument("outdir", type=click.Path(exists=True, file_okay=False))
@click.argument("sql")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def query(outdir, sql, fmt):
    """Run SQL over the tables of OUTDIR with DuckDB, in place (tables are views named after them).

    \b
    Example:
      textkit query out/ "SELECT metric, count(*) FROM statistics GROUP BY metric"
    """
    from .tables import query as run_query

    frame = run_query(outdir, sql)
    if fmt == "csv":
        click.echo(frame.to_csv(index=False), nl=False)
    elif fmt == "json":
        click.echo(frame.to_json(orient="records", force_ascii=False, lines=True), nl=False)
    else:
        import pandas as pd

        with pd.option_context("display.max_rows", 200, "display.width", 200):
            click.echo(frame.to_string(index=False))


@main.command(cls=_Command)
@click.argument("outdir", type=click.Path(exists=True, file_okay=False))
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--per-document", is_flag=True, help="Also print the scores of each document.")
def evaluate(outdir, gold, per_document):
    """Score the tables in OUTDIR against GOLD annotation files (precision, recall, F1 per table)."""
    from .evaluate import evaluate as run_evaluation

    report = run_evaluation(outdir, gold)
    if per_document:
        click.echo(json.dumps(report["documents"], ensure_ascii=False, indent=1))
    click.echo(json.dumps(report["total"], ensure_ascii=False))


@main.command(cls=_Command)
@click.argument("outdirs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--out", "cmpdir", required=True, type=click.Path(file_okay=False), help="Folder for the comparison tables.")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "jsonl"]), default="csv", show_default=True)
@click.option("--report/--no-report", default=False, show_default=True, help="Also write CMPDIR/report.html (needs textkit[report]).")
@click.pass_context
def compare(ctx, outdirs, cmpdir, fmt, report):
    """Compare the documents of one or more extract OUTDIRS: coverage, metrics, names, similarity, reuse, keywords.

    \b
    Example:
      textkit extract corpora/sample -o out/
      textkit compare out/ -o cmp/ --report
    """
    from .compare import compare as run_compare

    if report:
        from .report import chart_style

        chart_style()  # fail before the work when the extra is missing
    tables = run_compare(list(outdirs), cmpdir, fmt=fmt)
    if report:
        from .report import write_report

        write_report(list(outdirs), Path(cmpdir) / "report.html", tables=tables)
    if not ctx.obj["quiet"]:
        click.echo(f"{len(tables['dtm_documents'])} documents; {len(tables['similarity'])} similar pairs, "
                   f"{len(tables['reuse_pairs'])} pairs sharing {len(tables['reuse'])} passages -> {cmpdir}", err=True)


@main.group()
def train() -> None:
    """Rebuild textkit's trained models."""


@train.command("sections", cls=_Command)
@click.option("--corpus", default="corpora/sections", show_default=True, type=click.Path(exists=True))
@click.option("--out", default="models/sections.skops", show_default=True, type=click.Path(dir_okay=False))
@click.option("--seed", default=0, show_default=True)
def train_sections(corpus, out, seed):
    """Train the section classifier on CORPUS and save it to OUT."""
    from .classify import train as train_model

    report = train_model(corpus, out, seed=seed)
    click.echo(json.dumps(report, ensure_ascii=False, indent=1, default=str))


if __name__ == "__main__":  # pragma: no cover
    main()
