"""file.* — the filed documents themselves: present, inside the archive folder,
readable, not password-protected, not empty, as many pages as the ledger says, and
not one set of bytes filed under two 档号.

Everything here reads ctx.archive (scanned, linked and inspected beforehand).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..catalogue import make
from ..context import AuditInput
from ..model import Archive, Inspection, RowFile
from ..parse import parse_page_count
from .base import at_row, rule

EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def _links(ctx: AuditInput) -> Iterator[tuple[int, RowFile]]:
    if ctx.archive is not None:
        yield from enumerate(ctx.archive.links)


def _column(link: RowFile) -> str:
    return "文件路径" if link.row.text("文件路径") else "档号"


class _Hit:
    """One file a row matched, with its inspection. The finding's location keys are
    worked out only for the few hits that become findings."""

    __slots__ = ("ctx", "found", "i", "link", "rel")

    def __init__(self, ctx: AuditInput, i: int, link: RowFile, rel: str, found: Inspection) -> None:
        self.ctx, self.i, self.link, self.rel, self.found = ctx, i, link, rel, found

    @property
    def shown(self) -> str:
        """The path relative to the project, as findings give it."""
        return self.ctx.archive.display(self.rel)

    @property
    def where(self) -> dict:
        return {**self.ctx.row_where(self.i, _column(self.link)), "file": self.shown}


def _inspected(ctx: AuditInput) -> Iterator[_Hit]:
    if ctx.archive is None:
        return
    inspections = ctx.archive.inspections
    for i, link in enumerate(ctx.archive.links):
        for rel in link.matched:
            found = inspections.get(rel)
            if found is not None:
                yield _Hit(ctx, i, link, rel, found)


def _root_problem(archive: Archive) -> str | None:
    """Why the archive folder itself could not be read (missing, no permission)."""
    return next((why for rel, why in archive.problems if rel == ""), None)


# ---------------------------------------------------------------- file.missing


@rule("file.missing")
def file_missing(ctx: AuditInput):
    archive = ctx.archive
    root = _root_problem(archive) if archive is not None else None
    for i, link in _links(ctx):
        if link.status != "missing":
            continue
        row = link.row
        written, code = row.text("文件路径"), row.text("档号")
        what, fix = _missing_text(ctx, i, written, code, link, archive)
        if root:  # the whole archive folder is absent: that is the fix to make first
            fix = f"注意：{root}，请先检查 docgen.yaml 中 paths.archive 的设置。"
        elif link.note and (code or written):
            what += f"{link.note}。"
        yield make(
            "file.missing",
            what + fix,
            file=archive.display(link.rel) if link.rel else None,
            **ctx.row_where(i, "文件路径" if written else "档号"),
        )


def _missing_text(
    ctx: AuditInput, i: int, written: str, code: str, link: RowFile, archive: Archive
) -> tuple[str, str]:
    """What is missing, and what to do about it."""
    if written:
        return (
            f"{at_row(ctx, i)}的文件路径“{written}”指向的文件 {archive.display(link.rel)} 不存在。",
            "请把该件的电子文件放到这个位置，或改正文件路径。",
        )
    if code:
        what = (
            f"{at_row(ctx, i)}（档号 {code}）在归档文件夹 {archive.display('')} 中找不到电子文件"
            f"（应为以档号命名的文件，如 {code}.pdf）。"
        )
        return what, "请扫描或放入该件的电子文件，文件名用档号；或在“文件路径”列写明它的位置。"
    return (f"{at_row(ctx, i)}既没有档号也没有文件路径，无法确定对应的电子文件。", "请补填档号。")


# ---------------------------------------------------------------- file.orphan

_ENCODING_HINT = {
    "gbk": "该文件名按 GBK 编码保存（这里显示的是解码后的名称），请先重命名为 UTF-8 文件名",
    "unknown": "该文件名既不是 UTF-8 也不是 GBK 编码（无法识别的字符显示为“�”），请先重命名",
}


@rule("file.orphan")
def orphan(ctx: AuditInput):
    archive = ctx.archive
    if archive is None:
        return
    used = {rel for link in archive.links for rel in link.matched}
    for rel, entry in sorted(archive.files.items()):
        if rel in used or entry.link_outside:
            continue
        hint = _ENCODING_HINT.get(entry.name_encoding or "")
        text = f"归档文件夹中的文件“{archive.display(rel)}”没有任何目录行指向它。"
        if hint:
            text += f"{hint}。"
        text += "请在归档文件目录中为它登记一行（档号、题名等），或把它移出归档文件夹。"
        yield make("file.orphan", text, file=archive.display(rel))


# ---------------------------------------------------------------- file.outside-root


@rule("file.outside-root")
def outside_root(ctx: AuditInput):
    archive = ctx.archive
    if archive is None:
        return
    reported: set[str] = set()
    outside = [rel for rel, e in archive.files.items() if e.link_outside]
    for i, link in _links(ctx):
        if link.status != "outside":
            continue
        if link.rel:
            reported.update(o for o in outside if link.rel == o or link.rel.startswith(o + "/"))
        written = link.row.text("文件路径")
        shown = written or archive.display(link.rel or "")
        if written:
            what = f"的文件路径“{written}”"
            fix = "请把文件本身放进归档文件夹，并把文件路径写成相对于该文件夹的路径（如 2025/文件名.pdf）。"
        else:
            what = f"（档号 {link.row.text('档号')}）的文件“{shown}”"
            fix = "请把文件本身（而不是链接）放进归档文件夹。"
        yield make(
            "file.outside-root",
            f"{at_row(ctx, i)}{what}{link.note or '超出了归档文件夹'}。docgen 只检查"
            f"归档文件夹 {archive.display('')} 内的文件：{fix}",
            file=shown,
            value=written or None,
            **ctx.row_where(i, _column(link)),
        )
    for rel in sorted(set(outside) - reported):
        yield make(
            "file.outside-root",
            f"归档文件夹中的“{archive.display(rel)}”是指向归档文件夹之外的链接（快捷方式），"
            "docgen 不会跟随它读取外部文件。请把文件本身复制进归档文件夹，再删除该链接。",
            file=archive.display(rel),
        )


# ---------------------------------------------------------------- unreadable, encrypted, empty


@rule("file.unreadable")
def unreadable(ctx: AuditInput):
    for h in _inspected(ctx):
        if h.found.status == "unreadable":
            yield make(
                "file.unreadable",
                f"{at_row(ctx, h.i)}的文件“{h.shown}”无法正常打开：{h.found.reason}。"
                "请换成能正常打开的文件（重新扫描或导出）；如只是扩展名写错，请改为正确的扩展名。",
                value=h.found.detected,
                **h.where,
            )
    archive = ctx.archive
    for rel, why in archive.problems if archive is not None else []:
        if rel:  # the archive folder itself missing is told through file.missing
            yield make(
                "file.unreadable",
                f"归档文件夹中的“{archive.display(rel)}”{why}。",
                file=archive.display(rel),
            )


@rule("file.encrypted")
def encrypted(ctx: AuditInput):
    for h in _inspected(ctx):
        if h.found.status == "encrypted":
            yield make(
                "file.encrypted",
                f"{at_row(ctx, h.i)}的文件“{h.shown}”设有密码（{h.found.reason}），"
                "检查人员无法打开。请去除密码后重新归档。",
                **h.where,
            )


@rule("file.empty")
def empty(ctx: AuditInput):
    for h in _inspected(ctx):
        if h.found.status == "empty":
            yield make(
                "file.empty",
                f"{at_row(ctx, h.i)}的文件“{h.shown}”是空的（{h.found.reason}）。"
                "请换成内容完整的电子文件。",
                **h.where,
            )


# ---------------------------------------------------------------- file.page-mismatch


@rule("file.page-mismatch")
def page_mismatch(ctx: AuditInput):
    for h in _inspected(ctx):
        pages = h.found.pages
        if h.found.detected != "pdf" or h.found.status != "ok" or pages is None:
            continue
        expected = parse_page_count(h.link.row.cells.get("页数"))
        if expected is None:
            continue
        if pages != expected:
            yield make(
                "file.page-mismatch",
                f"{at_row(ctx, h.i)}登记的页数为 {expected}，但 PDF 文件“{h.shown}”"
                f"实际有 {pages} 页。请核对：改正页数，或补齐/替换扫描件。",
                value=pages,
                expected=expected,
                **{**h.where, "column": "页数"},
            )


# ---------------------------------------------------------------- file.duplicate-content


@rule("file.duplicate-content")
def duplicate_content(ctx: AuditInput):
    first: dict[str, _Hit] = {}  # sha256 -> where it was first seen
    for h in _inspected(ctx):
        sha = h.found.sha256
        if sha is None or sha == EMPTY_SHA:
            continue  # empty files are reported as file.empty, not as copies of each other
        if sha not in first:
            first[sha] = h
            continue
        e = first[sha]
        code, earlier_code = h.link.row.text("档号"), e.link.row.text("档号")
        if code == earlier_code:
            continue  # one 档号 on two rows is ledger.duplicate-archive-code
        here = f"{at_row(ctx, h.i)}（档号 {code or '空'}）"
        there = f"{at_row(ctx, e.i)}（档号 {earlier_code or '空'}）"
        if h.rel == e.rel:
            what = f"{here}与{there}指向同一个文件“{h.shown}”"
        else:
            what = f"{here}的文件“{h.shown}”与{there}的文件“{e.shown}”内容完全相同"
        yield make(
            "file.duplicate-content",
            f"{what}，同一份文件归入了两个档号。请核对是否放错了文件，或删除重复的登记。",
            value=earlier_code or None,
            **h.where,
        )
