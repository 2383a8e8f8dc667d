"""`docgen lint` on files that are no .docx at all, on paths and folders, and its reports
(the checks on real documents are in test_lint.py)."""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import pytest
from docx.shared import Mm
from projectkit import ole_bytes
from test_lint import ORG, _drop_footer_runs, good, only, rules

from docgen import gbt9704 as g
from docgen.errors import InputError
from docgen.findings import FINDING_KEYS
from docgen.lint import exit_code, expand, lint_file, lint_paths, report, run_lint

# ------------------------------------------------------------------ not a .docx


def test_doc_renamed_docx(tmp_path):
    path = tmp_path / "旧格式.docx"
    path.write_bytes(ole_bytes("WordDocument", "1Table"))
    f = only(lint_file(path), "format.unreadable")
    assert ".doc" in f.message and f.file == str(path)


def test_real_doc_file(tmp_path):
    path = tmp_path / "旧格式.doc"
    path.write_bytes(ole_bytes("WordDocument", "1Table"))
    assert "Word 97-2003" in only(lint_file(path), "format.unreadable").message


def test_encrypted_docx(tmp_path):
    path = tmp_path / "加密.docx"
    path.write_bytes(ole_bytes("EncryptionInfo", "EncryptedPackage"))
    assert "密码" in only(lint_file(path), "format.unreadable").message


def test_zip_bomb_is_refused_without_inflating(tmp_path):
    path = tmp_path / "炸弹.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as member:
            zeros = b"\0" * (1 << 20)
            for _ in range(300):
                member.write(zeros)
    started = time.monotonic()
    f = only(lint_file(path), "format.unreadable")
    assert time.monotonic() - started < 5 and "压缩炸弹" in f.message


@pytest.mark.parametrize("content", [b"", b"hello, not a word file", b"PK\x03\x04broken"])
def test_damaged_files(tmp_path, content):
    path = tmp_path / "坏.docx"
    path.write_bytes(content)
    assert rules(lint_file(path)) == ["format.unreadable"]


def test_truncated_docx_and_bad_xml(tmp_path):
    whole = tmp_path / "a.docx"
    good().save(str(whole))
    cut = tmp_path / "cut.docx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert rules(lint_file(cut)) == ["format.unreadable"]
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/styles.xml":
                data = data[:200]
            dst.writestr(item, data)
    assert rules(lint_file(bad)) == ["format.unreadable"]


# ------------------------------------------------------------------ paths and reports


def defective(tmp_path) -> Path:
    doc = good()
    doc.sections[0].top_margin = Mm(20)
    g.add_signature(doc, ORG, "2026年01月05日")
    _drop_footer_runs(doc)
    path = tmp_path / "有问题.docx"
    doc.save(str(path))
    return path


def test_lint_is_deterministic(tmp_path):
    path = defective(tmp_path)
    first, second = lint_file(path), lint_file(path)
    assert first == second and len(first) == 3
    assert report(first, "json") == report(second, "json")
    assert report(first, "table") == report(second, "table")


def test_json_report_shape(tmp_path):
    path = defective(tmp_path)
    clean = tmp_path / "好.docx"
    good().save(str(clean))
    findings = lint_paths([path, clean])
    data = json.loads(report(findings, "json", files=[str(path), str(clean)]))
    assert data["tool"] == "docgen" and data["files"] == [str(path), str(clean)]
    assert data["summary"]["errors"] == 3 and data["summary"]["warnings"] == 0
    assert data["summary"]["by_rule"] == {
        "format.date": 1,
        "format.margin": 1,
        "format.page-number": 1,
    }
    for f in data["findings"]:
        assert list(f) == FINDING_KEYS
    table = report(findings, "table", files=[str(path), str(clean)])
    assert "format.margin" in table and "未发现格式问题" in table
    assert exit_code(findings) == 1 and exit_code(lint_file(clean)) == 0


def test_missing_path_and_folders(tmp_path):
    with pytest.raises(InputError, match="找不到"):
        lint_paths([tmp_path / "没有.docx"])
    folder = tmp_path / "来文"
    folder.mkdir()
    good().save(str(folder / "一.docx"))
    (folder / "~$一.docx").write_bytes(b"lock")
    (folder / "说明.txt").write_text("x")
    assert lint_paths([folder]) == []


def test_a_folder_leaves_out_its_hidden_folders(tmp_path):
    """docgen audit keeps LibreOffice's .docx copies of .doc files in out/.cache:
    `docgen lint out` checks the documents in out/, never those copies."""
    hidden = tmp_path / "out" / ".cache" / "converted"
    hidden.mkdir(parents=True)
    good().save(str(tmp_path / "out" / "通知.docx"))
    (hidden / "a.docx").write_bytes(b"not a docx")
    assert expand([tmp_path / "out"]) == [tmp_path / "out" / "通知.docx"]
    assert lint_paths([tmp_path / "out"]) == []


def test_run_lint_prints_every_file_and_gives_the_exit_status(tmp_path):
    clean = tmp_path / "好.docx"
    good().save(str(clean))
    text, status = run_lint([clean], "table")
    assert status == 0 and "1 个文件" in text and "未发现格式问题" in text
    text, status = run_lint([clean, defective(tmp_path)], "json")
    assert status == 1 and json.loads(text)["files"] == [str(clean), str(tmp_path / "有问题.docx")]
    with pytest.raises(InputError):
        run_lint([tmp_path / "没有"], "json")
