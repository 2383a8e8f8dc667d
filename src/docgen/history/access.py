"""Opening the history safely and saying what went wrong: a history that claims to be
docgen's but is not (a view, a trigger, an extra object, over its size) is set aside
before use (see stores.py); sqlite, zlib and file-system errors become a HistoryError
naming the file and the fix.

A run killed while it recorded leaves a hot journal (audit-history.sqlite-journal).
SQLite rolls it back the next time the file is opened read-write, so docgen always
opens the history read-write, also to show it; only when the folder or the file may
not be written does the journal stay, and the message then says exactly that.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from ..stores import Invalid, check_schema, check_size, guard, set_aside, timed_out
from .schema import SCHEMA_SQL
from .store import (
    APPLICATION_ID,
    BUSY_SECONDS,
    READ_SECONDS,
    Damaged,
    HistoryError,
    Newer,
    connect,
)

MAX_BYTES = 1024**3  # a run of 80,000 findings takes about 1 MB
SCHEMA_SCRIPT = ";\n".join(SCHEMA_SQL) + ";"
NOT_RECORDED = "本次审核没有记录到历史中，审核结果不受影响。"
_AFTER_WRITE = "本次审核记录到新建的审核历史中（以前的记录保留在改名后的文件里）。"
_AFTER_READ = "下次审核时会新建一份审核历史（以前的记录保留在改名后的文件里）。"


def vet(path: Path, writing: bool) -> None:
    """Set the file aside when it claims to be docgen's history (its application id)
    but holds what docgen never creates, or is too big to be one. Opening it read-write
    here also rolls back a journal a killed run left."""
    if not path.is_file():
        return
    try:
        check_size(path, MAX_BYTES)
        with closing(connect(path, "rw")) as con:
            guard(con, BUSY_SECONDS + READ_SECONDS)
            if con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
                check_schema(con, SCHEMA_SCRIPT)
    except Invalid as exc:
        set_aside(path, "审核历史", str(exc), _AFTER_WRITE if writing else _AFTER_READ)
    except sqlite3.Error:
        pass  # damaged, foreign, locked, read-only: the open that follows says which


@contextmanager
def translated(path: Path, writing: bool) -> Iterator[None]:
    """sqlite, zlib and file-system errors → HistoryError naming the file and the fix."""
    try:
        yield
    except Damaged as exc:
        raise HistoryError(_damaged(path, str(exc), writing)) from None
    except Newer as exc:
        raise HistoryError(
            f"审核历史文件 {path} 由更新版本的 docgen 建立（格式版本 {exc}），本版本不能"
            f"{'写入' if writing else '读取'}。请升级 docgen；或把该文件改名（或删除）后重新审核，"
            f"docgen 会新建一份审核历史。{NOT_RECORDED if writing else ''}"
        ) from None
    except sqlite3.Error as exc:
        raise HistoryError(_sqlite_message(path, exc, writing)) from None
    except (zlib.error, ValueError, LookupError, TypeError) as exc:  # data that does not decode
        raise HistoryError(_damaged(path, f"数据无法解读：{type(exc).__name__}", writing)) from None
    except OSError as exc:
        raise HistoryError(
            cannot_write(path, exc) if writing else _cannot_read(path, _reason(exc))
        ) from None


def _sqlite_message(path: Path, exc: sqlite3.Error, writing: bool) -> str:
    name = getattr(exc, "sqlite_errorname", "") or ""
    if timed_out(exc):
        after = _AFTER_WRITE if writing else _AFTER_READ
        set_aside(path, "审核历史", f"读取超过 {BUSY_SECONDS + READ_SECONDS} 秒", after)
        return f"读取审核历史文件 {path} 超时，已停止。{NOT_RECORDED if writing else ''}"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (
            f"审核历史文件 {path} 被另一个 docgen 进程占用超过 {BUSY_SECONDS} 秒。"
            f"{NOT_RECORDED if writing else '请稍后再运行 docgen history。'}"
            "如没有其他审核在运行，请检查是否有程序打开了这个文件。"
        )
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_FORMAT")) or (
        not name
        and isinstance(exc, sqlite3.DatabaseError)
        and not isinstance(exc, sqlite3.OperationalError)
    ):
        return _damaged(path, _reason(exc), writing)
    journal = Path(f"{path}-journal")
    if name.startswith("SQLITE_READONLY") and journal.exists():
        return (
            f"审核历史文件 {path} 上次写入时被中断，留下了 {journal.name}；"
            f"docgen 要写入文件夹 {path.parent} 才能把它恢复，但这里不能写入（只读）。"
            f"{NOT_RECORDED if writing else ''}请让这个文件夹和文件可以写入后重新运行，"
            "记录会自动恢复；不要删除 -journal 文件。"
        )
    if writing:
        return cannot_write(path, exc)
    return _cannot_read(path, _reason(exc))


def _cannot_read(path: Path, reason: str) -> str:
    permission = reason in ("没有访问权限", "没有读取权限", "文件或所在文件夹是只读的")
    fix = "请检查文件的访问权限。" if permission else "请检查磁盘和这个文件是否完好。"
    return f"无法读取审核历史文件 {path}（{reason}）。{fix}"


def _damaged(path: Path, reason: str, writing: bool) -> str:
    return (
        f"审核历史文件 {path} 已损坏或不是 docgen 的审核历史（{reason}）。"
        f"{NOT_RECORDED if writing else ''}docgen 不会删除它："
        "请把它改名（如改为 audit-history.bak）"
        "或删除，下次审核时会新建一份审核历史（以前的记录随之不再显示）。"
    )


def cannot_write(path: Path, exc: Exception) -> str:
    return (
        f"无法写入审核历史 {path}（{_reason(exc, writing=True)}）。{NOT_RECORDED}"
        "请检查项目的 out 文件夹是否存在、可以写入，磁盘是否已满。"
    )


SQLITE_REASONS = {
    "SQLITE_NOTADB": "文件内容不是 SQLite 数据库",
    "SQLITE_CORRUPT": "数据库文件已损坏",
    "SQLITE_FORMAT": "数据库格式不对",
    "SQLITE_READONLY": "文件或所在文件夹是只读的",
    "SQLITE_CANTOPEN": "无法打开或新建这个文件",
    "SQLITE_FULL": "磁盘已满",
    "SQLITE_IOERR": "读写磁盘出错",
    "SQLITE_PERM": "没有访问权限",
    "SQLITE_AUTH": "没有访问权限",
}


def _reason(exc: Exception, writing: bool = False) -> str:
    """Why, in Chinese where we know the cause."""
    if isinstance(exc, OSError):
        from ..errors import read_reason, write_reason

        return write_reason(exc) if writing else read_reason(exc)
    name = getattr(exc, "sqlite_errorname", "") or ""
    for prefix, reason in SQLITE_REASONS.items():
        if name.startswith(prefix):
            return reason
    return str(exc) or type(exc).__name__
