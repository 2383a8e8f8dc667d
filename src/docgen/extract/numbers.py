"""Numbers as documents write them: Arabic (half- or full-width) with a unit, and
百分之九十五点三 / 千分之三; plus the years a sentence names ("2025年", "2025年度").

`FOLD` maps full-width digits and signs to ASCII one character for one, so offsets
into the folded text are offsets into the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FOLD = str.maketrans(
    "０１２３４５６７８９．％﹪＋－　：（）｜",
    "0123456789.%%+- :()|",
)
# The full-width comma is left alone on purpose: it ends a clause, while a half-width
# one between digit groups (1,234.5) does not.

# unit as written → the spelling handed to units.normalise (which knows the rest)
UNIT_SPELLINGS = {
    "%": "%",
    "‰": "‰",
    "/10万人": "1/10万",
    "/10万": "1/10万",
    "/十万": "1/10万",
    "/万": "1/万",
    "平方米/人": "平方米",
    "平方米": "平方米",
    "㎡": "平方米",
    "m²": "平方米",
    "m2": "平方米",
    "平方千米": "平方千米",
    "平方公里": "平方千米",
    "km²": "平方千米",
    "km2": "平方千米",
    "公顷": "公顷",
    "亩": "亩",
    "天": "天",
    "小时": "小时",
    "岁": "岁",
    "分贝": "分贝",
    "dB(A)": "分贝",
    "dBA": "分贝",
    "dB": "分贝",
    "元": "元",
    "千元": "千元",
    "万元": "万元",
    "亿元": "亿元",
    "万人": "万人",
    "人": "人",
    "名": "人",
    "张/千人": "张/千人",
    "张": "张",
    "人/千人": "人/千人",
    "名/千人": "人/千人",
    "人/万人": "人/万人",
    "名/万人": "人/万人",
    "万吨": "万吨",
    "吨": "吨",
    "起": "起",
    "宗": "起",
    "处": "处",
    "个": "处",
    "微克/立方米": "微克/立方米",
    "μg/m³": "微克/立方米",
    "μg/m3": "微克/立方米",
    "ug/m3": "微克/立方米",
    "µg/m³": "微克/立方米",  # the micro sign (U+00B5), which Word and PDFs often carry
    "µg/m3": "微克/立方米",
    "ug/m³": "微克/立方米",
    "μg/m^3": "微克/立方米",
    "微克每立方米": "微克/立方米",
    "毫克/立方米": "毫克/立方米",
    "mg/m³": "毫克/立方米",
    "mg/m3": "毫克/立方米",
}
_UNIT_ALTS = "|".join(re.escape(u) for u in sorted(UNIT_SPELLINGS, key=len, reverse=True))
# a number, then (blanks or table bars) and a unit; 个 is not the start of 个百分点
ARABIC = re.compile(
    r"(?<![\d.])(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(\.\d+)?"
    rf"(?:[ \t|]*(?P<unit>(?!个百分点){_UNIT_ALTS}))?"
)
_CN_DIGITS = "零〇一二两三四五六七八九十百千"
CHINESE = re.compile(
    rf"(?P<kind>百分之|千分之)(?P<int>[{_CN_DIGITS}]+)(?:点(?P<frac>[零〇一二三四五六七八九]+))?"
)
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*年度?|(?=[ \t]*\|)|(?=[ \t]*$))")
_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_SCALE = {"十": 10, "百": 100, "千": 1000}


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    value: float
    decimals: int
    unit: str | None  # normalised spelling; None: a bare number (it still blocks)


@dataclass(frozen=True)
class YearMark:
    start: int
    end: int
    year: int


def years_in(text: str) -> list[YearMark]:
    """2025年, 2025年度, and a bare 2025 standing alone in a table cell."""
    return [YearMark(m.start(), m.end(), int(m.group(1))) for m in YEAR.finditer(text)]


def quantities(text: str, years: list[YearMark]) -> list[Quantity]:
    """Every number in `text` (already folded), in order; years are not quantities."""
    taken = [(y.start, y.end) for y in years]
    out = [q for q in _arabic(text) if not _inside(q.start, taken)]
    out += _chinese(text)
    return sorted(out, key=lambda q: q.start)


def _arabic(text: str) -> list[Quantity]:
    out = []
    for m in ARABIC.finditer(text):
        whole, frac = m.group(1).replace(",", ""), m.group(2) or ""
        unit = m.group("unit")
        out.append(
            Quantity(
                m.start(),
                m.end(),
                float(whole + frac),
                max(0, len(frac) - 1),
                UNIT_SPELLINGS[unit] if unit else None,
            )
        )
    return out


def _chinese(text: str) -> list[Quantity]:
    out = []
    for m in CHINESE.finditer(text):
        whole = chinese_integer(m.group("int"))
        if whole is None:
            continue
        frac = "".join(str(_DIGIT[c]) for c in m.group("frac") or "")
        value = float(f"{whole}.{frac}") if frac else float(whole)
        unit = "%" if m.group("kind") == "百分之" else "‰"
        out.append(Quantity(m.start(), m.end(), value, len(frac), unit))
    return out


def chinese_integer(text: str) -> int | None:
    """九十 → 90, 九十五 → 95, 一百 → 100, 百 → 100, 一百零五 → 105, 三 → 3.
    None for what is not a well-formed numeral below 10,000."""
    if text in ("百", "千"):
        return _SCALE[text]
    total, digit, last_scale = 0, None, 10_000
    for c in text:
        if c in _SCALE:
            scale = _SCALE[c]
            if scale >= last_scale:
                return None
            total += (1 if digit is None else digit) * scale
            digit, last_scale = None, scale
        elif c in _DIGIT:
            if digit is not None and digit != 0:
                return None  # 九五: two digits in a row is not a numeral we read
            digit = _DIGIT[c] if _DIGIT[c] != 0 else (0 if digit is None else digit)
        else:
            return None
    return total + (digit or 0)


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)
