"""审核: the audit in a background thread with its progress polled by the page, the
HTML report as docgen audit writes it, and the 整改清单 / 督查通报 / JSON downloads.
The result is the pipeline's own (audit.run_audit) and is recorded in the history as
the command does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.routing import Route

from .app import download, page, posted, state
from .desk import ProjectMissing

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; frame-ancestors 'self'"
)


@dataclass
class Audited:
    result: object  # audit.AuditResult
    comparison: object  # history.model.Comparison | None
    today: dt.date


def audit_page(request: Request):
    name = request.path_params["name"]
    s = state(request)
    s.desk.project(name)
    last = s.jobs.last(name, "audit")
    done = last.result if last is not None and last.state == "done" else None
    return page(
        request,
        "audit.html",
        project=name,
        active="audit",
        title="审核",
        last=last,
        audited=done,
    )


async def start_audit(request: Request):
    post = await posted(request)
    name, s, root, day = post.name, post.state, post.root, post.day

    def work(job) -> Audited:
        from ..audit import run_audit
        from ..history import record_run

        result = run_audit(root, today=day, progress=job.progress)
        comparison = record_run(root, result, rules=None)
        return Audited(result, comparison, day or dt.date.today())

    s.jobs.start(name, "audit", work)
    return RedirectResponse(f"/p/{name}/audit", status_code=303)


def job_status(request: Request):
    """What the page's progress bar polls: the running job, else the last one."""
    name = request.path_params["name"]
    s = state(request)
    s.desk.project(name)
    job = s.jobs.running(name)
    if job is None:
        kind = request.query_params.get("kind", "audit")
        job = s.jobs.last(name, kind)
    return JSONResponse(job.status() if job is not None else {"state": "none"})


def _audited(request: Request) -> tuple[Path, Audited]:
    name = request.path_params["name"]
    s = state(request)
    root = s.desk.project(name)
    last = s.jobs.last(name, "audit")
    if last is None or last.state != "done":
        raise ProjectMissing("本次启动后还没有审核过这个项目：请先在“审核”页点“开始审核”。")
    return root, last.result


def report(request: Request):
    root, a = _audited(request)
    from ..report.html_report import render

    html = render(a.result, a.comparison, base=root)
    return HTMLResponse(html, headers={"content-security-policy": REPORT_CSP})


def download_report(request: Request):
    root, a = _audited(request)
    what = request.path_params["what"]
    if what == "xlsx":
        from ..rectify.project import for_audit
        from ..report.xlsx_report import render

        # as docgen audit: the problem list's rows and the answers recorded so far
        state = for_audit(root, a.result)
        return download(render(a.result, a.comparison, state), "整改清单.xlsx", XLSX)
    if what == "docx":
        from ..report.docx_report import render

        return download(render(a.result, None, a.today), "督查通报.docx", DOCX)
    if what == "json":
        from ..report.json_report import render

        return download(render(a.result).encode("utf-8"), "audit.json", "application/json")
    raise ProjectMissing("没有这种报告。")


ROUTES = [
    Route("/p/{name}/audit", audit_page),
    Route("/p/{name}/audit", start_audit, methods=["POST"]),
    Route("/p/{name}/job", job_status),
    Route("/p/{name}/report", report),
    Route("/p/{name}/download/{what}", download_report),
]
