"""The hostile corpus's base: the small valid project each case changes (`build_base`),
special files (pipes, raw names, links), snapshots of a folder, and the `Case` with the
small builders every group of cases uses."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import yaml
from hostile_cli import Run
from projectkit import (
    HEADER,
    LEDGER,
    SHEET,
    code,
    make_docx,
    make_pdf,
    project,
    row,
    write_book,
)

from docgen.cli import FORMATS as AUDIT_FORMATS
from docgen.scaffold import PROBLEM_HEADER

INDICATORS = "data/指标数据.xlsx"
UNITS = "data/成员单位.xlsx"
PROBLEMS = "data/问题清单.xlsx"


# ---------------------------------------------------------------- the base project


BASE_ROWS = [
    row(code(1), kind="计划", date="20250310", pages=1),
    row(code(2), kind="总结", date="20251215", pages=1),
]


def build_base(root: Path) -> Path:
    """docgen.yaml, a two-row ledger, a PDF and a DOCX, and the three data workbooks."""
    project(root, BASE_ROWS)
    make_pdf(root / "archive" / f"{code(1)}.pdf")
    make_docx(
        root / "archive" / f"{code(2)}.docx",
        "示例市爱国卫生工作总结：生活垃圾无害化处理率达到100%。",
    )
    write_book(
        root / INDICATORS,
        [
            ["指标名称", "年度", "数值", "单位", "来源"],
            ["生活垃圾无害化处理率", 2025, 100, "%", "城管局"],
        ],
    )
    write_book(
        root / UNITS,
        [["单位名称", "简称", "联系人", "电话"], ["示例市城市管理局", "城管局", "张三", "12345"]],
    )
    write_book(
        root / PROBLEMS,
        [
            list(PROBLEM_HEADER),
            [
                "W1",
                "垃圾满溢",
                "某路",
                "暗访",
                "示例市城市管理局",
                "2025-03-01",
                "2025-04-01",
                "已整改",
                "2025-03-20",
            ],
        ],
    )
    return root


def ledger_rows(root: Path, rows: list[list[Any]], header: list[Any] | None = None) -> None:
    """Replace the ledger with HEADER + rows (strings stay strings, even "=...")."""
    path = root / LEDGER
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    for r, values in enumerate([header or HEADER, *rows], start=1):
        for c, v in enumerate(values, start=1):
            if v is None:
                continue
            cell = ws.cell(row=r, column=c, value=v)
            if isinstance(v, str):
                cell.data_type = "s"  # "=1+1" is text here, not a formula
    wb.save(path)


def edit_config(root: Path, **changes: Any) -> None:
    cfg = yaml.safe_load((root / "docgen.yaml").read_text("utf-8"))
    cfg.update(changes)
    (root / "docgen.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")


# ---------------------------------------------------------------- special files


def mkfifo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    os.mkfifo(path)


def raw_name(folder: Path, name: bytes, data: bytes) -> None:
    """A file whose name is not UTF-8 (bytes straight to the file system)."""
    full = os.path.join(os.fsencode(folder), name)
    with open(full, "wb") as f:
        f.write(data)


def link(target: str | Path, at: Path) -> None:
    at.parent.mkdir(parents=True, exist_ok=True)
    if at.exists() or at.is_symlink():
        at.unlink()
    os.symlink(target, at)


# ---------------------------------------------------------------- snapshots


def snapshot(root: Path, skip: tuple[str, ...] = ("out",)) -> dict[bytes, tuple]:
    """Every entry under `root` (but the paths in `skip`, relative to it) by what it
    is: a file by its bytes and mtime, a link by its target (never followed), a
    folder, a pipe. Names are bytes: GBK and invalid UTF-8 names are entries too."""
    out: dict[bytes, tuple] = {}
    base = os.fsencode(root)
    if not os.path.lexists(base):
        return out
    skip_b = {os.fsencode(s) for s in skip}
    for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
        rel_dir = os.path.relpath(dirpath, base)
        keep = [
            n
            for n in dirnames + filenames
            if os.path.normpath(os.path.join(rel_dir, n)) not in skip_b
        ]
        dirnames[:] = [d for d in dirnames if d in keep]
        for name in keep:
            full = os.path.join(dirpath, name)
            rel = os.path.normpath(os.path.join(rel_dir, name))
            st = os.lstat(full)
            mode = stat.S_IMODE(st.st_mode)
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(full))
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = ("dir", mode)
            elif stat.S_ISREG(st.st_mode):
                with open(full, "rb") as f:
                    digest = hashlib.file_digest(f, "sha256").hexdigest()
                out[rel] = ("file", mode, st.st_size, st.st_mtime_ns, digest)
            else:
                out[rel] = ("special", st.st_mode)
    return out


# ---------------------------------------------------------------- the cases


@dataclass
class Case:
    """A hostile change to the base project, and what docgen must make of it.

    refuse: exit status 2, and stderr names this file (a part of its name).
    finding: (rule, file) — exit status 0/1 and the JSON report holds a finding of the
    rule (about the file, when given). Neither: exit status 0/1, a report, no crash.
    """

    id: str
    build: Callable[[Path], Any]
    refuse: str | None = None
    finding: tuple[str, str | None] | None = None
    formats: tuple[str, ...] = ("json", "xlsx", "table")
    extra: tuple[str, ...] = ()  # more options for docgen audit
    check: Callable[[Path, dict[str, Run]], None] | None = None


def refused(case_id: str, build: Callable[[Path], Any], file: str) -> Case:
    """A case docgen must refuse with a message naming `file` (on the table report:
    the refusal comes before any report is made)."""
    return Case(case_id, build, refuse=file, formats=("table",))


def _long(n: int = 100_000) -> str:
    return ("题名很长" * (n // 4 + 1))[:n]


def _ledger_bytes(data: bytes) -> Callable[[Path], None]:
    return lambda root: (root / LEDGER).write_bytes(data)


def _config_text(text: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda root: (root / "docgen.yaml").write_bytes(text.encode(encoding))


GOOD_CONFIG = (
    "city: {name: 示例市, level: city, province: 示例省, fonds: J012}\n"
    "guide: national-city-2021\nyears: [2025]\n"
)


def _guide_file(text: str, name: str = "guides/my.yaml") -> Callable[[Path], None]:
    def build(root: Path) -> None:
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        edit_config(root, guide=name)

    return build


def _archive_file(
    name: str, data: bytes | Callable[[Path], Any], row_kw: dict | None = None, n: int = 3
) -> Callable[[Path], None]:
    """Put `data` at archive/NAME and add a ledger row (档号 n) that points to it."""

    def build(root: Path) -> None:
        p = root / "archive" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if callable(data):
            data(p)  # built here, not when the corpus is imported
        else:
            p.write_bytes(data)
        kw = {"path": name, **(row_kw or {})}
        ledger_rows(root, [*BASE_ROWS, row(code(n), **kw)])

    return build


def _bytes_of(make: Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(make())


def _path_rows(*paths: str) -> Callable[[Path], None]:
    return lambda root: ledger_rows(
        root, [*BASE_ROWS] + [row(code(3 + i), path=p) for i, p in enumerate(paths)]
    )


def _data_book(rel: str, rows: list[list[Any]]) -> Callable[[Path], None]:
    return lambda root: write_book(root / rel, rows)


def _data_bytes(rel: str, data: bytes | Callable[[Path], bytes]) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        p = root / rel
        p.write_bytes(data(p) if callable(data) else data)

    return build


def _half(p: Path) -> bytes:
    return p.read_bytes()[: p.stat().st_size // 2]


def _fifo_ledger(root: Path) -> None:
    mkfifo(root / LEDGER)


def _fifo_data(root: Path) -> None:
    mkfifo(root / INDICATORS)


def _fifo_guide(root: Path) -> None:
    mkfifo(root / "guides" / "my.yaml")
    edit_config(root, guide="guides/my.yaml")


REPORT_FORMATS = tuple(
    f for f in ("html", "docx") if f in AUDIT_FORMATS
)  # as far as docgen audit has them
