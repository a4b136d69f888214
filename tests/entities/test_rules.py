"""Each rule of textkit.entities.rules on its own: (sentence, spans it proposes) with negatives."""
from __future__ import annotations

import pytest

from textkit.entities import rules
from textkit.entities.context import Context
from textkit.tokenizer import tag_text


def proposed(rule, text: str, label: str | None = None) -> set[str]:
    ctx = Context(text, tag_text(text))
    return {text[c.start:c.end] for c in rule(ctx) if label is None or c.label == label}


CASES = [
    # rule, sentence, label, expected proposals (subset), proposals that must not appear
    (rules.gov_level, "县经委牵头，市国资委督办。", "ORG_GOV", {"县经委", "市国资委"}, set()),
    (rules.gov_level, "中共湖北省委召开全会。", "ORG_GOV", {"中共湖北省委"}, set()),
    (rules.gov_level, "要求市场主体规范经营，区委员会议。", "ORG_GOV", set(), {"区委员"}),
    (rules.gov_full, "长丰县经济委员会和肥西县经济委员会联合发文。", "ORG_GOV",
     {"长丰县经济委员会", "肥西县经济委员会"}, {"济委员会和肥西县经济委员会"}),
    (rules.gov_department, "白鹭区科学技术局开展检查。", "ORG_GOV", {"白鹭区科学技术局"}, set()),
    (rules.gov_department, "要把工作部署到位。", "ORG_GOV", set(), {"把工作部"}),
    (rules.gov_subunit, "省委第二巡察组进驻，中央第五督导组反馈问题。", "ORG_GOV",
     {"省委第二巡察组", "中央第五督导组"}, set()),
    (rules.gov_subunit, "局党组高度重视，机关党委具体落实，卫健委牵头。", "ORG_GOV", {"局党组", "机关党委", "卫健委"}, set()),
    (rules.gov_subunit, "他是局党组书记。", "ORG_GOV", set(), {"局党组"}),
    (rules.known_organisations, "国务院批准，新华社报道。", None, {"国务院", "新华社"}, set()),
    (rules.company_known, "与中国石化、宁德时代签署协议。", "ORG_COMPANY", {"中国石化", "宁德时代"}, set()),
    (rules.company_form, "确定江宁星海电子科技有限公司为试点，红旗机械厂改制。", "ORG_COMPANY",
     {"江宁星海电子科技有限公司", "红旗机械厂"}, set()),
    (rules.company_form, "集团公司召开会议，产业集团和村镇银行参加，引导上市公司规范。", "ORG_COMPANY", set(),
     {"集团公司", "产业集团", "村镇银行", "上市公司"}),
    (rules.company_trade, "加快推进华锐矿业扭亏。", "ORG_COMPANY", {"华锐矿业"}, set()),
    (rules.company_trade, "发展现代农业和国际贸易。", "ORG_COMPANY", set(), {"现代农业", "国际贸易"}),
    (rules.company_context, "引进蔚来、格力等一批龙头企业。", "ORG_COMPANY", {"蔚来", "格力"}, set()),
    (rules.company_context, "钢铁、化工、光伏等企业加快转型，重点企业、骨干企业等企业增产。", "ORG_COMPANY", set(),
     {"钢铁", "化工", "光伏", "重点企业", "骨干企业"}),
    (rules.company_context, "重大项目落户园区。", "ORG_COMPANY", set(), {"重大项目"}),
    (rules.other_tail, "杭州师范大学和市红十字会参与，公立医院、高水平大学建设。", "ORG_OTHER",
     {"杭州师范大学"}, {"公立医院", "高水平大学"}),
    (rules.other_party_branch, "学院党委研究决定。", "ORG_OTHER", {"学院党委"}, set()),
    (rules.person_title_before, "组长孟雪梅及副县长曹丽、钟建国参加。", "PERSON", {"孟雪梅", "曹丽", "钟建国"}, set()),
    (rules.person_title_before, "王书记参加会议，组长张某某讲话。", "PERSON", set(), {"王书记", "张某某"}),
    (rules.person_title_after, "韩志远主任强调，蒋文博同志讲话，习近平总书记指出。", "PERSON",
     {"韩志远", "蒋文博", "习近平"}, set()),
    (rules.person_title_after, "经济运行平稳主任。", "PERSON", set(), {"平稳"}),
    (rules.person_listed, "出席会议的领导有：韩立军、罗美华。孙海涛、钱志强等同志参加。", "PERSON",
     {"韩立军", "罗美华", "孙海涛", "钱志强"}, set()),
    (rules.person_listed, "加强党员等人员管理，全体同志参加，参加会议的有关部门。", "PERSON", set(), {"全体"}),
    (rules.person_byline, "学习心得\n罗晓文\n近来我认真学习。", "PERSON", {"罗晓文"}, set()),
    (rules.loc_place, "河北省和上海的企业。", "LOC", {"河北省", "上海"}, set()),
    (rules.work_title, "学习《关于加强基层治理的意见》。", "WORK", {"关于加强基层治理的意见"}, set()),
]


@pytest.mark.parametrize(("rule", "text", "label", "want", "never"), CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_rule(rule, text, label, want, never):
    got = proposed(rule, text, label)
    assert want <= got
    assert not (never & got)


def test_work_issuer_is_a_body_and_the_rest_a_work():
    text = "制定《长丰县经济委员会关于开展专项行动的实施方案》。"
    ctx = Context(text, tag_text(text))
    got = {(c.label, text[c.start:c.end], c.canonical) for c in rules.work_title(ctx)}
    assert ("ORG_GOV", "长丰县经济委员会", "") in got
    assert ("WORK", "关于开展专项行动的实施方案", "长丰县经济委员会关于开展专项行动的实施方案") in got


def test_every_rule_has_a_score_and_is_pure():
    text = "县经委主任韩志远、副主任蒋文博出席，华锐矿业有限公司和《实施方案》。"
    ctx = Context(text, tag_text(text))
    for rule in rules.RULES:
        first, second = list(rule(ctx)), list(rule(ctx))
        assert first == second
        for c in first:
            assert c.rule in rules.SCORES and c.score == rules.SCORES[c.rule]
            assert 0 <= c.start < c.end <= len(text)


def test_context_refuses_a_tagging_of_another_text():
    with pytest.raises(ValueError):
        Context("甲", tag_text("乙"))


def test_pattern_time_limits_grow_with_the_text(monkeypatch):
    # the patterns are linear: a long document (a 10 MB archive file) must not run out of a fixed budget
    from textkit.entities import analyze_entities, rules

    monkeypatch.setattr(rules, "_TIMEOUT", 0.01)  # a fixed 0.01 s would time out on 108,000 characters
    text = "区经委主任徐斌在金山区经济委员会召开座谈会，华东电力有限公司负责人参加，" * 3000
    assert rules._timeout(text) > 1.0
    _, entities = analyze_entities(text)
    assert any(e.text == "徐斌" for e in entities)
