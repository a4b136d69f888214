"""Normalisation for analysis that never moves an offset.

Every function here maps a string to one of exactly the same length, character
for character, so an offset into the normalised text is an offset into the
document as decoded.  Full-width digits and letters become ASCII
(``２００９年`` → ``2009年``), odd spaces and control characters become a plain
space, other line breaks (VT, FF, U+0085, U+2028, U+2029) become ``\n``, and traditional characters become simplified ones (``區經委`` → ``区经委``).
Chinese punctuation (，。、：；（）) is kept: it carries meaning.
"""

from __future__ import annotations

import functools

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update({ord("％"): ord("%"), ord("．"): ord("."), ord("＋"): ord("+"), ord("／"): ord("/")})
_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\ufeff"
_FULLWIDTH.update({ord(c): ord(" ") for c in _SPACES})
# C0/C1 control characters other than the line feed
_FULLWIDTH.update({c: ord(" ") for c in [*range(0, 9), *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)]})
# line breaks other than \n (vertical tab, form feed, NEL, line and paragraph separators) are line breaks
_FULLWIDTH.update({0x0D: ord(" "), 0x0B: ord("\n"), 0x0C: ord("\n"), 0x85: ord("\n"), 0x2028: ord("\n"), 0x2029: ord("\n")})


def normalize_width(text: str) -> str:
    """Full-width digits/letters to ASCII, odd spaces and control characters to a space.

    >>> normalize_width("２００９年３月１３日，增长９．６％")
    '2009年3月13日，增长9.6%'
    """
    return text.translate(_FULLWIDTH)


@functools.cache
def _t2s():
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a dependency
        return None
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to simplified script, keeping the length (and so every offset).

    OpenCC converts phrase by phrase; where a phrase would change length, the
    line is converted character by character instead.

    >>> to_simplified("區經委召開座談會")
    '区经委召开座谈会'
    """
    conv = _t2s()
    if conv is None:
        return text
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    lines = []
    for line in text.split("\n"):
        conv_line = conv.convert(line)
        if len(conv_line) != len(line):
            conv_line = "".join(c2 if len(c2 := conv.convert(c)) == 1 else c for c in line)
        lines.append(conv_line)
    return "\n".join(lines)


def looks_traditional(text: str, *, sample: int = 4000) -> bool:
    """Whether a text is written in traditional script (more than 3% of its Han characters change)."""
    conv = _t2s()
    if conv is None:
        return False
    head = text[:sample]
    han = sum(1 for c in head if "\u4e00" <= c <= "\u9fff")
    if han == 0:
        return False
    changed = sum(1 for a, b in zip(head, conv.convert(head)) if a != b)
    return changed / han > 0.03


def normalize(text: str) -> str:
    """The analysis text: width-normalised, simplified when the document is traditional."""
    out = normalize_width(text)
    if looks_traditional(out):
        out = to_simplified(out)
    return out
