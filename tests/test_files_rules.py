"""file.* rules on real projects: a real ledger workbook, real PDFs (reportlab), real
DOCX (python-docx), real JPEGs (Pillow); one test per rule, and the rules through the
command line. Odd and hostile files: test_files_hostile.py."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from fileskit import (
    assert_row,
    audit,
    encrypted_pdf,
    jpeg_bytes,
    of,
    one,
)
from projectkit import (
    code,
    make_docx,
    make_pdf,
    project,
    row,
    run_cli,
)

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
