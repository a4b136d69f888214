"""Resolution: by score, then length, then offset — never by the order candidates come in."""
from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from textkit.entities.candidates import Candidate, resolve


def test_higher_score_wins_an_overlap():
    a = Candidate(0, 3, "ORG_GOV", "gov_level", 0.9)
    b = Candidate(1, 5, "PERSON", "person_title_after", 0.7)
    assert resolve([b, a]) == [a]


def test_equal_scores_keep_the_longer():
    short = Candidate(2, 5, "ORG_GOV", "gov_known", 0.9)
    long = Candidate(0, 5, "ORG_GOV", "gov_level", 0.9)
    assert resolve([short, long]) == [long]


def test_two_bodies_beat_nothing_in_between():
    a = Candidate(0, 8, "ORG_GOV", "gov_full", 0.9)
    b = Candidate(9, 17, "ORG_GOV", "gov_full", 0.9)
    assert resolve([b, a]) == [a, b]


def test_empty_spans_are_dropped():
    assert resolve([Candidate(3, 3, "PERSON", "x", 1.0)]) == []


spans = st.tuples(st.integers(0, 20), st.integers(1, 6), st.sampled_from(["PERSON", "ORG_GOV", "LOC"]),
                  st.sampled_from(["a", "b"]), st.sampled_from([0.5, 0.7, 0.9]))


@settings(max_examples=200, deadline=None)
@given(st.lists(spans, max_size=8))
def test_resolution_is_order_free_and_non_overlapping(raw):
    cands = [Candidate(s, s + n, label, rule, score) for s, n, label, rule, score in raw]
    best = resolve(cands)
    for perm in itertools.islice(itertools.permutations(cands), 6):
        assert resolve(list(perm)) == best
    for x, y in zip(best, best[1:]):
        assert x.end <= y.start
