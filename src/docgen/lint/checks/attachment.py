"""format.attachment: the 附件说明 — a full-width colon after 附件, a name, and no
punctuation after a name. Numbering is format.attachment-numbering's."""

from __future__ import annotations

from ...findings import Finding
from .. import text as tx
from ..base import Doc, check, finding, where
from .common import attachment_notes

_TRAILING = "。，；;,.、：:！!？?"


@check("format.attachment")
def check_attachment(doc: Doc) -> list[Finding]:
    out = []
    for p, colon, names in attachment_notes(doc):
        if colon != "：":
            out.append(
                finding(
                    doc, "format.attachment", "colon", p, where=where(p), value=colon, expected="："
                )
            )
        out += _names(doc, names)
    return out


def _names(doc: Doc, names: list) -> list[Finding]:
    first = names[0][0]
    if not names[0][1]:
        return [
            finding(
                doc,
                "format.attachment",
                "no-name",
                first,
                where=where(first),
                value="附件：",
                expected="附件：1.附件名称",
            )
        ]
    out = []
    for p, text in names:
        item = tx.ATTACHMENT_ITEM.match(text)
        name = item["name"] if item is not None else text
        if name and name[-1] in _TRAILING:
            out.append(
                finding(
                    doc,
                    "format.attachment",
                    "punctuation",
                    p,
                    where=where(p),
                    name=tx.short(name, 20),
                    mark=name[-1],
                    value=name,
                    expected=name.rstrip(_TRAILING),
                )
            )
    return out
