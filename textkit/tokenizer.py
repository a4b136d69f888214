"""Word segmentation: textkit's own jieba instance and the spaCy tokenizer built on it.

Never jieba's global tokenizer: each :class:`Segmenter` owns a ``jieba.Tokenizer``
(or a faster jieba-compatible backend, ``rjieba``) loaded with textkit's domain
dictionary of official-document vocabulary (``resources/jieba_words.txt``).

>>> seg = load_segmenter()
>>> seg.cut("区经委召开学习实践活动动员大会")[:3]
['区经委', '召开', '学习实践活动']
>>> t = tag_text("区经委主任徐斌召开动员大会")     # the one tagging pass every extractor shares
>>> [(t.word(i), t.tags[i]) for i in t.indices(5, 7)]
[('徐斌', 'nr')]
"""

from __future__ import annotations

import bisect
import functools
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from . import resources

BACKENDS = ("jieba", "rjieba")
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # lone surrogates cannot cross into Rust


class Segmenter(Protocol):
    """What textkit needs of a segmenter: words (and their jieba part-of-speech tags) that join to ``text``."""

    def cut(self, text: str) -> list[str]: ...

    def tag(self, text: str) -> list[tuple[str, str]]: ...


@dataclass(frozen=True, slots=True)
class Tagging:
    """The words of a text with their jieba part-of-speech tags, as offsets: the one tagging pass per document.

    ``starts[i]`` is where word ``i`` begins (word ``i`` ends where word ``i + 1`` begins, the last
    one at ``len(text)``); ``tags[i]`` is its jieba tag (``nr`` person name, ``ns`` place, ``nt``
    organisation, ``m`` numeral, ``v`` verb …; empty when the backend gives none).  The words join to
    ``text`` exactly.

    >>> t = tag_text("召开座谈会8次")
    >>> [t.word(i) for i in range(len(t))]
    ['召开', '座谈会', '8', '次']
    """

    text: str
    starts: tuple[int, ...]
    tags: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.starts)

    def start(self, i: int) -> int:
        return self.starts[i]

    def end(self, i: int) -> int:
        return self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)

    def word(self, i: int) -> str:
        return self.text[self.start(i) : self.end(i)]

    def index_at(self, pos: int) -> int:
        """Index of the word containing character ``pos``."""
        return bisect.bisect_right(self.starts, pos) - 1

    def is_boundary(self, pos: int) -> bool:
        """Whether a word starts (or the text ends) at ``pos``."""
        if pos in (0, len(self.text)):
            return True
        i = bisect.bisect_left(self.starts, pos)
        return i < len(self.starts) and self.starts[i] == pos

    def indices(self, start: int, end: int) -> range:
        """Indices of the words that overlap ``[start, end)``."""
        if start >= end:
            return range(0)
        return range(max(self.index_at(start), 0), self.index_at(end - 1) + 1)

    def words(self, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str, str]]:
        """``(start, end, word, tag)`` of the words that overlap ``[start, end)``."""
        for i in self.indices(start, len(self.text) if end is None else end):
            yield self.start(i), self.end(i), self.word(i), self.tags[i]


def tag_text(text: str, segmenter: "Segmenter | None" = None) -> Tagging:
    """Tag ``text`` with ``segmenter`` (default: textkit's rjieba instance) into a :class:`Tagging`.

    A backend whose words do not join to the text (it should never happen) gives one word per character.
    """
    seg = segmenter if segmenter is not None else load_segmenter()
    pairs = seg.tag(text) if text else []
    starts: list[int] = []
    tags: list[str] = []
    pos = 0
    for w, t in pairs:
        if w:
            starts.append(pos)
            tags.append(t)
            pos += len(w)
    if pos != len(text):
        starts, tags = list(range(len(text))), [""] * len(text)
    return Tagging(text, tuple(starts), tuple(tags))


def _domain_words() -> list[tuple[str, int | None, str | None]]:
    """textkit's domain dictionary (``jieba_words.txt``) and the names of bodies in ``ent_gov.tsv`` (heads,
    names and solo bodies of three or more characters, as ``nt``), so the one tagging pass cuts a body
    where the entity rules read it: 市|住建委, not 市住|建委."""
    words = []
    for line in resources.read_lines("jieba_words.txt"):
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 else None
        tag = parts[2] if len(parts) > 2 else None
        words.append((parts[0], freq, tag))
    seen = {w for w, _f, _t in words}
    for line in resources.read_lines("ent_gov.tsv"):
        parts = line.split()
        if len(parts) > 1 and parts[1] in ("head", "name", "solo") and len(parts[0]) >= 3 and parts[0] not in seen:
            seen.add(parts[0])
            words.append((parts[0], None, "nt"))
    return words


class JiebaSegmenter:
    """A private ``jieba.Tokenizer`` with textkit's dictionary (HMM on for unknown words)."""

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        import jieba

        logging.getLogger("jieba").setLevel(logging.WARNING)
        self._tk = jieba.Tokenizer()
        self._tk.initialize()
        for word, freq, tag in _domain_words():
            self._tk.add_word(word, freq, tag)
        for word in extra_words:
            self._tk.add_word(word)
        self._pos = None

    def cut(self, text: str) -> list[str]:
        return self._tk.lcut(text, HMM=True)

    def tag(self, text: str) -> list[tuple[str, str]]:
        if self._pos is None:
            import jieba.posseg

            self._pos = jieba.posseg.POSTokenizer(self._tk)
        return [(p.word, p.flag) for p in self._pos.lcut(text, HMM=True)]


def _rjieba_class() -> type:
    """``rjieba.Jieba``, without the default instance that ``import rjieba`` builds at import time (0.2 s of
    every new process, and textkit builds its own): rjieba's extension module is loaded by itself, under
    its own name, so a later ``import rjieba`` uses it.  Any other layout: the package's own import."""
    import sys

    if "rjieba" in sys.modules:
        return sys.modules["rjieba"].Jieba
    if "rjieba.rjieba" not in sys.modules:
        import importlib.machinery
        import importlib.util

        spec = importlib.util.find_spec("rjieba")
        if spec is None:
            raise ImportError("No module named 'rjieba'")
        paths = [os.path.join(folder, "rjieba" + suffix) for folder in spec.submodule_search_locations or ()
                 for suffix in importlib.machinery.EXTENSION_SUFFIXES]
        path = next((p for p in paths if os.path.isfile(p)), None)
        try:
            ext = importlib.util.spec_from_file_location("rjieba.rjieba", path) if path else None
            module = importlib.util.module_from_spec(ext)
            ext.loader.exec_module(module)
            sys.modules["rjieba.rjieba"] = module
        except Exception:  # noqa: BLE001 - laid out otherwise
            import rjieba

            return rjieba.Jieba
    return sys.modules["rjieba.rjieba"].Jieba


class RJiebaSegmenter:
    """The Rust build of jieba (``rjieba.Jieba``): same dictionary and cuts, many times faster."""

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        self._tk = _rjieba_class()()
        for word, freq, tag in _domain_words():
            self._tk.add_word(word, freq, tag)
        for word in extra_words:
            self._tk.add_word(word, None, None)

    def cut(self, text: str) -> list[str]:
        return self._tk.cut(_SURROGATE.sub(" ", text), True)

    def tag(self, text: str) -> list[tuple[str, str]]:
        return self._tk.tag(_SURROGATE.sub(" ", text), True)


def load_segmenter(backend: str = "rjieba") -> Segmenter:
    """The segmenter for ``backend`` (``"rjieba"``, the default, or ``"jieba"``), built once per process."""
    return _segmenter(backend)  # one cache key per backend: load_segmenter() is load_segmenter("rjieba")


@functools.cache
def _segmenter(backend: str) -> Segmenter:
    if backend == "jieba":
        return JiebaSegmenter()
    if backend == "rjieba":
        try:
            return RJiebaSegmenter()
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ValueError("backend 'rjieba' needs the rjieba package: pip install rjieba") from exc
    raise ValueError(f"unknown segmenter backend {backend!r}; expected one of {BACKENDS}")
