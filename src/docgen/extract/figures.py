"""A document's raw statement as a Figure: its year (the sentence's, else the row's
title, 日期 or 档号), the catalogue's indicator and unit, and how its words were read."""

from __future__ import annotations

import math
from typing import Any

from ..indicators.units import normalise
from ..model import Figure
from .statements import RawStatement
from .years import title_year

# Not read from text: grades (C级) are no numbers, and counts of incidents and places
# (重大食品安全事故 起, 烟草广告 处) are written "查处烟草广告3处", "处置一般食品安全事故2起":
# what was dealt with, not what the indicator counts.
COUNTED = ("起", "处")


def document_year(
    i: int, dates: dict[int, Any], codes: dict[int, Any], title: str | None = None
) -> int | None:
    """The year the ledger row's 题名 speaks of ("2023年…统计公报", filed in 2024: 2023),
    else the row's 日期 year, else its 档号 year. (The document's own sentence, then its
    title or lead lines, come before all three: statements.py.)"""
    named = title_year(title)
    if named is not None:
        return named
    d = dates.get(i)
    if d is not None and getattr(d, "date", None) is not None:
        return d.date.year
    code = codes.get(i)
    return code.year if code is not None else None


def to_figure(
    raw: RawStatement,
    doc_year: int | None,
    catalogue: Any,
    file: str,
    archive_code: str | None,
    read_by: str,
) -> Figure | None:
    """The Figure `raw` states, or None when it is no statement of a result."""
    year = raw.year if raw.year is not None else doc_year
    if year is None:
        return None
    if raw.horizon is not None and (doc_year is None or doc_year < raw.horizon):
        return None  # "到2026年…达到" written before 2026: a target
    indicator = catalogue.find(raw.indicator)
    if indicator is None or indicator.kind != "number" or indicator.unit in COUNTED:
        return None
    converted = _normalise(raw.value, raw.unit, indicator.unit)
    if converted is None:
        return None  # a unit this indicator cannot be in: not a statement of it
    return Figure(
        indicator=indicator.code,
        year=year,
        value=converted,
        unit=indicator.unit,
        decimals=_decimals(raw, converted),
        source="document",
        file=file,
        archive_code=archive_code,
        text=raw.text,
        raw_unit=raw.unit,
        read_by=read_by,
    )


def _normalise(value: float, unit: str, target: str | None) -> float | None:
    if not target:
        return value
    return normalise(value, unit, target)


def _decimals(raw: RawStatement, converted: float) -> int:
    """The stated precision in the catalogue's unit: 0.5 平方千米 → 500000 平方米 is
    precise to 100000 (decimals -5)."""
    if raw.value == 0 or converted == 0:
        return raw.decimals
    shift = round(math.log10(abs(converted / raw.value)))
    return raw.decimals - shift
