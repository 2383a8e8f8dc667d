"""What calamine cannot survive, found before it reads a workbook (check_extent).

python-calamine builds each sheet as one grid from A1 to its last cell, and the
ledger loader keeps it whole (row numbers are the spreadsheet's own). A single
cell at XFD1048576 (or A99999999) asks for 17 billion cells: the native reader
aborts the process. A date-formatted cell holding 1E+308 makes it panic. So the
cells are looked at first, in the compressed XML, before calamine sees them. The
common case (no cell right of AZ nor below row 199,999, every cell with its own
r="A1" reference, no huge number where dates are formatted) is told by a regular
expression pass that finds nothing; anything else is read by calamine in a child
process under a memory ceiling, and refused if that fails or the grid is too large.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from pathlib import Path

from ..errors import InputError

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
    cap = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
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
        f"{hint} {shown} 中有工作表的单元格远在表格之外（如第 "
        "100 万行或 XFD 列），按它的范围读取会耗尽内存，"
        "docgen 没有读取它。请在 Excel/WPS 中按 Ctrl+End 找到最后一个单元格，"
        "删除表格下方和右侧多余的行列"
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
                f"{hint} {shown} 的工作表“{name}”一直用到了 {cell} "
                f"单元格（{end[0] + 1:,} 行 × {end[1] + 1:,} 列），"
                "远超目录的正常大小，按这个范围读取会耗尽内存，"
                "docgen 没有读取它。请在 Excel/WPS 中删除表格下方和右侧"
                "多余的行列（选中后右键“删除”，而不是“清除内容”），保存后重试。"
            )
        if problem:
            raise InputError(unreadable_cells(hint, shown, name))


def unreadable_cells(hint: str, shown: str, sheet: str | None) -> str:
    where = f" 的工作表“{sheet}”" if sheet else " "
    return (
        f"{hint} {shown}{where}中有无法读取的单元格（多半是设成日期格式、"
        "数值却大得不像日期的单元格，"
        "如 1E+308）。请在 Excel/WPS 中找到它，改成正确的日期或把格式改为“常规”，保存后重试。"
    )


def _column_name(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out
