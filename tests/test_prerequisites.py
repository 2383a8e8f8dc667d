"""The 必备条件 (archive_schema/prerequisites.yaml) and the table the dossier shows:
the 2014 list, the 2021 stand-in, the figures judged as data.below-standard judges
them, and the 档号 of the filed documents that are their evidence."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import docx
import openpyxl
import pytest
from projectkit import code as archive_code
from projectkit import make_pdf, project, row, write_book

from docgen.audit import load_input, run_audit
from docgen.demo.city import PREREQUISITE_BELOW
from docgen.errors import InputError
from docgen.load.indicator_catalogue import load_catalogue
from docgen.load.prerequisites import load_prerequisites
from docgen.render.run import source_for
from docgen.render.templates import find_template
from docgen.rules.data.prerequisites import prerequisites
from docgen.templating.engine import render_bytes
from docgen.view import context as contexts
from docgen.view import facts

TODAY = dt.date(2026, 11, 20)
MATERIALS = ("application", "work-report", "city-profile", "prerequisites", "organization")


@pytest.fixture(scope="module")
def demo_input(demo_root):
    return load_input(demo_root, today=TODAY, statements=True)


@pytest.fixture(scope="module")
def demo_rows(demo_input):
    return {r["no"]: r for r in prerequisites(demo_input)}


def dossier_data(root: Path, material: str) -> dict:
    """dossier/data.yaml as docgen dossier build reads it: the shared fields with the
    material's own on top."""
    data = contexts.read_data(root / "dossier" / "data.yaml")
    shared = {k: v for k, v in data.items() if k not in MATERIALS}
    return contexts.merge(shared, data.get(material, {}))


def ledger_code(root: Path, title: str) -> str:
    wb = openpyxl.load_workbook(root / "ledger" / "归档文件目录.xlsx")
    for ws in wb.worksheets:
        for cells in ws.iter_rows(min_row=3, values_only=True):
            if cells[4] == title:
                return cells[0]
    raise AssertionError(title)


# ---------------------------------------------------------------- the lists


def test_2014_list_has_the_eleven_confirmed_prerequisites_mapped_to_catalogued_indicators():
    items = load_prerequisites("2014", catalogue=load_catalogue())
    assert [p.no for p in items] == list(range(1, 12))
    assert all(p.verified for p in items)
    by_no = {p.no: p for p in items}
    assert by_no[5].indicators == ("green-coverage", "park-green-per-capita")
    assert by_no[7].indicators == ("vector-density", "fly-rat-proofing")
    assert len(by_no[8].indicators) == 4
    assert by_no[1].documents[0].item == "1.1" and not by_no[1].indicators
    assert by_no[2].documents[0].item == "1.2"


def test_2021_has_no_list_of_its_own_so_the_2014_list_stands_in_unverified():
    items = load_prerequisites("2021")
    assert [p.name for p in items] == [p.name for p in load_prerequisites("2014")]
    assert not any(p.verified for p in items)
    assert all(p.source == "2014" and "2014" in (p.note or "") for p in items)


def test_a_county_gets_the_city_list_unverified_with_a_note():
    items = load_prerequisites("2014", "county")
    assert len(items) == 11 and not any(p.verified for p in items)
    assert "县级" in items[0].note


def test_a_project_list_extends_the_builtin_one_by_number(tmp_path):
    own = tmp_path / "prerequisites.yaml"
    own.write_text(
        'extends: builtin\nlists:\n  - version: "2014"\n    items:\n'
        "      - {number: 3, requirement: 建成区生活垃圾100%无害化处理}\n"
        "      - {number: 10, drop: true}\n",
        encoding="utf-8",
    )
    items = {p.no: p for p in load_prerequisites("2014", path=own)}
    assert items[3].requirement == "建成区生活垃圾100%无害化处理"
    assert items[3].indicators == ("garbage-harmless",)
    assert 10 not in items and len(items) == 10


def test_a_broken_list_is_refused_with_the_place_named(tmp_path):
    own = tmp_path / "bad.yaml"
    own.write_text(
        'lists:\n  - version: "2014"\n    items:\n      - {number: 1, name: 法规}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        load_prerequisites("2014", path=own)
    assert "bad.yaml" in err.value.message and "必备条件第 1 项" in err.value.message


# ---------------------------------------------------------------- the demo's table


def test_demo_below_standard_prerequisite_is_not_met_with_its_evidence_code(demo_root, demo_rows):
    name, year = PREREQUISITE_BELOW
    code = ledger_code(demo_root, f"重点行业和单位防蝇防鼠设施检查记录（{year}年）")
    row = demo_rows[7]
    assert row["met"] is False and row["verdict"] == "未达标"
    assert row["years"][year] == "C级\n94.2%"
    assert code in row["evidence"] and code in row["key_evidence"]
    assert any(
        s["archive_code"] == code and s["year"] == year and "94.2%" in s["what"]
        for s in row["sources"]
    )
    assert row["reasons"] == [f"{year}年{name}为94.2%，低于 95%"]


def test_the_table_judges_as_the_audit_does(demo_root, demo_rows):
    result = run_audit(demo_root, today=TODAY)
    below = {(f.indicator, f.year) for f in result.findings if f.rule == "data.below-standard"}
    failing = {
        (i["code"], y)
        for r in demo_rows.values()
        for i in r["indicators"]
        for y, f in i["figures"].items()
        if f["met"] is False
    }
    assert failing == {("fly-rat-proofing", 2025)}
    assert failing <= below


def test_demo_rows_are_met_filed_or_judged_on_every_year(demo_rows):
    assert [r["verdict"] for r in demo_rows.values()].count("达标") == 10
    assert demo_rows[1]["years"] == {
        2024: None,
        2025: "已归档",
        2026: "已归档",
    }  # the 实施意见 of 2025
    assert demo_rows[8]["years"][2026] == "\n".join(["0 起"] * 4)
    assert demo_rows[5]["requirement"] == "建成区绿化覆盖率≥36%；人均公园绿地面积≥8.5 平方米"
    assert not any(r["verified"] for r in demo_rows.values())  # the 2021 stand-in


def test_a_document_stating_another_figure_is_no_evidence_of_it(demo_root, demo_rows):
    report = ledger_code(
        demo_root, "江临市2025年城市园林绿化工作总结"
    )  # 绿化覆盖率 40.1, the sheet 41.2
    cited = {
        (s["indicator"], s["year"]) for s in demo_rows[5]["sources"] if s["archive_code"] == report
    }
    assert cited == {("park-green-per-capita", 2025)}  # its 人均公园绿地面积 agrees with the sheet
    assert any(code.startswith("J012-2025-") for code in demo_rows[5]["key_evidence"])


def test_without_statements_the_figures_are_judged_but_no_document_is_cited(demo_root):
    rows = {r["no"]: r for r in prerequisites(load_input(demo_root, today=TODAY, inspect=False))}
    assert rows[7]["verdict"] == "未达标" and rows[7]["evidence"] == []
    assert rows[1]["evidence"]  # ledger rows need no text extraction


def test_rendered_table_shows_the_below_standard_figure_as_not_met_with_its_code(demo_copy):
    year = PREREQUISITE_BELOW[1]
    code = ledger_code(demo_copy, f"重点行业和单位防蝇防鼠设施检查记录（{year}年）")
    tpl = find_template("prerequisites", demo_copy)
    context = contexts.build(
        source_for(demo_copy, dossier_data(demo_copy, "prerequisites")), tpl.fields
    )
    out = demo_copy / "out" / "必备条件完成情况.docx"
    out.parent.mkdir(exist_ok=True)
    out.write_bytes(render_bytes(tpl, context))
    table = docx.Document(str(out)).tables[0]
    head = [c.text for c in table.rows[0].cells]
    assert head == [
        "序号",
        "必备条件",
        "标准要求",
        "2024年",
        "2025年",
        "2026年",
        "是否达标",
        "证明材料档号",
    ]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert len(rows) == 11
    seventh = rows["7"]
    assert seventh[1] == "病媒生物密度控制水平"
    assert seventh[2].endswith("（未核实）")
    assert seventh[4] == "C级\n94.2%" and seventh[6] == "未达标"
    assert code in seventh[7].split("\n")
    assert rows["3"][6] == "达标"


# ---------------------------------------------------------------- a small 2014 project


def _project_2014(root: Path, garbage: float) -> Path:
    law = row(
        archive_code(1, retention="Y"),
        item="1.1",
        kind="文件",
        title="江临市爱国卫生管理条例",
        retention="永久",
        path="2025/J012-2025-Y-01-0001.pdf",
    )
    plan = row(
        archive_code(2, retention="Y"),
        item="1.1",
        kind="文件",
        title="爱国卫生工作规划",
        retention="永久",
        path="2025/J012-2025-Y-01-0002.pdf",
    )
    project(root, [law, plan], archive=False, guide="national-city-2014", years=[2025])
    for n in (1, 2):
        make_pdf(root / "archive" / "2025" / f"{archive_code(n, retention='Y')}.pdf")
    write_book(
        root / "data" / "指标数据.xlsx",
        [
            ["指标名称", "年度", "数值", "单位"],
            ["生活垃圾无害化处理率", 2025, garbage, "%"],
            ["建成区绿化覆盖率", 2025, 40.2, "%"],
        ],
        title="Sheet",  # openpyxl's own name for a new workbook's sheet
    )
    return root


def test_a_2014_project_is_judged_on_the_verified_list(tmp_path):
    root = _project_2014(tmp_path / "p", garbage=88.0)
    rows = {r["no"]: r for r in prerequisites(load_input(root, inspect=False))}
    assert rows[1]["verdict"] == "达标" and rows[1]["evidence"] == [
        "J012-2025-Y-01-0001"
    ]  # a 条例, not the 规划
    assert rows[2]["verdict"] == "无数据" and rows[2]["evidence"] == []  # nothing filed under 1.2
    assert rows[3]["verdict"] == "未达标" and rows[3]["years"] == {2025: "88%"}
    assert not rows[3]["verified"]  # 90% or 100%: the sources disagree
    assert rows[5]["verdict"] == "无数据"  # 人均公园绿地面积 has no figure
    assert rows[5]["years"] == {2025: "40.2%\n—"}
    assert rows[11]["verified"] and rows[11]["verdict"] == "无数据"
    summary = facts.prerequisite_summary(list(rows.values()))
    assert (summary["met"], summary["not_met"]) == (1, 1)
    assert summary["standard"] == "国家卫生城市标准（2014版）必备条件"


def test_the_audit_memo_gives_back_the_verdicts(demo_copy):
    """AuditResult.verdicts are judged once and cached with the findings (memo.py)."""
    past = time.time_ns() - 3600 * 10**9  # files fresher than the scan are not memoised
    for p in demo_copy.rglob("*"):
        os.utime(p, ns=(past, past), follow_symlinks=False)
    first = run_audit(demo_copy, today=TODAY)
    again = run_audit(demo_copy, today=TODAY)
    assert again.stats["memo"] == "hit"
    assert again.verdicts == first.verdicts
    rows = {r["no"]: r for r in again.verdicts.prerequisite_rows()}
    assert rows[7]["verdict"] == "未达标"
    assert any(i.years for i in again.verdicts.indicators)
