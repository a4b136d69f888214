"""SQL over the tables of an ``extract`` or ``compare`` OUTDIR, read in place and read-only (DuckDB).

Every table file of OUTDIR is a view named after it: ``NAME.csv``, ``NAME.jsonl``, ``NAME.parquet``
(one file, or a folder of parquet files) and the part files ``parts/part-*/NAME.parquet`` of a
parquet run.  A view has the same columns, types and values whatever format the table was written
in: text cells have no ``'`` formula prefix, empty text is NULL, whole numbers are BIGINT, other
numbers DOUBLE, dates DATE.

A query is exactly one read-only statement (a SELECT), run on a connection that can read nothing
but those files: external access off, extensions never installed or loaded, configuration locked.

>>> query("out", "SELECT unit, count(*) AS n FROM statistics GROUP BY unit")   # doctest: +SKIP
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import math
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import QueryError
from .tables import SCHEMAS

FORMAT_ORDER = ("parquet", "csv", "jsonl")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DUCK = {"string": "VARCHAR", "Int64": "BIGINT", "Float64": "DOUBLE", "decimal": "DOUBLE", "date": "DATE"}
# column → type, for the columns of extract's tables and the ones compare adds
KNOWN: dict[str, str] = {c: _DUCK[k] for schema in SCHEMAS.values() for c, k in schema.items()}
KNOWN |= {"run": "VARCHAR", "size": "BIGINT", "year": "BIGINT", "rank": "BIGINT", "row": "BIGINT",
          "term_id": "BIGINT", "df": "BIGINT", "cf": "BIGINT", "count": "BIGINT", "chars": "BIGINT",
          "first_char_start": "BIGINT", "present": "BOOLEAN", "share": "DOUBLE", "cosine": "DOUBLE",
          "similarity": "DOUBLE", "max_similarity": "DOUBLE", "score": "DOUBLE", "term": "VARCHAR",
          "name": "VARCHAR", "scope": "VARCHAR", "variants": "VARCHAR", "section_ids": "VARCHAR",
          "headings": "VARCHAR", "documents": "VARCHAR", "section_label": "VARCHAR"}
_INTEGER = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT")


@dataclass(frozen=True)
class Source:
    """One table of OUTDIR: its name, the format it was written in, and its files."""

    name: str
    fmt: str
    files: tuple[Path, ...]


def _regular(entry: os.DirEntry) -> bool:
    return entry.is_file(follow_symlinks=False)


def find_tables(outdir: str | Path) -> dict[str, Source]:
    """The tables of ``outdir`` (only its own regular files; links are never followed), by name.

    When a table exists in several formats, the format of the run (``run.json``) wins, then
    parquet, CSV, JSONL.
    """
    outdir = Path(outdir)
    found: dict[str, dict[str, tuple[Path, ...]]] = {}
    with os.scandir(outdir) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            stem, dot, ext = entry.name.rpartition(".")
            if not dot or not _NAME.fullmatch(stem) or ext not in FORMAT_ORDER:
                continue
            if _regular(entry):
                found.setdefault(stem, {})[ext] = (Path(entry.path),)
            elif ext == "parquet" and entry.is_dir(follow_symlinks=False):
                with os.scandir(entry.path) as inside:
                    files = tuple(Path(e.path) for e in sorted(inside, key=lambda e: e.name)
                                  if e.name.endswith(".parquet") and _regular(e))
                if files:
                    found.setdefault(stem, {})["parquet"] = files
    parts = outdir / "parts"
    if parts.is_dir() and not parts.is_symlink():  # a parquet run's part files
        by_name: dict[str, list[Path]] = {}
        with os.scandir(parts) as entries:
            folders = sorted((e for e in entries if e.name.startswith("part-") and not e.name.endswith(".tmp")
                              and e.is_dir(follow_symlinks=False)), key=lambda e: e.name)
        for folder in folders:
            with os.scandir(folder.path) as inside:
                for e in sorted(inside, key=lambda e: e.name):
                    stem = e.name[: -len(".parquet")]
                    if e.name.endswith(".parquet") and _NAME.fullmatch(stem) and _regular(e):
                        by_name.setdefault(stem, []).append(Path(e.path))
        for stem, files in by_name.items():
            found.setdefault(stem, {}).setdefault("parquet", tuple(files))
    preferred = _run_format(outdir)
    tables = {}
    for name, formats in sorted(found.items()):
        fmt = preferred if preferred in formats else next(f for f in FORMAT_ORDER if f in formats)
        tables[name] = Source(name, fmt, formats[fmt])
    return tables


def _run_format(outdir: Path) -> str | None:
    try:
        return json.loads((outdir / "run.json").read_text(encoding="utf-8"))["options"]["format"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


# --- the connection --------------------------------------------------------------------------------


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _escape_glob(path: str) -> str:
    """A path DuckDB reads as itself: ``out[1]`` must not match ``out1``."""
    return re.sub(r"([\[*?])", r"[\1]", path)


def _files(source: Source) -> str:
    return "[" + ", ".join(_literal(_escape_glob(str(p.resolve()))) for p in source.files) + "]"


def _by_name(column: str) -> str | None:
    """The type textkit gives ``column`` (``doc_id_a`` as ``doc_id``), or None for a name it does not know."""
    base = re.sub(r"_[ab]$", "", column)
    known = KNOWN.get(column) or KNOWN.get(base)
    if known:
        return known
    if base.startswith("n_") or base.endswith(("char_start", "char_end")):
        return "BIGINT"
    return None


def _target(column: str, detected: str) -> str:
    """The type of ``column`` in every format: known names by name, others by kind (numbers DOUBLE)."""
    known = _by_name(column)
    if known:
        return known
    if detected in _INTEGER or detected in ("DOUBLE", "FLOAT") or detected.startswith("DECIMAL"):
        return "DOUBLE"
    if detected.startswith("TIMESTAMP") or detected == "DATE":
        return "DATE"
    return "BOOLEAN" if detected == "BOOLEAN" else "VARCHAR"


def _csv_header(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return next(csv.reader(f), [])


def _jsonl_keys(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                return list(json.loads(line))
    return []


def _view_sql(con, source: Source) -> str | None:
    """``SELECT …`` of the view of ``source``, with every column cast to its type (None: no columns)."""
    import duckdb

    files = _files(source)
    if source.fmt == "csv":
        columns = _csv_header(source.files[0])
        raw = f"read_csv({files}, header=true, all_varchar=true, quote='\"', escape='\"', delim=',', union_by_name=true)"
        sniffed = f"read_csv({files}, header=true, quote='\"', escape='\"', delim=',', union_by_name=true)"
    elif source.fmt == "jsonl":
        columns = _jsonl_keys(source.files[0]) or list(SCHEMAS.get(source.name, {}))
        typed = "{" + ", ".join(f"{_literal(c)}: 'VARCHAR'" for c in columns) + "}"
        raw = f"read_json({files}, format='newline_delimited', columns={typed})"
        sniffed = f"read_json({files}, format='newline_delimited')"
    else:
        raw = sniffed = f"read_parquet({files}, union_by_name=true)"
        columns = None
    detected = {}
    if columns is None or not all(map(_by_name, columns)):
        try:  # the types DuckDB sees in the file, for the columns textkit does not know by name
            detected = {row[0]: row[1] for row in con.execute(f"DESCRIBE SELECT * FROM {sniffed}").fetchall()}
        except duckdb.Error:  # an empty file
            detected = {}
    if columns is None:
        columns = list(detected)
    if not columns:
        return None
    parts = []
    for c in columns:
        kind = _target(c, detected.get(c, "VARCHAR"))
        expr = _ident(c)
        if kind == "VARCHAR":
            if source.fmt == "csv":  # the CSV writers prefix ' to text a spreadsheet would run as a formula
                expr = f"CASE WHEN regexp_matches({expr}, '^''[=+@-]') THEN substr({expr}, 2) ELSE {expr} END"
            parts.append(f"NULLIF(CAST({expr} AS VARCHAR), '') AS {_ident(c)}")
        else:
            if source.fmt != "parquet":
                expr = f"NULLIF({expr}, '')"
            parts.append(f"TRY_CAST({expr} AS {kind}) AS {_ident(c)}")
    return f"SELECT {', '.join(parts)} FROM {raw}"


def connect(outdir: str | Path):
    """A DuckDB connection with one view per table of ``outdir`` that can read nothing else.

    Returns ``(connection, tables)``.  Raises :class:`~textkit.errors.QueryError` when ``outdir``
    holds no table, ImportError without DuckDB.
    """
    try:
        import duckdb
    except ImportError as exc:
        raise ImportError("textkit query needs DuckDB: pip install duckdb") from exc
    outdir = Path(outdir)
    if not outdir.is_dir():
        raise QueryError(f"{outdir} is not a folder")
    tables = find_tables(outdir)
    if not tables:
        raise QueryError(f"no tables in {outdir} (an OUTDIR of textkit extract or textkit compare holds NAME.csv, .parquet or .jsonl)")
    con = duckdb.connect(":memory:", config={
        "autoinstall_known_extensions": False, "autoload_known_extensions": False,
        "allow_community_extensions": False,
    })
    allowed = []
    for source in tables.values():
        for p in source.files:
            allowed += [str(p.resolve()), _escape_glob(str(p.resolve()))]
    con.execute(f"SET allowed_paths = [{', '.join(_literal(p) for p in allowed)}]")
    con.execute("SET enable_external_access = false")
    views = {}
    for name, source in tables.items():
        select = _view_sql(con, source)
        if select is not None:
            con.execute(f"CREATE VIEW {_ident(name)} AS {select}")
            views[name] = source
    con.execute("SET lock_configuration = true")
    return con, views


def _statement(sql: str):
    """The one read-only statement of ``sql``, or a :class:`QueryError`."""
    import duckdb

    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(_first_line(exc)) from None
    if len(statements) != 1:
        raise QueryError(f"give exactly one SQL statement, not {len(statements)}")
    statement = statements[0]
    if statement.type != duckdb.StatementType.SELECT:
        raise QueryError(f"only read-only queries (SELECT …) are run, not {statement.type.name}")
    return statement


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _execute(outdir: str | Path, sql: str):
    import duckdb

    statement = _statement(sql)
    con, views = connect(outdir)
    try:
        return con, con.execute(statement)
    except duckdb.PermissionException:
        con.close()
        raise QueryError(f"textkit query reads only the tables of {outdir}; use their views: {', '.join(views)}") from None
    except duckdb.Error as exc:
        con.close()
        raise QueryError(f"{_first_line(exc)} (tables in {outdir}: {', '.join(views)})") from None


def run_query(outdir: str | Path, sql: str) -> tuple[list[str], list[tuple]]:
    """Column names and rows (Python values; NULL is None) of one read-only query over ``outdir``'s tables."""
    con, result = _execute(outdir, sql)
    try:
        columns = [d[0] for d in result.description or []]
        return columns, result.fetchall()
    finally:
        con.close()


def query(outdir: str | Path, sql: str):
    """A pandas DataFrame of one read-only query over ``outdir``'s tables (see the module docstring)."""
    con, result = _execute(outdir, sql)
    try:
        return result.fetchdf()
    finally:
        con.close()


def describe(outdir: str | Path) -> dict[str, dict]:
    """``{table: {"format", "files", "columns": {column: type}}}`` for every table of ``outdir``."""
    outdir = Path(outdir)
    con, views = connect(outdir)
    try:
        out = {}
        for name, source in find_tables(outdir).items():  # an empty JSONL table has no view: no columns
            columns = ({row[0]: row[1] for row in con.execute(f"DESCRIBE {_ident(name)}").fetchall()}
                       if name in views else {})
            files = [str(p.relative_to(outdir)) for p in source.files]
            out[name] = {"format": source.fmt, "files": files, "columns": columns}
        return out
    finally:
        con.close()


# --- output ----------------------------------------------------------------------------------------


def _number(value: float) -> str:
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return format(decimal.Decimal(repr(value)), "f")


def cell(value) -> str:
    """A value as text in CSV and table output: empty for NULL (and NaN), ISO dates, plain decimals."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(_json_value(value), ensure_ascii=False)
    return str(value)


def _json_value(value):
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def format_rows(columns: Sequence[str], rows: Sequence[tuple], fmt: str = "table") -> str:
    """Rows as ``table`` (aligned, for people), ``csv``, ``json`` (one array) or ``jsonl`` (one object a line)."""
    if fmt == "json":
        return json.dumps([dict(zip(columns, map(_json_value, r))) for r in rows], ensure_ascii=False, indent=1) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(dict(zip(columns, map(_json_value, r))), ensure_ascii=False) + "\n" for r in rows)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([cell(v) for v in r] for r in rows)
        return buf.getvalue()
    if fmt != "table":
        raise ValueError(f"unknown output format {fmt!r}; expected table, csv, json or jsonl")
    texts = [[cell(v).replace("\n", "\\n") for v in r] for r in rows]
    numeric = [all(isinstance(r[i], (int, float, decimal.Decimal)) and not isinstance(r[i], bool) or r[i] is None
                   for r in rows) for i in range(len(columns))]
    widths = [max([_width(c)] + [_width(t[i]) for t in texts]) for i, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        padded = [(" " * (w - _width(v)) + v) if num else (v + " " * (w - _width(v)))
                  for v, w, num in zip(values, widths, numeric)]
        return "  ".join(padded).rstrip()

    out = [line(columns), line(["-" * w for w in widths])] + [line(t) for t in texts]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
