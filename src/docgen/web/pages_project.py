"""项目: open or create a project, put files into its inputs (after a confirmation)."""

from __future__ import annotations

import mimetypes
import os

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse
from starlette.routing import Route

from ..errors import InputError
from .app import page, state
from .desk import contained
from .uploads import SLOTS

INPUTS = ("archive", "data", "ledger")  # the report links to files in them
KEPT = "被替换的旧文件已移到项目的 .previous/ 文件夹（文件名后加了时间）。"
FORM_LIMITS = {"max_files": 1, "max_fields": 20, "max_part_size": 1 << 20}


def home(request: Request):
    s = state(request)
    return page(request, "home.html", projects=s.desk.projects(), title="项目")


async def create(request: Request):
    form = await request.form(**FORM_LIMITS)
    s = state(request)
    name = str(form.get("name", "")).strip()
    target = s.desk.new_project_folder(name)
    from ..scaffold import init_project

    init_project(target)
    s.say(name, f"已新建项目“{name}”（{target}）。请上传归档文件目录、数据表和归档文件。")
    return RedirectResponse(f"/p/{name}/", status_code=303)


def project(request: Request):
    name = request.path_params["name"]
    root = state(request).desk.project(name)
    return page(
        request,
        "project.html",
        project=name,
        active="project",
        title="项目",
        folder=root,
        inputs=_inputs(root),
        slots=SLOTS,
    )


async def upload(request: Request):
    name = request.path_params["name"]
    s = state(request)
    root = s.desk.project(name)
    form = await request.form(**FORM_LIMITS)
    file = form.get("file")
    if file is None or isinstance(file, str) or not file.filename:
        raise InputError("请先选择要上传的文件。")
    from starlette.concurrency import run_in_threadpool

    pending = await run_in_threadpool(
        s.uploads.receive,
        name,
        root,
        str(form.get("slot", "")),
        str(form.get("sub", "")),
        file.filename,
        file.file,
    )
    await file.close()
    return page(
        request,
        "confirm.html",
        project=name,
        active="project",
        title="确认上传",
        pending=pending,
        slot=SLOTS[pending.slot],
    )


async def decide(request: Request):
    name = request.path_params["name"]
    s = state(request)
    root = s.desk.project(name)
    form = await request.form(**FORM_LIMITS)
    upload_id = request.path_params["upload"]
    if form.get("action") == "confirm":
        replaced = bool(s.uploads.take(upload_id, name).replacing)
        written = s.uploads.confirm(upload_id, name, root)
        shown = "、".join(written[:3]) + (f" 等 {len(written)} 个文件" if len(written) > 3 else "")
        s.say(name, f"已写入：{shown}。" + (KEPT if replaced else ""))
    else:
        s.uploads.take(upload_id, name)
        s.uploads.cancel(upload_id)
        s.say(name, "已取消上传，项目中的文件没有改动。")
    return RedirectResponse(f"/p/{name}/", status_code=303)


def out_file(request: Request):
    """A file docgen wrote into the project's out/ (a document, a preview, a zip)."""
    root = state(request).desk.project(request.path_params["name"])
    path = contained(root / "out", request.path_params["path"])
    media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    inline = media.startswith("image/") or media == "application/pdf"
    return FileResponse(
        path,
        media_type=media,
        filename=path.name,
        content_disposition_type=("inline" if inline else "attachment"),
    )


def input_file(request: Request):
    """A file of the project's inputs, read-only: the report's links to filed files."""
    root = state(request).desk.project(request.path_params["name"])
    folder = request.url.path.split("/")[3]
    path = contained(root / folder, request.path_params["path"])
    media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(
        path, media_type=media, filename=path.name, content_disposition_type="inline"
    )


def _inputs(root) -> list[tuple[str, str, str]]:
    """(what, where, state) of each input the project has."""
    from .uploads import _paths

    paths = _paths(root)
    out = []
    for key in ("ledger", "indicators", "units", "problems"):
        rel = paths.get(key, "")
        there = (root / rel).is_file() if rel else False
        out.append((SLOTS[key], rel, "已有" if there else "缺少"))
    archive = root / paths.get("archive", "archive")
    count = sum(len(files) for _, _, files in os.walk(archive)) if archive.is_dir() else 0
    out.append(("归档文件", paths.get("archive", "archive"), f"{count} 个文件"))
    return out


ROUTES = [
    Route("/", home),
    Route("/create", create, methods=["POST"]),
    Route("/p/{name}/", project),
    Route("/p/{name}/upload", upload, methods=["POST"]),
    Route("/p/{name}/upload/{upload}", decide, methods=["POST"]),
    Route("/p/{name}/out/{path:path}", out_file),
    *(Route(f"/p/{{name}}/{folder}/{{path:path}}", input_file) for folder in INPUTS),
]
