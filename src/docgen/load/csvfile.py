"""A catalogue exported as text (.csv, .tsv, .txt, or an ".xls" that is an HTML table or
tab-separated text, as some archive systems write it) → one RawSheet.

Archive systems and Excel write CSV in UTF-8 (often with a BOM), in GBK/GB18030 (Excel
on a Chinese Windows, "CSV（逗号分隔）"), or as UTF-16 "Unicode 文本" with tabs. The
encoding is told from the bytes: a BOM, else strict UTF-8, else strict GB18030 whose
text reads as Chinese. What none of them explains is refused with a message, never
read as mojibake. The delimiter is the commonest of comma, tab and semicolon on the
first line.
"""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from pathlib import Path

from ..errors import InputError, read_reason
from .workbook import RawSheet

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
MAX_BYTES = 256 << 20  # a catalogue of a million rows is far smaller
MAX_FIELD = 16 << 20  # csv's own limit (128 KiB) would refuse a long 备注
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_DELIMITERS = (",", "\t", ";")


def is_text_table(path: Path) -> bool:
    """A delimited text file, or an ".xls" that is text (archive systems often export an
    HTML table or tab-separated text under that name)."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return True
    if suffix != ".xls":
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return False  # the workbook reader says why
    return bool(head) and not head.startswith((b"\xd0\xcf\x11\xe0", b"PK"))


def read_text_table(path: Path, shown: str, hint: str) -> list[RawSheet]:
    """The rows of the delimited text file at `path` as one sheet named after the file."""
    data = _read_bytes(path, shown, hint)
    text = decode(data, shown, hint)
    if path.suffix.lower() == ".xls" and text.lstrip()[:1] == "<":
        return [RawSheet(name=path.stem, rows=_html_rows(text, shown, hint))]
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(_DELIMITERS, key=first.count) if first else ","
    csv.field_size_limit(MAX_FIELD)
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise InputError(
            f"{hint} {shown} 不是能读取的 CSV 文本（{str(exc)[:80]}）。"
            "请在 Excel/WPS 中打开并另存为 .xlsx 或“CSV UTF-8（逗号分隔）”后重试。"
        ) from None
    return [RawSheet(name=path.stem, rows=rows)]


MAX_CELLS = 10_000_000  # as for a workbook (load.extent)


class _Table(HTMLParser):
    """The cells of an HTML table's rows, colspan and rowspan filled as a sheet shows them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.spans: dict[tuple[int, int], str] = {}  # (row, column) filled from above
        self.cell: list[str] | None = None
        self.attrs: dict = {}
        self.cells = 0

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
            self._carry()
        elif tag in ("td", "th") and self.rows:
            self.cell, self.attrs = [], dict(attrs)
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None and self.rows:
            self._put("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)

    def _put(self, text: str) -> None:
        r, line = len(self.rows) - 1, self.rows[-1]
        across, down = _span(self.attrs.get("colspan")), _span(self.attrs.get("rowspan"))
        self.cells += across * down
        if self.cells > MAX_CELLS:
            raise ValueError("too many cells")
        for _ in range(across):
            line.append(text)
            for below in range(1, down):
                self.spans[(r + below, len(line) - 1)] = text
        self._carry()

    def _carry(self) -> None:
        """Cells of this row a rowspan above already fills."""
        r, line = len(self.rows) - 1, self.rows[-1]
        while (r, len(line)) in self.spans:
            line.append(self.spans.pop((r, len(line))))


def _span(value) -> int:
    try:
        return max(1, min(int(value), 1000))
    except (TypeError, ValueError):
        return 1


def _html_rows(text: str, shown: str, hint: str) -> list[list[str]]:
    table = _Table()
    try:
        table.feed(text)
        table.close()
    except ValueError:
        raise InputError(
            f"{hint} {shown} 是网页表格，但大得不像目录，docgen 没有读取它。"
            "请在 Excel/WPS 中打开并另存为 .xlsx 后重试。"
        ) from None
    if not table.rows:
        raise InputError(
            f"{hint} {shown} 是网页（HTML）文件，其中没有表格。"
            "请从档案系统重新导出，或在 Excel/WPS 中打开并另存为 .xlsx。"
        )
    return table.rows


def decode(data: bytes, shown: str, hint: str) -> str:
    """The text of `data`: BOM, else UTF-8, else GB18030 that reads as Chinese."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                break  # a BOM over bytes of another encoding: say so below
    else:
        if b"\x00" not in data:
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                pass
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                text = None
            if text is not None and _reads_as_chinese(text):
                return text
    raise InputError(
        f"{hint} {shown} 的文字编码无法识别：它既不是 UTF-8（含带 BOM 的 UTF-8），"
        "也不是 GBK/GB18030，docgen 没有按猜测读取，以免读出乱码。"
        "请在 Excel/WPS 中打开它，另存为 .xlsx 或“CSV UTF-8（逗号分隔）”后重试。"
    )


def _reads_as_chinese(text: str) -> bool:
    """Whether text decoded as GB18030 is Chinese, not another encoding's bytes read so:
    nearly all its non-ASCII characters are common Hanzi or CJK/full-width punctuation."""
    odd = wide = 0
    for ch in text:
        if ch < "\x80":
            continue
        wide += 1
        if not _common(ord(ch)):
            odd += 1
    return wide == 0 or odd <= wide * 0.02


def _common(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF  # CJK unified ideographs
        or 0x3000 <= cp <= 0x303F  # CJK punctuation: 、。〔〕《》
        or 0xFF00 <= cp <= 0xFFEF  # full-width forms: （），：
        or 0x2000 <= cp <= 0x206F  # general punctuation: “”‘’—…
        or 0x2460 <= cp <= 0x24FF  # ①②
        or 0x2160 <= cp <= 0x217F  # Ⅰ Ⅱ
        or 0x3400 <= cp <= 0x4DBF  # extension A (rare names)
        or cp in (0x00B7, 0x00D7, 0x00B0, 0x2103, 0x2116, 0x25CB, 0x25CF, 0x00A0)
    )


def _read_bytes(path: Path, shown: str, hint: str) -> bytes:
    if not path.exists():
        raise InputError(
            f"找不到{hint} {shown}。请把文件放到该位置，或在 docgen.yaml 的 paths 中改正路径。"
        )
    if not path.is_file():
        raise InputError(f"{hint} {shown} 不是文件。请在 docgen.yaml 的 paths 中指向目录文件。")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"{hint} {shown} 有 {size >> 20} MB，远超目录的正常大小，docgen 没有读取它。"
                "请检查是否导出了错误的文件。"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取{hint} {shown}：{read_reason(exc)}。请检查文件权限。") from None
    if not data.strip():
        raise InputError(f"{hint} {shown} 是空文件。请重新导出目录。")
    return data
