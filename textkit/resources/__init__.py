"""Data files of textkit (lexicons, patterns, dictionaries), read with :mod:`importlib.resources`."""

from __future__ import annotations

from importlib import resources


def read_text(name: str) -> str:
    """The text of the resource file ``name`` (UTF-8), for example ``read_text("jieba_words.txt")``."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def read_lines(name: str) -> list[str]:
    """Non-empty lines of a resource file, with ``#`` comments and surrounding space removed."""
    out = []
    for line in read_text(name).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out
