"""Text of scanned pages: images and image-only PDF pages, read by OCR.

The engine is rapidocr (PP-OCRv6 small detection and recognition models, shipped in
its wheel) on onnxruntime's CPU provider, an optional extra: `pip install 'docgen[ocr]'`.
`available()` says whether it can run, without loading it. The engine is built once per
process, lazily, on first use, so it is built inside a worker after the fork (a model
loaded in the parent would be copied into every worker for nothing).

What comes back is the page's lines in reading order: boxes grouped into lines by
vertical overlap, lines from top to bottom, boxes on one line from left to right and
joined with a space. Nothing is normalised: the statement parser reads the figures,
and 文号 form is never judged from OCR text (OCR misreads 〔〕).
"""

from __future__ import annotations

import importlib.util
import logging
import os
from typing import Any

from ..workers import pool

# Bytes of address space a worker may add to what it inherited. Measured on a dense A4
# page at 200 dpi: +1.4 GiB address space at peak (models, onnxruntime threads and
# arenas, the page tensors), 0.7 GiB resident; 3 GiB leaves room for bigger pages.
OCR_MEMORY = 3 << 30
# Seconds without a heartbeat: one A4 page takes ~10 s detection + recognition on one
# core of a 2-core machine (DOMAIN-2.md §4.5); a beat comes between the stages.
OCR_TIMEOUT = 90.0

MAX_SIDE = 2400  # longest side handed to the engine (an A4 page at ~200 dpi is 2339)
DET_SIDE = 1280  # longest side the text detector sees (recognition reads the full image)
MIN_SIDE = 600  # a tiny image is upscaled until its longest side is this
PDF_DPI = 200
MAX_PDF_PIXELS = 2400 * 2400  # a huge PDF page is rendered below 200 dpi
THREADS = 1  # onnxruntime intra-op threads: one per worker, two workers on two cores
# Recognition is ~90% of a page's CPU and costs in proportion to a line's width, so each
# line is read narrowed to 0.6 of its width (the models are trained on long lines
# squeezed to fit), with a margin of half its height after it (without, a line-final 。
# was lost): 9.1 → 5.0 CPU s on a dense A4 page, every character still read (bench/ocr.py);
# 0.4 drops figures. One line a batch: padding lines to the widest costs more than it saves.
REC_NARROW = 0.6
REC_BATCH = 1

_engine: Any = None


def available() -> str | None:
    """None when OCR can run; else why not, in Chinese, with the fix."""
    if os.environ.get("DOCGEN_NO_OCR", "").strip() not in ("", "0"):
        return "OCR 已关闭（DOCGEN_NO_OCR=1）"
    missing = [m for m in ("rapidocr", "onnxruntime") if importlib.util.find_spec(m) is None]
    if missing:
        return (
            f"未安装 OCR 组件（缺 {'、'.join(missing)}）："
            "请运行 pip install 'docgen[ocr]'（rapidocr 与 onnxruntime）"
        )
    return None


def _get_engine() -> Any:
    global _engine
    if _engine is None:
        params = {
            "Global.log_level": "critical",
            "Global.max_side_len": MAX_SIDE,
            # detection on a copy whose longest side is at most DET_SIDE: half the time of
            # rapidocr's default (shortest side >= 736) on an A4 page, same text read
            "Det.limit_type": "max",
            "Det.limit_side_len": DET_SIDE,
            "EngineConfig.onnxruntime.intra_op_num_threads": THREADS,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            "Rec.rec_batch_num": REC_BATCH,
        }
        _engine = _engine_class()(params=params)
        logging.getLogger("RapidOCR").setLevel(logging.CRITICAL)
    return _engine


def _engine_class() -> type:
    """rapidocr's engine, its text lines narrowed before recognition (REC_NARROW)."""
    import cv2
    from rapidocr import RapidOCR

    class Engine(RapidOCR):
        def crop_text_regions(self, img: Any, det_boxes: Any) -> list:
            crops = []
            for crop in super().crop_text_regions(img, det_boxes):
                h, w = crop.shape[:2]
                if w > h:  # a vertical column (or one character) is left as it is
                    size = (max(1, round(w * REC_NARROW)), h)
                    crop = cv2.resize(crop, size, interpolation=cv2.INTER_AREA)
                    # a margin after the last character: narrowed, a line-final 。 was lost
                    crop = cv2.copyMakeBorder(crop, 0, 0, 0, h // 2, cv2.BORDER_REPLICATE)
                crops.append(crop)
            return crops

    return Engine


def _fit(img: Any) -> Any:
    """An RGB image of a size the engine reads well and quickly."""
    from PIL import Image

    if img.mode not in ("RGB", "L"):
        if img.mode in ("RGBA", "LA", "P", "PA") or "A" in img.getbands():
            rgba = img.convert("RGBA")
            white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            img = Image.alpha_composite(white, rgba)
        img = img.convert("RGB")
    if img.mode == "L":
        img = img.convert("RGB")
    longest = max(img.size)
    if longest > MAX_SIDE:
        scale = MAX_SIDE / longest
    elif longest < MIN_SIDE:
        scale = MIN_SIDE / longest
    else:
        return img
    size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    return img.resize(size, Image.Resampling.LANCZOS)


def _lines(boxes: Any, txts: Any) -> str:
    """Cells grouped into visual lines (vertical overlap), in reading order."""
    cells = []
    for box, txt in zip(boxes, txts, strict=False):
        text = str(txt).strip()
        if not text:
            continue
        ys = [float(p[1]) for p in box]
        xs = [float(p[0]) for p in box]
        cells.append((min(ys), max(ys), min(xs), text))
    cells.sort(key=lambda c: ((c[0] + c[1]) / 2, c[2]))
    lines: list[list[tuple[float, float, float, str]]] = []
    for cell in cells:
        top, bottom = cell[0], cell[1]
        if lines:
            line = lines[-1]
            l_top = sum(c[0] for c in line) / len(line)
            l_bottom = sum(c[1] for c in line) / len(line)
            overlap = min(bottom, l_bottom) - max(top, l_top)
            if overlap > 0.5 * min(bottom - top, l_bottom - l_top):
                line.append(cell)
                continue
        lines.append([cell])
    return "\n".join(" ".join(c[3] for c in sorted(line, key=lambda c: c[2])) for line in lines)


def _read(img: Any) -> str:
    """OCR of one PIL image."""
    img = _fit(img)
    pool.beat()
    result = _get_engine()(img)
    pool.beat()
    boxes, txts = getattr(result, "boxes", None), getattr(result, "txts", None)
    if boxes is None or txts is None:
        return ""
    return _lines(boxes, txts)


def ocr_image(path: str) -> str:
    """Text of an image file (JPEG, PNG, TIFF incl. multi-page, BMP …), EXIF
    orientation honoured; the frames of a multi-page TIFF one after another."""
    from PIL import Image, ImageOps, ImageSequence

    Image.MAX_IMAGE_PIXELS = 200_000_000  # a 600 dpi A0 scan, not a decompression bomb
    texts = []
    with Image.open(path) as im:
        for frame in ImageSequence.Iterator(im):
            page = ImageOps.exif_transpose(frame.copy())
            texts.append(_read(page))
    return "\n".join(t for t in texts if t)


def ocr_pdf_pages(path: str, pages: list[int]) -> dict[int, str]:
    """OCR text of the given 0-based pages of a PDF, rendered at ~200 dpi (less when
    the page is huge). A page number outside the document is left out."""
    import pypdfium2 as pdfium

    out: dict[int, str] = {}
    pdf = pdfium.PdfDocument(path)
    try:
        count = len(pdf)
        for i in pages:
            if not 0 <= i < count:
                continue
            page = pdf[i]
            try:
                w, h = page.get_size()  # points
                scale = PDF_DPI / 72
                if w * h * scale * scale > MAX_PDF_PIXELS:
                    scale = (MAX_PDF_PIXELS / (w * h)) ** 0.5
                bitmap = page.render(scale=scale)
                img = bitmap.to_pil()
            finally:
                page.close()
            pool.beat()
            out[i] = _read(img)
    finally:
        pdf.close()
    return out
