"""The demo's archive in the forms real archives hold: image-only scans, a phone
photo, an OFD and a legacy .doc (docgen.demo.formats), checked on the built files."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageOps

from docgen.demo import demo_plan
from docgen.demo.city import SCAN_MISMATCH, figure
from docgen.demo.formats import LEGACY_DOC
from docgen.demo.legacy_doc import ASSET
from docgen.inspect.scan import scan_pages


@pytest.fixture(scope="module")
def plan():
    return demo_plan()


def _filed(plan, content: str):
    return [d for d in plan.docs if d.content == content]


def _rows(root: Path) -> dict[str, dict]:
    """The ledger's rows by 档号, as column → value."""
    wb = openpyxl.load_workbook(root / "ledger" / "归档文件目录.xlsx", read_only=True)
    out = {}
    for ws in wb.worksheets:
        rows = ws.iter_rows(min_row=2, values_only=True)
        header = list(next(rows))
        out.update({r[0]: dict(zip(header, r, strict=False)) for r in rows if r[0]})
    return out


def _pdf(path: Path) -> tuple[int, str]:
    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf), "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def test_scans_are_image_only_pdfs_scanned_as_planted(demo_root, plan):
    scans = _filed(plan, "scan")
    assert len(scans) == 5
    rows = _rows(demo_root)
    for d in scans:
        path = demo_root / "archive" / d.file_rel
        pages, text = _pdf(path)
        assert text.strip() == "", d.title  # no text layer: only OCR reads it
        assert pages == rows[d.code]["页数"] == d.pages <= 2
        found = scan_pages(str(path), "pdf")
        assert [p.page for p in found] == list(range(1, pages + 1))
        assert {p.dpi for p in found} == {float(d.scan.dpi)}
        if d.scan.grey:
            assert all(p.mode != "colour" and not p.red for p in found)
        if d.scan.seal:
            assert found[-1].mode == "colour" and found[-1].red
    assert sorted(d.scan.dpi for d in scans) == [150, 200, 200, 200, 300]


def test_the_scanned_mismatch_is_in_no_text_layer(demo_root, plan):
    name, year = SCAN_MISMATCH
    (doc,) = [d for d in _filed(plan, "scan") if name in d.stated]
    stated = doc.stated[name]
    assert stated != figure(name, year) and doc.year == year
    sentence = f"{name}达到{stated}%"
    for path in sorted((demo_root / "archive").rglob("*")):
        data = path.read_bytes() if path.is_file() else b""
        if path.suffix == ".pdf" and data[:4] == b"%PDF" and b"/Encrypt" not in data:
            assert sentence not in _pdf(path)[1], path
        elif path.suffix in (".docx", ".xlsx", ".ofd"):
            with zipfile.ZipFile(path) as zf:
                xml = "".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
            assert sentence not in re.sub(r"<[^>]+>", "", xml), path


def test_phone_photo_is_an_inspection_record_stored_turned(demo_root, plan):
    (doc,) = _filed(plan, "photo")
    row = _rows(demo_root)[doc.code]
    assert row["材料类型"] == "检查记录" and row["页数"] == 1
    with Image.open(demo_root / "archive" / doc.file_rel) as im:
        assert im.format == "JPEG"
        assert im.getexif()[0x0112] == 6
        assert im.width > im.height  # stored on its side
        seen = ImageOps.exif_transpose(im)
        assert seen.height > seen.width  # a portrait page once turned


def test_ofd_page_count_is_the_ledger_page_count(demo_root, plan):
    (doc,) = _filed(plan, "ofd")
    row = _rows(demo_root)[doc.code]
    assert row["文件路径"] in (None, doc.file_rel) and doc.file_rel.endswith(".ofd")
    with zipfile.ZipFile(demo_root / "archive" / doc.file_rel) as zf:
        document = zf.read("Doc_0/Document.xml").decode("utf-8")
        first = zf.read("Doc_0/Pages/Page_0/Content.xml").decode("utf-8")
    assert document.count("<ofd:Page ") == row["页数"] == doc.pages
    assert doc.title in first


def test_legacy_doc_is_the_shipped_asset_and_holds_the_documents_text(demo_root, plan):
    (doc,) = _filed(plan, "legacy")
    assert doc.file_rel.endswith(".doc") and ASSET.name == LEGACY_DOC
    data = (demo_root / "archive" / doc.file_rel).read_bytes()
    assert data == ASSET.read_bytes()
    assert data[:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # an OLE2 compound file: Word 97
    # Word 97 keeps Chinese text as UTF-16LE: the asset is the planned document's
    # (regenerate it with `python -m docgen.demo.legacy_doc` when its text changes)
    for words in (doc.title, doc.unit, "本期编发全市爱国卫生和创建国家卫生城市工作进展情况"):
        assert words.encode("utf-16-le") in data, words
    assert _rows(demo_root)[doc.code]["页数"] == doc.pages
