"""format.colophon: the 版记's 抄送 line (full-width colon, closing full stop) and its
印发 line with the 印发日期. Wording and size are format.colophon-style's."""

from __future__ import annotations

from ...findings import Finding
from .. import text as tx
from ..base import Doc, check, finding, where
from ..docx_view import ParagraphView
from .common import with_tables


@check("format.colophon")
def check_colophon(doc: Doc) -> list[Finding]:
    out = []
    for p in with_tables(doc):
        label = tx.cc_line(p.text)
        if label:
            out += _cc_problems(doc, p, label)
        printed = tx.printed_line(p.text)
        if printed is not None and not printed[1] and "{" not in p.text:  # {{ }}: a template
            out.append(
                finding(
                    doc,
                    "format.colophon",
                    "no-date",
                    p,
                    where=where(p),
                    value=p.text.strip(),
                    expected="2026年11月23日印发",
                )
            )
    return out


def _cc_problems(doc: Doc, p: ParagraphView, label: str) -> list[Finding]:
    out = []
    t = p.text.strip(" \t\u3000")
    if t[2] != "：":
        out.append(
            finding(
                doc,
                "format.colophon",
                "colon",
                p,
                where=where(p),
                label=label,
                value=t[2],
                expected="：",
            )
        )
    if not t.endswith("。"):
        out.append(
            finding(
                doc, "format.colophon", "full-stop", p, where=where(p), value=t[-1:], expected="。"
            )
        )
    return out
