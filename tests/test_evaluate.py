"""textkit evaluate: the gold format's scoring rules, and the same figures as the evaluation set's scorer."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from textkit.evaluate import evaluate
from textkit.tables import TableWriter

from conftest import SHARED, needs_shared

TEXT = "2009年工作小结\n一、动员部署\n3月13日，区经委主任徐斌召开座谈会8次，参加人数44人，上海百特医疗用品有限公司参加。\n"


def _gold(tmp_path) -> dict:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    gold = {
        "doc": "a", "file": "a.txt", "title": "2009年工作小结",
        "persons": ["徐斌", "戴平"], "roles": {"徐斌": ["主任"]}, "companies": ["上海百特医疗用品有限公司"],
        "gov_orgs_core": ["区经委"],
        "dates": [{"text": "3月13日", "start": "2009-03-13", "end": "2009-03-13"}],
        "stats": [{"text": "座谈会8次", "value": 8, "unit": "次"}, {"text": "参加人数44人", "value": 44, "unit": "人"}],
        "not_stats": ["一、"],
        "sections": [{"heading": "动员部署", "labels": ["mobilization"]}],
    }
    (tmp_path / "a.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return gold


def _at(needle: str) -> tuple[int, int]:
    i = TEXT.index(needle)
    return i, i + len(needle)


def _write_tables(outdir, rows: dict[str, list[dict]]) -> None:
    from textkit.tables import COLUMNS

    with TableWriter(outdir) as writer:
        for table, table_rows in rows.items():
            writer.write(table, [{c: r.get(c) for c in COLUMNS[table]} for r in table_rows])


def test_scores_follow_the_gold_rules(tmp_path):
    _gold(tmp_path)
    out = tmp_path / "out"
    _write_tables(out, {
        "documents": [{"doc_id": "d", "path": "in/a.txt", "title": "2009年 工作小结"}],
        "entities": [
            {"doc_id": "d", "label": "PERSON", "text": "徐斌", "char_start": _at("徐斌")[0], "char_end": _at("徐斌")[1], "roles": "区经委主任"},
            {"doc_id": "d", "label": "PERSON", "text": "座谈", "char_start": 0, "char_end": 2, "roles": ""},
            {"doc_id": "d", "label": "ORG_GOV", "text": "区经委", "char_start": 0, "char_end": 3},
        ],
        "dates": [{"doc_id": "d", "text": "3月13日", "start": "2009-03-13", "end": "2009-03-13", "granularity": "day",
                   "char_start": _at("3月13日")[0], "char_end": _at("3月13日")[1]}],
        "statistics": [
            {"doc_id": "d", "text": "8次", "value": 8, "unit": "次", "char_start": _at("8次")[0], "char_end": _at("8次")[1]},
            {"doc_id": "d", "text": "44人", "value": 45, "unit": "人", "char_start": _at("44人")[0], "char_end": _at("44人")[1]},
        ],
        "sections": [{"doc_id": "d", "heading": "动员部署", "label": "study"}],
    })
    total = evaluate(out, [tmp_path / "a.json"])["total"]
    assert total["persons"] == {"P": 0.5, "R": 0.5, "F1": 0.5, "gold": 2}
    assert total["companies"]["R"] == 0.0
    assert total["dates"]["F1"] == 1.0
    assert total["stats"] == {"P": 0.5, "R": 0.5, "F1": 0.5, "gold": 2}   # 44 ≠ 45
    assert (total["roles_recall"], total["gov_orgs_recall"], total["title_accuracy"]) == (1.0, 1.0, 1.0)
    assert (total["section_headings_recall"], total["section_label_accuracy"]) == (1.0, 0.0)


@needs_shared
def test_same_figures_as_the_evaluation_scorer(tmp_path):
    from click.testing import CliRunner

    from textkit.cli import main

    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["-q", "extract", str(SHARED / "corpus"), "-o", str(out)]).exit_code == 0
    golds = sorted(str(p) for p in (SHARED / "eval" / "gold").glob("*.json"))
    theirs = subprocess.run([sys.executable, str(SHARED / "eval" / "agg.py"), str(out), *golds],
                            capture_output=True, text=True, check=True)
    ours = evaluate(out, golds)["total"]
    assert ours == json.loads(theirs.stdout)


def _scored_outdir(tmp_path):
    _gold(tmp_path)
    out = tmp_path / "out"
    _write_tables(out, {"documents": [{"doc_id": "d", "path": "in/a.txt", "title": "2009年工作小结"}],
                        "entities": [{"doc_id": "d", "label": "PERSON", "text": "徐斌", "char_start": _at("徐斌")[0],
                                      "char_end": _at("徐斌")[1], "roles": "主任"}]})
    return out


def test_the_cli_prints_an_aligned_table_and_json_on_request(tmp_path):
    from click.testing import CliRunner

    from textkit.cli import main

    out = _scored_outdir(tmp_path)
    result = CliRunner().invoke(main, ["evaluate", str(out), str(tmp_path / "a.json")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["field", "P", "R", "F1", "gold"]
    assert lines[2].split() == ["persons", "1.000", "0.500", "0.667", "2"]
    assert len({line.index("0.") for line in lines[2:6] if "0." in line}) <= 2  # the columns line up
    assert "roles (recall)" in result.output and lines[-1] == "1 gold file scored"
    as_json = CliRunner().invoke(main, ["evaluate", str(out), str(tmp_path / "a.json"), "--json"])
    assert json.loads(as_json.output) == evaluate(out, [tmp_path / "a.json"])["total"]
    per_doc = CliRunner().invoke(main, ["evaluate", str(out), str(tmp_path / "a.json"), "--per-document"])
    assert "persons misses: 戴平" in per_doc.output


@pytest.mark.parametrize("content, message", [
    ('{"doc": "x"}', 'no "file"'),
    ("{oops", "not JSON"),
    ("[1, 2]", "expected a JSON object"),
    ('{"file": "missing.txt"}', "cannot read its document"),
    ('{"file": "a.txt", "dates": [{"txt": "3月"}]}', "malformed: no key 'text'"),
])
def test_a_bad_gold_file_is_named_and_never_stops_the_others(tmp_path, content, message):
    from click.testing import CliRunner

    from textkit.cli import main

    out = _scored_outdir(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    report = evaluate(out, [bad, tmp_path / "a.json"])
    assert report["n_scored"] == 1 and report["total"]["persons"]["gold"] == 2
    assert len(report["problems"]) == 1 and str(bad) in report["problems"][0] and message in report["problems"][0]
    result = CliRunner().invoke(main, ["evaluate", str(out), str(bad), str(tmp_path / "a.json")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"warning: gold file {bad}" in result.output and "1 left out" in result.output
    only_bad = CliRunner().invoke(main, ["evaluate", str(out), str(bad)])
    assert only_bad.exit_code == 2 and "no gold file could be scored" in only_bad.output


def test_a_gold_file_matching_no_document_is_named(tmp_path):
    out = _scored_outdir(tmp_path)
    gold = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    (tmp_path / "other.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "other.json").write_text(json.dumps({**gold, "doc": "other", "file": "other.txt"}, ensure_ascii=False),
                                         encoding="utf-8")
    report = evaluate(out, [tmp_path / "a.json", tmp_path / "other.json"])
    assert report["unmatched"] == [str(tmp_path / "other.json")]
    assert "matched no document" in report["problems"][0] and report["total"]["persons"]["gold"] == 4
