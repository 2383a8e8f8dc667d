"""`docgen lint` on the laid-out page: the .docx files are laid out by LibreOffice in one
run (docgen.layout), then each file's page checks run in a worker process, like the
other checks (docgen.workers.pool). A file that could not be laid out, or whose checks
failed, gets one format.layout-unchecked finding: skipped, never silently passed."""

from __future__ import annotations

from pathlib import Path

from ..findings import Finding
from ..inspect import FAILURES
from ..layout import Layout, LayoutUnread, converted, read_or_unread
from ..workers import pool
from .base import Doc
from .docx_view import open_docx
from .page_checks import PAGE_CHECKS, PAGE_RULES, unchecked
from .zones import zones

PAGE_TIMEOUT = 60.0  # seconds without progress on one file's PDF
RULES = [*PAGE_RULES, "format.layout-unchecked"]


def page_findings(todo: list[str]) -> list[Finding]:
    """The page checks' findings for the .docx files in `todo` (files the other checks
    could read: an unreadable file is not laid out)."""
    if not todo:
        return []
    out: list[Finding] = []
    with converted([Path(n) for n in todo]) as pdfs:
        items = [(n, _where(pdfs[Path(n)])) for n in todo]
        for i, result in pool.run(items, check_file, timeout=PAGE_TIMEOUT):
            if isinstance(result, pool.Failed):
                reason = FAILURES.get(result.kind, FAILURES["error"])
                out.append(unchecked(todo[i], reason, PAGE_RULES))
            else:
                out += result
    return out


def _where(pdf: Path | LayoutUnread) -> str | LayoutUnread:
    return str(pdf) if isinstance(pdf, Path) else pdf


def check_file(item: tuple[str, str | LayoutUnread]) -> list[Finding]:
    """One file's page checks, on its PDF (or the one finding that says why not)."""
    name, pdf = item
    layout = read_or_unread(Path(pdf) if isinstance(pdf, str) else pdf)
    if isinstance(layout, LayoutUnread):
        return [unchecked(name, layout.reason, PAGE_RULES)]
    return run_checks(_doc(name), layout)


def run_checks(doc: Doc, layout: Layout) -> list[Finding]:
    out: list[Finding] = []
    for check in PAGE_CHECKS:
        out += check(doc, layout)
    return out


def _doc(name: str) -> Doc:
    view = open_docx(name)
    title, body = zones(view)
    return Doc(name, view, title, body)
