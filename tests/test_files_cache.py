"""The file inspection cache (a warm run reads it; a damaged one is replaced), file
formats by content, and linking ledger rows to files."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from fileskit import (
    audit,
    jpeg_bytes,
)
from projectkit import (
    SHEET,
    code,
    make_docx,
    make_pdf,
    project,
    row,
)

from docgen import inspect as inspection
from docgen.audit import load_input, run_audit
from docgen.errors import InputError
from docgen.inspect import formats
from docgen.inspect.sniff import sniff
from docgen.load.archive import link_rows, scan_archive
from docgen.model import Archive, FileEntry, Ledger, LedgerRow

# ---------------------------------------------------------------- cache


def test_warm_run_reads_the_cache(tmp_path):
    project(tmp_path, [row(code(1), pages=2), row(code(2)), row(code(3))])
    make_pdf(tmp_path / "archive" / f"{code(1)}.pdf", pages=3)
    (tmp_path / "archive" / f"{code(2)}.pdf").write_bytes(jpeg_bytes())
    make_docx(tmp_path / "archive" / f"{code(3)}.docx")
    cold = [f.to_dict() for f in audit(tmp_path, memo=False)]
    assert inspection.LAST_STATS == {"cached": 0, "reused": 0, "inspected": 3, "skipped": 0}
    assert (tmp_path / "out" / ".cache" / "inspect.sqlite").is_file()
    warm = [f.to_dict() for f in audit(tmp_path, memo=False)]
    assert warm == cold and len(cold) == 2
    assert inspection.LAST_STATS["cached"] == 3 and inspection.LAST_STATS["inspected"] == 0
    os.utime(tmp_path / "archive" / f"{code(1)}.pdf", ns=(1, 1))  # touched, same bytes
    assert [f.to_dict() for f in audit(tmp_path, memo=False)] == cold
    assert inspection.LAST_STATS == {"cached": 2, "reused": 1, "inspected": 0, "skipped": 0}


def test_unusable_cache_folder_is_not_an_error(tmp_path):
    project(tmp_path, [row(code(1))])
    make_pdf(tmp_path / "archive" / f"{code(1)}.pdf")
    (tmp_path / "out").write_text("a file where the out folder should be")
    assert audit(tmp_path) == []


def test_damaged_cache_file_is_replaced(tmp_path):
    project(tmp_path, [row(code(1))])
    make_pdf(tmp_path / "archive" / f"{code(1)}.pdf")
    (tmp_path / "out" / ".cache").mkdir(parents=True)
    (tmp_path / "out" / ".cache" / "inspect.sqlite").write_bytes(b"not a database" * 100)
    assert audit(tmp_path, memo=False) == []
    audit(tmp_path, memo=False)
    assert inspection.LAST_STATS["cached"] == 1


def test_orphans_are_inspected_but_only_reported_as_orphans(tmp_path):
    project(tmp_path, [row(code(1))])
    make_pdf(tmp_path / "archive" / f"{code(1)}.pdf")
    (tmp_path / "archive" / "2025").mkdir()
    (tmp_path / "archive" / "2025" / "照片.pdf").write_bytes(
        jpeg_bytes()
    )  # unreadable, but unlisted
    ctx = load_input(tmp_path)
    assert set(ctx.archive.inspections) == {f"{code(1)}.pdf", "2025/照片.pdf"}
    assert ctx.archive.inspections["2025/照片.pdf"].status == "unreadable"
    findings = audit(tmp_path)
    assert [(f.rule, f.file) for f in findings] == [("file.orphan", "archive/2025/照片.pdf")]


def test_a_ledger_that_cannot_be_read_leaves_no_cache(tmp_path):
    project(tmp_path, [row(code(n)) for n in range(1, 4)])
    pdf = make_pdf(tmp_path / "archive" / f"{code(1)}.pdf").read_bytes()
    for n in range(2, 200):  # enough files for the inspection to be under way
        (tmp_path / "archive" / f"{code(n)}.pdf").write_bytes(pdf)
    (tmp_path / "ledger" / "归档文件目录.xlsx").write_bytes(b"\x00" * 4096)
    with pytest.raises(InputError):
        run_audit(tmp_path)
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- formats and linking


@pytest.mark.parametrize(
    "size", [1, 4095, formats.CHUNK - 1, formats.CHUNK, formats.CHUNK + 1, 3 * formats.CHUNK]
)
def test_hash_of_files_around_the_read_size(tmp_path, size):
    import hashlib

    path = tmp_path / "x.bin"
    path.write_bytes(os.urandom(size))
    found = formats.inspect_file(str(path), "bin")
    assert found.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "head, kind",
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\x00junk%PDF-1.4", "pdf"),
        (b"PK\x03\x04", "zip"),
        (b"PK\x03\x04\x14\0\0\0\0\0report.pdf%PDF-1.7\n", "zip"),  # a PDF stored in a zip
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "cfb"),
        (b"\xff\xd8\xff\xe0", "jpeg"),
        (b"\x89PNG\r\n\x1a\n", "png"),
        (b"GIF89a", "gif"),
        (b"II*\x00", "tiff"),
        (b"BM" + b"\0" * 20, "bmp"),
        (b"{\\rtf1", "rtf"),
        (b"\0\0\0\x18ftypmp42", "mp4"),
        (b"\0\0\0\x14ftypqt  ", "mov"),
        (b"RIFF\0\0\0\0AVI LIST", "avi"),
        (b"RIFF\0\0\0\0WAVEfmt ", "wav"),
        (b"ID3\x03", "mp3"),
        (b"hello", "unknown"),
        (b"", "empty"),
    ],
)
def test_sniff(head, kind):
    assert sniff(head) == kind


def test_linking_is_fast_for_a_large_ledger():
    files = {
        f"{y}/{code(n)}.pdf": FileEntry(f"{y}/{code(n)}.pdf", Path("/x"), 1, 1)
        for y in range(2020, 2025)
        for n in range(1, 4001)
    }
    rows = tuple(LedgerRow(SHEET, n + 1, {"档号": code(n % 30000)}) for n in range(100_000))
    archive = Archive("archive", files)
    started = time.monotonic()
    links = link_rows(Ledger("l.xlsx", (), rows), archive)
    assert time.monotonic() - started < 3
    assert len(links) == 100_000
    assert links[1].status == "found" and len(links[1].matched) == 5
    assert links[5000].status == "missing"


def test_several_files_for_one_code_pdf_first(tmp_path):
    root = project(tmp_path, [row(code(1))])
    for name in (f"b/{code(1)}.docx", f"a/{code(1)}.jpg", f"c/{code(1)}.pdf"):
        (root / "archive" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "archive" / name).write_bytes(b"x")
    archive = scan_archive(root, "archive/")
    assert archive.root_rel == "archive"
    ledger = Ledger("l.xlsx", (), (LedgerRow(SHEET, 2, {"档号": code(1)}),))
    [link] = link_rows(ledger, archive)
    assert link.matched == (f"c/{code(1)}.pdf", f"a/{code(1)}.jpg", f"b/{code(1)}.docx")
