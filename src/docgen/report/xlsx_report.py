"""`docgen audit --format xlsx`: the 整改清单 a clerk hands out and reads back.

Sheets: 汇总 (the audit's summary and, per 责任单位, what is answered, verified and
still open), one sheet per 责任单位 with the four columns a unit fills
(report/xlsx_units.py: `docgen rectify` reads them back), 整改清单 (every finding, for
filtering; the technical columns folded), 完整性 (sections × years) and 说明. When the
audit history has a previous comparable run (a `Comparison`), 整改清单 gains a 状态
column (新增 / 未整改) and a sheet 已整改 lists the previous run's findings that are
gone. Every string is stored as text, never as a formula, even when it starts with
"=". The bytes are reproducible: fixed document dates and fixed zip entry times.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..catalogue import CATALOGUE
from ..completeness import WHOLE_WINDOW
from ..findings import ERROR, SEVERITY_NAMES, WARNING, Finding
from ..history.model import FIXED, NEW, STATUS_NAMES, finding_from_dict
from ..rectify.items import build
from . import reading
from .names import indicator_name, indicator_names
from .order import in_order
from .xlsx_cells import (
    BODY,
    FIXED_TIME,
    GREEN,
    ORANGE,
    RED,
    TOP,
    WRAP,
    YELLOW,
    cell_value,
    header_row,
    print_setup,
    put,
    ratio_fill,
    save,
)
from .xlsx_units import marker_sheet, summary_sheet, unit_sheets

if TYPE_CHECKING:
    from ..audit import AuditResult
    from ..history.model import Comparison
    from ..rectify.items import Rectification

__all__ = ["cell_value", "render", "save"]  # cell_value and save: the dossier's workbook too

# (header, width, folded); the order is the sheet's column order. Folded columns are
# hidden (an outline the clerk can open) and not printed: the rest fits an A4 width.
FINDING_COLUMNS = [
    ("序号", 5, False),
    ("严重程度", 8, False),
    ("规则", 26, True),
    ("问题类别", 16, False),
    ("问题说明", 52, False),
    ("工作表", 10, True),
    ("行号", 7, True),
    ("列", 10, True),
    ("文件", 30, True),
    ("条目", 7, True),
    ("材料类型", 10, True),
    ("年度", 7, True),
    ("期间", 10, True),
    ("档号", 24, False),
    ("责任单位", 18, False),
    ("指标", 18, True),
    ("数值", 12, True),
    ("应为", 14, True),
]
STATUS_COLUMN = ("状态", 8, False)  # after 严重程度, when there is a previous run
FIXED_NAME = STATUS_NAMES[FIXED]  # the sheet of the previous run's findings that are gone

SEVERITY_FILLS = {
    ERROR: PatternFill("solid", fgColor=RED),
    WARNING: PatternFill("solid", fgColor=YELLOW),
}
SEVERITY_FONTS = {
    ERROR: Font(color="9C0006", bold=True, size=11),
    WARNING: Font(color="9C5700", bold=True, size=11),
}
NEW_FILL = PatternFill("solid", fgColor=ORANGE)

HOW_TO = [
    (
        "每个责任单位一张工作表（创卫办：归档目录、归档文件和资料完整性的问题）。"
        "把单位的工作表发给该单位，请其填写右侧四列：整改措施、整改情况、完成日期、佐证材料（档号）。"
    ),
    (
        "单位交回后运行 docgen rectify 项目文件夹 交回的文件.xlsx：逐行核对后记入审核历史，"
        "填写有误的行会逐一指出。不要改动隐藏的 A 列和工作表名。"
    ),
    "“整改清单”表列出全部问题，可用表头的筛选按钮筛选；点左上方的“+”可展开规则、行号、文件等列。",
    "“工作表”“行号”“列”指归档文件目录中的位置；“文件”是项目文件夹下的相对路径。",
    "错误必须整改；警告请逐条核实，确属合理的可以保留，并在“整改情况”中写明理由。",
    "再次运行 docgen audit 会把已记录的答复带入新表；已整改的问题不再出现，计为“已核实”。",
    "“完整性”表列出各类目每年满足建档指引要求的比例：绿色为齐全，黄色为 80% 以上，红色为不足 80%。",
]

STATUS_HOW_TO = (
    "“状态”与上一次范围相同的审核（见“说明”表的“对比的上次审核”）相比："
    "“新增”是上次没有的问题，“未整改”是上次已发现、这次仍然存在的问题；上次有、这次没有的问题列在“已整改”表中。"
)


def render(
    result: AuditResult,
    comparison: Comparison | None = None,
    rectification: Rectification | None = None,
) -> bytes:
    """The workbook; with a `comparison` that has a previous run, the 状态 column and
    the 已整改 sheet; `rectification` (rectify.project.for_audit) adds the problem
    list's rows and the recorded answers to the units' sheets."""
    compared = comparison if comparison is not None and comparison.previous is not None else None
    state = rectification or build(result.project.city.name, result.findings)
    wb = Workbook()
    findings = in_order(result.findings, result.guide)  # what a clerk can fix first
    statuses = compared.statuses(findings) if compared is not None else None
    names = indicator_names(result)
    summary_sheet(wb.active, summary_rows(result, compared), state)
    titles = unit_sheets(wb, state)
    findings_sheet(wb.create_sheet("整改清单"), findings, statuses, names)
    completeness_sheet(wb.create_sheet("完整性"), result)
    about_sheet(wb.create_sheet("说明"), result, compared)
    if compared is not None:
        fixed_sheet(wb.create_sheet(FIXED_NAME), compared, names)
    marker_sheet(wb, state, titles)
    wb.active = 0
    set_properties(wb, result)
    return save(wb)


# ---------------------------------------------------------------- 整改清单


def finding_columns(with_status: bool) -> list[tuple[str, int, bool]]:
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
    columns = finding_columns(statuses is not None)
    message_column = [c[0] for c in columns].index("问题说明") + 1
    columns_head(ws, columns)
    for n, f in enumerate(findings, start=1):
        values = finding_values(n, f, names)
        if statuses is not None:
            values.insert(2, STATUS_NAMES.get(statuses[n - 1] or "", None))
        for column, value in enumerate(values, start=1):
            cell = put(ws, n + 1, column, value)
            cell.alignment = WRAP if column == message_column else TOP
            cell.font = BODY
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


def columns_head(ws: Worksheet, columns: list[tuple[str, int, bool]]) -> None:
    """The header row; the folded columns hidden in an outline (not printed)."""
    header_row(ws, [(name, width) for name, width, _ in columns])
    for i, (_, _, folded) in enumerate(columns, start=1):
        if folded:
            letter = get_column_letter(i)
            ws.column_dimensions.group(letter, letter, hidden=True, outline_level=1)


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
    ]


# ---------------------------------------------------------------- 已整改


def fixed_sheet(
    ws: Worksheet, comparison: Comparison, names: Mapping[str, str] | None = None
) -> None:
    """The previous run's findings that are gone, as that run reported them (its row
    numbers); the clerk's 整改情况 and 完成日期 columns are left out."""
    columns = FINDING_COLUMNS
    columns_head(ws, columns)
    message_column = [c[0] for c in columns].index("问题说明") + 1
    for n, data in enumerate(comparison.fixed, start=1):
        f = finding_from_dict(data)
        for column, value in enumerate(finding_values(n, f, names)[: len(columns)], start=1):
            cell = put(ws, n + 1, column, value)
            cell.alignment = WRAP if column == message_column else TOP
        ws.cell(row=n + 1, column=2).fill = PatternFill("solid", fgColor=GREEN)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(comparison.fixed) + 1}"
    print_setup(ws)


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


def summary_rows(
    result: AuditResult, comparison: Comparison | None = None
) -> list[tuple[str, Any]]:
    """The audit's summary, (label, value) a line: on 说明 and 汇总 alike."""
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
    return rows


def about_sheet(ws: Worksheet, result: AuditResult, comparison: Comparison | None = None) -> None:
    rows = summary_rows(result, comparison)
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
