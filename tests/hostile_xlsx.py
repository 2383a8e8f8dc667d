"""A raw xlsx writer for the hostile corpus: cells and sheets written as XML, so what
openpyxl would refuse to write (far cells, huge dates, odd styles) can be written."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from projectkit import (
    LEDGER,
    SHEET,
)

# ---------------------------------------------------------------- a raw xlsx writer


def cell_xml(ref: str, value: Any) -> str:
    """One <c>: numbers as numbers, ("f", formula) as a formula with no cached value,
    text as an inline string (so control characters and _xHHHH_ escapes survive)."""
    if isinstance(value, tuple) and value[0] == "f":
        return f'<c r="{ref}"><f>{escape(value[1])}</f></c>'
    if isinstance(value, tuple) and value[0] == "raw":
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{value[1]}</t></is></c>'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return (
        f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'
    )


def col_letter(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def sheet_xml(
    rows: list[tuple[int, list[Any]]],
    dimension: str | None = None,
    hidden_rows: set[int] = frozenset(),
    merges: list[str] = (),
) -> str:
    """rows: (1-based row number, values from column A)."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
    ]
    if dimension:
        parts.append(f'<dimension ref="{dimension}"/>')
    parts.append("<sheetData>")
    for r, values in rows:
        attrs = ' hidden="1"' if r in hidden_rows else ""
        cells = "".join(
            cell_xml(f"{col_letter(c)}{r}", v)
            for c, v in enumerate(values, start=1)
            if v is not None
        )
        parts.append(f'<row r="{r}"{attrs}>{cells}</row>')
    parts.append("</sheetData>")
    if merges:
        parts.append(
            f'<mergeCells count="{len(merges)}">'
            + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
            + "</mergeCells>"
        )
    parts.append("</worksheet>")
    return "".join(parts)


DATE_STYLES = (
    '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http:'
    '//schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;'
    '日&quot;"/></numFmts>'
    '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders '
    'count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/>'
    '<xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" '
    'applyNumberFormat="1"/></cellXfs></styleSheet>'
)


def raw_xlsx(sheets: list[tuple[str, str, bool]], styles: str | None = None) -> bytes:
    """(name, sheet XML, hidden) → the bytes of a minimal .xlsx (with `styles` as
    xl/styles.xml: cell s="1" and s="2" are dates in DATE_STYLES)."""
    ct = [
        (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relation'
            'ships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xm'
            'l"/>'
        )
    ]
    wb = [
        (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        )
    ]
    rels = [
        (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        )
    ]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (name, xml, hidden) in enumerate(sheets, start=1):
            ct.append(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet'
                '+xml"/>'
            )
            state = ' state="hidden"' if hidden else ""
            wb.append(f'<sheet name="{escape(name)}" sheetId="{i}"{state} r:id="rId{i}"/>')
            rels.append(
                f'<Relationship Id="rId{i}" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/workshee'
                't" '
                f'Target="worksheets/sheet{i}.xml"/>'
            )
            zf.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        zf.writestr("[Content_Types].xml", "".join(ct) + "</Types>")
        zf.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocume'
            'nt" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        zf.writestr("xl/workbook.xml", "".join(wb) + "</sheets></workbook>")
        zf.writestr("xl/_rels/workbook.xml.rels", "".join(rels) + "</Relationships>")
        if styles:
            zf.writestr("xl/styles.xml", styles)
    return buf.getvalue()


def raw_ledger(root: Path, rows: list[tuple[int, list[Any]]], **sheet: Any) -> None:
    (root / LEDGER).write_bytes(raw_xlsx([(SHEET, sheet_xml(rows, **sheet), False)]))


def _date_cells(values: list[str]) -> str:
    """A sheet row whose cells are date-formatted numbers far out of any date's range."""
    return "".join(
        f'<c r="{col_letter(i + 1)}9" s="{1 + i % 2}"><v>{v}</v></c>' for i, v in enumerate(values)
    )


HUGE_DATES = ["1E+308", "-1E+308", "99999999999999", "1e400", "2958466", "-5", "1E+16"]


def _date_panic(rel: str, header: list[str]) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        rows = [(1, header)]
        xml = sheet_xml(rows).replace(
            "</sheetData>", f'<row r="9">{_date_cells(HUGE_DATES)}</row></sheetData>'
        )
        (root / rel).write_bytes(raw_xlsx([("Sheet1", xml, False)], styles=DATE_STYLES))

    return build


def _filed_date_panic(p: Path) -> None:
    rows = [(1, ["指标", "2025年"]), (2, ["生活垃圾无害化处理率", 99.5])]
    xml = sheet_xml(rows).replace(
        "</sheetData>", f'<row r="9">{_date_cells(HUGE_DATES)}</row></sheetData>'
    )
    p.write_bytes(raw_xlsx([("报表", xml, False)], styles=DATE_STYLES))
