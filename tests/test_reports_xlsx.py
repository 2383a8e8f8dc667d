"""The 整改清单 workbook (--format xlsx): one row per finding, text that looks like a
formula stays text, the 完整性 and 说明 sheets, reproducible bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
import yaml
from projectkit import HEADER, row, run_cli, write_config, write_ledger
from reportkit import (
    XLSX_HEADER,
    finding,
    hand_result,
    real_audit,
    workbook,
)

from docgen import output
from docgen.audit import AuditResult, run_audit
from docgen.errors import InputError
from docgen.findings import ERROR, WARNING, Finding
from docgen.load.project import load_project
from docgen.report import xlsx_report
from docgen.report.order import in_order


@pytest.fixture(scope="module")
def real_result(tmp_path_factory) -> AuditResult:
    """A real ledger-only project with a bad date, a shared 文号 and an odd 题名."""
    return real_audit(tmp_path_factory.mktemp("proj"))


# ---------------------------------------------------------------- xlsx: 整改清单


def test_xlsx_one_row_per_finding(real_result):
    assert real_result.findings, "the project should have findings"
    ws = workbook(real_result)["整改清单"]
    assert [c.value for c in ws[1]] == XLSX_HEADER
    assert ws.max_row == len(real_result.findings) + 1
    shown = in_order(real_result.findings, real_result.guide)  # the reports' order
    assert sorted(shown, key=Finding.sort_key) == real_result.findings
    for n, f in enumerate(shown, start=2):
        values = dict(zip(XLSX_HEADER, (c.value for c in ws[n]), strict=True))
        assert values["序号"] == n - 1
        assert values["规则"] == f.rule
        assert values["工作表"] == f.sheet
        assert values["行号"] == f.row
        assert values["问题说明"] == f.message
        assert values["严重程度"] == {ERROR: "错误", WARNING: "警告"}[f.severity]


def test_xlsx_real_rules_present(real_result):
    ws = workbook(real_result)["整改清单"]
    rules = {ws.cell(row=r, column=3).value for r in range(2, ws.max_row + 1)}
    assert {"ledger.bad-date", "ledger.duplicate-doc-number", "completeness.missing"} <= rules
    bad = next(
        r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=3).value == "ledger.bad-date"
    )
    assert ws.cell(row=bad, column=4).value == "日期不是有效日期"
    assert ws.cell(row=bad, column=6).value == "2025"
    assert ws.cell(row=bad, column=7).value == 3


def test_xlsx_frozen_filtered_and_filled(real_result):
    ws = workbook(real_result)["整改清单"]
    n = len(real_result.findings)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:R{n + 1}"
    assert ws.column_dimensions["E"].width >= 40
    for r in range(2, n + 2):
        severity = ws.cell(row=r, column=2)
        colour = severity.fill.fgColor.rgb
        assert colour.endswith("FFC7CE" if severity.value == "错误" else "FFEB9C")
        assert ws.cell(row=r, column=5).alignment.wrap_text


def test_xlsx_warning_fill():
    wb = workbook(hand_result([finding("ledger.nonstandard-date", "写法不规范", WARNING, row=4)]))
    cell = wb["整改清单"]["B2"]
    assert cell.value == "警告"
    assert cell.fill.fgColor.rgb.endswith("FFEB9C")


def test_xlsx_formula_like_text_stays_text():
    risky = ['=HYPERLINK("http://x","点我")', "+1+2", "-3", "@SUM(A1)", "#N/A"]
    findings = [finding(message=m, sheet=m, row=i + 2, value=m) for i, m in enumerate(risky)]
    data = xlsx_report.render(hand_result(findings, city="=cmd|' /C calc'!A0"))
    ws = openpyxl.load_workbook(io.BytesIO(data))["整改清单"]
    seen = {}
    for r in range(2, ws.max_row + 1):
        for column in (5, 6, 17):
            cell = ws.cell(row=r, column=column)
            assert cell.data_type == "s", (cell.coordinate, cell.value)
        seen[ws.cell(row=r, column=5).value] = ws.cell(row=r, column=6).value
    assert seen == {m: m for m in risky}
    about = openpyxl.load_workbook(io.BytesIO(data))["说明"]
    assert about["B2"].value == "=cmd|' /C calc'!A0" and about["B2"].data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


def test_xlsx_odd_values_do_not_crash():
    findings = [
        finding(message="控制字符\x01\x1b结尾", value=[1, 2], expected=dt.date(2025, 6, 11)),
        finding(message="很长" * 20000, value=float("nan"), row=9),
    ]
    ws = workbook(hand_result(findings))["整改清单"]
    messages = {ws.cell(row=r, column=5).value for r in (2, 3)}
    assert "控制字符\\x01\\x1b结尾" in messages
    assert max(len(m) for m in messages) == 32767
    assert (ws["Q2"].value, ws["R2"].value, ws["Q3"].value) == ("1、2", "2025-06-11", "nan")


def test_xlsx_no_findings_still_a_sheet():
    wb = workbook(hand_result([]))
    ws = wb["整改清单"]
    assert [c.value for c in ws[1]] == XLSX_HEADER
    assert ws.max_row == 1
    assert ws.auto_filter.ref == "A1:R1"


def test_xlsx_reproducible_bytes_and_fixed_dates(real_result):
    first = xlsx_report.render(real_result)
    assert first == xlsx_report.render(real_result)
    wb = openpyxl.load_workbook(io.BytesIO(first))
    assert wb.properties.created == dt.datetime(2000, 1, 1)
    assert wb.properties.modified == dt.datetime(2000, 1, 1)
    assert wb.sheetnames[0] == "汇总" and wb.sheetnames[-4:] == [
        "整改清单",
        "完整性",
        "说明",
        "_docgen",
    ]


def test_xlsx_names_indicators_by_the_projects_own_catalogue(tmp_path):
    """The xlsx takes indicator names from the catalogue the audit used (the
    project's paths.indicator_catalogue), also when the result comes from the memo."""
    write_config(tmp_path, paths={"indicator_catalogue": "本地指标.yaml"})
    write_ledger(tmp_path, {"2025": [HEADER, row("J012-2025-D30-01-0001")]})
    own = {
        "extends": "builtin",
        "indicators": [
            {
                "code": "health-satisfaction",
                "name": "本省群众满意率",
                "thresholds": [{"version": "2021", "op": ">=", "value": 95, "verified": True}],
            }
        ],
    }
    (tmp_path / "本地指标.yaml").write_text(yaml.safe_dump(own, allow_unicode=True), "utf-8")
    wb = openpyxl.Workbook()
    wb.active.title = "指标数据"
    wb.active.append(["指标名称", "年度", "数值", "单位"])
    wb.active.append(["health-satisfaction", 2025, 92.5, "%"])
    (tmp_path / "data").mkdir(exist_ok=True)
    wb.save(tmp_path / "data" / "指标数据.xlsx")
    for memo in ("miss", "hit"):
        result = run_audit(tmp_path, today=dt.date(2026, 1, 1))
        assert result.stats["memo"] == memo
        ws = workbook(result)["整改清单"]
        rule, name = XLSX_HEADER.index("规则"), XLSX_HEADER.index("指标")
        rows = ws.iter_rows(min_row=2)
        shown = [r[name].value for r in rows if r[rule].value == "data.below-standard"]
        assert shown == ["本省群众满意率"]


def test_a_report_into_a_folder_docgen_yaml_names_is_refused(tmp_path):
    """The output guard takes the input folders from the loaded project: a ledger kept
    in 台账/ (paths.ledger) is input, so no report goes there, before or after the audit."""
    write_config(tmp_path, paths={"ledger": "台账/归档文件目录.xlsx"})
    write_ledger(
        tmp_path, {"2025": [HEADER, row("J012-2025-D30-01-0001")]}, "台账/归档文件目录.xlsx"
    )
    for fmt in ("json", "xlsx"):
        target = tmp_path / "台账" / f"审核.{fmt}"
        done = run_cli("audit", str(tmp_path), "--format", fmt, "-o", str(target))
        assert done.returncode == 2 and "位于输入文件夹" in done.stderr, done.stderr
        assert not target.exists()
    output.check_target(tmp_path / "out" / "a.json", False, project_root=tmp_path)  # out/ is fine
    project = load_project(tmp_path)
    with pytest.raises(InputError, match="位于输入文件夹"):
        output.write_text(tmp_path / "台账" / "a.txt", "x", project_root=tmp_path, project=project)


# ---------------------------------------------------------------- xlsx: 完整性 and 说明


def test_xlsx_completeness_sheet(real_result):
    ws = workbook(real_result)["完整性"]
    sections = real_result.guide.sections
    header = [c.value for c in ws[1]]
    by_year = real_result.completeness.by_section_year()
    whole = ["全期"] if any("全期" in v for v in by_year.values()) else []
    assert header == ["类目代码", "类目名称", "2024", "2025", *whole, "合计"]
    assert ws.max_row == len(sections) + 2  # header, one row per section, 全部类目
    for r, section in enumerate(sections, start=2):
        assert ws.cell(row=r, column=1).value == section.code
        assert ws.cell(row=r, column=2).value == section.name
        total = ws.cell(row=r, column=len(header))
        assert total.value == pytest.approx(real_result.completeness.by_section()[section.code])
        assert total.number_format == "0.0%"
        for c, label in enumerate(header[2:-1], start=3):
            expected = by_year[section.code].get(label)
            value = ws.cell(row=r, column=c).value
            assert value == (None if expected is None else pytest.approx(expected))
    last = ws.max_row
    assert ws.cell(row=last, column=2).value == "全部类目"
    overall = ws.cell(row=last, column=len(header)).value
    assert overall == pytest.approx(real_result.completeness.overall)


def test_xlsx_completeness_colours():
    ws = workbook(hand_result([]))["完整性"]
    assert [c.value for c in ws[1]] == ["类目代码", "类目名称", "2025", "2026", "合计"]
    assert ws["C2"].value == 1.0 and ws["C2"].fill.fgColor.rgb.endswith("C6EFCE")
    assert ws["D2"].value == 0.0 and ws["D2"].fill.fgColor.rgb.endswith("FFC7CE")
    assert ws["E2"].value == 0.5
    assert ws["C3"].value is None  # a section with no requirement measured: blank


def test_xlsx_about_sheet(real_result):
    ws = workbook(real_result)["说明"]
    values = {
        ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value
        for r in range(1, ws.max_row + 1)
    }
    assert values["城市"] == "示例市"
    assert values["建档指引"].startswith("national-city-2021 ")
    assert values["审核年度"] == "2024、2025"
    assert values["目录行数"] == 3
    assert values["错误"] == real_result.errors
    assert values["警告"] == real_result.warnings
    assert values["生成工具"] == "docgen 0.1.0"
    assert "使用方法" in values


def test_xlsx_every_part_carries_the_fixed_time_so_reruns_are_byte_identical(real_result):
    data = xlsx_report.render(real_result)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        stamps = {info.filename: info.date_time for info in z.infolist()}
    assert any(name.startswith("xl/worksheets/") for name in stamps)
    assert set(stamps.values()) == {xlsx_report.FIXED_TIME.timetuple()[:6]}, stamps


def test_unit_sheets_print_on_a4_landscape_one_page_wide_at_10_pt_or_more(real_result):
    from docgen.report.xlsx_cells import printed_scale

    wb = workbook(real_result)
    units = [ws for ws in wb.worksheets if str(ws.cell(3, 1).value).startswith("docgen-rectify")]
    assert units, wb.sheetnames
    for ws in units + [wb["整改清单"]]:
        setup = ws.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9)  # A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        widths = [
            d.width for key, d in ws.column_dimensions.items() if not d.hidden and key != "A"
        ] or [1]
        sizes = {c.font.sz for line in ws.iter_rows(min_row=4) for c in line if c.value}
        assert min(sizes) * printed_scale(widths) >= 10, (ws.title, sizes, sum(widths))
    ws = units[0]
    assert ws.print_title_rows == "$3:$3"
    assert ws.column_dimensions["A"].hidden  # the stable ids
    headers = [c.value for c in ws[3]]
    assert headers[-4:] == ["整改措施", "整改情况", "完成日期", "佐证材料（档号）"]
    assert ws.cell(4, 4).alignment.wrap_text
    assert wb["_docgen"].sheet_state == "veryHidden" and wb["_docgen"].protection.sheet
