"""Table tests for textkit.statistics.kinds: target, actual, estimate, plan, and the period a figure describes.

Every sentence and document here was written for these tests.
"""

from __future__ import annotations

import datetime as dt

import pytest

from textkit import analyze
from textkit.records import DateMention, Section, Statistic
from textkit.statistics import KINDS, DocumentContext, assign_kinds_and_periods, find_statistics

# (text, [(figure, kind), ...]) read from the text alone (no year, genre or sections)
SENTENCE_KINDS = [
    ("今后五年国内生产总值年均增长7%。", [("7%", "plan")]),
    ("“十五”期间国民经济年均增长速度预期为7%左右。", [("7%左右", "plan")]),
    ("预计全年地区生产总值增长5.5%。", [("5.5%", "estimate")]),
    ("比原来预计的高一些，去年实际增长9%。", [("9%", "actual")]),  # 预计的: a past forecast
    ("全面完成年初确定的主要目标，地区生产总值增长6.2%。", [("6.2%", "actual")]),  # a review quoting the goal
    ("经济社会发展主要目标任务全面完成，国内生产总值增长6.9%。", [("6.9%", "actual")]),
    ("力争全年引进项目50个。", [("50个", "target")]),
    ("计划新建口袋公园3个。", [("3个", "target")]),
    ("按计划完成投资5亿元。", [("5亿元", "actual")]),
    ("城镇调查失业率控制在5.5%以内。", [("5.5%以内", "target")]),
    ("今年赤字率拟按2.6%安排。", [("2.6%", "target")]),
    ("二氧化硫排放量要下降3%。", [("3%", "target")]),
    ("主要领导带头走访群众200户。", [("200户", "actual")]),  # 主要 holds 要, but is not the word 要
    ("按照要求，召开座谈会3次。", [("3次", "actual")]),  # nor is 要求
    ("争取上级资金3000万元。", [("3000万元", "actual")]),  # funds obtained
    ("提出8%左右的增长目标。", [("8%左右", "target")]),
    ("日均新设企业由5千多户增加到1万6千多户。", [("5千多户", "actual"), ("1万6千多户", "actual")]),
    ("在上年增长9%的基础上，今年力争增长8%。", [("9%", "actual"), ("8%", "target")]),  # a baseline
    ("去年新增就业4万人，已建成公园12个。", [("4万人", "actual"), ("12个", "actual")]),
    # the target list after the colon: on the next lines, and after the first 。
    ("今年的主要预期目标是：\n1.地区生产总值增长6%左右；\n2.城镇新增就业5万人。\n去年新增就业4万人。",
     [("6%左右", "target"), ("5万人", "target"), ("4万人", "actual")]),
    ("主要预期目标是：地区生产总值增长6%左右。城镇新增就业5万人，居民消费价格涨幅3%左右。",
     [("6%左右", "target"), ("5万人", "target"), ("3%左右", "target")]),
    ("召开座谈会8次，参加人数44人。", [("8次", "actual"), ("44人", "actual")]),
    ("今年国内生产总值预期增长7%左右。", [("7%左右", "target")]),  # 预期 without 目标
    ("经济增速好于预期，达到6%。", [("6%", "actual")]),  # … but not 好于预期
    # older national reports' phrasing
    ("今年国民经济的增长速度预期为8%左右，物价涨幅控制在6%以内。", [("8%左右", "target"), ("6%以内", "target")]),
    ("商品零售价格涨幅控制在3%以内。", [("3%以内", "target")]),
    ("今年国民生产总值计划增长8%。", [("8%", "target")]),
    ("宏观调控的主要预期目标是：经济增长速度7%左右，城镇登记失业率控制在4.7%左右。",
     [("7%左右", "target"), ("4.7%左右", "target")]),
    ("主要预期目标定为：地区生产总值增长5%以上。", [("5%以上", "target")]),  # 定为 opens the list too
    ("今年赤字率按3%左右安排。", [("3%左右", "target")]),  # arranged for the year, without 拟
    ("按规定安排资金3亿元。", [("3亿元", "actual")]),  # … but 按 must stand right before the figure
    # a goal reported as met: the figures stay actual
    ("年度目标全部完成，地方级收入增长4%。", [("4%", "actual")]),
    ("目标任务均已完成，新增就业3万人。", [("3万人", "actual")]),
    ("实现了经济增长8%左右的预期目标，国内生产总值达到9.6万亿元。", [("8%左右", "actual"), ("9.6万亿元", "actual")]),
    ("确保实现经济增长8%左右的预期目标。", [("8%左右", "target")]),  # 确保 still makes a target
    ("力争实现8%的增长目标。", [("8%", "target")]),
    ("确保实现5%的增长目标，城镇新增就业1万人。", [("5%", "target"), ("1万人", "target")]),  # 确保实现 is no review
    # the list after the colon runs on while its lines end open (；), and stops at a finished paragraph
    ("主要预期目标是：\n生产总值增长5%以上；\n城镇新增就业86万人；\n居民消费价格涨幅2%左右。\n全省新增就业91万人。",
     [("5%以上", "target"), ("86万人", "target"), ("2%左右", "target"), ("91万人", "actual")]),
    ("主要预期目标是：生产总值增长5%。\n（一）扩大内需\n新建公园12个。",
     [("5%", "target"), ("12个", "actual")]),  # a heading after the paragraph is not in the list
]


@pytest.mark.parametrize("text, expected", SENTENCE_KINDS)
def test_kinds_from_the_text(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(s.text, s.kind) for s in find_statistics(text)] == expected


def test_kinds_are_the_vocabulary() -> None:
    assert KINDS == ("actual", "target", "estimate", "plan")
    text = "去年增长6.9%。今年预期目标是增长6.5%左右。今后五年年均增长6%。预计全年增长5.5%。"
    assert {s.kind for s in find_statistics(text)} == set(KINDS)


def test_without_context_periods_are_unknown() -> None:
    (s,) = find_statistics("城镇新增就业5万人。")
    assert (s.period_start, s.period_end) == (None, None)


GWR = """2026年某市人民政府工作报告
各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议。
一、2025年工作回顾
过去一年，全市经济稳中向好。全面完成年初确定的主要目标，地区生产总值增长6.2%，城镇新增就业5.1万人。一般公共预算收入比上年增长4.5%。预计全年居民人均可支配收入增长5.8%。上半年，规模以上工业增加值增长7.1%。全市生产总值从2020年的3680亿元增长到2025年的4930亿元。
二、2026年工作安排
今年经济社会发展的主要预期目标是：
1. 地区生产总值增长5.5%左右；
2. 居民消费价格涨幅3%左右；
3. 城镇调查失业率控制在5.5%以内。
（一）稳就业保民生
落实就业优先政策，城镇新增就业5万人以上，新建保障性住房2000套。
三、“十五五”时期主要目标
今后五年，地区生产总值年均增长5%左右，到2030年常住人口城镇化率达到70%。
"""

# (figure, kind, period_start, period_end) in the report above, delivered in 2026
GWR_EXPECTED = [
    ("6.2%", "actual", "2025-01-01", "2025-12-31"),
    ("5.1万人", "actual", "2025-01-01", "2025-12-31"),
    ("4.5%", "actual", "2025-01-01", "2025-12-31"),  # 比上年增长 in a review: 上年 is the baseline
    ("5.8%", "estimate", "2025-01-01", "2025-12-31"),
    ("7.1%", "actual", "2025-01-01", "2025-06-30"),  # 上半年 bounds the period
    ("3680亿元", "actual", "2020-01-01", "2020-12-31"),  # a baseline, with its own year
    ("4930亿元", "actual", "2025-01-01", "2025-12-31"),
    ("5.5%左右", "target", "2026-01-01", "2026-12-31"),  # the list on the lines after the colon
    ("3%左右", "target", "2026-01-01", "2026-12-31"),
    ("5.5%以内", "target", "2026-01-01", "2026-12-31"),
    ("5万人以上", "target", "2026-01-01", "2026-12-31"),  # a work-section target of the coming year
    ("2000套", "target", "2026-01-01", "2026-12-31"),
    ("5%左右", "plan", "2026-01-01", "2030-12-31"),  # five-year figures span the plan
    ("70%", "plan", "2026-01-01", "2030-12-31"),
]


def _rows(text: str) -> list[tuple[str, str, str, str]]:
    result = analyze(text)
    return [(s.text, s.kind, str(s.period_start), str(s.period_end)) for s in result.statistics]


def test_government_work_report_kinds_and_periods() -> None:
    assert _rows(GWR) == GWR_EXPECTED


SUMMARY = """某街道2023年上半年工作总结
一、主要工作
1-6月，完成固定资产投资3.2亿元。召开座谈会8次，参加人数44人。
二、下一步工作打算
下半年，计划新建口袋公园5个。
"""

SUMMARY_EXPECTED = [
    ("3.2亿元", "actual", "2023-01-01", "2023-06-30"),  # 1-6月
    ("8次", "actual", "2023-01-01", "2023-06-30"),  # a work summary's figures describe its own period
    ("44人", "actual", "2023-01-01", "2023-06-30"),
    ("5个", "target", "2023-07-01", "2023-12-31"),
]


def test_work_summary_kinds_and_periods() -> None:
    assert _rows(SUMMARY) == SUMMARY_EXPECTED


def _stat(text: str, figure: str) -> Statistic:
    (s,) = [s for s in find_statistics(text) if s.text == figure]
    return s


def test_quarters_and_months_bound_the_period() -> None:
    text = (
        "某县发改局2024年前三季度工作总结\n一、工作开展情况\n前三季度，全县地区生产总值完成186亿元，同比增长5.8%。"
        "1-9月，规上工业增加值增长7.2%。上半年，固定资产投资增长4.1%，新开工项目12个。\n召开项目推进会6次。\n"
    )
    assert [(s.text, str(s.period_start), str(s.period_end)) for s in analyze(text).statistics] == [
        ("186亿元", "2024-01-01", "2024-09-30"),
        ("5.8%", "2024-01-01", "2024-09-30"),  # 同比 is a baseline, not the period
        ("7.2%", "2024-01-01", "2024-09-30"),
        ("4.1%", "2024-01-01", "2024-06-30"),
        ("12个", "2024-01-01", "2024-06-30"),
        ("6次", "2024-01-01", "2024-09-30"),  # no date in its paragraph: the summary's own period
    ]


def test_context_sections_make_targets_and_reviews() -> None:
    text = "一、今年主要任务\n城镇新增就业60万人以上。\n二、去年工作回顾\n力争目标全面实现，新增就业58万人。"
    sections = (
        Section("s1", "", 1, "一、", "今年主要任务", 0, 21, 9, label_group="plans"),
        Section("s2", "", 1, "二、", "去年工作回顾", 21, len(text), 29, label_group="results"),
    )
    stats = find_statistics(text)
    ctx = DocumentContext(year=2024, genre="gov_work_report", sections=sections)
    out = assign_kinds_and_periods(stats, text, ctx)
    assert [(s.text, s.kind, s.period_start) for s in out] == [
        ("60万人以上", "target", dt.date(2024, 1, 1)),
        ("58万人", "actual", dt.date(2023, 1, 1)),
    ]


def test_a_past_date_in_the_clause_makes_an_actual() -> None:
    text = "主要预期目标是：国内生产总值增长6.5%左右，2017年增长6.9%。"
    d = DateMention("2017年", text.index("2017年"), text.index("2017年") + 5, dt.date(2017, 1, 1), dt.date(2017, 12, 31), "year")
    ctx = DocumentContext(year=2018, genre="gov_work_report", dates=(d,))
    out = assign_kinds_and_periods(find_statistics(text), text, ctx)
    assert [(s.text, s.kind, s.period_start, s.period_end) for s in out] == [
        ("6.5%左右", "target", dt.date(2018, 1, 1), dt.date(2018, 12, 31)),
        ("6.9%", "actual", dt.date(2017, 1, 1), dt.date(2017, 12, 31)),
    ]


def test_a_report_without_a_stated_target_gets_none() -> None:
    text = (
        "2001年政府工作报告\n各位代表：\n一、“十五”计划纲要\n“十五”期间国民经济年均增长速度预期为7%左右，"
        "到2005年国内生产总值达到12.5万亿元左右。\n二、2000年工作回顾\n国内生产总值增长8%。\n"
    )
    rows = _rows(text)
    assert [r[:2] for r in rows] == [("7%左右", "plan"), ("12.5万亿元左右", "plan"), ("8%", "actual")]
    assert not [r for r in rows if r[1] == "target"]
    assert rows[0][2:] == ("2001-01-01", "2005-12-31")


OLD_NATIONAL = """1998年政府工作报告
各位代表：
一、过去五年的回顾
五年来，国内生产总值年均增长11%。1997年国内生产总值达到74772亿元，比上年增长8.8%。商品零售价格涨幅降到0.8%。城镇失业率为3.1%。
二、1998年的主要任务
今年经济和社会发展的主要预期目标是：国内生产总值增长8%，商品零售价格涨幅控制在3%以内，城镇登记失业率控制在3.5%左右。
"""

# (figure, kind, metric, period_start, period_end): a report of 1998 in the style of the 1990s
OLD_NATIONAL_EXPECTED = [
    ("11%", "actual", "gdp_growth", "1993-01-01", "1997-12-31"),  # 五年来 counts full years, up to N−1
    ("74772亿元", "actual", "gdp", "1997-01-01", "1997-12-31"),
    ("8.8%", "actual", "gdp_growth", "1997-01-01", "1997-12-31"),
    ("0.8%", "actual", "cpi", "1997-01-01", "1997-12-31"),  # the paragraph opens with 1997年 (not 过去五年)
    ("3.1%", "actual", "registered_unemployment_rate", "1997-01-01", "1997-12-31"),  # before 2018: registered
    ("8%", "target", "gdp_growth", "1998-01-01", "1998-12-31"),
    ("3%以内", "target", "cpi", "1998-01-01", "1998-12-31"),  # 商品零售价格 is the older reports' CPI
    ("3.5%左右", "target", "registered_unemployment_rate", "1998-01-01", "1998-12-31"),
]


def test_older_national_report() -> None:
    assert [(s.text, s.kind, s.metric, str(s.period_start), str(s.period_end)) for s in analyze(OLD_NATIONAL).statistics] == (
        OLD_NATIONAL_EXPECTED
    )


def test_averages_over_years_span_them() -> None:
    text = (
        "2008年政府工作报告\n一、过去五年工作回顾\n"
        "国内生产总值由2002年的12万亿元增加到2007年的24.66万亿元，年均增长10.6%。\n2007年，国内生产总值增长11.4%。\n"
    )
    rows = [(s.text, str(s.period_start), str(s.period_end)) for s in analyze(text).statistics]
    assert rows == [
        ("12万亿元", "2002-01-01", "2002-12-31"),
        ("24.66万亿元", "2007-01-01", "2007-12-31"),
        ("10.6%", "2003-01-01", "2007-12-31"),  # the years between the two levels, not 2007 alone
        ("11.4%", "2007-01-01", "2007-12-31"),
    ]


def test_the_date_of_a_baseline_is_its_own() -> None:
    text = "1996年政府工作报告\n一、1995年经济和社会发展的基本情况\n1995年，全国商品零售价格涨幅由上年的21.7%降到14.8%。\n"
    assert [(s.text, str(s.period_start)) for s in analyze(text).statistics] == [("21.7%", "1994-01-01"), ("14.8%", "1995-01-01")]


def test_a_future_plan_period_makes_a_plan() -> None:
    text = "2026年某省政府工作报告\n一、2025年工作回顾\n全省生产总值增长5.4%。\n“十五五”期间，全省生产总值年均增长5%—5.5%。到2030年，常住人口城镇化率达到72%。\n"
    rows = [(s.text, s.kind, str(s.period_start), str(s.period_end)) for s in analyze(text).statistics]
    assert rows == [
        ("5.4%", "actual", "2025-01-01", "2025-12-31"),
        ("5%—5.5%", "plan", "2026-01-01", "2030-12-31"),
        ("72%", "plan", "2026-01-01", "2030-12-31"),
    ]


def test_a_five_year_average_in_a_plan_section_is_no_target() -> None:
    text = (
        "2001年政府工作报告\n一、“九五”计划胜利完成\n2000年国内生产总值达到89404亿元，比上年增长8%。\n"
        "二、关于第十个五年计划纲要\n今后五年经济和社会发展的主要目标是：经济增长速度预期为年均7%左右，"
        "到2005年国内生产总值按2000年价格计算达到125000亿元左右，人均国内生产总值达到9400元。"
        "五年城镇新增就业4000万人，城镇登记失业率控制在5%左右。\n"  # a later sentence of the plan's list
        "三、2001年的主要任务\n今年经济增长要保持较快速度，发行长期建设国债1500亿元。\n"
    )
    rows = [(s.text, s.kind, s.metric, str(s.period_start), str(s.period_end)) for s in analyze(text).statistics]
    assert rows[2:7] == [
        ("7%左右", "plan", "gdp_growth", "2001-01-01", "2005-12-31"),
        ("125000亿元左右", "plan", "gdp", "2001-01-01", "2005-12-31"),  # 按2000年价格计算 is no period
        ("9400元", "plan", "gdp_per_capita", "2001-01-01", "2005-12-31"),
        ("4000万人", "plan", "urban_jobs", "2001-01-01", "2005-12-31"),
        ("5%左右", "plan", "registered_unemployment_rate", "2001-01-01", "2005-12-31"),
    ]
    assert not [r for r in rows if r[2] == "gdp_growth" and r[1] == "target"]


def test_the_first_year_of_a_plan_is_the_year() -> None:
    text = "2026年某省政府工作报告\n今年是“十五五”开局之年，全省生产总值增长5%左右。\n“十五五”开局之年，城镇新增就业60万人以上。\n"
    assert [(s.text, s.kind, str(s.period_end)) for s in analyze(text).statistics] == [
        ("5%左右", "target", "2026-12-31"),
        ("60万人以上", "target", "2026-12-31"),
    ]


def test_kind_is_unchanged_by_an_empty_list() -> None:
    assert assign_kinds_and_periods([], "") == []


# A work summary's heading says whether its figures were reached or are planned: 部署, 安排, 任务 and 目标
# head both (动员部署 is what was done), so alone they make no plan; 下一步, 打算, 明年 do, and so does a
# heading's date of the coming half (下半年重点工作).
SUMMARY_HEADINGS = [
    ("二、动员部署，营造氛围", "召开动员大会，参会人员62人，编发简报5期。", ["actual", "actual"]),
    ("二、认真安排部署", "召开部署会3次。", ["actual"]),
    ("二、目标任务完成情况", "新建口袋公园5个。", ["actual"]),
    ("二、下一步工作打算", "新建口袋公园5个。", ["target"]),
    ("二、明年工作思路", "新建口袋公园5个。", ["target"]),
    ("二、下半年重点工作", "新建口袋公园5个。", ["target"]),
]


@pytest.mark.parametrize("heading, body, expected", SUMMARY_HEADINGS)
def test_summary_headings_orient_their_figures(heading: str, body: str, expected: list[str]) -> None:
    text = f"某街道2023年上半年工作总结\n一、主要工作\n召开座谈会8次。\n{heading}\n{body}\n"
    assert [s.kind for s in analyze(text).statistics][1:] == expected


def test_work_words_in_a_government_work_report_heading_look_ahead() -> None:
    text = ("2024年政府工作报告\n——2024年1月10日在某市第十六届人民代表大会第四次会议上\n"
            "一、2023年工作回顾\n地区生产总值增长5.2%。\n二、重点工作安排\n新开工重点项目120个。\n")
    assert [(s.text, s.kind) for s in analyze(text).statistics] == [("5.2%", "actual"), ("120个", "target")]
