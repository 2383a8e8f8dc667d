"""format.attachment: the 附件说明 — a full-width colon after 附件, a name, and no
punctuation after a name — and the attachment pages: after the 正文 has ended (its
closing formula, 署名, 成文日期), announced by a 附件说明. Numbering is
format.attachment-numbering's."""

from __future__ import annotations

import re

from ...findings import Finding
from .. import text as tx
from ..base import Doc, check, finding, where
from ..docx_view import ParagraphView
from ..zones import ATTACHMENT_PAGE
from .common import attachment_notes

_TRAILING = "。，；;,.、：:！!？?"
# the 正文's closing formula: "特此通知。", "妥否，请批示。", "以上报告，请审阅。"
CLOSING = re.compile(
    r"^(特此(通知|通报|报告|函复|函告|函达|批复|说明|公告|通告)"
    r"|妥否.{0,6}请.{0,4}[批审][示复]|以上.{0,12}请.{0,4}(审阅|审示|批示|审定))[。.！!]?$"
)


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
    return out + _pages(doc)


def _pages(doc: Doc) -> list[Finding]:
    """The first attachment page after the 正文 began: the 正文 must not go on after it,
    and the 正文 must announce it. (A file that is only an attachment starts with its
    label and has no 正文 before it: not judged.)"""
    label = _attachment_label(doc)
    if label is None:
        return []
    out = []
    after = doc.view.paragraphs[label.number :]
    closing = next((q for q in after if CLOSING.match(tx.no_spaces(q.text))), None)
    if closing is not None:
        out.append(
            finding(
                doc,
                "format.attachment",
                "order",
                label,
                where=where(label),
                closing=tx.short(closing.text),
                value=tx.no_spaces(label.text),
                expected="附件在成文日期之后",
            )
        )
    if next(attachment_notes(doc), None) is None:
        out.append(
            finding(doc, "format.attachment", "no-note", label, where=where(label), value=None)
        )
    return out


def _attachment_label(doc: Doc) -> ParagraphView | None:
    if not doc.body:
        return None
    start = doc.body[0].number
    return next(
        (p for p in doc.view.paragraphs[start:] if ATTACHMENT_PAGE.match(tx.no_spaces(p.text))),
        None,
    )


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
