"""The check stage's input built in memory: an AuditInput from a few Python rows, without
writing a workbook. It uses the real model classes, the loader's own cell cleaning
(load.workbook.clean) and its linking of rows to files (load.archive.link_rows), so a
rule sees what it would see after loading a real project.

    ctx = build([good(1), good(2, date="20250231")])
    assert [f.row for f in bad_date(ctx)] == [4]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from projectkit import HEADER, row

from docgen.context import AuditInput
from docgen.load.archive import link_rows
from docgen.load.guide import load_guide
from docgen.load.members import NO_MEMBERS, Members
from docgen.load.project import DEFAULT_PATHS
from docgen.load.workbook import clean
from docgen.model import (
    REQUIRED_COLUMNS,
    Archive,
    City,
    FileEntry,
    Guide,
    Inspection,
    Ledger,
    LedgerRow,
    Project,
    SheetInfo,
)

TODAY = dt.date(2026, 1, 15)
HEADER_ROW = 2  # a merged title in row 1, as real 归档文件目录 have
ROOT = Path("/nonexistent/project")  # rules never read files: nothing is there
Row = Sequence[Any] | Mapping[str, Any]


def good(n: int, section: str = "01", **kw: Any) -> list:
    """A correct row of group J012-2025-D30-{section}; item 1.3 (section 01) unless given."""
    return row(f"J012-2025-D30-{section}-{n:04d}", **kw)


def sheet(
    name: str, rows: Iterable[Row], header: Sequence[str] = HEADER, header_row: int | None = 2
) -> tuple[SheetInfo, list[LedgerRow]]:
    """One ledger sheet as load.ledger makes it: rows are lists in `header` order or dicts
    by column name, with cell values as the workbook reader gives them (a date cell is a
    dt.date); data start under `header_row` (None: no header found, no rows read)."""
    if header_row is None:  # the loader then knows no column and reads no row
        return SheetInfo(name, None, {}, REQUIRED_COLUMNS), []
    columns = {c: i for i, c in enumerate(header)}
    missing = tuple(c for c in REQUIRED_COLUMNS if c not in columns)
    info = SheetInfo(name, header_row, columns, missing, {c: c for c in header})
    out = []
    for offset, values in enumerate(rows, start=1):
        if isinstance(values, Mapping):
            cells = {c: clean(values.get(c)) for c in header}
        else:
            cells = {c: clean(values[i]) if i < len(values) else None for c, i in columns.items()}
        if all(cells.get(c) is None for c in REQUIRED_COLUMNS):
            continue  # a blank line, as the loader skips it
        out.append(LedgerRow(sheet=name, row=header_row + offset, cells=cells))
    return info, out


def ledger(sheets: Mapping[str, Iterable[Row]], **kw: Any) -> Ledger:
    """A Ledger of several sheets, each as `sheet()` builds it."""
    infos, rows = [], []
    for name, sheet_rows in sheets.items():
        info, found = sheet(name, sheet_rows, **kw)
        infos.append(info)
        rows += found
    return Ledger(path=DEFAULT_PATHS["ledger"], sheets=tuple(infos), rows=tuple(rows))


def project(years: Sequence[int] = (2025,), fonds: str | None = "J012", **kw: Any) -> Project:
    """The test projects' docgen.yaml (projectkit.write_config) as a Project."""
    city = City(name="示例市", level="city", province="示例省", fonds=fonds)
    return Project(
        root=ROOT,
        city=city,
        guide=kw.pop("guide", "national-city-2021"),
        years=list(years),
        paths=dict(DEFAULT_PATHS),
        **kw,
    )


def archive(the_ledger: Ledger, inspections: Mapping[str, Inspection] | None = None) -> Archive:
    """An archive folder holding a file for each key of `inspections` (archive-relative
    paths) as inspected, linked to the ledger's rows."""
    files = {
        rel: FileEntry(rel=rel, path=ROOT / "archive" / rel, size=1, mtime_ns=0)
        for rel in inspections or {}
    }
    folder = Archive(root_rel=DEFAULT_PATHS["archive"], files=files)
    folder.inspections = dict(inspections or {})
    folder.links = link_rows(the_ledger, folder)
    return folder


@lru_cache(maxsize=8)
def _guide(ref: str) -> Guide:
    """A built-in guide, read once (a Guide is frozen: tests may share it)."""
    return load_guide(ref, base=ROOT)


def build(
    rows: Iterable[Row] = (),
    *,
    sheets: Mapping[str, Iterable[Row]] | None = None,
    header: Sequence[str] = HEADER,
    header_row: int | None = HEADER_ROW,
    guide: str = "national-city-2021",
    years: Sequence[int] = (2025,),
    today: dt.date = TODAY,
    fonds: str | None = "J012",
    doc_class: str | None = None,
    inspections: Mapping[str, Inspection] | None = None,
    unit_names: Mapping[str, str] | None = None,
) -> AuditInput:
    """An AuditInput: `rows` make one sheet "2025" (or give `sheets` by name); with
    `inspections` the project has an archive folder of those files."""
    the_ledger = ledger(sheets or {"2025": rows}, header=header, header_row=header_row)
    the_project = project(years, fonds, guide=guide, doc_class=doc_class)
    return AuditInput(
        project=the_project,
        guide=_guide(guide),
        years=list(years),
        ledger=the_ledger,
        archive=archive(the_ledger, inspections) if inspections is not None else None,
        today=today,
        members=Members((), {}, dict(unit_names)) if unit_names else NO_MEMBERS,
    )
