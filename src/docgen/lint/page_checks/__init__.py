"""The checks of the laid-out page, one module per format id; each takes the Doc (the
.docx with its zones) and its Layout (docgen.layout) and returns its findings.
`PAGE_CHECKS` is the one list `docgen lint` runs on every laid-out file
(format.layout-unchecked is not in it: lint/page.py gives that finding instead)."""

from __future__ import annotations

from .colophon_position import check_colophon_position
from .common import PageCheck
from .first_page_number import check_first_page_number
from .grid import check_grid
from .masthead import check_masthead
from .orphan_page import check_orphan_page
from .title_break import check_title_break
from .unchecked import unchecked

PAGE_CHECKS: list[PageCheck] = [
    check_grid,
    check_masthead,
    check_colophon_position,
    check_orphan_page,
    check_title_break,
    check_first_page_number,
]
PAGE_RULES: list[str] = [c.rule_id for c in PAGE_CHECKS]  # type: ignore[attr-defined]

__all__ = ["PAGE_CHECKS", "PAGE_RULES", "unchecked"]
