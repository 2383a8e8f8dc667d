"""The HTML report in headless Chromium: the heat map, the filters, no planted markup
run and nothing fetched.

The browser tests need Debian's `chromium` (`.ci/run` installs it); without it they are
skipped and say why. The page is the demo project's report with hostile rows planted
(htmlkit.plant_hostile).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
from htmlkit import (
    BAD_UNIT,
    FORMULA_TITLE,
    REPORT_NAME,
    SCRIPT_TITLE,
    WHEN,
    Page,
    comparison,
    element_text,
    many,
)

from docgen.audit import AuditResult
from docgen.history.model import finding_keys
from docgen.report.html_report import render


@pytest.fixture(scope="module")
def demo(html_demo) -> tuple[AuditResult, Path, str]:
    """The demo project with hostile rows, audited; its report in out/ (conftest.py)."""
    return html_demo


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
    assert ["hidden" in a for a in page.chunks] == [True, True, False]  # a chunk per group


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
