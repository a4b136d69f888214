"""Property-based tests (hypothesis) for every reader and extractor, and for ``analyze``.

For any string in: no exception out (other than textkit's own documented errors), every offset
valid (``text[r.char_start:r.char_end] == r.text``), and the same output twice.  The strings are
``st.text()`` mixed with a Chinese alphabet biased toward numerals, dates, units, punctuation and
heading numbers, and with fragments of work-summary text.

The suite runs ~100 examples per property with a fixed seed (``derandomize``) so it stays fast
and reproducible; ``python benchmarks/long_properties.py`` runs the same ``check_*`` functions
on 10,000 random examples each.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from textkit.errors import TextkitError
from textkit.normalize import normalize
from textkit.reading import Limits, decode_text, read_bytes
from textkit.structure import find_structure, split_sentences

# --------------------------------------------------------------------------- strategies

CN_ALPHABET = (
    "一二三十百千万亿年月日、，。（）第次人元%0123456789.-—～至到\n"  # the bias asked for
    "一二三十百千万亿年月日、，。（）第次人元%0123456789.-—～至到\n"  # (twice: twice as likely)
    "〇零两四五六七八九两半余多约近超过左右以上累计增长下降同比上中下旬季度"
    "区委会局厅公司集团有限王李张刘陈主任书记局长副经理徐斌召开座谈会参加投资"
    "０１２３４５６７８９％．　 \t\r《》“”\"'()（）[]【】〔〕①②③：:；;！？!?…·/号"
)
FRAGMENTS = (
    "一、", "二、", "三、", "（一）", "（二）", "1.", "2.", "1、", "（1）", "①", "第一部分", "第二章",
    "2009年", "二〇〇九年", "3月13日", "3月中旬", "上半年", "第一季度", "今年以来", "全年", "年底",
    "“十三五”", "2015—2020年", "6月10日至16日", "1-7月",
    "13.9亿元", "3541.07万元", "增长9.6%", "下降3个百分点", "召开座谈会8次", "参加人数44人", "约8次",
    "3-5个", "三至五年", "百分之十五", "1,234", "一是", "进一步", "千方百计",
    "区经委", "金山区经济委员会", "上海某某有限公司", "主任", "党组副书记", "徐斌", "《实施方案》",
    "报：", "抄送：", "区经济委员会\n2009年5月6日", "金经委〔2009〕12号",
    "\n", "\n\n", "。", "，", "：", "；", "、", " ", "\u3000", "\r\n",
)

cn_text = st.text(alphabet=CN_ALPHABET, max_size=300)
fragment_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=CN_ALPHABET, max_size=6)), max_size=40).map(
    "".join
)
texts = st.one_of(st.text(max_size=300), cn_text, fragment_text, fragment_text)
numerals = st.one_of(
    st.text(alphabet="0123456789.,一二三四五六七八九十百千万亿零两〇壹贰叁拾佰仟萬億点%-+负百分之", max_size=20),
    st.integers(min_value=0, max_value=10**30).map(str),
    st.text(max_size=12),
)

SUITE = settings(
    max_examples=100, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _twice(fn, *args, **kwargs):
    """Run ``fn`` twice on the same input and require the same output."""
    first = fn(*args, **kwargs)
    assert fn(*args, **kwargs) == first, "not deterministic"
    return first


def _spans_hold(text: str, records) -> None:
    for r in records:
        assert 0 <= r.char_start <= r.char_end <= len(text), r
        assert text[r.char_start : r.char_end] == r.text, r


# --------------------------------------------------------------------------- checks (shared with the long run)


def check_normalize(text: str) -> None:
    out = _twice(normalize, text)
    assert len(out) == len(text)
    assert all(out[i] == "\n" for i, c in enumerate(text) if c == "\n")


def check_structure(text: str) -> None:
    s = _twice(find_structure, text)
    ids = {x.section_id for x in s.sections}
    assert len(ids) == len(s.sections)
    for x in s.sections:
        assert 0 <= x.char_start <= x.body_start <= x.char_end <= len(text), x
        assert x.level >= 1 and (x.parent_id == "" or x.parent_id in ids)
    if s.title_span is not None:
        assert text[s.title_span[0] : s.title_span[1]] == s.title
    if s.signature_span is not None:
        assert text[s.signature_span[0] : s.signature_span[1]] == s.signature
    for a, b in s.sentences:
        assert 0 <= a < b <= len(text) and text[a:b].strip()
    assert list(s.sentences) == split_sentences(text)


def check_dates(text: str) -> None:
    from textkit.dates import analyze_dates, find_dates

    analysis = _twice(analyze_dates, text)
    _spans_hold(text, analysis.mentions)
    for m in (*analysis.mentions, *_twice(find_dates, text, year=2009)):
        assert m.text and text[m.char_start : m.char_end] == m.text
        if m.start is not None and m.end is not None:
            assert m.start <= m.end, m
        assert m.granularity in {"day", "xun", "month", "quarter", "half", "year", "relative", "period"}
    if analysis.period_start is not None and analysis.period_end is not None:
        assert analysis.period_start <= analysis.period_end
    assert analysis.doc_date is None or isinstance(analysis.doc_date, dt.date)


def check_statistics(text: str) -> None:
    from textkit.statistics import find_statistics

    stats = _twice(find_statistics, text)
    _spans_hold(text, stats)
    for a, b in zip(stats, stats[1:]):
        assert a.char_end <= b.char_start, (a, b)
    for s in stats:
        assert isinstance(s.value, Decimal) and s.value >= 0, s
        assert s.value_max is None or s.value_max > s.value, s
        assert s.kind in ("actual", "target") and s.change in ("", "increase", "decrease")


def check_parse_number(s: str) -> None:
    from textkit.numerals import parse_number

    try:
        value = _twice(parse_number, s)
    except ValueError:
        return
    assert isinstance(value, Decimal) and value.is_finite()
    if s.isascii() and s.isdigit():
        assert value == Decimal(s)


def check_entities(text: str) -> None:
    entities = pytest.importorskip("textkit.entities")
    found = _twice(entities.find_entities, text)
    _spans_hold(text, found)
    for a, b in zip(found, found[1:]):
        assert a.char_end <= b.char_start, (a, b)
    assert all(e.label in entities.LABELS and e.text for e in found)


def check_label_sections(text: str) -> None:
    from textkit.classify import LABEL_GROUPS, LABELS, label_sections

    sections = find_structure(text).sections
    labelled = _twice(label_sections, text, sections)
    assert [s.section_id for s in labelled] == [s.section_id for s in sections]
    assert [(s.char_start, s.char_end) for s in labelled] == [(s.char_start, s.char_end) for s in sections]
    for s in labelled:
        assert s.label in LABELS and s.label_group == LABEL_GROUPS[s.label]
        assert s.label_score is not None and 0.0 <= s.label_score <= 1.0


def check_read_bytes(data: bytes, name: str) -> None:
    try:
        doc = _twice(read_bytes, data, name=name, limits=Limits(max_unzipped_bytes=1 << 20))
    except TextkitError:
        return
    assert doc.text.strip() and "\r" not in doc.text and not doc.text.startswith("\ufeff")
    assert doc.n_bytes == len(data) and len(doc.sha256) == 64


def check_text_round_trip(text: str) -> None:
    """A str written as UTF-8 reads back as itself (universal newlines, no BOM), or a clear error."""
    try:
        doc = read_bytes(text.encode("utf-8", "surrogatepass"), name="a.txt")
    except TextkitError:
        return
    expected = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    assert doc.text == expected or doc.encoding != "utf-8"


def check_analyze(text: str, nlp) -> None:
    from textkit.analysis import analyze
    from textkit.tables import rows

    if not text.strip():
        return
    result = _twice(analyze, text, nlp=nlp)
    assert result.text == text
    _spans_hold(text, (*result.dates, *result.statistics, *result.entities))
    for s in result.sections:
        assert 0 <= s.char_start <= s.body_start <= s.char_end <= len(text)
    table_rows = rows(result)
    for table in ("sections", "entities", "dates", "statistics"):
        for row in table_rows[table]:
            assert text[row["char_start"] : row["char_end"]] == row["text"]


# --------------------------------------------------------------------------- the suite


@SUITE
@given(texts)
def test_normalize_keeps_length_and_newlines(text):
    check_normalize(text)


@SUITE
@given(texts)
@example("一、\n" * 30)
@example("（一）（一）（一）\n一、一、\n")
def test_find_structure(text):
    check_structure(text)


@SUITE
@given(texts)
@example("“" * 200)
@example("2009年3月中旬到4月下旬，6月10日至16日")
def test_dates(text):
    check_dates(text)


@SUITE
@given(texts)
@example("1" * 500)
@example("1," * 200)
@example("3-5个，三至五年，约8次左右")
def test_find_statistics(text):
    check_statistics(text)


def test_find_statistics_range_with_a_multiplier_then_digits():
    check_statistics("二-万二")


@SUITE
@given(numerals)
@example("1" * 400)
@example("9" * 40 + "亿亿亿")
@example("百分之百分之")
def test_parse_number(s):
    check_parse_number(s)


@SUITE
@given(texts)
def test_find_entities(text):
    check_entities(text)


@SUITE
@given(texts)
def test_label_sections(text):
    check_label_sections(text)


@SUITE
@given(st.binary(max_size=400), st.sampled_from(["a.txt", "a.html", "a.docx", "a.pdf"]))
@example(b"PK\x03\x04", "a.docx")
@example(b"%PDF-1.4\n", "a.pdf")
@example(b"<meta charset='no-such-codec'>\xff", "a.html")
@example(b"\xef\xbb\xbf", "a.txt")
def test_read_bytes_only_raises_textkit_errors(data, name):
    check_read_bytes(data, name)


@SUITE
@given(texts)
def test_decode_text_round_trips_utf8(text):
    check_text_round_trip(text)


@SUITE
@given(st.one_of(cn_text, fragment_text).map(lambda t: t.encode("gb18030")))
def test_decode_text_never_raises_anything_but_decode_error(data):
    try:
        text, encoding = decode_text(data)
    except TextkitError:
        return
    assert isinstance(text, str) and encoding


@settings(SUITE, max_examples=40)
@given(texts)
def test_analyze_whole_pipeline(nlp, text):
    check_analyze(text, nlp)
