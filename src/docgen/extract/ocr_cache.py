"""What OCR read, by content: ocr.sqlite in the project's out/.cache, or in the folder
DOCGEN_OCR_CACHE names (shared by several projects, or by a test session's copies of
the demo, so the same scan is read once).

Key: the file's sha256, the page (0-based PDF page; -1 for an image file, all its
frames) and OCR_VERSION (the engine, its version and settings). Each page's text is written as
soon as it is read, so a run that is killed keeps the pages it finished (the next run
goes on from there). An optimisation only: a store that cannot be opened or written
means pages are read again; one that is not ours (stores.py) is set aside.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from importlib import metadata
from pathlib import Path

from ..stores import Invalid, check_schema, check_size, check_types, guard, set_aside
from . import ocr


def _engine_version() -> str:
    try:
        return metadata.version("rapidocr")
    except metadata.PackageNotFoundError:
        return "none"


OCR_VERSION = (
    f"ocr-2 {ocr.MAX_SIDE} {ocr.DET_SIDE} {ocr.MIN_SIDE} {ocr.PDF_DPI}"
    f" narrow {ocr.REC_NARROW} margin"
    f" batch {ocr.REC_BATCH} rapidocr {_engine_version()}"
)
DB_NAME = "ocr.sqlite"
ENV = "DOCGEN_OCR_CACHE"
MAX_BYTES = 1 << 30
READ_SECONDS = 20
_WHAT = "OCR 识别结果缓存"
_AFTER = "本次审核不使用这份缓存，重新识别扫描页（审核结果不受影响）。"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages
    (sha256 TEXT, page INTEGER, version TEXT, text TEXT, PRIMARY KEY (sha256, page, version));
"""

Key = tuple[str, int]  # (sha256, page)


def folder(cache_dir: Path | None) -> Path | None:
    """Where OCR text is kept: DOCGEN_OCR_CACHE when set, else the project's cache."""
    shared = os.environ.get(ENV, "").strip()
    return Path(shared) if shared else cache_dir


class OcrCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        if path.exists():
            check_size(path, MAX_BYTES)
        with closing(_connect(path)) as conn, conn:
            check_schema(conn, _SCHEMA)
            conn.executescript(_SCHEMA)

    def load(self, keys: set[Key]) -> dict[Key, str]:
        if not keys:
            return {}
        with closing(_connect(self.path)) as conn:
            rows = conn.execute(
                "SELECT sha256, page, text FROM pages WHERE version = ?", (OCR_VERSION,)
            ).fetchall()
        check_types(rows, (str, int, str))
        return {(sha, page): text for sha, page, text in rows if (sha, page) in keys}

    def store(self, fresh: dict[Key, str]) -> None:
        """Written at once (a killed run keeps these); a failure only costs a re-read."""
        if not fresh:
            return
        rows = [(sha, page, OCR_VERSION, text) for (sha, page), text in fresh.items()]
        try:
            with closing(_connect(self.path)) as conn, conn:
                conn.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?)", rows)
        except sqlite3.Error:
            pass


def open_cache(cache_dir: Path | None) -> OcrCache | None:
    where = folder(cache_dir)
    if where is None:
        return None
    path = where / DB_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return OcrCache(path)
    except Invalid as exc:
        set_aside(path, _WHAT, str(exc), _AFTER)
    except sqlite3.OperationalError:
        pass  # locked or read-only: run without
    except sqlite3.DatabaseError:
        set_aside(path, _WHAT, "文件已损坏", _AFTER)
    except OSError:
        pass
    return None


def cached(cache: OcrCache | None, keys: set[Key]) -> dict[Key, str]:
    if cache is None:
        return {}
    try:
        return cache.load(keys)
    except Invalid as exc:
        set_aside(cache.path, _WHAT, str(exc), _AFTER)
    except sqlite3.Error:
        pass
    return {}


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=10)
    guard(conn, READ_SECONDS)
    return conn
