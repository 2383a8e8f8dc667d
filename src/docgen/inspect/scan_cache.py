"""How files were scanned, by content: out/.cache/scan.sqlite, and the audit's loader.

Key: the file's sha256 (from its inspection) and its detected kind; the value is its
ScanPages as JSON. The cache is an optimisation only: when it cannot be opened or
written, the pages are measured again; a file that is not ours (see stores.py) is set
aside with a warning.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from ..model import Archive, ScanPage
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
from ..workers import cluster, pool
from .scan import KINDS, scan_pages

SCAN_VERSION = "scan-1"  # bump when scan.py measures differently
DB_NAME = "scan.sqlite"
MAX_BYTES = 256 * 1024 * 1024
READ_SECONDS = 20
SCAN_TIMEOUT = 60.0  # seconds without a page done
_AFTER = "本次审核不使用这份缓存，重新测量扫描件的分辨率与色彩（审核结果不受影响）。"
_WHAT = "扫描质量缓存"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS pages (sha256 TEXT, kind TEXT, result TEXT, PRIMARY KEY (sha256, kind));
"""


def scans_for(archive: Archive | None, cache_dir: Path | None) -> dict[str, tuple[ScanPage, ...]]:
    """The scanned pages of every inspected image and PDF of the archive, by FileEntry.rel;
    files with no scanned page (a PDF of text) and files that failed are left out."""
    if archive is None:
        return {}
    wanted = {
        rel: (found.sha256, found.detected)
        for rel, found in archive.inspections.items()
        if found.status == "ok"
        and found.sha256 is not None
        and found.detected in KINDS
        and rel in archive.files
    }
    path = None if cache_dir is None else Path(cache_dir) / DB_NAME
    known = _load(path, set(wanted.values())) if path is not None else {}
    known |= {k: v for k, v in archive.scanned.items() if k in set(wanted.values())}
    todo = sorted({key: rel for rel, key in wanted.items() if key not in known}.items())
    fresh: dict[tuple[str, str], tuple[ScanPage, ...]] = {}
    items = [(str(archive.files[rel].path), kind) for (_, kind), rel in todo]
    for i, result in cluster.run(items, _scan, timeout=SCAN_TIMEOUT):
        if not isinstance(result, pool.Failed):
            fresh[todo[i][0]] = result
    if path is not None and fresh:
        _store(path, fresh)
    got = {**known, **fresh}
    return {rel: got[key] for rel, key in sorted(wanted.items()) if got.get(key)}


def _scan(item: tuple[str, str]) -> tuple[ScanPage, ...]:
    path, kind = item
    return scan_pages(path, kind)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=5)
    guard(conn, READ_SECONDS)
    return conn


def _load(path: Path, keys: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[ScanPage, ...]]:
    if not keys or not path.is_file():
        return {}
    try:
        check_size(path, MAX_BYTES)
        with closing(sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)) as conn:
            guard(conn, READ_SECONDS)
            if check_schema(conn, _SCHEMA) != 0:
                return {}
            row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            if row is None or row[0] != stamp(SCAN_VERSION, path):
                return {}
            rows = conn.execute("SELECT sha256, kind, result FROM pages").fetchall()
        check_types(rows, (str, str, str))
    except Invalid as exc:
        set_aside(path, _WHAT, str(exc), _AFTER)
        return {}
    except (sqlite3.Error, OSError) as exc:
        if timed_out(exc):
            set_aside(path, _WHAT, f"读取超过 {READ_SECONDS} 秒", _AFTER)
        return {}
    out = {}
    for sha, kind, result in rows:
        if (sha, kind) in keys and (pages := _parse(result)) is not None:
            out[(sha, kind)] = pages
    return out


def _store(path: Path, fresh: dict[tuple[str, str], tuple[ScanPage, ...]]) -> None:
    rows = [(sha, kind, json.dumps(dump_pages(pages))) for (sha, kind), pages in fresh.items()]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():  # not ours: set aside before anything is written to it
            check_size(path, MAX_BYTES)
            with closing(_connect(path)) as conn:
                check_schema(conn, _SCHEMA)
        with closing(_connect(path)) as conn, conn:
            conn.executescript(_SCHEMA)
            row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            if row is None or row[0] != stamp(SCAN_VERSION, path):
                conn.execute("DELETE FROM pages")
                conn.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('format', ?)", (stamp(SCAN_VERSION, path),)
                )
            conn.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)", rows)
    except Invalid as exc:
        set_aside(path, _WHAT, str(exc), _AFTER)
    except sqlite3.DatabaseError:
        try:
            path.unlink()  # damaged: the next run starts afresh
        except OSError:
            pass
    except (sqlite3.Error, OSError):
        pass  # locked, disk full: the next run measures again


def _parse(text: str) -> tuple[ScanPage, ...] | None:
    """The stored pages, or None when they are not what docgen wrote."""
    try:
        return parse_pages(json.loads(text))
    except ValueError:
        return None


def dump_pages(pages: tuple[ScanPage, ...]) -> list[list]:
    """Pages as JSON-ready rows (also kept in the text cache, extract/cache.py)."""
    return [list(vars(p).values()) for p in pages]


def parse_pages(rows: object) -> tuple[ScanPage, ...] | None:
    """dump_pages' rows back, or None when they are not what docgen wrote."""
    types = ((int,), (float, int, type(None)), (bool,), (str,), (bool,))
    try:
        if not isinstance(rows, list) or not all(
            isinstance(r, list) and len(r) == 5 and all(type(v) in t for v, t in zip(r, types))
            for r in rows
        ):
            return None
        return tuple(ScanPage(*r) for r in rows)
    except (TypeError, ValueError):
        return None
