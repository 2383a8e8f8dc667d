"""format.signer: a 上行文 (请示, 报告) gives its 签发人 (GB/T 9704-2012 7.2.4: 上报的公文
应当标注签发人姓名)."""

from __future__ import annotations

from ...findings import Finding
from ..base import Doc, check, finding
from ..kind import kind_of, title_word
from .common import has_signer


@check("format.signer")
def check_signer(doc: Doc) -> list[Finding]:
    if kind_of(doc) != "upward" or has_signer(doc):
        return []
    what = title_word("".join(p.text for p in doc.title)) or "上行文"
    return [finding(doc, "format.signer", "", what=what, value=None, expected="签发人：姓名")]
