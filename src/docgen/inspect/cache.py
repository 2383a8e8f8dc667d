"""The inspection cache: out/.cache/inspect.sqlite.

A file whose (path, size, mtime, ctime, inode) is unchanged is not opened again: mtime
can be set back by any program, ctime cannot, so a file replaced by other bytes of the
same size under its old mtime is inspected again. (A copied project has new ctimes and
inodes everywhere: nothing is stale, every file is looked at again once; and the rows
are bound to the database file they were written in, see stores.stamp.) A file that was
touched but holds the same bytes (same sha256 and extension) is hashed but not parsed
again. The cache is an optimisation only: if it cannot be created, opened or
written, the audit runs without it. A file that is not ours (see stores.py) is set
aside with a warning and the audit runs cold.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import fields
from pathlib import Path

from ..model import FileEntry, Inspection
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

# Bump whenever the checks or the Inspection fields change: old results are then dropped.
FORMAT_VERSION = "inspect-3"  # 3: OFD page counts
DB_NAME = "inspect.sqlite"
MAX_BYTES = 512 * 1024 * 1024  # 100,000 files take about 60 MB
READ_SECONDS = 20

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (rel TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,
    ctime_ns INTEGER, ino INTEGER, result TEXT);
CREATE TABLE IF NOT EXISTS content
    (sha256 TEXT, ext TEXT, result TEXT, PRIMARY KEY (sha256, ext));
"""
_SCHEMA_1 = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files
    (rel TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, result TEXT);
CREATE TABLE IF NOT EXISTS content
    (sha256 TEXT, ext TEXT, result TEXT, PRIMARY KEY (sha256, ext));
"""
_AFTER = "本次审核不使用这份缓存，逐个重新检查归档文件（审核结果不受影响）。"


class Cache:
    """Cached results, read at once into memory. No connection stays open between calls:
    worker processes are forked meanwhile, and SQLite connections must not cross a fork.

    Reading never writes: the folder and the database are only created (or a damaged
    or outdated one replaced) by store(), so an audit that fails on its input leaves
    the project folder as it was."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.files: dict[str, tuple[int, int, int, int, str]] = {}
        self.usable = False  # the file exists, is ours and of this FORMAT_VERSION
        self.damaged = False  # not a database at all: replaced on store()
        try:
            if not path.is_file():
                return
            check_size(path, MAX_BYTES)
            with closing(_connect_readonly(path)) as conn:
                if check_schema(conn, _SCHEMA, _SCHEMA_1) != 0:
                    return  # empty, or older results: ignored now, dropped on store()
                row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
                if row is None or row[0] != stamp(FORMAT_VERSION, path):
                    return  # another version, or copied in from elsewhere: dropped on store()
                rows = conn.execute("SELECT * FROM files").fetchall()
                check_types(rows, (str, int, int, int, int, str))
        except Invalid as exc:
            set_aside(path, "检查缓存", str(exc), _AFTER)
            return
        except sqlite3.OperationalError as exc:  # locked, no tables yet, unreadable: start empty
            if timed_out(exc):
                set_aside(path, "检查缓存", f"读取超过 {READ_SECONDS} 秒", _AFTER)
            return
        except sqlite3.DatabaseError:  # not a database
            self.damaged = True
            return
        except (sqlite3.Error, OSError):
            return
        self.files = {row[0]: row[1:] for row in rows}
        self.usable = True

    def lookup(self, entry: FileEntry) -> Inspection | None:
        row = self.files.get(entry.rel)
        if row is None or row[:4] != (entry.size, entry.mtime_ns, entry.ctime_ns, entry.ino):
            return None
        return _load(row[4])

    def known(self) -> dict[tuple[str, str], Inspection]:
        """Earlier results by (sha256, extension), for files whose bytes did not change."""
        if not self.usable:
            return {}
        try:
            with closing(_connect_readonly(self.path)) as conn:
                rows = conn.execute("SELECT sha256, ext, result FROM content").fetchall()
            check_types(rows, (str, str, str))
        except Invalid as exc:
            set_aside(self.path, "检查缓存", str(exc), _AFTER)
            return {}
        except (sqlite3.Error, OSError) as exc:
            if timed_out(exc):
                set_aside(self.path, "检查缓存", f"读取超过 {READ_SECONDS} 秒", _AFTER)
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
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        dumped = [_dump(i) for _, _, i in rows]
        for attempt in range(2):
            if self.damaged and not _discard(self.path):
                return
            try:
                with closing(_connect(self.path)) as conn, conn:
                    conn.executemany(
                        "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                        [
                            (e.rel, e.size, e.mtime_ns, e.ctime_ns, e.ino, d)
                            for (e, _, _), d in zip(rows, dumped)
                        ],
                    )
                    conn.executemany(
                        "INSERT OR REPLACE INTO content VALUES (?, ?, ?)",
                        [(i.sha256, ext, d) for (_, ext, i), d in zip(rows, dumped)],
                    )
                return
            except sqlite3.OperationalError:  # e.g. the disk is full or another run holds the lock
                return  # next run inspects again
            except sqlite3.DatabaseError:  # damaged meanwhile: start afresh once
                self.damaged = attempt == 0
            except (sqlite3.Error, OSError):
                return


def open_cache(cache_dir: Path | None) -> Cache | None:
    """The cache under `cache_dir` (possibly empty), or None when there is none to be had."""
    if cache_dir is None:
        return None
    return Cache(Path(cache_dir) / DB_NAME)


def _connect_readonly(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True, timeout=5)
    guard(conn, READ_SECONDS)
    return conn


def _connect(path: Path) -> sqlite3.Connection:
    """Read-write, creating the tables; results of another FORMAT_VERSION, or written in
    another file (a cache copied in), are dropped.
    A file that is not ours is set aside first (its triggers must never fire)."""
    old = False
    try:
        if path.exists():
            check_size(path, MAX_BYTES)
            # read-write: a journal a killed run left is rolled back (read-only cannot)
            with closing(sqlite3.connect(path, timeout=5)) as conn:
                guard(conn, READ_SECONDS)
                old = check_schema(conn, _SCHEMA, _SCHEMA_1) == 1
    except Invalid as exc:
        set_aside(path, "检查缓存", str(exc), _AFTER)
    conn = sqlite3.connect(path, timeout=5)
    try:
        guard(conn, READ_SECONDS)
        if old:
            with conn:
                conn.execute("DROP TABLE IF EXISTS files")
        conn.executescript(_SCHEMA)
        row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if row is None or row[0] != stamp(FORMAT_VERSION, path):
            with conn:
                conn.execute("DELETE FROM files")
                conn.execute("DELETE FROM content")
                conn.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('format', ?)",
                    (stamp(FORMAT_VERSION, path),),
                )
        return conn
    except BaseException:
        conn.close()
        raise


def _discard(path: Path) -> bool:
    try:
        path.unlink(missing_ok=True)
        return True
    except OSError:
        return False


_FIELDS = tuple(f.name for f in fields(Inspection))
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _dump(inspection: Inspection) -> str:
    # not dataclasses.asdict (it deep-copies): this runs once per newly inspected file
    return _ENCODER.encode({name: getattr(inspection, name) for name in _FIELDS})


_TYPES = {
    "sha256": (str, type(None)),
    "detected": (str,),
    "status": (str,),
    "reason": (str, type(None)),
    "pages": (int, type(None)),
}


def _load(text: str) -> Inspection | None:
    """The stored result, or None when it is not one docgen wrote (a wrong field or type)."""
    try:
        data = json.loads(text)
        if not all(type(data.get(k)) in types for k, types in _TYPES.items()):
            return None
        return Inspection(**data)
    except (TypeError, ValueError, AttributeError):
        return None
