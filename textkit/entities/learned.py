"""The trained model's spans as candidates, and the confidence-or-context filter that admits them.

The model (:mod:`textkit.entities.model`, a character CRF trained on public news NER data) finds the
names no rule can enumerate: untitled names in long 主席台 lists, minority names, leaders named before
their title.  It runs only on the sentences its gate picks (those where the tagger already sees a name,
a place or an organisation).  Its spans become candidates of rule ``model`` in two grades:

- **sure** (confidence ≥ :data:`SURE`): candidates like any rule's, resolved by score; their score is
  mapped below the rules' (:func:`model_score`), so a rule's span wins an overlap;
- **weak** (:data:`WEAK` ≤ confidence < :data:`SURE`): kept aside and admitted after the document passes
  only with context (:func:`admit`): a title or 同志 next to the name, a 、-list of names around it, or
  the same string already a name elsewhere in the document.

Person spans must also look like a name (:func:`person_shape_ok`): two to four characters (more with
``·``), no mask, no function word, not an ordinary word or a title.
"""

from __future__ import annotations

from collections.abc import Iterable

from .candidates import Candidate
from .context import MASK, Context, is_han

SURE = 0.85
WEAK = 0.4
LABELS = ("PERSON", "ORG_GOV", "ORG_COMPANY", "ORG_OTHER", "LOC")
_FUNCTION_IN_NAME = frozenset("的了在和与及是对把被等也都就还又而这那此各每该本我你他她它们")


def model_score(p: float) -> float:
    """A model confidence mapped onto the rules' scale: 0.3 + 0.35·p (at most 0.65, below every rule
    but places), so rules decide overlaps and the model fills what they leave."""
    return round(0.3 + 0.35 * p, 4)


def person_shape_ok(ctx: Context, s: int, e: int) -> bool:
    """``text[s:e]`` looks like a person's name: 2–4 Han characters (up to 10 with ·), no mask, no function
    character, not a title or an ordinary word the tagger knows (unless it tags it as a name)."""
    text, r = ctx.text, ctx.res
    name = text[s:e]
    if "·" in name or "•" in name:
        return 3 <= len(name) <= 12 and all(is_han(c) or c in "·•" for c in name)
    if not 2 <= len(name) <= 4 or not all(is_han(c) and c not in MASK and c not in _FUNCTION_IN_NAME for c in name):
        return False
    if name in r.titles or any(p in ctx.title_at for p in range(s, e)) or name in r.common_names:
        return False
    i = ctx.tok_index(s)
    one_word = ctx.tok_start[i] == s and ctx.tok_end[i] == e
    if one_word and ctx.tok_tag[i].startswith("nr"):
        return True
    return not (r.known(name) or len(name) == 2 and r.ordinary(name))


def model_candidates(ctx: Context, spans: Iterable) -> tuple[list[Candidate], list[Candidate]]:
    """``(sure, weak)`` candidates from the model's ``spans`` (``ModelSpan(start, end, label, score)``)."""
    sure: list[Candidate] = []
    weak: list[Candidate] = []
    for sp in spans:
        if sp.label not in LABELS or sp.score < WEAK or sp.start >= sp.end:
            continue
        if sp.label == "PERSON" and not person_shape_ok(ctx, sp.start, sp.end):
            continue
        c = Candidate(sp.start, sp.end, sp.label, "model", model_score(sp.score), f"p={sp.score:.3f}")
        (sure if sp.score >= SURE else weak).append(c)
    return sure, weak


def has_context(ctx: Context, ents, c: Candidate) -> bool:
    """Whether the document supports a weak model person at ``c``: a title or 同志 before or after, a
    resolved name beside it in a 、-list, or the same string a name elsewhere."""
    text = ctx.text
    if c.start in ctx.title_end or c.end in ctx.title_at:
        return True
    if text[c.end:c.end + 1] == "、" and ents.starting_at(c.end + 1) is not None:
        return True
    if c.start > 0 and text[c.start - 1] == "、" and ents.ending_at(c.start - 1, ("PERSON",)) is not None:
        return True
    name = text[c.start:c.end]
    return any(o.label == "PERSON" and text[o.start:o.end] == name for o in ents.sorted())


def admit(ctx: Context, ents, weak: list[Candidate]) -> None:
    """Add the weak model candidates the document supports (persons only), best first."""
    for c in sorted(weak, key=lambda c: (-c.score, c.start, c.end)):
        if c.label == "PERSON" and ents.fits(c.start, c.end) and has_context(ctx, ents, c):
            ents.add(c)
