"""Named entities of work-summary documents: people with their titles, and organisations told apart.

:func:`find_entities` returns :class:`~textkit.records.Entity` records labelled

- ``PERSON``       徐斌 (roles ``("区经委主任", "党组副书记")`` in ``区经委主任、党组副书记徐斌``)
- ``ORG_GOV``      区委, 区经委, 街道党工委, 国务院审改办, 市国资委, 区经委党组, 省委第三巡察组
- ``ORG_COMPANY``  上海百特医疗用品有限公司, 河北港口集团, 武汉卷烟厂, 中国农业银行, 华源矿业
- ``ORG_OTHER``    领导小组, 教工党支部, 杭州师范大学, 人民日报 (associations, schools, hospitals,
  branches inside institutions, leading groups, news outlets)
- ``LOC``          河北省, 上海
- ``WORK``         the title inside 《》, without the brackets; a leading issuing body is an ORG_GOV of
  its own and the WORK's ``canonical`` is the whole title.

How it works — extractors propose, resolution decides:

1. one :class:`~textkit.entities.context.Context` per document from the document's one tagging pass
   (``tagging``; made here only when the caller has none);
2. every rule of :mod:`textkit.entities.rules` (one pure function each) and the statistical model
   (:mod:`textkit.entities.model`, when it is installed) propose
   :class:`~textkit.entities.candidates.Candidate` spans with a rule name and a score
   (:func:`find_candidates` returns them all);
3. :func:`~textkit.entities.candidates.resolve` keeps the best non-overlapping ones (score, then
   length, then offset: never the order the rules ran in);
4. document-level passes (:mod:`textkit.entities.document`): short company names, propagation (once a
   name, a name everywhere), 、-list completion, slogans, then roles and canonical names
   (:mod:`textkit.entities.canonical`: 区经委 → 金山区经济委员会).

Lexicons are data in ``textkit/resources/ent_*``; users add their own with :func:`load_lexicon`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from ..records import Entity
from ..tokenizer import Segmenter, Tagging, tag_text
from . import document as _document
from . import learned as _learned
from . import rules as _rules
from .candidates import Candidate, offset_key, resolve
from .canonical import canonicals
from .context import Context
from .lexicons import LABELS, Lexicon, load_lexicon, resources

__all__ = ["LABELS", "Candidate", "Entity", "Lexicon", "analyze_entities", "entity_model", "find_candidates", "find_entities", "load_lexicon"]


def _check(text: object, lexicon: object) -> None:
    if not isinstance(text, str):
        raise ValueError(f"text must be str, not {type(text).__name__}")
    if lexicon is not None and not isinstance(lexicon, Lexicon):
        raise ValueError("lexicon must be a textkit.entities.Lexicon (see load_lexicon)")


def _context(text: str, tagging: Tagging | None, segmenter: Segmenter | None) -> Context:
    if tagging is None or tagging.text != text:
        tagging = tag_text(text, segmenter)
    return Context(text, tagging, resources())


def entity_model(model="default"):
    """The model to use: ``"default"`` the shipped one (none when textkit has no model module), a path,
    an ``EntityModel``, or ``None`` for rules only."""
    if model is None or model is False:
        return None
    if model == "default":
        try:
            from .model import load_entity_model
        except ImportError:  # pragma: no cover - a textkit without the model module
            return None
        return load_entity_model()
    if isinstance(model, (str, os.PathLike)):
        from .model import load_entity_model

        return load_entity_model(model)
    return model


def _candidates(ctx: Context, lexicon: Lexicon | None, model=None) -> tuple[list[Candidate], list[Candidate]]:
    """``(candidates, weak)``: the rules' and the sure model spans, and the model spans kept for context."""
    out = list(_rules.user_lexicon(ctx, lexicon))
    for rule in _rules.RULES:
        out.extend(rule(ctx))
    weak: list[Candidate] = []
    m = entity_model(model)
    if m is not None:
        known = [(c.start, c.end) for c in out if c.label == "PERSON"]
        spans = m.predict(ctx.text, ctx.tagging, windows=_learned.windows(ctx, known=known))
        sure, weak = _learned.model_candidates(ctx, spans)
        have = {(c.start, c.end, c.label) for c in out}  # a rule's span stays the rule's
        out.extend(c for c in sure if (c.start, c.end, c.label) not in have)
        weak = [c for c in weak if (c.start, c.end, c.label) not in have]
    return out, weak


def find_candidates(text: str, *, lexicon: Lexicon | None = None, tagging: Tagging | None = None,
                    segmenter: Segmenter | None = None, model="default") -> list[Candidate]:
    """Every candidate the rules (and the model) propose for ``text``, sorted by offset, overlaps included.

    >>> sorted({(c.label, c.rule) for c in find_candidates("区经委主任徐斌出席会议。")})
    [('ORG_GOV', 'gov_level'), ('PERSON', 'person_title_before')]
    """
    _check(text, lexicon)
    if not text.strip():
        return []
    sure, weak = _candidates(_context(text, tagging, segmenter), lexicon, model)
    return sorted(set(sure + weak), key=offset_key)


def find_entities(text: str, *, lexicon: Lexicon | None = None, tagging: Tagging | None = None,
                  segmenter: Segmenter | None = None, model="default") -> list[Entity]:
    """People, organisations, places and works of one document, sorted by offset and non-overlapping.

    >>> [(e.label, e.text, e.roles) for e in find_entities("区经委主任、党组副书记徐斌出席会议。")]
    [('ORG_GOV', '区经委', ()), ('PERSON', '徐斌', ('区经委主任', '党组副书记'))]

    ``text`` is the analysis text of a whole document; ``lexicon`` adds user names (see
    :func:`load_lexicon`); ``tagging`` is the document's tagging pass (in a pipeline,
    :func:`textkit.pipeline.tagging_of`); without it the text is tagged with ``segmenter`` (default:
    textkit's rjieba instance).  ``model`` is the trained model (``"default"``: the shipped one; a path
    or a loaded ``EntityModel``; ``None``: rules only).  ``text[e.char_start:e.char_end] == e.text`` holds for every entity;
    ``e.rule`` and ``e.score`` say which rule (or pass) made it.  Raises ValueError when ``text`` is
    not a string.
    """
    return analyze_entities(text, lexicon=lexicon, tagging=tagging, segmenter=segmenter, model=model)[1]


def analyze_entities(text: str, *, lexicon: Lexicon | None = None, tagging: Tagging | None = None,
                     segmenter: Segmenter | None = None, model="default") -> tuple[list[Candidate], list[Entity]]:
    """Both at once: every candidate (as :func:`find_candidates`) and the entities (as :func:`find_entities`)."""
    _check(text, lexicon)
    if not text.strip():
        return [], []
    ctx = _context(text, tagging, segmenter)
    candidates, weak = _candidates(ctx, lexicon, model)
    return sorted(set(candidates + weak), key=offset_key), entities_of(ctx, candidates, weak)


def entities_of(ctx: Context, candidates: list[Candidate], weak: Sequence[Candidate] = ()) -> list[Entity]:
    """Resolve ``candidates``, then the document-level passes (``weak`` model spans are admitted there
    with context only): the entities of the document."""
    ents = _document.Entities(resolve(candidates))
    _document.attach_subunits(ctx, ents)
    _document.attach_places(ctx, ents)
    _document.short_names(ctx, ents)
    _learned.admit(ctx, ents, list(weak))
    _document.propagate(ctx, ents)
    _document.complete_lists(ctx, ents)
    _document.propagate(ctx, ents)
    _document.drop_slogans(ctx, ents)
    kept = ents.sorted()
    roles = _document.roles(ctx, ents)
    canon = canonicals(ctx.text, kept)
    text = ctx.text
    return [
        Entity(c.label, text[c.start:c.end], c.start, c.end, canon[c.span], roles.get(c.span, ()), c.rule, c.score)
        for c in kept
    ]
