"""Recognising 公文 elements by their text: 发文字号, dates, headings, 版记 lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..cn.doc_number import ON_A_LINE as DOC_NUMBER
from ..cn.doc_number import format_doc_number

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SPACE = re.compile(r"[\s\u3000]+")
FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

HEADING_1 = re.compile(r"^[一二三四五六七八九十]{1,3}、")
HEADING_2 = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")
# where a heading ends when body text follows it in the same paragraph
HEADING_END = re.compile(r"[。：:；;]")


CN_DIGIT = "〇○零Ｏ0一二三四五六七八九"
CN_NUMBER = "一二三四五六七八九十"
DATE_GOOD = re.compile(r"^\d{4}年([1-9]|1[0-2])月([1-9]|[12]\d|3[01])日$")
DATE_ARABIC = re.compile(r"^(\d{2,4})年(\d{1,2})月(\d{1,2})日$")
DATE_CHINESE = re.compile(rf"^[{CN_DIGIT}]{{2,4}}年[{CN_NUMBER}]{{1,3}}月[{CN_NUMBER}]{{1,3}}日$")
DATE_NO_YEAR = re.compile(r"^\d{1,2}月\d{1,2}日$")
DATE_SEPARATED = re.compile(r"^(\d{4})[.\-/．](\d{1,2})[.\-/．](\d{1,2})$")

ISSUE = re.compile(r"^[（(]?(总)?第[0-9一二三四五六七八九十百〇零]+期[）)]?$")
SECURITY = re.compile(r"^(\d{6}|(绝密|机密|秘密).*|(特急|加急|特提|平急).*)$")


def no_spaces(text: str) -> str:
    """Text without any white space (tabs, full-width spaces)."""
    return SPACE.sub("", text)


def has_cjk(text: str) -> bool:
    return bool(CJK.search(text))


def short(text: str, limit: int = 16) -> str:
    text = no_spaces(text)
    return text if len(text) <= limit else text[:limit] + "……"


def heading_level(text: str) -> int | None:
    text = text.lstrip(" \t\u3000")
    if HEADING_1.match(text):
        return 1
    if HEADING_2.match(text):
        return 2
    return None


def heading_span(text: str) -> int:
    """Length of the heading part of a paragraph (to the first 。/： or the end)."""
    found = HEADING_END.search(text)
    return found.end() if found else len(text)


def doc_number_part(text: str) -> str:
    """The 发文字号 of a line, without a 签发人 on the same line."""
    return no_spaces(re.split(r"签\s*发\s*人", text)[0])


def doc_number_problems(text: str) -> tuple[list[str], str] | None:
    """(problems, corrected form) when `text` is a 发文字号; None when it is not one."""
    m = DOC_NUMBER.match(doc_number_part(text))
    if not m:
        return None
    problems = []
    if m["open"] != "〔" or m["close"] != "〕":
        problems.append(f"年份用了“{m['open']}{m['close']}”，应使用六角括号“〔〕”")
    year = m["year"].translate(FULL_DIGITS)
    seq = m["seq"].translate(FULL_DIGITS)
    if year != m["year"] or seq != m["seq"]:
        problems.append("数字应使用半角阿拉伯数字")
    if len(year) != 4:
        problems.append("年份应写全 4 位")
        year = ("20" + year)[-4:]
    if m["di"]:
        problems.append("序号前不加“第”")
    if len(seq) > 1 and seq.startswith("0"):
        problems.append("序号不编虚位（不在前面补 0）")
    return problems, format_doc_number(m["code"], year, int(seq))


@dataclass(frozen=True)
class DateIssue:
    problem: str
    expected: str | None


def date_issue(text: str) -> DateIssue | None:
    """A problem with a date written alone (成文日期, 印发日期); None when the text is
    a correct date or no date at all (see `looks_like_date`)."""
    t = no_spaces(text)
    if DATE_GOOD.match(t):
        return None
    if t.translate(FULL_DIGITS) != t and looks_like_date(t.translate(FULL_DIGITS)):
        fixed = date_issue(t.translate(FULL_DIGITS))
        return DateIssue(
            "数字应使用半角阿拉伯数字", fixed.expected if fixed else t.translate(FULL_DIGITS)
        )
    if m := DATE_ARABIC.match(t):
        year, month, day = m.groups()
        if len(year) != 4:
            return DateIssue("年份应写全 4 位", None)
        if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
            return DateIssue(
                "月、日不编虚位（不在前面补 0）", f"{year}年{int(month)}月{int(day)}日"
            )
        return DateIssue("不是有效日期", None)
    if DATE_CHINESE.match(t):
        return DateIssue("应使用阿拉伯数字（GB/T 9704-2012 不再用汉字写日期）", arabic_date(t))
    if DATE_NO_YEAR.match(t):
        return DateIssue("缺少年份，年份应写全", None)
    if m := DATE_SEPARATED.match(t):
        year, month, day = m.groups()
        return DateIssue("应写成“年月日”形式", f"{year}年{int(month)}月{int(day)}日")
    return None


_CN_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {
    "〇": 0,
    "○": 0,
    "Ｏ": 0,
    "0": 0,
}


def _cn_number(text: str) -> int | None:
    """一 → 1, 十 → 10, 十一 → 11, 二十三 → 23, 三十 → 30."""
    if "十" not in text:
        return _CN_VALUE.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    high = _CN_VALUE.get(tens, None) if tens else 1
    low = _CN_VALUE.get(ones, None) if ones else 0
    return None if high is None or low is None else high * 10 + low


def arabic_date(text: str) -> str | None:
    """二〇二六年一月五日 → 2026年1月5日 (None when it is no real date)."""
    m = re.match(r"^(.+)年(.+)月(.+)日$", text)
    if not m:
        return None
    year = "".join(str(_CN_VALUE.get(c, "")) for c in m[1])
    month, day = _cn_number(m[2]), _cn_number(m[3])
    if len(year) != 4 or not month or not day or month > 12 or day > 31:
        return None
    return f"{year}年{month}月{day}日"


def looks_like_date(text: str) -> bool:
    t = no_spaces(text)
    return any(
        p.match(t) for p in (DATE_GOOD, DATE_ARABIC, DATE_CHINESE, DATE_NO_YEAR, DATE_SEPARATED)
    )


def printed_line(text: str) -> tuple[str, str] | None:
    """(issuer, date text) of a 印发 line ("示例市爱卫办  2026年11月23日印发")."""
    t = text.strip(" \t\u3000")
    if not t.endswith("印发") or "。" in t or len(t) > 60:
        return None
    body = t[:-2].rstrip(" \t\u3000")
    m = re.search(
        r"([0-9０-９"
        + CN_DIGIT
        + CN_NUMBER
        + r"]{1,4}年)?[0-9０-９"
        + CN_NUMBER
        + r"]{1,3}月[0-9０-９"
        + CN_NUMBER
        + r"]{1,3}日$",
        body,
    )
    if not m:
        return body, ""
    return body[: m.start()].strip(" \t\u3000"), m.group()


def cc_line(text: str) -> str | None:
    """The label of a 抄送 line ("抄送" / "抄报"), else None."""
    t = text.lstrip(" \t\u3000")
    for label in ("抄送", "抄报"):
        if t.startswith(label) and len(t) > 2 and t[2] in "：:，, \u3000\t":
            return label
    return None


def colophon_recipient(text: str) -> bool:
    """A 主送 line moved into the 版记 ("主送：……", as in a 纪要); in the 正文 the 主送机关
    is written without the label."""
    t = text.lstrip(" \t\u3000")
    return t.startswith("主送") and len(t) > 2 and t[2] in "：:"


def colophon_line(text: str, next_text: str = "") -> bool:
    """A line of the 版记: 抄送, 印发, or 主送 moved into the 版记 — a "主送：" line that a
    抄送 or 印发 line follows (`next_text`: the next line with text); a "主送：" heading
    the 正文 is the 主送机关 written with a label."""
    if cc_line(text) or printed_line(text):
        return True
    return colophon_recipient(text) and bool(cc_line(next_text) or printed_line(next_text))


def with_next(texts: list[str]) -> list[tuple[str, str]]:
    """(text, the next non-blank text) for each text."""
    out, following = [], ""
    for t in reversed(texts):
        out.append((t, following))
        if t.strip():
            following = t
    return out[::-1]


ATTACHMENT = re.compile(r"^附件(?P<colon>[：:])(?P<rest>.*)$")
ATTACHMENT_ITEM = re.compile(r"^(?P<num>\d+)(?P<dot>[.．、])(?P<name>.*)$")


def is_red(color: str | None) -> bool:
    if not color or len(color) != 6:
        return False
    try:
        r, g, b = (int(color[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return False
    return r >= 0x99 and g < 0x66 and b < 0x66
