"""Named entities of work-summary documents: people with their titles, and organisations told apart.

:func:`find_entities` returns :class:`~textkit.records.Entity` records labelled

- ``PERSON``       徐斌 (roles ``("区经委主任", "党组副书记")`` in ``区经委主任、党组副书记徐斌``)
- ``ORG_GOV``      区委, 区经委, 街道党工委, 国务院审改办, 市国资委, 金山区经济委员会
- ``ORG_COMPANY``  上海百特医疗用品有限公司, 河北港口集团, 武汉卷烟厂, 中国农业银行, 建国饭店
- ``ORG_OTHER``    检查指导组, 领导小组, 教工党支部, 杭州师范大学, 人民日报 (associations, schools,
  hospitals, branches inside institutions, leading groups, news outlets)
- ``LOC``          河北省, 上海
- ``WORK``         the title inside 《》, WITHOUT the brackets: ``《科学发展观重要论述摘编》`` → ``科学发展观重要论述摘编``.
  A title that opens with its issuing body (``《金山区经济委员会关于…的实施方案》``) gives the body as an
  organisation and the WORK for the rest (``关于…的实施方案``); the WORK's ``canonical`` is the whole title.
  Names inside titles (《毛泽东邓小平江泽民论科学发展》) are not reported as people.

How it works (rules and lexicons, no statistical model):

1. one POS-tagging pass with textkit's own ``rjieba`` instance (Rust jieba, ~6M chars/s) gives word
   boundaries and tags; without rjieba the ``segmenter`` gives boundaries only;
2. government bodies come from a lexicon of state organs and from *level + head* patterns
   (区 + 经委, 市 + 国资委, 街道 + 党工委, 中共 + 山东 + 省委) or full names ending in 委员会/人民政府/办公室;
3. companies from legal forms and business heads (有限公司, 集团, 厂, 银行, 饭店) with the brand read back
   over noun-like words, trade words after an uncommon brand (华源矿业) and a list of central SOEs;
4. people from the titles written next to them, before (组长李春花, lists: 副区长冷强军、聂洪) and after
   (徐斌主任, 戴平同志, X、Y任副组长); a candidate is a surname plus one or two characters that ends where
   the text goes on with punctuation, a title or a verb, is not masked (X某, 张XX), not an ordinary word of
   jieba's dictionary (平稳, 努力, 黄金) and not a title itself (王书记 is no name);
5. document-level consistency: every other mention of a person or company string found this way is
   labelled the same (主要负责同志徐斌和戴平), and ``canonical`` links short forms to the fullest name the
   document uses (区经委 → 金山区经济委员会 by abbreviation: 经济委员会 → 经委; 百特 → …有限公司).

Lexicons are data in ``textkit/resources/ent_*``; users add their own with :func:`load_lexicon`.
"""

from __future__ import annotations

import bisect
import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import regex

from .. import resources
from ..records import Entity
from ..tokenizer import Segmenter, _domain_words, load_segmenter

LABELS = ("PERSON", "ORG_GOV", "ORG_COMPANY", "ORG_OTHER", "LOC", "WORK")
_ORG_LABELS = ("ORG_GOV", "ORG_COMPANY", "ORG_OTHER")
_TIMEOUT = 5.0

_LABEL_ALIASES = {
    "PERSON": "PERSON", "PER": "PERSON", "NR": "PERSON", "NAME": "PERSON", "PEOPLE": "PERSON",
    "ORG_GOV": "ORG_GOV", "GOV": "ORG_GOV", "GOVERNMENT": "ORG_GOV", "BODY": "ORG_GOV",
    "ORG_COMPANY": "ORG_COMPANY", "COMPANY": "ORG_COMPANY",
    "ORG_OTHER": "ORG_OTHER", "ORG": "ORG_OTHER", "ORGANIZATION": "ORG_OTHER", "ORGANISATION": "ORG_OTHER",
    "LOC": "LOC", "LOCATION": "LOC", "PLACE": "LOC",
}
_FILE_HINTS = (("person", "PERSON"), ("people", "PERSON"), ("name", "PERSON"), ("gov", "ORG_GOV"),
               ("bod", "ORG_GOV"), ("compan", "ORG_COMPANY"), ("business", "ORG_COMPANY"),
               ("org", "ORG_OTHER"), ("loc", "LOC"), ("place", "LOC"))

# patterns used in the hot paths, compiled once
_LEXICON_FIELD_SEP = regex.compile(r"\t|,(?=\s*[A-Za-z_]+\s*$)")
_TITLE_AFTER_ISSUER = regex.compile(r"(?:关于|印发|转发|的|《|、|和|\d)")
_GOV_HINT = regex.compile(r"[省市区县镇乡州]|街道|国家|中央|全国|机关|政府|人大|政协|党|人民")
_NUMERAL_START = regex.compile(r"[一二三四五六七八九十两几多\d]")
_INSTITUTION_WORD = regex.compile(r"学校|医院|大学|学院|中学|小学|幼儿园|卫生院|研究院|研究所|协会|学会|商会")
_NOT_AN_ALIAS = regex.compile(r"\d{4}|以下|简称")
_APPOINTED = regex.compile(r"(?:担任|兼任|任|为)")


# --------------------------------------------------------------------------- user lexicon
@dataclass(frozen=True)
class Lexicon:
    """User names with their labels: ``Lexicon(entries=(("张三丰", "PERSON"), ("某某科技有限公司", "ORG_COMPANY")))``.

    Built by :func:`load_lexicon`; names listed here are always reported with their label and win over
    textkit's own rules.
    """

    entries: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        for name, label in self.entries:
            if not name or label not in LABELS:
                raise ValueError(f"bad lexicon entry {name!r} / {label!r}; labels are {LABELS}")

    def label_of(self, name: str) -> str | None:
        """The label of ``name`` or ``None``."""
        return dict(self.entries).get(name)


def _guess_label(name: str) -> str:
    if _COMPANY_FORM_END().search(name):
        return "ORG_COMPANY"
    if _GOV_END().search(name):
        return "ORG_GOV"
    return "PERSON"


def load_lexicon(paths: Sequence[str | Path]) -> Lexicon:
    """Read user lexicon files: one name a line, or ``name<TAB>label`` (PERSON/PER, ORG_GOV/GOV,
    ORG_COMPANY/COMPANY, ORG_OTHER/ORG, LOC); ``#`` starts a comment.

    A name without a label takes the label hinted by the file name (``people.txt`` → PERSON,
    ``companies.txt`` → ORG_COMPANY, ``gov_bodies.txt`` → ORG_GOV, ``orgs.txt`` → ORG_OTHER) or else the one
    its ending suggests (…有限公司 → ORG_COMPANY, …委员会 → ORG_GOV, otherwise PERSON).

    >>> load_lexicon([p]).entries          # p holds "张三丰\\n某某科技有限公司\\tORG_COMPANY"
    (('张三丰', 'PERSON'), ('某某科技有限公司', 'ORG_COMPANY'))

    Raises ValueError for an unknown label and OSError for a file that cannot be read.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out: dict[str, str] = {}
    for path in paths:
        path = Path(path)
        stem = path.stem.lower()
        hint = next((lab for key, lab in _FILE_HINTS if key in stem), None)
        for n, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = [p.strip() for p in _LEXICON_FIELD_SEP.split(line) if p.strip()]
            name = parts[0]
            if len(parts) > 1:
                label = _LABEL_ALIASES.get(parts[1].upper())
                if label is None:
                    raise ValueError(f"{path}:{n}: unknown label {parts[1]!r}")
            else:
                label = hint or _guess_label(name)
            out[name] = label
    return Lexicon(tuple(out.items()))


# --------------------------------------------------------------------------- resources
def _words(name: str) -> list[str]:
    return [w for line in resources.read_lines(name) for w in line.split()]


def _kinds(name: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in resources.read_lines(name):
        parts = line.split()
        out.setdefault(parts[1] if len(parts) > 1 else "", []).append(parts[0])
    return out


def _alt(words: Iterable[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _occurrences(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Leftmost-longest, non-overlapping occurrences of ``words``, as ``finditer`` over their
    alternation would find them, without compiling a pattern for each document's names."""
    found = []
    for w in set(words):
        i = text.find(w) if w else -1
        while i >= 0:
            found.append((i, i + len(w)))
            i = text.find(w, i + 1)
    found.sort(key=lambda span: (span[0], -span[1]))
    out, end = [], 0
    for s, e in found:
        if s >= end:
            out.append((s, e))
            end = e
    return out


@functools.cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    words = _words("ent_surnames.txt")
    return frozenset(w for w in words if len(w) == 2), frozenset(w for w in words if len(w) == 1)


@functools.cache
def _titles() -> dict[str, str]:
    return {w: k for k, ws in _kinds("ent_titles.tsv").items() for w in ws}


@functools.cache
def _title_re() -> regex.Pattern:
    return regex.compile(_alt(_titles()))


@functools.cache
def _followers() -> frozenset[str]:
    return frozenset(_words("ent_name_followers.txt"))


@functools.cache
def _left_bounds() -> frozenset[str]:
    return frozenset(_words("ent_left_bounds.txt"))


@functools.cache
def _gov() -> dict[str, list[str]]:
    return _kinds("ent_gov.tsv")


@functools.cache
def _company() -> dict[str, list[str]]:
    return _kinds("ent_company.tsv")


@functools.cache
def _org_other() -> dict[str, list[str]]:
    return _kinds("ent_org_other.tsv")


@functools.cache
def _places() -> tuple[str, ...]:
    return tuple(_words("ent_places.txt"))


@functools.cache
def _dictionary() -> tuple[frozenset[str], dict[str, tuple[int, str]]]:
    """From jieba's own dictionary: ordinary words that look like names (平稳, 努力, 黄金, 单位), and the
    frequency and tag of every two-character word (to tell an ordinary word from a brand: 现代 vs 华源)."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")  # the file only: importing jieba costs ~0.4 s
    if spec is None or spec.origin is None:  # pragma: no cover - jieba is a dependency
        return frozenset(_titles()), {}
    compound, single = _surnames()
    names = set()
    two: dict[str, tuple[int, str]] = {}
    with open(Path(spec.origin).with_name("dict.txt"), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 3 or not 2 <= len(parts[0]) <= 4:
                continue
            w, freq, tag = parts[0], int(parts[1]), parts[2]
            if len(w) == 2:
                two[w] = (freq, tag)
            if tag.startswith("nr") or freq < 3:
                continue
            if w[0] in single or w[:2] in compound:
                names.add(w)
    names.update(_titles())
    return frozenset(names), two


def _common_words() -> frozenset[str]:
    return _dictionary()[0]


def _ordinary(word: str) -> bool:
    """An ordinary two-character word (现代, 国际, 产业), not a brand (华源 nz, 新润 unknown)."""
    freq, tag = _dictionary()[1].get(word, (0, ""))
    if tag in ("nz", "ns", "nr", "nrt", "nrfg") and freq < 1000:
        return False
    return freq >= 20 or word in _nobrand() or word in _places()


@functools.cache
def _lb_re() -> str:
    return r"(?:^|(?<=[\s\p{P}\p{S}\d])|(?<=" + _alt(_left_bounds()) + r"))"


@functools.cache
def _gov_name_re() -> regex.Pattern:
    return regex.compile(_alt(_gov()["name"]))


@functools.cache
def _gov_level_re() -> regex.Pattern:
    g = _gov()
    places = _alt(_places())
    levels = _alt(g["level"])
    heads = _alt(g["head"])
    # 中共山东省委 / 河北省人民政府 / 振兴街道办事处 / 区经委 / 市国资委 / 国务院审改办
    pat = (
        r"(?P<party>中共)?"
        r"(?:(?P<place>" + places + r")|" + _lb_re() + r"(?P<gplace>\p{Han}{2,4}?))?"
        r"(?P<level>" + levels + r")(?P<head>" + heads + r")"
        r"|(?P<solo>" + _alt(g["solo"]) + r")"
    )
    return regex.compile(pat)


@functools.cache
def _gov_core_re() -> regex.Pattern:
    """The cheap part of a body name (区委, 街道办事处, 委员会) found first; the name is then widened."""
    g = _gov()
    return regex.compile(r"(?:" + _alt(g["level"]) + r")(?:" + _alt(g["head"]) + r")|" + _alt(g["solo"] + g["tail"]))


def _widen(rx: regex.Pattern, text: str, s: int, e: int, back: int) -> list[regex.Match]:
    """Matches of ``rx`` covering exactly ``text[p:e]`` for p from ``s - back`` to ``s``, leftmost first."""
    out = []
    for p in range(max(0, s - back), s + 1):
        m = rx.fullmatch(text, p, e, timeout=_TIMEOUT)
        if m:
            out.append(m)
    return out


@functools.cache
def _gov_tail_re() -> regex.Pattern:
    # 金山区经济委员会, 区级机关工作委员会, 党政办公室: a full name ending in a tail word
    return regex.compile(_lb_re() + r"(?P<pre>[\p{Han}]{1,10}?)(?P<tail>" + _alt(_gov()["tail"]) + r")")


@functools.cache
def _gov_generic_re() -> regex.Pattern:
    """Level (+ party committee) + department words + generic suffix: 区科学技术局, 县委组织部, 镇党建办."""
    g = _gov()
    levels = [w for w in g["level"] if not w.endswith("级") and w != "全国"]
    return regex.compile(
        r"(?P<level>(?:" + _alt(levels) + r")(?:" + _alt(g["party"]) + r")?)"
        r"(?P<mid>\p{Han}{2,12}?)(?P<suf>" + _alt(g["suffix"]) + r")"
    )


@functools.cache
def _gov_bare_re() -> regex.Pattern:
    return regex.compile(_alt(_gov()["bare"]))


@functools.cache
def _GOV_END() -> regex.Pattern:
    g = _gov()
    return regex.compile("(?:" + _alt(g["head"] + g["tail"] + g["name"]) + r")$")


@functools.cache
def _COMPANY_FORM_END() -> regex.Pattern:
    c = _company()
    return regex.compile("(?:" + _alt(c["form"] + c["trade"]) + r")$")


@functools.cache
def _company_name_re() -> regex.Pattern:
    return regex.compile(_alt(_company()["name"]))


@functools.cache
def _company_form_re() -> regex.Pattern:
    return regex.compile(_alt(_company()["form"]))


@functools.cache
def _company_trade_re() -> regex.Pattern:
    return regex.compile(_alt(_company()["trade"]))


@functools.cache
def _other_tail_re() -> regex.Pattern:
    return regex.compile(_alt(_org_other()["tail"]))


@functools.cache
def _other_name_re() -> regex.Pattern:
    return regex.compile(_alt(_org_other()["name"]))


@functools.cache
def _inst_party_re() -> regex.Pattern:
    # 院党委, 集团党委, 学校党委: party committees inside institutions are ORG_OTHER
    return regex.compile(r"(?:院|校|系|所|集团|公司|学校|学院|医院|企业|中心|局|机关)(?:党委|党总支|团委|工会)")


@functools.cache
def _loc_re() -> regex.Pattern:
    return regex.compile(r"(?:" + _alt(_places()) + r")(?:省|市|自治区|特别行政区)?")


_SURROGATE = regex.compile(r"[\ud800-\udfff]")
_WORK_RE = regex.compile(r"《([^《》\n]{1,120})》")
_MASK = frozenset("某XxＸｘ×*＊○〇□")
_NOT_GIVEN = frozenset("的了在和与及是对把被等也都就还又而之其这那此各每全该本我你他她它们年月日号分里第")
_FUNCTION = frozenset("的了在和与及是对把被等也都就还又而之其这那此各每全该本我你他她它们")
_IDEOLOGY = regex.compile(r"思想|理论|新时代|文选|选集|著作|论|重要思想")
_SPACE = frozenset(" \u3000")
_NOMINAL = frozenset(("n", "nz", "ns", "nr", "nrt", "nrfg", "nt", "j", "x", "eng", "m", "vn", "an", "l", "b", "nz", "ng", "s"))
_STOP_TAGS = frozenset(("p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "d", "f", "t", "q", "y", "e", "o", "zg", "ad"))
_HEAD_STOP = frozenset("队 总队 支队 大队 部 局 委 办 处 科 室 组 社区 村 街道 党委 支部 党支部 单位 部门 企业 项目 工程 会议 家属区".split())


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


# --------------------------------------------------------------------------- tagging
@functools.cache
def _tagger():
    try:
        import rjieba
    except ImportError:  # pragma: no cover - rjieba is installed with textkit
        return None
    tk = rjieba.Jieba()
    for word, freq, tag in _domain_words():
        tk.add_word(word, freq, tag)
    for w in _gov()["name"] + _gov()["head"] + _gov()["solo"]:
        if len(w) > 1:
            tk.add_word(w, None, "nt")
    for w in _company()["name"]:
        tk.add_word(w, None, "nt")
    for w, kind in _titles().items():
        tk.add_word(w, None, "n")
    return tk


class _Doc:
    """The text with its words: ``starts`` maps a word's first offset to its tag, ``bounds`` all word edges."""

    __slots__ = ("text", "starts", "tok_start", "tok_end", "tok_tag", "occupied", "ents", "title_at", "title_end")

    def __init__(self, text: str, segmenter: Segmenter | None) -> None:
        self.text = text
        tk = _tagger()
        if tk is not None and segmenter is None:
            pairs = tk.tag(_SURROGATE.sub(" ", text))  # lone surrogates cannot cross into Rust
        else:
            seg = segmenter if segmenter is not None else load_segmenter()
            pairs = [(w, "") for w in seg.cut(text)]
        starts: list[int] = []
        tags: list[str] = []
        pos = 0
        for w, t in pairs:
            starts.append(pos)
            tags.append(t)
            pos += len(w)
        if pos != len(text):  # a segmenter that drops characters: fall back to one token per character
            starts, tags = list(range(len(text))), [""] * len(text)
        self.tok_start = starts
        self.tok_end = starts[1:] + [len(text)]
        self.tok_tag = tags
        self.starts = dict(zip(starts, tags))
        self.occupied: list[tuple[int, int]] = []
        self.ents: dict[tuple[int, int], tuple[str, str]] = {}  # (start, end) -> (label, canonical hint)
        self.title_at: dict[int, tuple[int, str]] = {}  # start -> (end, word)
        self.title_end: dict[int, tuple[int, str]] = {}  # end -> (start, word)
        for m in _title_re().finditer(text, timeout=_TIMEOUT):
            self.title_at[m.start()] = (m.end(), m.group())
            self.title_end[m.end()] = (m.start(), m.group())

    # token helpers
    def tok_index(self, pos: int) -> int:
        """Index of the token containing ``pos``."""
        return bisect.bisect_right(self.tok_start, pos) - 1

    def is_boundary(self, pos: int) -> bool:
        return pos == 0 or pos == len(self.text) or pos in self.starts

    # occupancy
    def free(self, s: int, e: int) -> bool:
        occ = self.occupied
        i = bisect.bisect_right(occ, (s, len(self.text) + 1))
        if i and occ[i - 1][1] > s:
            return False
        return not (i < len(occ) and occ[i][0] < e)

    def add(self, s: int, e: int, label: str, hint: str = "") -> bool:
        if s >= e or not self.free(s, e):
            return False
        bisect.insort(self.occupied, (s, e))
        self.ents[(s, e)] = (label, hint)
        return True

    def ent_ending_at(self, pos: int, labels: tuple[str, ...] = _ORG_LABELS) -> tuple[int, int] | None:
        i = bisect.bisect_left(self.occupied, (pos, -1)) - 1
        if i >= 0:
            s, e = self.occupied[i]
            if e == pos and self.ents[(s, e)][0] in labels:
                return s, e
        return None


def _add_all(doc: _Doc, cands: list[tuple[int, int, str, str]]) -> None:
    """Add candidates, longest first, where they do not overlap what is already taken."""
    for s, e, label, hint in sorted(cands, key=lambda c: (c[0] - c[1], c[0])):
        doc.add(s, e, label, hint)


# --------------------------------------------------------------------------- works and user names
def _works(doc: _Doc) -> None:
    text = doc.text
    gov = _gov_level_re()
    tail = _gov_tail_re()
    name = _gov_name_re()
    generic = _gov_generic_re()
    for m in _WORK_RE.finditer(text, timeout=_TIMEOUT):
        s, e = m.span(1)
        inner = m.group(1)
        issuer = 0
        for rx in (name, gov, tail):
            mm = rx.match(inner, timeout=_TIMEOUT)
            if mm and mm.end() > issuer:
                issuer = mm.end()
        for k in range(5):  # 白鹭|区科学技术局…: a department after a place
            mm = generic.match(text, s + k, e, timeout=_TIMEOUT)
            if mm and mm.end() - s > issuer and _dept_words_ok(doc, *mm.span("mid")) \
                    and _suffix_ok(doc, *mm.span("suf")) and _level_start(doc, s + k) == s:
                issuer = mm.end() - s
        nxt = s + issuer
        verb_next = nxt in doc.starts and doc.starts[nxt][:1] == "v" and e - nxt >= 4
        if issuer and (verb_next or _TITLE_AFTER_ISSUER.match(inner[issuer:])):
            doc.add(s, s + issuer, "ORG_GOV")
            rest = s + issuer
            doc.add(rest, e, "WORK", inner)
        else:
            doc.add(s, e, "WORK", inner)


@functools.cache
def _lexicon_re(lexicon: Lexicon) -> regex.Pattern | None:
    names = [n for n, _ in lexicon.entries]
    return regex.compile(_alt(names)) if names else None


def _user(doc: _Doc, lexicon: Lexicon | None) -> None:
    if lexicon is None or not lexicon.entries:
        return
    rx = _lexicon_re(lexicon)
    labels = dict(lexicon.entries)
    _add_all(doc, [(m.start(), m.end(), labels[m.group()], "") for m in rx.finditer(doc.text, timeout=_TIMEOUT)])


# --------------------------------------------------------------------------- organisations
_BAD_PLACE_TAGS = frozenset(("v", "z", "i", "d", "ad", "p", "c", "u", "uj", "r", "a", "l", "f", "t"))


def _place_ok(doc: _Doc, s: int, e: int, level: str) -> bool:
    """A generic place before a level (下沙 in 下沙街道办事处) must be made of name-like words."""
    if any(c in _NOT_GIVEN or not _is_han(c) for c in doc.text[s:e]):
        return False
    if not doc.is_boundary(s):
        return False
    if any(c in "由向从以于为将经据按请" for c in doc.text[s:e]):
        return False
    if level in ("街道", "镇", "乡") and e - s == 2:
        return True
    i = doc.tok_index(s)
    while i < len(doc.tok_start) and doc.tok_start[i] < e:
        w = doc.text[doc.tok_start[i]:doc.tok_end[i]]
        if doc.tok_tag[i] in _BAD_PLACE_TAGS or doc.tok_tag[i].startswith("v") or len(w) == 2 and _ordinary(w):
            return False  # 会议由市人大常委会: 会议 is no place
        i += 1
    return True


_LEVEL_BAD_PREV = {
    "区": frozenset("社小园景辖片城山矿厂校营湾郊市街分专灾疫风"),
    "市": frozenset("城都超门股夜菜楼上"),
    "县": frozenset("郡州"),
    "镇": frozenset("城乡村重市"),
    "乡": frozenset("城家下故他异"),
}


_DEPT_JOINERS = frozenset(("和", "与"))
_NOUN_BEFORE_VERB = frozenset(("n", "vn", "j", "nz", "l"))


@functools.cache
def _dept_verbs() -> frozenset[str]:
    return frozenset(_gov()["verb"])


def _dept_verb(doc: _Doc, i: int) -> bool:
    """Token ``i`` is a verb of department names after a noun (住房|保障, 市场|监督), not 下设 or 开展."""
    w = doc.text[doc.tok_start[i]:doc.tok_end[i]]
    return w in _dept_verbs() and i > 0 and doc.tok_tag[i - 1] in _NOUN_BEFORE_VERB
_GLUE = frozenset("由在向对与和及将把被从为给让获经据按内")


def _known_word(word: str) -> bool:
    """``word`` is in the tagger's dictionary (jieba's words plus textkit's)."""
    tk = _tagger()
    if tk is None:  # pragma: no cover - rjieba is installed with textkit
        return word in _dictionary()[1]
    return bool(tk.has_word(word))


def _glued(word: str) -> bool:
    """A function word glued by the segmenter to the next name: 由县, 获港兴 (not 向阳, 和平: real words)."""
    return len(word) >= 2 and word[0] in _GLUE and not _known_word(word)


def _dept_words_ok(doc: _Doc, s: int, e: int, *, nouns_only: bool = False) -> bool:
    """``text[s:e]`` is made of department words: 科学技术, 劳动人事争议, 人力资源和社会保障, 党建.

    It starts at a word, holds no verb, pronoun, adverb, preposition, title or digit; 和/与/及 only join
    two words inside it.  ``nouns_only`` (no level in front) also refuses adjectives and the like.
    """
    text = doc.text
    if s >= e or s not in doc.starts or not all(_is_han(c) for c in text[s:e]):
        return False
    i = doc.tok_index(s)
    while i < len(doc.tok_start) and doc.tok_start[i] < e:
        ts, te, tag = doc.tok_start[i], doc.tok_end[i], doc.tok_tag[i]
        w = text[ts:min(te, e)]
        if w in _DEPT_JOINERS and (w == "和" or not nouns_only and w == "与"):
            if ts == s or te >= e:
                return False
        elif (tag.startswith("v") and tag != "vn" and not (ts > s and _dept_verb(doc, i))) \
                or tag in _STOP_TAGS or tag.startswith("u") \
                or w in _titles() or any(c in _FUNCTION or c in _MASK for c in w) or _glued(text[ts:te]):
            return False  # a verb only after a noun: 住房|保障, 市场|监督, 综合|执法
        elif nouns_only and tag not in ("n", "nz", "ns", "nt", "j", "l", "vn", "x", "ng", "nr"):
            return False
        i += 1
    return True


def _suffix_ok(doc: _Doc, ss: int, se: int) -> bool:
    """The suffix ``text[ss:se]`` (局, 部, 处) is a word of its own or ends a longer word (保障局, 事务处), and does
    not run on into an ordinary word (部|署, 处|理, 局|面, 委|托)."""
    text = doc.text
    if ss not in doc.starts:  # 保障|局 and 事务|处 end a word; 村干|部 and 东中|部 do not
        i = doc.tok_index(ss)
        rest = text[doc.tok_start[i]:ss]
        if doc.tok_end[i] != se or len(rest) < 2:
            return False
        if _dictionary()[1].get(text[ss - 1:ss + 1], (0, ""))[0] >= 1000:
            return False  # 村|干部, 东|中部, 经济|布局
        freq, tag = _dictionary()[1].get(rest, (0, ""))
        if tag[:1] == "v" and tag != "vn" and freq < 1000:
            return False  # 开好|局
    if se < len(text) and _is_han(text[se]) and _dictionary()[1].get(text[se - 1:se + 1], (0, ""))[0] >= 50:
        return False
    return True


def _left_edge(doc: _Doc, p: int) -> bool:
    """A name may start at ``p``: start of text, after punctuation, or after a function word (在, 与, 由)."""
    text = doc.text
    if p == 0 or not _is_han(text[p - 1]) or p in doc.title_end:
        return True
    return any(text[p - n:p] in _left_bounds() for n in (1, 2, 3)) and p in doc.starts


def _level_start(doc: _Doc, ls: int) -> int | None:
    """Where a body whose level starts at ``ls`` begins: at a place before it (澄湖|区, 中共|金山|县) or at ``ls``."""
    text = doc.text
    start = None
    for plc in _places():
        if text.startswith(plc, ls - len(plc)) and ls - len(plc) >= 0:
            start = ls - len(plc)
            break
    if start is None:
        for n in (4, 3, 2):
            p = ls - n
            if p < 0 or p not in doc.starts or not _left_edge(doc, p):
                continue
            place = text[p:ls]
            if any(c in _NOT_GIVEN or c in _FUNCTION or not _is_han(c) for c in place):
                continue
            if n == 2 and _ordinary(place):
                continue
            i, bad = doc.tok_index(p), False
            while i < len(doc.tok_start) and doc.tok_end[i] <= ls:
                tag = doc.tok_tag[i]
                w = text[doc.tok_start[i]:doc.tok_end[i]]
                if tag in _BAD_PLACE_TAGS or tag.startswith("v") or w in _titles() or _glued(w):
                    bad = True
                    break
                i += 1
            if not bad:
                start = p
                break
    if start is None:
        if ls not in doc.starts:
            i = doc.tok_index(ls)
            if not (doc.tok_start[i] == ls - 1 and _glued(text[ls - 1:doc.tok_end[i]])):
                return None  # 由区|…: the segmenter glued 由 to the level
        start = ls
    if text.startswith("中共", start - 2):
        start -= 2
    return start


def _generic_bodies(doc: _Doc) -> list[tuple[int, int, str, str]]:
    """Departments by generic suffix: 澄湖区科学技术局, 区委组织部, 镇党建办, 区劳动人事争议仲裁院 (after a
    level) and 社会福利署, 民政事务处 (four or more department words after a function word or punctuation)."""
    text = doc.text
    cands = []
    for m in _gov_generic_re().finditer(text, overlapped=True, timeout=_TIMEOUT):
        ms, me = m.span("mid")
        ss, se = m.span("suf")
        if not _dept_words_ok(doc, ms, me) or not _suffix_ok(doc, ss, se) or _other_tail_re().search(text, ms, me):
            continue  # 镇中心卫生院住院部 is a hospital's ward
        start = _level_start(doc, m.start())
        if start is not None:
            cands.append((start, se, "ORG_GOV", ""))
    for m in _gov_bare_re().finditer(text, timeout=_TIMEOUT):
        ss, se = m.span()
        if not _suffix_ok(doc, ss, se):
            continue
        for n in (8, 7, 6, 5, 4):
            p = ss - n
            if p >= 0 and _left_edge(doc, p) and _dept_words_ok(doc, p, ss, nouns_only=True) \
                    and not _other_tail_re().search(text, p, ss):
                cands.append((p, se, "ORG_GOV", ""))
                break
    return cands


def _trim_tail_start(doc: _Doc, s: int, ts: int) -> int:
    """Start of a full name ending in a tail word at ``ts``, past verbs, prepositions, titles and names
    read into it (钱某兼任|办公室 → 办公室, 由|委办公室 → 委办公室)."""
    text = doc.text
    i = doc.tok_index(s)
    start = s
    while i < len(doc.tok_start) and doc.tok_start[i] < ts:
        a, b, tag = doc.tok_start[i], doc.tok_end[i], doc.tok_tag[i]
        w = text[a:min(b, ts)]
        if w in _DEPT_JOINERS and a > start and b < ts:
            pass
        elif (tag.startswith("v") and tag != "vn" and not (a > start and _dept_verb(doc, i))) \
                or tag in ("p", "c", "r", "d", "m", "q", "f", "t") \
                or tag.startswith("u") or tag.startswith("nr") and b < ts or w in _titles() \
                or any(c in _FUNCTION for c in w):
            start = min(b, ts)
        elif a >= start and _glued(text[a:b]) and not _after_place(doc, i):
            start = a + 1  # 向市|应急管理局: 向 glued to the level
        i += 1
    return start


def _orgs(doc: _Doc) -> None:
    text = doc.text
    cands: list[tuple[int, int, str, str]] = []
    gov_names: list[tuple[int, int, str, str]] = []
    for rx, label in ((_gov_name_re(), "ORG_GOV"), (_company_name_re(), "ORG_COMPANY"), (_other_name_re(), "ORG_OTHER")):
        for m in rx.finditer(text, timeout=_TIMEOUT):
            s, e = m.span()
            if m.end() - m.start() > 3 or doc.is_boundary(s) and doc.is_boundary(e):  # 其中粮食 is no 中粮
                (gov_names if label == "ORG_GOV" else cands).append((s, e, label, ""))
    _add_all(doc, cands)

    # level + head bodies (区经委, 中共山东省委, 下沙街道办事处), generic departments (区科学技术局), known
    # names (发改委); longest first, so 区发改委 wins over 发改委
    cands = gov_names + _generic_bodies(doc)
    gov_name_set = frozenset(_gov()["name"])
    level_re, tail_re = _gov_level_re(), _gov_tail_re()
    level_hits: list[regex.Match] = []
    tail_hits: list[regex.Match] = []
    for core in _gov_core_re().finditer(text, overlapped=True, timeout=_TIMEOUT):
        cs, ce = core.span()
        level_hits += _widen(level_re, text, cs, ce, 8)[:1]
        tail_hits += _widen(tail_re, text, cs, ce, 10)[:1]
    for m in level_hits:
        s, e = m.span()
        if m.group("level") in gov_name_set and m.group("head") in ("政府", "人民政府"):
            continue  # 国务院|政府工作报告
        if m.group("solo") is None:
            lvl_s = m.start("level")
            prev = text[lvl_s - 1] if lvl_s else ""
            lvl = m.group("level")
            if m.group("gplace") is not None:
                if not _place_ok(doc, m.start("gplace"), m.end("gplace"), lvl):
                    s = lvl_s if not m.group("party") else s
                    if m.group("party"):
                        continue
            elif m.group("place") is None and m.group("party") is None and prev in _LEVEL_BAD_PREV.get(lvl[0], ()):
                continue
            if not doc.is_boundary(e) and text[e:e + 1] not in ("书", "常", "副", "主", "委", "办", "第"):
                # 区委员 / 市政府采购: the head runs on into another word
                if e < len(text) and _is_han(text[e]) and (e - 1) >= 0 and doc.tok_index(e - 1) == doc.tok_index(e):
                    continue
        cands.append((s, e, "ORG_GOV", ""))
    for m in tail_hits:
        e = m.end()
        s = _trim_tail_start(doc, m.start(), m.start("tail"))
        pre = text[s:m.start("tail")]
        if not pre or any(c in _FUNCTION for c in pre.strip("和与及")) and not all(
                c in _DEPT_JOINERS or c not in _FUNCTION for c in pre):
            continue
        label = "ORG_GOV" if _GOV_HINT.search(pre) else "ORG_OTHER"
        cands.append((s, e, label, ""))
    _add_all(doc, cands)

    # companies by legal form, brand read back over noun-like words
    cands = []
    for m in _company_form_re().finditer(text, timeout=_TIMEOUT):
        s, e = m.span()
        if not doc.is_boundary(e):
            continue
        strong = m.group() in _STRONG_FORMS
        b = _brand_start(doc, s, verbs=1 if strong else 0, strong=strong)
        if b is None or _DOC_NUMBER.match(text, e):
            continue  # 某集团发〔2019〕3号: an issuer code in a document number
        if doc.tok_start[doc.tok_index(s)] < s and text[doc.tok_start[doc.tok_index(s)]:s] in _nobrand():
            continue  # 上市公司 is one word
        brand = text[b:s]
        form = m.group()
        if len(brand) < (1 if form in ("厂", "饭店", "酒店", "宾馆") else 2):
            continue
        if form not in _STRONG_FORMS and form not in _PLAIN_FORMS and not _proper(doc, b, s):
            # 黄金集团 in a list (地矿集团、黄金集团) is still a company
            if not (form == "集团" and len(brand) == 2 and (b == 0 or not _is_han(text[b - 1]))):
                continue
        if brand in _nobrand() or brand[:1] in _nobrand() and len(brand) == 1:
            continue
        if brand[-1:] in "工代" and form == "厂" or _NUMERAL_START.match(brand):
            continue  # 工厂, 三级子公司
        cands.append((b, e, "ORG_COMPANY", ""))
    _add_all(doc, cands)

    # institutions' party committees and other organisations
    cands = []
    for m in _inst_party_re().finditer(text, timeout=_TIMEOUT):
        cands.append((m.start(), m.end(), "ORG_OTHER", ""))
    for m in _other_tail_re().finditer(text, timeout=_TIMEOUT):
        s, e = m.span()
        if not doc.is_boundary(e) and e < len(text) and _is_han(text[e]) and doc.tok_index(e - 1) == doc.tok_index(e):
            continue
        b = _brand_start(doc, s, stop_heads=False, verbs=0)
        tail = m.group()
        if b is None or (b == s and tail in ("支部", "专班", "学校", "医院", "大学", "学院", "中学", "小学")):
            continue
        if _INSTITUTION_WORD.search(tail) and not _proper(doc, b, s):
            continue  # 公立医院, 高水平大学: kinds of institution, not names
        cands.append((b, e, "ORG_OTHER", ""))
    _add_all(doc, cands)

    # short company names: uncommon brand + trade word (华源矿业, 新润农业)
    cands = []
    for m in _company_trade_re().finditer(text, timeout=_TIMEOUT):
        s, e = m.span()
        if not doc.is_boundary(s) or not doc.is_boundary(e):
            continue
        i = doc.tok_index(s) - 1
        if i < 0:
            continue
        b = doc.tok_start[i]
        brand = text[b:s]
        if len(brand) != 2 or not all(_is_han(c) for c in brand) or _ordinary(brand):
            continue
        if doc.tok_tag[i] not in ("nz", "ns", "nr", "n", "x", "j", "nrt") or not doc.free(b, e):
            continue
        prev = doc.tok_tag[i - 1] if i else "x"
        if prev not in ("x", "v", "p", "c", "") and not doc.ent_ending_at(b, ("ORG_COMPANY",)):
            continue
        doc.add(b, e, "ORG_COMPANY")  # left to right: 东新科贸新润农业 → two companies


_ALIAS_RE = regex.compile(
    r"\s*[（(]\s*(?P<decl>(?:以下|下文)?(?:简称|称)\s*[:：为]?)?\s*[“\"「『‘]?"
    r"(?P<alias>[\p{Han}A-Za-z0-9]{2,10}?)[”\"」』’]?\s*[）)]"
)
_SHORT_FORMS = regex.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团股份有限公司|集团公司|集团)$")


def _short_names(doc: _Doc) -> None:
    """Short names a document derives from a company's full name.

    - declared ones: ``东岳电机有限公司（以下简称“东岳电机”）``, ``某某银行有限公司（某某银行）``;
    - used ones: ``桐山智云信息技术有限公司`` lends ``智云信息`` (brand + first trade characters) and
      ``溪口光电科技有限公司`` lends ``溪口光电`` to later mentions: the short name is the brand (the core
      without a leading place, two uncommon characters) followed by at least two more characters of the core.
    """
    text = doc.text
    fulls = [(s, e) for (s, e), (label, _) in doc.ents.items() if label == "ORG_COMPANY" and _SHORT_FORMS.search(text[s:e])]
    if not fulls:
        return
    shorts: set[str] = set()
    for s, e in fulls:
        full = text[s:e]
        m = _ALIAS_RE.match(text, e, min(len(text), e + 30), timeout=_TIMEOUT)
        if m:
            alias = m.group("alias")
            if (m.group("decl") or alias[:2] in full) and not _NOT_AN_ALIAS.search(alias):
                a = m.start("alias")
                if doc.add(a, a + len(alias), "ORG_COMPANY"):
                    shorts.add(alias)
        core = full[:_SHORT_FORMS.search(full).start()]
        starts = {0}
        for plc in _places():
            if core.startswith(plc):
                k = len(plc) + (1 if core[len(plc):len(plc) + 1] in "省市县区" else 0)
                starts = {k}
                break
        else:
            if len(core) >= 6:
                starts.add(2)  # an unknown place of two characters may lead the name
        for i in starts:
            brand = core[i:i + 2]
            if len(brand) < 2 or not all(_is_han(c) for c in brand) or _ordinary(brand) or brand in _places() \
                    or _known_word(core[i:i + 3]) or _known_word(core[i:i + 4]):
                continue  # 新能源汽车: an ordinary word, no brand
            for j in range(i + 4, min(len(core), i + 8) + 1):
                shorts.add(core[i:j])
    shorts = {x for x in shorts if all(_is_han(c) or c.isalnum() for c in x)}
    if not shorts:
        return
    for a, b in _occurrences(text, shorts):
        if not doc.free(a, b) or _DOC_NUMBER.match(text, b):
            continue
        if a > 0 and _is_han(text[a - 1]) and a not in doc.starts and not _left_edge(doc, a):
            continue
        if b < len(text) and _is_han(text[b]) and b not in doc.starts and doc.tok_index(b - 1) == doc.tok_index(b):
            continue
        doc.add(a, b, "ORG_COMPANY")


@functools.cache
def _nobrand() -> frozenset[str]:
    return frozenset(_company()["nobrand"] + _company()["stop"])


_DOC_NUMBER = regex.compile(r"\s*(?:发|函|字|办)?\s*[〔\[［(（【]\s*(?:19|20)\d\d")
_STRONG_FORMS = frozenset("股份有限公司 有限责任公司 有限公司 集团有限公司 集团股份有限公司 集团有限责任公司".split())
_PLAIN_FORMS = frozenset("厂 总厂 分厂 饭店 大饭店 酒店 大酒店 宾馆".split())


def _proper(doc: _Doc, b: int, s: int) -> bool:
    """Whether the brand ``text[b:s]`` holds a proper name: a known place, a rare word or a name-like tag.

    ``武汉|卷烟`` and ``华普|磨具`` do; ``证券``, ``影子``, ``公立`` (ordinary words) do not.
    """
    text = doc.text
    if any(text.startswith(p, b) for p in _places()):
        return True
    i = doc.tok_index(b)
    while i < len(doc.tok_start) and doc.tok_start[i] < s:
        w = text[doc.tok_start[i]:min(doc.tok_end[i], s)]
        tag = doc.tok_tag[i]
        if tag in ("nz", "nr", "nrt", "nrfg", "eng") or any(c.isascii() and c.isalnum() for c in w):
            return True
        if len(w) == 2 and _dictionary()[1].get(w, (0, ""))[0] < 300 and w not in _titles():
            return True
        i += 1
    return False


def _after_place(doc: _Doc, i: int) -> bool:
    """Token ``i`` follows a place name (上海|向隆电子): it starts a brand rather than gluing a verb to one."""
    if i <= 0:
        return False
    w = doc.text[doc.tok_start[i - 1]:doc.tok_end[i - 1]]
    return doc.tok_tag[i - 1] == "ns" or w in _places() or len(w) >= 3 and w[-1] in "省市县区"


_TRADE_HEADS = frozenset(("工程", "项目"))
_GENERIC_END = regex.compile(r"..(?:企业|公司|集团|单位|厂家|商户)$")


def _brand_start(doc: _Doc, s: int, *, stop_heads: bool = True, max_len: int = 12, verbs: int = 1,
                 strong: bool = False) -> int | None:
    """Where the name before a head word at ``s`` begins: read back over noun-like words.

    ``上海百特医疗用品|有限公司`` → start of 上海; ``717总队建国|饭店`` → start of 建国 (总队 is another body's head);
    leading verbs are trimmed (确定上海百特… → 上海百特…).
    """
    text = doc.text
    i = doc.tok_index(s)
    b = s
    if i >= 0 and doc.tok_start[i] < s:  # the head starts inside a word (钢厂): the word's start is the brand's
        b = doc.tok_start[i]
        i -= 1
    else:
        i -= 1
    n_verbs = 0
    while i >= 0:
        ts, te, tag = doc.tok_start[i], doc.tok_end[i], doc.tok_tag[i]
        w = text[ts:te]
        if s - ts > max_len or not all(_is_han(c) or c.isalnum() for c in w):
            break
        if not doc.free(ts, te):
            break
        if _glued(w) and not _after_place(doc, i):
            b = ts + 1  # 辖区内桐|山… : the segmenter glued 内 to the brand (上海|向隆 is a brand)
            break
        if w in _nobrand() or w in _left_bounds() or (stop_heads and w in _HEAD_STOP) or w in _titles():
            if not (strong and w in _TRADE_HEADS and ts + len(w) == s):
                break  # …路桥工程|有限公司: a trade word right before the legal form is part of the name
        if tag in _STOP_TAGS or tag.startswith("u") or tag == "b" or _GENERIC_END.search(w):
            break  # 省级|龙头企业|鑫禾米业有限公司
        if tag.startswith("v") and tag != "vn":
            n_verbs += 1
            if n_verbs > verbs:
                break
        b = ts
        i -= 1
    # trim leading verbs and digits
    while b < s:
        j = doc.tok_index(b)
        tag = doc.tok_tag[j]
        w = text[doc.tok_start[j]:doc.tok_end[j]]
        if (tag.startswith("v") and tag != "vn") or tag == "m" and not w.isdigit() or w in _nobrand():
            b = doc.tok_end[j]
        else:
            break
    j = doc.tok_index(b)
    if b < s and doc.tok_start[j] == b and _glued(text[b:doc.tok_end[j]]) and not _after_place(doc, j):
        b += 1  # 获港兴|银行: the verb glued to the brand is no part of it
    return b


# --------------------------------------------------------------------------- people
def _given_ok(given: str) -> bool:
    """Given names avoid function and date characters; 月/日 are fine inside a two-character one (江月华)."""
    if not given or not all(_is_han(c) and c not in _MASK for c in given):
        return False
    return all(c not in _NOT_GIVEN or len(given) == 2 and c in "月日" for c in given)


def _name_ok(doc: _Doc, s: int, e: int) -> bool:
    """``text[s:e]`` can be a full name: surname + 1–2 characters, not masked, no ordinary word, no title."""
    text = doc.text
    cand = text[s:e]
    compound, single = _surnames()
    if cand[:2] in compound and 3 <= len(cand) <= 4:
        given = cand[2:]
    elif cand[:1] in single and 2 <= len(cand) <= 3:
        given = cand[1:]
    else:
        return False
    if not _given_ok(given) or cand in _common_words() or cand[:2] in _common_words() and len(cand) == 2:
        return False
    if any(p in doc.title_at for p in range(s, e)):
        return False  # 王书记, 李主任: a title inside
    if any(p in doc.title_end for p in range(s + 1, e)):
        return False
    return doc.free(s, e)


def _right_score(doc: _Doc, e: int) -> float:
    """How well a name may end at ``e``: punctuation, a title, a follower word (指出, 及) or a word start."""
    text = doc.text
    if e >= len(text) or not _is_han(text[e]):
        return 2.0
    score = 0.0
    if e in doc.title_at:
        score = 2.0 + len(doc.title_at[e][1]) / 10
    fol = _followers()
    for n in (4, 3, 2, 1):
        if text[e:e + n] in fol:
            score = max(score, 1.0 + n / 10)
            break
    if e in doc.starts:
        if score:
            score += 0.5
        elif doc.starts[e][:1] in ("v", "d", "p", "c") or doc.starts[e] == "ad":
            score = 1.0  # 陶立平|一同 调研: a verb, adverb, preposition or conjunction starts here
    return score


def _left_ok(doc: _Doc, s: int) -> bool:
    text = doc.text
    if s == 0 or not _is_han(text[s - 1]):
        return True
    if s in doc.title_end:
        return True
    lb = _left_bounds() | _followers()
    return any(text[s - n:s] in lb for n in (1, 2, 3))


def _name_forward(doc: _Doc, s: int) -> int | None:
    """End of the name starting at ``s`` (组长|李春花|及 → end of 李春花), or None."""
    text = doc.text
    best, best_score = None, 0.0
    compound, _ = _surnames()
    base = 2 if text[s:s + 2] in compound else 1
    for g in (2, 1):
        e = s + base + g
        if e > len(text) or not _name_ok(doc, s, e):
            continue
        sc = _right_score(doc, e)
        if g == 2 and text[e - 1] in "任为兼" and e in doc.title_at:
            continue  # 戴平|任组长, not 戴平任
        if g == 2:
            sc += 0.05
        if sc > best_score:
            best, best_score = e, sc
    return best if best_score >= 1.0 else None


def _name_backward(doc: _Doc, e: int) -> int | None:
    """Start of the name ending at ``e`` (。|徐斌|主任), or None."""
    for n in (3, 2, 4):
        s = e - n
        if s >= 0 and _name_ok(doc, s, e) and _left_ok(doc, s):
            return s
    return None


def _role_text(doc: _Doc, ts: int, te: int) -> str:
    org = doc.ent_ending_at(ts)
    return doc.text[org[0]:te] if org else doc.text[ts:te]


def _titles_before(doc: _Doc, pos: int) -> list[str]:
    """The chain of posts ending at ``pos``: 区经委主任、党组副书记|徐斌 → [区经委主任, 党组副书记]."""
    text = doc.text
    roles: list[str] = []
    p = pos
    while p > 0 and text[p - 1] in _SPACE and pos - p < 2:
        p -= 1
    if p > 0 and text[p - 1] in "：:" and (p - 1) in doc.title_end:
        p -= 1  # 中心主任：陈某
    while p in doc.title_end:
        ts, word = doc.title_end[p]
        if _titles()[word] == "post":
            roles.insert(0, _role_text(doc, ts, p))
        org = doc.ent_ending_at(ts)
        q = org[0] if org else ts
        if q > 0 and text[q - 1] in "、和及与兼" and (q - 1) in doc.title_end:
            p = q - 1  # 区经委主任、党组副书记; 董事长兼总经理
        else:
            break
    return roles


def _titles_after(doc: _Doc, pos: int) -> list[str]:
    text = doc.text
    roles = []
    p = pos
    while p in doc.title_at:
        te, word = doc.title_at[p]
        if _titles()[word] == "post":
            roles.append(word)
        if te < len(text) and text[te] == "、" and (te + 1) in doc.title_at:
            p = te + 1
        else:
            break
    return roles


def _people(doc: _Doc) -> dict[tuple[int, int], list[str]]:
    """Anchor people on titles; returns extra roles shared by lists (X、Y任副组长)."""
    text = doc.text
    shared: dict[tuple[int, int], list[str]] = {}

    def take_list(first: tuple[int, int]) -> list[tuple[int, int]]:
        names = [first]
        e = first[1]
        while e < len(text) and text[e] == "、":
            ne = _name_forward(doc, e + 1)
            if ne is None:
                break
            names.append((e + 1, ne))
            e = ne
        return names

    def after_list(names: list[tuple[int, int]]) -> list[str]:
        e = names[-1][1]
        m = _APPOINTED.match(text[e:e + 2])
        return _titles_after(doc, e + m.end()) if m else []

    for ts, (te, word) in sorted(doc.title_at.items()):
        kind = _titles()[word]
        # title before the name(s): 组长李春花, 副区长冷强军、聂洪
        if kind in ("post", "intro"):
            p = te
            if text[p:p + 1] in ("：", ":"):
                p += 1  # 中心主任：陈某 (a signature or a list of posts)
            while p < len(text) and text[p] in _SPACE and p - te < 3:
                p += 1
            ne = _name_forward(doc, p) if p < len(text) else None
            if ne is not None:
                names = take_list((p, ne))
                extra = after_list(names)
                roles = _titles_before(doc, p) if kind == "post" else []
                for span in names:
                    if doc.add(span[0], span[1], "PERSON"):
                        shared[span] = roles + extra
                prev = _coordinated_before(doc, names[0][0]) if extra else None
                while prev is not None:  # 副局长韩某和纪检组长孟某任副组长: 韩某 is 副组长 too
                    have = shared.setdefault(prev, [])
                    have.extend(r for r in extra if r not in have)
                    prev = _coordinated_before(doc, prev[0])
        # title after the name(s): 徐斌主任, 戴平同志, 黄勤为、郭士超任副组长
        if kind in ("post", "honor"):
            e = ts
            if text[ts - 1:ts] == "任" or text[ts - 2:ts] in ("担任", "兼任"):
                e = ts - (2 if text[ts - 2:ts] in ("担任", "兼任") else 1)
                roles = [word] if kind == "post" else []
            else:
                roles = []
            s = _name_backward(doc, e)
            while s is not None:
                if doc.add(s, e, "PERSON"):
                    shared[(s, e)] = list(roles)
                elif doc.ents.get((s, e), ("",))[0] == "PERSON":
                    shared.setdefault((s, e), []).extend(r for r in roles if r not in shared[(s, e)])
                else:
                    break
                if s > 0 and text[s - 1] == "、" and roles:
                    e = s - 1
                    s = _name_backward(doc, e)
                elif roles and (prev := _coordinated_before(doc, s)) is not None:
                    s, e = prev  # 副主任韩某和纪检组长沈某任副组长: both are 副组长
                else:
                    break
    _bylines(doc)
    return shared


def _title_chain_start(doc: _Doc, pos: int) -> int:
    """Start of the posts written right before ``pos`` (镇党委副书记、镇长|邹某 → start of 镇党委…), or ``pos``."""
    text = doc.text
    q = pos
    while q in doc.title_end:
        ts = doc.title_end[q][0]
        org = doc.ent_ending_at(ts)
        q = org[0] if org else ts
        if not org and q > 0 and text[q - 1] in _LEVEL_CHARS:
            q -= 1  # 镇|党委副书记
        if q > 0 and text[q - 1] == "、" and (q - 1) in doc.title_end:
            q -= 1
        else:
            break
    return q


def _coordinated_before(doc: _Doc, s: int) -> tuple[int, int] | None:
    """The person listed before the one at ``s`` in a list of titled people that share a post:
    ``副主任韩某和纪检组长沈某任副组长``, ``副局长何某，纪委书记罗某任副组长`` (a comma only between titled people)."""
    text = doc.text
    q = _title_chain_start(doc, s)
    if q <= 1 or text[q - 1] not in "、和及与，,":
        return None
    end = q - 1
    i = bisect.bisect_left(doc.occupied, (end, -1)) - 1
    if i < 0:
        return None
    ps, pe = doc.occupied[i]
    if pe != end or doc.ents[(ps, pe)][0] != "PERSON":
        return None
    if text[q - 1] in "，," and (q == s or _title_chain_start(doc, ps) == ps):
        return None
    return ps, pe


def _bylines(doc: _Doc) -> None:
    """An author's name alone on one of the first lines (王耀生 under the title)."""
    text = doc.text
    pos = 0
    for _ in range(6):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        line = text[pos:end]
        stripped = line.strip(" \u3000")
        if 2 <= len(stripped) <= 4:
            s = pos + line.index(stripped)
            if _name_ok(doc, s, s + len(stripped)):
                doc.add(s, s + len(stripped), "PERSON")
        if nl < 0:
            break
        pos = nl + 1


def _propagate(doc: _Doc) -> None:
    """Document-level consistency: other mentions of a person or company string get the same label."""
    text = doc.text
    by_label: dict[str, set[str]] = {}
    for (s, e), (label, _) in doc.ents.items():
        if label in ("PERSON", "ORG_COMPANY", "ORG_GOV") and e - s >= 2:
            by_label.setdefault(label, set()).add(text[s:e])
    for label in ("PERSON", "ORG_COMPANY", "ORG_GOV"):
        names = by_label.get(label)
        if not names:
            continue
        for s, e in _occurrences(text, names):
            if not doc.free(s, e):
                continue
            if label == "PERSON":
                if e < len(text) and _is_han(text[e]) and _right_score(doc, e) < 1.0 and e not in doc.starts:
                    continue
                if _IDEOLOGY.match(text, e) and not text.startswith("论", e) or text.startswith("论", e) and len(text) > e + 1 and text[e + 1] in "科如何":
                    continue
                if s > 0 and _is_han(text[s - 1]) and s not in doc.starts and not _left_ok(doc, s):
                    continue
            doc.add(s, e, label)


def _locations(doc: _Doc) -> None:
    cands = []
    for m in _loc_re().finditer(doc.text, timeout=_TIMEOUT):
        s, e = m.span()
        if doc.is_boundary(s) and (doc.is_boundary(e) or e - s >= 3):
            cands.append((s, e, "LOC", ""))
    _add_all(doc, cands)


# --------------------------------------------------------------------------- canonical forms
_LEVEL_CHARS = "省市区县镇乡州"


def _abbrev_of(short: str, full: str) -> bool:
    """Whether ``short`` abbreviates ``full``: 区经委 ~ 金山区经济委员会, 市国资委 ~ 市国有资产监督管理委员会."""
    if short == full or len(short) >= len(full):
        return False
    if short in full:
        return True
    lvl = short[0] if short[0] in _LEVEL_CHARS else ""
    core = short[len(lvl):]
    rest = full
    if lvl:
        k = full.find(lvl)
        if k < 0:
            return False
        rest = full[k + 1:]
    if not core or core[0] != rest[:1]:
        return False
    # subsequence with the last character a head (委 ← 委员会, 办 ← 办公室)
    it = iter(rest)
    if not all(c in it for c in core):
        return False
    return rest.endswith(core[-1]) or rest.endswith(core[-1] + "员会") or rest.endswith(core[-1] + "公室") or core[-1] in rest[-3:]


_COMPANY_STRIP = regex.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团公司|集团|总公司|公司)$")


def _company_core(name: str) -> str:
    core = _COMPANY_STRIP.sub("", name)
    for p in sorted(_places(), key=len, reverse=True):
        if core.startswith(p) and len(core) - len(p) >= 2:
            core = core[len(p):]
            core = core[1:] if core[:1] in "省市" and len(core) > 3 else core
            break
    return core


def _canonicals(text: str, spans: list[tuple[int, int, str, str]]) -> dict[tuple[int, int], str]:
    out: dict[tuple[int, int], str] = {}
    names: dict[str, set[str]] = {}
    for s, e, label, _ in spans:
        names.setdefault(label, set()).add(text[s:e])
    for s, e, label, hint in spans:
        t = text[s:e]
        if label == "WORK":
            out[(s, e)] = hint or t
            continue
        best = t
        if label == "ORG_GOV":
            for f in names.get("ORG_GOV", ()):
                if len(f) > len(best) and _abbrev_of(t, f):
                    best = f
        elif label == "ORG_COMPANY":
            core = _company_core(t)
            for f in names.get("ORG_COMPANY", ()):
                if len(f) > len(best) and (t in f or (len(core) >= 2 and core in _company_core(f))):
                    best = f
        out[(s, e)] = best
    return out


# --------------------------------------------------------------------------- entry point
def find_entities(text: str, *, lexicon: Lexicon | None = None, segmenter: Segmenter | None = None) -> list[Entity]:
    """People, organisations, places and works of one document, sorted by offset and non-overlapping.

    >>> [(e.label, e.text, e.roles) for e in find_entities("区经委主任、党组副书记徐斌出席会议。")]
    [('ORG_GOV', '区经委', ()), ('PERSON', '徐斌', ('区经委主任', '党组副书记'))]

    ``text`` is the analysis text of a whole document; ``lexicon`` adds user names (see
    :func:`load_lexicon`); ``segmenter`` gives word boundaries instead of textkit's rjieba tagger
    (without POS tags, so a little less precise).  ``text[e.char_start:e.char_end] == e.text`` holds for
    every entity.  Raises ValueError when ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be str, not {type(text).__name__}")
    if lexicon is not None and not isinstance(lexicon, Lexicon):
        raise ValueError("lexicon must be a textkit.entities.Lexicon (see load_lexicon)")
    if not text.strip():
        return []
    doc = _Doc(text, segmenter)
    _works(doc)
    _user(doc, lexicon)
    _orgs(doc)
    _short_names(doc)
    shared = _people(doc)
    _propagate(doc)
    _locations(doc)

    spans = sorted((s, e, label, hint) for (s, e), (label, hint) in doc.ents.items())
    canon = _canonicals(text, spans)
    out = []
    for s, e, label, _hint in spans:
        roles: tuple[str, ...] = ()
        if label == "PERSON":
            rs = _titles_before(doc, s) + shared.get((s, e), []) + _titles_after(doc, e)
            roles = tuple(dict.fromkeys(rs))
        out.append(Entity(label, text[s:e], s, e, canon[(s, e)], roles))
    return out
