"""The command line through click's CliRunner: exit codes, exact columns, the offset invariant."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from textkit import __version__
from textkit.cli import main
from textkit.tables import COLUMNS, TABLES

from conftest import ROOT, SHARED, needs_shared

SAMPLE = ROOT / "corpora" / "sample"


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def assert_offsets_hold(outdir: Path) -> int:
    """``text == document[char_start:char_end]`` for every row of every table; returns rows checked."""
    texts = {p.name[:-4]: p.read_text(encoding="utf-8") for p in (outdir / "texts").glob("*.txt")}
    checked = 0
    for table in ("sections", "entities", "dates", "statistics"):
        for row in _read(outdir / f"{table}.csv"):
            text = row["text"]
            if text.startswith("'") and text[1:2] in "=+-@":
                text = text[1:]
            assert texts[row["doc_id"]][int(row["char_start"]) : int(row["char_end"])] == text, (table, row)
            checked += 1
    return checked


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_usage_errors_exit_2(tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["extract", str(SAMPLE)]).exit_code == 2  # no -o
    assert runner.invoke(main, ["extract", str(SAMPLE), "-o", str(tmp_path), "--format", "xlsx"]).exit_code == 2
    assert runner.invoke(main, ["nonsense"]).exit_code == 2


def test_every_command_has_help():
    runner = CliRunner()
    for args in (["--help"], ["extract", "--help"], ["evaluate", "--help"], ["train", "sections", "--help"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0 and "Usage" in result.output


def test_extract_sample_corpus_writes_every_table_with_exact_columns(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    for table in TABLES:
        with open(out / f"{table}.csv", encoding="utf-8-sig", newline="") as f:
            assert tuple(next(csv.reader(f))) == COLUMNS[table]
    docs = _read(out / "documents.csv")
    assert len(docs) == len([p for p in SAMPLE.iterdir() if p.is_file()])
    assert all(d["status"] == "ok" for d in docs)
    assert assert_offsets_hold(out) > 100
    assert _read(out / "errors.csv") == []


def test_extract_is_deterministic(tmp_path):
    runner = CliRunner()
    for name in ("a", "b"):
        assert runner.invoke(main, ["-q", "extract", str(SAMPLE), "-o", str(tmp_path / name)]).exit_code == 0
    for table in TABLES:
        assert (tmp_path / "a" / f"{table}.csv").read_bytes() == (tmp_path / "b" / f"{table}.csv").read_bytes()


def _truncated_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>" * 100)
    return buf.getvalue()[:60]


def _pdf_without_text() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(100, 100, 200, 200, fill=1)
    c.save()
    return buf.getvalue()


def test_mixed_folder_with_bad_files_exits_1_and_loses_nothing(tmp_path):
    pytest.importorskip("reportlab")
    folder = tmp_path / "in"
    folder.mkdir()
    good = sorted(p for p in SAMPLE.iterdir() if p.suffix == ".txt")[:3]
    for p in good:
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 50)
    (folder / "truncated.docx").write_bytes(_truncated_docx())
    (folder / "scan.pdf").write_bytes(_pdf_without_text())
    unsupported = tmp_path / "table.xlsx"
    unsupported.write_bytes(b"PK\x03\x04")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(folder), str(unsupported), "-o", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = _read(out / "errors.csv")
    assert sorted(Path(e["path"]).name for e in errors) == ["binary.txt", "empty.txt", "scan.pdf", "table.xlsx", "truncated.docx"]
    assert {e["error_type"] for e in errors} == {"empty", "undecodable", "read_error", "no_text_layer", "unsupported_format"}
    docs = {d["doc_id"]: d["status"] for d in _read(out / "documents.csv")}
    assert [d for d, s in docs.items() if s == "ok"] == [p.name for p in good]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out", "table.xlsx"]  # nothing written elsewhere


def test_stdin(tmp_path):
    text = "2009年工作总结\n一、主要工作\n3月13日，区经委召开座谈会8次。\n"
    result = CliRunner().invoke(main, ["extract", "-", "-o", str(tmp_path)], input=text.encode("gb18030"))
    assert result.exit_code == 0, result.output
    docs = _read(tmp_path / "documents.csv")
    assert docs[0]["doc_id"] == "stdin.txt" and docs[0]["encoding"] == "gb18030"
    assert (tmp_path / "texts" / "stdin.txt.txt").read_text(encoding="utf-8") == text


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_other_formats(tmp_path, fmt):
    from textkit import read

    result = CliRunner().invoke(main, ["-q", "extract", str(SAMPLE), "-o", str(tmp_path), "--format", fmt])
    assert result.exit_code == 0, result.output
    tables = read(tmp_path)
    assert len(tables["documents"]) == len([p for p in SAMPLE.iterdir() if p.is_file()])
    assert tuple(tables["statistics"].columns) == COLUMNS["statistics"]


@needs_shared
def test_real_corpus_headings_and_titles(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["-q", "extract", str(SHARED / "corpus"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert assert_offsets_hold(out) > 1000
    result = CliRunner().invoke(main, ["evaluate", str(out), *map(str, sorted((SHARED / "eval" / "gold").glob("*.json"))), "--json"])
    import json

    total = json.loads(result.output.strip().splitlines()[-1])
    assert total["section_headings_recall"] >= 0.97
    assert total["title_accuracy"] >= 0.9


def test_user_lexicon_on_the_command_line(tmp_path):
    doc = tmp_path / "in" / "a.txt"
    doc.parent.mkdir()
    doc.write_text("2023年工作总结\n一、主要工作\n全年走访星火科创等企业，欧阳明月参加调研。\n", encoding="utf-8")
    lexicon = tmp_path / "companies.txt"
    lexicon.write_text("星火科创\n", encoding="utf-8")
    people = tmp_path / "people.txt"
    people.write_text("欧阳明月\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["-q", "extract", str(doc.parent), "-o", str(tmp_path / "plain")]).exit_code == 0
    result = runner.invoke(main, ["-q", "extract", str(doc.parent), "-o", str(tmp_path / "out"),
                                  "--lexicon", str(lexicon), "--lexicon", str(people)])
    assert result.exit_code == 0, result.output
    plain = {(e["label"], e["text"]) for e in _read(tmp_path / "plain" / "entities.csv")}
    found = {(e["label"], e["text"]) for e in _read(tmp_path / "out" / "entities.csv")}
    assert ("ORG_COMPANY", "星火科创") not in plain
    assert {("ORG_COMPANY", "星火科创"), ("PERSON", "欧阳明月")} <= found
