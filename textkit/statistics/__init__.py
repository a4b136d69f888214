"""Numeric statistics: every quantity a document states as a fact.

>>> [(s.text, s.value, s.unit, s.indicator) for s in find_statistics("召开座谈会8次，参加人数44人。")]
[('8次', Decimal('8'), '次', '召开座谈会'), ('44人', Decimal('44'), '人', '参加人数')]
>>> s = find_statistics("全年国内生产总值30万亿元，比上年增长9%。")[1]
>>> (s.value, s.unit, s.indicator, s.metric, s.change)
(Decimal('9'), '%', '国内生产总值', 'gdp_growth', 'increase')

Dates, ordinals (第四组), enumeration markers (一是), named numbers and slogans
(十七大, 三严三实, “四个确保”), idioms (进一步, 千方百计), room/line numbers and
clock times are not statistics.  Numbers need a unit (次, 人, 亿元, %, 个百分点 ...),
except amounts with 万/亿, which are kept with unit ``""``.

The lexicons are data in ``textkit/resources/stats_*.{tsv,txt}``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..numerals import normalize_decimal
from ..records import Statistic
from ..tokenizer import Tagging, load_segmenter, tag_text
from ._lexicon import lexicon as _lexicon
from .indicators import read_indicators
from .kinds import KINDS, DocumentContext, assign_kinds_and_periods
from .reading import Candidate, blocked_mask, read_candidate

__all__ = ["KINDS", "DocumentContext", "assign_kinds_and_periods", "find_statistics"]

def find_statistics(
    text: str, *, exclude: Sequence[tuple[int, int]] = (), tagging: Tagging | None = None
) -> list[Statistic]:
    """Every quantity stated as a fact in ``text`` (the analysis text of a whole document).

    ``exclude`` holds spans already known to be dates; numbers overlapping them are skipped.
    ``tagging`` is the document's one tagging pass (:func:`textkit.pipeline.tagging_of`); without it
    the text is tagged here.  Kinds come from the sentences and paragraphs; the document-level pass
    :func:`assign_kinds_and_periods` refines them with the year, genre and sections and sets the periods.
    Records are sorted by ``char_start`` and do not overlap;
    ``text[s.char_start:s.char_end] == s.text``.

    >>> [(s.text, s.value, s.unit) for s in find_statistics("进一步统一思想，投资13.9亿元，召开会议约8次。")]
    [('13.9亿元', Decimal('1390000000'), '元'), ('约8次', Decimal('8'), '次')]
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, not {type(text).__name__}")
    if not text:
        return []
    lex = _lexicon()
    mask = blocked_mask(text, exclude, lex)
    cands: list[Candidate] = []
    last_end = 0
    for m in lex.core.finditer(text):
        if m.start() < last_end:
            continue
        c = read_candidate(text, m, lex, mask)
        if c is None:
            continue
        if cands and c.start < cands[-1].end:
            c.start = max(c.start, cands[-1].end)
        cands.append(c)
        last_end = c.end
    if tagging is None or tagging.text != text:
        tagging = tag_text(text, load_segmenter())
    out = [
        Statistic(
            text=text[c.start : c.end],
            char_start=c.start,
            char_end=c.end,
            value=normalize_decimal(c.value),
            unit=r.unit,
            indicator=r.indicator,
            metric=r.metric,
            value_max=normalize_decimal(c.value_max) if c.value_max is not None else None,
            qualifier=c.qualifier,
            change=r.change,
        )
        for c, r in zip(cands, read_indicators(text, tagging, cands, lex))
    ]
    return assign_kinds_and_periods(out, text, tagging=tagging)
