"""docgen's own stores in out/ (the caches in out/.cache/, the audit history in
out/.history/) are checked to be docgen's before they are used, because anyone who can
write out/ can plant a file there.

A SQLite store is opened with `trusted_schema` off and a progress handler that stops a
statement running past its time; its schema (every row of sqlite_master) must be a part
of what docgen itself creates: a view, a trigger or any other object means the file is
not ours. A file over its size bound is not opened at all. A store that fails is set
aside: renamed to `<name>.invalid-<time>` (with its -journal / -wal / -shm), never
deleted, with one Chinese warning on stderr naming the file; the run then goes on
without it (a cache) or with a new one (the history). The caches' rows are bound to the
file they were written in (see stamp()).
"""

from __future__ import annotations

import functools
import os
import sqlite3
import sys
import time
from collections.abc import Iterable
from pathlib import Path

SIDECARS = ("-journal", "-wal", "-shm")
PROGRESS_STEPS = 10_000  # VM instructions between two looks at the clock


class Invalid(Exception):
    """Not a store docgen wrote: the reason, in Chinese."""


def guard(con: sqlite3.Connection, seconds: float) -> None:
    """No code from the schema runs; no statement runs past `seconds` from now."""
    con.execute("PRAGMA trusted_schema = OFF")
    deadline = time.monotonic() + seconds
    con.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)


def timed_out(exc: BaseException) -> bool:
    """The progress handler stopped the statement."""
    return isinstance(exc, sqlite3.OperationalError) and "interrupt" in str(exc).lower()


def check_size(path: Path, max_bytes: int) -> None:
    """Invalid when the file (with its -wal) is over `max_bytes`; not read at all."""
    total = 0
    for name in (path, Path(f"{path}-wal")):
        try:
            total += os.stat(name).st_size
        except FileNotFoundError:
            pass
    if total > max_bytes:
        raise Invalid(f"文件大小 {total} 字节，超过 docgen 自己会写出的 {max_bytes} 字节")


def check_schema(con: sqlite3.Connection, *schemas: str) -> int | None:
    """Which of `schemas` (SQL scripts docgen runs to create the store, newest first)
    the file's schema is a part of: its index, or None when it is empty. Invalid for a
    view, a trigger, or any object or column docgen does not create."""
    rows = set(con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())
    if not rows:
        return None
    for n, script in enumerate(schemas):
        if rows <= _reference(script):  # a part: another run may be creating it right now
            return n
    odd = sorted(f"{t} {name}" for t, name, _, _ in rows - _reference(schemas[0]))
    raise Invalid(f"其中有 docgen 不会建立的对象：{'、'.join(odd[:5])}")


@functools.cache
def _reference(script: str) -> frozenset[tuple]:
    with sqlite3.connect(":memory:") as con:
        con.executescript(script)
        rows = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    con.close()
    return frozenset(rows)


def stamp(version: str, path: Path) -> str:
    """The version a store's rows were written with and the file they were written in
    (its inode): a store copied in from elsewhere — with a project, or forged on another
    machine — is a new file, and its rows are dropped instead of trusted."""
    return f"{version} ino:{os.stat(path).st_ino}"


def check_types(rows: Iterable[tuple], types: tuple[type, ...]) -> None:
    """Invalid unless each row's values have `types` (None where a type is `object`)."""
    for row in rows:
        if len(row) != len(types) or not all(
            t is object or type(v) is t for v, t in zip(row, types, strict=True)
        ):
            raise Invalid("记录的数据类型不对")


def set_aside(path: Path, what: str, reason: str, after: str) -> Path | None:
    """Rename `path` (and its sidecars) to `<name>.invalid-<time>` and warn; the new
    name, or None when it could not be renamed (the warning says so)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.invalid-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.invalid-{stamp}-{n}")
    try:
        os.replace(path, target)
    except FileNotFoundError:  # another run set it aside a moment ago
        return None
    except OSError:
        warn(f"{path} 不是 docgen 写出的{what}（{reason}），也无法改名。{after}请把它改名或移走。")
        return None
    for side in SIDECARS:  # a journal left with the old name would be replayed into a new file
        try:
            os.replace(f"{path}{side}", f"{target}{side}")
        except OSError:
            pass
    warn(f"{path} 不是 docgen 写出的{what}（{reason}），已改名为 {target.name} 保留。{after}")
    return target


def warn(message: str) -> None:
    try:
        sys.stderr.write(f"警告：{message}\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr closed: the warning has nowhere to go
        pass
