"""The terminal table (--format table): the summary, markup and control characters
printed literally, errors before warnings, completeness per year."""

from __future__ import annotations

import io

import pytest
from reportkit import (
    ODD_TITLE,
    finding,
    hand_result,
    real_audit,
)
from rich.cells import cell_len
from rich.console import Console

from docgen.audit import AuditResult
from docgen.findings import ERROR, WARNING
from docgen.report import table


@pytest.fixture(scope="module")
def real_result(tmp_path_factory) -> AuditResult:
    """A real ledger-only project with a bad date, a shared 文号 and an odd 题名."""
    return real_audit(tmp_path_factory.mktemp("proj"))


# ---------------------------------------------------------------- table


def test_table_text_summary(real_result):
    text = table.render_text(real_result)
    assert "示例市" in text
    assert "docgen 0.1.0" in text
    assert "national-city-2021" in text
    assert "2024—2025" in text
    for section in real_result.guide.sections:
        assert section.name in text
    counts: dict[str, int] = {}
    for f in real_result.findings:
        if f.severity == ERROR and not f.rule.startswith("completeness."):
            counts[f.rule] = counts.get(f.rule, 0) + 1
    assert counts
    for rule, n in counts.items():
        assert any(rule in line and f"{n} 条" in line for line in text.splitlines()), rule
    gaps = [f for f in real_result.findings if f.rule == "completeness.missing"]
    lines = [line for line in text.splitlines() if "：缺 " in line]
    assert sum(int(line.split("：缺 ")[1].split(" 项")[0]) for line in lines) == len(gaps) > 0
    assert f"警告 {real_result.warnings} 条" in text
    assert f"错误 {real_result.errors} 个" in text
    assert "目录 3 行" in text
    assert "docgen audit --format xlsx" in text


def unwrapped(text: str) -> str:
    """The text with its line breaks and indents taken out (long messages wrap)."""
    return "".join(line.strip() for line in text.splitlines())


def test_table_prints_odd_title_literally(real_result):
    # the real ledger's odd 题名 is in a warning (folded in the table): shown in an error here
    odd = hand_result([finding(message=f"《{ODD_TITLE}》的页数不对。", row=3)])
    text = table.render_text(odd)
    assert f"《{ODD_TITLE}》" in unwrapped(text)
    assert any(ODD_TITLE in f.message for f in real_result.findings)
    console = Console(file=io.StringIO(), width=200, force_terminal=True, color_system="truecolor")
    table.print_report(odd, console=console)
    coloured = console.file.getvalue()
    assert "\x1b[" in coloured  # colours on a terminal
    assert ODD_TITLE in coloured


def test_table_markup_in_city_and_messages():
    odd = "[bold]x[/bold] <script>alert(1)</script> :smile: [/]"
    result = hand_result([finding(message=odd, row=3)], city="[red]某市[/red]")
    text = table.render_text(result)
    assert odd in text
    assert "[red]某市[/red]" in text


def test_table_plain_text_is_deterministic_and_clean(real_result):
    first = table.render_text(real_result)
    assert first == table.render_text(real_result)
    assert "\x1b" not in first
    for line in first.splitlines():
        assert cell_len(line) <= 120
        assert line == line.rstrip()


def test_table_control_characters_escaped():
    text = table.render_text(hand_result([finding(message="题名\x1b[31m变红")]))
    assert "\x1b" not in text
    assert "\\x1b[31m变红" in text


def test_table_shows_ten_then_a_count():
    findings = [finding(message=f"第{i}条问题", row=i + 2) for i in range(13)]
    text = table.render_text(hand_result(findings))
    assert "第9条问题" in text
    assert "第10条问题" not in text
    assert "…另有 3 条，见 json/xlsx 报告" in text
    assert "ledger.bad-date" in text and "13 条" in text


def test_table_groups_errors_before_warnings():
    findings = [
        finding("ledger.bad-doc-number", "文号不规范", WARNING, row=2),
        finding("ledger.bad-retention", "保管期限不对", ERROR, row=3),
    ]
    text = table.render_text(hand_result(findings))
    assert text.index("ledger.bad-retention") < text.index("警告 1 条（")
    assert "[错误]" in text
    # the warnings are folded into one count line that says where to see them
    assert "ledger.bad-doc-number" not in text and "--format html" in unwrapped(text)


def test_table_completeness_per_year():
    text = table.render_text(hand_result([]))
    line = next(line for line in text.splitlines() if line.lstrip().startswith("01"))
    assert "50.0%" in line and "100%" in line and "0.0%" in line
    assert "未发现问题" in text
