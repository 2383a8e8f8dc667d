"""The ledger workbook `docgen init` writes explains itself: drop-down lists for 条目
(the guide's items), 材料类型 and 保管期限, a reference sheet (条目说明) with every item
and what it requires, an example row the audit never counts, and the README's columns."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest
from projectkit import run_cli

from docgen.load.guide import load_guide
from docgen.scaffold import LEDGER_HEADER, RETENTIONS
from docgen.scaffold_reference import EXAMPLE_ROW, FIRST_ITEM_ROW, needs

GUIDE = "national-city-2021"
README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("init") / "p"
    proc = run_cli("init", str(root))
    assert proc.returncode == 0, proc.stderr
    return root


@pytest.fixture(scope="module")
def book(project):
    return openpyxl.load_workbook(project / "ledger" / "归档文件目录.xlsx")


def _lists(ws) -> dict[str, str]:
    """Column header → the list formula of the drop-down on the rows under it."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "list"
        ref = str(dv.sqref)
        col = re.match(r"([A-Z]+)2:[A-Z]+2000$", ref)
        assert col, ref
        header = ws[f"{col.group(1)}1"].value
        out[header] = dv.formula1
    return out


def test_drop_downs_for_item_kind_and_retention(book):
    lists = _lists(book["归档文件目录"])
    assert set(lists) == {"条目", "材料类型", "保管期限"}
    guide = load_guide(GUIDE)
    assert lists["材料类型"] == '"' + ",".join(guide.kinds) + '"'
    assert lists["保管期限"] == '"' + ",".join(RETENTIONS) + '"'
    last = FIRST_ITEM_ROW + len(guide.items) - 1
    assert lists["条目"] == f"'条目说明'!$A${FIRST_ITEM_ROW}:$A${last}"
    # the cells that list names hold exactly the guide's item codes
    ref = book["条目说明"]
    codes = [ref.cell(row=r, column=1).value for r in range(FIRST_ITEM_ROW, last + 1)]
    assert codes == list(guide.items)


def test_reference_sheet_rows_are_the_guides_items(book):
    guide = load_guide(GUIDE)
    ws = book["条目说明"]
    assert [c.value for c in ws[FIRST_ITEM_ROW - 1]][:5] == [
        "条目",
        "条目名称",
        "类目代码",
        "类目名称",
        "应归档的材料",
    ]
    rows = [r[:5] for r in ws.iter_rows(min_row=FIRST_ITEM_ROW, values_only=True)]
    expected = [(i.code, i.name, s.code, s.name, needs(i)) for s in guide.sections for i in s.items]
    assert rows == expected
    item_11 = next(r for r in rows if r[0] == "1.1")
    assert "会议纪要 每年至少 1 件" in item_11[4]


def test_example_row_is_marked_and_follows_the_header(book):
    ws = book["条目说明"]
    assert [c.value for c in ws[EXAMPLE_ROW - 1]][: len(LEDGER_HEADER)] == list(LEDGER_HEADER)
    example = dict(zip(LEDGER_HEADER, (c.value for c in ws[EXAMPLE_ROW]), strict=False))
    assert "示例" in example["备注"] and "不参加审核" in example["备注"]
    assert re.fullmatch(r"J012-\d{4}-D30-01-0001", example["档号"])
    assert example["条目"] in load_guide(GUIDE).items
    assert "示例" in ws["A2"].value
    # the catalogue itself holds only its header (its 日期 cells are formatted as text)
    catalogue = book["归档文件目录"].iter_rows(min_row=2, values_only=True)
    assert not any(v is not None for r in catalogue for v in r)


def test_audit_of_an_untouched_init_project_does_not_count_the_example(project, book):
    proc = run_cli("audit", str(project), "--format", "json", "--rules", "ledger,completeness")
    report = json.loads(proc.stdout)
    assert not [f for f in report["findings"] if f["rule"].startswith("ledger.")]
    example = dict(
        zip(LEDGER_HEADER, (c.value for c in book["条目说明"][EXAMPLE_ROW]), strict=False)
    )
    gaps = {
        (f["item"], f["kind"], f["period"])
        for f in report["findings"]
        if f["rule"].startswith("completeness.")
    }
    # the example's own requirement is still reported missing: the row was not read
    assert any(i == example["条目"] and k == example["材料类型"] for i, k, _ in gaps)


def test_workbook_columns_are_in_the_readme_order():
    text = README.read_text(encoding="utf-8")
    start = text.index("| 列 | 必填 | 写法 |")
    table = text[start : text.index("\n\n", start)].splitlines()[2:]
    assert [line.split("|")[1].strip() for line in table] == list(LEDGER_HEADER)
