"""The ledger workbook (归档文件目录) → Ledger."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, Ledger, LedgerRow, SheetInfo
from .workbook import RawSheet, clean, find_header, header_key, read_workbook

# Accepted header texts for each column; the first is the canonical name.
ALIASES: dict[str, tuple[str, ...]] = {
    "档号": ("档号", "档案号", "档案编号"),
    "件号": ("件号", "序号", "室编件号"),
    "责任者": ("责任者", "发文机关", "发文单位", "责任单位", "形成单位"),
    "文号": ("文号", "发文字号", "文件编号", "发文号"),
    "题名": ("题名", "文件题名", "标题", "文件标题", "文件名称", "材料名称"),
    "日期": ("日期", "成文日期", "文件日期", "形成日期", "发文日期"),
    "页数": ("页数", "页码数", "张数"),
    "密级": ("密级",),
    "保管期限": ("保管期限", "期限"),
    "条目": ("条目", "条目代码", "标准条目", "指标条目", "条款", "条目编号"),
    "材料类型": ("材料类型", "类型", "文件类型", "材料类别", "资料类型"),
    "文件路径": ("文件路径", "电子文件路径", "路径", "文件位置", "电子文件"),
    "备注": ("备注", "附注"),
}
assert set(ALIASES) == set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)


def load_ledger(path: Path, shown: str, only_sheets: list[str] | None = None) -> Ledger:
    raw_sheets = _select(read_workbook(path, shown, "归档文件目录"), shown, only_sheets)
    sheets: list[SheetInfo] = []
    rows: list[LedgerRow] = []
    for raw in raw_sheets:
        if not any(clean(v) is not None for r in raw.rows for v in r):
            continue  # a blank sheet (Sheet2, Sheet3) is not part of the catalogue
        match = find_header(raw.rows, ALIASES, REQUIRED_COLUMNS)
        sheets.append(SheetInfo(raw.name, match.row, match.columns, match.missing, match.labels))
        if match.row is not None:
            rows.extend(_data_rows(raw, match.row, match.columns))
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


def _data_rows(raw: RawSheet, header_row: int, columns: dict[str, int]) -> list[LedgerRow]:
    """The rows under the header; blank lines and repeated headers are skipped."""
    out = []
    for idx in range(header_row, len(raw.rows)):
        values = raw.rows[idx]
        cells = {c: clean(values[i]) if i < len(values) else None for c, i in columns.items()}
        if all(cells.get(c) is None for c in REQUIRED_COLUMNS):
            continue  # blank line, or a note typed under the table
        if _repeats_header(cells):
            continue  # the header repeated further down (a catalogue printed page by page)
        out.append(LedgerRow(sheet=raw.name, row=idx + 1, cells=cells))
    return out


def _repeats_header(cells: dict) -> bool:
    code, title = cells.get("档号"), cells.get("题名")
    if not isinstance(code, str) or len(code) > 12:  # a real 档号 is longer than any header text
        return False
    return header_key(code) in ALIASES["档号"] and header_key(title) in ALIASES["题名"]
