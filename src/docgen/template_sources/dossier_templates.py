"""The built-in templates of the application dossier (docgen dossier build): 申请报告,
城市基本情况, 必备条件完成情况 and 爱卫会机构设置及人员组成; the office documents are in
build_templates.py, which writes them all."""

from __future__ import annotations

from docx.document import Document

from .. import gbt9704 as g
from .template_parts import (
    SMALL,
    around,
    masthead,
    paragraphs,
    request_closing,
    signature,
    table,
    tag,
    title_tag,
    units_table,
)


def application(doc: Document) -> None:
    """申请报告 (请示) to the 省爱卫会: the campaign in figures, the 必备条件, the request."""
    masthead(doc, upward=True, title="(issuer ~ '关于申报国家卫生' ~ city.level_name ~ '的请示')")
    g.add_recipient(doc, "{{ recipient }}")
    g.add_body(
        doc,
        "{{ years|first }}{% if years|length > 1 %}—{{ years|last }}{% endif %}年，{{ city.name }}"
        "以创建国家卫生{{ city.level_name }}为抓手，对照《{{ "
        "guide.standard }}》，健全爱国卫生组织网络，"
        "推进城乡环境卫生综合整治，按照《{{ guide.title }}》规范整理创建工作资料。",
    )
    tag(doc, "{%p if paragraphs is defined %}")
    paragraphs(doc, "para in paragraphs", "{{ para }}")
    tag(doc, "{%p endif %}")
    g.add_body(
        doc,
        "{{ indicator_summary.total }}项有数据的指标中，{{ year }}年{{ indicator_summary.met }}项"
        "达到标准要求{% if indicator_summary.not_met %}，{{ "
        "indicator_summary.not_met }}项暂未达到，"
        "已制定措施限期整改{% endif %}。{{ prerequisite_summary.total }}项必备条件中，"
        "{{ prerequisite_summary.met }}项达标{% if prerequisite_summary.not_met %}，"
        "{{ prerequisite_summary.not_met }}项未达标{% endif "
        "%}{% if prerequisite_summary.no_data %}，"
        "{{ prerequisite_summary.no_data }}项暂无数据{% endif "
        "%}{% if prerequisite_summary.unjudged %}，"
        "{{ prerequisite_summary.unjudged }}项无法判断{% endif %}，详见《必备条件完成情况》。",
    )
    g.add_body(
        doc,
        "{% if prerequisite_summary.met == prerequisite_summary.total %}经自查，{{ city.name }}"
        "各项必备条件均已达到，具备申报条件。{% else %}对尚未达标或暂无数据的必备条件，"
        "{{ city.name }}"
        "正在逐项整改、补充资料。{% endif %}现申请参加国家卫生{{ "
        "city.level_name }}评审，恳请予以考核推荐。",
    )
    g.add_body(doc, "妥否，请批示。")
    request_closing(doc)


def city_profile(doc: Document) -> None:
    """城市基本情况: docgen.yaml's city profile and the latest indicator figures."""
    g.add_title(doc, title_tag("(city.name ~ '基本情况')"))
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
    g.blank_line(doc)
    # a line of text after the table: the signature keeps with it (never a page of its own)
    g.add_body(doc, "数据来源：{{ city.name }}创建国家卫生{{ city.level_name }}指标数据表。")
    signature(doc)


def prerequisites(doc: Document) -> None:
    """必备条件完成情况: each 必备条件, its threshold, the figure of each year of the
    window, met or not, and the 档号 of the evidence."""
    s = "prerequisite_summary"
    g.add_title(
        doc, title_tag("(city.name ~ '创建国家卫生' ~ city.level_name ~ '必备条件完成情况')")
    )
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
    signature(doc)


def organization(doc: Document) -> None:
    """爱卫会机构设置及人员组成: the committee (docgen.yaml city.committee, optional)
    and the member units (data/成员单位.xlsx)."""
    c = "city.committee"
    g.add_title(doc, title_tag("(city.name ~ '爱国卫生运动委员会机构设置及人员组成')"))
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
        "{{ city.name }}爱国卫生运动委员会共有成员单位{{ units|selectattr('listed')"
        "|list|length }}个，"
        "名单如下。",
    )
    units_table(doc, missing="'—'")
    tag(doc, f"{{%p if {c} is defined and ({c}.office is defined or {c}.staff is defined) %}}")
    g.add_heading(doc, "二、爱国卫生运动委员会办公室设置", 1)
    for key, text in (
        ("office", f"{{{{ {c}.office }}}}"),
        ("staff", f"人员编制：{{{{ {c}.staff }}}}"),
    ):
        line = g.add_body(doc, text)
        around(doc, [line], f"{{%p if {c}.{key} is defined %}}", "{%p endif %}")
    tag(doc, "{%p endif %}")
    signature(doc)
