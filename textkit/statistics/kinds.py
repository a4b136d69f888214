"""What kind of figure a statistic is, and the period it describes: a document-level pass.

``kind`` is one of :data:`KINDS`:

- ``actual``: a result (去年国内生产总值增长6.9%; 召开座谈会8次);
- ``target``: a goal for the coming year or period (今年发展主要预期目标是：国内生产总值增长6.5%左右;
  力争引进项目50个; a figure in a section about the coming year's tasks);
- ``estimate``: a figure given as expected (预计全年增长5.5%);
- ``plan``: a multi-year target (今后五年年均增长7%; “十五五”期间年均增长5%—5.5%; 到2030年达到…).

A target is read from its sentence (目标, 预期, 力争, 确保, 计划, 拟, 控制在 …), from its paragraph (the
list after 主要预期目标是：, also on the lines after the colon and after the first 。) and from its section
(the tasks of the coming year).  A review stays ``actual`` even where it quotes the year's goal
(全面完成年初确定的主要目标，地区生产总值增长6.2%), and so does a baseline (由2020年的3.68万亿元增加到…).

``period_start``/``period_end`` come from the nearest date in the figure's sentence (上半年, 1-6月, 前三季度,
2017年, 过去五年, “十四五”时期; never a baseline such as 比上年), else from a date opening its paragraph or
its section heading, else from the genre: in a government work report of year N actuals describe N−1,
targets N and plans N..N+4; in other documents a figure describes the document's own period.  An average
over years (年均增长) spans the years it averages.  In a report before 2018 a bare 失业率 is the registered
rate (the surveyed rate is set from 2018 on).

>>> from textkit.statistics import find_statistics
>>> [(s.text, s.kind) for s in find_statistics("去年增长6.9%。今年预期目标是增长6.5%左右。今后五年年均增长6%。")]
[('6.9%', 'actual'), ('6.5%左右', 'target'), ('6%', 'plan')]
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import regex

from ..records import DateMention, Section, Statistic
from ..tokenizer import Tagging
from ._lexicon import lexicon
from .indicators import ASIDE

__all__ = ["KINDS", "DocumentContext", "assign_kinds_and_periods"]

#: The values of ``Statistic.kind``.
KINDS = ("actual", "target", "estimate", "plan")

GOV_WORK_REPORT = "gov_work_report"
#: the first year whose government work report sets a surveyed unemployment rate (城镇调查失业率)
_SURVEYED_SINCE = 2018

_SENTENCE_END = "。！？!?\n"
_CLAUSE_END = _SENTENCE_END + "，,；;：:"
_BASELINE_BEFORE = regex.compile(r"(?:从|由)(?:\p{Han}{0,6}?的)?$")
_LEVEL_AFTER = regex.compile(r"[^，,；;。！？\n]{0,30}?(?:增加|增长|提高|提升|上升|扩大|下降|减少|降低|降|缩小|发展|跃升)(?:到|至)")
_ON_BASE = regex.compile(r"(?:左右|以上)?的(?:高)?基础上")
_CONFIDENT = 0.6  # a section label this sure orients the section's figures (review or coming) by itself
_TARGET_AFTER = regex.compile(r"(?:左右|以上|以内|以下)?的(?:\p{Han}{0,4})?(?:目标|预期|增速目标)")
#: a date before which is one of these is a baseline, not the period (比上年, 与2020年相比, 较去年同期)
_BASELINE_DATE = regex.compile(r"(?:比|较|同|与|相比|相对于|高于|低于|快于|慢于|超过|同比)$")
#: a line of a target list that ends so goes on to the next line
_OPEN_END = frozenset("：:；;，,、")
#: 赤字率按3%安排: a figure arranged for the year
_ARRANGED_AFTER = regex.compile(r"(?:左右|以内|以上)?(?:安排|确定|设定|测算)")
_DIGITS = regex.compile(r"\d")
#: “十五五”开局之年, 规划收官之年: one year of a plan, named by the plan
_YEAR_OF_PLAN = regex.compile(r"”?(?:规划|计划)?的?(?P<which>开局|开篇|起步|收官|决胜|攻坚|关键|首|第一|最后一)之?年")
_FIRST_OR_LAST = {"开局": "first", "开篇": "first", "起步": "first", "首": "first", "第一": "first", "收官": "last", "最后一": "last"}
#: a date that opens a range (9月份后, 2019年以前, 5月起) bounds no period of its own
_OPEN_RANGE = regex.compile(r"后|以后|之后|前|以前|之前|起")
_FOLLOWED_BY = regex.compile(r"[，,、：:]|以来|期间|时期|里|中|内|末|底|是|将|要")


@dataclass(frozen=True)
class DocumentContext:
    """What the other stages know of the document, for :func:`assign_kinds_and_periods`.

    ``year`` is the document's own year (:attr:`textkit.dates.DateAnalysis.year`); ``genre`` the result
    of :func:`textkit.classify.classify_genre`; ``sections`` the (labelled) sections; ``dates`` the date
    mentions; ``period_start``/``period_end`` the period the document reports on.
    """

    year: int | None = None
    genre: str = ""
    sections: Sequence[Section] = ()
    dates: Sequence[DateMention] = ()
    period_start: dt.date | None = None
    period_end: dt.date | None = None


def _year_span(a: int, b: int) -> tuple[dt.date, dt.date]:
    return dt.date(a, 1, 1), dt.date(b, 12, 31)


class _Document:
    """Offsets, dates and section orientations of one document, computed once for all its figures."""

    def __init__(self, text: str, ctx: DocumentContext, tagging: Tagging | None) -> None:
        self.text = text
        self.ctx = ctx
        self.tagging = tagging
        self.lex = lexicon()
        self.gwr = ctx.genre == GOV_WORK_REPORT
        self.year = ctx.year
        self.lines = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        self.sent = [0] + [i + 1 for i, c in enumerate(text) if c in _SENTENCE_END]
        self.clause = [0] + [i + 1 for i, c in enumerate(text) if c in _CLAUSE_END]
        self.dates = sorted((d for d in ctx.dates if d.start is not None and d.end is not None), key=lambda d: d.char_start)
        self.date_starts = [d.char_start for d in self.dates]
        self.scopes = self._target_scopes()
        self.sections = sorted(ctx.sections, key=lambda s: (s.char_start, s.level))
        self.orientation = self._orientations()

    # --- offsets
    @staticmethod
    def _start(starts: list[int], pos: int) -> int:
        return starts[bisect.bisect_right(starts, pos) - 1]

    def line_bounds(self, pos: int) -> tuple[int, int]:
        a = self._start(self.lines, pos)
        b = self.text.find("\n", pos)
        return a, (len(self.text) if b < 0 else b)

    def sentence_start(self, pos: int) -> int:
        return max(self._start(self.sent, pos), pos - 400)

    def clause_start(self, pos: int) -> int:
        return max(self._start(self.clause, pos), pos - 200)

    def dates_in(self, a: int, b: int) -> list[DateMention]:
        i = bisect.bisect_left(self.date_starts, a)
        out = []
        while i < len(self.dates) and self.dates[i].char_start < b:
            if self.dates[i].char_end <= b:
                out.append(self.dates[i])
            i += 1
        return out

    # --- cues
    def has_cue(self, kind: str, a: int, b: int) -> bool:
        """Whether a cue of ``kind`` (``stats_kind_cues.tsv``) is in ``text[a:b]``."""
        for pattern, check in self.lex.kind_cues[kind]:
            for m in pattern.finditer(self.text, a, b):
                if self._fits(check, m.start(), m.end()) and not self._negated(kind, m):
                    return True
        return False

    def _fits(self, check: str, a: int, b: int) -> bool:
        t = self.tagging
        if t is None or not check:
            return True
        return t.is_boundary(a) and (check == "start" or t.is_boundary(b))

    def _negated(self, kind: str, m: regex.Match[str]) -> bool:
        """目标 that a review reports as met: 完成年初确定的主要目标, 目标任务全面完成."""
        if kind != "target":
            return False
        end = m.end() + 2 if self.text.startswith("目标", m.end()) else m.end()  # 预期|目标
        if "目标" not in self.text[m.start() : end]:
            return False
        return self.met(m.start()) or bool(self.lex.met_after.match(self.text, end))

    def met(self, pos: int) -> bool:
        """Whether the clause before ``pos`` reports a goal as met (全面完成年初确定的, 实现了经济增长…的)."""
        return bool(self.lex.met_before.search(self.text, self.clause_start(pos), pos))

    def _target_scopes(self) -> list[tuple[int, int]]:
        """The spans of target lists: from 主要预期目标是： to the end of its paragraph and its list lines."""
        scopes = []
        for m in self.lex.target_intro.finditer(self.text):
            if self.met(m.start()):
                continue
            _, end = self.line_bounds(m.end())
            listed = not self.text[m.end() : end].strip(" ：:　")  # the list starts on the next line
            # the list runs on while a line ends open (：；，), and over list items after a bare intro
            while end < len(self.text):
                nxt_end = self.text.find("\n", end + 1)
                nxt_end = len(self.text) if nxt_end < 0 else nxt_end
                line = self.text[end + 1 : nxt_end]
                if not line.strip():
                    break
                if not (self.text[max(0, end - 4) : end].rstrip(" \u3000")[-1:] in _OPEN_END or (listed and self.lex.list_item.match(line))):
                    break
                end = nxt_end
            scopes.append((m.start(), end))
        return scopes

    def in_scope(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.scopes)

    # --- dates
    def horizon(self, d: DateMention | None) -> str:
        """``past``, ``current``, ``next``, ``plan`` (several years ahead) or ``""``, relative to the document's year."""
        if d is None or self.year is None:
            return ""
        assert d.start is not None and d.end is not None
        n = self.year
        if d.end.year < n or (d.end.year == n and d.start.year < n):
            return "past"  # 2017年 in a report of 2018; 五年来 (a review period up to the report's year)
        if d.end.year > d.start.year and d.end.year >= n + 1 and d.start.year >= n - 1:
            return "plan"
        if d.start.year >= n + 2:
            return "plan"
        if d.start.year == n + 1:
            return "next"
        return "current"

    def clause_date(self, pos: int) -> DateMention | None:
        """The nearest date before ``pos`` in its sentence that gives the figure's period (not a baseline)."""
        for d in reversed(self.dates_in(self.sentence_start(pos), pos)):
            if _BASELINE_DATE.search(self.text, max(0, d.char_start - 4), d.char_start) or self._attributive(d):
                continue
            if self.text.startswith("的", d.char_end) and d.char_end + 1 < pos and self.lex.core.match(self.text, d.char_end + 1):
                continue  # 由上年的21.7%降到14.8%: the date of another figure
            if (p := self._as_period(d)) is not None:
                return p
        return None

    def _as_period(self, d: DateMention) -> DateMention | None:
        """The period a date gives a figure: “十五五”开局之年 is the plan's first year, 收官之年 its last; none for
        按2000年价格计算 (the prices of a year) or 决胜之年."""
        if (m := _YEAR_OF_PLAN.match(self.text, d.char_end)) is not None:
            if d.start is None or d.end is None or m.group("which") not in _FIRST_OR_LAST:
                return None
            year = d.start.year if _FIRST_OR_LAST[m.group("which")] == "first" else d.end.year
            start, end = _year_span(year, year)
            return replace(d, start=start, end=end, granularity="year")
        asides = ASIDE.finditer(self.text, max(0, d.char_start - 2), d.char_end + 12)
        return None if any(m.start() <= d.char_start and d.char_end <= m.end() for m in asides) else d

    def _attributive(self, d: DateMention) -> bool:
        """年初确定的(目标): a date inside a relative clause on another noun."""
        t = self.tagging
        if t is None or d.char_end >= len(self.text) or not t.is_boundary(d.char_end):
            return False
        i = t.index_at(d.char_end)
        return t.tags[i].startswith("v") and "的" in self.text[t.end(i) : t.end(i) + 3]

    def topic_date(self, pos: int) -> DateMention | None:
        """A date that opens the figure's paragraph (2017年，… / 过去五年，… / “十三五”时期是…) or, nearer, one
        of its sentences before the figure; a list line (——…, 一是…) takes the date of the paragraph it continues."""
        a, _ = self.line_bounds(pos)
        b = pos
        for _ in range(12):
            # the last sentence of the paragraph (up to the figure) that opens with a date, else its first
            i = bisect.bisect_right(self.sent, b) - 1
            starts = [self.sent[j] for j in range(i, max(-1, i - 20), -1) if a < self.sent[j] <= b] + [a]
            for s in starts:
                if (d := self._opening_date(s, pos, strict=s != a)) is not None:
                    return d
            if a == 0 or not self.lex.list_item.match(self.text, a):
                return None
            a, b = self.line_bounds(a - 1)
        return None

    def _opening_date(self, a: int, pos: int, strict: bool = False) -> DateMention | None:
        """The date that opens the sentence at ``a``: 2017年，…; 1997年国内生产总值…; not 2020年的…, 比上年,
        9月份后; a later sentence of the paragraph carries only a date at its very start (not 到明年底，…)."""
        for d in self.dates_in(a, min(pos, a + 16)):
            if _OPEN_RANGE.match(self.text, d.char_end) or self._attributive(d):
                return None  # 9月份后; 年初剩余的551万人
            p = self._as_period(d)
            if p is None:
                return None
            opens = not self.text[a : d.char_start].strip() and not self.text.startswith("的", d.char_end)
            if (opens or (not strict and _FOLLOWED_BY.match(self.text, d.char_end))) and not _BASELINE_DATE.search(
                self.text, max(0, d.char_start - 4), d.char_start
            ):
                return p
            return None
        return None

    def span(self, d: DateMention) -> tuple[dt.date | None, dt.date | None]:
        """The period of a date, for a result: in a report of year N, 五年来 and 近三年来 count the full years
        up to N−1 (2003–2007 in 2008), as 过去五年 does."""
        n = self.year
        if (
            self.gwr
            and n is not None
            and d.granularity == "relative"
            and d.start is not None
            and d.end is not None
            and d.start.year < d.end.year == n
            and not _DIGITS.search(d.text)
        ):
            return _year_span(d.start.year - 1, n - 1)
        return d.start, d.end

    def average_span(self, pos: int) -> tuple[dt.date, dt.date] | None:
        """The years an average over several years covers: 五年来…年均增长10.6%; 由2002年的…增加到2007年的…，
        年均增长10.6% (2003–2007); ``None`` when the figure is not such an average."""
        if not self.has_cue("plan", self.clause_start(pos), pos):  # 年均, 平均每年
            return None
        sent = self.dates_in(self.sentence_start(pos), pos)
        for d in [*reversed(sent), self.topic_date(pos), self.heading_date(pos)]:
            if d is not None and d.start is not None and d.end is not None and d.end.year > d.start.year:
                return self.span(d)
        years = sorted({d.end.year for d in sent if d.end is not None and d.granularity == "year"})
        if len(years) >= 2:
            return _year_span(years[0] + 1, years[-1])
        return None

    # --- sections
    def _heading_dates(self, s: Section) -> list[DateMention]:
        return self.dates_in(s.char_start, max(s.body_start, s.char_start))

    def _orientations(self) -> dict[str, str]:
        """Each section's orientation: ``review``, ``coming``, ``plan``, ``mixed`` or ``""`` (unknown)."""
        out: dict[str, str] = {}
        for s in self.sections:
            own = self._own_orientation(s)
            if not own:
                own = out.get(s.parent_id, "") if s.parent_id else ""
            if not own and _confident(s):
                own = {"results": "review", "plans": "coming"}.get(s.label_group, "")
            out[s.section_id] = own
        return {k: ("" if v == "mixed" else v) for k, v in out.items()}

    def _own_orientation(self, s: Section) -> str:
        heading = s.heading or ""
        if not heading:
            return ""
        horizons = {self.horizon(d) for d in self._heading_dates(s)} - {""}
        review = self.lex.review_heading.search(heading) is not None
        coming = self.lex.coming_heading.search(heading) is not None or (
            self.lex.coming_heading_weak.search(heading) is not None
            and (self.gwr or bool(horizons) or (s.label_group == "plans" and _confident(s)))
        )
        if len(horizons) > 1:
            return "mixed"
        if horizons == {"past"}:
            return "review"
        if horizons == {"plan"}:
            return "review" if review and not coming else "plan"
        if horizons == {"next"}:
            return "coming"
        if horizons == {"current"}:  # the report's own year: a plan in a report, a review in a summary
            if review:
                return "review"
            return "coming" if (self.gwr or coming) else "review"
        if review and not coming:
            return "review"
        if coming and not review:
            return "coming"
        return ""

    def section_at(self, pos: int) -> Section | None:
        best = None
        for s in self.sections:
            if s.char_start <= pos < s.char_end and (best is None or s.level >= best.level):
                best = s
        return best

    def heading_date(self, pos: int) -> DateMention | None:
        """The one date in the heading of the figure's section or, failing that, of its nearest ancestor."""
        by_id = {s.section_id: s for s in self.sections}
        s = self.section_at(pos)
        while s is not None:
            dates = self._heading_dates(s)
            if len(dates) == 1:
                return dates[0]
            if dates:
                return None
            s = by_id.get(s.parent_id) if s.parent_id else None
        return None


def _confident(s: Section) -> bool:
    """Whether the section's label is sure enough to orient its figures (a label given without a score is)."""
    return s.label_score is None or s.label_score >= _CONFIDENT


def _kind(doc: _Document, st: Statistic) -> tuple[str, DateMention | None]:
    """The kind of ``st`` and the date that bounds its period (or ``None``)."""
    text, pos = doc.text, st.char_start
    sent, clause = doc.sentence_start(pos), doc.clause_start(pos)
    # a baseline: 由2020年的3.68万亿元增加到…, 在上年增长9%的基础上
    before = text[max(clause, pos - 14) : pos]
    if (_BASELINE_BEFORE.search(before) and _LEVEL_AFTER.match(text, st.char_end)) or _ON_BASE.match(text, st.char_end):
        d = doc.clause_date(pos)
        return "actual", d
    date = doc.clause_date(pos)
    horizon = doc.horizon(date)
    if doc.has_cue("estimate", sent, pos):
        return "estimate", date
    if horizon == "past":
        return "actual", date
    section = doc.section_at(pos)
    orientation = doc.orientation.get(section.section_id, "") if section is not None else ""
    scoped = doc.in_scope(pos)
    topic = doc.topic_date(pos)
    targeted = (
        scoped
        or doc.has_cue("target", sent, pos)
        or doc.has_cue("target_clause", clause, pos)
        or (_TARGET_AFTER.match(text, st.char_end) is not None and not doc.met(pos))  # not 实现了增长8%的目标
        or (text.endswith("按", 0, pos) and _ARRANGED_AFTER.match(text, st.char_end) is not None)
        # 今年 in a report delivered at the start of the year: what the year is to bring (not 今年以来)
        or (doc.gwr and horizon == "current" and date is not None and date.granularity in ("year", "relative") and "以来" not in date.text)
        or doc.has_cue("plan_sentence", sent, pos)  # 今后五年 looks ahead by itself
        # 到2030年, “十五五”期间; a paragraph opened by “十四五”时期是… (in a report of 2021)
        or ((horizon == "plan" or (horizon == "" and doc.horizon(topic) == "plan")) and not doc.has_cue("actual", clause, pos))
    )
    if orientation == "review" and not (targeted and horizon in ("current", "next", "plan") and date is not None):
        return "actual", date
    if not scoped and doc.has_cue("actual", clause, pos):
        return "actual", date
    if not (targeted or orientation in ("coming", "plan")):
        return "actual", date
    planned = (
        horizon == "plan"
        or doc.has_cue("plan", clause, pos)
        or doc.has_cue("plan_sentence", sent, pos)
        or (horizon == "" and doc.horizon(topic) == "plan")
        or (horizon == "" and orientation == "plan")
    )
    return ("plan" if planned else "target"), date


def _period(doc: _Document, st: Statistic, kind: str, date: DateMention | None) -> tuple[dt.date | None, dt.date | None]:
    n, pos = doc.year, st.char_start
    if kind == "plan":
        for d in (date, doc.topic_date(pos), doc.heading_date(pos)):
            if d is not None and doc.horizon(d) == "plan":
                assert d.start is not None and d.end is not None
                if d.end.year > d.start.year:
                    return d.start, d.end
                if n is not None:  # 到2030年: from the report's year to that year
                    return _year_span(n, d.end.year)
        return _year_span(n, n + 4) if n is not None else (None, None)
    if kind != "target" and (span := doc.average_span(pos)) is not None:
        return span
    if date is not None:
        return (date.start, date.end) if kind == "target" else doc.span(date)
    wanted = ("past",) if (doc.gwr and kind != "target") else ("current", "next") if kind == "target" else ("past", "current")
    for d in (doc.topic_date(pos), doc.heading_date(pos)):
        if d is not None and doc.horizon(d) in wanted:
            return (d.start, d.end) if kind == "target" else doc.span(d)
    if doc.gwr and n is not None:
        return _year_span(n, n) if kind == "target" else _year_span(n - 1, n - 1)
    if doc.ctx.period_start is not None and doc.ctx.period_end is not None:
        return doc.ctx.period_start, doc.ctx.period_end
    return _year_span(n, n) if n is not None else (None, None)


def assign_kinds_and_periods(
    statistics: Sequence[Statistic],
    text: str,
    context: DocumentContext = DocumentContext(),
    *,
    tagging: Tagging | None = None,
) -> list[Statistic]:
    """``statistics`` with ``kind``, ``period_start`` and ``period_end`` set from the whole document.

    ``text`` is the analysis text the statistics index; ``tagging`` its one tagging pass (cue words
    must be whole words: 要 is a cue, 主要 and 要求 are not).  Without a context (year, genre,
    sections, dates) kinds come from the sentences and paragraphs alone and periods stay ``None``.
    """
    if not statistics:
        return []
    doc = _Document(text, context, tagging)
    out = []
    for st in statistics:
        kind, date = _kind(doc, st)
        start, end = _period(doc, st, kind, date) if (context.year is not None or date is not None) else (None, None)
        metric = st.metric
        if metric == "unemployment_rate" and "调查" not in st.indicator and (context.year or _SURVEYED_SINCE) < _SURVEYED_SINCE:
            metric = "registered_unemployment_rate"  # before 2018 a bare 失业率 is the registered rate
        out.append(replace(st, kind=kind, period_start=start, period_end=end, metric=metric))
    return out
