"""The ledger workbook (归档文件目录) → Ledger."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    SYSTEM_COLUMNS,
    Ledger,
    LedgerRow,
    SheetInfo,
)
from ..parse import parse_archive_code
from .csvfile import is_text_table, read_text_table
from .workbook import RawSheet, clean, find_header, header_key, read_workbook

# Accepted header texts for each column; the first is the canonical name. Besides the
# names clerks type, the ones archive systems export (文件时间, 文件编号, 机构（问题）…).
ALIASES: dict[str, tuple[str, ...]] = {
    "档号": ("档号", "档案号", "档案编号", "档号（件）"),
    "件号": ("件号", "序号", "室编件号", "顺序号"),
    "责任者": ("责任者", "发文机关", "发文单位", "责任单位", "形成单位", "文件责任者", "作者"),
    "文号": ("文号", "发文字号", "文件编号", "发文号", "文件字号", "文件文号"),
    "题名": ("题名", "文件题名", "标题", "文件标题", "文件名称", "材料名称", "题名与责任说明"),
    "日期": (
        "日期",
        "成文日期",
        "文件日期",
        "形成日期",
        "发文日期",
        "文件时间",
        "形成时间",
        "成文时间",
        "文件形成时间",
        "发文时间",
    ),
    "页数": ("页数", "页码数", "张数", "文件页数", "总页数"),
    "密级": ("密级", "密级代码"),
    "保管期限": ("保管期限", "期限", "保管期限代码", "保管年限"),
    "条目": ("条目", "条目代码", "标准条目", "指标条目", "条款", "条目编号"),
    "材料类型": ("材料类型", "类型", "文件类型", "材料类别", "资料类型"),
    "文件路径": ("文件路径", "电子文件路径", "路径", "文件位置", "电子文件", "原文路径"),
    "备注": ("备注", "附注"),
    "归档年度": ("归档年度", "年度", "归档年份"),
    "全宗号": ("全宗号", "全宗代号", "全宗"),
    "档案门类代码": ("档案门类代码", "门类代码", "档案门类", "门类"),
    "机构（问题）": ("机构（问题）", "机构(问题)", "机构问题", "机构（问题）代码"),
    "实体分类号": ("实体分类号", "分类号"),
}
assert set(ALIASES) == set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS) | set(SYSTEM_COLUMNS)

# The sheet `docgen init` writes beside the catalogue: the guide's items and an example
# row, for reading and for the 条目 drop-down list; never part of the catalogue.
REFERENCE_SHEET = "条目说明"

# Required columns a row may carry inside another (DA/T 22 writes the retention in the 档号).
CARRIED = {"保管期限": "档号"}
UNIQUE = {"档号", "题名", "文号", "文件路径"}  # columns whose values rows seldom share


def load_ledger(path: Path, shown: str, only_sheets: list[str] | None = None) -> Ledger:
    read = read_text_table if is_text_table(path) else read_workbook
    raw_sheets = _select(read(path, shown, "归档文件目录"), shown, only_sheets)
    sheets: list[SheetInfo] = []
    rows: list[LedgerRow] = []
    for raw in raw_sheets:
        if not any(clean(v) is not None for r in raw.rows for v in r):
            continue  # a blank sheet (Sheet2, Sheet3) is not part of the catalogue
        if raw.name == REFERENCE_SHEET and not only_sheets:
            continue  # docgen init's reference sheet (with its example row)
        match = find_header(raw.rows, ALIASES, REQUIRED_COLUMNS, two_rows=True)
        derived = {
            column: source
            for column, source in CARRIED.items()
            if column in match.missing and source in match.columns
        }
        missing = tuple(c for c in match.missing if c not in derived)
        sheets.append(SheetInfo(raw.name, match.row, match.columns, missing, match.labels, derived))
        if match.row is not None:
            rows.extend(_data_rows(raw, match.row, match.columns, derived))
    if not sheets:
        raise InputError(
            f"归档文件目录 {shown} 中所有工作表都是空的。请填写目录，或运行 docgen init "
            "获取带表头的模板。"
        )
    return Ledger(path=shown, sheets=tuple(sheets), rows=tuple(rows))


def _select(raw_sheets: list[RawSheet], shown: str, only: list[str] | None) -> list[RawSheet]:
    """The sheets `paths.ledger_sheets` names (all when it is not set)."""
    if not only:
        return raw_sheets
    names = [s.name for s in raw_sheets]
    absent = [s for s in only if s not in names]
    if absent:
        raise InputError(
            f"docgen.yaml 的 paths.ledger_sheets 列出的工作表 {'、'.join(absent)} 在 {shown} "
            "中不存在"
            f"（现有：{'、'.join(names)}）。请改正工作表名称。"
        )
    return [s for s in raw_sheets if s.name in only]


def _data_rows(
    raw: RawSheet, header_row: int, columns: dict[str, int], derived: dict[str, str]
) -> list[LedgerRow]:
    """The rows under the header; blank lines and repeated headers are skipped. A column
    the sheet carries elsewhere (`derived`) is filled from there when that reads."""
    out = []
    shared: dict[str, str] = {}  # one object for a text many rows repeat (责任者, 保管期限 …)
    spec = [(c, i, c not in UNIQUE) for c, i in columns.items()]
    for idx in range(header_row, len(raw.rows)):
        values = raw.rows[idx]
        width = len(values)
        cells = {}
        for c, i, share in spec:
            value = clean(values[i]) if i < width else None
            if share and value.__class__ is str:
                value = shared.setdefault(value, value)
            cells[c] = value
        if all(cells.get(c) is None for c in REQUIRED_COLUMNS):
            continue  # blank line, or a note typed under the table
        if _repeats_header(cells):
            continue  # the header repeated further down (a catalogue printed page by page)
        taken = {}
        if "保管期限" in derived:
            code = parse_archive_code(cells.get("档号"))
            retention = code.retention_name if code is not None else None
            cells["保管期限"] = retention  # None: the 档号 tells none (its own rule says why)
            if retention is not None:
                taken["保管期限"] = "档号"
        out.append(LedgerRow(sheet=raw.name, row=idx + 1, cells=cells, derived=taken))
    return out


def _repeats_header(cells: dict) -> bool:
    code, title = cells.get("档号"), cells.get("题名")
    if not isinstance(code, str) or len(code) > 12:  # a real 档号 is longer than any header text
        return False
    return header_key(code) in ALIASES["档号"] and header_key(title) in ALIASES["题名"]
