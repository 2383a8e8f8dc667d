"""Building real test projects: docgen.yaml, a real ledger workbook, real files."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import yaml

HEADER = [
    "档号",
    "责任者",
    "文号",
    "题名",
    "日期",
    "页数",
    "保管期限",
    "条目",
    "材料类型",
    "文件路径",
    "备注",
]


def write_config(root: Path, **overrides: Any) -> None:
    cfg = {
        "city": {"name": "示例市", "level": "city", "province": "示例省", "fonds": "J012"},
        "guide": "national-city-2021",
        "years": [2025],
    }
    cfg.update(overrides)
    root.mkdir(parents=True, exist_ok=True)
    (root / "docgen.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")


def write_ledger(
    root: Path, sheets: dict[str, list[list[Any]]], name: str = "ledger/归档文件目录.xlsx"
) -> Path:
    """Each sheet is a list of rows, header row included (use HEADER)."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def row(
    code: str,
    *,
    item: str = "1.3",
    kind: str = "计划",
    date: Any = "20250310",
    pages: Any = 1,
    title: str | None = None,
    number: str | None = None,
    retention: str = "定期30年",
    who: str = "示例市爱国卫生运动委员会办公室",
    path: str | None = None,
    note: str | None = None,
) -> list:
    """One ledger row in HEADER order."""
    return [
        code,
        who,
        number,
        title if title is not None else f"关于{code}的文件",
        date,
        pages,
        retention,
        item,
        kind,
        path,
        note,
    ]


def make_pdf(path: Path, pages: int = 1, text: str = "示例市创建国家卫生城市工作资料") -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path))
    for p in range(pages):
        c.setFont("STSong-Light", 14)
        c.drawString(72, 750, f"{text}（第{p + 1}页）")
        c.showPage()
    c.save()
    return path


def make_docx(path: Path, text: str = "示例市爱国卫生工作总结") -> Path:
    import docx

    path.parent.mkdir(parents=True, exist_ok=True)
    d = docx.Document()
    d.add_paragraph(text)
    d.save(str(path))
    return path


def ole_bytes(*streams: str, loop: bool = False) -> bytes:
    """A minimal OLE compound file (MS-CFB) whose directory names `streams`: what an
    encrypted Office file or an old .doc looks like. `loop`: the directory chain
    points back at itself."""
    free, end, fat_sect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 0x2C, 1)  # one FAT sector
    struct.pack_into("<I", header, 0x30, 1)  # directory starts at sector 1
    struct.pack_into("<I", header, 0x38, 4096)
    struct.pack_into("<IIII", header, 0x3C, end, 0, end, 0)
    difat = [0] + [free] * 108
    struct.pack_into("<109I", header, 0x4C, *difat)
    fat = [fat_sect, 1 if loop else end] + [free] * 126
    fat_sector = struct.pack("<128I", *fat)
    entries = b""
    for i, name in enumerate(["Root Entry", *streams][:4]):
        raw = name.encode("utf-16-le") + b"\0\0"
        e = bytearray(128)
        e[: len(raw)] = raw
        struct.pack_into("<H", e, 0x40, len(raw))
        e[0x42] = 5 if i == 0 else 2
        struct.pack_into("<III", e, 0x44, free, free, free)
        entries += bytes(e)
    directory = entries.ljust(512, b"\0")
    return bytes(header) + fat_sector + directory


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `docgen ARGS` as a user would; returns the completed process (text mode)."""
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )
