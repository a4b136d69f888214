"""What a figure measures: the indicator phrase from its clause and parse, its change, its canonical metric.

The indicator is the noun phrase in the figure's own clause that names what is counted or measured,
with its defining modifiers, read from the document's one tagging pass (jieba POS):

- the counted noun right after a figure wins (12个基层党组织 → 基层党组织; 3家企业落户 → 企业);
- else the noun phrase that ends the clause before the figure (城镇居民人均可支配收入15781元; 召开座谈会8次
  → 召开座谈会; 全省生产总值从2020年的3.68万亿元 → 全省生产总值), never a verb of an earlier clause;
- else a count of actions takes the verb phrase after it (三次提高出口退税率 → 提高出口退税率) and a count
  with only a status after it that status (其中1项已完成 → 已完成);
- else the phrase of the figure's clause group (财政收入6.13万亿元，增长19.5% → 财政收入).  分别 lists pair
  each figure with its own item (事故起数、死亡人数分别下降12.5%和8.1%), and a group of figures without a
  noun takes the phrases of as many figures before it (城镇…收入15781元，农村…收入4761元，实际增长8.4%和8%).

Indicators are always one contiguous span of the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

import regex

from ..tokenizer import Tagging
from ._lexicon import Lexicon
from .reading import Candidate

__all__ = ["ASIDE", "Reading", "read_indicators"]

_CLAUSE_DELIMS = "。！？!?\n；;，,：:"
_SENTENCE_DELIMS = "。！？!?\n；;"
_SENTENCE_DELIM_RE = regex.compile(r"[。！？!?\n；;][^。！？!?\n；;]*$")
_RIGHT_DELIMS = _CLAUSE_DELIMS + "（）()"
_NOMINAL_TAGS = frozenset("n nr ns nt nz ng nrt nrfg nrf vn an j eng b a ad l g k h s z x".split())
_NUMERAL_CHARS = frozenset("0123456789.%％零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟")
_CHANGE_NOUNS = frozenset("增幅 增速 涨幅 降幅 减幅 增长率 增长速度".split())
_MEASURE_NOUNS = frozenset("强度 规模 总额 总量 比重 占比 比例 增速 增幅 水平 额 率 结构".split())
_HEAD_VERBS = frozenset("投入 投资 收入 支出".split())
_NOUN_END = frozenset("数率额量值比重")
_LINK_CHARS = frozenset("为是达拟约超近按")
_ORG_END = regex.compile(r"(?:公司|集团|银行|厂)$")
_TIME_UNITS = frozenset("年 年度 月 月份 季度 日 天 周".split())
#: how a figure was computed, between its subject and its verb: 国内生产总值按可比价格计算增长9.1%
#: (按2000年价格计算 names no period either)
ASIDE = regex.compile(r"[按以][^，,；;。！？\n]{1,12}?计算|扣除价格因素(?:后)?|剔除\p{Han}{1,8}?因素(?:后)?")
_COUNTED_UNITS = ("count", "measure", "bare", "currency")
_VERBAL_UNITS = frozenset("次 轮 遍 回 趟 批次 轮次".split())
_GROWTH_WORD = regex.compile(r"增速|增幅|增长|涨幅|降幅")
_PEOPLE_TAIL = regex.compile(r"(人次|人数|人口|人员|户数|户)$")
_COMPARISON_TAIL = regex.compile(
    r"(实际|名义|平均|年均|均|要|将|再|年内|分别)*(同比|比上年同期|比去年同期|比上年|比去年|较上年|较去年|比\d{4}年)?(实际|名义|平均|年均|均)*$"
)
_JOINER = regex.compile(r"\s*(?:[、,，和及与]|以及)?\s*")


class _Tok(NamedTuple):
    start: int
    end: int
    word: str
    tag: str
    cls: str  # nom, verb (a role verb), v (another verb), de, list, conj, quote, open, close, head, lead, link, time, adv, stop, num, func


@dataclass(frozen=True)
class Reading:
    """The indicator, change and metric read for one candidate figure."""

    indicator: str
    change: str
    metric: str
    unit: str


def _cls(word: str, tag: str, lex: Lexicon) -> str:
    roles = lex.roles.get(word, frozenset())
    if word in ("、",):
        return "list"
    if word in ("和", "及", "与", "以及"):
        return "conj"
    if word == "的":
        return "de"
    if word in ("“", "”", "‘", "’", "\"", "《", "》"):
        return "quote"
    if word in ("(", "（"):
        return "open"
    if word in (")", "）"):
        return "close"
    if word[0] == "每" and 2 <= len(word) <= 4 and tag[:1] in ("r", "t", "m", "l", "d"):
        return "time"  # 每人每年, 每月: a rate's denominator, not what is measured
    if "stop" in roles and not ({"verb", "head"} & roles):
        return "stop"
    for role in ("time", "lead", "link", "adv", "verb", "head"):
        if role in roles:
            return role
    if word in lex.change_words:
        return "nom" if tag[:1] == "n" else "link"  # 涨幅, 增速 name the measure; 增长 is its verb
    t = tag[:1]
    if t == "m" or t == "q":
        return "num" if any(c in _NUMERAL_CHARS for c in word) else "nom"
    if tag in _NOMINAL_TAGS or t in ("n",):
        if word.strip() and not any(c.isalnum() or "\u4e00" <= c <= "\u9fff" for c in word):
            return "func"  # punctuation tagged x
        return "nom"
    if t == "v":
        return "v"
    return "func"


def _tokens(tagging: Tagging, a: int, b: int, lex: Lexicon) -> list[_Tok]:
    """The words of ``text[a:b]`` (clipped at both ends), classified for phrase building."""
    out: list[_Tok] = []
    asides = [m.span() for m in ASIDE.finditer(tagging.text, a, b)]
    for s, e, w, tag in tagging.words(a, b):
        s, e = max(s, a), min(e, b)
        if e <= s or any(x < e and s < y for x, y in asides):
            continue
        word = tagging.text[s:e]
        if not word.strip():
            continue
        if len(word) == 2 and word[0] in _NOUN_END and word[1] in _LINK_CHARS and tag[:1] in ("p", "v", "c", "d"):
            # jieba's 数为, 率拟, 额达: a noun's last character glued to the link word after it
            out.append(_Tok(s, s + 1, word[0], "n", "nom"))
            out.append(_Tok(s + 1, e, word[1], tag, "link"))
            continue
        cls = _cls(word, tag, lex)
        prev = out[-1] if out and out[-1].end == s else None
        if len(word) == 1 and word in "率额量值数" and tag[:1] in ("v", "n") and prev is not None and prev.cls == "nom":
            cls, tag = "nom", "n"  # 财政赤字|率 (率 tagged v): the suffix of the noun before
        if prev is not None and prev.cls == "num" and (
            (cls == "nom" and len(word) == 1 and tag[:1] in ("m", "q")) or word in _TIME_UNITS
        ):
            cls = "num"  # 2020年, 3个, 9月份: the measure word of a number
        out.append(_Tok(s, e, word, tag, cls))
    return out


def clause_start(text: str, i: int, floor: int) -> int:
    """Start of the clause that ends at ``i``: after the last ，；：。 or an unclosed opening parenthesis."""
    a, depth = i, 0
    while a > floor and i - a < 80:
        ch = text[a - 1]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            if depth == 0:
                break
            depth -= 1
        elif ch in _CLAUSE_DELIMS and depth == 0:
            break
        a -= 1
    return a


def _right_end(text: str, i: int, limit: int) -> int:
    b = i
    while b < limit and text[b] not in _RIGHT_DELIMS and b - i < 40:
        b += 1
    return b


#: words of a figure's kind that end its clause (生产总值预计增长5%, 经济增长预期目标为8%): not what is measured;
#: the nouns only before a link word (为, 定为) or after 预期
_KIND_VERBS = frozenset("预计 预期 力争 争取 力求".split())
_KIND_NOUNS = frozenset("目标 预期目标 增长目标".split())
_STRIP_RIGHT = frozenset("func num de list conj link lead time adv open stop".split())


_NOUNISH = frozenset(("nom", "quote", "head"))


def _matching_open(toks: Sequence[_Tok], k: int) -> int:
    """Index of the parenthesis that opens the one closing at ``k`` (or -1)."""
    depth = 0
    while k >= 0:
        depth += toks[k].cls == "close"
        depth -= toks[k].cls == "open"
        if depth == 0:
            return k
        k -= 1
    return -1


def left_phrase(toks: Sequence[_Tok]) -> tuple[int, int] | None:
    """The noun phrase that ends the clause ``toks`` (the words before a figure)."""
    toks = list(toks)
    end_at: int | None = None
    linked = False
    while toks:
        t = toks[-1]
        if t.cls == "close":  # a parenthesis right before the figure belongs to the phrase: 铅锌精矿(金属量)34812吨
            k = _matching_open(toks, len(toks) - 1)
            if k <= 0:
                toks.pop()
                continue
            end_at = end_at or t.end
            toks = toks[:k]
            continue
        if t.cls == "time" and len(toks) > 1 and toks[-2].word == "占":
            break  # 占全区36%: the base of a share
        if t.word == "比" and len(toks) > 1 and toks[-2].word == "占":
            break  # 占比 (cut 占/比)
        # 生产总值预计增长5%; 经济增长的预期目标定为8% (but 完成年度目标的102%, 超过年度目标1.2个百分点)
        goal = t.word in _KIND_NOUNS and (linked or (len(toks) > 1 and toks[-2].word in _KIND_VERBS))  # 预期|目标
        kind_word = (t.word in _KIND_VERBS or goal) and any(
            x.cls in _NOUNISH and x.word not in _KIND_VERBS | _KIND_NOUNS for x in toks[:-1]
        )
        linked = linked or t.cls == "link"
        if t.cls in _STRIP_RIGHT or kind_word or (t.cls == "quote" and t.word in "“‘《\""):
            toks.pop()
            end_at = None
            continue
        break
    if not toks:
        return None
    head = toks[-1]
    if head.cls == "v" or (head.cls == "verb" and head.word not in _HEAD_VERBS):
        k = len(toks) - 2
        while k > 0 and toks[k].cls in ("time", "adv"):
            k -= 1
        if k >= 0 and toks[k].cls in _NOUNISH:
            toks = toks[: k + 1]  # 贫困村退出22个 → 贫困村; 养老金人均每月新增110元 → 养老金人均
            head = toks[-1]
            end_at = None
    share_base = head.cls == "time" and len(toks) > 1 and toks[-2].word == "占"
    if head.cls not in ("nom", "quote", "head", "verb", "v") and not share_base and not (head.word == "比" and len(toks) > 1):
        return None
    i = len(toks) - 1
    crossed_de = False
    while i > 0:
        t, right = toks[i - 1], toks[i]
        left = toks[i - 2] if i >= 2 else None
        if right.word in _HEAD_VERBS and _ORG_END.search(t.word):
            break  # 华润置地有限公司投资2.3亿元: the investor is not what is measured
        if t.cls in _NOUNISH:
            i -= 1
        elif t.cls == "close" and (k := _matching_open(toks, i - 1)) > 0 and toks[k - 1].cls in _NOUNISH:
            i = k  # 省直部门(单位)厅级以上党员干部
        elif t.cls in ("v", "stop") and not crossed_de and (
            right.cls in _NOUNISH | {"v"} or (right.cls in ("list", "conj") and left is not None and left.cls in _NOUNISH)
        ):
            i -= 1  # a verb inside a compound noun: 农机具购置补贴, 粮食直补、…, 增加值占规上工业比重
        elif t.cls in ("list", "conj") and left is not None and (left.cls in _NOUNISH or left.cls == "v") and right.cls in _NOUNISH | {"v"}:
            i -= 1
        elif t.cls == "adv" and (left is None or left.cls in _NOUNISH) and right.cls in _NOUNISH:
            i -= 1  # PM2.5平均浓度, 平均分数, 实际利用外资
        elif t.word in ("以上", "以下") and left is not None and left.cls in _NOUNISH and right.cls in _NOUNISH:
            i -= 1  # 厅级以上党员干部
        elif t.cls == "de" and left is not None and left.cls in ("nom", "quote") and not crossed_de:
            crossed_de = True
            i -= 1
        elif t.cls == "verb" and t.word in _HEAD_VERBS and left is not None and left.cls in _NOUNISH and right.word in _MEASURE_NOUNS:
            i -= 1  # 研发经费投入强度, 固定资产投资规模: a noun before a measure noun (but 街道投入资金)
        elif t.cls == "verb" and not crossed_de:
            i -= 1  # 召开座谈会, 投入资金: the verb names what is counted
            break
        elif t.word == "占" and right.cls in _NOUNISH | {"time"} | {"func"}:
            i -= 1  # 可再生能源占电力装机比重, 占全区
        else:
            break
    while i < len(toks) - 1 and toks[i].cls in ("list", "conj", "de", "time", "lead", "close"):
        i += 1
    if toks[i].cls in ("list", "conj", "de", "time", "lead") or (i == len(toks) - 1 and toks[i].cls == "adv"):
        return None
    if all(t.cls == "nom" and t.word in _CHANGE_NOUNS for t in toks[i:]):
        return None  # 同比增幅达65%: the measure of a change, not what changes
    start = toks[i].start
    end = end_at if end_at is not None else toks[-1].end
    return start, end


_RIGHT_NOUN = frozenset(("nom", "quote", "head"))


_MAGNITUDE = frozenset("万元 亿元 千万元 百万元 十亿元 百亿元 千亿元 万亿元".split())


def _right_noun(t: _Tok, nxt: _Tok | None = None) -> bool:
    if t.cls in _RIGHT_NOUN:
        return True
    # 8家全国重点实验室, 100户亿元重点企业, 8.4万名县处级以上领导干部: modifiers of the noun that follows
    modifier = (t.cls == "time" and t.tag[:1] == "n") or t.tag == "t" or t.word in _MAGNITUDE or t.word in ("以上", "以下")
    return modifier and nxt is not None and nxt.cls in _RIGHT_NOUN


def right_phrase(toks: Sequence[_Tok]) -> tuple[int, int] | None:
    """The counted noun right after a figure: 名全程参与学实活动的代表参加讨论会 → 代表; 栋楼宇拔地而起 → 楼宇."""
    if not toks:
        return None

    def noun(j: int) -> bool:
        return _right_noun(toks[j], toks[j + 1] if j + 1 < len(toks) else None)

    if not noun(0) and toks[0].cls not in ("v", "time"):
        return None
    # a relative clause (参与学实活动的代表, 区领导来街道调研提出的工作): the head noun comes after its 的
    k, verb = 0, False
    for j, t in enumerate(toks if not noun(0) else ()):
        if t.cls == "de":
            if verb:
                k = j + 1
            break
        if t.cls in ("func", "link", "lead") and t.word not in ("以上", "以下"):
            break
        verb = verb or t.cls in ("v", "stop")
    if k == 0 and not noun(0) and not (toks[0].cls == "v" and len(toks) > 1 and toks[1].cls in _RIGHT_NOUN):
        return None
    if toks[k].cls == "quote" and toks[k].word in "“‘《\"":  # “重油炼化…建设”项目: the name and its category noun
        close = next((j for j in range(k + 1, len(toks)) if toks[j].cls == "quote" and toks[j].word in "”’》\""), None)
        if close is None:
            return None
        end = close + 1 if close + 1 < len(toks) and noun(close + 1) else close
        return toks[k].start, toks[end].end
    j = k
    while j < len(toks):
        t = toks[j]
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        if j > k and t.tag[:1] == "l" and len(t.word) >= 4:
            break  # 成员紧紧围绕…: a set phrase after the noun is the predicate
        if noun(j):
            j += 1
        elif t.cls == "v" and j == k and nxt is not None and nxt.cls in _RIGHT_NOUN:
            j += 1  # 4组健身路径; after a noun, a verb is the predicate (企业落户河北, 工作涉及本区)
        elif t.cls in ("list", "conj") and j > k and nxt is not None and nxt.cls in _RIGHT_NOUN:
            j += 1
        else:
            break
    if j == k or toks[j - 1].cls == "v" or (j - 1 > k and toks[j - 1].cls == "time"):
        return None
    return toks[k].start, toks[j - 1].end


def _after_de(toks: Sequence[_Tok]) -> tuple[int, int] | None:
    """The noun a figure modifies: 7.5%左右的|增长目标, 6.5%的|增速."""
    j = 0
    while j < len(toks) and toks[j].cls in ("nom", "link", "v", "stop", "verb", "head", "quote") and toks[j].word not in _KIND_VERBS:
        j += 1
    while j > 0 and toks[j - 1].cls != "nom" and toks[j - 1].word not in _CHANGE_NOUNS | {"增长"}:
        j -= 1
    return (toks[0].start, toks[j - 1].end) if j else None


def right_verb_phrase(toks: Sequence[_Tok]) -> tuple[int, int] | None:
    """What a count of actions counts: 三次提高出口退税率 → 提高出口退税率."""
    if not toks or toks[0].cls in ("de", "num", "list", "conj", "quote", "open", "close"):
        return None
    if not any(t.cls in ("v", "verb", "lead", "link", "stop") or t.tag[:1] == "l" for t in toks[:3]):
        return None
    if not any(t.cls in _RIGHT_NOUN for t in toks[1:]):
        return None
    return toks[0].start, toks[-1].end


def right_status(toks: Sequence[_Tok]) -> tuple[int, int] | None:
    """A status that is all a count has: 其中1项已完成 → 已完成, 4项推进顺利 → 推进顺利."""
    if not toks or len(toks) > 4 or toks[0].cls in ("nom", "quote", "de", "list", "conj", "num", "open", "close"):
        return None
    if not any(t.cls in ("v", "verb", "lead", "link", "stop") for t in toks):
        return None
    return toks[0].start, toks[-1].end


def split_list(text: str, tagging: Tagging, span: tuple[int, int], lex: Lexicon) -> list[tuple[int, int]]:
    """The items of a coordinated phrase: 事故起数、死亡人数 → 事故起数 | 死亡人数."""
    toks = _tokens(tagging, span[0], span[1], lex)
    items, start = [], span[0]
    for t in toks:
        if t.cls == "list" or (t.cls == "conj" and t.start - start >= 3 and span[1] - t.end >= 3):
            items.append((start, t.start))
            start = t.end
    items.append((start, span[1]))
    return [(a, b) for a, b in items if b > a]


def _strip_tail(s: str, words: Sequence[str]) -> str:
    changed = True
    while changed and s:
        changed = False
        for w in words:
            if w and s.endswith(w):
                s = s[: -len(w)]
                changed = True
    return s


def change_of(left: str, lex: Lexicon) -> str:
    """``increase``/``decrease`` when the clause before a figure makes it a change (增长9%, 下降3%), else ``""``."""
    core = _strip_tail(
        left.rstrip(),
        ("了", "达到", "达", "为", "约", "幅度", "分别", "至少", "均", "要", "将", "再", "目标", "预期", "定", "设定", "确定"),
    )  # 增长目标定为8%左右: a change too
    level = core.endswith(("到", "至"))
    if level:
        core = core[:-1]
    for w, ch in lex.change:
        if core.endswith(w):
            return "" if level else ch
    return ""


def _straddles(m: regex.Match[str], bounds: frozenset[int]) -> bool:
    """Whether a match cuts two words, taking the tail of one and the head of the next (新建|议事点 holds 建议)."""
    a, b = m.span()
    return a not in bounds and b not in bounds and any(a < k < b for k in bounds)


def metric_of(
    indicator: str, unit: str, unit_kind: str, change: str, lex: Lexicon, bounds: frozenset[int] | None = None
) -> str:
    """The canonical metric of an indicator (``stats_metrics.tsv``, documented in docs/metrics.md), or ``""``.

    ``bounds`` holds the indicator's word boundaries (offsets into it); a pattern that cuts two words
    does not match (社区计划新建议事点 is not 建议).

    >>> lex = __import__("textkit.statistics._lexicon", fromlist=["lexicon"]).lexicon()
    >>> metric_of("单位地区生产总值能耗", "%", "percent", "decrease", lex), metric_of("经济增长", "%", "percent", "", lex)
    ('energy_intensity', 'gdp_growth')
    """
    if not indicator:
        return ""
    growth = unit in ("%", "百分点", "倍") and (bool(change) or _GROWTH_WORD.search(indicator) is not None)
    for pat, metric, scope in lex.metrics:
        if scope == "level" and growth or scope == "growth" and not growth:
            continue
        if scope == "money" and (growth or change or unit_kind != "currency"):
            continue
        if scope == "count" and (growth or not unit or unit_kind not in ("count", "bare")):
            continue  # a figure without a unit is never a count
        if scope == "rate" and unit not in ("%", "‰", "百分点"):
            continue
        if scope == "persons" and (growth or unit not in _PEOPLE_UNITS):
            continue
        if any(bounds is None or not _straddles(m, bounds) for m in pat.finditer(indicator)):
            return "" if scope == "none" else metric
    return ""


def _bounds(tagging: Tagging, a: int, b: int) -> frozenset[int]:
    """The word boundaries of ``text[a:b]``, as offsets into it."""
    return frozenset(k - a for k in range(a, b + 1) if tagging.is_boundary(k))


_PARTICIPATE = regex.compile(r"(?:参加|参与|出席|列席|参会|与会|报名|报考|参训|受训)")
#: the people of a relative clause of taking part: 参加培训的干部
_PARTICIPANTS_OF = regex.compile(_PARTICIPATE.pattern + r"\p{Han}{0,10}的")
_PEOPLE_UNITS = frozenset("人 名 人次 位".split())


def read_indicators(text: str, tagging: Tagging, cands: Sequence[Candidate], lex: Lexicon) -> list[Reading]:
    """Indicator, change, metric and unit of every candidate (in order), from the document's tagging."""
    spans: list[tuple[int, int] | None] = []
    changes: list[str] = []
    lefts: list[int] = []
    for i, c in enumerate(cands):
        floor = cands[i - 1].end if i > 0 else 0
        a = clause_start(text, c.start, floor)
        lefts.append(a)
        changes.append(change_of(text[a : c.start], lex))
        nxt = cands[i + 1].start if i + 1 < len(cands) else len(text)
        right = _tokens(tagging, c.end, _right_end(text, c.end, nxt), lex)
        left = _tokens(tagging, a, c.start, lex)
        span = None
        if c.unit_kind in _COUNTED_UNITS and (c.unit_kind != "currency" or (right and right[0].cls in ("nom", "quote"))):
            span = right_phrase(right)
        if span is None:
            span = left_phrase(left)
            if span is not None and text[span[0] : span[1]].rstrip("到至") in lex.change_words:
                span = None  # 由上年的21.7%降到14.8%: the second figure takes the first's phrase
        if right and right[0].cls == "de" and (span is None or all(t.cls in ("v", "verb", "lead") for t in left if span[0] <= t.start)):
            # 提出7.5%左右的增长目标: a figure that modifies the noun after it, with only a verb before
            span = _after_de(right[1:]) or span
        if span is None and c.unit in _VERBAL_UNITS:
            span = right_verb_phrase(right)
        if span is None and c.unit_kind == "count":
            span = right_status(right)
        spans.append(span)
    shared = _fill_from_group(text, tagging, cands, spans, lefts, lex, changes)
    out = []
    for i, (c, span, change, a) in enumerate(zip(cands, spans, changes, lefts)):
        indicator = text[span[0] : span[1]] if span else ""
        unit = c.unit
        if c.unit_kind == "bare" and not unit:
            um = _PEOPLE_TAIL.search(indicator)
            if um:  # 参保人数7359万: the unit is certain
                unit = {"人数": "人", "人口": "人", "人员": "人", "户数": "户"}.get(um.group(1), um.group(1))
        metric = metric_of(indicator, unit, c.unit_kind, change, lex, _bounds(tagging, *span) if span else None)
        if not metric and indicator.startswith("占") and out and out[-1].indicator and lefts[i] <= cands[i - 1].end + 2:
            # 全国财政赤字9500亿元，占国内生产总值比重3%: a share takes its subject from the figure before
            metric = metric_of(out[-1].indicator + indicator, unit, c.unit_kind, change, lex)
        if not metric and indicator:
            metric = metric_of(text[a : c.start], unit, c.unit_kind, change, lex, _bounds(tagging, a, c.start))
        if i in shared and indicator:
            # 单位国内生产总值能耗和二氧化碳排放分别降低13.5%、18%: a later item shares the first's modifiers
            first = shared[i]
            head = max((w[0] for w in tagging.words(*first) if first[0] < w[0] < first[1]), default=first[0])
            metric = metric_of(text[first[0] : head] + indicator, unit, c.unit_kind, change, lex) or metric
        after = span[1] if span is not None and span[0] >= c.end else c.end
        if unit in _PEOPLE_UNITS and metric in ("", "people", "party_members") and (
            _PARTICIPATE.match(text, after) or _PARTICIPANTS_OF.search(text, a, c.start)
        ):
            metric = "participants"  # 900人参加, 8.4万名领导干部参加, 参加培训的干部达360人次
        out.append(Reading(indicator, change, metric, unit))
    _split_urban_rural(text, cands, lefts, out)
    return out


_INCOME_METRICS = frozenset(("disposable_income", "urban_income", "rural_income"))


def _joined(text: str, cands: Sequence[Candidate], i: int) -> bool:
    """Whether figure ``i + 1`` follows figure ``i`` in one group (增长8.4%和8%)."""
    return i + 1 < len(cands) and _JOINER.fullmatch(text, cands[i].end, cands[i + 1].start) is not None


def _split_urban_rural(text: str, cands: Sequence[Candidate], lefts: Sequence[int], out: list[Reading]) -> None:
    """城乡居民人均可支配收入分别增长4.6%和5.8% (or 20217元和9005元): a pair of 城乡 figures is urban, then rural."""
    for i in range(len(out) - 1):
        if i > 0 and _joined(text, cands, i - 1):
            continue  # the pair starts a group
        r, nxt = out[i], out[i + 1]
        if (
            r.metric in _INCOME_METRICS
            and r.indicator == nxt.indicator
            and "城乡" in r.indicator
            and _joined(text, cands, i)
            and not _joined(text, cands, i + 1)
        ):
            out[i], out[i + 1] = replace(r, metric="urban_income"), replace(nxt, metric="rural_income")


def _sentence_start(text: str, i: int) -> int:
    floor = max(0, i - 400)
    m = _SENTENCE_DELIM_RE.search(text, floor, i)
    return m.start() + 1 if m else floor


def _fill_from_group(
    text: str,
    tagging: Tagging,
    cands: Sequence[Candidate],
    spans: list[tuple[int, int] | None],
    lefts: Sequence[int],
    lex: Lexicon,
    changes: list[str],
) -> dict[int, tuple[int, int]]:
    """Figures without a phrase of their own take one from their clause group; 分别 lists are paired.

    A group is a run of figures joined by 、 和 ， only (增长8.4%和8%): its members share the change of
    the first.  Returns the first item of each later member of a 分别 list."""
    shared: dict[int, tuple[int, int]] = {}
    i = 0
    while i < len(cands):
        j = i + 1
        while j < len(cands) and _JOINER.fullmatch(text, cands[j - 1].end, cands[j].start) and text[cands[j - 1].end : cands[j].start].strip() != "":
            if not changes[j]:
                changes[j] = changes[i]
            j += 1
        group = list(range(i, j))
        own = spans[i]
        if own is not None and len(group) > 1 and "分别" in text[lefts[i] : cands[i].start]:
            items = split_list(text, tagging, own, lex)
            if len(items) == len(group):
                for k, item in zip(group, items):
                    spans[k] = item
                    shared[k] = items[0]
                del shared[i]
                i = j
                continue
        if own is None:
            sent = _sentence_start(text, cands[i].start)
            k = i - 1
            while k >= 0 and cands[k].start >= sent:
                k -= 1
            before = [spans[m] for m in range(k + 1, i) if spans[m] is not None]
            distinct: list[tuple[int, int]] = []
            for s in before:
                if s is not None and (not distinct or text[s[0] : s[1]] != text[distinct[-1][0] : distinct[-1][1]]):
                    distinct.append(s)
            if not distinct and lefts[i] > sent:
                # 提供助学金，每人每年1500元: a rate whose clause names only its denominator takes the clause before
                own_words = _tokens(tagging, lefts[i], cands[i].start, lex)
                if own_words and all(t.cls in ("time", "adv", "func") for t in own_words):
                    prev = left_phrase(_tokens(tagging, clause_start(text, lefts[i] - 1, sent), lefts[i] - 1, lex))
                    if prev is not None:
                        distinct.append(prev)
            if len(group) > 1 and len(distinct) >= len(group):
                for k, s in zip(group, distinct[-len(group) :]):
                    if spans[k] is None:
                        spans[k] = s
            elif distinct:
                for k in group:
                    if spans[k] is None:
                        spans[k] = distinct[-1]
        else:
            for k in group[1:]:
                if spans[k] is None:
                    spans[k] = own
        i = j
    return shared
