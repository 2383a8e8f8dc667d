"""What the dossier will hold: each material of the guide's list, generated from a
template or supplied as a file in the project's dossier/ folder, or still pending.

Loading only: nothing here renders or judges. The dossier/ folder is input, like
ledger/ and archive/: docgen reads it and never writes into it.

    dossier/data.yaml      shared fields (date, issuer, recipient, org_code, …) and,
                           under each material id, that material's own fields
    dossier/推荐报告.pdf    a supplied file: its name (without a leading 06- and the
                           extension) starts with the material's id, title or a name
                           in the guide's `match`
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Material, Project
from ..render.each import file_stem
from ..view.context import read_data

DATA_NAME = "data.yaml"
BINDABLE = (".docx", ".pdf")
_NUMBERED = re.compile(r"^\d{1,3}\s*[-_.、．]\s*")


@dataclass
class Planned:
    """One material as it will appear in the dossier.

    `status`: "generate" (from `material.template`), "supplied" (files given),
    "pending" (supplied by someone else, not given yet) or "absent" (optional, not
    given)."""

    number: int
    material: Material
    status: str
    files: list[Path] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def prefix(self) -> str:
        return f"{self.number:02d}"

    @property
    def stem(self) -> str:
        return f"{self.prefix}-{file_stem(self.material.title)}"


def dossier_folder(project: Project) -> Path:
    return project.root / project.paths.get("dossier", "dossier")


def plan(project: Project, materials: tuple[Material, ...]) -> list[Planned]:
    folder = dossier_folder(project)
    files = supplied_files(folder)
    data = _data(folder, {m.id for m in materials})
    out = []
    for n, m in enumerate(materials, start=1):
        mine = [f for f in files if _matches(f, m)]
        if mine:
            status = "supplied"
        elif m.template is not None:
            status = "generate"
        else:
            status = "absent" if m.optional else "pending"
        out.append(Planned(n, m, status, mine, data.get(m.id, {})))
    _refuse_shared_files(out)
    return out


def shared_data(project: Project, materials: tuple[Material, ...]) -> dict[str, Any]:
    """dossier/data.yaml without the per-material sections."""
    folder = dossier_folder(project)
    data = _read(folder)
    ids = {m.id for m in materials}
    return {k: v for k, v in data.items() if k not in ids}


def _read(folder: Path) -> dict[str, Any]:
    path = folder / DATA_NAME
    if path.is_symlink() or not path.is_file():
        return {}
    return read_data(path)


def _data(folder: Path, ids: set[str]) -> dict[str, dict[str, Any]]:
    data = _read(folder)
    out = {}
    for mid in ids:
        value = data.get(mid)
        if value is None:
            continue
        if not isinstance(value, dict):
            raise InputError(
                f"{folder / DATA_NAME} 中 {mid} 的值应为“字段: 值”的映射（该材料自己的字段，"
                "如 intro、plans），"
                f"实际是{'列表' if isinstance(value, list) else '单个值'}。请改正后重试。"
            )
        out[mid] = value
    return out


def supplied_files(folder: Path) -> list[Path]:
    """Regular files directly in dossier/ (links and folders are not followed)."""
    try:
        if folder.is_symlink() or not folder.is_dir():
            return []
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise InputError(
            f"无法读取申报材料文件夹 {folder}（{exc.strerror or exc}）。请检查访问权限。"
        ) from None
    return [
        p
        for p in entries
        if p.name != DATA_NAME
        and not p.name.startswith((".", "~$"))
        and not p.is_symlink()
        and p.is_file()
    ]


def skipped_links(project: Project) -> list[Path]:
    """Links in dossier/: never followed (they may point anywhere), said so."""
    folder = dossier_folder(project)
    try:
        if folder.is_symlink() or not folder.is_dir():
            return [folder] if folder.is_symlink() else []
        return sorted((p for p in folder.iterdir() if p.is_symlink()), key=lambda p: p.name)
    except OSError:
        return []


def _base(name: str) -> str:
    return _NUMBERED.sub("", name).strip()


def own_name(path: Path) -> str:
    """A supplied file's name without its extension and leading number (06-)."""
    return _base(path.stem) or path.stem


def _matches(path: Path, m: Material) -> bool:
    stem = _base(path.stem)
    names = (m.id, m.title, *m.match)
    return any(stem == n or stem.startswith(n) for n in names if n)


def _refuse_shared_files(planned: list[Planned]) -> None:
    owner: dict[Path, Planned] = {}
    for p in planned:
        for f in p.files:
            if f in owner:
                raise InputError(
                    f"申报材料文件 {f} 的文件名同时符合“{owner[f].material.title}”"
                    f"和“{p.material.title}”两项材料，"
                    "docgen 无法判断它属于哪一项。请把文件改名为其中一项材料的名称，例如 "
                    f"{p.material.title}{f.suffix}。"
                )
            owner[f] = p
