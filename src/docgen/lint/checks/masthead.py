"""format.masthead: the 版头's own elements as GB/T 9704-2012 7.2 sets them — the
发文机关标志 in 小标宋 (red), the 发文字号 in black (only the 标志 and the separator line
are red), 密级和保密期限 and 紧急程度 in 3号黑体, flush left, above the 标志 and the
title. Where they sit on the laid-out page is the layout checks'."""

from __future__ import annotations

import re

from ...findings import Finding
from ...gbt9704 import spec
from .. import text as tx
from ..base import Doc, check, cjk_runs, finding, where
from ..docx_view import ParagraphView
from .common import face_ok, face_text, family

SECURITY = re.compile(r"^(绝密|机密|秘密|密级|特急|加急|特提|平急)")
SECURITY_MAX = 20  # characters of a 密级 or 紧急程度 line
MASTHEAD_PT = 28.0  # a 发文机关标志 is set larger than any title


@check("format.masthead")
def check_masthead(doc: Doc) -> list[Finding]:
    head = _head(doc)
    title_at = doc.title[0].number if doc.title else None
    out = []
    for p in head:
        t = tx.no_spaces(p.text)
        if SECURITY.match(t) and len(t) <= SECURITY_MAX:
            out += _security(doc, p, title_at)
        elif tx.doc_number_problems(p.text) is not None or "〔" in t and "号" in t:
            out += _number_colour(doc, p)
        elif (title_at is None or p.number < title_at) and _is_masthead(p):
            out += _masthead_face(doc, p)
    return out


def _head(doc: Doc) -> list[ParagraphView]:
    """The paragraphs above the 正文 (the 版头 and the title), with text, and a 密级
    line put under the title (where the 正文 would begin)."""
    end = doc.body[0].number - 1 if doc.body else min(len(doc.view.paragraphs), 12)
    misplaced = [p for p in doc.body[:1] if SECURITY.match(tx.no_spaces(p.text))]
    return [p for p in doc.view.paragraphs[:end] if p.text.strip()] + misplaced


def _is_masthead(p: ParagraphView) -> bool:
    runs = list(cjk_runs(p))
    if not runs or "签发人" in p.text:
        return False
    return all(tx.is_red(r.color) for r in runs) or max(r.size for r in runs) >= MASTHEAD_PT


def _masthead_face(doc: Doc, p: ParagraphView) -> list[Finding]:
    bad = next((r for r in cjk_runs(p) if not face_ok(r.east_asia, spec.TITLE_FONTS)), None)
    if bad is None:
        return []
    value = face_text(bad.east_asia)
    return [
        finding(
            doc, "format.masthead", "face", p, where=where(p), value=value, expected=spec.FONT_TITLE
        )
    ]


def _number_colour(doc: Doc, p: ParagraphView) -> list[Finding]:
    if not any(tx.is_red(r.color) for r in cjk_runs(p)):
        return []
    return [
        finding(
            doc, "format.masthead", "number-red", p, where=where(p), value="红色", expected="黑色"
        )
    ]


def _security(doc: Doc, p: ParagraphView, title_at: int | None) -> list[Finding]:
    runs = list(cjk_runs(p))
    problems = []
    if any(family(r.east_asia) != "hei" for r in runs):
        problems.append(f"字体为 {face_text(runs[0].east_asia)}")
    if any(abs(r.size - spec.SIZE_3) > 0.25 for r in runs):
        problems.append(f"字号为 {runs[0].size:g} 磅")
    if p.align in ("center", "right"):
        problems.append("没有顶格居左")
    if title_at is not None and p.number > title_at:
        problems.append("排在了标题之后")
    if not problems:
        return []
    return [
        finding(
            doc,
            "format.masthead",
            "security",
            p,
            where=where(p),
            problems="，".join(problems),
            value="；".join(problems),
            expected="3号黑体，顶格，版头左上角",
        )
    ]
