"""Parsers for the ledger's coded values: 档号, 日期, 文号, 页数.

Each takes any value and returns a parse or None (or a list of problems); none
raises. Rules decide what a failed parse means.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .cn.doc_number import IN_LEDGER, YEAR_IN_WRONG_BRACKETS

RETENTION_CODES = {"Y": "永久", "D30": "定期30年", "D10": "定期10年"}
RETENTION_NAMES = {v: k for k, v in RETENTION_CODES.items()}
# the words a 档号 may carry for its retention (DA/T 22 writes the code or the period)
RETENTION_WORDS = {**RETENTION_NAMES, "30年": "D30", "10年": "D10"}

# 全宗号-[门类代码·]年度-保管期限-[机构（问题）/类目]-件号 (DA/T 22-2015). The retention is
# its code (Y, D30, D10) or its word (永久, 定期30年, 30年; 长期 and other words are read
# so the rule can name them); the 类目 a short code (03) or a name (举报情况说明), or absent.
_SECTION_NAME = r"[\w（）()、·]{0,30}[\u3400-\u9fff][\w（）()、·]{0,30}"
_ARCHIVE_CODE = re.compile(
    r"(?P<fonds>[A-Za-z0-9]{1,8})-(?:(?P<cls>[A-Z]{2})[·・•])?(?P<year>\d{4})"
    r"-(?P<ret>[A-Z]\d{0,2}|永久|长期|短期|定期(?:\d{1,3}年)?|\d{1,3}年)"
    rf"(?:-(?P<section>[A-Za-z0-9]{{1,6}}|{_SECTION_NAME}))?"
    r"-(?P<number>\d{4}|[1-9]\d{4,5})"
)  # 件号 is {:04d}: four digits, more (no leading zero) past 9999
_SECTION_CODE = re.compile(r"[A-Za-z0-9]{1,6}")


@dataclass(frozen=True)
class ArchiveCode:
    fonds: str
    doc_class: str | None
    year: int
    retention: str  # Y, D30, D10; another letter code or word as written (the rule rejects it)
    section: str  # the 类目 or 机构（问题） as written; "" when the 档号 has none
    number: int
    retention_written: str = ""  # the retention as the 档号 writes it (永久, D30, 30年, 长期)
    section_named: bool = False  # the 类目 is a name (举报情况说明), not a code (03)

    @property
    def group(self) -> tuple:
        """The run 件号 counts within: fonds–(门类)–year–retention–section."""
        return (self.fonds, self.doc_class or "", self.year, self.retention, self.section)

    @property
    def group_label(self) -> str:
        """The group as the 档号 writes it: Z081-WS·2022-永久-举报情况说明."""
        cls = f"{self.doc_class}·" if self.doc_class else ""
        section = f"-{self.section}" if self.section else ""
        return f"{self.fonds}-{cls}{self.year}-{self.retention_written or self.retention}{section}"

    @property
    def retention_name(self) -> str | None:
        """永久, 定期30年 or 定期10年; None when the 档号's retention is none of them."""
        return RETENTION_CODES.get(self.retention)


def parse_archive_code(value: Any) -> ArchiveCode | None:
    if not isinstance(value, str) or len(value) > 120:
        return None
    m = _ARCHIVE_CODE.fullmatch(value.strip())
    if not m:
        return None
    written = m["ret"]
    section = m["section"] or ""
    return ArchiveCode(
        fonds=m["fonds"],
        doc_class=m["cls"],
        year=int(m["year"]),
        retention=RETENTION_WORDS.get(written, written),
        section=section,
        number=int(m["number"]),
        retention_written=written,
        section_named=bool(section) and not _SECTION_CODE.fullmatch(section),
    )


# ---------------------------------------------------------------- dates


@dataclass(frozen=True)
class DateParse:
    """status: "standard" (8 digits or a date cell), "nonstandard" (a real date in
    another spelling), "bad" (not a real date)."""

    status: str
    date: dt.date | None = None


_EIGHT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SPELLED = re.compile(
    r"(\d{4})\s*(?:[-/.．／－]\s*(\d{1,2})\s*[-/.．／－]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)"
)
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def parse_date(value: Any) -> DateParse:
    if isinstance(value, dt.datetime):
        return DateParse("standard", value.date())
    if isinstance(value, dt.date):
        return DateParse("standard", value)
    if isinstance(value, bool):
        return DateParse("bad")
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        if not (value.is_integer() and abs(value) < 1e15):
            return DateParse("bad")
        text = str(int(value))
    elif isinstance(value, str):
        text = value.strip().translate(_FULLWIDTH)
    else:
        return DateParse("bad")
    m = _EIGHT.fullmatch(text)
    if m:
        d = _real(m[1], m[2], m[3])
        return DateParse("standard", d) if d else DateParse("bad")
    m = _SPELLED.fullmatch(text)
    if m:
        d = _real(m[1], m[2] or m[4], m[3] or m[5])
        return DateParse("nonstandard", d) if d else DateParse("bad")
    # "2025-06-11 00:00:00": a date cell exported as text
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})[ T]00:00(:00)?", text)
    if m:
        d = _real(m[1], m[2], m[3])
        return DateParse("nonstandard", d) if d else DateParse("bad")
    return DateParse("bad")


def _real(y: str, m: str, d: str) -> dt.date | None:
    try:
        year = int(y)
        if not 1900 <= year <= 2100:
            return None
        return dt.date(year, int(m), int(d))
    except (ValueError, TypeError):
        return None


# ---------------------------------------------------------------- 文号

NO_NUMBER = {"无", "/", "-", "—", "——", "无文号", "空"}


def doc_number_problems(value: Any, date_year: int | None) -> list[str]:
    """What is wrong with a 文号, as Chinese phrases; [] when it is right."""
    if value is None:
        return []
    text = str(value).strip().translate(_FULLWIDTH)
    if not text or text in NO_NUMBER:
        return []
    m = IN_LEDGER.fullmatch(text)
    if m is None:
        return [_shape_problem(text)]
    problems = []
    if m["open"] + m["close"] != "〔〕":
        problems.append(_bracket_problem(m["open"], m["close"]))
    seq = m["seq"]
    if len(seq) > 1 and seq.startswith("0"):
        problems.append(f"序号 {seq} 带有虚位 0（应写作 {int(seq)}号）")
    if m["di"]:
        problems.append("序号前不应加“第”")
    if date_year is not None and int(m["year"]) != date_year:
        problems.append(f"文号年份 {m['year']} 与成文日期年份 {date_year} 不一致")
    return problems


def _bracket_problem(open_: str, close: str) -> str:
    return f"年份用了“{open_}{close}”，应使用六角括号“〔〕”"


def _shape_problem(text: str) -> str:
    w = YEAR_IN_WRONG_BRACKETS.search(text)
    if w:
        return _bracket_problem(w["open"], w["close"]) + "（格式应为 机关代字〔年份〕序号号）"
    if not re.search(r"(19|20)\d{2}", text):
        return "缺少年份（应为 机关代字〔年份〕序号号）"
    if not text.endswith("号"):
        return "缺少结尾的“号”字（应为 机关代字〔年份〕序号号）"
    return "格式不符（应为 机关代字〔年份〕序号号，如 示创卫办〔2025〕12号）"


# ---------------------------------------------------------------- 页数


MAX_PAGES = 999_999  # more is no page count but a typing slip


def parse_page_count(value: Any) -> int | None:
    """An integer from 1 to MAX_PAGES, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = int(value) if value.is_integer() else None
    elif isinstance(value, str):
        text = value.strip().translate(_FULLWIDTH)
        value = int(text) if re.fullmatch(r"\d{1,6}", text) else None
    if isinstance(value, int) and 1 <= value <= MAX_PAGES:
        return value
    return None
