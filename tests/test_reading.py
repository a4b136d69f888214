"""Readers: encodings, formats, and clear errors for bad files (tests generate their own files)."""

from __future__ import annotations

import io
import zipfile

import pytest

from textkit.errors import (
    ConverterMissingError,
    DecodeError,
    EmptyDocumentError,
    LimitExceededError,
    NoTextLayerError,
    ReadError,
    UnsupportedFormatError,
)
from textkit.reading import Limits, decode_text, read_bytes, read_path

TEXT = "区经委学习实践活动第一阶段工作小结\n一、领导重视，组织有力\n区经委党组全面负责本委的学习实践活动，召开座谈会8次。\n"
TRAD = "區經委學習實踐活動第一階段工作小結\n一、領導重視，組織有力\n區經委黨組全面負責本委的學習實踐活動，召開座談會8次。\n"

# fmt: off
ENCODINGS = [
    # (bytes, expected encoding)
    (TEXT.encode("utf-8"), "utf-8"),
    (TEXT.encode("utf-8-sig"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),
    (TEXT.encode("utf-16-le"), "utf-16"),
    (TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("gb18030"), "gb18030"),
    (TEXT.encode("gbk"), "gb18030"),
    (TEXT.encode("gb2312"), "gb18030"),
    (TRAD.encode("big5"), "big5"),
]
# fmt: on


@pytest.mark.parametrize(("data", "encoding"), ENCODINGS)
def test_text_encodings_are_detected(data, encoding):
    text, detected = decode_text(data)
    assert detected == encoding
    assert text.lstrip("\ufeff") in (TEXT, TRAD)


def test_crlf_and_bom_are_gone_from_the_document_text():
    doc = read_bytes(TEXT.replace("\n", "\r\n").encode("utf-8-sig"), name="a.txt")
    assert doc.text == TEXT
    assert doc.sha256 and doc.n_bytes > len(TEXT)


def test_a_few_stray_bytes_in_utf8_are_replaced_not_fatal():
    data = TEXT.encode("utf-8") * 20 + b"\xff" + TEXT.encode("utf-8")
    doc = read_bytes(data, name="a.txt")
    assert doc.encoding == "utf-8-replace"
    assert "\ufffd" in doc.text and doc.text.count("区经委") == 42


# fmt: off
BAD_TEXT = [
    # (bytes, error class)
    (b"", EmptyDocumentError),
    (b" \n\t\r\n  ", EmptyDocumentError),
    (bytes(range(256)) * 40, DecodeError),
    (b"\x00\x01\x02\x03PK\x00\x00garbage\x00" * 100, DecodeError),
]
# fmt: on


@pytest.mark.parametrize(("data", "error"), BAD_TEXT)
def test_bad_text_raises_a_clear_error(data, error):
    with pytest.raises(error) as info:
        read_bytes(data, name="bad.txt")
    assert str(info.value)


def _docx(paragraphs, table=None) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(paragraphs[0])
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    for p in paragraphs[1:]:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_paragraphs_and_tables_in_document_order():
    data = _docx(["2009年工作总结", "一、主要工作", "召开座谈会8次。"], table=[["指标", "数值"], ["参加人数", "44人"]])
    doc = read_bytes(data, name="a.docx")
    assert doc.text == "2009年工作总结\n指标\t数值\n参加人数\t44人\n一、主要工作\n召开座谈会8次。"
    assert doc.format == "docx"


# fmt: off
BAD_DOCX = [
    (b"this is not a zip file at all", ReadError, "not a zip"),
    (None, ReadError, "not a zip"),  # truncated: filled in below
]
# fmt: on


def test_truncated_or_fake_docx_is_a_read_error():
    data = _docx(["一、主要工作", "召开座谈会8次。"])
    for bad in (b"this is not a zip file at all", data[: len(data) // 2]):
        with pytest.raises(ReadError, match="not a valid .docx"):
            read_bytes(bad, name="a.docx")


def test_docx_zip_bomb_is_refused_before_decompression():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"0" * (8 * 1024 * 1024))
    with pytest.raises(LimitExceededError, match="zip bomb"):
        read_bytes(buf.getvalue(), name="bomb.docx", limits=Limits(max_unzipped_bytes=1024 * 1024))


HTML = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>页面标题</title>
<style>p { color: red }</style><script>var x = "不应出现";</script></head>
<body><h1>2022年上半年工作总结</h1><div>今年以来，街道<b>扎实</b>推进各项工作。</div>
<p>一、主要工作<br>投资104万元，&nbsp;铺设道路。</p><ul><li>第一项</li><li>第二项</li></ul>
<table><tr><td>指标</td><td>数值</td></tr></table><noscript>不应出现</noscript></body></html>"""


def test_html_visible_text_with_block_line_breaks():
    doc = read_bytes(HTML.encode("gb18030"), name="a.html")
    assert doc.text.split("\n") == [
        "2022年上半年工作总结", "今年以来，街道扎实推进各项工作。", "一、主要工作", "投资104万元， 铺设道路。",
        "第一项", "第二项", "指标\t数值",
    ]
    assert "不应出现" not in doc.text and "color" not in doc.text
    assert doc.encoding == "gb18030"


def test_deeply_nested_html_does_not_recurse():
    data = ("<div>" * 50000 + "区经委召开座谈会" + "</div>" * 50000).encode()
    assert read_bytes(data, name="deep.html").text == "区经委召开座谈会"


def _pdf(lines) -> bytes:
    reportlab = pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("STSong-Light", 12)
    y = 800
    for line in lines:
        c.drawString(72, y, line)
        y -= 20
    c.save()
    assert reportlab
    return buf.getvalue()


def test_pdf_text_layer_is_read():
    doc = read_bytes(_pdf(["2009年工作总结", "一、主要工作", "召开座谈会8次。"]), name="a.pdf")
    assert doc.text == "2009年工作总结\n一、主要工作\n召开座谈会8次。"


def test_pdf_without_text_is_an_error():
    with pytest.raises(NoTextLayerError, match="no text layer"):
        read_bytes(_pdf([]), name="scan.pdf")


def test_broken_pdf_is_an_error():
    with pytest.raises(ReadError):
        read_bytes(b"%PDF-1.4\n garbage", name="broken.pdf")


def test_legacy_doc_without_converter_says_what_to_install(monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(ConverterMissingError, match="antiword"):
        read_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100, name="old.doc")


def test_unsupported_format_and_limits(tmp_path):
    xls = tmp_path / "a.xls"
    xls.write_bytes(b"whatever")
    with pytest.raises(UnsupportedFormatError):
        read_path(xls)
    big = tmp_path / "big.txt"
    big.write_text("区" * 1000, encoding="utf-8")
    with pytest.raises(LimitExceededError, match="max-bytes"):
        read_path(big, limits=Limits(max_bytes=100))
    with pytest.raises(LimitExceededError, match="max-chars"):
        read_path(big, limits=Limits(max_chars=100))
