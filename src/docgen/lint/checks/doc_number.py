"""format.doc-number: the 发文字号 written as 机关代字〔年份〕序号号."""

from __future__ import annotations

from ...findings import Finding
from .. import text as tx
from ..base import Doc, check, finding, where
from .common import top_level


@check("format.doc-number")
def check_doc_number(doc: Doc) -> list[Finding]:
    out = []
    for p in top_level(doc):
        found = tx.doc_number_problems(p.text)
        if not found or not found[0]:
            continue
        problems, fixed = found
        out.append(
            finding(
                doc,
                "format.doc-number",
                "",
                p,
                where=where(p),
                problems="；".join(problems),
                value=tx.doc_number_part(p.text),
                expected=fixed,
            )
        )
    return out
