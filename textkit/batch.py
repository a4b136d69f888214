"""Many documents: finding inputs, document ids, and the ``extract`` run that writes the tables.

Inputs are files, directories (searched recursively for supported formats),
glob patterns and ``-`` (standard input).  Each document's ``doc_id`` is its
path relative to the input it was found under, in POSIX form, with ``/``
written as ``__`` and characters other than letters, digits, ``.``, ``-`` and
``_`` replaced by ``_`` (``corpora/sample`` + ``gov/2019 报告.txt`` →
``gov__2019_报告.txt``); a file named directly has its file name as id.  So ids
are stable across runs and machines, and safe as file names.
"""

from __future__ import annotations

import fnmatch
import glob
import logging
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import regex
from spacy.language import Language

from .analysis import analyze_raw
from .errors import ReadError, TextkitError, UnsupportedFormatError
from .reading import SUPPORTED_SUFFIXES, Limits, read_bytes, read_path
from .records import DocumentInfo, DocumentResult, ErrorRecord
from .tables import TABLES, TableWriter, document_row, error_row, rows, to_frame

log = logging.getLogger(__name__)
_UNSAFE = regex.compile(r"[^\p{L}\p{N}._-]")


@dataclass(frozen=True, slots=True)
class Input:
    """A document to process: where it is, its id, and the error found before reading it (if any)."""

    path: str
    doc_id: str
    error: ErrorRecord | None = None


@dataclass
class Discovery:
    """The inputs found, plus how many files in the folders were skipped as unsupported."""

    inputs: list[Input] = field(default_factory=list)
    skipped: int = 0


def make_doc_id(relative: str) -> str:
    """The document id for a path relative to its input root.

    >>> make_doc_id("dev/2019 报告.txt")
    'dev__2019_报告.txt'
    """
    parts = [p for p in relative.replace(os.sep, "/").split("/") if p not in ("", ".")]
    return "__".join(_UNSAFE.sub("_", p.encode("utf-8", "replace").decode("utf-8")) for p in parts) or "document"


def _printable(path: str) -> str:
    """A path as text that survives UTF-8 output (undecodable bytes shown as ``\\xNN``)."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def discover(inputs: Sequence[str], *, include: Sequence[str] = ()) -> Discovery:
    """Expand files, folders, glob patterns and ``-`` into an ordered list of documents.

    Folders are searched recursively for supported formats (``include`` globs such as
    ``*.md`` add more); other files there are counted as skipped.  A file named
    explicitly in an unsupported format is an error, as is a path that does not exist.
    Within a folder, documents come in sorted order of their relative paths.
    """
    found = Discovery()
    seen: dict[str, int] = {}

    def add(path: str, relative: str, error: ErrorRecord | None = None) -> None:
        doc_id = make_doc_id(relative)
        n = seen.get(doc_id, 0) + 1
        seen[doc_id] = n
        if n > 1:
            doc_id = f"{doc_id}~{n}"
        found.inputs.append(Input(path, doc_id, error))

    def wanted(name: str) -> bool:
        return name.lower().endswith(SUPPORTED_SUFFIXES) or any(fnmatch.fnmatch(name, g) for g in include)

    for item in inputs:
        if item == "-":
            add("-", "stdin.txt")
        elif os.path.isdir(item):
            files = []
            for root, dirs, names in os.walk(item, followlinks=False):
                dirs.sort()
                for name in names:
                    full = os.path.join(root, name)
                    if wanted(name):
                        files.append((os.path.relpath(full, item).replace(os.sep, "/"), full))
                    else:
                        found.skipped += 1
            for relative, full in sorted(files):
                add(full, relative)
        elif os.path.exists(item) or os.path.islink(item):
            if wanted(os.path.basename(item)):
                add(item, os.path.basename(item))
            else:
                suffix = Path(item).suffix or "(no extension)"
                add(item, os.path.basename(item), ErrorRecord(
                    _printable(item), UnsupportedFormatError.error_type,
                    f"unsupported format {suffix!r}; textkit reads {', '.join(SUPPORTED_SUFFIXES)} "
                    "(use --include to read other files as plain text)",
                ))
        elif glob.has_magic(item):
            base = item[: min(i for i, c in enumerate(item) if c in "*?[")]
            base = os.path.dirname(base) or "."
            for full in sorted(glob.glob(item, recursive=True)):
                if os.path.isfile(full):
                    if wanted(os.path.basename(full)):
                        add(full, os.path.relpath(full, base))
                    else:
                        found.skipped += 1
        else:
            add(item, os.path.basename(item) or item, ErrorRecord(_printable(item), "not_found", "no such file or directory"))
    return found


def process(item: Input, *, nlp: Language, limits: Limits = Limits()) -> DocumentResult | ErrorRecord:
    """Read and analyse one input; any failure comes back as an :class:`ErrorRecord`, never raised."""
    if item.error is not None:
        return item.error
    shown = _printable(item.path)
    try:
        if item.path == "-":
            raw = read_bytes(sys.stdin.buffer.read(), name="stdin.txt", limits=limits)
        else:
            suffix = Path(item.path).suffix.lower()
            if suffix in SUPPORTED_SUFFIXES:
                raw = read_path(item.path, limits=limits)
            else:  # --include: read as plain text
                raw = read_bytes(Path(item.path).read_bytes(), name="include.txt", limits=limits)
        return analyze_raw(raw, doc_id=item.doc_id, path=shown, nlp=nlp)
    except TextkitError as exc:
        return ErrorRecord(shown, exc.error_type, str(exc))
    except OSError as exc:
        return ErrorRecord(shown, ReadError.error_type, f"cannot read file: {exc.strerror or exc}")
    except Exception as exc:  # a bug in textkit must not stop the run: report it for this file
        log.debug("internal error on %s", shown, exc_info=True)
        return ErrorRecord(shown, "internal_error", f"{type(exc).__name__}: {exc} (please report this as a textkit bug)")


def _error_document(item: Input, error: ErrorRecord) -> DocumentInfo:
    return DocumentInfo(doc_id=item.doc_id, path=error.path, status="error", error=f"{error.error_type}: {error.message}")


def iter_results(
    inputs: Iterable[Input], *, nlp: Language, limits: Limits = Limits()
) -> Iterator[tuple[Input, DocumentResult | ErrorRecord]]:
    """Process inputs one by one, in order."""
    for item in inputs:
        yield item, process(item, nlp=nlp, limits=limits)


@dataclass
class RunSummary:
    """What an ``extract`` run did."""

    n_ok: int = 0
    n_failed: int = 0
    n_skipped: int = 0
    n_chars: int = 0
    seconds: float = 0.0
    errors: list[ErrorRecord] = field(default_factory=list)

    def __str__(self) -> str:
        rate = self.n_chars / self.seconds if self.seconds else 0.0
        return (
            f"{self.n_ok} documents ok, {self.n_failed} failed, {self.n_skipped} files skipped; "
            f"{self.n_chars:,} characters in {self.seconds:.1f} s ({rate:,.0f} characters/s)"
        )


def run_extract(
    inputs: Sequence[str],
    outdir: str | Path,
    *,
    fmt: str = "csv",
    nlp: Language | None = None,
    limits: Limits = Limits(),
    include: Sequence[str] = (),
    write_texts: bool = True,
    progress=None,
) -> RunSummary:
    """Process ``inputs`` and write one table per name in :data:`textkit.tables.TABLES` to ``outdir``.

    Rows are appended as documents finish, in input order; the document texts go to
    ``outdir/texts/<doc_id>.txt``.  ``progress`` is called with each finished
    :class:`DocumentResult` or :class:`ErrorRecord`.
    """
    if nlp is None:
        from .pipeline import load

        nlp = load()
    start = time.perf_counter()
    outdir = Path(outdir)
    found = discover(inputs, include=include)
    summary = RunSummary(n_skipped=found.skipped)
    texts = outdir / "texts"
    if write_texts:
        texts.mkdir(parents=True, exist_ok=True)
    with TableWriter(outdir, fmt=fmt) as writer:
        for item, result in iter_results(found.inputs, nlp=nlp, limits=limits):
            if isinstance(result, ErrorRecord):
                summary.n_failed += 1
                summary.errors.append(result)
                writer.write("errors", [error_row(result)])
                if result.error_type != "not_found":
                    writer.write("documents", [document_row(_error_document(item, result))])
            else:
                summary.n_ok += 1
                summary.n_chars += result.info.n_chars
                writer.write_result(result)
                if write_texts:
                    (texts / f"{result.info.doc_id}.txt").write_text(result.text, encoding="utf-8", newline="")
            if progress is not None:
                progress(result)
    summary.seconds = time.perf_counter() - start
    return summary


def extract(
    paths: str | Path | Sequence[str | Path],
    *,
    nlp: Language | None = None,
    limits: Limits = Limits(),
    include: Sequence[str] = (),
) -> dict[str, pd.DataFrame]:
    """Analyse files or folders and return one DataFrame per table (documents, sections, …, errors).

    >>> tables = extract("corpora/sample")             # doctest: +SKIP
    >>> tables["sections"][["doc_id", "heading", "label"]].head()   # doctest: +SKIP
    """
    if nlp is None:
        from .analysis import _default_pipeline

        nlp = _default_pipeline()
    if isinstance(paths, (str, Path)):
        paths = [paths]
    found = discover([str(p) for p in paths], include=include)
    collected: dict[str, list[dict]] = {name: [] for name in TABLES}
    for item, result in iter_results(found.inputs, nlp=nlp, limits=limits):
        if isinstance(result, ErrorRecord):
            collected["errors"].append(error_row(result))
            if result.error_type != "not_found":
                collected["documents"].append(document_row(_error_document(item, result)))
        else:
            for table, table_rows in rows(result).items():
                collected[table].extend(table_rows)
    return {name: to_frame(name, collected[name]) for name in TABLES}


def read(outdir: str | Path) -> dict[str, pd.DataFrame]:
    """The tables of an ``extract`` run in ``outdir``, loaded back with their types."""
    from .tables import read as read_tables

    return read_tables(outdir)


__all__ = ["Discovery", "Input", "RunSummary", "discover", "extract", "make_doc_id", "process", "read", "run_extract"]
