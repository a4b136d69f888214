"""Batch runs: input discovery, stable document ids, and one bad file never stopping a run."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import outdir_bytes

from textkit.batch import discover, extract, make_doc_id, run_extract
from textkit.tables import read

GOOD = "2009年工作总结\n一、主要工作\n区经委召开座谈会8次，参加人数44人。\n"

# fmt: off
DOC_IDS = [
    ("a.txt", "a.txt"),
    ("dev/003.txt", "dev__003.txt"),
    ("gov/2019 报告(终稿).docx", "gov__2019_报告_终稿_.docx"),
    ("./x/../y.txt", "x__..__y.txt"),
    ("", "document"),
]
# fmt: on


@pytest.mark.parametrize(("relative", "doc_id"), DOC_IDS)
def test_doc_ids_are_safe_and_stable(relative, doc_id):
    assert make_doc_id(relative) == doc_id
    assert "/" not in make_doc_id(relative)


# fmt: off
LONG_PATHS = [
    "长" * 83 + ".txt",                                 # 253 bytes: "File name too long" before
    "/".join(["文" * 15] * 5) + "/报告.docx",            # five nested folders of 15
    "a" * 400 + ".pdf",
    "长" * 200,                                         # no extension
]
# fmt: on


@pytest.mark.parametrize("relative", LONG_PATHS)
def test_long_doc_ids_are_capped_unique_and_keep_their_extension(relative):
    from textkit.batch import MAX_DOC_ID_BYTES

    doc_id = make_doc_id(relative)
    assert len(doc_id.encode("utf-8")) <= MAX_DOC_ID_BYTES
    if "." in relative:
        assert doc_id.endswith("." + relative.rpartition(".")[2])
    assert make_doc_id(relative) == doc_id  # stable
    assert make_doc_id(relative[:-5] + "x" + relative[-4:]) != doc_id  # differs where only the cut-off part differs


# fmt: off
WINDOWS_NAMES = [
    ("CON.txt", "_CON.txt"), ("con", "_con"), ("nul.docx", "_nul.docx"), ("COM1.txt", "_COM1.txt"),
    ("LPT9.pdf", "_LPT9.pdf"), ("CONSOLE.txt", "CONSOLE.txt"), ("a/CON.txt", "a__CON.txt"),
    ("a:b*c?.txt", "a_b_c_.txt"), ("x<y>|z.txt", "x_y__z.txt"),
]
# fmt: on


@pytest.mark.parametrize(("relative", "doc_id"), WINDOWS_NAMES)
def test_doc_ids_are_file_names_windows_accepts(relative, doc_id):
    assert make_doc_id(relative) == doc_id


def test_doc_ids_differing_only_in_case_stay_apart(tmp_path):
    (tmp_path / "A.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    found, _ = discover([str(tmp_path)])
    assert [i.doc_id for i in found] == ["A.txt", "a.txt~2"]


def test_a_long_file_name_is_processed_not_fatal(tmp_path):
    root = tmp_path / "in"
    deep = root.joinpath(*["文" * 15] * 5)
    deep.mkdir(parents=True)
    (deep / ("长" * 70 + ".txt")).write_text(GOOD, encoding="utf-8")
    (root / ("长" * 83 + ".txt")).write_text(GOOD, encoding="utf-8")
    (root / "b.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    summary = run_extract([str(root)], out)
    assert (summary.n_ok, summary.n_failed) == (3, 0)
    docs = read(out)["documents"]
    assert docs["doc_id"].is_unique and all(len(d.encode()) <= 200 for d in docs["doc_id"])
    assert {f"{d}.txt" for d in docs["doc_id"]} == {p.name for p in (out / "texts").iterdir()}


def _tree(tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "b.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "in" / "sub" / "a.txt").write_text(GOOD, encoding="gb18030")
    (tmp_path / "in" / "notes.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "in" / "data.xls").write_bytes(b"\x00\x01")
    return tmp_path / "in"


def test_discover_folders_in_sorted_order_and_counts_skipped(tmp_path):
    root = _tree(tmp_path)
    found, skipped = discover([str(root)])
    assert [i.doc_id for i in found] == ["b.txt", "sub__a.txt"]
    assert skipped == 2
    found, _ = discover([str(root)], include=["*.md"])
    assert [i.doc_id for i in found] == ["b.txt", "notes.md", "sub__a.txt"]


def test_discover_explicit_unsupported_missing_and_globs(tmp_path):
    root = _tree(tmp_path)
    found, _ = discover([str(root / "data.xls"), str(root / "nope.txt"), str(root / "**" / "*.txt")])
    errors = [(i.doc_id, i.error.error_type) for i in found if i.error]
    assert errors == [("data.xls", "unsupported_format"), ("nope.txt", "not_found")]
    assert [i.doc_id for i in found if not i.error] == ["b.txt", "sub__a.txt"]


def test_same_name_twice_gets_distinct_ids(tmp_path):
    root = _tree(tmp_path)
    found, _ = discover([str(root / "b.txt"), str(root / "b.txt")])
    assert [i.doc_id for i in found] == ["b.txt", "b.txt~2"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_loop_in_a_folder_is_not_followed(tmp_path):
    root = _tree(tmp_path)
    os.symlink(root, root / "sub" / "loop")
    found, _ = discover([str(root)])
    assert [i.doc_id for i in found] == ["b.txt", "sub__a.txt"]


def test_bad_files_are_reported_and_the_rest_processed(tmp_path):
    root = _tree(tmp_path)
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (root / "broken.docx").write_bytes(b"PK\x03\x04 truncated")
    out = tmp_path / "out"
    summary = run_extract([str(root), str(root / "data.xls")], out)
    assert (summary.n_ok, summary.n_failed) == (2, 4)
    tables = read(out)
    assert sorted(tables["errors"]["error_type"]) == ["empty", "read_error", "undecodable", "unsupported_format"]
    docs = tables["documents"].set_index("doc_id")
    assert docs.loc["b.txt", "status"] == "ok" and docs.loc["sub__a.txt", "encoding"] == "gb18030"
    assert docs.loc["empty.txt", "status"] == "error" and docs.loc["empty.txt", "error"].startswith("empty")
    assert (out / "texts" / "sub__a.txt.txt").read_text(encoding="utf-8") == GOOD
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".textkit.lock", "texts", "parts", "run.json", "manifest.csv", "documents.csv", "sections.csv", "entities.csv", "dates.csv",
         "statistics.csv", "errors.csv"]
    )


def test_extract_returns_frames(tmp_path, nlp):
    root = _tree(tmp_path)
    tables = extract(root, nlp=nlp)
    assert tables["documents"]["doc_id"].tolist() == ["b.txt", "sub__a.txt"]
    assert tables["sections"]["heading"].tolist() == ["主要工作", "主要工作"]


# --- parallel, distributed and resumed runs give the same tables -------------------------------------

SAMPLE = __import__("conftest").ROOT / "corpora" / "sample"


def _tables(outdir) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(outdir.glob("*.csv")) if p.name != "manifest.csv"}


@pytest.fixture(scope="module")
def serial_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("serial")
    run_extract([str(SAMPLE)], out)
    return out


def test_jobs_give_identical_tables(tmp_path, serial_run):
    summary = run_extract([str(SAMPLE)], tmp_path, jobs=2, part_size=3)
    assert summary.n_failed == 0
    assert _tables(tmp_path) == _tables(serial_run)


def test_dask_workers_write_their_own_parts_and_the_tables_equal_a_single_process_run(tmp_path, serial_run, monkeypatch):
    """A LocalCluster of processes: the workers write the part folders and texts, the client only collects
    manifests and merges; every table, text and manifest is byte for byte the single-process run's."""
    pytest.importorskip("distributed")
    import textkit.batch

    def client_writes(*args, **kwargs):
        raise AssertionError("the client wrote a part")

    monkeypatch.setattr(textkit.batch, "_write_part", client_writes)  # in this process only: workers are others
    summary = run_extract([str(SAMPLE)], tmp_path, dask="local", jobs=2, part_size=3)
    n = len(list(SAMPLE.iterdir()))
    assert summary.n_ok == n and len(list((tmp_path / "parts").iterdir())) == -(-n // 3)
    assert outdir_bytes(tmp_path, parts=False) == outdir_bytes(serial_run, parts=False)


def test_rerun_skips_finished_documents_and_changed_options_are_refused_unless_overwrite(tmp_path, serial_run):
    messages = []
    first = run_extract([str(SAMPLE)], tmp_path, part_size=4)
    again = run_extract([str(SAMPLE)], tmp_path, part_size=4, messages=messages.append)
    assert first.n_ok == len(list(SAMPLE.iterdir())) and again.n_ok == 0 and again.n_resumed == first.n_ok
    assert "resuming" in messages[0]
    assert _tables(tmp_path) == _tables(serial_run)
    from textkit.errors import OutputError

    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.raises(OutputError, match="--overwrite"):
        run_extract([str(SAMPLE)], tmp_path, part_size=4, backend="jieba")
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before  # nothing deleted
    changed = run_extract([str(SAMPLE)], tmp_path, part_size=4, backend="jieba", overwrite=True, messages=messages.append)
    assert "--overwrite" in messages[-1] and changed.n_ok == first.n_ok


def test_resume_after_kill_9_loses_and_duplicates_nothing(tmp_path, serial_run):
    import signal
    import subprocess
    import sys
    import time

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sources = sorted(p for p in SAMPLE.iterdir() if p.suffix == ".txt")
    for k in range(4):
        for p in sources:
            (corpus / f"{k}_{p.name}").write_bytes(p.read_bytes())
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "textkit", "-q", "extract", str(corpus), "-o", str(out), "--part-size", "3"]
    proc = subprocess.Popen(cmd)
    deadline = time.monotonic() + 120
    while not (out / "parts" / "part-000002").exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not (out / "documents.csv").exists() or proc.returncode == 0
    assert subprocess.run(cmd).returncode == 0
    clean = tmp_path / "clean"
    assert subprocess.run([*cmd[:-5], str(corpus), "-o", str(clean), "--part-size", "3"]).returncode == 0
    assert _tables(out) == _tables(clean)
    docs = read(out)["documents"]
    assert docs["doc_id"].is_unique and len(docs) == 4 * len(sources)


def test_extract_of_one_file_imports_no_pandas(tmp_path):
    """A new process's ``textkit extract`` writes its tables without pandas, scikit-learn or skops (seconds of
    imports); the first run of an empty cache compiles the section model, the second reads it."""
    (tmp_path / "a.txt").write_text("2009年工作总结\n一、主要工作\n区经委主任徐斌召开座谈会8次。", encoding="utf-8")
    code = ("import sys; from textkit.cli import main\n"
            "try:\n    main(sys.argv[1:], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pandas', 'sklearn', 'skops', 'spacy', 'pyarrow') if m in sys.modules))")
    env = {**os.environ, "TEXTKIT_CACHE_DIR": str(tmp_path / "cache")}
    for run in (1, 2):
        out = subprocess.run([sys.executable, "-c", code, "extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / f"out{run}"), "-q"],
                             capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "out2" / "sections.csv").read_bytes() == (tmp_path / "out1" / "sections.csv").read_bytes()
