"""format.masthead-layout: a 版头 as laid out (GB/T 9704 §7.2): the 发文机关标志 red and centred
in the 版心, and under the 发文字号 a red separator line as wide as the 版心. A document
without a 发文机关标志 (a 版头 drawn as a picture, or none at all) is left alone."""

from __future__ import annotations

from ...findings import Finding
from ...gbt9704 import spec
from ...layout import Layout, Line, Page, Rule
from .. import text as tx
from ..base import Doc
from ..zones import MASTHEAD_PT
from .common import check, finding, mm, tolerance

RULE_ID = "format.masthead-layout"

RULE_LINES = 3  # the separator sits within this many lines under the 发文字号
MARK_ENDS = ("文件", "纪要")


@check(RULE_ID)
def check_masthead(doc: Doc, layout: Layout) -> list[Finding]:
    if not layout.pages:
        return []
    page = layout.pages[0]
    mark = _mark(page)
    if mark is None:
        return []
    out = _mark_problems(doc, page, mark)
    number = _doc_number(page, mark)
    if number is not None:
        out += _rule_problems(doc, page, number)
    return out


def _mark(page: Page) -> Line | None:
    """The 发文机关标志: the first line set larger than any title, in the page's top half,
    that is red, reads "…文件" / "…纪要", or has a 发文字号 under it (a black title set
    too large is no 标志)."""
    big = [ln for ln in page.body_lines if ln.size >= MASTHEAD_PT and ln.top < page.height / 2]
    if not big:
        return None
    mark = big[0]
    named = tx.no_spaces(mark.text).endswith(MARK_ENDS)
    if tx.is_red(mark.colour) or named or _doc_number(page, mark) is not None:
        return mark
    return None


def _doc_number(page: Page, mark: Line) -> Line | None:
    for ln in page.body_lines:
        t = tx.no_spaces(ln.text)
        numbered = tx.doc_number_problems(ln.text) is not None or ("〔" in t and "号" in t)
        if ln.top > mark.bottom and numbered and len(t) < 60:
            return ln
    return None


def _mark_problems(doc: Doc, page: Page, mark: Line) -> list[Finding]:
    out = []
    text = tx.short(mark.text)
    if not tx.is_red(mark.colour):
        out.append(finding(doc, RULE_ID, "colour", 1, text=text, value=mark.colour))
    off = (mark.x0 + mark.x1) / 2 - (page.box.left + page.box.right) / 2
    if abs(off) > tolerance():
        out.append(finding(doc, RULE_ID, "centre", 1, text=text, value=mm(abs(off))))
    return out


def _rule_problems(doc: Doc, page: Page, number: Line) -> list[Finding]:
    want = float(spec.TEXT_WIDTH_MM)
    rule = _separator(page, number)
    if rule is None:
        text = tx.short(number.text)
        return [finding(doc, RULE_ID, "no-rule", 1, text=text, want=want)]
    if not tx.is_red(rule.colour):
        return [finding(doc, RULE_ID, "rule-colour", 1, value=rule.colour)]
    if abs(rule.width - page.box.width) > tolerance():
        return [finding(doc, RULE_ID, "rule-width", 1, value=mm(rule.width), want=want)]
    return []


def _separator(page: Page, number: Line) -> Rule | None:
    below = number.bottom + RULE_LINES * spec.LINE_SPACING_PT
    return next(
        (
            r
            for r in page.rules
            if number.bottom - 2 < r.y <= below and r.width > page.box.width / 2
        ),
        None,
    )
