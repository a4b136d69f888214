"""Table tests for textkit.numerals: every written form of a number, and what is not one."""

from __future__ import annotations

from decimal import Decimal

import pytest
import regex

from textkit.numerals import NUMERAL_PATTERN, normalize_decimal, parse_number, parse_range

NUMBERS = [
    # Arabic
    ("8", "8"),
    ("2009", "2009"),
    ("15.3", "15.3"),
    ("0.5", "0.5"),
    ("1,234", "1234"),
    ("12,345,678.9", "12345678.9"),
    ("１２３", "123"),  # full-width digits
    ("９．６", "9.6"),
    # Chinese
    ("一", "1"),
    ("两", "2"),
    ("十", "10"),
    ("十五", "15"),
    ("二十", "20"),
    ("一百零五", "105"),
    ("三百二十", "320"),
    ("三百五", "350"),  # colloquial: 三百五十
    ("一千二", "1200"),
    ("两千", "2000"),
    ("一千零一", "1001"),
    ("十万", "100000"),
    ("十万零一千", "101000"),  # cn2an gets this wrong
    ("一万五", "15000"),
    ("三亿五千万", "350000000"),
    ("廿五", "25"),
    ("二〇〇九", "2009"),  # positional
    ("一九九八", "1998"),
    # capital
    ("壹拾万", "100000"),
    ("叁佰贰拾", "320"),
    ("玖仟玖佰玖拾玖", "9999"),
    # mixed
    ("2.3亿", "230000000"),
    ("13.9亿", "1390000000"),
    ("3541.07万", "35410700"),
    ("1.2万", "12000"),
    ("2万亿", "2000000000000"),
    ("3.68万亿", "3680000000000"),
    ("5千万", "50000000"),
    ("3万5千", "35000"),
    ("1亿3千万", "130000000"),
    # decimals in Chinese
    ("八点八", "8.8"),
    ("三点五亿", "350000000"),
    ("零点五", "0.5"),
    # percentages give the fraction
    ("百分之十五", "0.15"),
    ("15%", "0.15"),
    ("百分之2.5", "0.025"),
    # signs
    ("-3.5", "-3.5"),
    ("负五", "-5"),
]


@pytest.mark.parametrize("text, expected", NUMBERS)
def test_parse_number(text: str, expected: str) -> None:
    value = parse_number(text)
    assert value == Decimal(expected)
    assert str(value) == expected  # normalised: no exponent, no trailing zeros


NOT_NUMBERS = [
    "",
    "   ",
    "进一步",  # cn2an turns this into 进1步
    "一致",
    "统一",
    "万无一失",
    "千方百计",
    "全国两会",
    "十七大",
    "三四",  # a vague range, see parse_range
    "三四十",
    "一十十",
    "十百",
    "1.2.3",
    "3-5",
    "百分之",
    "abc",
    "2009年",
    "多",
    "一" * 30 + "万" * 40,  # too long to be a real numeral
]


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_parse_number_rejects_non_strings() -> None:
    with pytest.raises(ValueError):
        parse_number(12)  # type: ignore[arg-type]


RANGES = [
    ("3-5", ("3", "5")),
    ("6%—7%", ("0.06", "0.07")),
    ("三至五", ("3", "5")),
    ("三四十", ("30", "40")),
    ("七八", ("7", "8")),
    ("十五六", ("15", "16")),
    ("二三百", ("200", "300")),
    ("三五", ("3", "5")),
    ("8", ("8", "8")),
]


@pytest.mark.parametrize("text, expected", RANGES)
def test_parse_range(text: str, expected: tuple[str, str]) -> None:
    assert parse_range(text) == (Decimal(expected[0]), Decimal(expected[1]))


@pytest.mark.parametrize("text", ["进一步", "三九", "五三", ""])
def test_parse_range_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_range(text)


@pytest.mark.parametrize(
    "value, expected",
    [("1.39E+9", "1390000000"), ("15.30", "15.3"), ("0E-5", "0"), ("-0", "0"), ("2.5E+4", "25000"), ("100", "100")],
)
def test_normalize_decimal(value: str, expected: str) -> None:
    assert str(normalize_decimal(Decimal(value))) == expected


def test_normalize_decimal_rejects_nan() -> None:
    with pytest.raises(ValueError):
        normalize_decimal(Decimal("NaN"))


def test_decimal_arithmetic_is_exact() -> None:
    # 1.57 * 10000 in binary floating point is 15699.999999999998
    assert parse_number("1.57万") == Decimal("15700")
    assert parse_number("0.1亿") + parse_number("0.2亿") == Decimal("30000000")


PATTERN_CASES = [
    ("投资13.9亿元", "13.9亿"),
    ("日均新设1万6千多户", "1万6千"),
    ("30多万个基层组织", "30多万"),
    ("十万零一千人", "十万零一千"),
    ("八点八亿", "八点八亿"),
    ("1,234人", "1,234"),
]


@pytest.mark.parametrize("text, expected", PATTERN_CASES)
def test_numeral_pattern(text: str, expected: str) -> None:
    m = regex.search(NUMERAL_PATTERN, text)
    assert m is not None and m.group() == expected


# absurd lengths and exponents are not numbers (issue 15): no exception but ValueError, bounded time
ABSURD = ["9" * 5000, "一二三" * 1000, "1" + "亿" * 5000, "1" + "万亿" * 3000, "1." + "5" * 10000 + "亿", "1亿亿亿", "9" * 41]


@pytest.mark.parametrize("text", ABSURD)
def test_absurd_numerals_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_limits_keep_real_figures() -> None:
    assert parse_number("9" * 20) == Decimal("9" * 20)
    assert parse_number("1亿亿") == Decimal(10**16)  # 1亿亿 = 10^16 is still a number
    assert parse_number("130万亿") == Decimal(130 * 10**12)
