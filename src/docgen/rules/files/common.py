"""What the file rules share: the rows' links, the inspected files they matched, and
the catalogue's fragments for what loading recorded."""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import CATALOGUE
from ...context import AuditInput
from ...model import Archive, Inspection, RowFile, ScanPage


def links(ctx: AuditInput) -> Iterator[tuple[int, RowFile]]:
    """(row index, link) for every ledger row; none without an archive."""
    if ctx.archive is not None:
        yield from enumerate(ctx.archive.links)


def column(link: RowFile) -> str:
    """The ledger column that named the file."""
    return "文件路径" if link.row.text("文件路径") else "档号"


def words(rule_id: str, variant: str, **fields: object) -> str:
    """A fragment of a message (a "note-…", "why-…" or "root-…" variant) of `rule_id`."""
    return CATALOGUE[rule_id].message(variant, **fields)


class Hit:
    """One file a row matched, with its inspection. The finding's location keys are
    worked out only for the few hits that become findings."""

    __slots__ = ("ctx", "found", "i", "link", "rel")

    def __init__(self, ctx: AuditInput, i: int, link: RowFile, rel: str, found: Inspection) -> None:
        self.ctx, self.i, self.link, self.rel, self.found = ctx, i, link, rel, found

    @property
    def shown(self) -> str:
        """The path relative to the project, as findings give it."""
        return self.ctx.archive.display(self.rel)

    @property
    def where(self) -> dict:
        return {**self.ctx.row_where(self.i, column(self.link)), "file": self.shown}


def inspected(ctx: AuditInput) -> Iterator[Hit]:
    """Every matched file that was inspected, row by row."""
    if ctx.archive is None:
        return
    inspections = ctx.archive.inspections
    for i, link in enumerate(ctx.archive.links):
        for rel in link.matched:
            found = inspections.get(rel)
            if found is not None:
                yield Hit(ctx, i, link, rel, found)


def scanned(ctx: AuditInput) -> Iterator[tuple[Hit, tuple[ScanPage, ...]]]:
    """Each scanned file a row matched, with its pages: once per row and file, though
    the row may name it twice."""
    seen: set[tuple[int, str]] = set()
    for h in inspected(ctx):
        pages = ctx.scans.get(h.rel)
        if not pages or (h.i, h.rel) in seen:
            continue
        seen.add((h.i, h.rel))
        yield h, pages


def root_problem(archive: Archive) -> str | None:
    """Why the archive folder itself could not be read (missing, no permission)."""
    for p in archive.problems:
        if p.rel == "":
            return words("file.missing", f"root-{p.what}", folder=archive.root_rel, reason=p.reason)
    return None
