"""`docgen dossier build`: preflight, the materials, the contents with real page
numbers, the bound document and PDF, the evidence index and the manifest.

Nothing is written until every part is made; then the folder appears whole."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..errors import InputError
from ..load.guide import load_guide
from ..load.materials import PROVINCE
from ..load.project import load_project
from ..model import Material
from ..output import input_folders
from ..render.each import file_stem
from ..render.staging import sweep_scratch
from ..render.templates import BUILTIN_TITLES, find_template
from ..templating.engine import render_bytes
from ..templating.filters import as_date
from ..view import context as contexts
from . import bag, pages
from .bind import PdfBindError, bind_docx, bind_pdf
from .contents import Entry, contents_docx, contents_title
from .evidence import evidence_xlsx
from .folder import check_folder_target, recover_folder, write_folder
from .placeholder import placeholder_docx
from .plan import (
    Planned,
    dossier_folder,
    own_name,
    plan,
    shared_data,
    skipped_links,
    supplied_files,
)
from .preflight import Preflight, run_preflight
from .supplied import inspect_supplied

DEFAULT_FOLDER = "申报材料"
DATA_FILE = "dossier/data.yaml"
CONTENTS = "00-目录.docx"
BOUND_DOCX = "申报材料汇编.docx"
BOUND_PDF = "申报材料汇编.pdf"
EVIDENCE = "证明材料索引.xlsx"
NO_OFFICE = (
    "页码未计算：本机未安装 LibreOffice，无法排版计页"
    "（安装 libreoffice-writer 后重新生成即可得到页码和 PDF 汇编）。"
)
NO_PDF = "页码未计算：生成时没有选用 LibreOffice 计算页码（命令行的 --no-pdf）。"


class Refused(Exception):
    """The preflight found errors and the build was not forced (exit status 1)."""

    def __init__(self, summary: str) -> None:
        super().__init__(summary)
        self.summary = summary


@dataclass
class Part:
    """One file of a material in the dossier."""

    planned: Planned
    name: str  # file name in the dossier
    docx: bytes | None = None  # a .docx to bind
    pdf_source: bytes | None = None  # a supplied PDF to bind
    copy: Path | None = None  # a supplied file copied as it is
    pages: int | None = None


@dataclass
class BuildReport:
    folder: Path
    files: list[str]
    preflight: Preflight
    draft: bool
    pages_counted: bool
    pages_note: str | None
    pending: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def build_dossier(
    root: Path,
    output: Path | None = None,
    force: bool = False,
    pdf: bool = True,
    build_time: str | None = None,
    today: dt.date | None = None,
    online: bool = False,
    mode: str | None = None,
) -> BuildReport:
    """`online`: also the 线上评估 package (dossier/online/); `mode` 创建 or 复审
    overrides docgen.yaml's online.mode."""
    root = Path(root)
    project = load_project(root)
    guide = load_guide(project.guide, base=project.root)
    settings = _online_settings(root, mode) if online else None  # a bad YAML stops here
    folder = Path(output) if output is not None else root / "out" / DEFAULT_FOLDER
    inputs = [*input_folders(root, project), dossier_folder(project)]
    check_folder_target(folder, True, root, inputs)  # the place, before touching anything
    recovered = recover_folder(folder)
    sweep_scratch(root)
    check_folder_target(folder, force, root, inputs)
    planned = plan(project, guide.materials)
    shared = shared_data(project, guide.materials)
    inspect_supplied([f for p in planned for f in p.files], root)  # refuses what cannot be bound
    stamp = _build_time(build_time, shared, today)
    check, ctx = run_preflight(root, today)
    if not check.passed and not force:
        raise Refused(check.summary())
    draft = (
        None
        if check.passed
        else f"预检发现 {len(check.errors)} 个错误，本材料为强制生成的草稿，整改后请重新生成。"
    )
    source = _source(root, shared, check, ctx, today)
    parts = _parts(planned, source)
    program = pages.soffice() if pdf else None
    note = None if program else (NO_PDF if not pdf else NO_OFFICE)
    title = contents_title(project.city.name, project.city.level)
    payload, counted = _documents(parts, planned, title, draft, note, program is not None, root)
    payload[EVIDENCE] = evidence_xlsx(ctx, source.prerequisites)  # the table the material shows
    info = _info(project, guide, stamp, check, counted)
    extra: list[str] = []
    if settings is not None:
        info.append(_add_online(payload, extra, ctx, settings, planned, source, program))
    payload.update(bag.tag_files({k: _bytes(v) for k, v in payload.items()}, info))
    write_folder(folder, payload)
    pending = [p.material.title for p in planned if p.status == "pending"]
    notes = ([recovered] if recovered else []) + extra
    notes += [
        f"{link.relative_to(root).as_posix() if link.is_relative_to(root) else link} 是符号链接，"
        "docgen 不跟随链接，已忽略；请把文件本身放进 dossier/ 文件夹。"
        for link in skipped_links(project)
    ]
    return BuildReport(
        folder, sorted(payload), check, draft is not None, counted, note, pending, notes
    )


def _bytes(content: bytes | Path) -> bytes:
    return content.read_bytes() if isinstance(content, Path) else content


# ---------------------------------------------------------------- the materials


def _source(
    root: Path, shared: dict, check: Preflight, ctx, today: dt.date | None
) -> contexts.Source:
    """What the templates see: the preflight's input and audit, not a second load."""
    source = contexts.Source(root, shared, load=lambda day: ctx, audit=lambda day: check.result)
    if today is not None and "today" not in shared:
        source.today = today
    return source


def _parts(planned: list[Planned], source: contexts.Source) -> list[Part]:
    out = []
    for p in planned:
        if p.status == "generate":
            out.append(Part(p, f"{p.stem}.docx", docx=_render(source, p)))
        elif p.status == "supplied":
            out += _supplied_parts(p)
    return out


def _render(source: contexts.Source, p: Planned) -> bytes:
    try:
        tpl = find_template(p.material.template, source.root)
        return render_bytes(tpl, contexts.merge(contexts.build(source, tpl.fields), p.data))
    except InputError as exc:
        said = (
            exc.message.replace("--data 指定的 YAML 文件", f"{DATA_FILE} ")
            .replace("--data 文件", f"{DATA_FILE} ")
            .replace("--data", DATA_FILE)
        )  # a dossier's data file is dossier/data.yaml
        raise InputError(
            f"生成申报材料“{p.material.title}”时出错：{said}"
            f"（{DATA_FILE} 中，各材料共用的字段写在顶层，如 date、issuer；"
            f"只属于这一项的写在 {p.material.id}: 下。）"
        ) from None


def _supplied_parts(p: Planned) -> list[Part]:
    out = []
    for f in p.files:
        kind = f.suffix.lower()
        if len(p.files) == 1 and kind in (".docx", ".pdf"):
            name = f"{p.stem}{kind}"  # the material itself: named by its title
        else:
            # one of several, or a video: its own name
            name = f"{p.prefix}-{file_stem(own_name(f))}{kind}"
        if kind == ".docx":
            out.append(Part(p, name, docx=f.read_bytes()))
        elif kind == ".pdf":
            data = f.read_bytes()
            out.append(Part(p, name, pdf_source=data, pages=pages.page_count(data, str(f))))
        else:
            out.append(Part(p, name, copy=f))
    return out


# ---------------------------------------------------------------- contents, binding, PDF


def _documents(
    parts: list[Part],
    planned: list[Planned],
    title: str,
    draft: str | None,
    note: str | None,
    with_office: bool,
    root: Path,
) -> tuple[dict, bool]:
    """The files of the dossier but the evidence index and the tag files."""
    payload: dict[str, bytes | Path] = {}
    for part in parts:
        payload[part.name] = part.copy if part.copy is not None else (part.docx or part.pdf_source)
    bindable = [p for p in parts if p.docx is not None or p.pdf_source is not None]
    starts = _paginate(bindable, planned, title, draft, root) if with_office else {}
    entries = _entries(planned, parts, starts)
    contents = contents_docx(
        title, entries, pages_counted=with_office, draft=draft, pages_note=note
    )
    payload[CONTENTS] = contents
    payload[BOUND_DOCX] = _bound_docx(contents, bindable, starts)
    if with_office:
        final = pages.to_pdfs(
            {"00": contents, **{p.name: p.docx for p in bindable if p.docx is not None}},
            starts={"00": 1, **starts},
            root=root,
        )
        sequence = [("目录", final["00"])]
        for p in bindable:
            sequence.append(
                (p.planned.material.title, final[p.name] if p.docx is not None else p.pdf_source)
            )
        try:
            payload[BOUND_PDF] = bind_pdf(sequence, title)
        except PdfBindError as exc:
            raise InputError(
                f"合并 PDF 时无法读取“{exc.name}”（{exc.reason}）。请检查该材料的 PDF 文件。"
            ) from None
    return payload, with_office


def _paginate(
    bindable: list[Part], planned: list[Planned], title: str, draft: str | None, root: Path
) -> dict[str, int]:
    """Count every document's pages (one LibreOffice run, the contents included with
    placeholder numbers) and return where each starts in the bound document."""
    provisional = contents_docx(
        title,
        _entries(planned, bindable, {p.name: 999 for p in bindable}),
        pages_counted=True,
        draft=draft,
    )
    docs = {"00": provisional, **{p.name: p.docx for p in bindable if p.docx is not None}}
    converted = pages.to_pdfs(docs, root=root)
    for p in bindable:
        if p.docx is not None:
            p.pages = pages.page_count(converted[p.name], p.name)
    page = pages.page_count(converted["00"], CONTENTS) + 1
    starts = {}
    for p in bindable:
        starts[p.name] = page
        page += p.pages or 0
    return starts


def _entries(planned: list[Planned], parts: list[Part], starts: dict[str, int]) -> list[Entry]:
    out = []
    for p in planned:
        mine = [part for part in parts if part.planned is p]
        first = next((starts[part.name] for part in mine if part.name in starts), None)
        out.append(Entry(p.number, p.material.title, _author(p), first, _note(p, mine)))
    return out


def _author(p: Planned) -> str:
    return (
        p.material.supplied_by
        if p.material.supplied_by and p.material.supplied_by != "本市"
        else "本市"
    )


def _note(p: Planned, parts: list[Part]) -> str:
    if p.status == "pending":
        return f"待{p.material.supplied_by or PROVINCE}提供"
    if p.status == "absent":
        return "未提供（可选）"
    extra = [part.name for part in parts if part.copy is not None]
    return f"另附：{'、'.join(extra)}" if extra else ""


def _bound_docx(contents: bytes, bindable: list[Part], starts: dict[str, int]) -> bytes:
    documents = [pages.start_numbering_at(contents, 1)]
    for p in bindable:
        data = (
            p.docx
            if p.docx is not None
            else placeholder_docx(p.planned.material.title, p.name, p.pages)
        )
        documents.append(pages.start_numbering_at(data, starts.get(p.name)))
    return bind_docx(documents)


# ---------------------------------------------------------------- 线上评估


def _online_settings(root: Path, mode: str | None):
    from .online.settings import read_settings
    from .online.slots import load_slots

    settings = read_settings(root, mode)
    load_slots(root, settings.slots)
    return settings


def _add_online(payload, notes, ctx, settings, planned, source, program) -> tuple[str, str]:
    """The 线上评估 files added to the payload, their notes to `notes`; the bag-info line."""
    from .online.build import build_online

    by_template = {p.material.template: p for p in planned if p.material.template}

    def render(tid: str) -> tuple[str, bytes]:
        p = by_template.get(tid) or Planned(
            0, Material(tid, BUILTIN_TITLES.get(tid, tid), template=tid), "generate"
        )
        return p.material.title, _render(source, p)

    folder = dossier_folder(ctx.project)
    pkg = build_online(ctx, settings, supplied_files(folder), render, program is not None)
    payload.update(pkg.files)
    notes.extend(pkg.notes)
    made = sum(1 for u in pkg.uploads if u.status == "已生成")
    return ("Online-Evaluation", f"{settings.mode}；{made}/{len(pkg.uploads)} 个栏目已生成")


# ---------------------------------------------------------------- bag-info


def _build_time(value: str | None, shared: dict, today: dt.date | None) -> str:
    if value:
        try:
            return dt.datetime.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise InputError(
                f"--build-time 的值 {value!r} 不是日期或时间。"
                "请写成 2026-11-20 或 2026-11-20T09:30:00。"
            ) from None
    if shared.get("date") is not None:
        return as_date(shared["date"]).isoformat()
    return (today or dt.date.today()).isoformat()


def _info(project, guide, stamp: str, check: Preflight, counted: bool) -> list[tuple[str, str]]:
    city = project.city
    preflight = "通过" if check.passed else f"未通过（{len(check.errors)} 个错误），强制生成的草稿"
    return [
        ("Source-Organization", f"{city.province or ''}{city.name}".strip()),
        ("External-Description", contents_title(city.name, city.level)),
        ("Bagging-Date", stamp[:10]),
        ("Build-Time", stamp),
        ("Bag-Software-Agent", f"docgen {__version__}"),
        ("Standard", f"{guide.title}（{guide.id}）"),
        ("Audit-Years", "、".join(str(y) for y in project.years)),
        ("Preflight", preflight),
        ("Page-Numbers", "已按 LibreOffice 排版计算" if counted else "未计算"),
    ]
