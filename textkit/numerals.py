"""Chinese and Arabic numerals to exact :class:`~decimal.Decimal` values.

Pure functions, no state.  Every written form that work reports use is read:

>>> parse_number("十万零一千")
Decimal('101000')
>>> parse_number("13.9亿")
Decimal('1390000000')
>>> parse_number("壹拾万"), parse_number("两"), parse_number("八点八")
(Decimal('100000'), Decimal('2'), Decimal('8.8'))
>>> parse_range("三四十")
(Decimal('30'), Decimal('40'))

Words that merely contain a numeral character (进一步, 一致, 万无一失) are not
numerals: :func:`parse_number` raises :class:`ValueError` for them.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import regex

__all__ = [
    "MAX_EXPONENT",
    "MAX_NUMERAL_CHARS",
    "CN_DIGITS",
    "CN_UNITS",
    "NUMERAL_PATTERN",
    "RANGE_SEPARATORS",
    "normalize_decimal",
    "parse_number",
    "parse_range",
]

CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
CN_UNITS: dict[str, int] = {**_SMALL_UNITS, **_BIG_UNITS}
_ABBREV = {"廿": "二十", "卅": "三十", "卌": "四十"}

_CN_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS) + "".join(_ABBREV)
_MULT_CHARS = "".join(CN_UNITS)

#: The longest numeral read (characters, after stripping): longer runs of digits are codes or garbage.
MAX_NUMERAL_CHARS = 40
#: The largest power of ten a value may reach (10**20 is 1万亿亿): 投资1亿亿亿亿亿元 is not a number.
MAX_EXPONENT = 20

#: Separators of a written range: 3-5个, 6%—7%, 6.5%－7%, 5%~5.5%, 三至五年 (every dash and hyphen).
RANGE_SEPARATORS = ("——", "--", "-", "—", "–", "－", "―", "‐", "‑", "‒", "−", "﹣", "~", "～", "〜", "∼", "至", "到")

#: A regex fragment for one numeral (no groups, possessive, so it never backtracks):
#: Arabic with optional thousands separators and decimals, optionally followed by
#: 多/余 and multipliers (1.2万, 30多万, 1万6千, 1亿3千多万), or a run of Chinese numeral characters
#: with an optional 点 fraction (三百二十, 十万零一千, 八点八).
NUMERAL_PATTERN = (
    r"(?:(?:\d{1,3}(?:,\d{3}(?!\d))++|\d++)(?:\.\d++)?+"
    r"(?:[多余]?+[" + _MULT_CHARS + r"]++(?:\d++(?:\.\d++)?+(?=[多余]?+[" + _MULT_CHARS + r"]))?+)*+"
    r"|[" + _CN_CHARS + r"]++(?:点[" + "".join(CN_DIGITS) + r"]++[" + _MULT_CHARS + r"]*+)?+)"
)

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}
_FULLWIDTH.update({ord("．"): ord("."), ord("，"): ord(","), ord("％"): ord("%"), ord("－"): ord("-")})

_ARABIC = regex.compile(r"(?:\d{1,3}(?:,\d{3})++|\d++)(?:\.\d++)?+")
_ARABIC_MULT = regex.compile(r"((?:\d{1,3}(?:,\d{3})++|\d++)(?:\.\d++)?+)([" + _MULT_CHARS + r"]++)")


def normalize_decimal(value: Decimal) -> Decimal:
    """``value`` without trailing zeros or an exponent: ``1.39E+9`` → ``1390000000``, ``15.30`` → ``15.3``.

    >>> normalize_decimal(Decimal("1.39E+9"))
    Decimal('1390000000')
    """
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    if value == 0:
        return Decimal(0)
    sign, digits, exp = value.as_tuple()
    while exp < 0 and digits and digits[-1] == 0:  # strip trailing fractional zeros
        digits = digits[:-1]
        exp += 1
    if exp > 0:
        digits = digits + (0,) * exp
        exp = 0
    return Decimal((sign, digits, exp))


def _ctx() -> decimal.Context:
    # enough precision that no arithmetic here ever rounds (multipliers only add zeros)
    return decimal.Context(prec=1_000_000, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def _digits_positional(s: str) -> Decimal:
    """二〇〇九 → 2009 (a string of digit characters read one by one)."""
    return Decimal("".join(str(CN_DIGITS[c]) for c in s))


def _section(s: str) -> Decimal:
    """A Chinese numeral below 万 (or an Arabic number), e.g. 三千零五, 十五, 3541.07."""
    if not s:
        raise ValueError("empty numeral section")
    if _ARABIC.fullmatch(s):
        return Decimal(s.replace(",", ""))
    total = Decimal(0)
    num: Decimal | None = None
    last_unit: int | None = None
    zero_since_unit = False
    prev_digit = False
    i = 0
    while i < len(s):
        c = s[i]
        if c.isdigit() and c.isascii():
            m = _ARABIC.match(s, i)
            assert m is not None
            if num is not None:
                raise ValueError(f"two numbers in a row in {s!r}")
            num = Decimal(m.group().replace(",", ""))
            i = m.end()
            prev_digit = True
            continue
        if c in CN_DIGITS:
            d = CN_DIGITS[c]
            if d == 0:
                zero_since_unit = True
                if num is not None:
                    raise ValueError(f"misplaced 零 in {s!r}")
                prev_digit = False
            else:
                if prev_digit:
                    raise ValueError(f"two digits in a row in {s!r} (a range?)")
                num = Decimal(d)
                prev_digit = True
        elif c in _SMALL_UNITS:
            u = _SMALL_UNITS[c]
            if last_unit is not None and u >= last_unit:
                raise ValueError(f"units out of order in {s!r}")
            if num is None:
                if u != 10 or (total != 0 and not zero_since_unit):
                    raise ValueError(f"unit without a digit in {s!r}")
                num = Decimal(1)  # 十五 = 15, 一百零十 reads 110
            total += num * u
            num = None
            last_unit = u
            zero_since_unit = False
            prev_digit = False
        else:
            raise ValueError(f"not a numeral character {c!r} in {s!r}")
        i += 1
    if num is not None:
        if last_unit is not None and last_unit > 10 and not zero_since_unit and num < 10:
            total += num * (last_unit // 10)  # 三百五 = 350, 一千二 = 1200
        else:
            total += num
    return total


def _integer(s: str) -> Decimal:
    """A whole Chinese (or mixed) numeral with 万/亿: 十万零一千, 2万亿, 3万5千."""
    if not s:
        raise ValueError("empty numeral")
    for big, size in (("亿", 10**8), ("億", 10**8), ("万", 10**4), ("萬", 10**4)):
        i = s.find(big)
        if i < 0:
            continue
        head, tail = s[:i], s[i + 1 :]
        # 2万亿: the multipliers after the first big unit stack up
        hv = _integer(head) if head else Decimal(1)
        while tail and tail[0] in _BIG_UNITS:
            size *= _BIG_UNITS[tail[0]]
            tail = tail[1:]
        value = hv * size
        if tail:
            if tail[0] in "零〇○":
                value += _integer(tail.lstrip("零〇○"))
            elif len(tail) == 1 and tail in CN_DIGITS:
                value += CN_DIGITS[tail] * (size // 10)  # 一万五 = 15000, 一亿二 = 1.2亿
            else:
                low = _integer(tail)
                if low >= size:
                    raise ValueError(f"lower part too large in {s!r}")
                value += low
        return value
    return _section(s)


def parse_number(s: str) -> Decimal:
    """The exact value of one numeral, normalised (no exponent).

    Arabic (``1,234.5``, full-width ``１２３``), Chinese (``三百二十``, ``两``,
    ``十万零一千``), capital (``壹拾万``), positional (``二〇〇九``), mixed
    (``2.3亿``, ``3541.07万``, ``3万5千``), decimals (``八点八``) and percentages,
    which give the fraction (``百分之十五`` and ``15%`` → ``0.15``).

    Raises :class:`ValueError` for anything else, including words that contain
    numeral characters (``进一步``, ``一致``) and vague ranges (``三四十``, see
    :func:`parse_range`).

    >>> parse_number("3541.07万")
    Decimal('35410700')
    >>> parse_number("1,234")
    Decimal('1234')
    """
    if not isinstance(s, str):
        raise ValueError(f"not a string: {s!r}")
    t = s.strip().translate(_FULLWIDTH)
    for k, v in _ABBREV.items():
        t = t.replace(k, v)
    if not t:
        raise ValueError("empty numeral")
    if len(t) > MAX_NUMERAL_CHARS:
        raise ValueError(f"numeral too long ({len(t)} characters)")
    with decimal.localcontext(_ctx()):
        sign = 1
        if t[0] in "-负":
            sign, t = -1, t[1:]
        elif t[0] == "+":
            t = t[1:]
        percent = False
        if t.startswith("百分之"):
            percent, t = True, t[3:]
        elif t.endswith("%"):
            percent, t = True, t[:-1]
        if not t:
            raise ValueError(f"not a numeral: {s!r}")
        value = _parse_unsigned(t, s)
        if value != 0 and value.adjusted() > MAX_EXPONENT:
            raise ValueError(f"numeral too large (10^{value.adjusted()}): {s[:20]!r}")
        if percent:
            value = value / 100
        return normalize_decimal(value * sign)


def _parse_unsigned(t: str, orig: str) -> Decimal:
    if _ARABIC.fullmatch(t):
        return Decimal(t.replace(",", ""))
    m = _ARABIC_MULT.fullmatch(t)
    if m:  # 13.9亿, 1.2万, 5千万
        value = Decimal(m.group(1).replace(",", ""))
        for c in m.group(2):
            value *= CN_UNITS[c]
        return value
    if "点" in t:
        head, _, frac = t.partition("点")
        mult = 1
        while frac and frac[-1] in CN_UNITS:
            mult *= CN_UNITS[frac[-1]]
            frac = frac[:-1]
        if not frac or any(c not in CN_DIGITS for c in frac):
            raise ValueError(f"not a numeral: {orig!r}")
        int_part = _parse_unsigned(head, orig) if head else None
        if int_part is None:
            raise ValueError(f"not a numeral: {orig!r}")
        return Decimal(f"{int_part}.{''.join(str(CN_DIGITS[c]) for c in frac)}") * mult
    if any(not (c in CN_DIGITS or c in CN_UNITS or (c.isascii() and (c.isdigit() or c in ".,"))) for c in t):
        raise ValueError(f"not a numeral: {orig!r}")
    if all(c in CN_DIGITS for c in t) and len(t) > 1:
        # 二〇〇九, 一九九八: digits read one by one (three or more, or with a zero);
        # two different digits (三四) are a vague range, not a number
        if len(t) >= 3 or any(CN_DIGITS[c] == 0 for c in t):
            return _digits_positional(t)
        raise ValueError(f"two digits in a row (a range?): {orig!r}")
    if t in _BIG_UNITS or t in ("百", "佰", "千", "仟"):
        return Decimal(CN_UNITS[t])  # a bare multiplier: 万 = 10000
    return _integer(t)


def parse_range(s: str) -> tuple[Decimal, Decimal]:
    """The two ends of a range: ``3-5`` → (3, 5), ``三四十`` → (30, 40), ``十五六`` → (15, 16).

    A single number gives the same value twice.  Raises :class:`ValueError` when
    ``s`` is not a numeral or a range.

    >>> parse_range("二三百")
    (Decimal('200'), Decimal('300'))
    """
    t = s.strip().translate(_FULLWIDTH)
    for sep in RANGE_SEPARATORS:
        if sep in t:
            a, _, b = t.partition(sep)
            lo, hi = parse_number(a), parse_number(b)
            return lo, hi
    try:
        v = parse_number(t)
        return v, v
    except ValueError:
        pass
    # 三四十, 七八, 十五六, 二三百万: two adjacent ascending digits
    for i in range(len(t) - 1):
        a, b = t[i], t[i + 1]
        if a in CN_DIGITS and b in CN_DIGITS and 0 < CN_DIGITS[b] - CN_DIGITS[a] <= 2 and CN_DIGITS[a] > 0:
            lo = parse_number(t[: i + 1] + t[i + 2 :])
            hi = parse_number(t[:i] + t[i + 1 :])
            if lo < hi:
                return lo, hi
    raise ValueError(f"not a numeral or range: {s!r}")
