"""What every rule reads of one document: its text, its one tagging pass and the title words in it.

A :class:`Context` is built once per document from the document's :class:`~textkit.tokenizer.Tagging`
(the spaCy tokenizer's; no second segmentation) and is read-only for the rules.
"""

from __future__ import annotations

import bisect

from ..tokenizer import Tagging
from .lexicons import Resources, resources

MASK = frozenset("某XxＸｘ×*＊○〇□")
NOT_GIVEN = frozenset("的了在和与及是对把被等也都就还又而之其这那此各每全该本我你他她它们年月日号分里第")
FUNCTION = frozenset("的了在和与及是对把被等也都就还又而之其这那此各每全该本我你他她它们")
SPACE = frozenset(" \u3000")
LEVEL_CHARS = "省市区县镇乡州"


def is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


class Context:
    """The document as the rules see it.

    ``tok_start``/``tok_end``/``tok_tag`` are the words of the tagging pass; ``starts`` maps a word's first
    offset to its tag; ``hits`` holds the matches of textkit's lists (:meth:`Resources.scan`);
    ``title_at``/``title_end`` map the start (end) of every title word (主任, 副区长,
    同志) to its end (start) and the word, leftmost-longest.
    """

    __slots__ = ("text", "tagging", "res", "hits", "tok_start", "tok_end", "tok_tag", "starts", "title_at", "title_end")

    def __init__(self, text: str, tagging: Tagging, res: Resources | None = None) -> None:
        if tagging.text != text:
            raise ValueError("the tagging is of another text")
        self.text = text
        self.tagging = tagging
        self.res = res or resources()
        self.tok_start = list(tagging.starts)
        self.tok_end = self.tok_start[1:] + [len(text)]
        self.tok_tag = list(tagging.tags)
        self.starts = dict(zip(self.tok_start, self.tok_tag))
        self.title_at: dict[int, tuple[int, str]] = {}
        self.title_end: dict[int, tuple[int, str]] = {}
        self.hits = self.res.scan(text)  # every list's matches, one pass
        for s, e, w in self.hits["title"]:
            self.title_at[s] = (e, w)
            self.title_end[e] = (s, w)

    def tok_index(self, pos: int) -> int:
        """Index of the word containing ``pos``."""
        return bisect.bisect_right(self.tok_start, pos) - 1

    def word(self, i: int) -> str:
        return self.text[self.tok_start[i]:self.tok_end[i]]

    def is_boundary(self, pos: int) -> bool:
        return pos == 0 or pos == len(self.text) or pos in self.starts

    def glued(self, word: str) -> bool:
        """A function word glued by the segmenter to the next name: 由县, 获港兴 (not 向阳, 和平: real words)."""
        return len(word) >= 2 and word[0] in GLUE and not self.res.known(word)

    def after_place(self, i: int) -> bool:
        """Word ``i`` follows a place name (上海|向隆电子): it starts a brand rather than gluing a verb to one."""
        if i <= 0:
            return False
        w = self.word(i - 1)
        return self.tok_tag[i - 1] == "ns" or w in self.res.place_set or len(w) >= 3 and w[-1] in "省市县区"

    def left_edge(self, p: int) -> bool:
        """A name may start at ``p``: start of text, after punctuation, after a function word (在, 与, 由) or
        a word the tagger reads as a preposition or conjunction (经过, 从)."""
        text = self.text
        if p == 0 or not is_han(text[p - 1]) or p in self.title_end:
            return True
        if p not in self.starts:
            return False
        return any(text[p - n:p] in self.res.left_bounds for n in (1, 2, 3)) \
            or self.tok_tag[self.tok_index(p - 1)] in ("p", "c")  # 经过|民政局, 记者从|房管局: after a preposition


GLUE = frozenset("由在向对与和及将把被从为给让获经据按内")


#: jieba tags of the words a name may be cut into by the tagger (约|纳森, 于|建玮)
_NAME_WORD_TAGS = ("nr", "n", "ns", "nz", "ng", "nt", "j", "x", "m", "t", "s", "f", "b", "a", "q", "vg", "ag", "rg")


def verb_before_word(ctx: Context, s: int, e: int) -> bool:
    """``text[s:e]`` starts with a verb, adverb, preposition or conjunction of the tagging rather than a
    surname: a one-character word of that kind, or the end of one (就|任), cut off before a place or an
    ordinary word (任|伊朗, 就任|伊朗, 任|陕西, 向|社会); or a two-character one that opens the span (包括|前).
    Not 田|晚霞 or 苏|拥军: a surname before a given name; nor where a name is expected, after a title or in a
    、-list (班子成员|顾|建华)."""
    if s in ctx.title_end or ctx.text[s - 1:s] == "、":
        return False
    i = ctx.tok_index(s)
    starts, ends, tags = ctx.tok_start, ctx.tok_end, ctx.tok_tag
    if tags[i][:1] not in _CUT_OFF:
        return False
    if ends[i] == s + 1:
        rest = ctx.text[s + 1:e]
        j = i + 1
        return j < len(starts) and ends[j] == e and tags[j] == "ns" or rest in ctx.res.place_set \
            or ctx.res.jieba_freq.get(rest, (0, ""))[0] >= 100
    return starts[i] == s and ends[i] - s >= 2 and ends[i] < e


#: the tags of words that can be mistaken for a surname: verbs, adverbs, prepositions, conjunctions, pronouns
_CUT_OFF = ("v", "d", "p", "c", "r")


def words_ok(ctx: Context, s: int, e: int) -> bool:
    """The tagging lets ``text[s:e]`` be a name the model found: no verb runs through it (a word of two or
    more characters inside it tagged other than name-like: 包括|毛; a one-character verb ending it:
    惠民|生) and no :func:`verb_before_word`, unless the tagger reads the span as one word.
    One-character words starting a name are fine otherwise (约|纳森, 于|建玮: the tagger's misreadings)."""
    first, last = ctx.tok_index(s), ctx.tok_index(e - 1)
    if first == last:
        return True
    if verb_before_word(ctx, s, e):
        return False
    for i in range(first, last + 1):
        a, b, tag = ctx.tok_start[i], ctx.tok_end[i], ctx.tok_tag[i]
        if a < s or b > e or not tag or tag.startswith(_NAME_WORD_TAGS):
            continue
        if b - a >= 2 or i == last and tag in ("v", "vn"):
            return False
    return True
