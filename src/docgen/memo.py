"""The audit memo: out/.cache/audit-memo.pickle holds the last audit's result, so a
re-audit of an unchanged project reuses it instead of reading the ledger and
running the rules again.

It is keyed by everything the result depends on: docgen itself (version and the
bytes of its own files), docgen.yaml, the loaded guide, the ledger and the data
workbooks (the bytes of every file docgen.yaml's paths name), every archive entry
(name, size, mtime, ctime, inode, link flags, name encoding: mtime can be set back by
any program, ctime cannot; a copied project has new ctimes and inodes, so its first
audit is a miss, never stale), the native parsers' install and the
run's options (guide, years, rules, the date taken as today). Only one memo is kept.
A memo is an optimisation only: one that is missing, stale, damaged or cannot be
written costs a full audit, never an error.

The file is read with an unpickler that only builds docgen's own result classes and
dates, so a planted file cannot run code; a file over MAX_BYTES is not read, and
what it holds must be whole (every dataclass field set, of a plain type). A file that
is not a memo docgen wrote is set aside (see stores.py) with a warning. It is stored
only when no archive file was modified in the last few seconds before the scan: a
file rewritten within the same mtime tick, at the same size, would otherwise look
unchanged next time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import io
import os
import pickle
import stat
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .completeness import Cell, Completeness, PeriodRow, PeriodTable
from .findings import Finding
from .indicators.catalogue import Catalogue, Indicator, Relation, Target
from .model import Archive, Guide, Item, Project, Requirement
from .resources import resource_dir
from .stores import set_aside
from .verdicts import IndicatorVerdict, Overdue, Verdicts, YearVerdict

MEMO_NAME = "audit-memo.pickle"
FORMAT = b"docgen-audit-memo-2"
MAX_BYTES = 512 * 1024 * 1024  # 100,000 findings pickle to about 20 MB
_AFTER = "本次完整审核一遍（审核结果不受影响）。"
RACY_NS = 3_000_000_000  # files modified this close to the scan are not trusted by (size, mtime)
NATIVE_PARSERS = ("python_calamine", "pypdfium2", "pypdfium2_raw")
RESOURCES = ("archive_schema", "templates")

_SAFE_CLASSES = {
    ("docgen.findings", "Finding"): Finding,
    ("docgen.completeness", "Completeness"): Completeness,
    ("docgen.completeness", "Cell"): Cell,
    ("docgen.model", "Item"): Item,
    ("docgen.model", "Requirement"): Requirement,
    ("docgen.verdicts", "Verdicts"): Verdicts,
    ("docgen.verdicts", "IndicatorVerdict"): IndicatorVerdict,
    ("docgen.verdicts", "YearVerdict"): YearVerdict,
    ("docgen.verdicts", "Overdue"): Overdue,
    ("datetime", "date"): dt.date,
    ("datetime", "datetime"): dt.datetime,
    ("datetime", "time"): dt.time,
    ("datetime", "timedelta"): dt.timedelta,
    ("datetime", "timezone"): dt.timezone,
    ("docgen.completeness", "PeriodRow"): PeriodRow,
    ("docgen.completeness", "PeriodTable"): PeriodTable,
    ("docgen.indicators.catalogue", "Catalogue"): Catalogue,
    ("docgen.indicators.catalogue", "Indicator"): Indicator,
    ("docgen.indicators.catalogue", "Relation"): Relation,
    ("docgen.indicators.catalogue", "Target"): Target,
}


@dataclass(frozen=True)
class Memo:
    findings: list[Finding]
    completeness: Completeness
    stats: dict[str, Any]
    catalogue: Catalogue | None = None  # the indicator catalogue the audit used
    verdicts: Verdicts = field(default_factory=Verdicts)


# ---------------------------------------------------------------- the key


def audit_key(project: Project, guide: Guide, archive: Archive, options: Iterable[Any]) -> str:
    """sha256 over everything an audit result depends on."""
    h = hashlib.sha256()

    def part(label: str, data: bytes) -> None:
        h.update(b"%s %d\n" % (label.encode(), len(data)))
        h.update(data)

    part("docgen", f"{__version__} {source_hash()} {sys.version}".encode())
    part("parsers", repr(_native_parsers()).encode())
    part("root", os.fsencode(os.path.abspath(project.root)))
    part("config", _file_bytes(project.root / "docgen.yaml"))
    part("guide", repr(guide).encode())
    part(
        "project",
        repr((project.guide, project.years, project.paths, project.ledger_sheets)).encode(),
    )
    for name in sorted(project.paths):  # the ledger and every data workbook (absent ones too)
        path = project.path(name)
        if name != "archive" and not path.is_dir():
            part(f"paths.{name}", _file_digest(path))
    part("archive", repr((archive.root_rel, archive.problems)).encode())
    part(
        "files",
        repr(
            [
                (e.rel, e.size, e.mtime_ns, e.ctime_ns, e.ino)
                + (e.link_outside, e.link_broken, e.name_encoding)
                for e in archive.files.values()
            ]
        ).encode(),
    )
    part("options", repr(list(options)).encode())
    return h.hexdigest()


_source: str | None = None


def source_hash() -> str:
    """sha256 over docgen's own files: its code and its data folders (built-in guides,
    the indicator catalogue, templates; at the top of a checkout in an editable
    install). A change to any of them makes every memo stale."""
    global _source
    if _source is None:
        h = hashlib.sha256()
        package = Path(__file__).resolve().parent
        folders = [package] + [d for d in map(resource_dir, RESOURCES) if package not in d.parents]
        for folder in folders:
            h.update(os.fsencode(folder.name) + b"\0")
            for dirpath, dirnames, filenames in os.walk(folder):
                dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
                for name in sorted(filenames):
                    if name.endswith((".pyc", ".pyo")):
                        continue
                    full = os.path.join(dirpath, name)
                    h.update(os.fsencode(os.path.relpath(full, folder)) + b"\0")
                    h.update(_file_bytes(Path(full)) + b"\0")
        _source = h.hexdigest()
    return _source


def _native_parsers() -> list[tuple]:
    """Where the native readers live and when they were installed: an upgrade may
    read the same bytes differently."""
    out = []
    for name in NATIVE_PARSERS:
        try:
            spec = importlib.util.find_spec(name)
            origin = spec.origin if spec is not None else None
            st = os.stat(origin) if origin else None
        except (ImportError, ValueError, OSError):
            origin, st = None, None
        out.append((name, origin, st.st_size if st else None, st.st_mtime_ns if st else None))
    return out


def _file_bytes(path: Path) -> bytes:
    try:
        with _open_regular(path) as f:
            return f.read()
    except OSError as e:
        return f"<unreadable: {type(e).__name__}>".encode()


def _file_digest(path: Path) -> bytes:
    try:
        with _open_regular(path) as f:
            return hashlib.file_digest(f, "sha256").digest()
    except OSError as e:
        return f"<unreadable: {type(e).__name__}>".encode()


def _open_regular(path: Path):
    """Open a regular file for reading; a pipe or device (a ledger path that is a FIFO,
    /dev/zero) raises OSError instead of blocking or never ending."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    f = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        f.close()
        raise OSError(0, "not a regular file")
    return f


# ---------------------------------------------------------------- reading and writing


def load(cache_dir: Path | None, key: str) -> Memo | None:
    """The memo stored under `key`, or None (none, another key, or unusable: a file that
    is not a memo docgen wrote is set aside)."""
    if cache_dir is None:  # out/ is a link or a file: no caches
        return None
    path = Path(cache_dir) / MEMO_NAME
    try:
        with _open_regular(path) as f:  # a planted pipe must not block
            size = os.fstat(f.fileno()).st_size
            if size > MAX_BYTES:  # a sparse 8 GiB file is never read
                return _invalid(path, f"文件大小 {size} 字节，超过 {MAX_BYTES} 字节")
            head = f.readline(64)
            if not head.startswith(b"docgen-audit-memo-"):
                return _invalid(path, "开头不是 docgen 的标记")
            if head != FORMAT + b"\n" or f.readline(80) != key.encode() + b"\n":
                return None  # an older docgen's memo, or another project state: a miss
            data = _SafeUnpickler(io.BytesIO(f.read())).load()
    except OSError:  # missing, unreadable, not a regular file: audit afresh
        return None
    except Exception as exc:  # noqa: BLE001 - damaged, truncated, planted: set aside
        return _invalid(path, f"内容无法解读：{type(exc).__name__}")
    memo = _memo_of(data)
    return memo if memo is not None else _invalid(path, "内容不是完整的审核结果")


def _invalid(path: Path, reason: str) -> None:
    set_aside(path, "审核结果缓存", reason, _AFTER)


def _memo_of(data: Any) -> Memo | None:
    if not (
        isinstance(data, dict)
        and isinstance(data.get("findings"), list)
        and isinstance(data.get("completeness"), Completeness)
        and isinstance(data.get("stats"), dict)
        and isinstance(data.get("verdicts"), Verdicts)
        and all(type(f) is Finding for f in data["findings"])
        and isinstance(data.get("catalogue"), Catalogue | None)
        and _whole(data)
    ):
        return None
    return Memo(
        data["findings"],
        data["completeness"],
        data["stats"],
        data.get("catalogue"),
        data["verdicts"],
    )


def store(cache_dir: Path, key: str, memo: Memo, archive: Archive | None, scanned_ns: int) -> bool:
    """Replace the memo (atomically: temp file + rename). False when it was not stored:
    files too fresh to trust (see the module's note), or nowhere to write."""
    if archive is not None and racy(archive, scanned_ns):
        return False
    data = {
        "findings": memo.findings,
        "completeness": memo.completeness,
        "stats": memo.stats,
        "catalogue": memo.catalogue,
        "verdicts": memo.verdicts,
    }
    tmp = None
    try:
        payload = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        folder = Path(cache_dir)
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=MEMO_NAME + ".", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as f:
            f.write(FORMAT + b"\n" + key.encode() + b"\n")
            f.write(payload)
        os.replace(tmp, folder / MEMO_NAME)
        _sweep(folder)
        return True
    except Exception:  # noqa: BLE001 - read-only project, full disk, unpicklable value: no memo
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False


def _sweep(folder: Path) -> None:
    """Temp files a killed run left behind (not one another run is writing right now)."""
    stale = time.time() - 600
    for path in folder.glob(MEMO_NAME + ".*.tmp"):
        try:
            if path.stat().st_mtime < stale:
                path.unlink()
        except OSError:
            pass


def racy(archive: Archive, scanned_ns: int) -> bool:
    """Some archive file was modified within RACY_NS of the scan (or after it)."""
    limit = scanned_ns - RACY_NS
    return any(e.mtime_ns >= limit for e in archive.files.values())


_PLAIN = (str, int, float, bool, type(None), bytes, dt.date, dt.time, dt.timedelta, dt.timezone)


def _whole(value: Any, depth: int = 0) -> bool:
    """Every dataclass in `value` has each of its fields set, and holds only plain values,
    containers and such dataclasses: what an unpickled bare Finding (no attributes) is not."""
    if isinstance(value, _PLAIN):
        return True
    if depth > 40:
        return False
    if isinstance(value, list | tuple | set | frozenset):
        return all(_whole(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(_whole(k, depth + 1) and _whole(v, depth + 1) for k, v in value.items())
    if is_dataclass(value) and not isinstance(value, type):
        state = getattr(value, "__dict__", None)
        names = _field_names(type(value))
        if not isinstance(state, dict) or not names <= state.keys():
            return False
        return all(_whole(v, depth + 1) for v in state.values())
    return False


_names: dict[type, set[str]] = {}


def _field_names(cls: type) -> set[str]:
    if cls not in _names:
        _names[cls] = {f.name for f in fields(cls)}
    return _names[cls]


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        cls = _SAFE_CLASSES.get((module, name))
        if cls is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of an audit result")
        return cls
