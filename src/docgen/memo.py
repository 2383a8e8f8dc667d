"""The audit memo: out/.cache/audit-memo.pickle holds the last audit's result, so a
re-audit of an unchanged project reuses it instead of reading the ledger and
running the rules again.

It is keyed by everything the result depends on: docgen itself (version and the
bytes of its own files), docgen.yaml, the loaded guide, the ledger and the data
workbooks (the bytes of every file docgen.yaml's paths name), every archive entry
(name, size, mtime, link flags, name encoding), the native parsers' install and the
run's options (guide, years, rules, the date taken as today). Only one memo is kept.
A memo is an optimisation only: one that is missing, stale, damaged or cannot be
written costs a full audit, never an error.

The file is read with an unpickler that only builds docgen's own result classes and
dates, so a planted file cannot run code. It is stored only when no archive file was
modified in the last few seconds before the scan: a file rewritten within the same
mtime tick, at the same size, would otherwise look unchanged next time.
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .completeness import Cell, Completeness, PeriodRow, PeriodTable
from .findings import Finding
from .indicators.catalogue import Catalogue, Indicator, Relation, Target
from .model import Archive, Guide, Item, Project, Requirement
from .resources import resource_dir
from .verdicts import IndicatorVerdict, Verdicts, YearVerdict

MEMO_NAME = "audit-memo.pickle"
FORMAT = b"docgen-audit-memo-2"
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
                (e.rel, e.size, e.mtime_ns, e.link_outside, e.link_broken, e.name_encoding)
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


def load(cache_dir: Path, key: str) -> Memo | None:
    """The memo stored under `key`, or None (none, another key, or unusable)."""
    try:
        with _open_regular(Path(cache_dir) / MEMO_NAME) as f:  # a planted pipe must not block
            if f.readline() != FORMAT + b"\n" or f.readline() != key.encode() + b"\n":
                return None
            data = _SafeUnpickler(io.BytesIO(f.read())).load()
    except Exception:  # noqa: BLE001 - missing, damaged, truncated, planted: all mean "audit afresh"
        return None
    if not (
        isinstance(data, dict)
        and isinstance(data.get("findings"), list)
        and isinstance(data.get("completeness"), Completeness)
        and isinstance(data.get("stats"), dict)
        and isinstance(data.get("verdicts"), Verdicts)
        and all(type(f) is Finding for f in data["findings"])
        and isinstance(data.get("catalogue"), Catalogue | None)
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


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        cls = _SAFE_CLASSES.get((module, name))
        if cls is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of an audit result")
        return cls
