"""Canonical names: the same body written out, never a sub-unit; stable tie-breaking."""
from __future__ import annotations

import pytest

from textkit.entities import find_entities
from textkit.entities.canonical import same_body, same_business

SAME = [
    ("区经委", "金山区经济委员会"), ("市国资委", "市国有资产监督管理委员会"), ("区政府", "金山区人民政府"),
    ("区委", "中共金山区委员会"), ("区发改委", "青川区发展和改革委员会"), ("发改委", "国家发展和改革委员会"),
    ("街道办事处", "振兴街道办事处"), ("区人大", "金山区人民代表大会"),
]
DIFFERENT = [
    ("区委", "区委办公室"), ("区委", "金山区经济委员会"), ("区经委", "区经委学习实践活动领导小组办公室"),
    ("市国资委", "市国资委党委"), ("区经委", "区经委党组"), ("国务院", "国务院审改办"), ("区财政局", "区委"),
]


@pytest.mark.parametrize(("short", "full"), SAME)
def test_same_body(short, full):
    assert same_body(short, full)


@pytest.mark.parametrize(("short", "full"), DIFFERENT)
def test_different_bodies(short, full):
    assert not same_body(short, full)


def test_business_branches_are_other_businesses():
    assert same_business("星辰电子科技公司", "上海星辰电子科技有限公司")
    assert not same_business("星辰公司", "星辰公司北京分公司")


def test_canonical_of_a_document():
    text = "金水区经济委员会召开会议，区经委党组研究，区经委抓好落实，区委办公室发文。区委部署。"
    got = {e.text: e.canonical for e in find_entities(text) if e.label == "ORG_GOV"}
    assert got["区经委"] == "金水区经济委员会"
    assert got["区经委党组"] == "区经委党组"
    assert got["区委"] == "区委"


def test_ties_longest_then_most_frequent_then_earliest():
    # two full names of equal length: the more frequent wins
    text = "东平县经济委员会、西平县经济委员会、西平县经济委员会发文，县经委落实。"
    got = {e.text: e.canonical for e in find_entities(text) if e.label == "ORG_GOV"}
    assert got["县经委"] == "西平县经济委员会"
    text = "东平县经济委员会、西平县经济委员会发文，县经委落实。"
    got = {e.text: e.canonical for e in find_entities(text) if e.label == "ORG_GOV"}
    assert got["县经委"] == "东平县经济委员会"


def test_user_alias_wins(tmp_path):
    from textkit.entities import load_lexicon

    lex_file = tmp_path / "aliases.tsv"
    lex_file.write_text("卫健委\tGOV\t青川市卫生健康委员会\n", encoding="utf-8")
    lex = load_lexicon([lex_file])
    assert lex.entries == (("卫健委", "ORG_GOV", "青川市卫生健康委员会"),)
    got = {e.text: e.canonical for e in find_entities("卫健委牵头开展义诊。", lexicon=lex)}
    assert got["卫健委"] == "青川市卫生健康委员会"
