"""Document-level passes, after resolution: what one mention says about the others.

- :func:`attach_subunits` and :func:`attach_places`: a body's Party group or inspection group is a body
  of its own (区财政局党组, 省委第三巡察组), and a place right before a body is part of its name (美国财政部);
- :func:`short_names`: short names a document derives from a company's full name (declared
  ``（以下简称“东岳电机”）`` or used: 桐山智云信息技术有限公司 → 智云信息);
- :func:`propagate`: once a name, a name everywhere (主要负责同志徐斌和戴平);
- :func:`complete_lists`: members of a 、-list whose other members are names are names
  (主席台就座的有王建国、李明华、阿依古丽);
- :func:`drop_slogans`: a name inside 邓小平理论 or 习近平新时代中国特色社会主义思想 is no person;
- :func:`roles`: the titles before a name (区经委主任、党组副书记徐斌), after it (徐斌主任), shared by a
  list (副县长曹丽、钟建国; 黄勤为、郭士超任副组长; 班子成员朱要武、郭晓峰);
- canonical names are in :mod:`textkit.entities.canonical`.

The passes add only where no resolved entity is (places give way; a declared or derived short name also
displaces a weaker guess inside it), so nothing a rule found with evidence is overridden by a guess from
elsewhere.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

import regex

from .candidates import Candidate, Occupancy, offset_key
from .context import LEVEL_CHARS, SPACE, Context, is_han
from .lexicons import ORG_LABELS, Gazetteer
from .rules import DOC_NUMBER, dotted_name, left_ok, name_ok, right_score

_TIMEOUT = 5.0
_IDEOLOGY = regex.compile(r"思想|理论|主义|新时代|文选|选集|著作|论|重要思想")
_APPOINTED = regex.compile(r"(?:担任|兼任|任|为)")
_ALIAS_RE = regex.compile(
    r"\s*[（(]\s*(?P<decl>(?:以下|下文)?(?:简称|称)\s*[:：为]?)?\s*[“\"「『‘]?"
    r"(?P<alias>[\p{Han}A-Za-z0-9]{2,10}?)[”\"」』’]?\s*[）)]"
)
_NOT_AN_ALIAS = regex.compile(r"\d{4}|以下|简称")
_SHORT_FORMS = regex.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团股份有限公司|集团公司|集团)$")
PROPAGATED = ("PERSON", "ORG_COMPANY", "ORG_GOV")
PROPAGATE_MODEL = 0.651  # a model name propagates when the model was sure of it: model_score(0.9)


class Entities:
    """The resolved candidates of a document, with an occupancy index (places may be displaced)."""

    def __init__(self, kept: Iterable[Candidate]) -> None:
        self.by_span: dict[tuple[int, int], Candidate] = {}
        self.occ = Occupancy()
        for c in kept:
            self.by_span[c.span] = c
            self.occ.add(c.start, c.end)

    def sorted(self) -> list[Candidate]:
        return sorted(self.by_span.values(), key=offset_key)

    def overlapping(self, s: int, e: int) -> list[Candidate]:
        spans = self.occ.spans
        i = max(bisect.bisect_right(spans, (s, float("inf"))) - 1, 0)
        out = []
        while i < len(spans) and spans[i][0] < e:
            if spans[i][1] > s:
                out.append(self.by_span[spans[i]])
            i += 1
        return out

    def fits(self, s: int, e: int, *, score: float | None = None) -> bool:
        """No entity but places overlaps ``[s, e)`` (with ``score``: nor any weaker entity inside it)."""
        return all(c.label == "LOC" or score is not None and c.score < score and s <= c.start and c.end <= e
                   for c in self.overlapping(s, e))

    def add(self, c: Candidate, *, displace: bool = False) -> bool:
        """Add ``c`` where only places overlap it (``displace``: or weaker entities it contains)."""
        if c.start >= c.end or not self.fits(c.start, c.end, score=c.score if displace else None):
            return False
        for old in self.overlapping(c.start, c.end):
            self.remove(old)
        self.by_span[c.span] = c
        self.occ.add(c.start, c.end)
        return True

    def remove(self, c: Candidate) -> None:
        if self.by_span.get(c.span) == c:
            del self.by_span[c.span]
            self.occ.remove(c.start, c.end)

    def ending_at(self, pos: int, labels: tuple[str, ...] = ORG_LABELS) -> Candidate | None:
        spans = self.occ.spans
        i = bisect.bisect_left(spans, (pos, -1)) - 1
        if i >= 0 and spans[i][1] == pos and self.by_span[spans[i]].label in labels:
            return self.by_span[spans[i]]
        return None

    def starting_at(self, pos: int, labels: tuple[str, ...] = ("PERSON",)) -> Candidate | None:
        spans = self.occ.spans
        i = bisect.bisect_left(spans, (pos, -1))
        if i < len(spans) and spans[i][0] == pos and self.by_span[spans[i]].label in labels:
            return self.by_span[spans[i]]
        return None


def occurrences(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Leftmost-longest, non-overlapping occurrences of ``words`` (as a regex alternation would find them)."""
    return [(s, e) for s, e, _ in Gazetteer(words).longest(text)]


# --------------------------------------------------------------------------- short company names
def short_names(ctx: Context, ents: Entities) -> None:
    """Short names a document derives from a company's full name.

    - declared ones: ``东岳电机有限公司（以下简称“东岳电机”）``, ``某某银行有限公司（某某银行）``;
    - used ones: ``桐山智云信息技术有限公司`` lends ``智云信息`` (brand + first trade characters) and
      ``溪口光电科技有限公司`` lends ``溪口光电`` to later mentions: the short name is the brand (the core
      without a leading place, two uncommon characters) followed by at least two more characters of the core.
    """
    text, r = ctx.text, ctx.res
    fulls = [c for c in ents.sorted() if c.label == "ORG_COMPANY" and _SHORT_FORMS.search(text[c.start:c.end])]
    shorts: set[str] = set()
    for c in fulls:
        full = text[c.start:c.end]
        m = _ALIAS_RE.match(text, c.end, min(len(text), c.end + 30), timeout=_TIMEOUT)
        if m:
            alias = m.group("alias")
            if (m.group("decl") or alias[:2] in full) and not _NOT_AN_ALIAS.search(alias):
                a = m.start("alias")
                if ents.add(Candidate(a, a + len(alias), "ORG_COMPANY", "company_alias", 0.8, "简称"), displace=True):
                    shorts.add(alias)
        core = full[:_SHORT_FORMS.search(full).start()]
        place = r.place_starting(core)
        if place:
            starts = [len(place) + (1 if core[len(place):len(place) + 1] in "省市县区" else 0)]
        else:
            starts = [0, 2] if len(core) >= 6 else [0]  # an unknown place of two characters may lead the name
        for i in starts:
            brand = core[i:i + 2]
            if len(brand) < 2 or not all(is_han(ch) for ch in brand) or r.ordinary(brand) or brand in r.place_set \
                    or r.known(core[i:i + 3]) or r.known(core[i:i + 4]):
                continue  # 新能源汽车: an ordinary word, no brand
            for j in range(i + 4, min(len(core), i + 8) + 1):
                shorts.add(core[i:j])
    shorts = {x for x in shorts if all(is_han(ch) or ch.isalnum() for ch in x)}
    for a, b in occurrences(text, shorts):
        if not ents.fits(a, b, score=0.75) or DOC_NUMBER.match(text, b):
            continue
        if a > 0 and is_han(text[a - 1]) and a not in ctx.starts and not ctx.left_edge(a):
            continue
        if b < len(text) and is_han(text[b]) and b not in ctx.starts and ctx.tok_index(b - 1) == ctx.tok_index(b):
            continue
        ents.add(Candidate(a, b, "ORG_COMPANY", "company_short", 0.75, "full name"), displace=True)


_SUBUNIT = regex.compile(
    r"(?:机关)?(?:党组|党委|党总支|纪检组|纪检监察组|机关党委|机关工委)"
    r"|(?:第[一二三四五六七八九十\d]{1,3})?(?:巡视组|巡察组|督导组|督查组|督察组)"
)


def attach_subunits(ctx: Context, ents: Entities) -> None:
    """A body's Party group, committee or inspection group is a body too: 区财政局|党组 → 区财政局党组,
    省委|第三巡察组 → 省委第三巡察组 (a different body from 区财政局, so its own canonical); not when a title
    starts there (区经委|党组书记)."""
    text = ctx.text
    for c in ents.sorted():
        if c.label != "ORG_GOV":
            continue
        m = _SUBUNIT.match(text, c.end)
        if not m or c.end in ctx.title_at and ctx.title_at[c.end][0] > m.end() or m.end() in ctx.title_at \
                or m.end() < len(text) and text[m.end()] in "书委成":
            continue
        inside = ents.overlapping(c.end, m.end())
        if any(o.end > m.end() or o.label == "PERSON" for o in inside):
            continue
        for o in inside:
            ents.remove(o)
        ents.remove(c)
        ents.add(Candidate(c.start, m.end(), "ORG_GOV", "gov_subunit", c.score, m.group()))


def attach_places(ctx: Context, ents: Entities) -> None:
    """A place written right before a body is part of its name: 美国|财政部, 香港|证监会, 北京市|住建委."""
    text = ctx.text
    for c in ents.sorted():
        if c.label != "ORG_GOV":
            continue
        place = ents.ending_at(c.start, ("LOC",))
        if place is None:
            continue
        ents.remove(place)
        ents.remove(c)
        ents.add(Candidate(place.start, c.end, "ORG_GOV", c.rule, c.score, text[place.start:place.end] + "|" + c.evidence))


# --------------------------------------------------------------------------- propagation
def person_edges_ok(ctx: Context, s: int, e: int) -> bool:
    """A person string found elsewhere may be a name at ``[s, e)``: it ends and starts where a name can."""
    text = ctx.text
    if e < len(text) and is_han(text[e]) and right_score(ctx, e) < 1.0 and e not in ctx.starts:
        return False
    if _IDEOLOGY.match(text, e) and not text.startswith("论", e) \
            or text.startswith("论", e) and len(text) > e + 1 and text[e + 1] in "科如何":
        return False
    return not (s > 0 and is_han(text[s - 1]) and s not in ctx.starts and not left_ok(ctx, s))


def propagate(ctx: Context, ents: Entities) -> None:
    """Once a name, a name everywhere: every other mention of a person, company or body string gets its label."""
    text = ctx.text
    names: dict[str, set[str]] = {}
    for c in ents.sorted():
        if c.label in PROPAGATED and c.end - c.start >= 2 and (c.rule != "model" or c.score >= PROPAGATE_MODEL):
            names.setdefault(c.label, set()).add(text[c.start:c.end])
    for label in PROPAGATED:
        for s, e in occurrences(text, names.get(label, ())):
            if not ents.fits(s, e):
                continue
            if label == "PERSON" and not person_edges_ok(ctx, s, e):
                continue
            ents.add(Candidate(s, e, label, "propagated", 0.6, text[s:e]))


def drop_slogans(ctx: Context, ents: Entities) -> None:
    """A name right before 理论/思想 (邓小平理论, 习近平新时代中国特色社会主义思想) is part of a slogan."""
    text = ctx.text
    for c in ents.sorted():
        if c.label == "PERSON" and c.rule not in ("user_lexicon",) and _IDEOLOGY.match(text, c.end) \
                and not (c.end in ctx.title_at) and not text.startswith("论", c.end):
            ents.remove(c)


# --------------------------------------------------------------------------- lists
def list_runs(text: str, ents: Entities) -> list[list[Candidate]]:
    """Runs of people joined by 、 (冷强军、聂洪), in order."""
    runs: list[list[Candidate]] = []
    for c in ents.sorted():
        if c.label != "PERSON":
            continue
        if runs and runs[-1][-1].end + 1 == c.start and text[c.start - 1] == "、":
            runs[-1].append(c)
        else:
            runs.append([c])
    return runs


def complete_lists(ctx: Context, ents: Entities) -> None:
    """Members of a 、-list of names that the rules missed: names of the same shape next to names.

    ``王建国、阿依古丽、李明华`` with 王建国 and 李明华 found: 阿依古丽 is a name too.  An item is taken
    when it is bounded by 、 (or by the list's end: punctuation, 等, 同志) and is either a plausible Han
    name or, between two names, any 2–4 character word that is no ordinary word.
    """
    text = ctx.text
    changed = True
    while changed:
        changed = False
        for run in list_runs(text, ents):
            # forward: after the last member
            last = run[-1]
            if last.end < len(text) and text[last.end] == "、":
                nxt = _list_item(ctx, ents, last.end + 1, forward=True)
                if nxt and ents.add(Candidate(*nxt, "PERSON", "list_member", 0.6, "、")):
                    changed = True
            first = run[0]
            if first.start > 1 and text[first.start - 1] == "、":
                prv = _list_item(ctx, ents, first.start - 1, forward=False)
                if prv and ents.add(Candidate(*prv, "PERSON", "list_member", 0.6, "、")):
                    changed = True


def _bounded(text: str, pos: int) -> bool:
    """A list item may begin or end at ``pos``: the text's edge, 、 or anything but a Han character."""
    return pos <= 0 or pos >= len(text) or text[pos] == "、" or not is_han(text[pos])


def _unknown_words(ctx: Context, s: int, e: int) -> bool:
    """``text[s:e]`` holds no word of two or more characters that the dictionaries know, and no title."""
    for i in range(ctx.tok_index(s), ctx.tok_index(e - 1) + 1):
        a, b = max(s, ctx.tok_start[i]), min(e, ctx.tok_end[i])
        if b - a >= 2 and ctx.res.known(ctx.text[a:b]) or a in ctx.title_at:
            return False
    return True


def _list_item(ctx: Context, ents: Entities, pos: int, *, forward: bool) -> tuple[int, int] | None:
    """The 、-list item that starts (``forward``) or ends at ``pos``.

    A plausible Han name (surname + given name) that ends (starts) where a name can is taken first;
    otherwise an item of 2–6 characters bounded by 、 or punctuation on both sides (the last one also by a
    one-character verb such as 在) that is no ordinary word (阿依古丽, 巴特尔, 阿不都热依木).
    """
    text, r = ctx.text, ctx.res
    dotted = dotted_name(ctx, pos, forward=forward)
    if dotted and ents.fits(*dotted):
        return dotted
    spans = [(pos, pos + n) if forward else (pos - n, pos) for n in (3, 2, 4)]
    spans = [(s, e) for s, e in spans if 0 <= s and e <= len(text) and all(is_han(ch) or ch == "·" for ch in text[s:e])]
    for s, e in spans:
        edge = right_score(ctx, e) >= 1.0 if forward else (s == 0 or not is_han(text[s - 1])
                                                           or s in ctx.title_end or left_ok(ctx, s))
        if name_ok(ctx, s, e) and edge and ents.fits(s, e):
            return s, e
    longer = [(pos, pos + n) if forward else (pos - n, pos) for n in (5, 6)]
    spans += [(s, e) for s, e in longer if 0 <= s and e <= len(text) and all(is_han(ch) for ch in text[s:e])]
    for s, e in spans:
        word = text[s:e]
        # the list's last item may end before a verb of the sentence (…、阿不都热依木|在主席台就座)
        bounded = _bounded(text, e) or text[e] in "等和及与"
        end_ok = bounded or forward and e - s >= 3 and text[e] in ctx.res.followers
        if not (end_ok and (s == 0 or _bounded(text, s - 1))) or not ents.fits(s, e):
            continue
        if (not bounded or e - s >= 5) and not _unknown_words(ctx, s, e):
            continue  # 、各乡镇|负责人|在: known words, not a name
        single = ctx.tok_index(s) == ctx.tok_index(e - 1) and s in ctx.starts
        if single and ctx.tok_tag[ctx.tok_index(s)].startswith("nr"):
            return s, e  # the tagger reads it as a name (阿依古丽)
        if word in r.common_names or r.known(word) or any(ch in "的了是在和与及等" for ch in word) \
                or r.ordinary(word[:2]) or r.ordinary(word[-2:]):
            return None
        return s, e
    return None


# --------------------------------------------------------------------------- roles
#: Party posts that keep the level written before them (镇党委副书记, 社区党委副书记, 街道党工委副书记)
_PARTY_POSTS = ("党委", "党工委", "党总支", "党支部", "纪委", "纪工委")
_POST_LEVELS = ("街道", "社区", "镇", "乡", "村", "区", "县", "市", "省")


def _role_text(ctx: Context, ents: Entities, ts: int, te: int) -> str:
    """The post as written: with the body that ends where it starts (区经委|主任), or the level before a
    Party post (镇|党委副书记, as the roles of the gold conventions keep them)."""
    text = ctx.text
    org = ents.ending_at(ts)
    if org:
        return text[org.start:te]
    if text.startswith(_PARTY_POSTS, ts):
        level = next((lv for lv in _POST_LEVELS if text.startswith(lv, ts - len(lv))), "")
        return text[ts - len(level):te]
    return text[ts:te]


def titles_before(ctx: Context, ents: Entities, pos: int) -> list[str]:
    """The chain of posts ending at ``pos``: 区经委主任、党组副书记|徐斌 → [区经委主任, 党组副书记]."""
    text = ctx.text
    found: list[str] = []
    p = pos
    while p > 0 and text[p - 1] in SPACE and pos - p < 2:
        p -= 1
    if p > 0 and text[p - 1] in "：:" and (p - 1) in ctx.title_end:
        p -= 1  # 中心主任：陈某
    while p in ctx.title_end:
        ts, word = ctx.title_end[p]
        if ctx.res.titles[word] == "post":
            found.insert(0, _role_text(ctx, ents, ts, p))
        org = ents.ending_at(ts)
        q = org.start if org else ts
        if q > 0 and text[q - 1] in "、和及与兼" and (q - 1) in ctx.title_end:
            p = q - 1  # 区经委主任、党组副书记; 董事长兼总经理
        else:
            break
    return found


def titles_after(ctx: Context, pos: int) -> list[str]:
    """Posts right after a name: 徐斌|主任, 刘某|书记、主任."""
    text = ctx.text
    found = []
    p = pos
    while p in ctx.title_at:
        te, word = ctx.title_at[p]
        if ctx.res.titles[word] == "post":
            found.append(word)
        if te < len(text) and text[te] == "、" and (te + 1) in ctx.title_at:
            p = te + 1
        else:
            break
    return found


def _title_chain_start(ctx: Context, ents: Entities, pos: int) -> int:
    """Start of the posts written right before ``pos`` (镇党委副书记、镇长|邹某 → start of 镇党委…), or ``pos``."""
    text = ctx.text
    q = pos
    while q in ctx.title_end:
        ts = ctx.title_end[q][0]
        org = ents.ending_at(ts)
        q = org.start if org else ts
        if not org and q > 0 and text[q - 1] in LEVEL_CHARS:
            q -= 1  # 镇|党委副书记
        if q > 0 and text[q - 1] == "、" and (q - 1) in ctx.title_end:
            q -= 1
        else:
            break
    return q


def _coordinated_before(ctx: Context, ents: Entities, s: int) -> Candidate | None:
    """The person listed before the one at ``s`` in a list of titled people that share a post:
    ``副主任韩某和纪检组长沈某任副组长``, ``副局长何某，纪委书记罗某任副组长`` (a comma only between titled people)."""
    text = ctx.text
    q = _title_chain_start(ctx, ents, s)
    if q <= 1 or text[q - 1] not in "、和及与，,":
        return None
    prev = ents.ending_at(q - 1, ("PERSON",))
    if prev is None:
        return None
    if text[q - 1] in "，," and (q == s or _title_chain_start(ctx, ents, prev.start) == prev.start):
        return None
    return prev


def roles(ctx: Context, ents: Entities) -> dict[tuple[int, int], tuple[str, ...]]:
    """The roles of every person mention: its own titles before and after, and those its list shares."""
    text = ctx.text
    shared: dict[tuple[int, int], list[str]] = {}
    for run in list_runs(text, ents):
        lead = titles_before(ctx, ents, run[0].start)
        end = run[-1].end
        m = _APPOINTED.match(text[end:end + 2])
        extra = titles_after(ctx, end + m.end()) if m else []
        for c in run:
            shared[c.span] = (lead if c is not run[0] else []) + extra
        prev = _coordinated_before(ctx, ents, run[0].start) if extra else None
        while prev is not None:  # 副局长韩某和纪检组长孟某任副组长: 韩某 is 副组长 too
            have = shared.setdefault(prev.span, [])
            have.extend(x for x in extra if x not in have)
            prev = _coordinated_before(ctx, ents, prev.start)
    out = {}
    for c in ents.sorted():
        if c.label == "PERSON":
            rs = titles_before(ctx, ents, c.start) + shared.get(c.span, []) + titles_after(ctx, c.end)
            out[c.span] = tuple(dict.fromkeys(rs))
    return out
