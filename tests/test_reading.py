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


# --- .docx: everything the body shows, in document order (issue 15) ------------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx_body(body_xml: str) -> bytes:
    """A .docx whose body is ``body_xml`` (WordprocessingML written by the test)."""
    data = _docx(["占位"])
    src = zipfile.ZipFile(io.BytesIO(data))
    entries = {info.filename: src.read(info.filename) for info in src.infolist()}
    xml = entries["word/document.xml"].decode("utf-8")
    head, rest = xml.split("<w:body>", 1)
    entries["word/document.xml"] = (head + "<w:body>" + body_xml + "<w:sectPr/></w:body></w:document>").encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, blob in entries.items():
            z.writestr(name, blob)
    return buf.getvalue()


def _p(*inner: str) -> str:
    return "<w:p>" + "".join(inner) + "</w:p>"


def _r(text: str) -> str:
    return f"<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>"


def _tbl(*rows: list[str]) -> str:
    return "<w:tbl>" + "".join("<w:tr>" + "".join(f"<w:tc>{c}</w:tc>" for c in row) + "</w:tr>" for row in rows) + "</w:tbl>"


# fmt: off
DOCX_BODIES = [
    # (case, body XML, expected text): each was dropped before (issue 15: "a 13.9亿元 figure simply vanishes")
    ("content control around a block",
     _p(_r("一、主要工作")) + "<w:sdt><w:sdtPr><w:alias w:val=\"x\"/></w:sdtPr><w:sdtContent>"
     + _p(_r("投资13.9亿元。")) + "</w:sdtContent></w:sdt>",
     "一、主要工作\n投资13.9亿元。"),
    ("content control inside a paragraph",
     _p(_r("投资"), "<w:sdt><w:sdtContent>" + _r("13.9亿元") + "</w:sdtContent></w:sdt>", _r("。")),
     "投资13.9亿元。"),
    ("tracked insertion (w:ins), deletion left out",
     _p(_r("投资"), "<w:ins w:id=\"1\" w:author=\"a\">" + _r("13.9亿元") + "</w:ins>",
        "<w:del w:id=\"2\" w:author=\"a\"><w:r><w:delText>12亿元</w:delText></w:r></w:del>", _r("。")),
     "投资13.9亿元。"),
    ("moved text: moveTo read, moveFrom not",
     _p("<w:moveFrom>" + _r("旧处") + "</w:moveFrom>", "<w:moveTo>" + _r("新处") + "</w:moveTo>"),
     "新处"),
    ("smart tag", _p(_r("召开"), "<w:smartTag w:uri=\"u\" w:element=\"date\">" + _r("3月13日") + "</w:smartTag>", _r("会议")),
     "召开3月13日会议"),
    ("custom XML, inline and around blocks",
     "<w:customXml w:element=\"part\">" + _p(_r("区经委"), "<w:customXml w:element=\"n\">" + _r("徐斌") + "</w:customXml>")
     + "</w:customXml>",
     "区经委徐斌"),
    ("simple field: its result, not its code",
     _p(_r("共"), "<w:fldSimple w:instr=\" NUMPAGES \">" + _r("8") + "</w:fldSimple>", _r("页")),
     "共8页"),
    ("complex field: the instruction text is left out",
     _p(_r("见"), "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> REF a </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>", _r("附件一"), "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"),
     "见附件一"),
    ("hyperlink", _p(_r("详见"), "<w:hyperlink w:anchor=\"a\">" + _r("附表") + "</w:hyperlink>"), "详见附表"),
    ("table inside a cell: its rows follow the row that holds it",
     _tbl([_p(_r("指标")), _p(_r("数值"))],
          [_p(_r("投资")), _p(_r("见下表")) + _tbl([_p(_r("一季度")), _p(_r("13.9亿元"))])]),
     "指标\t数值\n投资\t见下表\n一季度\t13.9亿元"),
    ("rows and cells inside content controls",
     "<w:tbl><w:sdt><w:sdtContent><w:tr><w:tc>" + _p(_r("参加人数")) + "</w:tc><w:sdt><w:sdtContent><w:tc>"
     + _p(_r("44人")) + "</w:tc></w:sdtContent></w:sdt></w:tr></w:sdtContent></w:sdt></w:tbl>",
     "参加人数\t44人"),
    ("vertically merged cell: its text once",
     _tbl([_p(_r("组别")), _p(_r("甲"))],
          ["<w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>" + _p(_r("一组")), _p(_r("8次"))],
          ["<w:tcPr><w:vMerge/></w:tcPr>" + _p(), _p(_r("9次"))]),
     "组别\t甲\n一组\t8次\n9次"),
    ("tabs and line breaks inside a paragraph",
     _p(_r("甲"), "<w:r><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r>"), "甲\t乙\n丙"),
    ("text box: after the paragraph that anchors it, once (no fallback copy)",
     _p(_r("正文"), "<w:r><mc:AlternateContent xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">"
        "<mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>" + _p(_r("框内")) + "</w:txbxContent></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><w:txbxContent>" + _p(_r("框内")) + "</w:txbxContent></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"),
     "正文\n框内"),
]
# fmt: on


@pytest.mark.parametrize(("case", "body", "expected"), DOCX_BODIES, ids=[c[0] for c in DOCX_BODIES])
def test_docx_body_is_read_whole_in_document_order(case, body, expected):
    assert read_bytes(_docx_body(body), name="a.docx").text == expected


def test_docx_main_part_is_found_through_its_relationship():
    data = _docx_body(_p(_r("召开座谈会8次。")))
    src = zipfile.ZipFile(io.BytesIO(data))
    entries = {info.filename: src.read(info.filename) for info in src.infolist()}
    entries["word/main.xml"] = entries.pop("word/document.xml")
    entries["_rels/.rels"] = entries["_rels/.rels"].replace(b"word/document.xml", b"word/main.xml")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, blob in entries.items():
            z.writestr(name, blob)
    assert read_bytes(buf.getvalue(), name="a.docx").text == "召开座谈会8次。"


# --- lossy decodings: every encoding under the same 0.5 % rule (issue 15) --------------------------------

LONG = (TEXT * 6).rstrip()  # about 300 characters: one bad character is under 0.5 %
LONG_TRAD = (TRAD * 6).rstrip()

# fmt: off
LOSSY = [
    # (case, bytes, encoding, replaced characters)
    ("GBK with one stray byte", LONG.encode("gbk")[:200] + b"\xff" + LONG.encode("gbk")[200:], "gb18030-replace", 1),
    ("GBK cut inside its last character", LONG.encode("gbk")[:-1], "gb18030-replace", 1),
    ("short GBK cut inside its last character", "二〇〇九年工作小结".encode("gbk")[:-1], "gb18030-replace", 1),
    ("Big5 with one stray byte", TRAD.encode("big5") * 3 + b"\xff" + TRAD.encode("big5") * 3, "big5-replace", 1),
    ("Big5 cut inside its last character", LONG_TRAD.encode("big5")[:-1], "big5-replace", 1),
    ("UTF-16 without BOM one byte short", LONG.encode("utf-16-le")[:-1], "utf-16-replace", 1),
    ("UTF-16-BE without BOM one byte short", LONG.encode("utf-16-be")[:-1], "utf-16-replace", 1),
    ("UTF-16 with BOM one byte short", LONG.encode("utf-16")[:-1], "utf-16-replace", 1),
    ("UTF-16 with a lone surrogate", LONG.encode("utf-16-le")[:100] + b"\x00\xd8" + LONG.encode("utf-16-le")[100:], "utf-16-replace", 1),
    ("UTF-8 cut inside its last character", "二〇〇九年工作小结".encode("utf-8")[:-1], "utf-8-replace", 1),
    ("UTF-8 with one stray byte", LONG.encode("utf-8")[:300] + b"\xff" + LONG.encode("utf-8")[300:], "utf-8-replace", 1),
    ("a literal U+FFFD is not a replacement", LONG.encode("utf-8") + "\ufffd".encode("utf-8"), "utf-8", 0),
]
# fmt: on


@pytest.mark.parametrize(("case", "data", "encoding", "replaced"), LOSSY, ids=[c[0] for c in LOSSY])
def test_damaged_text_is_read_with_replacements_counted(case, data, encoding, replaced):
    doc = read_bytes(data, name="a.txt")
    assert (doc.encoding, doc.n_replaced) == (encoding, replaced)
    assert doc.text.count("\ufffd") == replaced + ("literal" in case)
    assert "领导重视" in doc.text or "領導重視" in doc.text or "工作小" in doc.text


# fmt: off
TOO_DAMAGED = [
    # (case, bytes, words of the message)
    ("GBK with a stray byte every 50 characters",
     b"".join(LONG.encode("gbk")[i:i + 100] + b"\xff" for i in range(0, len(LONG.encode("gbk")), 100)), "GB18030/GBK"),
    ("short GBK with a stray byte inside", "二〇〇九年".encode("gbk") + b"\xff" + "工作小结".encode("gbk"), "0.5%"),
]
# fmt: on


@pytest.mark.parametrize(("case", "data", "words"), TOO_DAMAGED, ids=[c[0] for c in TOO_DAMAGED])
def test_text_damaged_beyond_half_a_percent_is_refused_with_the_reason(case, data, words):
    with pytest.raises(DecodeError, match=words.replace(".", r"\.")):
        read_bytes(data, name="a.txt")


def test_documents_table_counts_replaced_characters(tmp_path):
    from textkit.batch import run_extract
    from textkit.tables import read

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "cut.txt").write_bytes(LONG.encode("gbk")[:-1])
    run_extract([str(tmp_path / "in")], tmp_path / "out")
    docs = read(tmp_path / "out")["documents"]
    assert docs[["encoding", "n_replaced", "status"]].values.tolist() == [["gb18030-replace", 1, "ok"]]


# fmt: off
HTML_CHARSETS = [
    # (bytes, encoding): valid UTF-8 beats a <meta charset> that contradicts it
    (f'<meta charset="gb2312"><p>{TEXT}</p>'.encode("utf-8"), "utf-8"),
    # UTF-8 bytes that also decode as GB18030 (mojibake: 宸ヤ綔 鎬荤粨 …): the bytes still win
    ('<meta charset="gb2312"><p>工作 总结 召开 会议 参加 人数 领导 重视 组织 有力</p>'.encode("utf-8"), "utf-8"),
    (f'<meta http-equiv="Content-Type" content="text/html; charset=big5"><p>{TEXT}</p>'.encode("utf-8"), "utf-8"),
    (f'<meta charset="gb2312"><p>{TEXT}</p>'.encode("gb18030"), "gb18030"),
    (f'<meta charset="utf-8"><p>{LONG}'.encode("gbk")[:-1], "gb18030-replace"),   # declared wrongly, and cut
    ('<meta charset="gbk"><p>Report 2009</p>'.encode("ascii"), "gb18030"),
]
# fmt: on


@pytest.mark.parametrize(("data", "encoding"), HTML_CHARSETS)
def test_html_charset_that_contradicts_the_bytes_loses(data, encoding):
    doc = read_bytes(data, name="a.html")
    assert doc.encoding == encoding
    assert "\ufffd" not in doc.text[:-1] and ("领导" in doc.text or "Report" in doc.text)


# fmt: off
LINE_BREAKS = ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\r\n"]
# fmt: on


@pytest.mark.parametrize("brk", LINE_BREAKS, ids=[repr(b) for b in LINE_BREAKS])
def test_other_line_breaks_separate_headings_and_sentences(brk, nlp):
    from textkit.analysis import analyze

    text = brk.join(["2009年工作总结", "一、主要工作", "召开座谈会8次", "二、下步打算", "参加人数44人"])
    result = analyze(text, nlp=nlp)
    assert [s.heading for s in result.sections] == ["主要工作", "下步打算"]
    assert result.info.title == "2009年工作总结"
    sentences = {result.text[a:b] for a, b in result.sentences}
    assert {"召开座谈会8次", "参加人数44人"} <= sentences
