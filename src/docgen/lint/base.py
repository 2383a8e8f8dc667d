"""What every check shares: the document with its zones, and how findings name a place."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..findings import Finding
from . import text as tx
from .docx_view import DocxView, ParagraphView


@dataclass
class Doc:
    """A view plus the zones the checks share."""

    path: str
    view: DocxView
    title: list[ParagraphView] = field(default_factory=list)
    body: list[ParagraphView] = field(default_factory=list)  # 正文 incl. headings


def finding(
    doc: Doc,
    rule: str,
    severity: str,
    message: str,
    p: ParagraphView | None = None,
    value=None,
    expected=None,
) -> Finding:
    row = p.number if p is not None and p.number else None
    return Finding(rule, severity, message, file=doc.path, row=row, value=value, expected=expected)


def where(p: ParagraphView) -> str:
    label = f"第 {p.number} 段" if p.number else "表格中的段落"
    return f"{label}“{tx.short(p.text)}”"


def where_many(ps: list[ParagraphView]) -> str:
    return where(ps[0]) + (f"等 {len(ps)} 段" if len(ps) > 1 else "")


def cjk_runs(p: ParagraphView, start: int = 0, end: int | None = None):
    end = len(p.text) if end is None else end
    for run in p.runs:
        if run.start + len(run.text) > start and run.start < end and tx.has_cjk(run.text):
            yield run
