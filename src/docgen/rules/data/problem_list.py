"""What data.unknown-unit, data.overdue and data.date-order share: the problem list
(问题清单) read against the member-unit list (成员单位) and the calendar.

Choices, so that a clerk is not surprised:

* 责任单位 matches a member unit by its 单位名称 or any 简称, compared without
  spaces and after NFKC (full-width letters and brackets count as half-width). A cell
  may name several units ("市城管局、市住建局", also split on ，,;；/ and line
  breaks); each is checked. A role label ("牵头：") and a bracketed note
  ("市城管局（牵头）") are ignored when the name without them matches.
* No member-unit list (data/成员单位.xlsx absent, or without a usable sheet):
  data.unknown-unit says nothing — there is nothing to compare with.
* Dates may be date cells, 8-digit text or numbers, the spellings `parse_date`
  reads (2025-06-11, 2025年6月11日, ...) or an Excel serial number (45800).
  整改时限 may also be a month ("2025年12月底": its last day), a date followed by
  前/之前/以前, a span counted from 交办日期 ("15天"; "10个工作日" skips weekends,
  not holidays), or a phrase that sets no date (立行立改, 长期坚持, ...): no check.
  "—", "/", "无" count as an empty cell.
* A date cell that holds no readable date is reported once under data.date-order
  ("cannot be read"), and every comparison it would take part in is skipped;
  data.overdue skips the row. No new rule id is needed and the clerk sees the cell.
* data.date-order compares a row's own dates only (完成 before 交办, 时限 before
  交办). A 完成日期 later than today is not reported: it would come and go with
  --today, and data.overdue is the one rule that depends on the day of the audit.
  A closed problem without 完成日期 is not in the catalogue and is not reported.
* data.overdue: today is later than 整改时限 and 整改状态 is not closed. Closed is
  已整改 or 已销号; 已完成/已办结/整改完成 are read as the same, and so is a closed
  status with a note after it ("已整改，待验收"). An empty status counts as open.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from ...context import AuditInput
from ...model import DataRow, DataSheet
from ...parse import parse_date

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

_SPACE = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[、,，;；/／\n]+")
_ROLE = re.compile(r"^(?:牵头|配合|责任|协办|主办|参与)(?:单位)?[:：]")
_BRACKETS = re.compile(r"[(（][^)）]*[)）]")
_MONTH = re.compile(r"(\d{4})年(\d{1,2})月(?:份|底|末)?")
_YEAR_END = re.compile(r"(\d{4})年(?:年)?(?:底|末)")
_BEFORE = re.compile(r"(.+?)(?:之前|以前|前)")
_SPAN = re.compile(r"(\d{1,3})(个工作日|工作日|天|日|个自然日|自然日)(?:内)?")


def squeeze(text: str) -> str:
    """Text as compared: NFKC, no spaces anywhere."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).replace("\u200b", "")


# ---------------------------------------------------------------- member units


@dataclass(frozen=True)
class Members:
    """Every member unit's name and 简称 (squeezed) → its full name."""

    names: dict[str, str]

    def match(self, text: str) -> str | None:
        key = _ROLE.sub("", squeeze(text))
        hit = self.names.get(key)
        if hit is None and _BRACKETS.search(key):
            hit = self.names.get(_BRACKETS.sub("", key))
        return hit

    def suggest(self, text: str) -> list[str]:
        """The closest member units (difflib ratio ≥ 0.5 against a name or 简称);
        two when they are equally close, so that a tie is not settled by chance."""
        key = squeeze(text)
        best: dict[str, float] = {}
        for name, full in self.names.items():
            score = difflib.SequenceMatcher(None, key, name).ratio()
            best[full] = max(best.get(full, 0.0), score)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
        if not ranked or ranked[0][1] < 0.5:
            return []
        top = ranked[0][1]
        return [full for full, score in ranked[:2] if score > top - 1e-9]


def members(ctx: AuditInput) -> Members | None:
    """The member-unit list, or None when there is none to compare with."""
    units = ctx.units
    if units is None or not units.present or not units.rows:
        return None
    names: dict[str, str] = {}
    for r in units.rows:
        full = squeeze(r.text("单位名称"))
        if not full:
            continue
        names.setdefault(full, full)
        for alias in _SEPARATORS.split(r.text("简称")):
            pieces = alias.split()  # "市城管局 城管局": spaces between 简称, too
            for key in [squeeze(alias), *(pieces if len(pieces) > 1 else [])]:
                if key:
                    names.setdefault(squeeze(key), full)
    return Members(names) if names else None


def unit_parts(text: str, known: Members | None) -> list[tuple[str, str | None]]:
    """The units a 责任单位 cell names: (as written, full name or None)."""
    out: list[tuple[str, str | None]] = []
    for chunk in _SEPARATORS.split(text):
        chunk = chunk.strip()
        if not chunk:
            continue
        full = known.match(chunk) if known else None
        pieces = chunk.split()
        if full is None and known and len(pieces) > 1 and all(known.match(p) for p in pieces):
            out.extend((p, known.match(p)) for p in pieces)
        else:
            out.append((chunk, full))
    return out


def unit_label(text: str, known: Members | None) -> str | None:
    """The 责任单位 for a finding's `unit` key: full names where they match."""
    parts = unit_parts(text, known)
    return "、".join(full or squeeze(raw) for raw, full in parts) or None


# ---------------------------------------------------------------- dates


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
        text = squeeze(value)
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


def row_dates(r: DataRow) -> dict[str, CellDate]:
    given = read_date(r.cells.get("交办日期"))
    return {
        "交办日期": given,
        "整改时限": read_date(r.cells.get("整改时限"), deadline=True, given=given.date),
        "完成日期": read_date(r.cells.get("完成日期")),
    }


# ---------------------------------------------------------------- shared


def problem_rows(ctx: AuditInput) -> Iterator[tuple[DataSheet, DataRow]]:
    sheet = ctx.problems
    if sheet is not None and sheet.present:
        for r in sheet.rows:
            yield sheet, r


def at(r: DataRow) -> str:
    """How a message names a problem-list row, with the problem's 编号 and words."""
    what = r.text("问题描述")
    if len(what) > 30:
        what = what[:29] + "…"
    code = r.text("编号")
    label = f"{code}“{what}”" if what else code
    return f"问题清单工作表“{r.sheet}”第 {r.row} 行" + (f"（{label}）" if label else "")


def where(sheet: DataSheet, r: DataRow, column: str, unit: str | None, **extra) -> dict:
    return {
        "sheet": r.sheet,
        "row": r.row,
        "column": column,
        "file": sheet.path,
        "unit": unit,
        **extra,
    }


def closed(status: str) -> bool:
    """已整改/已销号 and their usual variants, also with a note ("已整改，待验收")."""
    text = squeeze(status)
    return text in CLOSED or text.startswith(CLOSED_PREFIXES)
