"""Structure: title, heading hierarchy (with negatives), footer, signature, sentences."""

from __future__ import annotations

import pytest

from textkit.structure import find_structure, split_sentences

from conftest import SHARED, needs_shared

BODY = "区经委党组根据区委要求，制定了实施方案，明确了各个阶段的起止时间和主要任务，确保学习实践活动取得实效。"

# fmt: off
HEADINGS = [
    # (document, [(level, number, heading), ...]) — the preamble row (level 1, '', '') included when present
    (f"工作小结\n{BODY}\n一、领导重视，组织有力\n{BODY}\n二、动员部署\n{BODY}",
     [(1, "", ""), (1, "一、", "领导重视，组织有力"), (1, "二、", "动员部署")]),
    (f"一、主要工作\n（一）明确目标，责任到人。\n{BODY}\n1.加强领导\n{BODY}\n2.榜样引领\n{BODY}\n（二）控辍保学\n{BODY}\n二、存在问题\n{BODY}",
     [(1, "一、", "主要工作"), (2, "（一）", "明确目标，责任到人"), (3, "1.", "加强领导"), (3, "2.", "榜样引领"),
      (2, "（二）", "控辍保学"), (1, "二、", "存在问题")]),
    # half-width brackets and run-in headings that end with a full stop
    (f"(一)深入推进审批改革。{BODY}\n(二)加快建立权责清单。{BODY}",
     [(1, "(一)", "深入推进审批改革"), (1, "(二)", "加快建立权责清单")]),
    # part / chapter above 一、, circled and bracketed arabic below
    (f"第一部分 工作回顾\n一、经济运行\n{BODY}\n（1）工业生产\n{BODY}\n①规模以上工业\n{BODY}\n第二部分 工作安排\n{BODY}",
     [(1, "第一部分", "工作回顾"), (2, "一、", "经济运行"), (3, "（1）", "工业生产"), (4, "①", "规模以上工业"),
      (1, "第二部分", "工作安排")]),
    # 1、 1． and a short heading line of its own between paragraphs
    (f"1、组织领导\n{BODY}\n2．宣传发动\n{BODY}\n营造氛围深入学习\n{BODY}",
     [(1, "1、", "组织领导"), (1, "2．", "宣传发动"), (2, "", "营造氛围深入学习")]),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), HEADINGS)
def test_heading_hierarchy(text, expected):
    s = find_structure(text)
    assert [(x.level, x.number, x.heading) for x in s.sections] == expected


# fmt: off
NOT_HEADINGS = [
    # inline enumerations and look-alikes are body text, not sections
    f"一是深刻认识学习实践活动的重大意义；二是正确把握主要原则。\n{BODY}",
    f"一要关注经济运行趋势，咬定全年目标不放松；二要关注重点项目推进。\n{BODY}",
    f"{BODY}1、区经委制订的意见已经区政府同意转发；2、加强运行监测。",
    f"2.5万人参加了活动，{BODY}",
    f"三、\n{BODY}",                      # a number with no heading text
    f"三、组织讨论\n{BODY}",               # a list must start at 一 (or continue the previous one)
    f"十七大以来，{BODY}\n",
    f"（一）\n{BODY}",
]
# fmt: on


@pytest.mark.parametrize("text", NOT_HEADINGS)
def test_not_headings(text):
    s = find_structure(text)
    assert [x for x in s.sections if x.number] == []


def test_preamble_title_footer_and_signature():
    text = (f" 第一阶段工作小结\n\n{BODY}\n一、领导重视\n{BODY}\n二、动员部署\n{BODY}\n"
            "金山区经济委员会\n2009年5月6日\n报：区委学习实践活动领导小组办公室\n发：机关各党小组\n")
    s = find_structure(text)
    assert s.title == "第一阶段工作小结"
    assert text[s.title_span[0]:s.title_span[1]] == s.title
    assert s.issuer == "金山区经济委员会"
    assert s.signature == "金山区经济委员会\n2009年5月6日"
    rows = [(x.section_id, x.parent_id, x.number, x.heading) for x in s.sections]
    assert rows == [("s0", "", "", ""), ("s1", "", "一、", "领导重视"), ("s2", "", "二、", "动员部署"), ("s3", "", "", "报")]
    preamble, _, second, footer = s.sections
    assert text[preamble.char_start:preamble.char_end] == BODY
    assert "金山区经济委员会" not in text[second.char_start:second.char_end]   # the signature is kept out
    assert text[footer.char_start:footer.char_end].startswith("报：") and footer.char_end == len(text.rstrip())


# fmt: off
TITLES = [
    ("2008年街道办工作总结\n" + BODY, "2008年街道办工作总结"),
    ("开展“不忘初心、牢记使命”主题教育\n" + BODY, "开展“不忘初心、牢记使命”主题教育"),
    (BODY + "\n" + BODY, ""),                                   # starts with body text
    ("各位代表：\n" + BODY, ""),
    ("一、领导重视，组织有力\n" + BODY, ""),                       # a heading is not a title
]
# fmt: on


@pytest.mark.parametrize(("text", "title"), TITLES)
def test_title(text, title):
    assert find_structure(text).title == title


def test_document_number_is_found_near_the_top():
    s = find_structure(f"金山区经济委员会文件\n金经委〔2009〕12号\n关于开展学习实践活动的通知\n{BODY}")
    assert s.doc_number == "金经委〔2009〕12号"


# fmt: off
SENTENCES = [
    ("召开座谈会8次。参加人数44人！好", ["召开座谈会8次。", "参加人数44人！", "好"]),
    ("他说：“要统一思想。”然后散会。", ["他说：“要统一思想。”", "然后散会。"]),
    ("平均分475.41;合格率27.13\n第二行?", ["平均分475.41;合格率27.13", "第二行?"]),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_sentences(text, expected):
    assert [text[a:b] for a, b in split_sentences(text)] == expected


def test_every_section_offset_is_valid_on_odd_input():
    for text in ["", "\n\n", "一、", "报：", "（一）" * 1000, "一、标题\n" * 2000, "。" * 10000]:
        s = find_structure(text)
        for x in s.sections:
            assert 0 <= x.char_start <= x.body_start <= x.char_end <= len(text)


@needs_shared
def test_real_documents_headings():
    seed = next((SHARED / "corpus" / "seed").glob("*.txt")).read_text(encoding="utf-8")
    s = find_structure(seed)
    numbered = [x for x in s.sections if x.number]
    assert [x.number for x in numbered] == ["一、", "二、", "三、", "四、", "五、", "六、", "七、"]
    assert s.sections[0].heading == "" and s.sections[-1].heading == "报"


# fmt: off
ISSUERS = [
    # (closing lines, issuer)
    ("金山区经济委员会\n2009年5月6日", "金山区经济委员会"),
    ("述职人：王建国\n二〇一九年一月八日", "王建国"),
    ("中心主任：林晓\n2024年1月25日", "林晓"),
    ("2024年1月25日", ""),                                   # a date line alone
    ("以上报告，请审议。\n2024年1月25日", ""),                  # a sentence is not an issuer
]
# fmt: on


@pytest.mark.parametrize(("closing", "issuer"), ISSUERS)
def test_signature_issuer(closing, issuer):
    s = find_structure(f"工作总结\n{BODY}\n一、主要工作\n{BODY}\n{closing}\n")
    assert s.issuer == issuer
    assert s.signature.endswith(closing.split("\n")[-1])
