"""data.mismatch on real projects: a real 指标数据 workbook, a real ledger and real
PDF reports (reportlab, STSong-Light) whose text states the figures; and the
statement cache."""

from __future__ import annotations

import time
from pathlib import Path

import openpyxl
import pytest
from projectkit import HEADER, cid_pdf, row, write_ledger
from projectkit import code as archive_code
from projectkit import project as ledger_project

from docgen import extract
from docgen.audit import load_input
from docgen.extract import reading, statements_for
from docgen.load.datasheet import load_indicators, read_data_facts
from docgen.load.indicator_catalogue import load_catalogue
from docgen.rules.data.mismatch import agree, mismatch
from docgen.workers import pool

DATA = "data/指标数据.xlsx"


def code(n: int, year: int = 2025) -> str:
    return archive_code(n, year, section="03")


def data_sheet(root: Path, rows: list[list]) -> None:
    path = root / DATA
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "指标数据"
    ws.append(["指标名称", "年度", "数值", "单位"])
    for r in rows:
        ws.append(r)
    wb.save(path)


def project(
    root: Path,
    docs: list[tuple[list, list[str]]],
    figures: list[list] | None,
    years: list[int] | None = None,
) -> Path:
    """docs: (ledger row, lines of its PDF); the PDF goes to archive/{档号}.pdf."""
    ledger_project(root, [r for r, _ in docs], years=years or [2025])
    for r, lines in docs:
        cid_pdf(root / "archive" / f"{r[0]}.pdf", lines)
    if figures is not None:
        data_sheet(root, figures)
    return root


def summary(
    n: int, title: str = "江临市2025年城市园林绿化工作总结", date: str = "20251215", **kw
) -> list:
    return row(code(n), item="3.3", kind="总结", date=date, title=title, **kw)


def audit(root: Path):
    ctx = load_input(root)
    ctx.catalogue = load_catalogue()
    ctx.indicators = load_indicators(root, DATA)
    read_data_facts(ctx)
    ctx.statements = statements_for(ctx)
    return ctx, list(mismatch(ctx))


FIGURES = [["生活垃圾无害化处理率", 2025, 100, "%"], ["建成区绿化覆盖率", 2025, 41.2, "%"]]


# ---------------------------------------------------------------- data sheet vs a document


def test_agreeing_to_the_stated_precision_is_no_finding(tmp_path: Path):
    figures = [["建成区绿化覆盖率", 2025, 40.85, "%"], ["人均公园绿地面积", 2025, 14.2, "平方米"]]
    root = project(
        tmp_path,
        [
            (summary(1), ["2025年，全市建成区绿化覆盖率达到40.9%。"]),  # 40.85 to one decimal
            (summary(2), ["建成区绿化覆盖率达到40.85%，人均公园绿地面积14.2平方米。"]),
            (summary(3), ["全市建成区绿化覆盖率达到百分之四十一。"]),  # 40.85 to no decimals
        ],
        figures,
    )
    ctx, found = audit(root)
    assert len(ctx.statements) == 4
    assert found == []


def test_a_disagreeing_document_is_flagged_once_with_both_places(tmp_path: Path):
    root = project(
        tmp_path,
        [
            (
                summary(7),
                [
                    "2025年，全市建成区绿化覆盖率达到40.85%。",
                    "主要指标完成情况：",
                    "建成区绿化覆盖率 40.85 %",  # said twice, still one finding
                ],
            )
        ],
        FIGURES,
    )
    _, found = audit(root)
    assert len(found) == 1, [f.message for f in found]
    f = found[0]
    assert (f.rule, f.severity) == ("data.mismatch", "error")
    assert (f.file, f.archive_code) == (f"archive/{code(7)}.pdf", code(7))
    assert (f.sheet, f.row) == ("指标数据", 3)
    assert (f.indicator, f.year, f.value, f.expected) == ("green-coverage", 2025, 40.85, 41.2)
    assert f.item == "3.3"
    for part in (
        "建成区绿化覆盖率",
        "41.2%",
        "40.85%",
        "第 3 行",
        DATA,
        code(7),
        f"archive/{code(7)}.pdf",
        "《江临市2025年城市园林绿化工作总结》",
    ):
        assert part in f.message, part


def test_rates_that_differ_in_whole_numbers(tmp_path: Path):
    root = project(tmp_path, [(summary(1), ["全市生活垃圾无害化处理率达到96.3%。"])], FIGURES)
    _, found = audit(root)
    assert [(f.value, f.expected) for f in found] == [(96.3, 100.0)]
    assert "100%" in found[0].message and "96.3%" in found[0].message


def test_the_year_comes_from_the_document_date(tmp_path: Path):
    """No year in the sentence: the ledger row's 日期 decides (a 2024 report does not
    speak of 2025)."""
    root = project(
        tmp_path,
        [
            (
                summary(1, title="江临市2024年园林绿化工作总结", date="20241220"),
                ["建成区绿化覆盖率达到39.8%。"],
            ),
            (summary(2), ["建成区绿化覆盖率达到40.1%。"]),
        ],
        FIGURES,
        years=[2024, 2025],
    )
    ctx, found = audit(root)
    assert sorted((s.year, s.value) for s in ctx.statements) == [(2024, 39.8), (2025, 40.1)]
    assert [(f.archive_code, f.year) for f in found] == [(code(2), 2025)]


def test_plans_and_targets_are_not_compared(tmp_path: Path):
    root = project(
        tmp_path,
        [
            (
                row(
                    code(1),
                    item="3.3",
                    kind="计划",
                    date="20250110",
                    title="江临市2025年园林绿化工作计划",
                ),
                ["2025年，建成区绿化覆盖率达到42%。"],
            ),
            (summary(2), ["全年目标：建成区绿化覆盖率达到42%。", "建成区绿化覆盖率不低于40%。"]),
        ],
        FIGURES,
    )
    ctx, found = audit(root)
    assert ctx.statements == [] and found == []
    assert extract.LAST_STATS["plans"] == 1  # read (counted as read), its figures left out


def test_a_word_report_with_a_table(tmp_path: Path):
    import docx

    root = project(tmp_path, [], FIGURES)
    write_ledger(root, {"2025": [HEADER, summary(3, title="江临市2025年城市管理工作报告")]})
    d = docx.Document()
    d.add_paragraph("一、主要指标完成情况")
    table = d.add_table(rows=3, cols=3)
    for r, cells in enumerate(
        [
            ("指标", "完成值", "单位"),
            ("生活垃圾无害化处理率", "100", "%"),
            ("建成区绿化覆盖率", "40.1", "%"),
        ]
    ):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    d.save(str(root / "archive" / f"{code(3)}.docx"))
    ctx, found = audit(root)
    assert sorted(s.value for s in ctx.statements) == [40.1, 100.0]
    assert [(f.file, f.value, f.expected) for f in found] == [
        (f"archive/{code(3)}.docx", 40.1, 41.2)
    ]


def test_counts_of_incidents_are_not_read(tmp_path: Path):
    root = project(
        tmp_path,
        [(summary(1), ["全年共查处烟草广告3处，处置一般食品安全事故2起。"])],
        [["建成区烟草广告", 2025, 0, "处"], ["重大食品安全事故", 2025, 0, "起"]],
    )
    ctx, found = audit(root)
    assert ctx.statements == [] and found == []


# ---------------------------------------------------------------- documents against each other


def test_two_documents_disagreeing_without_a_data_value(tmp_path: Path):
    root = project(
        tmp_path,
        [
            (summary(1), ["2025年，全市建成区绿化覆盖率达到40.85%。"]),
            (
                summary(2, title="江临市住房和城乡建设局2025年度工作报告"),
                ["建成区绿化覆盖率为41.2%。"],
            ),
        ],
        [["生活垃圾无害化处理率", 2025, 100, "%"]],
    )
    _, found = audit(root)
    assert len(found) == 1, [f.message for f in found]
    f = found[0]
    assert (f.archive_code, f.value, f.expected, f.sheet, f.row) == (
        code(2),
        41.2,
        40.85,
        None,
        None,
    )
    for part in (
        code(1),
        code(2),
        "40.85%",
        "41.2%",
        "《江临市住房和城乡建设局2025年度工作报告》",
        "指标数据表中没有该指标 2025 年的数值",
    ):
        assert part in f.message, part


def test_the_odd_document_out_is_the_one_flagged(tmp_path: Path):
    root = project(
        tmp_path,
        [
            (summary(1), ["建成区绿化覆盖率为41.2%。"]),
            (summary(2), ["建成区绿化覆盖率达到41.2%。"]),
            (summary(3), ["建成区绿化覆盖率达到40.8%。"]),
        ],
        None,
    )
    _, found = audit(root)
    assert [(f.archive_code, f.value, f.expected) for f in found] == [(code(3), 40.8, 41.2)]


def test_agree_rounds_half_up_to_the_coarser_precision():
    assert agree(40.85, 2, 40.9, 1)
    assert not agree(40.85, 2, 41.2, 1)
    assert not agree(100, 0, 96.3, 1)
    assert agree(95.5, 1, 96, 0)
    assert not agree(40.85, 2, 40.86, 2)
    assert agree(500000, -5, 520000, 0)  # 0.5 平方千米 in 平方米


# ---------------------------------------------------------------- files, cache, time limit


def test_the_cache_spares_a_second_reading(tmp_path: Path):
    root = project(
        tmp_path,
        [
            (summary(1), ["建成区绿化覆盖率达到40.85%。"]),
            (summary(2), ["生活垃圾无害化处理率达到100%。"]),
        ],
        FIGURES,
    )
    first, _ = audit(root)
    assert extract.LAST_STATS["read"] == 2 and extract.LAST_STATS["cached"] == 0
    again, _ = audit(root)
    assert extract.LAST_STATS["read"] == 0 and extract.LAST_STATS["cached"] == 2
    assert again.statements == first.statements
    # one file changed: only it is read again
    time.sleep(0.01)
    cid_pdf(root / "archive" / f"{code(2)}.pdf", ["生活垃圾无害化处理率达到99.1%。"])
    changed, found = audit(root)
    assert (extract.LAST_STATS["read"], extract.LAST_STATS["cached"]) == (1, 1)
    assert sorted(f.value for f in found) == [40.85, 99.1] and len(changed.statements) == 2


def test_a_redated_row_reuses_the_cache_with_its_new_year(tmp_path: Path):
    # a 题名 without a year: its 日期 decides (a year in the 题名 would come first)
    title = "江临市城市园林绿化工作总结"
    root = project(
        tmp_path,
        [(summary(1, title=title), ["建成区绿化覆盖率达到40.85%。"])],
        FIGURES,
        years=[2024, 2025],
    )
    ctx, _ = audit(root)
    assert [s.year for s in ctx.statements] == [2025]
    write_ledger(root, {"2025": [HEADER, summary(1, title=title, date="20241215")]})
    ctx, _ = audit(root)
    assert extract.LAST_STATS["read"] == 0
    assert [s.year for s in ctx.statements] == [2024]


def test_files_that_did_not_inspect_ok_are_not_read(tmp_path: Path):
    root = project(tmp_path, [(summary(1), ["建成区绿化覆盖率达到40.85%。"])], FIGURES)
    path = root / "archive" / f"{code(1)}.pdf"
    path.write_bytes(path.read_bytes()[:-200])  # truncated: no %%EOF
    ctx, found = audit(root)
    assert ctx.archive.inspections[f"{code(1)}.pdf"].status == "unreadable"
    assert extract.LAST_STATS["documents"] == 0 and found == []


def test_a_file_that_hangs_costs_one_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = project(tmp_path, [(summary(1), ["建成区绿化覆盖率达到40.85%。"])], FIGURES)

    def stuck(path: str) -> list:
        time.sleep(60)
        return []

    monkeypatch.setattr(reading, "pdf_pages", stuck)
    monkeypatch.setattr(pool, "FILE_TIMEOUT", 1.0)
    started = time.monotonic()
    ctx, found = audit(root)
    assert time.monotonic() - started < 30
    assert extract.LAST_STATS["failed"] == 1 and ctx.statements == [] and found == []
