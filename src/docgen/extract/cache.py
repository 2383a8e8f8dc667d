"""What each file said, by content: out/.cache/extract.sqlite.

Key: the file's sha256 (from its inspection), its detected kind, and a fingerprint
of the extractor version and the alias list (a new catalogue alias may find more in
the same bytes). The value is the file's raw statements as JSON, with the years the
text itself gives but without the document's date: a re-dated ledger row re-uses them,
and the PDF pages with no text but an image (scans, read by OCR: ocr_cache.py).

The cache is an optimisation only: when it cannot be opened or written, files are
read again. A file that is not ours (see stores.py) is set aside with a warning and the
files are read again.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from ..inspect.scan_cache import dump_pages, parse_pages
from ..model import ScanPage
from ..stores import (
    Invalid,
    check_schema,
    check_size,
    check_types,
    guard,
    set_aside,
    stamp,
    timed_out,
)
from .statements import RawStatement


@dataclass(frozen=True)
class TextRead:
    """What a file's text said, its pages (0-based) that are scans with no text, and a
    PDF's scanned pages as inspect/scan.py measures them (None: not measured)."""

    said: list[RawStatement]
    scan: tuple[int, ...] = ()
    scanned: tuple[ScanPage, ...] | None = None


# Bump whenever text extraction or the statement parser changes what a file yields.
EXTRACTOR_VERSION = "extract-3"  # 2: a PDF's scanned pages are kept (read by OCR); 3: measured
CACHE_VERSION = "extract-cache-3"  # the file's layout; its rows bound to the file (stamp)
DB_NAME = "extract.sqlite"
MAX_BYTES = 512 * 1024 * 1024
READ_SECONDS = 20
_AFTER = "本次审核不使用这份缓存，重新读取文件中的指标数值（审核结果不受影响）。"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS said
    (sha256 TEXT, kind TEXT, fp TEXT, result TEXT, PRIMARY KEY (sha256, kind, fp));
"""
_SCHEMA_1 = """
CREATE TABLE IF NOT EXISTS said
    (sha256 TEXT, kind TEXT, fp TEXT, result TEXT, PRIMARY KEY (sha256, kind, fp));
"""


def fingerprint(aliases: dict[str, str], home: tuple[str, ...] = ()) -> str:
    """What the statements of given bytes depend on besides the bytes."""
    h = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for name in sorted(aliases):
        h.update(f"\0{name}\1{aliases[name]}".encode())
    for place in home:
        h.update(f"\2{place}".encode())
    return f"{EXTRACTOR_VERSION}:{h.hexdigest()[:16]}"


class StatementCache:
    def __init__(self, path: Path, fp: str) -> None:
        self.path, self.fp = path, fp
        _validate(path)
        with closing(_connect(path)) as conn, conn:
            conn.executescript(_SCHEMA)
            conn.execute("DELETE FROM said WHERE fp != ?", (fp,))  # an older extractor or catalogue
            row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            if row is None or row[0] != stamp(CACHE_VERSION, path):  # older, or copied in
                conn.execute("DELETE FROM said")
                conn.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('format', ?)",
                    (stamp(CACHE_VERSION, path),),
                )

    def load(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], TextRead]:
        """Cached statements of the files with these (sha256, kind) keys."""
        if not keys:
            return {}
        try:
            with closing(_connect(self.path)) as conn:
                rows = conn.execute(
                    "SELECT sha256, kind, result FROM said WHERE fp = ?", (self.fp,)
                ).fetchall()
            check_types(rows, (str, str, str))
        except Invalid as exc:
            set_aside(self.path, "指标数值缓存", str(exc), _AFTER)
            return {}
        except sqlite3.Error as exc:
            if timed_out(exc):
                set_aside(self.path, "指标数值缓存", f"读取超过 {READ_SECONDS} 秒", _AFTER)
            return {}
        out = {}
        for sha, kind, result in rows:
            if (sha, kind) in keys and (found := _load(result)) is not None:
                out[(sha, kind)] = found
        return out

    def store(self, fresh: dict[tuple[str, str], TextRead]) -> None:
        if not fresh:
            return
        rows = [
            (sha, kind, self.fp, json.dumps(_dump(read), ensure_ascii=False))
            for (sha, kind), read in fresh.items()
        ]
        try:
            with closing(_connect(self.path)) as conn, conn:
                conn.executemany("INSERT OR REPLACE INTO said VALUES (?, ?, ?, ?)", rows)
        except sqlite3.Error:
            pass  # disk full or locked: the next run reads these files again


def open_cache(cache_dir: Path | None, fp: str) -> StatementCache | None:
    if cache_dir is None:
        return None
    path = Path(cache_dir) / DB_NAME
    for attempt in range(2):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return StatementCache(path, fp)
        except sqlite3.DatabaseError as e:
            if isinstance(e, sqlite3.OperationalError) or attempt == 1:
                return None  # locked or read-only: run without
            try:
                path.unlink()  # damaged: start afresh once
            except OSError:
                return None
        except OSError:
            return None
    return None


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=5)
    guard(conn, READ_SECONDS)
    return conn


def _validate(path: Path) -> None:
    """Set the file aside when it is not ours: before any write, so its triggers never fire."""
    if not path.exists():
        return
    try:
        check_size(path, MAX_BYTES)
        with closing(_connect(path)) as conn:
            check_schema(conn, _SCHEMA, _SCHEMA_1)
    except Invalid as exc:
        set_aside(path, "指标数值缓存", str(exc), _AFTER)
    except sqlite3.OperationalError as exc:
        if not timed_out(exc):
            raise
        set_aside(path, "指标数值缓存", f"读取超过 {READ_SECONDS} 秒", _AFTER)


_TYPES = {
    "indicator": (str,),
    "alias": (str,),
    "value": (float, int),
    "decimals": (int,),
    "unit": (str,),
    "year": (int, type(None)),
    "text": (str,),
    "horizon": (int, type(None)),
    "offset": (int,),
}


def _dump(read: TextRead) -> dict:
    scanned = None if read.scanned is None else dump_pages(read.scanned)
    return {"said": [s.to_dict() for s in read.said], "scan": list(read.scan), "scanned": scanned}


def _load(text: str) -> TextRead | None:
    """The stored reading, or None when it is not what docgen wrote."""
    try:
        stored = json.loads(text)
        if not isinstance(stored, dict) or stored.keys() != {"said", "scan", "scanned"}:
            return None
        said, scan = stored["said"], stored["scan"]
        scanned = None if stored["scanned"] is None else parse_pages(stored["scanned"])
        if stored["scanned"] is not None and scanned is None:
            return None
        if not isinstance(scan, list) or not all(type(p) is int for p in scan):
            return None
        if not isinstance(said, list) or not all(
            isinstance(d, dict)
            and d.keys() == _TYPES.keys()
            and all(type(d[k]) in t for k, t in _TYPES.items())
            for d in said
        ):
            return None
        return TextRead([RawStatement(**d) for d in said], tuple(scan), scanned)
    except (TypeError, ValueError):
        return None
