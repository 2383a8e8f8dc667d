"""The hostile cases that attack the ledger workbook (归档文件目录.xlsx)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
from hostile_base import (
    BASE_ROWS,
    INDICATORS,
    PROBLEMS,
    Case,
    _fifo_ledger,
    _ledger_bytes,
    _long,
    ledger_rows,
    refused,
)
from hostile_bytes import (
    truncated,
    xlsx_bomb,
    zip_bytes,
)
from hostile_xlsx import (
    _date_panic,
    col_letter,
    raw_ledger,
    raw_xlsx,
    sheet_xml,
)
from projectkit import (
    HEADER,
    LEDGER,
    SHEET,
    code,
    ole_bytes,
    row,
    write_book,
)

from docgen.scaffold import PROBLEM_HEADER


def _formulas(root: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(HEADER)
    ws.append(
        [
            code(1),
            '="示例市"&"爱卫办"',
            None,
            "=A2",
            "=20250000+310",
            "=1+0",
            "定期30年",
            "1.3",
            "计划",
        ]
    )
    ws.append(
        [
            '="J012-2025-D30-01-"&"0002"',
            "示例市爱卫办",
            None,
            "总结",
            20251215,
            "=SUM(A1:A9)",
            "定期30年",
            "1.3",
            '="总"&"结"',
        ]
    )
    wb.save(root / LEDGER)  # openpyxl stores formulas without cached values


def _merged_hidden_header(root: Path) -> None:
    width = col_letter(len(HEADER))
    rows = [(1, ["示例市创建国家卫生城市归档文件目录"]), (2, ["（2025年度）"]), (3, HEADER)]
    rows += [(4 + i, r) for i, r in enumerate(BASE_ROWS)]
    raw_ledger(root, rows, hidden_rows={1, 3}, merges=[f"A1:{width}1", f"A2:{width}2", "G4:G5"])


def _hidden_sheets(root: Path) -> None:
    data = [(1, HEADER)] + [(2 + i, r) for i, r in enumerate(BASE_ROWS)]
    (root / LEDGER).write_bytes(
        raw_xlsx(
            [
                ("封面", sheet_xml([(1, ["归档文件目录"])]), False),
                (SHEET, sheet_xml(data), True),
                ("隐藏的空表", sheet_xml([]), True),
            ]
        )
    )


def _spaces(root: Path) -> None:
    ledger_rows(
        root,
        [
            *BASE_ROWS,
            [code(3), "   ", " ", "\u3000\u3000", "\u00a0", "\t", "  ", " 1.3 ", "  "],
            ["    "] * len(HEADER),
        ],
    )


def _junk_header(root: Path) -> None:
    junk = [(r, [f"说明{r}", "=1", 3.5, None, "合计"]) for r in range(1, 6)]
    raw_ledger(root, junk + [(6, HEADER)] + [(7 + i, r) for i, r in enumerate(BASE_ROWS)])


def _long_cells(root: Path) -> None:
    big = _long()
    ledger_rows(
        root,
        [
            *BASE_ROWS,
            row(
                code(3),
                title=big,
                who=big,
                number="示卫〔2025〕" + "1" * 100_000 + "号",
                note=big,
                date="2" * 100_000,
                pages="9" * 100_000,
                item="1" * 100_000,
                kind=big,
                retention=big,
            ),
            [big.replace("题", "-"), *row(code(4))[1:]],
            row(code(5), path="/".join(["目录"] * 30_000)),
            row("J012-2025-D30-01-" + "0" * 100_000 + "6"),
        ],
    )


def _empty_rows(root: Path) -> None:
    blank = ["  ", " ", "\u3000"]
    rows = [(1, HEADER)] + [(2 + i, r) for i, r in enumerate(BASE_ROWS)]
    rows += [(r, blank) for r in range(4, 20_004)]
    rows.append((20_004, row(code(3))))
    raw_ledger(root, rows)


def _far_cell(root: Path, rel: str = LEDGER) -> None:
    """One stray value at the sheet's last cell: a grid of 17 billion cells from A1."""
    rows = [(1, HEADER)] + [(2 + i, r) for i, r in enumerate(BASE_ROWS)]
    xml = sheet_xml(rows, dimension="A1:XFD1048576")
    xml = xml.replace(
        "</sheetData>",
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>末</t></is></c></row></sheetData>',
    )
    (root / rel).write_bytes(raw_xlsx([(SHEET, xml, False)]))


def _far_ref(ref: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        row_no = "".join(ch for ch in ref if ch.isdigit())
        rows = [(1, HEADER)] + [(2 + i, r) for i, r in enumerate(BASE_ROWS)]
        xml = sheet_xml(rows).replace(
            "</sheetData>", f'<row r="{row_no}"><c r="{ref}"><v>1</v></c></row></sheetData>'
        )
        (root / LEDGER).write_bytes(raw_xlsx([(SHEET, xml, False)]))

    return build


def _merge_storm(root: Path) -> None:
    """5,000 overlapping merged ranges over 2,000 rows: 100 million cell copies if
    each range is filled on its own."""
    rows = [(1, HEADER)] + [(2 + i, r) for i, r in enumerate(BASE_ROWS)]
    rows += [(r, [f"x{r}"]) for r in range(4, 2_004)]
    merges = ["A2:K2004"] * 5_000
    raw_ledger(root, rows, merges=merges)


def _far_rless(root: Path) -> None:
    """Cells without r="" are placed one after another: 16,384 of them make the row
    as wide as Excel allows, and row 99,999 below makes the grid 1.6 billion cells."""
    rows = [(1, HEADER)] + [(2 + i, r) for i, r in enumerate(BASE_ROWS)]
    wide = "<c><v>1</v></c>" * 16384
    xml = sheet_xml(rows).replace("</sheetData>", f'<row r="99999">{wide}</row></sheetData>')
    (root / LEDGER).write_bytes(raw_xlsx([(SHEET, xml, False)]))


def _nul_paths(root: Path) -> None:
    rows = [(1, HEADER)] + [(2 + i, r) for i, r in enumerate(BASE_ROWS)]
    for i, text in enumerate(["a_x0000_b.pdf", "2025/_x0001__x001B_[31m红.pdf", "&#x1;x.pdf"]):
        values = row(code(3 + i))
        values[HEADER.index("文件路径")] = ("raw", text)
        values[HEADER.index("题名")] = ("raw", "题名_x0000_带控制符_x001B_[2J")
        rows.append((4 + i, values))
    raw_ledger(root, rows)


def _injection(root: Path) -> None:
    ledger_rows(
        root,
        [
            *BASE_ROWS,
            row(
                '=HYPERLINK("http://example.com","点我")',
                who="+cmd|' /C calc'!A0",
                number="-2+3",
                title="@SUM(1+1)*cmd|' /C calc'!A0",
                pages="=1+1",
                date="+20250101",
                retention="-定期",
                item="=1",
                kind="@计划",
                path="=cmd.pdf",
                note="=1",
            ),
            row(code(4), date="@20250101", pages="-1", number="=〔2025〕1号"),
        ],
    )
    (root / "archive" / "=1+1.pdf").write_bytes(
        (root / "archive" / f"{code(1)}.pdf").read_bytes() + b"\n"
    )


def _html(root: Path) -> None:
    ledger_rows(
        root,
        [
            *BASE_ROWS,
            row(
                code(3),
                title="<script>alert('x')</script><img src=x onerror=alert(1)>",
                who="<b>示例</b>&amp;",
                number="<i>〔2025〕</i>",
                kind="<script>",
                path="<script>.pdf",
            ),
            row(code(4), title="[red]红字[/red][/] {{ 7*7 }} ${x} %s"),
            row(code(4), title="[red]红字[/red][/] {{ 7*7 }} ${x} %s"),
        ],
    )


def _ledger_values(root: Path) -> None:
    ledger_rows(
        root,
        [
            *BASE_ROWS,
            row(code(3), date=1e308, pages=1e308),
            row(code(4), date=-1, pages=-1e308),
            row(code(5), date=99999999, pages=2**70),
            row(code(6), date="20250231", pages=float("nan")),
            row(code(7), date=dt.datetime(9999, 12, 31), pages="1e5"),
            row(code(8), date=dt.datetime(1900, 1, 1), pages=0.5),
            row(code(9), date="下旬", pages="NaN"),
            row(code(10), date="2025年13月45日", pages="一"),
            row("J012-9999-D30-01-0001", date="99991231"),
            row("J012-0000-D30-01-0001", date="00000101"),
            row("J012-2025-D30-01-99999999999999999999", date="20250101"),
            [code(11), *row(code(11))[1:8], 3.5, "计划"],
        ],
    )


LEDGER_CASES: list[Case] = [
    # ------------------------------------------------ the ledger workbook
    Case("ledger-truncated", lambda r: truncated(r / LEDGER), refuse="归档文件目录.xlsx"),
    Case(
        "ledger-ole-encrypted",
        _ledger_bytes(ole_bytes("EncryptionInfo", "EncryptedPackage")),
        refuse="归档文件目录.xlsx",
    ),
    Case(
        "ledger-ole-garbage",
        _ledger_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100),
        refuse="归档文件目录.xlsx",
    ),
    Case(
        "ledger-csv-renamed",
        _ledger_bytes(",".join(HEADER).encode("gbk") + b"\r\nJ012,x\r\n"),
        refuse="归档文件目录.xlsx",
    ),
    Case("ledger-zero-bytes", _ledger_bytes(b""), refuse="归档文件目录.xlsx"),
    Case("ledger-empty-workbook", lambda r: write_book(r / LEDGER, []), refuse="归档文件目录.xlsx"),
    Case(
        "ledger-zip-not-xlsx",
        _ledger_bytes(zip_bytes([("a.txt", b"hello")])),
        refuse="归档文件目录.xlsx",
    ),
    Case(
        "ledger-xlsx-bomb",
        lambda r: (r / LEDGER).write_bytes(xlsx_bomb()),
        refuse="归档文件目录.xlsx",
        formats=("json",),
    ),
    refused(
        "ledger-is-folder",
        lambda r: ((r / LEDGER).unlink(), (r / LEDGER).mkdir()),
        "归档文件目录.xlsx",
    ),
    refused("ledger-is-fifo", _fifo_ledger, "归档文件目录.xlsx"),
    Case("ledger-formulas-no-cache", _formulas, finding=("ledger.required-empty", None)),
    Case(
        "ledger-merged-hidden-header", _merged_hidden_header, finding=("completeness.missing", None)
    ),
    Case("ledger-hidden-sheets", _hidden_sheets, finding=("completeness.missing", None)),
    Case("ledger-only-spaces", _spaces, finding=("ledger.required-empty", None)),
    Case("ledger-5-junk-rows", _junk_header, finding=("ledger.missing-column", None)),
    Case("ledger-100k-cells", _long_cells, finding=("ledger.bad-archive-code", None)),
    Case("ledger-20000-blank-rows", _empty_rows, finding=("file.missing", None)),
    Case("ledger-far-corner-cell", _far_cell, refuse="归档文件目录.xlsx", formats=("json",)),
    Case("ledger-far-row", _far_ref("M1048576"), refuse="归档文件目录.xlsx", formats=("json",)),
    Case(
        "ledger-far-row-beyond-excel",
        _far_ref("A99999999"),
        refuse="归档文件目录.xlsx",
        formats=("json",),
    ),
    Case("ledger-far-column-r-less", _far_rless, refuse="归档文件目录.xlsx", formats=("json",)),
    Case(
        "ledger-stray-cell-far-right",
        _far_ref("XFD5"),
        finding=("completeness.missing", None),
        formats=("json",),
    ),
    Case(
        "ledger-date-cell-1e308",
        _date_panic(LEDGER, HEADER),
        refuse="归档文件目录.xlsx",
        formats=("json",),
    ),
    Case(
        "problems-date-cell-1e308",
        _date_panic(PROBLEMS, list(PROBLEM_HEADER)),
        refuse="问题清单.xlsx",
        formats=("json",),
    ),
    Case("ledger-merge-storm", _merge_storm, formats=("json",)),
    Case(
        "indicators-far-corner-cell",
        lambda r: _far_cell(r, INDICATORS),
        refuse="指标数据.xlsx",
        formats=("json",),
    ),
    Case("ledger-nul-and-escapes", _nul_paths, finding=("file.missing", None)),
    Case("ledger-formula-injection", _injection, finding=("ledger.bad-archive-code", None)),
    Case("ledger-html", _html, finding=("file.missing", None)),
    Case("ledger-odd-values", _ledger_values, finding=("ledger.bad-date", None)),
]
