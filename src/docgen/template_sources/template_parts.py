"""What the built-in templates are made of: the GB/T 9704 elements of docgen.gbt9704
with jinja tags as their text, and the `{%p … %}` / `{%tr … %}` tag paragraphs and
rows docxtpl removes when it renders (used by build_templates.py)."""

from __future__ import annotations

import copy
from collections.abc import Callable

from docx.document import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from .. import gbt9704 as g
from ..gbt9704 import masthead as masthead_parts
from ..gbt9704 import oxml, spec, styles

DATE = "{{ date|cn_date }}"
DOC_NO = "{{ org_code|doc_no(date.year, seq) }}"
CC = "{{ cc|join('，') }}"
SMALL = 12.0  # 小4号: the 必备条件 table has eight columns on a portrait page


# ---------------------------------------------------------------- helpers


def tag(doc: Document, text: str) -> Paragraph:
    """A paragraph holding one `{%p … %}` tag: docxtpl removes it when rendering."""
    return g.add_body(doc, text)


def around(doc: Document, paragraphs: list[Paragraph], opening: str, closing: str) -> None:
    """Wrap already written paragraphs in a `{%p … %}` … `{%p end… %}` pair."""
    before(doc, paragraphs[0], opening)
    after(doc, paragraphs[-1], closing)


def before(doc: Document, anchor: Paragraph, *tags: str) -> None:
    for text in tags:
        anchor._p.addprevious(tag(doc, text)._p)


def after(doc: Document, anchor: Paragraph, *tags: str) -> None:
    for text in reversed(tags):
        anchor._p.addnext(tag(doc, text)._p)


def loop(doc: Document, head: str, write: Callable[[], object]) -> None:
    tag(doc, f"{{%p for {head} %}}")
    write()
    tag(doc, "{%p endfor %}")


def paragraphs(doc: Document, head: str, text: str) -> None:
    """One body paragraph per item of a list."""
    loop(doc, head, lambda: g.add_body(doc, text))


def table(
    doc: Document,
    head: list[str],
    row: list[str],
    loop_head: str,
    widths_mm: list[int],
    size: float = spec.SIZE_3,
) -> None:
    """A table with one row per item (`{%tr for … %}`), columns `widths_mm` wide, its
    text `size` points (3号 unless a wide table needs less)."""
    blank = [""] * (len(head) - 1)
    t = g.add_table(
        doc, head, [[f"{{%tr for {loop_head} %}}", *blank], row, ["{%tr endfor %}", *blank]]
    )
    t.autofit = False
    for column, width in zip(t.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    if size != spec.SIZE_3:  # smaller type, off the 3号 character grid, lines 1.5 × size
        for r, cells in enumerate(t.rows):
            for cell in cells.cells:
                for p in cell.paragraphs:
                    styles.mark_font(p, spec.FONT_BODY, size)
                    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
                    p.paragraph_format.line_spacing = Pt(size * 1.5)
                    off_grid(p)
                    for run in p.runs:
                        g.set_run_font(run, spec.FONT_BODY, size, bold=r == 0)


def units_table(doc: Document, missing: str = "") -> None:
    """The member units listed (data/成员单位.xlsx), with contact and phone; a unit
    without them shows `missing` (a jinja2 string literal, e.g. "'—'")."""
    shown = f" or {missing}" if missing else ""
    table(
        doc,
        ["序号", "单位名称", "联系人", "联系电话"],
        [
            "{{ loop.index }}",
            "{{ u.name }}",
            f"{{{{ u.contact{shown} }}}}",
            f"{{{{ u.phone{shown} }}}}",
        ],
        "u in units if u.listed",
        [16, 74, 26, 40],
    )
    g.blank_line(doc)


def off_grid(p: Paragraph) -> None:
    """w:snapToGrid off: the document grid spaces characters for 3号 text."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    p._p.get_or_add_pPr().insert_element_before(snap, *oxml.ppr_after("w:snapToGrid"))


def title_tag(expr: str = "title") -> str:
    """The title broken between words into 梯形/菱形 lines (typeset.title_lines)."""
    return f"{{{{ {expr}|title_lines({spec.TITLE_CHARS_PER_LINE}) }}}}"


def masthead(doc: Document, upward: bool = False, title: str = "title") -> None:
    """版头: 份号/密级/紧急程度 (optional), the red 发文机关标志 (`org_mark`, else the
    issuer + 文件), 空二行, the 发文字号 (上行文: with the 签发人 `signer`) over the red
    separator line; then 空二行 and the title."""
    mark_lines(doc, "org_mark|default(issuer ~ '文件')")
    g.blank_line(doc)
    g.blank_line(doc)
    masthead_parts.add_number_rule(doc, DOC_NO, "{{ signer }}" if upward else None)
    g.blank_line(doc)
    g.blank_line(doc)
    g.add_title(doc, title_tag(title))
    g.blank_line(doc)


def mark_lines(doc: Document, mark: str) -> None:
    """The three top lines and the red 标志 `mark` (a jinja expression), narrowed to fit."""
    top_lines(doc)
    scale = f"{{{{ {mark}|fit_scale({spec.MARK_WIDTH_PT}, {spec.MARK_SIZE}) }}}}"
    masthead_parts.add_mark(doc, f"{{{{ {mark} }}}}", scale)


def top_lines(doc: Document) -> None:
    masthead_parts.add_top_lines(
        doc, "{{ copy_no|default('') }}", "{{ secrecy|default('') }}", "{{ urgency|default('') }}"
    )


def attachments(doc: Document) -> None:
    """附件说明 for an optional list `attachments`: "附件：1.名称", then "2.名称" …
    (one name: "附件：名称")."""
    first, rest = g.add_attachment_note(doc, ["{{ a|trim }}", "{{ a|trim }}"])
    first.runs[
        0
    ].text = "附件：{% if attachments|length > 1 %}{{ loop.index }}.{% endif %}{{ a|trim }}"
    rest.runs[0].text = "{{ loop.index }}.{{ a|trim }}"
    blank = Paragraph(first._p.getprevious(), first._parent)
    before(doc, blank, "{%p if attachments is defined and attachments %}")
    before(doc, first, "{%p for a in attachments %}", "{%p if loop.first %}")
    after(doc, first, "{%p else %}")
    after(doc, rest, "{%p endif %}", "{%p endfor %}", "{%p endif %}")


def closing(doc: Document, with_colophon: bool = True) -> None:
    """署名和成文日期 (kept on the page of the body's last lines), then 版记 (抄送 only
    when `cc` is given)."""
    signature(doc)
    if with_colophon:
        colophon(doc, "{{ issuer }}")


def signature(doc: Document) -> None:
    """署名和成文日期; the paragraphs before it, back to the last body paragraph, keep
    with it, so that no page holds only the signature."""
    first = g.add_signature(doc, "{{ issuer }}", DATE)[0]
    blank = first._p.getprevious()
    keep_back(blank)


def keep_back(p) -> None:
    """w:keepNext on `p` and the paragraphs before it up to the first body paragraph
    that is not a tag or an 附件 name (those vanish or belong to the note)."""
    while p is not None and p.tag == qn("w:p"):
        p.get_or_add_pPr().get_or_add_keepNext()
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if text and not text.startswith("{%p") and "a|trim" not in text:
            return
        p = p.getprevious()


def colophon(doc: Document, printer: str) -> None:
    """版记: 抄送 only when `cc` is given (its row between `{%tr %}` tag rows, which
    docxtpl removes); 印发机关 and 印发日期."""
    cc_line = g.add_colophon(doc, [CC], printer, DATE)[0]
    row = cc_line._p.getparent().getparent()
    row.addprevious(_tag_row(row, "{%tr if cc is defined and cc %}"))
    row.addnext(_tag_row(row, "{%tr endif %}"))


def _tag_row(row, text: str):
    """A copy of the table row `row` holding only the tag `text`."""
    tag_row = copy.deepcopy(row)
    texts = list(tag_row.iter(qn("w:t")))
    texts[0].text = text
    for t in texts[1:]:
        t.getparent().remove(t)
    return tag_row


def request_closing(doc: Document) -> None:
    """A 请示's end: 附件说明, 署名和成文日期, the 附注 with the contact (when given),
    then the 版记."""
    attachments(doc)
    signature(doc)
    note = g.add_body(doc, "（联系人：{{ contact.name }}，联系电话：{{ contact.phone }}）")
    around(doc, [note], "{%p if contact is defined %}", "{%p endif %}")
    colophon(doc, "{{ issuer }}")


def contact(doc: Document) -> None:
    g.add_body(doc, "联系人：{{ contact.name }}，联系电话：{{ contact.phone }}。")
