"""format.date: 成文日期 and 印发日期 in Arabic numerals, “2026年1月5日”."""

from __future__ import annotations

from ...findings import Finding
from .. import text as tx
from ..base import Doc, check, finding, where
from ..zones import byline_date
from .common import with_tables


def _date_candidates(doc: Doc):
    """(paragraph, date text, what): dates written alone, and 印发 lines' dates."""
    for p in with_tables(doc):
        printed = tx.printed_line(p.text)
        if printed and printed[1]:
            yield p, printed[1], "印发日期"
        elif not p.in_table and tx.looks_like_date(p.text):
            yield p, tx.no_spaces(p.text), "成文日期"
        elif not p.in_table and (date := byline_date(p)):
            yield p, date, "日期"


@check("format.date")
def check_date(doc: Doc) -> list[Finding]:
    out = []
    for p, value, what in _date_candidates(doc):
        issue = tx.date_issue(value)
        if issue is None:
            continue
        out.append(
            finding(
                doc,
                "format.date",
                "" if issue.expected else "no-fix",
                p,
                where=where(p),
                what=what,
                shown="" if tx.no_spaces(p.text) == value else f"“{value}”",
                problem=issue.problem,
                value=value,
                expected=issue.expected,
            )
        )
    return out
