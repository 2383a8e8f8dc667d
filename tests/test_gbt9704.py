"""The GB/T 9704-2012 layout module: a document built with every builder passes lint,
carries w:eastAsia everywhere, has odd/even PAGE footers and reproducible bytes."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from docgen import gbt9704 as g
from docgen.gbt9704 import spec
from docgen.lint import lint_file

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ORG = "示例市爱国卫生运动委员会办公室"


def build_full() -> Document:
    doc = g.new_document()
    g.add_doc_number(doc, g.doc_number("示爱卫办", 2026, 5))
    g.add_title(doc, "关于开展2026年爱国卫生月活动的通知")
    g.add_recipient(doc, "各县（区）爱卫办，市爱卫会各成员单位")
    g.add_body(doc, "为深入开展爱国卫生运动，巩固国家卫生城市创建成果，现将有关事项通知如下。")
    g.add_heading(doc, "一、工作目标", 1)
    g.add_heading(doc, "（一）总体要求", 2)
    g.add_heading(doc, "1.环境卫生整治", 3)
    g.add_heading(doc, "（1）农贸市场", 4)
    g.add_body(doc, "{{ city.name }}各责任单位于{{ deadline|cn_date }}前完成整改。")
    g.add_table(
        doc,
        ["序号", "责任单位", "问题"],
        [["1", "市城管局", "垃圾清运不及时"], ["2", "市市场监管局", "农贸市场分区不清"]],
    )
    g.add_attachment_note(doc, ["2026年爱国卫生月活动安排。", "各单位联系人名单"])
    g.add_signature(doc, ORG, g.chinese_date(date(2026, 11, 23)))
    g.add_colophon(doc, ["市委办公室", "市政府办公室"], ORG, g.chinese_date(date(2026, 11, 23)))
    return doc


def build_briefing() -> Document:
    doc = g.new_document()
    g.add_masthead(doc, "创卫工作简报", 5, "示例市创卫办编", "2026年11月23日")
    g.add_title(doc, "我市开展农贸市场集中整治")
    g.add_body(doc, "11月以来，市场监管局会同城管局对全市农贸市场开展集中整治。")
    g.add_colophon(doc, None, ORG, "2026年11月23日")
    return doc


def save(doc, path: Path) -> Path:
    doc.save(str(path))
    return path


def part(path: Path, name: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def test_full_document_passes_lint(tmp_path):
    path = save(build_full(), tmp_path / "通知.docx")
    assert lint_file(path) == []


def test_briefing_passes_lint(tmp_path):
    path = save(build_briefing(), tmp_path / "简报.docx")
    assert lint_file(path) == []


def test_every_run_and_style_sets_east_asia(tmp_path):
    path = save(build_full(), tmp_path / "a.docx")
    body = part(path, "word/document.xml")
    runs = body.iter(f"{W}r")
    for r in runs:
        fonts = r.find(f"{W}rPr/{W}rFonts")
        assert fonts is not None and fonts.get(f"{W}eastAsia"), etree.tostring(r)
        assert fonts.get(f"{W}eastAsiaTheme") is None
    styles = part(path, "word/styles.xml")
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert default.get(f"{W}eastAsia") == spec.FONT_BODY
    for style in styles.iter(f"{W}style"):
        if style.get(f"{W}type") == "character" and style.get(f"{W}default") == "1":
            assert style.find(f"{W}rPr") is None  # Default Paragraph Font stays empty
        elif style.get(f"{W}type") in ("paragraph", "character", "table"):
            fonts = style.find(f"{W}rPr/{W}rFonts")
            assert fonts is not None and fonts.get(f"{W}eastAsia"), style.get(f"{W}styleId")
            assert fonts.get(f"{W}eastAsiaTheme") is None


def test_styles_carry_the_faces_and_sizes():
    doc = build_full()
    want = {
        "Normal": (spec.FONT_BODY, 32),
        "公文标题": (spec.FONT_TITLE, 44),
        "一级标题": (spec.FONT_HEI, 32),
        "二级标题": (spec.FONT_KAI, 32),
        "三级标题": (spec.FONT_BODY, 32),
        "版记": (spec.FONT_BODY, 28),
    }
    for name, (face, half_points) in want.items():
        rpr = doc.styles[name].element.find(f"{W}rPr")
        assert rpr.find(f"{W}rFonts").get(f"{W}eastAsia") == face
        assert rpr.find(f"{W}sz").get(f"{W}val") == str(half_points)
    normal = doc.styles["Normal"].paragraph_format
    assert normal.line_spacing.pt == pytest.approx(28.95)
    assert normal.first_line_indent.pt == 32


def test_page_setup_and_grid(tmp_path):
    path = save(build_full(), tmp_path / "a.docx")
    section = Document(str(path)).sections[0]
    for got, want in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert abs(got.mm - want) < 0.05
    grid = part(path, "word/document.xml").find(f".//{W}sectPr/{W}docGrid")
    assert grid.get(f"{W}type") == "lines" and grid.get(f"{W}charSpace") is None
    assert grid.get(f"{W}linePitch") == "579"
    defaults = part(path, "word/styles.xml").find(f".//{W}rPrDefault/{W}rPr/{W}spacing")
    assert defaults.get(f"{W}val") == "-5"  # 15.75 pt a 3号 character: 28 in 156 mm


def test_footers_have_page_fields_odd_right_even_left(tmp_path):
    path = save(build_full(), tmp_path / "a.docx")
    settings = part(path, "word/settings.xml")
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    doc = Document(str(path))
    section = doc.sections[0]
    for footer, jc, indent in (
        (section.footer, "right", "right"),
        (section.even_page_footer, "left", "left"),
    ):
        p = footer.paragraphs[0]._p
        assert "PAGE" in "".join(t.text for t in p.iter(f"{W}instrText"))
        assert [f.get(f"{W}fldCharType") for f in p.iter(f"{W}fldChar")] == [
            "begin",
            "separate",
            "end",
        ]
        assert p.find(f"{W}pPr/{W}jc").get(f"{W}val") == jc
        assert p.find(f"{W}pPr/{W}ind").get(f"{W}{indent}") == "280"  # one 4号 字
        text = "".join(t.text for t in p.iter(f"{W}t"))
        assert text == "— 1 —"


def test_two_builds_are_identical(tmp_path):
    a = save(build_full(), tmp_path / "a.docx")
    b = save(build_full(), tmp_path / "b.docx")
    for name in (
        "word/document.xml",
        "word/styles.xml",
        "docProps/core.xml",
        "word/footer1.xml",
        "word/settings.xml",
    ):
        with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
            assert za.read(name) == zb.read(name), name
    core = Document(str(a)).core_properties
    assert core.author == "docgen" and core.revision == 1
    assert core.created == core.modified == core.last_printed
    assert core.created.year == 2000


def test_each_builder_writes_one_run_so_jinja_tags_stay_whole(tmp_path):
    doc = g.new_document()
    tag = "{{ unit.name }}{%p if x %}"
    for fn in (g.add_title, g.add_doc_number, g.add_recipient, g.add_body):
        assert len(fn(doc, tag).runs) == 1
    assert len(g.add_heading(doc, tag, 2).runs) == 1
    name, when = g.add_signature(doc, tag, "{{ today|cn_date }}")
    assert len(name.runs) == 1 and len(when.runs) == 1
    assert name.text == "\t" + tag and when.text == "{{ today|cn_date }}"
    for p in g.add_colophon(doc, [tag], tag, "{{ today|cn_date }}"):
        assert len(p.runs) <= 1
    for p in g.add_attachment_note(doc, [tag, "{{ b }}"]):
        assert len(p.runs) <= 1


def test_text_helpers():
    assert g.chinese_date(date(2026, 1, 5)) == "2026年1月5日"
    assert g.chinese_date(date(2026, 11, 23)) == "2026年11月23日"
    assert g.doc_number("江爱卫办", 2026, 5) == "江爱卫办〔2026〕5号"
    assert g.doc_number("江爱卫办", "2026", "05") == "江爱卫办〔2026〕5号"
    assert (
        g.doc_number("江爱卫办", "{{ year }}", "{{ seq }}") == "江爱卫办〔{{ year }}〕{{ seq }}号"
    )
    assert g.cc_text(["市委办公室", "市政府办公室。"]) == "抄送：市委办公室，市政府办公室。"


def test_element_forms():
    doc = g.new_document()
    assert g.add_recipient(doc, "各成员单位:").text == "各成员单位："
    notes = g.add_attachment_note(doc, ["名单。", "日程表；"])
    assert [p.text for p in notes] == ["附件：1.名单", "2.日程表"]
    single = g.add_attachment_note(doc, ["名单"])
    assert single[0].text == "附件：名单"
    lines = [p.text for p in g.add_colophon(doc, ["市委办公室"], ORG, "2026年11月23日")]
    assert "抄送：市委办公室。" in lines and f"{ORG}\t2026年11月23日印发" in lines
    masthead = g.add_masthead(doc, "创卫工作简报", 5, "示例市创卫办编", "2026年11月23日")
    assert masthead[1].text == "\t第5期"  # centred by a centre tab
    with pytest.raises(ValueError):
        g.add_heading(doc, "五级", 5)


def test_colophon_rules_are_thick_thin_thick(tmp_path):
    doc = g.new_document()
    g.add_colophon(doc, ["市委办公室"], ORG, "2026年11月23日")
    path = save(doc, tmp_path / "a.docx")
    borders = part(path, "word/document.xml").find(f".//{W}tblBorders")
    sizes = [borders.find(f"{W}{side}").get(f"{W}sz") for side in ("top", "insideH", "bottom")]
    assert sizes == ["8", "6", "8"]  # 0.35 mm, 0.25 mm, 0.35 mm in eighths of a point
    assert borders.find(f"{W}left").get(f"{W}val") == "nil"


def test_colophon_floats_at_the_foot_of_the_text_area(tmp_path):
    doc = g.new_document()
    g.add_colophon(doc, None, ORG, "2026年11月23日")
    path = save(doc, tmp_path / "a.docx")
    position = part(path, "word/document.xml").find(f".//{W}tblpPr")
    assert position.get(f"{W}vertAnchor") == "margin"
    assert position.get(f"{W}tblpYSpec") == "bottom"
