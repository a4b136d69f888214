"""Canonical names: the fullest name the document uses for the *same* body or business.

- A body's short form names the same body as a full name when the full name is the short one written
  out: an optional leading place or 中共 (金山, 中共金山), the level kept as it is (区, 市), and every
  other character of the short form starting a stretch of the full one, the last stretch being the
  head written out (委 → 委员会, 办 → 办公室, 府 → 政府):
  区经委 ~ 金山区经济委员会, 市国资委 ~ 市国有资产监督管理委员会, 区政府 ~ 金山区人民政府.
  A sub-unit is another body: 区委 is not 区委办公室, 区经委 is not 区经委党组, 市国资委 is not
  市国资委党委, and 区委 (the Party committee) is not 区经济委员会.
- A company's short form names the same business as a full name that contains it, or whose core (the
  name without place and legal form) contains its core, unless the full name is a branch
  (…分公司, …支行, …办事处).
- User aliases (``name<TAB>label<TAB>canonical``) win.

Ties are broken by a fixed rule: the longest full name, then the most frequent in the document, then
the earliest — never by set or dict order, so the same input gives the same bytes in every process.

>>> same_body("区经委", "金山区经济委员会"), same_body("区委", "区委办公室")
(True, False)
"""

from __future__ import annotations

from collections import Counter

import regex

from .candidates import Candidate
from .lexicons import resources

_HEAD_FORMS = {  # the last characters of a short form → how a full name writes them
    "政府": ("人民政府", "政府"), "政协": ("政协", "政治协商会议"), "人大": ("人大", "人民代表大会"),
    "委": ("委", "委员会"), "办": ("办", "办公室", "办事处"), "府": ("府",), "局": ("局",), "部": ("部",),
    "厅": ("厅",), "院": ("院",), "会": ("会", "委员会"), "署": ("署",), "处": ("处",), "协": ("协", "协商会议"),
    "大": ("大", "代表大会"),
}
_LEVELS = ("自治区", "自治州", "自治县", "街道", "省", "市", "区", "县", "镇", "乡", "州")
_PREFIX_BAD = regex.compile(r"[委办局部厅院会组府署处党]")
_COMPANY_STRIP = regex.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团公司|集团|总公司|公司)$")
_BRANCH = regex.compile(r"(?:分公司|子公司|分行|支行|分理处|营业部|办事处|分厂|事业部|党委|党支部|工会)$")


def _expands(short: str, full: str) -> bool:
    """``full`` is ``short`` written out (see the module docstring); both start with the same character."""
    if not short or not full or short[0] != full[0]:
        return False
    for n in (2, 1):
        tail = short[-n:]
        for head in _HEAD_FORMS.get(tail, (tail,) if n == 1 else ()):
            if full.endswith(head) and _stretches(short[:-n], full[: len(full) - len(head)]):
                return True
    return False


def _stretches(short: str, full: str) -> bool:
    """``full`` splits into len(short) stretches, stretch i starting with short[i]; a level stays alone."""
    if not short:
        return not full
    if not full or full[0] != short[0]:
        return False
    level = next((lv for lv in _LEVELS if short.startswith(lv)), "")
    if level:  # a level is not abbreviated: 区 stays 区
        return full.startswith(level) and _stretches(short[len(level):], full[len(level):])
    if len(short) == 1:
        return not _PREFIX_BAD.search(full, 1)  # a stretch holds no head of another body (国资|委党 ✗)
    nxt = short[1]
    return any(full[k] == nxt and not _PREFIX_BAD.search(full, 1, k) and _stretches(short[1:], full[k:])
               for k in range(1, len(full)))


def same_body(short: str, full: str) -> bool:
    """Whether the government body ``short`` is the same body as ``full`` written more fully."""
    if short == full or len(short) >= len(full):
        return False
    for k in range(0, min(len(full) - len(short), 8) + 1):
        prefix = full[:k]
        if k and (_PREFIX_BAD.search(prefix) or not short.startswith(_LEVELS) and not prefix.startswith("中共")
                  and not resources().place_starting(prefix) and prefix not in ("国家", "中共中央")):
            continue
        if _expands(short, full[k:]):
            return True
    return False


def _company_core(name: str) -> str:
    core = _COMPANY_STRIP.sub("", name)
    place = resources().place_starting(core)
    if place and len(core) - len(place) >= 2:
        core = core[len(place):]
        core = core[1:] if core[:1] in "省市" and len(core) > 3 else core
    return core


def same_business(short: str, full: str) -> bool:
    """Whether the business ``short`` is ``full`` (百特 ~ 上海百特医疗用品有限公司), never a branch of it."""
    if short == full or len(short) >= len(full):
        return False
    if _BRANCH.search(full) and not _BRANCH.search(short):
        return False
    core = _company_core(short)
    return short in full or len(core) >= 2 and core in _company_core(full)


def canonicals(text: str, ents: list[Candidate]) -> dict[tuple[int, int], str]:
    """The canonical name of every entity (see the module docstring)."""
    counts: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], int] = {}
    for c in ents:
        key = (c.label, text[c.start:c.end])
        counts[key] += 1
        first.setdefault(key, c.start)
    by_label: dict[str, list[str]] = {}
    for label, name in sorted(counts, key=lambda k: (-len(k[1]), -counts[k], first[k])):
        by_label.setdefault(label, []).append(name)  # best first: longest, most frequent, earliest
    declared = {(c.label, text[c.start:c.end]): c.canonical for c in ents if c.rule == "user_lexicon" and c.canonical}
    out: dict[tuple[int, int], str] = {}
    memo: dict[tuple[str, str], str] = {}
    for c in ents:
        t = text[c.start:c.end]
        key = (c.label, t)
        if c.canonical:
            out[c.span] = c.canonical
            continue
        if key not in memo:
            best = declared.get(key, "")
            if not best and c.label in ("ORG_GOV", "ORG_COMPANY"):
                test = same_body if c.label == "ORG_GOV" else same_business
                best = next((f for f in by_label[c.label] if test(t, f)), "")
                best = declared.get((c.label, best), best)
            memo[key] = best or t
        out[c.span] = memo[key]
    return out
