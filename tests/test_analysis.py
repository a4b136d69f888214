"""analyze(): text or path in, a DocumentResult whose offsets index the document as decoded."""

from __future__ import annotations

from textkit.analysis import analyze

TRAD = "明德中心2023年度工作總結\n一、服務概況\n全年舉辦活動586個，服務達4.23萬人次。\n中心主任：陳嘉欣\n2024年1月25日\n"


def test_text_and_path_give_the_same_records(tmp_path, nlp):
    path = tmp_path / "a.txt"
    path.write_bytes(TRAD.encode("utf-8"))
    from_text = analyze(TRAD, nlp=nlp)
    from_path = analyze(path, nlp=nlp)
    assert from_text.sections == from_path.sections and from_text.statistics == from_path.statistics
    assert from_path.info.path == str(path) and from_path.info.encoding == "utf-8"


def test_traditional_document_keeps_its_own_characters(nlp):
    r = analyze(TRAD, nlp=nlp)
    assert r.info.title == "明德中心2023年度工作總結"
    assert [s.heading for s in r.sections if s.number] == ["服務概況"]
    assert [(s.text, s.unit) for s in r.statistics] == [("586個", "個"), ("4.23萬人次", "人次")]
    assert r.info.issuer == "陳嘉欣" and str(r.info.doc_date) == "2024-01-25"
    for rec in (*r.statistics, *r.dates, *r.entities):
        assert TRAD[rec.char_start : rec.char_end] == rec.text
