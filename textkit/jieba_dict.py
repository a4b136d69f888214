"""jieba's own dictionary (the ``dict.txt`` of the installed jieba) as arrays, read once per process.

The entity features and lexicons read its words of 2 to 8 characters, with their frequency and tag.
Parsing its 349,000 lines takes about half a second, so the table is kept in textkit's cache
(:mod:`textkit.cache`) under the SHA-256 of the installed ``dict.txt``: a new jieba is read afresh.
Nothing derived from jieba's dictionary is shipped with textkit.

>>> d = dictionary()
>>> i = d.words.index("北京")
>>> d.words[i], int(d.freqs[i]), d.tags[d.tag_codes[i]]
('北京', 34488, 'ns')
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .cache import cached, file_sha256

MIN_CHARS, MAX_CHARS = 2, 8
_LAYOUT = "jieba-dict-v1"  # the cache entry's name: change it when the arrays change


@dataclass(frozen=True)
class Dictionary:
    """The lines of ``dict.txt`` (word, frequency, tag) whose word has 2 to 8 characters, in file order.

    ``tags[tag_codes[i]]`` is the tag of ``words[i]``; ``lengths[i]`` its number of characters.
    """

    words: list[str]
    freqs: np.ndarray  # int64
    tag_codes: np.ndarray  # intp, into tags
    tags: tuple[str, ...]
    lengths: np.ndarray  # intp

    def rows(self, tags: set[str] | frozenset[str] | None = None, *, max_chars: int = MAX_CHARS) -> np.ndarray:
        """Indices (in file order) of the words of at most ``max_chars`` characters, with one of ``tags``."""
        keep = self.lengths <= max_chars
        if tags is not None:
            keep &= np.isin(self.tag_codes, [k for k, t in enumerate(self.tags) if t in tags])
        return np.flatnonzero(keep)


def dictionary_path() -> Path:
    """The installed jieba's ``dict.txt`` (found without importing jieba, which takes about 0.4 s)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:  # pragma: no cover - jieba is a dependency
        raise ModuleNotFoundError("jieba is not installed")
    return Path(spec.origin).with_name("dict.txt")


def _parse(path: Path) -> dict[str, np.ndarray]:
    words: list[str] = []
    freqs: list[int] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and MIN_CHARS <= len(parts[0]) <= MAX_CHARS:
                words.append(parts[0])
                freqs.append(int(parts[1]))
                tags.append(parts[2])
    names = sorted(set(tags))
    code = {t: k for k, t in enumerate(names)}
    return {
        "words": np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8),
        "freqs": np.array(freqs, dtype=np.int64),
        "tag_codes": np.array([code[t] for t in tags], dtype=np.uint16),
        "tags": np.array(names, dtype=str),
    }


def _decode(arrays: dict[str, np.ndarray]) -> Dictionary:
    words = arrays["words"].tobytes().decode("utf-8").split("\n")
    freqs = np.asarray(arrays["freqs"], dtype=np.int64)
    codes = np.asarray(arrays["tag_codes"], dtype=np.intp)
    tags = tuple(str(t) for t in arrays["tags"])
    if not (len(words) == len(freqs) == len(codes)) or (len(codes) and int(codes.max()) >= len(tags)):
        raise ValueError("inconsistent arrays")
    lengths = np.fromiter(map(len, words), dtype=np.intp, count=len(words))
    if len(words) and (lengths.min() < MIN_CHARS or lengths.max() > MAX_CHARS):
        raise ValueError("inconsistent arrays")
    return Dictionary(words, freqs, codes, tags, lengths)


@functools.cache
def dictionary() -> Dictionary:
    """jieba's dictionary, from textkit's cache (or parsed now and kept there)."""
    path = dictionary_path()
    return cached(_LAYOUT, file_sha256(path), lambda: _parse(path), _decode)
