"""Writing the dossier folder whole: into a hidden sibling first, then swapped into
place, so a reader never sees half a dossier, a failed or killed build leaves the old
one, and the next build puts back or sweeps what a killed one left."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..errors import InputError, access_fix, read_reason, shown_path, write_reason
from ..render.staging import recover, staged_folder
from . import bag

Payload = dict[str, "bytes | Path"]  # file name in the dossier → content, or a file to copy


def check_folder_target(folder: Path, force: bool, root: Path, inputs: list[Path]) -> None:
    """Refuse a folder that holds files (without --force), that is a file, or that
    lies in — or contains — the project's input or the project itself."""
    folder = Path(folder)
    try:
        exists, is_dir, is_link = folder.exists(), folder.is_dir(), folder.is_symlink()
    except OSError as exc:
        raise InputError(
            f"输出文件夹 {shown_path(folder)} 无法使用（{read_reason(exc)}）。"
            f"{access_fix(exc)}，或用 -o 指定其他文件夹。"
        ) from None
    if is_link:
        raise InputError(
            f"输出文件夹 {folder} 是一个符号链接，docgen 不会写入链接指向的位置。"
            "请用 -o 指定一个普通文件夹。"
        )
    if exists and not is_dir:
        raise InputError(
            f"输出路径 {folder} 是一个文件，不是文件夹。请用 -o 指定一个文件夹，例如 out/申报材料。"
        )
    target = folder.resolve()
    project = Path(root).resolve()
    if target == project or target in project.parents:
        raise InputError(
            f"输出文件夹 {folder} 是项目文件夹本身或它的上级，生成时会替换整个项目。"
            "请改用 out/申报材料 这样的子文件夹。"
        )
    for path in inputs:
        try:
            real = path.resolve()
        except OSError:
            continue
        if target == real or real in target.parents or target in real.parents:
            raise InputError(
                f"输出文件夹 {folder} 与输入资料 {path} 重叠。docgen 从不改动输入资料，"
                "请把申报材料写到 out/ 下的文件夹。"
            )
    if exists and any(folder.iterdir()):
        if not (
            folder / "bagit.txt"
        ).is_file():  # --force replaces a dossier, never any other folder
            raise InputError(
                f"输出文件夹 {folder} 已有文件，"
                "但不是 docgen 生成的申报材料文件夹（没有 bagit.txt），"
                "docgen 不会删除或覆盖其中的文件（加 --force 也不会）。"
                "请用 -o 指定一个新的或空的文件夹。"
            )
        if not force:
            raise InputError(
                f"输出文件夹 {folder} 已有申报材料，docgen 不会覆盖。如需重新生成，请加上 --force；"
                "或用 -o 指定其他文件夹。"
            )


def write_folder(folder: Path, payload: Payload) -> None:
    """The dossier staged in a hidden sibling, then swapped in whole (render.staging)."""
    folder = Path(folder)
    try:
        with staged_folder(folder) as staging:
            for name, content in sorted(payload.items()):
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)  # 线上评估/…
                if isinstance(content, Path):
                    shutil.copyfile(content, target)
                else:
                    target.write_bytes(content)
    except OSError as exc:
        blocker = _blocking_file(folder)
        named = f"：{shown_path(blocker)} 是文件" if blocker is not None else ""
        raise InputError(
            f"无法写出申报材料文件夹 {shown_path(folder)}（{write_reason(exc)}{named}）。"
            f"原有的申报材料（如有）未受影响。{access_fix(exc)}，然后重新运行。"
        ) from None


def _blocking_file(folder: Path) -> Path | None:
    """The nearest part of `folder`'s path that exists but is not a folder."""
    for part in (folder, *folder.parents):
        if os.path.lexists(part):
            return None if part.is_dir() else part
    return None


def recover_folder(folder: Path) -> str | None:
    """After a killed build: the dossier put back when it is missing (the set-aside
    copy, or a staged one whose manifest verifies), the leftovers swept."""
    return recover(folder, complete=_verifies)


def _verifies(folder: Path) -> bool:
    try:
        return not bag.verify(folder)
    except (InputError, OSError):
        return False
