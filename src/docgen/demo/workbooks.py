"""The demo's workbooks: the ledger (one sheet per year under a merged title row)
and the three data sheets. Data-sheet defects are planted here and returned."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ..scaffold import (
    LEDGER_HEADER,
    UNIT_HEADER,
    problem_workbook,
    style_ledger_sheet,
    table_workbook,
    workbook_bytes,
)
from .city import (
    BELOW_STANDARD,
    CITY,
    DEMO_TODAY,
    HISTORY,
    INDICATOR,
    INDICATORS,
    LOGIC_BREAK,
    PREREQUISITE_BELOW,
    UNIT,
    UNITS,
    UNKNOWN_UNIT,
    YEARS,
    indicator_row,
    phone,
)
from .defects import Planted
from .files import stable_zip
from .ledger import Doc

SAVED = dt.datetime(2026, 10, 31, 17, 0)  # the demo's workbooks were last saved then


def ledger_bytes(sheets: dict[str, list[Doc]], kinds: tuple[str, ...]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for name, docs in sheets.items():
        ws = wb.create_sheet(name)
        ws.append([f"{CITY}创建国家卫生城市归档文件目录（{name}年度）"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(LEDGER_HEADER))
        ws["A1"].font = Font(bold=True, size=16)
        ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[1].height = 30
        ws.append(list(LEDGER_HEADER))
        style_ledger_sheet(ws, header_row=2, kinds=kinds, last_row=len(docs) + 50)
        for doc in docs:  # at their own rows: the styling above already made cells below the header
            values = doc.values()
            for col, name in enumerate(LEDGER_HEADER, start=1):
                ws.cell(row=doc.row, column=col, value=values[name])
            _date_format(ws, doc)
    return _stable(wb)


def _date_format(ws, doc: Doc) -> None:
    cell = ws.cell(row=doc.row, column=LEDGER_HEADER.index("日期") + 1)
    if isinstance(cell.value, dt.datetime):
        cell.number_format = "yyyymmdd"
    elif isinstance(cell.value, int):
        cell.number_format = "0"


def _stable(wb: Workbook) -> bytes:
    wb.properties.creator = f"{CITY}爱卫办"
    wb.properties.created = wb.properties.modified = SAVED
    return stable_zip(workbook_bytes(wb), SAVED)


# ---------------------------------------------------------------- 成员单位


def units_bytes() -> bytes:
    wb = table_workbook(
        "成员单位", UNIT_HEADER, {"单位名称": 34, "简称": 30, "联系人": 10, "电话": 16}
    )
    ws = wb.active
    for i, unit in enumerate(UNITS, start=1):
        ws.append([unit.name, unit.aliases, unit.contact, phone(i)])
    return _stable(wb)


# ---------------------------------------------------------------- 指标数据


def indicators_bytes() -> tuple[bytes, list[Planted]]:
    wb = table_workbook(
        "指标数据",
        ("指标代码", "指标名称", "年度", "数值", "单位", "来源"),
        {"指标名称": 34, "来源": 30},
    )
    ws = wb.active
    where: dict[tuple[str, int], int] = {}
    for ind in INDICATORS:
        for year, value in zip(YEARS, ind.values, strict=True):
            ws.append([None, ind.name, year, value, ind.unit, UNIT[ind.source].name])
            where[(ind.name, year)] = ws.max_row
            assert ws.max_row == indicator_row(ind.name, year)
    for name, earlier in HISTORY.items():
        ind = INDICATOR[name]
        for year, value in sorted(earlier.items()):
            ws.append([None, name, year, value, ind.unit, UNIT[ind.source].name])
    name, year = BELOW_STANDARD
    prerequisite, prerequisite_year = PREREQUISITE_BELOW
    wide, whole, logic_year = LOGIC_BREAK
    planted = [
        Planted(
            "data.below-standard",
            f"{year} 年{name}低于标准（85%）",
            sheet="指标数据",
            row=where[(name, year)],
            workbook="data/指标数据.xlsx",
        ),
        Planted(
            "data.below-standard",
            f"{prerequisite_year} 年{prerequisite}低于标准（95%），是必备条件第 7 项"
            "（申报材料“必备条件完成情况”中显示为未达标，附当年防蝇防鼠设施检查记录的档号）",
            sheet="指标数据",
            row=where[(prerequisite, prerequisite_year)],
            workbook="data/指标数据.xlsx",
        ),
        Planted(
            "data.logic",
            f"{logic_year} 年{wide}大于{whole}",
            sheet="指标数据",
            row=where[(wide, logic_year)],
            workbook="data/指标数据.xlsx",
        ),
    ]
    return _stable(wb), planted


# ---------------------------------------------------------------- 问题清单

D = dt.date
# fmt: off
# (描述, 位置, 来源, 责任单位 as written, 交办, 时限, 状态, 完成)
PROBLEMS: tuple[tuple, ...] = (
    ("背街小巷垃圾桶满溢，未及时清运", "城东区解放路北巷", "暗访", "市城管局", D(2025, 3, 12),
        D(2025, 3, 26), "已销号", D(2025, 3, 22)),
    ("农贸市场活禽区防蝇设施破损", "城西农贸市场", "暗访", "江临市市场监督管理局", D(2025, 3, 12),
        D(2025, 4, 12), "已销号", D(2025, 4, 3)),
    ("建筑工地出入口未设冲洗设施，道路扬尘", "江临新区滨江路工地", "明查", "市住建局", D(2025, 4,
        8), D(2025, 4, 22), "已销号", D(2025, 4, 18)),
    ("公共厕所无洗手液，地面湿滑", "人民公园南门公厕", "暗访", "江临市城市管理局", D(2025, 4, 8),
        D(2025, 4, 15), "已销号", D(2025, 4, 14)),
    ("餐饮店后厨无防鼠网", "美食街12号", "暗访", "市市场监管局", D(2025, 5, 6), D(2025, 5, 20),
        "已销号", D(2025, 5, 16)),
    ("学校周边流动摊贩占道经营", "实验小学东门", "明查", "江临市城市管理局", D(2025, 5, 6), D(2025,
        5, 31), "已整改", D(2025, 5, 28)),
    ("城中村乱搭乱建，杂物堆放", "城西区河口村", "专家评估", "江临市住房和城乡建设局", D(2025, 6,
        3), D(2025, 8, 31), "已销号", D(2025, 8, 20)),
    ("小区积水点蚊虫孳生", "城东区枫林小区", "自查", "市爱卫办", D(2025, 6, 3), D(2025, 6, 17),
        "已销号", D(2025, 6, 12)),
    ("公共场所控烟标识缺失", "火车站候车厅", "暗访", "江临市卫生健康委员会", D(2025, 6, 20),
        D(2025, 7, 5), "已销号", D(2025, 7, 2)),
    ("河道水面漂浮垃圾", "东河城区段", "明查", "市水务局", D(2025, 7, 10), D(2025, 7, 24),
        "已销号", D(2025, 7, 21)),
    ("二次供水水箱未按期清洗消毒", "锦绣花园小区", "自查", "市卫健委", D(2025, 7, 10), D(2025, 8,
        10), "已整改", D(2025, 6, 28)),
    ("医疗机构医疗废物暂存点无警示标识", "城西社区卫生服务中心", "明查", "江临市生态环境局",
        D(2025, 8, 5), D(2025, 8, 20), "已销号", D(2025, 8, 15)),
    ("主次干道护栏积尘", "江临大道", "暗访", "市城管局", D(2025, 8, 5), D(2025, 8, 12), "已销号",
        D(2025, 8, 11)),
    ("垃圾转运站渗滤液外溢", "城北垃圾转运站", "暗访", UNKNOWN_UNIT, D(2025, 9, 9), D(2025, 9, 30),
        "已整改", D(2025, 9, 26)),
    ("健康教育宣传栏内容未更新", "城东区新华社区", "自查", "市卫健委", D(2025, 9, 9), D(2025, 9,
        30), "已销号", D(2025, 9, 25)),
    ("学校食堂留样记录不全", "第三中学", "明查", "江临市教育局", D(2025, 10, 14), D(2025, 10, 31),
        "已销号", D(2025, 10, 28)),
    ("长途客运站候车室卫生间异味", "江临汽车客运站", "暗访", "市交通运输局", D(2025, 11, 4),
        D(2025, 11, 18), "已销号", D(2025, 11, 15)),
    ("超市生鲜区防蝇设施不全", "城东区惠民超市", "专家评估", "市商务局", D(2025, 11, 20), D(2025,
        12, 20), "已销号", D(2025, 12, 12)),
    ("背街小巷路面破损积水", "城西区胜利街", "暗访", "市住建局", D(2026, 3, 10), D(2026, 4, 30),
        "已销号", D(2026, 4, 22)),
    ("农贸市场水产区地面污水横流", "城东农贸市场", "明查", "市市场监管局", D(2026, 3, 10), D(2026,
        3, 31), "已销号", D(2026, 3, 27)),
    ("公园绿地内鼠迹", "滨江公园", "自查", "市疾控中心", D(2026, 4, 15), D(2026, 4, 30), "已销号",
        D(2026, 4, 28)),
    ("沿街门店乱贴乱画", "中山路", "暗访", "市城管局", D(2026, 5, 12), D(2026, 8, 31), "整改中",
        None),
    ("建筑垃圾临时堆放点未覆盖", "江临新区纬三路", "暗访", "江临市住房和城乡建设局", D(2026, 5,
        12), D(2026, 5, 26), "已整改", D(2026, 5, 25)),
    ("网吧室内吸烟现象", "城西区星空网吧", "暗访", "市公安局", D(2026, 6, 9), D(2026, 6, 23),
        "已销号", D(2026, 6, 20)),
    ("城乡结合部露天焚烧垃圾", "城北区梅岭村", "明查", "市生态环境局", D(2026, 7, 7), D(2026, 7,
        21), "已销号", D(2026, 7, 18)),
    ("公厕无障碍设施损坏", "火车站广场公厕", "暗访", "江临市城市管理局", D(2026, 8, 18), D(2027, 3,
        31), "整改中", None),
    ("小餐饮店无健康证从业人员", "大学城美食街", "明查", "市市场监管局", D(2026, 9, 8), D(2026, 9,
        30), "已整改", D(2026, 9, 29)),
    ("老旧小区化粪池满溢", "城东区纺织新村", "专家评估", "市住建局", D(2026, 9, 22), D(2027, 3,
        31), "未整改", None),
    ("健康步道指示牌缺失", "东河绿道", "自查", "市文广旅体局", D(2026, 10, 13), D(2027, 3, 31),
        "整改中", None),
    ("宣传栏创卫公益广告破损", "人民广场", "自查", "市委宣传部", D(2026, 10, 20), D(2027, 3, 31),
        "未整改", None),
)
# fmt: on


def problems_bytes() -> tuple[bytes, list[Planted]]:
    wb = problem_workbook()
    ws = wb.active
    counters: dict[int, int] = {}
    planted = []
    for desc, place, source, unit, given, due, state, done in PROBLEMS:
        counters[given.year] = counters.get(given.year, 0) + 1
        code = f"WT-{given.year}-{counters[given.year]:03d}"
        ws.append([code, desc, place, source, unit, given, due, state, done])
        row = ws.max_row
        for col in (6, 7, 9):
            ws.cell(row=row, column=col).number_format = "yyyy-mm-dd"
        planted += _problem_marks(code, row, unit, given, due, state, done)
    return _stable(wb), planted


def _problem_marks(
    code: str, row: int, unit: str, given: D, due: D, state: str, done: D | None
) -> list[Planted]:
    at = {"sheet": "问题清单", "row": row, "workbook": "data/问题清单.xlsx"}
    out = []
    if unit == UNKNOWN_UNIT:
        out.append(
            Planted("data.unknown-unit", f"{code} 的责任单位“{unit}”不在成员单位名单中", **at)
        )
    if state in ("未整改", "整改中") and due < DEMO_TODAY:
        out.append(
            Planted("data.overdue", f"{code} 整改时限 {due.isoformat()} 已过，仍为“{state}”", **at)
        )
    if done is not None and done < given:
        out.append(
            Planted(
                "data.date-order",
                f"{code} 的完成日期 {done.isoformat()} 早于交办日期 {given.isoformat()}",
                **at,
            )
        )
    return out
