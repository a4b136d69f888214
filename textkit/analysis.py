"""One document from text (or a file) to a :class:`~textkit.records.DocumentResult`.

>>> r = analyze("工作小结\\n一、领导重视，组织有力\\n成立了领导小组。")
>>> r.info.title, [s.heading for s in r.sections]
('工作小结', ['领导重视，组织有力'])
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from spacy.language import Language

from .normalize import normalize, normalize_width
from .reading import SUPPORTED_SUFFIXES, Limits, RawDocument, read_path
from .records import DocumentInfo, DocumentResult
from .structure import bounded_lines


def analyze(
    text_or_path: str | Path,
    *,
    nlp: Language | None = None,
    doc_id: str | None = None,
    limits: Limits = Limits(),
) -> DocumentResult:
    """Analyse a document given as text, or as a path (a ``Path``, or a string naming an existing file).

    Args:
        text_or_path: the document text, or the path of a .txt/.docx/.html/.pdf/.doc file.
        nlp: a pipeline from :func:`textkit.load` (built once and reused when omitted).
        doc_id: the id to give the document (default: the file name, or ``"text"``).
        limits: size limits applied when reading a file.
    """
    if isinstance(text_or_path, Path) or _names_file(text_or_path):
        path = Path(text_or_path)
        raw = read_path(path, limits=limits)
        return analyze_raw(raw, doc_id=doc_id or path.name, path=str(path), nlp=nlp)
    text = str(text_or_path)
    raw = RawDocument(text, "str", "str", hashlib.sha256(text.encode("utf-8")).hexdigest(), len(text.encode("utf-8")))
    return analyze_raw(raw, doc_id=doc_id or "text", path="", nlp=nlp)


def _names_file(value: str) -> bool:
    return len(value) < 1024 and "\n" not in value and value.lower().endswith(SUPPORTED_SUFFIXES) and Path(value).is_file()


def analyze_raw(raw: RawDocument, *, doc_id: str, path: str, nlp: Language | None = None) -> DocumentResult:
    """Analyse a document that has been read; offsets index ``raw.text``."""
    if nlp is None:
        from .pipeline import shared_pipeline

        nlp = shared_pipeline()
    analysis_text = bounded_lines(normalize(raw.text))  # same length: every offset holds
    doc = nlp(analysis_text)
    structure = doc._.tk_structure
    sections = tuple(doc._.tk_sections)
    dates, stats, ents = tuple(doc._.tk_dates), tuple(doc._.tk_statistics), tuple(doc._.tk_entities)
    if analysis_text != raw.text:  # record texts (and units) are the document's own characters
        dates = tuple(replace(d, text=raw.text[d.char_start : d.char_end]) for d in dates)
        stats = tuple(_as_written(s, analysis_text, raw.text) for s in stats)
        ents = tuple(replace(e, text=raw.text[e.char_start : e.char_end]) for e in ents)
        sections = tuple(_heading_as_written(s, analysis_text, raw.text) for s in sections)
    date_analysis = doc._.tk_date_analysis
    title = ""
    if structure is not None and structure.title_span:
        title = raw.text[structure.title_span[0] : structure.title_span[1]]
    info = DocumentInfo(
        doc_id=doc_id,
        path=path,
        sha256=raw.sha256,
        title=title,
        genre=doc._.tk_genre,
        doc_number=structure.doc_number if structure else "",
        issuer=_issuer_as_written(structure, raw.text) if structure else "",
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
