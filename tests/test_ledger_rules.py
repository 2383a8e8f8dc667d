"""One test per ledger rule, calling the rule on an AuditInput built in memory
(checkinput.build): no workbook is written. The header is in row 2 under a title row,
so the first data row is row 3, as in the end-to-end cases of test_ledger_workbook.py."""

from __future__ import annotations

import datetime as dt

from checkinput import build, good, ledger
from projectkit import HEADER, row
from test_ledger_workbook import write_book

from docgen.load.ledger import load_ledger
from docgen.model import REQUIRED_COLUMNS
from docgen.rules import LEDGER_RULES
from docgen.rules.ledger.bad_archive_code import bad_archive_code
from docgen.rules.ledger.bad_date import bad_date
from docgen.rules.ledger.bad_doc_number import bad_doc_number
from docgen.rules.ledger.bad_page_count import bad_page_count
from docgen.rules.ledger.bad_retention import bad_retention
from docgen.rules.ledger.duplicate_archive_code import duplicate_archive_code
from docgen.rules.ledger.duplicate_doc_number import duplicate_doc_number
from docgen.rules.ledger.duplicate_entry import duplicate_entry
from docgen.rules.ledger.item_number_gap import item_number_gap
from docgen.rules.ledger.missing_column import missing_column
from docgen.rules.ledger.nonstandard_date import nonstandard_date
from docgen.rules.ledger.required_empty import required_empty
from docgen.rules.ledger.unknown_item import unknown_item
from docgen.rules.ledger.year_mismatch import year_mismatch

AT = "归档目录工作表“2025”第 {} 行"


def only(findings) -> object:
    findings = list(findings)
    assert len(findings) == 1, [f.message for f in findings]
    return findings[0]


def where(f) -> tuple:
    return (f.severity, f.sheet, f.row, f.column)


def blank(r: list, column: str) -> list:
    r[HEADER.index(column)] = None
    return r


def test_builder_gives_what_the_loader_reads(tmp_path):
    sheets = {
        "2025": [good(1), good(2, date=dt.date(2025, 3, 10), pages=2.0), [None] * 11, good(3)],
        "2025补充": [good(4, title="  带空格的题名 ")],
    }
    path = write_book(tmp_path, sheets)
    loaded = load_ledger(path, "ledger/归档文件目录.xlsx")
    built = ledger(sheets)
    assert built.rows == loaded.rows and built.path == loaded.path
    assert [(s.name, s.header_row, s.columns, s.missing) for s in built.sheets] == [
        (s.name, s.header_row, s.columns, s.missing) for s in loaded.sheets
    ]


def test_a_clean_input_gives_no_ledger_finding():
    ctx = build([good(1), good(2), row("J012-2025-D30-03-0001", item="3.2", kind="文件")])
    assert [f for rule in LEDGER_RULES for f in rule(ctx)] == []


def test_missing_column():
    header = [h for h in HEADER if h != "页数"]
    f = only(missing_column(build([good(1)[:5] + good(1)[6:]], header=header)))
    assert where(f) == ("error", "2025", 2, "页数")
    assert f.message == (
        "归档目录工作表“2025”第 2 行的表头缺少必备列“页数”。请在表头中增加“页数”列并逐行填写。"
    )


def test_missing_column_without_any_header():
    fs = list(missing_column(build([good(1)], header_row=None)))
    assert [f.column for f in fs] == list(REQUIRED_COLUMNS)
    assert fs[0].row is None and fs[0].message.startswith(
        "归档目录工作表“2025”的前 5 行中找不到表头（需要 档号、责任者、题名、日期、页数、保管期限、"
        "条目、材料类型 等列），因此缺少“档号”列，本表内容未能读取。"
    )


def test_required_empty():
    fs = list(required_empty(build([good(1), good(2, who=None), blank(good(3), "题名")])))
    assert [where(f) for f in fs] == [("error", "2025", 4, "责任者"), ("error", "2025", 5, "题名")]
    assert fs[0].message == AT.format(4) + "的“责任者”为空。这是必填项，请补填。"
    assert (fs[0].archive_code, fs[0].year, fs[0].item) == ("J012-2025-D30-01-0002", 2025, "1.3")


def test_bad_date():
    f = only(bad_date(build([good(1), good(2, date="20250231")])))
    assert where(f) == ("error", "2025", 4, "日期")
    assert f.message == (
        AT.format(4) + "的日期“20250231”不是有效日期。请按成文日期写成 8 位数字，如 20250611。"
    )
    assert (f.value, f.expected) == ("20250231", "YYYYMMDD")


def test_nonstandard_date():
    f = only(nonstandard_date(build([good(1, date="2025-06-11")])))
    assert where(f) == ("warning", "2025", 3, "日期")
    assert f.message == AT.format(3) + "的日期“2025-06-11”应按 DA/T 22 写成 8 位数字：20250611。"
    assert f.expected == "20250611"


def test_year_mismatch():
    f = only(year_mismatch(build([good(1), good(2, date="20260115")])))
    assert where(f) == ("warning", "2025", 4, "日期") and (f.value, f.expected) == (2026, 2025)
    assert f.message == (
        AT.format(4) + "的日期年份 2026 与档号年度 2025 不同。"
        "跨年文件按内容所属年度归档时可以保留；否则请核对日期或档号。"
    )


def test_bad_archive_code_pattern():
    f = only(bad_archive_code(build([row("J012-2025-D30-1-1")])))
    assert where(f) == ("error", "2025", 3, "档号") and f.value == "J012-2025-D30-1-1"
    assert f.message == (
        AT.format(3) + "的档号“J012-2025-D30-1-1”不符合格式 全宗号-年度-保管期限代码-类目代码-件号"
        "（如 J012-2025-D30-03-0007，或带门类代码 J012-WS·2025-D30-03-0007）。请按规则改正。"
    )


def test_bad_archive_code_names_every_problem():
    ctx = build([row("J099-2025-D10-03-0000")], doc_class="WS")
    f = only(bad_archive_code(ctx))
    assert f.message == (
        AT.format(3) + "的档号“J099-2025-D10-03-0000”：全宗号“J099”与本项目的全宗号“J012”不同；"
        "门类代码应为“WS”，实际为“无”；件号 0000 无效，件号从 0001 起编；"
        "保管期限代码“D10”与本行保管期限“定期30年”（应为 D30）不符；"
        "类目代码“03”与条目 1.3 所属类目“01”不符。请核对后改正。"
    )


def test_bad_archive_code_against_item_number_column():
    rows = [[1, *good(1)], [5, *good(2)]]
    f = only(bad_archive_code(build(rows, header=["件号", *HEADER])))
    assert f.row == 4 and "件号列“5”与档号末段 0002 不一致" in f.message


def test_duplicate_archive_code():
    ctx = build(sheets={"2025": [good(1), good(2)], "2025补充": [good(2, title="另一份文件")]})
    f = only(duplicate_archive_code(ctx))
    assert where(f) == ("error", "2025补充", 3, "档号")
    assert f.message == (
        "归档目录工作表“2025补充”第 3 行的档号“J012-2025-D30-01-0002”与工作表“2025”第 4 行重复。"
        "每一件的档号必须唯一，请重新编号。"
    )


def test_item_number_gap():
    f = only(item_number_gap(build([good(1), good(2), good(5), good(6), good(8)])))
    assert where(f) == ("error", "2025", 5, "档号") and f.value == "0003、0004、0007"
    assert f.message == (
        "档号组 J012-2025-D30-01（5 件）的件号不连续：缺少件号 0003、0004、0007。"
        "件号应在同一全宗、年度、保管期限、类目内从 0001 起连续编号，首个问题见"
        + AT.format(5)
        + "。"
    )


def test_item_number_gap_missing_and_repeated():
    f = only(item_number_gap(build([good(1), good(3), good(3, title="另一份")])))
    assert "不连续：缺少件号 0002；件号 0003 重复。" in f.message and f.row == 4


def test_bad_retention():
    fs = list(bad_retention(build([good(1, retention="长期"), good(2, retention="十年")])))
    assert [where(f) for f in fs] == [
        ("error", "2025", 3, "保管期限"),
        ("error", "2025", 4, "保管期限"),
    ]
    assert fs[0].message == (
        AT.format(3) + "的保管期限“长期”不规范，只能是 永久、定期30年、定期10年。"
        "“长期”是 DA/T 22-2015 以前的期限，现一般对应“定期30年”。请改正。"
    )
    assert fs[1].message == (
        AT.format(4) + "的保管期限“十年”不规范，只能是 永久、定期30年、定期10年。请改正。"
    )


def test_bad_doc_number():
    ctx = build([good(1, number="示创卫办〔2025〕1号"), good(2, number="示创卫办〔2025〕第3号")])
    f = only(bad_doc_number(ctx))
    assert where(f) == ("warning", "2025", 4, "文号") and f.expected == "机关代字〔年份〕序号号"
    assert f.message.startswith(AT.format(4) + "的文号“示创卫办〔2025〕第3号”：")
    assert "序号前不应加“第”" in f.message and f.message.endswith("。")


def test_bad_page_count():
    f = only(bad_page_count(build([good(1, pages="3"), good(2, pages="三")])))
    assert where(f) == ("error", "2025", 4, "页数") and f.expected == "≥1 的整数"
    assert f.message == AT.format(4) + "的页数“三”不是不小于 1 的整数。请填写该件的实际页数。"


def test_duplicate_entry():
    same = {"title": "关于印发2025年爱国卫生工作计划的通知", "number": "示爱卫发〔2025〕2号"}
    rows = [good(1, **same), good(2), good(3, **same, date=dt.datetime(2025, 3, 10))]
    f = only(duplicate_entry(build(rows)))
    assert where(f) == ("warning", "2025", 5, "题名")
    assert f.message == (
        AT.format(5) + "与工作表“2025”第 3 行题名、文号、日期都相同，同一文件登记了两次。"
        "请删除重复的一行，或核对是否为不同文件。"
    )


def test_duplicate_doc_number():
    rows = [
        good(1, title="关于开展春季爱国卫生运动的通知", number="枣创卫办〔2025〕16号"),
        good(2, title="关于开展病媒生物防制工作的通知", number="枣创卫办〔2025〕16号"),
    ]
    f = only(duplicate_doc_number(build(rows)))
    assert where(f) == ("warning", "2025", 4, "文号")
    assert f.message == (
        AT.format(4) + "的文号“枣创卫办〔2025〕16号”已用于工作表“2025”第 3 行的另一份文件"
        "《关于开展春季爱国卫生运动的通知》。一个文号只能对应一份文件，请核对文号。"
    )


def test_unknown_item_and_kind():
    ctx = build([good(1), good(2, item="9.9"), good(3, kind="通知")])
    item, kind = list(unknown_item(ctx))
    assert [where(item), where(kind)] == [
        ("error", "2025", 4, "条目"),
        ("error", "2025", 5, "材料类型"),
    ]
    assert item.message == (
        AT.format(4) + "的条目“9.9”不在建档指引 national-city-2021 中。"
        "请对照指引填写条目代码（如 3.2），可用 docgen guides national-city-2021 查看条目。"
    )
    kinds = "、".join(ctx.guide.kinds)
    assert kind.message == (
        AT.format(5) + f"的材料类型“通知”不在建档指引 national-city-2021 的类型中（{kinds}）。"
        "请改为其中之一。"
    )
    assert (kind.kind, kind.expected) == ("通知", kinds)


def test_findings_carry_the_responsible_unit():
    ctx = build([good(1, date="x")], unit_names={"示例市爱国卫生运动委员会办公室": "市爱卫办"})
    assert only(bad_date(ctx)).unit == "市爱卫办"
