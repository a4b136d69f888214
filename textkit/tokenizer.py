"""Word segmentation: textkit's own jieba instance and the spaCy tokenizer built on it.

Never jieba's global tokenizer: each :class:`Segmenter` owns a ``jieba.Tokenizer``
(or a faster jieba-compatible backend, ``rjieba``) loaded with textkit's domain
dictionary of official-document vocabulary (``resources/jieba_words.txt``).

>>> seg = load_segmenter()
>>> seg.cut("区经委召开学习实践活动动员大会")[:3]
['区经委', '召开', '学习实践活动']
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from typing import Protocol

from . import resources

BACKENDS = ("jieba", "rjieba")


class Segmenter(Protocol):
    """What textkit needs of a segmenter: ``cut(text) -> list[str]`` whose words join to ``text``."""

    def cut(self, text: str) -> list[str]: ...


def _domain_words() -> list[tuple[str, int | None, str | None]]:
    words = []
    for line in resources.read_lines("jieba_words.txt"):
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 else None
        tag = parts[2] if len(parts) > 2 else None
        words.append((parts[0], freq, tag))
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

    def cut(self, text: str) -> list[str]:
        return self._tk.lcut(text, HMM=True)


class RJiebaSegmenter:
    """The Rust build of jieba (``rjieba.Jieba``): same dictionary and cuts, many times faster."""

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        import rjieba

        self._tk = rjieba.Jieba()
        for word, freq, tag in _domain_words():
            self._tk.add_word(word, freq, tag)
        for word in extra_words:
            self._tk.add_word(word, None, None)

    def cut(self, text: str) -> list[str]:
        return self._tk.cut(text, True)


@functools.cache
def load_segmenter(backend: str = "rjieba") -> Segmenter:
    """The segmenter for ``backend`` (``"rjieba"``, the default, or ``"jieba"``), built once per process."""
    if backend == "jieba":
        return JiebaSegmenter()
    if backend == "rjieba":
        try:
            return RJiebaSegmenter()
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ValueError("backend 'rjieba' needs the rjieba package: pip install rjieba") from exc
    raise ValueError(f"unknown segmenter backend {backend!r}; expected one of {BACKENDS}")
