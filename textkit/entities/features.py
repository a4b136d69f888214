"""Character features of the entity model, and the sentence windows it runs on.

Every character of a window gets a list of string attributes (the input of the CRF in
:mod:`textkit.entities.model`): the character and its neighbours (unigrams, bigrams, a trigram),
character classes, the word it sits in from textkit's rjieba tagging (its position in the word, the
word's jieba tag and the tags either side, the word itself), whether it can start a surname, and how
far it is from a title word such as 书记 or 主任 (``ent_titles.tsv``).

>>> feats = window_features("书记王建国讲话", [(0, 2, "n"), (2, 5, "nr"), (5, 7, "v")])
>>> [f for f in feats[2] if f.startswith(("c=", "p=", "sn", "ti"))]
['c=王', 'p=Bnr', 'sn1', 'ti<0']

Windows are sentences (split after 。！？；and line breaks), and long ones are cut at a comma or
a 、 so no window is longer than :data:`MAX_WINDOW` characters: a 10 MB line costs linear time.

>>> sentence_windows("王建国讲话。李明华主持会议。")
[(0, 6), (6, 14)]
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import regex

from .. import resources
from ..tokenizer import Tagging

#: bump when the attributes change: a model records the version it was trained with
FEATURE_VERSION = 2
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
    return [(max(s, start) - start, min(e, end) - start, tag) for s, e, _w, tag in tagging.words(start, end)]


@functools.cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    words = [w for line in resources.read_lines("ent_surnames.txt") for w in line.split()]
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)


@functools.cache
def _title_re() -> regex.Pattern:
    titles = {line.split()[0] for line in resources.read_lines("ent_titles.tsv")}
    return regex.compile("|".join(regex.escape(t) for t in sorted(titles, key=lambda t: (-len(t), t))))


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


def window_features(s: str, words: Sequence[Word]) -> list[list[str]]:
    """The attribute list of every character of ``s``; ``words`` cover ``s`` (``(start, end, tag)``)."""
    n = len(s)
    pos = ["S"] * n
    tag = [""] * n
    left_tag = ["<s>"] * n
    right_tag = ["</s>"] * n
    word = [""] * n
    left_word = ["<s>"] * n
    right_word = ["</s>"] * n
    for k, (a, b, t) in enumerate(words):
        lt, lw = (words[k - 1][2], s[words[k - 1][0] : a]) if k else ("<s>", "<s>")
        rt, rw = (words[k + 1][2], s[b : words[k + 1][1]]) if k + 1 < len(words) else ("</s>", "</s>")
        w = s[a:b] if 2 <= b - a <= 6 else ""
        for i in range(a, b):
            pos[i] = "S" if b - a == 1 else "B" if i == a else "E" if i == b - 1 else "M"
            tag[i], left_tag[i], right_tag[i], word[i] = t, lt, rt, w
            left_word[i], right_word[i] = lw, rw
    after_title = [-1] * n  # characters since the end of a title (0: right after it)
    before_title = [-1] * n  # characters until the start of a title (0: right before it)
    for m in _title_re().finditer(s):
        for d in range(_TITLE_REACH + 1):
            if m.end() + d < n and after_title[m.end() + d] < 0:
                after_title[m.end() + d] = d
            if m.start() - 1 - d >= 0:
                before_title[m.start() - 1 - d] = d
    single, double = _surnames()
    c = [*_PAD_L, *s, *_PAD_R]
    k = [*"<<", *map(_char_class, s), *">>"]
    out = []
    for i in range(n):
        j = i + 2
        c0 = c[j]
        f = [
            "b", "c=" + c0, "c-1=" + c[j - 1], "c+1=" + c[j + 1], "c-2=" + c[j - 2], "c+2=" + c[j + 2],
            "b-1=" + c[j - 1] + c0, "b+1=" + c0 + c[j + 1], "b-2=" + c[j - 2] + c[j - 1], "b+2=" + c[j + 1] + c[j + 2],
            "t=" + c[j - 1] + c0 + c[j + 1], "k=" + k[j - 1] + k[j] + k[j + 1],
            "p=" + pos[i] + tag[i], "wl=" + left_tag[i], "wr=" + right_tag[i],
            "pl=" + pos[i] + left_tag[i], "pr=" + pos[i] + right_tag[i],
        ]
        if word[i]:
            f.append("w=" + word[i])
        if pos[i] in "BS" and len(left_word[i]) <= 4:
            f.append("w-1=" + left_word[i])
        if pos[i] in "ES" and len(right_word[i]) <= 4:
            f.append("w+1=" + right_word[i])
        if c0 in single:
            f.append("sn1")
        if i + 1 < n and s[i : i + 2] in double:
            f.append("sn2")
        if after_title[i] >= 0:
            f.append(f"ti<{after_title[i]}")
        if before_title[i] >= 0:
            f.append(f"ti>{before_title[i]}")
        out.append(f)
    return out
