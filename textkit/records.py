"""Typed records that textkit's extractors return.

Every record is a frozen dataclass whose ``char_start``/``char_end`` are
half-open offsets into the document text *as decoded* (the text ``extract``
writes to ``OUTDIR/texts/<doc_id>.txt``), so that
``document[r.char_start:r.char_end] == r.text`` for every record that has a
``text`` field.  Records know nothing of document ids or output formats:
:mod:`textkit.tables` turns them into rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Section:
    """One section of a document: the preamble, a numbered part, or the distribution footer.

    ``char_start``/``char_end`` cover the heading line and the body, sub-sections
    included.  ``heading`` is the text after the number (``一、领导重视，组织有力``
    → number ``一、``, heading ``领导重视，组织有力``); it is empty for the preamble.
    ``body_start`` is where the text after the heading begins.
    """

    section_id: str
    parent_id: str
    level: int
    number: str
    heading: str
    char_start: int
    char_end: int
    body_start: int
    label: str = ""
    label_group: str = ""
    label_score: float | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """A named person, organisation, place or work (``徐斌``, ``区经委``, ``《实施方案》``).

    ``label`` is one of PERSON, ORG_GOV, ORG_COMPANY, ORG_OTHER, LOC, WORK.
    ``roles`` holds, for a PERSON, the titles written next to this mention
    (``("区经委主任", "党组副书记")``); ``canonical`` the fullest name the
    document uses for the same referent.  ``rule`` names the rule, model or
    document-level pass that proposed it (``gov_level``, ``person_title_before``,
    ``model``, ``propagated`` …) and ``score`` its confidence in [0, 1].
    """

    label: str
    text: str
    char_start: int
    char_end: int
    canonical: str = ""
    roles: tuple[str, ...] = ()
    rule: str = ""
    score: float | None = None


@dataclass(frozen=True, slots=True)
class DateMention:
    """A calendar expression and the interval it denotes.

    ``2009年3月中旬`` → start 2009-03-11, end 2009-03-20, granularity ``xun``.
    ``granularity`` is day, xun, month, quarter, half, year, relative or period;
    ``start``/``end`` are ``None`` when the expression cannot be resolved.
    """

    text: str
    char_start: int
    char_end: int
    start: dt.date | None
    end: dt.date | None
    granularity: str


@dataclass(frozen=True, slots=True)
class Statistic:
    """A quantity stated as a fact: ``召开座谈会8次`` → indicator 座谈会, value 8, unit 次.

    ``text`` spans the qualifier, number and unit (``约8次``, ``13.9亿元``).
    ``value`` is exact (``Decimal``) and unsigned, with 万/亿 folded in;
    ``value_max`` is the upper end of a range or ``None``.
    ``kind`` is ``actual``, ``target``, ``estimate`` (预计全年…) or ``plan`` (a multi-year target:
    今后五年年均增长…, “十五五”期间…); ``period_start``/``period_end`` bound the period the figure
    describes (a government work report of 2018: actuals 2017, targets 2018), ``None`` when unknown.
    """

    text: str
    char_start: int
    char_end: int
    value: Decimal
    unit: str
    indicator: str = ""
    metric: str = ""
    value_max: Decimal | None = None
    qualifier: str = ""
    change: str = ""
    kind: str = "actual"
    period_start: dt.date | None = None
    period_end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What is known of a document as a whole: one row of the ``documents`` table.

    ``year``, ``region``, ``region_code``, ``admin_level`` and ``speaker`` are the covariates of
    :mod:`textkit.covariates`; ``metadata`` holds a user sheet's other columns as a JSON object.
    """

    doc_id: str
    path: str
    sha256: str = ""
    title: str = ""
    genre: str = ""
    doc_number: str = ""
    issuer: str = ""
    doc_date: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    encoding: str = ""
    n_replaced: int = 0  # characters a lossy decoding replaced with U+FFFD
    n_chars: int = 0
    n_sections: int = 0
    status: str = "ok"
    error: str = ""
    year: int | None = None
    region: str = ""
    region_code: str = ""
    admin_level: str = ""
    speaker: str = ""
    metadata: str = ""


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """An input that could not be processed, and why (one row of ``errors``)."""

    path: str
    error_type: str
    message: str


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """Everything textkit found in one document.

    ``text`` is the document as decoded; every offset in the records indexes it.
    ``sentences`` are the ``(start, end)`` spans of its sentences.
    """

    info: DocumentInfo
    text: str
    sections: tuple[Section, ...] = ()
    entities: tuple[Entity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    statistics: tuple[Statistic, ...] = ()
    sentences: tuple[tuple[int, int], ...] = field(default=(), repr=False)
