"""The rules of the entity stage: one named, pure function per rule, ``rule(ctx) -> Iterator[Candidate]``.

Each rule reads the document's :class:`~textkit.entities.context.Context` (text, words, tags, title
words) and proposes candidates; none sees what another proposed, and none decides an overlap: that is
:func:`~textkit.entities.candidates.resolve`'s job.  :data:`RULES` lists them; :data:`SCORES` gives each
rule's score, its prior confidence (the rules of a family share one score, so the longest span of the
family wins an overlap).

Families, best first: user lexicon and 《》 titles; known organisations (gazetteers); government bodies
(level + head 区经委, full names 金山区经济委员会, departments 区科学技术局); companies by legal form
(…有限公司, …集团, …厂); party branches and other organisations (…协会, …党支部, …领导小组); short
company names (华源矿业, 企业/落户 contexts); people next to titles (组长李春花, 徐斌主任, lists of titled
people); bylines; places.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import regex

from .candidates import Candidate
from .context import FUNCTION, MASK, NOT_GIVEN, SPACE, Context, is_han, verb_before_word
from .lexicons import Lexicon

_TIMEOUT = 5.0  # seconds: a safety net against runaway backtracking (the patterns are linear) ...


def _timeout(text: str) -> float:
    """... which grows with the text a pattern scans whole (its loop counts too): 5 s, plus 20 s per million characters."""
    return _TIMEOUT + len(text) * 2e-5
Rule = Callable[[Context], Iterator[Candidate]]

SCORES: dict[str, float] = {
    "work_title": 1.0, "work_issuer": 1.0,
    "user_lexicon": 0.99,
    "company_full": 0.94, "company_known": 0.93, "other_known": 0.93,
    "gov_known": 0.9, "gov_zone": 0.92, "gov_level": 0.9, "gov_full": 0.9, "gov_department": 0.9, "gov_subunit": 0.9,
    "company_form": 0.8,
    "other_party_branch": 0.75, "other_tail": 0.75,
    "company_trade": 0.72, "company_gazetteer": 0.72, "company_context": 0.72,
    "person_title_before": 0.7, "person_title_after": 0.7, "person_listed": 0.7,
    "person_byline": 0.65,
    "loc_place": 0.5,
}


def _cand(s: int, e: int, label: str, rule: str, evidence: str = "", canonical: str = "") -> Candidate:
    return Candidate(s, e, label, rule, SCORES[rule], evidence, canonical)


# --------------------------------------------------------------------------- works and user names
_WORK_RE = regex.compile(r"《([^《》\n]{1,120})》")
_TITLE_AFTER_ISSUER = regex.compile(r"(?:关于|印发|转发|的|《|、|和|\d)")


def work_title(ctx: Context) -> Iterator[Candidate]:
    """The title inside 《》 as WORK (brackets excluded); a leading issuing body as ORG_GOV.

    ``《金山区经济委员会关于开展…的实施方案》`` → ORG_GOV 金山区经济委员会 + WORK 关于开展…的实施方案 (its
    canonical the whole title).  Names inside a title never become people: the WORK covers them.
    """
    text, r = ctx.text, ctx.res
    for m in _WORK_RE.finditer(text, timeout=_timeout(text)):
        s, e = m.span(1)
        inner = m.group(1)
        issuer = 0
        for rx in (r.gov_level, r.gov_tail):
            mm = rx.match(inner, timeout=_TIMEOUT)
            if mm and mm.end() > issuer:
                issuer = mm.end()
        for a, b, _ in r.gov_names.longest(inner[:30]):
            if a == 0 and b > issuer:
                issuer = b
        for k in range(5):  # 白鹭|区科学技术局…: a department after a place
            mm = r.gov_generic.match(text, s + k, e, timeout=_TIMEOUT)
            if mm and mm.end() - s > issuer and dept_words_ok(ctx, *mm.span("mid")) \
                    and suffix_ok(ctx, *mm.span("suf")) and level_start(ctx, s + k) == s:
                issuer = mm.end() - s
        nxt = s + issuer
        verb_next = nxt in ctx.starts and ctx.starts[nxt][:1] == "v" and e - nxt >= 4
        if issuer and (verb_next or _TITLE_AFTER_ISSUER.match(inner[issuer:])):
            yield _cand(s, nxt, "ORG_GOV", "work_issuer", "《")
            yield _cand(nxt, e, "WORK", "work_title", "《》", inner)
        else:
            yield _cand(s, e, "WORK", "work_title", "《》", inner)


def user_lexicon(ctx: Context, lexicon: Lexicon | None) -> Iterator[Candidate]:
    """Names of the user's lexicon, with their label and declared canonical name."""
    if lexicon is None:
        return
    for s, e, w in lexicon.gazetteer.longest(ctx.text):
        entry = lexicon.gazetteer.values[w]
        yield _cand(s, e, entry[1], "user_lexicon", "lexicon", entry[2] if len(entry) == 3 else "")


# --------------------------------------------------------------------------- known organisations
def known_organisations(ctx: Context) -> Iterator[Candidate]:
    """Organisations named in textkit's lexicons: 国务院, 发改委 (ORG_GOV), 中国农业银行 (ORG_COMPANY),
    新华社 (ORG_OTHER).  A name of three characters or fewer must be a word of its own (其中粮食 is no 中粮)."""
    for kind, label, rule in (("gov", "ORG_GOV", "gov_known"), ("other", "ORG_OTHER", "other_known")):
        for s, e, _ in ctx.hits[kind]:
            if e - s > 3 or ctx.is_boundary(s) and ctx.is_boundary(e):
                yield _cand(s, e, label, rule, "gazetteer")


# --------------------------------------------------------------------------- government bodies
_GOV_HINT = regex.compile(r"[省市区县镇乡州]|街道|国家|中央|全国|机关|政府|人大|政协|党|人民")
_BAD_PLACE_TAGS = frozenset(("v", "z", "i", "d", "ad", "p", "c", "u", "uj", "r", "a", "l", "f", "t"))
_STOP_TAGS = frozenset(("p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "d", "f", "t", "q", "y", "e", "o", "zg", "ad"))
_DEPT_JOINERS = frozenset(("和", "与"))
_NOUN_BEFORE_VERB = frozenset(("n", "vn", "j", "nz", "l"))
_LEVEL_BAD_PREV = {
    "区": frozenset("社小园景辖片城山矿厂校营湾郊市街分专灾疫风"),
    "市": frozenset("城都超门股夜菜楼上"),
    "县": frozenset("郡州"),
    "镇": frozenset("城乡村重市"),
    "乡": frozenset("城家下故他异"),
}


def _widen(rx: regex.Pattern, text: str, s: int, e: int, back: int) -> list[regex.Match]:
    """Matches of ``rx`` covering exactly ``text[p:e]`` for p from ``s - back`` to ``s``, leftmost first."""
    out = []
    for p in range(max(0, s - back), s + 1):
        m = rx.fullmatch(text, p, e, timeout=_TIMEOUT)
        if m:
            out.append(m)
    return out


def place_ok(ctx: Context, s: int, e: int, level: str) -> bool:
    """A generic place before a level (下沙 in 下沙街道办事处) must be made of name-like words."""
    text = ctx.text
    if any(c in NOT_GIVEN or not is_han(c) for c in text[s:e]):
        return False
    if not ctx.is_boundary(s):
        return False
    if any(c in "由向从以于为将经据按请" for c in text[s:e]):
        return False
    if level in ("街道", "镇", "乡") and e - s == 2:
        return True
    i = ctx.tok_index(s)
    while i < len(ctx.tok_start) and ctx.tok_start[i] < e:
        w = ctx.word(i)
        if ctx.tok_tag[i] in _BAD_PLACE_TAGS or ctx.tok_tag[i].startswith("v") or len(w) == 2 and ctx.res.ordinary(w):
            return False  # 会议由市人大常委会: 会议 is no place
        i += 1
    return True


def _dept_verb(ctx: Context, i: int) -> bool:
    """Word ``i`` is a verb of department names after a noun (住房|保障, 市场|监督), not 下设 or 开展."""
    return ctx.word(i) in ctx.res.dept_verbs and i > 0 and ctx.tok_tag[i - 1] in _NOUN_BEFORE_VERB


def dept_words_ok(ctx: Context, s: int, e: int, *, nouns_only: bool = False) -> bool:
    """``text[s:e]`` is made of department words: 科学技术, 劳动人事争议, 人力资源和社会保障, 党建.

    It starts at a word, holds no verb, pronoun, adverb, preposition, title or digit; 和/与 only join
    two words inside it.  ``nouns_only`` (no level in front) also refuses adjectives and the like.
    """
    text = ctx.text
    if s >= e or s not in ctx.starts or not all(is_han(c) for c in text[s:e]):
        return False
    i = ctx.tok_index(s)
    while i < len(ctx.tok_start) and ctx.tok_start[i] < e:
        ts, te, tag = ctx.tok_start[i], ctx.tok_end[i], ctx.tok_tag[i]
        w = text[ts:min(te, e)]
        if w in _DEPT_JOINERS and (w == "和" or not nouns_only and w == "与"):
            if ts == s or te >= e:
                return False
        elif (tag.startswith("v") and tag != "vn" and not (ts > s and _dept_verb(ctx, i))) \
                or tag in _STOP_TAGS or tag.startswith("u") \
                or w in ctx.res.titles or any(c in FUNCTION or c in MASK for c in w) or ctx.glued(text[ts:te]):
            return False  # a verb only after a noun: 住房|保障, 市场|监督, 综合|执法
        elif nouns_only and tag not in ("n", "nz", "ns", "nt", "j", "l", "vn", "x", "ng", "nr"):
            return False
        i += 1
    return True


def suffix_ok(ctx: Context, ss: int, se: int) -> bool:
    """The suffix ``text[ss:se]`` (局, 部, 处) is a word of its own or ends a longer word (保障局, 事务处), and does
    not run on into an ordinary word (部|署, 处|理, 局|面, 委|托)."""
    text, freq = ctx.text, ctx.res.jieba_freq
    if ss not in ctx.starts:  # 保障|局 and 事务|处 end a word; 村干|部 and 东中|部 do not
        i = ctx.tok_index(ss)
        rest = text[ctx.tok_start[i]:ss]
        if ctx.tok_end[i] != se or len(rest) < 2:
            return False
        if freq.get(text[ss - 1:ss + 1], (0, ""))[0] >= 1000:
            return False  # 村|干部, 东|中部, 经济|布局
        n, tag = freq.get(rest, (0, ""))
        if tag[:1] == "v" and tag != "vn" and n < 1000:
            return False  # 开好|局
    if se < len(text) and is_han(text[se]) and freq.get(text[se - 1:se + 1], (0, ""))[0] >= 50:
        return False
    return True


#: tags of a word that ends in a level and is a place with its level (虹口区/ns, 崇礼县/n, 乌审旗/nr)
_PLACE_WORD_TAGS = frozenset(("ns", "n", "nr", "nz", "nt", "j"))


def place_word(ctx: Context, ls: int, le: int) -> int | None:
    """Start of the word the tagger reads as a place with its level, when the level ``text[ls:le]`` ends
    it: 部门|虹口区|教育局 → start of 虹口区; 这是|丰台区|政府 → start of 丰台区.  Not 社区, 城区 (one-character
    words before a level are :data:`_LEVEL_BAD_PREV`'s), nor an ordinary word (市场区)."""
    i = ctx.tok_index(ls)
    s = ctx.tok_start[i]
    if ctx.tok_end[i] != le or s >= ls or ctx.tok_tag[i] not in _PLACE_WORD_TAGS:
        return None
    place = ctx.text[s:ls]
    if not 2 <= len(place) <= 4 or any(c in NOT_GIVEN or c in FUNCTION or not is_han(c) for c in place):
        return None
    if ctx.tok_tag[i] != "ns" and (ctx.res.ordinary(place) or place in ctx.res.titles):
        return None
    return s


def with_party(text: str, s: int) -> int:
    """``s``, or two characters before it when 中共 stands there (中共|丰台区委)."""
    return s - 2 if text.startswith("中共", s - 2) else s


def level_start(ctx: Context, ls: int) -> int | None:
    """Where a body whose level starts at ``ls`` begins: at a place before it (澄湖|区, 中共|金山|县, 部门|虹口区)
    or at ``ls``."""
    text = ctx.text
    start = ctx.res.place_ending_at(text, ls)
    if start is None:
        start = place_word(ctx, ls, ls + 1)
    if start is None:
        for n in (4, 3, 2):
            p = ls - n
            if p < 0 or p not in ctx.starts or not ctx.left_edge(p):
                continue
            place = text[p:ls]
            if any(c in NOT_GIVEN or c in FUNCTION or not is_han(c) for c in place):
                continue
            if n == 2 and ctx.res.ordinary(place):
                continue
            i, bad = ctx.tok_index(p), False
            while i < len(ctx.tok_start) and ctx.tok_end[i] <= ls:
                tag, w = ctx.tok_tag[i], ctx.word(i)
                if tag in _BAD_PLACE_TAGS or tag.startswith("v") or w in ctx.res.titles or ctx.glued(w):
                    bad = True
                    break
                i += 1
            if not bad:
                start = p
                break
    if start is None:
        if ls not in ctx.starts:
            i = ctx.tok_index(ls)
            if not (ctx.tok_start[i] == ls - 1 and ctx.glued(text[ls - 1:ctx.tok_end[i]])):
                return None  # 由区|…: the segmenter glued 由 to the level
        start = ls
    return with_party(text, start)


def gov_level(ctx: Context) -> Iterator[Candidate]:
    """Level + head: 区经委, 市国资委, 中共山东省委, 下沙街道办事处, 国务院审改办; and heads that are bodies
    alone (管委会, 街道党工委)."""
    text, r = ctx.text, ctx.res
    gov_name_set = r.gov_names.values
    for core in r.gov_core.finditer(text, overlapped=True, timeout=_timeout(text)):
        found = _widen(r.gov_level, text, core.start(), core.end(), 8)
        if not found:
            continue
        m = found[0]
        s, e = m.span()
        if m.group("level") in gov_name_set and m.group("head") in ("政府", "人民政府"):
            continue  # 国务院|政府工作报告
        if m.group("solo") is None:
            lvl_s = m.start("level")
            prev = text[lvl_s - 1] if lvl_s else ""
            lvl = m.group("level")
            word_start = place_word(ctx, lvl_s, m.end("level")) if m.group("place") is None else None
            if word_start is not None:  # 部门|虹口区|教育局: the tagger reads the place with its level
                s = with_party(text, word_start)
            elif m.group("gplace") is not None:
                if not place_ok(ctx, m.start("gplace"), m.end("gplace"), lvl):
                    if m.group("party"):
                        continue
                    s = lvl_s
            elif m.group("place") is None and m.group("party") is None and prev in _LEVEL_BAD_PREV.get(lvl[0], ()):
                continue
            if not ctx.is_boundary(e) and text[e:e + 1] not in ("书", "常", "副", "主", "委", "办", "第"):
                # 区委员 / 市政府采购: the head runs on into another word
                if e < len(text) and is_han(text[e]) and ctx.tok_index(e - 1) == ctx.tok_index(e):
                    continue
        yield _cand(s, e, "ORG_GOV", "gov_level", m.group("head") or m.group("solo") or "")


def _trim_tail_start(ctx: Context, s: int, ts: int) -> int:
    """Start of a full name ending in a tail word at ``ts``, past verbs, prepositions, titles and names
    read into it (钱某兼任|办公室 → 办公室, 由|委办公室 → 委办公室)."""
    text = ctx.text
    i = ctx.tok_index(s)
    start = s
    while i < len(ctx.tok_start) and ctx.tok_start[i] < ts:
        a, b, tag = ctx.tok_start[i], ctx.tok_end[i], ctx.tok_tag[i]
        w = text[a:min(b, ts)]
        if w in _DEPT_JOINERS and a > start and b < ts:
            pass
        elif (tag.startswith("v") and tag != "vn" and not (a > start and _dept_verb(ctx, i))) \
                or tag in ("p", "c", "r", "d", "m", "q", "f", "t") \
                or tag.startswith("u") or tag.startswith("nr") and b < ts or w in ctx.res.titles \
                or any(c in FUNCTION for c in w):
            start = min(b, ts)
        elif a >= start and ctx.glued(text[a:b]) and not ctx.after_place(i):
            start = a + 1  # 向市|应急管理局: 向 glued to the level
        i += 1
    return start


def gov_full(ctx: Context) -> Iterator[Candidate]:
    """Bodies written out in full, ending in a tail word: 金山区经济委员会, 区级机关工作委员会, 党政办公室.

    The name starts at a word and holds no other full body (金山区经济委员会和松江区经济委员会 gives two).
    ORG_OTHER when nothing in it says government (…协会办公室).
    """
    text, r = ctx.text, ctx.res
    for core in r.gov_core.finditer(text, overlapped=True, timeout=_timeout(text)):
        found = _widen(r.gov_tail, text, core.start(), core.end(), 10)
        for m in found:
            s = _trim_tail_start(ctx, m.start(), m.start("tail"))
            pre = text[s:m.start("tail")]
            if not pre or any(c in FUNCTION for c in pre.strip("和与及")) and not all(
                    c in _DEPT_JOINERS or c not in FUNCTION for c in pre):
                continue
            if not ctx.is_boundary(s) or r.gov_joined.search(pre):  # …委员会和…委员会: two bodies
                continue
            yield _cand(s, m.end(), "ORG_GOV" if _GOV_HINT.search(pre) else "ORG_OTHER", "gov_full", m.group("tail"))
            break


def gov_department(ctx: Context) -> Iterator[Candidate]:
    """Departments by generic suffix: 澄湖区科学技术局, 区委组织部, 镇党建办, 区劳动人事争议仲裁院 (after a
    level) and 社会福利署, 民政事务处 (four or more department words after a function word or punctuation)."""
    text, r = ctx.text, ctx.res
    for m in r.gov_generic.finditer(text, overlapped=True, timeout=_timeout(text)):
        ms, me = m.span("mid")
        ss, se = m.span("suf")
        if not dept_words_ok(ctx, ms, me) or not suffix_ok(ctx, ss, se) or r.other_tail.search(text, ms, me):
            continue  # 镇中心卫生院住院部 is a hospital's ward
        start = level_start(ctx, m.start())
        if start is not None:
            yield _cand(start, se, "ORG_GOV", "gov_department", m.group("suf"))
    for m in r.gov_bare.finditer(text, timeout=_timeout(text)):
        ss, se = m.span()
        if not suffix_ok(ctx, ss, se):
            continue
        for n in (8, 7, 6, 5, 4):
            p = ss - n
            if p >= 0 and ctx.left_edge(p) and dept_words_ok(ctx, p, ss, nouns_only=True) \
                    and not r.other_tail.search(text, p, ss):
                yield _cand(p, se, "ORG_GOV", "gov_department", m.group())
                break


_INSPECTION = regex.compile(
    r"(?P<lead>中央|国务院|(?:省|市|州|县|区)委|(?:省|市|县|区)政府)?"
    r"第[一二三四五六七八九十\d]{1,3}(?:[\p{Han}]{0,8}?)(?:巡视组|巡察组|督导组|督查组|督察组|指导组|检查组)"
    r"|(?P<lead2>中央|国务院|(?:省|市|州|县|区)委|(?:省|市|县|区)政府)(?:巡视组|巡察组|督导组|督查组|督察组)"
)
_OWN_PARTY_GROUP = regex.compile(r"(?:局|厅|委|办|署)(?:党组|党委)|(?:[省市区县]直)?机关(?:党委|工委|纪委|党总支)")


_ZONE_BODY = regex.compile(r"(?:开发区|发展区|功能区|产业园区|工业园区|园区|新区|高新区|示范区|试验区|保税区)"
                           r"(?P<body>党工委|工委|管委会|管理委员会|管理局)")
_ZONE_STOP_TAGS = frozenset(("p", "c", "u", "uj", "ul", "uz", "ug", "r", "d", "m", "q", "x"))


def gov_zone(ctx: Context) -> Iterator[Candidate]:
    """The bodies of a development zone: 区工业集中发展区党工委, 经济技术开发区管委会, 高新区管委会 — the zone's name
    read back over up to ten characters of content words, from a word start where a name may start and not
    at a verb (推动|园区管委会 is no zone's body)."""
    text = ctx.text
    starts, tags = ctx.tok_start, ctx.tok_tag
    for m in _ZONE_BODY.finditer(text, timeout=_timeout(text)):
        zs = m.start()
        j = ctx.tok_index(zs)
        while j > 0 and zs - starts[j - 1] <= 10 and tags[j - 1] not in _ZONE_STOP_TAGS \
                and ctx.word(j - 1) not in ctx.res.titles and all(is_han(c) for c in ctx.word(j - 1)):
            j -= 1
        while starts[j] < zs and not (ctx.left_edge(starts[j]) and not tags[j].startswith("v")):
            j += 1
        s = starts[j]
        if s <= zs and ctx.left_edge(s) and not tags[j].startswith("v"):
            yield _cand(with_party(text, s), m.end(), "ORG_GOV", "gov_zone", m.group("body"))


def gov_subunit(ctx: Context) -> Iterator[Candidate]:
    """Sub-units that are bodies of their own: inspection and supervision groups (省委第三巡察组, 中央第一
    督导组), a bureau's Party group or committee named alone (局党组, 经委党组, 机关党委, 区直机关工委), and a department's usual
    abbreviation alone as a word (卫健委, 组织部, 教育局)."""
    text = ctx.text
    for m in _INSPECTION.finditer(text, timeout=_timeout(text)):
        s, e = m.span()
        if ctx.left_edge(s) or m.group("lead") or m.group("lead2"):
            yield _cand(s, e, "ORG_GOV", "gov_subunit", m.group()[-3:])
    heads = ctx.res.gov_heads
    for m in _OWN_PARTY_GROUP.finditer(text, timeout=_timeout(text)):
        s, e = m.span()
        s = next((s + 1 - n for n in (4, 3, 2) if text[s + 1 - n:s + 1] in heads), s)  # 经委|党组: the head's
        if (s == 0 or not is_han(text[s - 1]) or ctx.left_edge(s)) and s in ctx.starts and s not in ctx.title_at \
                and e not in ctx.title_at and not (e < len(text) and text[e] in "书委成"):
            yield _cand(s, e, "ORG_GOV", "gov_subunit", m.group())
    for s, e, w in ctx.hits["head"]:
        if s in ctx.starts and ctx.is_boundary(e) and ctx.left_edge(s):
            yield _cand(s, e, "ORG_GOV", "gov_subunit", "head")


# --------------------------------------------------------------------------- companies
DOC_NUMBER = regex.compile(r"\s*(?:发|函|字|办)?\s*[〔\[［(（【]\s*(?:19|20)\d\d")
_STRONG_FORMS = frozenset("股份有限公司 有限责任公司 有限公司 集团有限公司 集团股份有限公司 集团有限责任公司".split())
_PLAIN_FORMS = frozenset("厂 总厂 分厂 饭店 大饭店 酒店 大酒店 宾馆".split())
_COUNTERS = frozenset("家个所类批户")
_NUMERAL_START = regex.compile(r"[一二三四五六七八九十两几多\d]")
_TRADE_HEADS = frozenset(("工程", "项目"))
_GENERIC_END = regex.compile(r"..(?:企业|公司|集团|单位|厂家|商户)$")
_HEAD_STOP = frozenset("队 总队 支队 大队 部 局 委 办 处 科 室 组 社区 村 街道 党委 支部 党支部 单位 部门 企业 项目 工程 会议 家属区".split())
_INSTITUTION_WORD = regex.compile(r"学校|医院|大学|学院|中学|小学|幼儿园|卫生院|研究院|研究所|协会|学会|商会")


def proper(ctx: Context, b: int, s: int) -> bool:
    """Whether the brand ``text[b:s]`` holds a proper name: a known place, a rare word or a name-like tag.

    ``武汉|卷烟`` and ``华普|磨具`` do; ``证券``, ``影子``, ``公立`` (ordinary words) do not.
    """
    text, r = ctx.text, ctx.res
    if r.place_starting(text[b:s]):
        return True
    i = ctx.tok_index(b)
    while i < len(ctx.tok_start) and ctx.tok_start[i] < s:
        w = text[ctx.tok_start[i]:min(ctx.tok_end[i], s)]
        tag = ctx.tok_tag[i]
        if tag in ("nz", "nr", "nrt", "nrfg", "eng") or any(c.isascii() and c.isalnum() for c in w):
            return True
        if len(w) == 2 and r.jieba_freq.get(w, (0, ""))[0] < 300 and w not in r.titles:
            return True
        i += 1
    return False


def brand_start(ctx: Context, s: int, *, stop_heads: bool = True, max_len: int = 12, verbs: int = 1,
                strong: bool = False) -> int | None:
    """Where the name before a head word at ``s`` begins: read back over noun-like words.

    ``上海百特医疗用品|有限公司`` → start of 上海; ``717总队建国|饭店`` → start of 建国 (总队 is another body's head);
    leading verbs are trimmed (确定上海百特… → 上海百特…).
    """
    text, r = ctx.text, ctx.res
    i = ctx.tok_index(s)
    b = s
    if i >= 0 and ctx.tok_start[i] < s:  # the head starts inside a word (钢厂): the word's start is the brand's
        b = ctx.tok_start[i]
    i -= 1
    n_verbs = 0
    while i >= 0:
        ts, te, tag = ctx.tok_start[i], ctx.tok_end[i], ctx.tok_tag[i]
        w = text[ts:te]
        if s - ts > max_len or not all(is_han(c) or c.isalnum() for c in w):
            break
        if w in r.gov_names or r.gov_core.fullmatch(w) or r.gov_level.fullmatch(w):
            break  # 区经委|百特公司: a body is no part of a brand
        if ctx.glued(w) and not ctx.after_place(i):
            b = ts + 1  # 辖区内桐|山… : the segmenter glued 内 to the brand (上海|向隆 is a brand)
            break
        if w in r.nobrand or w in r.left_bounds or (stop_heads and w in _HEAD_STOP) or w in r.titles:
            if not (strong and w in _TRADE_HEADS and ts + len(w) == s):
                break  # …路桥工程|有限公司: a trade word right before the legal form is part of the name
        if tag in _STOP_TAGS or tag.startswith("u") or tag == "b" or _GENERIC_END.search(w) \
                or tag == "m" and w[-1] in _COUNTERS:
            break  # 省级|龙头企业|鑫禾米业有限公司, 光大|三家|银行
        if tag.startswith("v") and tag != "vn":
            n_verbs += 1
            if n_verbs > verbs:
                break
        b = ts
        i -= 1
    while b < s:  # trim leading verbs and numerals
        j = ctx.tok_index(b)
        tag, w = ctx.tok_tag[j], ctx.word(j)
        if (tag.startswith("v") and tag != "vn") or tag == "m" and not w.isdigit() or w in r.nobrand:
            b = ctx.tok_end[j]
        else:
            break
    j = ctx.tok_index(b)
    if b < s and ctx.tok_start[j] == b and ctx.glued(text[b:ctx.tok_end[j]]) and not ctx.after_place(j):
        b += 1  # 获港兴|银行: the verb glued to the brand is no part of it
    return b


def company_known(ctx: Context) -> Iterator[Candidate]:
    """Businesses textkit knows by name: central SOEs and big banks (ent_company.tsv ``name``) and the
    enterprise short names of ent_company_names.txt (built from public training data); a word of its own."""
    gaz = ctx.res.company_gazetteer
    for s, e, w in ctx.hits["company"]:
        if e - s > 3 or ctx.is_boundary(s) and ctx.is_boundary(e):
            yield _cand(s, e, "ORG_COMPANY", gaz.values[w], "gazetteer")


_FULL_TAIL = regex.compile(r"(?:集团)?(?:股份有限公司|有限责任公司|有限公司|集团公司|总公司|公司)|总行|分行|支行|分公司|营业部|分理处")
_BRANCH_TAIL = regex.compile(r"分行|支行|分公司|营业部|分理处|分店")


def company_full(ctx: Context) -> Iterator[Candidate]:
    """A known business with its legal form or a branch written after it — 中国邮政集团公司, 交通银行深圳分行,
    中储粮黑龙江分公司 — one company, which beats the short name inside it."""
    text = ctx.text
    for s, e, _w in ctx.hits["company"]:
        if not (e - s > 3 or ctx.is_boundary(s)):
            continue
        place = ctx.res.place_starting(text[e:e + 6])
        i = ctx.tok_index(e)
        if not place and ctx.tok_start[i] == e and ctx.tok_tag[i] == "ns" and 2 <= ctx.tok_end[i] - e <= 4:
            place = text[e:ctx.tok_end[i]]
        m = _BRANCH_TAIL.match(text, e + len(place)) if place else _FULL_TAIL.match(text, e)
        if m and ctx.is_boundary(m.end()):
            yield _cand(s, m.end(), "ORG_COMPANY", "company_full", m.group())


def company_form(ctx: Context) -> Iterator[Candidate]:
    """Companies by legal form or business head, the brand read back over noun-like words:
    上海百特医疗用品有限公司, 红旗机械厂, 秦川矿业集团, 中国工商银行; not 上市公司, 两集团, 公立医院."""
    text, r = ctx.text, ctx.res
    for m in r.company_form.finditer(text, timeout=_timeout(text)):
        s, e = m.span()
        if not ctx.is_boundary(e):
            continue
        form = m.group()
        strong = form in _STRONG_FORMS
        b = brand_start(ctx, s, verbs=1 if strong else 0, strong=strong)
        if b is None or DOC_NUMBER.match(text, e):
            continue  # 某集团发〔2019〕3号: an issuer code in a document number
        ws = ctx.tok_start[ctx.tok_index(s)]
        if ws < s and text[ws:s] in r.nobrand:
            continue  # 上市公司 is one word
        brand = text[b:s]
        if len(brand) < (1 if form in ("厂", "饭店", "酒店", "宾馆") else 2):
            continue
        i = ctx.tok_index(s)
        one_org = ctx.tok_start[i] == b and ctx.tok_end[i] == e and ctx.tok_tag[i] == "nt"  # 微软公司/nt
        if form not in _STRONG_FORMS and form not in _PLAIN_FORMS and not proper(ctx, b, s) \
                and brand not in r.company_names and not one_org:
            # 黄金集团 in a list (地矿集团、黄金集团) is still a company
            if not (form == "集团" and len(brand) == 2 and (text[b - 1:b] == "、" or text[e:e + 1] == "、")):
                continue
        if brand in r.nobrand or brand[:1] in r.nobrand and len(brand) == 1:
            continue
        if brand[-1:] in "工代" and form == "厂" or _NUMERAL_START.match(brand):
            continue  # 工厂, 三级子公司
        yield _cand(b, e, "ORG_COMPANY", "company_form", form)


def company_trade(ctx: Context) -> Iterator[Candidate]:
    """Short company names: an uncommon brand + a trade word (华源矿业, 新润农业), after a verb, a
    preposition, punctuation or another such name (东新科贸新润农业 → two companies)."""
    text, r = ctx.text, ctx.res
    last_end = -1
    for m in r.company_trade.finditer(text, timeout=_timeout(text)):
        s, e = m.span()
        if not ctx.is_boundary(s) or not ctx.is_boundary(e):
            continue
        i = ctx.tok_index(s) - 1
        if i < 0:
            continue
        b = ctx.tok_start[i]
        brand = text[b:s]
        if len(brand) != 2 or not all(is_han(c) for c in brand) or r.ordinary(brand):
            continue
        if ctx.tok_tag[i] not in ("nz", "ns", "nr", "n", "x", "j", "nrt"):
            continue
        prev = ctx.tok_tag[i - 1] if i else "x"
        if prev not in ("x", "v", "p", "c", "") and b != last_end:
            continue
        last_end = e
        yield _cand(b, e, "ORG_COMPANY", "company_trade", m.group())


_KIND_AFTER = regex.compile(
    r"等(?:\d+家|[一二三四五六七八九十几多数]+家|一批|知名|龙头|重点|骨干|大型|头部|优质|领军|链主|行业|科技型)*"
    r"(?:企业|车企|公司|厂商|品牌|集团|民企|央企|国企|外企|药企|房企|险企|银行|上市公司|厂家|单位)"
)
_SETTLES = regex.compile(r"落户|签约落地|投产|扩产|开业")
_PROPER_TAGS = frozenset(("nz", "nr", "nrt", "nrfg", "nt"))
_BRAND_TAGS = frozenset(("n", "nz", "nr", "ns", "nt", "x", "eng", "j", "nrt", "nrfg", "vn"))
_GENERIC_ITEM_END = regex.compile(r"(?:项目|工程|企业|产业|基地|园区|平台|行业|领域|中心|单位|部门|机构|公司|集团|银行|工作)$")


def _brand_word(ctx: Context, i: int) -> bool:
    """Word ``i`` may be part of a short business name: noun-like, or a word jieba does not know (蔚来)."""
    w, tag = ctx.word(i), ctx.tok_tag[i]
    if w in ctx.res.titles or w in ctx.res.nobrand or w in ctx.res.industries or any(c in FUNCTION for c in w) and tag not in _PROPER_TAGS:
        return False
    return tag in _BRAND_TAGS or not ctx.res.known(w) and all(is_han(c) or c.isalnum() for c in w)


def brand_item(ctx: Context, s: int, e: int, *, listed: bool = False) -> bool:
    """``text[s:e]`` can be a business's short name: 2–8 characters of noun-like words, one of them a
    proper or uncommon word (宁德|时代, 比亚迪), none a title or a verb, not a generic kind (重点|项目).

    ``listed`` (the name stands in a list closed by 等企业) lets a less rare word do (格力 in 美的、格力等企业;
    not 钢铁 or 化工, which are trades).
    """
    text, r = ctx.text, ctx.res
    item = text[s:e]
    if not 2 <= len(item) <= 8 or not all(is_han(c) or c.isalnum() for c in item) or _GENERIC_ITEM_END.search(item):
        return False
    if item in r.nobrand or item in r.industries or item in r.titles or item in r.place_set \
            or _NUMERAL_START.match(item):
        return False
    if not ctx.is_boundary(s) or not ctx.is_boundary(e):
        return False
    proper_word = False
    for i in range(ctx.tok_index(s), ctx.tok_index(e - 1) + 1):
        if not _brand_word(ctx, i):
            return False
        w, tag = ctx.word(i), ctx.tok_tag[i]
        freq = r.jieba_freq.get(w, (0, ""))[0]
        if tag in ("nz", "nr", "nrt", "nrfg", "nt", "x", "eng") or not r.known(w) \
                or len(w) == 2 and freq < (100 if listed else 20) or len(w) > 2 and listed:
            proper_word = True
    return proper_word


def _item_before(ctx: Context, end: int) -> int | None:
    """Start of the list item that ends at ``end``: noun-like words back to 、, punctuation or a verb."""
    i = ctx.tok_index(end - 1)
    s = None
    while i >= 0 and end - ctx.tok_start[i] <= 8:
        if ctx.word(i) == "、" or not _brand_word(ctx, i):
            break
        s = ctx.tok_start[i]
        i -= 1
    return s


def company_context(ctx: Context) -> Iterator[Candidate]:
    """Business names told by their context: a 、-list closed by 等企业/车企/龙头企业 (比亚迪、宁德时代等车企),
    a name that settles somewhere (宁德时代落户, 某某项目投产 is no company), and a trade name before a
    business's post (润泽地产常务副总, 东兴证券总经理)."""
    text = ctx.text
    for m in _KIND_AFTER.finditer(text, timeout=_timeout(text)):
        end = m.start()
        while end > 0:
            s = _item_before(ctx, end)
            if s is None or not brand_item(ctx, s, end, listed=True):
                break
            yield _cand(s, end, "ORG_COMPANY", "company_context", m.group())
            if s > 0 and text[s - 1] == "、":
                end = s - 1
            else:
                break
    for m in _SETTLES.finditer(text, timeout=_timeout(text)):
        s = _item_before(ctx, m.start())
        if s is not None and s < m.start() and brand_item(ctx, s, m.start()) and ctx.left_edge(s):
            yield _cand(s, m.start(), "ORG_COMPANY", "company_context", m.group())
    r = ctx.res
    for m in r.company_post.finditer(text, timeout=_timeout(text)):
        end = m.start()  # 润泽|地产|常务副总: a brand word and a trade before a business's post
        trade = r.company_form_end.search(text, max(0, end - 6), end)
        if trade is None or trade.start() not in ctx.starts or not ctx.is_boundary(end):
            continue
        i = ctx.tok_index(trade.start()) - 1
        if i >= 0 and 2 <= trade.start() - ctx.tok_start[i] <= 4 and _brand_word(ctx, i) \
                and ctx.tok_tag[i] in _BRAND_TAGS and not r.company_trade.fullmatch(ctx.word(i)) \
                and ctx.left_edge(ctx.tok_start[i]):  # not 农业|科技
            yield _cand(ctx.tok_start[i], end, "ORG_COMPANY", "company_context", m.group())


# --------------------------------------------------------------------------- other organisations
_INST_PARTY = regex.compile(r"(?:院|校|系|所|集团|公司|学校|学院|医院|企业|中心)(?:党委|党总支|团委|工会)")


def other_party_branch(ctx: Context) -> Iterator[Candidate]:
    """Party committees inside institutions: 院党委, 集团党委, 学校团委 (ORG_OTHER)."""
    for m in _INST_PARTY.finditer(ctx.text, timeout=_timeout(ctx.text)):
        yield _cand(m.start(), m.end(), "ORG_OTHER", "other_party_branch", m.group())


def _only_kinds(ctx: Context, b: int, s: int) -> bool:
    """``text[b:s]`` is made of words for kinds of institution only (公立, 高水平, 中西部|乡镇)."""
    text, kinds = ctx.text, ctx.res.institution_kinds
    p = b
    while p < s:
        n = next((n for n in (3, 2) if text[p:p + n] in kinds and p + n <= s), 0)
        if not n:
            return False
        p += n
    return True


def other_tail(ctx: Context) -> Iterator[Candidate]:
    """Associations, schools, hospitals, branches, leading groups, news outlets by their last word:
    杭州师范大学, 教工党支部, 学习实践活动领导小组; a kind of institution alone (公立医院, 高水平大学) is none."""
    text = ctx.text
    for m in ctx.res.other_tail.finditer(text, timeout=_timeout(text)):
        s, e = m.span()
        if not ctx.is_boundary(e) and e < len(text) and is_han(text[e]) and ctx.tok_index(e - 1) == ctx.tok_index(e):
            continue
        b = brand_start(ctx, s, stop_heads=False, verbs=0)
        tail = m.group()
        if b is None or (b == s and tail in ("支部", "专班", "学校", "医院", "大学", "学院", "中学", "小学")):
            continue
        if _INSTITUTION_WORD.search(tail) and (not proper(ctx, b, s) or _only_kinds(ctx, b, s)):
            continue  # 公立医院, 高水平大学: kinds of institution, not names
        yield _cand(b, e, "ORG_OTHER", "other_tail", tail)


# --------------------------------------------------------------------------- people
def given_ok(given: str) -> bool:
    """Given names avoid function and date characters; 月/日 are fine inside a two-character one (江月华)."""
    if not given or not all(is_han(c) and c not in MASK for c in given):
        return False
    return all(c not in NOT_GIVEN or len(given) == 2 and c in "月日" for c in given)


def name_ok(ctx: Context, s: int, e: int) -> bool:
    """``text[s:e]`` can be a full Han name: surname + 1–2 characters, not masked, no ordinary word, no title."""
    text, r = ctx.text, ctx.res
    cand = text[s:e]
    if cand[:2] in r.compound_surnames and 3 <= len(cand) <= 4:
        given = cand[2:]
    elif cand[:1] in r.surnames and 2 <= len(cand) <= 3:
        given = cand[1:]
    else:
        return False
    if not given_ok(given) or cand in r.common_names or cand[:2] in r.common_names and len(cand) == 2:
        return False
    if any(p in ctx.title_at for p in range(s, e)):
        return False  # 王书记, 李主任: a title inside
    return not any(p in ctx.title_end for p in range(s + 1, e)) and not verb_before_word(ctx, s, e)


def right_score(ctx: Context, e: int) -> float:
    """How well a name may end at ``e``: punctuation, a title, a follower word (指出, 及) or a word start."""
    text = ctx.text
    if e >= len(text):
        return 2.0
    if not is_han(text[e]):
        return 0.0 if text[e] in "·•" else 2.0  # 安瓦尔|·易卜拉欣: the name goes on
    score = 0.0
    if e in ctx.title_at:
        score = 2.0 + len(ctx.title_at[e][1]) / 10
    fol = ctx.res.followers
    for n in (4, 3, 2, 1):
        if text[e:e + n] in fol:
            score = max(score, 1.0 + n / 10)
            break
    if e in ctx.starts:
        if score:
            score += 0.5
        elif ctx.starts[e][:1] in ("v", "d", "p", "c") or ctx.starts[e] == "ad":
            score = 1.0  # 陶立平|一同 调研: a verb, adverb, preposition or conjunction starts here
    return score


def left_ok(ctx: Context, s: int) -> bool:
    text = ctx.text
    if s > 0 and text[s - 1] in "·•":
        return False
    if s == 0 or not is_han(text[s - 1]) or s in ctx.title_end:
        return True
    lb = ctx.res.left_bounds | ctx.res.followers
    return any(text[s - n:s] in lb for n in (1, 2, 3))


def name_forward(ctx: Context, s: int) -> int | None:
    """End of the name starting at ``s`` (组长|李春花|及 → end of 李春花), or None."""
    text = ctx.text
    best, best_score = None, 0.0
    base = 2 if text[s:s + 2] in ctx.res.compound_surnames else 1
    for g in (2, 1):
        e = s + base + g
        if e > len(text) or not name_ok(ctx, s, e):
            continue
        sc = right_score(ctx, e)
        if g == 2 and text[e - 1] in "任为兼" and e in ctx.title_at:
            continue  # 戴平|任组长, not 戴平任
        if g == 2:
            sc += 0.05
        if sc > best_score:
            best, best_score = e, sc
    return best if best_score >= 1.0 else None


def tagged_name(ctx: Context, s: int, e: int) -> bool:
    """The tagging reads ``text[s:e]`` as one word tagged as a person's name (nr)."""
    i = ctx.tok_index(s) if s in ctx.starts else -1
    return i >= 0 and ctx.tok_end[i] == e and ctx.tok_tag[i].startswith("nr")


def name_backward(ctx: Context, e: int) -> int | None:
    """Start of the name ending at ``e`` (。|徐斌|主任, 贯彻|习近平|总书记), or None."""
    for n in (3, 2, 4):
        s = e - n
        if s >= 0 and name_ok(ctx, s, e) and (left_ok(ctx, s) or tagged_name(ctx, s, e)):
            return s
    return None


def dotted_name(ctx: Context, pos: int, *, forward: bool) -> tuple[int, int] | None:
    """A transliterated name with a middle dot (买买提·艾力, 安瓦尔·易卜拉欣) starting or ending at ``pos``:
    its outer part is the shortest (1–5 characters) after which a name can end (before which it can start)."""
    text = ctx.text
    step = 1 if forward else -1
    q = pos if forward else pos - 1
    n = 0
    while 0 <= q < len(text) and n < 16 and (is_han(text[q]) or text[q] in "·•"):
        q += step
        n += 1
    s, e = (pos, q) if forward else (q + 1, pos)
    run = text[s:e]
    dots = [i for i, c in enumerate(run) if c in "·•"]
    if not dots or dots[0] == 0 or dots[-1] == len(run) - 1:
        return None
    if forward and dots[0] > 5 or not forward and len(run) - dots[-1] - 1 > 5:
        return None  # 台就座的还有买买提·艾力: too long a part to be a name's
    if forward:
        for end in range(s + dots[-1] + 2, min(e, s + dots[-1] + 7) + 1):
            if right_score(ctx, end) >= 1.0:
                return s, end
        return None
    for start in range(s + dots[0] - 1, max(s, s + dots[0] - 6) - 1, -1):
        if start == 0 or not is_han(text[start - 1]) or start in ctx.title_end or left_ok(ctx, start):
            return start, e
    return None


def _list_after(ctx: Context, e: int) -> Iterator[tuple[int, int]]:
    """Names that continue a 、-list after a name ending at ``e`` (副区长冷强军、聂洪)."""
    text = ctx.text
    while e < len(text) and text[e] == "、":
        ne = name_forward(ctx, e + 1)
        if ne is None:
            break
        yield e + 1, ne
        e = ne


def person_title_before(ctx: Context) -> Iterator[Candidate]:
    """Names after a title or an introducing word: 组长李春花, 副区长冷强军、聂洪, 中心主任：陈某某."""
    text = ctx.text
    for ts, (te, word) in sorted(ctx.title_at.items()):
        if ctx.res.titles[word] not in ("post", "intro"):
            continue
        p = te
        if text[p:p + 1] in ("：", ":"):
            p += 1  # 中心主任：陈某 (a signature or a list of posts)
        while p < len(text) and text[p] in SPACE and p - te < 3:
            p += 1
        ne = name_forward(ctx, p) if p < len(text) else None
        if ne is None:
            dotted = dotted_name(ctx, p, forward=True)
            ne = dotted[1] if dotted else None
        if ne is None:
            continue
        yield _cand(p, ne, "PERSON", "person_title_before", word)
        for a, b in _list_after(ctx, ne):
            yield _cand(a, b, "PERSON", "person_title_before", word + "、")


def person_title_after(ctx: Context) -> Iterator[Candidate]:
    """Names before a post or an honorific: 徐斌主任, 戴平同志, 习近平总书记, 黄勤为、郭士超任副组长."""
    text = ctx.text
    for ts, (te, word) in sorted(ctx.title_at.items()):
        kind = ctx.res.titles[word]
        if kind not in ("post", "honor"):
            continue
        e = ts
        appointed = False
        if text[ts - 2:ts] in ("担任", "兼任"):
            e, appointed = ts - 2, kind == "post"
        elif text[ts - 1:ts] == "任":
            e, appointed = ts - 1, kind == "post"
        s = name_backward(ctx, e)
        while s is not None:
            yield _cand(s, e, "PERSON", "person_title_after", word)
            if not (appointed and s > 0 and text[s - 1] == "、"):
                break
            e = s - 1
            s = name_backward(ctx, e)


_LIST_OPENER = regex.compile(
    r"(?:出席|参加|就座|列席|到会|参会|陪同)[\p{Han}]{0,6}?的(?:主要)?(?:领导|同志|人员|嘉宾|有关领导|领导同志)?(?:还)?有[：:]?"
)
_LIST_CLOSER = regex.compile(r"等(?:\d+|[一二三四五六七八九十几多]+)?(?:位|名)?(?:领导同志|同志|领导|人|一行)")


def person_listed(ctx: Context) -> Iterator[Candidate]:
    """Names in a list opened by 出席会议的领导有： / 参加座谈的有 or closed by 等同志 / 等领导 / 等三位同志:
    ``王建国、李明华、赵秀英等同志参加``."""
    text = ctx.text
    for m in _LIST_OPENER.finditer(text, timeout=_timeout(text)):
        p = m.end()
        ne = name_forward(ctx, p) if p < len(text) else None
        if ne is None:
            dotted = dotted_name(ctx, p, forward=True)
            ne = dotted[1] if dotted else None
        if ne is None:
            continue
        yield _cand(p, ne, "PERSON", "person_listed", m.group())
        for a, b in _list_after(ctx, ne):
            yield _cand(a, b, "PERSON", "person_listed", m.group() + "、")
    for m in _LIST_CLOSER.finditer(text, timeout=_timeout(text)):
        e = m.start()
        s = name_backward(ctx, e)
        while s is not None:
            yield _cand(s, e, "PERSON", "person_listed", m.group())
            if not (s > 0 and text[s - 1] == "、"):
                break
            e = s - 1
            s = name_backward(ctx, e)


def person_byline(ctx: Context) -> Iterator[Candidate]:
    """An author's name alone on one of the first lines (王耀生 under the title)."""
    text = ctx.text
    pos = 0
    for _ in range(6):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        line = text[pos:end]
        stripped = line.strip(" \u3000")
        if 2 <= len(stripped) <= 4:
            s = pos + line.index(stripped)
            if name_ok(ctx, s, s + len(stripped)):
                yield _cand(s, s + len(stripped), "PERSON", "person_byline", "line")
        if nl < 0:
            break
        pos = nl + 1


# --------------------------------------------------------------------------- places
_PLACE_SUFFIX = regex.compile(r"省|市|自治区|特别行政区")
_PLACE_GOVERNMENT = regex.compile(r"(?:人民)?政府")


def loc_place(ctx: Context) -> Iterator[Candidate]:
    """Known places (provinces, big cities, countries), as words: 河北省, 上海; with 政府 a body (日本政府)."""
    text = ctx.text
    for s, e, _ in ctx.hits["place"]:
        m = _PLACE_SUFFIX.match(text, e)
        if m:
            e = m.end()
        if ctx.is_boundary(s) and (ctx.is_boundary(e) or e - s >= 3):
            yield _cand(s, e, "LOC", "loc_place", "gazetteer")
            g = _PLACE_GOVERNMENT.match(text, e)
            if g and ctx.is_boundary(g.end()):
                yield _cand(s, g.end(), "ORG_GOV", "gov_level", "政府")


RULES: tuple[Rule, ...] = (
    work_title, known_organisations, company_known, company_full, gov_level, gov_full, gov_department, gov_subunit, gov_zone, company_form,
    company_trade, company_context, other_party_branch, other_tail, person_title_before, person_title_after, person_listed, person_byline,
    loc_place,
)
