"""Reading what filed documents say: indicator figures stated in PDF, DOCX and XLSX
files, as Figures (source "document") for the data.* rules.

Which files: each ledger row's file(s) that inspection found "ok" and of a kind with
text (pdf, docx, xlsx), at most MAX_BYTES and MAX_PAGES; not plans (材料类型 计划, or
a 题名 with 计划/方案/规划/目标/责任书), whose figures are targets. Each file is read
once per content (sha256) in the inspection worker pool, so a hostile file costs one
timeout, and its statements are cached by content (cache.py).

    ctx.statements = extract_statements(ctx.archive, ctx.dates, ctx.codes, ctx.catalogue,
                                        cache_dir=root / "out" / ".cache",
                                        home=ctx.project.city.name)
    # or simply: ctx.statements = statements_for(ctx)
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ..indicators.units import normalise
from ..model import Archive, Figure, LedgerRow
from ..output import cache_folder
from ..workers import cluster, pool
from .cache import fingerprint, open_cache
from .statements import AliasMatcher, RawStatement, find_statements
from .text import MAX_BYTES, MAX_PAGES, document_text
from .years import title_year

# what the last extract_statements call did: documents (files considered), cached
# (statements from the cache), read (files opened), failed (timeouts, crashes, damaged
# files), skipped (plans, too big, no text kind), statements (Figures returned)
LAST_STATS: dict[str, int] = {}

TEXT_KINDS = ("pdf", "docx", "xlsx")
# Not read from text: grades (C级) are no numbers, and counts of incidents and places
# (重大食品安全事故 起, 烟草广告 处) are written "查处烟草广告3处", "处置一般食品安全事故2起":
# what was dealt with, not what the indicator counts.
COUNTED = ("起", "处")
PLAN = re.compile(r"计划|方案|规划|目标|责任书")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class _Doc:
    index: int  # the ledger row's index in `rows`
    row: LedgerRow
    rel: str
    path: str
    key: tuple[str, str]  # (sha256, detected kind)


def extract_statements(
    archive: Archive | None,
    dates: dict[int, Any],
    codes: dict[int, Any],
    catalogue: Any,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    home: str | None = None,
) -> list[Figure]:
    """Figures the filed documents state, each attributed to a year and normalised to
    the catalogue's unit. `archive.links[i]` is ledger row i; `dates` and `codes` are
    AuditInput.dates and .codes (by row index); `home` is the project's own place
    name (city.name), which may stand before an indicator's name."""
    stats = dict.fromkeys(("documents", "cached", "read", "failed", "skipped", "statements"), 0)
    if archive is None or catalogue is None or not archive.inspections:
        _done(stats)
        return []
    matcher = AliasMatcher(catalogue.aliases(), home=(home,) if home else ())
    docs = _documents(archive, stats)
    said = _read_all(docs, matcher, cache_dir, stats, progress)
    out: list[Figure] = []
    seen: set[tuple] = set()
    for doc in docs:
        year = _document_year(doc.index, dates, codes, doc.row.text("题名"))
        for raw in said.get(doc.key, []):
            fig = _figure(raw, doc, year, archive, catalogue)
            if fig is None:
                continue
            ident = (fig.file, fig.indicator, fig.year, fig.value, fig.decimals)
            if ident not in seen:
                seen.add(ident)
                out.append(fig)
    stats["statements"] = len(out)
    _done(stats)
    return out


def statements_for(ctx: Any) -> list[Figure]:
    """extract_statements on an AuditInput, caching under the project's out/.cache."""
    return extract_statements(
        ctx.archive,
        ctx.dates,
        ctx.codes,
        ctx.catalogue,
        cache_dir=cache_folder(ctx.project.root, ctx.project),
        home=ctx.project.city.name,
    )


# ---------------------------------------------------------------- which files


def _documents(archive: Archive, stats: dict[str, int]) -> list[_Doc]:
    docs: list[_Doc] = []
    taken: set[str] = set()
    for i, link in enumerate(archive.links):
        if link.status != "found":
            continue
        for rel in link.matched:
            if rel in taken:
                continue
            taken.add(rel)
            found, entry = archive.inspections.get(rel), archive.files.get(rel)
            if found is None or entry is None or found.status != "ok" or found.sha256 is None:
                continue  # the file.* rules report it
            stats["documents"] += 1
            if (
                found.detected not in TEXT_KINDS
                or entry.size > MAX_BYTES
                or (found.pages or 0) > MAX_PAGES
                or _is_plan(link.row)
            ):
                stats["skipped"] += 1
                continue
            docs.append(_Doc(i, link.row, rel, str(entry.path), (found.sha256, found.detected)))
    return docs


def _is_plan(row: LedgerRow) -> bool:
    return row.text("材料类型") == "计划" or bool(PLAN.search(row.text("题名")))


# ---------------------------------------------------------------- reading


def _read_all(
    docs: list[_Doc],
    matcher: AliasMatcher,
    cache_dir: Path | None,
    stats: dict[str, int],
    progress: Progress | None,
) -> dict[tuple[str, str], list]:
    wanted = {d.key for d in docs}
    cache = open_cache(cache_dir, fingerprint(matcher.codes, matcher.home))
    said = cache.load(wanted) if cache is not None else {}
    stats["cached"] = sum(1 for d in docs if d.key in said)
    todo = list({d.key: d for d in docs if d.key not in said}.values())
    jobs = [(d.path, d.key[1]) for d in todo]
    fresh: dict[tuple[str, str], list[RawStatement]] = {}
    done = len(docs) - len(todo)
    for i, result in cluster.run(jobs, partial(_job, matcher=matcher)):
        if isinstance(result, pool.Failed):
            stats["failed"] += 1
        else:
            fresh[todo[i].key] = result
            stats["read"] += 1
        done += 1
        if progress is not None:
            progress(done, len(docs))
    if cache is not None:
        cache.store(fresh)
    return said | fresh


def _job(job: tuple[str, str], matcher: AliasMatcher) -> list[RawStatement]:
    path, kind = job
    return find_statements(document_text(path, kind), matcher)


# ---------------------------------------------------------------- figures


def _document_year(
    i: int, dates: dict[int, Any], codes: dict[int, Any], title: str | None = None
) -> int | None:
    """The year the ledger row's 题名 speaks of ("2023年…统计公报", filed in 2024: 2023),
    else the row's 日期 year, else its 档号 year. (The document's own sentence, then its
    title or lead lines, come before all three: statements.py.)"""
    named = title_year(title)
    if named is not None:
        return named
    d = dates.get(i)
    if d is not None and getattr(d, "date", None) is not None:
        return d.date.year
    code = codes.get(i)
    return code.year if code is not None else None


def _figure(
    raw: RawStatement, doc: _Doc, doc_year: int | None, archive: Archive, catalogue: Any
) -> Figure | None:
    year = raw.year if raw.year is not None else doc_year
    if year is None:
        return None
    if raw.horizon is not None and (doc_year is None or doc_year < raw.horizon):
        return None  # "到2026年…达到" written before 2026: a target
    indicator = catalogue.find(raw.indicator)
    if indicator is None or indicator.kind != "number" or indicator.unit in COUNTED:
        return None
    converted = _normalise(raw.value, raw.unit, indicator.unit)
    if converted is None:
        return None  # a unit this indicator cannot be in: not a statement of it
    return Figure(
        indicator=indicator.code,
        year=year,
        value=converted,
        unit=indicator.unit,
        decimals=_decimals(raw, converted),
        source="document",
        file=archive.display(doc.rel),
        archive_code=doc.row.text("档号") or None,
        text=raw.text,
        raw_unit=raw.unit,
    )


def _normalise(value: float, unit: str, target: str | None) -> float | None:
    if not target:
        return value
    return normalise(value, unit, target)


def _decimals(raw: RawStatement, converted: float) -> int:
    """The stated precision in the catalogue's unit: 0.5 平方千米 → 500000 平方米 is
    precise to 100000 (decimals -5)."""
    if raw.value == 0 or converted == 0:
        return raw.decimals
    shift = round(math.log10(abs(converted / raw.value)))
    return raw.decimals - shift


def _done(stats: dict[str, int]) -> None:
    LAST_STATS.clear()
    LAST_STATS.update(stats)


__all__ = ["LAST_STATS", "extract_statements", "find_statements", "statements_for"]
