"""Table tests for indicators, metrics and the reading of ranges and spaced figures (issue 13).

Every sentence here was written for these tests.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from textkit import analyze
from textkit import resources
from textkit.statistics import find_statistics

DOCS = Path(__file__).resolve().parents[1] / "docs" / "metrics.md"


def _one(text: str, figure: str):
    (s,) = [s for s in find_statistics(text) if s.text == figure]
    return s


# (sentence, figure, indicator): the noun phrase of the figure's own clause, one contiguous span
INDICATORS = [
    ("城镇居民人均可支配收入32000元，增长6%。", "32000元", "城镇居民人均可支配收入"),  # with its defining modifiers
    ("城镇居民人均可支配收入32000元，增长6%。", "6%", "城镇居民人均可支配收入"),  # a growth takes its level's phrase
    ("规模以上工业增加值增长7.5%。", "7.5%", "规模以上工业增加值"),
    ("全镇共有党员、干部350人。", "350人", "党员、干部"),  # coordinated heads, all of them
    ("全乡12个基层党组织全部完成换届。", "12个", "基层党组织"),  # the counted noun after the figure wins
    ("引进的8家全国重点实验室落户高新区。", "8家", "全国重点实验室"),  # … up to its head, without the predicate
    ("华星机械有限公司2.3亿元汽车模具项目通过评审。", "2.3亿元", "汽车模具项目"),  # not the company's name
    ("事故起数、死亡人数分别下降12.5%和8.1%。", "12.5%", "事故起数"),  # 分别: each figure its own item
    ("事故起数、死亡人数分别下降12.5%和8.1%。", "8.1%", "死亡人数"),
    ("城镇居民人均可支配收入28000元，农村居民人均可支配收入15000元，分别增长5.2%和6.8%。", "5.2%", "城镇居民人均可支配收入"),
    ("城镇居民人均可支配收入28000元，农村居民人均可支配收入15000元，分别增长5.2%和6.8%。", "6.8%", "农村居民人均可支配收入"),
    ("全县地区生产总值从2020年的320亿元增长到2025年的410亿元。", "320亿元", "地区生产总值"),
    ("全县地区生产总值从2020年的320亿元增长到2025年的410亿元。", "410亿元", "地区生产总值"),
    ("其中5项已完成，3项推进滞后。", "5项", "已完成"),  # a status is all a count has
    ("其中5项已完成，3项推进滞后。", "3项", "推进滞后"),
    ("三次提高退休人员基本养老金。", "三次", "提高退休人员基本养老金"),  # a count of actions
    ("铜精矿(金属量)1660吨。", "1660吨", "铜精矿(金属量)"),
    ("全区PM2.5平均浓度下降12%。", "12%", "PM2.5平均浓度"),
    ("累计接待游客12万人次。", "12万人次", "接待游客"),  # never 累计
    ("召开座谈会8次，参加人数44人。", "8次", "召开座谈会"),
    ("研发经费投入强度达到2.5%。", "2.5%", "研发经费投入强度"),
    ("高新技术产业增加值占规上工业比重达到45%。", "45%", "高新技术产业增加值占规上工业比重"),
    ("实现合同额3亿元，同比增幅达65%。", "65%", "合同额"),  # a bare 增幅 is not the indicator
    ("组织7名全程参与活动的代表参加讨论。", "7名", "代表"),  # the head of a relative clause
    ("国内生产总值按可比价格计算增长9.1%。", "9.1%", "国内生产总值"),  # not 可比价格: the aside is skipped
    ("全年地区生产总值预计增长5%。", "5%", "地区生产总值"),  # not 地区生产总值预计
    ("今年国内生产总值预期增长7%左右。", "7%左右", "国内生产总值"),
    ("居民消费价格涨幅预期目标3.5%左右。", "3.5%左右", "居民消费价格涨幅"),
    ("力争地区生产总值增长6%。", "6%", "地区生产总值"),
    ("全国财政赤字率按3%安排。", "3%", "财政赤字率"),  # 赤字|率 glued to 按 by the tagger
    ("其中，9月份新开工项目12个。", "12个", "新开工项目"),  # not 月份新开工项目
    ("人均预期寿命达到79岁。", "79岁", "人均预期寿命"),  # 预期 inside a noun is kept
    ("一般公共预算收入完成3200亿元，完成年度目标的102%。", "102%", "年度目标"),  # a goal as the base is kept
    ("今年预期目标设定为6%以上。", "6%以上", "预期目标"),  # … and so is a goal that is all the clause has
    ("单位国内生产总值能耗和二氧化碳排放分别降低13.5%、18%。", "18%", "二氧化碳排放"),
    ("到2005年国内生产总值按2000年价格计算达到125000亿元左右。", "125000亿元左右", "国内生产总值"),
    ("其中，华润置地有限公司投资2.3亿元。", "2.3亿元", "投资"),  # not the company's name (nor 有限公司投资)
    ("中央财政科技投入增长8%。", "8%", "中央财政科技投入"),  # a subject that is no company stays
    ("提出7.5%左右的增长目标。", "7.5%左右", "增长目标"),  # the noun the figure modifies, not the verb 提出
    ("保持6.5%的增速。", "6.5%", "增速"),
    ("实现了经济增长8%左右的预期目标。", "8%左右", "经济"),  # a noun before the figure stays
]


@pytest.mark.parametrize("text, figure, indicator", INDICATORS)
def test_indicators(text: str, figure: str, indicator: str) -> None:
    s = _one(text, figure)
    assert s.indicator == indicator
    assert indicator in text  # contiguous, never stitched from parts


# figures whose indicator must never be a fragment or a carried-over verb
NOT_INDICATORS = [
    ("近年来，全区新建学校3所，其中小学2所。", ("的", "累计", "其中", "全年", "末的")),
    ("年末的常住人口达到120万人。", ("末的", "年末的")),
    ("全年累计完成投资12亿元。", ("累计", "全年")),
    ("召开会议，连续6轮开展核酸检测。", ("连续",)),
]


@pytest.mark.parametrize("text, bad", NOT_INDICATORS)
def test_no_fragments(text: str, bad: tuple[str, ...]) -> None:
    for s in find_statistics(text):
        assert s.indicator not in bad and not s.indicator.endswith("的"), (s.text, s.indicator)


# (sentence, figure, metric): the documented vocabulary, with what researchers keep apart
METRICS = [
    ("国内生产总值增长6.5%左右。", "6.5%左右", "gdp_growth"),
    ("经济增长预期目标为8%左右。", "8%左右", "gdp_growth"),  # 经济增长 is GDP growth
    ("地区生产总值420亿元。", "420亿元", "gdp"),
    ("单位地区生产总值能耗下降3%。", "3%", "energy_intensity"),  # not gdp_growth
    ("单位国内生产总值二氧化碳排放下降4%。", "4%", "carbon_intensity"),
    ("海洋生产总值增长6%。", "6%", "ocean_gdp"),
    ("人均地区生产总值达到1.2万美元。", "1.2万美元", "gdp_per_capita"),
    ("居民消费价格总水平涨幅控制在3%。", "3%", "cpi"),  # 居民消费价格总水平涨幅 is CPI
    ("居民消费价格指数上涨2%左右。", "2%左右", "cpi"),
    ("城镇调查失业率5.5%左右。", "5.5%左右", "unemployment_rate"),
    ("城镇登记失业率4.5%以内。", "4.5%以内", "registered_unemployment_rate"),  # kept apart
    ("今年赤字率拟按3%安排。", "3%", "deficit_ratio"),
    ("财政赤字2.38万亿元。", "2.38万亿元", "deficit_amount"),  # ratio and amount kept apart
    ("全国财政赤字9500亿元，占国内生产总值比重3%以内。", "3%以内", "deficit_ratio"),
    ("研发经费投入强度达到2.5%。", "2.5%", "rd_intensity"),
    ("城镇居民人均可支配收入32000元。", "32000元", "urban_income"),
    ("农村居民人均可支配收入15000元。", "15000元", "rural_income"),
    ("全体居民人均可支配收入增长5%。", "5%", "disposable_income"),
    ("财政总收入52亿元。", "52亿元", "fiscal_revenue"),  # fiscal revenue in all its names
    ("一般预算收入31亿元。", "31亿元", "fiscal_revenue"),
    ("地方级收入20亿元。", "20亿元", "fiscal_revenue"),
    ("一般公共预算收入增长5%。", "5%", "fiscal_revenue_growth"),
    ("税收收入18亿元。", "18亿元", "tax_revenue"),
    ("城镇新增就业5万人以上。", "5万人以上", "urban_jobs"),
    ("社会消费品零售总额增长4%左右。", "4%左右", "retail_sales_growth"),
    ("固定资产投资增长5.5%左右。", "5.5%左右", "fixed_asset_investment_growth"),
    ("召开座谈会8次，参加人数44人。", "8次", "meetings_held"),
    ("召开座谈会8次，参加人数44人。", "44人", "participants"),
    ("机关干部、社区党员等120人参加。", "120人", "participants"),
    ("举办培训班5期。", "5期", "trainings"),
    ("收集意见建议23条。", "23条", "opinions_collected"),
    ("收到提案12件。", "12件", "proposals"),
    ("新开工项目20个。", "20个", "projects"),
    ("引进企业8家。", "8家", "companies"),
    ("完成投资3亿元。", "3亿元", "investment_amount"),
    ("比上年增加1.2亿元。", "1.2亿元", ""),  # the change of an amount has no investment metric
    ("带动企业销售8.14亿。", "8.14亿", ""),  # no unit: never a count metric (companies)
    ("三次提高退休人员基本养老金。", "三次", ""),  # a count of actions is not a count of people
    # older reports' and provinces' phrasing
    ("今后五年，经济年均增长6%左右。", "6%左右", "gdp_growth"),
    ("全省经济增长5.5%。", "5.5%", "gdp_growth"),
    ("国民经济增长速度为9%。", "9%", "gdp_growth"),
    ("国民生产总值增长7%。", "7%", "gdp_growth"),
    ("县域经济增速达到7%。", "7%", ""),  # the growth of one sector of the economy is not GDP growth
    ("万元地区生产总值能耗下降3.5%。", "3.5%", "energy_intensity"),  # not gdp_growth
    ("单位GDP二氧化碳排放降低18%。", "18%", "carbon_intensity"),
    ("商品零售价格上涨6.1%。", "6.1%", "cpi"),
    ("全国零售物价上涨幅度控制在6%以内。", "6%以内", "cpi"),
    ("物价上涨幅度为5%。", "5%", "cpi"),
    ("发放物价补贴3亿元。", "3亿元", "investment_amount"),  # 物价 in an amount is not CPI
    ("城乡居民人均可支配收入分别增长4.6%和5.8%。", "4.6%", "urban_income"),  # 城乡 … 分别: urban, then rural
    ("城乡居民人均可支配收入分别增长4.6%和5.8%。", "5.8%", "rural_income"),
    ("城乡居民人均可支配收入20217元和9005元。", "9005元", "rural_income"),  # a pair of 城乡 figures
    ("城乡居民人均可支配收入增长5%。", "5%", "disposable_income"),  # one figure is all residents
    ("城乡居民人均可支配收入增长5%、6%和7%。", "6%", "disposable_income"),  # … and so are three
    ("收到人大代表建议38件。", "38件", "proposals"),  # deputies' suggestions are motions
    ("发放慰问金3.6万元。", "3.6万元", "investment_amount"),
    ("社区计划新建议事点2个。", "2个", ""),  # 新建|议事点 holds 建议 across two words: not opinions
    ("办结行政复议案件320件。", "320件", "cases"),  # 行政复议|案件 holds 议案: not proposals
    ("今年经济增长的预期目标定为8%。", "8%", "gdp_growth"),
    ("单位国内生产总值能耗和二氧化碳排放分别降低13.5%、18%。", "18%", "carbon_intensity"),  # shares 单位国内生产总值
    ("单位国内生产总值能耗和二氧化碳排放分别降低13.5%、18%。", "13.5%", "energy_intensity"),
    ("一般公共预算收入、税收收入分别增长5%和3%。", "3%", "tax_revenue"),
    ("二氧化硫排放量减少5%。", "5%", "emissions"),
    ("今年国内生产总值增长目标定为8%左右。", "8%左右", "gdp_growth"),  # a growth target, not the GDP level
    ("全国商品零售价格涨幅由上年的21.7%降到14.8%。", "14.8%", "cpi"),  # the level reached takes the phrase
    ("参加培训的干部达360人次。", "360人次", "participants"),  # the people of a relative clause of taking part
    ("培训干部达360人次。", "360人次", "trainings"),
    ("办理人大代表建议和政协委员提案共90件。", "90件", "proposals"),
]


@pytest.mark.parametrize("text, figure, metric", METRICS)
def test_metrics(text: str, figure: str, metric: str) -> None:
    assert _one(text, figure).metric == metric


def test_every_metric_is_documented() -> None:
    documented = DOCS.read_text(encoding="utf-8")
    metrics = {line.split("\t")[1] for line in resources.read_lines("stats_metrics.tsv") if "\t" in line}
    metrics.discard("none")
    missing = sorted(m for m in metrics if f"`{m}`" not in documented)
    assert not missing, f"metrics missing from docs/metrics.md: {missing}"


# ranges with any dash or hyphen: one row with value_max; (raw text, figure text, value, value_max)
RANGES = [
    ("增长6.5%－7%。", "6.5%－7%", "6.5", "7"),
    ("增长6%—6.5%。", "6%—6.5%", "6", "6.5"),
    ("增长5%~5.5%。", "5%~5.5%", "5", "5.5"),
    ("增长5%～5.5%。", "5%～5.5%", "5", "5.5"),
    ("增长5%―5.5%。", "5%―5.5%", "5", "5.5"),
    ("增长5.5% - 6%。", "5.5% - 6%", "5.5", "6"),
    ("增长５％－５．５％。", "５％－５．５％", "5", "5.5"),  # full width, read as written
]


@pytest.mark.parametrize("text, figure, lo, hi", RANGES)
def test_ranges_with_any_dash(text: str, figure: str, lo: str, hi: str) -> None:
    (s,) = analyze(text).statistics
    assert (s.text, s.value, s.value_max, s.unit) == (figure, Decimal(lo), Decimal(hi), "%")


# spaced digits and units (text from PDFs): (raw text, figure text, value, unit)
SPACED = [
    ("增长8 ％。", "8 ％", "8", "%"),
    ("增长8 ．8 ％。", "8 ．8 ％", "8.8", "%"),
    ("占比35.49 %。", "35.49 %", "35.49", "%"),
    ("下降0.5 个百分点。", "0.5 个百分点", "0.5", "百分点"),
]


@pytest.mark.parametrize("text, figure, value, unit", SPACED)
def test_spaced_figures(text: str, figure: str, value: str, unit: str) -> None:
    (s,) = analyze(text).statistics
    assert (s.text, s.value, s.unit) == (figure, Decimal(value), unit)


@pytest.mark.parametrize("text", ["第 8 次会议召开。", "1 . 加强组织领导。", "3 . 5 公里外。"])
def test_spaces_do_not_make_figures(text: str) -> None:
    assert analyze(text).statistics == ()
