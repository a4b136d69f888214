"""The spaCy pipeline: registered components, results on the Doc, exactly the records' spans, displaCy."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SHARED, needs_shared
from spacy import displacy

from textkit.pipeline import STAGES, load

TEXT = (
    "2009年第一阶段工作小结\n区经委学习实践活动扎实推进。\n一、动员部署\n"
    "3月13日，区经委主任、党组副书记徐斌主持召开座谈会8次，参加人数44人。\n"
)


def test_components_in_order_and_results_on_the_doc(nlp):
    assert nlp.pipe_names == list(STAGES)
    doc = nlp(TEXT)
    assert doc.text == TEXT
    assert [s.heading for s in doc._.tk_sections] == ["", "动员部署"]
    assert [s.label for s in doc._.tk_sections][0] == "overview"
    assert [(d.text, str(d.start)) for d in doc._.tk_dates] == [("2009年", "2009-01-01"), ("3月13日", "2009-03-13")]
    assert [(s.text, s.unit) for s in doc._.tk_statistics] == [("8次", "次"), ("44人", "人")]
    person = next(e for e in doc._.tk_entities if e.label == "PERSON")
    assert (person.text, person.roles) == ("徐斌", ("区经委主任", "党组副书记"))
    assert {e.label_ for e in doc.ents} >= {"PERSON", "ORG_GOV"}
    assert [s.text for s in doc.spans["tk_statistics"]] == ["8次", "44人"]
    assert doc._.tk_genre == "stage_summary"


def test_displacy_renders_the_entities(nlp):
    html = displacy.render(nlp(TEXT), style="ent", jupyter=False)
    assert "徐斌" in html and "PERSON" in html


def test_a_subset_of_stages():
    nlp = load(stages=["textkit_structure", "textkit_dates"])
    doc = nlp(TEXT)
    assert nlp.pipe_names == ["textkit_structure", "textkit_dates"]
    assert doc._.tk_statistics == () and len(doc._.tk_dates) == 2


def test_unknown_stage_is_a_value_error():
    with pytest.raises(ValueError, match="stages"):
        load(stages=["textkit_sentiment"])


# ---------------------------------------------------------------- spans on the Doc are exactly the records'


def _analysis_text(path: Path) -> str:
    """The text the stages read for a file (what ``textkit.analyze`` gives them)."""
    from textkit.normalize import normalize
    from textkit.reading import read_path
    from textkit.structure import bounded_lines

    return bounded_lines(normalize(read_path(path).text))


def _documents(folder: Path) -> list[Path]:
    from textkit.reading import SUPPORTED_SUFFIXES

    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES)


def _spans_of(group) -> list[tuple[int, int, str]]:
    return [(s.start_char, s.end_char, s.text) for s in group]


def _check_every_record_has_its_own_span(nlp, text: str) -> int:
    from textkit.engine import shared_engine

    doc = nlp(text)
    own = lambda pairs: [(a, b, text[a:b]) for a, b in pairs]  # noqa: E731
    headings = own((s.char_start, s.body_start) for s in doc._.tk_sections if s.heading and s.body_start > s.char_start)
    assert _spans_of(doc.spans["tk_headings"]) == headings
    assert _spans_of(doc.spans["tk_dates"]) == [(d.char_start, d.char_end, d.text) for d in doc._.tk_dates]
    assert _spans_of(doc.spans["tk_statistics"]) == [(s.char_start, s.char_end, s.text) for s in doc._.tk_statistics]
    entities = [(e.char_start, e.char_end, e.text) for e in doc._.tk_entities]
    assert _spans_of(doc.spans["tk_entities"]) == entities
    assert [s.kb_id_ for s in doc.spans["tk_entities"]] == [e.canonical or e.text for e in doc._.tk_entities]
    assert set(_spans_of(doc.ents)) <= set(entities)
    assert all(a.end <= b.start for a, b in zip(doc.ents, doc.ents[1:]))  # non-overlapping, in order
    candidates = shared_engine().run(text).candidates  # the Doc's records are the engine's (test_engine)
    assert _spans_of(doc.spans["tk_entity_candidates"]) == own((c.start, c.end) for c in candidates)
    assert "".join(t.text_with_ws for t in doc) == text and all(t.tag_ for t in doc)
    return sum(len(g) for g in doc.spans.values())


def test_every_record_of_the_sample_corpus_has_its_exact_span(nlp):
    assert sum(_check_every_record_has_its_own_span(nlp, _analysis_text(p))
               for p in _documents(ROOT / "corpora" / "sample")) > 500


@needs_shared
def test_every_record_of_the_dev_corpus_has_its_exact_span(nlp):
    assert sum(_check_every_record_has_its_own_span(nlp, _analysis_text(p))
               for p in _documents(SHARED / "corpus")) > 1000


SPLIT = "一、基本情况\n全市共有28个省参加座谈会。由区发改委牵头，2014年1月27日到京。"


def test_a_statistic_ending_inside_a_word_gets_its_own_span(nlp):
    from textkit.pipeline import tagging_of

    words = [t.text for t in nlp.tokenizer(SPLIT)]
    assert "个省" in words and "由区" in words and "日到" in words  # jieba's words cross the records' edges
    doc = nlp(SPLIT)
    assert _spans_of(doc.spans["tk_statistics"]) == [(SPLIT.index("28个"), SPLIT.index("28个") + 3, "28个")]
    assert [s.text for s in doc.spans["tk_dates"]] == ["2014年1月27日"]
    assert "区发改委" in [e.text for e in doc.ents]
    tags = {t.text: (t.tag_, t.pos_) for t in doc}
    jieba = {w: t for _a, _b, w, t in tagging_of(doc).words()}
    assert tags["个"][0] == tags["省"][0] == jieba["个省"]  # the pieces keep the word's tag
    assert tags["省"][1] == "NOUN"
    assert tags["由"][0] == tags["区"][0] == jieba["由区"]
    assert "个省" in [w for _a, _b, w, _t in tagging_of(doc).words()]  # the one tagging pass is kept as cut
    assert [s.text for s in doc.sents] == [
        "一、基本情况\n", "全市共有28个省参加座谈会。", "由区发改委牵头，2014年1月27日到京。"]
    html = displacy.render(doc, style="span", options={"spans_key": "tk_statistics"})
    assert "STAT" in html and "28" in html
    assert "区发改委" in displacy.render(doc, style="ent")


def test_split_pieces_survive_to_bytes(nlp):
    from spacy.tokens import Doc

    doc = nlp(SPLIT)
    back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert [t.text for t in back] == [t.text for t in doc] and [t.tag_ for t in back] == [t.tag_ for t in doc]
    for key in doc.spans:
        assert _spans_of(back.spans[key]) == _spans_of(doc.spans[key]), key
    assert [(e.text, e.label_, e.kb_id_, e._.tk_rule) for e in back.ents] == [
        (e.text, e.label_, e.kb_id_, e._.tk_rule) for e in doc.ents]


def test_split_tokens_at_keeps_spans_entities_and_sentences():
    from spacy.tokens import Span

    from textkit.pipeline import split_tokens_at

    nlp = load(stages=["textkit_structure"])
    doc = nlp("共有28个省参加。区发改委牵头。")
    assert split_tokens_at(doc, [0, 2, len(doc.text)]) is doc  # every offset a boundary already: nothing to do
    doc.spans["mine"] = [doc.char_span(0, 2, label="X")]
    doc.ents = [Span(doc, 0, 1, label="ORG_GOV", kb_id="共")]
    Span.set_extension("tk_test", default=None, force=True)
    try:
        doc.spans["mine"][0]._.tk_test = "kept"
        new = split_tokens_at(doc, [5, 1])
        assert [(s.text, s.label_, s._.tk_test) for s in new.spans["mine"]] == [("共有", "X", "kept")]
    finally:
        Span.remove_extension("tk_test")
    assert [t.text for t in new][:5] == ["共", "有", "28", "个", "省"]
    assert [(e.text, e.label_, e.kb_id_) for e in new.ents] == [("共有", "ORG_GOV", "共")]
    assert [s.text for s in new.sents] == [s.text for s in doc.sents]
    assert new._.tk_structure == doc._.tk_structure and new.text == doc.text
