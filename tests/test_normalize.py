"""Normalisation never moves an offset: same length, character for character."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textkit.normalize import looks_traditional, normalize, normalize_width, to_simplified

# fmt: off
CASES = [
    ("２００９年３月１３日", "2009年3月13日"),
    ("增长９．６％", "增长9.6%"),
    ("ＧＤＰ和ｐｍ值", "GDP和pm值"),
    ("区经委\u3000召开\u00a0会议\t", "区经委 召开 会议 "),
    ("第一行\r\n第二行", "第一行 \n第二行"),
    ("区經委召開座談會，參加人數４４人。發展經濟", "区经委召开座谈会，参加人数44人。发展经济"),
    ("（一）领导重视，组织有力：", "（一）领导重视，组织有力："),   # Chinese punctuation is kept
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_normalize(text, expected):
    assert normalize(text) == expected


def test_traditional_is_detected_and_simplified_is_left_alone():
    assert looks_traditional("區經委學習實踐活動第一階段工作小結")
    assert not looks_traditional("区经委学习实践活动第一阶段工作小结")
    assert not looks_traditional("2009 report")
    assert to_simplified("區經委") == "区经委"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_length_is_kept_for_any_text(text):
    assert len(normalize_width(text)) == len(text)
    assert len(to_simplified(text)) == len(text)
    assert len(normalize(text)) == len(text)
