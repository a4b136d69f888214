"""The statistics lexicons, read once per process from ``textkit/resources/stats_*``."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from .. import resources
from ..numerals import NUMERAL_PATTERN


@dataclass(frozen=True)
class Lexicon:
    core: regex.Pattern[str]
    names: regex.Pattern[str] | None
    quoted: regex.Pattern[str]
    units: dict[str, tuple[str, str]]
    unit_max: int
    prefix_q: tuple[str, ...]
    suffix_q: tuple[str, ...]
    change: tuple[tuple[str, str], ...]
    change_words: frozenset[str]
    kind_cues: dict[str, tuple[tuple[regex.Pattern[str], str], ...]]
    target_intro: regex.Pattern[str]
    met_before: regex.Pattern[str]
    met_after: regex.Pattern[str]
    review_heading: regex.Pattern[str]
    coming_heading: regex.Pattern[str]
    coming_heading_weak: regex.Pattern[str]
    list_item: regex.Pattern[str]
    structural: tuple[str, ...]
    metrics: tuple[tuple[regex.Pattern[str], str, str], ...]
    roles: dict[str, frozenset[str]]


def _tsv(name: str) -> list[list[str]]:
    rows = []
    for line in resources.read_text(name).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append([c.strip() for c in line.split("\t")])
    return rows


@functools.cache
def lexicon() -> Lexicon:
    units: dict[str, tuple[str, str]] = {}
    for row in _tsv("stats_units.tsv"):
        units[row[0]] = (row[1] if len(row) > 1 else "", row[2] if len(row) > 2 else "count")
    quals = _tsv("stats_qualifiers.tsv")
    prefix_q = tuple(sorted((q[0] for q in quals if q[1] == "prefix"), key=len, reverse=True))
    suffix_q = tuple(sorted((q[0] for q in quals if q[1] == "suffix"), key=len, reverse=True))
    change = tuple(sorted(((r[0], r[1]) for r in _tsv("stats_change_words.tsv")), key=lambda r: -len(r[0])))
    names = resources.read_lines("stats_not_names.txt")
    roles: dict[str, set[str]] = {}
    for row in _tsv("stats_indicator_words.tsv"):
        roles.setdefault(row[0], set()).add(row[1])
    cues: dict[str, list[tuple[str, str]]] = {}
    for row in _tsv("stats_kind_cues.tsv"):
        cues.setdefault(row[1], []).append((row[0], row[2] if len(row) > 2 else ""))
    kinds = {role: regex.compile("|".join(f"(?:{p})" for p, _ in pats)) for role, pats in cues.items()}
    metrics = tuple((regex.compile(r[0]), r[1], r[2]) for r in _tsv("stats_metrics.tsv"))
    return Lexicon(
        core=regex.compile(r"(?P<pct>百分之)?+(?P<num>" + NUMERAL_PATTERN + ")"),
        names=regex.compile(r"\L<names>", names=names) if names else None,
        quoted=regex.compile(r"“[^“”\n]{1,16}”|‘[^‘’\n]{1,16}’|「[^「」\n]{1,16}」|\"[^\"\n]{1,16}\"|《[^《》\n]{1,80}》"),
        units=units,
        unit_max=max(len(u) for u in units),
        prefix_q=prefix_q,
        suffix_q=suffix_q,
        change=change,
        change_words=frozenset(w for w, _ in change),
        kind_cues={
            k: tuple((regex.compile(p), check) for p, check in cues[k])
            for k in ("target", "target_clause", "estimate", "plan", "plan_sentence", "actual")
        },
        target_intro=kinds["target_intro"],
        met_before=kinds["met_before"],
        met_after=kinds["met_after"],
        review_heading=kinds["review_heading"],
        coming_heading=kinds["coming_heading"],
        coming_heading_weak=kinds["coming_heading_weak"],
        list_item=kinds["list_item"],
        structural=tuple(resources.read_lines("stats_structural.txt")),
        metrics=metrics,
        roles={k: frozenset(v) for k, v in roles.items()},
    )
