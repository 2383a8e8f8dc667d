"""format.kind-elements: what the document's kind (docgen.lint.kind) requires besides the
签发人 (format.signer's): a 发文字号 on 下行文, 上行文 and 函, a 主送机关 on 上行文 and 函.
纪要 and 简报 need neither; a document of no known kind is not judged."""

from __future__ import annotations

from ...findings import Finding
from ..base import Doc, check, finding
from ..kind import kind_name, kind_of, title_word
from .common import has_doc_number, has_recipient, has_signer

NEEDS_NUMBER = ("downward", "upward", "letter")
NEEDS_RECIPIENT = ("upward", "letter")


@check("format.kind-elements")
def check_kind_elements(doc: Doc) -> list[Finding]:
    kind = kind_of(doc)
    what = title_word("".join(p.text for p in doc.title))
    fields = {"kind": kind_name(kind), "what": what, "value": None}
    out = []
    if kind in NEEDS_NUMBER and not has_doc_number(doc):
        variant = "number-signer" if kind == "upward" and not has_signer(doc) else "number"
        out.append(finding(doc, "format.kind-elements", variant, **fields, expected="发文字号"))
    if kind in NEEDS_RECIPIENT and not has_recipient(doc):
        out.append(finding(doc, "format.kind-elements", "recipient", **fields, expected="主送机关"))
    return out
