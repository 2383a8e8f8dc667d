"""What loading produces and rules read: plain data, no judgement and no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# ---------------------------------------------------------------- project


@dataclass(frozen=True)
class City:
    name: str
    level: str  # "city" | "county"
    province: str | None
    fonds: str | None  # 全宗号
    profile: dict[str, Any] = field(default_factory=dict)  # other city fields, kept for documents


@dataclass(frozen=True)
class Project:
    root: Path
    city: City
    guide: str  # built-in id or a path relative to root
    years: list[int]
    paths: dict[str, str]  # ledger, archive, indicators, units, problems (relative to root)
    ledger_sheets: list[str] | None = None
    doc_class: str | None = None  # DA/T 22 门类代码, e.g. "WS"; None: either form accepted
    cluster: str | None = None  # a Dask scheduler's address (docgen.yaml cluster:); None: here

    def path(self, key: str) -> Path:
        return self.root / self.paths[key]


# ---------------------------------------------------------------- guide

PERIODS = ("once", "year", "quarter", "month")


@dataclass(frozen=True)
class Requirement:
    kind: str
    per: str  # once | year | quarter | month
    min: int = 1
    carry_forward: bool = False


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    section: str  # the section code, e.g. "03"
    requires: tuple[Requirement, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Section:
    code: str
    name: str
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Material:
    """One material of the application dossier (申报材料). `template` is the template
    that writes it from project data; `supplied_by` names who hands in a file instead
    (省爱卫会 for the recommendation): the file is looked for in the project's dossier/
    folder by the names in `match` (default: id and title)."""

    id: str
    title: str
    template: str | None = None
    supplied_by: str | None = None
    optional: bool = False
    match: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Guide:
    id: str
    title: str
    level: str
    window: int
    kinds: tuple[str, ...]
    sections: tuple[Section, ...]
    source: str  # where it was loaded from, for messages
    materials: tuple[Material, ...] = ()

    @property
    def items(self) -> dict[str, Item]:
        return {i.code: i for s in self.sections for i in s.items}

    @property
    def section_names(self) -> dict[str, str]:
        return {s.code: s.name for s in self.sections}


# ---------------------------------------------------------------- ledger

# canonical column names of the ledger (DESIGN.md, Input formats)
REQUIRED_COLUMNS = ("档号", "责任者", "题名", "日期", "页数", "保管期限", "条目", "材料类型")
OPTIONAL_COLUMNS = ("件号", "文号", "密级", "文件路径", "备注")
# what archive systems export beside them (DA/T 22's 档号 parts, kept as read)
SYSTEM_COLUMNS = ("归档年度", "全宗号", "档案门类代码", "机构（问题）", "实体分类号")


@dataclass(frozen=True)
class SheetInfo:
    """One sheet of the ledger workbook as found: where its header is, which
    canonical columns it has (by 0-based index) and which required ones it lacks."""

    name: str
    header_row: int | None  # 1-based spreadsheet row, None when no header was found
    columns: dict[str, int]
    missing: tuple[str, ...]
    labels: dict[str, str] = field(default_factory=dict)  # canonical -> header text as written
    # a required column the sheet lacks but its rows carry elsewhere -> where (保管期限: 档号)
    derived: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LedgerRow:
    """One data row. `cells` maps canonical column names to the cell's value
    (str, int, float, date or datetime); an empty cell is None."""

    sheet: str
    row: int
    cells: dict[str, Any]
    # canonical column -> the column its value was taken from (保管期限 read from the 档号)
    derived: dict[str, str] = field(default_factory=dict)

    def text(self, column: str) -> str:
        """The cell as stripped text; '' when empty."""
        value = self.cells.get(column)
        if value.__class__ is str:  # loading already stripped it; this runs millions of times
            return value
        return cell_text(value)


@dataclass(frozen=True)
class Ledger:
    path: str  # relative to the project
    sheets: tuple[SheetInfo, ...]
    rows: tuple[LedgerRow, ...]


def cell_text(value: Any) -> str:
    if value.__class__ is str:  # the common case first: this runs millions of times
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return (
            value.strftime("%Y-%m-%d %H:%M:%S")
            if value.time() != dt.time()
            else value.strftime("%Y-%m-%d")
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


# ---------------------------------------------------------------- archive folder


@dataclass(frozen=True)
class FileEntry:
    """A file found under the archive folder. `rel` is its path relative to the
    archive folder (POSIX form, decoded for display); `path` is the real path."""

    rel: str
    path: Path
    size: int
    mtime_ns: int
    link_outside: bool = False  # a symlink whose target leaves the archive folder
    link_broken: bool = False  # a symlink that loops or points nowhere
    name_encoding: str | None = None  # "gbk" or "unknown" when the name is not UTF-8
    # mtime can be set back by any program, ctime cannot: with the inode they tell a file
    # replaced by other bytes of the same size under its old mtime (the caches' keys)
    ctime_ns: int = 0
    ino: int = 0


@dataclass(frozen=True)
class Inspection:
    """What a file is, read from its bytes.

    status: "ok", "unreadable", "encrypted" or "empty"; `reason` says why in Chinese
    when status is not ok. `pages` is None where the format has no page count we
    can trust (DOCX, images)."""

    sha256: str | None
    detected: str  # pdf, docx, xlsx, pptx, ofd, zip, cfb, doc, xls, jpeg, png, ..., unknown
    status: str = "ok"
    reason: str | None = None
    pages: int | None = None


@dataclass(frozen=True)
class LinkNote:
    """Why a row's file was not found, or left the archive folder, as loading saw it.

    what: "no-id" (neither 档号 nor 文件路径), "outside-link" (the file is a link leaving
    the folder), "through-link" (the path passes such a link: `names` = (link,)),
    "absolute", "dotdot", "gbk-name" (a GBK-named file decodes to it: `names` = (rel,)),
    "same-stem" (files in the same folder with another extension), "same-name"
    (files of that name elsewhere); `names` are the candidates found (at most 3)."""

    what: str
    names: tuple[str, ...] = ()


# How a ledger row resolved to the archive. status: found | missing | outside
@dataclass(frozen=True)
class RowFile:
    row: LedgerRow
    status: str
    rel: str | None  # the archive-relative path the row points to (or expected)
    matched: tuple[str, ...] = ()  # archive-relative paths of the files found
    note: LinkNote | None = None


@dataclass(frozen=True)
class Unread:
    """Something under the archive folder the scan could not read.

    what: "no-folder" (the archive folder is absent), "folder" (the archive folder
    itself cannot be listed), "subfolder", "file" (vanished or unreadable while
    scanned), "special" (a pipe or device file). `rel` is "" for the archive folder;
    `reason` is errors.read_reason of the OSError, when there was one."""

    what: str
    rel: str
    reason: str | None = None


@dataclass
class Archive:
    root_rel: str  # the archive folder relative to the project, e.g. "archive"
    files: dict[str, FileEntry]
    problems: list[Unread] = field(default_factory=list)  # what could not be read
    links: list[RowFile] = field(default_factory=list)
    inspections: dict[str, Inspection] = field(default_factory=dict)
    # scanned pages (inspect/scan.py) measured while the text stage had each PDF open,
    # by (sha256, kind): the scan stage does not open those files again
    scanned: dict[tuple[str, str], tuple[ScanPage, ...]] = field(default_factory=dict)

    def display(self, rel: str) -> str:
        """A path relative to the project folder, for findings."""
        return f"{self.root_rel}/{rel}" if self.root_rel not in ("", ".") else rel


# ---------------------------------------------------------------- data sheets and documents


@dataclass(frozen=True)
class DataRow:
    """One row of a data workbook (指标数据, 问题清单, 成员单位): canonical column →
    cleaned cell value (None when empty), with the sheet and spreadsheet row number."""

    sheet: str
    row: int
    cells: dict[str, Any]
    # canonical column -> the column its value was taken from (保管期限 read from the 档号)
    derived: dict[str, str] = field(default_factory=dict)

    def text(self, column: str) -> str:
        return cell_text(self.cells.get(column))


@dataclass(frozen=True)
class DataSheet:
    """A data workbook as loaded. `missing` lists (sheet, column) pairs of required
    columns a sheet lacks; `rows` are the usable rows of all sheets."""

    path: str  # relative to the project
    present: bool  # False when the file does not exist (it is optional)
    rows: tuple[DataRow, ...] = ()
    missing: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Figure:
    """One value of one indicator for one year, from the data sheet or from what a
    filed document says. `value` is in the catalogue's unit; `decimals` is the
    precision the source stated (41.2 → 1), for comparing at that precision."""

    indicator: str  # catalogue code
    year: int
    value: float
    unit: str | None  # the catalogue unit the value is expressed in
    decimals: int
    source: str  # "data" | "document"
    sheet: str | None = None
    row: int | None = None
    file: str | None = None  # relative to the project
    archive_code: str | None = None
    text: str | None = None  # the words the figure was read from
    raw_unit: str | None = None
    read_by: str | None = None  # a document's figure: how its words were read (READ_HOW)


# ---------------------------------------------------------------- how filed files were read

# how a file's words were read: its text layer (PDF, DOCX, XLSX), OCR of its scanned
# pages or images, LibreOffice (.doc, .wps converted), or the OFD's own XML
READ_HOW = ("text", "ocr", "libreoffice", "ofd")
# why a file was not read: OCR or LibreOffice not installed (or turned off), the file
# could not be opened or read, the reading overran its time limit, the file is over
# the size or page limit, or it holds no text to read (a photo, a video, an archive)
UNREAD_REASONS = ("no-ocr", "no-libreoffice", "unreadable", "timeout", "too-big", "not-text")
# 材料类型 of photographs filed as photographs: counted, never OCR'd
PICTURES = ("照片", "图片", "相片", "影像", "照片档案", "图片资料", "现场照片")


@dataclass(frozen=True)
class Reading:
    """How one filed file (FileEntry.rel) was read: `how` one of READ_HOW, or None when
    it was not read, then `reason` one of UNREAD_REASONS. `ocr_pages` counts the pages
    (or images) read by OCR; `detail` is what went wrong, in Chinese, when known. A file
    read in part (a PDF of text with scanned pages OCR could not read) has its `how`,
    the 1-based `unread_pages` and their `reason`."""

    rel: str
    how: str | None
    reason: str | None = None
    ocr_pages: int = 0
    detail: str | None = None
    unread_pages: tuple[int, ...] = ()


# ---------------------------------------------------------------- scanned pages (DA/T 31-2017)


@dataclass(frozen=True)
class ScanPage:
    """One scanned page of an archive file, as measured (inspect/scan.py).

    `dpi` is the scan's resolution (the smaller of the two axes), None when neither the
    file says it nor the page's size lets it be estimated; `dpi_estimated` is True when
    it was worked out from the pixel size as if the page were A4. `mode` is "colour",
    "grey" or "bilevel" as the pixels show; `red` whether red ink (红头, 印章) is seen."""

    page: int  # 1-based
    dpi: float | None
    dpi_estimated: bool
    mode: str
    red: bool
