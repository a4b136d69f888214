"""The spaCy-free stages (textkit.engine) give exactly the records of textkit.load()'s Doc."""

import subprocess
import sys

import pytest

from textkit.analysis import analyze_text
from textkit.engine import Engine, shared_engine
from textkit.pipeline import analysis_of, load

TEXTS = [
    "2009年工作总结\n一、主要工作\n3月13日，区经委主任徐斌召开座谈会8次，投资13.9亿元。\n（一）学习\n参加人数44人。",
    "各位代表：\n现在，我代表国务院，向大会报告政府工作。\n一、过去一年工作回顾\n国内生产总值增长5.2%。"
    "\n二、今年工作总体要求\n今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上。",
    "",
    "没有标题也没有数字的一行",
]


@pytest.fixture(scope="module")
def nlp():
    return load()


@pytest.mark.parametrize("text", TEXTS)
def test_engine_equals_the_spacy_doc(nlp, text):
    engine, doc = shared_engine().run(text), analysis_of(nlp(text))
    assert engine.sections == doc.sections
    assert engine.dates == doc.dates
    assert engine.statistics == doc.statistics
    assert engine.entities == doc.entities
    assert engine.genre == doc.genre
    assert engine.tagging == doc.tagging


@pytest.mark.parametrize("text", TEXTS[:2])
def test_analyze_through_a_doc_gives_the_same_result(nlp, text):
    assert analyze_text(text, nlp=nlp) == analyze_text(text) == analyze_text(text, nlp=shared_engine())


def test_shared_engine_is_built_once():
    assert shared_engine() is shared_engine()
    assert isinstance(shared_engine(), Engine)


def test_analysis_and_extract_never_import_spacy(tmp_path):
    (tmp_path / "a.txt").write_text("一、主要工作\n召开座谈会8次。", encoding="utf-8")
    code = ("import sys, textkit; textkit.analyze_text('召开座谈会8次。'); "
            f"textkit.extract([{str(tmp_path / 'a.txt')!r}]); print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
