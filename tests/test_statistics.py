"""Table tests for textkit.statistics.find_statistics (sentences written for these tests)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textkit.normalize import normalize
from textkit.records import Statistic
from textkit.statistics import find_statistics

SHARED = Path(__file__).parents[1].parent / "shared"


def _triples(text: str) -> list[tuple[str, str, str]]:
    return [(s.text, str(s.value), s.unit) for s in find_statistics(text)]


# (sentence, [(text, value, unit), ...]): values and units
VALUES = [
    ("今年共召开党委会议12次。", [("12次", "12", "次")]),
    ("本期培训参加人数一百零六人。", [("一百零六人", "106", "人")]),
    ("全年开设公开课三百余节，师徒结对15对。", [("三百余节", "300", "节"), ("15对", "15", "对")]),
    ("抽查农贸市场820家次。", [("820家次", "820", "家次")]),
    ("全年开展督查12轮次。", [("12轮次", "12", "轮次")]),
    ("全区统考平均分498.5分。", [("498.5分", "498.5", "分")]),
    ("全镇完成招商引资13.9亿元。", [("13.9亿元", "1390000000", "元")]),
    ("全年接待游客2.5万人。", [("2.5万人", "25000", "人")]),
    ("城镇新增就业1113万人。", [("1113万人", "11130000", "人")]),
    ("一般公共预算收入增长15.3%。", [("15.3%", "15.3", "%")]),
    ("划拨专项经费3541.07万元。", [("3541.07万元", "35410700", "元")]),
    ("外贸进出口总额达到2.56万亿美元。", [("2.56万亿美元", "2560000000000", "美元")]),
    ("失业率下降0.5个百分点。", [("0.5个百分点", "0.5", "百分点")]),
    ("覆盖率提高到百分之十五。", [("百分之十五", "15", "%")]),
    ("发放慰问金壹拾万元。", [("壹拾万元", "100000", "元")]),
    ("新建公厕三百二十座。", [("三百二十座", "320", "座")]),
    ("培训人员十万零一千人次。", [("十万零一千人次", "101000", "人次")]),
    ("两位专家到场指导，另有两名同志列席。", [("两位", "2", "位"), ("两名", "2", "名")]),
    ("新增发电装机1669万千瓦。", [("1669万千瓦", "16690000", "千瓦")]),
    ("改造道路1.4万余平方米。", [("1.4万余平方米", "14000", "平方米")]),
    ("全市有30多万个市场主体。", [("30多万个", "300000", "个")]),
    ("累计检测7万多小时。", [("7万多小时", "70000", "小时")]),
    ("资助困难学生1,234人。", [("1,234人", "1234", "人")]),
    ("粮食产量增长一倍。", [("一倍", "1", "倍")]),
    ("三次上调最低工资标准。", [("三次", "3", "次")]),
    ("全年完成造林八点八万亩。", [("八点八万亩", "88000", "亩")]),
    ("日均新设企业由5千多户增加到1万6千多户。", [("5千多户", "5000", "户"), ("1万6千多户", "16000", "户")]),
    ("带动销售8.14亿。", [("8.14亿", "814000000", "")]),  # bare 亿: no measure word, unit unknown
    ("全市农村人口4800多万。", [("4800多万", "48000000", "人")]),  # ... unless the indicator makes it certain
    ("2000万元用于修缮校舍。", [("2000万元", "20000000", "元")]),  # money, not a year
    ("本次考试平均分487.5，及格率91.2%。", [("487.5", "487.5", "分"), ("91.2%", "91.2", "%")]),
    ("投资１０４万元铺设管网。", [("１０４万元", "1040000", "元")]),  # full width in the raw text
    ("全年举办业务培训班15期。", [("15期", "15", "期")]),
    ("其中5个村已完成整改。", [("5个", "5", "个")]),
]


@pytest.mark.parametrize("text, expected", VALUES)
def test_values_and_units(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _triples(text) == expected


def test_value_is_exact_decimal() -> None:
    (s,) = find_statistics("项目总投资1.57万元。")
    assert s.value == Decimal("15700") and str(s.value) == "15700"  # never 15699.999999999998


# ranges: (sentence, text, value, value_max, unit)
RANGES = [
    ("每村选派3-5名联络员。", "3-5名", "3", "5", "名"),
    ("增速保持在6%—7%。", "6%—7%", "6", "7", "%"),
    ("现场有三四十人围观。", "三四十人", "30", "40", "人"),
    ("单个项目补助3万-5万元。", "3万-5万元", "30000", "50000", "元"),
    ("每组安排七八个人。", "七八个", "7", "8", "个"),
]


@pytest.mark.parametrize("text, span, lo, hi, unit", RANGES)
def test_ranges(text: str, span: str, lo: str, hi: str, unit: str) -> None:
    (s,) = find_statistics(text)
    assert (s.text, s.value, s.value_max, s.unit) == (span, Decimal(lo), Decimal(hi), unit)


def test_single_value_has_no_max() -> None:
    (s,) = find_statistics("新建停车位120个。")
    assert s.value_max is None


# qualifiers: (sentence, text, qualifier)
QUALIFIERS = [
    ("全年接待来访群众约300人次。", "约300人次", "约"),
    ("新增就业近10万人。", "近10万人", "近"),
    ("完成投资1500万元左右。", "1500万元左右", "左右"),
    ("建成口袋公园20个以上。", "20个以上", "以上"),
    ("参与志愿者1800余名。", "1800余名", "余"),
    ("发放补贴600多万元。", "600多万元", "多"),
    ("引进企业超过80家。", "超过80家", "超过"),
    ("化解矛盾纠纷不到200件。", "不到200件", "不到"),
    ("全年培训累计1200人次。", "累计1200人次", "累计"),
    ("服务群众逾3万人次。", "逾3万人次", "逾"),
    ("优良天数比例接近90%。", "接近90%", "接近"),
    ("新建住房120套。", "120套", ""),
]


@pytest.mark.parametrize("text, span, qualifier", QUALIFIERS)
def test_qualifiers(text: str, span: str, qualifier: str) -> None:
    (s,) = find_statistics(text)
    assert (s.text, s.qualifier) == (span, qualifier)


# change: (sentence, text, change)
CHANGES = [
    ("地区生产总值增长6.8%。", "6.8%", "increase"),
    ("单位能耗下降3.2%。", "3.2%", "decrease"),
    ("财政收入同比增长12%。", "12%", "increase"),
    ("农民收入提高1.5个百分点。", "1.5个百分点", "increase"),
    ("信访总量减少120件。", "120件", "decrease"),
    ("能耗水平降低4%。", "4%", "decrease"),
    ("城镇化率提高到62%。", "62%", ""),  # a level, not a change
    ("失业率降至4.1%。", "4.1%", ""),
    ("全年完成投资88亿元。", "88亿元", ""),
]


@pytest.mark.parametrize("text, span, change", CHANGES)
def test_change(text: str, span: str, change: str) -> None:
    (s,) = [s for s in find_statistics(text) if s.text == span]
    assert s.change == change


# kind: (sentence, kind of every statistic)
KINDS = [
    ("今年的预期目标是：地区生产总值增长6%左右；城镇新增就业5万人。", ["target", "target"]),
    ("力争全年引进项目50个。", ["target"]),
    ("确保完成植树造林3000亩。", ["target"]),
    ("去年全区地区生产总值增长6.1%。", ["actual"]),
    ("上半年新增市场主体1200户。", ["actual"]),
]


@pytest.mark.parametrize("text, kinds", KINDS)
def test_kind(text: str, kinds: list[str]) -> None:
    assert [s.kind for s in find_statistics(text)] == kinds


# indicator and metric: (sentence, text, indicator, metric)
INDICATORS = [
    ("全县森林覆盖率提高到45.2%。", "45.2%", "森林覆盖率", "forest_coverage"),
    ("完成植树造林5.6万亩。", "5.6万亩", "植树造林", "afforestation"),
    ("全年地区生产总值完成420亿元，比上年增长7.2%。", "420亿元", "地区生产总值", "gdp"),
    ("全年地区生产总值完成420亿元，比上年增长7.2%。", "7.2%", "地区生产总值", "gdp_growth"),
    ("一般公共预算收入18.6亿元。", "18.6亿元", "一般公共预算收入", "fiscal_revenue"),
    ("固定资产投资增长9.5%。", "9.5%", "固定资产投资", "fixed_asset_investment_growth"),
    ("社会消费品零售总额增长5%。", "5%", "社会消费品零售总额", "retail_sales_growth"),
    ("居民消费价格上涨2.1%。", "2.1%", "居民消费价格", "cpi"),
    ("城镇新增就业3200人。", "3200人", "城镇新增就业", "urban_jobs"),
    ("支部召开座谈会6次，参加人数58人。", "6次", "召开座谈会", "meetings_held"),
    ("支部召开座谈会6次，参加人数58人。", "58人", "参加人数", "participants"),
    ("共收集意见建议23条。", "23条", "收集意见建议", "opinions_collected"),
    ("街道投入资金120万元，改造老旧小区4个。", "120万元", "投入资金", "investment_amount"),
    ("派出12个督导组开展检查。", "12个", "督导组", ""),  # the counted noun, never stitched to the verb
]


@pytest.mark.parametrize("text, span, indicator, metric", INDICATORS)
def test_indicator_and_metric(text: str, span: str, indicator: str, metric: str) -> None:
    (s,) = [s for s in find_statistics(text) if s.text == span]
    assert (s.indicator, s.metric) == (indicator, metric)


# sentences with numbers that are NOT statistics (nothing at all is found in them)
NOT_STATS = [
    "2009年3月13日，区委召开动员大会。",  # dates
    "全面完成市十五届人大二次会议确定的各项任务。",  # session of a congress
    "约占总数的三分之一，一分场改为农贸市场，设立分公司。",  # fractions and branches
    "把好十字路口的安全关。",
    "会议于2021年5月在市行政中心举行。",
    "上半年各项工作有序推进。",
    "在检查指导组第四组的指导下，第一批试点单位进入第一阶段。",  # ordinals
    "该校在全省比赛中获得全国第一、一等奖，九年级表现突出。",
    "一是加强领导；二要狠抓落实；（一）提高认识；1、明确任务。",  # enumeration markers
    "认真学习党的十七大和十七届三中全会精神，贯彻全国“两会”精神。",  # named numbers
    "深入开展“三严三实”和“两学一做”学习教育，协调推进“四个全面”。",
    "做到两手抓、两不误，努力实现“四个确保”。",
    "加快建设“三库一平台”，积极参与“一带一路”建设，实现“双过半”。",
    "始终坚持“三个代表”重要思想。",
    "根据〔2019〕860号文件精神，联系电话0571-88886666。",  # document and phone numbers
    "会议在3楼510室召开，乘坐1号线到达。",  # floor, room, line numbers
    "发布时间：2022-12-02 10:55。",  # clock time
    "717总队负责监测PM2.5浓度。",  # names containing numbers
    "进一步统一思想，一致认为要一起努力，形成一定共识，做好一些工作。",  # idioms
    "千方百计确保万无一失。",
    "省委十一届十次、十一次全会作出部署。",  # sessions
    "区四届三次全体会议审议通过报告。",
    "高质量完成二轮土地承包延包试点。",  # 二 before a measure word is an ordinal
    "几十个村庄、数百户人家参与其中。",  # vague amounts
    "建成百户企业监测机制，服务千家万户。",
    "高三支部组织党员学习。",  # school grade
    "《关于做好2024年三项重点工作的通知》已印发。",  # inside a title
    "严格落实中央八项规定精神，持续纠治“四风”。",
    "庆祝建党100周年。",
    "该文刊发于《基层党建》2021年12期。",  # an issue number
    "二期工程顺利完工，三期工程正式开工。",  # phases
    "两学一做常态化，五包一网格全覆盖。",
]


@pytest.mark.parametrize("text", NOT_STATS)
def test_not_statistics(text: str) -> None:
    assert find_statistics(text) == []


def test_exclude_spans_are_skipped() -> None:
    text = "全年召开会议20次。"
    assert [s.text for s in find_statistics(text)] == ["20次"]
    assert find_statistics(text, exclude=[(6, 8)]) == []


def test_sorted_non_overlapping_and_offsets() -> None:
    text = "投资3-5万元，新增岗位1,200个，增长12.5%，完成项目三四十项，覆盖近十万人。"
    stats = find_statistics(text)
    assert len(stats) == 5
    for a, b in zip(stats, stats[1:]):
        assert a.char_end <= b.char_start
    for s in stats:
        assert text[s.char_start : s.char_end] == s.text


def test_empty_and_bad_input() -> None:
    assert find_statistics("") == []
    with pytest.raises(ValueError):
        find_statistics(None)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,%-—一二两三十百千万亿零第年月日次人个元多余约近以上左右增长下降“”《》、，。是的 ")) | st.characters(), max_size=60))
def test_property_any_string(text: str) -> None:
    first = find_statistics(text)
    assert first == find_statistics(text)  # deterministic
    last_end = 0
    for s in first:
        assert isinstance(s, Statistic)
        assert 0 <= s.char_start < s.char_end <= len(text)
        assert s.char_start >= last_end
        assert text[s.char_start : s.char_end] == s.text
        assert s.value >= 0
        last_end = s.char_end


@pytest.mark.parametrize("chunk", ["1", "一二三", "十", "1万", "。", "“一”", "3个"])
def test_pathological_inputs_return(chunk: str) -> None:
    text = chunk * (200_000 // len(chunk))
    result = find_statistics(text)  # must return (no catastrophic backtracking); no timing asserted
    assert isinstance(result, list)


SEED_GOLD = SHARED / "eval" / "gold" / "seed.json"

# (gold text, acceptable indicators) for the seed document's meeting counts
SEED_MEETINGS = [
    ("会议8次", ("会议", "召开学习实践活动相关会议", "学习实践活动相关会议", "相关会议")),
    ("组织学习14次", ("组织学习", "学习")),
    ("参加人数64人", ("参加人数",)),
    ("交流人数24人", ("交流人数",)),
    ("座谈会8次", ("座谈会", "召开座谈会")),
    ("参加人数44人", ("参加人数",)),
    ("人员代表11人", ("人员代表", "全程参与的人员代表")),
]


@pytest.mark.skipif(not SEED_GOLD.exists(), reason="shared evaluation data not available")
def test_seed_meeting_counts() -> None:
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    raw = (SEED_GOLD.parent / gold["file"]).read_text(encoding="utf-8")
    stats = find_statistics(normalize(raw))
    taken: dict[str, int] = {}
    for gold_text, indicators in SEED_MEETINGS:
        k = taken.get(gold_text, 0)
        taken[gold_text] = k + 1
        start = -1
        for _ in range(k + 1):
            start = raw.find(gold_text, start + 1)
        end = start + len(gold_text)
        (s,) = [s for s in stats if s.char_start < end and start < s.char_end]
        assert s.indicator in indicators, (gold_text, s.indicator)
        assert s.metric in ("meetings_held", "study_sessions", "participants", "people")


@pytest.mark.parametrize(
    "text",
    ["投资1" + "亿" * 5000 + "元。", "投资" + "1" * 5000 + "亿元。", "投资三十多" + "亿" * 200000 + "元。", "投资1.5" + "5" * 9000 + "万元。"],
)
def test_absurd_numerals_are_not_statistics(text: str) -> None:
    assert find_statistics(text) == []  # no exception, no 40,000-digit value
