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

import bisect
import functools
from collections.abc import Callable, Sequence

import regex

from ..numerals import CN_UNITS, normalize_decimal
from ..records import Statistic
from ..tokenizer import Tagging, tag_text
from ._lexicon import Lexicon as _Lexicon
from ._lexicon import lexicon as _lexicon
from .reading import Candidate, blocked_mask, read_candidate
from .kinds import KINDS, DocumentContext, assign_kinds_and_periods

__all__ = ["KINDS", "DocumentContext", "assign_kinds_and_periods", "find_statistics"]

_STRONG_DELIMS = "。！？!?\n；;"
_WEAK_DELIMS = "，,：:、（）()“”\"《》"
_DELIMS = _STRONG_DELIMS + _WEAK_DELIMS
_PREPOSITIONS = frozenset("中 对 向 为 给 在 里 内 其中 共 有 达 达到 以及 和 及 与 等 、".split())
_MULT_CHARS = "".join(CN_UNITS)

# patterns used in the hot paths, compiled once
_COMPARISON_TAIL = regex.compile(r"(实际|名义|平均|年均|均|要|将|再|年内|分别)*(同比|比上年同期|比去年同期|比上年|比去年|较上年|较去年|比\d{4}年)?(实际|名义|平均|年均|均)*$")
_NUMBER_OR_PUNCT_WORD = regex.compile(r"[\d.]+年?|[，,。；;：:（）()“”]")
_TWO_LETTERS = regex.compile(r"\p{Han}{2}|[A-Za-z]{2}")
_HAN_CHAR = regex.compile(r"\p{Han}")
_WORD_CHAR = regex.compile(r"\p{Han}|[A-Za-z]")
_PEOPLE_TAIL = regex.compile(r"(人次|人数|人口|人员|户数|户)$")
_MULT_TAIL = regex.compile(r"[" + _MULT_CHARS + r"]+$")
_GROWTH_WORD = regex.compile(r"增速|增幅|增长|涨幅")


@functools.cache
def _segmenter():  # the shared jieba instance (built once per process)
    from ..tokenizer import load_segmenter

    return load_segmenter()


def _left_bound(text: str, i: int, floor: int) -> int:
    """Start of the clause that ends at ``i`` (not before ``floor``).

    A parenthesis right before the figure is skipped: 铅锌精矿(金属量)34812吨.
    """
    a = i
    while a > floor and i - a < 60:
        ch = text[a - 1]
        if ch in ")）" and a == i:
            k = a - 1
            while k > floor and text[k - 1] not in "(（" + _STRONG_DELIMS and a - k < 30:
                k -= 1
            if k > floor and text[k - 1] in "(（":
                a = k - 1
                i = a  # the clause now ends before the parenthesis
                continue
        if ch in _DELIMS:
            break
        a -= 1
    return a


def _sentence_starts(text: str, delims: str) -> list[int]:
    """Positions right after each delimiter (and 0), for bisecting."""
    return [0] + [m.end() for m in regex.finditer(r"[" + regex.escape(delims) + "]", text)]


def _sentence_start(starts: list[int], i: int) -> int:
    return max(starts[bisect.bisect_right(starts, i) - 1], i - 400)


def _strip_tail(s: str, words: Sequence[str]) -> str:
    changed = True
    while changed and s:
        changed = False
        for w in words:
            if w and s.endswith(w):
                s = s[: -len(w)]
                changed = True
    return s


def _change(left: str, lex: _Lexicon) -> tuple[str, str]:
    """(change, left without the change phrase) for the clause text before a figure."""
    core = _strip_tail(left.rstrip(), ("了", "达到", "达", "为", "约", "幅度", "分别", "至少", "均", "要", "将", "再"))
    level = False
    if core.endswith(("到", "至")):
        level = True
        core = core[:-1]
    for w, ch in lex.change:
        if core.endswith(w):
            core = core[: -len(w)]
            core = _COMPARISON_TAIL.sub("", core)
            return ("" if level else ch), core
    return "", core


def _words(s: str) -> list[str]:
    return [w for w in _segmenter().cut(s) if w.strip()]  # callers must not mutate the list


def _shorten_left(core: str, lex: _Lexicon, cut: Callable[[str], list[str]]) -> str:
    """The indicator in the clause text before a figure: 区经委在第一阶段召开学习实践活动相关会议 → 召开相关会议."""
    roles = lex.roles
    core = core.strip(" 　")
    if "的" in core:
        after = core.rsplit("的", 1)[1]
        if len(after) >= 2:
            core = after
    words = list(cut(core))
    while words and ("link" in roles.get(words[-1], ()) or words[-1] in "和、及与"):
        words.pop()
    while words and "time" in roles.get(words[0], ()):
        words.pop(0)
    words = [w for w in words if not _NUMBER_OR_PUNCT_WORD.fullmatch(w)]
    if not words:
        return ""
    while len(words) > 1 and "lead" in roles.get(words[0], ()):
        words.pop(0)
    verb_at = max((k for k, w in enumerate(words) if "verb" in roles.get(w, ())), default=-1)
    if 0 <= verb_at < len(words) - 1:
        head, tail = words[verb_at], words[verb_at + 1 :]
        keep: list[str] = []
        for w in reversed(tail):
            if keep and len(head) + sum(map(len, keep)) + len(w) > 8:
                break
            keep.insert(0, w)
        if "lead" in roles.get(head, ()):
            head = ""  # 实现营业收入 → 营业收入
        return head + "".join(keep)
    keep = []
    for w in reversed(words):
        if keep and sum(map(len, keep)) + len(w) > 10:
            break
        keep.insert(0, w)
    out = "".join(keep)
    return out if _TWO_LETTERS.search(out) else ""


def _noun_right(right: str, lex: _Lexicon, cut: Callable[[str], list[str]]) -> str:
    """The noun phrase right after a count: 名全程参与学实活动的代表参加讨论会 → 代表."""
    if not right or not _HAN_CHAR.match(right) or right.startswith(("的", "以", "左右", "多", "余")):
        return ""
    out = ""
    for w in cut(right[:16]):
        if "stop" in lex.roles.get(w, ()) or "link" in lex.roles.get(w, ()) or not _WORD_CHAR.match(w):
            break
        if len(out) + len(w) > 12:
            break
        out += w
    if "的" in out:
        out = out.rsplit("的", 1)[1]
    return out


def _metric(indicator: str, unit: str, unit_kind: str, change: str, lex: _Lexicon) -> str:
    """The canonical metric of an indicator (``stats_metrics.tsv``), or ``""``."""
    if not indicator:
        return ""
    growth = unit in ("%", "百分点", "倍") and (bool(change) or _GROWTH_WORD.search(indicator) is not None)
    for pat, metric, scope in lex.metrics:
        if (scope == "growth") != growth and scope in ("growth", "level"):
            continue
        if scope == "money" and (growth or unit_kind != "currency"):
            continue
        if scope == "count" and (growth or unit_kind not in ("count", "bare")):
            continue
        if pat.search(indicator):
            return metric
    return ""


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
    out: list[Statistic] = []
    starts = _sentence_starts(text, _STRONG_DELIMS)  # clauses up to ；
    cut = functools.lru_cache(maxsize=2048)(_words)  # per call: repeated clauses are cut once
    prev: tuple[int, str] | None = None  # (sentence start, indicator) of the last figure with one
    for i, c in enumerate(cands):
        a = _left_bound(text, c.start, cands[i - 1].end if i > 0 else 0)
        b = c.end
        nxt_start = cands[i + 1].start if i + 1 < len(cands) else len(text)
        while b < min(len(text), nxt_start) and text[b] not in _DELIMS and b - c.end < 40:
            b += 1
        left, right = text[a : c.start], text[c.end : b]
        change, core = _change(left, lex)
        left_ind = _shorten_left(core, lex, cut)
        right_np = _noun_right(right, lex, cut) if c.unit_kind in ("count", "measure", "bare") else ""
        lw = cut(core.strip()) if right_np else []
        tail = lw[-1] if lw else ""
        if right_np and (not left_ind or (len(right_np) >= 2 and ("verb" in lex.roles.get(tail, ()) or tail in _PREPOSITIONS))):
            verb = tail if "verb" in lex.roles.get(tail, ()) else ""
            indicator = verb + right_np
        else:
            indicator = left_ind
        sent_a = _sentence_start(starts, c.start)
        if not indicator and prev is not None and prev[0] == sent_a:
            indicator = prev[1]
        if indicator:
            prev = (sent_a, indicator)
        unit = c.unit
        if c.unit_kind == "bare" and not unit:
            um = _PEOPLE_TAIL.search(indicator)
            if um:  # 参保人数7359万: the unit is certain
                unit = {"人数": "人", "人口": "人", "人员": "人", "户数": "户"}.get(um.group(1), um.group(1))
        out.append(
            Statistic(
                text=text[c.start : c.end],
                char_start=c.start,
                char_end=c.end,
                value=normalize_decimal(c.value),
                unit=unit,
                indicator=indicator,
                metric=_metric(indicator, unit, c.unit_kind, change, lex),
                value_max=normalize_decimal(c.value_max) if c.value_max is not None else None,
                qualifier=c.qualifier,
                change=change,
            )
        )
    if tagging is None or tagging.text != text:
        tagging = tag_text(text, _segmenter())
    return assign_kinds_and_periods(out, text, tagging=tagging)
