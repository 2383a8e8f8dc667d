"""Where the title ends and the 正文 begins, and which paragraphs are 正文."""

from __future__ import annotations

import re

from . import text as tx
from .docx_view import DocxView, ParagraphView

BODY_ALIGNS = (
    "left",
    "both",
    "distribute",
    "justify",
    "lowKashida",
    "mediumKashida",
    "highKashida",
    "thaiDistribute",
)
MASTHEAD_PT = 28.0  # a 发文机关标志 or 简报 name is set larger than any title
# the label atop an attachment page: "附件", "附件2", "附件1（样表）"
ATTACHMENT_PAGE = re.compile(r"^附件[0-9一二三四五六七八九十]*([（(][^）)]{1,8}[）)])?$")


def _cjk_runs(p: ParagraphView):
    return [r for r in p.runs if tx.has_cjk(r.text)]


def is_header_item(p: ParagraphView) -> bool:
    """版头 lines: 份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人, 简报 期号."""
    t = tx.no_spaces(p.text)
    runs = _cjk_runs(p)
    if runs and all(tx.is_red(r.color) for r in runs):
        return True
    if runs and max(r.size for r in runs) >= MASTHEAD_PT:
        return True
    if tx.doc_number_problems(p.text) is not None or "签发人" in t:
        return True
    if "〔" in t and t.endswith("号") and len(t) < 60:  # a 发文字号 with template tags
        return True
    if (p.align == "center" and t.endswith("文件")) or tx.ISSUE.match(t):
        return True
    return bool(tx.SECURITY.match(t)) or byline_date(p) is not None


def byline_date(p: ParagraphView) -> str | None:
    """The date of a masthead byline ("示例市创卫办编<tab>2026年11月23日")."""
    if "\t" not in p.text.strip() or len(p.text) > 60:
        return None
    last = p.text.strip().split("\t")[-1]
    return tx.no_spaces(last) if tx.looks_like_date(last) else None


def is_subtitle(p: ParagraphView) -> bool:
    """A centred line under the title that is no part of it: "——在……上的讲话",
    "（2026年11月20日）", a speaker's name in a smaller size."""
    t = tx.no_spaces(p.text)
    runs = _cjk_runs(p)
    small = bool(runs) and max(r.size for r in runs) < 20
    return t.startswith(("（", "(", "—", "－", "-")) or tx.looks_like_date(t) or small


def find_title(paragraphs: list[ParagraphView]) -> tuple[list[ParagraphView], int]:
    """The first centred paragraph(s) after the 版头, and the index where the body starts."""
    title: list[ParagraphView] = []
    for i, p in enumerate(paragraphs):
        if not p.text.strip():
            if title:
                return title, i
            continue
        if is_header_item(p):
            if title:
                return title, i
            continue
        if p.align == "center":
            if title and is_subtitle(p):
                return title, i
            title.append(p)
            continue
        return title, i
    return title, len(paragraphs)


def is_body(p: ParagraphView) -> bool:
    t = p.text.strip(" \t\u3000")
    if not t or p.in_table or p.align not in BODY_ALIGNS:
        return False
    if tx.doc_number_problems(t) is not None or tx.looks_like_date(t):
        return False
    return tx.printed_line(t) is None and tx.cc_line(t) is None


def find_body(paragraphs: list[ParagraphView], start: int) -> list[ParagraphView]:
    """正文 paragraphs from `start` up to the first attachment page or 版记 line."""
    body = []
    rest = paragraphs[start:]
    for p, (_, following) in zip(rest, tx.with_next([q.text for q in rest]), strict=True):
        t = tx.no_spaces(p.text)
        if ATTACHMENT_PAGE.match(t) or tx.colophon_line(p.text, following):
            break
        if is_body(p):
            body.append(p)
    return body


SIGNATURE_MAX = 40  # characters of a 署名 or 成文日期 line


def find_signature(
    paragraphs: list[ParagraphView], body: list[ParagraphView]
) -> list[ParagraphView]:
    """The 署名 and 成文日期 lines: right-aligned lines or dates after the 正文 has begun,
    before the 附件 pages and the 版记."""
    if not body:
        return []
    taken = {p.number for p in body}
    out = []
    rest = paragraphs[body[0].number :]
    for p, (_, following) in zip(rest, tx.with_next([q.text for q in rest]), strict=True):
        t = tx.no_spaces(p.text)
        if ATTACHMENT_PAGE.match(t) or tx.colophon_line(p.text, following):
            break
        if not t or p.number in taken or p.in_table or len(t) > SIGNATURE_MAX:
            continue
        if p.align == "right" or tx.looks_like_date(t):
            out.append(p)
    return out


def zones(view: DocxView) -> tuple[list[ParagraphView], list[ParagraphView]]:
    title, start = find_title(view.paragraphs)
    return title, find_body(view.paragraphs, start)
