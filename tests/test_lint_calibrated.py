"""What calibrating `docgen lint` on real 公文 (bench/lint_real.py) taught it, on .docx
built here with python-docx: 黑体 where 公文 use it, the first page's number, the 版记's
size, font lists, margins as shown, the document's kind and what it requires, and the
.doc/.wps/.ofd a folder holds."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from projectkit import ole_bytes
from test_lint import ORG, good, lint, only, rules

from docgen import gbt9704 as g
from docgen.gbt9704 import oxml
from docgen.lint import kind as lint_kind
from docgen.lint import lint_file, lint_paths, run_lint
from docgen.lint.base import Doc
from docgen.lint.docx_view import open_docx
from docgen.lint.zones import zones


def face_run(p, text, face, size=16.0):
    run = p.add_run(text)
    rpr = run._r.get_or_add_rPr()
    oxml.set_rfonts(rpr, face)
    run.font.size = Pt(size)
    return run


def line(doc, *pieces, align=None):
    """A body paragraph at 28.95 pt made of (text, face) pieces."""
    p = g.add_body(doc, "")
    for text, face in pieces:
        face_run(p, text, face)
    if align is not None:
        p.alignment = align
    return p


def minutes():
    doc = g.new_document()
    g.add_title(doc, "示例市爱卫会第三次全体会议纪要")
    g.add_body(doc, "2026年11月20日，示例市爱卫会召开第三次全体会议。纪要如下。")
    line(doc, ("会议议定事项", "黑体"))  # an unnumbered heading: a whole short 黑体 line
    g.add_body(doc, "会议同意巩固创建成果。")
    for label in ("出席：", "请假：", "列席："):
        line(doc, (label, "黑体"), ("张三、李四", "仿宋"))
    line(doc, ("记录", "黑体"))
    return doc


def test_minutes_labels_and_headings_in_hei_are_no_body_font_error(tmp_path):
    findings = lint(minutes(), tmp_path)
    assert "format.body-font" not in rules(findings), [f.message for f in findings]


def test_attachment_label_ordinals_and_lead_sentence_in_hei_are_fine(tmp_path):
    doc = good()
    line(doc, ("一是", "黑体"), ("落实责任。", "仿宋"), ("二是", "黑体"), ("加强督查。", "仿宋"))
    line(doc, ("加强组织领导。", "黑体"), ("各单位要明确分管领导。", "仿宋"))
    g.page_break(doc)
    line(doc, ("附件1", "黑体"))
    assert "format.body-font" not in rules(lint(doc, tmp_path))


def test_a_whole_paragraph_of_text_in_hei_is_still_a_body_font_error(tmp_path):
    doc = good()
    line(doc, ("各单位要按照要求认真组织开展自查，发现问题及时整改，确保取得实效。", "黑体"))
    found = only(lint(doc, tmp_path), "format.body-font")
    assert "黑体" in found.message and "仿宋" in found.message


def test_hei_emphasis_in_the_wrong_size_is_still_reported(tmp_path):
    doc = good()
    p = line(doc, ("出席：", "黑体"), ("张三", "仿宋"))
    p.runs[0].font.size = Pt(14)
    assert "14 磅" in only(lint(doc, tmp_path), "format.body-font").message


def test_font_lists_and_faces_of_the_same_family(tmp_path):
    doc = good()
    line(doc, ("各单位要按照要求认真组织。", "仿宋_GB2312;微软雅黑"))
    title = doc.paragraphs[1]
    for run in title.runs:
        oxml.set_rfonts(run._r.get_or_add_rPr(), "长城小标宋体")
    assert lint(doc, tmp_path) == []


def test_signature_and_date_in_12pt(tmp_path):
    doc = good()
    for p in doc.paragraphs[-2:]:
        for run in p.runs:
            run.font.size = Pt(12)
    found = [f.message for f in lint(doc, tmp_path) if f.rule == "format.body-font"]
    assert found and all("12 磅" in m for m in found)
    assert any("署名和成文日期" in m and "2026年11月23日" in m for m in found), found


# ---------------------------------------------------------------- page number on page 1


def test_different_first_page_without_a_first_footer_has_no_page_number_on_page_1(tmp_path):
    doc = good()
    doc.sections[0].different_first_page_header_footer = True
    found = only(lint(doc, tmp_path), "format.page-number")
    assert found.severity == "error" and "首页" in found.message and "首页不同" in found.message


def test_different_first_page_with_a_number_in_its_footer_is_fine(tmp_path):
    doc = good()
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    first = section.first_page_footer.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    oxml.page_field_runs(first, "宋体", 14)
    assert "format.page-number" not in rules(lint(doc, tmp_path))


# ---------------------------------------------------------------- 版记


def colophon_doc(size):
    doc = good()
    for text in ("抄送：市卫健委，市城管局。", f"{ORG}        2026年11月23日印发"):
        p = g.add_body(doc, "")
        face_run(p, text, "仿宋", size)
    return doc


def test_colophon_in_3hao_is_flagged_once_for_all_its_lines(tmp_path):
    findings = lint(colophon_doc(16), tmp_path)
    found = only(findings, "format.colophon-style")
    assert "16 磅" in found.message and "等 2 段" in found.message and "4号" in found.message
    assert "format.body-font" not in rules(findings)


def test_colophon_in_4hao_is_fine(tmp_path):
    assert "format.colophon-style" not in rules(lint(colophon_doc(14), tmp_path))


def test_recipient_moved_into_the_colophon_is_no_body_text(tmp_path):
    doc = minutes()
    for text in ("主送：各成员单位", "抄送：市政府办公室。"):
        face_run(g.add_body(doc, ""), text, "仿宋", 14)
    assert lint(doc, tmp_path) == []


# ---------------------------------------------------------------- margins as shown


def test_margin_shown_as_the_tolerance_edge_is_accepted(tmp_path):
    doc = good()
    sect = doc.sections[0]._sectPr.find(qn("w:pgMar"))
    sect.set(qn("w:top"), "2155")  # 3.8 cm in Word: 38.01 mm
    assert lint(doc, tmp_path) == []
    sect.set(qn("w:top"), "2170")  # 38.3 mm
    assert "38.3" in only(lint(doc, tmp_path), "format.margin").message


# ---------------------------------------------------------------- kind


def doc_of(doc, tmp_path):
    path = tmp_path / "k.docx"
    doc.save(str(path))
    view = open_docx(str(path))
    title, body = zones(view)
    return Doc(str(path), view, title, body)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("关于开展爱国卫生月活动的通知", "downward"),
        ("关于2026年创卫工作情况的通报", "downward"),
        ("关于申请创卫专项经费的请示", "upward"),
        ("关于创卫工作情况的报告", "upward"),
        ("示例市爱卫会第三次全体会议纪要", "minutes"),
        ("创卫工作简报", "briefing"),
        ("关于商请协助开展病媒生物防制的函", "letter"),
        ("关于开展爱国卫生月活动的通知（征求意见稿）", "downward"),
        ("创卫工作方案", "unknown"),
    ],
)
def test_kind_of(tmp_path, title, kind):
    doc = g.new_document()
    g.add_title(doc, title)
    g.add_body(doc, "正文。")
    assert lint_kind.kind_of(doc_of(doc, tmp_path)) == kind


def upward(signer: bool):
    doc = g.new_document()
    number = "示爱卫办〔2026〕5号" + ("        签发人：张三" if signer else "")
    g.add_doc_number(doc, number)
    g.add_title(doc, "关于申请创卫专项经费的请示")
    g.add_recipient(doc, "示例市人民政府")
    g.add_body(doc, "为巩固创建成果，现申请专项经费。妥否，请批示。")
    g.add_signature(doc, ORG, "2026年11月23日")
    return doc


def test_upward_document_without_a_signer(tmp_path):
    found = only(lint(upward(False), tmp_path), "format.signer")
    assert found.severity == "error" and "签发人" in found.message and "请示" in found.message
    assert "format.signer" not in rules(lint(upward(True), tmp_path, "b.docx"))


def test_upward_document_without_any_header_is_one_finding(tmp_path):
    doc = upward(False)
    number = doc.paragraphs[0]
    number._p.getparent().remove(number._p)
    findings = lint(doc, tmp_path)
    assert "format.signer" not in rules(findings)
    found = only(findings, "format.kind-elements")
    assert "发文字号" in found.message and "签发人" in found.message


def test_doc_number_in_the_page_header_counts(tmp_path):
    doc = g.new_document()
    doc.sections[0].header.paragraphs[0].text = "示爱卫办〔2026〕5号"
    g.add_title(doc, "关于开展爱国卫生月活动的通知")
    g.add_recipient(doc, "各成员单位")
    g.add_body(doc, "现将有关事项通知如下。")
    assert "format.kind-elements" not in rules(lint(doc, tmp_path))


def test_downward_document_without_a_doc_number_and_minutes_without_one(tmp_path):
    doc = g.new_document()
    g.add_title(doc, "关于开展爱国卫生月活动的通知")
    g.add_recipient(doc, "各成员单位")
    g.add_body(doc, "现将有关事项通知如下。")
    found = only(lint(doc, tmp_path), "format.kind-elements")
    assert "下行文" in found.message and "发文字号" in found.message
    assert lint(minutes(), tmp_path, "m.docx") == []


def test_letter_without_a_recipient(tmp_path):
    doc = g.new_document()
    g.add_doc_number(doc, "示爱卫办函〔2026〕3号")
    g.add_title(doc, "关于商请协助开展病媒生物防制的函")
    g.add_body(doc, "为做好病媒生物防制工作，商请贵单位协助。")
    assert "主送机关" in only(lint(doc, tmp_path), "format.kind-elements").message


# ---------------------------------------------------------------- .doc, .wps, .ofd


def fake_ofd(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "OFD.xml", '<?xml version="1.0"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>'
        )


def test_ofd_is_named_as_a_fixed_layout(tmp_path):
    folder = tmp_path / "来文"
    folder.mkdir()
    fake_ofd(folder / "通知.ofd")
    text, status = run_lint([folder])
    assert status == 1 and "1 个文件" in text and "OFD 版式文件" in text, text


def test_doc_without_libreoffice_says_how_to_install_it(tmp_path, monkeypatch):
    from docgen.render import pdf

    monkeypatch.setattr(pdf, "soffice_path", lambda: None)
    folder = tmp_path / "来文"
    folder.mkdir()
    (folder / "旧.doc").write_bytes(ole_bytes("WordDocument", "1Table"))
    (folder / "旧.wps").write_bytes(ole_bytes("WordDocument", "1Table"))
    findings = lint_paths([folder])
    assert [Path(f.file).name for f in findings] == ["旧.doc", "旧.wps"]
    assert all("LibreOffice" in f.message and "apt-get" in f.message for f in findings)
    assert run_lint([folder])[1] == 1


def test_doc_is_converted_with_libreoffice_and_checked(tmp_path):
    from docgen.render import pdf

    soffice = pdf.soffice_path()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: a .doc cannot be made or checked")
    made = tmp_path / "made"
    made.mkdir()
    doc = good()
    line(doc, ("各单位要按照要求认真组织开展自查，发现问题及时整改，确保取得实效。", "黑体"))
    doc.save(str(made / "src.docx"))
    pdf._convert(soffice, [made / "src.docx"], made, to="doc")
    folder = tmp_path / "来文"
    folder.mkdir()
    shutil.copyfile(made / "out" / "src.doc", folder / "通知.doc")
    before = hashlib.sha256((folder / "通知.doc").read_bytes()).hexdigest()
    findings = lint_paths([folder])
    assert {f.file for f in findings} == {str(folder / "通知.doc")}, findings
    assert (
        "format.body-font" in rules(findings)
        and "黑体" in only(findings, "format.body-font").message
    )
    assert sorted(p.name for p in folder.iterdir()) == ["通知.doc"]  # nothing beside it
    assert hashlib.sha256((folder / "通知.doc").read_bytes()).hexdigest() == before


def test_lint_file_on_an_ofd(tmp_path):
    fake_ofd(tmp_path / "a.ofd")
    (found,) = lint_file(tmp_path / "a.ofd")
    assert found.rule == "format.unreadable" and "版式文件" in found.message


# ---------------------------------------------------------------- 版头


def headed(masthead_face="方正小标宋简体", number_red=False, security=None, after_title=False):
    doc = g.new_document()
    if security and not after_title:
        face_run(g.add_body(doc, ""), security, "黑体")
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    face_run(p, "示例市爱国卫生运动委员会文件", masthead_face, 36).font.color.rgb = RED
    number = g.add_doc_number(doc, "示爱卫〔2026〕5号")
    if number_red:
        for run in number.runs:
            run.font.color.rgb = RED
    g.add_title(doc, "关于开展爱国卫生月活动的通知")
    if security and after_title:
        face_run(line(doc), security, "仿宋")
    g.add_recipient(doc, "各成员单位")
    g.add_body(doc, "现将有关事项通知如下。")
    g.add_signature(doc, ORG, "2026年11月23日")
    return doc


RED = RGBColor(0xFF, 0, 0)


def test_masthead_in_xiaobiaosong_and_a_security_line_in_hei_at_the_top_are_fine(tmp_path):
    assert lint(headed(security="秘密★1年"), tmp_path) == []


def test_masthead_in_song_is_flagged(tmp_path):
    found = only(lint(headed("宋体"), tmp_path), "format.masthead")
    assert "发文机关标志" in found.message and "宋体" in found.message


def test_red_doc_number_and_a_security_line_under_the_title(tmp_path):
    findings = lint(headed(number_red=True, security="密级：秘密", after_title=True), tmp_path)
    messages = [f.message for f in findings if f.rule == "format.masthead"]
    assert any("发文字号" in m and "红色" in m for m in messages), messages
    assert any("密级" in m and "标题之后" in m and "仿宋" in m for m in messages), messages


# ---------------------------------------------------------------- 附件 pages


def with_attachment(note: bool, closing_after: bool):
    doc = g.new_document()
    g.add_doc_number(doc, "示爱卫办〔2026〕5号")
    g.add_title(doc, "关于开展爱国卫生月活动的通知")
    g.add_recipient(doc, "各成员单位")
    g.add_body(doc, "现将有关事项通知如下。")
    if note:
        g.add_attachment_note(doc, ["活动安排表"])
    if not closing_after:
        g.add_body(doc, "特此通知。")
        g.add_signature(doc, ORG, "2026年11月23日")
    g.page_break(doc)
    line(doc, ("附件", "黑体"))
    g.add_body(doc, "活动安排表内容。")
    if closing_after:
        g.add_body(doc, "特此通知。")
        g.add_signature(doc, ORG, "2026年11月23日")
    return doc


def test_attachment_after_the_date_with_its_note_is_fine(tmp_path):
    assert lint(with_attachment(True, False), tmp_path) == []


def test_attachment_before_the_end_of_the_text_and_without_a_note(tmp_path):
    found = [f.message for f in lint(with_attachment(False, True), tmp_path)]
    assert any("特此通知" in m and "成文日期" in m for m in found), found
    assert any("没有附件说明" in m for m in found), found


def test_a_file_that_is_only_an_attachment_is_not_judged(tmp_path):
    doc = g.new_document()
    line(doc, ("附件1", "黑体"))
    g.add_title(doc, "活动安排表")
    g.add_body(doc, "活动安排表内容。")
    assert "format.attachment" not in rules(lint(doc, tmp_path))


def test_the_report_shows_each_files_kind(tmp_path):
    path = tmp_path / "请示.docx"
    upward(True).save(str(path))
    text, status = run_lint([path])
    assert f"{path}（上行文）" in text and status == 0, text
    data = json.loads(run_lint([path], "json")[0])
    assert data["kinds"] == {str(path): "upward"}


def test_what_is_converted(tmp_path):
    from docgen.lint.convert import convertible

    cases = {
        "ole.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 56,
        "rtf.doc": b"{\\rtf1\\ansi text}",
        "html.doc": b"\xef\xbb\xbf  <html><body>x</body></html>",
        "ole.wps": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 56,
        "zip.doc": b"PK\x03\x04" + b"\0" * 60,
        "ole.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 56,
        "empty.doc": b"",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    got = {name for name in cases if convertible(str(tmp_path / name))}
    assert got == {"ole.doc", "rtf.doc", "html.doc", "ole.wps"}
    assert not convertible(str(tmp_path))


def test_a_compound_file_that_is_no_word_document_is_not_converted(tmp_path, monkeypatch):
    from docgen.render import pdf

    def never():
        raise AssertionError("LibreOffice must not be asked")

    monkeypatch.setattr(pdf, "soffice_path", never)
    (tmp_path / "坏.doc").write_bytes(ole_bytes("Workbook"))
    (found,) = lint_paths([tmp_path / "坏.doc"])
    assert found.rule == "format.unreadable" and found.file == str(tmp_path / "坏.doc")


def test_a_labelled_recipient_heading_the_text_is_no_colophon(tmp_path):
    doc = good()
    doc.paragraphs[2].runs[0].text = "主送：各成员单位"
    for text in ("抄送：市卫健委。", f"{ORG}        2026年11月23日印发"):
        face_run(g.add_body(doc, ""), text, "仿宋", 14)
    findings = lint(doc, tmp_path)
    assert "format.colophon-style" not in rules(findings), [f.message for f in findings]


def test_a_briefing_masthead_decides_over_its_article_title():
    from docgen.lint.kind import kind_of_text

    masthead = ["创建国家卫生城市工作简报", "第5期"]
    assert kind_of_text("关于开展卫生大扫除的通知", masthead) == "briefing"
    assert kind_of_text("全市创卫工作推进会议纪要", []) == "minutes"
    assert kind_of_text("关于开展卫生大扫除的通知", ["江临市人民政府文件"]) == "downward"
