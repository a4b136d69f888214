"""Tests of textkit.dates: forms, negatives, ranges, year inference, relative/period, document level."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textkit.dates import DateAnalysis, analyze_dates, find_dates

SHARED = Path(__file__).parents[1].parent / "shared"
CAL = {"day", "xun", "month", "quarter", "half", "year"}


def rows(mentions, *, calendar_only: bool = False):
    return [(m.text, str(m.start) if m.start else None, str(m.end) if m.end else None, m.granularity)
            for m in mentions if not calendar_only or m.granularity in CAL]


# ----------------------------------------------------------------------------- forms

FORMS = [
    ("会议于2009年3月13日召开。", [("2009年3月13日", "2009-03-13", "2009-03-13", "day")]),
    ("二〇〇九年三月十三日印发", [("二〇〇九年三月十三日", "2009-03-13", "2009-03-13", "day")]),
    ("二○一八年十二月三十一日", [("二○一八年十二月三十一日", "2018-12-31", "2018-12-31", "day")]),
    ("截止日期为2009.3.13，逾期不候", [("2009.3.13", "2009-03-13", "2009-03-13", "day")]),
    ("更新时间 2009-03-13 09:30", [("2009-03-13", "2009-03-13", "2009-03-13", "day")]),
    ("落款2009/3/13", [("2009/3/13", "2009-03-13", "2009-03-13", "day")]),
    ("3月13日上午，全体党员集中学习", [("3月13日", "2011-03-13", "2011-03-13", "day")]),
    ("5月6号召开座谈会", [("5月6号", "2011-05-06", "2011-05-06", "day")]),
    ("3月上旬完成摸底", [("3月上旬", "2011-03-01", "2011-03-10", "xun")]),
    ("计划于4月中旬验收", [("4月中旬", "2011-04-11", "2011-04-20", "xun")]),
    ("2月下旬开展回头看", [("2月下旬", "2011-02-21", "2011-02-28", "xun")]),
    ("3月起实行新办法", [("3月", "2011-03-01", "2011-03-31", "month")]),
    ("11月份开展检查", [("11月份", "2011-11-01", "2011-11-30", "month")]),
    ("十二月份召开总结会", [("十二月份", "2011-12-01", "2011-12-31", "month")]),
    ("一季度完成投资三成", [("一季度", "2011-01-01", "2011-03-31", "quarter")]),
    ("第三季度启动二期工程", [("第三季度", "2011-07-01", "2011-09-30", "quarter")]),
    ("上半年完成招商任务", [("上半年", "2011-01-01", "2011-06-30", "half")]),
    ("下半年重点抓好三项工作", [("下半年", "2011-07-01", "2011-12-31", "half")]),
    ("前三季度税收增长", [("前三季度", "2011-01-01", "2011-09-30", "quarter")]),
    ("2012年新建道路5公里", [("2012年", "2012-01-01", "2012-12-31", "year")]),
    ("完成2012年度考核", [("2012年度", "2012-01-01", "2012-12-31", "year")]),
    ("2012年上半年营业收入增长", [("2012年上半年", "2012-01-01", "2012-06-30", "half")]),
    ("2012年半年度工作总结", [("2012年半年度", "2012-01-01", "2012-06-30", "half")]),
    ("2012年四季度", [("2012年四季度", "2012-10-01", "2012-12-31", "quarter")]),
    ("选用《工作手册》（2016年版）", [("2016年", "2016-01-01", "2016-12-31", "year")]),
    ("今年重点推进旧城改造", [("今年", "2011-01-01", "2011-12-31", "year")]),
    ("去年新增就业岗位", [("去年", "2010-01-01", "2010-12-31", "year")]),
    ("明年全面完成改造", [("明年", "2012-01-01", "2012-12-31", "year")]),
    ("今年上半年接待游客", [("今年上半年", "2011-01-01", "2011-06-30", "half")]),
    ("去年12月通过验收", [("去年12月", "2010-12-01", "2010-12-31", "month")]),
    ("12月中下旬完成清查", [("12月中下旬", "2011-12-11", "2011-12-31", "xun")]),
    ("3月上中旬集中培训", [("3月上中旬", "2011-03-01", "2011-03-20", "xun")]),
    ("2010年11月开工，次年3月竣工", [("2010年11月", "2010-11-01", "2010-11-30", "month"),
                                  ("次年3月", "2011-03-01", "2011-03-31", "month")]),
    ("2012年首季新增会员", [("2012年首季", "2012-01-01", "2012-03-31", "quarter")]),
    ("2月30日", []),  # no such day
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_forms(text, expected):
    assert rows(find_dates(text, year=2011)) == expected


# ----------------------------------------------------------------------------- negatives

NEGATIVES = [
    "组长提出了三点意见",
    "在前一时期学习的基础上",
    "深入学习党的十七大精神",
    "投资2000万元建设厂房",
    "2019年投资2000万元",  # only the year
    "参加培训1000余人",
    "召开座谈会8次",
    "列入第一批试点",
    "根据〔2019〕860号文件",
    "联系电话：0571-86012345",
    "上午10:30开会",
    "在学院510室召开",
    "打赢了“1·26”疫情阻击战",
    "实现“6.28”开通目标",
    "平均分475.41，增长9.6%",
    "实施2009年第一批技改项目",
    "三个月内完成整改",
    "第7期简报",
    "一月一次例会",
    "启动“八五”普法规划",
    "4.7下沙社区",
    "全年级共有学生四百人",
    "20世纪90年代以来",
    "数据截至2009.03",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_calendar_dates(text):
    got = [m for m in find_dates(text, year=2019) if m.granularity in CAL]
    assert [m.text for m in got] in ([], ["2019年"])
    assert all(m.text == "2019年" for m in got)


# ----------------------------------------------------------------------------- ranges

RANGES = [
    ("第一阶段从2009年3月中旬到4月下旬", [("2009年3月中旬", "2009-03-11", "2009-03-20", "xun"),
                                          ("4月下旬", "2009-04-21", "2009-04-30", "xun")]),
    ("2008年至2012年累计投入", [("2008年", "2008-01-01", "2008-12-31", "year"),
                                 ("2012年", "2012-01-01", "2012-12-31", "year")]),
    ("6月10日至16日举办读书班", [("6月10日", "2011-06-10", "2011-06-10", "day"),
                                  ("16日", "2011-06-16", "2011-06-16", "day")]),
    ("1-7月完成投资", [("1-7月", "2011-01-01", "2011-07-31", "month")]),
    ("1至9月份累计", [("1至9月份", "2011-01-01", "2011-09-30", "month")]),
    ("3月8-9日分组讨论", [("3月8-9日", "2011-03-08", "2011-03-09", "day")]),
    ("《规划纲要（2015—2020年）》", [("2015—2020年", "2015-01-01", "2020-12-31", "year")]),
    ("2011年11月至2月开展冬训", [("2011年11月", "2011-11-01", "2011-11-30", "month"),
                                  ("2月", "2012-02-01", "2012-02-29", "month")]),
    ("5、6月份开展督查", [("5、6月份", "2011-05-01", "2011-06-30", "month")]),
    ("12月25日至1月5日", [("12月25日", "2011-12-25", "2011-12-25", "day"),
                          ("1月5日", "2012-01-05", "2012-01-05", "day")]),
    ("10日至16日", []),  # a bare day with no month before it
]


@pytest.mark.parametrize(("text", "expected"), RANGES)
def test_ranges(text, expected):
    assert rows(find_dates(text, year=2011)) == expected


# ----------------------------------------------------------------------------- year inference

YEARS = [
    # nearest explicit year before the mention wins over the document year
    ("工作简报\n2019年5月31日召开动员会。6月3日省里部署。", "", "6月3日", "2019-06-03"),
    # the title year
    ("2016年上半年生产经营分析会\n7月27日上午召开分析会。", "2016年上半年生产经营分析会", "7月27日", "2016-07-27"),
    # a half year in the title before the year
    ("公司上半年指标过半——召开2016年上半年分析会\n正文。", "公司上半年指标过半——召开2016年上半年分析会", "上半年", "2016-01-01"),
    # review year N and plan year N+1: an early-year meeting is in N+1
    ("1月12日，全区工作会议召开，全面总结2017年工作，安排部署2018年工作。", "", "1月12日", "2018-01-12"),
    # a baseline year of a comparison does not set the year in force
    ("2023年度总结\n服务人次较2022年增长两成。10月获评先进。", "2023年度总结", "10月", "2023-10-01"),
    # a year inside 《》 does not set the year in force
    ("2015年，学习《纲要（2001—2010年）》。3月完成。", "", "3月", "2015-03-01"),
]


@pytest.mark.parametrize(("text", "title", "mention", "start"), YEARS)
def test_year_inference(text, title, mention, start):
    a = analyze_dates(text, title=title)
    got = {m.text: str(m.start) for m in a.mentions if m.granularity in CAL}
    assert got[mention] == start


NO_YEAR = [
    "5月28日，全区专题教育部署会召开。",
    "上半年，两集团实现营业收入增长。",
    "3月中旬开展调研，4月下旬完成。",
]


@pytest.mark.parametrize("text", NO_YEAR)
def test_no_year_no_calendar_rows(text):
    a = analyze_dates(text)
    assert a.year is None
    assert [m for m in a.mentions if m.granularity in CAL] == []


def test_reference_supplies_the_year_only_when_asked():
    assert analyze_dates("5月28日召开部署会").mentions == ()
    a = analyze_dates("5月28日召开部署会", reference=dt.date(2015, 6, 1))
    assert rows(a.mentions) == [("5月28日", "2015-05-28", "2015-05-28", "day")]


# ----------------------------------------------------------------------------- relative and period

RELATIVE = [
    ("今年以来，各项工作稳步推进", 2022, ("今年以来", "2022-01-01", "2022-12-31", "relative")),
    ("确保完成全年目标", 2022, ("全年", "2022-01-01", "2022-12-31", "relative")),
    ("年初制定了工作计划", 2022, ("年初", "2022-01-01", "2022-02-28", "relative")),
    ("确保年底前全线开通", 2022, ("年底", "2022-12-01", "2022-12-31", "relative")),
    ("截至7月底，完成六成", 2022, ("7月底", "2022-07-21", "2022-07-31", "relative")),
    ("自6月初开始集中整治", 2022, ("6月初", "2022-06-01", "2022-06-10", "relative")),
    ("近三年累计投入", 2022, ("近三年", "2020-01-01", "2022-12-31", "relative")),
    ("产量比去年同期增长", 2022, ("去年同期", "2021-01-01", "2021-12-31", "relative")),
    ("总产值比上年增长9%", 2022, ("上年", "2021-01-01", "2021-12-31", "relative")),
    ("2020年以来累计新增", 2022, ("2020年以来", "2020-01-01", None, "relative")),
    ("今年以来，各项工作稳步推进", None, ("今年以来", None, None, "relative")),
    ("“十一五”期间", None, ("“十一五”期间", "2006-01-01", "2010-12-31", "period")),
    ("“十四五”时期主要目标", None, ("“十四五”时期", "2021-01-01", "2025-12-31", "period")),
    ("“九五”计划", None, ("“九五”", "1996-01-01", "2000-12-31", "period")),
    ("第十四个五年规划纲要", None, ("第十四个五年规划", "2021-01-01", "2025-12-31", "period")),
    ("每年3月开展植树活动", 2022, ("3月", None, None, "relative")),
]


@pytest.mark.parametrize(("text", "year", "expected"), RELATIVE)
def test_relative_and_period(text, year, expected):
    assert rows(find_dates(text, year=year))[0] == expected


# ----------------------------------------------------------------------------- document level

DOC_LEVEL = [
    # title year and period
    ("2008年街道办工作总结\n一年来，街道工作稳步推进。", "2008年街道办工作总结", "", 2008, None,
     "2008-01-01", "2008-12-31"),
    ("2022年上半年重点工作督查报告\n现将1-7月情况报告如下。", "2022年上半年重点工作督查报告", "", 2022, None,
     "2022-01-01", "2022-06-30"),
    ("某街道2022年半年度工作总结\n发布日期:2022-12-02 10:55\n正文。", "某街道2022年半年度工作总结", "", 2022,
     "2022-12-02", "2022-01-01", "2022-06-30"),
    # a stated range in the preamble
    ("活动第一阶段工作小结\n第一阶段从2010年3月中旬到4月下旬，重点是学习。\n一、领导重视\n正文。",
     "活动第一阶段工作小结", "", 2010, None, "2010-03-11", "2010-04-30"),
    # the signature block
    ("工作总结\n全年工作顺利。\n区经济委员会\n2009年5月6日", "工作总结", "区经济委员会\n2009年5月6日", 2009,
     "2009-05-06", None, None),
    # a date line at the end of the body
    ("工作总结\n全年工作顺利。\n二〇一〇年一月八日", "工作总结", "", 2010, "2010-01-08", None, None),
    # a dateline under the title
    ("政府工作报告\n——2021年3月5日在人民代表大会上\n各位代表：", "政府工作报告", "", 2021, "2021-03-05", None, None),
    # a publication line
    ("通报\n时间：2026-02-02\n正文", "通报", "", 2026, "2026-02-02", None, None),
    # nothing in the text
    ("上半年工作情况\n今年以来，工作稳步推进。", "上半年工作情况", "", None, None, None, None),
]


@pytest.mark.parametrize(("text", "title", "signature", "year", "doc_date", "p_start", "p_end"), DOC_LEVEL)
def test_document_level(text, title, signature, year, doc_date, p_start, p_end):
    a = analyze_dates(text, title=title, signature=signature)
    assert isinstance(a, DateAnalysis)
    assert a.year == year
    assert (str(a.doc_date) if a.doc_date else None) == doc_date
    assert (str(a.period_start) if a.period_start else None) == p_start
    assert (str(a.period_end) if a.period_end else None) == p_end


def test_no_import_time_default_reference():
    a = analyze_dates("本月完成验收")
    assert rows(a.mentions) == [("本月", None, None, "relative")]
    b = analyze_dates("本月完成验收", reference=dt.date(2020, 2, 10))
    assert rows(b.mentions) == [("本月", "2020-02-01", "2020-02-29", "relative")]


@pytest.mark.parametrize(("kwargs"), [{"text": None}, {"text": "x", "title": 3}, {"text": "x", "reference": "2020-01-01"}])
def test_bad_arguments(kwargs):
    text = kwargs.pop("text")
    with pytest.raises(ValueError):
        analyze_dates(text, **kwargs)


# ----------------------------------------------------------------------------- real seed document


@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared")
def test_seed_document_period():
    from textkit.normalize import normalize

    gold = json.loads((SHARED / "eval" / "gold" / "seed.json").read_text(encoding="utf-8"))
    raw = (SHARED / "eval" / "gold" / gold["file"]).resolve().read_text(encoding="utf-8")
    a = analyze_dates(normalize(raw), title=gold["title"])
    assert (a.period_start, a.period_end) == (dt.date(2009, 3, 11), dt.date(2009, 4, 30))
    assert a.year == 2009
    got = {(m.text, str(m.start), str(m.end)) for m in a.mentions if m.granularity in CAL}
    assert {(d["text"], d["start"], d["end"]) for d in gold["dates"]} <= got


# ----------------------------------------------------------------------------- properties

ALPHABET = st.sampled_from(list("0123456789年月日号旬上中下半季度第至到-—.／/：:《》“”今去明全底初末以来近十一二三四五〇期间时期，。\n 批万元"))


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=ALPHABET)), st.one_of(st.none(), st.integers(1800, 2100)))
def test_any_text_is_safe(text, year):
    first = analyze_dates(text, title=text[:10], signature=text[-10:])
    second = analyze_dates(text, title=text[:10], signature=text[-10:])
    assert first == second
    last_end = 0
    for m in first.mentions:
        assert 0 <= m.char_start < m.char_end <= len(text)
        assert text[m.char_start:m.char_end] == m.text
        assert m.char_start >= last_end
        last_end = m.char_end
        assert m.start is None or m.end is None or m.start <= m.end
    for m in find_dates(text, year=year):
        assert text[m.char_start:m.char_end] == m.text
