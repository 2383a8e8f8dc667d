"""docgen.layout: PDFs read back into pages, lines and rules (PDFs drawn with reportlab
at known positions), and .docx files laid out by LibreOffice in one run."""

from __future__ import annotations

import io
import shutil

import pagekit as k
import pytest
from reportlab.lib.colors import CMYKColor, Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from docgen.gbt9704 import spec
from docgen.layout import (
    Layout,
    LayoutUnread,
    Line,
    Page,
    available,
    colour,
    lay_out,
    read_pdf,
)
from docgen.layout.page import MM

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
W, H = spec.PAGE_WIDTH_MM * MM, spec.PAGE_HEIGHT_MM * MM
LEFT, TOP = spec.MARGIN_LEFT_MM * MM, spec.MARGIN_TOP_MM * MM
HAS_SOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice"))
needs_soffice = pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) 未安装")


def _text(c, x, baseline, words, size=16.0, fill=None):
    c.setFont("STSong-Light", size)
    c.setFillColor(fill or Color(0, 0, 0))
    c.drawString(x, H - baseline, words)


def drawn() -> bytes:
    """Page 1: a red 36 pt line, a full line of 28 字 at a 15.8 pt pitch, two more body
    lines 28.95 pt apart, a red rule, a CMYK line, a footer; page 2: one gray line."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(W, H))
    _text(c, 200, TOP + 40, "示例文件", 36, Color(1, 0, 0))
    c.setStrokeColor(Color(1, 0, 0))
    c.setLineWidth(2)
    c.line(LEFT, H - (TOP + 60), LEFT + 156 * MM, H - (TOP + 60))
    pitch = (156 * MM) / 28
    c.setFont("STSong-Light", 16)
    for i, ch in enumerate("字" * 28):
        c.drawString(LEFT + i * pitch, H - (TOP + 100), ch)
    _text(c, LEFT, TOP + 100 + spec.LINE_SPACING_PT, "第二行正文")
    _text(c, LEFT, TOP + 100 + 2 * spec.LINE_SPACING_PT, "第三行", fill=CMYKColor(0, 1, 1, 0))
    c.setFillColor(Color(0, 0, 0))
    c.rect(LEFT, H - (TOP + 200), 156 * MM, 1, stroke=0, fill=1)  # a thin filled rect
    _text(c, 400, H - 20 * MM, "— 1 —", 14)
    c.showPage()
    _text(c, LEFT, TOP + 30, "灰色", fill=Color(0.5, 0.5, 0.5))
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def layout() -> Layout:
    return read_pdf(drawn())


def test_pages_are_numbered_and_measured(layout):
    assert [p.number for p in layout.pages] == [1, 2]
    assert layout.pages[0].width == pytest.approx(W, abs=0.5)
    assert layout.last is layout.pages[1]


def test_characters_on_one_baseline_are_one_line(layout):
    texts = [ln.text for ln in layout.pages[0].lines]
    assert texts == ["示例文件", "字" * 28, "第二行正文", "第三行", "— 1 —"]


def test_a_line_knows_its_place_size_and_colour(layout):
    mark = layout.pages[0].lines[0]
    assert mark.size == 36 and mark.colour == "FF0000"
    assert mark.x0 == pytest.approx(200, abs=0.5)
    assert mark.baseline == pytest.approx(TOP + 40, abs=0.5)
    assert mark.top < mark.baseline < mark.bottom
    assert mark.fonts[0].startswith("STSong")
    assert layout.pages[0].lines[3].colour == "FF0000"  # CMYK 0,1,1,0
    assert layout.pages[1].lines[0].colour == "808080"


def test_rules_are_lines_and_thin_rectangles(layout):
    rules = layout.pages[0].rules
    assert [(r.colour, round(r.thickness)) for r in rules] == [("FF0000", 2), ("000000", 1)]
    assert rules[0].width == pytest.approx(156 * MM, abs=0.5)
    assert rules[0].y == pytest.approx(TOP + 60, abs=0.5)


def test_the_box_is_the_standards_type_area(layout):
    box = layout.pages[0].box
    assert (box.left, box.top) == (pytest.approx(LEFT), pytest.approx(TOP))
    assert box.width == pytest.approx(156 * MM) and box.height == pytest.approx(225 * MM)


def test_body_and_footer_lines(layout):
    page = layout.pages[0]
    assert [ln.text for ln in page.footer_lines] == ["— 1 —"]
    assert "— 1 —" not in [ln.text for ln in page.body_lines]


def test_chars_per_line_and_lines_per_page(layout):
    page = layout.pages[0]
    assert [ln.text for ln in page.full_lines()] == ["字" * 28]
    assert page.chars_per_line() == 28
    assert page.line_pitch() == pytest.approx(spec.LINE_SPACING_PT, abs=0.1)
    assert page.lines_per_page() == spec.LINES_PER_PAGE
    assert layout.pages[1].chars_per_line() is None


def test_read_from_a_path_gives_the_same(tmp_path, layout):
    path = tmp_path / "a.pdf"
    path.write_bytes(drawn())
    assert read_pdf(path) == layout


@pytest.mark.parametrize(
    ("paint", "want"),
    [
        ((0,), "000000"),
        (1, "FFFFFF"),
        ((1, 0, 0), "FF0000"),
        ((0, 1, 1, 0), "FF0000"),
        ((0, 0, 0, 1), "000000"),
        (None, "000000"),
        ("P0", "000000"),
        ([0.5, 0.5, 0.5], "808080"),
    ],
)
def test_colours_are_normalised(paint, want):
    assert colour(paint) == want


def test_without_libreoffice_available_says_why(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    why = available()
    assert why is not None and "LibreOffice" in why and "apt-get install" in why
    path = tmp_path / "a.docx"
    k.new().save(str(path))
    assert lay_out([path]) == {path: LayoutUnread(why)}


@needs_soffice
def test_docx_files_are_laid_out_in_one_run_and_left_unchanged(tmp_path):
    assert available() is None
    one, two = tmp_path / "一.docx", tmp_path / "sub" / "一.docx"  # same name, two folders
    two.parent.mkdir()
    d = k.new("chars")
    k.title(d)
    k.body(d, 3)
    d.save(str(one))
    d = k.new()
    k.body(d, 30)
    d.save(str(two))
    before = one.read_bytes(), two.read_bytes()
    got = lay_out([one, two])
    assert (one.read_bytes(), two.read_bytes()) == before
    assert [len(got[p].pages) for p in (one, two)] == [1, 2]
    assert got[one].pages[0].chars_per_line() == 14  # the grid, as LibreOffice lays it out
    assert got[two].pages[0].chars_per_line() == 27  # natural width, 16 pt
    assert (got[two].chars_per_line(), got[two].lines_per_page()) == (27, 22)
    assert got[one].pages[0].lines[0].size == spec.SIZE_2


def _lines_at(pitch: float, count: int = 5) -> Page:
    lines = [
        Line("正文", LEFT, LEFT + 32, b - 14, b + 2, b, 16.0, "000000")
        for b in (TOP + 20 + i * pitch for i in range(count))
    ]
    return Page(1, W, H, lines)


@pytest.mark.parametrize(
    ("pitch", "lines"),
    [(28.0, 22), (spec.LINE_SPACING_PT, 22), (29.0, 22), (29.5, 21), (30, 21), (27.5, 23)],
)
def test_lines_per_page_is_what_fits_in_the_type_area(pitch, lines):
    assert _lines_at(pitch).lines_per_page() == lines


def test_a_ligature_counts_as_its_characters():
    line = Line(
        "fi字", LEFT, LEFT + 24, 0, 16, 14, 16.0, "000000", chars=(("fi", LEFT), ("字", 90))
    )
    assert line.width_in_chars() == 2.0
    assert line.width_in_chars(right=90) == 1.0  # a glyph at the edge hangs out


def test_lines_beside_a_vertical_rule_are_in_a_table():
    page = _lines_at(spec.LINE_SPACING_PT)
    assert len(page.text_lines) == 5
    page.uprights = [(TOP, TOP + 20 + 2 * spec.LINE_SPACING_PT)]  # a table over lines 1-3
    assert len(page.text_lines) == 2 and len(page.body_lines) == 5
