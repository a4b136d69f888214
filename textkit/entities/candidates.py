"""Candidates and their resolution: every rule and the model propose, :func:`resolve` decides.

A :class:`Candidate` is a span with a label, the rule (or model) that proposed it, a score in [0, 1]
and a short evidence string.  :func:`resolve` keeps a set of non-overlapping candidates: the best first,
where best means, in this order, a higher score, a longer span, an earlier start, then the label and
rule names — a total order, so the result never depends on the order the rules ran in.

>>> a = Candidate(0, 3, "ORG_GOV", "gov_level", 0.9)
>>> b = Candidate(1, 3, "PERSON", "person_title_after", 0.7)
>>> [c.rule for c in resolve([b, a])]
['gov_level']
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Candidate:
    """A proposed entity ``text[start:end]``: ``label``, the ``rule`` that made it, its ``score``, its ``evidence``.

    ``canonical`` is a canonical name the proposer already knows (a WORK's whole title, a user alias);
    empty otherwise.
    """

    start: int
    end: int
    label: str
    rule: str
    score: float
    evidence: str = ""
    canonical: str = ""

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def offset_key(c: Candidate) -> tuple:
    """The sort key of candidates in document order (cheaper than the dataclass ordering)."""
    return (c.start, c.end, c.label, c.rule, c.score, c.evidence, c.canonical)


def priority(c: Candidate) -> tuple:
    """The sort key of resolution: higher score, longer, earlier, then names (a total order)."""
    return (-c.score, c.start - c.end, c.start, c.label, c.rule, c.evidence, c.canonical)


class Occupancy:
    """Sorted non-overlapping spans, with an O(log n) overlap test."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []

    def free(self, s: int, e: int) -> bool:
        occ = self.spans
        i = bisect.bisect_right(occ, (s, float("inf")))
        if i and occ[i - 1][1] > s:
            return False
        return not (i < len(occ) and occ[i][0] < e)

    def add(self, s: int, e: int) -> None:
        bisect.insort(self.spans, (s, e))

    def remove(self, s: int, e: int) -> None:
        i = bisect.bisect_left(self.spans, (s, e))
        if i < len(self.spans) and self.spans[i] == (s, e):
            del self.spans[i]


def resolve(candidates: Iterable[Candidate]) -> list[Candidate]:
    """The best non-overlapping candidates (see :func:`priority`), sorted by offset.

    Two candidates of the same span and label merge into the better one.
    """
    occ = Occupancy()
    kept: list[Candidate] = []
    for c in sorted(set(candidates), key=priority):
        if c.start < c.end and occ.free(c.start, c.end):
            occ.add(c.start, c.end)
            kept.append(c)
    return sorted(kept, key=offset_key)
