"""`docgen lint` on real .docx files (python-docx) with one defect each (files that are
no .docx at all, paths and reports: test_lint_files.py)."""

from __future__ import annotations

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from docgen import gbt9704 as g
from docgen.lint import lint_file

ORG = "示例市爱国卫生运动委员会办公室"


def good():
    doc = g.new_document()
    g.add_doc_number(doc, "示爱卫办〔2026〕5号")
    g.add_title(doc, "关于开展爱国卫生月活动的通知")
    g.add_recipient(doc, "各成员单位")
    g.add_body(doc, "为深入开展爱国卫生运动，现将有关事项通知如下。")
    g.add_heading(doc, "一、工作目标", 1)
    g.add_body(doc, "巩固创建成果。")
    g.add_signature(doc, ORG, "2026年11月23日")
    return doc


def raw():
    """A python-docx document as a unit might make it: A4 and the margins, nothing else."""
    doc = Document()
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    return doc


def body_line(doc, text, align=None, spacing=True):
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.font.name = "仿宋"  # ascii/hAnsi only: python-docx does not write w:eastAsia
    run.font.size = Pt(16)
    if spacing:
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        p.paragraph_format.line_spacing = Pt(28.95)
    if align is not None:
        p.alignment = align
    return p


def lint(doc, tmp_path, name="a.docx"):
    path = tmp_path / name
    doc.save(str(path))
    return lint_file(path)


def rules(findings):
    return sorted({f.rule for f in findings})


def only(findings, rule):
    hits = [f for f in findings if f.rule == rule]
    assert len(hits) == 1, [(f.rule, f.message) for f in findings]
    return hits[0]


def test_good_document_has_no_findings(tmp_path):
    assert lint(good(), tmp_path) == []


def test_wrong_margins(tmp_path):
    doc = good()
    doc.sections[0].top_margin = Mm(25.4)
    doc.sections[0].left_margin = Mm(28.8)  # within ±1 mm
    f = only(lint(doc, tmp_path), "format.margin")
    assert f.severity == "error" and f.value == "25.4 mm" and f.expected == "37 mm"
    assert "上页边距" in f.message


def test_letter_paper_and_landscape(tmp_path):
    doc = good()
    doc.sections[0].page_width, doc.sections[0].page_height = Mm(216), Mm(279)
    assert "format.paper" in rules(lint(doc, tmp_path))
    doc = good()
    doc.sections[0].page_width, doc.sections[0].page_height = Mm(297), Mm(210)
    assert only(lint(doc, tmp_path), "format.paper").value == "横向"


def test_title_in_song_18pt(tmp_path):
    doc = g.new_document()
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    g.set_run_font(p.add_run("关于开展爱国卫生月活动的通知"), "宋体", 18)
    g.add_body(doc, "为深入开展爱国卫生运动，现将有关事项通知如下。")
    f = only(lint(doc, tmp_path), "format.title-font")
    assert f.value == "宋体 18 磅" and f.row == 1 and "第 1 段“关于开展" in f.message


def test_body_with_only_ascii_font_resolves_east_asian_face_through_the_theme(tmp_path):
    doc = raw()
    body_line(doc, "为深入开展爱国卫生运动，现将有关事项通知如下。")
    f = only(lint(doc, tmp_path), "format.body-font")
    # python-docx's template: docDefaults eastAsiaTheme=minorEastAsia, theme <a:ea> empty,
    # themeFontLang eastAsia=ja-JP → the theme's Jpan face
    assert f.value == "ＭＳ 明朝" and f.expected == "仿宋"
    assert "中文字体" in f.message and "西文字体" in f.message


def test_theme_language_picks_the_hans_face(tmp_path):
    doc = raw()
    doc.settings.element.find(qn("w:themeFontLang")).set(qn("w:eastAsia"), "zh-CN")
    body_line(doc, "为深入开展爱国卫生运动，现将有关事项通知如下。")
    assert only(lint(doc, tmp_path), "format.body-font").value == "宋体"


def test_east_asian_face_from_the_style_is_enough(tmp_path):
    doc = g.new_document()  # Normal carries w:eastAsia=仿宋
    body_line(doc, "为深入开展爱国卫生运动，现将有关事项通知如下。")
    assert lint(doc, tmp_path) == []


def test_body_size_and_direct_east_asian_face(tmp_path):
    doc = good()
    p = doc.add_paragraph()
    g.set_run_font(p.add_run("各单位要高度重视。"), "楷体", 14)
    found = [f for f in lint(doc, tmp_path) if f.rule == "format.body-font"]
    assert sorted(f.value for f in found) == ["14 磅", "楷体"]


def test_heading_in_song(tmp_path):
    doc = good()
    g.set_run_font(doc.add_paragraph().add_run("二、工作要求"), "宋体", 16)
    g.set_run_font(doc.add_paragraph().add_run("（一）加强领导。各单位要……"), "仿宋", 16)
    found = [f for f in lint(doc, tmp_path) if f.rule == "format.heading-font"]
    assert sorted(f.value for f in found) == ["仿宋", "宋体"]


def test_single_spacing_without_grid(tmp_path):
    doc = raw()
    doc.styles["Normal"].element.get_or_add_rPr()
    p = body_line(doc, "为深入开展爱国卫生运动。", spacing=False)
    p.paragraph_format.line_spacing = 1.0
    f = only(lint(doc, tmp_path), "format.line-spacing")
    assert f.value == "单倍行距"


@pytest.mark.parametrize(
    "number, fixed",
    [
        ("示爱卫办[2026]5号", "示爱卫办〔2026〕5号"),
        ("示爱卫办〔2026〕第5号", "示爱卫办〔2026〕5号"),
        ("示爱卫办〔2026〕05号", "示爱卫办〔2026〕5号"),
        ("示爱卫办（26）5号", "示爱卫办〔2026〕5号"),
    ],
)
def test_bad_doc_numbers(tmp_path, number, fixed):
    doc = g.new_document()
    g.add_doc_number(doc, number)
    g.add_title(doc, "关于开展爱国卫生月活动的通知")
    f = only(lint(doc, tmp_path), "format.doc-number")
    assert f.value == number and f.expected == fixed


def test_doc_number_with_signer_on_the_same_line(tmp_path):
    doc = g.new_document()
    g.add_doc_number(doc, "示爱卫办【2026】5号\t签发人：张三")
    assert only(lint(doc, tmp_path), "format.doc-number").value == "示爱卫办【2026】5号"


@pytest.mark.parametrize(
    "written, expected",
    [
        ("2026年01月05日", "2026年1月5日"),
        ("二〇二六年一月五日", "2026年1月5日"),
        ("二〇二六年十一月二十三日", "2026年11月23日"),
        ("1月5日", None),
        ("2026.1.5", "2026年1月5日"),
    ],
)
def test_bad_dates(tmp_path, written, expected):
    doc = good()
    g.add_signature(doc, ORG, written)
    f = only(lint(doc, tmp_path), "format.date")
    assert f.value == written and f.expected == expected


def test_printed_date_with_leading_zero(tmp_path):
    doc = good()
    g.add_colophon(doc, ["市委办公室"], ORG, "2026年01月05日")
    assert only(lint(doc, tmp_path), "format.date").expected == "2026年1月5日"


def _drop_footer_runs(doc):
    section = doc.sections[0]
    for footer in (section.footer, section.even_page_footer):
        for run in footer.paragraphs[0].runs:
            run._r.getparent().remove(run._r)
    return section


def test_no_page_number(tmp_path):
    doc = good()
    _drop_footer_runs(doc)
    f = only(lint(doc, tmp_path), "format.page-number")
    assert f.severity == "error" and "没有页码" in f.message


def test_page_number_typed_as_text(tmp_path):
    doc = good()
    section = _drop_footer_runs(doc)
    section.footer.paragraphs[0].add_run("— 1 —")
    f = only(lint(doc, tmp_path), "format.page-number")
    assert "手工输入" in f.message


def test_centred_page_number_without_odd_even_pages(tmp_path):
    doc = raw()
    body_line(doc, "为深入开展爱国卫生运动。")
    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    field = run._r.makeelement(qn("w:fldSimple"), {qn("w:instr"): "PAGE"})
    p._p.append(field)
    found = [f for f in lint(doc, tmp_path) if f.rule.startswith("format.page-number")]
    assert {(f.rule, f.severity) for f in found} == {("format.page-number-style", "warning")}
    assert any("奇偶页不同" in f.message for f in found)
    assert any("一字线" in f.message for f in found)


def test_cc_without_full_stop_and_with_ascii_colon(tmp_path):
    doc = good()
    cc = g.add_colophon(doc, ["市委办公室"], ORG, "2026年11月23日")[0]
    cc.runs[0].text = "抄送:市委办公室，市政府办公室"
    found = [f for f in lint(doc, tmp_path) if f.rule == "format.colophon"]
    assert sorted(f.expected for f in found) == ["。", "："]


def test_cc_in_a_table_and_printed_line_without_date(tmp_path):
    doc = good()
    table = doc.add_table(rows=2, cols=1)
    table.cell(0, 0).paragraphs[0].add_run("抄送：市委办公室，市政府办公室")
    table.cell(1, 0).paragraphs[0].add_run(f"{ORG}印发")
    found = [f for f in lint(doc, tmp_path) if f.rule.startswith("format.colophon")]
    assert sorted((f.rule, f.severity, f.expected) for f in found) == [
        ("format.colophon", "error", "2026年11月23日印发"),
        ("format.colophon", "error", "。"),
        ("format.colophon-style", "warning", "14 磅"),
    ]  # 3号, not 4号


def test_attachment_note_with_punctuation(tmp_path):
    doc = good()
    g.add_body(doc, "附件:1、名单。")
    g.add_body(doc, "2、日程表")
    found = [f for f in lint(doc, tmp_path) if f.rule.startswith("format.attachment")]
    assert sorted((f.rule, f.severity, f.expected) for f in found) == [
        ("format.attachment", "error", "名单"),
        ("format.attachment", "error", "："),
        ("format.attachment-numbering", "warning", "1."),
        ("format.attachment-numbering", "warning", "2."),
    ]


def test_briefing_without_doc_number_or_colophon_is_fine(tmp_path):
    doc = g.new_document()
    g.add_masthead(doc, "创卫工作简报", "第12期", "示例市创卫办编", "2026年11月23日")
    g.add_title(doc, "我市开展农贸市场集中整治")
    g.add_body(doc, "11月以来，市场监管局会同城管局对全市农贸市场开展集中整治。")
    assert lint(doc, tmp_path) == []


# ------------------------------------------------------------------ resolution like Word


def _style_with_east_asia(doc, name, east_asia, base=None):
    from docx.enum.style import WD_STYLE_TYPE

    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base is not None:
        style.base_style = doc.styles[base]
    if east_asia is not None:
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), east_asia)
    return style


def test_east_asian_face_through_the_based_on_chain(tmp_path):
    doc = g.new_document()
    _style_with_east_asia(doc, "来文正文", "宋体")
    _style_with_east_asia(doc, "来文正文2", None, base="来文正文")
    p = body_line(doc, "各单位要高度重视，认真组织实施。")
    p.style = doc.styles["来文正文2"]
    assert only(lint(doc, tmp_path), "format.body-font").value == "宋体"


def test_theme_attribute_wins_over_the_name_in_the_same_element(tmp_path):
    doc = g.new_document()
    p = g.add_body(doc, "各单位要高度重视，认真组织实施。")
    fonts = p.runs[0]._r.rPr.rFonts
    fonts.set(qn("w:eastAsiaTheme"), "minorEastAsia")  # eastAsia="仿宋" stays, loses
    assert only(lint(doc, tmp_path), "format.body-font").value == "宋体"


def test_latin_face_names_compare_without_case(tmp_path):
    doc = good()
    g.set_run_font(doc.add_paragraph().add_run("各单位要高度重视。"), "fangsong_gb2312", 16)
    assert lint(doc, tmp_path) == []


def test_subtitle_under_the_title_is_not_title(tmp_path):
    doc = g.new_document()
    g.add_title(doc, "在全市创卫工作推进会上的讲话")
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    g.set_run_font(p.add_run("（2026年11月20日）"), "楷体", 16)
    g.add_body(doc, "同志们：今天召开全市创卫工作推进会。")
    assert lint(doc, tmp_path) == []


def test_briefing_byline_date_is_checked(tmp_path):
    doc = g.new_document()
    g.add_masthead(doc, "创卫工作简报", 3, "示例市创卫办编", "2026年01月05日")
    g.add_title(doc, "我市开展农贸市场集中整治")
    g.add_body(doc, "市场监管局会同城管局对全市农贸市场开展集中整治。")
    f = only(lint(doc, tmp_path), "format.date")
    assert f.value == "2026年01月05日" and f.expected == "2026年1月5日"


def test_briefing_article_title_is_checked(tmp_path):
    doc = g.new_document()
    g.add_masthead(doc, "创卫工作简报", 3, "示例市创卫办编", "2026年1月5日")
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    g.set_run_font(p.add_run("我市开展农贸市场集中整治"), "黑体", 18)
    g.add_body(doc, "市场监管局会同城管局对全市农贸市场开展集中整治。")
    assert only(lint(doc, tmp_path), "format.title-font").value == "黑体 18 磅"


def test_a_unit_document_in_common_form_passes(tmp_path):
    """Red 发文机关标志, 仿宋_GB2312 body at 28 pt, page number in a frame set "outside"."""
    doc = raw()
    doc.styles["Normal"].element.get_or_add_rPr().get_or_add_rFonts().set(
        qn("w:eastAsia"), "仿宋_GB2312"
    )
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    g.set_run_font(
        head.add_run("示例市爱国卫生运动委员会文件"), "方正小标宋简体", 50, color="FF0000"
    )
    number = body_line(doc, "示爱卫〔2026〕12号", WD_ALIGN_PARAGRAPH.CENTER)
    number.runs[0].font.size = Pt(16)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    g.set_run_font(title.add_run("关于开展爱国卫生月活动的通知"), "方正小标宋_GBK", 22)
    for text in ("各县（区）爱卫办：", "为深入开展爱国卫生运动，现将有关事项通知如下。"):
        body_line(doc, text).paragraph_format.line_spacing = Pt(28)
    body_line(doc, "示例市爱国卫生运动委员会", WD_ALIGN_PARAGRAPH.RIGHT)
    body_line(doc, "2026年3月1日", WD_ALIGN_PARAGRAPH.RIGHT)
    footer = doc.sections[0].footer.paragraphs[0]
    frame = footer._p.get_or_add_pPr().makeelement(
        qn("w:framePr"), {qn("w:xAlign"): "outside", qn("w:wrap"): "around"}
    )
    footer._p.get_or_add_pPr().insert_element_before(
        frame, "w:widowControl", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr"
    )
    footer.add_run("— ")
    footer._p.append(footer._p.makeelement(qn("w:fldSimple"), {qn("w:instr"): " PAGE "}))
    footer.add_run(" —")
    assert lint(doc, tmp_path) == []


def test_a_template_with_jinja_tags_passes(tmp_path):
    doc = g.new_document()
    g.add_doc_number(doc, "{{ org_code }}〔{{ year }}〕{{ seq }}号")
    g.add_title(doc, "{{ title }}")
    g.add_recipient(doc, "{{ recipient }}")
    g.add_body(doc, "{{ intro }}")
    g.add_signature(doc, "{{ issuer }}", "{{ date|cn_date }}")
    g.add_colophon(doc, ["{{ cc }}"], "{{ issuer }}", "{{ date|cn_date }}")
    assert lint(doc, tmp_path) == []
