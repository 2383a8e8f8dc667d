"""Checks of the hostile audit tests (test_hostile.py, test_hostile_commands.py): a
case's project, reports whose cells and markup stay text, folders made writable again."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import openpyxl
from hostile import (
    Case,
)

RISKY = ("=", "+", "-", "@")


def assert_escaped_html(path: Path) -> None:
    """The project's text in the HTML report is text: no tag, no handler, no control
    character from a cell reaches the page."""
    page = path.read_text("utf-8")
    for raw in (
        "<script>alert(",
        "<img src=x",
        "onerror=alert",
        "<b>示例</b>",
        "<i>〔2025〕</i>",
        "\x1b",
        "\x00",
    ):
        assert raw not in page, raw


def assert_word_document(path: Path) -> None:
    import docx

    from docgen.render import leftover_tags

    data = path.read_bytes()
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
    docx.Document(str(path))
    assert leftover_tags(data) == []


def assert_text_cells(path: Path) -> None:
    """Nothing in the report is a formula: every cell starting like one is text."""
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(name) and b"<f " not in zf.read(name), name
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for line in ws.iter_rows():
            for cell in line:
                if isinstance(cell.value, str) and cell.value.startswith(RISKY):
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)


def project_for(case: Case, base: Path, tmp_path: Path) -> Path:
    root = tmp_path / "项目"
    shutil.copytree(base, root, symlinks=True)
    case.build(root)
    return root


def _restore_permissions(folder: Path) -> None:
    for dirpath, dirnames, _ in os.walk(folder):
        for d in dirnames:
            p = os.path.join(dirpath, d)
            if not os.path.islink(p):
                os.chmod(p, 0o755)
