"""Reading the planned files (jobs.py): their text in the worker pool, then their
scanned pages and images by OCR in the same pool under OCR_TIMEOUT and OCR_MEMORY.

Text: one job per content (sha256, kind), cached by content (cache.py) with the
statements found and the PDF's scanned pages. .doc/.wps are first converted by
LibreOffice (convert.py). OCR: one job per page (or image), each page's text stored
by content the moment it comes back (ocr_cache.py), so a killed run resumes; a bar
with an ETA on stderr when it is a terminal. Statements in OCR text are found in
the parent by the same parser and marked read_by "ocr".
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..inspect.scan import main_image
from ..model import Reading, ScanPage
from ..textfmt import progress_bar
from ..workers import cluster, pool
from . import convert, ocr, ocr_cache
from .cache import TextRead, fingerprint, open_cache
from .jobs import Job
from .ofd import ofd_text
from .statements import AliasMatcher, RawStatement, find_statements
from .text import MAX_PAGES, document_text, pdf_pages

Progress = Callable[..., None]  # (done, total, what): the audit's bar (cli_audit.ProgressBar)
READING = "读取文件文字"
OCR = "识别扫描页（OCR）"
Said = list[tuple[RawStatement, str]]  # statements with how their words were read
CJK = re.compile(r"[\u4e00-\u9fff]")
WHY = {
    "timeout": "读取超时，可能是特意构造的畸形文件或过于庞大",
    "memory": "读取时内存超限",
    "crash": "读取时解析程序崩溃",
    "error": "文件内容无法解析",
}
BAR_PAGES = 2  # fewer pages to OCR than this: no bar


@dataclass
class Outcome:
    said: dict[str, Said] = field(default_factory=dict)  # by FileEntry.rel
    readings: dict[str, Reading] = field(default_factory=dict)
    # PDFs' scanned pages measured in the same open (model.Archive.scanned)
    scanned: dict[tuple[str, str], tuple[ScanPage, ...]] = field(default_factory=dict)


def read_jobs(
    jobs: list[Job],
    matcher: AliasMatcher,
    cache_dir: Path | None,
    stats: dict[str, int],
    progress: Progress | None = None,
) -> Outcome:
    texts, failed = _texts(jobs, matcher, cache_dir, stats, progress)
    pages = _ocr_units(jobs, texts)
    read, ocr_failed = _ocr(pages, cache_dir, stats, progress)
    out = Outcome(scanned={k: t.scanned for k, t in texts.items() if t.scanned is not None})
    for job in jobs:
        _settle(job, texts, failed, read, ocr_failed, matcher, out)
    return out


# ---------------------------------------------------------------- text


def _texts(jobs, matcher, cache_dir, stats, progress):
    """TextRead by job key (images have none), and why a key failed."""
    texty = {j.key: j for j in jobs if j.how != "ocr"}
    cache = open_cache(cache_dir, fingerprint(matcher.codes, matcher.home))
    done = cache.load(set(texty)) if cache is not None else {}
    stats["cached"] = sum(1 for j in jobs if j.key in done)
    todo = [j for k, j in texty.items() if k not in done]
    failed: dict[tuple[str, str], str] = {}
    paths = _converted([j for j in todo if j.how == "libreoffice"], cache_dir, failed)
    todo = [j for j in todo if j.key not in failed]
    items = [(paths.get(j.sha, j.path), "docx" if j.how == "libreoffice" else j.kind) for j in todo]
    fresh: dict[tuple[str, str], TextRead] = {}
    count = len(jobs) - len(todo)
    for i, result in cluster.run(items, partial(_text_job, matcher=matcher)):
        if isinstance(result, pool.Failed):
            stats["failed"] += 1
            failed[todo[i].key] = _why(result)
        else:
            fresh[todo[i].key] = result
            stats["read"] += 1
        count += 1
        if progress is not None:
            progress(count, len(jobs), READING)
    if cache is not None:
        cache.store(fresh)
    return done | fresh, failed


def _converted(jobs: list[Job], cache_dir: Path | None, failed: dict) -> dict[str, str]:
    made, why = convert.converted({j.sha: j.path for j in jobs}, cache_dir)
    for j in jobs:
        if j.sha not in made:
            failed[j.key] = why or "LibreOffice 未能转换该文件（可能已损坏）"
    return made


def _text_job(job: tuple[str, str], matcher: AliasMatcher) -> TextRead:
    path, kind = job
    if kind == "pdf":
        measured: list[ScanPage | None] = []
        pages = pdf_pages(path, partial(_measure, measured))
        text = "\n".join(t for t, _ in pages)
        whole = None not in measured and len(pages) < MAX_PAGES  # else perhaps cut short
        scanned = tuple(p for p in measured if p) if whole else None
        scan = tuple(n for n, p in enumerate(pages) if p[1])
        return TextRead(find_statements(text, matcher), scan, scanned)
    text = ofd_text(path) if kind == "ofd" else document_text(path, kind)
    return TextRead(find_statements(text, matcher))


def _measure(out: list, index: int, page: Any) -> None:
    """The page's scan measurement (inspect/scan.py) while it is open: False for a page
    of text, None when it failed (the scan stage then measures the file itself)."""
    try:
        from pypdfium2 import raw

        found = main_image(page, raw)
    except Exception:  # noqa: BLE001 - the scan stage will try again, under its own limits
        out.append(None)
        return
    out.append(False if found is None else ScanPage(index + 1, *found))


def _why(failed: pool.Failed) -> str:
    """What went wrong, in Chinese: a reader's own Chinese message, else the kind."""
    detail = failed.detail.partition(": ")[2]
    if failed.kind == "error" and CJK.search(detail):
        return detail
    return WHY.get(failed.kind, WHY["error"])


# ---------------------------------------------------------------- OCR


def _ocr_units(jobs: list[Job], texts: dict) -> dict[tuple[str, int], str]:
    """(sha256, page) → the file's path, for every page to OCR (-1: an image file)."""
    units: dict[tuple[str, int], str] = {}
    for job in jobs:
        if not job.ocr:
            continue
        if job.how == "ocr":
            units.setdefault((job.sha, -1), job.path)
        elif job.kind == "pdf" and job.key in texts:
            for page in texts[job.key].scan:
                units.setdefault((job.sha, page), job.path)
    return units


def _ocr(units: dict, cache_dir: Path | None, stats: dict[str, int], progress: Progress | None):
    """OCR text by (sha256, page), and why the pages that failed did."""
    cache = ocr_cache.open_cache(cache_dir)
    read = ocr_cache.cached(cache, set(units))
    stats["ocr_cached"] = len(read)
    todo = [k for k in sorted(units) if k not in read]
    failed: dict[tuple[str, int], str] = {}
    if not todo:
        return read, failed
    items = [(units[k], k[1]) for k in todo]
    workers = min(len(items), pool.worker_count(pool.SMALL_JOB))
    with _Bar(len(items), progress) as bar:
        run = cluster.run(
            items, _ocr_job, workers=workers, timeout=ocr.OCR_TIMEOUT, memory=ocr.OCR_MEMORY
        )
        for i, result in run:
            if isinstance(result, pool.Failed):
                failed[todo[i]] = _why(result)
            else:
                read[todo[i]] = result
                stats["ocr_pages"] += 1
                if cache is not None:
                    cache.store({todo[i]: result})  # at once: a killed run keeps it
            bar.step()
    return read, failed


def _ocr_job(item: tuple[str, int]) -> str:
    path, page = item
    if page < 0:
        return ocr.ocr_image(path)
    return ocr.ocr_pdf_pages(path, [page]).get(page, "")


class _Bar:
    """The audit's bar when it has one (`progress`); else rich's bar with an ETA on
    stderr, when it is a terminal and there are pages enough."""

    def __init__(self, total: int, progress: Progress | None = None) -> None:
        self.total, self.bar, self.task, self.done = total, None, None, 0
        self.progress = progress

    def __enter__(self) -> _Bar:  # noqa: PYI034
        if self.progress is not None:
            self.progress(0, self.total, OCR)
        elif self.total >= BAR_PAGES and sys.stderr.isatty():
            self.bar = progress_bar()
            self.bar.start()
            self.task = self.bar.add_task(OCR, total=self.total)
        return self

    def step(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total, OCR)
        elif self.bar is not None:
            self.bar.advance(self.task)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


# ---------------------------------------------------------------- per file


def _settle(job, texts, failed, read, ocr_failed, matcher, out: Outcome) -> None:
    """The file's statements and Reading, from its text and OCR'd pages."""
    if job.key in failed:
        reason = "timeout" if failed[job.key] == WHY["timeout"] else "unreadable"
        out.readings[job.rel] = Reading(job.rel, None, reason, detail=failed[job.key])
        return
    text = texts.get(job.key)
    said: Said = [(s, job.how) for s in text.said] if text is not None else []
    pages = [-1] if job.how == "ocr" else list(text.scan if text is not None else ())
    done = [p for p in pages if (job.sha, p) in read] if job.ocr else []
    for p in done:
        said.extend((s, "ocr") for s in find_statements(read[(job.sha, p)], matcher))
    out.said[job.rel] = said
    whole = job.pages is not None and len(pages) >= job.pages
    all_scan = job.how == "ocr" or (bool(pages) and whole)
    if all_scan and pages and not done:
        out.readings[job.rel] = _unread_scan(job, pages, ocr_failed)
        return
    how = "ocr" if done else job.how
    missing = tuple(p + 1 for p in pages if p >= 0 and (job.sha, p) not in read)
    if not missing or (not job.ocr and ocr.available() is None):  # all read, or photos
        out.readings[job.rel] = Reading(job.rel, how, ocr_pages=len(done))
        return
    why = next(
        (ocr_failed[(job.sha, p - 1)] for p in missing if (job.sha, p - 1) in ocr_failed), None
    )
    reason = "no-ocr" if not job.ocr else "timeout" if why == WHY["timeout"] else "unreadable"
    detail = ocr.available() if not job.ocr else why or "识别失败"
    out.readings[job.rel] = Reading(job.rel, how, reason, len(done), detail, missing)


def _unread_scan(job: Job, pages: list[int], ocr_failed: dict) -> Reading:
    """A file that is all scan, of which OCR read nothing."""
    if not job.ocr:
        picture = ocr.available() is None
        reason = "not-text" if picture else "no-ocr"
        return Reading(job.rel, None, reason, detail=None if picture else ocr.available())
    why = next((ocr_failed[(job.sha, p)] for p in pages if (job.sha, p) in ocr_failed), None)
    reason = "timeout" if why == WHY["timeout"] else "unreadable"
    return Reading(job.rel, None, reason, detail=why or "识别失败")
