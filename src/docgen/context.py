"""Everything a rule may look at, loaded beforehand. Rules read this; they never read files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from .model import Archive, Guide, Ledger, LedgerRow, Project
from .parse import ArchiveCode, DateParse, parse_archive_code, parse_date


@dataclass
class AuditInput:
    project: Project
    guide: Guide
    years: list[int]
    ledger: Ledger
    archive: Archive | None = None
    today: dt.date = field(default_factory=dt.date.today)
    unit_names: dict[str, str] = field(default_factory=dict)  # any name or 简称 → 单位名称

    @property
    def rows(self) -> tuple[LedgerRow, ...]:
        return self.ledger.rows

    @cached_property
    def codes(self) -> dict[int, ArchiveCode | None]:
        """Parsed 档号 by row index (id of the row in `rows`)."""
        return {i: parse_archive_code(r.cells.get("档号")) for i, r in enumerate(self.rows)}

    @cached_property
    def dates(self) -> dict[int, DateParse | None]:
        """Parsed 日期 by row index; None when the cell is empty."""
        return {
            i: (None if r.cells.get("日期") is None else parse_date(r.cells.get("日期")))
            for i, r in enumerate(self.rows)
        }

    def row_year(self, i: int) -> int | None:
        """The year a row belongs to: its 档号 year, else its date's year."""
        code = self.codes[i]
        if code is not None:
            return code.year
        d = self.dates[i]
        return d.date.year if d is not None and d.date is not None else None

    def row_where(self, i: int, column: str | None = None) -> dict:
        """The location keys of a finding about row i."""
        r = self.rows[i]
        code = r.text("档号") or None
        return {
            "sheet": r.sheet,
            "row": r.row,
            "column": column,
            "item": r.text("条目") or None,
            "year": self.row_year(i),
            "archive_code": code,
            "unit": self.unit_names.get(r.text("责任者")),
        }
