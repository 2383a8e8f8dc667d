"""What every check shares: the document with its zones, how a check is tagged with
its id, and how findings name a place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..catalogue import make
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
    signature: list[ParagraphView] = field(default_factory=list)  # 署名, 成文日期


Check = Callable[[Doc], list[Finding]]


def check(rule_id: str) -> Callable[[Check], Check]:
    """Tag a check function with the format id its findings carry."""

    def tag(fn: Check) -> Check:
        fn.rule_id = rule_id  # type: ignore[attr-defined]
        return fn

    return tag


def finding(
    doc: Doc, rule_id: str, variant: str = "", p: ParagraphView | None = None, **fields: Any
) -> Finding:
    """A finding of `rule_id` in `doc` (catalogue.make); `row` is the number of the
    paragraph `p`, None for the document as a whole or a paragraph in a table."""
    row = p.number if p is not None and p.number else None
    return make(rule_id, variant, file=doc.path, row=row, **fields)


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
