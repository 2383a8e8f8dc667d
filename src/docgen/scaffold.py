"""`docgen init DIR`: an empty project folder with the settings file, a ledger
workbook that has only its header, and empty data sheets to fill in."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import io
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .errors import InputError, write_reason
from .load.guide import load_guide
from .model import Guide
from .scaffold_reference import example_row, items_range, reference_sheet

DEFAULT_GUIDE = "national-city-2021"
RETENTIONS = ("永久", "定期30年", "定期10年")

# The ledger header in the order a clerk fills it (DA/T 22 catalogue columns first),
# with each column's width in Excel character units.
LEDGER_COLUMNS: tuple[tuple[str, int], ...] = (
    ("档号", 24),
    ("件号", 7),
    ("责任者", 30),
    ("文号", 20),
    ("题名", 56),
    ("日期", 11),
    ("页数", 7),
    ("密级", 7),
    ("保管期限", 11),
    ("条目", 7),
    ("材料类型", 11),
    ("文件路径", 36),
    ("备注", 20),
)
LEDGER_HEADER = tuple(name for name, _ in LEDGER_COLUMNS)

INDICATOR_HEADER = ("指标代码", "指标名称", "年度", "数值", "单位", "来源")
UNIT_HEADER = ("单位名称", "简称", "联系人", "电话")
PROBLEM_HEADER = (
    "编号",
    "问题描述",
    "位置",
    "来源",
    "责任单位",
    "交办日期",
    "整改时限",
    "整改状态",
    "完成日期",
)
PROBLEM_SOURCES = ("暗访", "明查", "自查", "专家评估")
PROBLEM_STATES = ("未整改", "整改中", "已整改", "已销号")

LEDGER_PATH = "ledger/归档文件目录.xlsx"
DATA_PATHS = {
    "indicators": "data/指标数据.xlsx",
    "units": "data/成员单位.xlsx",
    "problems": "data/问题清单.xlsx",
}
FOLDERS = ("ledger", "archive", "data", "dossier", "templates", "out")
DOSSIER_DATA = """\
# 申报材料（docgen dossier build）需要、而项目数据里没有的内容。以 # 开头的行是说明。
# 各项材料共用的字段写在顶层；只属于某项材料的字段写在它的 id 下。
# 运行 docgen templates 可查看每个模板需要哪些字段。
#
# date: 2026-11-20                 # 成文日期，也是 bag-info.txt 的生成时间
# issuer: 示例市人民政府            # 发文机关（落款）
# recipient: 示例省爱国卫生运动委员会  # 主送机关
# org_code: 示例府                  # 机关代字，发文字号写成 示例府〔2026〕8号
# seq: 8                           # 发文字号的序号
# work-report:                     # 创卫工作规划方案和工作汇报 的专用字段
#   intro: 现将我市创卫工作情况汇报如下。
#   overview: [……]
#   plans: [……]
#
# 省爱卫会的推荐报告、画册、专题片等文件直接放在本文件夹，如 推荐报告.pdf、画册.pdf。
"""


def init_project(directory: Path, force: bool = False) -> None:
    """Make an empty docgen project in `directory`.

    Refuses (InputError) when the folder exists and is not empty, unless `force`.
    Even with `force` it never overwrites an existing file: it only adds the
    folders and files that are missing, so running it over a project in use is safe.
    """
    directory = Path(directory)
    with writing_into(directory, "docgen init"):
        _init(directory, force)


def _init(directory: Path, force: bool) -> None:
    check_target_folder(directory, force, "docgen init")
    for name in FOLDERS:
        (directory / name).mkdir(parents=True, exist_ok=True)
    this_year = dt.date.today().year
    years = [this_year - 2, this_year - 1, this_year]
    _add(directory / "docgen.yaml", config_text("示例市", "示例省", "J012", years).encode("utf-8"))
    guide = load_guide(DEFAULT_GUIDE)
    _add(directory / LEDGER_PATH, workbook_bytes(ledger_workbook(guide, "J012", this_year)))
    _add(
        directory / DATA_PATHS["indicators"],
        workbook_bytes(table_workbook("指标数据", INDICATOR_HEADER)),
    )
    _add(directory / DATA_PATHS["units"], workbook_bytes(table_workbook("成员单位", UNIT_HEADER)))
    _add(directory / DATA_PATHS["problems"], workbook_bytes(problem_workbook()))
    _add(directory / "dossier" / "data.yaml", DOSSIER_DATA.encode("utf-8"))


@contextlib.contextmanager
def writing_into(directory: Path, command: str) -> Iterator[None]:
    """Turn a failure to create or write the project folder (read-only, a file in the
    way, disk full, a name too long) into a message naming the folder."""
    if _writing.get():  # inside `docgen demo`: the outer command names itself
        yield
        return
    token = _writing.set(True)
    try:
        yield
    except OSError as exc:
        where = (
            f"（{exc.filename}）" if exc.filename and str(exc.filename) != str(directory) else ""
        )
        raise InputError(
            f"无法在 {directory} 中写入{where}：{write_reason(exc)}，{command} 没有完成。"
            "请换一个有写入权限、磁盘有空间的位置，或先建好上级文件夹后重试。"
        ) from None
    finally:
        _writing.reset(token)


_writing: contextvars.ContextVar[bool] = contextvars.ContextVar("docgen_writing", default=False)


def check_target_folder(directory: Path, force: bool, command: str) -> None:
    """The folder must be absent, empty, or `force` must be given."""
    if directory.exists() and not directory.is_dir():
        raise InputError(
            f"{directory} 已存在且是一个文件，不是文件夹。请换一个文件夹名称再运行 {command}。"
        )
    for parent in directory.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputError(
                    f"{directory} 的上级 {parent} 是一个文件，不是文件夹，"
                    f"{command} 无法在其中新建项目。请换一个位置。"
                )
            break
    if directory.is_dir() and any(directory.iterdir()) and not force:
        raise InputError(
            f"文件夹 {directory} 已存在且不是空的，{command} 不会在其中写入。"
            "请换一个新的文件夹名称；如确实要在其中补齐缺少的项目文件（已有文件不会被覆盖）"
            "，请加上 --force。"
        )


def _add(path: Path, data: bytes) -> None:
    if path.exists():
        return  # --force only fills in what is missing
    write_atomic(path, data)


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, then rename, so a crash
    never leaves half a file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    # os.open with 0o666 lets the umask decide the permissions, as for any saved file
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def workbook_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def config_text(
    name: str,
    province: str,
    fonds: str,
    years: list[int],
    level: str = "city",
    guide: str = DEFAULT_GUIDE,
) -> str:
    """docgen.yaml with a Chinese comment on every setting."""
    year_list = ", ".join(str(y) for y in years)
    return f"""\
# docgen 项目设置。以 # 开头的行是说明，可以保留，也可以删除。
# 所有路径都相对于本文件所在的文件夹。

city:
  # 城市（县城）名称，用于报告和公文
  name: {name}
  # 创建类别：city = 国家卫生城市，county = 国家卫生县城
  level: {level}
  # 所在省份
  province: {province}
  # 全宗号：档号的第一段，如 {fonds}-{years[-1]}-D30-03-0001
  fonds: {fonds}

# 建档指引：内置指引编号（运行 docgen guides 查看），或自定义指引 YAML 文件的路径
guide: {guide}

# 审核年度：完整性检查按这些年份逐年（逐季、逐月）核对
years: [{year_list}]

# 各项资料的位置，一般不用改
paths:
  # 归档文件目录（可有多个工作表，如按年度分表）
  ledger: {LEDGER_PATH}
  # 归档文件（PDF、Word、Excel、照片等）所在文件夹
  archive: archive
  # 指标数据：指标名称、年度、数值、单位、来源
  indicators: {DATA_PATHS["indicators"]}
  # 爱卫会成员单位：单位名称、简称、联系人、电话
  units: {DATA_PATHS["units"]}
  # 问题清单：暗访、明查等发现的问题及整改情况
  problems: {DATA_PATHS["problems"]}
"""


def guide_kinds(guide_id: str) -> tuple[str, ...]:
    from .load.guide import load_guide

    return load_guide(guide_id).kinds


def ledger_workbook(guide: Guide, fonds: str, year: int) -> Workbook:
    """The ledger workbook: the catalogue sheet holding only the header row, with
    drop-down lists for 条目 (the guide's items), 材料类型 and 保管期限, and the
    reference sheet (条目说明) with an example row and every item's requirements."""
    wb = Workbook()
    ws = wb.active
    ws.title = "归档文件目录"
    ws.append(list(LEDGER_HEADER))
    example = example_row(guide, fonds, year)
    last = reference_sheet(wb.create_sheet(), guide, LEDGER_HEADER, example)
    style_ledger_sheet(ws, header_row=1, kinds=guide.kinds, items=items_range(last))
    return wb


def style_ledger_sheet(
    ws: Worksheet,
    header_row: int,
    kinds: tuple[str, ...],
    last_row: int = 2000,
    items: str | None = None,
) -> None:
    """Bold frozen header, column widths, 日期 kept as text, drop-down lists for
    保管期限 and 材料类型 on the rows below the header, and for 条目 when `items`
    names the cells that list the item codes (a formula such as '条目说明'!$A$8:$A$90)."""
    bold = Font(bold=True)
    for col, (name, width) in enumerate(LEDGER_COLUMNS, start=1):
        cell = ws.cell(row=header_row, column=col)
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    first = header_row + 1
    # Text format, so that 20250611 typed into 日期 stays eight digits instead of
    # becoming a number Excel may show as 2.03E+07.
    date_col = get_column_letter(LEDGER_HEADER.index("日期") + 1)
    for r in range(first, last_row + 1):
        ws[f"{date_col}{r}"].number_format = "@"
    _validation(ws, "保管期限", RETENTIONS, first, last_row)
    _validation(ws, "材料类型", kinds, first, last_row)
    if items is not None:
        _validation(
            ws, "条目", (), first, last_row, formula=items, error=ITEM_ERROR, style="warning"
        )


ITEM_ERROR = "条目应是建档指引的条目代码（如 3.2），见“条目说明”工作表或运行 docgen guides。"


def _validation(
    ws: Worksheet,
    column: str,
    values: tuple[str, ...],
    first: int,
    last: int,
    formula: str | None = None,
    error: str | None = None,
    style: str = "stop",
) -> None:
    """A drop-down list on `column`: `values`, or the cells `formula` names."""
    letter = get_column_letter(LEDGER_HEADER.index(column) + 1)
    dv = DataValidation(
        type="list",
        formula1=formula or '"' + ",".join(values) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle=style,
        errorTitle=f"{column}不规范",
        error=error or f"{column}只能是：{'、'.join(values)}",
    )
    dv.add(f"{letter}{first}:{letter}{last}")
    ws.add_data_validation(dv)


def table_workbook(
    title: str, header: tuple[str, ...], widths: dict[str, int] | None = None
) -> Workbook:
    """A one-sheet workbook whose first row is `header`, bold and frozen."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(list(header))
    bold = Font(bold=True)
    for col, name in enumerate(header, start=1):
        ws.cell(row=1, column=col).font = bold
        width = (widths or {}).get(name, max(10, 2 * len(name) + 4))
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    return wb


PROBLEM_WIDTHS = {
    "编号": 14,
    "问题描述": 48,
    "位置": 28,
    "责任单位": 30,
    "交办日期": 12,
    "整改时限": 12,
    "完成日期": 12,
}


def problem_workbook() -> Workbook:
    """The problem list, with drop-down lists for 来源 and 整改状态."""
    wb = table_workbook("问题清单", PROBLEM_HEADER, PROBLEM_WIDTHS)
    ws = wb.active
    for column, values in (("来源", PROBLEM_SOURCES), ("整改状态", PROBLEM_STATES)):
        letter = get_column_letter(PROBLEM_HEADER.index(column) + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        dv.add(f"{letter}2:{letter}1000")
        ws.add_data_validation(dv)
    return wb
