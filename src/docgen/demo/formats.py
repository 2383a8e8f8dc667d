"""The demo's archive as real archives hold it: scanned paper (image-only PDFs made
from the demo's own PDFs), a phone photo of an inspection record, an OFD and a
legacy Word .doc. Each is a document of the plan filed in another form; the
ledger row keeps its 材料类型, and its 页数 is the file's page count.

Three of them carry planted defects (Marks, listed in 问题说明.md): a scan below
200 dpi (file.scan-resolution), a 通知 scanned in grey (file.scan-colour) and a
scanned 总结 stating a figure the data sheet gives differently (data.mismatch), a
sentence that is in no text layer: only OCR reads it. Scans are at most 2 pages
(OCR costs a few seconds a page).
"""

from __future__ import annotations

from importlib import resources

from .city import INDICATOR, SCAN_MISMATCH, figure, indicator_row
from .defects import Mark, pick
from .ledger import Doc, Scan
from .texts import body, date_cn, pages_of_lines

LEGACY_DOC = "legacy.doc"  # under demo/assets/, made by `python -m docgen.demo.legacy_doc`
SCAN_PAGES = 2


def plant_formats(docs: list[Doc]) -> list[Mark]:
    """File some documents as scans, a photo, an OFD and a .doc; the defects among them."""
    marks = []
    _scan(pick(docs, 2025, "3.1", "检查记录", month=3), Scan(300, seal=True))

    d = _scan(pick(docs, 2024, "5.3", "检查记录", month=8), Scan(150))
    marks.append(
        Mark(
            "file.scan-resolution",
            "扫描件分辨率 150 dpi，低于 DA/T 31-2017 要求的 200 dpi",
            (d,),
            with_file=True,
        )
    )
    d = _scan(pick(docs, 2025, "2.2", "文件"), Scan(200, grey=True), pages=1)
    marks.append(
        Mark(
            "file.scan-colour",
            f"通知（{d.doc_number}）以灰度扫描，红头和印章页应彩色扫描",
            (d,),
            with_file=True,
        )
    )
    _scan(pick(docs, 2024, "1.3", "文件"), Scan(200, seal=True), pages=1)  # as it should be
    marks.append(_scan_mismatch(docs))

    _refile(pick(docs, 2025, "6.2", "检查记录"), "jpg", "photo", pages=1)
    _refile(pick(docs, 2025, "4.1", "监测报告", month=6), "ofd", "ofd")
    _refile(pick(docs, 2024, "1.3", "其他", month=7), "doc", "legacy")
    return marks


def _scan(doc: Doc, scan: Scan, pages: int = SCAN_PAGES) -> Doc:
    doc.scan = scan
    return _refile(doc, "pdf", "scan", min(doc.pages, pages))


def _refile(doc: Doc, fmt: str, content: str, pages: int | None = None) -> Doc:
    doc.fmt, doc.content = fmt, content
    if pages is not None:
        doc.pages = pages
    doc.file_rel = doc.path_cell = doc.default_rel
    return doc


def _scan_mismatch(docs: list[Doc]) -> Mark:
    """A scanned 总结 stating a figure 1.4 below the data sheet's."""
    name, year = SCAN_MISMATCH
    right = figure(name, year)
    stated = f"{float(right) - 1.4:g}"
    d = _scan(pick(docs, year, "3.1", "总结"), Scan(200, grey=True))
    d.stated[name] = stated
    unit = INDICATOR[name].unit
    what = (
        f"扫描件《{d.title}》（档号 {d.code}，无文字层，须 OCR 识别）写{year}年{name}"
        f"{stated}{unit}，data/指标数据.xlsx 第 {indicator_row(name, year)} 行为 {right}{unit}"
    )
    return Mark("data.mismatch", what, (d,), by_file=True)


def format_bytes(doc: Doc) -> bytes:
    """The file of a document filed in one of this module's forms."""
    if doc.content == "scan":
        from .scans import scan_pdf_bytes

        return scan_pdf_bytes(doc, doc.scan.dpi, doc.scan.grey, doc.scan.seal)
    if doc.content == "photo":
        from .scans import photo_bytes

        return photo_bytes(doc)
    if doc.content == "ofd":
        return ofd_file_bytes(doc)
    if doc.content == "legacy":
        return resources.files(__package__).joinpath("assets", LEGACY_DOC).read_bytes()
    raise ValueError(doc.content)


def ofd_file_bytes(doc: Doc) -> bytes:
    """The document as an OFD: heading and body lines, one OFD page per 页数."""
    from .files import wrap
    from .ofdfile import ofd_bytes

    pages = pages_of_lines(body(doc), doc.pages)
    heading = [
        doc.title,
        *([doc.doc_number] if doc.doc_number else []),
        f"{doc.unit}　{date_cn(doc)}",
    ]
    pages[0] = heading + pages[0]
    return ofd_bytes(
        [[part for line in page for part in wrap(line, 30)] for page in pages], doc.title
    )
