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
from .template_parts import (
    DATE,
    DOC_NO,
    SMALL,
    around,
    attachments,
    closing,
    colophon,
    contact,
    header,
    loop,
    paragraphs,
    table,
    tag,
)

# ---------------------------------------------------------------- the templates


def notice(doc: Document) -> None:
    """通知: basis, tasks in numbered sections, contact, attachments."""
    header(doc)
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
    header(doc)
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
    g.add_signature(doc, "{{ issuer }}", DATE)
    g.page_break(doc)
    g.add_heading(doc, "附件", 1).paragraph_format.first_line_indent = 0
    g.blank_line(doc)
    g.add_title(doc, "{{ city.name }}爱卫会成员单位名单")
    g.blank_line(doc)
    table(
        doc,
        ["序号", "单位名称", "联系人", "联系电话"],
        ["{{ loop.index }}", "{{ u.name }}", "{{ u.contact }}", "{{ u.phone }}"],
        "u in units if u.listed",
        [16, 74, 26, 40],
    )
    g.blank_line(doc)
    colophon(doc, "{{ issuer }}")


def circular(doc: Document) -> None:
    """督查通报: the year's problems by unit, the ledger audit, requirements."""
    header(doc)
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
    g.add_body(doc, "经督查，你单位有以下{{ unit.problems|length }}个问题尚未整改到位：")
    table(
        doc,
        ["编号", "问题描述", "位置", "整改时限"],
        ["{{ p.no }}", "{{ p.description }}", "{{ p.location }}", "{{ p.deadline }}"],
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
    g.add_body(
        doc,
        "责任单位联系人：{{ unit.contact or '（未登记）' }}，联系电话：{{ unit.phone or '（未登记）' }}。",
    )
    g.add_body(doc, "{{ issuer }}联系人：{{ contact.name }}，联系电话：{{ contact.phone }}。")
    closing(doc, with_colophon=False)


def briefing(doc: Document) -> None:
    """工作简报: masthead (期号, 编印单位, date), no 发文字号."""
    g.add_masthead(
        doc, "创建国家卫生{{ city.level_name }}工作简报", "第{{ issue }}期", "{{ editor }}", DATE
    )
    g.blank_line(doc)
    g.add_title(doc, "{{ title }}")
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
        "{% if indicator_summary.not_met %}，{{ indicator_summary.not_met }}项暂未达到{% endif %}。",
    )
    colophon(doc, "{{ editor }}")


def work_report(doc: Document) -> None:
    """工作汇报 (报告): overview, indicators against the standard, gaps, next steps."""
    g.add_title(doc, "{{ city.name }}创建国家卫生{{ city.level_name }}工作汇报")
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
        "{{ loop.index }}.{{ i.name }}{% for f in i.figures if f.met == false %}，{{ f.year }}年为{{ f.text }}"
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


# ---------------------------------------------------------------- the application dossier


def application(doc: Document) -> None:
    """申请报告 (请示) to the 省爱卫会: the campaign in figures, the 必备条件, the request."""
    g.add_doc_number(doc, DOC_NO)
    g.blank_line(doc)
    g.add_title(doc, "{{ issuer }}关于申报国家卫生{{ city.level_name }}的请示")
    g.blank_line(doc)
    g.add_recipient(doc, "{{ recipient }}")
    g.add_body(
        doc,
        "{{ years|first }}{% if years|length > 1 %}—{{ years|last }}{% endif %}年，{{ city.name }}"
        "以创建国家卫生{{ city.level_name }}为抓手，对照《{{ guide.standard }}》，健全爱国卫生组织网络，"
        "推进城乡环境卫生综合整治，按照《{{ guide.title }}》规范整理创建工作资料。",
    )
    tag(doc, "{%p if paragraphs is defined %}")
    paragraphs(doc, "para in paragraphs", "{{ para }}")
    tag(doc, "{%p endif %}")
    g.add_body(
        doc,
        "{{ indicator_summary.total }}项有数据的指标中，{{ year }}年{{ indicator_summary.met }}项"
        "达到标准要求{% if indicator_summary.not_met %}，{{ indicator_summary.not_met }}项暂未达到，"
        "已制定措施限期整改{% endif %}。{{ prerequisite_summary.total }}项必备条件中，"
        "{{ prerequisite_summary.met }}项达标{% if prerequisite_summary.not_met %}，"
        "{{ prerequisite_summary.not_met }}项未达标{% endif %}{% if prerequisite_summary.no_data %}，"
        "{{ prerequisite_summary.no_data }}项暂无数据{% endif %}{% if prerequisite_summary.unjudged %}，"
        "{{ prerequisite_summary.unjudged }}项无法判断{% endif %}，详见《必备条件完成情况》。",
    )
    g.add_body(
        doc,
        "{% if prerequisite_summary.met == prerequisite_summary.total %}经自查，{{ city.name }}"
        "各项必备条件均已达到，具备申报条件。{% else %}对尚未达标或暂无数据的必备条件，{{ city.name }}"
        "正在逐项整改、补充资料。{% endif %}现申请参加国家卫生{{ city.level_name }}评审，恳请予以考核推荐。",
    )
    g.add_body(doc, "妥否，请批示。")
    attachments(doc)
    g.add_signature(doc, "{{ issuer }}", DATE)
    note = g.add_body(doc, "（联系人：{{ contact.name }}，联系电话：{{ contact.phone }}）")
    around(doc, [note], "{%p if contact is defined %}", "{%p endif %}")
    colophon(doc, "{{ issuer }}")


def city_profile(doc: Document) -> None:
    """城市基本情况: docgen.yaml's city profile and the latest indicator figures."""
    g.add_title(doc, "{{ city.name }}基本情况")
    g.blank_line(doc)
    g.add_heading(doc, "一、基本概况", 1)
    g.add_body(
        doc,
        "{{ city.name }}{% if city.province %}位于{{ city.province }}，{% endif %}"
        "行政区域面积{{ city.area }}平方千米，建成区面积{{ city.built_up_area }}平方千米，"
        "常住人口{{ city.population }}万人{% if city.gdp is defined %}，"
        "{{ year }}年地区生产总值{{ city.gdp }}亿元{% endif %}。",
    )
    for key in ("summary", "history"):
        tag(doc, f"{{%p if city.{key} is defined %}}")
        paragraphs(doc, f"para in city.{key}", "{{ para }}")
        tag(doc, "{%p endif %}")
    g.add_heading(doc, "二、行政区划", 1)
    g.add_body(
        doc,
        "全市辖{{ city.districts|length }}个县（市、区）："
        "{{ city.districts|map(attribute='name')|join('、') }}。"
        "{% if city.divisions is defined %}共有{{ city.divisions|join('、') }}。{% endif %}",
    )
    paragraphs(doc, "d in city.districts if d.note", "{{ d.name }}：{{ d.note }}")
    g.add_heading(doc, "三、主要指标", 1)
    g.add_body(doc, "{{ indicators|length }}项指标最近一年的数值如下（取自指标数据表）。")
    table(
        doc,
        ["序号", "指标名称", "年度", "数值"],
        ["{{ loop.index }}", "{{ i.name }}", "{{ i.latest.year }}", "{{ i.latest.text }}"],
        "i in indicators",
        [16, 82, 22, 36],
    )
    g.add_signature(doc, "{{ issuer }}", DATE)


def prerequisites(doc: Document) -> None:
    """必备条件完成情况: each 必备条件, its threshold, the figure of each year of the
    window, met or not, and the 档号 of the evidence."""
    s = "prerequisite_summary"
    g.add_title(doc, "{{ city.name }}创建国家卫生{{ city.level_name }}必备条件完成情况")
    g.blank_line(doc)
    g.add_body(
        doc,
        f"对照{{{{ {s}.standard }}}}，{{{{ years|first }}}}{{% if years|length > 1 %}}—"
        f"{{{{ years|last }}}}{{% endif %}}年{{{{ city.name }}}}{{{{ {s}.total }}}}项必备条件中，"
        f"{{{{ {s}.met }}}}项达标{{% if {s}.not_met %}}，{{{{ {s}.not_met }}}}项未达标{{% endif %}}"
        f"{{% if {s}.no_data %}}，{{{{ {s}.no_data }}}}项暂无数据{{% endif %}}"
        f"{{% if {s}.unjudged %}}，{{{{ {s}.unjudged }}}}项无法判断{{% endif %}}。具体情况见下表。",
    )
    table(
        doc,
        [
            "序号",
            "必备条件",
            "标准要求",
            "{%tc for y in years %}",
            "{{ y }}年",
            "{%tc endfor %}",
            "是否达标",
            "证明材料档号",
        ],
        [
            "{{ r.no }}",
            "{{ r.name }}",
            "{{ r.requirement }}{% if not r.verified %}（未核实）{% endif %}",
            "{%tc for t in r.year_texts %}",
            "{{ t }}",
            "{%tc endfor %}",
            "{{ r.verdict }}",
            "{{ r.key_evidence|join('\\n') or '—' }}",
        ],
        "r in prerequisites",
        [8, 26, 26, 17, 17, 17, 14, 31],
        size=SMALL,
    )
    g.blank_line(doc)
    g.add_body(
        doc,
        "注：1.数值取自指标数据表，按本项目所用标准的目标值逐年判断；证明材料档号为归档文件目录中"
        "写有该项数值（每年取一件）或记载该项工作的文件。",
    )
    unverified = g.add_body(
        doc,
        "2.标准要求后注“（未核实）”的，目标值未经核实或参照其他版本标准，请对照标准原文确认。"
        f"{{{{ {s}.note }}}}",
    )
    around(doc, [unverified], f"{{%p if not {s}.verified %}}", "{%p endif %}")
    tag(doc, f"{{%p if {s}.failing %}}")
    g.add_body(doc, "未达标情况：")
    paragraphs(doc, f"why in {s}.reasons", "{{ loop.index }}.{{ why }}。")
    tag(doc, "{%p endif %}")
    g.add_signature(doc, "{{ issuer }}", DATE)


def organization(doc: Document) -> None:
    """爱卫会机构设置及人员组成: the committee (docgen.yaml city.committee, optional)
    and the member units (data/成员单位.xlsx)."""
    c = "city.committee"
    g.add_title(doc, "{{ city.name }}爱国卫生运动委员会机构设置及人员组成")
    g.blank_line(doc)
    g.add_heading(doc, "一、爱国卫生运动委员会组成", 1)
    tag(doc, f"{{%p if {c} is defined %}}")
    for key, label in (("director", "主任"), ("deputies", "副主任"), ("members", "委员")):
        value = f"{{{{ {c}.{key}|join('、') }}}}" if key != "director" else f"{{{{ {c}.{key} }}}}"
        line = g.add_body(doc, f"{label}：{value}")
        around(doc, [line], f"{{%p if {c}.{key} is defined %}}", "{%p endif %}")
    tag(doc, "{%p endif %}")
    g.add_body(
        doc,
        "{{ city.name }}爱国卫生运动委员会共有成员单位{{ units|selectattr('listed')|list|length }}个，"
        "名单如下。",
    )
    table(
        doc,
        ["序号", "单位名称", "联系人", "联系电话"],
        ["{{ loop.index }}", "{{ u.name }}", "{{ u.contact or '—' }}", "{{ u.phone or '—' }}"],
        "u in units if u.listed",
        [16, 74, 26, 40],
    )
    g.blank_line(doc)
    tag(doc, f"{{%p if {c} is defined and ({c}.office is defined or {c}.staff is defined) %}}")
    g.add_heading(doc, "二、爱国卫生运动委员会办公室设置", 1)
    for key, text in (
        ("office", f"{{{{ {c}.office }}}}"),
        ("staff", f"人员编制：{{{{ {c}.staff }}}}"),
    ):
        line = g.add_body(doc, text)
        around(doc, [line], f"{{%p if {c}.{key} is defined %}}", "{%p endif %}")
    tag(doc, "{%p endif %}")
    g.add_signature(doc, "{{ issuer }}", DATE)


BUILDERS: dict[str, Callable[[Document], None]] = {
    "notice": notice,
    "meeting-notice": meeting_notice,
    "circular": circular,
    "assignment": assignment,
    "briefing": briefing,
    "work-report": work_report,
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
