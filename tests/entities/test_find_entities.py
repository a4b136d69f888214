"""End-to-end tests of textkit.entities.find_entities: people with titles, bodies, companies, works, canonical
names, user lexicons (the rules one by one are in test_rules.py)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textkit.entities import Lexicon, find_entities, load_lexicon
from textkit.normalize import normalize

SHARED = Path(__file__).parents[2].parent / "shared"


def people(text: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for e in find_entities(text):
        if e.label == "PERSON":
            out[e.text] = tuple(dict.fromkeys(out.get(e.text, ()) + e.roles))
    return out


def labelled(text: str, label: str) -> set[str]:
    return {e.text for e in find_entities(text) if e.label == label}


# (sentence, expected {person: roles}) — titles before and after names, lists sharing a title
PEOPLE_CASES = [
    ("市经信委主任、党组副书记韩志远出席会议。", {"韩志远": ("市经信委主任", "党组副书记")}),
    ("督导组组长孟雪梅及组员邱子涵参加座谈。", {"孟雪梅": ("督导组组长",), "邱子涵": ("组员",)}),
    ("韩志远主任强调要抓好落实。", {"韩志远": ("主任",)}),
    ("集团董事长兼总经理周立新在会上指出。", {"周立新": ("董事长", "总经理")}),
    ("蒋文博同志作了讲话。", {"蒋文博": ()}),
    ("班子成员田家豪、罗一鸣、范小青任副组长。",  # the list's shared title is a role of each member
     {"田家豪": ("班子成员", "副组长"), "罗一鸣": ("班子成员", "副组长"), "范小青": ("班子成员", "副组长")}),
    ("副县长曹丽、钟建国、石磊参加会议。", {"曹丽": ("副县长",), "钟建国": ("副县长",), "石磊": ("副县长",)}),
    ("县委副书记、县长彭海波主持会议。", {"彭海波": ("县委副书记", "县长")}),
    # a Party post keeps the level written before it; an institution's does not (学校|党委副书记)
    ("镇党委副书记李丽、社区党委副书记王芳参加。", {"李丽": ("镇党委副书记",), "王芳": ("社区党委副书记",)}),
    ("学校党委副书记李强讲话。", {"李强": ("党委副书记",)}),
    # news posts are roles too
    ("美国总统克林顿表示欢迎。", {"克林顿": ("总统",)}),
    ("公司董事长魏长青、总经理邵立峰在会上讲话。", {"魏长青": ("董事长",), "邵立峰": ("总经理",)}),
    ("河北省人民政府省长 林国栋\n各位代表：", {"林国栋": ("河北省人民政府省长",)}),
    ("党支部成员汪晓琳认为，学习要常态化。", {"汪晓琳": ()}),
]

NO_PEOPLE = [
    "经济运行平稳过渡，努力实现全年目标。",
    "王书记参加了会议，李主任作了发言。",  # surname + title is not a full name
    "张某、李某某和王XX等人违反规定。",  # masked names
    "认真学习《毛泽东邓小平江泽民论科学发展》。",  # names inside a title are not actors
    "全体党员代表参加会议，成员单位负责人列席。",
    "以邓小平理论和科学发展观为指导。",
]


# lists of titled people sharing a post, given names with 月/日, a colon after the title
LIST_CASES = [
    ("由局长、党组书记范志诚任组长，党组副书记、副局长卢晓峰和纪检组长邵倩任副组长。",
     {"范志诚": ("局长", "党组书记", "组长"), "卢晓峰": ("党组副书记", "副局长", "副组长"),
      "邵倩": ("纪检组长", "副组长")}),
    ("由党委书记贺建军任组长，党委副书记、副院长龚丽萍，纪委书记温志刚任副组长。",
     {"贺建军": ("党委书记", "组长"), "龚丽萍": ("党委副书记", "副院长", "副组长"),
      "温志刚": ("纪委书记", "副组长")}),
    ("乡党委副书记、乡长潘志远和乡党委副书记杜月梅任副组长。",
     {"潘志远": ("乡党委副书记", "乡长", "副组长"), "杜月梅": ("乡党委副书记", "副组长")}),  # the level kept as written
    ("服务中心主任：黎嘉怡\n", {"黎嘉怡": ("主任",)}),
    ("领导小组下设办公室，由办公室主任韦建华兼任办公室主任。", {"韦建华": ("主任",)}),
]

NO_LIST_PEOPLE = [
    "每月召开一次例会，周日照常值班。",  # 月/日 only inside a two-character given name
    "本月起实行新办法，当日办结率达到九成。",
]


@pytest.mark.parametrize(("text", "expected"), LIST_CASES)
def test_lists_of_titled_people(text, expected):
    assert people(text) == expected


@pytest.mark.parametrize("text", NO_LIST_PEOPLE)
def test_no_people_from_dates(text):
    assert people(text) == {}


def test_comma_joins_only_a_list_of_titled_people():
    # 韩某 is followed by a verb, not by the comma: the post after 任 is only 汤某's
    got = people("县长韩振宇主持会议，副县长汤国庆任组长。")
    assert got == {"韩振宇": ("县长",), "汤国庆": ("副县长", "组长")}


@pytest.mark.parametrize(("text", "expected"), PEOPLE_CASES)
def test_people_and_roles(text, expected):
    assert people(text) == expected


@pytest.mark.parametrize("text", NO_PEOPLE)
def test_no_false_people(text):
    assert people(text) == {}


def test_document_consistency():
    text = "市委常委、副市长范文军出席。会后，范文军和区长陶立平一同调研，陶立平强调要抓实。"
    found = [(e.text, e.char_start) for e in find_entities(text) if e.label == "PERSON"]
    assert [n for n, _ in found] == ["范文军", "范文军", "陶立平", "陶立平"]


GOV_CASES = [
    ("区经委召开动员大会。", "区经委"),
    ("积极与国务院审改办沟通。", "国务院审改办"),
    ("在区委、区政府和街道党工委的领导下。", "街道党工委"),
    ("中共湖南省委召开会议。", "中共湖南省委"),
    ("基本实现市国资委下达目标。", "市国资委"),
    ("通过区委常委会、区人大、区政协等途径。", "区委常委会"),
    ("一年来，新华街道办事处在区委的领导下。", "新华街道办事处"),
    ("配合发展改革委研究清单。", "发展改革委"),
    # the place the tagger reads with its level starts the body (not just 区教育局)
    ("注册管理部门虹口区教育局宣布处理结果。", "虹口区教育局"),
    ("这是丰台区政府推动园区建设的举措。", "丰台区政府"),
    ("中共丰台区委召开常委会。", "中共丰台区委"),
    # abbreviated departments, and a bureau named alone after a preposition
    ("配合市住建委开展检查。", "市住建委"),
    ("区网信办牵头处置舆情。", "区网信办"),
    ("经过民政局核实后发放。", "民政局"),
    ("央行本月公布的数据显示。", "央行"),
    # Party groups and organ committees named alone
    ("经委党组研究决定。", "经委党组"),
    ("区直机关工委组织学习。", "区直机关工委"),
    # the bodies of a development zone
    ("区工业集中发展区党工委书记李国出席。", "区工业集中发展区党工委"),
    ("经济技术开发区管委会召开会议。", "经济技术开发区管委会"),
    ("在高新区管委会的领导下。", "高新区管委会"),
]

# (text, what is not one body)
NOT_ONE_BODY = [
    ("在区委、区政府和街道党工委的领导下。", "区政府和街道党工委"),
    ("小区物业管理处负责。", "区物业管理处"),
    ("精简中央行政机关。", "央行"),
    ("推动园区管委会改革。", "推动园区管委会"),
]


@pytest.mark.parametrize(("text", "span"), NOT_ONE_BODY)
def test_not_one_body(text, span):
    assert span not in labelled(text, "ORG_GOV")


@pytest.mark.parametrize(("text", "body"), GOV_CASES)
def test_government_bodies(text, body):
    assert body in labelled(text, "ORG_GOV")


# departments by generic suffix: level (+ party committee) + department words + 局/部/办/院/委/署/处
GENERIC_GOV_CASES = [
    ("区发改委牵头制定计划。", "区发改委"),  # level + known abbreviation wins over the bare 发改委
    ("中共丰河县住房和城乡建设局党组召开会议。", "中共丰河县住房和城乡建设局党组"),  # the bureau's Party group
    ("榆林湾区人力资源和社会保障局开展专项检查。", "榆林湾区人力资源和社会保障局"),
    ("会同县委宣传部、县文旅局组织展演。", "县委宣传部"),
    ("由市委政法工委统筹推进。", "市委政法工委"),
    ("材料报送镇综治办，由专人负责。", "镇综治办"),
    ("市劳动人事争议仲裁院受理案件一百件。", "市劳动人事争议仲裁院"),
    ("活动得到食物环境卫生署的资助。", "食物环境卫生署"),  # no level: Hong Kong style
    ("与沙田区议会及屯门民政事务处合办讲座。", "屯门民政事务处"),
    ("制定《白鹭区科学技术局推进创新券使用的实施方案》。", "白鹭区科学技术局"),  # issuer of a title
    ("由区综合行政执法局牵头整治。", "区综合行政执法局"),  # a department verb after a noun; 由 is no part
    ("向县住房保障管理局提交材料。", "县住房保障管理局"),
]

NO_GENERIC_GOV = [
    "优化区域经济布局，为全年开好局。",  # 布|局 and 开好|局 are words
    "实行镇村干部包片联系制度。",  # 干部 is no department
    "全国乡镇和东中部地区同步推进。",
    "县中心卫生院住院部完成改造。",  # a hospital ward
    "领导小组办公室设在综合科，由科长兼任办公室主任。",  # a leading group's office, a title read into it
    "要把工作部署到位，妥善处理好问题。",
    "会议要求区开展工作办实事。",  # an ordinary verb ends a department name
]


@pytest.mark.parametrize(("text", "body"), GENERIC_GOV_CASES)
def test_generic_departments(text, body):
    assert body in labelled(text, "ORG_GOV")


@pytest.mark.parametrize("text", NO_GENERIC_GOV)
def test_no_false_departments(text):
    assert labelled(text, "ORG_GOV") == set()


def test_department_abbreviation_canonical():
    got = {e.text: e.canonical for e in find_entities("青川区发展和改革委员会印发通知，区发改委抓好落实。")}
    assert got["区发改委"] == "青川区发展和改革委员会"


COMPANY_CASES = [
    ("确定上海星辰电子科技有限公司为联系点。", {"上海星辰电子科技有限公司"}),
    ("原红旗机械厂、水泥厂改造为市场。", {"红旗机械厂", "水泥厂"}),
    ("秦川矿业集团、东海集团上半年实现增长。", {"秦川矿业集团", "东海集团"}),
    ("中国工商银行向企业发放贷款。", {"中国工商银行"}),
    ("加快推进华锐矿业亏损治理。", {"华锐矿业"}),
    # a known business with its legal form or a branch is one company, not the short name inside it
    ("改由中国邮政集团公司印制发行。", {"中国邮政集团公司"}),
    ("交通银行深圳分行信用卡部相关人士表示。", {"交通银行深圳分行"}),
    # a trade name before a business's post; a name the tagger reads as an organisation with its form
    ("图为润泽地产常务副总封屹。", {"润泽地产"}),
    ("微软公司不久前宣布。", {"微软公司"}),
    # negatives: the writer's own group, kinds of companies, news outlets, schools, counted banks, trades
    ("光大三家银行的信用卡专业人士分析。", set()),
    ("本次由农业科技总监主讲。", set()),
    ("工商银行行长讲话。", {"工商银行"}),
    ("集团公司董事长主持会议，两集团协同发展。", set()),
    ("引导上市公司、证券公司规范经营。", set()),
    ("据人民日报报道，市第一中学开展活动。", set()),
]


@pytest.mark.parametrize(("text", "expected"), COMPANY_CASES)
def test_companies(text, expected):
    assert labelled(text, "ORG_COMPANY") == expected


# short names a document derives from a full name, and the edges of full names
SHORT_NAME_CASES = [
    # declared short names
    ("南屿电缆有限公司（以下简称“南屿电缆”）完成改制。南屿电缆全年盈利。", {"南屿电缆有限公司", "南屿电缆"}),
    ("获汇丰达银行有限公司（汇丰达银行）资助，汇丰达银行另派义工。", {"汇丰达银行有限公司", "汇丰达银行"}),
    # used short names: brand + first trade characters, after an unknown place
    ("辖区内桐山智云信息技术有限公司发展良好，智云信息等企业参与志愿服务。", {"桐山智云信息技术有限公司", "智云信息"}),
    ("澜汀光电科技有限公司建成实验室。澜汀光电获得两项专利。", {"澜汀光电科技有限公司", "澜汀光电"}),
    ("集团下属北岭路桥工程有限公司中标三个项目，北岭路桥营收增长。", {"北岭路桥工程有限公司", "北岭路桥"}),
    # edges: a rank before the name, a verb glued to it, a document number
    ("其中省级龙头企业丰禾米业有限公司销售收入增长。", {"丰禾米业有限公司"}),
    ("根据集团《关于加强安全管理的通知》（东建集团发〔2021〕5号）要求。", set()),
    # negatives: an ordinary word after the full name is no short name
    ("与宁州新能源汽车股份有限公司签约，加快新能源汽车电机项目建设。", {"宁州新能源汽车股份有限公司"}),
]


@pytest.mark.parametrize(("text", "expected"), SHORT_NAME_CASES)
def test_short_company_names(text, expected):
    assert labelled(text, "ORG_COMPANY") == expected


def test_other_organisations_are_not_companies_or_bodies():
    ents = {e.text: e.label for e in find_entities("成立学习实践活动领导小组，教工党支部组织学习，市红十字会参与。")}
    assert ents.get("学习实践活动领导小组") == "ORG_OTHER"
    assert "ORG_COMPANY" not in ents.values()


def test_work_without_brackets_and_issuer():
    text = "制定了《金水区经济委员会关于开展专项行动的实施方案》，区经委负责落实。"
    ents = find_entities(text)
    work = next(e for e in ents if e.label == "WORK")
    assert work.text == "关于开展专项行动的实施方案"
    assert work.canonical == "金水区经济委员会关于开展专项行动的实施方案"
    assert [e.text for e in ents if e.label == "ORG_GOV"] == ["金水区经济委员会", "区经委"]


CANONICAL_CASES = [
    ("金水区经济委员会召开会议，区经委抓好落实。", "区经委", "金水区经济委员会"),
    ("市国有资产监督管理委员会发文，市国资委督办。", "市国资委", "市国有资产监督管理委员会"),
    ("走访上海星辰电子科技有限公司，星辰电子科技公司表示支持。", "星辰电子科技公司", "上海星辰电子科技有限公司"),
    ("区委召开会议。", "区委", "区委"),
]


@pytest.mark.parametrize(("text", "mention", "canonical"), CANONICAL_CASES)
def test_canonical(text, mention, canonical):
    got = {e.text: e.canonical for e in find_entities(text)}
    assert got[mention] == canonical


def test_user_lexicon(tmp_path):
    people_file = tmp_path / "people.txt"
    people_file.write_text("# our staff\n欧阳春\n", encoding="utf-8")
    tsv = tmp_path / "extra.tsv"
    tsv.write_text("青禾工作室\tORG_COMPANY\n", encoding="utf-8")
    lex = load_lexicon([people_file, tsv])
    assert isinstance(lex, Lexicon)
    assert lex.entries == (("欧阳春", "PERSON"), ("青禾工作室", "ORG_COMPANY"))
    text = "欧阳春带队走访青禾工作室。"
    assert people(text) == {}  # unknown without the lexicon
    got = {(e.label, e.text) for e in find_entities(text, lexicon=lex)}
    assert {("PERSON", "欧阳春"), ("ORG_COMPANY", "青禾工作室")} <= got


def test_user_lexicon_bad_label(tmp_path):
    bad = tmp_path / "x.tsv"
    bad.write_text("某某\tALIEN\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_lexicon([bad])


@pytest.mark.parametrize("bad", [None, 12, b"bytes"])
def test_bad_argument(bad):
    with pytest.raises(ValueError):
        find_entities(bad)


def test_pathological_input_is_fast_enough_to_finish():
    assert find_entities("，" * 100_000 + "1" * 100_000 + "区委" * 1000)[:1][0].label == "ORG_GOV"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("王李张徐斌主任书记区委经市公司集团厂有限《》、，。同志某X 1\n")) | st.characters(), max_size=80))
def test_property_offsets_valid_and_deterministic(text):
    ents = find_entities(text)
    assert ents == find_entities(text)
    last = 0
    for e in ents:
        assert text[e.char_start:e.char_end] == e.text
        assert e.char_start >= last
        last = e.char_end


@pytest.mark.skipif(not SHARED.exists(), reason="shared data not available")
def test_seed_document_people():
    gold = json.loads((SHARED / "eval" / "gold" / "seed.json").read_text(encoding="utf-8"))
    text = normalize((SHARED / "eval" / "gold" / gold["file"]).read_text(encoding="utf-8"))
    found = set(people(text)) - set(gold["persons_optional"])
    assert found == set(gold["persons"])
    assert len(found) == 12


def test_spacy_component_writes_candidates_and_kb_ids(nlp):
    doc = nlp("金水区经济委员会召开会议，区经委主任韩志远讲话。")
    cands = doc.spans["tk_entity_candidates"]
    assert cands and all(s._.tk_rule and s._.tk_score is not None for s in cands)
    ents = {e.text: e for e in doc.ents}
    assert ents["区经委"].kb_id_ == "金水区经济委员会"
    assert ents["韩志远"].label_ == "PERSON" and ents["韩志远"]._.tk_rule == "person_title_before"


@pytest.mark.parametrize(("text", "names"), [
    ("大会执行主席王建国、李明华、孙卫东、阿不都热依木在主席台前排就座。", ["王建国", "李明华", "孙卫东", "阿不都热依木"]),
    ("出席会议的有王建国、李明华、各乡镇负责人在会上发言。", ["王建国", "李明华"]),  # known words end the list
    ("王建国、李明华、巴特尔等同志参加。", ["王建国", "李明华", "巴特尔"]),
])
def test_the_last_member_of_a_list_of_names(text, names):
    assert [e.text for e in find_entities(text) if e.label == "PERSON"] == names
