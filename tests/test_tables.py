"""Output tables: fixed columns, formula neutralisation, exact numbers, and round trips."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

import pytest

from textkit.records import DateMention, DocumentInfo, DocumentResult, Entity, Section, Statistic
from textkit.tables import COLUMNS, TABLES, TableWriter, neutralize, read, rows, to_frame

TEXT = "一、动员部署\n3月13日，区经委主任徐斌主持召开座谈会8次，投资13.9亿元。\n"


def _at(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def _result() -> DocumentResult:
    info = DocumentInfo(doc_id="a.txt", path="in/a.txt", sha256="ab", title="", doc_date=dt.date(2009, 5, 6),
                        encoding="utf-8", n_chars=len(TEXT), n_sections=1)
    return DocumentResult(
        info=info,
        text=TEXT,
        sections=(Section("s1", "", 1, "一、", "动员部署", 0, len(TEXT) - 1, 6, "mobilization", "measures", 0.9),),
        entities=(Entity("PERSON", "徐斌", *_at("徐斌"), "徐斌", ("区经委主任",)),),
        dates=(DateMention("3月13日", *_at("3月13日"), dt.date(2009, 3, 13), dt.date(2009, 3, 13), "day"),),
        statistics=(
            Statistic("8次", *_at("8次"), Decimal("8"), "次", "座谈会", "meetings_held"),
            Statistic("13.9亿元", *_at("13.9亿元"), Decimal("1.39E+9"), "元", "投资", "investment"),
        ),
        sentences=((7, len(TEXT) - 1),),
    )


# fmt: off
NEUTRALIZE = [
    ("=1+1", "'=1+1"), ("+86 123", "'+86 123"), ("-3%", "'-3%"), ("@SUM(A1)", "'@SUM(A1)"),
    ("徐斌", "徐斌"), ("", ""), ("a=b", "a=b"), ("'=x", "'=x"),
]
# fmt: on


@pytest.mark.parametrize(("cell", "expected"), NEUTRALIZE)
def test_formula_cells_are_neutralised(cell, expected):
    assert neutralize(cell) == expected


def test_rows_fill_section_and_sentence_and_keep_offsets():
    out = rows(_result())
    assert set(out) == set(TABLES) - {"errors"}
    for table, table_rows in out.items():
        for row in table_rows:
            assert list(row) == list(COLUMNS[table])
            if "char_start" in row and "text" in row:
                assert TEXT[row["char_start"]:row["char_end"]] == row["text"]
    assert out["entities"][0]["section_id"] == "s1"
    assert out["entities"][0]["roles"] == "区经委主任"
    assert out["statistics"][0]["sentence"] == TEXT[7:-1]


def test_to_frame_has_fixed_columns_and_types_even_when_empty():
    for table in TABLES:
        frame = to_frame(table, [])
        assert tuple(frame.columns) == COLUMNS[table]
    stats = to_frame("statistics", [_result()])
    assert stats["value"].tolist() == [8.0, 1390000000.0]
    assert str(stats["char_start"].dtype) == "Int64"


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_writer_round_trip(tmp_path, fmt):
    with TableWriter(tmp_path, fmt=fmt) as writer:
        writer.write_result(_result())
        writer.write("errors", [{"path": "=bad.txt", "error_type": "empty", "message": "no text"}])
    assert not list(tmp_path.glob("*.part"))
    tables = read(tmp_path)
    assert tables["statistics"]["value"].tolist() == [8.0, 1390000000.0]
    assert tables["errors"]["path"].tolist() == ["=bad.txt"]
    assert tables["documents"]["doc_date"].iloc[0] == dt.datetime(2009, 5, 6)
    assert tables["dates"]["start"].iloc[0] == dt.datetime(2009, 3, 13)


def test_csv_is_utf8_with_bom_plain_decimals_and_neutralised(tmp_path):
    with TableWriter(tmp_path) as writer:
        writer.write_result(_result())
        writer.write("errors", [{"path": "=bad.txt", "error_type": "empty", "message": "-"}])
    raw = (tmp_path / "statistics.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(tmp_path / "statistics.csv", encoding="utf-8-sig", newline="") as f:
        stats = list(csv.DictReader(f))
    assert [s["value"] for s in stats] == ["8", "1390000000"]
    with open(tmp_path / "errors.csv", encoding="utf-8-sig", newline="") as f:
        assert next(csv.DictReader(f))["path"] == "'=bad.txt"


def test_unknown_format_or_table_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="format"):
        TableWriter(tmp_path, fmt="xlsx")
    with pytest.raises(ValueError, match="table"):
        to_frame("people", [])
