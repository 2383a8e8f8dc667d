"""Helpers of the file.* rule tests (test_files_*.py): the audit of the file rules,
findings by rule, a JPEG, an encrypted PDF."""

from __future__ import annotations

from pathlib import Path

from projectkit import (
    SHEET,
    code,
)
from projectkit import audit as audit_project


def audit(root: Path, memo: bool = True) -> list:
    return audit_project(root, rules=["file."], memo=memo)


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
