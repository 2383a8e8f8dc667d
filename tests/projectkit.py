"""Building real test projects: docgen.yaml, a real ledger workbook, real files."""

from __future__ import annotations

import hashlib
import os
import shutil
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


LEDGER = "ledger/归档文件目录.xlsx"
SHEET = "2025"


def code(
    n: int, year: int = 2025, section: str = "01", retention: str = "D30", fonds: str = "J012"
) -> str:
    """The 档号 of the n-th file: J012-2025-D30-01-0001."""
    return f"{fonds}-{year}-{retention}-{section}-{n:04d}"


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


def write_book(path: Path, rows: list[list[Any]], title: str = "Sheet1") -> Path:
    """A one-sheet workbook (a data workbook: 指标数据, 成员单位, 问题清单) of `rows`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def project(
    root: Path,
    sheets_or_rows: dict[str, list[list[Any]]] | list[list[Any]],
    *,
    archive: bool = True,
    **config: Any,
) -> Path:
    """A project: docgen.yaml (`config` overrides the defaults), the ledger and, with
    `archive`, an (empty) archive folder. `sheets_or_rows` is either the ledger's sheets
    (each a list of rows, header row included) or the data rows of one sheet “2025”
    under HEADER (data rows then start at spreadsheet row 2)."""
    write_config(root, **config)
    if isinstance(sheets_or_rows, dict):
        write_ledger(root, sheets_or_rows)
    else:
        write_ledger(root, {SHEET: [HEADER, *sheets_or_rows]})
    if archive:
        (root / "archive").mkdir(exist_ok=True)
    return root


def audit_result(root: Path, **options: Any):
    """The whole audit of the project at `root` (docgen.audit.run_audit's options)."""
    from docgen.audit import run_audit

    return run_audit(root, **options)


def audit(root: Path, **options: Any) -> list:
    """The findings of `audit_result(root, **options)`."""
    return audit_result(root, **options).findings


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


def cid_pdf(path: Path, lines: list[str], invariant: bool = False) -> Path:
    """A real PDF with a text layer in reportlab's STSong-Light, one drawString per line;
    `invariant`: the same bytes on every run (no clock, no random file id)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), invariant=int(invariant))
    c.setFont("STSong-Light", 12)
    for i, line in enumerate(lines):
        c.drawString(72, 760 - 22 * i, line)
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


def session(sid: int) -> list[int]:
    """Live processes of session `sid` (zombies are dead already)."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(name))
    return found


def copy_demo(demo: Path, dest: Path) -> Path:
    """A copy of the demo project at `dest` (without its out/ folder), for a test that
    changes it or writes into it; file times are kept (the memo looks at them)."""
    shutil.copytree(demo, dest, ignore=shutil.ignore_patterns("out"), symlinks=True)
    return dest


def tree_digest(root: Path, skip: tuple[str, ...] = ("out",)) -> dict[str, tuple]:
    """Every file and link under `root` (but those under the folders in `skip`, relative
    to it) by its bytes and mtime: what a test that must not change a project compares."""
    skipped = [Path(s).parts for s in skip]
    out: dict[str, tuple] = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if any(rel.parts[: len(s)] == s for s in skipped):
            continue
        if p.is_symlink():
            out[str(rel)] = ("link", os.readlink(p))
        elif p.is_file():
            st = p.stat()
            out[str(rel)] = ("file", st.st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
    return out
