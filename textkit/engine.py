"""The stages of one document, without spaCy: one tagging pass shared by every extractor.

:class:`Engine` holds what the stages need (the segmenter, a user lexicon, the entity model, the
section model), built once; :meth:`Engine.run` runs the stages in pipeline order on one text and
returns an :class:`Analysis`.  The spaCy components of :mod:`textkit.pipeline` call the same stage
functions, so ``textkit.load()`` and the batch path give the same records.

>>> a = Engine().run("一、动员部署\\n3月13日，区经委召开动员大会，参加人数44人。")
>>> [s.heading for s in a.sections], [s.text for s in a.statistics]
(['动员部署'], ['44人'])
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from .dates import DateAnalysis
from .records import DateMention, Entity, Section, Statistic
from .structure import Structure
from .tokenizer import Tagging, load_segmenter, tag_text


@dataclass(frozen=True)
class Analysis:
    """What the stages found in one (analysis) text; every offset indexes ``text``."""

    text: str
    tagging: Tagging
    structure: Structure | None  # None (and the records empty) where a spaCy pipeline left a stage out
    sections: tuple[Section, ...]
    date_analysis: DateAnalysis | None
    statistics: tuple[Statistic, ...]
    candidates: tuple  # tuple[textkit.entities.Candidate, ...]
    entities: tuple[Entity, ...]
    genre: str

    @property
    def dates(self) -> tuple[DateMention, ...]:
        return tuple(self.date_analysis.mentions) if self.date_analysis else ()


def structure_stage(text: str) -> Structure:
    """Title, sections, signature and sentences (:func:`textkit.structure.find_structure`)."""
    from .structure import find_structure

    return find_structure(text)


def dates_stage(text: str, structure: Structure | None) -> DateAnalysis:
    """Dates and periods with the document's own year (:func:`textkit.dates.analyze_dates`)."""
    from .dates import analyze_dates

    return analyze_dates(text, title=structure.title if structure else "",
                         signature=structure.signature if structure else "")


def statistics_stage(text: str, tagging: Tagging, dates: Sequence[DateMention]) -> tuple[Statistic, ...]:
    """Numeric statistics, dates excluded (:func:`textkit.statistics.find_statistics`)."""
    from .statistics import find_statistics

    exclude = [(d.char_start, d.char_end) for d in dates]
    return tuple(find_statistics(text, exclude=exclude, tagging=tagging))


def entities_stage(text: str, tagging: Tagging, *, lexicon=None, model=None) -> tuple[tuple, tuple[Entity, ...]]:
    """Every entity candidate and the resolved entities (:func:`textkit.entities.analyze_entities`)."""
    from .entities import analyze_entities

    candidates, entities = analyze_entities(text, lexicon=lexicon, tagging=tagging, model=model)
    return tuple(candidates), tuple(entities)


def sections_stage(text: str, structure: Structure | None, sections: Sequence[Section], *, model=None
                   ) -> tuple[tuple[Section, ...], str]:
    """The labelled sections and the document's genre (:mod:`textkit.classify`)."""
    from .classify import classify_genre, label_sections

    labelled = tuple(label_sections(text, sections, model=model))
    return labelled, classify_genre(text, title=structure.title if structure else "")


def stat_context_stage(
    text: str, tagging: Tagging, statistics: Sequence[Statistic], *, structure: Structure | None,
    sections: Sequence[Section], date_analysis: DateAnalysis | None, genre: str,
) -> tuple[Statistic, ...]:
    """Kind and period of every statistic from the whole document: its year, genre and sections
    (:func:`textkit.statistics.assign_kinds_and_periods`; runs after the other stages)."""
    from .classify import classify_genre
    from .statistics import DocumentContext, assign_kinds_and_periods

    if not statistics:
        return tuple(statistics)
    context = DocumentContext(
        year=date_analysis.year if date_analysis else None,
        genre=genre or classify_genre(text, title=structure.title if structure else ""),
        sections=tuple(sections),
        dates=tuple(date_analysis.mentions) if date_analysis else (),
        period_start=date_analysis.period_start if date_analysis else None,
        period_end=date_analysis.period_end if date_analysis else None,
    )
    return tuple(assign_kinds_and_periods(statistics, text, context, tagging=tagging))


class Engine:
    """The resources of textkit's stages, loaded once, and the stages in pipeline order.

    Args:
        backend: the segmenter, ``"rjieba"`` (default) or ``"jieba"``.
        lexicon: paths of user lexicon files for people, bodies and companies.
        model: path of a section-classifier model (default: the packaged one).
    """

    def __init__(self, backend: str = "rjieba", lexicon: Sequence[str] = (), model: str | None = None) -> None:
        from .classify import load_section_model
        from .entities import entity_model, load_lexicon

        self.segmenter = load_segmenter(backend)
        self.lexicon = load_lexicon(list(lexicon)) if lexicon else None
        self.entity_model = entity_model("default")  # the shipped model (None: rules only)
        self.section_model = load_section_model(model)

    def tag(self, text: str) -> Tagging:
        """The document's one segmentation and tagging pass."""
        return tag_text(text, self.segmenter)

    def run(self, text: str) -> Analysis:
        """Every stage on ``text``, in the order of :data:`textkit.pipeline.STAGES`."""
        tagging = self.tag(text)
        structure = structure_stage(text)
        date_analysis = dates_stage(text, structure)
        statistics = statistics_stage(text, tagging, date_analysis.mentions)
        candidates, entities = entities_stage(text, tagging, lexicon=self.lexicon, model=self.entity_model)
        sections, genre = sections_stage(text, structure, structure.sections, model=self.section_model)
        statistics = stat_context_stage(text, tagging, statistics, structure=structure, sections=sections,
                                        date_analysis=date_analysis, genre=genre)
        return Analysis(text, tagging, structure, sections, date_analysis, statistics, candidates, entities, genre)


@functools.cache
def shared_engine(backend: str = "rjieba", lexicon: tuple[str, ...] = (), model: str | None = None) -> Engine:
    """The engine for these options, built once per process (``analyze``, ``extract`` and batch workers share it)."""
    return Engine(backend=backend, lexicon=lexicon, model=model)
