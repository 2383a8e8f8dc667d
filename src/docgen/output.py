"""Writing outputs: atomically, never over an existing file without --force, never
into the project's input folders."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, write_reason

if TYPE_CHECKING:
    from .model import Project

INPUT_FOLDERS = ("ledger", "archive", "data")
# write_bytes' temporary files: .NAME.docgen-PID-xxxxxxxx.tmp beside the target
_TMP = re.compile(r"\..+\.docgen-(\d+)-[a-z0-9_]{8}\.tmp")
TMP_AGE = 60  # seconds: a temporary file this old is a leftover even if its pid is alive


def check_target(
    path: Path,
    force: bool,
    project_root: Path | None = None,
    input_paths: list[Path] | None = None,
    out_root: Path | None = None,
    project: Project | None = None,
) -> None:
    """Refuse (InputError) an output over an existing file without `force`, onto a
    folder, a pipe or a device, inside the project's input: ledger/, archive/, data/
    and whatever the loaded `project`'s paths name instead — or into the project's
    out/ when out/ is a link leading out of the project (`project_root` or `out_root`
    given)."""
    path = Path(path)
    try:
        exists, is_dir = path.exists(), path.is_dir()
        special = exists and not is_dir and not stat.S_ISREG(path.stat().st_mode)
    except OSError as exc:  # a name too long for the file system
        raise InputError(
            f"输出路径 {path} 无法使用（{write_reason(exc)}）。请用 -o 指定一个较短的文件名。"
        ) from None
    if exists and is_dir:
        raise InputError(f"输出路径 {path} 是一个文件夹。请用 -o 指定一个文件名。")
    if special:
        raise InputError(
            f"输出路径 {path} 不是普通文件（是管道或设备文件），docgen 不会写入它。"
            "请用 -o 指定其他文件名。"
        )
    if exists and not force:
        raise InputError(
            f"输出文件 {path} 已存在，docgen 不会覆盖它。"
            "如需覆盖，请加上 --force；或用 -o 指定其他文件名。"
        )
    guarded = list(input_paths or [])
    if project_root is not None:
        guarded += input_folders(Path(project_root), project)
    check_place(path, guarded, out_root if out_root is not None else project_root)


def check_place(path: Path, guarded: list[Path], out_root: Path | None = None) -> None:
    """Refuse (InputError) a file or folder `path` inside one of `guarded` (the input),
    or under `out_root`/out when out/ is a link leading out of that project."""
    path = Path(path)
    try:
        target = path.resolve()
    except (OSError, RuntimeError) as exc:
        raise InputError(
            f"输出路径 {path} 无法使用"
            f"（{write_reason(exc) if isinstance(exc, OSError) else '链接循环'}）。"
            "请用 -o 指定其他位置。"
        ) from None
    for folder in guarded:
        try:
            folder = folder.resolve()
        except (OSError, RuntimeError):
            continue
        if target == folder or folder in target.parents:
            raise InputError(
                f"输出路径 {path} 位于输入文件夹 {folder} 内。"
                "docgen 从不改动输入资料，请把输出写到 out/ 或其他位置。"
            )
    if out_root is not None:
        _refuse_linked_out(path, Path(out_root))


def _refuse_linked_out(path: Path, root: Path) -> None:
    """out/ (or a folder under it on the way to `path`) that is a link leading out of
    the project: a planted link must not make docgen write elsewhere."""
    out = (root / "out").absolute()
    try:
        rel = path.absolute().relative_to(out)
    except ValueError:
        return  # not under out/: -o named it
    try:
        real_root = root.resolve()
        for step in [out, *(out.joinpath(*rel.parts[:i]) for i in range(1, len(rel.parts)))]:
            if step.is_symlink() and not step.resolve().is_relative_to(real_root):
                raise InputError(
                    f"{step} 是指向项目文件夹以外的链接，docgen 不会通过它写出文件。"
                    "请删除这个链接，或用 -o 把输出写到别处。"
                )
    except (OSError, RuntimeError):
        return


def input_folders(root: Path, project: Project | None = None) -> list[Path]:
    """What docgen reads in the project at `root` and never writes into: ledger/,
    archive/, data/, and the files and folders the loaded `project`'s paths (from
    docgen.yaml) name. Without a project (docgen.yaml could not be loaded: the
    command stops with its own message anyway), the three folders only."""
    out = [root / f for f in INPUT_FOLDERS]
    if project is None:
        return out
    out.append(project.path("archive"))
    for key in ("dossier", "indicator_catalogue", "prerequisites"):
        if key in project.paths:
            out.append(project.path(key))
    for key in ("ledger", "indicators", "units", "problems"):
        path = project.path(key)
        out.append(path)
        if path.parent != project.root:
            out.append(path.parent)
    return out


def cache_folder(root: Path, project: Project | None = None) -> Path | None:
    """out/.cache under the project, or None (run without caches) when out or out/.cache
    is a link or not a folder, or it lies inside an input folder: a cache must never be
    written into the input, nor anywhere a link in the project points to."""
    out = Path(root) / "out"
    cache = out / ".cache"
    try:
        for p in (out, cache):
            if p.is_symlink() or (p.exists() and not p.is_dir()):
                return None
        real = cache.resolve()
        for folder in input_folders(Path(root), project):
            folder = folder.resolve()
            if real == folder or folder in real.parents:
                return None
    except OSError:
        return None
    return cache


def write_bytes(path: Path, data: bytes, force: bool = False, **guard) -> None:
    """Write via a temporary file in the same folder, then rename."""
    path = Path(path)
    check_target(path, force, **guard)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        sweep_tmp(path.parent)
        prefix = f".{path.name}.docgen-{os.getpid()}-"
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~umask())  # mkstemp makes 0600; a report is an ordinary file
        os.replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        raise InputError(
            f"无法写出 {path}（{write_reason(exc)}）。"
            "请检查它所在的文件夹是否存在且是文件夹（如 out 不能是一个文件）、"
            "是否有写入权限、磁盘是否已满；或用 -o 指定其他位置。"
        ) from None
    except BaseException:
        _remove(tmp)
        raise


def sweep_tmp(folder: Path) -> None:
    """Remove the temporary files a killed write left in `folder`: those of
    write_bytes' naming whose writer is gone or that are over a minute old."""
    for entry, _ in stale_entries(folder, _TMP, pid_group=1):
        _remove(entry.path)


def stale_entries(
    folder: Path,
    pattern: re.Pattern,
    *,
    pid_group: int,
    dirs: bool = False,
    live_age: float = TMP_AGE,
) -> list[tuple[os.DirEntry, re.Match]]:
    """The entries of `folder` named by `pattern` (files, or folders with `dirs`, never
    links) that a run no longer alive left (is_stale on the pid in `pid_group`)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    out = []
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        kind_ok = (
            entry.is_dir(follow_symlinks=False) if dirs else entry.is_file(follow_symlinks=False)
        )
        if found and kind_ok and is_stale(entry, found.group(pid_group), live_age):
            out.append((entry, found))
    return out


def is_stale(entry: os.DirEntry, pid: str | None, live_age: float = TMP_AGE) -> bool:
    """A leftover named with its writer's `pid`: the writer is gone, or it is older than
    `live_age` (the pid may be another process's by now); without a pid (an older
    docgen's), older than a minute."""
    try:
        age = time.time() - entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return False
    if pid is None:
        return age > TMP_AGE
    return age > live_age or not pid_alive(int(pid))


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":
        return True  # os.kill would end it there: go by age alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def _remove(tmp: str | None) -> None:
    if tmp is not None:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def write_text(path: Path, text: str, force: bool = False, **guard) -> None:
    write_bytes(path, text.encode("utf-8"), force=force, **guard)


def umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def keep_previous(path: Path, content: bytes) -> Path | None:
    """An existing report at `path` with other content is moved to
    previous/NAME.<its time>.EXT beside it (never deleted); the new path, or None."""
    try:
        if not path.is_file() or path.is_symlink() or path.read_bytes() == content:
            return None
        stamp = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%dT%H-%M-%S")
        folder = path.parent / "previous"
        folder.mkdir(exist_ok=True)
        target = folder / f"{path.stem}.{stamp}{path.suffix}"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{path.stem}.{stamp}-{n}{path.suffix}"
        os.replace(path, target)
    except OSError as exc:
        raise InputError(
            f"无法把已有的 {path} 改名保留（{write_reason(exc)}），没有写出新报告。"
            "请检查文件夹是否可以写入，或用 -o 指定其他位置。"
        ) from None
    return target
