"""The defects planted in the demo, so that every rule family has something to
find. Each planting changes the document plan and returns a Mark saying which
rule should fire where; marks become Planted records once rows are laid out.

Each defect is placed so that it triggers its own rule and nothing else, except
where noted (`collateral`): a duplicated 档号 also repeats a 件号 in its group.
The defects of scanned files (file.scan-*, a data.mismatch only OCR reads) are
planted in formats.py, with the documents filed as scans, a photo, an OFD and a .doc.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from .city import FONDS, INDICATOR, MISMATCH, figure, indicator_row
from .ledger import Doc

ORPHAN = "2025/待整理/扫描件20250617.pdf"  # under archive/, on no ledger row


@dataclass(frozen=True)
class Planted:
    """Where a planted defect must show up in the audit. `sheet`/`row` locate a
    ledger row (or a data-sheet row), `file` is relative to the project folder."""

    rule: str
    what: str  # Chinese, for 问题说明.md
    sheet: str | None = None
    row: int | None = None
    file: str | None = None
    item: str | None = None
    kind: str | None = None
    period: str | None = None
    collateral: bool = False  # follows from another planted defect
    workbook: str | None = None  # the workbook a data-sheet location is in


@dataclass
class Mark:
    rule: str
    what: str
    docs: tuple[Doc, ...] = ()
    later: bool = False  # the finding sits on whichever of `docs` comes later in the ledger
    with_file: bool = False
    file: str | None = None
    collateral: bool = False
    by_file: bool = False  # the finding names the document's file, not its ledger row

    def resolve(self, archive: str = "archive") -> Planted:
        if not self.docs:
            return Planted(self.rule, self.what, file=self.file)
        if self.by_file:
            return Planted(self.rule, self.what, file=f"{archive}/{self.docs[0].file_rel}")
        doc = max(self.docs, key=lambda d: (d.sheet, d.row)) if self.later else self.docs[0]
        file = self.file
        if self.with_file and file is None and doc.file_rel:
            file = f"{archive}/{doc.file_rel}"
        return Planted(
            self.rule,
            self.what,
            sheet=doc.sheet,
            row=doc.row,
            file=file,
            collateral=self.collateral,
        )


# ---------------------------------------------------------------- completeness gaps

GAPS = (  # (year, item, kind, month or None, period as the report writes it)
    (2025, "1.3", "总结", None, "2025"),
    (2025, "7.5", "监测报告", 9, "2025-Q3"),
)


def remove_gaps(docs: list[Doc]) -> tuple[list[Doc], list[Planted]]:
    """Take out the documents whose absence is a planted completeness gap."""
    kept, planted = list(docs), []
    for year, item, kind, month, period in GAPS:
        gone = [
            d
            for d in kept
            if (d.year, d.item, d.kind) == (year, item, kind)
            and (month is None or d.date.month == month)
        ]
        assert len(gone) == 1, (year, item, kind, month)
        kept.remove(gone[0])
        planted.append(
            Planted(
                "completeness.missing",
                f"缺少 {period} 条目 {item} 的“{kind}”（{gone[0].title}）",
                item=item,
                kind=kind,
                period=period,
            )
        )
    return kept, planted


# ---------------------------------------------------------------- helpers


def pick(
    docs: list[Doc], year: int, item: str, kind: str, month: int | None = None, nth: int = 0
) -> Doc:
    """A document not yet used for another defect."""
    found = [
        d
        for d in docs
        if (d.year, d.item, d.kind) == (year, item, kind)
        and not d.planted
        and (month is None or d.date.month == month)
    ]
    found.sort(key=lambda d: (d.date, d.order))
    doc = found[nth]
    doc.planted = True
    return doc


def last_in_group(docs: list[Doc], year: int, retention: str, section: str) -> Doc:
    group = [d for d in docs if (d.year, d.retention, d.section) == (year, retention, section)]
    doc = max(group, key=lambda d: d.number)
    assert not doc.planted
    doc.planted = True
    return doc


def add_copy(docs: list[Doc], source: Doc, **changes) -> Doc:
    """A new row appended at the end of the source's 档号 group."""
    group = [
        d
        for d in docs
        if (d.year, d.retention, d.section) == (source.year, source.retention, source.section)
    ]
    new = dataclasses.replace(
        source,
        number=max(d.number for d in group) + 1,
        order=len(docs) + 1000,
        cells={},
        planted=True,
        copy_of=None,
        **changes,
    )
    new.file_rel = new.default_rel
    new.path_cell = new.default_rel
    docs.append(new)
    return new


# ---------------------------------------------------------------- ledger.*


def plant_ledger(docs: list[Doc]) -> list[Mark]:
    marks = []

    d = pick(docs, 2025, "3.1", "检查记录", month=2)
    d.cells["日期"] = f"{d.year}0231"
    marks.append(Mark("ledger.bad-date", f"日期写成 {d.year}0231（2 月没有 31 日）", (d,)))

    d = pick(docs, 2025, "5.1", "检查记录", month=6)
    d.cells["日期"] = d.date.isoformat()
    marks.append(
        Mark("ledger.nonstandard-date", f"日期写成 {d.date.isoformat()}，应为 8 位数字", (d,))
    )

    d = pick(docs, 2024, "3.1", "检查记录", month=12)
    d.cells["日期"] = d.date.replace(year=2025).strftime("%Y%m%d")
    marks.append(Mark("ledger.year-mismatch", "2024 年的检查记录日期误写成 2025 年", (d,)))

    d = last_in_group(docs, 2025, "D30", "03")
    d.cells["档号"] = f"{FONDS}-{d.year}-{d.retention}-{d.section}-{d.number:03d}"
    marks.append(Mark("ledger.bad-archive-code", f"档号 {d.cells['档号']} 的件号只有 3 位", (d,)))

    d = last_in_group(docs, 2025, "D30", "05")
    d.cells["档号"] = f"{FONDS}-{d.year}-{d.retention}-{d.section}-{d.number - 1:04d}"
    d.cells["件号"] = d.number - 1
    marks.append(
        Mark(
            "ledger.duplicate-archive-code",
            f"档号 {d.cells['档号']} 登记了两次（后一件应为 {d.code}）",
            (d,),
        )
    )
    marks.append(
        Mark(
            "ledger.item-number-gap",
            f"同一档号组中件号 {d.number - 1:04d} 重复",
            (d,),
            collateral=True,
        )
    )

    marks.append(_number_gap(docs, 2026, "D30", "03", 6))

    d = pick(docs, 2024, "4.4", "检查记录")
    d.cells["保管期限"] = "长期"
    marks.append(Mark("ledger.bad-retention", "保管期限写成“长期”（DA/T 22-2015 已不用）", (d,)))

    d = pick(docs, 2025, "3.2", "文件")
    d.cells["文号"] = d.doc_number.replace("〔", "【").replace("〕", "】")
    marks.append(Mark("ledger.bad-doc-number", f"文号 {d.cells['文号']} 用了【】而不是〔〕", (d,)))

    d = pick(docs, 2025, "1.3", "其他", month=5)
    assert (
        d.fmt == "docx"
    )  # a Word file has no page count to compare, so only the ledger rule fires
    d.cells["页数"] = 0
    marks.append(Mark("ledger.bad-page-count", "页数填了 0", (d,)))

    source = pick(docs, 2025, "2.4", "文件")
    twin = add_copy(docs, source)
    marks.append(
        Mark(
            "ledger.duplicate-entry",
            f"《{source.title}》（{source.doc_number}）登记了两次",
            (twin,),
        )
    )

    first = pick(docs, 2024, "6.1", "文件")
    second = pick(docs, 2024, "6.1", "其他", month=6)
    second.doc_number = first.doc_number
    marks.append(
        Mark(
            "ledger.duplicate-doc-number",
            f"文号 {first.doc_number} 用在两份不同的文件上",
            (first, second),
            later=True,
        )
    )

    source = pick(docs, 2026, "1.3", "文件")
    extra = add_copy(
        docs,
        source,
        item="9.9",
        title="关于开展爱国卫生志愿服务活动的通知",
        doc_number=None,
        date=source.date + dt.timedelta(days=10),
    )
    marks.append(Mark("ledger.unknown-item", "条目写成 9.9，指引中没有这一条", (extra,)))

    d = pick(docs, 2026, "6.2", "检查记录")
    d.cells["责任者"] = None
    marks.append(Mark("ledger.required-empty", "责任者为空", (d,)))
    return marks


def _number_gap(docs: list[Doc], year: int, retention: str, section: str, skip: int) -> Mark:
    """Renumber one group so that 件号 `skip` is missing; the finding sits on the row after it."""
    group = [d for d in docs if (d.year, d.retention, d.section) == (year, retention, section)]
    after = None
    for d in group:
        if d.number >= skip:
            d.number += 1
            if d.number == skip + 1:
                after = d
    after.planted = True
    for d in group:  # files are named by the new 档号
        d.file_rel = d.path_cell = d.default_rel
    return Mark(
        "ledger.item-number-gap",
        f"档号组 {FONDS}-{year}-{retention}-{section} 缺少件号 {skip:04d}",
        (after,),
    )


# ---------------------------------------------------------------- file.*


def plant_files(docs: list[Doc]) -> list[Mark]:
    marks = []

    d = pick(docs, 2025, "4.4", "检查记录")
    d.file_rel = None
    marks.append(
        Mark(
            "file.missing",
            "目录登记了，归档文件夹中没有该文件",
            (d,),
            file=f"archive/{d.path_cell}",
        )
    )

    marks.append(
        Mark("file.orphan", "归档文件夹中有一份扫描件，目录中没有登记", file=f"archive/{ORPHAN}")
    )

    d = pick(docs, 2024, "3.6", "检查记录")
    d.content = "jpeg"
    marks.append(
        Mark("file.unreadable", "扩展名是 .pdf，内容其实是 JPEG 照片", (d,), with_file=True)
    )

    d = pick(docs, 2025, "4.2", "监测报告")
    d.content = "encrypted"
    marks.append(Mark("file.encrypted", "PDF 设有打开密码", (d,), with_file=True))

    d = pick(docs, 2026, "5.4", "检查记录")
    d.content = "empty"
    marks.append(Mark("file.empty", "文件为 0 字节", (d,), with_file=True))

    d = pick(docs, 2024, "3.5", "计划")
    d.file_pages = d.pages - 1
    marks.append(
        Mark(
            "file.page-mismatch",
            f"目录页数 {d.pages}，PDF 实际 {d.pages - 1} 页",
            (d,),
            with_file=True,
        )
    )

    first = pick(docs, 2025, "5.3", "检查记录", month=4)
    second = pick(docs, 2025, "5.3", "检查记录", month=6)
    second.copy_of = first
    second.pages = first.pages
    marks.append(
        Mark(
            "file.duplicate-content",
            "6 月的检查记录文件与 4 月的完全相同（重复扫描）",
            (first, second),
            later=True,
            with_file=True,
        )
    )

    d = pick(docs, 2026, "4.4", "检查记录")
    d.path_cell = f"../扫描件/{d.code}.pdf"
    d.file_rel = None
    marks.append(Mark("file.outside-root", f"文件路径 {d.path_cell} 指到归档文件夹以外", (d,)))
    return marks


# ---------------------------------------------------------------- data.* in documents


def plant_figures(docs: list[Doc]) -> list[Mark]:
    """One filed report that states a figure the data sheet gives differently
    (data.mismatch). Every other figure in the documents agrees with the sheet."""
    name, year, stated = MISMATCH
    d = pick(docs, year, "3.3", "总结")
    assert d.fmt == "pdf"
    d.stated[name] = stated
    unit = INDICATOR[name].unit
    what = (
        f"《{d.title}》（档号 {d.code}）写{year}年{name}{stated}{unit}，"
        f"data/指标数据.xlsx 第 {indicator_row(name, year)} 行为 {figure(name, year)}{unit}"
    )
    return [Mark("data.mismatch", what, (d,), by_file=True)]
