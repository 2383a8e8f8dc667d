"""(Re)write the built-in templates, templates/*.docx, with the GB/T 9704 builders:

    python -m docgen.template_sources [FOLDER]

Each template is a 公文 laid out by docgen.gbt9704 with jinja tags as its text; a
paragraph that holds only a `{%p … %}` tag (a loop or a condition) disappears when
docxtpl renders it. The fields each template reads are listed by `docgen templates`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from docx.document import Document

from .. import gbt9704 as g
from ..render.templates import BUILTIN_TITLES
from ..resources import resource_dir
from ..zipfix import normalise_zip
from .dossier_templates import application, city_profile, organization, prerequisites
from .kinds import minutes, report, request
from .template_parts import (
    DATE,
    attachments,
    closing,
    colophon,
    contact,
    loop,
    masthead,
    paragraphs,
    signature,
    table,
    tag,
    title_tag,
    units_table,
)

# ---------------------------------------------------------------- the templates


def notice(doc: Document) -> None:
    """通知: basis, tasks in numbered sections, contact, attachments."""
    masthead(doc)
    g.add_recipient(doc, "{{ recipient }}")
    g.add_body(doc, "{{ intro }}")

    def section() -> None:
        g.add_heading(doc, "{{ loop.index|cn_number1 }}{{ s.heading }}", 1)
        paragraphs(doc, "para in s.paragraphs", "{{ para }}")

    loop(doc, "s in sections", section)
    contact(doc)
    attachments(doc)
    closing(doc)


def meeting_notice(doc: Document) -> None:
    """会议通知: time, place, attendees, agenda, requirements; the member units attached."""
    masthead(doc)
    g.add_recipient(doc, "{{ recipient }}")
    g.add_body(doc, "{{ intro }}")
    g.add_heading(doc, "一、会议时间", 1)
    g.add_body(doc, "{{ meeting.time }}")
    g.add_heading(doc, "二、会议地点", 1)
    g.add_body(doc, "{{ meeting.place }}")
    g.add_heading(doc, "三、参会人员", 1)
    g.add_body(doc, "{{ meeting.attendees }}")
    g.add_heading(doc, "四、会议议程", 1)
    paragraphs(doc, "item in meeting.agenda", "{{ loop.index }}.{{ item }}")
    g.add_heading(doc, "五、有关要求", 1)
    paragraphs(doc, "r in meeting.requirements", "{{ loop.index }}.{{ r }}")
    contact(doc)
    g.add_attachment_note(doc, ["{{ city.name }}爱卫会成员单位名单"])
    signature(doc)
    g.page_break(doc)
    g.add_heading(doc, "附件", 1).paragraph_format.first_line_indent = 0
    g.blank_line(doc)
    g.add_title(doc, "{{ city.name }}爱卫会成员单位名单")
    g.blank_line(doc)
    units_table(doc)
    colophon(doc, "{{ issuer }}")


def circular(doc: Document) -> None:
    """督查通报: the year's problems by unit, the ledger audit, requirements."""
    masthead(doc)
    g.add_recipient(doc, "{{ recipient }}")
    g.add_body(doc, "{{ intro }}")
    g.add_heading(doc, "一、总体情况", 1)
    g.add_body(
        doc,
        "{{ circular.year }}年共督查交办问题{{ circular.total }}个，已整改{{ circular.closed }}个，"
        "整改率{{ circular.closed_rate|percent }}；正在整改{{ circular.in_progress }}个，"
        "尚未整改{{ circular.not_started }}个，其中超过整改时限{{ circular.overdue }}个。",
    )
    g.add_body(
        doc,
        "对照《{{ guide.title }}》核查台账资料，发现错误{{ audit.errors }}处、"
        "警告{{ audit.warnings }}处，资料完整率{{ audit.completeness|percent }}。",
    )
    g.add_heading(doc, "二、各单位问题整改情况", 1)

    def unit() -> None:
        g.add_heading(doc, "{{ loop.index|cn_number2 }}{{ u.name }}", 2)
        g.add_body(
            doc,
            "交办问题{{ u.counts.total }}个，已整改{{ u.counts.closed }}个"
            "{% if u.counts.open %}，未完成整改{{ u.counts.open }}个{% endif %}。",
        )
        paragraphs(
            doc,
            "p in u.problems",
            "{{ loop.index }}.{{ p.description }}（{{ p.location }}，{{ p.source }}发现，"
            "{{ p.assigned }}交办，整改时限{{ p.deadline }}）：{{ p.status }}"
            "{% if p.overdue %}，已逾期{{ p.days_overdue }}天{% endif %}。",
        )

    loop(doc, "u in circular.units", unit)
    g.add_heading(doc, "三、台账资料存在的问题", 1)
    paragraphs(
        doc,
        "r in audit.by_unit",
        "{{ loop.index }}.{{ r.unit }}：错误{{ r.errors }}处、警告{{ r.warnings }}处。",
    )
    g.add_heading(doc, "四、工作要求", 1)
    paragraphs(doc, "r in requirements", "{{ loop.index }}.{{ r }}")
    closing(doc)


def assignment(doc: Document) -> None:
    """问题整改交办单, one per unit (--each unit): its open problems and its findings of
    the latest audit, each in a table when it has any."""
    g.add_title(doc, "创建国家卫生{{ city.level_name }}问题整改交办单")
    g.blank_line(doc)
    g.add_recipient(doc, "{{ unit.name }}")
    tag(doc, "{%p if unit.problems %}")
    g.add_body(
        doc,
        "经督查，你单位有以下{{ unit.problems|length }}个问题尚未整改到位"
        "{% if unit.overdue_problems %}，其中{{ unit.overdue_problems|length }}个已超过整改时限"
        "{% endif %}：",
    )
    table(
        doc,
        ["编号", "问题描述", "位置", "整改时限"],
        [
            "{{ p.no }}",
            "{{ p.description }}",
            "{{ p.location }}",
            "{{ p.deadline }}{% if p.overdue %}（{{ p.overdue_text }}）{% endif %}",
        ],
        "p in unit.problems",
        [38, 42, 30, 46],
    )
    g.blank_line(doc)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if unit.findings %}")
    g.add_body(
        doc,
        "台账资料审核{% if unit.problems %}还{% endif %}发现你单位报送的资料有以下"
        "{{ unit.findings|length }}处问题：",
    )
    table(
        doc,
        ["问题类型", "位置", "说明"],
        ["{{ f.title }}", "{{ f.place }}", "{{ f.message }}"],
        "f in unit.findings",
        [30, 40, 86],
    )
    g.blank_line(doc)
    tag(doc, "{%p endif %}")
    g.add_body(
        doc,
        "请逐项制定整改措施，明确责任人，在整改时限内整改到位，并将整改情况（附整改前后照片）"
        "报{{ issuer }}。",
    )
    tag(doc, "{%p if unit.contact or unit.phone %}")
    g.add_body(
        doc,
        "责任单位{% if unit.contact %}联系人：{{ unit.contact }}{% endif %}"
        "{% if unit.contact and unit.phone %}，{% endif %}"
        "{% if unit.phone %}联系电话：{{ unit.phone }}{% endif %}。",
    )
    tag(doc, "{%p endif %}")
    g.add_body(doc, "{{ issuer }}联系人：{{ contact.name }}，联系电话：{{ contact.phone }}。")
    closing(doc, with_colophon=False)


def briefing(doc: Document) -> None:
    """工作简报: masthead (期号, 编印单位, date), no 发文字号."""
    g.add_masthead(
        doc, "创建国家卫生{{ city.level_name }}工作简报", "第{{ issue }}期", "{{ editor }}", DATE
    )
    g.blank_line(doc)
    g.add_title(doc, title_tag())
    g.blank_line(doc)
    paragraphs(doc, "para in paragraphs", "{{ para }}")
    g.add_body(
        doc,
        "截至{{ date|cn_date }}，{{ circular.year }}年共交办问题{{ circular.total }}个，"
        "已整改{{ circular.closed }}个，整改率{{ circular.closed_rate|percent }}；"
        "尚未完成整改的{{ circular.open }}个问题已交办责任单位限期整改。",
    )
    g.add_body(
        doc,
        "{{ indicator_summary.total }}项有数据的指标中，{{ indicator_summary.met }}项达到标准要求"
        "{% if indicator_summary.not_met %}，{{ indicator_summary.not_met "
        "}}项暂未达到{% endif %}。",
    )
    colophon(doc, "{{ editor }}")


def work_report(doc: Document) -> None:
    """工作汇报 (报告): overview, indicators against the standard, gaps, next steps."""
    g.add_title(doc, title_tag("(city.name ~ '创建国家卫生' ~ city.level_name ~ '工作汇报')"))
    g.blank_line(doc)
    g.add_recipient(doc, "{{ recipient }}")
    g.add_body(doc, "{{ intro }}")
    g.add_heading(doc, "一、基本情况", 1)
    paragraphs(doc, "para in overview", "{{ para }}")
    g.add_heading(doc, "二、主要指标完成情况", 1)
    g.add_body(
        doc,
        "对照《{{ guide.title }}》，{{ indicator_summary.total }}项有数据的指标中，"
        "{{ year }}年{{ indicator_summary.met }}项达到标准要求"
        "{% if indicator_summary.not_met %}，{{ indicator_summary.not_met }}项暂未达到{% endif %}，"
        "详见下表。",
    )
    table(
        doc,
        ["序号", "指标名称", "标准要求", "{{ year - 1 }}年", "{{ year }}年", "是否达标"],
        [
            "{{ loop.index }}",
            "{{ i.name }}",
            "{{ i.target }}",
            "{{ i.previous.text }}",
            "{{ i.current.text }}",
            "{{ i.current.verdict }}",
        ],
        "i in indicators",
        [16, 48, 30, 20, 20, 22],
    )
    g.blank_line(doc)
    g.add_heading(doc, "三、存在的问题", 1)
    paragraphs(
        doc,
        "i in indicator_summary.failing",
        "{{ loop.index }}.{{ i.name }}{% for f in i.figures "
        "if f.met == false %}，{{ f.year }}年为{{ f.text }}"
        "{% endfor %}，未达到“{{ i.target }}”的要求。",
    )
    g.add_body(
        doc,
        "截至{{ date|cn_date }}，问题清单中尚有{{ problem_counts.open }}个问题未完成整改，"
        "其中{{ problem_counts.overdue }}个已超过整改时限。",
    )
    g.add_heading(doc, "四、下一步工作", 1)
    paragraphs(doc, "para in plans", "{{ loop.index }}.{{ para }}")
    closing(doc, with_colophon=False)


BUILDERS: dict[str, Callable[[Document], None]] = {
    "notice": notice,
    "meeting-notice": meeting_notice,
    "circular": circular,
    "assignment": assignment,
    "briefing": briefing,
    "work-report": work_report,
    "request": request,
    "report": report,
    "minutes": minutes,
    "application": application,
    "city-profile": city_profile,
    "prerequisites": prerequisites,
    "organization": organization,
}


def template_bytes(template_id: str) -> bytes:
    doc = g.new_document()
    BUILDERS[template_id](doc)
    doc.core_properties.title = BUILTIN_TITLES[template_id]
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue())


def build_all(folder: Path | None = None) -> list[Path]:
    folder = Path(folder) if folder is not None else resource_dir("templates")
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for template_id in BUILDERS:
        path = folder / f"{template_id}.docx"
        path.write_bytes(template_bytes(template_id))
        out.append(path)
    return out
