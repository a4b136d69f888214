"""The output tables: fixed columns, records → rows → pandas, and CSV/parquet/JSONL writers.

The column names and their order are the output contract that users' scripts
rely on (documented in README.md).  :func:`rows` turns one
:class:`~textkit.records.DocumentResult` into rows of every table;
:func:`to_frame` turns rows (or results) into a DataFrame with the fixed columns
and types; :class:`TableWriter` appends rows to files as documents finish.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import json
import math
import os
import shutil
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from .records import DocumentInfo, DocumentResult, ErrorRecord

if TYPE_CHECKING:  # the writers need no pandas (0.6 s to import); the frames import it when they are made
    import pandas as pd

# column → pandas dtype; the order is the order in the files
SCHEMAS: dict[str, dict[str, str]] = {
    "documents": {
        "doc_id": "string", "path": "string", "sha256": "string", "title": "string", "genre": "string",
        "doc_number": "string", "issuer": "string",
        "year": "Int64", "region": "string", "region_code": "string", "admin_level": "string", "speaker": "string",
        "doc_date": "date", "period_start": "date",
        "period_end": "date", "encoding": "string", "n_replaced": "Int64", "n_chars": "Int64", "n_sections": "Int64",
        "status": "string", "error": "string", "metadata": "string",
    },
    "sections": {
        "doc_id": "string", "section_id": "string", "parent_id": "string", "level": "Int64", "number": "string",
        "heading": "string", "label": "string", "label_group": "string", "label_score": "Float64",
        "char_start": "Int64", "char_end": "Int64", "text": "string",
    },
    "entities": {
        "doc_id": "string", "section_id": "string", "label": "string", "text": "string", "canonical": "string",
        "char_start": "Int64", "char_end": "Int64", "roles": "string", "sentence": "string",
        "rule": "string", "score": "Float64",
    },
    "dates": {
        "doc_id": "string", "section_id": "string", "text": "string", "start": "date", "end": "date",
        "granularity": "string", "char_start": "Int64", "char_end": "Int64",
    },
    "statistics": {
        "doc_id": "string", "section_id": "string", "text": "string", "indicator": "string", "metric": "string",
        "value": "decimal", "value_max": "decimal", "unit": "string", "qualifier": "string", "change": "string",
        "kind": "string", "period_start": "date", "period_end": "date", "char_start": "Int64", "char_end": "Int64",
        "sentence": "string",
    },
    "errors": {"path": "string", "error_type": "string", "message": "string"},
}
TABLES = tuple(SCHEMAS)
COLUMNS: dict[str, tuple[str, ...]] = {name: tuple(schema) for name, schema in SCHEMAS.items()}
FORMATS = ("csv", "parquet", "jsonl")
_FORMULA_START = ("=", "+", "-", "@")


MAX_SENTENCE_CHARS = 500


class _Locator:
    """Finds the innermost section and the sentence that contain an offset, each in O(log n).

    Sections nest (a section holds its sub-sections), so the innermost one that contains an
    offset is the last-starting section before it, or one of that section's ancestors.
    """

    def __init__(self, result: DocumentResult) -> None:
        self.text = result.text
        order = sorted(range(len(result.sections)), key=lambda i: (result.sections[i].char_start, result.sections[i].level, i))
        self.sections = [result.sections[i] for i in order]
        self.section_starts = [s.char_start for s in self.sections]
        self.by_id = {s.section_id: s for s in result.sections}
        self.sentences = list(result.sentences)
        self.sentence_starts = [a for a, _ in self.sentences]

    def section_id(self, pos: int) -> str:
        i = bisect.bisect_right(self.section_starts, pos) - 1
        seen = 0
        while i >= 0 and seen < 64:
            s = self.sections[i]
            while s is not None and not (s.char_start <= pos < s.char_end):
                s = self.by_id.get(s.parent_id) if s.parent_id else None
            if s is not None:
                return s.section_id
            # the last-starting section and its ancestors end before pos: try the section before it
            i -= 1
            seen += 1
        return ""

    def sentence(self, start: int, end: int) -> str:
        """The sentence containing ``start``; when it is longer than :data:`MAX_SENTENCE_CHARS`,
        the window of that many characters of it centred on the mention ``[start, end)``."""
        i = bisect.bisect_right(self.sentence_starts, start) - 1
        if i < 0:
            return ""
        a, b = self.sentences[i]
        if not a <= start < b:
            return ""
        if b - a > MAX_SENTENCE_CHARS:
            left = max(a, min(start - max(0, MAX_SENTENCE_CHARS - (end - start)) // 2, b - MAX_SENTENCE_CHARS))
            a, b = left, min(b, left + MAX_SENTENCE_CHARS)
        return self.text[a:b]


def document_row(info: DocumentInfo) -> dict:
    return {name: getattr(info, name) for name in COLUMNS["documents"]}


def error_row(error: ErrorRecord) -> dict:
    return {"path": error.path, "error_type": error.error_type, "message": error.message}


def rows(result: DocumentResult) -> dict[str, list[dict]]:
    """Rows of every table (but ``errors``) for one analysed document."""
    doc_id = result.info.doc_id
    where = _Locator(result)
    text = result.text
    out: dict[str, list[dict]] = {"documents": [document_row(result.info)]}
    out["sections"] = [
        {
            "doc_id": doc_id, "section_id": s.section_id, "parent_id": s.parent_id, "level": s.level,
            "number": s.number, "heading": s.heading, "label": s.label, "label_group": s.label_group,
            "label_score": s.label_score, "char_start": s.char_start, "char_end": s.char_end,
            "text": text[s.char_start : s.char_end],
        }
        for s in result.sections
    ]
    out["entities"] = [
        {
            "doc_id": doc_id, "section_id": where.section_id(e.char_start), "label": e.label, "text": e.text,
            "canonical": e.canonical or e.text, "char_start": e.char_start, "char_end": e.char_end,
            "roles": "|".join(e.roles), "sentence": where.sentence(e.char_start, e.char_end),
            "rule": e.rule, "score": None if e.score is None else round(e.score, 3),
        }
        for e in result.entities
    ]
    out["dates"] = [
        {
            "doc_id": doc_id, "section_id": where.section_id(d.char_start), "text": d.text, "start": d.start,
            "end": d.end, "granularity": d.granularity, "char_start": d.char_start, "char_end": d.char_end,
        }
        for d in result.dates
    ]
    out["statistics"] = [
        {
            "doc_id": doc_id, "section_id": where.section_id(s.char_start), "text": s.text,
            "indicator": s.indicator, "metric": s.metric, "value": s.value, "value_max": s.value_max,
            "unit": s.unit, "qualifier": s.qualifier, "change": s.change, "kind": s.kind,
            "period_start": s.period_start, "period_end": s.period_end, "char_start": s.char_start, "char_end": s.char_end,
            "sentence": where.sentence(s.char_start, s.char_end),
        }
        for s in result.statistics
    ]
    return out


def to_frame(table: str, data: DocumentResult | Iterable[dict] | Iterable[DocumentResult]) -> pd.DataFrame:
    """A DataFrame of ``table`` with its fixed columns and types, from one document result, many, or rows.

    >>> to_frame("dates", []).columns.tolist()[:3]
    ['doc_id', 'section_id', 'text']
    """
    if table not in SCHEMAS:
        raise ValueError(f"unknown table {table!r}; expected one of {TABLES}")
    if isinstance(data, DocumentResult):
        data = [data]
    records: list[dict] = []
    for item in data:
        if isinstance(item, DocumentResult):
            records.extend(rows(item)[table] if table != "errors" else [])
        else:
            records.append(item)
    import pandas as pd

    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS[table]))
    return _typed(frame, table)


def _typed(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    import pandas as pd

    for column, kind in SCHEMAS[table].items():
        values = frame[column]
        if kind == "date":
            frame[column] = pd.to_datetime(values.map(_iso), errors="coerce").astype("datetime64[s]")
        elif kind == "decimal":
            frame[column] = pd.to_numeric(values.map(_plain), errors="coerce").astype("Float64")
        elif kind == "Int64":
            frame[column] = pd.to_numeric(values.replace("", None), errors="coerce").astype("Int64")
        elif kind == "Float64":
            frame[column] = pd.to_numeric(values.replace("", None), errors="coerce").astype("Float64")
        else:
            frame[column] = values.map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)).astype("string")
    return frame


def _iso(value) -> str | None:
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)[:10]


def _plain(value) -> str:
    """A number as a plain decimal string: ``Decimal('1.39E+9')`` → ``1390000000``."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value)


def _cell(value) -> str:
    """A value as it appears in CSV and JSONL: ISO dates, plain decimals, empty for None."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, (Decimal, float)):
        return _plain(value)
    return str(value)


def neutralize(value: str) -> str:
    """Prefix ``'`` to a free-text cell that a spreadsheet would run as a formula.

    >>> neutralize("=HYPERLINK(\\"x\\")"), neutralize("-3%"), neutralize("徐斌")
    ('\\'=HYPERLINK("x")', "'-3%", '徐斌')
    """
    return "'" + value if value.startswith(_FORMULA_START) else value


def unneutralize(value: str) -> str:
    """The cell as it was before :func:`neutralize` (``'=x`` → ``=x``; ``'x`` stays ``'x``)."""
    return value[1:] if value[:1] == "'" and value[1:2] in _FORMULA_START else value


_NUMERIC = {kind for schema in SCHEMAS.values() for kind in schema.values()} - {"string"}


def render(table: str, table_rows: Iterable[dict], fmt: str) -> str:
    """Rows of ``table`` as CSV records (no header) or JSON lines, exactly as :class:`TableWriter` writes them.

    Workers of a batch run render their rows, so the process that writes the files only appends text.
    """
    schema = SCHEMAS[table]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        for row in table_rows:
            writer.writerow([neutralize(_cell(row[c])) if schema[c] == "string" else _cell(row[c]) for c in COLUMNS[table]])
        return buf.getvalue()
    if fmt == "jsonl":
        return "".join(
            json.dumps({c: _json_value(row[c], schema[c]) for c in COLUMNS[table]}, ensure_ascii=False) + "\n"
            for row in table_rows
        )
    raise ValueError(f"rows are rendered as csv or jsonl, not {fmt!r}")


class TableWriter:
    """Appends rows to one file per table in ``outdir`` and renames them into place on close.

    Files are written as ``NAME.FORMAT.part`` and renamed when :meth:`close` is
    called, so a table is never seen half-written.  CSV is UTF-8 with BOM, RFC 4180
    quoting, free-text cells neutralised against formula injection.
    """

    def __init__(self, outdir: str | Path, *, fmt: str = "csv") -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
        self.outdir = Path(outdir)
        self.fmt = fmt
        self.outdir.mkdir(parents=True, exist_ok=True)
        self._files: dict = {}
        self._writers: dict = {}
        self._parquet_rows: dict[str, list[dict]] = {name: [] for name in TABLES}
        for name in TABLES:
            part = self._part(name)
            if fmt == "csv":
                f = open(part, "w", encoding="utf-8-sig", newline="")
                csv.writer(f, lineterminator="\r\n").writerow(COLUMNS[name])
                self._files[name] = f
            elif fmt == "jsonl":
                self._files[name] = open(part, "w", encoding="utf-8", newline="\n")

    def _part(self, name: str) -> Path:
        return self.outdir / f"{name}.{self.fmt}.part"

    def write(self, table: str, table_rows: Iterable[dict] | str) -> None:
        """Append rows to ``table``: dicts, or text already made by :func:`render` for this format."""
        if self.fmt == "parquet":
            self._parquet_rows[table].extend(table_rows)
            if len(self._parquet_rows[table]) >= 50_000:
                self._flush_parquet(table)
        else:
            self._files[table].write(table_rows if isinstance(table_rows, str) else render(table, table_rows, self.fmt))

    def write_result(self, result: DocumentResult) -> None:
        for table, table_rows in rows(result).items():
            self.write(table, table_rows)

    def _flush_parquet(self, table: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        frame = to_frame(table, self._parquet_rows[table])
        self._parquet_rows[table] = []
        arrow = pa.Table.from_pandas(frame, preserve_index=False)
        if table not in self._writers:
            self._writers[table] = pq.ParquetWriter(self._part(table), arrow.schema)
        self._writers[table].write_table(arrow)

    def close(self) -> None:
        """Finish every table and rename it into place."""
        for name in TABLES:
            if self.fmt == "parquet":
                if self._parquet_rows[name] or name not in self._writers:
                    self._flush_parquet(name)
                self._writers[name].close()
            else:
                self._files[name].close()
            os.replace(self._part(name), self.outdir / f"{name}.{self.fmt}")

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _json_value(value, kind: str):
    if value is None:
        return None
    if kind == "decimal":
        return _plain(value)  # exact, as a string
    if kind == "date":
        return _cell(value)
    return value


def read_table(outdir: str | Path, table: str) -> pd.DataFrame:
    """One table of an ``extract`` run, with its types (whatever format it was written in).

    The run's own format (``run.json``) is read when it is there; else the first of
    ``NAME.csv``, ``NAME.parquet`` (a file, or a folder of parquet files), ``NAME.jsonl``.
    """
    import pandas as pd

    outdir = Path(outdir)
    if table not in SCHEMAS:
        raise ValueError(f"unknown table {table!r}; expected one of {TABLES}")
    formats = list(FORMATS)
    try:
        run_format = json.loads((outdir / "run.json").read_text(encoding="utf-8"))["options"]["format"]
        formats.sort(key=lambda f: f != run_format)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    for fmt in formats:
        path = outdir / f"{table}.{fmt}"
        if not path.exists():
            continue
        if fmt == "csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            frame = frame.reindex(columns=list(COLUMNS[table]), fill_value="")  # tables of older versions lack new columns
            for column, kind in SCHEMAS[table].items():
                if kind == "string" and column in frame:
                    frame[column] = frame[column].map(unneutralize)
        elif fmt == "jsonl":
            frame = pd.read_json(path, lines=True, dtype=False, precise_float=True) if path.stat().st_size else pd.DataFrame()
        else:
            return _conformed(pd.read_parquet(path), table)
        return _typed(frame.reindex(columns=list(COLUMNS[table])), table)
    parquet_parts = sorted(outdir.glob(f"parts/part-*[0-9]/{table}.parquet"))  # a run of textkit before 0.2
    if parquet_parts:
        return _conformed(pd.concat([pd.read_parquet(p) for p in parquet_parts], ignore_index=True), table)
    raise FileNotFoundError(f"no {table} table in {outdir} (expected {table}.csv, .parquet or .jsonl)")


def _conformed(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """A parquet table with the columns of today's schema (a column added since is filled with nulls)."""
    if list(frame.columns) == list(COLUMNS[table]):
        return frame
    return _typed(frame.reindex(columns=list(COLUMNS[table])), table)


def merge_parts(sources: list[Path], target: Path, table: str, fmt: str) -> None:
    """Concatenate the part files of one table into ``target`` (written as ``target.tmp``, then renamed).

    CSV keeps the first part's byte-order mark and header; parquet is copied row group by row
    group, so memory stays bounded whatever the table's size.
    """
    tmp = target.with_name(target.name + ".tmp")
    try:
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            writer = None
            try:
                for source in sources:
                    part = pq.ParquetFile(source)
                    if writer is None:
                        writer = pq.ParquetWriter(tmp, part.schema_arrow)
                    for i in range(part.num_row_groups):
                        writer.write_table(part.read_row_group(i).cast(writer.schema))
                if writer is None:
                    writer = pq.ParquetWriter(tmp, pa.Table.from_pandas(to_frame(table, []), preserve_index=False).schema)
            finally:
                if writer is not None:
                    writer.close()
        else:
            with open(tmp, "wb") as out:
                if not sources and fmt == "csv":
                    out.write(("\ufeff" + ",".join(COLUMNS[table]) + "\r\n").encode("utf-8"))
                for i, source in enumerate(sources):
                    with open(source, "rb") as f:
                        if fmt == "csv" and i > 0:  # keep one BOM and header
                            f.readline()
                        shutil.copyfileobj(f, out, 1 << 20)
        os.replace(tmp, target)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def filter_table(source: Path, target: Path, table: str, fmt: str, column: str, drop: set[str]) -> None:
    """Copy one table file, leaving out the rows whose ``column`` is in ``drop`` (other rows byte for byte)."""
    if fmt == "csv":
        with open(source, encoding="utf-8-sig", newline="") as f, open(target, "w", encoding="utf-8-sig", newline="") as out:
            reader, writer = csv.reader(f), csv.writer(out, lineterminator="\r\n")
            header = next(reader)
            writer.writerow(header)
            k = header.index(column)
            writer.writerows(row for row in reader if unneutralize(row[k]) not in drop)
    elif fmt == "jsonl":
        with open(source, encoding="utf-8", newline="\n") as f, open(target, "w", encoding="utf-8", newline="\n") as out:
            out.writelines(line for line in f if json.loads(line)[column] not in drop)
    else:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        data = pq.read_table(source)
        keep = pc.invert(pc.is_in(data[column], value_set=pa.array(sorted(drop), type=data.schema.field(column).type)))
        pq.write_table(data.filter(keep), target)


def read(outdir: str | Path) -> dict[str, pd.DataFrame]:
    """All tables of an ``extract`` run, keyed by name, with their types.

    >>> tables = read("out")                     # doctest: +SKIP
    >>> tables["statistics"].groupby("metric").value.sum()   # doctest: +SKIP
    """
    return {name: read_table(outdir, name) for name in TABLES}
