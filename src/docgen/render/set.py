"""`render --each unit`'s set of documents, written whole: staged in a hidden sibling of
the folder and swapped in (render.staging), so a killed or failed run leaves the
previous set as it was, and the next run sweeps what the killed one left."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError, write_reason
from ..output import write_bytes
from .staging import recover, staged_folder


def recover_set(folder: Path) -> None:
    note = recover(_real(folder))
    if note:
        click.echo(f"注意：{note}", err=True)


def write_set(
    folder: Path, names: list[str], documents: list[bytes], pdf: bool, root: Path, source
) -> list[Path]:
    """The documents (and with `pdf` their PDFs) into `folder` as one swap; the files
    of the folder that are not part of the set stay. Returns the paths written."""
    project = source.input.project
    pdfs: list[Path] = []
    stage = None
    try:
        with staged_folder(_real(folder), keep_others=True) as stage:
            staged = [stage / name for name in names]
            for path, data in zip(staged, documents, strict=True):
                write_bytes(path, data, out_root=root)
            if pdf:
                from .pdf import to_pdf

                pdfs = [folder / p.name for p in to_pdf(staged, True, root, project)]
    except InputError as exc:  # say where the file was to go, not the hidden staging folder
        said = exc.message.replace(str(stage), str(folder)) if stage else exc.message
        raise InputError(f"{said}（{folder} 中原有的文件未受影响。）") from None
    except OSError as exc:
        raise InputError(
            f"无法写出文件夹 {folder}（{write_reason(exc)}）。原有的文件未受影响。"
            "请检查磁盘空间和写入权限，或用 -o 指定其他位置。"
        ) from None
    return [folder / name for name in names] + pdfs


def _real(folder: Path) -> Path:
    """The folder a link names (the link stays a link; its folder is swapped)."""
    try:
        return folder.resolve() if folder.is_symlink() else folder
    except (OSError, RuntimeError):
        return folder
