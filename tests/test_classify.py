"""Tests of textkit.classify: the estimator contract, the shipped model, the rules and genres."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from textkit.classify import (
    GENRES,
    LABEL_GROUPS,
    LABELS,
    TRUSTED_TYPES,
    SectionClassifier,
    classify_genre,
    label_sections,
    load_model,
)
from textkit.errors import ModelError
from textkit.records import Section

ROOT = Path(__file__).parents[1]
SHARED = Path(__file__).parents[1].parent / "shared"
MODEL = ROOT / "models" / "sections.skops"


def _frame(rows: list[tuple[str, str, float, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["heading", "body", "position", "level"])


TINY = _frame([
    ("存在的问题", "一是学习不够深入；二是工作推进不平衡。", 0.7, 1),
    ("存在的不足", "部分单位推进较慢，基层力量薄弱。", 0.75, 1),
    ("下一步工作打算", "下一步，我们将继续抓好整改落实。", 0.9, 1),
    ("明年工作思路", "明年将重点抓好项目建设和民生改善。", 0.85, 1),
    ("取得的主要成效", "全年实现营业收入3.2亿元，同比增长8%。", 0.2, 1),
    ("工作成效", "群众满意率达到96%，比上年提高3个百分点。", 0.3, 1),
])
TINY_Y = ["problems", "problems", "next_steps", "next_steps", "achievements", "achievements"]


@pytest.fixture(scope="module")
def shipped() -> SectionClassifier:
    return load_model()


# --------------------------------------------------------------------------- label set


def test_label_groups_cover_every_label_with_documented_groups():
    assert set(LABEL_GROUPS) == set(LABELS)
    assert set(LABEL_GROUPS.values()) == {"preamble", "measures", "results", "problems", "plans", "lessons", "admin"}
    assert len(LABELS) == 15 and "other" in GENRES


# --------------------------------------------------------------------------- estimator contract


def test_get_params_and_clone_keep_the_parameters():
    est = SectionClassifier(C=3.0, body_chars=200)
    params = est.get_params()
    assert params["C"] == 3.0 and params["body_chars"] == 200
    twin = clone(est)
    assert twin is not est and twin.get_params() == params


def test_fit_returns_self_and_probabilities_sum_to_one():
    est = SectionClassifier()
    assert est.fit(TINY, TINY_Y) is est
    proba = est.predict_proba(TINY)
    assert proba.shape == (len(TINY), 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert list(est.classes_) == sorted(set(TINY_Y))
    assert set(est.predict(TINY)) <= set(TINY_Y)


def test_unfitted_estimator_raises_not_fitted():
    with pytest.raises(NotFittedError):
        SectionClassifier().predict(TINY)
    with pytest.raises(NotFittedError):
        SectionClassifier().predict_proba(TINY)


def test_clone_of_fitted_estimator_is_unfitted():
    est = SectionClassifier().fit(TINY, TINY_Y)
    with pytest.raises(NotFittedError):
        clone(est).predict(TINY)


@pytest.mark.parametrize(
    "X, y, message",
    [
        (TINY.drop(columns=["position"]), TINY_Y, "position"),
        (TINY, TINY_Y[:-1], "rows"),
        (TINY, [*TINY_Y[:-1], "summary"], "unknown labels"),
    ],
)
def test_fit_rejects_bad_input(X, y, message):
    with pytest.raises(ValueError, match=message):
        SectionClassifier().fit(X, y)


def test_bad_calibration_is_a_value_error():
    with pytest.raises(ValueError, match="calibration"):
        SectionClassifier(calibration="platt").fit(TINY, TINY_Y)


# --------------------------------------------------------------------------- shipped model


def test_model_file_holds_only_trusted_types():
    import skops.io as sio

    assert MODEL.is_file()
    assert MODEL.stat().st_size < 5_000_000
    assert set(sio.get_untrusted_types(file=MODEL)) <= set(TRUSTED_TYPES)


def test_load_model_returns_a_fitted_classifier(shipped):
    assert isinstance(shipped, SectionClassifier)
    assert set(shipped.classes_) == set(LABELS)


@pytest.mark.parametrize("content", [None, b"not a zip archive"])
def test_load_model_errors_are_model_errors(tmp_path, content):
    path = tmp_path / "sections.skops"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ModelError):
        load_model(path)


def test_load_model_refuses_untrusted_types(tmp_path):
    import skops.io as sio

    path = tmp_path / "evil.skops"
    sio.dump({"f": np.save}, path)  # a function that is not in TRUSTED_TYPES
    with pytest.raises(ModelError, match="does not trust"):
        load_model(path)


# Clear cases the shipped model must get right: (heading, body, position, level, label).
CASES = [
    ("加强组织领导，成立工作专班", "局党组成立了以局长为组长的领导小组，下设办公室，明确专人负责日常工作，制定了实施方案。", 0.15, 1, "organization"),
    ("召开动员大会，广泛宣传发动", "5月6日召开全体干部动员大会，党组书记作动员讲话；通过简报、宣传栏营造浓厚氛围。", 0.2, 1, "mobilization"),
    ("深入学习，提高认识", "组织党员集中学习8次，邀请党校老师作专题辅导，每名党员撰写心得体会两篇。", 0.3, 1, "study"),
    ("深入基层开展专题调研", "班子成员分头走访企业20家、社区6个，召开座谈会5场，形成调研报告4篇。", 0.4, 1, "research"),
    ("多渠道征求群众意见", "通过设置意见箱、发放征求意见表300份、召开座谈会等方式，收集意见建议58条。", 0.45, 1, "consultation"),
    ("开展专题讨论，统一思想认识", "各支部组织专题讨论会，党员逐一发言，交流体会，围绕解放思想提出建议。", 0.5, 1, "discussion"),
    ("立行立改，抓好整改落实", "对查摆出的问题建立整改台账，逐项明确整改措施和时限，已整改到位15项。", 0.6, 1, "rectification"),
    ("取得的主要成效", "全年实现营业收入12.6亿元，同比增长9.8%，利润总额1.1亿元，均超额完成年度目标。", 0.2, 1, "achievements"),
    ("存在的问题和不足", "一是服务意识不够强；二是部分项目推进缓慢；三是基层力量薄弱。", 0.75, 1, "problems"),
    ("几点体会", "实践使我们体会到：领导重视是前提，群众参与是基础，狠抓落实是关键。", 0.8, 1, "experience"),
    ("2024年工作打算", "新的一年，我们将重点抓好项目建设、民生改善和作风建设，确保完成各项目标任务。", 0.9, 1, "next_steps"),
    ("下半年工作重点", "下半年要紧盯全年目标，加快项目进度，抓好安全生产和防汛工作。", 0.88, 1, "next_steps"),
    ("2015年工作回顾", "过去一年，全市生产总值增长7.8%，财政收入增长9.2%，城乡居民收入稳步提高。", 0.1, 1, "achievements"),
    ("推进环境综合整治", "开展背街小巷整治，拆除违章建筑30处，清理垃圾死角200余处，新增绿地5000平方米。", 0.35, 1, "implementation"),
]


@pytest.mark.parametrize("heading, body, position, level, label", CASES)
def test_shipped_model_gets_clear_cases_right(shipped, heading, body, position, level, label):
    X = _frame([(heading, body, position, level)])
    assert shipped.predict(X)[0] == label


def test_shipped_model_probabilities_are_a_distribution(shipped):
    X = _frame([(h, b, p, lv) for h, b, p, lv, _ in CASES])
    proba = shipped.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert ((proba >= 0) & (proba <= 1)).all()


# --------------------------------------------------------------------------- label_sections rules


DOC = (
    "某局学习教育第一阶段工作小结\n"
    "按照上级部署，我局于3月启动学习教育，现将情况小结如下。\n"
    "一、存在的问题\n"
    "一是学习不够深入；二是工作推进不平衡，部分科室进度较慢。\n"
    "报：县委学习教育领导小组办公室\n"
)


def _doc_sections() -> list[Section]:
    p = DOC.index("按照")
    h = DOC.index("一、")
    r = DOC.index("报：")
    return [
        Section("s0", "", 1, "", "", p, h, p),
        Section("s1", "", 1, "一、", "存在的问题", h, r, DOC.index("一是")),
        Section("s2", "", 1, "", "报", r, len(DOC), r + 2),
    ]


def test_label_sections_applies_overview_and_distribution_rules(shipped):
    out = label_sections(DOC, _doc_sections(), model=shipped)
    assert [s.label for s in out] == ["overview", "problems", "distribution"]
    assert [s.label_group for s in out] == ["preamble", "problems", "admin"]
    assert out[0].label_score == 1.0 and out[2].label_score == 1.0
    assert 0.0 < out[1].label_score <= 1.0
    assert [s.section_id for s in out] == ["s0", "s1", "s2"]


@pytest.mark.parametrize(
    "number, heading, expect_rule",
    [
        ("", "抄送", True),
        ("", "发", True),
        ("三、", "报", False),  # numbered: not a footer, the model decides
        ("", "报告说明", False),
    ],
)
def test_distribution_rule_needs_no_number_and_a_marker(shipped, number, heading, expect_rule):
    text = "一、主要工作\n全年推进重点项目12个。\n" + number + heading + "：区委办公室\n"
    s = Section("x", "", 1, number, heading, 15, len(text), 15 + len(number + heading) + 1)
    out = label_sections(text, [Section("a", "", 1, "一、", "主要工作", 0, 15, 6), s], model=shipped)[1]
    assert (out.label == "distribution" and out.label_score == 1.0) is expect_rule


def test_untitled_section_not_at_start_is_not_forced_to_overview(shipped):
    text = "一、主要工作\n全年推进重点项目12个。\n存在的问题是基层力量薄弱。"
    secs = [Section("a", "", 1, "一、", "主要工作", 0, 15, 6), Section("b", "", 1, "", "", 15, len(text), 15)]
    out = label_sections(text, secs, model=shipped)
    assert out[1].label_score != 1.0 or out[1].label != "overview"


class _FixedModel:
    """A stand-in model whose probabilities are set per heading (to test inheritance)."""

    classes_ = np.array(["achievements", "implementation", "problems"], dtype=object)

    def __init__(self, table: dict[str, list[float]]) -> None:
        self.table = table

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        return np.array([self.table[h] for h in X["heading"]])


@pytest.mark.parametrize(
    "child_proba, expected",
    [
        ([0.1, 0.2, 0.7], ("problems", 0.7)),  # confident child keeps its own label
        ([0.4, 0.35, 0.25], ("implementation", 0.9)),  # unsure child inherits the parent's label and score
    ],
)
def test_sub_section_inherits_parent_label_when_unsure(child_proba, expected):
    text = "一、主要工作\n（一）小节\n内容。\n"
    parent = Section("p", "", 1, "一、", "主要工作", 0, len(text), 7)
    child = Section("c", "p", 2, "（一）", "小节", 7, len(text), 12)
    model = _FixedModel({"主要工作": [0.05, 0.9, 0.05], "小节": child_proba})
    out = label_sections(text, [parent, child], model=model)
    assert (out[1].label, out[1].label_score) == expected
    assert out[0].label == "implementation"


def test_label_sections_of_nothing_is_empty():
    assert label_sections("", []) == []


# --------------------------------------------------------------------------- genre


@pytest.mark.parametrize(
    "title, text, genre",
    [
        ("2019年某市人民政府工作报告", "", "gov_work_report"),
        ("", "各位代表：现在，我代表市人民政府，向大会报告工作，请予审议。", "gov_work_report"),
        # a headless national report: the opening names 国务院 and what it reports
        ("", "各位代表：\n现在，我代表国务院，向大会报告过去五年政府工作，对今年工作提出建议，请予审议。", "gov_work_report"),
        ("", "各位代表：\n现在，我代表国务院向大会作政府工作报告，请予审议。", "gov_work_report"),
        ("", "我代表国务院，向出席会议的各国来宾表示热烈欢迎。", "other"),  # a speech, not a report to a congress
        ("学习实践活动第一阶段工作小结", "", "stage_summary"),
        ("主题教育学习动员阶段工作情况", "", "stage_summary"),
        ("西湖街道2021年上半年工作总结", "", "halfyear_summary"),
        ("某局2020年半年度工作总结", "", "halfyear_summary"),
        ("南山街道2018年工作总结", "", "annual_summary"),
        ("某局2022年度工作报告", "", "annual_summary"),
        ("2021年度个人述职报告", "", "personal_report"),
        ("某某集团有限公司2019年工作总结", "", "enterprise_summary"),
        ("集团公司召开上半年生产经营分析会", "", "enterprise_summary"),
        ("某电力公司2018年上半年工作总结", "", "enterprise_summary"),
        ("机关党支部“两学一做”学习教育情况", "", "stage_summary"),
        ("实验中学2023年中考工作总结", "", "other"),  # school summaries are not annual summaries
        # negatives: none of the genre markers
        ("关于举办春季运动会的通知", "", "other"),
        ("", "今天下午三点在会议室召开座谈会。", "other"),
        ("学校阅读节活动方案", "", "other"),
    ],
)
def test_classify_genre(title, text, genre):
    assert classify_genre(text, title=title) == genre
    assert genre in GENRES


def test_classify_genre_uses_first_line_when_no_title():
    assert classify_genre("某县2020年政府工作报告\n各位代表：……") == "gov_work_report"


# --------------------------------------------------------------------------- gold (dev data)


@pytest.mark.skipif(not SHARED.exists(), reason="shared evaluation data not available")
def test_gold_section_label_accuracy(shipped):
    """Label accuracy on the gold top-level sections, counted like score.py (>= 0.90)."""
    import regex

    ok = n = 0
    for gf in sorted((SHARED / "eval" / "gold").glob("*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        text = (gf.parent / gold["file"]).read_text(encoding="utf-8")
        pos = 0
        if gold.get("title") and 0 <= text.find(gold["title"]) < 200:
            nl = text.find("\n", text.find(gold["title"]) + len(gold["title"]))
            pos = nl + 1 if nl >= 0 else len(text)
        starts, cur = [], pos
        for g in gold["sections"]:
            h = g["heading"]
            if not h:
                continue
            m = regex.compile(r"报[:：]" if h == "报" else regex.escape(h)).search(text, cur)
            assert m, h
            line = text.rfind("\n", 0, m.start()) + 1
            body = m.start() + 2 if h == "报" else text.find("\n", m.start()) + 1
            starts.append((line, body, h, "" if h == "报" else text[line:m.start()].strip()))
            cur = m.end()
        secs, expect = [], []
        if any(not g["heading"] for g in gold["sections"]):
            first = starts[0][0] if starts else len(text)
            secs.append(Section("s0", "", 1, "", "", pos, first, pos))
            expect.append(["overview"])
        labels = {g["heading"]: g["labels"] for g in gold["sections"]}
        for k, (line, body, h, num) in enumerate(starts):
            end = starts[k + 1][0] if k + 1 < len(starts) else len(text)
            secs.append(Section(f"s{k + 1}", "", 1, num, h, line, end, body))
            expect.append(labels[h])
        for s, labs in zip(label_sections(text, secs, model=shipped), expect, strict=True):
            ok += s.label in labs
            n += 1
    assert n >= 30
    assert ok / n >= 0.90


# --------------------------------------------------------------------------- the compiled model


def test_compiled_model_gives_the_estimators_probabilities(shipped):
    from textkit.classify import compile_model, read_corpus

    corpus = read_corpus(ROOT / "corpora" / "sections")
    compiled = compile_model(shipped)
    assert list(compiled.classes_) == list(shipped.classes_)
    assert np.abs(compiled.predict_proba(corpus) - shipped.predict_proba(corpus)).max() < 1e-9


def test_compiled_model_round_trips_through_its_npz_file(shipped, tmp_path):
    from textkit.classify import compile_model, load_compiled, save_compiled

    compiled = compile_model(shipped)
    save_compiled(compiled, tmp_path / "m.npz", source_sha256="f" * 64)
    loaded, sha = load_compiled(tmp_path / "m.npz")
    assert sha == "f" * 64
    assert np.abs(loaded.predict_proba(TINY) - shipped.predict_proba(TINY)).max() < 1e-9


def test_section_model_is_compiled_once_and_rebuilt_when_stale(tmp_path, monkeypatch):
    from textkit.classify import CompiledModel, load_section_model

    monkeypatch.setenv("TEXTKIT_CACHE_DIR", str(tmp_path / "cache"))
    first = load_section_model(MODEL)
    assert isinstance(first, CompiledModel)
    cached = list((tmp_path / "cache").glob("sections-*.npz"))
    assert len(cached) == 1
    cached[0].write_bytes(b"not an npz file")  # a damaged cache is rebuilt, not trusted
    assert isinstance(load_section_model(MODEL), CompiledModel)
    assert np.load(cached[0], allow_pickle=False)["coef"].shape[0] == len(first.classes_)


def test_a_model_that_cannot_be_compiled_is_refused(shipped, tmp_path):
    from textkit.classify import compile_model

    est = SectionClassifier(calibration="sigmoid").fit(pd.concat([TINY] * 3, ignore_index=True), TINY_Y * 3)
    with pytest.raises(ModelError, match="compiled"):
        compile_model(est)


@pytest.mark.parametrize(
    "parent_proba, child_proba, expected",
    [
        # under a review of results, a measure read at 0.54 is a result; read at 0.95 it stays a measure
        ([0.9, 0.05, 0.05], [0.3, 0.6, 0.1], ("achievements", 0.9)),
        ([0.9, 0.05, 0.05], [0.03, 0.95, 0.02], ("implementation", 0.95)),
        # a problems child keeps its own label under any parent
        ([0.9, 0.05, 0.05], [0.1, 0.2, 0.7], ("problems", 0.7)),
        # under a measures parent, a result read at 0.8 stays with the parent's group
        ([0.05, 0.9, 0.05], [0.8, 0.1, 0.1], ("implementation", 0.9)),
    ],
)
def test_sub_section_keeps_its_parents_group_unless_confident(parent_proba, child_proba, expected):
    text = "一、过去五年工作回顾\n（五）坚持对外开放\n内容。\n"
    parent = Section("p", "", 1, "一、", "过去五年工作回顾", 0, len(text), 11)
    child = Section("c", "p", 2, "（五）", "坚持对外开放", 11, len(text), 20)
    model = _FixedModel({"过去五年工作回顾": parent_proba, "坚持对外开放": child_proba})
    out = label_sections(text, [parent, child], model=model)
    assert (out[1].label, out[1].label_score) == expected
