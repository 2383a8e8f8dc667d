"""Everything a rule may look at, loaded beforehand. Rules read this; they never read files.

The data workbooks come twice: as loaded (`indicators`, `units`, `problems`: rows of
cells) and as typed facts read from them (`figures`, `members`, `problem_list`),
which rules, verdicts and views read. load.datasheet.read_data_facts fills the
latter from the former."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .errors import InputError
from .indicators.figures import SheetFigures
from .load.members import NO_MEMBERS, Members
from .load.prerequisites import Prerequisite
from .load.problems import Problem
from .model import Archive, DataSheet, Figure, Guide, Ledger, LedgerRow, Project, Reading, ScanPage
from .parse import ArchiveCode, DateParse, parse_archive_code, parse_date


@dataclass
class AuditInput:
    project: Project
    guide: Guide
    years: list[int]
    ledger: Ledger
    archive: Archive | None = None
    today: dt.date = field(default_factory=dt.date.today)
    # data checks (issue 3); empty when the project has no data files
    catalogue: Any = None  # docgen.indicators.Catalogue
    indicators: DataSheet | None = None  # data/指标数据.xlsx
    units: DataSheet | None = None  # data/成员单位.xlsx
    problems: DataSheet | None = None  # data/问题清单.xlsx
    statements: list[Figure] = field(default_factory=list)  # figures read from filed documents
    # how each filed file was read, or why not, by FileEntry.rel (extract/jobs.py)
    readings: dict[str, Reading] = field(default_factory=dict)
    completeness: Any = None  # docgen.completeness.Completeness, measured once by audit.judge
    # typed facts read from the data workbooks (load.datasheet.read_data_facts)
    figures: SheetFigures | None = None  # None: no catalogue or no 指标数据 sheet
    members: Members = NO_MEMBERS  # the member-unit index
    problem_list: tuple[Problem, ...] = ()  # the 问题清单, read
    # the 必备条件 of the project's standard and level, or why they could not be loaded
    # (the error is raised where a document asks for them, not by an audit)
    prerequisites: list[Prerequisite] | InputError | None = None
    # how the archive's images and scanned PDF pages were scanned, by FileEntry.rel
    # (inspect/scan.py); filled only when a file.scan-* rule runs
    scans: dict[str, tuple[ScanPage, ...]] = field(default_factory=dict)

    @property
    def unit_names(self) -> dict[str, str]:
        """Any name or 简称, as written → 单位名称."""
        return self.members.exact

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
