"""The model's spans as candidates: sure ones resolved, weak ones admitted with context, shapes checked.

A stand-in model proposes fixed spans, so these tests check textkit's use of a model, not a model.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from textkit.entities import find_entities, learned
from textkit.entities.context import Context
from textkit.tokenizer import tag_text


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str
    score: float


class FixedModel:
    """Proposes ``name`` (with ``score``) wherever it occurs in a window it is given."""

    def __init__(self, spans: dict[str, float], label: str = "PERSON") -> None:
        self.spans, self.label, self.windows = spans, label, []

    def predict(self, text, tagging=None, *, windows=None):
        self.windows.append(windows)
        out = []
        for name, score in self.spans.items():
            i = text.find(name)
            while i >= 0:
                if windows is None or any(a <= i and i + len(name) <= b for a, b in windows):
                    out.append(Span(i, i + len(name), self.label, score))
                i = text.find(name, i + 1)
        return out

    def gate(self, text, tagging=None):
        return [(0, len(text))]


def persons(text: str, model) -> list[tuple[str, str]]:
    return [(e.text, e.rule) for e in find_entities(text, model=model) if e.label == "PERSON"]


def test_a_sure_model_name_is_an_entity_and_propagates():
    text = "会议由韩雪松主持。韩雪松指出，要抓好落实。"
    got = persons(text, FixedModel({"韩雪松": 0.97}))
    assert [n for n, _ in got] == ["韩雪松", "韩雪松"]


def test_a_weak_model_name_needs_context():
    bare = "会议听取了韩雪松的汇报。"
    assert persons(bare, FixedModel({"韩雪松": 0.5})) == []
    titled = "会议听取了韩雪松同志的汇报。"
    assert persons(titled, FixedModel({"韩雪松": 0.5})) == [("韩雪松", "model")]


def test_a_rule_wins_over_the_model_on_an_overlap():
    text = "组长李春花及组员晏波参加。"
    got = persons(text, FixedModel({"李春花及": 0.9}))
    assert ("李春花", "person_title_before") in got


def test_the_model_gives_people_only():
    text = "引进新能源汽车项目，韩雪松主持会议。"
    model = FixedModel({"新能源汽车": 0.99}, label="ORG_COMPANY")
    assert not [e for e in find_entities(text, model=model) if e.text == "新能源汽车"]


def test_shapes_that_are_no_names():
    text = "稳就业、惠民生、促发展，徐徐推进，唐山港扩建，用心做好韩某某工作。"
    ctx = Context(text, tag_text(text))
    for word in ("徐徐", "唐山港", "韩某某"):
        s = text.index(word)
        assert not learned.person_shape_ok(ctx, s, s + len(word)), word
    s = text.index("惠民生")
    assert not (learned.person_shape_ok(ctx, s, s + 3) and learned.words_ok(ctx, s, s + 3))


def test_the_model_runs_on_clauses_with_a_name_only():
    text = "全年经济平稳运行，财政收入增长。会见了韩雪松，双方交换意见。"
    model = FixedModel({"韩雪松": 0.97})
    find_entities(text, model=model)
    (windows,) = model.windows
    covered = "".join(text[a:b] for a, b in windows)
    assert "韩雪松" in covered and "财政收入" not in covered


def test_no_model_is_rules_only():
    assert persons("会议由韩雪松主持。", None) == []


# (sentence, the name the model is all but certain of, the rule's longer span it overlaps)
CERTAIN_EDGES = [
    ("年轻选手王娴以684.0环夺得冠军。", "王娴", "王娴以"),
    ("听课的学生陈伟说，收获很大。", "陈伟", "陈伟说"),
    ("李瑞环会见光彩事业促进会代表。", "李瑞环", "李瑞环会见光彩事业促进会"),
]


@pytest.mark.parametrize("text,name,rule_span", CERTAIN_EDGES)
def test_an_all_but_certain_name_keeps_its_edges_against_a_rule(text, name, rule_span):
    certain = [e.text for e in find_entities(text, model=FixedModel({name: 0.99}))]
    assert name in certain and rule_span not in certain
    unsure = [e.text for e in find_entities(text, model=FixedModel({name: 0.9}))]
    assert rule_span in unsure and name not in unsure  # below CERTAIN_EDGES the rule decides


def test_the_model_runs_around_title_words_and_names_only():
    text = "大会执行主席龚谷成、尹克升在主席台就座。全年地区生产总值增长6.5%。"
    ctx = Context(text, tag_text(text))
    got = [text[a:b] for a, b in learned.windows(ctx)]
    assert any("主席龚谷成、尹克升" in w for w in got)
    assert not any("生产总值" in w for w in got)


@pytest.mark.parametrize("word,ok", [("陈桂林", True), ("朱英国", True), ("桂林", False), ("唐山港", False)])
def test_a_place_inside_a_name_is_fine_a_place_starting_it_is_not(word, ok):
    text = f"会上{word}讲话。"
    ctx = Context(text, tag_text(text))
    assert learned.person_shape_ok(ctx, 2, 2 + len(word), 0.99) is ok


@pytest.mark.parametrize("word,ok", [("王洪山", True), ("赵衍江", True), ("刘小岛", True),
                                     ("唐山港", False), ("黄浦区", False), ("江山", False)])
def test_given_names_may_end_in_mountain_or_river(word, ok):
    text = f"会上{word}讲话。"
    ctx = Context(text, tag_text(text))
    assert learned.person_shape_ok(ctx, 2, 2 + len(word), 0.9) is ok


@pytest.mark.parametrize("text,word,verb_first", [
    ("哈塔米就任伊朗总统后访华。", "任伊朗", True),
    ("村里向社会公开征求意见。", "向社会", True),
    ("1963年3月，任陕西省委书记处书记。", "任陕西", True),
    ("政府已开始对包括前总统在内的人调查。", "包括前", True),
    ("从此，田晚霞一心扑在事业上。", "田晚霞", False),
    ("董事长苏拥军介绍情况。", "苏拥军", False),
    ("班子成员顾建华、陶文斌为成员。", "顾建华", False),  # 顾/v, but a name is expected after a title
])
def test_a_verb_cut_off_before_a_word_is_no_surname(text, word, verb_first):
    ctx = Context(text, tag_text(text))
    s = text.index(word)
    assert learned.verb_before_word(ctx, s, s + len(word)) is verb_first


@pytest.mark.parametrize("text,name", [
    ("美国总统克林顿表示欢迎。", "克林顿"),            # a name jieba's dictionary knows
    ("科威特石油大臣萨巴赫表示担忧。", "萨巴赫"),        # a title of news prose before it
])
def test_the_model_runs_where_news_prose_names_people(text, name):
    ctx = Context(text, tag_text(text))
    s = text.index(name)
    assert any(a <= s and s + len(name) <= b for a, b in learned.windows(ctx)), name


def test_names_run_together_admit_each_other():
    text = "出席会议的还有：韩雪松龚谷成尹克升。"
    model = FixedModel({"韩雪松": 0.9, "龚谷成": 0.5, "尹克升": 0.5})
    assert [n for n, _ in persons(text, model)] == ["韩雪松", "龚谷成", "尹克升"]
    alone = "韩雪松出席了会议，龚谷成没有来。"
    assert [n for n, _ in persons(alone, model)] == ["韩雪松"]  # weak and no neighbour: not admitted


@pytest.mark.parametrize("text,roles", [
    ("美国总统克林顿表示欢迎。", ("总统",)),
    ("中国代表团团长沙祖康举行记者招待会。", ("团长",)),
])
def test_news_posts_are_roles(text, roles):
    got = [e.roles for e in find_entities(text) if e.label == "PERSON"]
    assert got == [roles]


@pytest.mark.parametrize("text", ["哈塔米就任伊朗总统后访华。", "政府已开始对包括前总统在内的人调查。",
                                  "演员表演了节目。", "学者认为这很重要。"])
def test_no_people_from_news_posts(text):
    assert [e.text for e in find_entities(text) if e.label == "PERSON" and e.text != "哈塔米"] == []


@pytest.mark.parametrize("body,score,taken", [
    ("公安部经济犯罪侦查局", 0.95, True),   # sure, and it ends in a head (局)
    ("公安部经济犯罪侦查局", 0.8, False),   # not sure enough
    ("经济犯罪侦查大队", 0.95, False),      # no head of ent_gov.tsv ends it
])
def test_a_sure_model_body_with_a_known_head_fills_a_gap(body, score, taken):
    text = f"{body}副局长张涛表示，案件已经侦破。"
    model = FixedModel({body: score}, label="ORG_GOV")
    got = [e.text for e in find_entities(text, model=model) if e.label == "ORG_GOV"]
    assert (body in got) is taken
