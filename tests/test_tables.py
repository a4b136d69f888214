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


# --- row building: the sentence cell is bounded, the section lookup near-linear (issue 15) ---------------


def _long_line_result(n: int) -> DocumentResult:
    """One line of ``n`` characters without 。！？, with a statistic in its middle."""
    mid = n // 2
    text = "甲" * mid + "投资13.9亿元" + "乙" * (n - mid)
    start = text.index("13.9亿元")
    info = DocumentInfo(doc_id="long.txt", path="long.txt", n_chars=len(text))
    return DocumentResult(
        info=info, text=text,
        sections=(Section("s0", "", 1, "", "", 0, len(text), 0),),
        entities=(Entity("ORG_OTHER", "投资", start - 2, start, "投资"),),
        statistics=(Statistic("13.9亿元", start, start + 6, Decimal("1.39E+9"), "元", "投资"),),
        sentences=((0, len(text)),),
    )


@pytest.mark.parametrize("n", [100, 499, 501, 90_000])
def test_sentence_is_capped_around_the_mention(n):
    from textkit.tables import MAX_SENTENCE_CHARS

    result = _long_line_result(n)
    out = rows(result)
    for row in (*out["statistics"], *out["entities"]):
        assert len(row["sentence"]) == min(len(result.text), MAX_SENTENCE_CHARS)
        assert row["text"] in row["sentence"] and row["sentence"] in result.text
        i = row["sentence"].index(row["text"])
        if len(result.text) > MAX_SENTENCE_CHARS:  # centred: the mention is in the middle third
            assert MAX_SENTENCE_CHARS / 3 < i < 2 * MAX_SENTENCE_CHARS / 3


def test_a_mention_at_the_ends_of_a_long_sentence_keeps_500_characters():
    text = "投资13.9亿元" + "甲" * 2000 + "增长9.6%"
    info = DocumentInfo(doc_id="a.txt", path="a.txt", n_chars=len(text))
    result = DocumentResult(info=info, text=text, statistics=(
        Statistic("13.9亿元", 2, 8, Decimal("1.39E+9"), "元"), Statistic("9.6%", len(text) - 4, len(text), Decimal("9.6"), "%"),
    ), sentences=((0, len(text)),))
    first, last = rows(result)["statistics"]
    assert first["sentence"] == text[:500] and last["sentence"] == text[-500:]


def _brute_section(sections, pos: int) -> str:
    best = None
    for s in sections:
        if s.char_start <= pos < s.char_end and (best is None or (s.level, s.char_start) > (best.level, best.char_start)):
            best = s
    return best.section_id if best else ""


def test_section_lookup_by_bisection_equals_the_full_scan(nlp):
    import random

    from textkit.analysis import analyze
    from textkit.tables import _Locator

    rng = random.Random(15)
    numbers = ["一、", "（一）", "1.", "（1）", "①"]
    lines = ["2009年工作总结", "前言。"]
    counters = [0] * len(numbers)
    for _ in range(120):
        level = rng.randrange(len(numbers))
        counters[level] += 1
        for deeper in range(level + 1, len(numbers)):
            counters[deeper] = 0
        n = counters[level]
        marker = numbers[level].replace("一", "一二三四五六七八九十"[(n - 1) % 10]).replace("1", str(n)).replace("①", "①②③④⑤⑥⑦⑧⑨⑩"[(n - 1) % 10])
        lines += [f"{marker}工作安排", "召开座谈会8次。" * rng.randrange(1, 3)]
    lines += ["抄送：区委办", "区经济委员会", "2009年4月1日"]
    result = analyze("\n".join(lines), nlp=nlp)
    assert len(result.sections) > 60
    where = _Locator(result)
    for pos in range(len(result.text)):
        assert where.section_id(pos) == _brute_section(result.sections, pos), pos


class _CountedSections(tuple):
    """A tuple of sections that counts how many times one of them is looked at."""

    looks = 0

    def __iter__(self):
        for s in tuple.__iter__(self):
            type(self).looks += 1
            yield s

    def __getitem__(self, i):
        type(self).looks += 1
        return tuple.__getitem__(self, i)


def test_row_building_looks_at_each_section_a_bounded_number_of_times():
    """A 2,000-page PDF spent most of its --timeout 30 in rows: each row scanned every section (rows × sections)."""
    n = 2000  # sections, and as many statistics, one per section
    text = "".join(f"{i}、召开座谈会8次。" for i in range(n))
    starts = [text.index(f"{i}、") for i in range(n)] + [len(text)]
    sections = _CountedSections(Section(f"s{i}", "", 1, f"{i}、", "工作", starts[i], starts[i + 1], starts[i]) for i in range(n))
    stats = tuple(Statistic("8次", text.index("8次", starts[i]), text.index("8次", starts[i]) + 2, Decimal(8), "次")
                  for i in range(n))
    result = DocumentResult(info=DocumentInfo(doc_id="a.txt", path="a.txt", n_chars=len(text)), text=text,
                            sections=sections, statistics=stats, sentences=tuple(zip(starts, starts[1:])))
    _CountedSections.looks = 0
    out = rows(result)
    assert [r["section_id"] for r in out["statistics"]] == [f"s{i}" for i in range(n)]
    assert _CountedSections.looks <= 10 * n  # the full scan looked n × n = 4,000,000 times


# --- parquet: one file per table that pandas and DuckDB read as it is (issue 16) -------------------------


def test_parquet_run_writes_one_file_per_table_pandas_and_duckdb_read(tmp_path):
    import pandas as pd

    from textkit.batch import run_extract

    root = tmp_path / "in"
    root.mkdir()
    for i in range(5):
        (root / f"{i}.txt").write_text(f"2009年工作总结\n一、主要工作\n区经委召开座谈会{i + 1}次，投资13.9亿元。\n", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    run_extract([str(root)], out, fmt="parquet", part_size=2)
    for table in TABLES:
        path = out / f"{table}.parquet"
        assert path.is_file()
        frame = pd.read_parquet(path)
        assert list(frame.columns) == list(COLUMNS[table])
    stats = pd.read_parquet(out / "statistics.parquet")
    assert sorted(stats.loc[stats.unit == "次", "value"]) == [1, 2, 3, 4, 5]
    assert len(pd.read_parquet(out / "errors.parquet")) == 1
    duckdb = pytest.importorskip("duckdb")
    n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out / 'statistics.parquet'}')").fetchall()[0][0]
    assert n == len(stats)
    assert not list(out.glob("*.csv")) or [p.name for p in out.glob("*.csv")] == ["manifest.csv"]
    tables = read(out)
    assert tables["statistics"]["value"].tolist() == stats["value"].tolist()
