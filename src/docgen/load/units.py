"""data/成员单位.xlsx → member units (单位名称, 简称, 联系人, 电话)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .workbook import clean, find_header, read_workbook

ALIASES = {
    "单位名称": ("单位名称", "成员单位", "单位", "名称"),
    "简称": ("简称", "别名"),
    "联系人": ("联系人",),
    "电话": ("电话", "联系电话", "手机"),
}


@dataclass(frozen=True)
class Unit:
    name: str
    aliases: tuple[str, ...]
    contact: str | None
    phone: str | None
    sheet: str
    row: int


def load_units(path: Path, shown: str) -> list[Unit]:
    units = []
    for raw in read_workbook(path, shown, "成员单位表"):
        match = find_header(raw.rows, ALIASES, ("单位名称",))
        if match.row is None or match.missing:
            continue
        cols = match.columns
        for idx in range(match.row, len(raw.rows)):
            values = raw.rows[idx]
            cell = {c: clean(values[i]) if i < len(values) else None for c, i in cols.items()}
            if cell.get("单位名称") is None:
                continue
            aliases = tuple(a for a in re.split(r"[,，、;；\s]+", str(cell.get("简称") or "")) if a)
            units.append(Unit(str(cell["单位名称"]), aliases,
                              None if cell.get("联系人") is None else str(cell["联系人"]),
                              None if cell.get("电话") is None else str(cell["电话"]),
                              raw.name, idx + 1))
    return units


def unit_index(units: list[Unit]) -> dict[str, str]:
    """Every name and 简称 → the unit's full name."""
    index: dict[str, str] = {}
    for u in units:
        index.setdefault(u.name, u.name)
        for a in u.aliases:
            index.setdefault(a, u.name)
    return index
