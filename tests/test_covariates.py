"""Tests for textkit.covariates: region, level, issuer, speaker from a document's header; user metadata."""

from __future__ import annotations

import json

import pytest

from conftest import SHARED, needs_shared
from textkit import analyze
from textkit.covariates import (
    LEVELS, MetadataError, apply_metadata, gazetteer, infer_covariates, read_metadata,
)
from textkit.records import DocumentInfo

OPENING = "各位代表：\n现在，我代表{body}，向大会报告政府工作，请予审议。\n一、2023年工作回顾\n过去一年，经济运行稳中向好。\n"


def _report(head: str, body: str = "省人民政府") -> str:
    return head + OPENING.format(body=body)


# (document, expected region, code, level, issuer, speaker)
CASES = [
    # national: the title, the speaker line, or only the opening
    (_report("2024年国务院政府工作报告\n", "国务院"), "全国", "", "national", "国务院", ""),
    (_report("政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理　李强\n", "国务院"),
     "全国", "", "national", "国务院", "李强"),
    (OPENING.format(body="国务院"), "全国", "", "national", "国务院", ""),
    # provinces, autonomous regions and municipalities, from the title, dateline or speaker line
    (_report("2024年甘肃省政府工作报告\n"), "甘肃省", "620000", "provincial", "甘肃省人民政府", ""),
    (_report("政府工作报告\n——2024年1月22日在甘肃省第十四届人民代表大会第二次会议上\n甘肃省人民政府省长　任振鹤\n"),
     "甘肃省", "620000", "provincial", "甘肃省人民政府", "任振鹤"),
    (_report("政府工作报告\n——2024年1月在广西壮族自治区第十四届人民代表大会第二次会议上\n自治区主席　蓝天立\n", "自治区人民政府"),
     "广西壮族自治区", "450000", "provincial", "广西壮族自治区人民政府", "蓝天立"),
    (_report("2024年北京市政府工作报告\n", "市人民政府"), "北京市", "110000", "provincial", "北京市人民政府", ""),
    (_report("政府工作报告\n——2024年1月在新疆维吾尔自治区第十四届人民代表大会第三次会议上\n自治区主席　艾尔肯·吐尼亚孜\n",
             "自治区人民政府"), "新疆维吾尔自治区", "650000", "provincial", "新疆维吾尔自治区人民政府", "艾尔肯·吐尼亚孜"),
    # prefectures and county-level cities (市 alone says nothing of the level; the gazetteer does)
    (_report("长沙市人民政府工作报告\n市长　周海兵\n", "市人民政府"), "长沙市", "430100", "prefectural", "长沙市人民政府", "周海兵"),
    (_report("晋江市人民政府工作报告\n", "市人民政府"), "晋江市", "350582", "county", "晋江市人民政府", ""),
    (_report("政府工作报告\n——在延边朝鲜族自治州第十六届人民代表大会第三次会议上\n", "州人民政府"),
     "延边朝鲜族自治州", "222400", "prefectural", "延边朝鲜族自治州人民政府", ""),
    # counties and districts; an ambiguous district name is resolved by the city above it
    (_report("山东省聊城市东昌府区人民政府工作报告\n区长　某某某\n", "区人民政府"),
     "东昌府区", "371502", "county", "东昌府区人民政府", "某某某"),
    (_report("北京市朝阳区人民政府工作报告\n", "区人民政府"), "朝阳区", "110105", "county", "朝阳区人民政府", ""),
    (_report("长春市朝阳区人民政府工作报告\n", "区人民政府"), "朝阳区", "220104", "county", "朝阳区人民政府", ""),
    (_report("朝阳区人民政府工作报告\n", "区人民政府"), "朝阳区", "", "county", "朝阳区人民政府", ""),
    # a place the gazetteer does not know is read by its suffix; a known name inside it is not taken
    (_report("青岚县人民政府工作报告\n县长　唐卫国\n", "县人民政府"), "青岚县", "", "county", "青岚县人民政府", "唐卫国"),
    (_report("白沙镇人民政府工作报告\n镇长　陈卓宇\n", "镇人民政府"), "白沙镇", "", "township", "白沙镇人民政府", "陈卓宇"),
    (_report("政府工作报告\n——2024年1月在宁波市第十六届人民代表大会第四次会议上\n代市长　汤飞帆\n", "市人民政府"),
     "宁波市", "330200", "prefectural", "宁波市人民政府", "汤飞帆"),
    (_report("政府工作报告\n——1998年3月5日在第九届全国人民代表大会第一次会议上\n国务院总理 李鹏\n", "国务院"),
     "全国", "", "national", "国务院", "李鹏"),
    # older national reports: a two-character name padded to three, a name written against its title
    (_report("政府工作报告\n——1992年3月20日在第七届全国人民代表大会第五次会议上\n国务院总理　李　鹏\n", "国务院"),
     "全国", "", "national", "国务院", "李鹏"),
    (_report("政府工作报告\n——2002年3月5日在第九届全国人民代表大会第五次会议上\n国务院总理朱镕基\n", "国务院"),
     "全国", "", "national", "国务院", "朱镕基"),
    # short names before 政府, 自治区 as a level word (never a place of its own), a speaker line with a colon
    (_report("2026年广西政府工作报告\n", "自治区人民政府"), "广西壮族自治区", "450000", "provincial", "广西壮族自治区人民政府", ""),
    (_report("2026年西藏自治区政府工作报告\n自治区人民政府主席 嘎玛泽登\n", "自治区人民政府"),
     "西藏自治区", "540000", "provincial", "西藏自治区人民政府", "嘎玛泽登"),
    (_report("2026年黑龙江省政府工作报告\n省长：梁惠玲\n"), "黑龙江省", "230000", "provincial", "黑龙江省人民政府", "梁惠玲"),
    (_report("政府工作报告\n——2026年1月在自治州第十六届人民代表大会第三次会议上\n", "自治州人民政府"),
     "", "", "prefectural", "", ""),
    # a level without a place: the level is known, the region is not (never guessed)
    (_report("政府工作报告\n", "自治区人民政府"), "", "", "provincial", "", ""),
    (_report("政府工作报告\n——2024年1月在省十四届人大二次会议上\n"), "", "", "provincial", "", ""),
    (_report("政府工作报告\n县长　唐卫国\n", "县人民政府"), "", "", "county", "", "唐卫国"),
    (_report("政府工作报告\n", "市人民政府"), "", "", "unknown", "", ""),
]


@pytest.mark.parametrize("text, region, code, level, issuer, speaker", CASES)
def test_report_covariates(text, region, code, level, issuer, speaker):
    title = text.split("\n", 1)[0] if not text.startswith("各位代表") else ""
    span = (0, len(title)) if title else None
    c = infer_covariates(text, title=title, title_span=span, body_start=text.find("一、"), genre="gov_work_report", year=2024)
    assert (c.region, c.region_code, c.admin_level, c.issuer, c.speaker) == (region, code, level, issuer, speaker)
    assert c.year == 2024 and c.admin_level in LEVELS


# work summaries: (title, signature issuer, expected region, level)
SUMMARY_CASES = [
    ("桐川区市场监督管理局2022年工作总结", "桐川区市场监督管理局", "桐川区", "county"),
    ("县卫生局保持共产党员先进性教育活动第二阶段工作小结", "中共鹤林县卫生局委员会", "鹤林县", "county"),
    ("区发改委党的群众路线教育实践活动第一阶段工作小结", "", "", "county"),
    ("南屏街道办事处2021年工作总结", "南屏街道办事处", "南屏街道", "township"),
    ("2022年上半年街道办事处重点工作督查报告", "", "", "township"),
    ("澜山镇“两学一做”学习教育第三阶段工作小结", "中共澜山镇委员会", "澜山镇", "township"),
    ("东屿电机有限公司2022年度工作总结", "东屿电机有限公司", "", "unit"),
    ("桐川区实验中学2023年度工作总结", "桐川区实验中学", "桐川区", "unit"),
    ("安徽省教育厅2023年工作总结", "安徽省教育厅", "安徽省", "provincial"),
    ("合肥市统计局2023年工作总结", "", "合肥市", "prefectural"),
    # places that are topics, not issuers; words shaped like places that are none
    ("2022年支援湖北省抗疫工作总结", "", "", "unknown"),
    ("开发区2023年工作总结", "", "", "unknown"),
    ("社区2023年工作总结", "", "", "unknown"),
    ("城镇化建设工作总结", "", "", "unknown"),
    ("2023年工作总结", "", "", "unknown"),
]


@pytest.mark.parametrize("title, issuer, region, level", SUMMARY_CASES)
def test_summary_covariates(title, issuer, region, level):
    text = f"{title}\n今年以来，我们认真贯彻落实各项部署，工作取得新进展。\n一、主要工作\n召开会议8次。\n"
    c = infer_covariates(text, title=title, title_span=(0, len(title)), body_start=text.find("一、"),
                         genre="annual_summary", issuer=issuer)
    assert (c.region, c.admin_level) == (region, level)
    assert c.issuer == ""  # a work summary keeps the issuer of its signature block


def test_speaker_of_a_personal_report():
    text = "县农业局副局长2008年度述职报告\n述职人：县农业局副局长　胡建军\n2008年，本人认真履行职责。\n"
    c = infer_covariates(text, title="县农业局副局长2008年度述职报告", title_span=(0, 15), genre="personal_report")
    assert (c.speaker, c.admin_level) == ("胡建军", "county")


def test_headless_provincial_report_takes_the_province_it_names_throughout():
    body = "过去一年，河北经济稳中向好。河北省地区生产总值增长5%。全省上下……河北人民……京津冀协同发展。\n"
    text = OPENING.format(body="省人民政府") + body
    c = infer_covariates(text, genre="gov_work_report")
    assert (c.region, c.admin_level, c.issuer) == ("河北省", "provincial", "河北省人民政府")
    # named once: not enough to say
    c = infer_covariates(OPENING.format(body="省人民政府") + "河北经济稳中向好。", genre="gov_work_report")
    assert (c.region, c.admin_level, c.issuer) == ("", "provincial", "")


def test_headless_municipal_report_takes_the_municipality_it_names_throughout():
    body = "过去一年，北京经济稳中向好。北京市地区生产总值增长5.2%。首都北京……京津冀协同发展，天津市……\n"
    c = infer_covariates(OPENING.format(body="市人民政府") + body, genre="gov_work_report")
    assert (c.region, c.region_code, c.admin_level, c.issuer) == ("北京市", "110000", "provincial", "北京市人民政府")


def test_gazetteer_covers_every_province_and_their_cities():
    gaz = gazetteer()
    provinces = [d for d in gaz.by_code.values() if d.level == "provincial"]
    assert len(provinces) == 34
    prefectures = [d for d in gaz.by_code.values() if d.level == "prefectural"]
    assert len(prefectures) > 330 and {"长沙市", "延边朝鲜族自治州", "阿里地区", "锡林郭勒盟"} <= {d.name for d in prefectures}
    assert sum(d.level == "county" for d in gaz.by_code.values()) > 2800
    for d in gaz.by_code.values():  # every division hangs on a province
        assert gaz.province_of(d).level == "provincial"
    assert gaz.short["安徽"].name == "安徽省" and gaz.short["广西"].name == "广西壮族自治区"
    assert "吉林" not in gaz.short  # a province and a city: not a usable short name


HEADLESS = "各位代表：\n现在，我代表国务院，向大会报告过去五年政府工作，请予审议。\n"


@pytest.mark.parametrize("body, year", [
    ("二、2024年经济社会发展总体要求和政策取向\n今年发展主要预期目标是：国内生产总值增长5%左右。\n", 2024),
    ("一、1994年的工作回顾\n1994年，国民经济继续快速增长。\n二、今年的主要任务\n", 1995),
    # a yearless five-year review: one after the latest year it reports on, not the first year it names
    ("一、过去五年工作回顾\n过去五年，国内生产总值从2007年的26.6万亿元增加到51.9万亿元。2012年，国内生产总值增长7.8%。\n"
     "二、对今年政府工作的建议\n今年经济社会发展的主要预期目标是：国内生产总值增长7.5%左右。到2020年全面建成小康社会。\n", 2013),
    ("一、过去五年的基本总结\n五年来提前实现了原定2000年国民生产总值比1980年翻两番的目标，1992年增长12%。\n二、今后五年的主要任务\n", 1993),
    ("一、过去一年和五年工作回顾\n2022年是党和国家历史上极为重要的一年。要在2035年以前基本实现现代化。\n二、对今年政府工作的建议\n", 2023),
])
def test_year_of_a_headless_report(body, year):
    assert analyze(HEADLESS + body).info.year == year


def test_year_of_a_summary_is_its_own():
    assert analyze("2008年工作总结\n一年来，我们……").info.year == 2008


# --------------------------------------------------------------------------- metadata


def _sheet(tmp_path, text: str, encoding: str = "utf-8-sig"):
    p = tmp_path / "meta.csv"
    p.write_bytes(text.encode(encoding))
    return p


def test_metadata_sheet_joins_by_path_suffix_file_name_or_doc_id(tmp_path):
    sheet = read_metadata(_sheet(tmp_path, "path,region,party_secretary\ndev/003.txt,全国,胡锦涛\n004.txt,,江泽民\n"))
    assert sheet.key_column == "path" and sheet.columns == ("region", "party_secretary")
    assert sheet.lookup("../shared/corpus/dev/003.txt") == ("dev/003.txt", (("region", "全国"), ("party_secretary", "胡锦涛")))
    assert sheet.lookup("/x/y/004.txt")[0] == "004.txt"
    assert sheet.lookup("/x/y/a004.txt") is None  # only at a folder boundary
    assert sheet.unmatched({"dev/003.txt"}) == ["004.txt"]
    by_id = read_metadata(_sheet(tmp_path, "doc_id,year\ndev__003.txt,2006\n"))
    assert by_id.lookup("whatever", "dev__003.txt")[1] == (("year", "2006"),)


def test_metadata_gb18030_sheet(tmp_path):
    sheet = read_metadata(_sheet(tmp_path, "file,region\n003.txt,甘肃省\n", encoding="gb18030"))
    assert sheet.lookup("a/003.txt")[1] == (("region", "甘肃省"),)


@pytest.mark.parametrize("text, message", [
    ("name,region\na.txt,x\n", "no key column"),
    ("path,region\na.txt,x\na.txt,y\n", "appears twice"),
    ("path,year\na.txt,2024年\n", "four-digit year"),
    ("path,doc_date\na.txt,2024/1/9\n", "ISO date"),
    ("path,admin_level\na.txt,city\n", "admin_level must be one of"),
    ("path,region,region\na.txt,x,y\n", "repeated column"),
])
def test_metadata_errors_name_the_line(tmp_path, text, message):
    with pytest.raises(MetadataError, match=message):
        read_metadata(_sheet(tmp_path, text))


def test_user_values_win_and_other_columns_are_kept_as_json():
    info = DocumentInfo("a.txt", "a.txt", region="长沙市", admin_level="prefectural", year=2010)
    new = apply_metadata(info, [("year", "2011"), ("admin_level", "county"), ("gdp_rank", "12"), ("省委书记", "某某")])
    assert (new.year, new.admin_level, new.region) == (2011, "county", "长沙市")
    assert json.loads(new.metadata) == {"gdp_rank": "12", "省委书记": "某某"}


# --------------------------------------------------------------------------- dev reports

DEV_REPORTS = {  # checked by hand against each report's header (speaker only where the text names one)
    "003.txt": (2006, "全国", "national", "国务院", ""),
    "004.txt": (2009, "全国", "national", "国务院", ""),
    "007.txt": (2018, "全国", "national", "国务院", ""),
    "008.txt": (2021, "全国", "national", "国务院", "李克强"),
    "010.txt": (2026, "安徽省", "provincial", "安徽省人民政府", "王清宪"),
    "011.txt": (2026, "河北省", "provincial", "河北省人民政府", "王正谱"),
    "039.txt": (2010, "长沙市", "prefectural", "长沙市人民政府", "张剑飞"),
}


@needs_shared
@pytest.mark.parametrize("name", sorted(DEV_REPORTS))
def test_dev_government_work_reports(name):
    info = analyze(SHARED / "corpus" / "dev" / name).info
    assert (info.year, info.region, info.admin_level, info.issuer, info.speaker) == DEV_REPORTS[name]


@needs_shared
@pytest.mark.parametrize("name", ["003.txt", "004.txt", "007.txt", "008.txt", "010.txt", "011.txt"])
def test_dev_reports_without_their_header(name):
    """Many archives start at 各位代表：; without title, dateline and speaker line the opening and the body still
    give the year, the region, the level and the issuer (the speaker is not guessed)."""
    text = (SHARED / "corpus" / "dev" / name).read_text(encoding="utf-8")
    info = analyze(text[text.index("各位代表") :]).info
    year, region, level, issuer, _ = DEV_REPORTS[name]
    assert (info.genre, info.year, info.region, info.admin_level, info.issuer, info.speaker) == (
        "gov_work_report", year, region, level, issuer, "")


def test_extract_metadata_end_to_end(tmp_path):
    from click.testing import CliRunner

    from textkit.cli import main
    from textkit.tables import read_table

    docs = tmp_path / "in" / "gov"
    docs.mkdir(parents=True)
    (docs / "a.txt").write_text(_report("2024年甘肃省政府工作报告\n"), encoding="utf-8")
    (docs / "b.txt").write_text("2023年工作总结\n今年以来，我们认真工作。\n", encoding="utf-8")
    sheet = _sheet(tmp_path, "path,region,admin_level,gdp_rank\ngov/b.txt,甘肃省兰州市,prefectural,3\nmissing.txt,,,\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "in"), "-o", str(out), "--metadata", str(sheet)])
    assert result.exit_code == 0, result.output
    assert "matched no document: missing.txt" in result.output
    documents = read_table(out, "documents").set_index("doc_id")
    assert documents.loc["gov__a.txt", ["region", "admin_level", "issuer", "metadata"]].tolist() == [
        "甘肃省", "provincial", "甘肃省人民政府", ""]
    assert documents.loc["gov__b.txt", ["region", "admin_level"]].tolist() == ["甘肃省兰州市", "prefectural"]
    assert json.loads(documents.loc["gov__b.txt", "metadata"]) == {"gdp_rank": "3"}
    bad = _sheet(tmp_path, "name,region\nb.txt,x\n")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "in"), "-o", str(tmp_path / "o2"), "--metadata", str(bad)])
    assert result.exit_code == 2 and "no key column" in result.output and "Traceback" not in result.output
