"""OCR of scanned pages, for real: rapidocr's bundled models on images drawn here with
a CJK font. Each image is small (a few lines) so that a test costs a second or two."""

from __future__ import annotations

import random

import pytest
from PIL import Image, ImageDraw, ImageFont

from docgen.extract import ocr
from docgen.workers import pool

FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
LINES = (
    "2025年建成区绿化覆盖率为40.85%",
    "人均公园绿地面积达到12.3平方米",
    "生活垃圾无害化处理率为100%",
)

pytestmark = pytest.mark.skipif(ocr.available() is not None, reason="OCR not installed")


def _page(lines=LINES, size=(1200, 400), font_size=40) -> Image.Image:
    img = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, font_size)
    for k, line in enumerate(lines):
        draw.text((60, 50 + k * (font_size * 2)), line, font=font, fill="black")
    return img


def _flat(text: str) -> str:
    return "".join(text.split())


def test_png_lines_come_back_in_reading_order(tmp_path):
    path = tmp_path / "scan.png"
    _page().save(path)
    text = ocr.ocr_image(str(path))
    assert [_flat(line) for line in text.splitlines()] == list(LINES)


def test_cells_on_one_visual_line_are_joined_with_a_space(tmp_path):
    img = Image.new("RGB", (1400, 300), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 40)
    draw.text((60, 60), "建成区绿化覆盖率", font=font, fill="black")
    draw.text((900, 66), "40.85%", font=font, fill="black")  # a table cell, a little lower
    draw.text((60, 180), "人均公园绿地面积", font=font, fill="black")
    draw.text((900, 176), "12.3平方米", font=font, fill="black")
    path = tmp_path / "table.png"
    img.save(path)
    lines = ocr.ocr_image(str(path)).splitlines()
    assert lines == ["建成区绿化覆盖率 40.85%", "人均公园绿地面积 12.3平方米"]


def test_phone_photo_jpeg_with_exif_orientation_skew_and_noise(tmp_path):
    img = _page().rotate(2, expand=True, fillcolor="white", resample=Image.Resampling.BICUBIC)
    rng = random.Random(7)
    px = img.load()
    for _ in range(4000):  # salt and pepper
        x, y = rng.randrange(img.width), rng.randrange(img.height)
        px[x, y] = (0, 0, 0) if rng.random() < 0.5 else (255, 255, 255)
    # stored turned a quarter: the phone says so in EXIF (6 = rotate 90° clockwise to view)
    stored = img.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "photo.jpg"
    stored.save(path, "JPEG", quality=70, exif=exif)
    text = _flat(ocr.ocr_image(str(path)))
    assert "2025年建成区绿化覆盖率为40.85%" in text
    assert "12.3平方米" in text


def test_multi_page_tiff_and_a_tiny_image(tmp_path):
    first = _page(LINES[:1], size=(1000, 160))
    second = _page(LINES[1:2], size=(1000, 160)).convert("L")
    path = tmp_path / "scan.tif"
    first.save(path, save_all=True, append_images=[second], compression="tiff_lzw")
    assert [_flat(t) for t in ocr.ocr_image(str(path)).splitlines()] == list(LINES[:2])
    tiny = tmp_path / "tiny.bmp"
    img = Image.new("RGB", (260, 40), "white")  # upscaled before it is read
    ImageDraw.Draw(img).text((8, 10), LINES[2], font=ImageFont.truetype(FONT, 16), fill="black")
    img.save(tiny)
    assert _flat(ocr.ocr_image(str(tiny))) == LINES[2]


def _image_pdf(path, images):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for img in images:
        w, h = A4
        c.drawImage(
            ImageReader(img), 0, h - w * img.height / img.width, w, w * img.height / img.width
        )
        c.showPage()
    c.save()


def test_image_only_pdf_pages(tmp_path):
    path = tmp_path / "scan.pdf"
    _image_pdf(path, [_page(LINES[:1]), _page(LINES[1:])])
    got = ocr.ocr_pdf_pages(str(path), [1, 7])
    assert list(got) == [1]  # page 7 does not exist: left out
    assert [_flat(t) for t in got[1].splitlines()] == list(LINES[1:])


def test_runs_in_forked_workers_under_the_ocr_limits_and_says_nothing(tmp_path, monkeypatch, capfd):
    monkeypatch.setattr(ocr, "_engine", None)  # each worker loads the models after its fork
    paths = []
    for k, line in enumerate(LINES):
        p = tmp_path / f"p{k}.png"
        _page((line,), size=(900, 160)).save(p)
        paths.append(str(p))
    got = dict(
        pool.run(paths, ocr.ocr_image, workers=2, timeout=ocr.OCR_TIMEOUT, memory=ocr.OCR_MEMORY)
    )
    assert {i: _flat(t) for i, t in got.items()} == dict(enumerate(LINES))
    assert ocr._engine is None  # not in the parent
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")  # rapidocr's log is silenced


def test_available_names_the_switch_when_turned_off(monkeypatch):
    assert ocr.available() is None
    monkeypatch.setenv("DOCGEN_NO_OCR", "1")
    assert ocr.available() == "OCR 已关闭（DOCGEN_NO_OCR=1）"


def test_a_full_width_line_with_repeated_digits_is_read_exactly(tmp_path):
    # lines are recognised narrowed (ocr.REC_NARROW): doubled digits must stay doubled
    line = "1. 全年投入资金1000.00万元，其中市级财政110.0万元，整改率为100%。"
    path = tmp_path / "wide.png"
    _page((line,), size=(1654, 160), font_size=33).save(path)
    assert _flat(ocr.ocr_image(str(path))) == _flat(line)
