"""data.unknown-unit, data.overdue, data.date-order on real workbooks: a project with
data/成员单位.xlsx and data/问题清单.xlsx written with openpyxl, dates as Excel date
cells, 8-digit text and 8-digit numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from projectkit import code, project, row, write_book

from docgen import scaffold
from docgen.audit import load_input
from docgen.context import AuditInput
from docgen.load.datasheet import load_problems, load_units, read_data_facts
from docgen.load.problems import read_date
from docgen.rules.data.date_order import date_order
from docgen.rules.data.overdue import overdue
from docgen.rules.data.unknown_unit import unknown_unit

TODAY = dt.date(2025, 11, 1)
UNITS = [
    ("示例市城市管理局", "市城管局,城管局"),
    ("示例市住房和城乡建设局", "市住建局、住建局"),
    ("示例市市场监督管理局", "市市场监管局；市场监管局"),
    ("示例市卫生健康委员会", "市卫健委，卫健委"),
    ("示例市爱国卫生运动委员会办公室", "市爱卫办"),
]
PROBLEM_HEADER = list(scaffold.PROBLEM_HEADER)
FIRST = 3  # a title row, then the header: the first problem is on spreadsheet row 3
D = dt.datetime


GIVEN, DUE, DONE = D(2025, 3, 12), D(2025, 3, 26), D(2025, 3, 22)


def problem(
    unit="市城管局",
    given=GIVEN,
    due=DUE,
    state="已销号",
    done=DONE,
    code="WT-2025-001",
    what="背街小巷垃圾桶满溢",
) -> list:
    return [code, what, "城东区解放路北巷", "暗访", unit, given, due, state, done]


def build(root: Path, problems: list[list], units=UNITS, with_units: bool = True) -> Path:
    project(root, [row(code(1))], archive=False)
    if with_units:
        write_book(
            root / "data" / "成员单位.xlsx",
            [
                ["单位名称", "简称", "联系人", "电话"],
                *[[name, alias, "张三", "0000-12345678"] for name, alias in units],
            ],
            title="成员单位",
        )
    write_book(
        root / "data" / "问题清单.xlsx",
        [["示例市创卫问题整改清单"], PROBLEM_HEADER, *problems],
        title="问题清单",
    )
    return root


def context(root: Path, today: dt.date = TODAY) -> AuditInput:
    ctx = load_input(root, inspect=False)
    ctx.units = load_units(root, "data/成员单位.xlsx")
    ctx.problems = load_problems(root, "data/问题清单.xlsx")
    ctx.today = today
    return read_data_facts(ctx)


def run(root: Path, today: dt.date = TODAY) -> list:
    ctx = context(root, today)
    return [f for fn in (unknown_unit, overdue, date_order) for f in fn(ctx)]


def of(findings: list, rule_id: str) -> list:
    return [f for f in findings if f.rule == rule_id]


CLEAN = [
    problem(),
    problem(unit="示例市住房和城乡建设局", code="WT-2025-002", state="已整改"),
    problem(
        unit="市场监管局", given="20250408", due="20250422", done="20250418", code="WT-2025-003"
    ),
    problem(unit="市卫健委", given=20250506, due=20250520, done=20250516, code="WT-2025-004"),
    problem(
        unit="市城管局、市住建局", due=D(2026, 3, 31), state="整改中", done=None, code="WT-2025-005"
    ),
]


# ---------------------------------------------------------------- clean


def test_clean_problem_list_gives_no_findings(tmp_path):
    assert run(build(tmp_path, CLEAN)) == []


def test_no_problem_list_gives_no_findings(tmp_path):
    root = build(tmp_path, CLEAN)
    (root / "data" / "问题清单.xlsx").unlink()
    assert run(root) == []


# ---------------------------------------------------------------- data.unknown-unit


def test_unknown_unit_is_reported_with_the_closest_member_unit(tmp_path):
    root = build(tmp_path, CLEAN + [problem(unit="示例市城市管理处", code="WT-2025-006")])
    found = of(run(root), "data.unknown-unit")
    assert len(found) == 1
    f = found[0]
    assert (f.sheet, f.row, f.column, f.file) == (
        "问题清单",
        FIRST + 5,
        "责任单位",
        "data/问题清单.xlsx",
    )
    assert f.severity == "error"
    assert f.value == "示例市城市管理处" and f.unit == "示例市城市管理处"
    assert f.expected == "示例市城市管理局"
    assert "第 8 行" in f.message and "WT-2025-006" in f.message and "示例市城市管理局" in f.message
    assert f.year is None and f.period is None


def test_unit_matches_by_any_short_name_and_ignores_spaces(tmp_path):
    rows = [
        problem(unit=u, code=f"WT-2025-{i:03d}")
        for i, u in enumerate(
            [
                "城管局",
                "住建局",
                "市 市场监管局",
                "卫健委",
                "市爱卫办",
                "示例市卫生健康委员会 ",
                "市城管局（牵头）",
                "牵头：市住建局",
            ],
            start=1,
        )
    ]
    assert of(run(build(tmp_path, rows)), "data.unknown-unit") == []


def test_several_units_in_one_cell_are_checked_each(tmp_path):
    root = build(tmp_path, [problem(unit="市城管局、市环卫处，市住建局;市园林局")])
    found = of(run(root), "data.unknown-unit")
    assert sorted(f.value for f in found) == ["市园林局", "市环卫处"]
    assert {(f.row, f.column) for f in found} == {(FIRST, "责任单位")}


def test_units_separated_by_spaces_in_one_cell(tmp_path):
    root = build(tmp_path, [problem(unit="市城管局 市住建局")])
    assert of(run(root), "data.unknown-unit") == []


def test_no_member_unit_list_means_no_unknown_unit_findings(tmp_path):
    root = build(tmp_path, [problem(unit="示例市不存在的单位")], with_units=False)
    assert of(run(root), "data.unknown-unit") == []


# ---------------------------------------------------------------- data.overdue


def test_overdue_open_problem(tmp_path):
    rows = CLEAN + [
        problem(
            unit="市住建局",
            given=D(2025, 8, 5),
            due=D(2025, 8, 20),
            state="整改中",
            done=None,
            code="WT-2025-006",
            what="建筑工地出入口未设冲洗设施",
        )
    ]
    found = of(run(build(tmp_path, rows)), "data.overdue")
    assert len(found) == 1
    f = found[0]
    assert (f.sheet, f.row, f.column) == ("问题清单", FIRST + 5, "整改时限")
    assert f.unit == "示例市住房和城乡建设局" and f.value == "2025-08-20"
    for part in (
        "WT-2025-006",
        "建筑工地出入口未设冲洗设施",
        "示例市住房和城乡建设局",
        "2025年8月20日",
        "逾期 73 天",
        "整改中",
        "已整改",
    ):
        assert part in f.message


def test_overdue_depends_on_today(tmp_path):
    rows = [problem(due="20251031", state="未整改", done=None)]
    root = build(tmp_path, rows)
    assert of(run(root, dt.date(2025, 10, 31)), "data.overdue") == []  # due today: not yet late
    assert len(of(run(root, dt.date(2025, 11, 1)), "data.overdue")) == 1


def test_overdue_ignores_closed_problems_and_counts_an_empty_status_as_open(tmp_path):
    rows = [
        problem(state="已整改", done=None, code="A"),
        problem(state="已销号", code="B"),
        problem(state=None, done=None, code="C", due=20250930),
        problem(state="已整改，待验收", code="D"),
        problem(state="部分整改", done=None, code="E"),
    ]
    found = of(run(build(tmp_path, rows)), "data.overdue")
    assert [f.row for f in found] == [FIRST + 2, FIRST + 4]
    assert "整改状态为空" in found[0].message and "部分整改" in found[1].message


def test_overdue_reads_month_and_span_deadlines_and_skips_standing_ones(tmp_path):
    rows = [
        problem(given=D(2025, 9, 1), due="2025年10月底", state="整改中", done=None, code="A"),
        problem(given=D(2025, 10, 1), due="15个工作日", state="整改中", done=None, code="B"),
        problem(given=D(2025, 10, 20), due="15天", state="整改中", done=None, code="C"),
        problem(due="长期坚持", state="整改中", done=None, code="D"),
        problem(due="立行立改", state="整改中", done=None, code="E"),
    ]
    found = run(build(tmp_path, rows))
    assert [(f.rule, f.row) for f in found] == [
        ("data.overdue", FIRST),
        ("data.overdue", FIRST + 1),
    ]
    assert found[1].value == "2025-10-22"  # 15 working days after 1 October
    assert "2025年10月22日（表中写作“15个工作日”）" in found[1].message


# ---------------------------------------------------------------- data.date-order


def test_completion_before_assignment(tmp_path):
    rows = CLEAN + [
        problem(
            given=D(2025, 7, 10),
            due=D(2025, 8, 10),
            state="已整改",
            done=D(2025, 6, 28),
            unit="市卫健委",
            code="WT-2025-006",
        )
    ]
    found = of(run(build(tmp_path, rows)), "data.date-order")
    assert len(found) == 1
    f = found[0]
    assert (f.row, f.column, f.value) == (FIRST + 5, "完成日期", "2025-06-28")
    assert f.unit == "示例市卫生健康委员会" and f.file == "data/问题清单.xlsx"
    assert "2025年6月28日" in f.message and "2025年7月10日" in f.message


def test_deadline_before_assignment_with_text_and_number_dates(tmp_path):
    rows = [
        problem(given="20250610", due="20250601", done=None, state="整改中", code="A"),
        problem(given=20250610, due=20250530, done=None, state="整改中", code="B"),
    ]
    found = of(run(build(tmp_path, rows), dt.date(2025, 5, 1)), "data.date-order")
    assert [(f.row, f.column) for f in found] == [(FIRST, "整改时限"), (FIRST + 1, "整改时限")]
    assert "交办日期 2025年6月10日" in found[0].message


def test_dates_as_cells_text_and_numbers_compare_across_forms(tmp_path):
    rows = [problem(given="20250710", done=D(2025, 6, 28), due=20250810)]
    found = of(run(build(tmp_path, rows)), "data.date-order")
    assert [(f.column, f.value) for f in found] == [("完成日期", "2025-06-28")]


def test_unreadable_date_is_reported_once_and_not_compared(tmp_path):
    rows = [
        problem(given="2025.13.1", done=D(2025, 1, 5), code="A"),
        problem(due="下旬", state="整改中", done=None, code="B"),
        problem(done="—", state="已整改", code="C"),
    ]
    found = run(build(tmp_path, rows))
    assert [(f.rule, f.row, f.column) for f in found] == [
        ("data.date-order", FIRST, "交办日期"),
        ("data.date-order", FIRST + 1, "整改时限"),
    ]
    assert "不是可识别的日期" in found[0].message and found[0].value == "2025.13.1"


def test_future_completion_date_is_not_reported(tmp_path):
    rows = [problem(given=D(2025, 10, 1), due=D(2025, 12, 31), done=D(2025, 12, 1), state="已整改")]
    assert run(build(tmp_path, rows), dt.date(2025, 11, 1)) == []


def test_read_date_forms():
    assert read_date(D(2025, 6, 11)).date == dt.date(2025, 6, 11)
    assert read_date("20250611").date == dt.date(2025, 6, 11)
    assert read_date(20250611).date == dt.date(2025, 6, 11)
    assert read_date(45819).date == dt.date(2025, 6, 11)  # an Excel serial without a date format
    assert read_date("２０２５年６月１１日").date == dt.date(2025, 6, 11)
    assert read_date("2025年12月31日前", deadline=True).date == dt.date(2025, 12, 31)
    assert read_date("2025年底", deadline=True).date == dt.date(2025, 12, 31)
    assert read_date("2025年2月", deadline=True).date == dt.date(2025, 2, 28)
    assert read_date("20250231").status == "bad"
    assert read_date("无").status == "empty"


# ---------------------------------------------------------------- the loaded facts


def test_one_member_index_for_rules_ledger_and_documents(tmp_path):
    """load/members.py: one 简称 splitter; the squeezed index the rules match with and
    the as-written one a ledger's 责任者 is looked up in name the same units."""
    units = UNITS + [("示例市生态环境局", "市生态环境局 生态环境局/环保局")]
    ctx = context(build(tmp_path, CLEAN, units=units))
    eco = next(m for m in ctx.members.units if m.name == "示例市生态环境局")
    assert eco.aliases == ("市生态环境局", "生态环境局", "环保局")
    assert ctx.unit_names["环保局"] == "示例市生态环境局" == ctx.members.match("环 保 局")
    assert ctx.unit_names["卫健委"] == "示例市卫生健康委员会" == ctx.members.match("卫健委")
    assert [m.name for m in ctx.members.units] == [name for name, _ in units]


def test_problems_are_loaded_with_their_dates_units_and_overdue_days(tmp_path):
    late = problem(unit="市城管局、市环卫处", state="整改中", done=None, code="WT-2025-009")
    ctx = context(build(tmp_path, CLEAN + [late]))
    p = ctx.problem_list[-1]
    assert (p.row.row, p.status, p.closed) == (FIRST + 5, "整改中", False)
    assert p.units == (("市城管局", "示例市城市管理局"), ("市环卫处", None))
    assert p.deadline.date == DUE.date() and p.assigned.date == GIVEN.date()
    assert p.days_overdue(TODAY) == (TODAY - DUE.date()).days and p.overdue(TODAY)
    assert not p.overdue(DUE.date())  # not yet on the day itself
    assert not ctx.problem_list[0].overdue(TODAY)  # 已销号
