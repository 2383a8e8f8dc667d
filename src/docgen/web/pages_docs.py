"""公文: each template as a form made from its fields; the render is docgen render's
own (render.render), the answers given as its --data. A per-unit template (交办单)
gives a zip of one document per unit; where LibreOffice is present the document's
pages are shown as images."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from starlette.requests import Request
from starlette.routing import Route

from ..errors import InputError
from .app import page, state
from .desk import ProjectMissing
from .fields import FormError, form_fields, initial, to_data

OUT = "公文"
PREVIEW_PAGES = 3


def _template(root: Path, tid: str):
    from ..render.templates import list_templates

    for info in list_templates(root):
        if info.id == tid:
            return info
    raise ProjectMissing(f"没有名为 {tid} 的模板。")


def docs(request: Request):
    name = request.path_params["name"]
    root = state(request).desk.project(name)
    from ..render.templates import list_templates

    return page(
        request,
        "docs.html",
        project=name,
        active="docs",
        title="公文",
        templates=list_templates(root),
    )


def doc_form(request: Request):
    name, tid = request.path_params["name"], request.path_params["tid"]
    root = state(request).desk.project(name)
    info = _template(root, tid)
    fields = form_fields(info)
    values = _remembered(root, tid) or initial(fields, _sample(root, tid))
    return _form(request, name, info, fields, values)


def _form(request, name, info, fields, values, error=None, status=200, done=None, faults=None):
    return page(
        request,
        "doc_form.html",
        status,
        project=name,
        active="docs",
        title=info.title,
        info=info,
        fields=fields,
        values=values,
        error=error,
        faults=faults or {},
        done=done,
    )


async def doc_render(request: Request):
    name, tid = request.path_params["name"], request.path_params["tid"]
    s = state(request)
    root = s.desk.project(name)
    info = _template(root, tid)
    fields = form_fields(info)
    form = await request.form(max_files=0, max_fields=100, max_part_size=1 << 20)
    answers = {f.key: str(form.get(f.key, "")) for f in fields}
    preview = form.get("preview") == "on"
    answers["preview"] = "on" if preview else ""
    try:
        data = to_data(fields, answers)
        from starlette.concurrency import run_in_threadpool

        job = await run_in_threadpool(
            s.jobs.run_now, name, "render", lambda job: _render(s, root, info, data, preview)
        )
    except FormError as exc:
        return _form(request, name, info, fields, answers, exc.message, 400, faults=exc.fields)
    except InputError as exc:
        return _form(request, name, info, fields, answers, exc.message, 400)
    if job.state != "done":
        return _form(request, name, info, fields, answers, job.message, 400)
    _remember(root, tid, answers)
    return _form(request, name, info, fields, answers, done=job.result)


def _answers_file(root: Path, tid: str) -> Path:
    return root / "out" / ".cache" / "desk-forms" / f"{tid}.json"


def _remember(root: Path, tid: str, answers: dict[str, str]) -> None:
    """The answers of the last document made from this template, so that the form
    opens with them next time (the clerk's typing is never lost to a page change)."""
    import json

    from ..output import write_bytes

    text = json.dumps(answers, ensure_ascii=False, sort_keys=True, indent=1)
    write_bytes(_answers_file(root, tid), text.encode("utf-8"), force=True)


def _remembered(root: Path, tid: str) -> dict[str, str]:
    import json

    path = _answers_file(root, tid)
    if path.is_symlink() or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a damaged note of ours: start from the sample instead
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items() if isinstance(v, str)}


def _render(s, root: Path, info, data: dict, preview: bool) -> dict:
    import yaml

    from ..render import render

    data_file = s.uploads.base / f"{info.id}-data.yaml"
    data_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = root / "out"
    if info.per_unit:
        folder = out / "交办单" if info.id == "assignment" else out / info.id
        written = render(info.id, root, data_file, each="unit", output=folder, force=True)
        zipped = folder.with_suffix(".zip")
        zipped.write_bytes(_zip(written))
        return {"files": [zipped.relative_to(out).as_posix()], "count": len(written)}
    pdf = preview and _office() is not None
    target = out / OUT / f"{info.id}.docx"
    written = render(info.id, root, data_file, output=target, pdf=pdf, force=True)
    result = {"files": [target.relative_to(out).as_posix()], "count": 1, "pages": []}
    if pdf:
        result["pages"] = _pages(written[-1], out)
    elif preview:
        result["note"] = (
            "本机没有安装 LibreOffice，不能预览版面；下载的 .docx 可以用 WPS 或 Word 打开。"
        )
    return result


def _office() -> str | None:
    from ..dossier.pages import soffice

    return soffice()


def _pages(pdf: Path, out: Path) -> list[str]:
    """The first pages of the PDF as PNG images beside it (their paths in out/)."""
    import pypdfium2 as pdfium

    shown = []
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for i in range(min(len(doc), PREVIEW_PAGES)):
            image = doc[i].render(scale=1.4).to_pil()
            target = pdf.with_name(f"{pdf.stem}-第{i + 1}页.png")
            image.save(target, format="PNG")
            shown.append(target.relative_to(out).as_posix())
    finally:
        doc.close()
    return shown


def _zip(paths: list[Path]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(paths):
            info = zipfile.ZipInfo(p.name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.flag_bits |= 0x800  # UTF-8 names: 交办单 names are Chinese
            zf.writestr(info, p.read_bytes())
    return buf.getvalue()


def _sample(root: Path, tid: str) -> dict:
    """The project's own sample answers (render/<id>.yaml, as the demo has)."""
    path = root / "render" / f"{tid}.yaml"
    if path.is_symlink() or not path.is_file():
        return {}
    from ..view.context import read_data

    try:
        data = read_data(path)
    except InputError:
        return {}
    return data if isinstance(data, dict) else {}


ROUTES = [
    Route("/p/{name}/docs", docs),
    Route("/p/{name}/docs/{tid}", doc_form),
    Route("/p/{name}/docs/{tid}", doc_render, methods=["POST"]),
]
