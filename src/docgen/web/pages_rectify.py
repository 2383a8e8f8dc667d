"""整改: the units' returned sheets uploaded (checked as every upload is, uploads.py),
read and recorded by rectify.command.run_rectify exactly as `docgen rectify` does, each
row not recorded shown with its message; the per-unit status from the history's
answers as `docgen history` shows it; the 整改清单 downloaded from the 审核 page's link."""

from __future__ import annotations

import shutil
from pathlib import Path

from starlette.requests import Request
from starlette.routing import Route

from ..errors import InputError
from .app import page, state

FORM_LIMITS = {"max_files": 20, "max_fields": 30, "max_part_size": 1 << 20}


def rectify_page(request: Request, outcome: dict | None = None, status: int = 200):
    name = request.path_params["name"]
    s = state(request)
    root = s.desk.project(name)
    last = s.jobs.last(name, "audit")
    return page(
        request,
        "rectify.html",
        status,
        project=name,
        active="rectify",
        title="整改",
        units=units_of(root),
        audited=last is not None and last.state == "done",
        outcome=outcome,
    )


def units_of(root: Path) -> list | None:
    """Each unit's items, answered, verified and open after the latest recorded audit
    (rectify.command.unit_progress, as docgen history prints it); None when none."""
    from ..load.project import load_project
    from ..rectify.command import unit_progress

    try:
        project = load_project(root)
    except InputError:
        return None
    found = unit_progress(root, project)
    return None if found is None else found.progress()


async def upload_returned(request: Request):
    name = request.path_params["name"]
    s = state(request)
    root = s.desk.project(name)
    form = await request.form(**FORM_LIMITS)
    files = [f for f in form.getlist("file") if not isinstance(f, str) and f.filename]
    if not files:
        raise InputError("请先选择各单位交回的整改表（.xlsx，可一次选多个）。")
    from starlette.concurrency import run_in_threadpool

    job = await run_in_threadpool(
        s.jobs.run_now, name, "rectify", lambda job: _read(s, root, files)
    )
    for f in files:
        await f.close()
    if job.state != "done":
        return rectify_page(request, {"lines": [], "bad": [job.message], "status": 2}, 400)
    return rectify_page(request, job.result)


def _read(s, root: Path, files: list) -> dict:
    """Stage the uploads (checked), run docgen rectify's own function on them, and give
    its lines with each staged path shown as the uploaded file's name."""
    from ..rectify.command import run_rectify

    staged: list[Path] = []
    try:
        for f in files:
            staged.append(s.uploads.receive_sheet(f.filename, f.file))
        outcome = run_rectify(root, staged)
    finally:
        for path in staged:
            shutil.rmtree(path.parent.parent, ignore_errors=True)
    lines = [_shown(line, staged) for line in outcome.lines]
    bad = [line.removeprefix("未记录：") for line in lines if line.startswith("未记录：")]
    good = [line for line in lines if not line.startswith("未记录：")]
    return {"lines": good, "bad": bad, "status": outcome.status}


def _shown(line: str, staged: list[Path]) -> str:
    for path in staged:
        line = line.replace(str(path), path.name)
    return line


ROUTES = [
    Route("/p/{name}/rectify", rectify_page),
    Route("/p/{name}/rectify", upload_returned, methods=["POST"]),
]
