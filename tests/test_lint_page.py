"""`docgen lint` on the laid-out page: real .docx files (tests/pagekit.py), each with one
layout defect, linted together so that LibreOffice runs once for all of them; and
without LibreOffice, every file says which checks were skipped."""

from __future__ import annotations

import shutil

import pagekit as k
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

from docgen.gbt9704 import spec
from docgen.lint import RULES, lint_paths, run_lint
from docgen.lint.page import PAGE_RULES, check_file, page_findings

needs_soffice = pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice (soffice) 未安装：版面检查无法运行",
)


def _grid14():
    d = k.new("chars")
    k.title(d)
    k.body(d, 6)
    return d


def _good():
    """版头, a title of two lines broken between words, 正文, 署名 on the page of the
    正文, the 版记 at the foot, a page number on page 1."""
    d = k.new()
    k.masthead(d)
    k.title(d, ("关于开展2026年度", "爱国卫生月活动的通知"))
    k.body(d, 4)
    k.signature(d)
    for _ in range(3):
        k.text(d, "")
    k.colophon(d, before_pt=19)  # its last rule ~1 mm above the 版心's lower edge
    return d


def _colophon_mid():
    d = k.new()
    k.title(d)
    k.body(d, 4)
    k.signature(d)
    k.colophon(d)
    return d


def _orphan():
    d = k.new()
    k.title(d)
    k.one_liners(d, 20)  # fills page 1: the 署名 and date go to page 2
    k.signature(d)
    return d


def _title_break():
    d = k.new()
    k.title(d, k.TITLE_BREAKS)
    k.body(d, 3)
    return d


def _first_page():
    d = k.new(first_page=True)  # a different first page, and no footer of its own
    k.title(d)
    k.body(d, 40)
    return d


def _bad_masthead():
    d = k.new()
    k.masthead(d, colour=spec.BLACK, indent_mm=20)
    k.title(d)
    k.body(d, 3)
    return d


def _off_centre():
    d = k.new()
    k.masthead(d)
    d.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    k.title(d)
    return d


def _letter():
    """信函格式 (GB/T 9704 §10.1): a red double line under the name, 首页不显示页码."""
    d = k.new(first_page=True)
    name = k.text(d, "示例市爱国卫生运动委员会", 30, WD_ALIGN_PARAGRAPH.CENTER, spec.RED)
    k.oxml.set_borders(name._p.get_or_add_pPr(), top=24, bottom=12, color=spec.RED)
    k.title(d, ("关于协助开展病媒生物防制的函",))
    k.body(d, 40)
    return d


def _briefing():
    d = k.new(first_page=True)
    k.title(d, ("爱国卫生工作简报",))
    k.text(d, "第3期", align=WD_ALIGN_PARAGRAPH.CENTER)
    k.body(d, 40)
    return d


def _attachment_after(next_title: bool):
    """The 版记, then a page break and an 附件 (or, `next_title`, another document)."""
    d = _colophon_mid()
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if next_title:
        k.title(d, ("关于开展病媒生物防制的通知",))
    else:
        k.text(d, "附件1", font=spec.FONT_HEI)
    k.body(d, 3)
    return d


DOCS = {
    "grid14": _grid14,
    "good": _good,
    "colophon_mid": _colophon_mid,
    "orphan": _orphan,
    "title_break": _title_break,
    "first_page": _first_page,
    "bad_masthead": _bad_masthead,
    "off_centre": _off_centre,
    "letter": _letter,
    "briefing": _briefing,
    "attachment_after": lambda: _attachment_after(False),
    "bound_after": lambda: _attachment_after(True),
}


@pytest.fixture(scope="module")
def linted(tmp_path_factory):
    """name → its page findings: every document linted in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("page")
    for name, build in DOCS.items():
        build().save(str(folder / f"{name}.docx"))
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    findings = lint_paths([folder])
    by_name: dict[str, list] = {name: [] for name in [*DOCS, "broken"]}
    for f in findings:
        by_name[f.file.rsplit("/", 1)[-1].removesuffix(".docx")].append(f)
    return by_name


def page(findings, rule_id):
    return [f for f in findings if f.rule == rule_id]


@needs_soffice
def test_a_good_document_has_no_page_finding(linted):
    assert [f.message for f in linted["good"] if f.rule in PAGE_RULES] == []


@needs_soffice
def test_a_grid_laid_out_at_14_characters(linted):
    (f,) = page(linted["grid14"], "format.grid")
    assert (f.item, f.value, f.expected) == ("第 1 页", 14, 28)
    assert "每行排 14 个字" in f.message


@needs_soffice
def test_the_colophon_in_the_middle_of_the_last_page(linted):
    (f,) = page(linted["colophon_mid"], "format.colophon-position")
    assert f.item == "第 1 页" and f.value > 50  # mm above the 版心's lower edge
    assert page(linted["good"], "format.colophon-position") == []


@needs_soffice
def test_an_attachment_after_the_colophon(linted):
    (f,) = page(linted["attachment_after"], "format.colophon-position")
    assert f.item == "第 1 页" and "但文件共 2 页" in f.message
    bound = page(linted["bound_after"], "format.colophon-position")
    assert [f.value for f in bound] == [pytest.approx(110, abs=15)]  # measured, not "not last"


@needs_soffice
def test_the_signature_alone_on_the_last_page(linted):
    (f,) = page(linted["orphan"], "format.orphan-page")
    assert f.item == "第 2 页" and k.ORG in f.message


@needs_soffice
def test_a_title_broken_inside_a_word(linted):
    (f,) = page(linted["title_break"], "format.title-break")
    assert (f.item, f.value) == ("第 1 页", "归档工 / 作的通")
    assert "“工作”" in f.message


@needs_soffice
def test_a_first_page_without_its_number(linted, tmp_path):
    # measured on the page; lint says it once: the .docx check already names the
    # different first page without a footer of its own
    path = tmp_path / "first_page.docx"
    _first_page().save(str(path))
    (f,) = page(page_findings([str(path)]), "format.first-page-number")
    assert f.item == "第 1 页"
    numbers = ("format.page-number", "format.first-page-number")
    said = [f.rule for f in linted["first_page"] if f.rule in numbers]
    assert said == ["format.page-number"]
    assert page(linted["grid14"], "format.first-page-number") == []


@needs_soffice
@pytest.mark.parametrize("name", ["letter", "briefing"])
def test_a_letter_and_a_briefing_may_leave_page_1_unnumbered(linted, name):
    assert page(linted[name], "format.first-page-number") == []
    assert len(page(linted[name], "format.grid")) == 0  # 27 字, 22 行


@needs_soffice
def test_a_black_masthead_and_a_short_rule(linted):
    found = page(linted["bad_masthead"], "format.masthead-layout")
    width, colour = sorted(found, key=lambda f: isinstance(f.value, str))
    assert (colour.item, colour.value) == ("第 1 页", "000000")
    assert "颜色为 #000000" in colour.message
    assert width.value == pytest.approx(156 - 2 * 20, abs=1)  # mm, 20 mm in on each side
    assert "应与版心等宽（156" in width.message


@needs_soffice
def test_a_masthead_off_centre(linted):
    (f,) = page(linted["off_centre"], "format.masthead-layout")
    assert f.value > 10 and "偏离版心中线" in f.message


@needs_soffice
def test_an_unreadable_file_is_not_laid_out(linted):
    assert [f.rule for f in linted["broken"]] == ["format.unreadable"]


def test_without_libreoffice_the_checks_are_skipped_not_passed(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    _good().save(str(tmp_path / "a.docx"))
    got = [
        f
        for f in lint_paths([tmp_path / "a.docx"])
        if f.rule in PAGE_RULES or f.rule == "format.layout-unchecked"
    ]
    assert [f.rule for f in got] == ["format.layout-unchecked"]
    assert "LibreOffice" in got[0].message and "版记位置" in got[0].message


def test_a_layout_that_cannot_be_read_is_unchecked(tmp_path):
    path = tmp_path / "a.docx"
    _good().save(str(path))
    (f,) = check_file((str(path), str(tmp_path / "missing.pdf")))
    assert (f.rule, f.file) == ("format.layout-unchecked", str(path))


def test_every_page_id_is_registered():
    assert set(PAGE_RULES) | {"format.layout-unchecked"} <= set(RULES)


def test_no_layout_runs_no_page_check(tmp_path):
    _grid14().save(str(tmp_path / "a.docx"))
    text, _ = run_lint([tmp_path / "a.docx"], "json", layout=False)
    assert "format.grid" not in text and "format.layout-unchecked" not in text
