"""Chinese filters a template can use: dates as 2026年11月23日, 一、/（一）numbering,
percentages, 万元 amounts and 发文字号 with 〔〕. Each raises ValueError with a Chinese
reason when the value cannot be shown; the engine names the template around it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from ..cn.dates import chinese_date
from ..cn.doc_number import format_doc_number
from .typeset import fit_scale, title_lines

DIGITS = "零一二三四五六七八九"


class CnDate(dt.date):
    """A date that prints as 2026年11月23日 (what `{{ p.deadline }}` shows)."""

    def __str__(self) -> str:
        return chinese_date(self)

    @classmethod
    def of(cls, value: dt.date) -> CnDate:
        return cls(value.year, value.month, value.day)


def as_date(value: Any) -> dt.date:
    """A date from a date, datetime, 20261123, "2026-11-23", "2026/11/23", "2026.11.23"
    or "2026年11月23日"."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text) or re.fullmatch(
        r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?", text
    )
    if m is None:
        raise ValueError(f"“{text}”不是日期，请写成 2026-11-23 或 20261123 的形式")
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ValueError(f"“{text}”不是真实存在的日期") from None


def cn_date(value: Any) -> str:
    """2026年11月23日, without leading zeros. An empty value shows as empty."""
    if value is None or value == "":
        return ""
    return chinese_date(as_date(value))


def cn_digits(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 20 → 二十, 99 → 九十九."""
    n = _count(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return DIGITS[ones]
    head = "" if tens == 1 else DIGITS[tens]
    return f"{head}十{DIGITS[ones] if ones else ''}"


def cn_number1(n: Any) -> str:
    """First-level heading number: 1 → 一、"""
    return f"{cn_digits(n)}、"


def cn_number2(n: Any) -> str:
    """Second-level heading number: 1 → （一）"""
    return f"（{cn_digits(n)}）"


def _count(n: Any) -> int:
    try:
        value = int(n)
    except (TypeError, ValueError):
        raise ValueError(f"编号“{n}”不是整数") from None
    if not 1 <= value <= 99:
        raise ValueError(f"编号 {value} 超出范围，只支持 1 到 99")
    return value


def _decimal(value: Any, what: str) -> Decimal:
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        return Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise ValueError(f"{what}“{value}”不是数字") from None


def _plain(d: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 91.80 → 91.8, 100.0 → 100."""
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def percent(value: Any, places: int | None = None) -> str:
    """91.8 → 91.8%; with `places`, rounded half up: percent(91.85, 1) → 91.9%."""
    d = _decimal(value, "百分数")
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        return f"{format(d, 'f')}%"
    return f"{_plain(d)}%"


def wan_yuan(value: Any, places: int = 2) -> str:
    """An amount in 元 → 万元: 123456 → 12.35万元 (rounded half up)."""
    d = _decimal(value, "金额") / Decimal(10000)
    d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{format(d, 'f')}万元"


def doc_no(org: Any, year: Any, seq: Any) -> str:
    """发文字号: 机关代字〔年份〕序号号 — 江爱卫办〔2026〕5号 (no 虚位, no 第)."""
    code = str(org or "").strip()
    if not code:
        raise ValueError("发文机关代字为空")
    y = str(year).strip()
    if not re.fullmatch(r"\d{4}", y):
        raise ValueError(f"发文字号的年份“{year}”应为四位数字")
    s = str(seq).strip()
    if not re.fullmatch(r"0*[1-9]\d*", s):
        raise ValueError(f"发文顺序号“{seq}”应为正整数")
    return format_doc_number(code, y, int(s))


FILTERS = {
    "cn_date": cn_date,
    "fit_scale": fit_scale,
    "title_lines": title_lines,
    "cn_number1": cn_number1,
    "cn_number2": cn_number2,
    "cn_digits": cn_digits,
    "percent": percent,
    "wan_yuan": wan_yuan,
}
GLOBALS = {"doc_no": doc_no}
