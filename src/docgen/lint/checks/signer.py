"""format.signer: a 上行文 (请示, 报告) with a 版头 gives its 签发人 (GB/T 9704-2012 7.2.4:
上报的公文应当标注签发人姓名). A 上行文 with no 版头 at all (no 发文字号) is one
format.kind-elements finding naming both."""

from __future__ import annotations

from ...findings import Finding
from ..base import Doc, check, finding
from ..kind import kind_of, title_word
from .common import has_doc_number, has_signer


@check("format.signer")
def check_signer(doc: Doc) -> list[Finding]:
    if kind_of(doc) != "upward" or has_signer(doc) or not has_doc_number(doc):
        return []  # no 版头 at all: format.kind-elements names what it lacks
    what = title_word("".join(p.text for p in doc.title)) or "上行文"
    return [finding(doc, "format.signer", "", what=what, value=None, expected="签发人：姓名")]
