"""The `docgen lint` checks, one module per format id; each takes a Doc and returns its
findings. `CHECKS` is the one list `docgen lint` runs (format.unreadable is not in it:
lint_file gives that finding instead of running the checks).

The checks are conservative on documents units send in: a 简报 has no 发文字号, a
document without 版记 or 附件 is fine, a paragraph the checks cannot place (tables,
attachments after "附件1", centred or right-aligned lines) is left alone.
"""

from __future__ import annotations

from ..base import Check
from .attachment import check_attachment
from .attachment_numbering import check_attachment_numbering
from .body_font import check_body_font
from .colophon import check_colophon
from .colophon_style import check_colophon_style
from .date import check_date
from .doc_number import check_doc_number
from .heading_font import check_heading_font
from .kind_elements import check_kind_elements
from .line_spacing import check_line_spacing
from .margin import check_margin
from .masthead import check_masthead
from .page_number import check_page_number
from .page_number_style import check_page_number_style
from .paper import check_paper
from .signer import check_signer
from .title_font import check_title_font
from .unreadable import FIXED_LAYOUT, fixed_layout, unreadable

CHECKS: list[Check] = [
    check_paper,
    check_margin,
    check_line_spacing,
    check_masthead,
    check_title_font,
    check_body_font,
    check_heading_font,
    check_doc_number,
    check_date,
    check_page_number,
    check_page_number_style,
    check_colophon,
    check_colophon_style,
    check_attachment,
    check_attachment_numbering,
    check_signer,
    check_kind_elements,
]
RULES: list[str] = ["format.unreadable", *(c.rule_id for c in CHECKS)]  # type: ignore[attr-defined]

__all__ = ["CHECKS", "FIXED_LAYOUT", "RULES", "fixed_layout", "unreadable"]
