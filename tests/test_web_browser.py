"""The desk in headless Chromium (Debian's chromium and chromium-driver, driven by
selenium): `docgen serve` started as the clerk would, the printed address opened, a
new project given the demo's workbooks and archive (as a zip), audited with the
progress shown, the 整改清单 downloaded and opened, the notice form refused with the
missing fields' names then rendered and linted, the 交办单 zipped per unit, the dossier
built and verified. Each page is saved as a screenshot in $DESK_SCREENSHOTS
(/tmp/desk-png by default). Skipped, saying why, without chromium or selenium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import warnings
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

webdriver = pytest.importorskip("selenium.webdriver", reason="未安装 selenium，跳过浏览器测试")
pytest.importorskip("uvicorn", reason="网页工作台需要 pip install '.[web]'，跳过")
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

SHOTS = Path(os.environ.get("DESK_SCREENSHOTS", "/tmp/desk-png"))
PROJECT = "江临市创卫台账"
DRIVER = "/usr/bin/chromedriver"


def _need(path: str, package: str) -> str:
    found = shutil.which(path) or (path if os.path.exists(path) else None)
    if not found:
        reason = f"未安装 {package}（Debian: apt-get install {package}），跳过浏览器测试"
        warnings.warn(reason, stacklevel=2)
        pytest.skip(reason)
    return found


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """docgen serve on an empty folder: (the printed address, the folder)."""
    work = tmp_path_factory.mktemp("desk") / "work"
    work.mkdir()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "docgen", "serve", str(work), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    line = proc.stdout.readline()
    assert "http://127.0.0.1:" in line, line + proc.stderr.read()
    address = line[line.index("http://") :].strip()  # printed once it listens
    yield address, work
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = _need("chromium", "chromium")
    driver_path = _need(DRIVER, "chromium-driver")
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1400"):
        options.add_argument(arg)
    options.add_argument("--disable-dev-shm-usage")
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=webdriver.ChromeService(driver_path), options=options)
    driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield driver, downloads
    driver.quit()


def shot(driver, name: str) -> None:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, max(900, min(int(height) + 120, 4000)))
    driver.save_screenshot(str(SHOTS / f"{name}.png"))
    driver.set_window_size(1280, 1400)


def submit(driver, button: str) -> None:
    """Click a form's button and wait for the page it leads to."""
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.ID, button).click()
    WebDriverWait(driver, 60).until(ec.staleness_of(page))


def wait_for(driver, css: str, seconds: float = 300):
    return WebDriverWait(driver, seconds).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def downloaded(folder: Path, name: str, seconds: float = 60) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        path = folder / name
        if path.is_file() and not list(folder.glob("*.crdownload")):
            return path
        time.sleep(0.2)
    raise AssertionError(f"{name} was not downloaded: {sorted(os.listdir(folder))}")


def _upload(driver, slot: str, path: Path, shots: str | None = None) -> None:
    Select(driver.find_element(By.ID, "slot")).select_by_value(slot)
    driver.find_element(By.ID, "file").send_keys(str(path))
    driver.find_element(By.ID, "upload").click()
    wait_for(driver, "#confirm", 60)
    if shots:
        shot(driver, shots)
    driver.find_element(By.ID, "confirm").click()
    wait_for(driver, ".flash", 60)


def _archive_zip(demo: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted((demo / "archive").rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(demo / "archive").as_posix())
    return target


def test_the_clerks_day_at_the_desk(served, browser, demo_root, tmp_path):
    address, work = served
    driver, downloads = browser
    driver.get(address)
    assert "token" not in driver.current_url  # swapped for the cookie
    shot(driver, "01-首页")
    driver.find_element(By.ID, "new-name").send_keys(PROJECT)
    driver.find_element(By.ID, "create").click()
    wait_for(driver, "#upload-form")
    assert "已新建项目" in driver.page_source
    root = work / PROJECT
    for slot, rel in (
        ("config", "docgen.yaml"),
        ("dossier", "dossier/data.yaml"),
        ("ledger", "ledger/归档文件目录.xlsx"),
        ("indicators", "data/指标数据.xlsx"),
        ("units", "data/成员单位.xlsx"),
        ("problems", "data/问题清单.xlsx"),
    ):
        _upload(driver, slot, demo_root / rel, "03-确认上传" if slot == "ledger" else None)
        assert (root / rel).read_bytes() == (demo_root / rel).read_bytes()
    assert len(list((root / ".previous" / "ledger").iterdir())) == 1  # init's ledger kept
    _upload(driver, "archive", _archive_zip(demo_root, tmp_path / "归档文件.zip"))
    assert (root / "archive" / "2026").is_dir()
    shot(driver, "02-项目")

    driver.find_element(By.ID, "nav-audit").click()
    driver.find_element(By.ID, "today").send_keys("2026-11-01")
    driver.find_element(By.ID, "start-audit").click()
    wait_for(driver, "#progress", 30)
    WebDriverWait(driver, 120).until(
        lambda d: (
            "已检查" in d.find_element(By.ID, "progress-text").text
            or d.find_elements(By.ID, "summary")
        )
    )
    time.sleep(0.5)  # the bar's width eases in
    shot(driver, "04-审核进度")
    wait_for(driver, "#summary")
    assert "个错误" in driver.find_element(By.ID, "counts").text
    shot(driver, "05-审核结果")
    driver.find_element(By.ID, "dl-xlsx").click()
    book = openpyxl.load_workbook(downloaded(downloads, "整改清单.xlsx"))
    assert sum(ws.max_row for ws in book.worksheets) > 10
    driver.switch_to.frame("report")
    assert driver.find_elements(By.CSS_SELECTOR, "table")  # the HTML report, with its rows
    driver.switch_to.default_content()
    driver.get(address.split("/?")[0] + f"/p/{PROJECT}/report")
    shot(driver, "06-审核报告")
    driver.back()

    _notice(driver, downloads)
    _assignment(driver, downloads)
    _dossier(driver, downloads)

    driver.find_element(By.ID, "nav-history").click()
    rows = driver.find_elements(By.CSS_SELECTOR, "#runs tbody tr")
    assert len(rows) == 1
    shot(driver, "13-历史")
    # the same browser, its cookie and all, through another name for this machine
    driver.get(address.split("/?")[0].replace("127.0.0.1", "localhost") + f"/p/{PROJECT}/")
    assert "禁止访问" in driver.page_source
    shot(driver, "14-禁止访问")


def _notice(driver, downloads: Path) -> None:
    from docgen.lint import run_lint

    driver.find_element(By.ID, "nav-docs").click()
    shot(driver, "07-公文")
    driver.find_element(By.ID, "tpl-notice").click()
    driver.find_element(By.ID, "f-title").send_keys("关于开展2026年冬春季爱国卫生运动的通知")
    driver.find_element(By.ID, "render").click()
    error = wait_for(driver, "#error").text
    assert "主送机关" in error and "发文机关署名" in error and "标题" not in error.split("：")[1]
    assert "必填" in driver.find_element(By.ID, "fault-recipient").text  # marked at its input
    assert not driver.find_elements(By.ID, "fault-title")
    assert driver.find_element(By.ID, "f-title").get_attribute("value").startswith("关于开展")
    shot(driver, "08-公文缺字段")
    answers = {
        "issuer": "江临市爱国卫生运动委员会办公室",
        "org_code": "江爱卫办",
        "seq": "21",
        "recipient": "各区爱卫会，市爱卫会各成员单位",
        "intro": "为巩固国家卫生城市创建成果，经研究，决定在全市开展冬春季爱国卫生运动。",
        "sections": "一、工作时间\n2026年12月1日至2027年2月28日。\n"
        "二、工作要求\n各单位于11月30日前报送方案。\n市爱卫办组织明查暗访。",
        "contact.name": "王晓燕",
        "contact.phone": "0000-6812314",
        "date": "2026-11-20",
    }
    for key, value in answers.items():
        box = driver.find_element(By.ID, f"f-{key}")
        box.clear()
        box.send_keys(value)
    if shutil.which("soffice"):
        driver.find_element(By.ID, "preview").click()
    driver.find_element(By.ID, "render").click()
    wait_for(driver, "#done", 240)
    if shutil.which("soffice"):
        assert driver.find_elements(By.CSS_SELECTOR, "img.page-preview")
    shot(driver, "09-公文已生成")
    driver.find_element(By.ID, "download-doc").click()
    notice = downloaded(downloads, "notice.docx")
    text, status = run_lint([notice], "table", layout=False)
    assert status == 0, text
    body = [p.text for p in docx.Document(str(notice)).paragraphs]
    assert "一、工作时间" in body and "二、工作要求" in body
    assert body.index("市爱卫办组织明查暗访。") > body.index("二、工作要求")
    driver.find_element(By.ID, "nav-docs").click()  # the form opens again with what was typed
    driver.find_element(By.ID, "tpl-notice").click()
    assert driver.find_element(By.ID, "f-org_code").get_attribute("value") == "江爱卫办"


def _assignment(driver, downloads: Path) -> None:
    driver.find_element(By.ID, "nav-docs").click()
    driver.find_element(By.ID, "tpl-assignment").click()
    for key, value in (
        ("issuer", "江临市爱国卫生运动委员会办公室"),
        ("contact.name", "王晓燕"),
        ("contact.phone", "0000-6812314"),
    ):
        driver.find_element(By.ID, f"f-{key}").send_keys(value)
    driver.find_element(By.ID, "render").click()
    wait_for(driver, "#done", 240)
    shot(driver, "10-交办单")
    driver.find_element(By.ID, "download-doc").click()
    with zipfile.ZipFile(downloaded(downloads, "交办单.zip")) as zf:
        names = zf.namelist()
    assert len(names) > 3 and all(n.endswith(".docx") for n in names)


def _dossier(driver, downloads: Path) -> None:
    driver.find_element(By.ID, "nav-dossier").click()
    submit(driver, "preflight")
    wait_for(driver, "#preflight-result")
    assert "预检发现" in driver.find_element(By.ID, "preflight-result").text  # the demo's errors
    submit(driver, "build")
    error = wait_for(driver, "#build-error").text
    assert re.search(r"预检发现 \d+ 个错误.*，未生成申报材料", error), error
    shot(driver, "11-申报预检")
    driver.find_element(By.ID, "build-today").send_keys("2026-11-01")
    driver.find_element(By.ID, "force").click()
    driver.find_element(By.ID, "online").click()
    Select(driver.find_element(By.ID, "mode")).select_by_visible_text("创建")
    submit(driver, "build")
    wait_for(driver, "#build-result, #build-error")
    assert not driver.find_elements(By.ID, "build-error"), driver.find_element(
        By.ID, "build-error"
    ).text
    submit(driver, "verify")
    assert "核验通过" in wait_for(driver, "#verify-result").text
    shot(driver, "12-申报")
    driver.find_element(By.ID, "dl-dossier").click()
    with zipfile.ZipFile(downloaded(downloads, "申报材料.zip")) as zf:
        names = zf.namelist()
    assert "申报材料/manifest-sha256.txt" in names
    assert "申报材料/线上评估/上传清单.xlsx" in names
    assert "申报材料/线上评估/评估填报表.xlsx" in names


def test_returned_sheets_on_the_rectify_page(browser, demo_copy):
    """整改: the demo audited, the 整改清单 downloaded, one unit's rows filled (one with
    a bad date) and uploaded: the bad row named, the unit's 已答复 up by one."""
    from test_web_rectify import TODAY, answered, filled

    driver, downloads = browser
    proc = subprocess.Popen(
        [sys.executable, "-m", "docgen", "serve", str(demo_copy.parent), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line, line + proc.stderr.read()
        driver.get(line[line.index("http://") :].strip())
        driver.find_element(By.LINK_TEXT, demo_copy.name).click()
        driver.find_element(By.ID, "nav-audit").click()
        driver.find_element(By.ID, "today").send_keys(TODAY)
        driver.find_element(By.ID, "start-audit").click()
        wait_for(driver, "#summary")
        driver.find_element(By.ID, "nav-rectify").click()
        shot(driver, "15-整改")
        for old in downloads.glob("整改清单*.xlsx"):
            old.unlink()  # the first test downloaded one
        driver.find_element(By.ID, "dl-rectify").click()
        path = downloaded(downloads, "整改清单.xlsx")
        book = openpyxl.load_workbook(path)
        unit, rows = filled(book)
        before = answered(driver.page_source, unit)
        returned = path.with_name("交回的整改表.xlsx")
        book.save(returned)
        driver.find_element(By.ID, "returned").send_keys(str(returned))
        submit(driver, "read-returned")
        bad = driver.find_element(By.ID, "bad-rows").text
        assert f"交回的整改表.xlsx 工作表“{unit}”第 {rows[1]} 行" in bad and "不是日期" in bad
        assert answered(driver.page_source, unit) == before + 1
        shot(driver, "16-整改已读入")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
