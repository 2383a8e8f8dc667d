"""Files the project supplies in dossier/: checked by their bytes (in the inspection
workers, with their time and memory limits) before anything is bound."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..inspect import inspect_files
from ..model import FileEntry, Inspection

KINDS = {".docx": "docx", ".pdf": "pdf"}


def inspect_supplied(files: list[Path], root: Path) -> dict[Path, Inspection]:
    """Each file's inspection; an InputError for one that cannot be bound."""
    entries = []
    for path in files:
        st = path.stat()
        entries.append(
            FileEntry(rel=str(path), path=path, size=st.st_size, mtime_ns=st.st_mtime_ns)
        )
    found = inspect_files(entries)
    out = {}
    for e in entries:
        inspection = found[e.rel]
        _require_usable(e.path, inspection, root)
        out[e.path] = inspection
    return out


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _require_usable(path: Path, inspection: Inspection, root: Path) -> None:
    shown = _shown(path, root)
    want = KINDS.get(path.suffix.lower())
    if inspection.status == "empty":
        raise InputError(
            f"申报材料文件 {shown} 是空文件（0 字节）。请放入完整的文件，"
            "或把它移出 dossier/ 文件夹。"
        )
    if want is None:
        return  # a video or picture: copied into the dossier as it is, not bound
    if inspection.status != "ok":
        raise InputError(
            f"申报材料文件 {shown} 无法使用：{inspection.reason or inspection.status}。"
            f"请换一份能正常打开、未加密的 {want.upper()} 文件后重新生成。"
        )
    if inspection.detected != want:
        raise InputError(
            f"申报材料文件 {shown} 的扩展名是 {path.suffix}，但内容是 {inspection.detected} 格式。"
            f"请用 Word/WPS 另存为真正的 {want.upper()} 文件后重新生成。"
        )
