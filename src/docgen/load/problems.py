"""The problem list (问题清单) as `Problem`s: each row's dates read, its 责任单位
matched against the member units, closed or not.

* Dates may be date cells, 8-digit text or numbers, the spellings `parse_date`
  reads (2025-06-11, 2025年6月11日, ...) or an Excel serial number (45800).
  整改时限 may also be a month ("2025年12月底": its last day), a date followed by
  前/之前/以前, a span counted from 交办日期 ("15天"; "10个工作日" skips weekends,
  not holidays), or a phrase that sets no date (立行立改, 长期坚持, ...): no check.
  "—", "/", "无" count as an empty cell. A cell that holds no readable date is a
  CellDate of status "bad" (data.date-order words it).
* Closed is 已整改 or 已销号; 已完成/已办结/整改完成 are read as the same, and so is
  a closed status with a note after it ("已整改，待验收"). An empty status is open.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..model import DataRow, DataSheet
from ..parse import parse_date
from .members import Members, comparable, unit_parts

DATE_COLUMNS = ("交办日期", "整改时限", "完成日期")
CLOSED = frozenset(
    {
        "已整改",
        "已销号",
        "已完成",
        "已完成整改",
        "整改完成",
        "已整改完成",
        "已办结",
        "办结",
        "销号",
        "已销号完成",
    }
)
CLOSED_PREFIXES = ("已整改", "已销号", "已完成", "已办结")
NO_DATE = frozenset(
    {
        "立行立改",
        "即知即改",
        "立即整改",
        "长期坚持",
        "持续整改",
        "长期整改",
        "长期",
        "常态化",
        "常态化管理",
        "长效管理",
    }
)
PLACEHOLDERS = frozenset({"-", "--", "—", "——", "/", "无", "暂无", "未完成", "\\"})
EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIALS = range(20000, 80000)  # Excel day numbers for 1954–2119: a date cell lost its format

_MONTH = re.compile(r"(\d{4})年(\d{1,2})月(?:份|底|末)?")
_YEAR_END = re.compile(r"(\d{4})年(?:年)?(?:底|末)")
_BEFORE = re.compile(r"(.+?)(?:之前|以前|前)")
_SPAN = re.compile(r"(\d{1,3})(个工作日|工作日|天|日|个自然日|自然日)(?:内)?")


@dataclass(frozen=True)
class CellDate:
    """status: empty | none (a phrase that sets no date) | bad | ok."""

    status: str
    date: dt.date | None = None


EMPTY = CellDate("empty")


def read_date(value: object, deadline: bool = False, given: dt.date | None = None) -> CellDate:
    """A problem-list date cell; `deadline` also reads the 整改时限 forms."""
    if value is None:
        return EMPTY
    if isinstance(value, int) and not isinstance(value, bool) and value in SERIALS:
        return CellDate("ok", EXCEL_EPOCH + dt.timedelta(days=value))
    if isinstance(value, str):
        text = comparable(value)
        if not text or text in PLACEHOLDERS:
            return EMPTY
        if deadline:
            return _read_deadline(text, given)
        value = text
    parsed = parse_date(value)
    return CellDate("ok", parsed.date) if parsed.date else CellDate("bad")


def _read_deadline(text: str, given: dt.date | None) -> CellDate:
    if text in NO_DATE:
        return CellDate("none")
    parsed = parse_date(text)
    if parsed.date:
        return CellDate("ok", parsed.date)
    m = _BEFORE.fullmatch(text)
    if m and m[1] not in NO_DATE:
        return _read_deadline(m[1], given)
    found = _month_end(text)
    if found:
        return CellDate("ok", found)
    m = _SPAN.fullmatch(text)
    if m:
        if given is None:
            return CellDate("none")  # counted from an unknown day: nothing to check
        days = int(m[1])
        return CellDate(
            "ok",
            _add_workdays(given, days)
            if "工作日" in m[2] and "自然" not in m[2]
            else given + dt.timedelta(days=days),
        )
    return CellDate("bad")


def _month_end(text: str) -> dt.date | None:
    m = _YEAR_END.fullmatch(text)
    if m and 1900 <= int(m[1]) <= 2100:
        return dt.date(int(m[1]), 12, 31)
    m = _MONTH.fullmatch(text)
    if not m or not (1900 <= int(m[1]) <= 2100 and 1 <= int(m[2]) <= 12):
        return None
    year, month = int(m[1]), int(m[2])
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def _add_workdays(start: dt.date, days: int) -> dt.date:
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def closed(status: str) -> bool:
    """已整改/已销号 and their usual variants, also with a note ("已整改，待验收")."""
    text = comparable(status)
    return text in CLOSED or text.startswith(CLOSED_PREFIXES)


@dataclass(frozen=True)
class Problem:
    """A row of the problem list, read. `units`: the 责任单位 it names, (as written,
    member unit's full name or None)."""

    row: DataRow
    assigned: CellDate  # 交办日期
    deadline: CellDate  # 整改时限
    done: CellDate  # 完成日期
    units: tuple[tuple[str, str | None], ...]

    def text(self, column: str) -> str:
        return self.row.text(column)

    @property
    def status(self) -> str:
        return self.row.text("整改状态")

    @property
    def closed(self) -> bool:
        return closed(self.status)

    def dates(self) -> dict[str, CellDate]:
        return {"交办日期": self.assigned, "整改时限": self.deadline, "完成日期": self.done}

    def days_overdue(self, today: dt.date) -> int:
        """Days past 整改时限 while open; 0 when not overdue (or no deadline)."""
        due = self.deadline.date
        if self.closed or self.deadline.status != "ok" or not today > due:
            return 0
        return (today - due).days

    def overdue(self, today: dt.date) -> bool:
        return self.days_overdue(today) > 0

    def unit_label(self) -> str | None:
        """The 责任单位 for a finding's `unit` key: full names where they match."""
        return "、".join(full or comparable(raw) for raw, full in self.units) or None


def read_problem(r: DataRow, members: Members | None) -> Problem:
    given = read_date(r.cells.get("交办日期"))
    return Problem(
        row=r,
        assigned=given,
        deadline=read_date(r.cells.get("整改时限"), deadline=True, given=given.date),
        done=read_date(r.cells.get("完成日期")),
        units=tuple(unit_parts(r.text("责任单位"), members)),
    )


def read_problems(sheet: DataSheet | None, members: Members | None) -> tuple[Problem, ...]:
    """Every row of the problem list, in sheet order; () when there is none."""
    if sheet is None or not sheet.present:
        return ()
    return tuple(read_problem(r, members) for r in sheet.rows)
