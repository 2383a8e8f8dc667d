"""format.orphan-page: a page that holds only the 发文机关署名 and 成文日期 (GB/T 9704
§7.3.5.1: the 印章 goes on the page of the 正文; "此页无正文" is not allowed). The 版记
below them, or a 附注 in brackets after the date, does not count as 正文."""

from __future__ import annotations

from ...findings import Finding
from ...layout import Layout, Line, Page
from .. import text as tx
from ..base import Doc
from .common import check, finding, is_colophon_line

SIGNATURE_LINES = 3  # a 署名 of two lines, and the date


@check("format.orphan-page")
def check_orphan_page(doc: Doc, layout: Layout) -> list[Finding]:
    out = []
    for page in layout.pages[1:]:
        shown = _signature_only(page)
        if shown:
            text = tx.short(" ".join(ln.text for ln in shown), 30)
            out.append(finding(doc, "format.orphan-page", "", page.number, text=text))
    return out


def _signature_only(page: Page) -> list[Line]:
    """The page's lines above its 版记 when they are a 署名 and a date alone, else []."""
    lines = _above_colophon(page)
    dates = [i for i, ln in enumerate(lines) if tx.looks_like_date(ln.text)]
    if not dates:
        return []
    head, tail = lines[: dates[0]], lines[dates[0] + 1 :]
    if len(head) + 1 > SIGNATURE_LINES or not all(_is_note(ln) for ln in tail):
        return []
    if any(_is_sentence(ln) for ln in head):
        return []
    return lines[: dates[0] + 1]


def _above_colophon(page: Page) -> list[Line]:
    out = []
    for ln in page.text_lines:  # a date in a table is no 成文日期
        if is_colophon_line(ln):
            break
        out.append(ln)
    return out


def _is_note(line: Line) -> bool:
    """A 附注 ("（联系人：……）") or a note where the 印章 goes."""
    return line.text.startswith(("（", "("))


def _is_sentence(line: Line) -> bool:
    """A line of 正文: it ends a sentence or introduces one."""
    return line.text.rstrip().endswith(("。", "：", ":", "；", "！", "？")) or len(line.text) > 20
