"""Files the clerk uploads: checked, held aside, and written into the project's inputs
only when the clerk confirms — never over a file without keeping it: the one replaced
moves to .previous/ in the project, as name.YYYYMMDD-HHMMSS.ext.

A file is judged by its bytes (inspect/sniff.py) as well as its name, a zip by its
members (zipcheck.py); names are the last part only, without control characters."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from ..errors import InputError
from ..inspect.formats import DTD, cfb_kind, xml_with_dtd, zip_kind
from ..inspect.sniff import HEAD_SIZE, NAMES, mismatch, sniff
from .zipcheck import checked_members, extract

SLOTS = {
    "ledger": "归档文件目录（目录工作簿）",
    "indicators": "指标数据表",
    "units": "成员单位表",
    "problems": "问题清单",
    "archive": "归档文件（单个文件或 ZIP 压缩包）",
    "dossier": "申报材料文件夹 dossier/（data.yaml、推荐报告等）",
    "config": "项目设置 docgen.yaml",
}
TEXT_LIMIT = 1 << 20  # a settings file is a few KiB
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
BAD_CHARS = re.compile(r"[\x00-\x1f\x7f<>:\"|?*]")
PREVIOUS = ".previous"
CHUNK = 1 << 20


@dataclass
class Item:
    rel: str  # where it goes, relative to the project folder
    staged: Path
    size: int
    replaces: bool
    note: str = ""  # what the audit will say of it (a wrong extension)


@dataclass
class Pending:
    id: str
    project: str
    slot: str
    name: str  # the uploaded file's name
    items: list[Item] = field(default_factory=list)

    @property
    def replacing(self) -> list[Item]:
        return [i for i in self.items if i.replaces]


class Uploads:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.base = Path(tempfile.mkdtemp(prefix="docgen-desk-"))
        self.pending: dict[str, Pending] = {}

    def receive(
        self, project: str, root: Path, slot: str, sub: str, name: str, stream: BinaryIO
    ) -> Pending:
        """Check an uploaded file and hold it for confirmation; InputError says why not."""
        if slot not in SLOTS:
            raise InputError("请选择上传的是哪一类文件（目录、数据表或归档文件）。")
        name = clean_name(name)
        pending = Pending(uuid.uuid4().hex, project, slot, name)
        folder = self.base / pending.id
        folder.mkdir()
        try:
            staged = self._store(stream, folder / "upload" / name, name)
            pending.items = _items(root, slot, sub, name, staged, folder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        self.pending[pending.id] = pending
        return pending

    def _store(self, stream: BinaryIO, target: Path, name: str) -> Path:
        target.parent.mkdir(parents=True)
        size = 0
        with open(target, "xb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > self.limit:
                    raise InputError(
                        f"{name} 超过 {self.limit >> 20} MiB，未保存。大的归档文件请分批上传，"
                        "或用 docgen serve --max-upload 调高上限。"
                    )
                out.write(chunk)
        return target

    def receive_sheet(self, name: str, stream: BinaryIO) -> Path:
        """A returned 整改 sheet (read by rectify/, never written into the project):
        checked as an uploaded workbook is and held in its own folder; InputError says
        why not. The caller removes it with cancel(path.parent.parent.name)."""
        name = clean_name(name)
        folder = self.base / uuid.uuid4().hex
        folder.mkdir()
        try:
            staged = self._store(stream, folder / "upload" / name, name)
            check_workbook(name, staged, "交回的整改表")
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return staged

    def take(self, upload_id: str, project: str) -> Pending:
        pending = self.pending.get(upload_id)
        if pending is None or pending.project != project:
            raise InputError("这次上传已处理或已过期，请重新上传。")
        return pending

    def confirm(self, upload_id: str, project: str, root: Path) -> list[str]:
        """Write the held files into the project; the paths written."""
        pending = self.take(upload_id, project)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        for item in pending.items:
            target = safe_target(root, item.rel)
            if os.path.lexists(target):
                keep = previous_path(root, item.rel, stamp)
                keep.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, keep)
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.desk-tmp")
            shutil.copyfile(item.staged, tmp)
            os.replace(tmp, target)
        self.cancel(upload_id)
        return [i.rel for i in pending.items]

    def cancel(self, upload_id: str) -> None:
        self.pending.pop(upload_id, None)
        shutil.rmtree(self.base / upload_id, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)


def clean_name(name: str) -> str:
    """The uploaded file's own name (a browser may send a path), or InputError."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not base or base in (".", "..") or base.startswith(".") or BAD_CHARS.search(base):
        raise InputError(
            f'文件名“{base}”不能用（空、以 . 开头或含控制字符、< > : " | ? * 等），未保存。'
            "请改名后重新上传。"
        )
    if len(base.encode("utf-8")) > 200:
        raise InputError("文件名太长（超过 200 字节），未保存。请改短后重新上传。")
    return base


def clean_sub(sub: str) -> PurePosixPath:
    """The archive sub-folder the clerk typed (e.g. 2026/01), refused if it leaves."""
    parts = [p.strip() for p in (sub or "").replace("\\", "/").split("/") if p.strip()]
    for p in parts:
        if p in (".", "..") or p.startswith(".") or BAD_CHARS.search(p):
            raise InputError(
                f"子文件夹“{sub}”不能用：只写 2026/01 这样的文件夹名，不要用 .. 或符号。"
            )
    return PurePosixPath(*parts) if parts else PurePosixPath()


def _items(root: Path, slot: str, sub: str, name: str, staged: Path, folder: Path) -> list[Item]:
    kind = _kind(staged)
    if kind == "empty":
        raise InputError(f"{name} 是空文件，未保存。")
    if slot == "config":
        _text(name, staged, (".yaml", ".yml"))
        return [_item(root, "docgen.yaml", staged)]
    if slot == "dossier":
        if name.lower().endswith((".yaml", ".yml")):
            _text(name, staged, (".yaml", ".yml"))
            return [_item(root, f"dossier/{name}", staged)]
        return [_item(root, f"dossier/{name}", staged, _filed_note(staged, name))]
    if slot != "archive":
        return [_workbook(root, slot, name, staged)]
    base = PurePosixPath(_paths(root)["archive"]) / clean_sub(sub)
    if name.lower().endswith(".zip") and kind == "zip":
        members = checked_members(staged, name)
        out = folder / "files"
        items = []
        for rel in extract(staged, members, out):
            member = out / rel
            note = _filed_note(member, f"{name} 中的 {rel}")
            items.append(_item(root, (base / rel).as_posix(), member, note))
        if not items:
            raise InputError(f"{name} 中没有文件，未保存。")
        return items
    return [_item(root, (base / name).as_posix(), staged, _filed_note(staged, name))]


def _filed_note(path: Path, shown: str) -> str:
    """A filed document whose bytes are not what its extension says is taken (the audit
    lists it as a problem to fix in the archive) with a note on the confirmation page;
    a hostile zip inside it is refused."""
    try:
        _check_content(path, shown)
    except Mismatch as exc:
        return f"{exc.reason}：可以写入，审核时会列为问题"
    return ""


class Mismatch(InputError):
    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def _workbook(root: Path, slot: str, name: str, staged: Path) -> Item:
    check_workbook(name, staged, SLOTS[slot])
    return _item(root, _paths(root)[slot], staged)


def check_workbook(name: str, staged: Path, what: str) -> None:
    """InputError unless the upload is by its bytes an .xlsx workbook (a hostile zip
    refused by zipcheck.py)."""
    kind = _kind(staged)
    if kind == "empty":
        raise InputError(f"{name} 是空文件，未保存。")
    if name.lower().endswith(WORKBOOK_SUFFIXES) and kind == "zip":
        kind = _check_content(staged, name)
    if kind != "xlsx":
        raise InputError(
            f"{name} 不是 Excel 工作簿（实际是 {NAMES.get(kind, kind)}），未保存。"
            f"{what}请上传 .xlsx 文件（WPS 表格或 Excel 另存为 .xlsx）。"
        )


def _text(name: str, staged: Path, suffixes: tuple[str, ...]) -> None:
    """A settings file: small UTF-8 text (docgen reads it, and says what is wrong in it,
    when it loads the project)."""
    if not name.lower().endswith(suffixes):
        raise InputError(f"{name} 不是 YAML 设置文件（应以 .yaml 结尾），未保存。")
    if staged.stat().st_size > TEXT_LIMIT:
        raise InputError(f"{name} 超过 1 MiB，不像是设置文件，未保存。")
    try:
        staged.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(
            f"{name} 不是 UTF-8 编码的文本，未保存。请用记事本“另存为”UTF-8 后重新上传。"
        ) from None


def _check_content(path: Path, shown: str) -> str:
    """The file's kind by its bytes (a zip by its members, an OLE file by its streams);
    InputError when the zip is hostile or the kind is not what the extension says."""
    ext = path.suffix.lower().lstrip(".")
    kind = _kind(path)
    if kind == "zip":
        kind = zip_kind({n for _, n in checked_members(path, shown)})
        with zipfile.ZipFile(path) as zf:
            part = xml_with_dtd(zf)
        if part is not None:
            raise InputError(f"{shown} 中的 {part} {DTD}，未保存。")
    elif kind == "cfb":
        kind = cfb_kind(str(path))
    reason = mismatch(ext, kind) if ext else None
    if reason:
        raise Mismatch(f"{shown}：{reason}，未保存。请确认文件后重新上传。", reason)
    return kind


def _kind(path: Path) -> str:
    with open(path, "rb") as f:
        return sniff(f.read(HEAD_SIZE))


def _item(root: Path, rel: str, staged: Path, note: str = "") -> Item:
    target = safe_target(root, rel)
    return Item(rel, staged, staged.stat().st_size, os.path.lexists(target), note)


def safe_target(root: Path, rel: str) -> Path:
    """root/rel for a place inside the project reached through no link, where a file
    (not a folder) may be written."""
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or ".." in parts:
        raise InputError(f"{rel} 不在项目文件夹内，未保存。")
    probe = root
    for part in parts:
        probe = probe / part
        if probe.is_symlink():
            raise InputError(f"{rel} 经过符号链接 {probe.name}，docgen 不写入链接，未保存。")
    if probe.is_dir():
        raise InputError(f"{rel} 是一个文件夹，不能用文件替换，未保存。")
    return probe


def previous_path(root: Path, rel: str, stamp: str) -> Path:
    p = PurePosixPath(rel)
    return root.joinpath(PREVIOUS, *p.parent.parts, f"{p.stem}.{stamp}{p.suffix}")


def _paths(root: Path) -> dict[str, str]:
    """Where the project keeps its inputs (docgen.yaml paths:, else init's defaults)."""
    from ..load.project import load_project
    from ..scaffold import DATA_PATHS, LEDGER_PATH

    try:
        return dict(load_project(root).paths)
    except InputError:
        return {"ledger": LEDGER_PATH, "archive": "archive", **DATA_PATHS}
