"""Lay documents out with LibreOffice, all in one run, through the `--pdf` runner
(docgen.render.pdf: a private profile, a time limit, tied to docgen's life). Each file
is laid out as it is, from a copy in a temporary folder: the input is never touched,
and nothing of it is changed (unlike `--pdf`, which converts a copy without the grid)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError
from ..render import pdf as lo
from ..render.staging import scratch
from .page import Layout, LayoutUnread
from .pdf import read_pdf

NO_SOFFICE = "本机没有安装 LibreOffice，无法排版"
NO_PDF = "LibreOffice 没有排出这个文件（可能已损坏或受密码保护）"


def available() -> str | None:
    """None when LibreOffice and a Chinese font can lay documents out, else why not
    (Chinese, with how to install them)."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        return f"{NO_SOFFICE}。{lo.INSTALL}"
    try:
        lo.find_soffice()
    except InputError:
        return f"本机没有中文字体，LibreOffice 排出的汉字会是方框。{lo.INSTALL}"
    return None


@contextmanager
def converted(paths: list[Path]) -> Iterator[dict[Path, Path | LayoutUnread]]:
    """Each path → the PDF LibreOffice made of it (valid inside the `with`), or why
    there is none. One LibreOffice run for all; a run that fails or runs out of time
    leaves every file a LayoutUnread."""
    why = available()
    if why is not None:
        yield {p: LayoutUnread(why) for p in paths}
        return
    with scratch(None, "docgen-layout-") as work:  # a killed run's folder is swept next time
        yield _convert(paths, work)


def _convert(paths: list[Path], work: Path) -> dict[Path, Path | LayoutUnread]:
    (work / "in").mkdir()
    copies: dict[Path, Path] = {}
    out: dict[Path, Path | LayoutUnread] = {}
    for i, p in enumerate(paths):
        copy = work / "in" / f"f{i:05d}.docx"  # unique names: one output folder for all
        try:
            shutil.copyfile(p, copy)
        except OSError as exc:
            out[p] = LayoutUnread(f"无法复制文件用于排版（{exc.strerror or exc}）")
            continue
        copies[p] = copy
    if copies:
        try:
            lo._convert(lo.find_soffice(), list(copies.values()), work)
        except InputError as exc:
            return out | {p: LayoutUnread(str(exc)) for p in copies}
    for p, copy in copies.items():
        made = work / "out" / f"{copy.stem}.pdf"
        out[p] = made if made.is_file() else LayoutUnread(NO_PDF)
    return out


def read_or_unread(pdf: Path | LayoutUnread) -> Layout | LayoutUnread:
    """A converted file read back; a PDF that cannot be read is a LayoutUnread."""
    if isinstance(pdf, LayoutUnread):
        return pdf
    try:
        return read_pdf(pdf)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 -- any damage in LibreOffice's PDF: one reason
        return LayoutUnread(f"读取排版结果失败（{type(exc).__name__}）")


def lay_out(paths: list[Path]) -> dict[Path, Layout | LayoutUnread]:
    """Every .docx laid out by LibreOffice in one run and read back, by path."""
    with converted(list(paths)) as pdfs:
        return {p: read_or_unread(pdf) for p, pdf in pdfs.items()}
