"""The spaCy pipeline: textkit's tokenizer and one registered component per stage.

>>> nlp = load()
>>> doc = nlp("一、动员部署\\n3月13日，区经委召开动员大会，参加人数44人。")
>>> [s.text for s in doc.spans["tk_statistics"]]            # doctest: +SKIP
['44人']

Every component calls a pure extractor on ``doc.text`` and stores its records
on the Doc: ``doc._.tk_<stage>`` holds the typed records, ``doc.spans[...]`` and
``doc.ents`` hold their spans for displaCy, each exactly a record's characters: a
word of the tagging that a record starts or ends inside is split into pieces there
first (:func:`split_tokens_at`; a component that splits returns a new Doc, which
``nlp(text)`` hands on).  All registrations live in this module under namespaced,
versioned names.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import importlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal

import numpy as np
import spacy
from spacy.attrs import ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE, IDX, LENGTH, POS, SENT_START, SPACY, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import filter_spans

from .tokenizer import Tagging, load_segmenter, tag_text

STAGES = (
    "textkit_structure", "textkit_dates", "textkit_statistics", "textkit_entities", "textkit_sections",
    "textkit_stat_context",
)
_EXTENSIONS = {
    "tk_structure": None,  # textkit.structure.Structure
    "tk_sections": (),  # tuple[Section, ...], labelled once textkit_sections ran
    "tk_dates": (),  # tuple[DateMention, ...]
    "tk_date_analysis": None,  # textkit.dates.DateAnalysis
    "tk_statistics": (),  # tuple[Statistic, ...]
    "tk_entities": (),  # tuple[Entity, ...]
    "tk_genre": "",
}
# displaCy colours for textkit's labels (the colours of report.html):
# displacy.render(doc, style="ent", options=textkit.DISPLACY_OPTIONS), or style="span" with a spans_key
DISPLACY_OPTIONS: dict = {
    "ents": ["PERSON", "ORG_GOV", "ORG_COMPANY", "ORG_OTHER", "LOC", "WORK"],
    "colors": {
        "PERSON": "#ffe08a", "ORG_GOV": "#b9dcff", "ORG_COMPANY": "#c9f0c1", "ORG_OTHER": "#e3d4ff",
        "LOC": "#ffd6e0", "WORK": "#f0e2c8", "DATE": "#ffd3a8", "STAT": "#a8eadf",
        "H1": "#d9d9d9", "H2": "#e6e6e6", "H3": "#f0f0f0", "H4": "#f5f5f5",
    },
}


def _extension(name: str, default):
    """Getter and setter of a ``tk_`` extension: the value lives in ``doc.user_data[name]``.

    The records are frozen dataclasses, which :func:`register_extensions` teaches srsly's
    msgpack to write, so ``DocBin(store_user_data=True)`` and ``Doc.to_bytes`` keep them; a
    tuple read back as a list is a tuple again.
    """

    def get(doc: Doc):
        value = doc.user_data.get(name, default)
        return tuple(value) if isinstance(value, list) else value

    def set_(doc: Doc, value) -> None:
        doc.user_data[name] = value

    return get, set_


def register_extensions() -> None:
    """Register textkit's ``tk_`` Doc extensions and the msgpack codec of its records (idempotent)."""
    for name, default in _EXTENSIONS.items():
        if not Doc.has_extension(name):
            getter, setter = _extension(name, default)
            Doc.set_extension(name, getter=getter, setter=setter)
    import srsly

    srsly.msgpack_encoders.register("textkit_records", func=_encode)
    srsly.msgpack_decoders.register("textkit_records", func=_decode)


_RECORD = "__textkit__"


def _plain(value):
    """A record (or a value inside one) as msgpack data: dataclasses, tuples, dates and Decimals marked."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = type(value)
        return {_RECORD: f"{kind.__module__}:{kind.__qualname__}",
                "fields": {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, tuple):
        return {_RECORD: "tuple", "items": [_plain(v) for v in value]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return {_RECORD: "decimal", "value": str(value)}
    if isinstance(value, dt.date):
        return {_RECORD: "datetime" if isinstance(value, dt.datetime) else "date", "value": value.isoformat()}
    return value


def _encode(obj, chain=None):
    if (dataclasses.is_dataclass(obj) and not isinstance(obj, type)) or isinstance(obj, (Decimal, dt.date)):
        return _plain(obj)
    return obj if chain is None else chain(obj)


_RECORD_NAME = re.compile(r"textkit(?:\.\w+)*:\w+")


def _decode(obj, chain=None):
    kind = obj.get(_RECORD) if isinstance(obj, dict) else None
    if kind is None:
        return obj if chain is None else chain(obj)
    if kind == "tuple":
        return tuple(obj["items"])
    if kind == "decimal":
        return Decimal(obj["value"])
    if kind in ("date", "datetime"):
        return (dt.datetime if kind == "datetime" else dt.date).fromisoformat(obj["value"])
    if not _RECORD_NAME.fullmatch(kind):  # only textkit's own dataclasses are ever built
        return obj
    module, _, name = kind.partition(":")
    cls = getattr(importlib.import_module(module), name, None)
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        return obj
    return cls(**obj["fields"])


# jieba's part-of-speech tags (first letter) as Universal POS, for ``token.pos_``
_UPOS = {
    "a": "ADJ", "b": "ADJ", "c": "CCONJ", "d": "ADV", "e": "INTJ", "f": "NOUN", "h": "PART", "i": "NOUN",
    "j": "PROPN", "k": "PART", "l": "NOUN", "m": "NUM", "n": "NOUN", "o": "INTJ", "p": "ADP", "q": "NOUN",
    "r": "PRON", "s": "NOUN", "t": "NOUN", "u": "PART", "v": "VERB", "w": "PUNCT", "x": "X", "y": "PART",
    "z": "ADJ",
}
_UPOS_EXACT = {"nr": "PROPN", "ns": "PROPN", "nt": "PROPN", "nz": "PROPN", "nrt": "PROPN", "nrfg": "PROPN", "eng": "X"}


def _upos(tag: str, word: str) -> str:
    if word.isspace():
        return "SPACE"
    if all(unicodedata.category(c)[0] in "PS" for c in word):
        return "PUNCT"
    if not tag:
        return "X"
    return _UPOS_EXACT.get(tag) or _UPOS.get(tag[0], "X")


class TextkitTokenizer:
    """A spaCy tokenizer over textkit's own jieba instance (``backend`` jieba or rjieba).

    It runs the document's one segmentation and tagging pass: tokens carry jieba's tag in
    ``token.tag_`` (``nr``, ``ns``, ``v`` …) and its Universal POS in ``token.pos_``, and the
    :class:`~textkit.tokenizer.Tagging` every extractor reads is kept in ``doc.user_data["tk_tagging"]``
    (the components may split a token where a record's edge falls inside it; the tagging stays as cut).
    """

    def __init__(self, vocab, backend: str = "rjieba") -> None:
        self.vocab = vocab
        self.backend = backend
        self.segmenter = load_segmenter(backend)

    def __call__(self, text: str) -> Doc:
        tagging = tag_text(text, self.segmenter)
        words = [tagging.word(i) for i in range(len(tagging))]
        tags = [t or "x" for t in tagging.tags]
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words), tags=tags,
                  pos=[_upos(t, w) for t, w in zip(tagging.tags, words)])
        doc.user_data["tk_text"] = text  # Doc.text re-joins every token: keep the string
        doc.user_data["tk_tagging"] = tagging
        return doc


@spacy.registry.tokenizers("textkit.JiebaTokenizer.v1")
def create_tokenizer(backend: str = "rjieba"):
    def make(nlp: Language) -> TextkitTokenizer:
        return TextkitTokenizer(nlp.vocab, backend)

    return make


def _text(doc: Doc) -> str:
    """The Doc's text, without re-joining its tokens when the tokenizer kept it."""
    return doc.user_data.get("tk_text") or doc.text


def tagging_of(doc: Doc) -> Tagging:
    """The document's one tagging pass (made by :class:`TextkitTokenizer`, or rebuilt from the tokens)."""
    tagging = doc.user_data.get("tk_tagging")
    if tagging is None:
        tagging = Tagging(doc.text, tuple(t.idx for t in doc), tuple(t.tag_ for t in doc))
        doc.user_data["tk_tagging"] = tagging
    return tagging


def analysis_of(doc: Doc):
    """The :class:`~textkit.engine.Analysis` a Doc of :func:`load` carries (stages not run are empty)."""
    from .engine import Analysis

    return Analysis(
        text=_text(doc), tagging=tagging_of(doc), structure=doc._.tk_structure, sections=tuple(doc._.tk_sections),
        date_analysis=doc._.tk_date_analysis, statistics=tuple(doc._.tk_statistics),
        candidates=(), entities=tuple(doc._.tk_entities), genre=doc._.tk_genre,
    )


def split_tokens_at(doc: Doc, offsets: Iterable[int]) -> Doc:
    """``doc`` with a token boundary at every character offset of ``offsets``: itself when each one
    already is, else a new Doc in which every token an offset falls inside is split there.

    The pieces of a word keep its tag (``token.tag_``) and take their Universal POS from it, the
    first piece keeps its sentence start (the others start none); user data (the records, the
    tagging, span extension values), span groups and entities carry over.  One pass over the
    tokens, however many offsets (``Retokenizer.split`` moves the whole Doc once per split, gives
    the pieces after the first their neighbours' tags and leaves span groups on the old tokens).
    """
    cuts = np.unique(np.fromiter(offsets, dtype=np.int64))
    if not len(doc) or not len(cuts):
        return doc
    array = doc.to_array([IDX, LENGTH, SPACY])
    starts = array[:, 0].astype(np.int64)
    ends = starts + array[:, 1].astype(np.int64)
    owner = np.searchsorted(starts, cuts, side="right") - 1
    inside = (owner >= 0) & (cuts > starts[owner.clip(0)]) & (cuts < ends[owner.clip(0)])
    cuts = cuts[inside]
    if not len(cuts):
        return doc
    piece_starts = np.union1d(starts, cuts)
    piece_owner = np.searchsorted(starts, piece_starts, side="right") - 1
    last = np.append(piece_owner[1:] != piece_owner[:-1], True)  # the last piece of its token
    piece_ends = np.where(last, ends[piece_owner], np.append(piece_starts[1:], 0))
    text = _text(doc)
    words = [text[a:b] for a, b in zip(piece_starts.tolist(), piece_ends.tolist())]
    spaces = np.where(last, array[piece_owner, 2], 0).astype(bool).tolist()
    new = Doc(doc.vocab, words=words, spaces=spaces)
    first = piece_starts == starts[piece_owner]  # the first piece of its token
    attrs = [a for a, name in ((TAG, "TAG"), (POS, "POS"), (SENT_START, "SENT_START")) if doc.has_annotation(name)]
    if doc.has_annotation("ENT_IOB"):  # entities by their token attributes: reading doc.ents walks every token
        attrs += [ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID]
    if attrs:
        values = doc.to_array(attrs).astype(np.int64)[piece_owner]
        if SENT_START in attrs:
            column = values[:, attrs.index(SENT_START)]
            values[:, attrs.index(SENT_START)] = np.where(first, column, -1)
        if ENT_IOB in attrs:  # a piece after the first continues its word's entity (I), or stays outside
            column = values[:, attrs.index(ENT_IOB)]
            values[:, attrs.index(ENT_IOB)] = np.where(~first & np.isin(column, (1, 3)), 1, column)
        new.from_array(attrs, values.astype(np.uint64))
    if doc.has_annotation("POS"):
        for i in np.flatnonzero(~(first & last)).tolist():  # the pieces: their own POS from the word's tag
            new[i].pos_ = _upos(new[i].tag_, new[i].text)
    new.user_data = dict(doc.user_data)
    new.cats = dict(doc.cats)
    index = np.append(np.searchsorted(piece_starts, starts), len(new))  # old token i -> new token index[i]

    def moved(span: Span) -> Span:
        return Span(new, int(index[span.start]), int(index[span.end]), label=span.label, kb_id=span.kb_id,
                    span_id=span.id)

    for key, group in doc.spans.items():
        new.spans[key] = SpanGroup(new, name=group.name, attrs=dict(group.attrs), spans=[moved(s) for s in group])
    return new


def _edges(pairs: Iterable[tuple[int, int]]) -> Iterable[int]:
    """Both edges of every non-empty ``(start, end)``."""
    for start, end in pairs:
        if start < end:
            yield start
            yield end


def _exact_span(doc: Doc, start: int, end: int, **kwargs) -> Span | None:
    """The span of exactly ``[start, end)`` (None when empty); its edges must be token boundaries
    (:func:`split_tokens_at`)."""
    if start >= end:
        return None
    span = doc.char_span(start, end, alignment_mode="strict", **kwargs)
    if span is None:
        raise ValueError(f"characters {start}-{end} are not token-aligned: split the tokens there first")
    return span


def _record_spans(doc: Doc, key: str, records, label_of) -> Doc:
    """``doc`` (split where a record's edge falls inside a token) with ``doc.spans[key]`` = the records."""
    doc = split_tokens_at(doc, _edges((r.char_start, r.char_end) for r in records))
    doc.spans[key] = [span for r in records
                      if (span := _exact_span(doc, r.char_start, r.char_end, label=label_of(r))) is not None]
    return doc


def _set_sentences(doc: Doc, sentences: Sequence[tuple[int, int]]) -> None:
    """Sentence starts from the structure stage's sentences, so ``doc.sents`` works (no parser needed)."""
    if not len(doc):
        return
    token_starts = doc.to_array("IDX").astype(np.int64)
    flags = np.full(len(doc), -1, dtype=np.int64)  # -1: not a sentence start
    starts = np.searchsorted(token_starts, [a for a, _ in sentences], side="right") - 1
    flags[starts[starts >= 0]] = 1
    flags[0] = 1
    doc.from_array([SENT_START], flags.astype(np.uint64).reshape(-1, 1))


@Language.component("textkit_structure", assigns=["doc._.tk_structure", "doc._.tk_sections", "doc.spans", "token.is_sent_start"])
def structure_component(doc: Doc) -> Doc:
    """Title, sections, signature and sentences (:func:`textkit.engine.structure_stage`)."""
    from .engine import structure_stage

    structure = structure_stage(_text(doc))
    doc._.tk_structure = structure
    doc._.tk_sections = structure.sections
    _set_sentences(doc, structure.sentences)
    return _record_spans(
        doc, "tk_headings",
        [replace(s, char_end=max(s.body_start, s.char_start)) for s in structure.sections if s.heading],
        lambda s: f"H{s.level}",
    )


@Language.component("textkit_dates", requires=["doc._.tk_structure"], assigns=["doc._.tk_dates", "doc.spans"])
def dates_component(doc: Doc) -> Doc:
    """Dates and periods with the document's own year (:func:`textkit.engine.dates_stage`)."""
    from .engine import dates_stage

    analysis = dates_stage(_text(doc), doc._.tk_structure)
    doc._.tk_date_analysis = analysis
    doc._.tk_dates = analysis.mentions
    return _record_spans(doc, "tk_dates", analysis.mentions, lambda d: "DATE")


@Language.component("textkit_statistics", assigns=["doc._.tk_statistics", "doc.spans"])
def statistics_component(doc: Doc) -> Doc:
    """Numeric statistics, dates excluded (:func:`textkit.engine.statistics_stage`)."""
    from .engine import statistics_stage

    stats = statistics_stage(_text(doc), tagging_of(doc), doc._.tk_dates)
    doc._.tk_statistics = stats
    return _record_spans(doc, "tk_statistics", stats, lambda s: "STAT")


@Language.component("textkit_stat_context", requires=["doc._.tk_statistics"], assigns=["doc._.tk_statistics"])
def stat_context_component(doc: Doc) -> Doc:
    """Kind and period of every statistic from the whole document (:func:`textkit.engine.stat_context_stage`)."""
    from .engine import stat_context_stage

    doc._.tk_statistics = stat_context_stage(
        _text(doc), tagging_of(doc), doc._.tk_statistics, structure=doc._.tk_structure,
        sections=doc._.tk_sections, date_analysis=doc._.tk_date_analysis, genre=doc._.tk_genre,
    )
    return doc


class EntityComponent:
    """People, organisations, places and works (:mod:`textkit.entities`) → ``doc.ents``.

    Reads the document's one tagging pass; writes every candidate the rules and the model proposed
    to ``doc.spans["tk_entity_candidates"]`` (label = entity label, ``span._.tk_rule`` and
    ``span._.tk_score`` = who proposed it and how sure it is) and the resolved entities to
    ``doc._.tk_entities``, ``doc.spans["tk_entities"]`` and ``doc.ents`` (``ent.kb_id_`` = the
    canonical name).
    """

    def __init__(self, nlp: Language, name: str, *, lexicon: Sequence[str] = ()) -> None:
        from .entities import entity_model, load_lexicon

        self.name = name
        self.lexicon = load_lexicon(list(lexicon)) if lexicon else None
        self.model = entity_model("default")  # the shipped model, loaded once (None: rules only)
        for ext in ("tk_rule", "tk_score"):
            if not Span.has_extension(ext):
                Span.set_extension(ext, default=None)

    def __call__(self, doc: Doc) -> Doc:
        from .engine import entities_stage

        candidates, entities = entities_stage(_text(doc), tagging_of(doc), lexicon=self.lexicon, model=self.model)
        doc._.tk_entities = entities
        doc = split_tokens_at(doc, _edges([*((c.start, c.end) for c in candidates),
                                           *((e.char_start, e.char_end) for e in entities)]))
        cand_spans = []
        for c in candidates:
            span = _exact_span(doc, c.start, c.end, label=c.label)
            if span is not None:
                span._.tk_rule, span._.tk_score = c.rule, c.score
                cand_spans.append(span)
        doc.spans["tk_entity_candidates"] = cand_spans
        spans = []
        for e in entities:
            span = _exact_span(doc, e.char_start, e.char_end, label=e.label, kb_id=e.canonical or e.text)
            if span is not None:
                span._.tk_rule, span._.tk_score = e.rule, e.score
                spans.append(span)
        doc.spans["tk_entities"] = spans
        doc.ents = filter_spans(spans)
        return doc


@Language.factory(
    "textkit_entities", default_config={"lexicon": []}, assigns=["doc.ents", "doc._.tk_entities", "doc.spans"]
)
def make_entity_component(nlp: Language, name: str, lexicon: list[str]) -> EntityComponent:
    return EntityComponent(nlp, name, lexicon=lexicon)


class SectionLabeller:
    """Section labels and the document genre (:mod:`textkit.classify`); the model loads once, here."""

    def __init__(self, nlp: Language, name: str, *, model: str | None = None) -> None:
        from .classify import load_section_model

        self.name = name
        self.model = load_section_model(model)

    def __call__(self, doc: Doc) -> Doc:
        from .engine import sections_stage

        doc._.tk_sections, doc._.tk_genre = sections_stage(_text(doc), doc._.tk_structure, doc._.tk_sections,
                                                           model=self.model)
        return doc


@Language.factory(
    "textkit_sections", default_config={"model": None}, requires=["doc._.tk_sections"], assigns=["doc._.tk_sections"]
)
def make_section_labeller(nlp: Language, name: str, model: str | None) -> SectionLabeller:
    return SectionLabeller(nlp, name, model=model)


def load(
    *,
    backend: str = "rjieba",
    stages: Sequence[str] = STAGES,
    lexicon: Sequence[str] = (),
    model: str | None = None,
) -> Language:
    """A spaCy ``Language`` for Chinese work summaries with textkit's tokenizer and stages.

    Args:
        backend: the segmenter, ``"rjieba"`` (jieba in Rust with textkit's dictionary, the
            default) or ``"jieba"`` (textkit's own ``jieba.Tokenizer`` instance, same cuts, slower).
        stages: the components to add, in pipeline order (a subset of :data:`STAGES`).
        lexicon: paths of user lexicon files for people, bodies and companies.
        model: path of a section-classifier model (default: ``models/sections.skops``).
    """
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        raise ValueError(f"unknown stages {unknown}; expected a subset of {STAGES}")
    register_extensions()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "textkit.JiebaTokenizer.v1", "backend": backend}}})
    nlp.max_length = 10**9  # textkit's own limit is Limits.max_chars, checked when a document is read
    for stage in STAGES:
        if stage not in stages:
            continue
        if stage == "textkit_entities":
            nlp.add_pipe(stage, config={"lexicon": [str(p) for p in lexicon]})
        elif stage == "textkit_sections":
            nlp.add_pipe(stage, config={"model": None if model is None else str(model)})
        else:
            nlp.add_pipe(stage)
    return nlp


@functools.cache
def shared_pipeline(backend: str = "rjieba", lexicon: tuple[str, ...] = (), model: str | None = None) -> Language:
    """The pipeline for these options, built once per process (``analyze``, ``extract`` and batch workers share it)."""
    return load(backend=backend, lexicon=lexicon, model=model)
