"""Tests for textkit.compare: the comparison tables, the planted-passage reuse check, writing and reading."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from textkit import compare as cmp

ROOT = Path(__file__).resolve().parents[1]

# A passage planted in two otherwise unrelated documents (written for this test).
PLANTED = (
    "坚持把安全隐患排查作为头等大事来抓，组织专业人员对辖区内四十二处老旧燃气管网逐一排查，"
    "建立问题清单和整改台账，做到责任到人、限时销号。全年累计投入改造资金三百六十万元，完成整改三十九处。"
)

# Short boilerplate every document shares (under 20 characters: never reuse).
OPENING = "各位代表：\n现将有关情况报告如下：\n"

DOCS = {
    "a_school.txt": (
        "城南实验小学2022年度工作总结\n" + OPENING
        + "一、教育教学质量稳步提升\n本学年全校开设校本课程二十一门，组织青年教师赛课活动两轮，"
        "六年级学业质量监测合格率达到百分之九十八。学校邀请市教研室专家来校指导课堂教学改革，推动作业设计减量提质。\n"
        "二、校园安全\n" + PLANTED + "\n"
        "三、存在的不足\n部分学科教师结构性短缺，课后服务内容还不够丰富，家校沟通渠道需要进一步拓宽。\n"
    ),
    "b_farm.txt": (
        "河西镇2022年农业农村工作总结\n" + OPENING
        + "一、粮食生产\n全镇粮食播种面积稳定在四万二千亩，建成高标准农田八千亩，新增节水灌溉设施一百二十套。"
        "镇农技站组织种植大户开展病虫害统防统治，全年未发生大面积减产。\n"
        "二、乡村产业\n引进冷链物流企业两家，培育家庭农场三十六个，农产品电商销售额同比增长一成以上。\n"
        "三、下一步打算\n明年将继续推进土地流转，扶持特色果蔬种植，办好农民丰收节系列活动。\n"
    ),
    "c_hospital.txt": (
        "县人民医院2022年工作总结\n" + OPENING
        + "一、医疗服务\n全年门诊量达到四十一万人次，住院病人一万八千人次，开展三级手术二千三百例。"
        "医院新建胸痛中心和卒中中心，急诊抢救成功率明显提高。\n"
        "二、人才队伍\n引进博士研究生三名，选派骨干医师赴省级医院进修二十人次，护理团队获评省级优质护理示范病区。\n"
    ),
    "d_market.txt": (
        "新城区市场监督管理局2022年工作总结\n" + OPENING
        + "一、优化营商环境\n推行企业开办全程网上办理，平均办理时间压缩至一个工作日以内，全年新增市场主体六千余户。\n"
        "二、安全监管\n" + PLANTED + "\n"
        "三、下一步工作\n深化食品安全示范城市创建，强化特种设备安全监管，推进信用分级分类监管。\n"
    ),
    # same topic as b_farm, written independently: similar words, no copied passage
    "e_farm.txt": (
        "东岭乡2022年农业工作总结\n" + OPENING
        + "一、粮食生产\n东岭乡今年落实粮食种植面积一万六千亩，新修机耕道路十二公里，维修小型水库两座，"
        "确保了夏粮和秋粮双丰收。乡里还举办了三期农业实用技术培训班。\n"
        "二、乡村产业\n扶持茶叶专业合作社五家，茶园面积扩大到三千亩，乡村旅游接待游客九万人次。\n"
    ),
}


@pytest.fixture(scope="module")
def outdir(tmp_path_factory) -> Path:
    from textkit.batch import run_extract

    src = tmp_path_factory.mktemp("docs")
    for name, text in DOCS.items():
        (src / name).write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("out") / "planted"
    summary = run_extract([str(src)], out)
    assert summary.n_failed == 0
    return out


@pytest.fixture(scope="module")
def tables(outdir) -> dict[str, pd.DataFrame]:
    return cmp.compare([outdir])


@pytest.fixture(scope="module")
def sample_outdir(tmp_path_factory) -> Path:
    from textkit.batch import run_extract

    out = tmp_path_factory.mktemp("sample") / "sample"
    run_extract([str(ROOT / "corpora" / "sample")], out)
    return out


# --------------------------------------------------------------------------- tokens


@pytest.mark.parametrize(
    "text, present, absent",
    [
        ("区经委召开学习实践活动动员大会，共62人参加。", ["区经委", "动员大会"], ["62", "，", "共"]),
        ("全年新增市场主体六千余户，同比增长12.5%。", ["市场主体", "同比", "增长"], ["六千余", "12.5", "%"]),
        ("推进GDP核算和ERP系统建设", ["gdp", "erp"], ["GDP"]),
        ("的、了。和", [], ["的", "了", "和"]),
    ],
)
def test_tokenize_keeps_terms_and_drops_figures_and_function_words(text, present, absent):
    tokens = cmp.tokenize(text)
    for t in present:
        assert t in tokens
    for t in absent:
        assert t not in tokens


@pytest.mark.parametrize("text", ["区经委召开动员大会", "全年新增市场主体六千余户，同比增长一成。", "ＡＢＣ公司\n二、工作打算"])
def test_tokenize_spans_index_the_text(text):
    for token, start, end in cmp.tokenize_spans(text):
        assert text[start:end].strip().lower() == token


# --------------------------------------------------------------------------- reuse


def test_planted_passage_is_found_with_offsets_into_both_documents(tables, outdir):
    reuse = tables["reuse"]
    pairs = set(zip(reuse["doc_id_a"], reuse["doc_id_b"]))
    assert pairs == {("a_school.txt", "d_market.txt")}
    row = reuse.iloc[0]
    text_a = (outdir / "texts" / "a_school.txt.txt").read_text(encoding="utf-8")
    text_d = (outdir / "texts" / "d_market.txt.txt").read_text(encoding="utf-8")
    assert text_a[row.char_start_a:row.char_end_a] == row.text_a
    assert text_d[row.char_start_b:row.char_end_b] == row.text_b
    # the whole planted passage, both sentences, merged into one row
    assert row.n_sentences == 2
    assert PLANTED.rstrip("。") in row.text_a + "。" and row.similarity == 1.0
    summary = tables["reuse_pairs"]
    assert len(summary) == 1 and summary.iloc[0]["n_passages"] == 1


def test_no_unrelated_pair_in_the_bundled_sample(sample_outdir):
    tables = cmp.compare([sample_outdir])
    assert tables["reuse"].empty, tables["reuse"][["doc_id_a", "doc_id_b", "text_a"]].to_string()


def test_same_sample_twice_is_all_reuse_between_runs(sample_outdir, tmp_path):
    import shutil

    other = tmp_path / "again"
    shutil.copytree(sample_outdir, other)
    corpus = cmp.load_corpus([sample_outdir, other])
    reuse, pairs, _ = cmp.reuse_tables(corpus)
    assert set(pairs["run_a"]) == {"sample"} and set(pairs["run_b"]) == {"again"}
    assert (pairs["doc_id_a"] == pairs["doc_id_b"]).all()
    assert pairs["max_similarity"].min() == 1.0


@pytest.mark.parametrize(
    "text, n_units",
    [
        ("各位代表：\n现将有关情况报告如下：\n特此报告。", 0),       # boilerplate under 20 characters
        ("全镇粮食播种面积稳定在四万二千亩，建成高标准农田八千亩，新增节水灌溉设施一百二十套。", 1),
        ("一、粮食生产\n全镇粮食播种面积稳定在四万二千亩，建成高标准农田八千亩。镇农技站组织种植大户开展病虫害统防统治工作。", 2),
        ("！！！……。。。" * 200, 0),
    ],
)
def test_units_ignore_short_boilerplate(text, n_units):
    units = cmp._units(text, 0, 20)
    assert len(units) == n_units
    for u in units:
        assert len(u.key) >= 20 and text[u.start] == u.key[0] and text[u.end - 1] == u.key[-1]


@pytest.mark.parametrize(
    "a, b, low, high",
    [
        ("组织专业人员对辖区内老旧燃气管网逐一排查建立问题清单", "组织专业人员对辖区内老旧燃气管网逐一排查建立问题清单", 1.0, 1.0),
        # one word changed in a sentence of fifty characters: still a near-duplicate
        ("组织专业人员对辖区内四十二处老旧燃气管网逐一排查建立问题清单和整改台账做到责任到人限时销号",
         "组织专业人员对全县四十二处老旧燃气管网逐一排查建立问题清单和整改台账做到责任到人限时销号", 0.6, 0.95),
        # the same formula with a few words changed in a short sentence: below the 0.6 threshold
        ("现在我代表市人民政府向大会报告工作请予审议", "现在我代表县人民政府向大会作政府工作报告请予审议", 0.0, 0.6),
        ("组织专业人员对辖区内老旧燃气管网逐一排查建立问题清单", "全年门诊量达到四十一万人次住院病人一万八千人次", 0.0, 0.05),
    ],
)
def test_shingle_jaccard(a, b, low, high):
    score = cmp._jaccard(cmp._shingles(a, 5), cmp._shingles(b, 5))
    assert low <= score <= high


def test_minhash_estimates_jaccard():
    a = cmp._shingles("组织专业人员对辖区内老旧燃气管网逐一排查建立问题清单和整改台账", 5)
    b = cmp._shingles("组织专业人员对全县老旧燃气管网逐一排查建立问题清单和整改台账", 5)
    c = cmp._shingles("全年门诊量达到四十一万人次住院病人一万八千人次开展三级手术", 5)
    sig = cmp._minhash([a, b, c], 256)
    est_ab = float((sig[0] == sig[1]).mean())
    assert abs(est_ab - cmp._jaccard(a, b)) < 0.15
    assert float((sig[0] == sig[2]).mean()) < 0.05


# --------------------------------------------------------------------------- other tables


def test_coverage_has_every_label_for_every_document(tables):
    from textkit.classify import LABELS

    cov = tables["coverage"]
    assert set(LABELS) <= set(cov["label"])
    assert len(cov) == 5 * len(set(cov["label"]))
    per_doc = cov.groupby("doc_id")["share"].sum()
    assert ((per_doc > 0.5) & (per_doc <= 1.0001)).all()
    assert (cov.loc[~cov["present"], "share"] == 0).all()
    assert (cov.loc[~cov["present"], "n_sections"] == 0).all()


def test_similarity_ranks_the_same_topic_first(tables):
    sim = tables["similarity"]
    assert sim.iloc[0][["doc_id_a", "doc_id_b"]].tolist() in (["a_school.txt", "d_market.txt"], ["b_farm.txt", "e_farm.txt"])
    farm = sim[(sim["doc_id_a"] == "b_farm.txt") & (sim["doc_id_b"] == "e_farm.txt")]
    assert farm.iloc[0]["rank_a"] == 1
    assert sim["cosine"].between(0, 1).all()
    assert not ((sim["run_a"] == sim["run_b"]) & (sim["doc_id_a"] == sim["doc_id_b"])).any()


def test_section_similarity_pairs_sections_of_one_label_in_different_documents(tables):
    sec = tables["section_similarity"]
    assert len(sec)
    assert (sec["doc_id_a"] != sec["doc_id_b"]).all()
    assert sec["cosine"].between(0, 1).all()


def test_keywords_are_distinctive(tables):
    kw = tables["keywords"]
    doc = kw[(kw["scope"] == "document") & (kw["doc_id"] == "c_hospital.txt")]
    assert {"医院", "护理"} <= set(doc["term"].head(5)) and "急诊" in set(doc["term"])
    assert not {"各位代表", "现将", "情况", "报告", "如下", "工作"} & set(doc["term"])
    assert (kw["score"] > 0).all()


@pytest.mark.parametrize(
    "group, expected_first",
    [
        ({"医院": 5, "工作": 2}, "医院"),
        ({"粮食": 3, "工作": 3}, "粮食"),
    ],
)
def test_log_odds_prefers_terms_rare_elsewhere(group, expected_first):
    from collections import Counter

    total = Counter({"医院": 5, "粮食": 3, "工作": 200, "推进": 100})
    scored = cmp._log_odds(Counter(group), total, sum(total.values()))
    assert scored[0][0] == expected_first


def test_dtm_matches_vocabulary_and_documents(tables, outdir, tmp_path):
    out = tmp_path / "cmp"
    cmp.compare([outdir], out)
    matrix, vocab, docs = cmp.load_dtm(out)
    assert matrix.shape == (len(docs), len(vocab)) == (5, len(tables["dtm_vocabulary"]))
    row = docs.index[docs["doc_id"] == "c_hospital.txt"][0]
    col = vocab.index[vocab["term"] == "门诊量"][0]
    assert matrix[row, col] >= 1
    assert (np.asarray(matrix.sum(axis=1)).ravel() == docs["n_terms"].to_numpy()).all()


def test_names_and_pairs(sample_outdir):
    tables = cmp.compare([sample_outdir])
    names, pairs = tables["names"], tables["name_pairs"]
    assert set(names["label"]) <= set(cmp.NAME_LABELS)
    assert (names["n_mentions"] >= 1).all()
    assert all((la, na) < (lb, nb) for la, na, lb, nb in zip(pairs["label_a"], pairs["name_a"], pairs["label_b"], pairs["name_b"]))
    assert (pairs["n_documents"] == pairs["documents"].str.count(r"\|") + 1).all()
    people = names[names["label"] == "PERSON"]
    assert (people["roles"] != "").any()


def test_metrics_wide_is_the_pivot_of_series(sample_outdir):
    tables = cmp.compare([sample_outdir])
    long, series, wide = tables["metrics"], tables["series"], tables["metrics_wide"]
    assert (long["metric"] != "").all() and long["kind"].isin(["actual", "target", "estimate", "plan"]).all()
    assert list(series.columns) == list(cmp.SERIES_COLUMNS)
    assert len(wide) == 14 and {"year", "region", "admin_level", "issuer"} <= set(wide.columns)
    assert not series.duplicated(["doc_id", "metric", "kind", "unit"]).any()
    for r in series.itertuples():
        column = f"{r.metric}__{r.kind}__{cmp._slug(r.unit)}"
        row = wide[wide["doc_id"] == r.doc_id].iloc[0]
        assert row[column] == r.value and row[column + "__qualifier"] == r.qualifier
    assert textkit_series(sample_outdir).equals(series)


def textkit_series(outdir):
    import textkit

    return textkit.series(textkit.read(outdir))


# A government work report written for these tests: a five-year review with a baseline and an average,
# the past year's figures, this year's targets (and a restatement), and a five-year plan.
REPORT = (
    "2024年青岚县人民政府工作报告\n"
    "——2024年1月9日在青岚县第十八届人民代表大会第四次会议上\n县长　唐卫国\n各位代表：\n"
    "现在，我代表县人民政府向大会报告工作，请予审议。\n"
    "一、过去五年和2023年工作回顾\n"
    "五年来，全县地区生产总值从210亿元增加到305亿元，年均增长6.8%。\n"
    "2023年，全县地区生产总值增长6.1%，一般公共预算收入增长4.2%，城镇新增就业5200人。\n"
    "二、2024年工作安排\n"
    "今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，一般公共预算收入增长4%以上，城镇新增就业5000人以上。\n"
    "提出6%左右的增长目标，考虑了稳就业的需要。\n"
    "三、今后五年的目标\n"
    "今后五年，全县地区生产总值年均增长5.5%—6%。\n"
)


@pytest.fixture(scope="module")
def report_tables(tmp_path_factory):
    from textkit.batch import run_extract

    src = tmp_path_factory.mktemp("gwr")
    (src / "qinglan_2024.txt").write_text(REPORT, encoding="utf-8")
    out = tmp_path_factory.mktemp("gwr_out") / "gwr"
    run_extract([str(src)], out)
    return cmp.compare([out])


@pytest.mark.parametrize("metric, kind, value, value_max, qualifier, year", [
    ("gdp", "actual", 30_500_000_000, None, "", 2023),      # the level reached, not the baseline 210亿元
    ("gdp_growth", "actual", 6.1, None, "", 2023),          # the year's growth, not the five-year average
    ("gdp_growth", "target", 6, None, "左右", 2024),         # the stated target, not its restatement
    ("gdp_growth", "plan", 5.5, 6, "", 2024),
    ("urban_jobs", "actual", 5200, None, "", 2023),
    ("urban_jobs", "target", 5000, None, "以上", 2024),
])
def test_series_headline_figures(report_tables, metric, kind, value, value_max, qualifier, year):
    series = report_tables["series"]
    row = series[(series["metric"] == metric) & (series["kind"] == kind)]
    assert len(row) == 1, series[["metric", "kind", "text"]]
    row = row.iloc[0]
    assert row["value"] == value and (pd.isna(row["value_max"]) if value_max is None else row["value_max"] == value_max)
    assert row["qualifier"] == qualifier and pd.Timestamp(row["period_start"]).year == year
    assert (row["year"], row["region"], row["admin_level"]) == (2024, "青岚县", "county")


def test_series_leaves_out_baselines_and_averages(report_tables):
    series = report_tables["series"]
    assert not series["text"].isin(["210亿元", "6.8%"]).any()
    wide = report_tables["metrics_wide"].iloc[0]
    assert wide["gdp_growth__target__pct"] == 6 and wide["gdp_growth__target__pct__qualifier"] == "左右"
    assert wide["gdp_growth__plan__pct__max"] == 6 and wide["gdp__actual__yuan"] == 30_500_000_000


# Reports as archives hold them: an older one with a range target, a headless one with a yearless five-year
# review (its year comes from what the review reports on).
ARCHIVE_REPORTS = {
    "old.txt": ("政府工作报告\n——1995年3月5日在第八届全国人民代表大会第三次会议上\n国务院总理　李　鹏\n各位代表：\n"
                "现在，我代表国务院向大会作政府工作报告，请予审议。\n一、1994年的工作回顾\n"
                "1994年，国内生产总值达到43800亿元，比上年增长11.8%。五年来国内生产总值年均增长9.5%。\n"
                "二、1995年的主要任务\n今年的主要目标是：国内生产总值增长8%至9%。\n"),
    "headless.txt": ("各位代表：\n现在，我代表国务院，向大会报告过去五年政府工作，请予审议。\n一、过去五年工作回顾\n"
                     "过去五年，国内生产总值从26.6万亿元增加到51.9万亿元，年均增长9.3%。2012年，国内生产总值增长7.8%。\n"
                     "二、对今年政府工作的建议\n今年经济社会发展的主要预期目标是：国内生产总值增长7.5%左右。\n"),
}


@pytest.mark.parametrize("name, year, level, growth, target", [
    ("old.txt", 1995, 4.38e12, 11.8, (8, 9, "")),
    ("headless.txt", 2013, 51.9e12, 7.8, (7.5, None, "左右")),
])
def test_series_of_archived_reports(tmp_path, name, year, level, growth, target):
    from textkit.batch import run_extract

    (tmp_path / name).write_text(ARCHIVE_REPORTS[name], encoding="utf-8")
    run_extract([str(tmp_path / name)], tmp_path / "out")
    rows = cmp.compare([tmp_path / "out"])["series"].set_index(["metric", "kind"])
    assert (rows["year"] == year).all()
    assert rows.loc[("gdp", "actual"), "value"] == pytest.approx(level)
    assert rows.loc[("gdp_growth", "actual"), "value"] == growth
    assert pd.Timestamp(rows.loc[("gdp_growth", "actual"), "period_start"]).year == year - 1
    t = rows.loc[("gdp_growth", "target")]
    assert (t["value"], None if pd.isna(t["value_max"]) else t["value_max"], t["qualifier"]) == target
    assert pd.Timestamp(t["period_start"]).year == year


def test_series_of_several_runs_names_documents_run_slash_doc_id(sample_outdir, tmp_path):
    import shutil

    other = tmp_path / "again"
    shutil.copytree(sample_outdir, other)
    series = cmp.compare([sample_outdir, other])["series"]
    assert series["doc_id"].str.startswith(("sample/", "again/")).all()


# --------------------------------------------------------------------------- writing and arguments


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_written_tables_read_back(outdir, tmp_path, fmt):
    out = tmp_path / fmt
    tables = cmp.compare([outdir], out, fmt=fmt)
    for name in cmp.TABLE_NAMES:
        assert (out / f"{name}.{fmt}").exists()
    assert not list(out.glob("*.part"))
    if fmt == "csv":
        back = pd.read_csv(out / "reuse.csv", encoding="utf-8-sig", keep_default_na=False)
        assert back["text_a"].iloc[0] == tables["reuse"]["text_a"].iloc[0]
        raw = (out / "coverage.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw


@pytest.mark.parametrize(
    "value, expected",
    [(1390000000.0, "1390000000"), (0.125, "0.125"), (float("nan"), ""), (True, "true"), (7, "7"), (pd.NA, "")],
)
def test_plain_numbers(value, expected):
    assert cmp._plain(value) == expected


def test_formula_cells_are_neutralised(tmp_path):
    frame = pd.DataFrame({"term": ["=HYPERLINK(1)", "徐斌"], "n": [1, 2]})
    cmp.write_tables({"keywords": frame}, tmp_path)
    text = (tmp_path / "keywords.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "'徐斌" not in text


@pytest.mark.parametrize(
    "outdirs, kwargs, message",
    [
        ([], {}, "at least one"),
        (["/nonexistent/textkit-out"], {}, "not a folder"),
        (None, {"fmt": "xlsx"}, "unknown format"),
    ],
)
def test_bad_arguments(outdir, outdirs, kwargs, message):
    with pytest.raises(ValueError, match=message):
        cmp.compare([outdir] if outdirs is None else outdirs, **kwargs)


def test_run_names_are_unique(tmp_path):
    a, b = tmp_path / "x" / "out", tmp_path / "y" / "out"
    assert cmp._run_names([a, b, tmp_path / "z"]) == ["out", "out~2", "z"]


# --------------------------------------------------------------------------- exports for R, Stata and Excel


def test_stopwords_are_left_out_and_can_be_kept(outdir):
    text = "一是认真组织学习，二是进一步深入调研。我局坚持问题导向，我们扎实推进整改。"
    assert not {"一是", "二是", "认真", "进一步", "我局", "坚持", "我们"} & set(
        t for t in cmp.tokenize(text) if t not in cmp.stopwords())
    assert {"组织", "学习", "调研", "整改"} <= set(cmp.tokenize(text)) - cmp.stopwords()
    kept = cmp.compare([outdir], stop=False)["dtm_vocabulary"]["term"]
    dropped = cmp.compare([outdir])["dtm_vocabulary"]["term"]
    assert "进一步" in set(kept) and "进一步" not in set(dropped)
    own = cmp.compare([outdir], stop=["粮食"])["dtm_vocabulary"]["term"]
    assert "粮食" not in set(own) and "进一步" in set(own)


def test_dtm_long_and_matrix_market_read_back(outdir, tmp_path):
    from scipy import io as sio

    out = tmp_path / "cmp"
    tables = cmp.compare([outdir], out)
    long = pd.read_csv(out / "dtm_long.csv")
    assert list(long.columns) == ["doc_id", "term", "count"]
    matrix, vocab, docs = cmp.load_dtm(out)
    assert len(long) == matrix.nnz and long["count"].sum() == matrix.sum()
    row = {d: i for i, d in enumerate(docs["doc_id"])}
    col = {t: j for j, t in enumerate(vocab["term"])}
    for r in long.sample(20, random_state=0).itertuples():
        assert matrix[row[r.doc_id], col[r.term]] == r.count
    mm = sio.mmread(out / "dtm.mtx").tocsr()
    assert mm.shape == matrix.shape and (mm != matrix).nnz == 0
    rows = (out / "dtm_rows.txt").read_text(encoding="utf-8").splitlines()
    cols = (out / "dtm_columns.txt").read_text(encoding="utf-8").splitlines()
    assert rows == list(docs["doc_id"]) and cols == list(vocab["term"])
    assert tables["dtm_long"].equals(cmp.dtm_long_table(matrix, vocab, docs))


def test_dtm_long_names_documents_of_several_runs(outdir, tmp_path):
    tables = cmp.compare([outdir, outdir])
    assert tables["dtm_long"]["doc_id"].str.contains("/").all()
    assert tables["dtm_long"]["doc_id"].nunique() == 10


@pytest.mark.skipif(__import__("shutil").which("Rscript") is None, reason="R is not installed")
def test_r_reads_the_matrix_market_file(outdir, tmp_path):
    import subprocess

    out = tmp_path / "cmp"
    cmp.compare([outdir], out)
    script = (f'm <- Matrix::readMM("{out}/dtm.mtx"); rownames(m) <- readLines("{out}/dtm_rows.txt", encoding="UTF-8"); '
              'cat(nrow(m), ncol(m), sum(m))')
    done = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    matrix, _, _ = cmp.load_dtm(out)
    assert done.stdout.split() == [str(matrix.shape[0]), str(matrix.shape[1]), str(int(matrix.sum()))]


def test_dictionary_counts_per_document(outdir, tmp_path):
    path = tmp_path / "dict.txt"
    path.write_text("# attention\n粮食\t农业\n茶叶\t农业\n安全隐患\n不存在的词\n粮食\t重复\n", encoding="utf-8")
    entries = cmp.read_dictionary(path)
    assert entries == [("粮食", "农业"), ("茶叶", "农业"), ("安全隐患", "安全隐患"), ("不存在的词", "不存在的词")]
    table = cmp.compare([outdir], tmp_path / "cmp", dictionary=path)["dictionary"]
    assert len(table) == 5 * 4  # zeros included: a balanced panel
    count = table.set_index(["doc_id", "term"])["count"]
    assert count[("b_farm.txt", "粮食")] == 2 and count[("e_farm.txt", "茶叶")] == 1
    assert count[("a_school.txt", "安全隐患")] == 1 and count[("d_market.txt", "安全隐患")] == 1
    assert (table.loc[table["term"] == "不存在的词", "count"] == 0).all()
    assert (tmp_path / "cmp" / "dictionary.csv").exists()
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no terms"):
        cmp.read_dictionary(empty)


def test_kwic_gives_context_and_offsets(outdir):
    found = cmp.kwic([outdir], "安全隐患", window=5)
    assert list(found.columns) == list(cmp.KWIC_COLUMNS)
    assert sorted(found["doc_id"]) == ["a_school.txt", "d_market.txt"]
    for r in found.itertuples():
        text = (outdir / "texts" / f"{r.doc_id}.txt").read_text(encoding="utf-8")
        assert text[r.char_start:r.char_end] == r.match == "安全隐患"
        assert text[r.char_start - 5:r.char_start].replace("\n", " ") == r.left and r.section_id  # lines joined
    assert cmp.kwic([outdir], r"[一二三]、下一步", pattern=True)["match"].tolist() == ["三、下一步"] * 2
    assert cmp.kwic([outdir], "粮食", limit=1).shape[0] == 1


def test_cli_kwic_and_compare_options(outdir, tmp_path):
    from click.testing import CliRunner

    from textkit.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["kwic", str(outdir), "门诊量", "-w", "4"])
    assert result.exit_code == 0 and "【门诊量】" in result.output
    result = runner.invoke(main, ["kwic", str(outdir), "(", "--regex"])
    assert result.exit_code == 2 and "not a regular expression" in result.output
    path = tmp_path / "d.txt"
    path.write_text("粮食\n", encoding="utf-8")
    result = runner.invoke(main, ["compare", str(outdir), "-o", str(tmp_path / "c"), "--no-stopwords", "--dictionary", str(path)])
    assert result.exit_code == 0, result.output
    assert "进一步" in (tmp_path / "c" / "dtm_columns.txt").read_text(encoding="utf-8").splitlines()
    assert (tmp_path / "c" / "dictionary.csv").exists()


# The headline GDP figures of the dev government work reports, checked by hand against each report:
# (GDP level reached in year N-1, GDP growth of N-1, GDP growth target of N with its bound).
DEV_SERIES = {
    "003.txt": (2006, 18.23e12, 9.9, (8, None, "左右")),
    "004.txt": (2009, 30e12, 9, (8, None, "左右")),
    "007.txt": (2018, 82.7e12, 6.9, (6.5, None, "左右")),     # not 54万亿元 (2012) nor 7.1% (five-year average)
    "008.txt": (2021, 100e12, 2.3, (6, None, "以上")),
    "010.txt": (2026, 5.3e12, 5.5, (5, 5.5, "")),
    "011.txt": (2026, 4.93e12, 5.6, (5, None, "以上")),     # not 3.68万亿元 (the 2020 baseline)
}


@pytest.fixture(scope="module")
def dev_series(tmp_path_factory):
    from conftest import SHARED

    from textkit.batch import run_extract

    out = tmp_path_factory.mktemp("dev") / "dev"
    run_extract([str(SHARED / "corpus" / "dev" / name) for name in DEV_SERIES], out)
    return cmp.compare([out])["series"]


@pytest.mark.skipif(not (ROOT.parent / "shared" / "corpus").is_dir(), reason="../shared is not present on this machine")
@pytest.mark.parametrize("name", sorted(DEV_SERIES))
def test_dev_report_series(dev_series, name):
    year, level, growth, (target, target_max, qualifier) = DEV_SERIES[name]
    rows = dev_series[dev_series["doc_id"] == name].set_index(["metric", "kind"])
    assert rows.loc[("gdp", "actual"), "value"] == pytest.approx(level)
    assert rows.loc[("gdp_growth", "actual"), "value"] == pytest.approx(growth)
    t = rows.loc[("gdp_growth", "target")]
    assert (t["value"], None if pd.isna(t["value_max"]) else t["value_max"], t["qualifier"]) == (target, target_max, qualifier)
    assert pd.Timestamp(rows.loc[("gdp_growth", "actual"), "period_start"]).year == year - 1
    assert pd.Timestamp(t["period_start"]).year == year and (rows["year"] == year).all()


def test_section_similarity_leaves_out_footers_and_empty_preambles(tmp_path):
    from textkit.batch import run_extract

    footer = "报：区委办公室，区政府办公室\n抄送：各街道，各部门\n"
    body = "一、安全生产\n" + PLANTED + "\n"
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("甲局工作总结\n各位代表：\n" + body + footer, encoding="utf-8")
    (src / "b.txt").write_text("乙局工作总结\n各位代表：\n" + body + footer, encoding="utf-8")
    run_extract([str(src)], tmp_path / "out")
    tables = cmp.compare([tmp_path / "out"])
    sections = tables["section_similarity"]
    assert len(sections) and "distribution" not in set(sections["label"]) and "overview" not in set(sections["label"])


def _templated_corpus(n: int, tmp_path) -> Path:
    """n documents from one template: five shared sentences (names and figures changed) and one of their own."""
    from textkit.batch import run_extract

    src = tmp_path / "tpl"
    src.mkdir()
    places = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
    for i in range(n):
        p = places[i % len(places)] + places[(i // len(places)) % len(places)]
        template = "".join(  # shared sentences, each followed by two of the document's own
            f"{p}镇坚持把第{k}项重点工作摆在突出位置，成立工作专班，制定实施方案，明确责任分工和完成时限，确保各项任务落到实处。\n"
            f"{p}{k}村今年投入{i * 7 + j}万元，新建{p}{k}文化广场{i + j}处。\n"
            f"{p}{k}组修缮{i * 3 + j}户危房，栽种{p}{k}组行道树{i + j * 9}棵。\n"
            for j, k in enumerate("一二三四五"))
        (src / f"d{i:03d}.txt").write_text(
            f"{p}镇2023年工作总结\n{template}{p}镇今年还新修了{i + 3}条通村公路，方便了{p}村群众出行和农产品外运。\n",
            encoding="utf-8")
    run_extract([str(src)], tmp_path / "tpl_out")
    return tmp_path / "tpl_out"


def test_reuse_caps_keep_the_top_pairs_and_report_what_was_cut(tmp_path):
    corpus = cmp.load_corpus([_templated_corpus(12, tmp_path)])
    reuse, pairs, capped = cmp.reuse_tables(corpus, max_pairs_per_document=None, max_passages_per_pair=None)
    assert len(pairs) == 12 * 11 // 2 and capped.empty and (pairs["n_passages_dropped"] == 0).all()
    reuse3, pairs3, capped3 = cmp.reuse_tables(corpus, max_pairs_per_document=3, max_passages_per_pair=None)
    per_doc = Counter(list(pairs3["doc_id_a"]) + list(pairs3["doc_id_b"]))
    assert len(pairs3) <= 12 * 3 and min(per_doc.values()) >= 3
    assert len(capped3) == 12 and (capped3["n_partners"] == 11).all() and (capped3["n_partners_kept"] == 3).all()
    # each kept pair is as it was without caps
    full = reuse.set_index(["doc_id_a", "doc_id_b"])
    for r in reuse3.itertuples():
        assert ((full.loc[(r.doc_id_a, r.doc_id_b), "char_start_a"]) == r.char_start_a).any()
    assert (pairs["n_passages"] == 5).all()
    two = cmp.reuse_tables(corpus, max_pairs_per_document=None, max_passages_per_pair=2)
    assert (two[1]["n_passages"] == 2).all() and (two[1]["n_passages_dropped"] == 3).all()


def test_reuse_is_deterministic(tmp_path):
    corpus = cmp.load_corpus([_templated_corpus(8, tmp_path)])
    a = cmp.reuse_tables(corpus, max_pairs_per_document=2)
    b = cmp.reuse_tables(corpus, max_pairs_per_document=2)
    assert all(x.equals(y) for x, y in zip(a, b))


def test_a_passage_runs_on_over_one_changed_sentence(tmp_path):
    from textkit.batch import run_extract

    s1 = "全镇新建农村公路四十二公里，完成危桥改造六座，实现了村村通硬化路的目标，群众出行条件明显改善。"
    s2 = "全镇新增城乡居民医疗保险参保人员一千二百人，参保率达到百分之九十八，看病难问题得到缓解。"
    own_a = "东河村今年种植油菜三百亩，带动四十户农民增收，户均增加收入两千元。"  # one sentence changed
    own_b = "西岭村今年养殖肉牛八十头，建成标准化牛棚两座，年出栏肉牛六十头。"
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(f"甲镇工作总结\n{s1}{own_a}{s2}\n", encoding="utf-8")
    (src / "b.txt").write_text(f"乙镇工作总结\n{s1}{own_b}{s2}\n", encoding="utf-8")
    run_extract([str(src)], tmp_path / "out")
    reuse = cmp.compare([tmp_path / "out"])["reuse"]
    assert len(reuse) == 1 and reuse["n_sentences"].iloc[0] == 2
    assert reuse["text_a"].iloc[0].startswith(s1[:10]) and reuse["text_a"].iloc[0].endswith(s2[:-1])


def test_long_passages_are_cut_in_the_table_and_whole_by_offsets(tmp_path):
    from textkit.batch import run_extract

    long = "".join(f"第{i}条：全镇新建农村公路四十二公里，完成危桥改造六座，实现村村通硬化路，群众出行条件明显改善。" for i in range(12))
    src = tmp_path / "src"
    src.mkdir()
    for name in ("a", "b"):
        (src / f"{name}.txt").write_text(f"{name}镇工作总结\n{long}\n", encoding="utf-8")
    run_extract([str(src)], tmp_path / "out")
    row = cmp.compare([tmp_path / "out"])["reuse"].iloc[0]
    text = (tmp_path / "out" / "texts" / "a.txt.txt").read_text(encoding="utf-8")
    assert row.char_end_a - row.char_start_a > cmp.MAX_PASSAGE_TEXT
    assert row.text_a == text[row.char_start_a:row.char_start_a + cmp.MAX_PASSAGE_TEXT] + "…"
