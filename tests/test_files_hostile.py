"""file.* rules on hostile and odd files: truncated and bombed documents, links leaving
the archive or looping, GBK and undecodable names, pipes, unreadable folders."""

from __future__ import annotations

import json
import os
import time
import zipfile

import pytest
from fileskit import (
    audit,
    of,
    one,
)
from projectkit import (
    code,
    make_pdf,
    ole_bytes,
    project,
    row,
)

from docgen import inspect as inspection
from docgen.load.archive import scan_archive
from docgen.model import FileEntry

# ---------------------------------------------------------------- hostile and odd files


def test_truncated_pdf(tmp_path):
    project(tmp_path, [row(code(1))])
    whole = make_pdf(tmp_path / "whole.pdf", pages=3).read_bytes()
    (tmp_path / "archive" / f"{code(1)}.pdf").write_bytes(whole[: len(whole) // 2])
    f = one(audit(tmp_path), "file.unreadable")
    assert "文件不完整" in f.message


def test_docx_zip_bomb_is_refused_without_inflating(tmp_path):
    project(tmp_path, [row(code(1), path="炸弹.docx")])
    with zipfile.ZipFile(tmp_path / "archive" / "炸弹.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as part:
            zeros = b"\0" * (1 << 20)
            for _ in range(300):
                part.write(zeros)
    assert (tmp_path / "archive" / "炸弹.docx").stat().st_size < 2 << 20
    started = time.monotonic()
    f = one(audit(tmp_path), "file.unreadable")
    assert time.monotonic() - started < 10
    assert "压缩炸弹" in f.message and f.file == "archive/炸弹.docx"


def test_docx_that_is_an_old_doc(tmp_path):
    project(tmp_path, [row(code(1), path="方案.docx")])
    (tmp_path / "archive" / "方案.docx").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(3000)
    )
    f = one(audit(tmp_path), "file.unreadable")
    assert "扩展名为 .docx" in f.message and "旧版" in f.message and ".doc" in f.message


def test_encrypted_office_file_and_old_word_file(tmp_path):
    project(tmp_path, [row(code(1), path="加密.docx"), row(code(2), path="旧格式.docx")])
    (tmp_path / "archive" / "加密.docx").write_bytes(
        ole_bytes("EncryptionInfo", "EncryptedPackage")
    )
    (tmp_path / "archive" / "旧格式.docx").write_bytes(ole_bytes("WordDocument", "1Table"))
    findings = audit(tmp_path)
    assert one(findings, "file.encrypted").file == "archive/加密.docx"
    f = one(findings, "file.unreadable")
    assert f.file == "archive/旧格式.docx" and "但文件实际是旧版 Word .doc 文件" in f.message


def test_symlink_leaving_the_archive(tmp_path):
    project(tmp_path, [row(code(1)), row(code(2), path="外部/x.pdf")])
    outside = make_pdf(tmp_path / "elsewhere" / "x.pdf")
    os.symlink(outside, tmp_path / "archive" / f"{code(1)}.pdf")
    os.symlink(outside.parent, tmp_path / "archive" / "外部")
    os.symlink(outside.parent, tmp_path / "archive" / "另一个外部")
    findings = audit(tmp_path)
    found = of(findings, "file.outside-root")
    assert [(f.row, f.column, f.file) for f in found] == [
        (None, None, "archive/另一个外部"),
        (2, "档号", f"archive/{code(1)}.pdf"),
        (3, "文件路径", "外部/x.pdf"),
    ]
    assert "链接" in found[0].message
    assert not of(findings, "file.orphan") and not of(findings, "file.missing")
    assert inspection.LAST_STATS["inspected"] == 0  # the target was never opened


def test_symlink_loop_does_not_hang(tmp_path):
    project(tmp_path, [row(code(1), path="a")])
    os.symlink("a", tmp_path / "archive" / "b")
    os.symlink("b", tmp_path / "archive" / "a")
    (tmp_path / "archive" / "sub").mkdir()
    os.symlink("..", tmp_path / "archive" / "sub" / "up")  # a folder loop inside the archive
    findings = audit(tmp_path)
    f = one(findings, "file.unreadable")
    assert (f.row, f.file) == (2, "archive/a") and "符号链接" in f.message
    assert [o.file for o in of(findings, "file.orphan")] == ["archive/b"]


def test_gbk_file_name(tmp_path):
    project(tmp_path, [row(code(1), path="创卫计划.pdf")])
    pdf = make_pdf(tmp_path / "tmp.pdf").read_bytes()
    raw = os.path.join(os.fsencode(tmp_path / "archive"), "创卫计划.pdf".encode("gbk"))
    fd = os.open(raw, os.O_WRONLY | os.O_CREAT)
    os.write(fd, pdf)
    os.close(fd)
    findings = audit(tmp_path)
    json.dumps([f.to_dict() for f in findings], ensure_ascii=False).encode("utf-8")
    missing = one(findings, "file.missing")
    assert "GBK" in missing.message and "创卫计划.pdf" in missing.message
    stray = one(findings, "file.orphan")
    assert stray.file == "archive/创卫计划.pdf" and "GBK" in stray.message


def test_undecodable_file_name_is_printable(tmp_path):
    root = project(tmp_path, [])
    raw = os.path.join(os.fsencode(root / "archive"), b"\xff\xfe\xfa.pdf")
    os.close(os.open(raw, os.O_WRONLY | os.O_CREAT))
    archive = scan_archive(root, "archive")
    [entry] = archive.files.values()
    assert entry.name_encoding == "unknown" and entry.rel.endswith(".pdf")
    entry.rel.encode("utf-8")


def test_path_written_from_the_project_folder_with_backslashes(tmp_path):
    project(tmp_path, [row(code(1), path="archive\\2025\\通知.PDF")])
    make_pdf(tmp_path / "archive" / "2025" / "通知.pdf")
    assert audit(tmp_path) == []


def test_row_without_code_or_path(tmp_path):
    project(tmp_path, [row(None, title="无编号的文件")])
    f = one(audit(tmp_path), "file.missing")
    assert (f.row, f.column, f.file) == (
        2,
        "档号",
        None,
    ) and "既没有档号也没有文件路径" in f.message


def test_large_pdf_streamed(tmp_path):
    import random

    from PIL import Image
    from reportlab.pdfgen import canvas

    project(tmp_path, [row(code(1), pages=1), row(code(2))])
    noise = tmp_path / "noise.png"
    rnd = random.Random(1)
    Image.frombytes(
        "RGB", (700, 700), bytes(rnd.getrandbits(8) for _ in range(700 * 700 * 3))
    ).save(noise)
    big = tmp_path / "archive" / f"{code(1)}.pdf"
    c = canvas.Canvas(str(big))
    c.drawImage(str(noise), 0, 0, 500, 500)
    c.showPage()
    c.save()
    assert big.stat().st_size > 1 << 20
    (tmp_path / "archive" / f"{code(2)}.pdf").write_bytes(big.read_bytes()[: -(8 << 10)])
    f = one(audit(tmp_path), "file.unreadable")
    assert f.row == 3 and "文件不完整" in f.message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_unreadable_folder(tmp_path):
    project(tmp_path, [row(code(1))])
    make_pdf(tmp_path / "archive" / f"{code(1)}.pdf")
    locked = tmp_path / "archive" / "2024"
    locked.mkdir()
    locked.chmod(0)
    try:
        f = one(audit(tmp_path), "file.unreadable")
    finally:
        locked.chmod(0o755)
    assert (f.file, f.row) == ("archive/2024", None) and "权限" in f.message


def test_pipe_in_the_archive_is_not_opened(tmp_path):
    project(tmp_path, [])
    os.mkfifo(tmp_path / "archive" / "管道.pdf")
    f = one(audit(tmp_path), "file.unreadable")
    assert (f.file, f.row) == ("archive/管道.pdf", None) and "管道" in f.message


def test_progress_is_reported_to_the_end(tmp_path):
    paths = [make_pdf(tmp_path / f"{n}.pdf") for n in range(3)]
    entries = [FileEntry(p.name, p, p.stat().st_size, p.stat().st_mtime_ns) for p in paths]
    calls = []
    inspection.inspect_files(entries, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 3) and calls[-1] == (3, 3)
