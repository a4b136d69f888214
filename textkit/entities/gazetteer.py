"""Build the gazetteer of enterprise short names (``resources/ent_company_names.txt``) from public NER data.

Short business names — a bank's 招行, a steel maker's 宝钢, a brand — carry no legal form, so the
form rules cannot find them; news-trained models miss them too.  This gazetteer lists the company
names of *training* splits of public NER data (CLUENER2020 ``company``), keeping only names that can
stand alone in a report: two to eight Han characters, not a common word of jieba's dictionary (民生,
华夏 and 光大 are words first), not a place, a title or a generic kind (商业银行, 博彩公司, 外资行), not
a branch (…分行, …信用卡中心), and seen at least twice or long enough to be unambiguous (two-character names three times).

Rebuild it (never from test or dev splits)::

    python -m textkit.entities.gazetteer ../shared/data/ner/cluener-train.jsonl > textkit/resources/ent_company_names.txt
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import regex

from .lexicons import resources

_HAN = regex.compile(r"\p{Han}{2,8}")
_BRANCH = regex.compile(
    r"(?:分行|支行|分公司|子公司|信用卡中心|营业部|办事处|分理处|事业部|中心|总部|总行|部|所|处|网|社|台|报|频道|论坛|讯"
    r"|编辑部|团队|工作室|项目|地区|机构|局|组织|新闻|解密)$"
)  # branches, and news outlets, which are no businesses in textkit's scheme
_FORM = regex.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|总公司|公司|银行|行|厂|社)$")
_GENERIC = regex.compile(
    r"^(?:某|该|本|我|国有|民营|外资|中外资|中资|商业|信托|证券|博彩|网络|游戏|保险|投资|农村|城市|村镇|小额|公交|二手"
    r"|新型|法人|储户|自助|摇号|股份制|跨国|金融|航空|电信|邮票|炒汇|环球)|一家"
)


def candidate_names(paths: Iterable[str | Path], label: str = "ORG_COMPANY") -> Counter[str]:
    """How often each ``label`` mention text occurs in the JSONL NER files ``paths``."""
    counts: Counter[str] = Counter()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                for e in json.loads(line).get("entities", ()):
                    if e.get("label") == label:
                        counts[e["text"].strip()] += 1
    return counts


def keep(name: str, count: int) -> bool:
    """Whether ``name`` (seen ``count`` times) can stand alone as a company short name."""
    r = resources()
    if not _HAN.fullmatch(name) or _BRANCH.search(name) or _GENERIC.search(name):
        return False
    core = _FORM.sub("", name)
    if len(core) < 2:
        core = name  # 招行, 工行: a bank's short name is all brand
    place = r.place_starting(core)
    if place:
        core = core[len(place):].lstrip("省市")
    if len(core) < 2 or core in r.nobrand or _GENERIC.search(core) or r.ordinary(core):
        return False  # 商业银行, 博彩公司, 上海市外资行: a kind of business; 民生, 光大: words first
    if name in r.place_set or r.place_starting(name) == name or name in r.titles or name in r.common_names:
        return False
    freq, tag = r.jieba_freq.get(name, (0, ""))
    if freq >= 50 and tag not in ("nt", "nz"):
        return False
    if len(name) == 2:
        return count >= 3  # two characters are ambiguous unless the data uses them often (宝钢, 汇丰)
    return count >= 2 or len(name) >= 4


def build(paths: Sequence[str | Path]) -> list[str]:
    """The sorted short names kept from ``paths`` (see :func:`keep`)."""
    return sorted(n for n, c in candidate_names(paths).items() if keep(n, c))


def main(argv: Sequence[str] | None = None) -> None:
    paths = list(argv if argv is not None else sys.argv[1:])
    if not paths or any("test" in Path(p).name or "dev" in Path(p).name and "cluener" in Path(p).name for p in paths):
        raise SystemExit("usage: python -m textkit.entities.gazetteer TRAIN.jsonl... (training splits only)")
    names = build(paths)
    print("# Enterprise short names (ORG_COMPANY), one a line: company mentions of public NER training data")
    print("# (" + ", ".join(Path(p).name for p in paths) + "), filtered by textkit.entities.gazetteer.keep.")
    print("# Rebuild: python -m textkit.entities.gazetteer ../shared/data/ner/cluener-train.jsonl")
    for n in names:
        print(n)


if __name__ == "__main__":
    main()
