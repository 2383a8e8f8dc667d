"""file.* rules on real projects: a real ledger workbook, real PDFs (reportlab), real
DOCX (python-docx), real JPEGs (Pillow), real links and real odd file names."""

from __future__ import annotations

import json
import os
import sys
import time
import zipfile
from pathlib import Path

import pytest
from projectkit import (
    HEADER,
    make_docx,
    make_pdf,
    ole_bytes,
    row,
    run_cli,
    write_config,
    write_ledger,
)

from docgen import inspect as inspection
from docgen.audit import load_input, run_audit
from docgen.errors import InputError
from docgen.inspect import formats
from docgen.inspect.sniff import sniff
from docgen.load.archive import link_rows, scan_archive
from docgen.model import Archive, FileEntry, Ledger, LedgerRow
from docgen.workers import pool

CODE = "J012-2025-D30-01-{:04d}"
SHEET = "2025"


def code(n: int) -> str:
    return CODE.format(n)


def project(root: Path, rows: list[list], **config) -> Path:
    """A project with one ledger sheet “2025”; data rows start at spreadsheet row 2."""
    write_config(root, **config)
    write_ledger(root, {SHEET: [HEADER, *rows]})
    (root / "archive").mkdir(exist_ok=True)
    return root


def audit(root: Path, memo: bool = True) -> list:
    return run_audit(root, rules=["file."], memo=memo).findings


def of(findings: list, rule_id: str) -> list:
    return [f for f in findings if f.rule == rule_id]


def one(findings: list, rule_id: str):
    hits = of(findings, rule_id)
    assert len(hits) == 1, [f.message for f in findings]
    return hits[0]


def jpeg_bytes() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buf, "JPEG")
    return buf.getvalue()


def encrypted_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), encrypt="secret")
    c.drawString(72, 750, "secret")
    c.showPage()
    c.save()
    return path


def assert_row(f, n: int, column: str, file: str | None) -> None:
    """The finding points at data row n (spreadsheet row n + 1), that column and file."""
    assert (f.sheet, f.row, f.column, f.file) == (SHEET, n + 1, column, file)
    assert f.archive_code == code(n)


# ---------------------------------------------------------------- one test per rule


def test_clean_project_has_no_file_findings(tmp_path):
    project(tmp_path, [row(code(1), pages=2), row(code(2), path="2025/总结.docx")])
    make_pdf(tmp_path / "archive" / "2025" / f"{code(1)}.pdf", pages=2)
    make_docx(tmp_path / "archive" / "2025" / "总结.docx")
    assert audit(tmp_path) == []


def test_missing_by_archive_code(tmp_path):
    project(tmp_path, [row(code(1))])
    f = one(audit(tmp_path), "file.missing")
    assert_row(f, 1, "档号", None)
    assert f.severity == "error" and f"{code(1)}.pdf" in f.message and f.year == 2025


def test_missing_by_path(tmp_path):
    project(tmp_path, [row(code(1), path="2025/计划.pdf")])
    make_docx(tmp_path / "archive" / "2025" / "计划.docx")
    findings = audit(tmp_path)
    f = one(findings, "file.missing")
    assert_row(f, 1, "文件路径", "archive/2025/计划.pdf")
    assert "不存在" in f.message and "2025/计划.docx（扩展名不同）" in f.message
    assert one(findings, "file.orphan").file == "archive/2025/计划.docx"


def test_missing_archive_folder_is_told_on_the_rows(tmp_path):
    project(tmp_path, [row(code(1))])
    (tmp_path / "archive").rmdir()
    f = one(audit(tmp_path), "file.missing")
    assert "归档文件夹 archive/ 不存在" in f.message and "paths.archive" in f.message


def test_orphan(tmp_path):
    project(tmp_path, [row(code(1))])
    make_pdf(tmp_path / "archive" / f"{code(1)}.pdf")
    make_pdf(tmp_path / "archive" / "2025" / "未登记.pdf")
    (tmp_path / "archive" / "Thumbs.db").write_bytes(b"junk")
    (tmp_path / "archive" / "~$草稿.docx").write_bytes(b"junk")
    f = one(audit(tmp_path), "file.orphan")
    assert f.severity == "warning"
    assert (f.file, f.sheet, f.row, f.year) == ("archive/2025/未登记.pdf", None, None, None)
    assert "登记" in f.message


def test_unreadable_pdf_that_is_a_jpeg(tmp_path):
    project(tmp_path, [row(code(1))])
    (tmp_path / "archive" / f"{code(1)}.pdf").write_bytes(jpeg_bytes())
    f = one(audit(tmp_path), "file.unreadable")
    assert_row(f, 1, "档号", f"archive/{code(1)}.pdf")
    assert "扩展名为 .pdf，但文件实际是 JPEG 图片" in f.message and f.value == "jpeg"


def test_encrypted_pdf(tmp_path):
    project(tmp_path, [row(code(1))])
    encrypted_pdf(tmp_path / "archive" / f"{code(1)}.pdf")
    f = one(audit(tmp_path), "file.encrypted")
    assert_row(f, 1, "档号", f"archive/{code(1)}.pdf")
    assert "密码" in f.message


def test_empty_files(tmp_path):
    project(tmp_path, [row(code(1)), row(code(2), path="空白.docx")])
    (tmp_path / "archive" / f"{code(1)}.pdf").write_bytes(b"")
    import docx

    docx.Document().save(str(tmp_path / "archive" / "空白.docx"))
    found = of(audit(tmp_path), "file.empty")
    assert [(f.row, f.column, f.file) for f in found] == [
        (2, "档号", f"archive/{code(1)}.pdf"),
        (3, "文件路径", "archive/空白.docx"),
    ]
    assert "0 字节" in found[0].message and "没有任何文字" in found[1].message


def test_docx_with_only_a_picture_is_not_empty(tmp_path):
    import docx

    project(tmp_path, [row(code(1), path="照片.docx")])
    picture = tmp_path / "p.jpg"
    picture.write_bytes(jpeg_bytes())
    d = docx.Document()
    d.add_picture(str(picture))
    d.save(str(tmp_path / "archive" / "照片.docx"))
    assert audit(tmp_path) == []


def test_page_mismatch(tmp_path):
    project(tmp_path, [row(code(1), pages=2), row(code(2), pages="三")])
    make_pdf(tmp_path / "archive" / f"{code(1)}.pdf", pages=3)
    make_pdf(tmp_path / "archive" / f"{code(2)}.pdf", pages=3)  # 页数 unreadable: the ledger rule's
    f = one(audit(tmp_path), "file.page-mismatch")
    assert_row(f, 1, "页数", f"archive/{code(1)}.pdf")  # the cell to check
    assert (f.value, f.expected) == (3, 2) and "实际有 3 页" in f.message


def test_duplicate_content(tmp_path):
    project(tmp_path, [row(code(1)), row(code(2)), row(code(3), path="2025/另存.pdf")])
    first = make_pdf(tmp_path / "archive" / f"{code(1)}.pdf", text="同一份文件")
    (tmp_path / "archive" / "2025").mkdir()
    for name in (f"{code(3)}-x.pdf", "另存.pdf"):
        (tmp_path / "archive" / "2025" / name).write_bytes(first.read_bytes())
    make_pdf(tmp_path / "archive" / f"{code(2)}.pdf", text="另一份文件")
    findings = audit(tmp_path)
    f = one(findings, "file.duplicate-content")
    assert f.severity == "warning"
    assert_row(f, 3, "文件路径", "archive/2025/另存.pdf")
    assert code(1) in f.message and f"archive/{code(1)}.pdf" in f.message and f.value == code(1)


def test_outside_root_by_dotdot_and_absolute_path(tmp_path):
    project(
        tmp_path,
        [
            row(code(1), path="../secret.pdf"),
            row(code(2), path="C:\\台账\\x.pdf"),
            row(code(3), path="2025/../ok.pdf"),
        ],
    )
    make_pdf(tmp_path / "secret.pdf")
    make_pdf(tmp_path / "archive" / "ok.pdf")
    found = of(audit(tmp_path), "file.outside-root")
    assert [(f.row, f.column, f.file) for f in found] == [
        (2, "文件路径", "../secret.pdf"),
        (3, "文件路径", "C:\\台账\\x.pdf"),
    ]
    assert "..”" in found[0].message and "绝对路径" in found[1].message


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


# ---------------------------------------------------------------- worker pool


def _slow_or_crash(item):
    if item == "slow":
        time.sleep(60)
    if item == "crash":
        os._exit(139)  # as a segfault in a parser would
    if item == "boom":
        raise ValueError("bad")
    return item.upper()


def test_pool_survives_a_hanging_and_a_crashing_item(monkeypatch):
    monkeypatch.setattr(pool, "FILE_TIMEOUT", 0.6)
    items = ["a", "slow", "b", "crash", "c", "boom", "d"]
    started = time.monotonic()
    results = dict(pool.run(items, _slow_or_crash, workers=2))
    assert time.monotonic() - started < 5
    assert [results[i] for i in (0, 2, 4, 6)] == ["A", "B", "C", "D"]
    assert results[1] == pool.Failed("timeout") and results[3] == pool.Failed("crash")
    assert results[5].kind == "error"


def test_pool_requeues_the_rest_of_a_batch(monkeypatch):
    monkeypatch.setattr(pool, "FILE_TIMEOUT", 0.6)
    items = [f"x{i}" for i in range(300)]
    items[40], items[170] = "crash", "slow"  # batches of 18: both fall mid-batch
    results = dict(pool.run(items, _slow_or_crash, workers=2))
    assert len(results) == 300
    assert results[40] == pool.Failed("crash") and results[170] == pool.Failed("timeout")
    assert all(results[i] == f"X{i}" for i in range(300) if i not in (40, 170))


def _greedy(item):
    return len(bytearray(item))


def test_pool_memory_ceiling():
    results = dict(pool.run([10, 8 << 30, 20], _greedy, workers=1))
    assert results == {0: 10, 1: pool.Failed("memory"), 2: 20}


def test_pool_forks_no_worker_while_work_runs_alongside(monkeypatch):
    """Workers are forked before the alongside thread starts; the ones replacing a
    timed-out or crashed worker only once it has finished. Nothing is lost meanwhile."""
    monkeypatch.setattr(pool, "FILE_TIMEOUT", 0.6)
    loading = pool.Background(lambda: time.sleep(2.5) or "loaded")
    forks = []
    real_start = pool._Worker.start

    def start(worker):
        forks.append(loading.running())
        real_start(worker)

    monkeypatch.setattr(pool._Worker, "start", start)
    items = [f"x{i}" for i in range(40)]
    items[3], items[25] = "slow", "crash"
    results = dict(pool.run(items, _slow_or_crash, workers=2, alongside=loading))
    assert loading.result() == "loaded"
    assert results[3] == pool.Failed("timeout") and results[25] == pool.Failed("crash")
    assert all(results[i] == f"X{i}" for i in range(40) if i not in (3, 25))
    assert len(forks) >= 3 and not any(forks)  # two at the start, replacements after the thread


def test_pool_stops_early_when_the_alongside_work_fails():
    def fail():
        time.sleep(0.3)
        raise InputError("目录无法读取")

    loading = pool.Background(fail)
    started = time.monotonic()
    results = dict(pool.run([0.05] * 400, time.sleep, workers=2, alongside=loading))
    assert time.monotonic() - started < 5 and len(results) < 400
    with pytest.raises(InputError):
        loading.result()


def test_background_not_started_runs_in_place():
    assert pool.Background(lambda: 42).result() == 42
    assert dict(pool.run([], str, alongside=pool.Background(lambda: 1))) == {}


def test_inspect_timeout_marks_only_that_file(tmp_path, monkeypatch):
    monkeypatch.setattr(pool, "FILE_TIMEOUT", 0.6)
    slow, fine = tmp_path / "slow.pdf", make_pdf(tmp_path / "fine.pdf")
    slow.write_bytes(fine.read_bytes())
    real = inspection.inspect_file

    def hook(path, ext, known=None):  # a test-only format check that hangs on one file
        if path.endswith("slow.pdf"):
            time.sleep(60)
        return real(path, ext, known)

    monkeypatch.setattr(inspection, "inspect_file", hook)
    entries = [FileEntry(p.name, p, p.stat().st_size, p.stat().st_mtime_ns) for p in (slow, fine)]
    got = inspection.inspect_files(entries)
    assert got["slow.pdf"].status == "unreadable" and "检查超时" in got["slow.pdf"].reason
    assert got["fine.pdf"].status == "ok" and got["fine.pdf"].pages == 1


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


# ---------------------------------------------------------------- through the command line


@pytest.mark.skipif(
    not (Path(__file__).parents[1] / "src" / "docgen" / "__main__.py").exists(),
    reason="the CLI is not there yet",
)
def test_cli_json_report(tmp_path):
    project(tmp_path, [row(code(1)), row(code(2), pages=5)])
    make_pdf(tmp_path / "archive" / f"{code(2)}.pdf", pages=2)
    done = run_cli("audit", str(tmp_path), "--format", "json", "--rules", "file.")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    rules = {(f["rule"], f["row"], f["column"], f["file"]) for f in report["findings"]}
    assert rules == {
        ("file.missing", 2, "档号", None),
        ("file.page-mismatch", 3, "页数", f"archive/{code(2)}.pdf"),
    }


if sys.platform == "win32":  # links and raw byte names are POSIX matters
    pytestmark = pytest.mark.skip("POSIX only")


def test_file_and_completeness_rules_word_findings_from_the_catalogue():
    """No file.* or completeness rule still relies on the catalogue's TRANSITION fallback
    (the whole message passed as the variant)."""
    from docgen.catalogue import CATALOGUE
    from docgen.rules import COMPLETENESS_RULES, FILE_RULES

    for fn in FILE_RULES + COMPLETENESS_RULES:
        assert CATALOGUE[fn.rule_id].messages, fn.rule_id
