"""Reading what filed documents say: every file a ledger row found is read (its text,
OCR of its scans, LibreOffice for .doc/.wps, an OFD's own XML) or said unread, and the
indicator figures it states become Figures (source "document") for the data.* rules.

jobs.py decides which files and which way; reading.py reads them in the worker pool
(each content once, so a hostile file costs one timeout) with the caches (cache.py for
text, ocr_cache.py for OCR pages); figures.py turns statements into Figures. A plan
(材料类型 计划, or a 题名 with 计划/方案/规划/目标/责任书) is read, but its figures are
targets and are left out.

    figures, readings = read_archive(ctx.archive, ctx.dates, ctx.codes, ctx.catalogue,
                                     cache_dir=root / "out" / ".cache",
                                     home=ctx.project.city.name)
    # or simply: ctx.statements, ctx.readings = read_for(ctx)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..model import Archive, Figure, Reading
from ..output import cache_folder
from . import convert, ocr
from .figures import document_year, to_figure
from .jobs import plan
from .reading import read_jobs
from .statements import AliasMatcher, find_statements
from .text import document_text

# what the last read_archive call did: documents (files considered), cached (text
# statements from the cache), read (files opened), failed (timeouts, crashes, damaged
# files), skipped (not read: too big, no text kind, no OCR/LibreOffice), plans (read,
# figures left out), ocr_pages (pages OCR'd now), ocr_cached (pages from the OCR cache),
# statements (Figures returned)
LAST_STATS: dict[str, int] = {}
STAT_KEYS = (
    "documents", "cached", "read", "failed", "skipped", "plans", "ocr_pages", "ocr_cached",
    "statements",
)  # fmt: skip

Progress = Callable[..., None]  # (done, total) or (done, total, what the stage is)


def read_archive(
    archive: Archive | None,
    dates: dict[int, Any],
    codes: dict[int, Any],
    catalogue: Any,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    home: str | None = None,
) -> tuple[list[Figure], dict[str, Reading]]:
    """Figures the filed documents state, each attributed to a year and normalised to
    the catalogue's unit, and how each file was read, by FileEntry.rel.
    `archive.links[i]` is ledger row i; `dates` and `codes` are AuditInput.dates and
    .codes (by row index); `home` is the project's own place name (city.name), which
    may stand before an indicator's name."""
    stats = dict.fromkeys(STAT_KEYS, 0)
    if archive is None or not archive.inspections:
        _done(stats)
        return [], {}
    jobs, readings = plan(archive, ocr.available(), convert.available())
    ok = {rel for rel in readings if archive.inspections[rel].status == "ok"}
    stats["documents"] = len(jobs) + len(ok)
    stats["skipped"] = len(ok)
    stats["plans"] = sum(1 for j in jobs if j.plan)
    if catalogue is None:
        _done(stats)
        return [], readings  # nothing to look for: the files are not opened
    matcher = AliasMatcher(catalogue.aliases(), home=(home,) if home else ())
    outcome = read_jobs(jobs, matcher, cache_dir, stats, progress)
    archive.scanned = outcome.scanned  # the scan stage need not open these files again
    readings.update(outcome.readings)
    out: list[Figure] = []
    seen: set[tuple] = set()
    for job in jobs:
        if job.plan:
            continue
        year = document_year(job.index, dates, codes, job.row.text("题名"))
        shown, code = archive.display(job.rel), job.row.text("档号") or None
        for raw, how in outcome.said.get(job.rel, []):
            fig = to_figure(raw, year, catalogue, shown, code, how)
            if fig is None:
                continue
            ident = (fig.file, fig.indicator, fig.year, fig.value, fig.decimals)
            if ident not in seen:
                seen.add(ident)
                out.append(fig)
    stats["statements"] = len(out)
    _done(stats)
    return out, dict(sorted(readings.items()))


def read_for(ctx: Any, progress: Progress | None = None) -> tuple[list[Figure], dict[str, Reading]]:
    """read_archive on an AuditInput, caching under the project's out/.cache."""
    return read_archive(
        ctx.archive,
        ctx.dates,
        ctx.codes,
        ctx.catalogue,
        cache_dir=cache_folder(ctx.project.root, ctx.project),
        progress=progress,
        home=ctx.project.city.name,
    )


def extract_statements(*args: Any, **kwargs: Any) -> list[Figure]:
    """The figures of read_archive alone."""
    return read_archive(*args, **kwargs)[0]


def statements_for(ctx: Any) -> list[Figure]:
    """The figures of read_for alone."""
    return read_for(ctx)[0]


def engines() -> tuple[bool, bool]:
    """Whether OCR and LibreOffice can run here (what an audit's result depends on)."""
    return ocr.available() is None, convert.available() is None


def _done(stats: dict[str, int]) -> None:
    LAST_STATS.clear()
    LAST_STATS.update(stats)


__all__ = [
    "LAST_STATS",
    "document_text",
    "engines",
    "extract_statements",
    "find_statements",
    "read_archive",
    "read_for",
    "statements_for",
]
