"""The entity stage's data: textkit's lexicons (``resources/ent_*``), the user's, and their matchers.

Every word list is read once into a :class:`Resources` object (:func:`resources`); every gazetteer is an
Aho-Corasick automaton (:class:`Gazetteer`, ``pyahocorasick``) built once per lexicon, so a document is
scanned once per list, never once per name.

>>> g = Gazetteer(["区委", "区委常委会", "区政府"])
>>> g.longest("区委常委会和区政府")
[(0, 5, '区委常委会'), (6, 9, '区政府')]
"""

from __future__ import annotations

import functools
import os
from typing import Any
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick
import regex

from .. import resources as _res

LABELS = ("PERSON", "ORG_GOV", "ORG_COMPANY", "ORG_OTHER", "LOC", "WORK")
ORG_LABELS = ("ORG_GOV", "ORG_COMPANY", "ORG_OTHER")

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
_FIELD_SEP = regex.compile(r"\t|,(?=\s*[A-Za-z_]+\s*(?:,|$))")


class Gazetteer:
    """An Aho-Corasick automaton over ``words`` (each word may carry a value, by default the word).

    ``longest`` gives leftmost-longest non-overlapping matches (what a regex alternation of the words
    sorted longest first finds); ``all`` gives every match, overlapping ones included.
    """

    def __init__(self, words: Iterable[str] | dict[str, Any]) -> None:
        items = words.items() if isinstance(words, dict) else ((w, w) for w in words)
        self._auto = ahocorasick.Automaton()
        self.values: dict[str, Any] = {}  # what each word stands for: a lexicon entry, a kind, a rule name
        for w, v in sorted(items, key=lambda kv: kv[0]):  # sorted: the automaton is the same whatever the order
            if w:
                self._auto.add_word(w, w)
                self.values[w] = v
        if self.values:
            self._auto.make_automaton()

    def __contains__(self, word: str) -> bool:
        return word in self.values

    def __len__(self) -> int:
        return len(self.values)

    def longest(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, word)`` of leftmost-longest non-overlapping matches."""
        if not self.values or not text:
            return []
        return [(e + 1 - len(w), e + 1, w) for e, w in self._auto.iter_long(text)]

    def all(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, word)`` of every match, sorted by start, then longest first."""
        if not self.values or not text:
            return []
        return sorted(((e + 1 - len(w), e + 1, w) for e, w in self._auto.iter(text)), key=lambda m: (m[0], -m[1]))


# --------------------------------------------------------------------------- user lexicon
@dataclass(frozen=True)
class Lexicon:
    """User names with their labels and optional canonical names.

    ``Lexicon(entries=(("张三丰", "PERSON"), ("某某科技有限公司", "ORG_COMPANY")))``; an entry may have a
    third field, the canonical name (``("卫健委", "ORG_GOV", "市卫生健康委员会")``).  Built by
    :func:`load_lexicon`; names listed here are always reported with their label and win over textkit's
    own rules.
    """

    entries: tuple[tuple[str, ...], ...] = ()
    gazetteer: Gazetteer = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            if len(entry) not in (2, 3) or not entry[0] or entry[1] not in LABELS:
                raise ValueError(f"bad lexicon entry {entry!r}; an entry is (name, label[, canonical]) "
                                 f"with a label in {LABELS}")
        object.__setattr__(self, "gazetteer", Gazetteer({e[0]: e for e in self.entries}))

    def label_of(self, name: str) -> str | None:
        """The label of ``name`` or ``None``."""
        entry = self.gazetteer.values.get(name)
        return entry[1] if entry else None

    def canonical_of(self, name: str) -> str | None:
        """The canonical name the user declared for ``name``, or ``None``."""
        entry = self.gazetteer.values.get(name)
        return entry[2] if entry and len(entry) == 3 else None


def _guess_label(name: str) -> str:
    r = resources()
    if r.company_form_end.search(name):
        return "ORG_COMPANY"
    if r.gov_end.search(name):
        return "ORG_GOV"
    return "PERSON"


def load_lexicon(paths: Sequence[str | Path] | str | Path) -> Lexicon:
    """Read user lexicon files: one name a line, ``name<TAB>label``, or ``name<TAB>label<TAB>canonical``.

    Labels: PERSON/PER, ORG_GOV/GOV, ORG_COMPANY/COMPANY, ORG_OTHER/ORG, LOC; ``#`` starts a comment.
    The third field declares an alias: ``卫健委<TAB>GOV<TAB>市卫生健康委员会`` gives every 卫健委 the
    canonical 市卫生健康委员会.  A name without a label takes the label hinted by the file name
    (``people.txt`` → PERSON, ``companies.txt`` → ORG_COMPANY, ``gov_bodies.txt`` → ORG_GOV,
    ``orgs.txt`` → ORG_OTHER) or else the one its ending suggests (…有限公司 → ORG_COMPANY, …委员会 →
    ORG_GOV, otherwise PERSON).

    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "names.txt"
    >>> _ = p.write_text("张三丰\\n某某科技有限公司\\tORG_COMPANY\\n", encoding="utf-8")
    >>> load_lexicon([p]).entries
    (('张三丰', 'PERSON'), ('某某科技有限公司', 'ORG_COMPANY'))

    Raises ValueError for an unknown label and OSError for a file that cannot be read.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out: dict[str, tuple[str, ...]] = {}
    for path in paths:
        path = Path(path)
        stem = path.stem.lower()
        hint = next((lab for key, lab in _FILE_HINTS if key in stem), None)
        for n, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = [p.strip() for p in _FIELD_SEP.split(line) if p.strip()]
            name = parts[0]
            if len(parts) > 1:
                label = _LABEL_ALIASES.get(parts[1].upper())
                if label is None:
                    raise ValueError(f"{path}:{n}: unknown label {parts[1]!r}")
            else:
                label = hint or _guess_label(name)
            out[name] = (name, label, parts[2]) if len(parts) > 2 else (name, label)
    return Lexicon(tuple(out.values()))


# --------------------------------------------------------------------------- textkit's resources
def _words(name: str) -> list[str]:
    return [w for line in _res.read_lines(name) for w in line.split()]


def _kinds(name: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in _res.read_lines(name):
        parts = line.split()
        out.setdefault(parts[1] if len(parts) > 1 else "", []).append(parts[0])
    return out


def alt(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first (so the longest word wins at a position)."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _jieba_dictionary(single: frozenset[str], compound: frozenset[str], titles: Iterable[str]):
    """From jieba's own dictionary: ordinary words that look like names (平稳, 努力, 黄金), the frequency
    and tag of every two-character word (to tell an ordinary word from a brand: 现代 vs 华源), the longer
    words, and the names it knows (tagged nr, at least 10 uses: 克林顿, 江泽民; not 严格执行)."""
    import numpy as np

    from ..jieba_dict import dictionary  # dict.txt's lines as arrays, kept in textkit's cache

    d = dictionary()
    words, tags = d.words, d.tags
    rows = d.rows(max_chars=4)  # in the file's order: a word listed twice keeps its last frequency and tag
    two, longer_rows = rows[d.lengths[rows] == 2], rows[d.lengths[rows] > 2]
    freq: dict[str, tuple[int, str]] = dict(zip([words[i] for i in two.tolist()],
                                                zip(d.freqs[two].tolist(), [tags[k] for k in d.tag_codes[two].tolist()])))
    longer = {words[i] for i in longer_rows.tolist()}
    is_name = np.isin(d.tag_codes[rows], [k for k, t in enumerate(tags) if t.startswith("nr")])
    known_names = {words[i] for i in rows[is_name & (d.freqs[rows] >= 10)].tolist()}
    common = rows[~is_name & (d.freqs[rows] >= 3)]
    names: set[str] = set(titles)
    names.update(w for w in (words[i] for i in common.tolist()) if w[0] in single or w[:2] in compound)
    return frozenset(names), freq, frozenset(longer), frozenset(known_names)


class Resources:
    """textkit's entity lexicons, read and compiled once (see :func:`resources`)."""

    def __init__(self) -> None:
        surnames = _words("ent_surnames.txt")
        self.compound_surnames = frozenset(w for w in surnames if len(w) == 2)
        self.surnames = frozenset(w for w in surnames if len(w) == 1)
        self.titles: dict[str, str] = {w: k for k, ws in _kinds("ent_titles.tsv").items() for w in ws}
        self.title_gazetteer = Gazetteer(self.titles)
        self.domain_words = frozenset(line.split()[0] for line in _res.read_lines("jieba_words.txt"))
        self.followers = frozenset(_words("ent_name_followers.txt"))
        self.left_bounds = frozenset(_words("ent_left_bounds.txt"))
        self.gov = _kinds("ent_gov.tsv")
        self.company = _kinds("ent_company.tsv")
        self.other = _kinds("ent_org_other.tsv")
        self.places = tuple(_words("ent_places.txt"))
        self.place_set = frozenset(self.places)
        self.place_lengths = tuple(sorted({len(p) for p in self.places}, reverse=True))
        self.company_names = frozenset(self.company.get("name", []))
        self.public_company_names = frozenset(_words("ent_company_names.txt")) - self.company_names
        self.institution_kinds = frozenset(self.other.get("kind", []))
        self.industries = frozenset(self.company.get("industry", []))
        self.nobrand = frozenset(self.company.get("nobrand", []) + self.company.get("stop", []))
        self.common_names, self.jieba_freq, self._longer_words, self.dictionary_names = _jieba_dictionary(self.surnames, self.compound_surnames, self.titles)
        g, c, o = self.gov, self.company, self.other
        self.gov_names = Gazetteer(g["name"])
        self.other_names = Gazetteer(o["name"])
        self.company_gazetteer = Gazetteer({**{w: "company_gazetteer" for w in self.public_company_names},
                                            **{w: "company_known" for w in self.company_names}})
        self.place_gazetteer = Gazetteer(self.places)
        # a department's abbreviation alone is a body (卫健委, 组织部); not 委办, 政府办, 人大办 (bare levels)
        self.heads_alone = Gazetteer(w for w in g["head"] if len(w) >= 3 and w[0] not in "委常政人府办党"
                                     and w[-1] in "委局办部厅")
        # one automaton for every list a document is scanned for (see scan)
        lists = {"title": self.titles, "gov": g["name"], "other": o["name"], "company": self.company_gazetteer.values,
                 "place": self.places, "head": self.heads_alone.values}
        kinds: dict[str, list[str]] = {}
        for kind, words in lists.items():
            for w in words:
                kinds.setdefault(w, []).append(kind)
        self._all_lists = Gazetteer({w: tuple(k) for w, k in kinds.items()})
        self.gov_end = regex.compile("(?:" + alt(g["head"] + g["tail"] + g["name"]) + r")$")
        self.company_form_end = regex.compile("(?:" + alt(c["form"] + c["trade"]) + r")$")
        lb = r"(?:^|(?<=[\s\p{P}\p{S}\d])|(?<=" + alt(self.left_bounds) + r"))"
        places = alt(self.places)
        self.gov_level = regex.compile(
            r"(?P<party>中共)?"
            r"(?:(?P<place>" + places + r")|" + lb + r"(?P<gplace>\p{Han}{2,4}?))?"
            r"(?P<level>" + alt(g["level"]) + r")(?P<head>" + alt(g["head"]) + r")"
            r"|(?P<solo>" + alt(g["solo"]) + r")"
        )
        self.gov_core = regex.compile(
            r"(?:" + alt(g["level"]) + r")(?:" + alt(g["head"]) + r")|" + alt(g["solo"] + g["tail"])
        )
        self.gov_tail = regex.compile(lb + r"(?P<pre>[\p{Han}]{1,10}?)(?P<tail>" + alt(g["tail"]) + r")")
        levels = [w for w in g["level"] if not w.endswith("级") and w != "全国"]
        self.gov_generic = regex.compile(
            r"(?P<level>(?:" + alt(levels) + r")(?:" + alt(g["party"]) + r")?)"
            r"(?P<mid>\p{Han}{2,12}?)(?P<suf>" + alt(g["suffix"]) + r")"
        )
        self.gov_bare = regex.compile(alt(g["bare"]))
        self.gov_joined = regex.compile("(?:" + alt(g["tail"] + g["head"] + g["solo"]) + ")[和与及、]")
        self.gov_heads = frozenset(g["head"] + g["solo"] + g["tail"] + g["suffix"])
        self.dept_verbs = frozenset(g["verb"])
        self.company_form = regex.compile(alt(c["form"]))
        self.company_trade = regex.compile(alt(c["trade"]))
        self.company_post = regex.compile(alt(c["post"]))
        self.other_tail = regex.compile(alt(o["tail"]))

    def scan(self, text: str) -> dict[str, list[tuple[int, int, str]]]:
        """Leftmost-longest matches of each list in ``text`` — titles, gov names, other organisations,
        companies, places, heads alone — from one pass of one automaton."""
        out: dict[str, list[tuple[int, int, str]]] = {k: [] for k in ("title", "gov", "other", "company", "place", "head")}
        ends = dict.fromkeys(out, 0)
        values = self._all_lists.values
        for s, e, w in self._all_lists.all(text):  # by start, then longest first
            for kind in values[w]:
                if s >= ends[kind]:
                    out[kind].append((s, e, w))
                    ends[kind] = e
        return out

    def known(self, word: str) -> bool:
        """``word`` is a word of jieba's dictionary or of textkit's lexicons."""
        return (word in self.jieba_freq or word in self._longer_words or word in self.titles
                or word in self.gov_heads or word in self.domain_words)

    def ordinary(self, word: str) -> bool:
        """An ordinary two-character word (现代, 国际, 产业), not a brand (华源 nz, 新润 unknown)."""
        freq, tag = self.jieba_freq.get(word, (0, ""))
        if tag in ("nz", "ns", "nr", "nrt", "nrfg") and freq < 1000:
            return False
        return freq >= 20 or word in self.nobrand or word in self.place_set

    def place_ending_at(self, text: str, end: int) -> int | None:
        """Start of the longest known place that ends at ``end`` (澄湖|区 → None; 上海|市 → start of 上海)."""
        for n in self.place_lengths:
            if end - n >= 0 and text[end - n:end] in self.place_set:
                return end - n
        return None

    def place_starting(self, text: str) -> str:
        """The longest known place that ``text`` starts with, or ``""``."""
        for n in self.place_lengths:
            if text[:n] in self.place_set:
                return text[:n]
        return ""


@functools.cache
def resources() -> Resources:
    """textkit's entity lexicons, built on first use (about 0.3 s) and shared by every document."""
    return Resources()
