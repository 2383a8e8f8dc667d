"""The desk's 整改 page: the demo audited at the desk, the 整改清单 downloaded with its
unit sheets, one unit's rows filled with openpyxl (one with a bad date), uploaded on the
page: the bad row is named with its sheet, row and fix, the good one recorded (the
unit's 已答复 goes up, as docgen history shows); a file that is not a workbook is refused
by the desk's upload checks. The same in headless Chromium: test_web_browser.py."""

from __future__ import annotations

import io
import time

import openpyxl
import pytest
from hostile_bytes import docx_zip_slip, overlap_bomb, xlsx_bomb
from projectkit import run_cli
from test_rectify import fill, unit_rows
from webkit import desk_client

from docgen.history.store import database_path
from docgen.rectify import layout

TODAY = "2026-11-01"
OURS = ("汇总", "整改清单", "完整性", "说明", "_docgen", "创卫办")


def _audited(client, name: str) -> None:
    assert client.post(f"/p/{name}/audit", data={"today": TODAY}).status_code == 200
    deadline = time.monotonic() + 300
    while client.get(f"/p/{name}/job?kind=audit").json()["state"] == "running":
        assert time.monotonic() < deadline
        time.sleep(0.3)


def filled(book: openpyxl.Workbook) -> tuple[str, list[int]]:
    """One member unit's sheet with two rows filled: a good one and one with a bad date."""
    unit = next(n for n in book.sheetnames if n not in OURS and len(unit_rows(book[n])) >= 2)
    rows = unit_rows(book[unit])
    fill(book[unit], rows[0], "已清理卫生死角", "已完成整改", "2026-10-20")
    fill(book[unit], rows[1], "安排专人巡查", "整改中", "下周")
    return unit, rows


def answered(page: str, unit: str) -> int:
    import re

    found = re.search(
        rf'<tr data-unit="{re.escape(unit)}">.*?class="answered">(\d+)<', page, re.DOTALL
    )
    assert found, page[-3000:]
    return int(found.group(1))


def test_returned_sheets_read_on_the_rectify_page(demo_copy):
    client, _ = desk_client(demo_copy.parent)
    name = demo_copy.name
    assert "还没有审核过" in client.get(f"/p/{name}/rectify").text
    _audited(client, name)
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/p/{name}/download/xlsx").content))
    unit, rows = filled(book)
    before = answered(client.get(f"/p/{name}/rectify").text, unit)
    returned = io.BytesIO()
    book.save(returned)
    r = client.post(
        f"/p/{name}/rectify", files={"file": ("交回.xlsx", returned.getvalue(), "application/x")}
    )
    assert r.status_code == 200
    assert f"交回.xlsx 工作表“{unit}”第 {rows[1]} 行" in r.text and "不是日期" in r.text
    assert "docgen-desk-" not in r.text  # the uploaded file's name, not where it was staged
    assert answered(r.text, unit) == before + 1
    # recorded as docgen rectify records it: docgen history counts the answer too
    history = run_cli("history", str(demo_copy)).stdout
    assert f"{unit}：" in history and f"/ {before + 1} /" in history.split(f"{unit}：")[1]
    # the 整改清单 downloaded now carries the answer into the unit's sheet
    again = openpyxl.load_workbook(io.BytesIO(client.get(f"/p/{name}/download/xlsx").content))
    assert again[unit].cell(rows[0], layout.STATE_COLUMN).value == "已答复"


def test_a_returned_file_that_is_not_a_workbook_is_refused(demo_copy):
    client, _ = desk_client(demo_copy.parent)
    name = demo_copy.name
    _audited(client, name)
    csv = "编号,整改措施\n1,已完成\n".encode()
    r = client.post(f"/p/{name}/rectify", files={"file": ("交回.xlsx", csv, "text/csv")})
    assert r.status_code == 400 and "交回.xlsx 不是 Excel 工作簿" in r.text
    r = client.post(f"/p/{name}/rectify", files={"file": ("", b"", "text/csv")})
    assert r.status_code == 400 and "请先选择各单位交回的整改表" in r.text


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("炸弹.xlsx", lambda: xlsx_bomb(), "炸弹"),
        ("包.xlsx", lambda: docx_zip_slip(), ".."),
        ("重叠.xlsx", lambda: overlap_bomb(), "压缩炸弹"),
    ],
)
def test_hostile_returned_files_are_refused_by_the_upload_checks(demo_copy, name, make, words):
    client, _ = desk_client(demo_copy.parent)
    _audited(client, demo_copy.name)
    db = database_path(demo_copy)
    before = db.read_bytes()
    r = client.post(f"/p/{demo_copy.name}/rectify", files={"file": (name, make(), "application/x")})
    assert r.status_code == 400 and name in r.text and words in r.text, r.text[-1500:]
    assert "Traceback" not in r.text
    assert db.read_bytes() == before  # nothing recorded
