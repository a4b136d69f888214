"""Batch runs: input discovery, stable document ids, and one bad file never stopping a run."""

from __future__ import annotations

import os

import pytest

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
        ["texts", "parts", "run.json", "manifest.csv", "documents.csv", "sections.csv", "entities.csv", "dates.csv",
         "statistics.csv", "errors.csv"]
    )


def test_extract_returns_frames(tmp_path, nlp):
    root = _tree(tmp_path)
    tables = extract(root, nlp=nlp)
    assert tables["documents"]["doc_id"].tolist() == ["b.txt", "sub__a.txt"]
    assert tables["sections"]["heading"].tolist() == ["主要工作", "主要工作"]
