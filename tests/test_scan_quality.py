"""Scan quality per DA/T 31-2017: resolution (≥200 dpi) and colour for 红头/印章 pages.

Real files: Pillow images with their dpi in the header, image-only PDFs made with
reportlab at a known placed size; the rules on checkinput inputs and one whole audit."""

from __future__ import annotations

import json

from checkinput import build, good
from PIL import Image, ImageDraw
from projectkit import code, project, row, run_cli
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from docgen.inspect.scan import scan_pages
from docgen.inspect.scan_cache import DB_NAME, scans_for
from docgen.model import Inspection, ScanPage
from docgen.rules.files.scan_colour import scan_colour
from docgen.rules.files.scan_resolution import page_list, scan_resolution

A4_MM = (210, 297)


def _a4(dpi: int, red: bool = True) -> Image.Image:
    """An A4 page at `dpi`: a red 红头 band, a few black text lines, a grey-toned photo."""
    w, h = (round(mm / 25.4 * dpi) for mm in A4_MM)
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    if red:
        d.rectangle((w // 8, h // 12, w * 7 // 8, h // 12 + h // 40), fill=(210, 20, 25))
    for k in range(8):
        y = h // 4 + k * h // 20
        d.rectangle((w // 8, y, w * 6 // 8, y + h // 100), fill=(20, 20, 20))
    d.rectangle((w // 8, h * 3 // 4, w // 2, h * 7 // 8), fill=(130, 128, 126))
    return img


def _pdf(path, images) -> str:
    c = canvas.Canvas(str(path), pagesize=A4)
    for img in images:
        c.drawImage(ImageReader(img), 0, 0, *A4)  # the whole page: pixels ÷ 8.27 in
        c.showPage()
    c.save()
    return str(path)


# ---------------------------------------------------------------- measuring (load side)


def test_image_dpi_comes_from_the_header_or_is_estimated_as_a4(tmp_path):
    _a4(150).save(tmp_path / "a.jpg", dpi=(150, 150))
    _a4(300).save(tmp_path / "b.png", dpi=(300, 300))
    _a4(150).save(tmp_path / "c.jpg")  # no dpi written
    _a4(150).save(tmp_path / "d.jpg", dpi=(72, 72))  # a program's default: estimated too
    _a4(150).crop((0, 0, 1240, 700)).save(tmp_path / "e.png")  # not A4-shaped
    _a4(150).crop((0, 0, 1240, 930)).save(tmp_path / "f.jpg", dpi=(72, 72))  # a 4:3 photo
    assert scan_pages(str(tmp_path / "a.jpg"), "jpeg") == (
        ScanPage(1, 150.0, False, "colour", True),
    )
    assert scan_pages(str(tmp_path / "b.png"), "png") == (
        ScanPage(1, 300.0, False, "colour", True),
    )
    (c,) = scan_pages(str(tmp_path / "c.jpg"), "jpeg")
    assert c.dpi_estimated and 148 <= c.dpi <= 151
    (d,) = scan_pages(str(tmp_path / "d.jpg"), "jpeg")
    assert d.dpi_estimated and 148 <= d.dpi <= 151
    assert scan_pages(str(tmp_path / "e.png"), "png") == (ScanPage(1, None, False, "colour", True),)
    assert scan_pages(str(tmp_path / "f.jpg"), "jpeg")[0].dpi is None


def test_grey_and_bilevel_scans_and_multi_page_tiff(tmp_path):
    page = _a4(200)
    page.convert("L").save(tmp_path / "g.jpg", dpi=(200, 200))
    path = tmp_path / "s.tif"
    page.save(path, dpi=(200, 200), save_all=True, append_images=[page.convert("1")])
    assert scan_pages(str(tmp_path / "g.jpg"), "jpeg") == (
        ScanPage(1, 200.0, False, "grey", False),
    )
    assert [(p.page, p.mode, p.red) for p in scan_pages(str(path), "tiff")] == [
        (1, "colour", True),
        (2, "bilevel", False),
    ]


def test_pdf_pages_that_are_one_image_give_its_pixels_over_its_placed_size(tmp_path):
    path = _pdf(tmp_path / "s.pdf", [_a4(150), _a4(300, red=False).convert("L")])
    got = scan_pages(path, "pdf")
    assert [(p.page, round(p.dpi), p.dpi_estimated, p.mode, p.red) for p in got] == [
        (1, 150, False, "colour", True),
        (2, 300, False, "grey", False),
    ]
    text = tmp_path / "t.pdf"
    c = canvas.Canvas(str(text), pagesize=A4)
    c.drawString(100, 700, "2025 report")
    c.save()
    assert scan_pages(str(text), "pdf") == ()  # a page of text is no scan


def test_scans_run_in_workers_and_are_cached_by_content(tmp_path):
    from checkinput import archive, ledger

    (tmp_path / "archive").mkdir()
    _a4(150).save(tmp_path / "archive" / "a.jpg", dpi=(150, 150))
    folder = archive(ledger({"2025": []}), {"a.jpg": Inspection("ab" * 32, "jpeg")})
    folder.files["a.jpg"] = folder.files["a.jpg"].__class__(
        rel="a.jpg", path=tmp_path / "archive" / "a.jpg", size=1, mtime_ns=0
    )
    cache = tmp_path / "out" / ".cache"
    first = scans_for(folder, cache)
    assert first == {"a.jpg": (ScanPage(1, 150.0, False, "colour", True),)}
    assert (cache / DB_NAME).is_file()
    (tmp_path / "archive" / "a.jpg").unlink()  # the cache answers for the same sha256
    assert scans_for(folder, cache) == first


# ---------------------------------------------------------------- the rules


def _ctx(scans: dict, **row_kw):
    rel = f"{code_of(1)}.pdf"
    ctx = build([good(1, **row_kw)], inspections={rel: Inspection("0" * 64, "pdf", pages=3)})
    ctx.scans = {rel: scans}
    return ctx


def code_of(n: int) -> str:
    return f"J012-2025-D30-01-{n:04d}"


def test_resolution_below_200_dpi_names_the_pages_and_the_fix():
    pages = (ScanPage(1, 300.0, False, "colour", True), ScanPage(2, 150.0, False, "grey", False))
    pages += (ScanPage(3, 120.0, False, "grey", False),)
    (f,) = scan_resolution(_ctx(pages))
    assert (f.severity, f.row, f.value, f.expected) == ("error", 3, 120.0, 200)
    assert f.file == f"archive/{code_of(1)}.pdf"
    assert "第 2–3 页" in f.message and "120 dpi" in f.message
    assert "200 dpi" in f.message and "300 dpi" in f.message and "DA/T 31-2017" in f.message


def test_estimated_resolution_is_only_a_warning_and_300_dpi_is_fine():
    (f,) = scan_resolution(_ctx((ScanPage(1, 96.5, True, "colour", False),)))
    assert f.severity == "warning" and "估算" in f.message and "第 1 页" in f.message
    assert list(scan_resolution(_ctx((ScanPage(1, 300.0, False, "colour", False),)))) == []
    assert list(scan_resolution(_ctx((ScanPage(1, None, False, "colour", False),)))) == []


def test_grey_first_page_of_a_notice_with_a_number_wants_colour():
    pages = (ScanPage(1, 300.0, False, "grey", False), ScanPage(2, 300.0, False, "colour", True))
    (f,) = scan_colour(
        _ctx(pages, title="关于开展爱国卫生月活动的通知", number="示爱卫办〔2025〕3号")
    )
    assert (f.severity, f.row, f.value) == ("warning", 3, "grey")
    assert "第 1 页是灰度扫描" in f.message and "通知" in f.message and "彩色" in f.message
    bilevel = (ScanPage(1, 300.0, False, "bilevel", False),)
    (g,) = scan_colour(_ctx(bilevel, title="工作台账", number="示爱卫办〔2025〕3号"))
    assert "文号 示爱卫办〔2025〕3号" in g.message and "黑白二值" in g.message


def test_colour_notice_and_a_grey_plan_without_number_are_fine():
    colour = (ScanPage(1, 300.0, False, "colour", True),)
    assert list(scan_colour(_ctx(colour, title="关于开展爱国卫生月活动的通知"))) == []
    grey = (ScanPage(1, 300.0, False, "grey", False),)
    assert list(scan_colour(_ctx(grey, title="2025年病媒生物防制工作台账", kind="台账"))) == []


def test_page_list_shortens_runs():
    assert page_list([5, 1, 3, 4]) == "1、3–5"


# ---------------------------------------------------------------- the whole audit


def test_audit_finds_a_150_dpi_jpeg_and_a_grey_notice_pdf_not_the_good_scan(tmp_path):
    project(
        tmp_path,
        [
            row(code(1), title="2025年爱国卫生工作计划"),
            row(code(2), title="关于开展爱国卫生月活动的通知", number="示爱卫办〔2025〕3号"),
            row(code(3), title="关于印发创卫工作方案的通知", number="示爱卫办〔2025〕4号"),
        ],
    )
    folder = tmp_path / "archive"
    _a4(150).save(folder / f"{code(1)}.jpg", dpi=(150, 150))
    _pdf(folder / f"{code(2)}.pdf", [_a4(300).convert("L")])
    _pdf(folder / f"{code(3)}.pdf", [_a4(300)])  # colour, 300 dpi: nothing
    done = run_cli("audit", str(tmp_path), "--format", "json", "--rules", "file.scan")
    report = json.loads(done.stdout)
    got = {(f["rule"], f["row"], f["file"], f["value"]) for f in report["findings"]}
    assert got == {
        ("file.scan-resolution", 2, f"archive/{code(1)}.jpg", 150.0),
        ("file.scan-colour", 3, f"archive/{code(2)}.pdf", "grey"),
    }, done.stderr
    words = {f["rule"]: f["message"] for f in report["findings"]}
    assert "第 1 页的扫描分辨率为 150 dpi" in words["file.scan-resolution"]
    assert "第 1 页是灰度扫描" in words["file.scan-colour"]
    assert done.returncode == 1  # an error was found
