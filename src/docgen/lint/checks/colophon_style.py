"""format.colophon-style: the 版记 says 抄送 (not 抄报) and is set in 4号 仿宋: every line
from the first 版记 line (主送 moved into the 版记, 抄送) to the 印发 line."""

from __future__ import annotations

from collections import defaultdict

from ...findings import Finding
from ...gbt9704 import spec
from .. import text as tx
from ..base import Doc, check, cjk_runs, finding, where, where_many
from ..docx_view import ParagraphView
from .common import cc_lines, top_level


@check("format.colophon-style")
def check_colophon_style(doc: Doc) -> list[Finding]:
    out = [
        finding(
            doc,
            "format.colophon-style",
            "chaobao",
            p,
            where=where(p),
            value="抄报",
            expected="抄送",
        )
        for p, label in cc_lines(doc)
        if label == "抄报"
    ]
    wrong: dict[float, list[ParagraphView]] = defaultdict(list)
    for p in colophon_paragraphs(doc):
        size = next((r.size for r in cjk_runs(p) if abs(r.size - spec.SIZE_4) > 0.25), None)
        if size is not None:
            wrong[size].append(p)
    out += [
        finding(
            doc,
            "format.colophon-style",
            "size",
            ps[0],
            where=where_many(ps),
            value=f"{size:g} 磅",
            expected=f"{spec.SIZE_4:g} 磅",
        )
        for size, ps in sorted(wrong.items())
    ]
    return out


def colophon_paragraphs(doc: Doc) -> list[ParagraphView]:
    """The 版记's lines: outside tables from the first 版记 line to the last, and the
    版记 lines in tables (a 版记 is often a table)."""
    lines = top_level(doc)
    pairs = tx.with_next([p.text for p in lines])
    marks = [i for i, (t, following) in enumerate(pairs) if tx.colophon_line(t, following)]
    out = lines[marks[0] : marks[-1] + 1] if marks else []
    cells = doc.view.table_paragraphs
    pairs = tx.with_next([q.text for q in cells])
    return out + [q for q, (t, nxt) in zip(cells, pairs, strict=True) if tx.colophon_line(t, nxt)]
