"""Which filed files are read, and which way (model.READ_HOW), or why not
(model.UNREAD_REASONS): the plan, before anything is opened.

Every file a ledger row found gets one Job: PDF, DOCX, XLSX by their text (a PDF's
scanned pages then by OCR); .doc and .wps through LibreOffice; OFD natively; images
by OCR — but photographs filed as photographs (材料类型 in model.PICTURES) are
counted, never OCR'd (not-text), and so are kinds that hold no text we read (video,
archives). A file over MAX_BYTES or MAX_PAGES is too-big; one the inspection found
damaged, encrypted or empty is unreadable (its own rule reports it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import PICTURES, Archive, LedgerRow, Reading
from .text import MAX_BYTES, MAX_PAGES

TEXT_KINDS = ("pdf", "docx", "xlsx", "xls")
OFFICE_KINDS = ("doc",)  # .doc, and .wps in the OLE form (WPS's OOXML form is a docx)
OFFICE_EXTS = ("doc", "wps", "dot")
IMAGE_KINDS = ("jpeg", "png", "tiff", "bmp")
PLAN = re.compile(r"计划|方案|规划|目标|责任书")


@dataclass(frozen=True)
class Job:
    index: int  # the ledger row's index
    row: LedgerRow
    rel: str
    path: str
    sha: str
    kind: str  # Inspection.detected
    how: str  # READ_HOW: the way it is to be read
    ocr: bool  # its scanned pages (or the image) may be OCR'd
    pages: int | None = None  # Inspection.pages

    @property
    def key(self) -> tuple[str, str]:
        return (self.sha, self.kind)

    @property
    def plan(self) -> bool:
        """A plan's figures are targets: read, but not taken as results."""
        return self.row.text("材料类型") == "计划" or bool(PLAN.search(self.row.text("题名")))


def is_picture(row: LedgerRow) -> bool:
    kind = row.text("材料类型")
    return any(p in kind for p in PICTURES)


def plan(
    archive: Archive, no_ocr: str | None, no_office: str | None
) -> tuple[list[Job], dict[str, Reading]]:
    """The jobs, and the readings already decided (files that will not be read).
    `no_ocr` / `no_office`: why OCR / LibreOffice cannot run, or None when they can."""
    jobs: list[Job] = []
    decided: dict[str, Reading] = {}
    taken: set[str] = set()
    for i, link in enumerate(archive.links):
        if link.status != "found":
            continue
        for rel in link.matched:
            if rel in taken:
                continue
            taken.add(rel)
            found, entry = archive.inspections.get(rel), archive.files.get(rel)
            if found is None or entry is None:
                continue  # a link leaving the archive: file.outside-root
            if found.status != "ok" or found.sha256 is None:
                decided[rel] = Reading(rel, None, "unreadable", detail=found.reason)
                continue
            how, reason, detail = _way(rel, found.detected, link.row, no_ocr, no_office)
            if how is None:
                decided[rel] = Reading(rel, None, reason, detail=detail)
            elif entry.size > MAX_BYTES or (found.pages or 0) > MAX_PAGES:
                detail = f"超过 {MAX_BYTES >> 20} MB 或 {MAX_PAGES} 页"
                decided[rel] = Reading(rel, None, "too-big", detail=detail)
            else:
                ocr = no_ocr is None and not is_picture(link.row)
                jobs.append(
                    Job(
                        i,
                        link.row,
                        rel,
                        str(entry.path),
                        found.sha256,
                        found.detected,
                        how,
                        ocr,
                        found.pages,
                    )
                )
    return jobs, decided


def _way(
    rel: str, kind: str, row: LedgerRow, no_ocr: str | None, no_office: str | None
) -> tuple[str | None, str | None, str | None]:
    """(how, None, None) to read it; (None, reason, detail) not to."""
    if kind in TEXT_KINDS:
        return "text", None, None
    if kind == "ofd":
        return "ofd", None, None
    if kind in OFFICE_KINDS or (kind == "cfb" and rel.rpartition(".")[2].lower() in OFFICE_EXTS):
        return (
            ("libreoffice", None, None)
            if no_office is None
            else (None, "no-libreoffice", no_office)
        )
    if kind in IMAGE_KINDS:
        if is_picture(row):
            return None, "not-text", "照片"
        return ("ocr", None, None) if no_ocr is None else (None, "no-ocr", no_ocr)
    return None, "not-text", None
