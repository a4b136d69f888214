#!/usr/bin/env python3
"""Build the bundled sample corpus from its UTF-8 sources, reproducibly.

    python corpora/build_sample.py          # (re)write corpora/sample/* and corpora/gold/sample/texts/*

Sources live in ``corpora/sample_src/<stem>.txt`` (UTF-8, one paragraph per line, ``\\n`` line ends).
Plain UTF-8 documents without a source are authored directly in ``corpora/sample/<stem>.txt``.
For every document the script also writes ``corpora/gold/sample/texts/<stem>.txt``: the UTF-8 text
(no BOM, ``\\n`` line ends) that a reader should decode from the document, which is what the gold
annotations are offsets into.

Layout rules used for the structured formats (the same rules a reader should undo):
- .docx: one paragraph per source line; a run of lines containing TABs becomes one table, one row per
  line, one cell per TAB-separated field (a reader yields the row's cells joined by a TAB).
- .html: one block element per line (<h1> title, <h2> 一、 headings, <h3> （一） headings, <li> for
  1. items, <table> rows for TAB lines, <br> inside the distribution footer and the signature block);
  <script>/<style> and the <head> (including <title>) are not part of the text.
- .pdf: one text line per source line (no wrapping: the script refuses a line that does not fit the
  page), no page headers or footers; built with reportlab's CID font STSong-Light (no font files).
Everything is deterministic: fixed timestamps in .docx zips and reportlab's invariant mode.
"""
from __future__ import annotations

import html
import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent
SRC = ROOT / "sample_src"
OUT = ROOT / "sample"
TEXTS = ROOT / "gold" / "sample" / "texts"

# stem -> (format, encoding, line ending). encoding None = authored directly as UTF-8 in sample/.
DOCS: dict[str, tuple[str, str | None, str]] = {
    "01_stage1_summary": ("txt", None, "\n"),
    "02_stage2_summary": ("txt", "gb18030", "\n"),
    "03_stage3_summary": ("html", "utf-8", "\n"),
    "04_annual_street": ("docx", None, "\n"),
    "05_annual_market": ("txt", "utf-8-sig", "\n"),
    "06_halfyear_hrss": ("txt", "utf-16", "\n"),
    "07_halfyear_town": ("html", "utf-8", "\n"),
    "08_gov_report": ("txt", "utf-8", "\r\n"),
    "09_enterprise_company": ("docx", None, "\n"),
    "10_enterprise_group": ("txt", "gb18030", "\n"),
    "11_duty_report": ("txt", "utf-8-sig", "\n"),
    "12_school_summary": ("txt", None, "\n"),
    "13_traditional_hk": ("txt", "big5", "\n"),
    "14_nested_parts": ("pdf", None, "\n"),
}

FIXED_TIME = datetime(2024, 1, 1, 0, 0, 0)
H2 = regex.compile(r"^[一二三四五六七八九十]+、")
H3 = regex.compile(r"^（[一二三四五六七八九十]+）")
ITEM = regex.compile(r"^\d+[.．、]")
FOOTER = regex.compile(r"^(?:报|抄送|抄报|发|送)：")
DATELINE = regex.compile(r"^(?:\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日$")


def read_source(stem: str) -> str:
    fmt, enc, _ = DOCS[stem]
    path = SRC / f"{stem}.txt" if enc is not None or fmt != "txt" else OUT / f"{stem}.txt"
    text = path.read_text(encoding="utf-8")
    if text.startswith("\ufeff") or "\r" in text:
        raise SystemExit(f"{path}: sources are UTF-8 without BOM, with \\n line ends")
    return text if text.endswith("\n") else text + "\n"


def write_txt(stem: str, text: str, enc: str, eol: str) -> None:
    (OUT / f"{stem}.txt").write_bytes(text.replace("\n", eol).encode(enc))


def _blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Group source lines into (kind, lines) blocks shared by the HTML and DOCX writers."""
    out: list[tuple[str, list[str]]] = []
    for i, line in enumerate(lines):
        if i == 0:
            kind = "title"
        elif "\t" in line:
            kind = "row"
        elif FOOTER.match(line):
            kind = "footer"
        elif DATELINE.match(line) or (i + 1 < len(lines) and DATELINE.match(lines[i + 1])):
            kind = "sign"
        elif H2.match(line):
            kind = "h2"
        elif H3.match(line) and len(line) <= 30:
            kind = "h3"
        elif ITEM.match(line):
            kind = "item"
        else:
            kind = "p"
        if out and kind in ("row", "footer", "sign", "item") and out[-1][0] == kind:
            out[-1][1].append(line)
        else:
            out.append((kind, [line]))
    return out


def write_html(stem: str, text: str) -> None:
    lines = text.rstrip("\n").split("\n")
    e = html.escape
    body: list[str] = []
    for kind, ls in _blocks(lines):
        if kind == "title":
            body.append(f"<h1>{e(ls[0])}</h1>")
            body.append("<script>window.pv && window.pv.track('article');</script>")
        elif kind == "h2":
            body.append(f"<h2>{e(ls[0])}</h2>")
        elif kind == "h3":
            body.append(f"<h3>{e(ls[0])}</h3>")
        elif kind == "item":
            body.append('<ul class="items">')
            body.extend(f"  <li>{e(x)}</li>" for x in ls)
            body.append("</ul>")
        elif kind == "row":
            body.append('<table class="data">')
            for x in ls:
                cells = "".join(f"<td>{e(c)}</td>" for c in x.split("\t"))
                body.append(f"  <tr>{cells}</tr>")
            body.append("</table>")
        elif kind in ("footer", "sign"):
            body.append(f'<div class="{kind}">' + "<br>".join(e(x) for x in ls) + "</div>")
        else:
            body.append(f"<p>{e(ls[0])}</p>")
    doc = (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{e(lines[0])}</title>\n"
        "<style>\nbody { font-family: \"SimSun\", serif; line-height: 1.8; }\n"
        "h1 { text-align: center; } .sign { text-align: right; } .footer { border-top: 1px solid #000; }\n"
        "</style>\n<script>\nvar pv = { track: function (x) { return x; } };\n</script>\n</head>\n<body>\n"
        '<div class="article">\n' + "\n".join(body) + "\n</div>\n</body>\n</html>\n"
    )
    (OUT / f"{stem}.html").write_bytes(doc.encode("utf-8"))


def write_docx(stem: str, text: str) -> None:
    import docx

    lines = text.rstrip("\n").split("\n")
    d = docx.Document()
    cp = d.core_properties
    cp.author = "textkit"
    cp.title = lines[0]
    cp.created = cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.revision = 1
    for kind, ls in _blocks(lines):
        if kind == "title":
            d.add_paragraph(ls[0], style="Title")
        elif kind == "h2":
            d.add_paragraph(ls[0], style="Heading 1")
        elif kind == "h3":
            d.add_paragraph(ls[0], style="Heading 2")
        elif kind == "row":
            rows = [x.split("\t") for x in ls]
            ncol = max(len(r) for r in rows)
            t = d.add_table(rows=len(rows), cols=ncol)
            t.style = "Table Grid"
            for r, cells in enumerate(rows):
                for c, val in enumerate(cells):
                    t.cell(r, c).text = val
        else:
            for x in ls:
                d.add_paragraph(x)
    buf = io.BytesIO()
    d.save(buf)
    # rewrite the zip with fixed member timestamps so the file is byte-for-byte reproducible
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, src.read(info.filename))
    (OUT / f"{stem}.docx").write_bytes(out.getvalue())


def write_pdf(stem: str, text: str) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = landscape(A4)
    margin, size, leading = 40.0, 10.5, 18.0
    c = canvas.Canvas(str(OUT / f"{stem}.pdf"), pagesize=(width, height), invariant=1)
    c.setTitle(text.split("\n", 1)[0])
    c.setAuthor("textkit")
    y = height - margin
    for line in text.rstrip("\n").split("\n"):
        font_size = size + 4 if y == height - margin and c.getPageNumber() == 1 else size
        w = pdfmetrics.stringWidth(line, "STSong-Light", font_size)
        if w > width - 2 * margin:
            raise SystemExit(f"{stem}: line too wide for the PDF page ({w:.0f}pt): {line[:20]}…")
        if y < margin + leading:
            c.showPage()
            y = height - margin
        c.setFont("STSong-Light", font_size)
        c.drawString(margin, y, line)
        y -= leading
    c.showPage()
    c.save()


def build(stem: str) -> None:
    fmt, enc, eol = DOCS[stem]
    text = read_source(stem)
    if fmt == "txt" and enc is not None:
        write_txt(stem, text, enc, eol)
    elif fmt == "html":
        write_html(stem, text)
    elif fmt == "docx":
        write_docx(stem, text)
    elif fmt == "pdf":
        write_pdf(stem, text)
    (TEXTS / f"{stem}.txt").write_bytes(text.encode("utf-8"))


def main(argv: list[str]) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    TEXTS.mkdir(parents=True, exist_ok=True)
    stems = argv or list(DOCS)
    for stem in stems:
        if stem not in DOCS:
            raise SystemExit(f"unknown document {stem}")
        build(stem)
        print("built", stem)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
