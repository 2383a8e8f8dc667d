"""Writing outputs: atomically, never over an existing file without --force, never
into the project's input folders."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import InputError

INPUT_FOLDERS = ("ledger", "archive", "data")


def check_target(path: Path, force: bool, project_root: Path | None = None,
                 input_paths: list[Path] | None = None) -> None:
    path = Path(path)
    if path.exists() and path.is_dir():
        raise InputError(f"输出路径 {path} 是一个文件夹。请用 -o 指定一个文件名。")
    if path.exists() and not force:
        raise InputError(f"输出文件 {path} 已存在，docgen 不会覆盖它。如需覆盖，请加上 --force；或用 -o 指定其他文件名。")
    guarded = list(input_paths or [])
    if project_root is not None:
        guarded += [Path(project_root) / f for f in INPUT_FOLDERS]
    target = path.resolve()
    for folder in guarded:
        try:
            folder = folder.resolve()
        except OSError:
            continue
        if target == folder or folder in target.parents:
            raise InputError(
                f"输出路径 {path} 位于输入文件夹 {folder} 内。docgen 从不改动输入资料，请把输出写到 out/ 或其他位置。"
            )


def write_bytes(path: Path, data: bytes, force: bool = False, **guard) -> None:
    """Write via a temporary file in the same folder, then rename."""
    path = Path(path)
    check_target(path, force, **guard)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_text(path: Path, text: str, force: bool = False, **guard) -> None:
    write_bytes(path, text.encode("utf-8"), force=force, **guard)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
