"""The archive folder → Archive, and each ledger row → the file(s) it points to.

Loading never judges nor words a finding: a missing file, a link leaving the folder
or an odd file name is recorded here as typed values (model.Unread, model.LinkNote)
and reported by the file.* rules in the words of catalogue/files.py.
"""

from __future__ import annotations

import os
import re
import stat
from collections import defaultdict
from dataclasses import replace
from pathlib import Path, PurePosixPath

from ..errors import read_reason
from ..model import Archive, FileEntry, Ledger, LedgerRow, LinkNote, RowFile, Unread

JUNK_NAMES = {"thumbs.db", "desktop.ini"}  # files Windows and macOS leave behind
_DRIVE = re.compile(r"[A-Za-z]:")
NO_ID = LinkNote("no-id")
OUTSIDE_LINK = LinkNote("outside-link")


class _Special(OSError):
    """A pipe or device file: opening it could block for ever."""


# ---------------------------------------------------------------- scanning


def scan_archive(root: Path, archive_rel: str) -> Archive:
    """Every file under the archive folder. Directory links are never followed, so a
    link loop cannot hang the scan."""
    shown = archive_rel.replace("\\", "/").rstrip("/") or "."
    archive = Archive(root_rel=shown, files={})
    base = (Path(root) / archive_rel).absolute()
    if not base.is_dir():
        archive.problems.append(Unread("no-folder", ""))
        return archive
    real_base = os.path.realpath(base)

    def unreadable(err: OSError) -> None:
        rel, _ = _decode_rel(os.path.relpath(err.filename, base))
        if rel == ".":  # the archive folder itself: told with the rows' missing files
            archive.problems.append(Unread("folder", "", read_reason(err)))
        else:
            archive.problems.append(Unread("subfolder", rel, read_reason(err)))

    for dirpath, dirnames, filenames in os.walk(base, onerror=unreadable, followlinks=False):
        rel_dir = os.path.relpath(dirpath, base)
        dirnames[:] = sorted(
            d for d in dirnames if _keep_dir(archive, dirpath, rel_dir, d, real_base)
        )
        folder = _Folder(dirpath, rel_dir)
        for name in sorted(filenames):
            if _is_junk(name):
                continue
            try:
                _add(archive, _entry(folder, name, real_base))
            except _Special:
                rel, _ = _decode_rel(_join(rel_dir, name))
                archive.problems.append(Unread("special", rel))
            except OSError as err:  # vanished while we looked
                rel, _ = _decode_rel(_join(rel_dir, name))
                archive.problems.append(Unread("file", rel, read_reason(err)))
    return archive


class _Folder:
    """One folder of the walk: what its files share, worked out once (20,000 files
    are scanned on every audit, a memo hit included)."""

    def __init__(self, dirpath: str, rel_dir: str) -> None:
        self.dirpath = dirpath
        self.path = Path(dirpath)
        self.rel, self.encoding = ("", None) if rel_dir in ("", ".") else _decode_rel(rel_dir)

    def rel_of(self, name: str) -> tuple[str, str | None]:
        part, enc = _decode_part(name)
        rel = f"{self.rel}/{part}" if self.rel else part
        if enc is None or enc == self.encoding:
            return rel, self.encoding
        return rel, "unknown" if "unknown" in (enc, self.encoding) else enc


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


def _entry(folder: _Folder, name: str, real_base: str) -> FileEntry:
    rel, enc = folder.rel_of(name)
    full = os.path.join(folder.dirpath, name)
    st = os.lstat(full)
    if stat.S_ISLNK(st.st_mode):
        if not _inside(os.path.realpath(full), real_base):
            # never stat the target: it is outside the folder we were asked to look at
            return FileEntry(
                rel, folder.path / name, 0, st.st_mtime_ns, link_outside=True, name_encoding=enc
            )
        try:
            st = os.stat(full)
        except OSError:  # dangling, or a loop (ELOOP)
            return FileEntry(
                rel, folder.path / name, 0, st.st_mtime_ns, link_broken=True, name_encoding=enc
            )
    if not stat.S_ISREG(st.st_mode):  # a pipe or device: opening it could block for ever
        raise _Special()
    return FileEntry(
        rel,
        folder.path / name,
        st.st_size,
        st.st_mtime_ns,
        name_encoding=enc,
        ctime_ns=st.st_ctime_ns,
        ino=st.st_ino,
    )


def _add(archive: Archive, entry: FileEntry) -> None:
    """Keep every file even when a decoded GBK name equals a UTF-8 neighbour's name."""
    if entry.rel not in archive.files:
        archive.files[entry.rel] = entry
        return
    rel, n, p = entry.rel, 1, PurePosixPath(entry.rel)
    while rel in archive.files:
        n += 1
        rel = str(p.with_name(f"{p.stem}#{n}{p.suffix}"))
    archive.files[rel] = replace(entry, rel=rel)


def _inside(real: str, real_base: str) -> bool:
    return real == real_base or real.startswith(real_base.rstrip(os.sep) + os.sep)


def _is_junk(name: str) -> bool:
    return name.startswith((".", "~$")) or name.lower() in JUNK_NAMES


def _join(rel_dir: str, name: str) -> str:
    return name if rel_dir in ("", ".") else os.path.join(rel_dir, name)


def _decode_rel(raw: str) -> tuple[str, str | None]:
    """A printable POSIX path, and "gbk"/"unknown" when a part was not UTF-8."""
    parts, encoding = [], None
    for part in raw.replace(os.sep, "/").split("/"):
        part, enc = _decode_part(part)
        if enc is not None:
            encoding = "unknown" if "unknown" in (encoding, enc) else enc
        parts.append(part)
    return "/".join(parts), encoding


def _decode_part(part: str) -> tuple[str, str | None]:
    """os.walk hands undecodable bytes over as surrogate escapes; decode those bytes."""
    if part.isascii():
        return part, None
    try:
        part.encode("utf-8")
        return part, None
    except UnicodeEncodeError:
        raw_bytes = os.fsencode(part)
    try:
        return raw_bytes.decode("gbk"), "gbk"
    except UnicodeDecodeError:
        return raw_bytes.decode("utf-8", errors="replace"), "unknown"


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
            name = _name(rel)
            if e.name_encoding:
                self.odd[rel.casefold()].append(rel)
                self.odd[_stem(name).casefold()].append(rel)
                continue
            if not e.link_outside:
                self.paths.add(rel)
                self.folded.setdefault(rel.casefold(), rel)
            self.stems[_stem(name).casefold()].append(rel)
            self.names[name.casefold()].append(rel)
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
    found = index.stems.get(code.casefold())
    if not found:  # 80,000 times in the benchmark: keep it short
        return RowFile(row, "missing", None, note=_gbk_note(index, code.casefold()))
    if len(found) > 1:
        found = sorted(found, key=_pdf_first)
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
        note = OUTSIDE_LINK if link == rel else LinkNote("through-link", (link,))
        return RowFile(row, "outside", rel, note=note)
    actual = rel if rel in index.paths else index.folded.get(rel.casefold())
    if actual is not None:
        return RowFile(row, "found", actual, (actual,))
    return RowFile(row, "missing", rel, note=_missing_note(rel, index))


def normalise(
    written: str, folder: tuple[str, ...], files: dict
) -> tuple[str | None, LinkNote | None]:
    """A 文件路径 as written → (archive-relative POSIX path, None), or (None, why) when
    it leaves the archive folder."""
    text = written.strip().replace("\\", "/")
    if text.startswith("/") or _DRIVE.match(text):
        return None, LinkNote("absolute")
    parts: list[str] = []
    for part in text.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None, LinkNote("dotdot")
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


def _missing_note(rel: str, index: _Index) -> LinkNote | None:
    gbk = _gbk_note(index, rel.casefold())
    if gbk:
        return gbk
    name, parent = _name(rel), _parent(rel)
    same_stem = index.stems.get(_stem(name).casefold(), [])
    siblings = [r for r in same_stem if _parent(r) == parent]
    if siblings:
        return LinkNote("same-stem", tuple(siblings[:3]))
    elsewhere = index.names.get(name.casefold(), [])
    if elsewhere:
        return LinkNote("same-name", tuple(elsewhere[:3]))
    return None


def _gbk_note(index: _Index, key: str) -> LinkNote | None:
    odd = index.odd.get(key)
    return LinkNote("gbk-name", (odd[0],)) if odd else None


def _pdf_first(rel: str) -> tuple[bool, str]:
    return (not rel.lower().endswith(".pdf"), rel)


# PurePosixPath's name, stem and parent, without building a path object per file


def _name(rel: str) -> str:
    return rel.rpartition("/")[2]


def _parent(rel: str) -> str:
    return rel.rpartition("/")[0]


def _stem(name: str) -> str:
    i = name.rfind(".")
    return name[:i] if 0 < i < len(name) - 1 else name
