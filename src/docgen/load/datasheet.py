"""The data workbooks (指标数据, 成员单位, 问题清单) → DataSheet, then the typed facts
read from them (read_data_facts). Optional files: a missing one loads as
`present=False`; an unreadable one stops with exit status 2."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..indicators.catalogue import standard_version
from ..indicators.figures import read_sheet
from ..model import DataRow, DataSheet
from .members import read_members
from .prerequisites import Prerequisite, load_prerequisites
from .problems import read_problems
from .workbook import clean, find_header, read_workbook

if TYPE_CHECKING:
    from ..context import AuditInput

INDICATOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "指标代码": ("指标代码", "代码", "指标编号", "编号"),
    "指标名称": ("指标名称", "指标", "名称"),
    "年度": ("年度", "年份", "年"),
    "数值": ("数值", "数据", "值", "完成值", "实际值"),
    "单位": ("单位", "计量单位"),
    "来源": ("来源", "数据来源", "提供单位"),
}
INDICATOR_REQUIRED = ("年度", "数值")  # plus 指标代码 or 指标名称

UNIT_COLUMNS: dict[str, tuple[str, ...]] = {
    "单位名称": ("单位名称", "成员单位", "单位全称", "名称"),
    "简称": ("简称", "别名"),
    "联系人": ("联系人",),
    "电话": ("电话", "联系电话", "手机"),
}
UNIT_REQUIRED = ("单位名称",)

PROBLEM_COLUMNS: dict[str, tuple[str, ...]] = {
    "编号": ("编号", "问题编号", "序号"),
    "问题描述": ("问题描述", "问题", "存在问题"),
    "位置": ("位置", "地点", "问题位置"),
    "来源": ("来源", "问题来源", "发现方式"),
    "责任单位": ("责任单位", "整改单位", "牵头单位"),
    "交办日期": ("交办日期", "交办时间"),
    "整改时限": ("整改时限", "完成时限", "整改期限"),
    "整改状态": ("整改状态", "状态", "整改情况"),
    "完成日期": ("完成日期", "整改完成日期", "销号日期"),
}
PROBLEM_REQUIRED = ("问题描述", "责任单位", "整改状态")


def load_datasheet(
    root: Path,
    rel: str,
    hint: str,
    columns: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    any_of: tuple[str, ...] = (),
) -> DataSheet:
    """Read every sheet whose header (among the first 5 rows) names the required
    columns and at least one of `any_of`; other sheets are listed in `missing`."""
    path = root / rel
    if not path.exists():
        return DataSheet(path=rel, present=False)
    rows: list[DataRow] = []
    missing: list[tuple[str, str]] = []
    for raw in read_workbook(path, rel, hint):
        if not any(clean(v) is not None for r in raw.rows for v in r):
            continue
        match = find_header(raw.rows, columns, required + any_of[:1])
        absent = [c for c in required if c not in match.columns]
        if any_of and not any(c in match.columns for c in any_of):
            absent.append("或".join(any_of))
        if match.row is None or absent:
            missing.extend((raw.name, c) for c in absent)
            continue
        for idx in range(match.row, len(raw.rows)):
            values = raw.rows[idx]
            cells = {
                c: clean(values[i]) if i < len(values) else None for c, i in match.columns.items()
            }
            if all(v is None for v in cells.values()):
                continue
            rows.append(DataRow(sheet=raw.name, row=idx + 1, cells=cells))
    return DataSheet(path=rel, present=True, rows=tuple(rows), missing=tuple(missing))


def load_indicators(root: Path, rel: str) -> DataSheet:
    return load_datasheet(
        root, rel, "指标数据表", INDICATOR_COLUMNS, INDICATOR_REQUIRED, ("指标代码", "指标名称")
    )


def load_units(root: Path, rel: str) -> DataSheet:
    return load_datasheet(root, rel, "成员单位表", UNIT_COLUMNS, UNIT_REQUIRED)


def load_problems(root: Path, rel: str) -> DataSheet:
    return load_datasheet(root, rel, "问题清单", PROBLEM_COLUMNS, PROBLEM_REQUIRED)


def require_usable(sheet: DataSheet, hint: str) -> DataSheet:
    """A data workbook none of whose sheets has the required columns cannot be used at
    all (exit status 2); extra sheets (说明, 封面) next to a usable one are ignored."""
    if sheet.present and not sheet.rows and sheet.missing:
        where = "；".join(f"工作表“{name}”缺少“{col}”" for name, col in sheet.missing)
        raise InputError(
            f"{hint} {sheet.path} 中没有可用的工作表：{where}。请在前 5 行内放置表头"
            "（运行 docgen init 可得到带表头的空白工作簿作参照），或删除该文件。"
        )
    return sheet


def read_data_facts(ctx: AuditInput) -> AuditInput:
    """Fill `ctx`'s typed facts from its data workbooks: the indicator figures (with
    its catalogue), the member-unit index, the problem list and the 必备条件 the
    figures are judged against. Returns `ctx`."""
    sheet = ctx.indicators
    usable = ctx.catalogue is not None and sheet is not None and sheet.present
    ctx.figures = read_sheet(sheet, ctx.catalogue) if usable else None
    ctx.members = read_members(ctx.units)
    ctx.problem_list = read_problems(ctx.problems, ctx.members)
    ctx.prerequisites = _prerequisites(ctx)
    return ctx


def _prerequisites(ctx: AuditInput) -> list[Prerequisite] | InputError:
    """The 必备条件 of the project's standard version and level (its own list when
    docgen.yaml names one); a list that cannot be used is kept as its error."""
    project = ctx.project
    version = standard_version(ctx.guide.id if ctx.guide is not None else project.guide)
    own = project.path("prerequisites") if "prerequisites" in project.paths else None
    try:
        return load_prerequisites(
            version, project.city.level or "city", path=own, catalogue=ctx.catalogue
        )
    except InputError as exc:
        return exc
