"""Reading figures: a numeral, its qualifier, range and unit at one position of the text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import regex

from ..numerals import CN_DIGITS, CN_UNITS, MAX_EXPONENT, RANGE_SEPARATORS, parse_number, parse_range
from ._lexicon import Lexicon

_MULT_CHARS = "".join(CN_UNITS)
_MULT_TAIL = regex.compile(r"[" + _MULT_CHARS + r"]+$")
_TRAILING_LINK = regex.compile(r"(为|是|达到|达|了)$")
_SPACE = " \u3000\u00a0"
#: 8 .8 %, 8. 8%: a decimal point with spaces (text extracted from PDFs), before a percent sign
_SPACED_DECIMAL = regex.compile(r"[ \u3000\u00a0]{0,2}\.[ \u3000\u00a0]{0,2}(\d+)(?=[ \u3000\u00a0]{0,2}[%％‰])")


@dataclass
class Candidate:
    start: int  # qualifier included
    end: int  # unit and suffix qualifier included
    num_start: int
    num_end: int
    value: Decimal
    value_max: Decimal | None
    unit: str
    unit_kind: str
    qualifier: str


def blocked_mask(text: str, exclude: Sequence[tuple[int, int]], lex: Lexicon) -> bytearray:
    mask = bytearray(len(text))

    def mark(a: int, b: int) -> None:
        a, b = max(0, a), min(len(text), b)
        if b > a:
            mask[a:b] = b"\x01" * (b - a)

    for a, b in exclude:
        mark(int(a), int(b))
    if lex.names is not None:
        for m in lex.names.finditer(text, overlapped=True, timeout=10):
            mark(m.start(), m.end())
    for m in lex.quoted.finditer(text, timeout=10):
        mark(m.start() + 1, m.end() - 1)
    return mask


def _is_cn(s: str) -> bool:
    return any(c in CN_DIGITS or c in CN_UNITS for c in s) and not any(c.isdigit() for c in s)


def _skip_spaces(text: str, pos: int, most: int = 2) -> int:
    k = pos
    while k < len(text) and text[k] in _SPACE and k - pos < most:
        k += 1
    return k


def _match_unit(text: str, pos: int, lex: Lexicon) -> tuple[str, str, str] | None:
    """(surface, unit, kind) of the longest unit at ``pos``."""
    for n in range(min(lex.unit_max, len(text) - pos), 0, -1):
        u = lex.units.get(text[pos : pos + n])
        if u is not None:
            return text[pos : pos + n], u[0], u[1]
    return None


#: 十八届人大三次会议, 十届政协二次会议: the session number of a congress is an ordinal
_SESSION_OF = regex.compile(r"届(?:人大|政协|党代会|人代会|全委会|纪委|委员会|常委会|职代会|团代会)$")


def _ordinal_before(text: str, i: int) -> bool:
    """Whether the numeral starting at ``i`` is an ordinal: 第四, 四届三次, 第二、三期."""
    if i <= 0:
        return False
    prev = text[i - 1]
    if prev in "第届" or _SESSION_OF.search(text, max(0, i - 12), i):
        return True
    if prev in "、和及至到-—" and i >= 2:
        j = i - 1
        while j > 0 and (text[j - 1] in CN_DIGITS or text[j - 1] in CN_UNITS or text[j - 1].isdigit() or text[j - 1] in "次"):
            j -= 1
        return j < i - 1 and j > 0 and text[j - 1] in "第届"
    return False


def _parse_value(num: str) -> tuple[Decimal, Decimal | None] | None:
    try:
        return parse_number(num), None
    except ValueError:
        pass
    try:
        lo, hi = parse_range(num)
    except ValueError:
        return None
    return (lo, hi) if hi > lo else None


def read_candidate(text: str, m: regex.Match[str], lex: Lexicon, mask: bytearray) -> Candidate | None:
    """A candidate statistic at the numeral match ``m``, or ``None``."""
    s0 = m.start()
    num = m.group("num")
    pct = bool(m.group("pct"))
    ns, ne = m.start("num"), m.end("num")
    prev = text[s0 - 1] if s0 > 0 else "\n"
    # --- context before the number
    if prev and (prev.isascii() and prev.isalnum()):
        return None  # PM2.5, G20
    if prev in ".·•:：/" and s0 >= 2 and text[s0 - 2].isdigit():
        return None  # 10:55, 1·26, 2019.3
    if prev == "前" or text[max(0, s0 - 2) : s0] == "若干" or (prev == "年" and text.startswith("期", m.end())):
        return None  # 前三位, 若干
    if _ordinal_before(text, s0):
        return None
    cn = _is_cn(num)
    if cn:
        if prev == "几" or (prev == "数" and (s0 < 2 or text[s0 - 2] not in "人户次件总个位")):
            return None  # 几十个, 数百人 (but 人数一百零六人 is a figure)
        if prev in "高初" and len(num) == 1 and (s0 < 2 or text[s0 - 2] not in "提升最较更"):
            return None  # 高三支部, 初二: school grades
        if not any(c in CN_DIGITS for c in num) and num[0] not in "十拾":
            return None  # bare 百/千/万/亿: 百家企业, 万亿级
        if all(c in CN_DIGITS for c in num) and len(num) > 1 and any(CN_DIGITS[c] == 0 for c in num):
            return None  # 二〇〇九: a year or code read digit by digit
    # --- a multiplier char that belongs to the unit: 1669万千瓦, 3千克
    if num[-1] in "千百十" and len(num) > 1:
        um = _match_unit(text, ne - 1, lex)
        if um is not None and um[0][0] == num[-1]:
            num, ne = num[:-1], ne - 1
    if not cn and "." not in num and not pct and (sp := _SPACED_DECIMAL.match(text, ne)) and sp.end() - ne > len(sp.group(1)) + 1:
        num, ne = num + "." + sp.group(1), sp.end()
    qualifier = ""
    mid = ""
    if any(c in "多余" for c in num):
        mid = "多" if "多" in num else "余"
        num = num.replace("多", "").replace("余", "")
    parsed = _parse_value(num)
    if parsed is None:
        return None
    value, value_max = parsed
    if cn and value == 0:
        return None
    pos = ne
    # 多/余 after the number, then more multipliers (三十多万, 1800余名, 7万多小时)
    if pos < len(text) and text[pos] in "多余":
        mid = mid or text[pos]
        pos += 1
        k = pos
        while k < len(text) and text[k] in "万亿":
            k += 1
        if k - pos > 4:
            return None  # 三十多亿亿亿…: not a number
        if k > pos:
            for c in text[pos:k]:
                value *= CN_UNITS[c]
            pos = k
    has_mult = any(c in "万亿萬億" for c in text[ns:pos])
    # --- range: 3-5个, 6%—7%, 三至五年, 3万-5万元
    if value_max is None:
        p = _skip_spaces(text, pos)
        p = p + 1 if (p < len(text) and text[p] in "%％") else pos
        p = _skip_spaces(text, p)
        for sep in RANGE_SEPARATORS:
            if text.startswith(sep, p):
                m2 = lex.core.match(text, _skip_spaces(text, p + len(sep)))
                if m2 is None or m2.group("pct"):
                    break
                n2 = m2.group("num")
                if _is_cn(n2) != cn or any(c in "多余" for c in n2):
                    break
                v2 = _parse_value(n2)
                if v2 is None or v2[1] is not None:
                    break
                hi = v2[0]
                if not any(c in _MULT_CHARS for c in num) and any(c in _MULT_CHARS for c in n2):
                    mult = Decimal(1)
                    tail = _MULT_TAIL.search(n2)  # 3-5万: the upper end's multipliers
                    for c in tail.group() if tail else "":
                        mult *= CN_UNITS[c]
                    value *= mult
                if hi > value:
                    value_max = hi
                    pos = m2.end()
                    has_mult = has_mult or any(c in "万亿" for c in n2)
                break
    if any(v is not None and v != 0 and v.adjusted() > MAX_EXPONENT for v in (value, value_max)):
        return None
    # --- unit
    if pct:
        unit, kind = "%", "percent"
    else:
        um = _match_unit(text, pos, lex)
        if um is None and (k := _skip_spaces(text, pos)) > pos:
            um = _match_unit(text, k, lex)  # 8 %, 35.49 %: a spaced percent sign or 个百分点
            if um is not None and um[2] in ("percent", "points"):
                pos = k
            else:
                um = None
        if um is not None:
            surface, unit, kind = um
            if kind == "none":
                return None
            pos += len(surface)
        else:
            unit, kind = "", ""
    if not unit:
        before = text[max(0, s0 - 6) : s0]
        before = _TRAILING_LINK.sub("", before)
        if has_mult:
            kind = "bare"
        elif not cn and before.endswith(("分", "分数", "得分")):
            unit, kind = "分", "score"
        elif not cn and before.endswith("率") and value <= 100:
            unit, kind = "%", "percent"
        else:
            return None
    # --- what follows
    nxt = text[pos] if pos < len(text) else ""
    if nxt and nxt.isascii() and nxt.isalpha() and kind != "percent":
        return None  # 5G, 3D
    if nxt in ":：·" and pos + 1 < len(text) and text[pos + 1].isdigit():
        return None
    if cn:
        if (nxt in CN_DIGITS or nxt in "“‘「\"") and kind in ("count", "bare"):
            return None  # 三个一, 一户一档, 三个“十条”: a slogan
        if value == 1 and value_max is None and num in ("一", "壹", "幺") and kind not in ("multiple", "currency", "measure"):
            return None  # 一个, 一项, 一次: an article, not a count
        if num == "二" and kind == "count":
            return None  # 二轮, 二村: 二 before a measure word is an ordinal (a count says 两)
        if kind == "count" and text.startswith(lex.structural, pos):
            return None  # 六个方面, 三个阶段
        if kind == "count" and unit == "个" and nxt == "大":
            return None
        if unit == "分" and not (s0 > 0 and text[s0 - 1] in "得扣加满考"):
            return None  # 十分 (very), 三分天下: a score is written in digits
    # --- qualifiers
    start = s0
    for q in lex.prefix_q:
        if text.startswith(q, s0 - len(q)) and s0 - len(q) >= 0:
            qualifier = q
            start = s0 - len(q)
            break
    end = pos
    for q in lex.suffix_q:
        if q in "多余":
            continue
        if text.startswith(q, pos):
            qualifier = qualifier or q
            end = pos + len(q)
            break
    qualifier = qualifier or mid
    if any(mask[ns:ne]):
        return None
    return Candidate(start, end, ns, ne, value, value_max, unit, kind, qualifier)
