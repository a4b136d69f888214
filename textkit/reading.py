"""Reading documents: bytes in any common encoding or format → the document text.

The *document text* is what every offset in textkit indexes: the decoded
characters with universal newlines (``\\r\\n`` and ``\\r`` become ``\\n``, as
Python's ``open()`` reads them) and no byte-order mark.  ``extract`` writes it
to ``OUTDIR/texts/<doc_id>.txt`` so that ``text[char_start:char_end]`` can be
checked for every row.

>>> doc = read_bytes("二〇〇九年工作小结".encode("gb18030"), name="a.txt")
>>> doc.text, doc.encoding
('二〇〇九年工作小结', 'gb18030')
"""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import shutil
import stat
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import regex

from .errors import (
    ConverterMissingError,
    DecodeError,
    EmptyDocumentError,
    LimitExceededError,
    NoTextLayerError,
    ReadError,
    UnsupportedFormatError,
)

SUPPORTED_SUFFIXES = (".txt", ".text", ".docx", ".doc", ".html", ".htm", ".pdf")


@dataclass(frozen=True, slots=True)
class Limits:
    """Resource limits for one document; exceeding one is a :class:`LimitExceededError`.

    ``max_bytes``: size of the file; ``max_unzipped_bytes``: decompressed size of a
    ``.docx`` (zip bombs); ``max_chars``: characters of decoded text;
    ``max_output_bytes``: bytes of one document's rows in the output tables;
    ``timeout``: seconds to read, analyse and tabulate one document (enforced by the batch
    runner and ``textkit.batch.process``; 0 or None: none).
    A limit that is not a positive integer (a timeout that is negative) is a ``ValueError``.
    """

    max_bytes: int = 64 * 1024 * 1024
    max_unzipped_bytes: int = 256 * 1024 * 1024
    max_chars: int = 5_000_000
    timeout: float = 120.0
    max_output_bytes: int = 512 * 1024 * 1024

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_unzipped_bytes", "max_chars", "max_output_bytes"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"Limits.{name} must be a positive integer, not {value!r}")
        if self.timeout is not None and (
            not isinstance(self.timeout, (int, float))
            or isinstance(self.timeout, bool)
            or not self.timeout >= 0  # also refuses NaN
        ):
            raise ValueError(f"Limits.timeout must be a number of seconds (0 or None: no limit), not {self.timeout!r}")


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A document as read: its text, how it was encoded, and its content hash.

    ``n_replaced`` counts the characters that a lossy decoding replaced with U+FFFD.
    """

    text: str
    encoding: str
    format: str
    sha256: str
    n_bytes: int
    n_replaced: int = 0


def read_path(path: str | Path, *, limits: Limits = Limits(), as_text: bool = False) -> RawDocument:
    """Read the file at ``path`` into a :class:`RawDocument`.

    ``as_text`` reads a file of any name as plain text (``--include``).  Only a regular
    file is opened (a FIFO, device or folder is refused without blocking), and no more
    than ``limits.max_bytes + 1`` bytes are ever read.  Raises a
    :class:`~textkit.errors.ReadError` subclass that says what went wrong (unsupported
    format, undecodable, empty, no text layer, too large …).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if not as_text and suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormatError(
            f"unsupported format {suffix or '(no extension)'!r}; textkit reads {', '.join(SUPPORTED_SUFFIXES)}"
        )
    data = read_file(path, max_bytes=limits.max_bytes)
    return read_bytes(data, name="include.txt" if as_text else path.name, limits=limits)


_NOT_REGULAR = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
                (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def read_file(path: str | Path, *, max_bytes: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``max_bytes`` of them (else :class:`LimitExceededError`).

    The file is opened without blocking and checked with ``fstat`` before anything is read, so a
    FIFO or a link to ``/dev/zero`` is an error at once, never a hang or an endless read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or exc}") from exc
    with open(fd, "rb", closefd=True) as f:
        try:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                kind = next((name for test, name in _NOT_REGULAR if test(info.st_mode)), "not a regular file")
                raise ReadError(f"not a regular file ({kind}); textkit reads only regular files")
            if info.st_size > max_bytes:
                raise LimitExceededError(f"file is {info.st_size:,} bytes, over the limit of {max_bytes:,} (--max-bytes)")
            data = f.read(max_bytes + 1)
        except OSError as exc:
            raise ReadError(f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:  # the file grew while it was read
        raise LimitExceededError(f"file is over the limit of {max_bytes:,} bytes (--max-bytes)")
    return data


def read_stream(stream, *, max_bytes: int) -> bytes:
    """At most ``max_bytes`` bytes of a binary stream such as standard input (else :class:`LimitExceededError`)."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise LimitExceededError(f"input is over the limit of {max_bytes:,} bytes (--max-bytes)")
    return data


def read_bytes(data: bytes, *, name: str = "stdin.txt", limits: Limits = Limits()) -> RawDocument:
    """Decode ``data`` as the format its file ``name`` says (``.txt`` when unknown)."""
    if len(data) > limits.max_bytes:
        raise LimitExceededError(f"input is {len(data):,} bytes, over the limit of {limits.max_bytes:,} (--max-bytes)")
    suffix = Path(name).suffix.lower() or ".txt"
    replaced = 0
    if suffix in (".txt", ".text"):
        text, encoding, replaced = decode_counted(data)
        fmt = "txt"
    elif suffix == ".docx":
        text, encoding, fmt = docx_text(data, limits=limits), "docx", "docx"
    elif suffix in (".html", ".htm"):
        text, encoding, replaced = html_text_counted(data)
        fmt = "html"
    elif suffix == ".pdf":
        text, encoding, fmt = pdf_text(data, limits=limits), "pdf", "pdf"
    elif suffix == ".doc":
        text, encoding, fmt = doc_text(data), "doc", "doc"
    else:
        raise UnsupportedFormatError(f"unsupported format {suffix!r}")
    text = universal_newlines(text)
    if not text.strip():
        raise EmptyDocumentError("the document contains no text" if not text else "the document contains only white space")
    if len(text) > limits.max_chars:
        raise LimitExceededError(f"document has {len(text):,} characters, over the limit of {limits.max_chars:,} (--max-chars)")
    return RawDocument(text, encoding, fmt, hashlib.sha256(data).hexdigest(), len(data), replaced)


def universal_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` to ``\\n``, and no leading byte-order mark."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- plain text ---------------------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
)
_CJK_CANDIDATES = ("gb18030", "big5")


MAX_REPLACED_SHARE = 1 / 200  # a lossy decoding replaces at most 0.5 % of the characters
_MIN_UTF16_BYTES = 16  # UTF-16 without a byte-order mark is guessed only from 8 characters on
_LOSSY = (("utf-8", "utf-8"), ("gb18030", "gb18030"), ("big5", "big5"), ("utf-16-le", "utf-16"), ("utf-16-be", "utf-16"))


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode plain-text bytes, detecting the encoding; never the locale default.

    Returns ``(text, encoding)``; :func:`decode_counted` also gives the number of replaced characters.
    """
    text, encoding, _ = decode_counted(data)
    return text, encoding


def decode_counted(data: bytes) -> tuple[str, str, int]:
    """``(text, encoding, replaced)``: plain-text bytes decoded, and how many characters became U+FFFD.

    Order: a byte-order mark; strict UTF-8; GB18030 (which covers GBK and GB2312), Big5 or
    UTF-16 without a mark, whichever reads as more plausible Chinese; a file whose lines are
    each UTF-8 or GB18030 (two sources pasted together, encoding ``utf-8+gb18030``); then a
    lossy decoding in any of these encodings that replaces at most 1 character in 200 with
    U+FFFD (encoding ``utf-8-replace``, ``gb18030-replace``, ``big5-replace``, ``utf-16-replace``).
    A file cut inside its last character is read with that character replaced, whatever its
    length.  Anything else raises :class:`DecodeError` with the reason.

    >>> decode_counted("二〇〇九年工作小结".encode("gbk")[:-1])
    ('二〇〇九年工作小\ufffd', 'gb18030-replace', 1)
    """
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            decoded = _strict(data, codec)
            if decoded is not None:
                text, replaced = decoded
                return _checked(text), label if not replaced else f"{label.removesuffix('-sig')}-replace", replaced
            text, replaced = _lossy(data, codec)
            if replaced <= len(text) * MAX_REPLACED_SHARE:
                return _checked(text), f"{label.removesuffix('-sig')}-replace", replaced
            raise DecodeError(
                f"starts with a {label} byte-order mark but is not valid {label} "
                f"({replaced:,} of {len(text):,} characters are invalid bytes)"
            )
    decoded = _strict(data, "utf-8")
    if decoded is not None:
        text, replaced = decoded
        return _checked(text), "utf-8-replace" if replaced else "utf-8", replaced
    best: tuple[float, str, str, int] | None = None
    for codec, label in (("gb18030", "gb18030"), ("big5", "big5"), ("utf-16-le", "utf-16"), ("utf-16-be", "utf-16")):
        if label == "utf-16" and len(data) < _MIN_UTF16_BYTES:
            continue
        decoded = _strict(data, codec)
        if decoded is None:
            continue
        text, replaced = decoded
        score = _plausibility(text)
        if best is None or score > best[0]:
            best = (score, text, f"{label}-replace" if replaced else label, replaced)
    mixed = _mixed_lines(data)
    if mixed is not None and (best is None or _plausibility(mixed) > best[0] + 0.05):
        return _checked(mixed), "utf-8+gb18030", 0
    if best is not None and best[0] > 0.5:
        return _checked(best[1]), best[2], best[3]
    # lossy: the encoding that needs the fewest replacements and still reads as text
    lossy: list[tuple[int, int, str, str]] = []
    for rank, (codec, label) in enumerate(_LOSSY):
        if label == "utf-16" and len(data) < _MIN_UTF16_BYTES:
            continue
        text, replaced = _lossy(data, codec)
        if codec != "utf-8" and _plausibility(text) <= 0.5:
            continue
        lossy.append((replaced, rank, text, label))
    if lossy:
        replaced, _, text, label = min(lossy, key=lambda x: x[:2])
        if replaced <= len(text) * MAX_REPLACED_SHARE:
            return _checked(text), f"{label}-replace", replaced
        if replaced * 5 <= len(text):
            name = {"utf-8": "UTF-8", "gb18030": "GB18030/GBK", "big5": "Big5", "utf-16": "UTF-16"}[label]
            raise DecodeError(
                f"mostly {name}, but {replaced:,} of {len(text):,} characters are invalid bytes (more than 0.5%); "
                "the file is damaged or mixes encodings: convert it to UTF-8 first"
            )
    raise DecodeError(
        "not text in a known encoding (tried UTF-8, UTF-16, GB18030, Big5); "
        "if it is text, convert it to UTF-8 first"
    )


def _strict(data: bytes, codec: str) -> tuple[str, int] | None:
    """``data`` decoded strictly, allowing only a last character cut short (then replaced): ``(text, replaced)``."""
    try:
        return data.decode(codec), 0
    except UnicodeDecodeError as exc:
        if exc.end < len(data) or len(data) - exc.start > 3:
            return None
        try:
            return data[: exc.start].decode(codec) + "\ufffd", 1
        except UnicodeDecodeError:
            return None


def _lossy(data: bytes, codec: str) -> tuple[str, int]:
    """``data`` decoded with every invalid byte sequence replaced, and the number of replacements."""
    text = data.decode(codec, errors="replace")
    return text, text.count("\ufffd") - data.decode(codec, errors="ignore").count("\ufffd")


def _mixed_lines(data: bytes) -> str | None:
    """Text whose lines are each UTF-8 or GB18030 (files pasted together from two sources), else None.

    Each line is decoded as strict UTF-8 when it can be, else as GB18030.  It counts as
    mixed only when some non-ASCII line is UTF-8 with Chinese in it, some line is not UTF-8,
    every line decodes one way or the other, and the GB18030 lines read as plausible Chinese.
    """
    if b"\n" not in data:
        return None
    lines: list[str] = []
    gb_lines: list[str] = []
    utf8_han = False
    for raw in data.split(b"\n"):
        try:
            line = raw.decode("utf-8")
            utf8_han = utf8_han or (not raw.isascii() and _HAN_CHAR.search(line) is not None)
        except UnicodeDecodeError:
            try:
                line = raw.decode("gb18030")
            except UnicodeDecodeError:
                return None
            gb_lines.append(line)
        lines.append(line)
    if not utf8_han or not gb_lines or _plausibility("\n".join(gb_lines)) <= 0.5:
        return None
    return "\n".join(lines)


_HAN_CHAR = regex.compile(r"\p{Han}")


_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _checked(text: str) -> str:
    """``text`` unless it is binary data in disguise (more than 0.5% control characters)."""
    if len(_CONTROL.findall(text[:100_000])) * 200 > min(len(text), 100_000):
        raise DecodeError("binary data (control characters such as NUL), not text")
    return text


_COMMON_HAN = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后"
    "多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还"
    "因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结"
    "解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级"
    "少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领"
    "七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每"
    "目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影"
    "算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准"
    "精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听"
    "该铁价严龙飞"
)
_COMMON_HAN_TRAD = frozenset("們個國來時說對會學動發經過種後麼實現當從業點還體開與關將長於間進問題條無義樣這為區員")


def _plausibility(text: str) -> float:
    """Share of the Han characters that are among the most common ones (simplified or traditional)."""
    sample = text[:20000]
    han = [c for c in sample if "\u4e00" <= c <= "\u9fff"]
    if not han:
        printable = sum(1 for c in sample if c.isprintable() or c in "\n\t")
        return 0.6 if sample and printable / len(sample) > 0.98 and sample.isascii() else 0.0
    common = sum(1 for c in han if c in _COMMON_HAN or c in _COMMON_HAN_TRAD)
    return common / len(han) * 2.5  # ~0.4 of running Chinese text is in the list; scale so 1.0 ≈ typical


# --- .docx --------------------------------------------------------------------------------------


_W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",  # transitional
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # strict
)
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_OFFICE_DOCUMENT = regex.compile(r'Type="[^"]*/officeDocument"[^>]*?Target="([^"]+)"|Target="([^"]+)"[^>]*?Type="[^"]*/officeDocument"')
# what is never the document's text: properties, deleted or moved-away text, field codes, ruby annotations
_W_SKIP = frozenset(
    "pPr rPr tblPr tblGrid trPr tcPr sectPr sdtPr sdtEndPr del moveFrom delText instrText delInstrText "
    "rt footnoteReference endnoteReference commentReference customXmlPr smartTagPr".split()
)


def _local(element) -> tuple[str, str]:
    """``(namespace, local name)`` of an lxml element (``("", "")`` for comments and entities)."""
    tag = element.tag
    if not isinstance(tag, str):
        return "", ""
    if tag[0] == "{":
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return "", tag


class _DocxText:
    """The text of a WordprocessingML body in document order, one paragraph or table row a line.

    Content controls (``w:sdt``), tracked insertions (``w:ins``, ``w:moveTo``), smart tags,
    custom XML, simple fields, hyperlinks and text boxes are read through; deleted text and
    field codes are not.  Table cells are joined by a tab; a table inside a cell gives its own
    lines after the row that holds it.  libxml2 caps the nesting depth at 256, so the recursion is bounded.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []

    def blocks(self, parent) -> None:
        for child in parent:
            ns, name = _local(child)
            if ns == _MC:
                if name == "AlternateContent":
                    self._choice(child, self.blocks)
                continue
            if ns not in _W_NAMESPACES or name in _W_SKIP:
                continue
            if name == "p":
                self.paragraph(child)
            elif name == "tbl":
                self.table(child)
            else:  # sdt, sdtContent, customXml, ins, moveTo, smartTag, …: read through
                self.blocks(child)

    def paragraph(self, p) -> None:
        parts: list[str] = []
        boxes: list = []
        self._inline(p, parts, boxes)
        self.lines.append("".join(parts))
        for box in boxes:  # text boxes: their own lines after the paragraph that anchors them
            self.blocks(box)

    def _inline(self, element, parts: list[str], boxes: list) -> None:
        for child in element:
            ns, name = _local(child)
            if ns == _MC:
                if name == "AlternateContent":
                    self._choice(child, lambda e: self._inline(e, parts, boxes))
                continue
            if ns in _W_NAMESPACES:
                if name in _W_SKIP:
                    continue
                if name == "t":
                    parts.append(_element_text(child))
                    continue
                if name in ("tab", "ptab"):
                    parts.append("\t")
                    continue
                if name in ("br", "cr"):
                    parts.append("\n")
                    continue
                if name == "noBreakHyphen":
                    parts.append("-")
                    continue
                if name == "txbxContent":
                    boxes.append(child)
                    continue
                if name in ("p", "tbl"):  # block content where inline content was expected
                    boxes.append([child])
                    continue
            elif name == "t" and ns.endswith("/math"):  # m:t, the text of an equation
                parts.append(_element_text(child))
                continue
            self._inline(child, parts, boxes)  # runs, hyperlinks, ins, smartTag, customXml, fldSimple, sdt, drawings …

    def table(self, tbl) -> None:
        for row in self._children(tbl, "tr"):
            cells: list[str] = []
            nested = _DocxText()
            for cell in self._children(row, "tc"):
                if _continues_vertical_merge(cell):
                    continue
                content = _DocxText()
                for child in cell:
                    ns, name = _local(child)
                    if ns in _W_NAMESPACES and name == "tbl":
                        nested.table(child)
                    else:
                        content.blocks([child])
                cells.append(" ".join(line.replace("\n", " ") for line in content.lines if line.strip()))
            self.lines.append("\t".join(cells))
            self.lines.extend(nested.lines)

    def _children(self, parent, wanted: str) -> Iterator:
        """``w:tr`` of a table (``w:tc`` of a row), through content controls and custom XML around them."""
        for child in parent:
            ns, name = _local(child)
            if ns == _MC and name == "AlternateContent":
                choice = _first_choice(child)
                if choice is not None:
                    yield from self._children(choice, wanted)
            elif ns not in _W_NAMESPACES or name in _W_SKIP:
                continue
            elif name == wanted:
                yield child
            elif name in ("sdt", "sdtContent", "customXml", "ins", "moveTo"):
                yield from self._children(child, wanted)

    @staticmethod
    def _choice(element, then) -> None:
        choice = _first_choice(element)
        if choice is not None:
            then(choice)


def _first_choice(alternate):
    """The first ``mc:Choice`` of an ``mc:AlternateContent`` (its ``mc:Fallback`` repeats the same text)."""
    for child in alternate:
        if _local(child) == (_MC, "Choice"):
            return child
    for child in alternate:
        if _local(child) == (_MC, "Fallback"):
            return child
    return None


def _element_text(element) -> str:
    """The text of ``w:t``, without any entity reference (never resolved, never fetched)."""
    parts = [element.text or ""]
    parts.extend(child.tail or "" for child in element)
    return "".join(parts)


def _continues_vertical_merge(cell) -> bool:
    """A ``w:tc`` that continues a vertically merged cell (its text is in the cell above)."""
    for props in cell:
        if _local(props)[1] == "tcPr":
            for p in props:
                if _local(p)[1] == "vMerge":
                    return (p.get(f"{{{_W_NAMESPACES[0]}}}val") or p.get(f"{{{_W_NAMESPACES[1]}}}val") or "continue") == "continue"
    return False


def docx_text(data: bytes, *, limits: Limits = Limits()) -> str:
    """The body of a ``.docx`` in document order, one paragraph or table row a line.

    Everything the body shows is read: paragraphs, tables (and tables in their cells),
    content controls, tracked insertions, smart tags, custom XML, fields, hyperlinks and
    text boxes; deleted text and field codes are not.  Table cells are joined by a tab.
    Nothing external is fetched and no XML entity is resolved.
    """
    from lxml import etree

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise ReadError("not a valid .docx file (not a zip archive; truncated or mis-named?)") from exc
    with archive:
        unzipped = sum(info.file_size for info in archive.infolist())
        if unzipped > limits.max_unzipped_bytes:
            raise LimitExceededError(
                f".docx expands to {unzipped:,} bytes, over the limit of {limits.max_unzipped_bytes:,} "
                "(zip bomb?) (--max-unzipped-bytes)"
            )
        name = _main_part(archive)
        if name is None:
            raise ReadError("not a valid .docx file (no word/document.xml inside the archive)")
        try:
            xml = archive.read(name)
        except Exception as exc:  # zipfile raises several kinds on damaged members (bad CRC, truncation)
            raise ReadError(f"not a valid .docx file ({type(exc).__name__}: {exc})") from exc
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"not a valid .docx file (its {name} is not well-formed XML: {exc})") from exc
    body = next((c for c in root if _local(c)[0] in _W_NAMESPACES and _local(c)[1] == "body"), None)
    if body is None:
        raise ReadError(f"not a valid .docx file (no document body in {name})")
    walker = _DocxText()
    walker.blocks(body)
    return "\n".join(walker.lines)


def _main_part(archive: zipfile.ZipFile) -> str | None:
    """The name of the main document part (``word/document.xml``, or what ``_rels/.rels`` names)."""
    names = set(archive.namelist())
    try:
        rels = archive.read("_rels/.rels").decode("utf-8", "replace") if "_rels/.rels" in names else ""
    except Exception:
        rels = ""
    m = _OFFICE_DOCUMENT.search(rels)
    if m:
        target = (m.group(1) or m.group(2)).lstrip("/")
        if target in names:
            return target
    return "word/document.xml" if "word/document.xml" in names else None


# --- .html --------------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody thead tfoot tr td th ul caption title".split()
)
_HIDDEN_TAGS = frozenset("script style noscript template head svg object iframe".split())
_META_CHARSET = regex.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([-\w]+)""", regex.I)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in ("td", "th"):
            self.parts.append("\t")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS and tag not in ("td", "th"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_text(data: bytes) -> tuple[str, str]:
    """Visible text of an HTML page, one line per block element; scripts and styles dropped."""
    text, encoding, _ = html_text_counted(data)
    return text, encoding


def html_text_counted(data: bytes) -> tuple[str, str, int]:
    """``(text, encoding, replaced)`` of an HTML page (see :func:`html_text`).

    Bytes that are valid UTF-8 (beyond ASCII) are read as UTF-8 whatever ``<meta charset>``
    says; otherwise the declared charset is used when the bytes decode in it, and the
    detection of :func:`decode_counted` (lossy decodings included) when they do not.
    """
    match = _META_CHARSET.search(data[:4096])
    text = encoding = None
    replaced = 0
    if not data.isascii():
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    if text is None and match:
        declared = match.group(1).decode("ascii", "replace").lower()
        codec = "gb18030" if declared in ("gb2312", "gbk", "gb18030") else declared
        try:
            text, encoding = data.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, encoding, replaced = decode_counted(data)
    parser = _TextParser()
    parser.feed(text)
    parser.close()
    lines = []
    for line in "".join(parser.parts).split("\n"):
        line = regex.sub(r"[ \t\r\f\v\xa0]+", lambda m: "\t" if "\t" in m.group() else " ", line).strip()
        if line:
            lines.append(line)
    return "\n".join(lines), encoding, replaced


# --- .pdf ---------------------------------------------------------------------------------------

_CID = regex.compile(r"\(cid:\d+\)")


_PDF_STREAM = regex.compile(rb"(?<!end)stream\r?\n")


def _inflate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Inflate a zlib stream piece by piece (never more than 1 MiB at a time); stop at its end or an error."""
    d = zlib.decompressobj()
    try:
        for chunk in chunks:
            while chunk:
                out = d.decompress(chunk, 1 << 20)
                if out:
                    yield out
                if d.eof:  # what follows the stream stays in unconsumed_tail: not ours
                    return
                if not out and d.unconsumed_tail == chunk:
                    break  # no progress: wait for more input
                chunk = d.unconsumed_tail
    except zlib.error:
        return


def _check_pdf_streams(data: bytes, limit: int) -> None:
    """Refuse a PDF whose Flate streams (one level of nesting included) inflate past ``limit`` bytes.

    pdfminer inflates every stream whole in memory, so a 200 kB PDF can take gigabytes;
    this counts the inflated size first, in bounded memory.
    """
    total = 0

    def counted(pieces: Iterator[bytes]) -> Iterator[bytes]:
        nonlocal total
        for piece in pieces:
            total += len(piece)
            if total > limit:
                raise LimitExceededError(
                    f"the PDF's compressed streams expand to more than {limit:,} bytes (a decompression bomb?) "
                    "(--max-unzipped-bytes)"
                )
            yield piece

    for m in _PDF_STREAM.finditer(data):
        raw = (data[i : i + (1 << 16)] for i in range(m.end(), len(data), 1 << 16))
        layer = counted(_inflate(raw))
        first = next(layer, b"")
        if first[:1] == b"\x78":  # the inflated data is itself zlib: /Filter [/FlateDecode /FlateDecode]
            for _ in counted(_inflate(itertools.chain([first], layer))):
                pass
        for _ in layer:
            pass


def pdf_text(data: bytes, *, limits: Limits = Limits()) -> str:
    """The text layer of a PDF, page by page; a scan (no text) or unmapped glyphs is an error.

    Compressed streams that would inflate past ``limits.max_unzipped_bytes`` are refused first.
    """
    _check_pdf_streams(data, limits.max_unzipped_bytes)
    try:
        from pdfminer.high_level import extract_text
        from pdfminer.layout import LAParams

        text = extract_text(io.BytesIO(data), laparams=LAParams(line_margin=0.3))
    except Exception as exc:  # pdfminer raises many kinds of errors on broken files
        raise ReadError(f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    text = text.replace("\x0c", "\n")
    visible = regex.sub(r"\s+", "", text)
    if not visible:
        raise NoTextLayerError("the PDF has no text layer (a scanned image?); run OCR on it first")
    if len(_CID.findall(visible)) * 6 > len(visible) * 0.2:
        raise NoTextLayerError("the PDF's fonts have no Unicode map: its text comes out as (cid:NN) codes; run OCR on it")
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


# --- legacy .doc --------------------------------------------------------------------------------


def doc_text(data: bytes) -> str:
    """A legacy Word ``.doc`` through ``antiword`` or LibreOffice, whichever is installed."""
    antiword = shutil.which("antiword")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not antiword and not soffice:
        raise ConverterMissingError(
            "legacy .doc needs a converter: install antiword (apt-get install antiword) "
            "or LibreOffice (apt-get install libreoffice-writer), or save the file as .docx"
        )
    with tempfile.TemporaryDirectory(prefix="textkit-doc-") as tmp:
        src = Path(tmp) / "input.doc"
        src.write_bytes(data)
        try:
            if antiword:
                out = subprocess.run(
                    [antiword, "-m", "UTF-8.txt", "-w", "0", str(src)], capture_output=True, timeout=120, check=True
                )
                return out.stdout.decode("utf-8", errors="replace")
            subprocess.run(
                [soffice, "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", tmp, str(src)],
                capture_output=True,
                timeout=300,
                check=True,
            )
            return (Path(tmp) / "input.txt").read_text(encoding="utf-8", errors="replace")
        except (subprocess.SubprocessError, OSError) as exc:
            raise ReadError(f"the .doc converter failed: {exc}") from exc
