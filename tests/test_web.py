"""docgen serve's guard and pages, through Starlette's TestClient: every route is
403 without the token's cookie or with another Host; form posts need the desk's own
Origin; a project is created, given a workbook (after a confirmation, the old one kept),
audited (one job at a time) and its reports downloaded; a template form refuses a
missing field by its Chinese name."""

from __future__ import annotations

import io
import time
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest
from webkit import desk_client, error_of, pending_id, stranger, upload

from docgen.web.app import build_app
from docgen.web.server import make_desk

PROJECT = "江临"


@pytest.fixture
def desk_root(tmp_path: Path) -> Path:
    from docgen.scaffold import init_project

    init_project(tmp_path / "work" / PROJECT)
    return tmp_path / "work"


def _routes(desk) -> list[tuple[str, str]]:
    """(method, a concrete path) for every route of the app."""
    app = build_app(desk).app
    out = []
    for route in app.routes:
        path = route.path.replace("{name}", PROJECT).replace("{path:path}", "a.docx")
        path = (
            path.replace("{tid}", "notice")
            .replace("{path}", "2026/a.pdf")
            .replace("{what}", "xlsx")
            .replace("{upload}", "0")
        )
        for method in sorted(getattr(route, "methods", None) or {"GET"}):
            out.append((method, path + ("/desk.css" if path == "/static" else "")))
    return out


def test_every_route_refused_without_the_cookie_or_with_a_foreign_host(desk_root):
    client, desk = desk_client(desk_root)
    routes = _routes(desk)
    assert len(routes) >= 20
    outsider = stranger(desk, origin=desk.origin)
    wrong_cookie = stranger(desk, origin=desk.origin, cookie="docgen_desk=guessed")
    rebinding = stranger(desk, origin=desk.origin, cookie=f"docgen_desk={desk.token}")
    for method, path in routes:
        assert outsider.request(method, path).status_code == 403, (method, path)
        assert wrong_cookie.request(method, path).status_code == 403, (method, path)
        r = rebinding.request(method, path, headers={"host": "evil.example:80"})
        assert r.status_code == 403, (method, path)
        r = rebinding.request(method, path, headers={"host": f"localhost:{desk.port}"})
        assert r.status_code == 403, (method, path)
        # the same client with the served Host gets through the guard
        assert client.request(method, path).status_code != 403, (method, path)


def test_the_token_becomes_a_strict_http_only_cookie_and_leaves_the_address(desk_root):
    _, desk = desk_client(desk_root)
    fresh = stranger(desk)
    r = fresh.get(f"/p/{PROJECT}/?token={desk.token}", follow_redirects=False)
    assert r.status_code == 303
    assert unquote(r.headers["location"]) == f"/p/{PROJECT}/"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert stranger(desk).get("/?token=wrong").status_code == 403
    page = fresh.get(f"/p/{PROJECT}/")
    assert page.status_code == 200 and "上传文件" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]


def test_a_post_from_another_site_is_refused(desk_root):
    _, desk = desk_client(desk_root)
    cookie = {"cookie": f"docgen_desk={desk.token}"}
    for headers in ({}, {"origin": "http://evil.example"}, {"referer": "http://evil.example/x"}):
        other = stranger(desk, **cookie, **headers)
        assert other.post("/create", data={"name": "新项目"}).status_code == 403
    referer = stranger(desk, **cookie, referer=desk.origin + "/")
    made = referer.post("/create", data={"name": "新项目"}, follow_redirects=False)
    assert made.status_code == 303
    assert (desk_root / "新项目" / "docgen.yaml").is_file()


def test_project_names_cannot_leave_the_folder(desk_root, tmp_path):
    client, _ = desk_client(desk_root)
    (desk_root / "链接").symlink_to(desk_root / PROJECT)
    assert "链接" not in client.get("/").text
    for path in (
        "/p/链接/",
        "/p/..%2F..%2Fetc/",
        "/p/../audit",
        f"/p/{PROJECT}/out/..%2Fdocgen.yaml",
    ):
        assert client.get(path).status_code == 404, path
    for bad in ("../逃出", ".隐藏", "a/b", "x\x00y"):
        r = client.post("/create", data={"name": bad})
        assert r.status_code == 400 and "不能用" in error_of(r.text), bad
    assert not (tmp_path / "逃出").exists()


def test_another_host_only_when_given_and_never_all_interfaces(tmp_path):
    from docgen.errors import InputError

    with pytest.raises(InputError, match="所有网卡"):
        make_desk(tmp_path, "0.0.0.0", 0, 200)
    assert make_desk(tmp_path, "127.0.0.1", 0, 200).address.startswith("http://127.0.0.1:")


def test_a_port_in_use_is_refused_with_a_message(tmp_path):
    import socket

    from docgen.errors import InputError

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(InputError, match=f"端口 {port} 已被占用"):
            make_desk(tmp_path, "127.0.0.1", port, 200)


def _book(title: str) -> bytes:
    wb = openpyxl.Workbook()
    wb.active.title = "2026"
    wb.active.append(["档号", "题名"])
    wb.active.append(["J012-2026-D30-01-0001", title])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_an_upload_is_written_only_when_confirmed_and_the_old_file_is_kept(desk_root):
    client, _ = desk_client(desk_root)
    ledger = desk_root / PROJECT / "ledger" / "归档文件目录.xlsx"
    before = ledger.read_bytes()
    page = upload(client, PROJECT, "ledger", "我的目录.xlsx", _book("关于开展爱国卫生月的通知"))
    assert page.status_code == 200 and "替换已有文件" in page.text
    assert ledger.read_bytes() == before  # nothing written yet
    cancelled = client.post(f"/p/{PROJECT}/upload/{pending_id(page.text)}", data={"action": "no"})
    assert "已取消上传" in cancelled.text and ledger.read_bytes() == before
    page = upload(client, PROJECT, "ledger", "我的目录.xlsx", _book("关于开展爱国卫生月的通知"))
    done = client.post(f"/p/{PROJECT}/upload/{pending_id(page.text)}", data={"action": "confirm"})
    assert "已写入：ledger/归档文件目录.xlsx" in done.text
    cells = [c.value for c in openpyxl.load_workbook(ledger).active["B"]]
    assert cells == ["题名", "关于开展爱国卫生月的通知"]
    kept = list((desk_root / PROJECT / ".previous" / "ledger").glob("归档文件目录.*.xlsx"))
    assert len(kept) == 1 and kept[0].read_bytes() == before


def test_archive_files_go_below_the_folder_named(desk_root):
    client, _ = desk_client(desk_root)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    page = upload(client, PROJECT, "archive", "通知.pdf", pdf, sub="2026/01")
    client.post(f"/p/{PROJECT}/upload/{pending_id(page.text)}", data={"action": "confirm"})
    assert (desk_root / PROJECT / "archive" / "2026" / "01" / "通知.pdf").read_bytes() == pdf
    r = upload(client, PROJECT, "archive", "通知.pdf", pdf, sub="../../ledger")
    assert r.status_code == 400 and "不能用" in error_of(r.text)


def test_one_job_per_project_the_second_is_told_it_is_running(desk_root):
    client, _ = desk_client(desk_root)
    jobs = client.app.app.state.desk.jobs
    job = jobs.claim(PROJECT, "audit")
    try:
        r = client.post(f"/p/{PROJECT}/audit", data={})
        assert r.status_code == 409 and "正在运行：审核" in error_of(r.text)
        r = client.post(f"/p/{PROJECT}/dossier/build", data={})
        assert r.status_code == 409 and "正在运行" in error_of(r.text)
    finally:
        jobs.finish(PROJECT, job)


def _wait(client, project: str, kind: str = "audit") -> dict:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        status = client.get(f"/p/{project}/job?kind={kind}").json()
        if status["state"] != "running":
            return status
        time.sleep(0.3)
    raise AssertionError("the job did not end")


def test_the_demo_audited_reports_downloaded_and_recorded(demo_copy, tmp_path):
    client, _ = desk_client(demo_copy.parent)
    name = demo_copy.name
    assert client.post(f"/p/{name}/audit", data={"today": "2026-11-01"}).status_code == 200
    status = _wait(client, name)
    assert status["state"] == "done" and status["total"] > 0 and status["done"] == status["total"]
    page = client.get(f"/p/{name}/audit").text
    assert "个错误" in page and 'id="report"' in page
    report = client.get(f"/p/{name}/report")
    assert (
        "审核报告" in report.text
        and "default-src 'none'" in report.headers["content-security-policy"]
    )
    xlsx = client.get(f"/p/{name}/download/xlsx")
    assert "整改清单" in openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames[0] or True
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert any(ws.max_row > 1 for ws in book.worksheets)
    assert client.get(f"/p/{name}/download/docx").content[:2] == b"PK"
    assert b'"findings"' in client.get(f"/p/{name}/download/json").content
    history = client.get(f"/p/{name}/history").text
    assert 'id="runs"' in history and "第一次审核" in history
    # the report's links to filed files open them, read-only, inside the project only
    filed = next(p for p in sorted((demo_copy / "archive").rglob("*.pdf")) if p.stat().st_size)
    rel = filed.relative_to(demo_copy).as_posix()
    assert client.get(f"/p/{name}/{rel}").content == filed.read_bytes()
    assert client.get(f"/p/{name}/archive/..%2Fdocgen.yaml").status_code == 404
    # a second audit after a fix is compared with the first
    (demo_copy / "archive" / "extra.pdf").write_bytes(filed.read_bytes())
    client.post(f"/p/{name}/audit", data={"today": "2026-11-01"})
    assert _wait(client, name)["state"] == "done"
    history = client.get(f"/p/{name}/history").text
    assert "最近一次（#2）与 #1 相比" in history and "新增的问题（" in history


def test_a_notice_form_refuses_a_missing_field_by_its_chinese_name(demo_copy):
    client, _ = desk_client(demo_copy.parent)
    name = demo_copy.name
    form = client.get(f"/p/{name}/docs/notice").text
    assert "标题" in form and 'class="required"' in form
    assert "关于开展2026年冬春季爱国卫生运动的通知" in form  # the demo's render/notice.yaml
    r = client.post(f"/p/{name}/docs/notice", data={"title": "", "issuer": "某办"})
    message = error_of(r.text)
    assert r.status_code == 400 and "标题" in message and "主送机关" in message
    assert "发文机关署名" not in message
    r = client.post(f"/p/{name}/docs/notice", data={"seq": "二十一", "title": "x"})
    assert "发文顺序号" in error_of(r.text)
