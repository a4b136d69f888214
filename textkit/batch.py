"""Many documents: finding inputs, document ids, and the ``extract`` run that writes the tables.

Inputs are files, directories (searched recursively for supported formats),
glob patterns and ``-`` (standard input).  Each document's ``doc_id`` is its
path relative to the input it was found under, in POSIX form, with ``/``
written as ``__`` and characters other than letters, digits, ``.``, ``-`` and
``_`` replaced by ``_`` (``corpora/sample`` + ``gov/2019 报告.txt`` →
``gov__2019_报告.txt``); a file named directly has its file name as id.  So ids
are stable across runs and machines, and safe as file names.

A run streams: inputs are discovered lazily, documents are processed one task
each (in this process, a process pool, or on a Dask cluster), and finished rows
are written in input order to *part* folders ``OUTDIR/parts/part-NNNNNN/`` that
are renamed into place atomically.  Each part carries the manifest of its
documents (path, size, sha256, status), so running the same command again skips
what is finished; at the end CSV and JSONL parts are merged into one file per
table (parquet stays as part files that DuckDB and pandas read in place).
"""

from __future__ import annotations

import collections
import dataclasses
import fnmatch
import glob
import hashlib
import json
import logging
import os
import shutil
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import regex

from ._version import __version__
from .errors import LimitExceededError, ReadError, TextkitError, UnsupportedFormatError
from .reading import SUPPORTED_SUFFIXES, Limits, read_bytes, read_path
from .records import DocumentInfo, DocumentResult, ErrorRecord
from .tables import TABLES, TableWriter, document_row, error_row, render, rows, to_frame

log = logging.getLogger(__name__)
_UNSAFE = regex.compile(r"[^\p{L}\p{N}._-]")
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
    skipped_paths: list[str] = field(default_factory=list)  # the first MAX_LISTED of them

    def skip(self, path: str) -> None:
        self.skipped += 1
        if len(self.skipped_paths) < MAX_LISTED:
            self.skipped_paths.append(_printable(path))


MAX_LISTED = 10_000


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


def _walk(root: str, wanted: Callable[[str], bool], counts: Discovery) -> Iterator[tuple[str, str]]:
    """``(relative, full)`` for wanted files under ``root``, depth first in sorted order; no symlinked folders."""
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
                is_file = entry.is_file()
            except OSError:
                is_dir = is_file = False
            if is_dir:
                subdirs.append(rel)
            elif wanted(entry.name) and (is_file or entry.is_symlink()):
                yield rel, entry.path  # a broken or looping link is read, and reported, like any file
            else:
                counts.skip(entry.path)
        stack.extend(reversed(subdirs))


def iter_inputs(inputs: Sequence[str], *, include: Sequence[str] = (), counts: Discovery | None = None) -> Iterator[Input]:
    """Expand files, folders, glob patterns and ``-`` into documents, lazily and in a stable order.

    Folders are searched recursively for supported formats (``include`` globs such as
    ``*.md`` add more); other files there are counted as skipped (in ``counts``).
    Symbolic links to folders are not followed (no loops).  A file named explicitly
    in an unsupported format is an error, as is a path that does not exist.
    """
    counts = counts if counts is not None else Discovery()
    seen: set[str] = set()

    def make(path: str, relative: str, error: ErrorRecord | None = None, data: bytes | None = None) -> Input:
        doc_id, n = make_doc_id(relative), 1
        while doc_id in seen:
            n += 1
            doc_id = f"{make_doc_id(relative)}~{n}"
        seen.add(doc_id)
        return Input(path, doc_id, error, data)

    def wanted(name: str) -> bool:
        return name.lower().endswith(SUPPORTED_SUFFIXES) or any(fnmatch.fnmatch(name, g) for g in include)

    for item in inputs:
        if item == "-":
            yield make("-", "stdin.txt", data=sys.stdin.buffer.read())
        elif os.path.isdir(item):
            for relative, full in _walk(item, wanted, counts):
                yield make(full, relative)
        elif os.path.exists(item) or os.path.islink(item):
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
            for full in sorted(glob.iglob(item, recursive=True)):
                if os.path.isfile(full):
                    if wanted(os.path.basename(full)):
                        yield make(full, os.path.relpath(full, base))
                    else:
                        counts.skip(full)
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


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def _with_time_limit(seconds: float, work: Callable[[], DocumentResult]) -> DocumentResult:
    """Run ``work`` under a SIGALRM timer where one is available (Unix, main thread)."""
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        return work()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    except _Timeout:
        raise LimitExceededError(f"analysis took longer than {seconds:g} s (--timeout)") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def process(item: Input, *, nlp=None, limits: Limits = Limits()) -> DocumentResult | ErrorRecord:
    """Read and analyse one input; any failure comes back as an :class:`ErrorRecord`, never raised."""
    from .analysis import analyze_raw

    if item.error is not None:
        return item.error
    shown = _printable(item.path)
    if nlp is None:
        from .pipeline import shared_pipeline

        nlp = shared_pipeline()
    try:
        if item.data is not None:
            raw = read_bytes(item.data, name="stdin.txt", limits=limits)
        elif Path(item.path).suffix.lower() in SUPPORTED_SUFFIXES:
            raw = read_path(item.path, limits=limits)
        else:  # --include: read as plain text
            raw = read_bytes(Path(item.path).read_bytes(), name="include.txt", limits=limits)
        return _with_time_limit(limits.timeout, lambda: analyze_raw(raw, doc_id=item.doc_id, path=shown, nlp=nlp))
    except TextkitError as exc:
        return ErrorRecord(shown, exc.error_type, str(exc))
    except OSError as exc:
        return ErrorRecord(shown, ReadError.error_type, f"cannot read file: {exc.strerror or exc}")
    except MemoryError:
        return ErrorRecord(shown, LimitExceededError.error_type, "out of memory while analysing the document")
    except Exception as exc:  # a bug in textkit must not stop the run: report it for this file
        log.debug("internal error on %s", shown, exc_info=True)
        return ErrorRecord(shown, "internal_error", f"{type(exc).__name__}: {exc} (please report this as a textkit bug)")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a worker sends back for one document: its rows (or error), text and manifest entry."""

    doc_id: str
    tables: dict  # table -> rows (parquet) or their CSV/JSONL text (rendered in the worker)
    text: str | None
    manifest: dict
    n_chars: int
    error: ErrorRecord | None


def _file_facts(item: Input) -> tuple[int, str]:
    if item.data is not None:
        return len(item.data), hashlib.sha256(item.data).hexdigest()
    try:
        size = os.path.getsize(item.path)
        if size > Limits().max_bytes * 16:
            return size, ""
        digest = hashlib.sha256()
        with open(item.path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        return size, digest.hexdigest()
    except OSError:
        return -1, ""


def process_for_batch(item: Input, options: Options) -> Outcome:
    """Process one input in a worker (the pipeline loads once per worker process)."""
    from .pipeline import shared_pipeline

    nlp = shared_pipeline(options.backend, options.lexicon, options.model) if item.error is None else None
    result = process(item, nlp=nlp, limits=options.limits)
    if isinstance(result, DocumentResult) and item.metadata:
        result = _with_metadata(result, item.metadata)
    if isinstance(result, DocumentResult):
        size, sha = _size(item), result.info.sha256
    else:
        size, sha = _file_facts(item) if result.error_type != "not_found" else (-1, "")
    manifest = {"path": _printable(item.path), "doc_id": item.doc_id, "size": size, "sha256": sha}
    if isinstance(result, ErrorRecord):
        tables = {"errors": [error_row(result)]}
        if result.error_type != "not_found":
            info = DocumentInfo(doc_id=item.doc_id, path=result.path, sha256=sha, status="error",
                                error=f"{result.error_type}: {result.message}")
            tables["documents"] = [document_row(info)]
        outcome = Outcome(item.doc_id, tables, None, {**manifest, "status": "error"}, 0, result)
    else:
        outcome = Outcome(item.doc_id, rows(result), result.text, {**manifest, "status": "ok"}, result.info.n_chars, None)
    if options.fmt != "parquet":  # the writing process then only appends text
        outcome = dataclasses.replace(outcome, tables={t: render(t, r, options.fmt) for t, r in outcome.tables.items()})
    return outcome


def _with_metadata(result: DocumentResult, values) -> DocumentResult:
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
    n_skipped: int = 0
    n_resumed: int = 0
    n_chars: int = 0
    seconds: float = 0.0
    errors: list[ErrorRecord] = field(default_factory=list)
    skipped_paths: list[str] = field(default_factory=list)  # the first Discovery.MAX_LISTED skipped files

    def __str__(self) -> str:
        rate = self.n_chars / self.seconds if self.seconds else 0.0
        resumed = f", {self.n_resumed} already done" if self.n_resumed else ""
        return (
            f"{self.n_ok} documents ok, {self.n_failed} failed{resumed}, {self.n_skipped} files skipped; "
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


def _model_fingerprint(model: str | None) -> str:
    """SHA-256 of the section model file the run uses ("" when there is none)."""
    path = Path(model) if model else Path(__file__).resolve().parents[1] / "models" / "sections.skops"
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _run_json(options: Options, inputs: Sequence[str], include: Sequence[str]) -> dict:
    return {
        "textkit_version": __version__,
        "model": _model_fingerprint(options.model),
        "options": {
            "inputs": list(inputs), "include": list(include), "format": options.fmt, "backend": options.backend,
            "lexicon": list(options.lexicon), "limits": dataclasses.asdict(options.limits),
        },
    }


def _completed_parts(parts_dir: Path) -> list[Path]:
    if not parts_dir.is_dir():
        return []
    for stale in parts_dir.glob("*.tmp"):
        shutil.rmtree(stale, ignore_errors=True)
    return sorted(p for p in parts_dir.iterdir() if p.is_dir() and p.name.startswith("part-"))


def _manifest_of(part: Path) -> pd.DataFrame:
    return pd.read_csv(part / "manifest.csv", dtype=str, keep_default_na=False, encoding="utf-8")


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
    metadata: str | Path | None = None,
) -> RunSummary:
    """Process ``inputs`` and write the tables (see :data:`textkit.tables.TABLES`) to ``outdir``.

    Args:
        jobs: worker processes (1: in this process).
        dask: address of a Dask scheduler (``tcp://host:8786``), or ``"local"`` for a local cluster
            of ``jobs`` workers; takes the place of ``jobs``.
        part_size: documents per part folder (the unit of atomic writes and of resumption).
        progress: called with each finished :class:`Outcome` (with None for a document a resumed run skips).
        messages: where to say things the user should know (resumption, changed options).
        metadata: a CSV sheet joined to the documents by path, file name or doc_id
            (:func:`textkit.covariates.read_metadata`); keys that match no document are reported.

    Running the same command again over the same ``outdir`` skips finished documents;
    when the textkit version, the model or the options differ, it says so and starts afresh.
    """
    start = time.perf_counter()
    outdir = Path(outdir)
    options = Options(backend, tuple(str(p) for p in lexicon), model, limits, fmt)
    outdir.mkdir(parents=True, exist_ok=True)
    parts_dir = outdir / "parts"
    run_info = _run_json(options, inputs, include)
    join, unmatched = _metadata_join(metadata)
    if metadata is not None:
        run_info["options"]["metadata"] = hashlib.sha256(Path(metadata).read_bytes()).hexdigest()
    previous_info = None
    if (outdir / "run.json").exists():
        try:
            previous_info = json.loads((outdir / "run.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous_info = None
    done_parts = _completed_parts(parts_dir)
    if done_parts and previous_info != run_info:
        messages(f"{outdir} holds a run made with other versions or options; starting afresh")
        shutil.rmtree(parts_dir)
        done_parts = []
    elif done_parts:
        messages(f"resuming the run in {outdir}: {len(done_parts)} finished part(s) kept")
    _atomic_write(outdir / "run.json", json.dumps(run_info, ensure_ascii=False, indent=1))
    finished: dict[tuple[str, str], str] = {}
    for part in done_parts:
        for m in _manifest_of(part).itertuples():
            finished[(m.path, m.size)] = m.sha256
    summary = RunSummary()
    counts = Discovery()

    def todo() -> Iterator[Input]:
        for item in map(join, iter_inputs(inputs, include=include, counts=counts)):
            key = (_printable(item.path), str(_size(item)))
            if key in finished and finished[key] == _file_facts(item)[1]:
                summary.n_resumed += 1
                if progress is not None:
                    progress(None)
                continue
            yield item

    texts = outdir / "texts"
    if write_texts:
        texts.mkdir(exist_ok=True)
    parts_dir.mkdir(exist_ok=True)
    next_part = 1 + max((int(p.name.split("-")[1]) for p in done_parts), default=0)
    runner, close = _runner(options, jobs, dask)
    buffer: list[Outcome] = []
    try:
        for outcome in runner(todo()):
            if outcome.error is None:
                summary.n_ok += 1
                summary.n_chars += outcome.n_chars
                if write_texts:
                    _atomic_write(texts / f"{outcome.doc_id}.txt", outcome.text)
            else:
                summary.n_failed += 1
                summary.errors.append(outcome.error)
            buffer.append(outcome)
            if len(buffer) >= part_size:
                _write_part(parts_dir, next_part, buffer, fmt)
                next_part, buffer = next_part + 1, []
            if progress is not None:
                progress(outcome)
        if buffer or next_part == 1:
            _write_part(parts_dir, next_part, buffer, fmt)
    finally:
        close()
    _finish(outdir, fmt)
    if note := unmatched():
        messages(note)
    summary.n_skipped, summary.skipped_paths = counts.skipped, counts.skipped_paths
    summary.seconds = time.perf_counter() - start
    return summary


def _size(item: Input) -> int:
    if item.data is not None:
        return len(item.data)
    try:
        return os.path.getsize(item.path)
    except OSError:
        return -1


def _runner(options: Options, jobs: int, dask: str | None):
    """A function from inputs to outcomes in input order, and how to shut it down."""
    if dask:
        from distributed import Client, LocalCluster

        if dask == "local":
            cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
        else:
            cluster, client = None, Client(dask)

        def close() -> None:
            client.close()
            if cluster is not None:
                cluster.close()

        window = 4 * max(1, sum(client.nthreads().values()))
        return _windowed(lambda item: client.submit(process_for_batch, item, options, pure=False),
                         lambda fut: fut.result(), window), close
    if jobs > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))
        return _windowed(lambda item: pool.submit(process_for_batch, item, options), lambda fut: fut.result(),
                         4 * jobs), lambda: pool.shutdown(cancel_futures=True)
    return _serial(options), lambda: None


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    os.replace(tmp, path)


def _write_part(parts_dir: Path, number: int, outcomes: list[Outcome], fmt: str) -> None:
    """Write one part folder (every table + its manifest) and rename it into place."""
    name = f"part-{number:06d}"
    tmp = parts_dir / f"{name}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    with TableWriter(tmp, fmt=fmt) as writer:
        for outcome in outcomes:
            for table, table_rows in outcome.tables.items():
                writer.write(table, table_rows)
    pd.DataFrame([o.manifest for o in outcomes], columns=list(MANIFEST_COLUMNS)).to_csv(
        tmp / "manifest.csv", index=False, encoding="utf-8"
    )
    os.replace(tmp, parts_dir / name)


def _finish(outdir: Path, fmt: str) -> None:
    """Merge the parts into one file per table (CSV, JSONL) and the run's manifest."""
    parts = _completed_parts(outdir / "parts")
    manifests = [_manifest_of(p) for p in parts]
    merged = pd.concat(manifests, ignore_index=True) if manifests else pd.DataFrame(columns=list(MANIFEST_COLUMNS))
    tmp = outdir / "manifest.csv.tmp"
    merged.to_csv(tmp, index=False, encoding="utf-8")
    os.replace(tmp, outdir / "manifest.csv")
    if fmt == "parquet":
        return
    for table in TABLES:
        target = outdir / f"{table}.{fmt}"
        tmp = outdir / f"{table}.{fmt}.tmp"
        with open(tmp, "wb") as out:
            for i, part in enumerate(parts):
                data = (part / f"{table}.{fmt}").read_bytes()
                if fmt == "csv" and i > 0:  # keep one BOM and header
                    data = data[data.index(b"\n") + 1 :]
                out.write(data)
        os.replace(tmp, target)


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
        from .pipeline import shared_pipeline

        nlp = shared_pipeline()
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
