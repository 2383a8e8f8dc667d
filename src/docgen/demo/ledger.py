"""The demo's filed documents: what each year's archive holds, item by item, so
that every requirement of the guide is met in every period (the planted gaps are
taken out in defects.py). Pure data, no I/O."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from ..cn.doc_number import format_doc_number
from .city import CITY, FONDS, LAST_MONTH, UNIT, YEARS

RETENTION = {"Y": "永久", "D30": "定期30年", "D10": "定期10年"}
RETENTION_ORDER = ("Y", "D30", "D10")
EXT = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "jpg": "jpg", "ofd": "ofd", "doc": "doc"}
# fmt: off
PAGES = {"文件": (2, 4), "计划": (3, 6), "总结": (3, 6), "会议纪要": (2, 3), "检查记录": (1, 3),
         "监测报告": (2, 5), "其他": (1, 2), "报表": (1, 1), "照片": (1, 1)}
QUARTER = "一二三四"
# fmt: on


@dataclass(frozen=True)
class Series:
    """Documents of one kind for one item, filed every year in the given months."""

    item: str
    kind: str
    unit: str  # key into city.UNIT
    months: tuple[int, ...]
    # placeholders: {c} city, {y} year, {m} month, {q} quarter, {n} running number,
    # {h} 上/下半年
    title: str
    retention: str = "D30"
    fmt: str = "pdf"
    numbered: bool = False  # issued with a 文号
    last_title: str | None = None  # title used in the last (partial) year


S = Series
# fmt: off
PLAN: tuple[Series, ...] = (
    # 01 爱国卫生组织管理
    S("1.1", "会议纪要", "gov", (3, 9), "市政府常务会议研究爱国卫生工作会议纪要（{y}年第{n}次）",
        "Y"),
    S("1.2", "报表", "awb", (3,), "{y}年爱国卫生专兼职人员名册及工作经费安排表", fmt="xlsx"),
    S("1.3", "计划", "awh", (2,), "关于印发《{c}{y}年爱国卫生工作计划》的通知", numbered=True),
    S("1.3", "会议纪要", "awb", (3,), "{y}年全市爱国卫生暨创建国家卫生城市工作部署会议纪要", "Y"),
    S("1.3", "会议纪要", "awb", (6, 12), "爱卫会全体成员会议纪要（{y}年第{n}次）"),
    S("1.3", "会议纪要", "awb", (2, 5, 8, 11),
        "创建国家卫生城市工作推进会会议纪要（{y}年第{q}季度）"),
    S("1.3", "检查记录", "awb", (6, 11), "{y}年{h}爱国卫生工作督查记录"),
    S("1.3", "总结", "awb", (12,), "{c}{y}年爱国卫生工作总结",
        last_title="{c}{y}年前三季度爱国卫生工作总结"),
    S("1.3", "文件", "awh", (3,), "关于开展第{a}个爱国卫生月活动的通知", numbered=True),
    S("1.3", "照片", "awb", (4,), "第{a}个爱国卫生月启动仪式照片", "D10", "jpg"),
    S("1.3", "其他", "awb", tuple(range(1, 13)), "创建国家卫生城市工作简报（{y}年第{n}期）", "D10",
        "docx"),
    S("1.5", "报表", "awb", (10,), "{y}年群众对卫生状况满意度调查结果统计表", fmt="xlsx"),
    S("1.5", "其他", "awb", (3, 6, 9, 12), "{y}年第{q}季度12345热线爱国卫生类诉求办理情况", "D10"),
    # 02 健康教育和健康促进
    S("2.1", "计划", "wjw", (2,), "{c}{y}年健康教育与健康促进工作计划", numbered=True),
    S("2.1", "总结", "wjw", (12,), "{c}{y}年健康教育与健康促进工作总结",
      last_title="{c}{y}年前三季度健康教育与健康促进工作总结"),
    S("2.1", "照片", "wjw", (4, 9), "健康科普宣传活动照片（{y}年{m}月）", "D10", "jpg"),
    S("2.1", "其他", "wjw", (3, 6, 9, 12), "{y}年第{q}季度健康教育讲座记录", "D10"),
    S("2.2", "文件", "awh", (5,), "关于开展{y}年无烟党政机关建设工作的通知", numbered=True),
    S("2.2", "检查记录", "awb", (6, 11), "公共场所控烟暗访检查记录（{y}年{m}月）"),
    S("2.3", "总结", "wlt", (11,), "{y}年全民健身活动开展情况总结"),
    S("2.4", "文件", "awh", (4,), "关于开展{y}年健康社区、健康单位、健康家庭建设工作的通知",
        numbered=True),
    # 03 市容环境卫生
    S("3.1", "检查记录", "cgj", tuple(range(1, 13)), "{y}年{m}月市容环境卫生专项检查记录"),
    S("3.1", "检查记录", "awb", (2, 4, 6, 8, 10, 12),
        "背街小巷和城中村环境卫生暗访记录（{y}年{m}月）", "D10"),
    S("3.1", "照片", "cgj", (3, 6, 9, 12), "市容环境卫生整治前后对比照片（{y}年第{q}季度）", "D10",
        "jpg"),
    S("3.1", "总结", "cgj", (12,), "{y}年市容环境卫生整治工作总结",
        last_title="{y}年前三季度市容环境卫生整治工作总结"),
    S("3.1", "文件", "zjj", (4,), "关于开展{y}年建筑工地扬尘污染专项整治的通知", numbered=True),
    S("3.2", "文件", "cgj", (3,), "关于开展{y}年户外广告和招牌设施专项整治的通知", numbered=True),
    S("3.2", "检查记录", "cgj", (8,), "户外广告和招牌设施安全检查记录（{y}年）"),
    S("3.3", "报表", "zjj", (12,), "{y}年城市园林绿化统计报表", fmt="xlsx",
        last_title="{y}年1—9月城市园林绿化统计报表"),
    S("3.4", "报表", "cgj", (6,), "{y}年环卫设施配置和生活垃圾处理情况统计表", fmt="xlsx"),
    S("3.4", "检查记录", "cgj", (9,), "生活垃圾日产日清及转运站运行检查记录（{y}年）"),
    S("3.5", "计划", "cgj", (3,), "{c}{y}年生活垃圾分类工作实施方案", numbered=True),
    S("3.5", "监测报告", "cgj", (11,), "{y}年生活垃圾无害化处理场运行监测报告"),
    S("3.5", "报表", "cgj", (3, 6, 9, 12), "{y}年第{q}季度生活垃圾分类工作进展统计表", "D10",
        "xlsx"),
    S("3.6", "检查记录", "cgj", (7,), "城市公共厕所管理检查记录（{y}年）"),
    S("3.6", "照片", "cgj", (8,), "公厕改造提升前后对比照片（{y}年）", "D10", "jpg"),
    # 04 生态环境
    S("4.1", "监测报告", "sthj", (3, 6, 9, 12), "{c}{y}年第{q}季度环境空气质量监测报告"),
    S("4.2", "监测报告", "sthj", (8,), "{y}年集中式饮用水水源地水质监测报告"),
    S("4.3", "报表", "sw", (10,), "{y}年城市生活污水集中收集处理情况统计表", fmt="xlsx"),
    S("4.4", "检查记录", "sthj", (5,), "医疗废物和危险废物规范化管理检查记录（{y}年）"),
    # 05 重点场所卫生
    S("5.1", "检查记录", "wjw", (6, 11),
        "住宿、沐浴、美容美发等公共场所卫生监督检查记录（{y}年{m}月）"),
    S("5.2", "检查记录", "jy", (4, 10), "{y}年{s}学期学校卫生专项检查记录"),
    S("5.2", "照片", "jy", (5,), "校园健康教育主题活动照片（{y}年）", "D10", "jpg"),
    S("5.3", "检查记录", "scjg", (2, 4, 6, 8, 10, 12), "农贸市场规范化管理检查记录（{y}年{m}月）"),
    S("5.4", "检查记录", "zjj", (9,), "城中村和城乡结合部环境卫生整治检查记录（{y}年）"),
    # 06 食品和生活饮用水安全
    S("6.1", "文件", "scjg", (3,), "关于印发《{c}{y}年食品安全监督抽检计划》的通知", numbered=True),
    S("6.1", "检查记录", "scjg", (8,), "食品生产经营风险分级管理检查记录（{y}年）"),
    S("6.1", "其他", "scjg", (3, 6, 9, 12), "{y}年第{q}季度食品安全监督抽检结果通报", "D10",
        numbered=True),
    S("6.2", "检查记录", "scjg", (6,), "小餐饮和食品摊贩专项检查记录（{y}年）"),
    S("6.3", "检查记录", "wjw", (7,), "二次供水设施卫生监督检查记录（{y}年）"),
    S("6.3", "监测报告", "jk", (11,), "{y}年生活饮用水卫生监测报告"),
    # 07 疾病防控与医疗卫生服务
    S("7.1", "总结", "jk", (12,), "{y}年传染病防控工作总结",
        last_title="{y}年前三季度传染病防控工作总结"),
    S("7.2", "报表", "jk", (12,), "{y}年免疫规划疫苗接种情况统计表", fmt="xlsx"),
    S("7.3", "报表", "wjw", (11,), "{y}年严重精神障碍患者管理情况统计表", fmt="xlsx"),
    S("7.5", "计划", "awh", (3,), "{c}{y}年病媒生物预防控制工作方案", numbered=True),
    S("7.5", "监测报告", "jk", (3, 6, 9, 12), "{y}年第{q}季度病媒生物密度监测报告"),
    S("7.5", "检查记录", "awb", (4, 5, 6, 7, 8, 9, 10, 11),
        "病媒生物防制工作检查记录（{y}年{m}月）"),
    S("7.5", "照片", "awb", (5,), "病媒生物防制“四害”集中消杀活动照片（{y}年）", "D10", "jpg"),
    S("7.5", "检查记录", "awb", (7,), "重点行业和单位防蝇防鼠设施检查记录（{y}年）"),
)

# Standing documents (per: once, carry_forward) and other one-off papers: (year, month, series).
ONCE: tuple[tuple[int, int, Series], ...] = (
    (2024, 1, S("1.2", "文件", "gov", (), "关于调整{c}爱国卫生运动委员会组成人员的通知", "Y",
        numbered=True)),
    (2024, 2, S("1.1", "文件", "gov", (), "关于印发《{c}爱国卫生工作规划（2024—2026年）》的通知",
        "Y", numbered=True)),
    (2024, 4, S("1.2", "文件", "awh", (), "关于印发《{c}爱国卫生运动委员会成员单位职责》的通知",
        "Y", numbered=True)),
    (2024, 6, S("7.4", "文件", "wjw", (),
        "关于印发《{c}医疗卫生服务体系建设实施方案（2024—2026年）" "》的通知", "Y",
                numbered=True)),
    (2025, 5, S("1.1", "文件", "gov", (), "关于进一步加强新时代爱国卫生工作的实施意见", "Y",
        numbered=True)),
    (2025, 8, S("1.4", "文件", "wjw", (), "关于开展健康影响评估制度建设试点工作的通知",
        numbered=True)),
    (2026, 3, S("1.2", "文件", "gov", (), "关于调整{c}爱国卫生运动委员会组成人员的通知", "Y",
        numbered=True)),
    (2026, 9, S("1.1", "文件", "gov", (), "关于将爱国卫生工作纳入{y}年度综合考核的通知",
        numbered=True)),
)

# Added after everything above, from a random stream of their own, so that the
# documents above keep the dates and page counts they had before these were added.
EXTRA: tuple[Series, ...] = (
    S("3.3", "总结", "zjj", (12,), "{c}{y}年城市园林绿化工作总结",
      last_title="{c}{y}年1—9月城市园林绿化工作情况报告"),
)
# fmt: on


@dataclass(frozen=True)
class Scan:
    """How a paper document was scanned into an image-only PDF (demo/scans.py)."""

    dpi: int
    grey: bool = False
    seal: bool = False  # a red 公章 on the last page


@dataclass(eq=False)
class Doc:
    """One filed item (件): a ledger row and, usually, a file under archive/."""

    year: int
    item: str
    section: str
    kind: str
    date: dt.date
    title: str
    unit: str  # 责任者, full name
    prefix: str | None  # 机关代字, when the document carries a 文号
    retention: str  # Y, D30, D10
    fmt: str  # pdf, docx, xlsx, jpg, ofd, doc
    pages: int
    order: int = 0  # creation order, the last tie-breaker
    number: int = 0  # 件号
    doc_number: str | None = None  # 文号
    cells: dict[str, Any] = field(
        default_factory=dict
    )  # planted cell values that replace the plain ones
    path_cell: str | None = None  # 文件路径 as written in the ledger
    file_rel: str | None = None  # the file written under archive/, None for no file
    content: str = "normal"  # normal | jpeg | encrypted | empty | scan | photo | ofd | legacy
    scan: Scan | None = None  # how a scanned document was scanned (content "scan")
    file_pages: int | None = None  # the real page count, when a defect makes it differ from 页数
    copy_of: Doc | None = None  # the file holds the same bytes as this document's
    date_form: str = "text"  # text (20250611) | int | cell (an Excel date)
    planted: bool = False  # carries a planted defect: keep its cells as they are
    stated: dict[str, str] = field(default_factory=dict)  # figures the text states differently
    sheet: str = ""
    row: int = 0

    @property
    def code(self) -> str:
        return f"{FONDS}-{self.year}-{self.retention}-{self.section}-{self.number:04d}"

    @property
    def default_rel(self) -> str:
        """Where the file lives under archive/: year/section/档号.ext."""
        return f"{self.year}/{self.section}/{self.code}.{EXT[self.fmt]}"

    def values(self) -> dict[str, Any]:
        """The ledger cells of this row, by column name."""
        plain = {
            "档号": self.code,
            "件号": self.number,
            "责任者": self.unit,
            "文号": self.doc_number,
            "题名": self.title,
            "日期": self._date_cell(),
            "页数": self.pages,
            "密级": None,
            "保管期限": RETENTION[self.retention],
            "条目": self.item,
            "材料类型": self.kind,
            "文件路径": self.path_cell,
            "备注": None,
        }
        plain.update(self.cells)
        return plain

    def _date_cell(self) -> Any:
        if self.date_form == "int":
            return int(self.date.strftime("%Y%m%d"))
        if self.date_form == "cell":
            return dt.datetime(self.date.year, self.date.month, self.date.day)
        return self.date.strftime("%Y%m%d")


def months_in(series: Series, year: int) -> list[int]:
    """The months a series is filed in; the last year stops at LAST_MONTH, and a
    document due later (a year-end summary) is filed in LAST_MONTH instead."""
    if year != YEARS[-1]:
        return list(series.months)
    return sorted({min(m, LAST_MONTH) for m in series.months})


def plan_docs() -> list[Doc]:
    """Every document of the demo archive, before numbering."""
    rng = random.Random("docgen-demo-dates")
    docs: list[Doc] = []
    for year in YEARS:
        for series in PLAN:
            for n, month in enumerate(months_in(series, year), start=1):
                docs.append(_doc(series, year, month, n, rng))
        for y, month, series in ONCE:
            if y == year:
                docs.append(_doc(series, year, month, 1, rng))
    extra = random.Random("docgen-demo-extra")
    for year in YEARS:
        for series in EXTRA:
            for n, month in enumerate(months_in(series, year), start=1):
                docs.append(_doc(series, year, month, n, extra))
    for i, d in enumerate(docs):
        d.order = i
    return docs


def _doc(series: Series, year: int, month: int, n: int, rng: random.Random) -> Doc:
    last_day = 28 if month != 12 else 26
    day = rng.randint(3, last_day) if series.kind != "总结" else rng.randint(15, last_day)
    title = series.last_title if (year == YEARS[-1] and series.last_title) else series.title
    unit = UNIT[series.unit]
    low, high = PAGES[series.kind]
    fmt = series.fmt
    return Doc(
        year=year,
        item=series.item,
        section=f"{int(series.item.split('.')[0]):02d}",
        kind=series.kind,
        date=dt.date(year, month, day),
        title=_fill(title, year, month, n),
        unit=unit.name,
        prefix=unit.prefix if series.numbered else None,
        retention=series.retention,
        fmt=fmt,
        pages=1 if fmt in ("xlsx", "jpg") else rng.randint(low, high),
    )


def _fill(template: str, year: int, month: int, n: int) -> str:
    return template.format(
        c=CITY,
        y=year,
        m=month,
        n=n,
        q=QUARTER[(month - 1) // 3],
        h="上半年" if month <= 6 else "下半年",
        s="春季" if month <= 6 else "秋季",
        a=year - 1988,  # 2024 is the 36th 爱国卫生月
    )


def number_docs(docs: list[Doc]) -> None:
    """件号 from 0001 per fonds–year–retention–section, in date order; 文号 per
    issuer and year, rising without leading zeros."""
    groups: dict[tuple, list[Doc]] = {}
    for d in sorted(docs, key=lambda d: (d.date, d.order)):
        groups.setdefault((d.year, d.retention, d.section), []).append(d)
    for members in groups.values():
        for i, d in enumerate(members, start=1):
            d.number = i
    rng = random.Random("docgen-demo-doc-numbers")
    seq: dict[tuple[str, int], int] = {}
    for d in sorted(docs, key=lambda d: (d.date, d.order)):
        if d.prefix is None:
            continue
        key = (d.prefix, d.date.year)
        seq[key] = seq.get(key, rng.randint(1, 4)) + rng.randint(1, 5)
        d.doc_number = format_doc_number(d.prefix, d.date.year, seq[key])


def set_file_defaults(docs: list[Doc]) -> None:
    """Every document has its file at year/section/档号.ext, named in 文件路径."""
    for d in docs:
        d.file_rel = d.default_rel
        d.path_cell = d.default_rel


def vary_cells(docs: list[Doc]) -> None:
    """Ordinary variety a real ledger has: about one row in ten leaves 文件路径 empty
    (the file is found by its 档号), a few dates are numbers or Excel date cells."""
    rng = random.Random("docgen-demo-variety")
    for d in docs:
        roll = rng.random()
        if d.planted:
            continue
        if roll < 0.10:
            d.path_cell = None
        elif roll < 0.14:
            d.date_form = "int"
        elif roll < 0.18:
            d.date_form = "cell"


def layout(docs: list[Doc]) -> dict[str, list[Doc]]:
    """Rows per sheet, in 档号 order; row 1 is the title, row 2 the header."""
    sheets: dict[str, list[Doc]] = {str(y): [] for y in YEARS}
    for d in docs:
        sheets[str(d.year)].append(d)
    for name, rows in sheets.items():
        rows.sort(key=lambda d: (RETENTION_ORDER.index(d.retention), d.section, d.number, d.order))
        for i, d in enumerate(rows, start=3):
            d.sheet, d.row = name, i
    return sheets
