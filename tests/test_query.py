"""textkit query and textkit tables: every layout and format, the same answers, and nothing else read or written."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from textkit.cli import main
from textkit.errors import QueryError
from textkit.records import DocumentInfo, DocumentResult, Entity, Statistic
from textkit.tables import TableWriter

duckdb = pytest.importorskip("duckdb")
from textkit.query import describe, find_tables, format_rows, query, run_query  # noqa: E402

from conftest import ROOT  # noqa: E402

TEXT = "=SUM(A1)\n一、动员部署\n区经委主任徐斌召开座谈会8次，投资13.9亿元，增长-3%。\n"


def _at(needle: str) -> tuple[int, int]:
    i = TEXT.index(needle)
    return i, i + len(needle)


def _result(doc_id: str = "a.txt") -> DocumentResult:
    info = DocumentInfo(doc_id=doc_id, path=f"in/{doc_id}", sha256="ab", title="=SUM(A1)", doc_date=dt.date(2009, 5, 6),
                        encoding="utf-8", n_chars=len(TEXT), n_sections=0)
    return DocumentResult(
        info=info, text=TEXT, sections=(),
        entities=(Entity("PERSON", "徐斌", *_at("徐斌"), "徐斌", ("区经委主任",)),),
        dates=(),
        statistics=(
            Statistic("8次", *_at("8次"), Decimal("8"), "次", "座谈会", "meetings_held"),
            Statistic("13.9亿元", *_at("13.9亿元"), Decimal("1.39E+9"), "元", "投资", ""),
        ),
        sentences=((9, len(TEXT) - 1),),
    )


def _outdir(path: Path, fmt: str) -> Path:
    with TableWriter(path, fmt=fmt) as writer:
        writer.write_result(_result())
        writer.write_result(_result("b.txt"))
    return path


def _move_to_parts(outdir: Path) -> None:
    """Today's parquet layout of a batch run: OUTDIR/parts/part-NNNNNN/NAME.parquet."""
    part = outdir / "parts" / "part-000001"
    part.mkdir(parents=True)
    for p in outdir.glob("*.parquet"):
        p.rename(part / p.name)


def _move_to_folders(outdir: Path) -> None:
    """OUTDIR/NAME.parquet/ as a folder of parquet files."""
    for p in list(outdir.glob("*.parquet")):
        tmp = p.with_suffix(".tmp")
        p.rename(tmp)
        p.mkdir()
        tmp.rename(p / "part-0.parquet")


LAYOUTS = {"csv": ("csv", None), "jsonl": ("jsonl", None), "parquet file": ("parquet", None),
           "parquet parts": ("parquet", _move_to_parts), "parquet folder": ("parquet", _move_to_folders)}


@pytest.fixture(params=list(LAYOUTS))
def outdir(request, tmp_path) -> Path:
    fmt, move = LAYOUTS[request.param]
    out = _outdir(tmp_path / "out", fmt)
    if move:
        move(out)
    return out


def test_every_layout_gives_the_same_answers(outdir, tmp_path):
    reference = _outdir(tmp_path / "reference", "csv")
    for sql in ("SELECT * FROM statistics ORDER BY ALL", "SELECT * FROM documents ORDER BY ALL",
                "SELECT * FROM entities ORDER BY ALL", "SELECT count(*) FROM errors"):
        assert run_query(outdir, sql) == run_query(reference, sql), sql
    columns, rows = run_query(outdir, "SELECT title, doc_date, n_chars, error FROM documents ORDER BY doc_id")
    assert rows[0] == ("=SUM(A1)", dt.date(2009, 5, 6), len(TEXT), None)  # no ' prefix, a DATE, a BIGINT, NULL
    frame = query(outdir, "SELECT unit, sum(value) AS total FROM statistics GROUP BY unit ORDER BY unit")
    assert frame["unit"].tolist() == ["元", "次"] and frame["total"].tolist() == [2 * 1390000000.0, 16.0]


def test_the_cli_formats(tmp_path):
    out = _outdir(tmp_path / "out", "csv")
    sql = "SELECT doc_id, metric, value FROM statistics ORDER BY doc_id, value"
    runner = CliRunner()
    as_json = runner.invoke(main, ["query", str(out), sql, "--json"])
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.output)
    assert rows[:2] == [{"doc_id": "a.txt", "metric": "meetings_held", "value": 8.0},
                        {"doc_id": "a.txt", "metric": None, "value": 1390000000.0}]
    lines = runner.invoke(main, ["query", str(out), sql, "--nl"]).output.splitlines()
    assert [json.loads(line) for line in lines] == rows
    assert runner.invoke(main, ["query", str(out), sql, "--format", "jsonl"]).output.splitlines() == lines
    text = runner.invoke(main, ["query", str(out), sql, "--csv"]).output
    assert text.splitlines()[:3] == ["doc_id,metric,value", "a.txt,meetings_held,8", "a.txt,,1390000000"]
    assert "nan" not in text.lower() and "None" not in text
    table = runner.invoke(main, ["query", str(out), sql]).output.splitlines()
    assert table[0].split() == ["doc_id", "metric", "value"] and set(table[1]) <= {"-", " "}
    assert table[3].split() == ["a.txt", "1390000000"] and table[-1] == "(4 rows)"


def test_format_rows_never_shows_nan_and_aligns_chinese():
    out = format_rows(["name", "x"], [("徐斌", float("nan")), ("abc", 1.5)], "table").splitlines()
    assert out[2] == "徐斌" and out[3] == "abc   1.5"
    assert format_rows(["x"], [(float("nan"),)], "json") == '[\n {\n  "x": null\n }\n]\n'


@pytest.mark.parametrize("sql, message", [
    ("SELECT * FROM read_csv('/etc/passwd')", "reads only the tables"),
    ("SELECT * FROM '/etc/passwd'", "does not exist"),  # no replacement scan of files
    ("SELECT * FROM read_text('/etc/hostname')", "reads only the tables"),
    ("SELECT * FROM glob('/*')", "reads only the tables"),
    ("COPY (SELECT 1) TO '{tmp}/leak.csv'", "only read-only queries"),
    ("COPY statistics TO '{tmp}/leak.csv'", "only read-only queries"),
    ("ATTACH '{tmp}/x.duckdb' AS x", "only read-only queries"),
    ("SELECT 1; SELECT 2", "exactly one SQL statement, not 2"),
    ("SELECT * FROM query('COPY (SELECT 1) TO ''{tmp}/leak.csv''')", "Expected a single SELECT"),
    ("INSTALL httpfs", "only read-only queries"),
    ("LOAD httpfs", "only read-only queries"),
    ("SET enable_external_access = true", "only read-only queries"),
    ("PRAGMA database_list", "only read-only queries"),
    ("CREATE TABLE t AS SELECT 1", "only read-only queries"),
    ("", "exactly one SQL statement, not 0"),
])
def test_only_one_read_only_select_over_outdir(tmp_path, sql, message):
    out = _outdir(tmp_path / "out", "csv")
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(QueryError, match=message):
        run_query(out, sql.format(tmp=tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_the_connection_has_external_access_and_extension_loading_off_and_locked(tmp_path):
    """The query ran with external access on and extensions auto-installed and auto-loaded."""
    out = _outdir(tmp_path / "out", "csv")
    names = ("enable_external_access", "autoinstall_known_extensions", "autoload_known_extensions",
             "allow_community_extensions", "lock_configuration")
    sql = "SELECT " + ", ".join(f"current_setting('{n}')" for n in names)
    assert run_query(out, sql)[1] == [(False, False, False, False, True)]


def test_the_cli_error_is_one_line_listing_the_tables(tmp_path):
    out = _outdir(tmp_path / "out", "csv")
    result = CliRunner().invoke(main, ["query", str(out), "SELECT * FROM statistic"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert "statistic" in result.output and "tables in" in result.output and "documents, entities" in result.output
    result = CliRunner().invoke(main, ["query", str(out), "SELECT * FROM read_csv('/etc/passwd')"])
    assert result.exit_code == 2 and result.output.startswith("error: textkit query reads only the tables of")


def test_glob_characters_in_the_path_are_literal(tmp_path):
    """``query`` over ``out[1]`` reads out[1]/, never out1/."""
    bracket = _outdir(tmp_path / "out[1]", "csv")
    other = tmp_path / "out1"
    other.mkdir()
    (other / "documents.csv").write_text("doc_id\nintruder\n", encoding="utf-8")
    assert run_query(bracket, "SELECT doc_id FROM documents ORDER BY 1")[1] == [("a.txt",), ("b.txt",)]
    star = _outdir(tmp_path / "o*", "parquet")
    _outdir(tmp_path / "oX", "jsonl")
    _move_to_parts(star)
    assert run_query(star, "SELECT count(*) FROM documents")[1] == [(2,)]


def test_links_and_stray_files_are_not_tables(tmp_path):
    out = _outdir(tmp_path / "out", "csv")
    secret = tmp_path / "secret.csv"
    secret.write_text("password\nhunter2\n", encoding="utf-8")
    (out / "secret.csv").symlink_to(secret)
    (out / "notes.txt").write_text("x", encoding="utf-8")
    (out / "statistics.csv.part").write_text("x", encoding="utf-8")
    (out / "bad name.csv").write_text("a\n1\n", encoding="utf-8")
    assert set(find_tables(out)) == {"documents", "sections", "entities", "dates", "statistics", "errors"}
    with pytest.raises(QueryError, match="reads only the tables"):
        run_query(out, f"SELECT * FROM read_csv('{secret}')")


def test_the_run_format_wins_over_stale_tables(tmp_path):
    out = _outdir(tmp_path / "out", "jsonl")
    (out / "documents.csv").write_text("doc_id\nstale\n", encoding="utf-8")
    (out / "run.json").write_text(json.dumps({"options": {"format": "jsonl"}}), encoding="utf-8")
    assert find_tables(out)["documents"].fmt == "jsonl"
    assert run_query(out, "SELECT count(*) FROM documents")[1] == [(2,)]


def test_missing_duckdb_outdir_without_tables(tmp_path):
    with pytest.raises(QueryError, match="no tables in"):
        run_query(tmp_path, "SELECT 1")
    result = CliRunner().invoke(main, ["tables", str(tmp_path)])
    assert result.exit_code == 2 and "no tables in" in result.output


def test_tables_lists_tables_and_columns(tmp_path):
    out = _outdir(tmp_path / "out", "parquet")
    result = CliRunner().invoke(main, ["tables", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "statistics (parquet)" in lines
    assert any(line.split() == ["value", "DOUBLE"] for line in lines)
    assert any(line.split() == ["doc_date", "DATE"] for line in lines)
    described = json.loads(CliRunner().invoke(main, ["tables", str(out), "--json"]).output)
    assert described["entities"]["columns"]["char_start"] == "BIGINT"
    assert described == describe(out)


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    """extract and compare over three sample documents, in CSV and parquet (same folder names, so same runs)."""
    base = tmp_path_factory.mktemp("compared")
    docs = base / "docs"
    docs.mkdir()
    for p in sorted((ROOT / "corpora" / "sample").glob("*.txt"))[:3]:
        shutil.copy(p, docs / p.name)
    out = {}
    for fmt in ("csv", "parquet", "jsonl"):
        runner = CliRunner()
        assert runner.invoke(main, ["-q", "extract", str(docs), "-o", str(base / fmt / "out"), "--format", fmt]).exit_code == 0
        result = runner.invoke(main, ["-q", "compare", str(base / fmt / "out"), "-o", str(base / fmt / "cmp"), "--format", fmt])
        assert result.exit_code == 0, result.output
        out[fmt] = base / fmt / "cmp"
    return out


def test_query_over_compare_output(compared):
    csv_dir, parquet_dir, jsonl_dir = compared["csv"], compared["parquet"], compared["jsonl"]
    for table in ("coverage", "metrics", "metrics_wide", "names", "similarity", "keywords", "dtm_documents"):
        sql = f"SELECT * FROM {table} ORDER BY ALL"
        assert run_query(csv_dir, sql) == run_query(parquet_dir, sql) == run_query(jsonl_dir, sql), table
    columns, rows = run_query(csv_dir, "SELECT label, present, share FROM coverage WHERE present ORDER BY share DESC LIMIT 1")
    assert isinstance(rows[0][1], bool) and 0 < rows[0][2] <= 1
    described = describe(csv_dir)
    assert described["coverage"]["columns"]["n_sections"] == "BIGINT"
    assert described["metrics"]["columns"]["value"] == "DOUBLE"
    assert {"coverage", "metrics", "metrics_wide", "names", "name_pairs", "similarity", "reuse"} <= set(described)
