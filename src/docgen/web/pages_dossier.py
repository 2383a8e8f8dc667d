"""申报 (preflight, build, verify, download the dossier as a zip) and 历史 (the runs,
new / fixed / open): dossier/ and history/ do the work, these pages show it."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from ..errors import InputError
from .app import download, page, posted, state
from .desk import ProjectMissing

FOLDER = "申报材料"
MODES = ("", "创建", "复审")  # "": as docgen.yaml's online.mode says


def dossier_page(request: Request):
    name = request.path_params["name"]
    s = state(request)
    root = s.desk.project(name)
    folder = root / "out" / FOLDER
    return page(
        request,
        "dossier.html",
        project=name,
        active="dossier",
        title="申报",
        preflight=s.jobs.last(name, "preflight"),
        build=s.jobs.last(name, "build"),
        verified=s.verified.get(name),
        built=(folder / "manifest-sha256.txt").is_file(),
        folder=folder,
    )


async def preflight(request: Request):
    post = await posted(request)
    name, s, root, day = post.name, post.state, post.root, post.day

    def work(job):
        from ..dossier.preflight import run_preflight

        check, _ = run_preflight(root, day)
        return check

    s.jobs.start(name, "preflight", work)
    return RedirectResponse(f"/p/{name}/dossier", status_code=303)


async def build(request: Request):
    post = await posted(request)
    name, s, root, form, day = post.name, post.state, post.root, post.form, post.day
    force = form.get("force") == "on"
    pdf = form.get("pdf") == "on"
    online = form.get("online") == "on"
    mode = str(form.get("mode", ""))
    if mode not in MODES:
        raise InputError(f"线上评估的材料类型应为“创建”或“复审”，而收到的是“{mode[:20]}”。")

    def work(job):
        from ..dossier.build import Refused, build_dossier

        try:
            return build_dossier(
                root, force=force, pdf=pdf, today=day, online=online, mode=mode or None
            )
        except Refused as refused:
            first = refused.summary.splitlines()[0].rstrip("：:")
            raise InputError(
                f"{first}，未生成申报材料（错误见“预检”）。请先整改；如确需先出草稿，"
                "请勾选“预检有错误时强制生成草稿”。"
            ) from None

    s.verified.pop(name, None)
    s.jobs.start(name, "build", work)
    return RedirectResponse(f"/p/{name}/dossier", status_code=303)


def verify(request: Request):
    name = request.path_params["name"]
    s = state(request)
    root = s.desk.project(name)
    from ..dossier.bag import LABELS
    from ..dossier.bag import verify as check

    problems = check(root / "out" / FOLDER)
    s.verified[name] = [
        f"{LABELS[p.kind]}：{p.path}" + (f"（{p.detail}）" if p.detail else "") for p in problems
    ] or ["核验通过：文件与清单完全一致。"]
    return RedirectResponse(f"/p/{name}/dossier", status_code=303)


def dossier_zip(request: Request):
    name = request.path_params["name"]
    root = state(request).desk.project(name)
    folder = root / "out" / FOLDER
    if folder.is_symlink() or not (folder / "manifest-sha256.txt").is_file():
        raise ProjectMissing("还没有生成申报材料：请先点“生成申报材料”。")
    return download(_zip_folder(folder), f"{FOLDER}.zip", "application/zip")


def _zip_folder(folder: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for here, dirs, files in os.walk(folder):
            dirs.sort()
            for f in sorted(files):
                path = Path(here) / f
                if path.is_symlink() or not path.is_file():
                    continue
                rel = path.relative_to(folder).as_posix()
                info = zipfile.ZipInfo(f"{FOLDER}/{rel}", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.flag_bits |= 0x800
                zf.writestr(info, path.read_bytes())
    return buf.getvalue()


def history_page(request: Request):
    name = request.path_params["name"]
    root = state(request).desk.project(name)
    from ..history import HistoryError
    from ..history.show import read_history
    from ..load.project import load_project

    project = load_project(root)
    try:
        h = read_history(root, project.city.name, 50)
    except HistoryError as exc:
        raise InputError(exc.message) from None
    return page(
        request,
        "history.html",
        project=name,
        active="history",
        title="历史",
        history=h,
        runs=list(reversed(h.runs)),
    )


ROUTES = [
    Route("/p/{name}/dossier", dossier_page),
    Route("/p/{name}/dossier/preflight", preflight, methods=["POST"]),
    Route("/p/{name}/dossier/build", build, methods=["POST"]),
    Route("/p/{name}/dossier/verify", verify, methods=["POST"]),
    Route("/p/{name}/dossier/download", dossier_zip),
    Route("/p/{name}/history", history_page),
]
