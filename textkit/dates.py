"""Dates: calendar expressions, the intervals they denote, and a document's own date and period.

``find_dates`` reads the mentions of a text with a fixed default year::

    >>> [(m.text, str(m.start), str(m.end), m.granularity) for m in find_dates("3月中旬召开会议", year=2009)]
    [('3月中旬', '2009-03-11', '2009-03-20', 'xun')]

``analyze_dates`` also works out the document's year (title, dateline, signature, the
"总结N年、部署N+1年" rule, the first explicit year), its date and the period it covers.

Rules (see also ``resources/dates_patterns.tsv`` and ``resources/dates_relative.tsv``):

- A partial date (``3月13日``, ``上半年``) takes the nearest explicit year before it (years inside
  《》 do not count), else the document's year.  A calendar date whose year cannot be found
  yields **no** row: the year is never guessed from outside the text (an external ``reference``
  is only a last resort and is ``None`` by default).
- ``3月中旬到4月下旬`` and ``6月10日至16日`` give one row per end (the second end inherits the year
  and month of the first); ``1-7月``, ``3月8-9日`` and ``2015—2020年`` give one row.
- ``今年以来``, ``全年``, ``年底``, ``7月底``, ``近三年``, ``上年`` … have granularity ``relative``; named
  plan periods (``“十四五”时期``) have granularity ``period``.  Both are resolved when their anchor is
  known, else their start/end are ``None``.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from textkit.records import DateMention
from textkit.resources import read_lines

__all__ = ["DateAnalysis", "analyze_dates", "find_dates"]

_TIMEOUT = 30.0  # seconds; a safety net, the patterns are linear
_BOOK = regex.compile(r"《[^《》\n]{0,120}》")
_CAL_GRANULARITIES = frozenset({"day", "xun", "month", "quarter", "half", "year"})
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(frozen=True, slots=True)
class DateAnalysis:
    """The dates of one document.

    ``year`` is the document's own year (from its text), ``doc_date`` its signature / issue date,
    ``period_start``/``period_end`` the period it reports on (``2022年上半年工作总结`` →
    2022-01-01..2022-06-30).
    """

    mentions: tuple[DateMention, ...]
    doc_date: dt.date | None
    period_start: dt.date | None
    period_end: dt.date | None
    year: int | None


@dataclass(frozen=True, slots=True)
class _RelWord:
    kind: str
    anchor: str
    offset: int
    part: str


@dataclass(frozen=True, slots=True)
class _Lexicon:
    master: regex.Pattern
    rel_words: tuple[_RelWord, ...]
    nextyear: regex.Pattern
    publine: regex.Pattern
    dateline: regex.Pattern
    speechline: regex.Pattern
    heading: regex.Pattern
    sep_only: regex.Pattern
    batch: regex.Pattern
    recurring: regex.Pattern
    baseline: regex.Pattern


@functools.cache
def _lexicon() -> _Lexicon:
    frags: dict[str, str] = {}
    for line in read_lines("dates_patterns.tsv"):
        name, _, pat = line.partition("\t")
        frags[name.strip()] = regex.sub(r"<<(\w+)>>", lambda m: frags[m.group(1)], pat.strip())
    rel_pats, rel_words = [], []
    for i, line in enumerate(read_lines("dates_relative.tsv")):
        cols = (line.split("\t") + ["", "", "", ""])[:5]
        rel_pats.append(f"(?P<rel{i}>{cols[0]})")
        rel_words.append(_RelWord(cols[1], cols[2], int(cols[3] or 0), cols[4]))
    master = "(?=" + frags["first"] + ")(?:" + "|".join(
        [frags["iso"], frags["plan"], frags["lastn"], frags["relguard"] + "(?:" + "|".join(rel_pats) + ")",
         frags["cal"], frags["dend"]]) + ")"
    return _Lexicon(
        master=regex.compile(master),
        rel_words=tuple(rel_words),
        nextyear=regex.compile(frags["nextyear"]),
        publine=regex.compile(frags["publine"]),
        dateline=regex.compile(frags["dateline"]),
        speechline=regex.compile(frags["speechline"]),
        heading=regex.compile(frags["heading"]),
        sep_only=regex.compile(r"\s*(?:" + frags["sep"] + r")\s*"),
        batch=regex.compile(frags["batch"]),
        recurring=regex.compile(frags["recurring"]),
        baseline=regex.compile(frags["baseline"]),
    )


# ----------------------------------------------------------------------------- small helpers


def _num(s: str) -> int:
    """``"12"`` → 12, ``"十二"`` → 12, ``"二十三"`` → 23, ``"二〇〇九"`` → 2009."""
    if s.isdigit():
        return int(s)
    if "十" in s:
        a, _, b = s.partition("十")
        return (_CN_DIGITS.get(a, 1) if a else 1) * 10 + (_CN_DIGITS.get(b, 0) if b else 0)
    return int("".join(str(_CN_DIGITS.get(c, 0)) for c in s))


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _month_span(y: int, m1: int, m2: int | None = None) -> tuple[dt.date, dt.date]:
    m2 = m1 if m2 is None else m2
    return dt.date(y, m1, 1), dt.date(y, m2, _last_day(y, m2))


def _shift_month(d: dt.date, k: int) -> tuple[int, int]:
    n = d.year * 12 + d.month - 1 + k
    return n // 12, n % 12 + 1


def _part_of_year(y: int, part: str) -> tuple[dt.date, dt.date]:
    """``part`` is ``"M-D,M-D"``; a day ``last`` is the month's last day."""
    (m1, d1), (m2, d2) = (p.split("-") for p in part.split(","))
    a, b = int(m1), int(m2)
    return (dt.date(y, a, _last_day(y, a) if d1 == "last" else int(d1)),
            dt.date(y, b, _last_day(y, b) if d2 == "last" else int(d2)))


def _part_of_month(y: int, m: int, part: str) -> tuple[dt.date, dt.date]:
    d1, d2 = part.split(",")
    last = _last_day(y, m)
    return (dt.date(y, m, last if d1 == "last" else int(d1)),
            dt.date(y, m, last if d2 == "last" else int(d2)))


def _plan_years(n: int) -> tuple[int, int]:
    """The n-th five-year plan: 1st 1953-1957, 2nd 1958-1962, then from 1966 on (十一五 = 2006-2010)."""
    start = 1953 + 5 * (n - 1) if n <= 2 else 1966 + 5 * (n - 3)
    return start, start + 4


def _book_spans(text: str) -> list[tuple[int, int]]:
    """Spans of 《…》 titles (a year inside one does not set the year in force)."""
    return [m.span() for m in _BOOK.finditer(text, timeout=_TIMEOUT)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` lies in one of ``spans`` (sorted, non-overlapping)."""
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


# ----------------------------------------------------------------------------- the scanner


@dataclass(slots=True)
class _Prev:
    end: int
    year: int | None
    month: int | None
    start: dt.date | None


def _scan(text: str, *, year: int | None, ref: dt.date | None,
          nextyear: tuple[int, int] | None = None) -> list[DateMention]:
    """All mentions of ``text`` (see ``_iter_mentions``)."""
    return list(_iter_mentions(text, year=year, ref=ref, nextyear=nextyear))


def _iter_mentions(text: str, *, year: int | None, ref: dt.date | None,
                   nextyear: tuple[int, int] | None = None) -> Iterator[DateMention]:
    """All mentions of ``text``; ``year`` is the document's year, ``ref`` the reference date.

    ``nextyear`` = (year, end offset): mentions without their own year that start before the
    offset take that year (the 总结N年、部署N+1年 rule).
    """
    lex = _lexicon()
    books = _book_spans(text) if "《" in text else []
    ctx: int | None = None  # the year in force: the last explicit year outside 《》
    prev: _Prev | None = None
    for m in lex.master.finditer(text, timeout=_TIMEOUT):
        s, e = m.span()
        if s == e:
            continue
        adjacent = prev is not None and lex.sep_only.fullmatch(text, prev.end, s) is not None

        def base_year() -> int | None:
            if adjacent and prev is not None and prev.year is not None:
                return prev.year
            if nextyear is not None and s < nextyear[1]:
                return nextyear[0]
            return ctx if ctx is not None else year

        res = _resolve(m, lex, year=year, ref=ref, base_year=base_year, prev=prev if adjacent else None)
        if res is None:
            continue
        if m.group("cal") and not (m.group("yn") or m.group("yr")) \
                and lex.recurring.search(text, max(0, s - 4), s) is not None:
            res = (None, None, "relative", None, None)  # 每年3月: recurs, not one date
        start, end, gran, explicit, month = res
        if gran in _CAL_GRANULARITIES and start is None:
            continue  # a calendar date whose year is unknown: no row
        if adjacent and prev is not None and prev.start is not None and start is not None \
                and explicit is None and start < prev.start and gran in _CAL_GRANULARITIES:
            # 11月至2月: the second end is in the next year
            later = _resolve(m, lex, year=year, ref=ref, base_year=lambda: start.year + 1,
                             prev=prev if adjacent else None)
            if later is not None and later[0] is not None:
                start, end = later[0], later[1]
        yield DateMention(text[s:e], s, e, start, end, gran)
        if explicit is not None and not _inside(s, books) and (year is None or explicit <= year + 1) \
                and lex.baseline.search(text, max(0, s - 4), s) is None:
            ctx = explicit  # a target (到2035年) or a baseline (较2022年) does not set the year in force
        if gran in _CAL_GRANULARITIES or month is not None:
            prev = _Prev(e, start.year if start else None, month, start)
        else:
            prev = None


_Res = tuple[dt.date | None, dt.date | None, str, int | None, int | None]


def _resolve(m: regex.Match, lex: _Lexicon, *, year: int | None, ref: dt.date | None,
             base_year, prev: _Prev | None) -> _Res | None:
    """(start, end, granularity, explicit year, month) of one match, or None to drop it."""
    g = m.group
    try:
        if g("iso"):
            d = dt.date(int(g("iy")), int(g("im")), int(g("id")))
            return d, d, "day", d.year, d.month
        if g("plan"):
            a, b = _plan_years(_num(g("pn")) if g("pn") != "十" else 10)
            return dt.date(a, 1, 1), dt.date(b, 12, 31), "period", None, None
        if g("lastn"):
            n = _num(g("ln"))
            y = year
            if y is None or not 1 <= n <= 50:
                return None, None, "relative", None, None
            if g("lw") == "过去":
                return dt.date(y - n, 1, 1), dt.date(y - 1, 12, 31), "relative", None, None
            return dt.date(y - n + 1, 1, 1), dt.date(y, 12, 31), "relative", None, None
        if g("dend"):
            if prev is None or prev.month is None or prev.year is None:
                return None
            d = dt.date(prev.year, prev.month, _num(g("dd")))
            return d, d, "day", None, prev.month
        if g("cal"):
            res = _resolve_cal(m, year=year, ref=ref, base_year=base_year)
            if res is not None and res[2] == "year" and lex.batch.match(m.string, m.end()):
                return None  # 2009年第一批: part of a batch name
            return res
        for i, w in enumerate(lex.rel_words):
            if m.group(f"rel{i}") is not None:
                return _resolve_rel(w, year=year, ref=ref, base_year=base_year)
    except (ValueError, OverflowError):
        return None
    return None


def _resolve_rel(w: _RelWord, *, year: int | None, ref: dt.date | None, base_year) -> _Res:
    none: _Res = (None, None, "relative", None, None)
    if w.kind == "none":
        return none
    if w.kind in ("month", "monthpart"):
        if ref is None:
            return none
        y, mo = _shift_month(ref, w.offset)
        a, b = _month_span(y, mo) if w.kind == "month" else _part_of_month(y, mo, w.part)
        return a, b, "relative", None, None
    y = year if w.anchor == "doc" else base_year()
    if y is None:
        return none
    y += w.offset
    if w.kind == "since":
        a = dt.date(y, 1, 1)
        return a, (ref if ref is not None and ref >= a else dt.date(y, 12, 31)), "relative", None, None
    if w.kind == "yearpart":
        a, b = _part_of_year(y, w.part)
        return a, b, "relative", None, None
    return dt.date(y, 1, 1), dt.date(y, 12, 31), "relative", None, None


def _resolve_cal(m: regex.Match, *, year: int | None, ref: dt.date | None, base_year) -> _Res | None:
    g = m.group
    if not (g("yn") or g("yr") or g("m") or g("q") or g("q3") or g("h")):
        return None
    explicit: int | None = None
    relative_year = False
    if g("yn"):
        explicit = _num(g("yn"))
        y: int | None = explicit
        if not 1800 <= explicit <= 2100:
            return None
    elif g("yr") == "次年":
        relative_year = True
        b = base_year()
        y = explicit = None if b is None else b + 1
    elif g("yr"):
        relative_year = True
        off = {"今年": 0, "本年": 0, "去年": -1, "明年": 1, "前年": -2, "后年": 2}[g("yr")]
        y = None if year is None else year + off
        explicit = y
    else:
        y = base_year()
    if g("m") and not (g("yn") or g("yr") or g("fen") or g("d") or g("xun") or g("m2")) \
            and not g("m").isdigit() and g("m") not in ("十一", "十二"):
        return None  # 一月 / 三月 alone: too often part of a word
    if y is None:
        relative = g("since") or g("yedge") or g("medge") or (relative_year and not (g("m") or g("q") or g("q3") or g("h")))
        return None, None, ("relative" if relative else "year"), None, None
    month = _num(g("m")) if g("m") else None
    if g("since"):
        a, _ = _cal_interval(m, y)
        return a, (ref if ref is not None and ref >= a else None), "relative", explicit, month
    if g("yedge"):
        a, b = _part_of_year(y, "12-1,12-31" if g("yedge") in "底末" else "1-1,2-last")
        return a, b, "relative", explicit, None
    if g("medge"):
        assert month is not None
        a, b = _part_of_month(y, month, "21,last" if g("medge") in "底末" else "1,10")
        return a, b, "relative", explicit, month
    a, b = _cal_interval(m, y)
    if g("d"):
        gran = "day"
    elif g("xun"):
        gran = "xun"
    elif g("m"):
        gran = "month"
    elif g("q") or g("q3"):
        gran = "quarter"
    elif g("h"):
        gran = "half"
    else:
        gran = "year"
    return a, b, gran, explicit, month


def _cal_interval(m: regex.Match, y: int) -> tuple[dt.date, dt.date]:
    g = m.group
    if g("m"):
        mo = _num(g("m"))
        if g("d"):
            d1 = _num(g("d"))
            d2 = _num(g("d2")) if g("d2") else d1
            if d2 < d1:
                raise ValueError("descending day range")
            return dt.date(y, mo, d1), dt.date(y, mo, d2)
        if g("xun"):
            part = {"上": "1,10", "中": "11,20", "下": "21,last", "上中": "1,20", "中下": "11,last"}[g("xun")]
            return _part_of_month(y, mo, part)
        mo2 = _num(g("m2")) if g("m2") else None
        if mo2 is not None and mo2 < mo:
            raise ValueError("descending month range")
        return _month_span(y, mo, mo2)
    if g("q3"):
        n = _num(g("q3")[1])
        return dt.date(y, 1, 1), dt.date(y, 3 * n, _last_day(y, 3 * n))
    if g("q"):
        n = 1 if g("q").startswith("首") else _num(g("q").lstrip("第")[0])
        if not 1 <= n <= 4:
            raise ValueError("quarter")
        return dt.date(y, 3 * n - 2, 1), dt.date(y, 3 * n, _last_day(y, 3 * n))
    if g("h"):
        if g("h").startswith("下"):
            return dt.date(y, 7, 1), dt.date(y, 12, 31)
        return dt.date(y, 1, 1), dt.date(y, 6, 30)  # 上半年, 2022年半年度
    y2 = _num(g("yn2")) if g("yn2") else y
    if not y <= y2 <= 2100:
        raise ValueError("year range")
    return dt.date(y, 1, 1), dt.date(y2, 12, 31)


# ----------------------------------------------------------------------------- public API


def _check_text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a str, not {type(value).__name__}")
    return value


def _check_ref(reference: object) -> dt.date | None:
    if reference is None:
        return None
    if isinstance(reference, dt.datetime):
        return reference.date()
    if isinstance(reference, dt.date):
        return reference
    raise ValueError(f"reference must be a datetime.date or None, not {type(reference).__name__}")


def find_dates(text: str, *, year: int | None = None, reference: dt.date | None = None) -> list[DateMention]:
    """Date mentions of ``text``, partial dates completed with the nearest explicit year, else ``year``.

    ``reference`` resolves 本月 / 今年以来 (end) and, when ``year`` is None, supplies the default year.
    Calendar dates whose year stays unknown are left out.

    >>> [(m.text, str(m.start), str(m.end)) for m in find_dates("2008年至2012年，6月10日至16日")]
    [('2008年', '2008-01-01', '2008-12-31'), ('2012年', '2012-01-01', '2012-12-31'), ('6月10日', '2012-06-10', '2012-06-10'), ('16日', '2012-06-16', '2012-06-16')]
    >>> find_dates("5月28日召开部署会")
    []
    """
    text = _check_text("text", text)
    ref = _check_ref(reference)
    if year is not None and not isinstance(year, int):
        raise ValueError("year must be an int or None")
    if year is None and ref is not None:
        year = ref.year
    return _scan(text, year=year, ref=ref)


def _first_full_date(s: str) -> DateMention | None:
    for m in _scan(s, year=None, ref=None):
        if m.granularity == "day" and m.start is not None and m.start == m.end and _has_year(m.text):
            return m
    return None


def _has_year(s: str) -> bool:
    return any(c.isdigit() for c in s[:4]) or "年" in s


def _doc_date(text: str, signature: str, lex: _Lexicon) -> dt.date | None:
    """The signature / issue date: signature block, a date line at the end, a dateline, a 发布日期 line."""
    if signature:
        found = [m for m in _scan(signature, year=None, ref=None)
                 if m.granularity == "day" and m.start is not None and _has_year(m.text)]
        if found:
            return found[-1].start
    lines = [ln for ln in text[-800:].split("\n") if ln.strip()][-8:]
    for ln in reversed(lines):
        stripped = ln.strip()
        if len(stripped) > 40:
            continue
        d = _first_full_date(stripped)
        if d is not None and len(stripped) - d.char_end <= 3:
            return d.start
    head = text[:600]
    for m in lex.dateline.finditer(head, timeout=_TIMEOUT):
        d = _first_full_date(head[m.end():m.end() + 20])
        if d is not None and d.char_start == 0:
            return d.start
    for ln in head.split("\n")[:6]:
        d = _first_full_date(ln)
        if d is not None and lex.speechline.match(ln, d.char_end) is not None:
            return d.start
    for m in lex.publine.finditer(text, timeout=_TIMEOUT):
        d = _first_full_date(text[m.end():m.end() + 20])
        if d is not None and d.char_start == 0:
            return d.start
    return None


def _next_year_rule(text: str, lex: _Lexicon) -> tuple[int, int] | None:
    """(N+1, end of the sentence) when a sentence reviews year N and plans year N+1."""
    for m in lex.nextyear.finditer(text, timeout=_TIMEOUT):
        y1, y2 = _num(m.group("y1")), _num(m.group("y2"))
        if y2 == y1 + 1:
            ends = [i for i in (text.find(c, m.end()) for c in "。！？\n") if i >= 0]
            return y2, (min(ends) + 1 if ends else len(text))
    return None


@functools.cache
def _report_patterns() -> tuple[regex.Pattern, ...]:
    year = r"(?P<y>(?:19|20)\d{2}|[一二][〇零○九][〇零○一二三四五六七八九]{2})"
    top = r"(?m)^[ \t]*[一二三四五六七八九十]{1,3}[、．.][ \t]*"
    heading = regex.compile(rf"{top}{year}年(?P<review>的?(?:政府)?工作(?:和[^\n]{{0,24}})?回顾)?")
    targets = regex.compile(rf"{year}年(?:经济社会|国民经济和社会)?发展的?主要预期目标")
    # 一、过去五年工作回顾 / 一、过去一年和五年工作回顾: a review heading without a year, and the next heading
    review = regex.compile(rf"{top}过去[^\n]{{0,12}}(?:回顾|总结)")
    # a year the review reports on: not a year aimed at (到2020年, 原定2000年…) nor a year before (2000年以前)
    reported = regex.compile(rf"(?<![\d到至于定前]){year}年(?![以之]?前|底前)")
    return heading, targets, review, regex.compile(top), reported


def _report_year(text: str) -> int | None:
    """The year a report to a people's congress is delivered, from its body alone: ``2021年发展主要预期目标``
    gives 2021; in a speech to 各位代表, a review heading ``一、2020年工作回顾`` (``一、1994年的工作回顾``)
    gives 2021 (1995), else the latest year that opens a heading (``三、2026年主要工作``), else one after
    the latest year a yearless review (``一、过去五年工作回顾``) reports on."""
    heading, targets, review, top, reported = _report_patterns()
    t = targets.search(text, timeout=_TIMEOUT)
    if t is not None:
        return _num(t.group("y"))
    if "各位代表" not in text[:3000]:
        return None
    years = []
    for m in heading.finditer(text, timeout=_TIMEOUT):
        if m.group("review"):
            return _num(m.group("y")) + 1
        years.append(_num(m.group("y")))
    if years:
        return max(years)
    r = review.search(text, timeout=_TIMEOUT)
    if r is None:
        return None
    nxt = top.search(text, r.end(), timeout=_TIMEOUT)
    section = text[r.end() : nxt.start() if nxt else len(text)]
    years = [_num(m.group("y")) for m in reported.finditer(section, timeout=_TIMEOUT)]
    return max(years) + 1 if years else None


def _period(mentions: list[DateMention] | tuple[DateMention, ...], text: str) -> tuple[dt.date, dt.date] | None:
    """The first stated range (two adjacent ends, or one compact range) else the first year/half/quarter."""
    lex = _lexicon()
    dated = [m for m in mentions if m.granularity != "period" and m.start is not None and m.end is not None]
    for a, b in zip(dated, dated[1:]):
        gap = text[a.char_end:b.char_start]
        if b.granularity in _CAL_GRANULARITIES and lex.sep_only.fullmatch(gap) \
                and a.start is not None and b.end is not None and a.start <= b.end:
            return a.start, b.end
    cal = [m for m in dated if m.granularity in _CAL_GRANULARITIES]
    for grans in (("year", "half", "quarter", "month", "xun"), ("day",)):
        for m in cal:
            if m.granularity in grans and m.start is not None and m.end is not None:
                return m.start, m.end
    return None


def analyze_dates(text: str, *, title: str = "", signature: str = "",
                  reference: dt.date | None = None) -> DateAnalysis:
    """Mentions, document year, document date and period of one document.

    ``text`` is the analysis text of the whole document (title line included), ``title`` the
    detected title line, ``signature`` the closing signature block (``区经济委员会\\n2009年5月6日``).
    The document's year comes from its own text: the 总结N年…部署N+1年 rule, the title, the
    document date, else the first explicit year; ``reference`` is used only when the text has none.

    >>> a = analyze_dates("2008年工作总结\\n一年来……12月完成验收。")
    >>> a.year, str(a.period_start), str(a.period_end), [m.text for m in a.mentions]
    (2008, '2008-01-01', '2008-12-31', ['2008年', '一年来', '12月'])
    """
    text = _check_text("text", text)
    title = _check_text("title", title)
    signature = _check_text("signature", signature)
    ref = _check_ref(reference)
    lex = _lexicon()
    doc_date = _doc_date(text, signature, lex)
    nxt = _next_year_rule(text, lex)
    title_mentions = _scan(title, year=None, ref=None) if title else []
    title_year = next((m.start.year for m in title_mentions
                       if m.granularity in _CAL_GRANULARITIES and m.start is not None), None)
    year: int | None = None
    if nxt is not None:
        year = nxt[0]
    elif title_year is not None:
        year = title_year
    elif doc_date is not None:
        year = doc_date.year
    elif (report_year := _report_year(text)) is not None:
        year = report_year
    else:
        books = _book_spans(text)
        for m in _iter_mentions(text, year=None, ref=None):
            if m.granularity in _CAL_GRANULARITIES and m.start is not None and not _inside(m.char_start, books):
                year = m.start.year
                break
    if year is None and ref is not None:
        year = ref.year
    anchor = doc_date or ref
    mentions = _scan(text, year=year, ref=anchor, nextyear=nxt)
    period = None
    if title:
        period = _period(_scan(title, year=year, ref=anchor), title)
    if period is None:
        body_start = text.find(title) + len(title) if title and title in text else 0
        h = lex.heading.search(text, body_start, timeout=_TIMEOUT)
        stop = min(h.start() if h else len(text), body_start + 600)
        period = _period([m for m in mentions if body_start <= m.char_start < stop
                          and not (m.granularity == "day" and m.start == doc_date)], text)
    return DateAnalysis(
        mentions=tuple(mentions),
        doc_date=doc_date,
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        year=year,
    )
