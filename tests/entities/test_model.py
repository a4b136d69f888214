"""Tests of textkit.entities.model (the trained CRF), its features and its training command."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path

import pytest

from textkit.entities.features import MAX_WINDOW, sentence_windows, window_features, window_words
from textkit.entities.model import EntityModel, ModelSpan, load_entity_model
from textkit.entities.train import EVALUATION_FILES, TRAIN_FILES, bioes, default_data_dir, read_corpus, train
from textkit.errors import ModelError
from textkit.tokenizer import tag_text

from conftest import needs_shared


@pytest.fixture(scope="module")
def model() -> EntityModel:
    return load_entity_model()


def found(model: EntityModel, text: str, label: str = "PERSON") -> list[str]:
    return [text[s.start : s.end] for s in model.predict(text) if s.label == label]


# (sentence, the people in it): names without titles in 、-lists, minority names, leaders before 总书记
PEOPLE = [
    ("大会执行主席王建国、李明华、赵秀英在主席台前排就座。", ["王建国", "李明华", "赵秀英"]),
    ("在主席台就座的还有刘德福、孙丽娟、周志刚、吴海燕。", ["刘德福", "孙丽娟", "周志刚", "吴海燕"]),
    ("司马义·艾买提和王芳参加了座谈。", ["司马义·艾买提", "王芳"]),
    ("次仁多吉同志出席会议。", ["次仁多吉"]),
    ("会议由买买提·吐尔逊主持。", ["买买提·吐尔逊"]),
    ("习近平总书记在座谈会上发表重要讲话。", ["习近平"]),
    ("区委书记张伟主持会议，副区长陈晓东作了发言。", ["张伟", "陈晓东"]),
    ("会上，欧阳明辉同志代表领导班子作述职报告。", ["欧阳明辉"]),
]

# (sentence, label, the spans of that label in it)
ORGS = [
    ("深圳市腾讯计算机系统有限公司与比亚迪股份有限公司签署合作协议。", "ORG_COMPANY",
     ["深圳市腾讯计算机系统有限公司", "比亚迪股份有限公司"]),
    ("中国工商银行北京分行为小微企业发放贷款。", "ORG_COMPANY", ["中国工商银行北京分行"]),
    ("国家税务总局和财政部联合发布通知。", "ORG_GOV", ["国家税务总局", "财政部"]),
]

# sentences with no person in them: titles of works, slogans, ordinary prose, places
NO_PEOPLE = [
    "认真学习《习近平谈治国理政》第四卷。",
    "撸起袖子加油干，奋力谱写新篇章。",
    "全面推进乡村振兴，加快建设农业强国。",
    "今年全区地区生产总值增长6.5%。",
    "",
]


@pytest.mark.parametrize("text,expected", PEOPLE)
def test_people(model, text, expected):
    assert found(model, text) == expected


@pytest.mark.parametrize("text,label,expected", ORGS)
def test_organisations(model, text, label, expected):
    assert found(model, text, label) == expected


@pytest.mark.parametrize("text", NO_PEOPLE)
def test_no_people(model, text):
    assert found(model, text) == []


def test_spans_index_the_text_and_carry_a_confidence(model):
    text = "大会执行主席王建国、李明华在主席台就座。\n会议由国家税务总局主办。"
    spans = model.predict(text)
    assert spans and all(isinstance(s, ModelSpan) for s in spans)
    assert all(0 < s.score <= 1 and 0 <= s.start < s.end <= len(text) for s in spans)
    assert [text[s.start : s.end] for s in spans] == ["王建国", "李明华", "国家税务总局"]
    assert spans == sorted(spans, key=lambda s: s.start)


def test_tagging_and_windows_give_the_same_spans(model):
    text = "区委书记张伟主持会议。全面推进乡村振兴。副区长陈晓东作了发言。"
    tagging = tag_text(text)
    alone = model.predict(text)
    assert model.predict(text, tagging) == alone
    assert model.predict(text, tagging, windows=sentence_windows(text)) == alone
    assert model.predict(text, windows=[]) == []
    with pytest.raises(ValueError):
        model.predict(text, tag_text("别的文字"))


def test_gate_keeps_sentences_with_names_and_skips_plain_ones(model):
    text = "全面推进乡村振兴。区委书记张伟主持会议。今年全区地区生产总值增长6.5%。王建国、李明华参加座谈。"
    kept = [text[s:e] for s, e in model.gate(text, tag_text(text))]
    assert kept == ["区委书记张伟主持会议。", "王建国、李明华参加座谈。"]
    gated = model.predict(text, windows=model.gate(text))
    assert [text[s.start : s.end] for s in gated if s.label == "PERSON"] == ["张伟", "王建国", "李明华"]


def test_long_line_is_cut_into_bounded_windows(model):
    text = "甲乙丙丁" * 25_000 + "，王建国"  # 100,000 characters without a sentence end
    windows = sentence_windows(text)
    assert max(e - s for s, e in windows) <= MAX_WINDOW
    assert windows[0][0] == 0 and windows[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(windows, windows[1:]))
    assert isinstance(model.predict(text[-2000:]), list)


@pytest.mark.parametrize("text,expected", [
    ("王建国讲话。李明华主持会议。", [(0, 6), (6, 14)]),
    ("一、二。" + "甲" * 5, [(0, 4), (4, 9)]),
    ("\n\n  \n", []),
    ("", []),
])
def test_sentence_windows(text, expected):
    assert sentence_windows(text) == expected


def test_features_see_surnames_titles_and_words():
    feats = window_features("书记王建国讲话", [(0, 2, "n"), (2, 5, "nr"), (5, 7, "v")])
    assert len(feats) == 7
    assert {"c=王", "p=Bnr", "sn1", "ti<0", "w=王建国", "w-1=书记"} <= set(feats[2])
    assert "sn1" not in feats[5]


def test_bioes():
    assert bioes("王建国和李强", [(0, 3, "PER"), (4, 6, "PER")]) == ["B-PER", "I-PER", "E-PER", "O", "B-PER", "E-PER"]
    assert bioes("在京", [(1, 2, "LOC")]) == ["O", "S-LOC"]


# --------------------------------------------------------------------------- packaging and errors
def test_model_is_found_in_the_package():
    base = resources.files("textkit.models")
    assert (base / "entities.npz").is_file() and (base / "entities.json").is_file()
    card = json.loads((base / "entities.json").read_text(encoding="utf-8"))
    assert card["sha256"] == hashlib.sha256((base / "entities.npz").read_bytes()).hexdigest()
    assert load_entity_model() is load_entity_model()
    assert load_entity_model().source == "textkit.models/entities.npz"


def test_shipped_model_was_trained_on_training_splits_only():
    card = json.loads((resources.files("textkit.models") / "entities.json").read_text(encoding="utf-8"))
    names = [s["file"] for s in card["sources"]]
    assert names and not set(names) & set(EVALUATION_FILES)


def _copy_model(tmp_path: Path) -> Path:
    base = resources.files("textkit.models")
    out = tmp_path / "m.npz"
    out.write_bytes((base / "entities.npz").read_bytes())
    out.with_suffix(".json").write_bytes((base / "entities.json").read_bytes())
    return out


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "not_npz", "missing", "no_card", "old_features"])
def test_damaged_model_raises_model_error(tmp_path, damage):
    path = _copy_model(tmp_path)
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        path.write_bytes(data[:1000] + bytes([data[1000] ^ 0xFF]) + data[1001:])
    elif damage == "garbage":
        path.write_bytes(b"not a model at all")
    elif damage == "not_npz":  # a file its card vouches for, but not the model's arrays
        path.write_bytes(b"not a model at all")
        card = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        card["sha256"] = hashlib.sha256(b"not a model at all").hexdigest()
        path.with_suffix(".json").write_text(json.dumps(card), encoding="utf-8")
    elif damage == "missing":
        path.unlink()
    elif damage == "no_card":
        path.with_suffix(".json").unlink()
    else:
        card = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        path.with_suffix(".json").write_text(json.dumps({**card, "feature_version": -1}), encoding="utf-8")
    with pytest.raises(ModelError, match="textkit train entities"):
        load_entity_model(path)


# --------------------------------------------------------------------------- training
_PEOPLE = ["王建国", "李明华", "赵秀英", "刘德福", "孙丽娟", "周志刚", "陈晓东", "张伟"]
_FRAMES = ["{}主持会议。", "书记{}讲话。", "{}同志出席。", "会见了{}。", "{}在{}工作。"]


def _corpus(path: Path) -> Path:
    lines = []
    for i, name in enumerate(_PEOPLE):
        frame = _FRAMES[i % len(_FRAMES)]
        text = frame.format(name, "税务局")
        ents = [{"start": text.index(name), "end": text.index(name) + len(name), "label": "PER"}]
        if "税务局" in text:
            ents.append({"start": text.index("税务局"), "end": text.index("税务局") + 3, "label": "ORG_GOV"})
        lines.append(json.dumps({"text": text, "entities": ents}, ensure_ascii=False))
    lines.append(json.dumps({"text": "华为公司发布新品。",
                             "entities": [{"start": 0, "end": 4, "label": "ORG", "orig_label": "company"}]}, ensure_ascii=False))
    lines.append(json.dumps({"text": "新华社报道。", "entities": [{"start": 0, "end": 3, "label": "ORG"}]}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_training_is_deterministic(tmp_path):
    corpus = _corpus(tmp_path / "c.jsonl")
    params = {"max_iterations": 20}
    a = train([corpus], tmp_path / "a.npz", params=params)
    b = train([corpus], tmp_path / "b.npz", params=params)
    assert a["sha256"] == b["sha256"]
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    assert a["augmented_sentences"] == 8  # one copy of each sentence with a person, names swapped
    assert a["mentions"]["PER"] == 8 and sum(a["mentions"].values()) == 11  # of the corpus as read
    text = "书记王建国讲话。"
    pa, pb = load_entity_model(tmp_path / "a.npz"), load_entity_model(tmp_path / "b.npz")
    assert pa.predict(text) == pb.predict(text)


def test_read_corpus_types_and_drops_labels(tmp_path):
    corpus = _corpus(tmp_path / "c.jsonl")
    examples = read_corpus(corpus)
    assert examples[-2] == ("华为公司发布新品。", [(0, 4, "COM")])  # CLUENER's orig_label is the finer one
    assert examples[-1] == ("新华社报道。", [(0, 3, "?")])  # untyped ORG: typed before training
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"entities": []}\n', encoding="utf-8")
    with pytest.raises(ModelError, match="bad.jsonl:1"):
        read_corpus(bad)


def test_evaluation_sets_are_never_trained_on(tmp_path):
    assert not set(TRAIN_FILES) & set(EVALUATION_FILES)
    for name in EVALUATION_FILES:
        path = tmp_path / name
        path.write_text('{"text": "王建国", "entities": []}\n', encoding="utf-8")
        with pytest.raises(ModelError, match="evaluation set"):
            train([path], tmp_path / "x.npz")


def test_numpy_inference_gives_crfsuites_tags_and_marginals(tmp_path):
    """The compiled model decodes as crfsuite's own tagger does (the same tags, marginals to 1e-5)."""
    import numpy as np
    import pycrfsuite

    from textkit.entities.train import compile_crfsuite, sentence_features

    examples = read_corpus(_corpus(tmp_path / "c.jsonl"))
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params({"c1": 0.01, "c2": 0.01, "max_iterations": 30, "feature.possible_transitions": True})
    for text, spans in examples:
        trainer.append(sentence_features(text), bioes(text, [(s, e, "PER" if k == "?" else k) for s, e, k in spans]))
    trainer.train(str(tmp_path / "m.crfsuite"))
    compiled = EntityModel(compile_crfsuite(tmp_path / "m.crfsuite"), {"labels": {"PER": "PERSON", "GOV": "ORG_GOV", "COM": "ORG_COMPANY"}}, "test")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(tmp_path / "m.crfsuite"))
    texts = ["书记王建国讲话。", "会见了李明华和孙丽娟。", "周志刚在税务局工作，华为公司发布新品。", "好"]
    scores = [compiled.emissions(t, window_words(tag_text(t), 0, len(t))) for t in texts]
    for text, path, marg, em in zip(texts, compiled.viterbi(scores), compiled.marginals(scores), scores):
        feats = sentence_features(text)
        assert [compiled.tags[y] for y in path] == tagger.tag(feats)
        ref = np.array([[tagger.marginal(y, i) for y in compiled.tags] for i in range(len(text))])
        assert np.abs(marg - ref).max() < 1e-5


@needs_shared
def test_default_sources_are_the_training_splits():
    from textkit.entities.train import default_sources

    assert default_data_dir() is not None
    assert [p.name for p in default_sources()] == list(TRAIN_FILES)
    assert not {p.name for p in default_sources()} & set(EVALUATION_FILES)


def test_train_command_says_what_to_pass_without_the_shared_data(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import textkit.entities.train as training
    from textkit.cli import main

    monkeypatch.setattr(training, "default_data_dir", lambda: None)
    result = CliRunner().invoke(main, ["train", "entities", "--out", str(tmp_path / "m.npz")])
    assert result.exit_code == 2 and "--corpus FILE" in result.output
    assert not (tmp_path / "m.npz").exists()
    corpus = _corpus(tmp_path / "c.jsonl")
    result = CliRunner().invoke(main, ["train", "entities", "--corpus", str(corpus), "--out", str(tmp_path / "m.npz"), "-q"])
    assert result.exit_code == 0 and (tmp_path / "m.npz").is_file() and (tmp_path / "m.json").is_file()
    assert load_entity_model(tmp_path / "m.npz").card["sources"][0]["file"] == "c.jsonl"


def test_emissions_are_the_sum_of_the_weights_of_the_training_attributes(model):
    """The vectorised lookups give, at every character, the summed weights of the attribute strings the
    CRF was trained on (``window_features``), for windows of every shape at once."""
    import numpy as np

    texts = ["书记王建国讲话。", "好", "ab12 ３４，欧阳明辉同志、买买提·吐尔逊\n", "大会执行主席王建国、李明华在主席台就座",
             "国家税务总局和财政部联合发布通知。", "  x  ", "深圳市腾讯计算机系统有限公司（腾讯）发布2024年报"]
    windows = [(t, window_words(tag_text(t), 0, len(t))) for t in texts]
    windows += [("王建国李", [(0, 3, "nr")]), ("王建国李", [(1, 3, "nr")])]  # words not covering the window
    for (text, words), got in zip(windows, model.emissions_many(windows)):
        ref = np.zeros((len(text), len(model.tags)))
        for i, feats in enumerate(window_features(text, words)):
            for f in feats:
                name, eq, value = f.partition("=")
                row = model._index.get(name, {}).get(value) if eq else model._flags.get(f)
                ref[i] += model._bias if f == "b" else model._weights[row] if row is not None else 0.0
        assert got.shape == ref.shape and np.abs(got - ref).max() < 1e-9, text
