"""Many documents: finding inputs, document ids, and the ``extract`` run that writes the tables.

Inputs are files, directories (searched recursively for supported formats),
glob patterns and ``-`` (standard input).  Each document's ``doc_id`` is its
path relative to the input it was found under, in POSIX form, with ``/``
written as ``__`` and characters other than letters, digits, ``.``, ``-`` and
``_`` replaced by ``_`` (``corpora/sample`` + ``gov/2019 报告.txt`` →
``gov__2019_报告.txt``); a file named directly has its file name as id.  So ids
are stable across runs and machines, and safe as file names.

A run streams: inputs are discovered lazily, documents are processed one task
each (in this process or a process pool; on a Dask cluster one task per part),
and finished rows are written in input order to *part* folders
``OUTDIR/parts/part-NNNNNN/`` that are renamed into place atomically (on Dask the
workers write them, and the client only collects their manifests).  Each part carries the manifest of its
documents (path, size, sha256, status), so running the same command again skips
what is finished; at the end CSV and JSONL parts are merged into one file per
table (parquet stays as part files that DuckDB and pandas read in place).
"""

from __future__ import annotations

import collections
import csv
import dataclasses
import fnmatch
import glob
import hashlib
import itertools
import json
import logging
import os
import shutil
import signal
import stat
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar
from dataclasses import dataclass, field
from pathlib import Path

import regex

from ._version import __version__
from .errors import LimitExceededError, OutputError, ReadError, TextkitError, UnsupportedFormatError
from .reading import SUPPORTED_SUFFIXES, Limits, read_bytes, read_path, read_stream
from .records import DocumentInfo, DocumentResult, ErrorRecord
from .tables import (
    FORMATS, TABLES, TableWriter, document_row, error_row, filter_table, merge_parts, neutralize, render, rows, to_frame,
    unneutralize,
)

if TYPE_CHECKING:
    import pandas as pd  # only the frames of extract() and read() need it: imported there (0.6 s)

log = logging.getLogger(__name__)
_UNSAFE = regex.compile(r"[^\p{L}\p{N}._-]")
T = TypeVar("T")
MANIFEST_COLUMNS = ("path", "doc_id", "size", "sha256", "status")


@dataclass(frozen=True, slots=True)
class Input:
    """A document to process: where it is, its id, and the error found before reading it (if any)."""

    path: str
    doc_id: str
    error: ErrorRecord | None = None
    data: bytes | None = None  # standard input, read by the main process
    metadata: tuple[tuple[str, str], ...] = ()  # the user's sheet row (``extract --metadata``)


@dataclass
class Discovery:
    """Counts kept while inputs are discovered (the inputs themselves are streamed)."""

    skipped: int = 0
    skipped_links: int = 0  # symbolic links to files outside the input root (see ``follow_symlinks``)
    skipped_outdir: int = 0  # files inside OUTDIR, never read back
    skipped_paths: list[str] = field(default_factory=list)  # the first MAX_LISTED of them

    def skip(self, path: str) -> None:
        self.skipped += 1
        if len(self.skipped_paths) < MAX_LISTED:
            self.skipped_paths.append(_printable(path))


MAX_LISTED = 10_000
MAX_DOC_ID_BYTES = 200  # texts/<doc_id>.txt.tmp stays within the 255-byte file-name limit
_WINDOWS_RESERVED = regex.compile(r"^(?:CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(?:\.|$)", regex.I)


def make_doc_id(relative: str) -> str:
    """The document id for a path relative to its input root.

    At most :data:`MAX_DOC_ID_BYTES` bytes of UTF-8 (a longer id keeps its start and its
    extension around a short hash of the whole path, so ids stay unique), and safe as a
    file name on Linux, macOS and Windows (``CON.txt`` → ``_CON.txt``).

    >>> make_doc_id("dev/2019 报告.txt")
    'dev__2019_报告.txt'
    >>> len(make_doc_id("长" * 100 + ".txt").encode()) <= MAX_DOC_ID_BYTES
    True
    """
    parts = [p for p in relative.replace(os.sep, "/").split("/") if p not in ("", ".")]
    doc_id = "__".join(_UNSAFE.sub("_", p.encode("utf-8", "replace").decode("utf-8")) for p in parts) or "document"
    if _WINDOWS_RESERVED.match(doc_id):
        doc_id = "_" + doc_id
    if len(doc_id.encode("utf-8")) > MAX_DOC_ID_BYTES:
        digest = hashlib.sha256(relative.encode("utf-8", "surrogateescape")).hexdigest()[:10]
        stem, dot, ext = doc_id.rpartition(".")
        ext = f".{ext}" if dot and 0 < len(ext) <= 10 and stem else ""
        room = MAX_DOC_ID_BYTES - len(ext.encode("utf-8")) - len(digest) - 1
        head = doc_id.encode("utf-8")[:room].decode("utf-8", "ignore")
        doc_id = f"{head}~{digest}{ext}"
    return doc_id


def _printable(path: str) -> str:
    """A path as text that survives UTF-8 output (undecodable bytes shown as ``\\xNN``)."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _inside(path: str, root: str) -> bool:
    """Whether the real path ``path`` is ``root`` or lies under it (both real paths)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _walk(root: str, wanted: Callable[[str], bool], counts: Discovery, *, exclude: Sequence[str] = (),
          follow_symlinks: bool = False) -> Iterator[tuple[str, str]]:
    """``(relative, full)`` for wanted files under ``root``, depth first in sorted order.

    Symbolic links to folders are never followed; links to files outside ``root`` are skipped
    (counted in ``counts.skipped_links``) unless ``follow_symlinks``; folders in ``exclude``
    (real paths: OUTDIR) are not entered.
    """
    real_root = os.path.realpath(root)
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        try:
            entries = sorted(os.scandir(os.path.join(root, rel_dir) if rel_dir else root), key=lambda e: e.name)
        except OSError as exc:
            log.warning("cannot list %s: %s", _printable(os.path.join(root, rel_dir)), exc.strerror or exc)
            continue
        subdirs = []
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = entry.is_file(follow_symlinks=False)
                is_link = entry.is_symlink()
            except OSError:
                is_dir = is_file = is_link = False
            if is_dir:
                if exclude and os.path.realpath(entry.path) in exclude:
                    counts.skipped_outdir += 1
                    log.info("skipped %s: it is the output folder", _printable(entry.path))
                else:
                    subdirs.append(rel)
            elif not wanted(entry.name) or not (is_file or is_link):
                counts.skip(entry.path)
            elif is_link and not follow_symlinks and not _inside(os.path.realpath(entry.path), real_root):
                counts.skipped_links += 1
                log.info("skipped %s: a symbolic link to a file outside %s (--follow-symlinks reads it)",
                         _printable(entry.path), _printable(root))
            else:
                yield rel, entry.path  # a broken or looping link is read, and reported, like any file
        stack.extend(reversed(subdirs))


def iter_inputs(
    inputs: Sequence[str],
    *,
    include: Sequence[str] = (),
    counts: Discovery | None = None,
    limits: Limits = Limits(),
    exclude: Sequence[str | Path] = (),
    follow_symlinks: bool = False,
    assigned: dict[str, str] | None = None,
) -> Iterator[Input]:
    """Expand files, folders, glob patterns and ``-`` into documents, lazily and in a stable order.

    Folders are searched recursively for supported formats (``include`` globs such as
    ``*.md`` add more); other files there are counted as skipped (in ``counts``).
    Symbolic links to folders are not followed (no loops), nor links to files outside the
    folder or glob base they were found under, unless ``follow_symlinks``.  Nothing under
    ``exclude`` (OUTDIR) is read.  A file named explicitly in an unsupported format is an
    error, as is a path that does not exist.  Standard input is read here, at most
    ``limits.max_bytes`` of it.  ``assigned`` maps paths to the ids a previous run gave them
    (resumption): those paths keep them, and no other document takes one.
    """
    counts = counts if counts is not None else Discovery()
    assigned = assigned or {}
    seen: set[str] = {doc_id.casefold() for doc_id in assigned.values()}
    excluded = [os.path.realpath(p) for p in exclude]

    def make(path: str, relative: str, error: ErrorRecord | None = None, data: bytes | None = None) -> Input:
        previous = assigned.get(_printable(path))
        if previous is not None:
            return Input(path, previous, error, data)
        base = make_doc_id(relative)
        doc_id, n = base, 1
        while doc_id.casefold() in seen:  # unique on case-insensitive file systems too
            n += 1
            doc_id = f"{base}~{n}"
        seen.add(doc_id.casefold())
        return Input(path, doc_id, error, data)

    def wanted(name: str) -> bool:
        return name.lower().endswith(SUPPORTED_SUFFIXES) or any(fnmatch.fnmatch(name, g) for g in include)

    def in_outdir(path: str) -> bool:
        if excluded and any(_inside(os.path.realpath(path), x) for x in excluded):
            counts.skipped_outdir += 1
            log.warning("skipped %s: it is inside the output folder", _printable(path))
            return True
        return False

    for item in inputs:
        if item == "-":
            try:
                yield make("-", "stdin.txt", data=read_stream(sys.stdin.buffer, max_bytes=limits.max_bytes))
            except LimitExceededError as exc:
                yield make("-", "stdin.txt", ErrorRecord("-", exc.error_type, str(exc)))
        elif os.path.isdir(item):
            if in_outdir(item):
                continue
            for relative, full in _walk(item, wanted, counts, exclude=excluded, follow_symlinks=follow_symlinks):
                yield make(full, relative)
        elif os.path.exists(item) or os.path.islink(item):
            if in_outdir(item):
                continue
            if wanted(os.path.basename(item)):
                yield make(item, os.path.basename(item))
            else:
                suffix = Path(item).suffix or "(no extension)"
                yield make(item, os.path.basename(item), ErrorRecord(
                    _printable(item), UnsupportedFormatError.error_type,
                    f"unsupported format {suffix!r}; textkit reads {', '.join(SUPPORTED_SUFFIXES)} "
                    "(use --include to read other files as plain text)",
                ))
        elif glob.has_magic(item):
            base = os.path.dirname(item[: min(i for i, c in enumerate(item) if c in "*?[")]) or "."
            real_base = os.path.realpath(base)
            for full in sorted(glob.iglob(item, recursive=True)):
                if not os.path.isfile(full) or in_outdir(full):
                    continue
                if not wanted(os.path.basename(full)):
                    counts.skip(full)
                elif os.path.islink(full) and not follow_symlinks and not _inside(os.path.realpath(full), real_base):
                    counts.skipped_links += 1
                    log.info("skipped %s: a symbolic link to a file outside %s (--follow-symlinks reads it)",
                             _printable(full), _printable(base))
                else:
                    yield make(full, os.path.relpath(full, base))
        else:
            yield make(item, os.path.basename(item) or item, ErrorRecord(_printable(item), "not_found", "no such file or directory"))


def discover(inputs: Sequence[str], *, include: Sequence[str] = ()) -> tuple[list[Input], int]:
    """All inputs as a list, and the number of skipped files (for small jobs and tests)."""
    counts = Discovery()
    found = list(iter_inputs(inputs, include=include, counts=counts))
    return found, counts.skipped


@dataclass
class Survey:
    """A quick look at the inputs before any document is read (:func:`survey_inputs`)."""

    n_found: int = 0  # documents to process; all of them when ``complete``, else a lower bound
    complete: bool = True  # False when the look stopped early (a large archive)
    missing: list[str] = field(default_factory=list)  # inputs that do not exist
    empty: list[str] = field(default_factory=list)  # folders and glob patterns with no document in them


def survey_inputs(inputs: Sequence[str], *, include: Sequence[str] = (), budget: float = 1.0) -> Survey:
    """Which inputs are missing or hold no document, and how many documents there are (within ``budget`` s).

    Standard input (``-``) is counted, never read.  Past the budget only the first document of
    each remaining input is looked for, so the count is a lower bound and ``complete`` is False.
    """
    deadline = time.monotonic() + budget
    survey = Survey()
    for item in inputs:
        if item == "-":
            survey.n_found += 1
            continue
        here = 0
        for found in iter_inputs([item], include=include):
            if found.error is not None and found.error.error_type == "not_found":
                survey.missing.append(_printable(item))
                break
            here += 1
            survey.n_found += 1
            if not survey.complete or time.monotonic() > deadline:
                survey.complete = False
                break
        else:
            if here == 0:
                survey.empty.append(_printable(item))
    return survey


# --- processing one document ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Options:
    """Everything that decides what a run produces (recorded in ``run.json``)."""

    backend: str = "rjieba"
    lexicon: tuple[str, ...] = ()
    model: str | None = None
    limits: Limits = Limits()
    fmt: str = "csv"


class _Timeout(BaseException):  # not an Exception: no handler inside the work may swallow it
    pass


def _alarm(signum, frame):
    raise _Timeout


def _with_time_limit(seconds: float | None, work: Callable[[], T]) -> T:
    """Run ``work`` under a SIGALRM timer where one is available (Unix, main thread)."""
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        return work()
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)  # inside the try: a short timer can fire at once
        return work()
    except _Timeout:
        raise LimitExceededError(f"reading, analysing and tabulating the document took longer than {seconds:g} s (--timeout)") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _guarded(item: Input, limits: Limits, work: Callable[[], T]) -> T | ErrorRecord:
    """``work()`` under the document's time limit; whatever goes wrong comes back as an :class:`ErrorRecord`."""
    shown = _printable(item.path)
    try:
        return _with_time_limit(limits.timeout, work)
    except TextkitError as exc:
        return ErrorRecord(shown, exc.error_type, str(exc))
    except TimeoutError as exc:  # a pattern's own time limit (the regex module); an OSError, but not a read error
        return ErrorRecord(shown, LimitExceededError.error_type,
                           f"a text pattern{_where(exc)} ran past its own time limit on this document (--timeout does "
                           "not change it); split the file, and please report this as a textkit bug")
    except OSError as exc:
        return ErrorRecord(shown, ReadError.error_type, f"cannot read file: {exc.strerror or exc}")
    except MemoryError:
        return ErrorRecord(shown, LimitExceededError.error_type, "out of memory while analysing the document")
    except Exception as exc:  # a bug in textkit must not stop the run: report it for this file
        log.debug("internal error on %s", shown, exc_info=True)
        return ErrorRecord(shown, "internal_error", f"{type(exc).__name__}: {exc} (please report this as a textkit bug)")


def _where(exc: BaseException) -> str:
    """`` in textkit.entities.rules.gov_level``: the innermost textkit function an exception came through."""
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f"{os.sep}textkit{os.sep}" in f.filename]
    if not frames:
        return ""
    path = Path(frames[-1].filename)
    parts = path.with_suffix("").parts
    module = ".".join(parts[len(parts) - 1 - parts[::-1].index("textkit"):])
    return f" in {module}.{frames[-1].name}"


def _analyse(item: Input, nlp, limits: Limits) -> DocumentResult:
    """Read and analyse one input (raising on failure)."""
    from .analysis import analyze_raw

    if item.data is not None:
        raw = read_bytes(item.data, name="stdin.txt", limits=limits)
    else:  # a name textkit does not read is an --include file: plain text
        raw = read_path(item.path, limits=limits, as_text=Path(item.path).suffix.lower() not in SUPPORTED_SUFFIXES)
    return analyze_raw(raw, doc_id=item.doc_id, path=_printable(item.path), nlp=nlp)


def process(item: Input, *, nlp=None, limits: Limits = Limits()) -> DocumentResult | ErrorRecord:
    """Read and analyse one input within ``limits``; any failure comes back as an :class:`ErrorRecord`, never raised."""
    if item.error is not None:
        return item.error
    if nlp is None:
        from .engine import shared_engine

        nlp = shared_engine()
    return _guarded(item, limits, lambda: _analyse(item, nlp, limits))


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a worker sends back for one document: its rows (or error), text and manifest entry."""

    doc_id: str
    tables: dict  # table -> rows (parquet) or their CSV/JSONL text (rendered in the worker)
    text: str | None
    manifest: dict
    n_chars: int
    error: ErrorRecord | None
    written: bool = False  # its rows and text are already in a part folder (written on a Dask worker)


def _file_facts(item: Input) -> tuple[int, str]:
    """Size and SHA-256 of an input (``-1, ""`` when it is not a readable regular file; no hash past 1 GiB)."""
    if item.data is not None:
        return len(item.data), hashlib.sha256(item.data).hexdigest()
    try:
        fd = os.open(item.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return -1, ""
    with open(fd, "rb") as f:
        try:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                return -1, ""
            if info.st_size > 1 << 30:
                return info.st_size, ""
            digest = hashlib.sha256()
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
            return info.st_size, digest.hexdigest()
        except OSError:
            return -1, ""


def _output_bytes(tables: dict) -> int:
    """Bytes of a document's rows: their CSV/JSONL text, or (rows for parquet) the UTF-8 of their text cells."""
    total = 0
    for value in tables.values():
        if isinstance(value, str):
            total += len(value.encode("utf-8"))
        else:
            total += sum(len(v.encode("utf-8")) if isinstance(v, str) else 8 for row in value for v in row.values())
    return total


def _ok_outcome(item: Input, result: DocumentResult, options: Options) -> Outcome:
    tables: dict = rows(result)
    if options.fmt != "parquet":  # the writing process then only appends text
        tables = {t: render(t, r, options.fmt) for t, r in tables.items()}
    size = _output_bytes(tables)
    if size > options.limits.max_output_bytes:
        raise LimitExceededError(
            f"the document's rows come to {size:,} bytes, over the limit of {options.limits.max_output_bytes:,} "
            "(--max-output-bytes)"
        )
    manifest = {"path": _printable(item.path), "doc_id": item.doc_id, "size": _size(item), "sha256": result.info.sha256,
                "status": "ok"}
    return Outcome(item.doc_id, tables, result.text, manifest, result.info.n_chars, None)


def _error_outcome(item: Input, error: ErrorRecord, options: Options) -> Outcome:
    size, sha = _file_facts(item) if error.error_type != "not_found" else (-1, "")
    tables: dict = {"errors": [error_row(error)]}
    if error.error_type != "not_found":
        info = DocumentInfo(doc_id=item.doc_id, path=error.path, sha256=sha, status="error",
                            error=f"{error.error_type}: {error.message}")
        tables["documents"] = [document_row(info)]
    if options.fmt != "parquet":
        tables = {t: render(t, r, options.fmt) for t, r in tables.items()}
    manifest = {"path": _printable(item.path), "doc_id": item.doc_id, "size": size, "sha256": sha, "status": "error"}
    return Outcome(item.doc_id, tables, None, manifest, 0, error)


def process_for_batch(item: Input, options: Options) -> Outcome:
    """Process one input in a worker: reading, analysis and rows, all within the document's limits.

    The pipeline loads once per worker process.  Anything that goes wrong in the document
    (an error, a limit, a bug) is its ``errors`` row; nothing is raised.
    """
    if item.error is not None:
        return _error_outcome(item, item.error, options)
    from .engine import shared_engine

    nlp = shared_engine(options.backend, options.lexicon, options.model)
    got = _guarded(item, options.limits, lambda: _ok_outcome(item, _with_metadata(_analyse(item, nlp, options.limits),
                                                                                  item.metadata), options))
    return _error_outcome(item, got, options) if isinstance(got, ErrorRecord) else got


# --- worker processes -----------------------------------------------------------------------------

_STARTUP_SECONDS = 600.0  # loading the pipeline in a new worker


def _hard_timeout(limits: Limits) -> float | None:
    """When a worker that has not answered is stopped: the --timeout with some grace (None: never)."""
    return limits.timeout + max(5.0, limits.timeout / 2) if limits.timeout else None


class _Worker:
    """A child process that processes documents one at a time, stopped and replaced when it hangs or dies.

    On POSIX it is a plain subprocess talking over a socket pair (so it also works inside a Dask
    worker, whose own processes may not fork children with ``multiprocessing``).
    """

    def __init__(self, options: Options) -> None:
        import multiprocessing.connection

        self.options = options
        self.item: Input | None = None
        self.seq = -1
        self.started = 0.0
        self.ready = False
        self.born = time.monotonic()
        if os.name == "posix":
            import socket
            import subprocess

            mine, theirs = socket.socketpair()
            code = "import sys; from textkit.batch import serve_worker; serve_worker(int(sys.argv[1]))"
            self.proc = subprocess.Popen([sys.executable, "-c", code, str(theirs.fileno())], pass_fds=(theirs.fileno(),),
                                         stdin=subprocess.DEVNULL)
            theirs.close()
            self.conn = multiprocessing.connection.Connection(mine.detach())
        else:  # pragma: no cover - Windows
            import multiprocessing

            ctx = multiprocessing.get_context("spawn")
            self.conn, theirs = ctx.Pipe()
            self.proc = ctx.Process(target=serve_worker, args=(theirs,), daemon=True)
            self.proc.start()
            theirs.close()
        try:
            self.conn.send(options)
        except OSError as exc:
            raise TextkitError(f"a worker process failed to start ({exc.strerror or exc})") from None

    def dispatch(self, seq: int, item: Input) -> None:
        self.seq, self.item, self.started = seq, item, time.monotonic()
        try:
            self.conn.send(item)
        except OSError:  # it died since it said it was ready: the next wait sees it gone
            pass

    def exit_code(self) -> int | None:
        if hasattr(self.proc, "wait"):
            try:
                return self.proc.wait(timeout=5)
            except Exception:
                return None
        self.proc.join(5)  # pragma: no cover - Windows
        return self.proc.exitcode  # pragma: no cover

    def kill(self) -> None:
        try:
            self.proc.kill()
        except Exception:
            pass
        self.exit_code()
        self.conn.close()

    def stop(self) -> None:
        """Ask the worker to finish, and make sure it does."""
        try:
            self.conn.send(None)
            if hasattr(self.proc, "wait"):
                self.proc.wait(timeout=2)
            else:  # pragma: no cover - Windows
                self.proc.join(2)
        except Exception:
            pass
        self.kill()

    def receive(self):
        """The worker's next message, or ``("died", None)`` when it is gone."""
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            return "died", None

    def death(self) -> ErrorRecord:
        """The errors row of the document this worker held when it died."""
        code = self.exit_code()
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
            how = f"killed by signal {-code} ({name})" + (", out of memory?" if -code == getattr(signal, "SIGKILL", 9) else "")
        else:
            how = f"exit code {code}"
        return ErrorRecord(_printable(self.item.path), "internal_error",
                           f"the worker process died while processing this document ({how}); the run went on without it")

    def overtime(self) -> ErrorRecord:
        return ErrorRecord(_printable(self.item.path), LimitExceededError.error_type,
                           f"the document took longer than {self.options.limits.timeout:g} s (--timeout) "
                           "and its worker process was stopped")

    def run_one(self, item: Input) -> Outcome:
        """Process ``item`` and wait for it (Dask tasks): a hang or a death gives the document's errors row."""
        while not self.ready:
            kind, payload = self._wait_message(_STARTUP_SECONDS)
            if kind == "ready":
                self.ready = True
            else:
                self.kill()
                raise payload if isinstance(payload, TextkitError) else TextkitError(f"a worker process failed to start ({payload})")
        self.dispatch(0, item)
        kind, payload = self._wait_message(_hard_timeout(self.options.limits))
        self.item = None
        if kind == "done":
            return payload
        self.item = item
        error = self.overtime() if kind == "overtime" else self.death()
        self.kill()
        return _error_outcome(item, error, self.options)

    def _wait_message(self, seconds: float | None):
        if not self.conn.poll(seconds):
            return "overtime", None
        return self.receive()


def _warm_up(nlp) -> None:
    """Analyse a small document once, so what loads on first use is loaded before the first document's clock starts."""
    from .analysis import analyze

    analyze("2009年工作总结\n一、主要工作\n3月13日，区经委主任徐斌召开座谈会8次，投资13.9亿元。\n", nlp=nlp)


def serve_worker(conn) -> None:
    """The body of a worker process: load the pipeline once, then process the documents it is sent."""
    import multiprocessing.connection

    if isinstance(conn, int):
        conn = multiprocessing.connection.Connection(conn)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the run's to handle; it ends its workers
    try:
        options = conn.recv()
        try:
            from .engine import shared_engine

            nlp = shared_engine(options.backend, options.lexicon, options.model)
            _warm_up(nlp)
        except Exception as exc:  # a missing model is fatal to the run, not to one document
            conn.send(("fatal", exc if isinstance(exc, TextkitError) else f"{type(exc).__name__}: {exc}"))
            return
        conn.send(("ready", None))
        while (item := conn.recv()) is not None:
            conn.send(("done", process_for_batch(item, options)))
    except (EOFError, OSError):
        return


def _with_metadata(result: DocumentResult, values) -> DocumentResult:
    if not values:
        return result
    from .covariates import apply_metadata

    return dataclasses.replace(result, info=apply_metadata(result.info, values))


def _metadata_join(metadata: str | Path | None):
    """``(join, report)``: join adds a sheet's row to an input; report says which sheet keys matched nothing."""
    if metadata is None:
        return (lambda item: item), (lambda: "")
    from .covariates import read_metadata

    sheet, used = read_metadata(metadata), set()

    def join(item: Input) -> Input:
        found = sheet.lookup(item.path, item.doc_id)
        if found is None:
            return item
        used.add(found[0])
        return dataclasses.replace(item, metadata=found[1])

    def report() -> str:
        missing = sheet.unmatched(used)
        if not missing:
            return ""
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        return f"metadata: {len(missing)} {sheet.key_column} value(s) of {sheet.source} matched no document: {shown}"

    return join, report


# --- running many ---------------------------------------------------------------------------------


@dataclass
class RunSummary:
    """What an ``extract`` run did."""

    n_ok: int = 0
    n_failed: int = 0
    n_skipped: int = 0  # files not read: other formats, and symbolic links out of the inputs
    n_skipped_links: int = 0  # of those, symbolic links to files outside the inputs (--follow-symlinks reads them)
    n_resumed: int = 0
    n_chars: int = 0
    seconds: float = 0.0
    errors: list[ErrorRecord] = field(default_factory=list)
    skipped_paths: list[str] = field(default_factory=list)  # the first Discovery.MAX_LISTED skipped files

    def __str__(self) -> str:
        rate = self.n_chars / self.seconds if self.seconds else 0.0
        resumed = f", {self.n_resumed} already done" if self.n_resumed else ""
        return (
            f"{self.n_ok} documents ok, {self.n_failed} failed{resumed}, {self.n_skipped} files skipped"
            f"{f' ({self.n_skipped_links} links to files outside the inputs)' if self.n_skipped_links else ''}; "
            f"{self.n_chars:,} characters in {self.seconds:.1f} s ({rate:,.0f} characters/s)"
        )


def _serial(options: Options) -> Callable[[Iterator[Input]], Iterator[Outcome]]:
    def run(inputs: Iterator[Input]) -> Iterator[Outcome]:
        for item in inputs:
            yield process_for_batch(item, options)

    return run


def _windowed(submit: Callable[[Input], object], result: Callable[[object], Outcome], window: int):
    """Submit at most ``window`` tasks ahead and yield their outcomes in input order (bounded memory)."""

    def run(inputs: Iterator[Input]) -> Iterator[Outcome]:
        pending: collections.deque = collections.deque()
        for item in inputs:
            pending.append(submit(item))
            if len(pending) >= window:
                yield result(pending.popleft())
        while pending:
            yield result(pending.popleft())

    return run


def _pool(options: Options, jobs: int) -> tuple[Callable[[Iterator[Input]], Iterator[Outcome]], Callable[[], None]]:
    """``jobs`` worker processes, one document each at a time, outcomes in input order.

    A worker that dies (the OOM killer, a crash in native code) or overruns ``--timeout`` is
    replaced; its document gets an ``errors`` row and the run goes on.  At most ``4 × jobs``
    documents are in flight.
    """
    import multiprocessing.connection

    workers: list[_Worker] = []
    window = 4 * jobs
    hard = _hard_timeout(options.limits)

    def run(inputs: Iterator[Input]) -> Iterator[Outcome]:
        numbered = enumerate(inputs)
        queue: collections.deque[tuple[int, Input]] = collections.deque()
        done: dict[int, Outcome] = {}
        next_out = next_seq = 0
        exhausted = False
        while True:
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            while not exhausted and next_seq - next_out < window:
                try:
                    queue.append(next(numbered))
                    next_seq += 1
                except StopIteration:
                    exhausted = True
            if exhausted and next_out == next_seq:
                return
            while len(workers) < min(jobs, max(1, next_seq - next_out)):
                workers.append(_Worker(options))
            for w in workers:
                if w.ready and w.item is None and queue:
                    w.dispatch(*queue.popleft())
            now = time.monotonic()
            deadlines = [w.started + hard for w in workers if w.item is not None and hard]
            deadlines += [w.born + _STARTUP_SECONDS for w in workers if not w.ready]
            wait = max(0.0, min(deadlines) - now) if deadlines else None
            ready = multiprocessing.connection.wait([w.conn for w in workers], wait)
            now = time.monotonic()
            for w in list(workers):
                if w.conn in ready:
                    kind, payload = w.receive()
                    if kind == "ready":
                        w.ready = True
                    elif kind == "done":
                        done[w.seq] = payload
                        w.item = None
                    elif kind == "fatal":
                        raise payload if isinstance(payload, TextkitError) else TextkitError(payload)
                    else:  # died
                        if w.item is None:
                            raise TextkitError(f"a worker process failed to start (exit code {w.exit_code()})")
                        done[w.seq] = _error_outcome(w.item, w.death(), options)
                        w.kill()
                        workers.remove(w)
                elif w.item is not None and hard and now > w.started + hard:
                    done[w.seq] = _error_outcome(w.item, w.overtime(), options)
                    w.kill()
                    workers.remove(w)
                elif not w.ready and now > w.born + _STARTUP_SECONDS:
                    raise TextkitError(f"a worker process did not start within {_STARTUP_SECONDS:g} s")

    def close() -> None:
        for w in workers:
            w.stop() if w.item is None else w.kill()
        workers.clear()

    return run, close


_SANDBOX = threading.local()


def _dask_task(item: Input, options: Options) -> Outcome:
    """One document on a Dask worker, processed in a child process of the worker's own.

    So ``--timeout`` holds on Dask too (the child is stopped when it overruns) and a document
    that kills its process costs that document only.
    """
    if os.name != "posix":  # pragma: no cover - no child processes from Dask workers there
        return process_for_batch(item, options)
    worker = getattr(_SANDBOX, "worker", None)
    if worker is None or worker.options != options or worker.conn.closed:
        worker = _SANDBOX.worker = _Worker(options)
    return worker.run_one(item)


def _dask_part(items: list[Input], number: int, outdir: str, write_texts: bool, options: Options) -> list[Outcome]:
    """A part of documents on a Dask worker: each analysed (:func:`_dask_task`), their texts and the part
    folder written to OUTDIR (a path every worker and the client share); only the manifest entries and
    counts go back to the client."""
    outcomes = [_dask_task(item, options) for item in items]
    if write_texts:
        for o in outcomes:
            if o.error is None:
                _atomic_write(Path(outdir) / "texts" / f"{o.doc_id}.txt", o.text)
    _write_part(Path(outdir) / "parts", number, outcomes, options.fmt)
    return [dataclasses.replace(o, tables={}, text=None, written=True) for o in outcomes]


def _model_fingerprint(model: str | None) -> str:
    """SHA-256 of the section model file the run uses ("" when there is none)."""
    from importlib.resources import files

    path = Path(model) if model else Path(str(files("textkit.models") / "sections.skops"))
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _run_json(options: Options, inputs: Sequence[str], include: Sequence[str], follow_symlinks: bool = False) -> dict:
    return {
        "textkit_version": __version__,
        "model": _model_fingerprint(options.model),
        "options": {
            "inputs": list(inputs), "include": list(include), "format": options.fmt, "backend": options.backend,
            "lexicon": list(options.lexicon), "limits": dataclasses.asdict(options.limits),
            "follow_symlinks": follow_symlinks,
        },
    }


def _completed_parts(parts_dir: Path) -> list[Path]:
    """The finished part folders, after removing what an interrupted run left half-done."""
    if not parts_dir.is_dir():
        return []
    for stale in [*parts_dir.glob("*.tmp"), *parts_dir.glob("*.old")]:
        shutil.rmtree(stale, ignore_errors=True)
    return sorted(p for p in parts_dir.iterdir() if p.is_dir() and p.name.startswith("part-") and (p / "manifest.csv").exists())


def _manifest_of(part: Path) -> list[dict]:
    with open(part / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        return [{k: unneutralize(v) for k, v in row.items()} for row in csv.DictReader(f)]


LOCK_NAME = ".textkit.lock"
_OWN_FILES = ("run.json", "manifest.csv", "manifest.csv.tmp", "run.json.tmp")


def _own_entries(outdir: Path) -> list[Path]:
    """What textkit writes in OUTDIR: every table of every format, texts/, parts/, run.json, manifest.csv."""
    names = set(_OWN_FILES) | {"texts", "parts"}
    for table in TABLES:
        for fmt in FORMATS:
            names |= {f"{table}.{fmt}", f"{table}.{fmt}.tmp", f"{table}.{fmt}.part"}
    return [outdir / n for n in sorted(names) if (outdir / n).exists() or (outdir / n).is_symlink()]


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


class _Lock:
    """An exclusive lock on OUTDIR for the length of a run (``OUTDIR/.textkit.lock``)."""

    def __init__(self, outdir: Path) -> None:
        self.path = outdir / LOCK_NAME
        self.file = None

    def __enter__(self) -> _Lock:
        self.file = open(self.path, "a+", encoding="utf-8")
        try:
            if os.name == "posix":
                import fcntl

                fcntl.flock(self.file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:  # pragma: no cover - Windows
                import msvcrt

                msvcrt.locking(self.file.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            self.file.seek(0)
            holder = self.file.read().strip()
            self.file.close()
            raise OutputError(
                f"{self.path.parent} is in use by another textkit extract{f' (process {holder})' if holder else ''}; "
                "wait for it to finish or choose another output folder"
            ) from None
        self.file.seek(0)
        self.file.truncate()
        self.file.write(str(os.getpid()))
        self.file.flush()
        return self

    def __exit__(self, *exc) -> None:
        self.file.close()  # closing releases the lock


class _Writing:
    """Turns a failed write (disk full, read-only, quota) into one :class:`OutputError`, leaving no ``.tmp`` behind."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir

    def __enter__(self) -> _Writing:
        return self

    def __exit__(self, kind, exc, tb) -> bool:
        if exc is None or not isinstance(exc, OSError):
            return False
        for stale in [*self.outdir.glob("*.tmp"), *self.outdir.glob("parts/*.tmp"), *self.outdir.glob("texts/*.tmp")]:
            _remove([stale])
        where = getattr(exc, "filename", None) or self.outdir
        raise OutputError(
            f"cannot write {_printable(str(where))}: {exc.strerror or exc}; free some space (or fix the folder) "
            "and run the same command again: finished documents are kept"
        ) from None


def run_extract(
    inputs: Sequence[str],
    outdir: str | Path,
    *,
    fmt: str = "csv",
    backend: str = "rjieba",
    lexicon: Sequence[str] = (),
    model: str | None = None,
    limits: Limits = Limits(),
    include: Sequence[str] = (),
    jobs: int = 1,
    dask: str | None = None,
    part_size: int = 500,
    write_texts: bool = True,
    progress: Callable[[Outcome], None] | None = None,
    messages: Callable[[str], None] = log.warning,
    overwrite: bool = False,
    follow_symlinks: bool = False,
    metadata: str | Path | None = None,
) -> RunSummary:
    """Process ``inputs`` and write the tables (see :data:`textkit.tables.TABLES`) to ``outdir``.

    Args:
        jobs: worker processes (1: in this process).
        dask: address of a Dask scheduler (``tcp://host:8786``), or ``"local"`` for a local cluster
            of ``jobs`` workers; takes the place of ``jobs``.
        part_size: documents per part folder (the unit of atomic writes and of resumption).
        progress: called with each finished :class:`Outcome` (with None for a document a resumed run skips).
        messages: where to say things the user should know (resumption, changed inputs).
        overwrite: replace what ``outdir`` holds from another run (else that is an :class:`OutputError`).
        follow_symlinks: read symbolic links to files outside the input folders too.
        metadata: a CSV sheet joined to the documents by path, file name or doc_id
            (:func:`textkit.covariates.read_metadata`); keys that match no document are reported.

    One run at a time per ``outdir`` (a lock).  Running the same command again over the same
    ``outdir`` resumes: finished documents are skipped, and a file that changed since (or is
    gone) has its old rows replaced.  An ``outdir`` holding a run with other inputs, options,
    textkit version or model is refused unless ``overwrite``; nothing is deleted unless asked.
    """
    start = time.perf_counter()
    outdir = Path(outdir)
    options = Options(backend, tuple(str(p) for p in lexicon), model, limits, fmt)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {_printable(str(outdir))}: {exc.strerror or exc}") from None
    with _Lock(outdir), _Writing(outdir):
        return _run_locked(inputs, outdir, options, include, jobs, dask, part_size, write_texts, progress, messages,
                           overwrite, follow_symlinks, metadata, start)


def _run_locked(inputs, outdir: Path, options: Options, include, jobs, dask, part_size, write_texts, progress, messages,
                overwrite, follow_symlinks, metadata, start) -> RunSummary:
    parts_dir = outdir / "parts"
    run_info = _run_json(options, inputs, include, follow_symlinks)
    join, unmatched = _metadata_join(metadata)
    if metadata is not None:
        run_info["options"]["metadata"] = hashlib.sha256(Path(metadata).read_bytes()).hexdigest()
    previous_info = None
    if (outdir / "run.json").exists():
        try:
            previous_info = json.loads((outdir / "run.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous_info = {}
    others = [p for p in outdir.iterdir() if p.name != LOCK_NAME]
    if previous_info == run_info:
        done_parts = _completed_parts(parts_dir)
        if done_parts:
            messages(f"resuming the run in {outdir}: {len(done_parts)} finished part(s) kept")
    elif others and not overwrite:
        what = "another textkit run (other inputs, options, version or model)" if previous_info is not None else "other files"
        raise OutputError(f"{outdir} holds {what}; use --overwrite to replace it, or choose another output folder")
    else:
        if others:
            messages(f"{outdir}: replacing the previous run (--overwrite)")
        _remove(_own_entries(outdir))
        done_parts = []
    _atomic_write(outdir / "run.json", json.dumps(run_info, ensure_ascii=False, indent=1))
    # what finished parts hold: path -> (doc_id, size, sha256, part); a later part wins over an earlier one
    finished: dict[str, tuple[str, str, str, Path]] = {}
    superseded: dict[Path, set[str]] = collections.defaultdict(set)
    for part in done_parts:
        for m in _manifest_of(part):
            if m["path"] in finished:
                superseded[finished[m["path"]][3]].add(m["path"])
            finished[m["path"]] = (m["doc_id"], m["size"], m["sha256"], part)
    summary = RunSummary()
    counts = Discovery()
    seen_paths: set[str] = set()

    def todo() -> Iterator[Input]:
        assigned = {path: entry[0] for path, entry in finished.items()}
        found = iter_inputs(inputs, include=include, counts=counts, limits=options.limits, exclude=[outdir],
                            follow_symlinks=follow_symlinks, assigned=assigned)
        for item in map(join, found):
            shown = _printable(item.path)
            seen_paths.add(shown)
            entry = finished.get(shown)
            if entry is not None and item.path != "-":
                if entry[1] == str(_size(item)) and entry[2] == _file_facts(item)[1]:
                    summary.n_resumed += 1
                    if progress is not None:
                        progress(None)
                    continue
                superseded[entry[3]].add(shown)  # changed since: its old rows go, it is done again
            yield item

    texts = outdir / "texts"
    if write_texts:
        texts.mkdir(exist_ok=True)
    parts_dir.mkdir(exist_ok=True)
    numbers = itertools.count(1 + max((int(p.name.split("-")[1]) for p in done_parts), default=0))
    runner, close = _runner(options, jobs, dask, lambda: next(numbers), outdir, part_size, write_texts)
    buffer: list[Outcome] = []
    try:
        for outcome in runner(todo()):
            if outcome.error is None:
                summary.n_ok += 1
                summary.n_chars += outcome.n_chars
                if write_texts and not outcome.written:
                    _atomic_write(texts / f"{outcome.doc_id}.txt", outcome.text)
            else:
                summary.n_failed += 1
                summary.errors.append(outcome.error)
            if not outcome.written:
                buffer.append(outcome)
            if len(buffer) >= part_size:
                _write_part(parts_dir, next(numbers), buffer, options.fmt)
                buffer = []
            if progress is not None:
                progress(outcome)
        if buffer or not any(parts_dir.glob("part-*[0-9]")):  # an empty run still has its (empty) tables
            _write_part(parts_dir, next(numbers), buffer, options.fmt)
    finally:
        close()
    gone = {path for path, entry in finished.items() if path not in seen_paths}
    for path in sorted(gone):
        superseded[finished[path][3]].add(path)
    if gone:
        messages(f"{len(gone)} document(s) of the previous run are no longer among the inputs: their rows are removed")
    for part, paths in sorted(superseded.items()):
        _rewrite_part(part, paths, options.fmt)
    _finish(outdir, options.fmt, write_texts)
    if note := unmatched():
        messages(note)
    summary.n_skipped = counts.skipped + counts.skipped_links
    summary.n_skipped_links = counts.skipped_links
    summary.skipped_paths = counts.skipped_paths
    summary.seconds = time.perf_counter() - start
    return summary


def _size(item: Input) -> int:
    if item.data is not None:
        return len(item.data)
    try:
        return os.path.getsize(item.path)
    except OSError:
        return -1


def _runner(options: Options, jobs: int, dask: str | None, part_number: Callable[[], int], outdir: Path, part_size: int,
            write_texts: bool):
    """A function from inputs to outcomes in input order, and how to shut it down.

    On Dask each task is a part of ``part_size`` documents whose rows and texts the worker writes
    itself (numbered by ``part_number`` as it is submitted, so in input order); the client only
    collects their manifest entries and merges the parts at the end.
    """
    if dask:
        from distributed import Client, LocalCluster

        if dask == "local":
            cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=logging.ERROR)  # no heartbeat warnings with tracebacks at shutdown
            client = Client(cluster)
        else:
            cluster, client = None, Client(dask)

        def close() -> None:
            client.close()
            if cluster is not None:
                cluster.close()

        window = 2 * max(1, sum(client.nthreads().values()))
        parts = _windowed(lambda items: client.submit(_dask_part, items, part_number(), str(outdir.resolve()), write_texts,
                                                      options, pure=False), lambda fut: fut.result(), window)

        def run(inputs: Iterator[Input]) -> Iterator[Outcome]:
            for outcomes in parts(_batched(inputs, part_size)):
                yield from outcomes

        return run, close
    if jobs > 1:
        return _pool(options, jobs)
    return _serial(options), lambda: None


def _batched(items: Iterator[T], n: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == n:
            yield batch
            batch = []
    if batch:
        yield batch


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8", newline="")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def _write_manifest(path: Path, entries: Iterable[dict]) -> None:
    """A manifest as CSV like every other table: UTF-8 with BOM, ``\\r\\n``, text cells neutralised."""
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(MANIFEST_COLUMNS)
        for m in entries:
            writer.writerow([neutralize(str(m[c])) if c != "size" else str(m[c]) for c in MANIFEST_COLUMNS])


def _write_part(parts_dir: Path, number: int, outcomes: list[Outcome], fmt: str) -> None:
    """Write one part folder (every table + its manifest) and rename it into place."""
    name = f"part-{number:06d}"
    tmp = parts_dir / f"{name}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        with TableWriter(tmp, fmt=fmt) as writer:
            for outcome in outcomes:
                for table, table_rows in outcome.tables.items():
                    writer.write(table, table_rows)
        _write_manifest(tmp / "manifest.csv", (o.manifest for o in outcomes))
        os.replace(tmp, parts_dir / name)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _rewrite_part(part: Path, paths: set[str], fmt: str) -> None:
    """Rewrite a finished part without the documents at ``paths`` (changed or gone since it was written)."""
    manifest = _manifest_of(part)
    drop_ids = {m["doc_id"] for m in manifest if m["path"] in paths}
    tmp = part.with_name(part.name + ".tmp")
    old = part.with_name(part.name + ".old")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        for table in TABLES:
            key, drop = ("path", paths) if table == "errors" else ("doc_id", drop_ids)
            filter_table(part / f"{table}.{fmt}", tmp / f"{table}.{fmt}", table, fmt, key, drop)
        _write_manifest(tmp / "manifest.csv", (m for m in manifest if m["path"] not in paths))
        os.replace(part, old)  # a kill from here to the next line loses the part: its documents are redone
        os.replace(tmp, part)
        shutil.rmtree(old, ignore_errors=True)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _finish(outdir: Path, fmt: str, write_texts: bool = True) -> None:
    """Merge the parts into one file per table and the run's manifest; remove what no longer belongs.

    Tables of other formats (from an earlier run) and texts of documents no longer in the run go.
    """
    parts = _completed_parts(outdir / "parts")
    entries = [m for p in parts for m in _manifest_of(p)]
    tmp = outdir / "manifest.csv.tmp"
    _write_manifest(tmp, entries)
    os.replace(tmp, outdir / "manifest.csv")
    for table in TABLES:
        merge_parts([p / f"{table}.{fmt}" for p in parts], outdir / f"{table}.{fmt}", table, fmt)
        _remove(outdir / f"{table}.{other}" for other in FORMATS if other != fmt)
    texts = outdir / "texts"
    if write_texts and texts.is_dir():
        keep = {f"{m['doc_id']}.txt" for m in entries if m["status"] == "ok"}
        _remove(p for p in texts.iterdir() if p.name not in keep)


def extract(
    paths: str | Path | Sequence[str | Path],
    *,
    nlp=None,
    limits: Limits = Limits(),
    include: Sequence[str] = (),
    metadata: str | Path | None = None,
) -> dict[str, pd.DataFrame]:
    """Analyse files or folders and return one DataFrame per table (documents, sections, …, errors).

    >>> tables = extract("corpora/sample")             # doctest: +SKIP
    >>> tables["sections"][["doc_id", "heading", "label"]].head()   # doctest: +SKIP
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    survey = survey_inputs([str(p) for p in paths], include=include, budget=0)
    if not survey.n_found:
        raise FileNotFoundError("no documents to read: " + "; ".join(
            [f"no such file or directory: {p!r}" for p in survey.missing] + [f"nothing to read in {p!r}" for p in survey.empty]))
    for p in survey.missing:
        warnings.warn(f"no such file or directory: {p!r} (an errors row)", stacklevel=2)
    if nlp is None:
        from .engine import shared_engine

        nlp = shared_engine()
    collected: dict[str, list[dict]] = {name: [] for name in TABLES}
    join, unmatched = _metadata_join(metadata)
    for item in map(join, iter_inputs([str(p) for p in paths], include=include)):
        result = process(item, nlp=nlp, limits=limits)
        if isinstance(result, DocumentResult) and item.metadata:
            result = _with_metadata(result, item.metadata)
        if isinstance(result, ErrorRecord):
            collected["errors"].append(error_row(result))
            if result.error_type != "not_found":
                collected["documents"].append(
                    document_row(DocumentInfo(doc_id=item.doc_id, path=result.path, status="error",
                                              error=f"{result.error_type}: {result.message}"))
                )
        else:
            for table, table_rows in rows(result).items():
                collected[table].extend(table_rows)
    if note := unmatched():
        log.warning("%s", note)
    return {name: to_frame(name, collected[name]) for name in TABLES}


def read(outdir: str | Path) -> dict[str, pd.DataFrame]:
    """The tables of an ``extract`` run in ``outdir``, loaded back with their types."""
    from .tables import read as read_tables

    return read_tables(outdir)
