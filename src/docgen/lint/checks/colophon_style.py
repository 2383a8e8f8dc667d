"""format.colophon-style: the 版记 says 抄送 (not 抄报) and is set in 4号 仿宋."""

from __future__ import annotations

from ...findings import Finding
from ...gbt9704 import spec
from ..base import Doc, check, cjk_runs, finding, where
from .common import cc_lines


@check("format.colophon-style")
def check_colophon_style(doc: Doc) -> list[Finding]:
    out = []
    for p, label in cc_lines(doc):
        if label == "抄报":
            out.append(
                finding(
                    doc,
                    "format.colophon-style",
                    "chaobao",
                    p,
                    where=where(p),
                    value="抄报",
                    expected="抄送",
                )
            )
        sizes = {r.size for r in cjk_runs(p)}
        if sizes and sizes != {spec.SIZE_4}:
            out.append(
                finding(
                    doc,
                    "format.colophon-style",
                    "size",
                    p,
                    where=where(p),
                    value="、".join(f"{s:g}" for s in sorted(sizes)) + " 磅",
                    expected="14 磅",
                )
            )
    return out
