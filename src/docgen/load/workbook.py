"""Reading workbooks fast (python-calamine) and finding their header rows.

Used for the ledger and the data sheets alike. Values come back as str, int,
float, date or datetime; an empty cell (or one with only spaces) is None.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine as pc

from ..errors import InputError
from .extent import check_extent, unreadable_cells

HEADER_SCAN_ROWS = 5
MAX_UNZIPPED = 1536 * 1024 * 1024  # a workbook whose parts inflate past this is refused, not read
BOMB_FLOOR, BOMB_RATIO = 32 << 20, 200  # nor one inflating past 32 MiB at over 200× (XML: ~10-30×)
_SPACES = re.compile(r"[\s\u3000\u00a0]+")


@dataclass(frozen=True)
class RawSheet:
    name: str
    rows: list[list[Any]]  # row i is spreadsheet row i + 1
    hidden: bool = False


def header_key(text: Any) -> str:
    """A header cell as compared with column names: no spaces, no '*' marks."""
    if not isinstance(text, str):
        return ""
    return _SPACES.sub("", text).strip("*＊")


_INVISIBLE = " \t\r\n\u3000\u00a0\u200b\ufeff"


def clean(value: Any) -> Any:
    """Normalise a calamine value: '' and blank text → None, 3.0 → 3, text stripped."""
    kind = type(value)
    if kind is str:
        return value.strip().strip(_INVISIBLE) or None
    if value is None or kind is bool or kind is int:
        return value
    if kind is float:
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    if isinstance(value, str):
        return clean(str(value))
    if isinstance(value, (dt.date, int, float)):
        return value
    if isinstance(value, dt.time):
        return value.isoformat()
    return str(value)


def read_workbook(path: Path, shown: str, hint: str) -> list[RawSheet]:
    """All sheets of the workbook at `path`. `shown` names it in messages, `hint`
    says what the file is for (e.g. "归档文件目录")."""
    _check_container(path, shown, hint)
    check_extent(path, shown, hint)
    try:
        wb = open_calamine(path)
    except pc.PasswordError:
        raise InputError(
            f"{hint} {shown} 设有打开密码，docgen 无法读取。请在 Excel/WPS 中取消密码后另存。"
        ) from None
    except Exception as exc:  # noqa: BLE001 - calamine raises several types for damaged files
        raise InputError(
            f"{hint} {shown} 无法作为 Excel 工作簿打开（{_short(exc)}）"
            "。文件可能已损坏、未完整复制，"
            "或是改了扩展名的其他格式。请在 Excel/WPS 中打开并另存为 .xlsx 后重试。"
        ) from None
    except BaseException as exc:  # a panic of the native reader
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise InputError(unreadable_cells(hint, shown, None)) from None
    sheets = []
    name = None
    try:
        visibility = {m.name: str(m.visible) for m in wb.sheets_metadata}
        for name in wb.sheet_names:
            sheet = wb.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            fill_merged(rows, getattr(sheet, "merged_cell_ranges", None))
            sheets.append(
                RawSheet(
                    name=name, rows=rows, hidden="Visible" not in visibility.get(name, "Visible")
                )
            )
    except Exception as exc:  # noqa: BLE001 - as above
        raise InputError(
            f"{hint} {shown} 的内容已损坏，读取到一半失败（{_short(exc)}）"
            "。请在 Excel/WPS 中打开修复并另存为 .xlsx。"
        ) from None
    except BaseException as exc:  # a panic of the native reader (pyo3's PanicException)
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise InputError(unreadable_cells(hint, shown, name)) from None
    finally:
        with contextlib.suppress(Exception):
            wb.close()
    return sheets


def open_calamine(path: Path | str):
    """calamine's workbook at `path`. calamine takes only UTF-8 paths: a project kept in
    a folder whose name is GBK bytes (copied from an old USB stick) is read from an
    open file instead."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        with open(path, "rb") as f:
            return pc.CalamineWorkbook.from_filelike(f)
    return pc.CalamineWorkbook.from_path(text)


def fill_merged(rows: list[list[Any]], ranges: list | None) -> None:
    """Give every cell of a merged range its top-left value, as the sheet shows it
    (a 保管期限 or 责任者 merged down several rows belongs to each of them).

    Excel never overlaps merged ranges, so filling them touches each cell at most
    once; a crafted file repeating one huge range thousands of times is filled until
    that many cells have been written, and no further."""
    budget = sum(len(line) for line in rows)
    for (r0, c0), (r1, c1) in ranges or ():
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            line = rows[r]
            stop = min(c1, len(line) - 1) + 1
            budget -= max(0, stop - c0)
            if budget < 0:
                return
            for c in range(c0, stop):
                line[c] = value


def _check_container(path: Path, shown: str, hint: str) -> None:
    if not path.exists():
        raise InputError(
            f"找不到{hint} {shown}。请把文件放到该位置，或在 docgen.yaml 的 paths 中改正路径。"
        )
    if not path.is_file():
        raise InputError(
            f"{hint} {shown} 不是文件。请在 docgen.yaml 的 paths 中指向一个 .xlsx 工作簿。"
        )
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputError(
            f"无法读取{hint} {shown}：{exc.strerror or exc}。请检查文件权限。"
        ) from None
    if not head:
        raise InputError(f"{hint} {shown} 是空文件（0 字节）。请重新复制或导出该工作簿。")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if path.suffix.lower() == ".xls":
            return
        raise InputError(
            f"{hint} {shown} 不是 .xlsx 格式：它是加密的工作簿，或是旧版 .xls 文件改了扩展名。"
            "请在 Excel/WPS 中取消密码并另存为 .xlsx。"
        )
    if not head.startswith(b"PK"):
        raise InputError(
            f"{hint} {shown} 不是 Excel 工作簿（文件开头不是 "
            "xlsx 的格式标志，可能是 CSV 或文本文件改了扩展名）。"
            "请在 Excel/WPS 中打开并另存为 .xlsx。"
        )
    try:
        with zipfile.ZipFile(path) as zf:
            total = sum(i.file_size for i in zf.infolist())
            stored = sum(i.compress_size for i in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(
            f"{hint} {shown} 已损坏（{_short(exc)}），可能未完整复制。请重新导出或从备份中恢复。"
        ) from None
    if total > MAX_UNZIPPED or (total > BOMB_FLOOR and total > BOMB_RATIO * max(stored, 1)):
        raise InputError(
            f"{hint} {shown} 解压后有 {total // 1024 // 1024} "
            f"MB（是文件本身的 {total // max(stored, 1)} 倍），"
            "不像正常的工作簿（可能是压缩炸弹），docgen 没有解压它。"
            "请检查文件来源，或在 Excel/WPS 中打开后另存。"
        )


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


@dataclass(frozen=True)
class HeaderMatch:
    row: int | None  # 1-based
    columns: dict[str, int]
    labels: dict[str, str]
    missing: tuple[str, ...]


def find_header(
    rows: list[list[Any]],
    aliases: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    two_rows: bool = False,
) -> HeaderMatch:
    """The first row among the first five that names every required column; failing
    that, the row naming the most of them (at least two), so the missing ones can be
    reported; failing that, no header.

    With `two_rows`, a header written over two rows is read too, as archive systems
    export it: a group cell ("文件信息") merged above 题名 and 日期, or one header cell
    split in two ("保管" over "期限"). Its row is then the lower of the two."""
    best: HeaderMatch | None = None
    known = {name for names in aliases.values() for name in names} if two_rows else set()
    for idx, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        candidates = [(idx, [header_key(v) for v in row], row)]
        if two_rows and idx + 1 < min(len(rows), HEADER_SCAN_ROWS):
            candidates.append((idx + 1, *_two_rows(row, rows[idx + 1], known)))
        for at, keys, shown in candidates:
            columns, labels = _match_keys(keys, shown, aliases)
            missing = tuple(c for c in required if c not in columns)
            found = len(required) - len(missing)
            if not missing:
                return HeaderMatch(at + 1, columns, labels, ())
            if found >= 2 and (best is None or found > len(required) - len(best.missing)):
                best = HeaderMatch(at + 1, columns, labels, missing)
    return best or HeaderMatch(None, {}, {}, tuple(required))


def _two_rows(top: list[Any], bottom: list[Any], known: set[str]) -> tuple[list[str], list[str]]:
    """Each column's header key read over two rows: the two cells joined when that names
    a column ("成文" + "日期"), else the lower cell when it does (the group "文件信息"
    above "题名"), else the upper one (a cell merged down, or left blank below)."""
    keys, shown = [], []
    for c in range(max(len(top), len(bottom))):
        upper = header_key(top[c]) if c < len(top) else ""
        lower = header_key(bottom[c]) if c < len(bottom) else ""
        joined = upper + lower if upper != lower else upper
        for key in (joined, lower, upper):
            if key in known:
                break
        else:
            key = lower or upper
        keys.append(key)
        shown.append(key)
    return keys, shown


def match_columns(
    row: list[Any], aliases: dict[str, tuple[str, ...]]
) -> tuple[dict[str, int], dict[str, str]]:
    """Canonical column → index. The canonical name wins over an alias; otherwise
    the leftmost matching cell."""
    return _match_keys([header_key(v) for v in row], row, aliases)


def _match_keys(
    keys: list[str], row: list[Any], aliases: dict[str, tuple[str, ...]]
) -> tuple[dict[str, int], dict[str, str]]:
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    for canon, names in aliases.items():
        for name in names:  # names[0] is the canonical name
            if name in keys:
                columns[canon] = keys.index(name)
                labels[canon] = str(row[columns[canon]]).strip()
                break
    return columns, labels


check_container = _check_container  # what rectify/ checks of a returned sheet first
