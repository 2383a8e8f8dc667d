"""The built-in 请示 (`request`), 报告 (`report`) — 上行文 with the 签发人 on the
发文字号's line — and 会议纪要 (`minutes`, GB/T 9704 §10.3: red 纪要标志, 出席/请假/列席
in 黑体, no 署名 and no 印章)."""

from __future__ import annotations

from docx.document import Document

from .. import gbt9704 as g
from ..gbt9704 import masthead as m
from ..gbt9704 import oxml, spec
from .template_parts import (
    DATE,
    around,
    attachments,
    closing,
    colophon,
    mark_lines,
    masthead,
    paragraphs,
    request_closing,
    title_tag,
)


def request(doc: Document) -> None:
    """请示: one 主送机关, the reasons, the request, 附注 with the contact."""
    masthead(doc, upward=True)
    g.add_recipient(doc, "{{ recipient }}")
    paragraphs(doc, "para in paragraphs", "{{ para }}")
    g.add_body(doc, "{{ ask|default('妥否，请批示。') }}")
    request_closing(doc)


def report(doc: Document) -> None:
    """报告: what was done and what comes next; it asks for no approval."""
    masthead(doc, upward=True)
    g.add_recipient(doc, "{{ recipient }}")
    paragraphs(doc, "para in paragraphs", "{{ para }}")
    g.add_body(doc, "{{ ending|default('特此报告。') }}")
    attachments(doc)
    closing(doc)


NAMES = "{{ %s if %s is string else %s|join('、') }}"


def minutes(doc: Document) -> None:
    """会议纪要: 纪要标志 (`minutes_mark`, else the city's 爱卫会会议纪要), 期号, the
    issuer and date over a red rule, title, body, 出席/请假/列席."""
    mark_lines(doc, "minutes_mark|default(city.name ~ '爱卫会会议纪要')")
    number = g.add_doc_number(doc, "第{{ issue }}期")
    number.paragraph_format.keep_with_next = True
    byline = m.add_number_rule(doc, "{{ issuer }}\t" + DATE)
    byline.alignment = None
    byline.paragraph_format.first_line_indent = 0
    oxml.set_tab_stops(byline._p.get_or_add_pPr(), [("right", spec.TEXT_WIDTH_TWIPS)])
    g.blank_line(doc)
    g.add_title(doc, title_tag())
    g.blank_line(doc)
    paragraphs(doc, "para in paragraphs", "{{ para }}")
    g.blank_line(doc)
    for key, label in (("present", "出席"), ("absent", "请假"), ("attending", "列席")):
        line = m.add_attendance(doc, label, NAMES % (key, key, key))
        if key != "present":
            around(doc, [line], f"{{%p if {key} is defined and {key} %}}", "{%p endif %}")
    g.blank_line(doc)
    colophon(doc, "{{ issuer }}")
