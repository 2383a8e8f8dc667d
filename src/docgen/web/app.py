"""The desk's ASGI app: the routes of each page (pages_*.py), the Jinja2 pages and
static files shipped in the package, and the guard in front of it all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..errors import InputError
from .desk import Desk, ProjectMissing
from .guard import Guard
from .jobs import Busy, Jobs
from .uploads import Uploads

HERE = Path(__file__).parent
NAV = (
    ("project", "项目"),
    ("audit", "审核"),
    ("rectify", "整改"),
    ("docs", "公文"),
    ("dossier", "申报"),
    ("history", "历史"),
)


class State:
    """What the pages share for one start of the desk."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.jobs = Jobs()
        self.uploads = Uploads(desk.max_upload)
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.flash: dict[str, list[str]] = {}
        self.verified: dict[str, list] = {}
        self.rendered: dict[str, dict] = {}

    def say(self, project: str, text: str) -> None:
        self.flash.setdefault(project, []).append(text)


def state(request: Request) -> State:
    return request.app.state.desk


@dataclass(frozen=True)
class Posted:
    """A job form posted to a project's page: the project, its folder, the form's fields
    and its 以此日期为“今天” date (None when left empty)."""

    name: str
    state: State
    root: Path
    form: Any  # starlette's FormData
    day: dt.date | None


async def posted(request: Request) -> Posted:
    """The form posted to /p/NAME/…, with the project checked (ProjectMissing) and the
    date parsed (InputError)."""
    name = request.path_params["name"]
    s = state(request)
    root = s.desk.project(name)
    form = await request.form(max_files=0, max_fields=10)
    return Posted(name, s, root, form, parse_day(str(form.get("today", ""))))


def parse_day(text: str) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"“{text}”不是日期，请写成 2026-11-23 的形式。") from None


def page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    s = state(request)
    project = context.get("project")
    messages = s.flash.pop(project, []) if project else []
    running = s.jobs.running(project) if project else None
    return s.templates.TemplateResponse(
        request,
        name,
        {"nav": NAV, "messages": messages, "running": running, "root": s.desk.root, **context},
        status_code=status,
    )


def download(data: bytes, name: str, media: str) -> Response:
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media, headers={"content-disposition": disposition})


async def _missing(request: Request, exc: ProjectMissing) -> HTMLResponse:
    return page(request, "error.html", 404, title="找不到", message=exc.message, **_here(request))


async def _refused(request: Request, exc: InputError) -> HTMLResponse:
    return page(request, "error.html", 400, title="无法完成", message=exc.message, **_here(request))


async def _busy(request: Request, exc: Busy) -> HTMLResponse:
    return page(request, "error.html", 409, title="正在运行", message=exc.message, **_here(request))


def _here(request: Request) -> dict:
    """The project of the page that failed, when it is one the desk has."""
    name = request.path_params.get("name")
    return {"project": name} if name and name in state(request).desk.projects() else {}


def build_app(desk: Desk) -> Guard:
    from . import pages_audit, pages_docs, pages_dossier, pages_project, pages_rectify

    routes = [
        *pages_project.ROUTES,
        *pages_audit.ROUTES,
        *pages_rectify.ROUTES,
        *pages_docs.ROUTES,
        *pages_dossier.ROUTES,
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={ProjectMissing: _missing, InputError: _refused, Busy: _busy},
    )
    app.state.desk = State(desk)
    return Guard(app, desk)
