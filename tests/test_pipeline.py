"""The spaCy pipeline: registered components, results on the Doc, displaCy."""

from __future__ import annotations

import pytest
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
