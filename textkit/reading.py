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
import shutil
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
    ``timeout``: seconds of analysis per document (enforced by the batch runner; 0 or None: none).
    A limit that is not a positive integer (a timeout that is negative) is a ``ValueError``.
    """

    max_bytes: int = 64 * 1024 * 1024
    max_unzipped_bytes: int = 256 * 1024 * 1024
    max_chars: int = 5_000_000
    timeout: float = 120.0

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_unzipped_bytes", "max_chars"):
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
    """A document as read: its text, how it was encoded, and its content hash."""

    text: str
    encoding: str
    format: str
    sha256: str
    n_bytes: int


def read_path(path: str | Path, *, limits: Limits = Limits()) -> RawDocument:
    """Read the file at ``path`` into a :class:`RawDocument`.

    Raises a :class:`~textkit.errors.ReadError` subclass that says what went wrong
    (unsupported format, undecodable, empty, no text layer, too large …).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormatError(
            f"unsupported format {suffix or '(no extension)'!r}; textkit reads {', '.join(SUPPORTED_SUFFIXES)}"
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or exc}") from exc
    if size > limits.max_bytes:
        raise LimitExceededError(f"file is {size:,} bytes, over the limit of {limits.max_bytes:,} (--max-bytes)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or exc}") from exc
    return read_bytes(data, name=path.name, limits=limits)


def read_bytes(data: bytes, *, name: str = "stdin.txt", limits: Limits = Limits()) -> RawDocument:
    """Decode ``data`` as the format its file ``name`` says (``.txt`` when unknown)."""
    if len(data) > limits.max_bytes:
        raise LimitExceededError(f"input is {len(data):,} bytes, over the limit of {limits.max_bytes:,} (--max-bytes)")
    suffix = Path(name).suffix.lower() or ".txt"
    if suffix in (".txt", ".text"):
        text, encoding, fmt = *decode_text(data), "txt"
    elif suffix == ".docx":
        text, encoding, fmt = docx_text(data, limits=limits), "docx", "docx"
    elif suffix in (".html", ".htm"):
        text, encoding = html_text(data)
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
    return RawDocument(text, encoding, fmt, hashlib.sha256(data).hexdigest(), len(data))


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


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode plain-text bytes, detecting the encoding; never the locale default.

    Order: a byte-order mark; strict UTF-8; UTF-16 without a mark (NUL bytes in
    every other position); GB18030 (which covers GBK and GB2312) or Big5, whichever
    reads as more plausible Chinese; a file whose lines are each UTF-8 or GB18030 (two
    sources pasted together) is read line by line (encoding ``utf-8+gb18030``); a file
    that is UTF-8 but for a few stray bytes (≤ 1 in 200) is read with them replaced
    (encoding ``utf-8-replace``).  Anything else raises :class:`DecodeError` with the reason.
    """
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(codec)), label
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {label} byte-order mark but is not valid {label}") from exc
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = _CJK_CANDIDATES + (("utf-16-le", "utf-16-be") if len(data) % 2 == 0 else ())
    best: tuple[float, str, str] | None = None
    for codec in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if best is None or score > best[0]:
            best = (score, text, "utf-16" if codec.startswith("utf-16") else codec)
    mixed = _mixed_lines(data)
    if mixed is not None and (best is None or _plausibility(mixed) > best[0] + 0.05):
        return _checked(mixed), "utf-8+gb18030"
    if best is not None and best[0] > 0.5:
        return _checked(best[1]), best[2]
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad * 200 <= len(text):
        return _checked(text), "utf-8-replace"
    if bad * 5 <= len(text):
        raise DecodeError(
            f"mostly UTF-8, but {bad:,} of {len(text):,} characters are invalid bytes (more than 0.5%); "
            "the file is damaged or mixes encodings: convert it to UTF-8 first"
        )
    raise DecodeError(
        "not text in a known encoding (tried UTF-8, UTF-16, GB18030, Big5); "
        "if it is text, convert it to UTF-8 first"
    )


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


def docx_text(data: bytes, *, limits: Limits = Limits()) -> str:
    """Paragraphs and tables of a ``.docx`` in document order, one paragraph or table row a line.

    Table cells are joined by a tab.  External links and images are never fetched.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ReadError("not a valid .docx file (not a zip archive; truncated or mis-named?)") from exc
    with archive:
        unzipped = sum(info.file_size for info in archive.infolist())
        if unzipped > limits.max_unzipped_bytes:
            raise LimitExceededError(
                f".docx expands to {unzipped:,} bytes, over the limit of {limits.max_unzipped_bytes:,} "
                "(zip bomb?) (--max-unzipped-bytes)"
            )
        if "word/document.xml" not in archive.namelist():
            raise ReadError("not a valid .docx file (no word/document.xml inside the archive)")
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds of errors on broken files
        raise ReadError(f"not a valid .docx file ({type(exc).__name__}: {exc})") from exc
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = cell.text.replace("\n", " ")
                    if not cells or cells[-1] != value:  # merged cells repeat their text
                        cells.append(value)
                lines.append("\t".join(cells))
    return "\n".join(lines)


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
    match = _META_CHARSET.search(data[:4096])
    text = encoding = None
    if match:
        declared = match.group(1).decode("ascii", "replace").lower()
        codec = "gb18030" if declared in ("gb2312", "gbk", "gb18030") else declared
        try:
            text, encoding = data.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, encoding = decode_text(data)
    parser = _TextParser()
    parser.feed(text)
    parser.close()
    lines = []
    for line in "".join(parser.parts).split("\n"):
        line = regex.sub(r"[ \t\r\f\v\xa0]+", lambda m: "\t" if "\t" in m.group() else " ", line).strip()
        if line:
            lines.append(line)
    return "\n".join(lines), encoding


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
