"""Multi-file outputs written whole (the dossier, `render --each`).

A folder is made in a hidden sibling (staged), then swapped in — in one step on Linux
(renameat2 RENAME_EXCHANGE), elsewhere the old folder renamed aside, the new one renamed
in — and the old one removed: the target path holds the old or the new folder, never
a part of either. A run killed on the way leaves hidden siblings named with its pid; the
next run into the same folder puts a set-aside copy back when the target is missing and
sweeps the rest. LibreOffice's work folders go under out/.tmp (not the system TMPDIR)
and are swept the same way."""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..output import input_folders, stale_entries, umask

_RANDOM = r"[a-z0-9_]{8}"  # what tempfile.mkdtemp puts after the prefix
# a folder whose writer's pid is alive is still being written, unless this old (the pid
# may have been reused): copying a video or a LibreOffice run takes minutes, not hours
LIVE_AGE = 3600


def _stage_prefix(folder: Path) -> str:
    return f".{folder.name}.{os.getpid()}."


def _aside_prefix(folder: Path) -> str:
    return f".{folder.name}.old.{os.getpid()}."


@contextmanager
def staged_folder(folder: Path, keep_others: bool = False) -> Iterator[Path]:
    """Yield an empty hidden sibling of `folder` to write into; when the block ends
    without an error, swap it in for `folder` (with `keep_others`, what the old folder
    holds that the new one does not is kept: hard links, or copies). On an error the
    sibling is removed and `folder` is as it was."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=_stage_prefix(folder), dir=folder.parent))
    try:
        staging.chmod(_mode_of(folder))  # mkdtemp makes it private; an output is to be shared
        yield staging
        if keep_others and folder.is_dir():
            _link_others(folder, staging)
        _swap(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _mode_of(folder: Path) -> int:
    try:
        return folder.stat().st_mode & 0o7777
    except OSError:
        return 0o777 & ~umask()


def _swap(staging: Path, folder: Path) -> None:
    if os.path.isdir(folder) and not os.path.islink(folder) and _exchange(staging, folder):
        shutil.rmtree(staging, ignore_errors=True)  # now the replaced folder
        return
    aside = None
    if os.path.lexists(folder):
        aside = Path(tempfile.mkdtemp(prefix=_aside_prefix(folder), dir=folder.parent))
        folder.rename(aside / folder.name)
    try:
        staging.rename(folder)
    except OSError:
        if aside is not None:
            (aside / folder.name).rename(folder)
            aside.rmdir()
        raise
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)  # the replaced folder (--force asked for it)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE), so that `b`
    never goes missing; False where the system or the file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        call = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_cwd, exchange = -100, 2
    if call(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EPERM):
        return False  # not supported here: rename aside, then in
    raise OSError(code, os.strerror(code), str(b))


def _link_others(old: Path, new: Path) -> None:
    """What `old` holds and `new` does not, into `new`: hard links to the same files
    (so nothing of the user's is copied or lost), copies where links cannot be made."""
    for entry in os.scandir(old):
        target = new / entry.name
        if os.path.lexists(target):
            continue  # replaced by the new set
        if entry.is_symlink():
            os.symlink(os.readlink(entry.path), target)
        elif entry.is_dir():
            shutil.copytree(entry.path, target, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry.path, target)


def _link_or_copy(src: str, dst: str | Path) -> None:
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


# ---------------------------------------------------------------- leftovers of a killed run


def leftovers(folder: Path) -> list[tuple[Path, bool]]:
    """The hidden siblings of `folder` a killed run left: (path, set aside?) — staged
    (.NAME.PID.xxxxxxxx) or set-aside (.NAME.old.PID.xxxxxxxx) folders whose writer is
    gone, or of an older docgen (no pid) and over a minute old. A running docgen's
    siblings are its own and are left alone."""
    folder = Path(folder)
    pattern = re.compile(rf"\.{re.escape(folder.name)}\.(old\.)?(?:(\d+)\.)?{_RANDOM}")
    found = stale_entries(folder.parent, pattern, pid_group=2, dirs=True, live_age=LIVE_AGE)
    out = [(Path(entry.path), match.group(1) is not None) for entry, match in found]
    return sorted(out, key=lambda item: _mtime(item[0]), reverse=True)  # newest first


def recover(folder: Path, complete: Callable[[Path], bool] | None = None) -> str | None:
    """Clean up after a killed run into `folder`: when `folder` is missing, put back the
    newest set-aside copy (else a staged one `complete` accepts); remove the rest.
    Returns a one-line note for the user, or None when nothing was left."""
    folder = Path(folder)
    found = leftovers(folder)
    if not found:
        return None
    restored = _restore(folder, found, complete) if not os.path.lexists(folder) else None
    for path, _ in found:
        if path != restored:
            shutil.rmtree(path, ignore_errors=True)  # docgen's own half-made or replaced copy
    swept = len(found) - (restored is not None)
    if restored is not None:
        tail = f"，并清理了其余 {swept} 个临时文件夹" if swept else ""
        return (
            f"上次生成在换入新文件夹时被中断：已把留下的完整副本 {restored.name} "
            f"恢复为 {folder}{tail}。"
        )
    names = "、".join(p.name for p, _ in found[:3]) + ("等" if len(found) > 3 else "")
    return (
        f"已清理上次被中断的生成留下的 {len(found)} 个临时文件夹"
        f"（{names}，在 {folder.parent} 中），{folder} 未受影响。"
    )


def _restore(folder: Path, found: list[tuple[Path, bool]], complete) -> Path | None:
    for path, aside in found:
        inner = path / folder.name
        if aside and inner.is_dir() and not inner.is_symlink():
            inner.rename(folder)
            shutil.rmtree(path, ignore_errors=True)  # the empty holder
            return path
    for path, aside in found:
        if not aside and complete is not None and complete(path):
            path.rename(folder)
            return path
    return None


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


# ---------------------------------------------------------------- LibreOffice's work folders


@contextmanager
def scratch(root: Path | None, prefix: str) -> Iterator[Path]:
    """A work folder under the project's out/.tmp (the system TMPDIR when out/ cannot
    take it), named with the pid; stale ones of a killed run are swept first."""
    base = _scratch_base(root)
    _sweep_scratch(Path(base or tempfile.gettempdir()), prefix)
    with tempfile.TemporaryDirectory(prefix=f"{prefix}{os.getpid()}-", dir=base) as tmp:
        yield Path(tmp).absolute()  # LibreOffice runs with the folder as its cwd


SCRATCH_PREFIXES = ("docgen-dossier-", "docgen-pdf-")


def sweep_scratch(root: Path) -> None:
    """At the start of a build or render: the work folders a killed run left under the
    project's out/.tmp, whether or not this run calls LibreOffice."""
    base = _scratch_base(root, make=False)
    if base is not None and base.is_dir():
        for prefix in SCRATCH_PREFIXES:
            _sweep_scratch(base, prefix)


def _scratch_base(root: Path | None, make: bool = True) -> Path | None:
    """out/.tmp, or None when out/ or out/.tmp is a link, not a folder, cannot be made,
    or lies inside an input folder."""
    if root is None:
        return None
    out = Path(root) / "out"
    base = out / ".tmp"
    try:
        for p in (out, base):
            if p.is_symlink() or (p.exists() and not p.is_dir()):
                return None
        real = out.resolve()
        for folder in input_folders(Path(root)):
            folder = folder.resolve()
            if real == folder or folder in real.parents:
                return None
        if make:
            base.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return base


def _sweep_scratch(base: Path, prefix: str) -> None:
    pattern = re.compile(rf"{re.escape(prefix)}(\d+)-{_RANDOM}")
    for entry, _ in stale_entries(base, pattern, pid_group=1, dirs=True, live_age=LIVE_AGE):
        shutil.rmtree(entry.path, ignore_errors=True)
