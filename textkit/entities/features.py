"""Character features of the entity model, and the sentence windows it runs on.

Every character of a window gets a list of string attributes (the input of the CRF in
:mod:`textkit.entities.model`): the character and its neighbours (unigrams, bigrams, a trigram),
character classes, the word it sits in from textkit's rjieba tagging (its position in the word, the
word's jieba tag and the tags either side, the word itself), whether it can start a surname, and how
far it is from a title word such as 书记 or 主任 (``ent_titles.tsv``), and where it sits in the
names, places and organisations of jieba's dictionary that cover it.

>>> feats = window_features("书记王建国讲话", [(0, 2, "n"), (2, 5, "nr"), (5, 7, "v")])
>>> [f for f in feats[2] if f.startswith(("c=", "p=", "sn", "ti", "x"))]
['c=王', 'p=Bnr', 'ti<0', 'sn1', 'xBr']

Windows are sentences (split after 。！？；and line breaks), and long ones are cut at a comma or
a 、 so no window is longer than :data:`MAX_WINDOW` characters: a 10 MB line costs linear time.

>>> sentence_windows("王建国讲话。李明华主持会议。")
[(0, 6), (6, 14)]
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence

import numpy as np
import regex

from .. import resources
from ..tokenizer import Tagging

#: bump when the attributes change: a model records the version it was trained with
FEATURE_VERSION = 3
#: the longest window (characters) the model sees at once
MAX_WINDOW = 160

_SENTENCE_END = regex.compile(r"[。！？!?；;\n]+")
_SOFT_BREAK = regex.compile(r"[，,、：:\s]")
_BLANK = regex.compile(r"\s*")
_NUMERAL_CHARS = frozenset("〇零一二三四五六七八九十百千万亿两")
_PAD_L = ("<s2>", "<s1>")
_PAD_R = ("</s1>", "</s2>")
_TITLE_REACH = 3  # distances to a title recorded as features: 0 .. _TITLE_REACH

Word = tuple[int, int, str]  # start, end (relative to the window), jieba tag


def sentence_windows(text: str, max_len: int = MAX_WINDOW) -> list[tuple[int, int]]:
    """``(start, end)`` of the sentences of ``text``, none longer than ``max_len``, blank ones left out.

    >>> sentence_windows("一、二。" + "甲" * 5, max_len=3)
    [(0, 2), (2, 4), (4, 7), (7, 9)]
    """
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        _cut(text, start, m.end(), max_len, out)
        start = m.end()
    _cut(text, start, len(text), max_len, out)
    return out


def _cut(text: str, start: int, end: int, max_len: int, out: list[tuple[int, int]]) -> None:
    """Append ``[start, end)`` to ``out`` in pieces of at most ``max_len``, cut after soft breaks."""
    if _BLANK.fullmatch(text, start, end):
        return
    if end - start <= max_len:
        out.append((start, end))
        return
    breaks = [m.end() for m in _SOFT_BREAK.finditer(text, start, end)]
    k = 0
    while end - start > max_len:
        limit = start + max_len
        cut = None
        while k < len(breaks) and breaks[k] <= limit:
            if breaks[k] > start:
                cut = breaks[k]
            k += 1
        cut = cut or limit
        if not _BLANK.fullmatch(text, start, cut):
            out.append((start, cut))
        start = cut
    if not _BLANK.fullmatch(text, start, end):
        out.append((start, end))


def window_words(tagging: Tagging, start: int, end: int) -> list[Word]:
    """The words of ``tagging`` over ``[start, end)``, clipped to it, with offsets relative to ``start``."""
    if start >= end:
        return []
    starts = tagging.starts
    first, last = bisect.bisect_right(starts, start) - 1, bisect.bisect_left(starts, end)
    bounds = [start, *starts[first + 1 : last], end]
    return [(a - start, b - start, t) for a, b, t in zip(bounds, bounds[1:], tagging.tags[first:last])]


@functools.cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    words = [w for line in resources.read_lines("ent_surnames.txt") for w in line.split()]
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)


@functools.cache
def _title_re() -> regex.Pattern:
    titles = {line.split()[0] for line in resources.read_lines("ent_titles.tsv")}
    return regex.compile("|".join(regex.escape(t) for t in sorted(titles, key=lambda t: (-len(t), t))))


_LEXICON_TAGS = {"nr": "r", "nrt": "r", "nrfg": "r", "ns": "s", "nt": "t", "nz": "z"}
_LEXICON_MAX = 8


class _Lexicon:
    """Jieba's dictionary of names, places, organisations and other proper nouns (2–8 characters):
    word → ``"r"`` person / ``"s"`` place / ``"t"`` organisation / ``"z"`` other, and every occurrence
    of those words in a text (:meth:`iter`).  ``words`` and ``kinds`` in dictionary order (a word listed
    twice has its last kind)."""

    def __init__(self, words: list[str], kinds: list[str]) -> None:
        self.words = dict(zip(words, kinds))
        # the first two characters of a word → the lengths of the words that start so, longest first
        heads = np.array([w[:2] for w in words], dtype=str)
        order = np.argsort(heads, kind="stable")
        heads = heads[order]
        first = np.flatnonzero(np.r_[True, heads[1:] != heads[:-1]]) if len(heads) else np.zeros(0, dtype=np.intp)
        bits = np.left_shift(1, np.fromiter(map(len, words), dtype=np.int64, count=len(words))[order])
        masks = np.bitwise_or.reduceat(bits, first).tolist() if len(heads) else []
        lengths = {m: tuple(n for n in range(m.bit_length() - 1, 1, -1) if m >> n & 1) for m in set(masks)}
        self.heads: dict[str, tuple[int, ...]] = dict(zip(heads[first].tolist(), map(lengths.__getitem__, masks)))

    def iter(self, s: str) -> list[tuple[int, tuple[int, str]]]:
        """``(end, (length, kind))`` of every word of the lexicon in ``s``, overlapping ones included, ``end``
        the index of its last character; by end, then longest first (the order of an Aho-Corasick scan)."""
        words, heads = self.words, self.heads
        found = []
        size = len(s)
        for i in range(size - 1):
            for n in heads.get(s[i : i + 2], ()):
                if i + n <= size:  # s[i : i + n] near the end would be a shorter word
                    g = words.get(s[i : i + n])
                    if g is not None:
                        found.append((i + n - 1, -n, g))
        found.sort()
        return [(end, (-neg, g)) for end, neg, g in found]


@functools.cache
def _lexicon() -> _Lexicon:
    """The proper nouns of jieba's dictionary (:class:`_Lexicon`), from the table :mod:`textkit.jieba_dict` caches."""
    from ..jieba_dict import dictionary

    d = dictionary()
    rows = d.rows(set(_LEXICON_TAGS), max_chars=_LEXICON_MAX)
    kinds = np.array([_LEXICON_TAGS.get(t) for t in d.tags], dtype=object)[d.tag_codes[rows]]
    words = d.words
    return _Lexicon([words[i] for i in rows.tolist()], kinds.tolist())


def _lexicon_features(s: str) -> dict[int, set[str]]:
    """``x`` + B/M/E + r/s/t/z for every dictionary word of :func:`_lexicon` covering each character."""
    out: dict[int, set[str]] = {}
    for end, (length, g) in _lexicon().iter(s):
        start = end - length + 1
        out.setdefault(start, set()).add("xB" + g)
        out.setdefault(end, set()).add("xE" + g)
        for j in range(start + 1, end):
            out.setdefault(j, set()).add("xM" + g)
    return out


def _char_class(c: str) -> str:
    if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf":
        return "N" if c in _NUMERAL_CHARS else "H"
    if c.isdigit():
        return "D"
    if c.isascii() and c.isalpha():
        return "L"
    if c.isspace():
        return "S"
    return "P"


def window_attributes(s: str, words: Sequence[Word]) -> tuple[list[tuple[str, Sequence[str | None]]], list[list[str]]]:
    """The attributes of every character of ``s`` (``words`` cover ``s``: ``(start, end, tag)``), in two parts:

    - ``templates``: ``(name, values)`` with one value per character (``None``: the template does not apply
      there); the attribute is ``name=value``, for example ``c-1=王`` (the character before);
    - ``flags``: per character, the attributes without a value (``sn1`` a surname, ``ti<0`` right after a
      title, ``xBr`` the first character of a name of jieba's dictionary …).

    Every character also has the bias attribute ``b``.
    """
    n = len(s)
    pos = ["S"] * n
    tag = [""] * n
    left_tag = ["<s>"] * n
    right_tag = ["</s>"] * n
    word: list[str | None] = [None] * n
    left_word: list[str | None] = [None] * n
    right_word: list[str | None] = [None] * n
    for k, (a, b, t) in enumerate(words):
        lt, lw = (words[k - 1][2], s[words[k - 1][0] : a]) if k else ("<s>", "<s>")
        rt, rw = (words[k + 1][2], s[b : words[k + 1][1]]) if k + 1 < len(words) else ("</s>", "</s>")
        w = s[a:b] if 2 <= b - a <= 6 else None
        for i in range(a, b):
            pos[i] = "S" if b - a == 1 else "B" if i == a else "E" if i == b - 1 else "M"
            tag[i], left_tag[i], right_tag[i], word[i] = t, lt, rt, w
        left_word[a] = lw if len(lw) <= 4 else None  # the word before, seen from the word's first character
        right_word[b - 1] = rw if len(rw) <= 4 else None  # the word after, seen from its last one
    far = _TITLE_REACH + 1
    after, before = [far] * n, [far] * n  # characters since a title ended / until a title starts
    for m in _title_re().finditer(s):  # titles in order: the first one wins after, the last one before
        for d in range(far):
            if m.end() + d < n and after[m.end() + d] == far:
                after[m.end() + d] = d
            if m.start() - 1 - d >= 0:
                before[m.start() - 1 - d] = d
    flags: list[list[str]] = [[] for _ in range(n)]
    for i in range(n):
        if after[i] < far:
            flags[i].append(f"ti<{after[i]}")
        if before[i] < far:
            flags[i].append(f"ti>{before[i]}")
    single, double = _surnames()
    for i, c in enumerate(s):
        if c in single:
            flags[i].append("sn1")
        if s[i : i + 2] in double:
            flags[i].append("sn2")
    for i, found in sorted(_lexicon_features(s).items()):
        flags[i].extend(sorted(found))
    padded = [*_PAD_L, *s, *_PAD_R]
    cm2, cm1, cp1, cp2 = padded[:n], padded[1 : n + 1], padded[3 : n + 3], padded[4 : n + 4]
    cls = [*"<<", *map(_char_class, s), *">>"]
    templates: list[tuple[str, Sequence[str | None]]] = [
        ("c", list(s)), ("c-1", cm1), ("c+1", cp1), ("c-2", cm2), ("c+2", cp2),
        ("b-1", [x + y for x, y in zip(cm1, s)]), ("b+1", [x + y for x, y in zip(s, cp1)]),
        ("b-2", [x + y for x, y in zip(cm2, cm1)]), ("b+2", [x + y for x, y in zip(cp1, cp2)]),
        ("t", [x + y + z for x, y, z in zip(cm1, s, cp1)]),
        ("k", [x + y + z for x, y, z in zip(cls[1 : n + 1], cls[2 : n + 2], cls[3 : n + 3])]),
        ("p", [x + y for x, y in zip(pos, tag)]), ("wl", left_tag), ("wr", right_tag),
        ("pl", [x + y for x, y in zip(pos, left_tag)]), ("pr", [x + y for x, y in zip(pos, right_tag)]),
        ("w", word), ("w-1", left_word), ("w+1", right_word),
    ]
    return templates, flags


def window_features(s: str, words: Sequence[Word]) -> list[list[str]]:
    """The attribute strings of every character of ``s`` (what the CRF is trained on): see :func:`window_attributes`."""
    templates, flags = window_attributes(s, words)
    out = []
    for i, f in enumerate(flags):
        out.append(["b", *(f"{name}={values[i]}" for name, values in templates if values[i] is not None), *f])
    return out
