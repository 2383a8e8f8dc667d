"""Every filed file is read or said unread: text, OCR of scans and images, .doc through
LibreOffice, OFD natively — on real files made here, through the whole audit."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from PIL import Image, ImageDraw, ImageFont
from projectkit import cid_pdf, row
from projectkit import code as archive_code
from projectkit import project as ledger_project
from test_data_mismatch import data_sheet

from docgen import extract
from docgen.audit import run_audit
from docgen.demo.ofdfile import write_ofd
from docgen.extract import convert, ocr
from docgen.report import docx_report, html_report, json_report, table, xlsx_report

FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
FIGURES = [["建成区绿化覆盖率", 2025, 41.2, "%"]]
WRONG = "2025年建成区绿化覆盖率为40.85%"
RIGHT = "2025年建成区绿化覆盖率为41.2%"
TODAY = dt.date(2026, 1, 10)

needs_ocr = pytest.mark.skipif(ocr.available() is not None, reason="OCR not installed")


def code(n: int) -> str:
    return archive_code(n, 2025, section="03")


def entry(n: int, kind: str = "总结", pages: int = 1, title: str | None = None) -> list:
    title = title or f"江临市2025年城市园林绿化工作总结（{n}）"
    return row(code(n), item="3.3", kind=kind, date="20251215", title=title, pages=pages)


def build(root: Path, docs: list[tuple[list, str, object]]) -> Path:
    """docs: (ledger row, extension, writer(path)); the file goes to archive/{档号}.{ext}."""
    ledger_project(root, [r for r, _, _ in docs], years=[2025])
    for r, ext, write in docs:
        write(root / "archive" / f"{r[0]}.{ext}")
    data_sheet(root, FIGURES)
    return root


def page(lines: list[str], size=(1300, 260)) -> Image.Image:
    img = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 40)
    for k, line in enumerate(lines):
        draw.text((60, 50 + k * 80), line, font=font, fill="black")
    return img


def jpeg(lines: list[str]):
    return lambda path: page(lines).save(path, "JPEG", quality=90, dpi=(200, 200))


def image_pdf(lines: list[str]):
    """A PDF whose one page is a picture of the lines: no text layer."""
    return lambda path: page(lines).save(path, "PDF", resolution=200)


def text_pdf(lines: list[str]):
    return lambda path: cid_pdf(path, lines)


def audit(root: Path, **kw):
    return run_audit(root, today=TODAY, memo=kw.pop("memo", False), **kw)


def of(result, rule: str) -> list:
    return [f for f in result.findings if f.rule == rule]


def named(findings: list, n: int) -> list:
    return [f for f in findings if code(n) in (f.file or "")]


# ---------------------------------------------------------------- OCR


@needs_ocr
def test_scans_disagreeing_with_the_data_sheet_are_found_and_say_so(tmp_path):
    root = build(
        tmp_path,
        [
            (entry(1), "pdf", image_pdf([WRONG])),  # an image-only PDF
            (entry(2), "jpg", jpeg([WRONG])),  # a JPEG of a page
            (entry(3), "jpg", jpeg([RIGHT])),  # agrees: no finding
            (entry(4), "pdf", text_pdf([RIGHT])),  # a text PDF
        ],
    )
    result = audit(root)
    wrong = of(result, "data.mismatch")
    assert len(named(wrong, 1)) == 1 and len(named(wrong, 2)) == 1, wrong
    assert named(wrong, 3) == [] and named(wrong, 4) == []
    for f in wrong:
        assert "扫描件识别" in f.message and "40.85%" in f.message, f.message
    reading = result.stats["reading"]
    assert (reading["ocr"], reading["text"], reading["unread"]) == (3, 1, 0), reading
    assert of(result, "file.unread") == []
    assert json_report.to_dict(result)["summary"]["reading"] == reading
    # every report says how the files were read
    assert "经 OCR 识别扫描件 3 个" in table.render_text(result)
    assert "文件读取：从文字层读取 1 个，经 OCR 识别扫描件 3 个" in html_report.render(result)
    sentence = "督查。读取归档文件4件（其中OCR识别3件）。现将"
    assert sentence in docx_report.default_data(result, 2025, TODAY)["intro"]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_report.render(result)))
    cells = [c.value for ws in sheet for r in ws.iter_rows() for c in r]
    assert "从文字层读取 1 个，经 OCR 识别扫描件 3 个" in cells


@needs_ocr
def test_without_ocr_the_scans_are_listed_unread_with_the_fix(tmp_path, monkeypatch):
    root = build(
        tmp_path,
        [
            (entry(1), "pdf", image_pdf([WRONG])),
            (entry(2), "jpg", jpeg([WRONG])),
            (entry(4), "pdf", text_pdf([RIGHT])),
        ],
    )
    monkeypatch.setenv("DOCGEN_NO_OCR", "1")
    result = audit(root)
    unread = of(result, "file.unread")
    assert sorted(f.file for f in unread) == [f"archive/{code(1)}.pdf", f"archive/{code(2)}.jpg"]
    for f in unread:
        assert "pip install 'docgen[ocr]'" in f.message and "DOCGEN_NO_OCR" in f.message
        assert f.severity == "warning"
    assert of(result, "data.mismatch") == []
    reading = result.stats["reading"]
    assert (reading["text"], reading["ocr"], reading["unread"]) == (1, 0, 2)
    assert reading["unread_reasons"]["no-ocr"] == 2
    assert "未读取 2 个（未安装或已关闭 OCR 2 个）" in table.render_text(result)


@needs_ocr
def test_the_memo_is_not_reused_when_ocr_is_turned_off(tmp_path, monkeypatch):
    root = build(tmp_path, [(entry(2), "jpg", jpeg([WRONG]))])
    for path in (root / "archive").iterdir():  # not fresh: the memo trusts the file times
        os.utime(path, ns=(time.time_ns() - 10**10,) * 2)
    first = audit(root, memo=True)
    assert first.stats["memo"] == "miss" and len(of(first, "data.mismatch")) == 1
    assert audit(root, memo=True).stats["memo"] == "hit"
    monkeypatch.setenv("DOCGEN_NO_OCR", "1")
    off = audit(root, memo=True)
    assert off.stats["memo"] == "miss"
    assert of(off, "data.mismatch") == [] and len(of(off, "file.unread")) == 1


def test_photos_filed_as_photos_are_counted_never_ocrd(tmp_path):
    photo = entry(5, kind="照片", title="建成区绿化现场照片")
    root = build(tmp_path, [(photo, "jpg", jpeg([WRONG]))])
    result = audit(root)
    assert result.stats["reading"]["unread_reasons"]["not-text"] == 1
    assert of(result, "file.unread") == [] and of(result, "data.mismatch") == []
    assert extract.LAST_STATS["ocr_pages"] == 0 and extract.LAST_STATS["ocr_cached"] == 0


def test_a_corrupt_image_is_never_passed_silently(tmp_path):
    def corrupt(path: Path) -> None:
        path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x13\x37" * 4000 + b"\xff\xd9")

    root = build(tmp_path, [(entry(6), "jpg", corrupt)])
    result = audit(root)
    said = [f for f in result.findings if f.rule in ("file.unreadable", "file.unread")]
    assert [f.file for f in said] == [f"archive/{code(6)}.jpg"], result.findings
    assert result.stats["reading"]["unread_reasons"]["unreadable"] == 1


@needs_ocr
def test_the_ocr_cache_is_shared_between_projects(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_OCR_CACHE", str(tmp_path / "shared"))
    first = build(tmp_path / "a", [(entry(2), "jpg", jpeg([WRONG]))])
    calls: list[tuple] = []
    audit(first, progress=lambda *a: calls.append(a))  # the audit's bar shows the OCR stage
    assert (extract.LAST_STATS["ocr_pages"], extract.LAST_STATS["ocr_cached"]) == (1, 0)
    assert calls[-1] == (1, 1, "识别扫描页（OCR）")
    assert (tmp_path / "shared" / "ocr.sqlite").is_file()
    second = tmp_path / "b"
    shutil.copytree(first, second, ignore=shutil.ignore_patterns("out"))
    result = audit(second)
    assert (extract.LAST_STATS["ocr_pages"], extract.LAST_STATS["ocr_cached"]) == (0, 1)
    assert len(of(result, "data.mismatch")) == 1


@needs_ocr
def test_a_killed_run_keeps_the_pages_it_read(tmp_path):
    """OCR text is stored page by page as it comes back: kill the audit once a page is
    stored, and the next run takes it from the cache instead of reading it again."""
    lines = [[f"2025年建成区绿化覆盖率为4{n}.5%"] for n in range(6)]
    root = build(tmp_path, [(entry(n + 1), "jpg", jpeg(lines[n])) for n in range(6)])
    store = tmp_path / "ocr"
    script = "import sys; from docgen.audit import run_audit; run_audit(sys.argv[1], memo=False)"
    env = {**os.environ, "DOCGEN_OCR_CACHE": str(store)}
    proc = subprocess.Popen([sys.executable, "-c", script, str(root)], env=env)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and _stored(store) == 0 and proc.poll() is None:
            time.sleep(0.2)
    finally:
        proc.kill()
        proc.wait()
    kept = _stored(store)
    assert 1 <= kept
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOCGEN_OCR_CACHE", str(store))
        audit(root)
    assert extract.LAST_STATS["ocr_cached"] >= kept
    assert extract.LAST_STATS["ocr_cached"] + extract.LAST_STATS["ocr_pages"] == 6


def _stored(store: Path) -> int:
    try:
        with sqlite3.connect(store / "ocr.sqlite", timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM pages").fetchone()[0]
    except sqlite3.Error:
        return 0


# ---------------------------------------------------------------- OFD


def test_an_ofd_is_counted_and_read(tmp_path):
    ofd = lambda path: write_ofd(path, [["江临市2025年城市园林绿化工作总结"], [WRONG]])
    right = lambda path: write_ofd(path, [[RIGHT]])
    root = build(tmp_path, [(entry(7, pages=3), "ofd", ofd), (entry(8), "ofd", right)])
    result = audit(root)
    (pages,) = of(result, "file.page-mismatch")
    assert pages.file == f"archive/{code(7)}.ofd" and pages.value == 2 and pages.expected == 3
    assert "OFD 文件" in pages.message and "实际有 2 页" in pages.message
    (wrong,) = of(result, "data.mismatch")
    assert wrong.file == f"archive/{code(7)}.ofd" and "扫描件" not in wrong.message
    assert result.stats["reading"]["ofd"] == 2


def test_an_ofd_whose_pages_cannot_be_followed_is_unread(tmp_path):
    import zipfile

    def broken(path: Path) -> None:
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr(
                "OFD.xml", '<?xml version="1.0"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>'
            )

    root = build(tmp_path, [(entry(9), "ofd", broken)])
    result = audit(root)
    (unread,) = of(result, "file.unread")
    assert unread.file == f"archive/{code(9)}.ofd" and "DocRoot" in unread.message


# ---------------------------------------------------------------- .doc through LibreOffice


def _doc(lines: list[str], work: Path):
    """A real .doc: python-docx writes a .docx, LibreOffice saves it as .doc."""

    def write(path: Path) -> None:
        import docx

        d = docx.Document()
        for line in lines:
            d.add_paragraph(line)
        src = work / f"{path.stem}.docx"
        d.save(src)
        subprocess.run(
            [convert.soffice_path(), f"-env:UserInstallation={(work / 'p').as_uri()}",
             "--headless", "--convert-to", "doc", "--outdir", str(work), str(src)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        shutil.copy(work / f"{path.stem}.doc", path)

    return write


@pytest.mark.skipif(convert.soffice_path() is None, reason="LibreOffice (soffice) not installed")
def test_a_doc_is_read_through_libreoffice(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    root = build(tmp_path / "p", [(entry(10), "doc", _doc([WRONG], work))])
    result = audit(root)
    (wrong,) = of(result, "data.mismatch")
    assert wrong.file == f"archive/{code(10)}.doc" and "40.85%" in wrong.message
    assert result.stats["reading"]["libreoffice"] == 1
    assert list((root / "out" / ".cache" / "converted").glob("*.docx"))  # kept by content
    # without LibreOffice: said unread, with the fix
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    result = audit(root)
    (unread,) = of(result, "file.unread")
    assert "LibreOffice" in unread.message and "另存为 .docx" in unread.message
    assert result.stats["reading"]["unread_reasons"]["no-libreoffice"] == 1


# ---------------------------------------------------------------- the rule, on an input


def test_file_unread_names_each_unread_file_and_why():
    from checkinput import build, good

    from docgen.model import Inspection, Reading
    from docgen.rules.files.unread import unread

    rels = [f"J012-2025-D30-01-{n:04d}.{ext}" for n, ext in ((1, "jpg"), (2, "doc"), (3, "jpg"))]
    kinds = ("jpeg", "doc", "jpeg")
    ctx = build(
        [good(1), good(2), good(3)],
        inspections={r: Inspection("0" * 64, k) for r, k in zip(rels, kinds, strict=True)},
    )
    ctx.readings = {
        rels[0]: Reading(rels[0], None, "no-ocr"),
        rels[1]: Reading(rels[1], None, "timeout", detail="读取超时"),
        rels[2]: Reading(rels[2], None, "not-text"),  # a photo: counted, not reported
    }
    first, second = unread(ctx)
    assert first.file == f"archive/{rels[0]}" and "pip install 'docgen[ocr]'" in first.message
    assert second.file == f"archive/{rels[1]}" and "读取超时" in second.message
    assert first.severity == second.severity == "warning"
    ctx.readings[rels[0]] = Reading(rels[0], "ocr", ocr_pages=1)
    assert [f.file for f in unread(ctx)] == [f"archive/{rels[1]}"]


def mixed_pdf(text: list[str], scanned: list[str]):
    """Page 1 text, page 2 a scan (a picture of `scanned`)."""

    def write(path: Path) -> None:
        from reportlab.lib.utils import ImageReader
        from reportlab.pdfgen import canvas

        cid_pdf(path, text)  # registers the font
        c = canvas.Canvas(str(path))
        c.setFont("STSong-Light", 12)
        for i, line in enumerate(text):
            c.drawString(72, 760 - 22 * i, line)
        c.showPage()
        c.drawImage(ImageReader(page(scanned)), 0, 500, width=595, height=119)
        c.showPage()
        c.save()

    return write


@needs_ocr
def test_the_scanned_page_of_a_text_pdf_is_read_or_named(tmp_path, monkeypatch):
    doc = (entry(11, pages=2), "pdf", mixed_pdf(["江临市2025年城市园林绿化工作总结"], [WRONG]))
    root = build(tmp_path, [doc])
    result = audit(root)
    (wrong,) = of(result, "data.mismatch")
    assert "扫描件识别" in wrong.message and result.stats["reading"]["ocr"] == 1
    assert of(result, "file.unread") == []
    monkeypatch.setenv("DOCGEN_NO_OCR", "1")
    result = audit(root)
    (unread,) = of(result, "file.unread")
    assert "第 2 页是扫描页" in unread.message and "pip install 'docgen[ocr]'" in unread.message
    assert result.stats["reading"]["text"] == 1 and of(result, "data.mismatch") == []
