"""`docgen dossier build --online`: the 线上评估 package inside the dossier folder.

    线上评估/NN-<栏目名称>.pdf   one file per 资料评估 slot (01–11), with bookmarks
    线上评估/评估填报表.xlsx      the 评估填报 form, field by field, every figure's row
    线上评估/法规文件信息.xlsx    type, 发文部门, 发文日期, 生效日期 of slot 5's documents
    线上评估/上传清单.xlsx        each slot: file, pages, 已生成 / 缺失 / 省级提供, why

The files join the dossier's payload, so the manifest and `dossier verify` cover them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ...context import AuditInput
from ...render.each import file_stem
from ..plan import own_name
from . import pdfs
from .form import fill, load_form
from .regulations import regulations
from .settings import Settings
from .sheets import LEVEL_NAMES, Upload, form_xlsx, regulations_xlsx, uploads_xlsx
from .slots import Chosen, choose, load_slots

FOLDER = "线上评估"
FORM = "评估填报表.xlsx"
REGULATIONS = "法规文件信息.xlsx"
UPLOADS = "上传清单.xlsx"
WORD = (".docx",)

Render = Callable[[str], tuple[str, bytes]]  # template id → (title, .docx bytes)


@dataclass
class Package:
    files: dict[str, bytes] = field(default_factory=dict)  # dossier-relative path → bytes
    uploads: list[Upload] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Part:
    title: str
    pdf: bytes | None = None
    docx: bytes | None = None


def build_online(
    ctx: AuditInput,
    settings: Settings,
    supplied: list[Path],
    render: Render,
    office: bool,
) -> Package:
    """The package. `office`: LibreOffice may be used (else Word parts are left out
    and said so)."""
    project = ctx.project
    root, level, city = project.root, project.city.level, project.city.name
    slots = load_slots(root, settings.slots)
    fields = load_form(root, settings.form, ctx.catalogue, level)
    chosen = choose(slots, ctx, supplied)
    pkg = Package()
    parts = {c.slot.no: _parts(c, ctx, render, pkg.notes) for c in chosen}
    words = {f"{no}/{i}": p.docx for no, ps in parts.items() for i, p in enumerate(ps) if p.docx}
    made = pdfs.to_pdfa(words, root) if office else {}
    for c in chosen:
        _slot_file(c, parts[c.slot.no], made, level, office, pkg)
    year = settings.year or max(project.years)
    kind = LEVEL_NAMES[level]
    head = f"{city}{kind}评估填报表（{settings.mode}）"
    sub = (
        f"评估年度 {year}；数据取自 {project.paths['indicators']}（“数据来源”为工作表!行号）；"
        "黄色为缺项，请在指标数据表中补齐后重新生成，不要直接改本表。"
    )
    pkg.files[f"{FOLDER}/{FORM}"] = form_xlsx(fill(fields, ctx, year), head, sub)
    rows = sorted({i for c in chosen if c.slot.regulations for i in c.filed})
    pkg.files[f"{FOLDER}/{REGULATIONS}"] = regulations_xlsx(
        regulations(ctx, rows),
        f"{city}爱国卫生工作法规或规范性文件信息",
        "文件类型代码：01 法规、02 规章、03 一般规范性文件、04 公文；"
        "黄色为归档文件目录未写明、需核实填写的项。",
    )
    pkg.files[f"{FOLDER}/{UPLOADS}"] = uploads_xlsx(
        pkg.uploads,
        f"{city}线上评估资料上传清单（{settings.mode}）",
        "每个栏目上传一个 PDF 文件；“缺失”的栏目请按说明补齐后重新生成。",
    )
    return pkg


def _parts(c: Chosen, ctx: AuditInput, render: Render, notes: list[str]) -> list[_Part]:
    out = []
    for tid in c.templates:
        title, data = render(tid)
        out.append(_Part(title, docx=data))
    for f in c.supplied:
        out.append(_file_part(own_name(f), f, f"dossier/{f.name}", c, notes))
    archive = ctx.archive
    links = {id(link.row): link for link in archive.links} if archive else {}
    for i in c.filed:
        row = ctx.rows[i]
        title = f"{row.text('题名')}（{row.text('档号')}）"
        link = links.get(id(row))
        if link is None or link.status != "found" or not link.matched:
            notes.append(f"{_slot_name(c)}：{title} 的归档文件未找到，未并入。")
            continue
        entry = archive.files[link.matched[0]]
        out.append(_file_part(title, entry.path, archive.display(entry.rel), c, notes))
    return [p for p in out if p is not None]


def _file_part(title: str, path: Path, shown: str, c: Chosen, notes: list[str]) -> _Part | None:
    kind = path.suffix.lower()
    if kind == ".pdf":
        return _Part(title, pdf=path.read_bytes())
    if kind in WORD:
        return _Part(title, docx=path.read_bytes())
    if kind in pdfs.PICTURES:
        return _Part(title, pdf=pdfs.picture_pdf(path, shown))
    notes.append(
        f"{_slot_name(c)}：{shown} 是 {kind or '无扩展名'} 文件，不能并入 PDF，未并入"
        "（线上评估只收 PDF 或 OFD；请另存为 PDF 放入 dossier/）。"
    )
    return None


def _slot_name(c: Chosen) -> str:
    return f"线上评估第 {c.slot.no} 项“{c.slot.name}”"


def _slot_file(
    c: Chosen, parts: list[_Part], made: dict, level: str, office: bool, pkg: Package
) -> None:
    slot = c.slot
    title = slot.title(level)
    pieces = []
    for i, p in enumerate(parts):
        if p.pdf is not None:
            pieces.append(pdfs.Piece(p.title, p.pdf))
        elif f"{slot.no}/{i}" in made:
            pieces.append(pdfs.Piece(p.title, made[f"{slot.no}/{i}"], pdfa=True))
    skipped = len(parts) - len(pieces)
    if skipped:
        pkg.notes.append(
            f"{_slot_name(c)}：{skipped} 份 Word 材料未转换为 PDF"
            f"（{'没有选用 LibreOffice，--no-pdf' if not office else 'LibreOffice 未输出'}）"
            "，未并入。"
        )
    contents = "\n".join(p.title for p in pieces)
    if not pieces:
        status = "省级提供" if slot.supplied_by else "缺失"
        why = _blockers(c, office)
        pkg.uploads.append(Upload(slot.no, title, "", None, status, "", "", why))
        if status == "缺失":
            pkg.notes.append(f"{_slot_name(c)}缺失：{why}")
        return
    name = f"{slot.no:02d}-{file_stem(title)}.pdf"
    data, pages, pdfa = pdfs.join(pieces, title)
    pkg.files[f"{FOLDER}/{name}"] = data
    form = "PDF/A-2b" if pdfa else "PDF"
    pkg.uploads.append(Upload(slot.no, title, name, pages, "已生成", form, contents, ""))


def _blockers(c: Chosen, office: bool) -> str:
    """What keeps the slot empty, and how to fill it."""
    slot = c.slot
    said = []
    if slot.supplied_by:
        said.append(f"由{slot.supplied_by}提供")
    if slot.templates and not office:
        said.append("生成材料需要 LibreOffice（本次未转换 PDF）")
    if slot.ledger:
        wanted = "或".join(_filter_text(f) for f in slot.ledger)
        said.append(f"归档文件目录中没有可并入的{wanted}的文件")
    names = "或".join(f"“{n}”" for n in (slot.dossier[:3] or (slot.name,)))
    said.append(f"请把文件（PDF、Word 或图片，文件名以{names}开头）放入 dossier/ 后重新生成")
    return "；".join(said) + "。"


def _filter_text(f) -> str:
    bits = []
    if f.item:
        bits.append(f"条目 {f.item}")
    if f.kind:
        bits.append(f"材料类型“{f.kind}”")
    if f.title:
        bits.append(f"题名含“{'/'.join(f.title)}”")
    return "、".join(bits)
