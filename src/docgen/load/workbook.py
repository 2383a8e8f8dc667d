"""Reading workbooks fast (python-calamine) and finding their header rows.

Used for the ledger and the data sheets alike. Values come back as str, int,
float, date or datetime; an empty cell (or one with only spaces) is None.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine as pc

from ..errors import InputError

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
            f"{hint} {shown} 无法作为 Excel 工作簿打开（{_short(exc)}）。文件可能已损坏、未完整复制，"
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
            f"{hint} {shown} 的内容已损坏，读取到一半失败（{_short(exc)}）。请在 Excel/WPS 中打开修复并另存为 .xlsx。"
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
            f"{hint} {shown} 不是 Excel 工作簿（文件开头不是 xlsx 的格式标志，可能是 CSV 或文本文件改了扩展名）。"
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
            f"{hint} {shown} 解压后有 {total // 1024 // 1024} MB（是文件本身的 {total // max(stored, 1)} 倍），"
            "不像正常的工作簿（可能是压缩炸弹），docgen 没有解压它。请检查文件来源，或在 Excel/WPS 中打开后另存。"
        )


# ---------------------------------------------------------------- what calamine cannot survive
#
# python-calamine builds each sheet as one grid from A1 to its last cell, and the
# ledger loader keeps it whole (row numbers are the spreadsheet's own). A single
# cell at XFD1048576 (or A99999999) asks for 17 billion cells: the native reader
# aborts the process. A date-formatted cell holding 1E+308 makes it panic. So the
# cells are looked at first, in the compressed XML, before calamine sees them. The
# common case (no cell right of AZ nor below row 199,999, every cell with its own
# r="A1" reference, no huge number where dates are formatted) is told by a regular
# expression pass that finds nothing; anything else is read by calamine in a child
# process under a memory ceiling, and refused if that fails or the grid is too large.

MAX_CELLS = 10_000_000  # rows × columns from A1 docgen agrees to build for one sheet
PROBE_MEMORY = 1 << 30
PROBE_TIMEOUT = 60.0
# a cell that is not plainly within A1:AZ199999 (≤ 10.4 million cells), or has no r="" first
_ODD_CELL = re.compile(rb'<c(?! r="(?:[A-Z]|A[A-Z])(?:[1-9][0-9]{0,4}|1[0-9]{5})")[\s/>]')
_PREFIXED_CELL = re.compile(rb":c[\s/>]")  # <x:c ...>: cells in a namespace prefix
_HUGE_NUMBER = re.compile(rb"<v>\s*[-+]?(?:[0-9]{11}|[^<]*[eEiInN])")  # 1E+308, inf: no date
_TARGET = re.compile(rb'Target\s*=\s*["\']([^"\']+)["\']')
_XF_FORMAT = re.compile(rb'numFmtId\s*=\s*["\'](\d+)["\']')
_CUSTOM_FORMAT = re.compile(rb'<(?:\w+:)?numFmt\b[^>]*formatCode\s*=\s*"([^"]*)"')
_DATE_IDS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_PROBE = """
import json, sys
try:
    import resource
    with open("/proc/self/statm") as f:
        base = int(f.read().split()[0]) * 4096
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    limit = base + int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
except (ImportError, OSError, ValueError):
    pass
import python_calamine as pc
try:
    sys.argv[1].encode("utf-8")
    wb = pc.CalamineWorkbook.from_path(sys.argv[1])
except UnicodeEncodeError:
    with open(sys.argv[1], "rb") as f:
        wb = pc.CalamineWorkbook.from_filelike(f)
out = []
for name in wb.sheet_names:
    sheet = wb.get_sheet_by_name(name)
    end = list(sheet.end) if sheet.end else None
    problem = None
    if sys.argv[3] == "1" and (end is None or (end[0] + 1) * (end[1] + 1) <= int(sys.argv[4])):
        try:
            sheet.to_python(skip_empty_area=False)
        except BaseException as e:
            problem = str(e)[:200] or type(e).__name__
    out.append([name, end, problem])
sys.stdout.write(json.dumps(out))
"""


def check_extent(path: Path, shown: str, hint: str) -> None:
    """Refuse a workbook calamine cannot read without exhausting memory or panicking:
    a sheet reaching too far (rows × columns from A1), a date cell out of all range.
    Cheap for ordinary workbooks."""
    verdict = _scan(path)
    if verdict != "plain":
        _probe(path, shown, hint, convert=verdict == "dates")


def _scan(path: Path) -> str:
    """ "plain": nothing calamine could choke on; "extent": some cell may lie far away
    or has no reference of its own (the child measures the sheets); "dates": a huge
    number in a workbook that formats dates (the child also converts every cell). A
    damaged file is "plain": calamine refuses it with its own message."""
    if not zipfile.is_zipfile(path):
        return "dates"  # an old .xls (BIFF): let the child read it whole first
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.NameToInfo)
            if "xl/workbook.xml" not in names:
                return "extent"  # not an Excel 2007+ workbook (.ods, a .docx renamed): measure it
            dates = _formats_dates(zf, names)
            parts = {n for n in names if n.endswith(".xml")} | _rel_targets(zf, names)
            verdict = "plain"
            for name in sorted(parts):
                found = _scan_part(zf, name, dates)
                if found == "extent":
                    return found
                if found == "dates":
                    verdict = found
            return verdict
    except (
        zipfile.BadZipFile,
        OSError,
        ValueError,
        EOFError,
        RuntimeError,
        NotImplementedError,
        zlib.error,
    ):
        return "plain"


def _formats_dates(zf: zipfile.ZipFile, names: set[str]) -> bool:
    """Whether the workbook's styles format any cell as a date or time."""
    styles = "xl/styles.xml"
    if styles not in names or zf.getinfo(styles).file_size > (16 << 20):
        return styles in names
    xml = zf.read(styles)
    if any(int(n) in _DATE_IDS for n in _XF_FORMAT.findall(xml)):
        return True
    for code in _CUSTOM_FORMAT.findall(xml):
        bare = re.sub(rb'"[^"]*"|\[[^\]]*\]|\\.', b"", code)  # quoted text, [colours], escapes
        if re.search(rb"[yYmMdDhHsS]", bare):
            return True
    return False


def _rel_targets(zf: zipfile.ZipFile, names: set[str]) -> set[str]:
    """Every part the workbook's relationships point to (a sheet may live anywhere)."""
    rels = "xl/_rels/workbook.xml.rels"
    if rels not in names or zf.getinfo(rels).file_size > (4 << 20):
        return set()
    out = set()
    for raw in _TARGET.findall(zf.read(rels)):
        target = raw.decode("utf-8", "replace")
        full = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
        if full in names:
            out.add(full)
    return out


def _scan_part(zf: zipfile.ZipFile, name: str, dates: bool) -> str:
    tail, verdict = b"", "plain"
    with zf.open(name) as part:
        while chunk := part.read(16 << 20):
            data = tail + chunk
            if _ODD_CELL.search(data) or _PREFIXED_CELL.search(data):
                return "extent"
            if dates and verdict == "plain" and _HUGE_NUMBER.search(data):
                verdict = "dates"
            tail = data[-64:]
    return verdict


def _probe(path: Path, shown: str, hint: str, convert: bool) -> None:
    """Let calamine read every sheet in a child process under a memory ceiling."""
    import json
    import subprocess
    import sys

    too_far = (
        f"{hint} {shown} 中有工作表的单元格远在表格之外（如第 100 万行或 XFD 列），按它的范围读取会耗尽内存，"
        "docgen 没有读取它。请在 Excel/WPS 中按 Ctrl+End 找到最后一个单元格，删除表格下方和右侧多余的行列"
        "（选中后右键“删除”，而不是“清除内容”），保存后重试。"
    )
    command = [
        sys.executable,
        "-I",
        "-c",
        _PROBE,
        str(path),
        str(PROBE_MEMORY),
        "1" if convert else "0",
        str(MAX_CELLS),
    ]
    try:
        done = subprocess.run(command, capture_output=True, timeout=PROBE_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise InputError(too_far) from None
    except OSError:
        return  # cannot start a child: read it in place, as before
    if done.returncode != 0:
        if b"memory allocation" in done.stderr or done.returncode < 0 or done.returncode == 134:
            raise InputError(too_far)
        return  # calamine could not open it: read_workbook says why
    try:
        sheets = json.loads(done.stdout)
    except ValueError:
        return
    for name, end, problem in sheets:
        if end and (end[0] + 1) * (end[1] + 1) > MAX_CELLS:
            cell = f"{_column_name(end[1] + 1)}{end[0] + 1}"
            raise InputError(
                f"{hint} {shown} 的工作表“{name}”一直用到了 {cell} 单元格（{end[0] + 1:,} 行 × {end[1] + 1:,} 列），"
                "远超目录的正常大小，按这个范围读取会耗尽内存，docgen 没有读取它。请在 Excel/WPS 中删除表格下方和右侧"
                "多余的行列（选中后右键“删除”，而不是“清除内容”），保存后重试。"
            )
        if problem:
            raise InputError(unreadable_cells(hint, shown, name))


def unreadable_cells(hint: str, shown: str, sheet: str | None) -> str:
    where = f" 的工作表“{sheet}”" if sheet else " "
    return (
        f"{hint} {shown}{where}中有无法读取的单元格（多半是设成日期格式、数值却大得不像日期的单元格，"
        "如 1E+308）。请在 Excel/WPS 中找到它，改成正确的日期或把格式改为“常规”，保存后重试。"
    )


def _column_name(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


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
    rows: list[list[Any]], aliases: dict[str, tuple[str, ...]], required: tuple[str, ...]
) -> HeaderMatch:
    """The first row among the first five that names every required column; failing
    that, the row naming the most of them (at least two), so the missing ones can be
    reported; failing that, no header."""
    best: HeaderMatch | None = None
    for idx, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns, labels = match_columns(row, aliases)
        missing = tuple(c for c in required if c not in columns)
        found = len(required) - len(missing)
        if not missing:
            return HeaderMatch(idx + 1, columns, labels, ())
        if found >= 2 and (best is None or found > len(required) - len(best.missing)):
            best = HeaderMatch(idx + 1, columns, labels, missing)
    return best or HeaderMatch(None, {}, {}, tuple(required))


def match_columns(
    row: list[Any], aliases: dict[str, tuple[str, ...]]
) -> tuple[dict[str, int], dict[str, str]]:
    """Canonical column → index. The canonical name wins over an alias; otherwise
    the leftmost matching cell."""
    keys = [header_key(v) for v in row]
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    for canon, names in aliases.items():
        for name in names:  # names[0] is the canonical name
            if name in keys:
                columns[canon] = keys.index(name)
                labels[canon] = str(row[columns[canon]]).strip()
                break
    return columns, labels
