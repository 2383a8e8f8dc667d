"""The 指标数据 workbook → Figures in catalogue units.

`read_sheet()` keeps everything the data rules need: the city-wide figures, the
district figures, the rows it could not use and why (`skipped`), and the rows whose
unit was converted. `figures_from_sheet()` is the short form for other readers.

District figures: a row whose 指标名称 ends in a bracketed place name ending in
区/县/市/旗/镇/乡/街道, e.g. “建成区面积（城东区）”, is that district's figure. A
bracketed unit at the end of a name (“建成区绿化覆盖率（%）”) is read as the unit
when the 单位 cell is empty.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..model import DataRow, DataSheet, Figure
from . import units
from .catalogue import GRADES, Catalogue, Indicator

_TRAILING = re.compile(r"^(.+?)\s*[（(]([^（）()]+)[）)]\s*$")
_DISTRICT = re.compile(r"(区|县|市|旗|镇|乡|街道)$")
_NUMBER = re.compile(r"^([+-]?\d+(?:\.\d+)?)(.*)$")
_GRADE = re.compile(r"^(?:达到)?([A-D])级?$")
_COMPARATORS = ("≥", "≤", ">", "<", "约", "大于", "小于", "不低于", "不高于", "达到", "超过")


@dataclass(frozen=True)
class Unread:
    """Why a cell gave no figure: `why` names the case (data.missing-indicator words
    it, catalogue/data.py "why-…"), `said` the cell as written, `extra` the text found
    after a number."""

    why: str
    said: str = ""
    extra: str = ""


@dataclass(frozen=True)
class Skipped:
    """A row of the data sheet that gave no figure. kind: "no-name",
    "unknown-indicator", "bad-year", "bad-value" or "bad-unit"."""

    row: DataRow
    kind: str
    column: str
    reason: Unread  # what the cell holds, for the finding to say
    indicator: str | None = None  # catalogue code, when the name was recognised
    year: int | None = None
    text: str | None = None  # the offending cell as written
    suggestions: tuple[str, ...] = ()  # close catalogue names, for unknown names


@dataclass(frozen=True)
class Conversion:
    """A figure whose 单位 was a different, convertible unit."""

    figure: Figure
    raw_value: float
    raw_unit: str


@dataclass(frozen=True)
class DistrictFigure:
    district: str
    figure: Figure


@dataclass
class SheetFigures:
    path: str
    figures: list[Figure] = field(default_factory=list)  # city-wide
    districts: list[DistrictFigure] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    converted: list[Conversion] = field(default_factory=list)
    _index: dict[str, dict[int, Figure]] | None = field(default=None, repr=False, compare=False)
    _indexed: int = field(default=0, repr=False, compare=False)

    def series(self, code: str) -> dict[int, Figure]:
        """The city-wide figure of `code` per year (the first row when a year repeats)."""
        if self._index is None or self._indexed != len(self.figures):
            index: dict[str, dict[int, Figure]] = {}
            for f in self.figures:
                index.setdefault(f.indicator, {}).setdefault(f.year, f)
            self._index, self._indexed = index, len(self.figures)
        return dict(self._index.get(code, {}))

    def sheet_names(self) -> list[str]:
        return list(dict.fromkeys(f.sheet for f in self.figures if f.sheet))


def figures_from_sheet(sheet: DataSheet | None, catalogue: Catalogue) -> list[Figure]:
    """The usable city-wide figures of the data sheet."""
    return read_sheet(sheet, catalogue).figures


def read_sheet(sheet: DataSheet | None, catalogue: Catalogue) -> SheetFigures:
    if sheet is None:
        return SheetFigures(path="")
    out = SheetFigures(path=sheet.path)
    close: dict[str, tuple[str, ...]] = {}  # difflib is slow: once per unknown name
    for r in sheet.rows:
        _read_row(r, sheet.path, catalogue, out, close)
    return out


def _read_row(
    r: DataRow,
    path: str,
    catalogue: Catalogue,
    out: SheetFigures,
    close: dict[str, tuple[str, ...]],
) -> None:
    name, code = r.text("指标名称"), r.text("指标代码")
    if not name and not code:
        out.skipped.append(Skipped(r, "no-name", "指标名称", Unread("no-name")))
        return
    ind, district, name_unit = resolve(name, code, catalogue)
    if ind is None:
        written = name or code
        if written not in close:
            close[written] = tuple(
                difflib.get_close_matches(written, catalogue.names(), n=3, cutoff=0.5)
            )
        column = "指标名称" if name else "指标代码"
        out.skipped.append(
            Skipped(
                r,
                "unknown-indicator",
                column,
                Unread("unknown-indicator", written),
                text=written,
                suggestions=close[written],
            )
        )
        return
    year = parse_year(r.cells.get("年度"))
    if year is None:
        year_text = r.text("年度")
        reason = Unread("not-year", year_text) if year_text else Unread("empty-year")
        out.skipped.append(
            Skipped(r, "bad-year", "年度", reason, indicator=ind.code, text=r.text("年度"))
        )
        return
    parsed = parse_value(r.cells.get("数值"), ind)
    if isinstance(parsed, Unread):
        out.skipped.append(
            Skipped(
                r, "bad-value", "数值", parsed, indicator=ind.code, year=year, text=r.text("数值")
            )
        )
        return
    raw, decimals, value_unit = parsed
    unit_text = r.text("单位") or value_unit or name_unit
    _add_figure(r, path, ind, year, raw, decimals, unit_text, district, out)


def _add_figure(
    r: DataRow,
    path: str,
    ind: Indicator,
    year: int,
    raw: float,
    decimals: int,
    unit_text: str,
    district: str | None,
    out: SheetFigures,
) -> None:
    f = 1.0 if ind.kind == "grade" else units.factor(unit_text, ind.unit)
    if f is None:
        out.skipped.append(
            Skipped(
                r,
                "bad-unit",
                "单位",
                Unread("bad-unit", unit_text),
                indicator=ind.code,
                year=year,
                text=unit_text,
            )
        )
        return
    value = raw if f == 1.0 else round(raw * f, 10)
    if f != 1.0:
        decimals = max(0, decimals - round(math.log10(f)))
    fig = Figure(
        indicator=ind.code,
        year=year,
        value=value,
        unit=ind.unit,
        decimals=decimals,
        source="data",
        sheet=r.sheet,
        row=r.row,
        file=path,
        text=f"{r.text('指标名称') or r.text('指标代码')} {r.text('数值')}{unit_text or ''}",
        raw_unit=unit_text or None,
    )
    if f != 1.0:
        out.converted.append(Conversion(fig, raw, unit_text))
    if district:
        out.districts.append(DistrictFigure(district, fig))
    else:
        out.figures.append(fig)


def resolve(
    name: str, code: str, catalogue: Catalogue
) -> tuple[Indicator | None, str | None, str | None]:
    """(indicator, district, unit written in the name) for a row's name and code."""
    district = unit_text = None
    ind = catalogue.find(name) if name else None
    rest = name
    for _ in range(2):  # “建成区面积（城东区）（平方千米）”
        if ind is not None or not rest:
            break
        m = _TRAILING.match(rest)
        if m is None:
            break
        rest, inner = m.group(1), m.group(2).strip()
        if units.lookup(inner) is not None:
            unit_text = inner
        elif _DISTRICT.search(inner):
            district = inner
        else:
            break
        ind = catalogue.find(rest)
    if ind is None and code:
        ind, district, unit_text = catalogue.find(code), None, None
    return ind, (district if ind is not None else None), unit_text


def parse_year(value: Any) -> int | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return value if 1949 <= value <= 2100 else None
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    m = re.fullmatch(r"(\d{4})\s*(?:年度|年)?", text)
    if m and 1949 <= int(m.group(1)) <= 2100:
        return int(m.group(1))
    return None


def parse_value(value: Any, ind: Indicator) -> tuple[float, int, str | None] | Unread:
    """(number, stated decimals, unit written in the cell) or why there is none."""
    if ind.kind == "grade":
        return _parse_grade(value)
    if isinstance(value, bool) or value is None:
        return Unread("empty-value") if value is None else Unread("not-number", f"{value}")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return Unread("not-finite")
        return float(value), decimals_of(repr(value)), None
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "").replace(" ", "")
    if text.startswith(_COMPARATORS):
        return Unread("target", f"{value}")
    m = _NUMBER.match(text)
    if m is None:
        return Unread("not-number", f"{value}")
    rest = m.group(2).strip()
    if rest and units.lookup(rest) is None:
        return Unread("extra-text", f"{value}", rest)
    return float(m.group(1)), decimals_of(m.group(1)), rest or None


def _parse_grade(value: Any) -> tuple[float, int, str | None] | Unread:
    text = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip().upper()
    m = _GRADE.match(text)
    if m is None:
        return Unread("empty-value") if value is None else Unread("not-grade", f"{value}")
    return float(GRADES.index(m.group(1)) + 1), 0, None


def decimals_of(text: str) -> int:
    """Digits after the point as written: "41.20" → 2, "15" → 0, "1e-05" → 5."""
    try:
        exponent = Decimal(text).as_tuple().exponent
    except InvalidOperation:
        return 0
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def grade_name(value: float) -> str:
    """3.0 → "C级"."""
    i = int(value) - 1
    return f"{GRADES[i]}级" if 0 <= i < len(GRADES) else str(value)
