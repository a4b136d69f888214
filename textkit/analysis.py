"""One document from text (or a file) to a :class:`~textkit.records.DocumentResult`.

>>> r = analyze("工作小结\\n一、领导重视，组织有力\\n成立了领导小组。")
>>> r.info.title, [s.heading for s in r.sections]
('工作小结', ['领导重视，组织有力'])
"""

from __future__ import annotations

import errno
import hashlib
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .engine import Analysis, Engine, shared_engine
from .normalize import normalize, normalize_width
from .reading import SUPPORTED_SUFFIXES, Limits, RawDocument, read_path
from .records import DocumentInfo, DocumentResult
from .structure import bounded_lines

if TYPE_CHECKING:
    from spacy.language import Language


def analyze(
    source: str | Path,
    *,
    nlp: "Engine | Language | None" = None,
    doc_id: str | None = None,
    limits: Limits = Limits(),
) -> DocumentResult:
    """Analyse one document: a file (a ``Path``, or a string that names one), or text.

    A string is a path when it is one line without 。！？ and ends in a supported
    suffix (.txt .docx .html .pdf .doc …) or names an existing file; a path that does not exist
    raises ``FileNotFoundError``, never analyses the string.  Any other string is the document's
    text; :func:`analyze_text` says so explicitly.

    >>> analyze("工作小结\\n一、领导重视\\n成立了领导小组。").info.title
    '工作小结'
    >>> analyze("no_such_report.docx")
    Traceback (most recent call last):
    FileNotFoundError: [Errno 2] No such file or directory: 'no_such_report.docx'

    Args:
        source: the path of a document, or its text.
        nlp: an :class:`~textkit.engine.Engine` (the stages without spaCy; built once and reused when
            omitted) or a spaCy pipeline from :func:`textkit.load` (same records, through a Doc).
        doc_id: the id to give the document (default: the file name, or ``"text"``).
        limits: size limits applied when reading a file.
    """
    if isinstance(source, Path) or (isinstance(source, str) and looks_like_path(source)):
        path = Path(source)
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "a folder: textkit.extract reads folders, analyze one document", str(source))
        if not path.exists():
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(source))
        raw = read_path(path, limits=limits)
        return analyze_raw(raw, doc_id=doc_id or path.name, path=str(path), nlp=nlp)
    if not isinstance(source, str):
        raise TypeError(f"analyze takes a path or a text (str), not {type(source).__name__}")
    return analyze_text(source, nlp=nlp, doc_id=doc_id or "text")


def analyze_text(text: str, *, nlp: "Engine | Language | None" = None, doc_id: str = "text") -> DocumentResult:
    """Analyse ``text`` as a document (never read as a path).

    >>> [s.heading for s in analyze_text("一、领导重视，组织有力\\n成立了领导小组。").sections]
    ['领导重视，组织有力']
    """
    if not isinstance(text, str):
        raise TypeError(f"analyze_text takes a str, not {type(text).__name__}")
    raw = RawDocument(text, "str", "str", hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
                      len(text.encode("utf-8", "surrogatepass")))
    return analyze_raw(raw, doc_id=doc_id, path="", nlp=nlp)


_NOT_IN_PATHS = frozenset("\n\r。！？")  # line breaks and sentence ends: text, not a file name


def looks_like_path(value: str) -> bool:
    """Whether ``analyze`` reads the string ``value`` as a path (see :func:`analyze`).

    >>> looks_like_path("reports/2019.docx"), looks_like_path("召开会议8次。"), looks_like_path("一、总体情况\\n")
    (True, False, False)
    """
    if not value or len(value) > 4096 or any(c in _NOT_IN_PATHS for c in value):
        return False
    return value.lower().endswith(SUPPORTED_SUFFIXES) or os.path.exists(value)


def analyze_raw(raw: RawDocument, *, doc_id: str, path: str, nlp: "Engine | Language | None" = None) -> DocumentResult:
    """Analyse a document that has been read; offsets index ``raw.text``."""
    analysis_text = bounded_lines(normalize(raw.text))  # same length: every offset holds
    analysis = _run(analysis_text, nlp)
    structure = analysis.structure
    sections = analysis.sections
    dates, stats, ents = analysis.dates, analysis.statistics, analysis.entities
    if analysis_text != raw.text:  # record texts (and units) are the document's own characters
        dates = tuple(replace(d, text=raw.text[d.char_start : d.char_end]) for d in dates)
        stats = tuple(_as_written(s, analysis_text, raw.text) for s in stats)
        ents = tuple(replace(e, text=raw.text[e.char_start : e.char_end]) for e in ents)
        sections = tuple(_heading_as_written(s, analysis_text, raw.text) for s in sections)
    date_analysis = analysis.date_analysis
    title = ""
    if structure is not None and structure.title_span:
        title = raw.text[structure.title_span[0] : structure.title_span[1]]
    cov = _covariates(analysis_text, structure, sections, analysis.genre, date_analysis)
    info = DocumentInfo(
        doc_id=doc_id,
        path=path,
        sha256=raw.sha256,
        title=title,
        genre=analysis.genre,
        doc_number=structure.doc_number if structure else "",
        issuer=cov.issuer or (_issuer_as_written(structure, raw.text) if structure else ""),
        year=cov.year,
        region=cov.region,
        region_code=cov.region_code,
        admin_level=cov.admin_level,
        speaker=cov.speaker,
        doc_date=date_analysis.doc_date if date_analysis else None,
        period_start=date_analysis.period_start if date_analysis else None,
        period_end=date_analysis.period_end if date_analysis else None,
        encoding=raw.encoding,
        n_replaced=raw.n_replaced,
        n_chars=len(raw.text),
        n_sections=len(sections),
    )
    return DocumentResult(
        info=info,
        text=raw.text,
        sections=sections,
        entities=ents,
        dates=dates,
        statistics=stats,
        sentences=structure.sentences if structure else (),
    )


def _run(text: str, nlp) -> Analysis:
    """The stages on ``text``: by an Engine (the shared one when ``nlp`` is None) or through a spaCy Doc."""
    if nlp is None:
        nlp = shared_engine()
    if isinstance(nlp, Engine):
        return nlp.run(text)
    from .pipeline import analysis_of

    return analysis_of(nlp(text))


def _covariates(text: str, structure, sections, genre: str, date_analysis):
    """Year, region, level, issuer and speaker from the document's header (:mod:`textkit.covariates`)."""
    from .covariates import infer_covariates

    if structure is None:
        return infer_covariates(text, genre=genre, year=date_analysis.year if date_analysis else None)
    body_start = min((s.char_start for s in sections if s.number or s.heading), default=len(text))
    return infer_covariates(
        text, title=structure.title, title_span=structure.title_span, body_start=body_start, genre=genre,
        year=date_analysis.year if date_analysis else None, issuer=structure.issuer,
    )


def _as_written(stat, analysis_text: str, text: str):
    """A statistic whose text and unit are in the document's own script (個, not 个; but % for ％)."""
    span = analysis_text[stat.char_start : stat.char_end]
    unit = stat.unit
    i = span.rfind(unit) if unit else -1
    if i >= 0:
        unit = normalize_width(text[stat.char_start + i : stat.char_start + i + len(unit)])
    return replace(stat, text=text[stat.char_start : stat.char_end], unit=unit)


def _heading_as_written(section, analysis_text: str, text: str):
    """A section whose heading and number are the document's own characters (服務概況, not 服务概况)."""
    if not section.heading:
        return section
    i = analysis_text.find(section.heading, section.char_start, section.char_end)
    heading = text[i : i + len(section.heading)] if i >= 0 else section.heading
    number = text[section.char_start : section.char_start + len(section.number)] if section.number else ""
    return replace(section, heading=heading, number=number)


def _issuer_as_written(structure, text: str) -> str:
    """The issuer in the document's own characters (it is found in the signature block)."""
    if not structure.issuer or structure.signature_span is None:
        return structure.issuer
    start, end = structure.signature_span
    i = structure.signature.find(structure.issuer)
    return text[start + i : start + i + len(structure.issuer)] if i >= 0 else structure.issuer
