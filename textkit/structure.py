"""Document structure: title, preamble, hierarchical sections, signature, distribution footer, sentences.

A pure function of the analysis text (:func:`find_structure`).  Headings are
recognised by their numbering at the start of a line, and their level by the
order in which numbering styles first appear (the first style met is level 1,
a new style below it is level 2, and so on), which handles documents that start
at ``（一）`` as well as those with ``第一部分`` above ``一、``:

====================  ================================
``第一部分`` ``第二章``  part / chapter
``一、``               Chinese numeral with 、 or ．
``（一）``             Chinese numeral in brackets
``1.`` ``1、`` ``1．``  Arabic numeral
``（1）``              Arabic numeral in brackets
``①``                  circled numeral
short line            a heading line of its own between paragraphs
====================  ================================

Inline enumerations (一是…二是…, 一要…, 1、 inside a paragraph) are not
sections.  The distribution footer (报：, 送：, 抄送：, 发：, 主送：) is one
section with heading ``报`` (its first marker); the signature block (issuing
body and date at the end) is kept out of the body sections.

>>> s = find_structure("工作小结\\n前言。\\n一、领导重视\\n正文。\\n（一）成立小组\\n正文。\\n")
>>> [(x.level, x.number, x.heading) for x in s.sections]
[(1, '', ''), (1, '一、', '领导重视'), (2, '（一）', '成立小组')]
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .records import Section

_CN_DIGITS = "〇零一二三四五六七八九十百两"
_CN_NUM = f"[{_CN_DIGITS}]{{1,4}}"
_HEADING_PATTERNS: tuple[tuple[str, regex.Pattern], ...] = (
    ("part", regex.compile(rf"^第(?P<n>{_CN_NUM}|\d{{1,2}})(?:部分|章|篇|编)(?:[、，,：:．.\s]\s*|$)")),
    ("cn", regex.compile(rf"^(?P<n>{_CN_NUM})\s*(?:[、．]|\.(?!\d))\s*")),
    ("cn_paren", regex.compile(rf"^[（(]\s*(?P<n>{_CN_NUM})\s*[）)]\s*[、，,．.]?\s*")),
    ("arabic", regex.compile(r"^(?P<n>\d{1,2})\s*(?:[、．]|\.(?!\d))\s*")),
    ("arabic_paren", regex.compile(r"^[（(]\s*(?P<n>\d{1,2})\s*[）)]\s*[、，,．.]?\s*")),
    ("circled", regex.compile(r"^(?P<n>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*[、，,．.]?\s*")),
)
_FOOTER = regex.compile(r"^(?P<m>抄送|抄报|主送|分送|报送|报|送|发)\s*[：:]")
_DATE_LINE = regex.compile(
    r"^(?:\d{4}|[〇零○Ｏ一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日$"
)
_SENTENCE_END = "。！？!?"
_END_PUNCT = regex.compile(r"[。！？!?；;：:，,、…]$")
# line breaks: \n, and VT, FF, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR (the analysis text has them as \n already)
LINE_BREAKS = "\n\x0b\x0c\x85\u2028\u2029"
_LINE_BREAK = regex.compile(f"[{LINE_BREAKS}]")
_SENTENCE = regex.compile(f"[^。！？!?{LINE_BREAKS}]+(?:[。！？!?]+[”’」』）)]*|(?=[{LINE_BREAKS}])|$)")
_HEADING_STOP = regex.compile(r"[。！？!?；;：:]")
_HAN = regex.compile(r"\p{Han}")

MAX_HEADING_CHARS = 60
MAX_TITLE_CHARS = 80
MAX_UNNUMBERED_HEADING_CHARS = 25

# patterns used in the hot paths, compiled once
_HEADING_PUNCT = regex.compile(r"[。！？!?；;：:“”\"]")
_SIGNER_LABEL = regex.compile(r"^[^：:]{1,12}[：:]\s*")


@dataclass(frozen=True, slots=True)
class Line:
    """A line of the text: ``start``/``end`` bound its content without surrounding space."""

    start: int
    end: int
    content: str


@dataclass(frozen=True, slots=True)
class Structure:
    """What :func:`find_structure` finds: title, sections, signature and sentence spans."""

    title: str
    title_span: tuple[int, int] | None
    sections: tuple[Section, ...]
    issuer: str
    signature: str
    signature_span: tuple[int, int] | None
    doc_number: str
    sentences: tuple[tuple[int, int], ...]


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with the offsets of their stripped content."""
    lines = []
    pos = 0
    for raw in _LINE_BREAK.split(text):
        stripped = raw.strip()
        if stripped:
            start = pos + (len(raw) - len(raw.lstrip()))
            lines.append(Line(start, start + len(stripped), stripped))
        pos += len(raw) + 1
    return lines


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans, split on Chinese and ASCII sentence punctuation and on line breaks.

    >>> t = "召开座谈会8次。参加人数44人！好"
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['召开座谈会8次。', '参加人数44人！', '好']
    """
    spans = []
    for m in _SENTENCE.finditer(text):
        a, b = m.span()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))
    return spans


MAX_LINE_CHARS = 10_000
_WINDOW_BREAKS = (regex.compile(r"(?r)\s"), regex.compile(r"(?r)[。！？!?]"), regex.compile(r"(?r)[；;，,、：:]"))


def bounded_lines(text: str, width: int = MAX_LINE_CHARS) -> str:
    r"""``text`` with every line longer than ``width`` cut into windows of at most ``width`` characters.

    The text keeps its length (so every offset holds): a cut replaces one character with
    ``\n``, the last space in the second half of the window, else the last 。！？, else the
    last ，；、：, else the character at the window's end.  Every stage then works on lines of
    bounded length, however long the document's lines are.

    >>> bounded_lines("甲乙丙，丁戊己。庚辛", width=5)
    '甲乙丙\n丁戊己\n庚辛'
    """
    if len(text) <= width:
        return text
    cuts: list[int] = []
    line_start = 0
    n = len(text)
    while line_start < n:
        m = _LINE_BREAK.search(text, line_start)
        line_end = m.start() if m else n
        start = line_start
        while line_end - start > width:
            cut = -1
            for pattern in _WINDOW_BREAKS:
                found = pattern.search(text, start + width // 2, start + width)
                if found:
                    cut = found.start()
                    break
            if cut < 0:
                cut = start + width - 1
            cuts.append(cut)
            start = cut + 1
        line_start = line_end + 1
    if not cuts:
        return text
    chars = list(text)
    for cut in cuts:
        chars[cut] = "\n"
    return "".join(chars)


_DIGIT_VALUES = {**{c: i for i, c in enumerate("〇一二三四五六七八九")}, "零": 0, "两": 2}


def _cn_value(numeral: str) -> int:
    digits = _DIGIT_VALUES
    if numeral.isdigit() and numeral.isascii():
        return int(numeral)
    if numeral in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳":
        return "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".index(numeral) + 1
    total, current = 0, 0
    for c in numeral:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = digits.get(c, 0)
    return total + current


@dataclass(frozen=True, slots=True)
class _Heading:
    kind: str
    value: int
    number: str
    heading: str
    start: int  # line start
    heading_end: int  # end of the heading text
    body_start: int


def _match_heading(line: Line, text: str) -> _Heading | None:
    for kind, pattern in _HEADING_PATTERNS:
        m = pattern.match(line.content)
        if not m:
            continue
        rest = line.content[m.end() :]
        if not rest or not _HAN.search(rest[:12]):
            return None
        stop = _HEADING_STOP.search(rest)
        if stop is None:
            heading = rest
        elif stop.start() == 0:
            return None
        else:
            heading = rest[: stop.start()]
        heading = heading.rstrip("，,、 ")
        if len(heading) > MAX_HEADING_CHARS:
            if kind in ("cn", "part") and stop is None:
                heading = heading[:MAX_HEADING_CHARS]
            else:
                return None
        number = line.content[: m.end()].rstrip()
        start = line.start
        heading_start = start + m.end()
        heading_end = heading_start + len(heading)
        body_start = heading_end
        if stop is not None and stop.start() == len(heading) or body_start < line.end and text[body_start] in "。！？!?；;：:":
            body_start += 1
        if body_start >= line.end:
            body_start = line.end
        return _Heading(kind, _cn_value(m.group("n")), number, heading, start, heading_end, body_start)
    return None


def _is_title(line: Line) -> bool:
    c = line.content
    if len(c) > MAX_TITLE_CHARS or _END_PUNCT.search(c) or not _HAN.search(c):
        return False
    if any(p.match(c) for _, p in _HEADING_PATTERNS) or _FOOTER.match(c) or _DATE_LINE.match(c):
        return False
    return sum(c.count(x) for x in "，,") < 3


def _is_body(line: Line) -> bool:
    return len(line.content) > 40 or line.content[-1] in _SENTENCE_END


def _is_unnumbered_heading(prev: Line | None, line: Line, nxt: Line | None) -> bool:
    c = line.content
    if prev is None or nxt is None or not _is_body(prev) or not _is_body(nxt):
        return False
    if not (4 <= len(c) <= MAX_UNNUMBERED_HEADING_CHARS) or _END_PUNCT.search(c):
        return False
    if len(_HAN.findall(c)) < 4 or _HEADING_PUNCT.search(c) or c.startswith(("——", "—", "-")):
        return False
    return len(nxt.content) > 2 * len(c)


_DOC_NUMBER = regex.compile(r"[\p{Han}]{1,12}[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*\d{1,5}\s*号")


def find_structure(text: str) -> Structure:
    """Find the title, sections, signature block, document number and sentences of ``text``."""
    lines = split_lines(text)
    if not lines:
        return Structure("", None, (), "", "", None, "", ())
    # title: the first line, when it reads as one
    title, title_span, first_body = "", None, 0
    if _is_title(lines[0]):
        title, title_span, first_body = lines[0].content, (lines[0].start, lines[0].end), 1
    # distribution footer: the first marker line in the closing part of the document
    footer_at = len(lines)
    tail_from = max(first_body, len(lines) - max(12, len(lines) // 4))
    for i in range(tail_from, len(lines)):
        if _FOOTER.match(lines[i].content):
            footer_at = i
            break
    # signature: an optional issuing body line and a date line right before the footer
    body_end_line = footer_at
    issuer, signature, signature_span = "", "", None
    if body_end_line - 1 > first_body and _DATE_LINE.match(lines[body_end_line - 1].content.replace(" ", "")):
        sig_start = body_end_line - 1
        prev = lines[sig_start - 1]
        if (
            sig_start - 1 > first_body
            and len(prev.content) <= 40
            and not _END_PUNCT.search(prev.content)
            and not any(p.match(prev.content) for _, p in _HEADING_PATTERNS)
        ):
            sig_start -= 1
            issuer = _SIGNER_LABEL.sub("", prev.content)  # 述职人：胡建军 → 胡建军
        signature_span = (lines[sig_start].start, lines[body_end_line - 1].end)
        signature = text[signature_span[0] : signature_span[1]]
        body_end_line = sig_start
    body_end = lines[body_end_line - 1].end if body_end_line > 0 else 0
    # headings
    headings: list[_Heading] = []
    last_value: dict[str, int] = {}
    for i in range(first_body, body_end_line):
        line = lines[i]
        h = _match_heading(line, text)
        if h is not None:
            prev_value = last_value.get(h.kind)
            # numbering must continue (n+1) or restart (1); otherwise it is body text
            if prev_value is not None and h.value not in (prev_value + 1, 1):
                continue
            if prev_value is None and h.value != 1 and h.kind != "part":
                continue
            last_value[h.kind] = h.value
            # a new run of a style restarts the numbering of the styles below it
            headings.append(h)
        elif i > first_body and _is_unnumbered_heading(lines[i - 1], line, lines[i + 1] if i + 1 < body_end_line else None):
            headings.append(_Heading("plain", 0, "", line.content, line.start, line.end, line.end))
    sections = _build_sections(text, lines, first_body, body_end, headings)
    if footer_at < len(lines):
        last = lines[-1]
        marker = _FOOTER.match(lines[footer_at].content).group("m")
        footer_start = lines[footer_at].start
        sections.append(Section("footer", "", 1, "", marker, footer_start, last.end, footer_start))
    sections = _renumber(sections)
    doc_number = ""
    head = text[: lines[min(len(lines) - 1, first_body + 6)].end]
    if m := _DOC_NUMBER.search(head):
        doc_number = m.group()
    return Structure(
        title, title_span, tuple(sections), issuer, signature, signature_span, doc_number, tuple(split_sentences(text))
    )


def _build_sections(text: str, lines: list[Line], first_body: int, body_end: int, headings: list[_Heading]) -> list[Section]:
    sections: list[Section] = []
    body_start = lines[first_body].start if first_body < len(lines) else body_end
    preamble_end = headings[0].start if headings else body_end
    if text[body_start:preamble_end].strip():
        end = body_start + len(text[body_start:preamble_end].rstrip())
        sections.append(Section("s0", "", 1, "", "", body_start, end, body_start))
    stack: list[tuple[str, int]] = []  # (kind, index into sections)
    for k, h in enumerate(headings):
        while stack and h.kind in {kind for kind, _ in stack} and stack[-1][0] != h.kind:
            stack.pop()
        if stack and stack[-1][0] == h.kind:
            stack.pop()
        parent = sections[stack[-1][1]].section_id if stack else ""
        sections.append(
            Section(f"h{k}", parent, len(stack) + 1, h.number, h.heading, h.start, h.start, h.body_start)
        )
        stack.append((h.kind, len(sections) - 1))
    # ends: a section runs to the next heading at its level or above (one pass with a stack of
    # open sections, so a million headings stay linear)
    ends = [body_end] * len(sections)
    open_: list[int] = []
    for i, s in enumerate(sections):
        if s.section_id == "s0":
            continue
        while open_ and sections[open_[-1]].level >= s.level:
            ends[open_.pop()] = s.char_start
        open_.append(i)
    out: list[Section] = []
    for i, s in enumerate(sections):
        if s.section_id == "s0":
            out.append(s)
            continue
        end = ends[i]
        while end > s.char_start and text[end - 1].isspace():  # rstrip without copying the section
            end -= 1
        out.append(Section(s.section_id, s.parent_id, s.level, s.number, s.heading, s.char_start, end, min(s.body_start, end)))
    return out


def _renumber(sections: list[Section]) -> list[Section]:
    """Section ids in document order: ``s0`` for the preamble when there is one, then ``s1``, ``s2`` …"""
    has_preamble = bool(sections) and sections[0].heading == "" and sections[0].number == "" and sections[0].section_id == "s0"
    ids = {}
    for i, s in enumerate(sections):
        ids[s.section_id] = f"s{i if has_preamble else i + 1}"
    return [
        Section(ids[s.section_id], ids.get(s.parent_id, ""), s.level, s.number, s.heading, s.char_start, s.char_end, s.body_start)
        for s in sections
    ]
