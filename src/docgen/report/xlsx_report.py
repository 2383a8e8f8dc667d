"""`docgen audit --format xlsx`: a 整改清单 a clerk can filter, print and hand out.

Three sheets: 整改清单 (one row per finding), 完整性 (sections × years) and 说明.
When the audit history has a previous comparable run (a `Comparison`), 整改清单 gains
a 状态 column (新增 / 未整改) and a fourth sheet 已整改 lists the previous run's
findings that are gone. Every string is stored as text, never as a formula, even
when it starts with "=". The bytes are reproducible: fixed document dates and fixed
zip entry times.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from io import BytesIO
from typing import TYPE_CHECKING, Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..catalogue import CATALOGUE
from ..completeness import WHOLE_WINDOW
from ..findings import ERROR, SEVERITY_NAMES, WARNING, Finding
from ..history.model import FIXED, NEW, STATUS_NAMES, finding_from_dict
from . import reading
from .names import indicator_name, indicator_names

if TYPE_CHECKING:
    from ..audit import AuditResult
    from ..history.model import Comparison

FIXED_TIME = dt.datetime(2000, 1, 1)
MAX_CELL = 32767  # Excel's limit on the characters of one cell

# (header, width); the order is the sheet's column order
FINDING_COLUMNS = [
    ("序号", 6),
    ("严重程度", 9),
    ("规则", 26),
    ("问题类别", 22),
    ("问题说明", 60),
    ("工作表", 10),
    ("行号", 7),
    ("列", 10),
    ("文件", 30),
    ("条目", 7),
    ("材料类型", 10),
    ("年度", 7),
    ("期间", 10),
    ("档号", 26),
    ("责任单位", 22),
    ("指标", 18),
    ("数值", 12),
    ("应为", 14),
    ("整改情况", 28),
    ("完成日期", 12),
]
STATUS_COLUMN = ("状态", 11)  # after 严重程度, when there is a previous run
FIXED_NAME = STATUS_NAMES[FIXED]  # the sheet of the previous run's findings that are gone

RED = "FFC7CE"
YELLOW = "FFEB9C"
GREEN = "C6EFCE"
ORANGE = "F8CBAD"
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
SEVERITY_FILLS = {
    ERROR: PatternFill("solid", fgColor=RED),
    WARNING: PatternFill("solid", fgColor=YELLOW),
}
SEVERITY_FONTS = {ERROR: Font(color="9C0006", bold=True), WARNING: Font(color="9C5700", bold=True)}
NEW_FILL = PatternFill("solid", fgColor=ORANGE)
TOP = Alignment(vertical="top")
WRAP = Alignment(vertical="top", wrap_text=True)

HOW_TO = [
    (
        "“整改清单”每行是一个问题。用表头的筛选按钮按“责任单位”“问题类别”“严重程度”或“条目”"
        "筛选，复制或打印后分发给责任单位。"
    ),
    "“工作表”“行号”“列”指归档文件目录中的位置；“文件”是项目文件夹下的相对路径。",
    "错误必须整改；警告请逐条核实，确属合理的可以保留，并在“整改情况”中写明理由。",
    "整改后在“整改情况”“完成日期”两列填写。本表不会自动更新。",
    "全部整改后重新运行 docgen audit 复核，已整改的问题不会再出现在新报告中。",
    "“完整性”表列出各类目每年满足建档指引要求的比例：绿色为齐全，黄色为 80% 以上，红色为不足 80%。",
]

# characters an xlsx file cannot hold (XML 1.0): shown escaped instead
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_RISKY_START = ("=", "+", "-", "@", "\t", "\r")


STATUS_HOW_TO = (
    "“状态”与上一次范围相同的审核（见“说明”表的“对比的上次审核”）相比："
    "“新增”是上次没有的问题，“未整改”是上次已发现、这次仍然存在的问题；上次有、这次没有的问题列在“已整改”表中。"
)


def render(result: AuditResult, comparison: Comparison | None = None) -> bytes:
    """The workbook; with a `comparison` that has a previous run, the 状态 column and
    the 已整改 sheet."""
    compared = comparison if comparison is not None and comparison.previous is not None else None
    wb = Workbook()
    statuses = compared.statuses(result.findings) if compared is not None else None
    names = indicator_names(result)
    findings_sheet(wb.active, result.findings, statuses, names)
    completeness_sheet(wb.create_sheet("完整性"), result)
    about_sheet(wb.create_sheet("说明"), result, compared)
    if compared is not None:
        fixed_sheet(wb.create_sheet(FIXED_NAME), compared, names)
    wb.active = 0
    set_properties(wb, result)
    return save(wb)


# ---------------------------------------------------------------- cells


def put(ws: Worksheet, row: int, column: int, value: Any):
    """Write one value; strings always as text, never as a formula or error code."""
    cell = ws.cell(row=row, column=column)
    value = cell_value(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(_RISKY_START):
            cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    return cell


def cell_value(value: Any) -> Any:
    """A value a cell can hold: numbers stay numbers, everything else becomes text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        text = "、".join(str(v) for v in value)
    else:
        text = str(value)
    text = _ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text[:MAX_CELL]


def header_row(ws: Worksheet, columns: list[tuple[str, int]]) -> None:
    for i, (name, width) in enumerate(columns, start=1):
        cell = put(ws, 1, i, name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", horizontal="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(i)].width = width


def ratio_fill(ratio: float) -> PatternFill:
    colour = GREEN if ratio >= 1 else YELLOW if ratio >= 0.8 else RED
    return PatternFill("solid", fgColor=colour)


# ---------------------------------------------------------------- 整改清单


def finding_columns(with_status: bool) -> list[tuple[str, int]]:
    if not with_status:
        return FINDING_COLUMNS
    return FINDING_COLUMNS[:2] + [STATUS_COLUMN] + FINDING_COLUMNS[2:]


def findings_sheet(
    ws: Worksheet,
    findings: list[Finding],
    statuses: list[str | None] | None = None,
    names: Mapping[str, str] | None = None,
) -> None:
    """One row per finding; with `statuses` (one per finding) a 状态 column after 严重程度.
    `names`: indicator code → name (report.names)."""
    ws.title = "整改清单"
    columns = finding_columns(statuses is not None)
    message_column = [name for name, _ in columns].index("问题说明") + 1
    header_row(ws, columns)
    for n, f in enumerate(findings, start=1):
        values = finding_values(n, f, names)
        if statuses is not None:
            values.insert(2, STATUS_NAMES.get(statuses[n - 1] or "", None))
        for column, value in enumerate(values, start=1):
            cell = put(ws, n + 1, column, value)
            cell.alignment = WRAP if column == message_column else TOP
        severity = ws.cell(row=n + 1, column=2)
        if f.severity in SEVERITY_FILLS:
            severity.fill = SEVERITY_FILLS[f.severity]
            severity.font = SEVERITY_FONTS[f.severity]
        if statuses is not None and statuses[n - 1] == NEW:
            ws.cell(row=n + 1, column=3).fill = NEW_FILL
    last = get_column_letter(len(columns))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{len(findings) + 1}"
    print_setup(ws)


def finding_values(n: int, f: Finding, names: Mapping[str, str] | None = None) -> list[Any]:
    info = CATALOGUE.get(f.rule)
    return [
        n,
        SEVERITY_NAMES.get(f.severity, f.severity),
        f.rule,
        info.title if info else None,
        f.message,
        f.sheet,
        f.row,
        f.column,
        f.file,
        f.item,
        f.kind,
        f.year,
        f.period,
        f.archive_code,
        f.unit,
        indicator_name(f.indicator, names or {}),
        f.value,
        f.expected,
        None,
        None,
    ]


# ---------------------------------------------------------------- 已整改


def fixed_sheet(
    ws: Worksheet, comparison: Comparison, names: Mapping[str, str] | None = None
) -> None:
    """The previous run's findings that are gone, as that run reported them (its row
    numbers); the clerk's 整改情况 and 完成日期 columns are left out."""
    columns = FINDING_COLUMNS[:-2]
    header_row(ws, columns)
    message_column = [name for name, _ in columns].index("问题说明") + 1
    for n, data in enumerate(comparison.fixed, start=1):
        f = finding_from_dict(data)
        for column, value in enumerate(finding_values(n, f, names)[: len(columns)], start=1):
            cell = put(ws, n + 1, column, value)
            cell.alignment = WRAP if column == message_column else TOP
        ws.cell(row=n + 1, column=2).fill = PatternFill("solid", fgColor=GREEN)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(comparison.fixed) + 1}"
    print_setup(ws)


def print_setup(ws: Worksheet) -> None:
    """Landscape, all columns on one page width, header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


# ---------------------------------------------------------------- 完整性


def completeness_sheet(ws: Worksheet, result: AuditResult) -> None:
    """Sections × years (and 全期), as measured (AuditResult.completeness)."""
    measured = result.completeness
    by_section = measured.by_section()
    by_year = measured.by_section_year()
    labels = period_labels(result.years, measured.has_window)
    header_row(
        ws,
        [("类目代码", 10), ("类目名称", 34)] + [(label, 10) for label in labels] + [("合计", 10)],
    )
    row = 2
    for section in result.guide.sections:
        ratios = [by_year.get(section.code, {}).get(label) for label in labels]
        ratio_row(ws, row, [section.code, section.name], ratios + [by_section.get(section.code)])
        row += 1
    totals = [measured.years.get(label) for label in labels] + [measured.overall]
    ratio_row(ws, row, [None, "全部类目"], totals)
    for cell in ws[row]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "C2"


def period_labels(years: list[int], whole_window: bool) -> list[str]:
    labels = [str(y) for y in sorted(years)]
    if whole_window:
        labels.append(WHOLE_WINDOW)
    return labels


def ratio_row(ws: Worksheet, row: int, names: list[Any], ratios: list[float | None]) -> None:
    for column, name in enumerate(names, start=1):
        put(ws, row, column, name).alignment = TOP
    for column, ratio in enumerate(ratios, start=len(names) + 1):
        cell = put(ws, row, column, ratio)
        if ratio is None:
            continue
        cell.number_format = "0.0%"
        cell.fill = ratio_fill(ratio)


# ---------------------------------------------------------------- 说明


def about_sheet(ws: Worksheet, result: AuditResult, comparison: Comparison | None = None) -> None:
    stats = result.stats or {}
    years = "、".join(str(y) for y in sorted(result.years))
    rows: list[tuple[str, Any]] = [
        ("城市", result.project.city.name),
        ("建档指引", f"{result.guide.id} {result.guide.title}"),
        ("审核年度", years),
        ("目录行数", stats.get("rows", 0)),
        ("工作表数", stats.get("sheets", 0)),
        ("归档文件数", stats.get("files", 0)),
        ("文件读取", reading.line(result) or "未读取文件内容"),
        ("错误", result.errors),
        ("警告", result.warnings),
        ("资料完整率", result.completeness.overall),
        ("生成工具", f"docgen {result.version}"),
    ]
    if comparison is not None:
        prev, cur = comparison.previous, comparison.current
        rows += [
            ("对比的上次审核", f"#{prev.run_id}（{prev.run_time.replace('T', ' ')}）"),
            ("新增", cur.new),
            ("未整改", cur.still_open),
            ("已整改", cur.fixed),
        ]
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 90
    put(ws, 1, 1, "审核概况").font = Font(bold=True, size=12)
    for i, (label, value) in enumerate(rows, start=2):
        put(ws, i, 1, label).font = Font(bold=True)
        cell = put(ws, i, 2, value)
        cell.alignment = Alignment(vertical="top", horizontal="left")
        if label == "资料完整率":
            cell.number_format = "0.0%"
    start = len(rows) + 3
    put(ws, start, 1, "使用方法").font = Font(bold=True, size=12)
    how_to = HOW_TO + [STATUS_HOW_TO] if comparison is not None else HOW_TO
    for i, text in enumerate(how_to, start=1):
        put(ws, start + i, 1, i).alignment = Alignment(vertical="top", horizontal="left")
        put(ws, start + i, 2, text).alignment = WRAP


# ---------------------------------------------------------------- saving


def set_properties(wb: Workbook, result: AuditResult) -> None:
    props = wb.properties
    props.creator = f"docgen {result.version}"
    props.title = cell_value(f"{result.project.city.name} 整改清单")
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.lastModifiedBy = None


class _FixedTimeZip(ZipFile):
    """A zip whose entries all carry FIXED_TIME, so equal content gives equal bytes."""

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        if isinstance(zinfo_or_arcname, str):
            info = ZipInfo(zinfo_or_arcname, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        return super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        # openpyxl writes each worksheet from a temporary file, stamped with the clock
        with open(filename, "rb") as fh:
            return self.writestr(str(arcname or filename), fh.read())


def save(wb: Workbook) -> bytes:
    # ExcelWriter directly: openpyxl's save_workbook would stamp the current time
    buffer = BytesIO()
    ExcelWriter(wb, _FixedTimeZip(buffer, "w", ZIP_DEFLATED, allowZip64=True)).save()
    return buffer.getvalue()
