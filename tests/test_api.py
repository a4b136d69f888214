"""The Python API fails loudly, and the spaCy Doc behaves as spaCy users expect."""

from __future__ import annotations

import pytest

import textkit
from textkit.analysis import looks_like_path
from textkit.tables import to_frame

from conftest import ROOT

SAMPLE = ROOT / "corpora" / "sample"
TEXT = "2009年工作小结\n一、动员部署\n3月13日，区经委主任徐斌召开座谈会8次，投资13.9亿元。参加人数44人！\n二、下步打算\n继续努力。"


@pytest.mark.parametrize("value, is_path", [
    ("report.docx", True), ("reports/2019 报告（定稿）.PDF", True), ("a.txt", True), (r"C:\data\x.html", True),
    ("召开会议8次。", False), ("一、总体情况\n召开会议.txt", False), ("区经委召开动员大会", False),
    ("提高到8.txt", True),  # a one-line string ending in .txt is a file name, so analyze_text says "text" explicitly
    ("工作总结！.docx", False), ("", False),
])
def test_what_analyze_reads_as_a_path(value, is_path):
    assert looks_like_path(value) is is_path


def test_analyze_a_missing_file_raises(tmp_path):
    with pytest.raises(FileNotFoundError, match="report.docx"):
        textkit.analyze("report.docx")
    with pytest.raises(FileNotFoundError):
        textkit.analyze(tmp_path / "missing")  # any Path, whatever its suffix
    with pytest.raises(IsADirectoryError, match="textkit.extract"):
        textkit.analyze(tmp_path)
    with pytest.raises(TypeError):
        textkit.analyze(b"bytes")


def test_analyze_reads_files_and_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="gb18030")
    for source in (path, str(path)):
        result = textkit.analyze(source)
        assert result.info.doc_id == "a.txt" and result.info.encoding == "gb18030"
    from_text = textkit.analyze(TEXT)  # has a newline: text
    assert from_text.info.doc_id == "text" and from_text.info.title == "2009年工作小结"
    explicit = textkit.analyze_text("report.docx")
    assert explicit.text == "report.docx" and explicit.info.path == ""
    assert [s.heading for s in textkit.analyze("一、动员部署。召开会议8次。").sections] == ["动员部署"]


def test_extract_on_only_missing_inputs_raises(tmp_path):
    with pytest.raises(FileNotFoundError, match="typo_dir"):
        textkit.extract(tmp_path / "typo_dir")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="nothing to read in"):
        textkit.extract([tmp_path / "empty", str(tmp_path / "*.docx")])
    one = sorted(SAMPLE.glob("*.txt"))[0]
    with pytest.warns(UserWarning, match="gone.txt"):
        tables = textkit.extract([one, tmp_path / "gone.txt"])
    assert len(tables["documents"]) == 1 and tables["errors"]["error_type"].tolist() == ["not_found"]


def test_to_frame_takes_one_result_or_many():
    result = textkit.analyze_text(TEXT)
    one = to_frame("statistics", result)
    assert one["text"].tolist() == ["8次", "13.9亿元", "44人"]
    assert to_frame("statistics", [result, result])["text"].tolist() == one["text"].tolist() * 2
    assert textkit.to_frame is to_frame


@pytest.fixture(scope="module")
def doc():
    return textkit.load()(TEXT)


def test_doc_sents_are_the_structure_sentences(doc):
    assert [s.text.strip() for s in doc.sents] == [
        "2009年工作小结", "一、动员部署", "3月13日，区经委主任徐斌召开座谈会8次，投资13.9亿元。", "参加人数44人！",
        "二、下步打算", "继续努力。"]


def test_tokens_carry_jieba_tags_and_universal_pos(doc):
    tags = {t.text: (t.tag_, t.pos_) for t in doc}
    assert tags["徐斌"] == ("nr", "PROPN")
    assert tags["召开"][1] == "VERB" and tags["座谈会"][1] == "NOUN"
    assert tags["。"][1] == "PUNCT" and tags["\n"][1] == "SPACE"
    assert all(t.tag_ for t in doc)


def test_extensions_survive_docbin_and_to_bytes(doc):
    from spacy.tokens import Doc, DocBin

    names = ("tk_structure", "tk_sections", "tk_dates", "tk_date_analysis", "tk_statistics", "tk_entities", "tk_genre")
    packed = DocBin(store_user_data=True)
    packed.add(doc)
    nlp = textkit.load(stages=())
    (back,) = DocBin().from_bytes(packed.to_bytes()).get_docs(nlp.vocab)
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    for other in (back, again):
        for name in names:
            assert getattr(other._, name) == getattr(doc._, name), name
        assert other._.tk_statistics[1].value == doc._.tk_statistics[1].value  # an exact Decimal
        assert [s.text for s in other.sents] == [s.text for s in doc.sents]
        assert [(e.text, e.label_) for e in other.ents] == [(e.text, e.label_) for e in doc.ents]


def test_records_from_a_docbin_are_only_textkit_dataclasses():
    import srsly

    from textkit.pipeline import register_extensions

    register_extensions()
    hostile = {"__textkit__": "os:system", "fields": {"command": "true"}}
    assert srsly.msgpack_loads(srsly.msgpack_dumps({"x": hostile}))["x"] == hostile  # left as data, never built


def test_displacy_options_colour_textkit_labels(doc):
    from spacy import displacy

    html = displacy.render(doc, style="ent", options=textkit.DISPLACY_OPTIONS, page=False)
    assert textkit.DISPLACY_OPTIONS["colors"]["PERSON"] in html and "徐斌" in html
    spans = displacy.render(doc, style="span", options={**textkit.DISPLACY_OPTIONS, "spans_key": "tk_statistics"})
    assert textkit.DISPLACY_OPTIONS["colors"]["STAT"] in spans


def test_ent_kb_id_is_the_canonical_name():
    doc = textkit.load()("2009年工作小结\n金山区经济委员会召开会议。区经委主任徐斌讲话。")
    assert ("区经委", "ORG_GOV", "金山区经济委员会") in [(e.text, e.label_, e.kb_id_) for e in doc.ents]
    canonical = {(e.char_start, e.char_end): e.canonical or e.text for e in doc._.tk_entities}
    assert all(canonical[(e.start_char, e.end_char)] == e.kb_id_ for e in doc.ents)
