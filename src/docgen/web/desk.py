"""The desk's settings for one start (address, token, limits) and the project folders
it may touch: only DIR itself (when it is a project) or DIR's direct sub-folders, each
looked up by name among those that exist, never built from what a request says."""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

MAX_UPLOAD = 200 << 20  # bytes per file, --max-upload in MiB
BAD_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


@dataclass
class Desk:
    root: Path  # the folder given to docgen serve, resolved
    host: str = "127.0.0.1"
    port: int = 0
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    max_upload: int = MAX_UPLOAD

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def address(self) -> str:
        """What docgen serve prints: the address with its per-start token."""
        return f"{self.origin}/?token={self.token}"

    def projects(self) -> dict[str, Path]:
        """Project name → folder: DIR when it holds docgen.yaml, else its sub-folders
        that do (links and hidden folders left out)."""
        if _is_project(self.root):
            return {self.root.name or "项目": self.root}
        found = {}
        try:
            entries = sorted(os.scandir(self.root), key=lambda e: e.name)
        except OSError:
            return {}
        for entry in entries:
            if entry.name.startswith(".") or entry.is_symlink() or not entry.is_dir():
                continue
            path = Path(entry.path)
            if _is_project(path):
                found[entry.name] = path
        return found

    def project(self, name: str) -> Path:
        """The folder of project `name`, or a ProjectMissing the page shows."""
        path = self.projects().get(name)
        if path is None or not inside(path, self.root):
            raise ProjectMissing(f"没有名为“{name}”的项目。请回到首页选择或新建项目。")
        return path

    def new_project_folder(self, name: str) -> Path:
        """Where a project called `name` is created: a new sub-folder of DIR."""
        name = name.strip()
        if _is_project(self.root):
            raise InputError(f"{self.root} 本身就是一个项目，不能在其中再新建项目。")
        if not name or name in (".", "..") or name.startswith(".") or BAD_NAME.search(name):
            raise InputError(
                f'项目名称“{name}”不能用：请用中文、字母或数字，不要含 / \\ : * ? " < > | 等符号，'
                "也不要以 . 开头。"
            )
        if len(name.encode("utf-8")) > 120:
            raise InputError("项目名称太长，请控制在 40 个汉字以内。")
        target = self.root / name
        if os.path.lexists(target):
            raise InputError(f"文件夹 {target} 已存在，请换一个项目名称，或直接打开该项目。")
        return target


class ProjectMissing(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _is_project(path: Path) -> bool:
    config = path / "docgen.yaml"
    return not config.is_symlink() and config.is_file()


def inside(path: Path, root: Path) -> bool:
    """Whether `path` is `root` or below it once resolved, with no link on the way
    from `root` down."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    base = root.resolve()
    if real != base and base not in real.parents:
        return False
    probe = path
    while probe != root and probe != probe.parent:
        if probe.is_symlink():
            return False
        probe = probe.parent
    return True


def contained(base: Path, rel: str) -> Path:
    """`base`/`rel` for a relative path a request names (an output to download):
    refused unless it is a regular file below `base`, reached through no link."""
    parts = [p for p in rel.replace("\\", "/").split("/") if p]
    if not parts or any(p in (".", "..") or p.startswith(".") for p in parts):
        raise ProjectMissing("请求的文件不存在。")
    path = base.joinpath(*parts)
    if not inside(path, base) or not path.is_file():
        raise ProjectMissing("请求的文件不存在。")
    return path
