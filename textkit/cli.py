"""The ``textkit`` command line: a thin layer over the library.

Exit status: 0 when every input was processed; 1 when some inputs failed (the rest are still
written) or nothing matched; 2 for usage errors and fatal ones (a missing or corrupt model, an
unwritable OUTDIR); 130 when interrupted (Ctrl-C).  ``-q`` and ``-v`` go before or after the
command.  Errors are one line; ``-vv`` adds the traceback.
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

EXIT_OK, EXIT_FAILED, EXIT_FATAL, EXIT_INTERRUPTED = 0, 1, 2, 130
CONTEXT = {"help_option_names": ["-h", "--help"], "show_default": True, "max_content_width": 100}


class Fatal(click.ClickException):
    """An error that stops the command (exit status 2), shown as one line."""

    exit_code = EXIT_FATAL

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


# --- -q / -v anywhere ------------------------------------------------------------------------------


class _EchoHandler(logging.Handler):
    """Log records as ``warning: …`` lines on the current stderr (CliRunner swaps it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(f"{record.levelname.lower()}: {record.getMessage()}", err=True)
        except Exception:  # noqa: BLE001 - logging must never raise
            self.handleError(record)


_HANDLER = _EchoHandler()


def _count_verbose(ctx: click.Context, param, value: int) -> None:
    if value:
        ctx.meta["textkit.verbose"] = ctx.meta.get("textkit.verbose", 0) + value


def _set_quiet(ctx: click.Context, param, value: bool) -> None:
    if value:
        ctx.meta["textkit.quiet"] = True


def _verbosity(f):
    """``-v``/``-q`` on the group and on every command, so they work before or after the command name."""
    f = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_quiet, show_default=False,
                     help="Only errors: no progress bar, summary or warnings.")(f)
    return click.option("-v", "--verbose", count=True, expose_value=False, callback=_count_verbose,
                        show_default=False, help="More messages (-v lists skipped files); -vv adds tracebacks.")(f)


def _settings(ctx: click.Context) -> tuple[int, bool]:
    return ctx.meta.get("textkit.verbose", 0), ctx.meta.get("textkit.quiet", False)


def _level(ctx: click.Context) -> int:
    verbose, quiet = _settings(ctx)
    return logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.ERROR if quiet else logging.WARNING


class _Help:
    """Help of a command in the command list: its first sentence, never cut short."""

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help:
            return self.short_help
        first = (self.help or "").strip().split("\n\n")[0].replace("\n", " ")
        return first.split(". ")[0].rstrip(".")


class _Command(_Help, click.Command):
    """A command whose errors are one line on stderr (a traceback only with -vv), exit status 2."""

    def invoke(self, ctx: click.Context):
        verbose, quiet = _settings(ctx)
        ctx.ensure_object(dict)
        ctx.obj.update(verbose=verbose, quiet=quiet)  # read by commands as ctx.obj["quiet"]
        previous = log.level
        log.setLevel(_level(ctx))  # textkit's log lines go to stderr for this command only
        log.addHandler(_HANDLER)
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if verbose > 1:
                raise
            raise Fatal(_one_line(exc)) from exc
        finally:
            log.removeHandler(_HANDLER)
            log.setLevel(previous)


def _one_line(exc: BaseException) -> str:
    """An exception as one line a person can act on."""
    if isinstance(exc, (TextkitError, ValueError)):  # textkit's errors, and bad arguments
        text = str(exc)
    elif isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        text = f"{where}{exc.strerror}" if exc.strerror else str(exc)
    elif isinstance(exc, ImportError):
        text = str(exc)
    else:
        text = f"{type(exc).__name__}: {exc} (an internal error: run with -vv for the traceback and report it)"
    return " ".join(text.split())


class _Group(_Help, click.Group):
    command_class = _Command

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\ninterrupted", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="textkit")
@_verbosity
@click.pass_context
def main(ctx: click.Context) -> None:
    """Read Chinese work summaries (工作总结, 述职报告, 政府工作报告) into comparable tables."""
    ctx.ensure_object(dict)


# --- extract ---------------------------------------------------------------------------------------


def _limit_defaults():
    from .reading import Limits

    return Limits()


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--out", "outdir", required=True, type=click.Path(file_okay=False), help="Folder for the tables.")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "jsonl"]), default="csv", help="Table format.")
@click.option("--include", multiple=True, metavar="GLOB", help="Also read files matching GLOB in folders, as plain text; repeatable.")
@click.option("--lexicon", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="A user lexicon file (people, bodies, companies); repeatable.")
@click.option("--backend", type=click.Choice(["jieba", "rjieba"]), default="rjieba", help="Word segmenter.")
@click.option("--model", type=click.Path(exists=True, dir_okay=False), default=None,
              show_default="packaged model, see textkit info", help="Section classifier.")
@click.option("-j", "--jobs", type=click.IntRange(1), default=1, help="Worker processes.")
@click.option("--dask", metavar="ADDRESS", default=None, help="Run on a Dask scheduler (tcp://host:8786), or 'local'.")
@click.option("--max-bytes", type=click.IntRange(1), default=_limit_defaults().max_bytes, help="Largest file to read (bytes).")
@click.option("--max-chars", type=click.IntRange(1), default=_limit_defaults().max_chars, help="Most characters per document.")
@click.option("--max-unzipped-bytes", type=click.IntRange(1), default=_limit_defaults().max_unzipped_bytes,
              help="Largest decompressed .docx or inflated PDF (bytes).")
@click.option("--timeout", type=click.FloatRange(0), default=_limit_defaults().timeout,
              help="Seconds of analysis per document (0: none).")
@click.option("--part-size", type=click.IntRange(1), default=500, help="Documents per part (the unit of resumption).")
@click.option("--max-output-bytes", type=click.IntRange(1), default=_limit_defaults().max_output_bytes,
              help="Most bytes of one document's rows in the tables.")
@click.option("--overwrite", is_flag=True, show_default=False,
              help="Replace what OUTDIR holds from another run (else such an OUTDIR is refused, exit 2).")
@click.option("--follow-symlinks", is_flag=True, show_default=False,
              help="Also read symbolic links to files outside the input folders (skipped and counted otherwise).")
@click.option("--metadata", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A CSV of your own document metadata, joined by path, file name or doc_id (its values win).")
@_verbosity
@click.pass_context
def extract(ctx, inputs, outdir, fmt, include, lexicon, backend, model, jobs, dask, max_bytes, max_chars,
            max_unzipped_bytes, timeout, part_size, max_output_bytes, overwrite, follow_symlinks, metadata):
    """Extract the tables from INPUTS (files, folders, glob patterns, or - for stdin) into OUTDIR.

    Running the same command again resumes: finished documents are skipped.

    \b
    Examples:
      textkit extract corpora/sample -o out/
      textkit extract archive/ -o out/ --jobs 8 --format parquet
    """
    from .batch import run_extract, survey_inputs
    from .reading import Limits

    verbose, quiet = _settings(ctx)
    survey = survey_inputs(list(inputs), include=include)
    for path in survey.missing:
        log.warning("no such file or directory: %s", path)
    for path in survey.empty:
        log.warning("nothing to read in %s (textkit reads .txt .docx .html .pdf .doc; --include GLOB reads more)", path)
    if not survey.n_found:
        click.echo("error: no input documents found; nothing done", err=True)
        ctx.exit(EXIT_FAILED)
    if metadata is not None:
        from .covariates import MetadataError, read_metadata

        try:
            read_metadata(metadata)
        except MetadataError as exc:
            raise click.BadParameter(str(exc), param_hint="--metadata") from None
    _check_models(model)
    limits = Limits(max_bytes=max_bytes, max_chars=max_chars, max_unzipped_bytes=max_unzipped_bytes, timeout=timeout,
                    max_output_bytes=max_output_bytes)
    with _Progress(enabled=not quiet and sys.stderr.isatty(), total=survey.n_found if survey.complete else None) as progress:
        summary = run_extract(
            list(inputs), outdir, fmt=fmt, backend=backend, lexicon=lexicon, model=model, limits=limits,
            include=include, jobs=jobs, dask=dask, part_size=part_size, progress=progress,
            messages=(lambda m: None) if quiet else (lambda m: click.echo(m, err=True)), metadata=metadata,
            overwrite=overwrite, follow_symlinks=follow_symlinks,
        )
    for error in summary.errors:
        if error.error_type != "not_found":  # said before the run
            log.warning("%s: %s: %s", error.path, error.error_type, error.message)
    if verbose:
        for path in summary.skipped_paths:
            log.info("skipped %s (not a supported format)", path)
        if summary.n_skipped > len(summary.skipped_paths):
            log.info("… and %d more skipped files", summary.n_skipped - len(summary.skipped_paths))
    if not quiet:
        click.echo(f"{summary} -> {outdir}", err=True)
    ctx.exit(EXIT_FAILED if summary.n_failed or survey.empty else EXIT_OK)


def _check_models(model: str | None) -> None:
    """Load the models before any work, so a missing or corrupt one stops the run at once (exit 2)."""
    from .classify import load_section_model
    from .entities import entity_model

    load_section_model(model)
    entity_model("default")


class _Progress:
    """A tqdm bar (documents, documents/s, characters/s; a total and ETA when known) on a terminal."""

    def __init__(self, *, enabled: bool, total: int | None = None) -> None:
        self.enabled = enabled
        self.total = total
        self.bar = None
        self.chars = 0
        self.start = 0.0

    def __enter__(self):
        if not self.enabled:
            return None
        import time

        from tqdm import tqdm

        self.bar = tqdm(total=self.total, unit="doc", file=sys.stderr, dynamic_ncols=True)
        self.start = time.perf_counter()

        def update(outcome) -> None:
            if outcome is None:  # done in an earlier run
                self.bar.update(1)
                return
            self.chars += outcome.n_chars
            elapsed = max(time.perf_counter() - self.start, 1e-9)
            self.bar.set_postfix_str(f"{self.chars / elapsed:,.0f} chars/s", refresh=False)
            self.bar.update(1)

        return update

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()


# --- tables and query ------------------------------------------------------------------------------


@main.command()
@click.argument("outdir", type=click.Path(exists=True, file_okay=False))
@click.argument("sql")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "jsonl"]), default="table",
              help="Output: an aligned table, CSV, a JSON array, or JSON Lines.")
@click.option("--table", "fmt", flag_value="table", help="Same as --format table.")
@click.option("--csv", "fmt", flag_value="csv", help="Same as --format csv.")
@click.option("--json", "fmt", flag_value="json", help="Same as --format json (one JSON array).")
@click.option("--nl", "fmt", flag_value="jsonl", help="Same as --format jsonl (one JSON object a line).")
@_verbosity
def query(outdir, sql, fmt):
    """Run one read-only SQL query over the tables of OUTDIR (an extract or compare output), in place.

    Every table of OUTDIR is a view named after it (textkit tables OUTDIR lists them); empty
    cells are NULL. Only one SELECT is accepted, and nothing outside OUTDIR's tables is read.

    \b
    Examples:
      textkit query out/ "SELECT metric, count(*) AS n FROM statistics GROUP BY metric ORDER BY n DESC"
      textkit query cmp/ "SELECT * FROM metrics_wide" --csv > wide.csv
    """
    from .query import format_rows, run_query

    columns, rows = run_query(outdir, sql)
    click.echo(format_rows(columns, rows, fmt), nl=False)


@main.command()
@click.argument("outdir", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="As a JSON object: table → {format, files, columns}.")
@_verbosity
def tables(outdir, as_json):
    """List the tables of OUTDIR (an extract or compare output) and their columns."""
    from .query import describe

    described = describe(outdir)
    if as_json:
        click.echo(json.dumps(described, ensure_ascii=False, indent=1))
        return
    if not described:
        raise Fatal(f"no tables in {outdir} (an OUTDIR of textkit extract or textkit compare holds NAME.csv, .parquet or .jsonl)")
    for name, info in described.items():
        click.echo(f"{name} ({info['format']}{'' if info['columns'] else ', empty: no columns'})")
        width = max((len(c) for c in info["columns"]), default=0)
        for column, kind in info["columns"].items():
            click.echo(f"  {column:<{width}}  {kind}")


@main.command()
@click.argument("outdir", type=click.Path(exists=True, file_okay=False))
@click.option("-n", "--rows", type=click.IntRange(1), default=5, help="Rows of each table to show.")
@_verbosity
def show(outdir, rows):
    """A short look at an extract OUTDIR: counts, a few sections, people and statistics, and where to look."""
    from .tables import read

    tables = read(outdir)
    click.echo(_preview(tables, outdir, rows))


def _preview(tables: dict, outdir: str, n: int) -> str:
    import pandas as pd

    from .query import cell, format_rows

    def cut(value, width: int = 28) -> str:
        text = "" if value is None or value is pd.NA else " ".join(cell(value).split())
        return text if len(text) <= width else text[: width - 1] + "…"

    def block(title: str, frame, columns: list[str], total: int) -> str:
        shown = frame[columns].head(n)
        body = format_rows(columns, [tuple(cut(v) for v in r) for r in shown.itertuples(index=False)], "table")
        return f"{title} ({len(shown)} of {total})\n" + "\n".join(body.splitlines()[:-1]) + "\n"

    docs, sections, entities, stats = (tables[t] for t in ("documents", "sections", "entities", "statistics"))
    n_ok = int((docs["status"] == "ok").sum())
    head = (f"{outdir}: {len(docs)} documents ({n_ok} ok, {len(docs) - n_ok} failed), {len(sections)} sections, "
            f"{len(entities)} entities, {len(tables['dates'])} dates, {len(stats)} statistics\n")
    headed = sections[sections["heading"] != ""].drop_duplicates("doc_id")
    people = entities[entities["label"] == "PERSON"].drop_duplicates("canonical")
    people = people.sort_values("roles", key=lambda roles: roles.eq(""), kind="stable")  # people with titles first
    measured = stats[stats["metric"] != ""].drop_duplicates("metric")
    parts = [head,
             block("Sections", headed, ["doc_id", "number", "heading", "label"], len(sections)),
             block("People", people, ["doc_id", "text", "roles"], int((entities["label"] == "PERSON").sum())),
             block("Statistics", measured, ["doc_id", "text", "indicator", "metric", "value", "unit", "kind"], len(stats))]
    files = sorted(p.name for p in Path(outdir).iterdir() if p.suffix in (".csv", ".parquet", ".jsonl"))
    parts.append(f"Look in {outdir}: {' '.join(files)}; texts/ holds each document's text.\n"
                 f"In Python: textkit.read({str(outdir)!r}); in SQL: textkit query {outdir} \"SELECT …\".")
    return "\n".join(parts)


# --- evaluate --------------------------------------------------------------------------------------


@main.command()
@click.argument("outdir", type=click.Path(exists=True, file_okay=False))
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--per-document", is_flag=True, help="Also the scores, misses and extras of each document.")
@click.option("--json", "as_json", is_flag=True, help="The totals as one JSON line (with --per-document, the documents' JSON first).")
@_verbosity
@click.pass_context
def evaluate(ctx, outdir, gold, per_document, as_json):
    """Score the tables in OUTDIR against GOLD annotation files: precision, recall and F1 per field.

    \b
    Example:
      textkit evaluate out/ corpora/gold/sample/*.json
    """
    from .evaluate import evaluate as run_evaluation
    from .evaluate import format_report

    report = run_evaluation(outdir, gold)
    for problem in report["problems"]:
        log.warning("%s", problem)
    if as_json:
        if per_document:
            click.echo(json.dumps(report["documents"], ensure_ascii=False, indent=1))
        click.echo(json.dumps(report["total"], ensure_ascii=False))
    else:
        click.echo(format_report(report, per_document=per_document), nl=False)
    if report["n_scored"] == 0:
        raise Fatal("no gold file could be scored")
    if report["n_scored"] < len(gold):  # some gold files were left out
        ctx.exit(EXIT_FAILED)


# --- compare ---------------------------------------------------------------------------------------


@main.command()
@click.argument("outdirs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--out", "cmpdir", required=True, type=click.Path(file_okay=False), help="Folder for the comparison tables.")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "jsonl"]), default="csv", help="Table format.")
@click.option("--report/--no-report", default=False, help="Also write CMPDIR/report.html (needs textkit[report]).")
@click.option("--stopwords/--no-stopwords", default=True,
              help="Leave the stop words of official documents (一是, 进一步, 我局 …) out of keywords and the DTM.")
@click.option("--dictionary", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Count these terms per document (one a line, or term<TAB>category) into CMPDIR/dictionary.")
@_verbosity
@click.pass_context
def compare(ctx, outdirs, cmpdir, fmt, report, stopwords, dictionary):
    """Compare the documents of extract OUTDIRS: coverage, metrics, names, similarity, reuse, keywords.

    \b
    Example:
      textkit extract corpora/sample -o out/
      textkit compare out/ -o cmp/ --report
    """
    from .compare import compare as run_compare

    if report:
        from .report import chart_style

        chart_style()  # fail before the work when the extra is missing
    if dictionary is not None:
        from .compare import read_dictionary

        try:
            dictionary = read_dictionary(dictionary)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--dictionary") from None
    tables = run_compare(list(outdirs), cmpdir, fmt=fmt, stop=stopwords, dictionary=dictionary)
    if report:
        from .report import write_report

        write_report(list(outdirs), Path(cmpdir) / "report.html", tables=tables)
    if not ctx.obj["quiet"]:
        click.echo(f"{len(tables['dtm_documents'])} documents; {len(tables['similarity'])} similar pairs, "
                   f"{len(tables['reuse_pairs'])} pairs sharing {len(tables['reuse'])} passages -> {cmpdir}", err=True)
        capped, dropped = len(tables["reuse_capped"]), int(tables["reuse_pairs"]["n_passages_dropped"].sum())
        if capped or dropped:
            click.echo(f"reuse capped: {capped} documents kept their top partners only (reuse_capped), "
                       f"{dropped} passages beyond the per-pair cap left out (reuse_pairs.n_passages_dropped)", err=True)


@main.command()
@click.argument("outdirs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@click.argument("term")
@click.option("-w", "--window", type=click.IntRange(0, 500), default=20, help="Characters on each side.")
@click.option("--regex", "pattern", is_flag=True, help="TERM is a regular expression.")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many lines.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "jsonl"]), default="table",
              help="Output: lines for people, CSV, a JSON array, or JSON Lines.")
@_verbosity
def kwic(outdirs, term, window, pattern, limit, fmt):
    """Keyword in context: every occurrence of TERM in the documents of extract OUTDIRS, with its context.

    \b
    Example:
      textkit kwic out/ 座谈会 --window 15
    """
    import pandas as pd
    import regex as _regex

    from .compare import kwic as run_kwic

    try:
        frame = run_kwic(list(outdirs), term, window=window, pattern=pattern, limit=limit)
    except _regex.error as exc:
        raise click.BadParameter(f"not a regular expression: {exc}", param_hint="TERM") from None
    if fmt != "table":
        from .query import format_rows

        rows = [tuple(None if v is None or v is pd.NA else v.item() if hasattr(v, "item") else v for v in r)
                for r in frame.itertuples(index=False)]
        click.echo(format_rows(list(frame.columns), rows, fmt), nl=False)
    else:
        for r in frame.itertuples(index=False):
            click.echo(f"{r.doc_id}:{r.char_start}\t{r.left:>{window}}【{r.match}】{r.right}")
        click.echo(f"{len(frame)} occurrence(s) of {term}", err=True)


# --- info and train --------------------------------------------------------------------------------


@main.command()
@click.option("--json", "as_json", is_flag=True, help="As one JSON object.")
@_verbosity
def info(as_json):
    """Versions, the models in use (path, SHA-256, size), the cache folder and the training corpora."""
    from .info import environment_info, format_info

    facts = environment_info()
    click.echo(json.dumps(facts, ensure_ascii=False, indent=1) if as_json else format_info(facts))


@main.group(cls=_Group)
@_verbosity
def train() -> None:
    """Rebuild textkit's trained models (from a checkout's corpora, or --corpus DIR)."""


def _default_corpus(name: str) -> Path | None:
    """``corpora/NAME`` of the checkout textkit runs from, when there is one (an installed wheel has none)."""
    from .classify import REPO

    folder = REPO / "corpora" / name
    return folder if folder.is_dir() else None


@train.command("sections")
@click.option("--corpus", type=click.Path(exists=True), default=None, show_default="corpora/sections of the checkout",
              help="Labelled sections: a folder of *.jsonl files, or one file.")
@click.option("--out", type=click.Path(dir_okay=False), default=None, show_default="packaged model, see textkit info",
              help="Where to save the model (pass it to extract --model when it is not the default).")
@click.option("--seed", default=0, help="Random seed.")
@_verbosity
def train_sections(corpus, out, seed):
    """Train the section classifier on CORPUS and save it to OUT."""
    from .classify import DEFAULT_MODEL
    from .classify import train as train_model

    corpus = Path(corpus) if corpus else _default_corpus("sections")
    if corpus is None:
        raise Fatal("no training corpus: this installation has no corpora/sections; pass --corpus DIR "
                    "(labelled *.jsonl sections, such as corpora/sections of a textkit checkout)")
    target = Path(out) if out else DEFAULT_MODEL
    try:
        report = train_model(corpus.resolve(), target.resolve(), seed=seed)
    except PermissionError as exc:
        raise Fatal(f"cannot write {target}: {exc.strerror}; pass --out FILE (then extract --model FILE)") from None
    click.echo(json.dumps(report, ensure_ascii=False, indent=1, default=str))


@train.command("entities")
@click.option("--corpus", "corpora", multiple=True, type=click.Path(exists=True, dir_okay=False),
              show_default="CLUENER train, MSRA train and People's Daily dev in ../shared/data/ner",
              help="A NER corpus (JSONL in the format of ../shared/data/ner); repeatable.")
@click.option("--add", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="A corpus to train on besides the defaults (your own annotations); repeatable.")
@click.option("--out", type=click.Path(dir_okay=False), default=None, show_default="packaged model, see textkit info",
              help="Where to save the model (its card goes beside it, as .json).")
@_verbosity
@click.pass_context
def train_entities(ctx, corpora, extra, out):
    """Train the entity model (a character CRF) and save it to OUT.

    People's Daily test, MSRA test and CLUENER dev are the evaluation sets: they are refused.
    """
    from .entities.model import DEFAULT_MODEL
    from .entities.train import train as train_model

    say = (lambda m: None) if _settings(ctx)[1] else (lambda m: click.echo(m, err=True))
    card = train_model(list(corpora) or None, Path(out) if out else DEFAULT_MODEL, extra=list(extra), progress=say)
    click.echo(json.dumps(card, ensure_ascii=False, indent=1))


if __name__ == "__main__":  # pragma: no cover
    main()
