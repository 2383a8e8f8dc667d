"""Inspecting the filed documents: what each file really is, whether it opens, its
page count and its hash. Work runs in worker processes (docgen.workers) with a time limit
per file, and results are cached (cache.py) so a second audit does not reopen files."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from ..model import FileEntry, Inspection
from ..workers import cluster, pool
from .cache import open_cache
from .formats import Known, inspect_file

# what the last inspect_files call did: cached (not opened), reused (hashed, not parsed),
# inspected (hashed and parsed), skipped (links leaving the archive)
LAST_STATS: dict[str, int] = {}

EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
BROKEN_LINK = "是失效的符号链接（目标不存在或链接循环），无法打开"
FAILURES = {
    "timeout": "检查超时（可能是特意构造的畸形文件）",
    "crash": "检查时解析程序崩溃（可能是特意构造的畸形文件或已损坏）",
    "memory": "检查时内存超限（可能是特意构造的畸形文件）",
    "error": "检查时出错，文件可能已损坏",
}

Progress = Callable[[int, int], None]


def inspect_files(
    entries: Iterable[FileEntry],
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    alongside: pool.Background | None = None,
) -> dict[str, Inspection]:
    """Inspection of each entry, keyed by FileEntry.rel. Links that leave the archive
    are skipped: their targets are none of our business (file.outside-root reports them).

    `alongside` (e.g. reading the ledger) runs in a thread while the workers inspect;
    call its result() afterwards. If it fails, inspection stops early."""
    entries = list(entries)
    stats = {"cached": 0, "reused": 0, "inspected": 0, "skipped": 0}
    out: dict[str, Inspection] = {}
    cache = open_cache(cache_dir)
    todo: list[FileEntry] = []
    for e in entries:
        if e.link_outside:
            stats["skipped"] += 1
        elif e.link_broken:
            out[e.rel] = Inspection(None, "unknown", "unreadable", BROKEN_LINK)
        elif e.size == 0:
            out[e.rel] = Inspection(EMPTY_SHA, "empty", "empty", "文件大小为 0 字节")
        elif cache is not None and (hit := cache.lookup(e)) is not None:
            out[e.rel] = hit
            stats["cached"] += 1
        else:
            todo.append(e)
    done, total = len(entries) - len(todo), len(entries)
    _report(progress, done, total)
    known = cache.known() if cache is not None and todo else {}
    fresh = []
    jobs = [(str(e.path), ext_of(e.rel)) for e in todo]
    if todo:
        _preload()
    for i, result in cluster.run(jobs, partial(_job, known=known), alongside=alongside):
        e, ext = todo[i], jobs[i][1]
        inspection = _failed(result) if isinstance(result, pool.Failed) else result
        out[e.rel] = inspection
        stats["reused" if (inspection.sha256, ext) in known else "inspected"] += 1
        if not isinstance(result, pool.Failed):
            fresh.append((e, ext, inspection))
        done += 1
        _report(progress, done, total)
    if alongside is not None:
        alongside.wait()
    if cache is not None and not (alongside is not None and alongside.failed()):
        cache.store(fresh)  # not when the audit is about to fail: it leaves no trace
    LAST_STATS.clear()
    LAST_STATS.update(stats)
    return out


def _preload() -> None:
    """Import what the workers use before they are forked: once here rather than once
    in every worker, and never while another thread of ours runs."""
    try:
        import pypdfium2
        import pypdfium2.raw  # noqa: F401
    except ImportError:  # the PDF check reports it, file by file
        pass


def _job(job: tuple[str, str], known: Known) -> Inspection:
    path, ext = job
    return inspect_file(path, ext, known)


def _failed(failure: pool.Failed) -> Inspection:
    reason = FAILURES.get(failure.kind, FAILURES["error"])
    if failure.detail:
        reason += f"（{failure.detail}）"
    return Inspection(None, "unknown", "unreadable", reason)


def ext_of(rel: str) -> str:
    """PurePosixPath(rel).suffix without the dot, lower case (without building a path)."""
    name = rel.rpartition("/")[2]
    i = name.rfind(".")
    return name[i + 1 :].lower() if 0 < i < len(name) - 1 else ""


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


__all__ = ["LAST_STATS", "inspect_files"]
