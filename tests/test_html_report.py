"""The HTML report: one offline page, read back as a string and in headless Chromium.

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
import shutil
import subprocess
import warnings
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from docgen.audit import AuditResult, run_audit
from docgen.completeness import Cell, Completeness
from docgen.findings import ERROR, WARNING, Finding, sort_findings
from docgen.history.model import Comparison, RunSummary, finding_keys
from docgen.load.guide import load_guide
from docgen.model import City, Project, Requirement
from docgen.report.html_report import render

WHEN = dt.datetime(2026, 11, 23, 10, 15, 2)
TODAY = dt.date(2026, 11, 1)
SCRIPT_TITLE = "<script>alert(1)</script>关于测试的通知"
FORMULA_TITLE = '=HYPERLINK("x","点我")'
BAD_UNIT = "<iframe>江临市测试局"  # the problem list drops spaces and splits at "/"
REPORT_NAME = "审核报告.html"


# ---------------------------------------------------------------- reading the page


class Page(HTMLParser):
    """What the tests look at: elements by tag, the findings rows and the heat map."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[dict] = []  # findings rows: attrs, cell texts (header rows not included)
        self.scripts: list[tuple[dict, str]] = []
        self.chunks: list[dict[str, str | None]] = []  # the row tables' wrappers
        self._zone = False  # inside the findings table
        self._in_body = False
        self._row: dict | None = None
        self._cell: list[str] | None = None
        self._script: tuple[dict, list[str]] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "div" and a.get("id") == "findings-rows":
            self._zone = True
        elif tag == "p" and a.get("id") == "f-empty":
            self._zone = False
        elif tag == "div" and self._zone and "chunk" in (a.get("class") or ""):
            self.chunks.append(a)
        elif tag == "tbody" and self._zone:
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = {"attrs": a, "cells": []}
        elif tag == "td" and self._row is not None:
            self._cell = []
        elif tag == "script":
            self._script = (a, [])

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None and self._row is not None:
            self._row["cells"].append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._script is not None:
            self._script[1].append(data)

    def heat_cells(self) -> list[tuple[str, str]]:
        return [
            (a["data-section"], a["data-year"])
            for _, a in self.tags
            if "data-section" in a and "data-year" in a
        ]

    def visible(self) -> list[dict]:
        return [r for r in self.rows if "hidden" not in r["attrs"]]


def element_text(text: str, element_id: str) -> str:
    m = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', text)
    return htmllib.unescape(m.group(1)) if m else ""


def links(text: str) -> list[str]:
    return [
        v
        for _, a in Page(text).tags
        for k, v in a.items()
        if k in ("href", "src") and v is not None
    ]


# ---------------------------------------------------------------- projects


def plant_hostile(root: Path) -> None:
    """Rows a careless report would run as markup or a formula (written as text cells)."""
    path = root / "ledger" / "归档文件目录.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["2025"]
    who, number = "江临市爱国卫生运动委员会办公室", "江卫办〔2025〕901号"
    for n, title in ((901, SCRIPT_TITLE), (902, FORMULA_TITLE), (903, FORMULA_TITLE)):
        ws.append(
            [
                f"J012-2025-D30-01-0{n}",
                n,
                who,
                number,
                title,
                "20250601",
                1,
                None,
                "定期30年",
                "1.3",
                "文件",
                None,
                None,
            ]
        )
        ws.cell(row=ws.max_row, column=5).data_type = "s"  # text, not a formula
    wb.save(path)
    path = root / "data" / "问题清单.xlsx"
    wb = openpyxl.load_workbook(path)
    wb.active.append(
        [
            "WT-2026-901",
            "测试问题",
            "某处",
            "自查",
            BAD_UNIT,
            dt.datetime(2026, 1, 5),
            dt.datetime(2026, 2, 5),
            "整改中",
            None,
        ]
    )
    wb.save(path)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[AuditResult, Path, str]:
    """The demo project with hostile rows, audited; its report written to out/."""
    from docgen.demo import build_demo

    root = tmp_path_factory.mktemp("demo") / "江临市创卫"
    build_demo(root)
    plant_hostile(root)
    result = run_audit(root, today=TODAY, memo=False)
    out = root / "out"
    out.mkdir(exist_ok=True)
    text = render(result, generated=WHEN, base=out)
    (out / REPORT_NAME).write_text(text, encoding="utf-8")
    return result, out / REPORT_NAME, text


def hand_result(findings: list[Finding], root: Path = Path("proj")) -> AuditResult:
    guide = load_guide("national-city-2021")
    project = Project(
        root=root,
        city=City("示例市", "city", "示例省", "J012"),
        guide=guide.id,
        years=[2025, 2026],
        paths={},
    )
    section = guide.sections[0]
    item = section.items[0]
    req = item.requires[0]
    cells = (
        Cell(section.code, item, req, "2025", 2025, dt.date(2025, 1, 1), dt.date(2025, 12, 31), 5),
        Cell(section.code, item, req, "2026", 2026, dt.date(2026, 1, 1), dt.date(2026, 12, 31), 0),
    )
    return AuditResult(
        project=project,
        guide=guide,
        years=[2025, 2026],
        findings=sort_findings(findings),
        completeness=Completeness(cells),
        stats={"sheets": 1, "rows": 3, "files": 2},
    )


def finding(
    rule: str = "ledger.bad-date", message: str = "日期不对。", severity: str = ERROR, **where
) -> Finding:
    return Finding(rule=rule, severity=severity, message=message, **where)


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


def many(errors: int, warnings: int) -> AuditResult:
    return hand_result(
        [finding(row=n + 2, sheet="2025") for n in range(errors)]
        + [
            finding("ledger.nonstandard-date", "写法。", WARNING, row=n + 2, sheet="2025")
            for n in range(warnings)
        ]
    )


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


def comparison(result: AuditResult) -> Comparison:
    """Two recorded runs: the previous one had one finding that is gone and lacked the
    first current finding."""
    keys = finding_keys(result.findings)
    status = {k: "new" if i == 0 else "open" for i, k in enumerate(keys)}
    gone = finding(
        "ledger.bad-retention",
        "保管期限“长久”不规范。",
        sheet="2024",
        row=9,
        archive_code="J012-2024-D30-01-0003",
    ).to_dict()

    def run(n: int, errors: int, ratio: float, new: int, fixed: int) -> RunSummary:
        return RunSummary(
            run_id=n,
            run_time=f"2026-11-2{n}T10:00:00",
            version="0.1.0",
            guide="national-city-2021",
            years=(2025, 2026),
            errors=errors,
            warnings=1,
            completeness=ratio,
            by_section={"01": ratio},
            new=new,
            fixed=fixed,
            still_open=len(keys) - new,
        )

    first, second = run(1, 4, 0.5, 0, 0), run(2, result.errors, 0.75, 1, 1)
    return Comparison(
        current=second, previous=first, status=status, fixed=[gone], trend=[first, second]
    )


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


# ---------------------------------------------------------------- in Chromium


def chromium_binary() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        reason = "未安装 chromium（Debian: apt-get install chromium），跳过浏览器测试"
        warnings.warn(reason, stacklevel=2)
        pytest.skip(reason)
    return found


def browse(url: str, work: Path, *extra: str) -> subprocess.CompletedProcess:
    """Headless Chromium on `url` with name resolution off and a net log in `work`."""
    work.mkdir(parents=True, exist_ok=True)
    command = [
        chromium_binary(),
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={work / 'profile'}",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--log-net-log={work / 'net.json'}",
        *extra,
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def page_requests(net_log: Path) -> list[str]:
    """URLs the page asked for: requests with an initiator (the browser's own update and
    account checks have none) or made on behalf of a file:// page."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    out = []
    for event in log["events"]:
        params = event.get("params") or {}
        if event["type"] != start or "url" not in params:
            continue
        initiator = params.get("initiator", "")
        if initiator != "not an origin" or "file://" in params.get("network_isolation_key", ""):
            out.append(params["url"])
    return out


@pytest.fixture(scope="module")
def dom(demo, tmp_path_factory):
    """The page after its script ran, opened with a filter in the hash."""
    _, path, _ = demo
    work = tmp_path_factory.mktemp("chromium")

    def open_page(fragment: str = "") -> tuple[Page, str, Path]:
        here = work / (re.sub(r"\W", "_", fragment) or "plain")
        done = browse(path.as_uri() + fragment, here, "--dump-dom")
        return Page(done.stdout), done.stdout, here / "net.json"

    return open_page


def test_browser_heat_map_has_one_cell_per_section_and_year(demo, dom):
    result, _, _ = demo
    page, _, _ = dom()
    assert len(page.heat_cells()) == len(result.guide.sections) * len(result.years)
    assert sorted(set(page.heat_cells())) == sorted(page.heat_cells())


def test_browser_without_filter_shows_every_row(demo, dom):
    result, _, _ = demo
    page, text, _ = dom()
    assert len(page.rows) == len(result.findings) and len(page.visible()) == len(result.findings)
    assert element_text(text, "f-count").startswith(f"共 {len(result.findings)} 条")


def test_browser_severity_filter_in_the_hash_narrows_the_table(demo, dom):
    result, _, _ = demo
    page, text, _ = dom("#severity=warning")
    shown = page.visible()
    assert 0 < len(shown) == result.warnings < len(page.rows)
    assert all(r["attrs"]["class"] == "w" for r in shown)
    assert element_text(text, "f-count").startswith(
        f"显示 {result.warnings} 条 / 共 {len(page.rows)} 条"
    )


def test_browser_rule_year_and_search_filters_combine(demo, dom):
    result, _, _ = demo
    page, _, _ = dom("#rule=file.missing&year=2025&q=" + "0902")
    expected = [
        f
        for f in result.findings
        if f.rule == "file.missing"
        and f.year == 2025
        and "0902" in (f.message + (f.archive_code or "") + (f.file or ""))
    ]
    shown = page.visible()
    assert len(shown) == len(expected) >= 1
    assert all("file.missing" in r["cells"][2] and r["cells"][-1] == "2025" for r in shown)


def test_browser_hides_row_tables_a_filter_empties(tmp_path):
    path = tmp_path / "out" / REPORT_NAME
    path.parent.mkdir()
    path.write_text(render(many(300, 150), generated=WHEN), encoding="utf-8")
    page = Page(browse(path.as_uri() + "#severity=warning", tmp_path / "work", "--dump-dom").stdout)
    assert len(page.visible()) == 150
    assert ["hidden" in a for a in page.chunks] == [True, False, False]


def test_browser_only_new_shows_the_new_findings(tmp_path):
    result = many(30, 10)
    history = comparison(result)
    keys = finding_keys(result.findings)
    history.status = {k: "new" if i % 3 == 0 else "open" for i, k in enumerate(keys)}
    path = tmp_path / REPORT_NAME
    path.write_text(render(result, history, generated=WHEN), encoding="utf-8")
    page = Page(browse(path.as_uri() + "#new=1", tmp_path / "work", "--dump-dom").stdout)
    shown = page.visible()
    assert len(shown) == 14 and all("新增" in r["cells"][1] for r in shown)


def test_browser_runs_no_planted_markup(dom):
    page, _, _ = dom()
    assert [a.get("type") for a, _ in page.scripts] == ["application/json", None]
    assert not [tag for tag, _ in page.tags if tag in ("img", "iframe", "object")]
    cells = [c for r in page.rows for c in r["cells"]]
    assert any(SCRIPT_TITLE in c for c in cells)
    assert any(BAD_UNIT in c for c in cells)
    assert any(FORMULA_TITLE in c for c in cells)


def test_browser_fetches_nothing(dom):
    _, _, net_log = dom("#severity=error")
    assert net_log.exists()
    assert page_requests(net_log) == []


def test_net_log_check_catches_a_page_that_fetches(tmp_path):
    """The check above can fail: a page with a remote image and a fetch is caught."""
    page = tmp_path / "fetches.html"
    page.write_text(
        '<!DOCTYPE html><img src="http://example.invalid/x.png">'
        '<script>fetch("https://api.example.invalid/y").catch(function () {});</script>',
        encoding="utf-8",
    )
    browse(page.as_uri(), tmp_path / "work", "--dump-dom")
    asked = page_requests(tmp_path / "work" / "net.json")
    assert "http://example.invalid/x.png" in asked and "https://api.example.invalid/y" in asked


def test_browser_screenshot(demo, tmp_path_factory):
    """A picture of the page for a person to look at (the path is printed)."""
    _, path, _ = demo
    work = tmp_path_factory.getbasetemp() / "html-report-screenshot"
    shot = work / "审核报告.png"
    browse(
        path.as_uri(), work, f"--screenshot={shot}", "--window-size=1400,1800", "--hide-scrollbars"
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1400, 1800)
    print(f"HTML 报告截图：{shot}")
