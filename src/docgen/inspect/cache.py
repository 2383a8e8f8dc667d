"""The inspection cache: out/.cache/inspect.sqlite.

A file whose (path, size, mtime) is unchanged is not opened again. A file that was
touched but holds the same bytes (same sha256 and extension) is hashed but not parsed
again. The cache is an optimisation only: if it cannot be created, opened or
written, the audit runs without it.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import asdict
from pathlib import Path

from ..model import FileEntry, Inspection

# Bump whenever the checks or the Inspection fields change: old results are then dropped.
FORMAT_VERSION = "inspect-1"
DB_NAME = "inspect.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files
    (rel TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, result TEXT);
CREATE TABLE IF NOT EXISTS content
    (sha256 TEXT, ext TEXT, result TEXT, PRIMARY KEY (sha256, ext));
"""


class Cache:
    """Cached results, read at once into memory. No connection stays open between calls:
    worker processes are forked meanwhile, and SQLite connections must not cross a fork."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with closing(_connect(path)) as conn:
            rows = conn.execute("SELECT rel, size, mtime_ns, result FROM files").fetchall()
        self.files = {rel: (size, mtime, result) for rel, size, mtime, result in rows}

    def lookup(self, entry: FileEntry) -> Inspection | None:
        row = self.files.get(entry.rel)
        if row is None or row[0] != entry.size or row[1] != entry.mtime_ns:
            return None
        return _load(row[2])

    def known(self) -> dict[tuple[str, str], Inspection]:
        """Earlier results by (sha256, extension), for files whose bytes did not change."""
        try:
            with closing(sqlite3.connect(self.path, timeout=5)) as conn:
                rows = conn.execute("SELECT sha256, ext, result FROM content").fetchall()
        except sqlite3.Error:
            return {}
        out = {}
        for sha, ext, result in rows:
            inspection = _load(result)
            if inspection is not None:
                out[(sha, ext)] = inspection
        return out

    def store(self, fresh: list[tuple[FileEntry, str, Inspection]]) -> None:
        """Save new results in one transaction. Results without a hash (the file could
        not be read, or its check was cut short) are not saved, so they are retried."""
        rows = [(e, ext, i) for e, ext, i in fresh if i.sha256 is not None]
        if not rows:
            return
        try:
            with closing(sqlite3.connect(self.path, timeout=5)) as conn, conn:
                conn.executemany(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
                    [(e.rel, e.size, e.mtime_ns, _dump(i)) for e, _, i in rows],
                )
                conn.executemany(
                    "INSERT OR REPLACE INTO content VALUES (?, ?, ?)",
                    [(i.sha256, ext, _dump(i)) for _, ext, i in rows],
                )
        except sqlite3.Error:
            pass  # e.g. the disk is full or another run holds the lock: next run inspects again


def open_cache(cache_dir: Path | None) -> Cache | None:
    """The cache under `cache_dir`, or None when there is none to be had."""
    if cache_dir is None:
        return None
    path = Path(cache_dir) / DB_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    for attempt in range(2):
        try:
            return Cache(path)
        except sqlite3.OperationalError:  # locked by another run, read-only disk, ...
            return None
        except sqlite3.DatabaseError:  # not a database (damaged): start afresh once
            if attempt == 1 or not _discard(path):
                return None
        except (sqlite3.Error, OSError):
            return None
    return None


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=5)
    try:
        conn.executescript(_SCHEMA)
        row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if row is None or row[0] != FORMAT_VERSION:
            with conn:
                conn.execute("DELETE FROM files")
                conn.execute("DELETE FROM content")
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT_VERSION,))
        return conn
    except BaseException:
        conn.close()
        raise


def _discard(path: Path) -> bool:
    try:
        path.unlink()
        return True
    except OSError:
        return False


def _dump(inspection: Inspection) -> str:
    return json.dumps(asdict(inspection), ensure_ascii=False)


def _load(text: str) -> Inspection | None:
    try:
        return Inspection(**json.loads(text))
    except (TypeError, ValueError):
        return None
