"""What PDFium asks of the system font info for PDFs that do not embed their CJK font
(issue 17: is the substitute-font cost paid once per worker, or once per document?).

Wraps PDFium's default FPDF_SYSFONTINFO in one that counts the calls and the bytes
PDFium asks for, then reads the text of N bench PDFs, first alone, then with one
document kept open (its font loaded) beside them.

    .venv/bin/python bench/pdfium_fonts.py bench/_scale/scale-5000/archive [N]

Measured 2026-12-03 (fonts-noto-cjk installed): for every document PDFium maps the
font twice and asks for the whole 26.3 MB Noto CJK collection ('ttcf' table), whether
or not another document holding the same substitute is open: PDFium's cache of TTC
faces does not carry across documents, so the cost is once per document.
"""

import collections
import ctypes
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as r

DEFAULT = r.FPDF_GetDefaultSystemFontInfo().contents
CALLS: collections.Counter = collections.Counter()
ASKED: collections.Counter = collections.Counter()  # bytes PDFium asked for, by table


def _map(this, weight, italic, charset, pitch, face, exact):
    CALLS["MapFont"] += 1
    return DEFAULT.MapFont(ctypes.byref(DEFAULT), weight, italic, charset, pitch, face, exact)


def _data(this, handle, table, buf, size):
    CALLS[f"GetFontData {table:#x} {'read' if buf else 'size'}"] += 1
    if buf:
        ASKED[table] += size
    return DEFAULT.GetFontData(ctypes.byref(DEFAULT), handle, table, buf, size)


def _passed(name):
    fn = getattr(DEFAULT, name)
    return type(fn)(lambda this, *args: fn(ctypes.byref(DEFAULT), *args))


def install() -> object:
    info = r.FPDF_SYSFONTINFO()
    info.version = 1
    info.Release = type(DEFAULT.Release)(lambda this: None)
    for name in ("EnumFonts", "GetFont", "GetFaceName", "GetFontCharset", "DeleteFont"):
        setattr(info, name, _passed(name))
    info.MapFont = type(DEFAULT.MapFont)(_map)
    info.GetFontData = type(DEFAULT.GetFontData)(_data)
    r.FPDF_SetSystemFontInfo(ctypes.byref(info))
    return info  # kept alive by the caller


def read(path: str) -> None:
    doc = pdfium.PdfDocument(path)
    for i in range(len(doc)):
        page = doc[i]
        text = page.get_textpage()
        text.get_text_range()
        text.close()
        page.close()
    doc.close()


def report(label: str, docs: int, seconds: float) -> None:
    asked = {hex(k): f"{v / docs / 1e6:.1f} MB/doc" for k, v in ASKED.items()}
    print(f"{label}: {docs} docs, {seconds / docs * 1000:.1f} ms/doc CPU, {dict(CALLS)}, {asked}")


def main() -> None:
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    pdfs = sorted(map(str, Path(sys.argv[1]).rglob("*.pdf")))[: n + 1]
    keep = install()
    t = time.process_time()
    for p in pdfs[1:]:
        read(p)
    report("alone", len(pdfs) - 1, time.process_time() - t)
    kept = pdfium.PdfDocument(pdfs[0])
    page = kept[0]
    text = page.get_textpage()
    text.get_text_range()
    CALLS.clear()
    ASKED.clear()
    t = time.process_time()
    for p in pdfs[1:]:
        read(p)
    report("one document kept open", len(pdfs) - 1, time.process_time() - t)
    del keep, text, page, kept


if __name__ == "__main__":
    main()
