"""The archive folder → Archive, and each ledger row → the file(s) it points to.

Loading never judges: a missing file, a link leaving the folder or an odd file name
is recorded here and reported by the file.* rules.
"""

from __future__ import annotations

import os
import re
import stat
from collections import defaultdict
from dataclasses import replace
from pathlib import Path, PurePosixPath

from ..model import Archive, FileEntry, Ledger, LedgerRow, RowFile

JUNK_NAMES = {"thumbs.db", "desktop.ini"}  # files Windows and macOS leave behind
NO_ID = "本行既没有档号也没有文件路径，无法确定对应的电子文件"
OUTSIDE_LINK = "是指向归档文件夹之外的链接（快捷方式）"

# ---------------------------------------------------------------- scanning


def scan_archive(root: Path, archive_rel: str) -> Archive:
    """Every file under the archive folder. Directory links are never followed, so a
    link loop cannot hang the scan."""
    shown = archive_rel.replace("\\", "/").rstrip("/") or "."
    archive = Archive(root_rel=shown, files={})
    base = (Path(root) / archive_rel).absolute()
    if not base.is_dir():
        archive.problems.append(("", f"归档文件夹 {shown}/ 不存在"))
        return archive
    real_base = os.path.realpath(base)

    def unreadable(err: OSError) -> None:
        rel, _ = _decode_rel(os.path.relpath(err.filename, base))
        if rel == ".":  # the archive folder itself: told with the rows' missing files
            archive.problems.append(("", f"归档文件夹 {shown}/ 无法读取（{_why(err)}）"))
        else:
            why = f"文件夹无法读取（{_why(err)}），其中的文件未能检查。请检查它的访问权限"
            archive.problems.append((rel, why))

    for dirpath, dirnames, filenames in os.walk(base, onerror=unreadable, followlinks=False):
        rel_dir = os.path.relpath(dirpath, base)
        dirnames[:] = sorted(d for d in dirnames
                             if _keep_dir(archive, dirpath, rel_dir, d, real_base))
        for name in sorted(filenames):
            if _is_junk(name):
                continue
            try:
                _add(archive, _entry(os.path.join(dirpath, name), _join(rel_dir, name), real_base))
            except OSError as err:  # vanished while we looked, or a pipe/device
                rel, _ = _decode_rel(_join(rel_dir, name))
                archive.problems.append((rel, f"无法检查（{_why(err)}）。请把它移出归档文件夹"))
    return archive


def _keep_dir(archive: Archive, dirpath: str, rel_dir: str, name: str, real_base: str) -> bool:
    """Walk into real folders only. A folder link that leaves the archive is recorded;
    one that stays inside is ignored (its files are reached through the real folder)."""
    if _is_junk(name):
        return False
    full = os.path.join(dirpath, name)
    if not os.path.islink(full):
        return True
    if not _inside(os.path.realpath(full), real_base):
        rel, enc = _decode_rel(_join(rel_dir, name))
        mtime = os.lstat(full).st_mtime_ns  # the link itself; islink() just saw it
        _add(archive, FileEntry(rel, Path(full), 0, mtime, link_outside=True, name_encoding=enc))
    return False


def _entry(full: str, raw_rel: str, real_base: str) -> FileEntry:
    rel, enc = _decode_rel(raw_rel)
    st = os.lstat(full)
    if stat.S_ISLNK(st.st_mode):
        if not _inside(os.path.realpath(full), real_base):
            # never stat the target: it is outside the folder we were asked to look at
            return FileEntry(rel, Path(full), 0, st.st_mtime_ns, link_outside=True,
                             name_encoding=enc)
        try:
            st = os.stat(full)
        except OSError:  # dangling, or a loop (ELOOP)
            return FileEntry(rel, Path(full), 0, st.st_mtime_ns, link_broken=True,
                             name_encoding=enc)
    if not stat.S_ISREG(st.st_mode):  # a pipe or device: opening it could block for ever
        raise OSError(0, "不是普通文件，而是管道或设备文件")
    return FileEntry(rel, Path(full), st.st_size, st.st_mtime_ns, name_encoding=enc)


def _add(archive: Archive, entry: FileEntry) -> None:
    """Keep every file even when a decoded GBK name equals a UTF-8 neighbour's name."""
    rel, n, p = entry.rel, 1, PurePosixPath(entry.rel)
    while rel in archive.files:
        n += 1
        rel = str(p.with_name(f"{p.stem}#{n}{p.suffix}"))
    archive.files[rel] = entry if rel == entry.rel else replace(entry, rel=rel)


def _inside(real: str, real_base: str) -> bool:
    return real == real_base or real.startswith(real_base.rstrip(os.sep) + os.sep)


def _is_junk(name: str) -> bool:
    return name.startswith((".", "~$")) or name.lower() in JUNK_NAMES


def _join(rel_dir: str, name: str) -> str:
    return name if rel_dir in ("", ".") else os.path.join(rel_dir, name)


def _decode_rel(raw: str) -> tuple[str, str | None]:
    """A printable POSIX path, and "gbk"/"unknown" when a part was not UTF-8.
    os.walk hands undecodable bytes over as surrogate escapes; decode those bytes."""
    parts, encoding = [], None
    for part in raw.replace(os.sep, "/").split("/"):
        try:
            part.encode("utf-8")
        except UnicodeEncodeError:
            raw_bytes = os.fsencode(part)
            try:
                part, enc = raw_bytes.decode("gbk"), "gbk"
            except UnicodeDecodeError:
                part, enc = raw_bytes.decode("utf-8", errors="replace"), "unknown"
            encoding = "unknown" if "unknown" in (encoding, enc) else enc
        parts.append(part)
    return "/".join(parts), encoding


def _why(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "没有读取权限"
    return err.strerror or type(err).__name__


# ---------------------------------------------------------------- rows → files


class _Index:
    """Lookups built once over the archive: by path (exact and case-blind), by stem and
    by name. GBK-named files are kept apart: they match no row but explain misses."""

    def __init__(self, archive: Archive) -> None:
        self.files = archive.files
        self.paths: set[str] = set()  # rels a 文件路径 may name exactly
        self.folded: dict[str, str] = {}
        self.stems: dict[str, list[str]] = defaultdict(list)
        self.names: dict[str, list[str]] = defaultdict(list)
        self.odd: dict[str, list[str]] = defaultdict(list)  # decoded rel / stem → non-UTF-8 rels
        for rel, e in archive.files.items():
            p = PurePosixPath(rel)
            if e.name_encoding:
                self.odd[rel.casefold()].append(rel)
                self.odd[p.stem.casefold()].append(rel)
                continue
            if not e.link_outside:
                self.paths.add(rel)
                self.folded.setdefault(rel.casefold(), rel)
            self.stems[p.stem.casefold()].append(rel)
            self.names[p.name.casefold()].append(rel)
        self.outside = sorted(rel for rel, e in archive.files.items() if e.link_outside)


def link_rows(ledger: Ledger, archive: Archive) -> list[RowFile]:
    """One RowFile per ledger row, in the ledger's order."""
    index = _Index(archive)
    folder = PurePosixPath(archive.root_rel).parts
    return [_link(row, index, folder) for row in ledger.rows]


def _link(row: LedgerRow, index: _Index, folder: tuple[str, ...]) -> RowFile:
    written = row.text("文件路径")
    if written:
        return _by_path(row, written, index, folder)
    code = row.text("档号")
    if code:
        return _by_code(row, code, index)
    return RowFile(row, "missing", None, note=NO_ID)


def _by_code(row: LedgerRow, code: str, index: _Index) -> RowFile:
    """archive/**/{档号}.* — every file whose name (less its extension) is the 档号."""
    found = sorted(index.stems.get(code.casefold(), []), key=_pdf_first)
    real = tuple(r for r in found if not index.files[r].link_outside)
    if real:
        return RowFile(row, "found", real[0], real)
    if found:
        return RowFile(row, "outside", found[0], note=OUTSIDE_LINK)
    return RowFile(row, "missing", None, note=_gbk_note(index, code.casefold()))


def _by_path(row: LedgerRow, written: str, index: _Index, folder: tuple[str, ...]) -> RowFile:
    rel, why = normalise(written, folder, index.files)
    if rel is None:
        return RowFile(row, "outside", None, note=why)
    link = _through_outside_link(rel, index)
    if link:
        note = OUTSIDE_LINK if link == rel else f"经过了指向归档文件夹之外的链接“{link}”"
        return RowFile(row, "outside", rel, note=note)
    actual = rel if rel in index.paths else index.folded.get(rel.casefold())
    if actual is not None:
        return RowFile(row, "found", actual, (actual,))
    return RowFile(row, "missing", rel, note=_missing_note(rel, index))


def normalise(written: str, folder: tuple[str, ...], files: dict) -> tuple[str | None, str | None]:
    """A 文件路径 as written → (archive-relative POSIX path, None), or (None, why) when
    it leaves the archive folder."""
    text = written.strip().replace("\\", "/")
    if text.startswith("/") or re.match(r"[A-Za-z]:", text):
        return None, "是绝对路径（应写相对于归档文件夹的路径）"
    parts: list[str] = []
    for part in text.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None, "含“..”，指向了归档文件夹之外"
            parts.pop()
        else:
            parts.append(part)
    rel = "/".join(parts)
    # "archive/2025/x.pdf": written from the project folder rather than the archive folder
    for prefix in (folder, folder[-1:]):
        n = len(prefix)
        if n and tuple(parts[:n]) == prefix and len(parts) > n and rel not in files:
            return "/".join(parts[n:]), None
    return rel, None


def _through_outside_link(rel: str, index: _Index) -> str | None:
    """The archive entry that is an outside link and `rel` is, or lies under."""
    for link in index.outside:
        if rel == link or rel.startswith(link + "/"):
            return link
    return None


def _missing_note(rel: str, index: _Index) -> str | None:
    gbk = _gbk_note(index, rel.casefold())
    if gbk:
        return gbk
    p = PurePosixPath(rel)
    same_stem = index.stems.get(p.stem.casefold(), [])
    siblings = [r for r in same_stem if PurePosixPath(r).parent == p.parent]
    if siblings:
        return f"同一文件夹中有 {'、'.join(siblings[:3])}（扩展名不同），请核对文件路径"
    elsewhere = index.names.get(p.name.casefold(), [])
    if elsewhere:
        return f"在 {'、'.join(elsewhere[:3])} 找到同名文件，请核对文件路径"
    return None


def _gbk_note(index: _Index, key: str) -> str | None:
    odd = index.odd.get(key)
    if not odd:
        return None
    return (f"归档文件夹中有文件名按 GBK 编码保存的文件，解码后为“{odd[0]}”，正是本行要的文件。"
            "请把文件名改为 UTF-8 编码（如用支持中文的工具重新解压，或重命名该文件）")


def _pdf_first(rel: str) -> tuple[bool, str]:
    return (not rel.lower().endswith(".pdf"), rel)
