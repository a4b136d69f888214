"""Document-level passes: propagation, 、-lists, slogans, roles, short names."""
from __future__ import annotations

from textkit.entities import find_entities


def people(text: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for e in find_entities(text):
        if e.label == "PERSON":
            out[e.text] = tuple(dict.fromkeys(out.get(e.text, ()) + e.roles))
    return out


def test_once_a_name_a_name_everywhere():
    text = "副市长范文军出席。会后，范文军和区长陶立平一同调研，陶立平强调要抓实。"
    found = [(e.text, e.rule) for e in find_entities(text, model=None) if e.label == "PERSON"]  # rules alone
    assert [n for n, _ in found] == ["范文军", "范文军", "陶立平", "陶立平"]
    assert ("范文军", "propagated") in found


def test_no_propagation_into_a_longer_word():
    text = "组长金山参加会议。金山区经济委员会负责落实。"
    assert [e.text for e in find_entities(text) if e.label == "PERSON"] == ["金山"]


def test_list_members_next_to_names_are_names():
    # 阿依古丽 starts with no Han surname; 、 on both sides and names around make her a name
    text = "在主席台就座的有副县长钟建国、阿依古丽、石永平等同志。"
    got = people(text)
    assert set(got) == {"钟建国", "阿依古丽", "石永平"}
    assert all("副县长" in roles for roles in got.values())


def test_list_completion_keeps_ordinary_words_out():
    text = "副县长钟建国、人民群众、石永平参加。"
    assert "人民群众" not in people(text)


def test_list_shares_its_title():
    got = people("领导班子成员孔繁星、欧阳晨和部分科室负责人为成员。")
    assert got["孔繁星"] == ("班子成员",) and got["欧阳晨"] == ("班子成员",)


def test_appointed_list_roles():
    got = people("班子成员田家豪、罗一鸣任副组长。")
    assert got == {"田家豪": ("班子成员", "副组长"), "罗一鸣": ("班子成员", "副组长")}


def test_slogans_and_titles_hold_no_people():
    text = "深入学习邓小平理论，研读《毛泽东邓小平江泽民论科学发展》。邓小平同志指出。"
    found = [(e.text, e.char_start) for e in find_entities(text) if e.label == "PERSON"]
    assert found == [("邓小平", text.rindex("邓小平"))]


def test_leader_before_the_title():
    assert "习近平" in people("习近平总书记强调，要坚持稳中求进。")


def test_sub_units_are_bodies_of_their_own():
    text = "区财政局党组研究，区财政局落实；省委第三巡察组反馈，省委部署。"
    ents = {(e.text, e.canonical) for e in find_entities(text) if e.label == "ORG_GOV"}
    assert ("区财政局党组", "区财政局党组") in ents
    assert ("区财政局", "区财政局") in ents
    assert ("省委第三巡察组", "省委第三巡察组") in ents


def test_title_after_a_body_is_no_sub_unit():
    text = "区经委党组书记、副主任戴平任组长。"
    ents = {(e.label, e.text): e for e in find_entities(text)}
    assert ("ORG_GOV", "区经委") in ents
    assert ents[("PERSON", "戴平")].roles == ("区经委党组书记", "副主任", "组长")


def test_rostrum_lists_and_transliterated_names():
    text = "大会执行主席韩立军、罗美华在主席台前排就座。在主席台就座的还有买买提·艾力、郑国强、阿依古丽等。"
    got = people(text)
    assert {"韩立军", "罗美华", "买买提·艾力", "郑国强", "阿依古丽"} <= set(got)
    assert got["韩立军"] == ("执行主席",)


def test_a_leader_after_a_verb():
    assert "习近平" in people("深入学习贯彻习近平总书记重要讲话精神。")
