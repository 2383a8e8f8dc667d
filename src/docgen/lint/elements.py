"""Checks of elements found by their text: 发文字号, dates, 版记, 附件说明."""

from __future__ import annotations

from ..findings import ERROR, WARNING, Finding
from ..gbt9704 import spec
from . import text as tx
from .base import Doc, cjk_runs, finding, where
from .docx_view import ParagraphView
from .zones import byline_date

# ------------------------------------------------------------------ elements by their text


def _top_level(doc: Doc) -> list[ParagraphView]:
    return [p for p in doc.view.paragraphs if p.text.strip()]


def check_doc_number(doc: Doc) -> list[Finding]:
    out = []
    for p in _top_level(doc):
        found = tx.doc_number_problems(p.text)
        if not found or not found[0]:
            continue
        problems, fixed = found
        value = tx.doc_number_part(p.text)
        out.append(
            finding(
                doc,
                "format.doc-number",
                ERROR,
                f"{where(p)}的发文字号“{value}”：{'；'.join(problems)}。应写成“{fixed}”。",
                p,
                value,
                fixed,
            )
        )
    return out


def _date_candidates(doc: Doc):
    """(paragraph, date text, what): dates written alone, and 印发 lines' dates."""
    for p in _top_level(doc) + [q for q in doc.view.table_paragraphs if q.text.strip()]:
        printed = tx.printed_line(p.text)
        if printed and printed[1]:
            yield p, printed[1], "印发日期"
        elif not p.in_table and tx.looks_like_date(p.text):
            yield p, tx.squeeze(p.text), "成文日期"
        elif not p.in_table and (date := byline_date(p)):
            yield p, date, "日期"


def check_date(doc: Doc) -> list[Finding]:
    out = []
    for p, value, what in _date_candidates(doc):
        issue = tx.date_issue(value)
        if issue is None:
            continue
        fix = f"应写成“{issue.expected}”" if issue.expected else "应写成“2026年1月5日”的形式"
        shown = "" if tx.squeeze(p.text) == value else f"“{value}”"
        out.append(
            finding(
                doc,
                "format.date",
                ERROR,
                f"{where(p)}的{what}{shown}：{issue.problem}。{fix}。",
                p,
                value,
                issue.expected,
            )
        )
    return out


# ------------------------------------------------------------------ 版记 and 附件说明


def check_colophon(doc: Doc) -> list[Finding]:
    out = []
    for p in _top_level(doc) + [q for q in doc.view.table_paragraphs if q.text.strip()]:
        label = tx.cc_line(p.text)
        if label:
            out += _cc_problems(doc, p, label)
        printed = tx.printed_line(p.text)
        if printed is not None and not printed[1] and "{" not in p.text:  # {{ }}: a template
            out.append(
                finding(
                    doc,
                    "format.colophon",
                    ERROR,
                    f"{where(p)}是印发机关和印发日期，但缺少印发日期。应写成“印发机关"
                    "（左空一字）……2026年11月23日印发（右空一字）”。",
                    p,
                    p.text.strip(),
                    "2026年11月23日印发",
                )
            )
    return out


def _cc_problems(doc: Doc, p: ParagraphView, label: str) -> list[Finding]:
    out = []
    t = p.text.strip(" \t\u3000")
    if label == "抄报":
        out.append(
            finding(
                doc,
                "format.colophon",
                WARNING,
                f"{where(p)}用了“抄报”。GB/T 9704-2012 统一用“抄送”。",
                p,
                "抄报",
                "抄送",
            )
        )
    if t[2] != "：":
        out.append(
            finding(
                doc,
                "format.colophon",
                ERROR,
                f"{where(p)}：“{label}”后应为全角冒号“：”。",
                p,
                t[2],
                "：",
            )
        )
    if not t.endswith("。"):
        out.append(
            finding(
                doc,
                "format.colophon",
                ERROR,
                f"{where(p)}：最后一个抄送机关后应加句号“。”。",
                p,
                t[-1:],
                "。",
            )
        )
    sizes = {r.size for r in cjk_runs(p)}
    if sizes and sizes != {spec.SIZE_4}:
        value = "、".join(f"{s:g}" for s in sorted(sizes)) + " 磅"
        out.append(
            finding(
                doc,
                "format.colophon",
                WARNING,
                f"{where(p)}的字号为 {value}，版记应为 4号（14 磅）仿宋。",
                p,
                value,
                "14 磅",
            )
        )
    return out


_TRAILING = "。，；;,.、：:！!？?"


def check_attachment(doc: Doc) -> list[Finding]:
    out = []
    paragraphs = doc.view.paragraphs
    for i, p in enumerate(paragraphs):
        m = tx.ATTACHMENT.match(tx.squeeze(p.text))
        if not m:
            continue
        if m["colon"] != "：":
            out.append(
                finding(
                    doc,
                    "format.attachment",
                    ERROR,
                    f"{where(p)}：“附件”后应为全角冒号“：”。",
                    p,
                    m["colon"],
                    "：",
                )
            )
        names = [(p, m["rest"])] + _more_names(paragraphs[i + 1 :])
        out += _attachment_names(doc, names)
    return out


def _more_names(rest: list[ParagraphView]) -> list[tuple[ParagraphView, str]]:
    out = []
    for q in rest:
        if not tx.ATTACHMENT_ITEM.match(tx.squeeze(q.text)):
            break
        out.append((q, tx.squeeze(q.text)))
    return out


def _attachment_names(doc: Doc, names: list[tuple[ParagraphView, str]]) -> list[Finding]:
    out = []
    if not names[0][1]:
        p = names[0][0]
        return [
            finding(
                doc,
                "format.attachment",
                ERROR,
                f"{where(p)}：“附件：”后缺少附件名称。",
                p,
                "附件：",
                "附件：1.附件名称",
            )
        ]
    for p, text in names:
        item = tx.ATTACHMENT_ITEM.match(text)
        if len(names) > 1 and item is None:
            out.append(
                finding(
                    doc,
                    "format.attachment",
                    WARNING,
                    f"{where(p)}：有多个附件时应用阿拉伯数字标注顺序号，如“附件：1.……”。",
                    p,
                    text,
                    "1.附件名称",
                )
            )
        elif item is not None and item["dot"] == "、":
            out.append(
                finding(
                    doc,
                    "format.attachment",
                    WARNING,
                    f"{where(p)}：附件顺序号应写成“{item['num']}.”，不用顿号。",
                    p,
                    f"{item['num']}、",
                    f"{item['num']}.",
                )
            )
        name = item["name"] if item is not None else text
        if name and name[-1] in _TRAILING:
            out.append(
                finding(
                    doc,
                    "format.attachment",
                    ERROR,
                    f"{where(p)}：附件名称“{tx.short(name, 20)}”后不加标点符号，"
                    f"请删去末尾的“{name[-1]}”。",
                    p,
                    name,
                    name.rstrip(_TRAILING),
                )
            )
    return out
