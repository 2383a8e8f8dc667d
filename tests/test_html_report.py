"""The HTML report: one offline page, read back as a string (in headless
Chromium: test_html_browser.py).

The browser tests need Debian's `chromium` (`.ci/run` installs it); without it they are
skipped and say why. The page is the demo project's report, with a few hostile rows
planted first: a 题名 holding <script>, a 题名 that looks like a formula, a 责任单位
holding markup that also goes into the filters' JSON.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html as htmllib
import json
import re
from pathlib import Path

import pytest
from htmlkit import (
    BAD_UNIT,
    FORMULA_TITLE,
    SCRIPT_TITLE,
    WHEN,
    Page,
    comparison,
    element_text,
    finding,
    hand_result,
    links,
    many,
)

from docgen.audit import AuditResult
from docgen.completeness import Cell, Completeness
from docgen.findings import ERROR, WARNING
from docgen.history.model import Comparison
from docgen.model import Requirement
from docgen.report.html_report import render


@pytest.fixture(scope="module")
def demo(html_demo) -> tuple[AuditResult, Path, str]:
    """The demo project with hostile rows, audited; its report in out/ (conftest.py)."""
    return html_demo


# ---------------------------------------------------------------- the page as text


def test_page_references_nothing_outside_itself(demo):
    _, _, text = demo
    assert "http://" not in text and "https://" not in text
    assert not re.search(r"(?:src|href|action)\s*=\s*[\"']?\s*(?:[a-zA-Z][\w+.-]*:|//)", text)
    assert "url(" not in text and "@import" not in text
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';' in text
    assert not [a for tag, a in Page(text).tags if tag in ("img", "link", "iframe", "object")]
    for href in links(text):
        assert href.startswith(("#", "../")), href


def test_heat_map_has_one_cell_per_section_and_year(demo):
    result, _, text = demo
    cells = Page(text).heat_cells()
    expected = [(s.code, str(y)) for s in result.guide.sections for y in sorted(result.years)]
    assert cells == expected


def test_quarterly_requirements_get_a_cell_per_quarter(demo):
    result, _, text = demo
    quarterly = {
        (c.item.code, c.req.kind, c.period)
        for c in result.completeness.cells
        if c.req.per == "quarter"
    }
    assert quarterly, "the demo guide has quarterly requirements"
    assert len(re.findall(r'data-period="\d{4}-Q[1-4]"', text)) == len(quarterly)
    assert "按季度归档的要求" in text


def test_monthly_requirements_get_a_cell_per_month():
    result = hand_result([])
    section = result.guide.sections[0]
    item = dataclasses.replace(section.items[0], name="<b>月报</b>")
    req = Requirement(kind="报表", per="month", min=2)
    cells = tuple(
        Cell(
            section.code,
            item,
            req,
            f"2025-{m:02d}",
            2025,
            dt.date(2025, m, 1),
            dt.date(2025, m, 28),
            m % 3,
        )
        for m in range(1, 13)
    )
    text = render(dataclasses.replace(result, completeness=Completeness(cells)), generated=WHEN)
    assert "按月度归档的要求" in text and "&lt;b&gt;月报&lt;/b&gt;" in text
    assert re.findall(r'data-period="(2025-\d\d)"', text) == [f"2025-{m:02d}" for m in range(1, 13)]
    assert text.count('class="p met"') == 4 and text.count('class="p unmet"') == 8
    assert '<th scope="col">12月</th>' in text


def test_markup_in_a_title_stays_text(demo):
    result, _, text = demo
    assert "<script>alert(1)" not in text
    assert htmllib.escape(SCRIPT_TITLE) in text
    assert any(f.unit == BAD_UNIT for f in result.findings)
    assert "<iframe" not in text and htmllib.escape(BAD_UNIT) in text
    scripts = Page(text).scripts
    assert [a.get("type") for a, _ in scripts] == ["application/json", None]


def test_formula_looking_cell_stays_text(demo):
    result, _, text = demo
    assert any(f.value == FORMULA_TITLE for f in result.findings)
    cells = [c for r in Page(text).rows for c in r["cells"]]
    assert any(FORMULA_TITLE in c for c in cells)


def test_filter_data_cannot_close_its_script_element():
    odd = "</script><script>alert(2)</script>\u2028&amp;"
    text = render(
        hand_result([finding(unit=odd), finding(unit="江临市城市管理局", row=3)]), generated=WHEN
    )
    (attrs, _), _ = Page(text).scripts
    assert attrs == {"type": "application/json", "id": "findings-data"}
    raw = text.split('id="findings-data">', 1)[1].split("</script>", 1)[0]
    assert not set(raw) & set("<>&\u2028")
    assert odd in json.loads(raw)["facets"]["unit"]


def test_same_result_and_time_give_the_same_bytes(demo):
    result, path, text = demo
    assert render(result, generated=WHEN, base=path.parent) == text
    later = render(result, generated=WHEN + dt.timedelta(days=1), base=path.parent)
    assert later != text and "2026年11月24日 10:15:02" in later


def test_file_links_are_relative_to_the_report_and_percent_encoded(tmp_path):
    name = "archive/2025/待整理/扫描件 1#.pdf"
    result = hand_result(
        [
            finding("file.orphan", "未登记。", WARNING, file=name),
            finding("file.missing", "缺失。", file="archive/2025/缺.pdf", row=2),
            finding("file.outside-root", "超出。", file="../外/x.pdf", row=3),
            finding("file.orphan", "未登记。", WARNING, file="javascript:alert(1)"),
        ],
        root=tmp_path / "proj",
    )
    encoded = "archive/2025/%E5%BE%85%E6%95%B4%E7%90%86/%E6%89%AB%E6%8F%8F%E4%BB%B6%201%23.pdf"
    in_out = links(render(result, generated=WHEN, base=tmp_path / "proj" / "out"))
    assert [h for h in in_out if not h.startswith("#")] == ["../" + encoded]
    beside = links(render(result, generated=WHEN, base=tmp_path / "elsewhere" / "reports"))
    assert "../../proj/" + encoded in beside
    assert "archive/" + encoded.split("archive/", 1)[1] in links(render(result, generated=WHEN))


def test_rows_come_in_tables_of_at_most_chunk_rows():
    page = Page(render(many(300, 150), generated=WHEN))
    assert len(page.rows) == 450 and len(page.chunks) == 3
    assert [r["cells"][0] for r in page.rows] == [str(n) for n in range(1, 451)]
    assert sum(a.get("class") == "repeat" for tag, a in page.tags if tag == "thead") == 3


def test_counts_by_family_and_severity(demo):
    result, _, text = demo
    ledger = [f for f in result.findings if f.rule.startswith("ledger.")]
    e = sum(f.severity == ERROR for f in ledger)
    w = len(ledger) - e
    assert re.search(
        rf"归档目录 <small>ledger\.\*</small></th><td class=\"num\">{e}</td>"
        rf"<td class=\"num\">{w}</td><td class=\"num\">{len(ledger)}</td>",
        text,
    )


def test_no_findings_says_so():
    text = render(hand_result([]), generated=WHEN)
    assert element_text(text, "f-empty") == "未发现问题。"
    assert "共 0 条" in text


def test_history_marks_new_findings_and_lists_fixed_ones():
    result = hand_result(
        [
            finding(row=2),
            finding(row=3),
            finding("ledger.nonstandard-date", "写法。", WARNING, row=4),
        ]
    )
    text = render(result, comparison(result), generated=WHEN)
    page = Page(text)
    assert text.count('<span class="badge new">新增</span>') == 1
    assert 'id="f-new"' in text and "只看新增" in text
    data = json.loads(page.scripts[0][1])
    assert sum(data["cols"]["new"]) == 1
    assert "保管期限“长久”不规范。" in text and "已整改（上次有、本次没有）" in text
    assert text.count("<svg") == 2 and "历次审核" in text


def test_history_without_a_previous_run_has_no_new_marks():
    result = hand_result([finding(row=2)])
    current = dataclasses.replace(comparison(result).current, run_id=1)
    text = render(result, Comparison(current, None, {}, [], [current]), generated=WHEN)
    assert "badge new" not in text and 'id="f-new"' not in text and "历次审核" in text
