"""format.attachment-numbering: several attachments numbered “1.”, “2.” (a full stop,
not a 顿号)."""

from __future__ import annotations

from ...findings import Finding
from .. import text as tx
from ..base import Doc, check, finding, where
from .common import attachment_notes


@check("format.attachment-numbering")
def check_attachment_numbering(doc: Doc) -> list[Finding]:
    out = []
    for _, _, names in attachment_notes(doc):
        if names[0][1]:  # no name at all: format.attachment's
            out += _numbers(doc, names)
    return out


def _numbers(doc: Doc, names: list) -> list[Finding]:
    out = []
    for p, text in names:
        item = tx.ATTACHMENT_ITEM.match(text)
        if len(names) > 1 and item is None:
            out.append(
                finding(
                    doc,
                    "format.attachment-numbering",
                    "unnumbered",
                    p,
                    where=where(p),
                    value=text,
                    expected="1.附件名称",
                )
            )
        elif item is not None and item["dot"] == "、":
            out.append(
                finding(
                    doc,
                    "format.attachment-numbering",
                    "comma",
                    p,
                    where=where(p),
                    num=item["num"],
                    value=f"{item['num']}、",
                    expected=f"{item['num']}.",
                )
            )
    return out
