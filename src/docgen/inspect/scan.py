"""How a file's scanned pages were scanned: resolution, colour mode, red ink seen.

Facts only, for the DA/T 31-2017 rules (file.scan-resolution, file.scan-colour) to
judge. An image file's dpi comes from its header (JFIF/EXIF, PNG pHYs, TIFF); a header
with no dpi, or only a program's default (72 or 96), gives way to an estimate from the
pixel size when the image has the shape of an A4 page. A PDF page that is mainly one
image (a scan) gets the image's pixel size divided by its placed size in inches; a
page of text gets nothing. The colour mode and the red pixels are read from a sample
of the pixels (a grey scan saved as RGB is grey), taken without blending, so a
bilevel scan stays bilevel.
"""

from __future__ import annotations

from typing import Any

from ..model import ScanPage
from ..workers import pool

IMAGE_KINDS = frozenset({"jpeg", "png", "tiff", "bmp"})
KINDS = IMAGE_KINDS | {"pdf"}
DEFAULT_DPI = (72.0, 96.0)  # what programs write when nobody set a resolution
A4_INCHES = (210 / 25.4, 297 / 25.4)
A4_ASPECT = 297 / 210
ASPECT_SLACK = 0.03  # cropped scans are a little off A4's 1:√2; a 4:3 photo (5.7 % off) is no A4
MAIN_IMAGE = 0.5  # share of the page an image must cover to make the page a scan
SAMPLE_SIDE = 600  # the pixel sample's longest side
CHROMA = 48  # max-min of R, G, B above which a pixel has colour
COLOUR_SHARE = 0.0005  # pixels with colour needed to call a page colour
RED_SHARE = 0.0003  # red pixels needed to call red seen (a 印章's ring on A4 is ~0.3 %)
RED_MIN = 30
MAX_PAGES = 2000


def scan_pages(path: str, kind: str) -> tuple[ScanPage, ...]:
    """The scanned pages of a file of `kind` (an Inspection's `detected`); () for a
    kind that holds no scan, or a PDF with no image pages."""
    if kind in IMAGE_KINDS:
        return _image_pages(path)
    if kind == "pdf":
        return _pdf_pages(path)
    return ()


def _image_pages(path: str) -> tuple[ScanPage, ...]:
    from PIL import Image, ImageOps, ImageSequence

    Image.MAX_IMAGE_PIXELS = 200_000_000
    out = []
    with Image.open(path) as im:
        for n, frame in enumerate(ImageSequence.Iterator(im), start=1):
            if n > MAX_PAGES:
                break
            dpi = _header_dpi(frame.info.get("dpi"))
            page = ImageOps.exif_transpose(frame.copy())
            estimated = False
            if dpi is None:
                dpi = _a4_dpi(page.width, page.height)
                estimated = dpi is not None
            mode, red = _colour(page)
            out.append(ScanPage(n, dpi, estimated, mode, red))
            pool.beat()
    return tuple(out)


def _header_dpi(value: Any) -> float | None:
    try:
        x, y = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    dpi = min(x, y)
    if dpi < 10 or dpi in DEFAULT_DPI:
        return None
    return round(dpi, 1)


def _a4_dpi(width: int, height: int) -> float | None:
    """The dpi an image of this size has if it is an A4 page; None if it is not A4-shaped."""
    short, long = sorted((width, height))
    if short <= 0 or abs(long / short / A4_ASPECT - 1) > ASPECT_SLACK:
        return None
    return round(min(short / A4_INCHES[0], long / A4_INCHES[1]), 1)


def _colour(img: Any) -> tuple[str, bool]:
    """("colour" | "grey" | "bilevel", red seen) from a sample of the pixels."""
    import numpy as np
    from PIL import Image

    if img.mode == "1":
        return "bilevel", False
    scale = min(1.0, SAMPLE_SIDE / max(img.size))
    if scale < 1.0:  # nearest neighbour: no blending, a bilevel page keeps two values
        size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
        img = img.resize(size, Image.Resampling.NEAREST)
    if img.mode in ("L", "LA", "I", "I;16", "F"):
        grey = np.asarray(img.convert("L"))
        return _grey_or_bilevel(grey), False
    rgb = np.asarray(img.convert("RGB")).astype(np.int16)
    hi, lo = rgb.max(axis=2), rgb.min(axis=2)
    n = rgb.shape[0] * rgb.shape[1]
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    reds = int(np.count_nonzero((r > 140) & (r - np.maximum(g, b) > 60)))
    red = reds >= max(RED_MIN, RED_SHARE * n)
    if np.count_nonzero(hi - lo > CHROMA) >= COLOUR_SHARE * n:
        return "colour", red
    return _grey_or_bilevel(((hi + lo) // 2).astype(np.uint8)), False


def _grey_or_bilevel(grey: Any) -> str:
    import numpy as np

    middle = np.count_nonzero((grey > 40) & (grey < 215))
    return "bilevel" if middle <= 0.01 * grey.size else "grey"


def _pdf_pages(path: str) -> tuple[ScanPage, ...]:
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    out = []
    pdf = pdfium.PdfDocument(path)
    try:
        for i in range(min(len(pdf), MAX_PAGES)):
            page = pdf[i]
            try:
                found = main_image(page, raw)
            finally:
                page.close()
            if found is not None:
                out.append(ScanPage(i + 1, *found))
            pool.beat()
    finally:
        pdf.close()
    return tuple(out)


def main_image(page: Any, raw: Any) -> tuple[float | None, bool, str, bool] | None:
    """(dpi, estimated, mode, red) of the image that covers most of the page, when it
    covers at least MAIN_IMAGE of it; else None (a page of text or drawings)."""
    w, h = page.get_size()
    best, best_area = None, 0.0
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,)):
        left, bottom, right, top = obj.get_bounds()
        area = max(0.0, min(right, w) - max(left, 0.0)) * max(0.0, min(top, h) - max(bottom, 0.0))
        if area > best_area:
            best, best_area = obj, area
    if best is None or best_area < MAIN_IMAGE * w * h:
        return None
    meta = best.get_metadata()
    dpi = min(meta.horizontal_dpi, meta.vertical_dpi)
    dpi = round(float(dpi), 1) if dpi > 0 else None
    if meta.bits_per_pixel == 1:
        return dpi, False, "bilevel", False
    try:
        img = best.get_bitmap(render=False).to_pil()
    except Exception:  # noqa: BLE001 - an image pdfium cannot decode: its mode stays unknown
        return dpi, False, "colour", False
    if meta.colorspace in (raw.FPDF_COLORSPACE_DEVICEGRAY, raw.FPDF_COLORSPACE_CALGRAY):
        img = img.convert("L")
    mode, red = _colour(img)
    return dpi, False, mode, red
