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
    doc.write_text("2023年工作总结\n一、主要工作\n全年走访星火科创，欧阳明月参加调研。\n", encoding="utf-8")
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


# --- habits people bring from other command-line tools ----------------------------------------------


def _docs(tmp_path, n: int = 2) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for p in sorted(SAMPLE.glob("*.txt"))[:n]:
        (folder / p.name).write_bytes(p.read_bytes())
    return folder


def _no_pipeline(monkeypatch):
    """Fail the test if the section model or the pipeline is loaded."""
    import textkit.classify
    import textkit.pipeline

    def boom(*args, **kwargs):
        raise AssertionError("the pipeline was loaded")

    monkeypatch.setattr(textkit.classify, "load_section_model", boom)
    monkeypatch.setattr(textkit.pipeline, "load", boom)


@pytest.mark.parametrize("args", [["-q", "extract", "{docs}", "-o", "{out}"], ["extract", "{docs}", "-o", "{out}", "-q"],
                                  ["extract", "-q", "{docs}", "-o", "{out}"]])
def test_quiet_before_or_after_the_command(tmp_path, args):
    docs = _docs(tmp_path)
    result = CliRunner().invoke(main, [a.format(docs=docs, out=tmp_path / "out") for a in args])
    assert result.exit_code == 0 and result.output == ""


def test_verbose_after_the_command_lists_skipped_files(tmp_path):
    docs = _docs(tmp_path)
    (docs / "notes.md").write_text("x", encoding="utf-8")
    (docs / "sheet.xlsx").write_bytes(b"PK")
    result = CliRunner().invoke(main, ["extract", str(docs), "-o", str(tmp_path / "out"), "-v"])
    assert result.exit_code == 0, result.output
    assert f"info: skipped {docs / 'notes.md'} (not a supported format)" in result.output
    assert f"info: skipped {docs / 'sheet.xlsx'}" in result.output
    assert "2 files skipped" in result.output
    quiet = CliRunner().invoke(main, ["extract", str(docs), "-o", str(tmp_path / "out2")])
    assert "notes.md" not in quiet.output


@pytest.mark.parametrize("make_input, message", [
    (lambda tmp: str(tmp / "no_such_folder"), "no such file or directory"),
    (lambda tmp: str(tmp / "typo.docx"), "no such file or directory"),
    (lambda tmp: (tmp / "empty").mkdir() or str(tmp / "empty"), "nothing to read in"),
    (lambda tmp: str(tmp / "*.docx"), "nothing to read in"),
])
def test_nothing_to_read_warns_and_exits_1_before_loading_anything(tmp_path, monkeypatch, make_input, message):
    _no_pipeline(monkeypatch)
    result = CliRunner().invoke(main, ["extract", make_input(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert message in result.output and "error: no input documents found; nothing done" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_a_missing_input_among_others_is_said_first_and_exits_1(tmp_path):
    docs = _docs(tmp_path)
    result = CliRunner().invoke(main, ["extract", str(docs), str(tmp_path / "gone.txt"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"warning: no such file or directory: {tmp_path / 'gone.txt'}"
    assert sum("gone.txt" in line for line in lines) == 1  # said once, before the run
    assert [e["error_type"] for e in _read(tmp_path / "out" / "errors.csv")] == ["not_found"]
    assert len(_read(tmp_path / "out" / "documents.csv")) == 2


def test_a_missing_model_is_one_line_and_exit_2(tmp_path, monkeypatch):
    import textkit.classify

    docs = _docs(tmp_path)
    monkeypatch.setattr(textkit.classify, "DEFAULT_MODEL", tmp_path / "models" / "sections.skops")
    result = CliRunner().invoke(main, ["extract", str(docs), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("error: section model not found:")
    assert "`textkit train sections`" in result.output  # the checkout has the corpus: the command works here
    broken = tmp_path / "broken.skops"
    broken.write_bytes(b"PK\x03\x04 not a model")
    result = CliRunner().invoke(main, ["extract", str(docs), "-o", str(tmp_path / "out"), "--model", str(broken)])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "is not a readable skops file" in result.output and f"--out {broken}" in result.output


def test_ctrl_c_exits_130(tmp_path, monkeypatch):
    import textkit.batch

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(textkit.batch, "run_extract", interrupted)
    result = CliRunner().invoke(main, ["extract", str(_docs(tmp_path)), "-o", str(tmp_path / "out")])
    assert result.exit_code == 130 and "interrupted" in result.output and "Traceback" not in result.output


def test_sigint_to_a_running_extract_exits_130(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    docs = tmp_path / "docs"
    docs.mkdir()
    texts = sorted(SAMPLE.glob("*.txt"))
    for i in range(300):
        src = texts[i % len(texts)]
        (docs / f"{i:03d}_{src.name}").write_bytes(src.read_bytes())
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "textkit", "extract", str(docs), "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (out / "run.json").exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err


def test_unexpected_errors_are_one_line_exit_2(tmp_path, monkeypatch):
    import textkit.batch

    def broken(*args, **kwargs):
        raise RuntimeError("disk\nexploded")

    monkeypatch.setattr(textkit.batch, "run_extract", broken)
    result = CliRunner().invoke(main, ["extract", str(_docs(tmp_path)), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "RuntimeError: disk exploded" in result.output and "-vv" in result.output
    result = CliRunner().invoke(main, ["-vv", "extract", str(tmp_path / "docs"), "-o", str(tmp_path / "out")])
    assert isinstance(result.exception, RuntimeError)  # -vv: the traceback


def test_help_lines_are_whole_and_show_defaults():
    runner = CliRunner()
    top = runner.invoke(main, ["--help"], terminal_width=100).output
    for first in ("Extract the tables from INPUTS (files, folders, glob patterns, or - for stdin) into OUTDIR",
                  "Score the tables in OUTDIR against GOLD annotation files: precision, recall and F1 per field",
                  "List the tables of OUTDIR (an extract or compare output) and their columns"):
        assert " ".join(first.split()) in " ".join(top.split()), first
    assert "..." not in top.split("Commands:")[1]
    help_text = " ".join(runner.invoke(main, ["extract", "--help"]).output.split())
    for default in ("[default: csv]", "[default: rjieba]", "[default: 1; x>=1]", "[default: 67108864; x>=1]",
                    "[default: 120.0; x>=0]", "[default: 500; x>=1]"):
        assert default in help_text, default
    for command in (["query"], ["tables"], ["evaluate"], ["compare"], ["info"], ["train", "sections"]):
        result = runner.invoke(main, [*command, "--help"])
        assert result.exit_code == 0 and "-q, --quiet" in result.output, command


def test_info_names_versions_and_models():
    result = CliRunner().invoke(main, ["info"])
    assert result.exit_code == 0
    assert f"textkit {__version__}" in result.output and "sections.skops" in result.output and "sha256 " in result.output
    import json

    facts = json.loads(CliRunner().invoke(main, ["info", "--json"]).output)
    model = next(m for m in facts["models"] if m["path"].endswith("sections.skops"))
    assert model["bytes"] == (ROOT / "models" / "sections.skops").stat().st_size and len(model["sha256"]) == 64


def test_train_without_a_corpus_names_the_option(monkeypatch):
    import textkit.cli

    monkeypatch.setattr(textkit.cli, "_default_corpus", lambda name: None)
    result = CliRunner().invoke(main, ["train", "sections"])
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "--corpus DIR" in result.output


def test_survey_counts_cheaply_and_stops_at_its_budget(tmp_path):
    from textkit.batch import survey_inputs

    survey = survey_inputs([str(SAMPLE), str(tmp_path / "gone"), str(tmp_path / "*.docx")])
    assert survey.n_found == len([p for p in SAMPLE.iterdir() if p.is_file()]) and survey.complete
    assert survey.missing == [str(tmp_path / "gone")] and survey.empty == [str(tmp_path / "*.docx")]
    quick = survey_inputs([str(SAMPLE), str(tmp_path / "gone")], budget=0)
    assert (quick.n_found, quick.complete, quick.missing) == (1, False, [str(tmp_path / "gone")])


def test_the_progress_bar_has_a_total_and_counts_resumed_documents():
    from types import SimpleNamespace

    from textkit.cli import _Progress

    progress = _Progress(enabled=True, total=3)
    with progress as update:
        update(None)  # a document an earlier run finished
        update(SimpleNamespace(n_chars=1000))
        assert (progress.bar.n, progress.bar.total) == (2, 3)
    assert _Progress(enabled=False).__enter__() is None


def test_a_missing_entity_model_is_one_line_and_exit_2(tmp_path, monkeypatch):
    import textkit.entities.model as model

    monkeypatch.setattr(model, "MODEL_NAME", "no_such_model.crfsuite")
    model._load.cache_clear()
    try:
        result = CliRunner().invoke(main, ["extract", str(_docs(tmp_path)), "-o", str(tmp_path / "out")])
    finally:
        model._load.cache_clear()
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert result.output.startswith("error: entity model not found") and "pip install --force-reinstall" in result.output
    assert not (tmp_path / "out").exists()  # stopped before any work
