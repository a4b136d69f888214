"""The trained model's spans as candidates, and the confidence-or-context filter that admits them.

The model (:mod:`textkit.entities.model`, a character CRF trained on public news NER data) finds the
names no rule can enumerate: untitled names in long 主席台 lists, minority names, leaders named before
their title.  It runs only on the clauses where the tagger reads a person's name or where a title word
stands (:func:`windows`: about 8% of a long report, against half for the model's own sentence gate,
which finds a few more people at seven times the cost).  Its spans become candidates of rule ``model`` in two grades:

- **sure** (confidence ≥ :data:`SURE`): candidates like any rule's, resolved by score; their score is
  mapped below the rules' (:func:`model_score`), so a rule's span wins an overlap, unless the model is
  all but certain of its edges (≥ :data:`CERTAIN_EDGES`);
- **weak** (:data:`WEAK` ≤ confidence < :data:`SURE`): kept aside and admitted after the document passes
  only with context (:func:`admit`): a title or 同志 next to the name, a 、-list of names around it, or
  the same string already a name elsewhere in the document.

A government body the model is sure of (≥ :data:`GOV_SURE`) whose name ends in a head or suffix of ``ent_gov.tsv``
is a sure candidate too (美国国务院, 公安部经济犯罪侦查局); its other organisations are not taken.

Person spans must also look like a name (:func:`person_shape_ok`): two to four characters (more with
``·``), no mask, no function word, not an ordinary word or a title.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from .candidates import Candidate
from .context import MASK, Context, is_han, verb_before_word, words_ok

SURE = 0.7
CERTAIN = 0.95
WEAK = 0.4
CERTAIN_EDGES = 0.98
CERTAIN_SCORE = 0.76
#: the model's labels textkit takes in full: persons.  Its organisations and places, trained on news, are
#: mostly wrong in reports (on the dev set: 唐山港, 新能源汽车, 各委办局, 联合国 as a body); the rules and
#: gazetteers find those, and the model's bodies only fill gaps when it is sure of them and they end in a
#: known head (:data:`GOV_SURE`, :func:`gov_shape_ok`).
LABELS = ("PERSON",)
_PLACE_END = frozenset("港省市县区路街村镇乡州湾岛山河江湖")
#: place characters that also end given names: a surname and two characters ending in one is a name
#: (王洪山, 阴衍江, 刘小岛), not a place (唐山港, 黄浦区)
_GIVEN_PLACE_END = frozenset("山河江湖岛")
_FUNCTION_IN_NAME = frozenset("的了在是把被等也都就还又而这那此各每该本我你他她它们")


def model_score(p: float) -> float:
    """A model confidence mapped onto the rules' scale: 0.3 + 0.39·p (at most 0.69: below every rule but
    places, so a rule decides an overlap — the model's edges are less sure than a title's: 邵倩|任副组长
    — and the model fills what the rules leave); from :data:`CERTAIN_EDGES` on, :data:`CERTAIN_SCORE`:
    above the people's rules and the short-name and tail rules, so an all-but-certain name keeps its edges
    against a title rule that ran on (选手王娴|以, 学生陈伟|说) or a tail rule that swallowed it
    (李瑞环会见光彩事业促进会), and below the rules of legal forms and government bodies."""
    return CERTAIN_SCORE if p >= CERTAIN_EDGES else round(0.3 + 0.39 * p, 4)


def person_shape_ok(ctx: Context, s: int, e: int, score: float = 0.0) -> bool:
    """``text[s:e]`` looks like a person's name: 2–4 Han characters (up to 10 with ·), no mask, no function
    character, not a title or an ordinary word the tagger knows (unless it tags it as a name)."""
    text, r = ctx.text, ctx.res
    name = text[s:e]
    if "·" in name or "•" in name:
        return 3 <= len(name) <= 12 and all(is_han(c) or c in "·•" for c in name)
    if not 2 <= len(name) <= 6 or not all(is_han(c) and c not in MASK and c not in _FUNCTION_IN_NAME for c in name):
        return False
    if name in r.titles or any(p in ctx.title_at for p in range(s, e)) or name[-1] in "任为兼" and e in ctx.title_at:
        return False  # 王书记; 邵倩任|副组长
    place_end = name[-1] in _PLACE_END and not (len(name) == 3 and name[-1] in _GIVEN_PLACE_END and name[0] in r.surnames)
    if len(set(name)) == 1 or place_end or any(a == 0 for a, _b, _w in r.place_gazetteer.longest(name)):
        return False  # 徐徐, 唐山港, 燕赵|…: a word or a place (a place inside a name is fine: 陈桂林, 朱英国)
    i = ctx.tok_index(s)
    if ctx.tok_start[i] == s and ctx.tok_end[i] == e and ctx.tok_tag[i].startswith("nr"):
        return True  # the tagger reads it as a name too
    if score >= CERTAIN:
        return True  # the model is all but certain: 江建国 and 程志 are dictionary words, and names too
    return name not in r.common_names and not (len(name) == 2 and r.ordinary(name))


_CLAUSE_END_RE = regex.compile(r"[，。；！？!?;\n：:]")
_DOT = regex.compile(r"\p{Han}[·•]\p{Han}")
#: characters of context the model sees either side of a name-like word (its features look ±2 characters
#: and the words around them, so a dozen is plenty)
REACH = 12
_NR_TAGS = frozenset(("nr", "nrfg", "nrt"))
#: characters of transliterated foreign names (克林顿, 普罗迪, 希萨诺): a dictionary word made of them only is
#: worth the model; 高水平 or 养老金 are not
_TRANSLITERATION = frozenset(
    "阿埃艾安奥巴班邦贝本比彼波伯布查达戴丹德迪蒂杜多厄恩尔法菲费芬弗福盖戈格古哈海汉赫亨霍基吉加贾杰卡凯坎康考柯科克"
    "肯库奎拉莱兰朗劳勒雷里利列琳卢鲁伦罗洛玛迈麦曼梅门蒙米莫姆穆纳娜内尼涅纽诺帕潘佩皮普齐奇乔切萨塞桑森沙舍什斯"
    "索塔泰坦特提图托瓦威韦维沃乌伍西希谢辛休雅亚扬伊因尤约泽扎詹兹祖佐逊顿丽娅尚林潘若")


def _name_like(ctx: Context, s: int, e: int, sur, sur2) -> bool:
    """An nr word worth the model: a Han name's shape (a surname starts it, or a one-character surname
    before it: 韩|雪松; two to three characters, four with a compound surname), a transliterated name
    (nrt, or transliteration characters only: 克林顿), or a word the dictionary does not know (约纳森);
    jieba tags 农村居民 and 严格执行 nr too."""
    text = ctx.text
    word = text[s:e]
    if text[s:s + 2] in sur2 and len(word) <= 4 or text[s] in sur and len(word) <= 3 \
            or s > 0 and text[s - 1] in sur and (s - 1) in ctx.starts and len(word) <= 2:
        return True
    if word in ctx.res.dictionary_names and 3 * sum(c in _TRANSLITERATION for c in word) >= 2 * len(word):
        return True  # a foreign name jieba's dictionary knows: 克林顿, 若斯潘 (its nr words also hold 高水平, 养老)
    return ctx.tok_tag[ctx.tok_index(s)] == "nrt" or all(c in _TRANSLITERATION for c in word) \
        or not ctx.res.known(word)


def windows(ctx: Context, tags: tuple[str, ...] = ("nr",), reach: int = REACH,
            known: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Where the model is worth its time: around each word the tagger reads as a person's name (nr), a
    title word (书记, 主任, 总书记 …: names stand before and after them, untagged ones too: 大会执行主席|王建国、
    李明华) or a middle dot (买买提·艾力), ``reach`` characters either side within the clause (clauses end
    at ，。；：！？ and line breaks); overlapping windows merge, so a list of names is one window.  Words
    inside ``known`` spans (names a rule found next to a title) need no model."""
    text, starts, ends = ctx.text, ctx.tok_start, ctx.tok_end
    known_set = set(known)
    sur, sur2 = ctx.res.surnames, ctx.res.compound_surnames
    wanted = _NR_TAGS if tags == ("nr",) else None
    hits = [(starts[i], ends[i]) for i, tag in enumerate(ctx.tok_tag)
            if (tag in wanted if wanted is not None else tag.startswith(tags))
            and (starts[i], ends[i]) not in known_set and _name_like(ctx, starts[i], ends[i], sur, sur2)]
    hits += [(s, e) for s, (e, _w) in ctx.title_at.items()]
    hits += [(m.start(), m.end()) for m in _DOT.finditer(text)]
    out: list[tuple[int, int]] = []
    for s, e in sorted(hits):
        a, b = max(0, s - reach), min(len(text), e + reach)
        cut = _CLAUSE_END_RE.search(text[a:s][::-1])
        if cut:
            a = s - cut.start()
        cut = _CLAUSE_END_RE.search(text, e, b)
        if cut:
            b = cut.end()
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


GOV_SURE = 0.9


def gov_shape_ok(ctx: Context, s: int, e: int) -> bool:
    """A body the model found reads like one: Han characters from a word start where a name may start, no
    function character, ending in a head, tail, suffix or name of ``ent_gov.tsv`` (美国国务院,
    公安部经济犯罪侦查局; not 经济犯罪侦查大队)."""
    name = ctx.text[s:e]
    return (len(name) >= 3 and all(is_han(c) and c not in _FUNCTION_IN_NAME for c in name) and s in ctx.starts
            and ctx.left_edge(s) and (ctx.res.gov_end.search(name) is not None
                                      or any(name[-n:] in ctx.res.gov_heads for n in (1, 2, 3))))


def model_candidates(ctx: Context, spans: Iterable) -> tuple[list[Candidate], list[Candidate]]:
    """``(sure, weak)`` candidates from the model's ``spans`` (``ModelSpan(start, end, label, score)``)."""
    sure: list[Candidate] = []
    weak: list[Candidate] = []
    for sp in spans:
        if sp.label == "ORG_GOV" and sp.score >= GOV_SURE and gov_shape_ok(ctx, sp.start, sp.end):
            sure.append(Candidate(sp.start, sp.end, sp.label, "model", model_score(sp.score), f"p={sp.score:.3f}"))
            continue
        if sp.label not in LABELS or sp.score < WEAK or sp.start >= sp.end:
            continue
        if sp.label == "PERSON" and not (person_shape_ok(ctx, sp.start, sp.end, sp.score)
                                         and (words_ok(ctx, sp.start, sp.end) or sp.score >= CERTAIN_EDGES
                                              and not verb_before_word(ctx, sp.start, sp.end))):
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
    if ents.starting_at(c.end) is not None or ents.ending_at(c.start, ("PERSON",)) is not None:
        return True  # names run together in a list without 、 (吴邦国邹家华姜春云)
    name = text[c.start:c.end]
    return any(o.label == "PERSON" and text[o.start:o.end] == name for o in ents.sorted())


def admit(ctx: Context, ents, weak: list[Candidate]) -> None:
    """Add the weak model candidates the document supports (persons only), best first, until none is left
    that the others now support (a list of names admits its members one from the next)."""
    pending = sorted((c for c in weak if c.label == "PERSON"), key=lambda c: (-c.score, c.start, c.end))
    while pending:
        left = [c for c in pending if not (ents.fits(c.start, c.end) and has_context(ctx, ents, c) and ents.add(c))]
        if len(left) == len(pending):
            return
        pending = left
