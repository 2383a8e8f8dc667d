"""GB/T 9704-2012 公文 layout, shared by the built-in templates and `docgen lint`.

`spec` holds the numbers and accepted font names, `oxml` the raw XML helpers, `build`
the python-docx builders a template is written with.
"""

from ..cn.dates import chinese_date
from . import spec
from .build import (
    add_attachment_note,
    add_body,
    add_doc_number,
    add_heading,
    add_masthead,
    add_recipient,
    add_signature,
    add_table,
    add_title,
    blank_line,
    doc_number,
    new_document,
    page_break,
    set_run_font,
)
from .colophon import add_colophon, cc_text, colophon_table

__all__ = [
    "add_attachment_note",
    "add_body",
    "add_colophon",
    "add_doc_number",
    "add_heading",
    "add_masthead",
    "add_recipient",
    "add_signature",
    "add_table",
    "add_title",
    "blank_line",
    "cc_text",
    "chinese_date",
    "colophon_table",
    "doc_number",
    "new_document",
    "page_break",
    "set_run_font",
    "spec",
]
