"""Scanned paper for the demo: the demo's own PDFs rendered to images (pypdfium2) and
filed as image-only PDFs, the way a scanner files them, and a phone photo of a page.

Every writer gives the same bytes on every build: the page is rendered by pdfium,
compressed by Pillow's JPEG encoder (both deterministic for the same input), and the
PDF is written by reportlab with `invariant=1` (fixed creation date and document id).
Nothing here needs a font file: the seal is a ring and a star.
"""

from __future__ import annotations

import io
import math

from .files import PAGE_H, PAGE_W, pdf_bytes, stamp_time
from .ledger import Doc

JPEG_QUALITY = 80
SEAL_MM = 42.0  # a 公章's diameter
RED = (220, 30, 35)
PHOTO_SIZE = (1200, 1600)  # the photo as seen (portrait, 3:4), stored turned a quarter


def page_images(doc: Doc, dpi: int) -> list:
    """The pages of the document's PDF as PIL RGB images at `dpi`."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_bytes(doc))
    try:
        images = []
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                images.append(page.render(scale=dpi / 72).to_pil().convert("RGB"))
            finally:
                page.close()
        return images
    finally:
        pdf.close()


def draw_seal(img, dpi: int, centre: tuple[float, float]) -> None:
    """A red 公章 (a ring and a five-pointed star) stamped over `img` at `centre`
    (fractions of the page): red ink darkens what it covers and hides nothing."""
    from PIL import Image, ImageChops, ImageDraw

    radius = SEAL_MM / 25.4 * dpi / 2
    cx, cy = centre[0] * img.width, centre[1] * img.height
    ink = Image.new("RGB", img.size, (255, 255, 255))
    draw = ImageDraw.Draw(ink)
    ring = max(2, round(radius * 0.07))
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=RED, width=ring)
    star = radius * 0.36
    points = [
        (
            cx + (star if k % 2 == 0 else star * 0.38) * math.sin(k * math.pi / 5),
            cy - (star if k % 2 == 0 else star * 0.38) * math.cos(k * math.pi / 5),
        )
        for k in range(10)
    ]
    draw.polygon(points, fill=RED)
    bar = radius * 0.55  # where the unit's name would run under the star
    draw.rectangle((cx - bar, cy + radius * 0.45, cx + bar, cy + radius * 0.55), fill=RED)
    img.paste(ImageChops.multiply(img, ink))


def scan_pdf_bytes(doc: Doc, dpi: int, grey: bool = False, seal: bool = False) -> bytes:
    """An image-only PDF of the document as scanned at `dpi`, in colour or grey, with a
    red seal on the last page when `seal` (a grey scan shows the seal grey)."""
    images = page_images(doc, dpi)
    if seal:
        draw_seal(images[-1], dpi, (0.68, 0.72 if len(images) > 1 else 0.62))
    if grey:
        images = [img.convert("L") for img in images]
    return image_pdf_bytes(images, creator="Scanner")


def image_pdf_bytes(images: list, creator: str) -> bytes:
    """A PDF with one JPEG image covering each A4 page, and no text layer."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1)
    c.setCreator(creator)
    for img in images:
        jpeg = io.BytesIO()
        img.save(jpeg, "JPEG", quality=JPEG_QUALITY)
        jpeg.seek(0)
        c.drawImage(ImageReader(jpeg), 0, 0, width=PAGE_W, height=PAGE_H)
        c.showPage()
    c.save()
    return buf.getvalue()


def photo_bytes(doc: Doc) -> bytes:
    """A phone photo of the document's first page on a desk: a little turned, warm
    light, stored on its side with EXIF orientation 6 (turn 90° clockwise to view)."""
    from PIL import Image, ImageFilter

    page = page_images(doc, 130)[0]
    desk = Image.new("RGB", PHOTO_SIZE, (118, 92, 70))
    scale = PHOTO_SIZE[0] * 0.9 / page.width
    page = page.resize((round(page.width * scale), round(page.height * scale)))
    page = page.rotate(1.5, expand=True, fillcolor=(118, 92, 70), resample=Image.BICUBIC)
    desk.paste(page, ((desk.width - page.width) // 2, (desk.height - page.height) // 2))
    warm = desk.point(lambda v: v).convert("RGB")
    r, g, b = warm.split()
    warm = Image.merge("RGB", (r, g.point(lambda v: v * 0.97), b.point(lambda v: v * 0.9)))
    warm = warm.filter(ImageFilter.GaussianBlur(0.6))
    stored = warm.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x010F] = "Phone"  # Make
    exif[0x0110] = "Camera"  # Model
    exif[0x0112] = 6  # Orientation: the picture is stored turned a quarter
    exif[0x0132] = stamp_time(doc).strftime("%Y:%m:%d %H:%M:%S")  # DateTime
    buf = io.BytesIO()
    stored.save(buf, "JPEG", quality=85, exif=exif)
    return buf.getvalue()
