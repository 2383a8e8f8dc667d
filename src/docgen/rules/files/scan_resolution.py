"""file.scan-resolution — scanned pages below DA/T 31-2017's 200 dpi."""

from __future__ import annotations

from dataclasses import replace

from ...catalogue import make
from ...context import AuditInput
from ...findings import WARNING
from ..base import at_row, rule
from .common import scanned

MIN_DPI = 200


def page_list(pages: list[int]) -> str:
    """“1、3–5” — page numbers as a message gives them, runs shortened."""
    runs: list[list[int]] = []
    for p in sorted(set(pages)):
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return "、".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _dpi(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.0f}"


@rule("file.scan-resolution")
def scan_resolution(ctx: AuditInput):
    for h, pages in scanned(ctx):
        for estimated in (False, True):
            low = [p for p in pages if p.dpi_estimated is estimated and p.dpi is not None]
            low = [p for p in low if p.dpi < MIN_DPI]
            if not low:
                continue
            worst = min(p.dpi for p in low)
            finding = make(
                "file.scan-resolution",
                "estimated" if estimated else "",
                at=at_row(ctx, h.i),
                pages=page_list([p.page for p in low]),
                dpi=_dpi(worst),
                value=worst,
                expected=MIN_DPI,
                **h.where,
            )
            yield replace(finding, severity=WARNING) if estimated else finding
