"""Catalogues as archive systems export them (issue 13, item 1), on real files: the
headers systems write (文件时间, 文件编号, 归档年度, 全宗号 …), a header over two rows,
the retention carried by the 档号 (no 保管期限 column), the DA/T 22 档号 variants
(Z081-WS·2022-永久-举报情况说明-0002), .xls, CSV in GBK and UTF-8 with BOM, and a
sheet whose columns are shifted against their header."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from projectkit import run_cli, write_config

from docgen.errors import InputError
from docgen.load.ledger import load_ledger

TODAY = dt.date(2026, 1, 15)
WHO = "示例市爱国卫生运动委员会办公室"


def audit(root: Path) -> list:
    from docgen.audit import run_audit

    return run_audit(root, rules=["ledger"], today=TODAY).findings


def of(findings: list, rule: str) -> list:
    return [f for f in findings if f.rule == rule]


def book(path: Path, rows: list[list], merges: tuple[str, ...] = (), name: str = "2025") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = name
    for r in rows:
        ws.append(r)
    for cells in merges:
        ws.merge_cells(cells)
    wb.save(path)
    return path


def setup(root: Path, ledger: str = "ledger/归档文件目录.xlsx", **config) -> Path:
    if ledger != "ledger/归档文件目录.xlsx":
        config["paths"] = {"ledger": ledger}
    write_config(root, **config)
    (root / "archive").mkdir(exist_ok=True)
    return root / ledger


# ---------------------------------------------------------------- the headers systems write

SYSTEM_HEADER = [
    "全宗号",
    "档案门类代码",
    "归档年度",
    "档号",
    "机构（问题）",
    "文件编号",
    "责任者",
    "题名",
    "文件时间",
    "页数",
    "保管期限",
    "条目",
    "材料类型",
]


def system_row(n: int, date="20250310", number=None, retention="定期30年") -> list:
    return [
        "J012",
        "WS",
        2025,
        f"J012-WS·2025-D30-01-{n:04d}",
        "01",
        number or f"示创卫办〔2025〕{n}号",
        WHO,
        f"关于印发第{n}批创卫工作任务的通知",
        date,
        2,
        retention,
        "1.3",
        "文件",
    ]


def test_system_headers_are_read_as_their_columns(tmp_path):
    path = setup(tmp_path)
    book(path, [SYSTEM_HEADER, system_row(1), system_row(2, date="2025年3月11日")])
    ledger = load_ledger(path, "ledger/归档文件目录.xlsx")
    sheet = ledger.sheets[0]
    assert sheet.missing == ()
    assert sheet.labels["日期"] == "文件时间" and sheet.labels["文号"] == "文件编号"
    first = ledger.rows[0].cells
    assert (first["归档年度"], first["全宗号"], first["档案门类代码"], first["机构（问题）"]) == (
        2025,
        "J012",
        "WS",
        "01",
    )
    assert first["日期"] == "20250310" and first["文号"] == "示创卫办〔2025〕1号"
    # the date rules run on 文件时间: the second row's spelling is found, in its column
    found = audit(tmp_path)
    (f,) = of(found, "ledger.nonstandard-date")
    assert (f.row, f.column, f.value, f.expected) == (3, "日期", "2025年3月11日", "20250311")
    assert not of(found, "ledger.missing-column")


# ---------------------------------------------------------------- a header over two rows


def test_two_row_header_loads_and_its_dates_are_checked(tmp_path):
    path = setup(tmp_path)
    # 档号 and 页数 merged down; 责任者, 条目 and 材料类型 written once, above a blank
    # cell; 文件信息 merged over 文号–日期; 保管期限 split over two rows ("保管" / "期限")
    top = ["档号", "责任者", "文件信息", None, None, "页数", "保管", "条目", "材料类型"]
    bottom = ["档号", None, "文号", "题名", "日期", "页数", "期限", None, None]
    rows = [
        top,
        bottom,
        ["J012-2025-D30-01-0001", WHO, None, "工作计划", "20250310", 2, "定期30年", "1.3", "计划"],
        [
            "J012-2025-D30-01-0002",
            WHO,
            None,
            "工作总结",
            "2025-03-11",
            2,
            "定期30年",
            "1.3",
            "总结",
        ],
        ["J012-2025-D30-01-0003", WHO, None, "工作部署", "20250231", 2, "定期30年", "1.3", "计划"],
    ]
    book(path, rows, merges=("A1:A2", "C1:E1", "F1:F2"))
    sheet = load_ledger(path, "ledger/归档文件目录.xlsx").sheets[0]
    assert (sheet.header_row, sheet.missing) == (2, ())
    assert [
        sheet.columns[c] for c in ("档号", "责任者", "题名", "日期", "保管期限", "材料类型")
    ] == [
        0,
        1,
        3,
        4,
        6,
        8,
    ]
    found = audit(tmp_path)
    assert not of(found, "ledger.missing-column")
    assert [(f.row, f.value) for f in of(found, "ledger.nonstandard-date")] == [(4, "2025-03-11")]
    assert [(f.row, f.value) for f in of(found, "ledger.bad-date")] == [(5, "20250231")]


# ---------------------------------------------------------------- the retention in the 档号

NO_RETENTION = ["档号", "责任者", "文号", "题名", "日期", "页数", "条目", "材料类型"]


def coded(code: str, date: str = "20250310", item: str = "1.3") -> list:
    return [code, WHO, None, f"关于{code}的文件", date, 1, item, "文件"]


def test_retention_from_the_archive_code(tmp_path):
    path = setup(tmp_path)
    rows = [
        NO_RETENTION,
        coded("J012-2025-永久-01-0001"),
        coded("J012-2025-永久-01-0002"),
        coded("J012-2025-永久-01-0004"),  # 0003 is missing
        coded("J012-2025-D30-01-0001"),
        coded("J012-2025-长期-01-0001"),  # no DA/T 22 period
    ]
    book(path, rows)
    ledger = load_ledger(path, "ledger/归档文件目录.xlsx")
    assert ledger.sheets[0].missing == () and ledger.sheets[0].derived == {"保管期限": "档号"}
    first, d30, old = ledger.rows[0], ledger.rows[3], ledger.rows[4]
    assert (first.cells["保管期限"], first.derived) == ("永久", {"保管期限": "档号"})
    assert d30.cells["保管期限"] == "定期30年"
    assert (old.cells["保管期限"], old.derived) == (None, {})

    found = audit(tmp_path)
    assert not of(found, "ledger.missing-column") and not of(found, "ledger.required-empty")
    assert not of(found, "ledger.bad-retention")
    (bad,) = of(found, "ledger.bad-archive-code")
    assert bad.row == 6 and "保管期限“长期”不是 永久、定期30年、定期10年 之一" in bad.message
    (gap,) = of(found, "ledger.item-number-gap")
    assert gap.row == 4 and gap.value == "0003"
    assert "档号组 J012-2025-永久-01（3 件）" in gap.message


def test_real_style_archive_code_with_a_named_class(tmp_path):
    path = setup(
        tmp_path,
        city={"name": "示例市", "level": "city", "province": "示例省", "fonds": "Z081"},
        years=[2022],
        doc_class="WS",
    )
    codes = [f"Z081-WS·2022-永久-举报情况说明-{n:04d}" for n in (1, 2, 4, 5)]
    book(path, [NO_RETENTION, *(coded(c, date="20220510", item="1.5") for c in codes)])
    found = audit(tmp_path)
    assert not of(found, "ledger.bad-archive-code") and not of(found, "ledger.missing-column")
    (gap,) = of(found, "ledger.item-number-gap")
    assert (gap.row, gap.value, gap.archive_code) == (4, "0003", codes[2])
    assert "档号组 Z081-WS·2022-永久-举报情况说明（4 件）的件号不连续：缺少件号 0003" in gap.message


def test_a_class_named_as_the_guide_names_it_is_compared_with_the_item(tmp_path):
    path = setup(tmp_path)
    rows = [
        NO_RETENTION,
        coded("J012-2025-D30-爱国卫生组织管理-0001", item="1.3"),  # section 01: right
        coded("J012-2025-D30-市容环境卫生-0001", item="1.3"),  # section 03: not 1.3's
    ]
    book(path, rows)
    (f,) = of(audit(tmp_path), "ledger.bad-archive-code")
    assert f.row == 3
    assert "类目“市容环境卫生”不是条目 1.3 所属的类目“01 爱国卫生组织管理”" in f.message


# ---------------------------------------------------------------- .xls and CSV

PLAIN = ["档号", "责任者", "文号", "题名", "日期", "页数", "保管期限", "条目", "材料类型"]
PLAIN_ROWS = [
    ["J012-2025-D30-01-0001", WHO, "示创卫办〔2025〕1号", "创卫工作计划", "20250310", "2"],
    ["J012-2025-D30-01-0002", WHO, "示创卫办[2025]2号", "创卫工作总结", "2025.3.11", "0"],
    ["J012-2025-D30-01-0004", WHO, "", "爱卫会会议纪要", "20250231", "3"],
]


def plain_rows() -> list[list]:
    return [PLAIN, *([*r, "定期30年", "1.3", "文件"] for r in PLAIN_ROWS)]


def findings_of(root: Path) -> list[tuple]:
    return sorted((f.rule, f.row, f.column, str(f.value)) for f in audit(root))


@pytest.fixture
def xlsx_findings(tmp_path_factory) -> list[tuple]:
    root = tmp_path_factory.mktemp("xlsx")
    book(setup(root), plain_rows())
    found = findings_of(root)
    assert {r for r, *_ in found} >= {
        "ledger.bad-date",
        "ledger.nonstandard-date",
        "ledger.bad-page-count",
        "ledger.bad-doc-number",
        "ledger.item-number-gap",
    }
    return found


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_csv_gives_the_findings_of_the_workbook(tmp_path, xlsx_findings, encoding):
    path = setup(tmp_path, ledger="ledger/归档文件目录.csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(plain_rows())
    if encoding == "gbk":
        assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")
    assert findings_of(tmp_path) == xlsx_findings


def test_csv_of_an_encoding_it_cannot_tell_is_refused(tmp_path):
    path = setup(tmp_path, ledger="ledger/归档文件目录.csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(",".join(map(str, r)) for r in plain_rows())
    path.write_bytes(text.encode("big5", errors="replace") + b"\x80\xff")
    with pytest.raises(InputError, match="文字编码无法识别"):
        load_ledger(path, "ledger/归档文件目录.csv")
    result = run_cli("audit", str(tmp_path), "--format", "json", "--rules", "ledger")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "归档文件目录 ledger/归档文件目录.csv 的文字编码无法识别" in result.stderr
    assert "Traceback" not in result.stderr


def test_xls_gives_the_findings_of_the_workbook(tmp_path, xlsx_findings):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: no .xls can be made here")
    source = book(tmp_path / "src" / "目录.xlsx", plain_rows())
    done = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path / "src"),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    made = tmp_path / "src" / "目录.xls"
    assert made.exists(), done.stderr
    assert made.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # a real BIFF .xls, not a renamed xlsx
    root = tmp_path / "project"
    path = setup(root, ledger="ledger/归档文件目录.xls")
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(made, path)
    assert findings_of(root) == xlsx_findings


# ---------------------------------------------------------------- shifted columns


def test_shifted_columns_are_one_finding_not_a_flood(tmp_path):
    path = setup(tmp_path)
    # the header lost its 责任者 cell: every label from 文号 on sits one column left of its data
    header = ["档号", "文号", "题名", "日期", "页数", "保管期限", "条目", "材料类型"]
    rows = [
        [
            f"J012-2025-D30-01-{n:04d}",
            WHO,
            f"示创卫办〔2025〕{n}号",
            f"第{n}份文件",
            "20250310",
            2,
            "定期30年",
            "1.3",
            "文件",
        ]
        for n in range(1, 9)
    ]
    book(path, [header, *rows])
    found = audit(tmp_path)
    (f,) = of(found, "ledger.shifted-columns")
    assert (f.severity, f.sheet, f.row, f.column) == ("error", "2025", 1, "题名")
    for piece in (
        "“题名”列的 8 个值中有 8 个像“文号”",
        "“页数”列的 8 个值中有 8 个像“日期”",
        "“条目”列的 8 个值中有 8 个像“保管期限”",
        "“材料类型”列的 8 个值中有 8 个像“条目”",
        "共 8 行的逐行检查",
    ):
        assert piece in f.message, f.message
    # the row-by-row errors of the shifted columns are folded into it
    for rule in (
        "ledger.bad-date",
        "ledger.bad-page-count",
        "ledger.bad-retention",
        "ledger.unknown-item",
        "ledger.bad-doc-number",
    ):
        assert not of(found, rule), rule
    assert [x.column for x in of(found, "ledger.missing-column")] == ["责任者"]


def test_an_aligned_sheet_has_no_shift(tmp_path):
    book(setup(tmp_path), plain_rows())
    assert not of(audit(tmp_path), "ledger.shifted-columns")


# ---------------------------------------------------------------- end to end


def test_cli_audit_json_on_a_real_style_csv(tmp_path):
    path = setup(
        tmp_path,
        ledger="ledger/目录导出.csv",
        city={"name": "示例市", "level": "city", "province": "示例省", "fonds": "Z081"},
        years=[2022],
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    header = ["档号", "文件时间", "文件编号", "责任者", "题名", "页数", "条目", "材料类型"]
    rows = [
        [
            f"Z081-WS·2022-永久-举报情况说明-{n:04d}",
            "20220510",
            "",
            WHO,
            f"举报情况说明{n}",
            1,
            "1.5",
            "文件",
        ]
        for n in (1, 2, 3, 5)
    ]
    with path.open("w", encoding="gbk", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    result = run_cli("audit", str(tmp_path), "--format", "json", "--rules", "ledger")
    assert result.returncode == 1, result.stdout + result.stderr
    findings = json.loads(result.stdout)["findings"]
    rules = [f["rule"] for f in findings]
    assert "ledger.missing-column" not in rules and "ledger.bad-date" not in rules
    (gap,) = [f for f in findings if f["rule"] == "ledger.item-number-gap"]
    assert (gap["sheet"], gap["row"], gap["value"]) == ("目录导出", 5, "0004")


def test_a_long_shifted_sheet_is_judged_on_an_even_sample():
    from checkinput import build, good
    from projectkit import HEADER

    from docgen.rules.ledger.bad_date import bad_date
    from docgen.rules.ledger.shifted_columns import shifted_columns

    header = [c for c in HEADER if c != "责任者"]  # the data still have it: shifted left
    ctx = build([good(n + 1) for n in range(2500)], header=header)
    (f,) = shifted_columns(ctx)
    assert "“条目”列抽查的 2000 个值中有 2000 个像“保管期限”" in f.message, f.message
    assert "“页数”列抽查的 2000 个值中有 2000 个像“日期”" in f.message, f.message
    assert "共 2500 行的逐行检查" in f.message
    assert list(bad_date(ctx)) == []  # the titles under 日期 are folded into the finding
    aligned = build([good(n + 1) for n in range(2500)])
    assert list(shifted_columns(aligned)) == []


def _html_table(rows: list[list]) -> str:
    """The catalogue as an archive system's HTML ".xls": a two-row header with rowspan and
    a 文件信息 group over 文号, 题名 and 日期, then the data."""
    header, *data = rows
    group = ("文号", "题名", "日期")
    top = []
    for c in header:
        if c == group[0]:
            top.append('<th colspan="3">文件信息</th>')
        elif c not in group:
            top.append(f'<th rowspan="2">{c}</th>')
    second = "".join(f"<th>{c}</th>" for c in group)
    body = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in r) + "</tr>" for r in data)
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        f"</head><body><table><tr>{''.join(top)}</tr><tr>{second}</tr>{body}</table></body></html>"
    )


@pytest.mark.parametrize("kind", ["html", "tabs"])
def test_a_text_xls_gives_the_findings_of_the_workbook(tmp_path, xlsx_findings, kind):
    path = setup(tmp_path, ledger="ledger/归档文件目录.xls")
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = plain_rows()
    if kind == "html":
        path.write_bytes(_html_table(rows).encode("gbk"))
        shift = 1  # the header takes two rows: each data row is one further down
    else:
        path.write_bytes("\n".join("\t".join(map(str, r)) for r in rows).encode("gbk"))
        shift = 0
    expected = [(rule, row + shift, column, value) for rule, row, column, value in xlsx_findings]
    assert findings_of(tmp_path) == expected
