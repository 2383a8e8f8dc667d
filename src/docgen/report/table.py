"""`docgen audit` (table format): a summary a 创卫办 clerk can read on the terminal.

Every piece of text from the project (题名, section names, messages) goes into a
`rich.text.Text`, never into a markup string, so "[red]" or "<script>" prints as
written. The output is deterministic: no timestamps, fixed width for text files.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..catalogue import CATALOGUE
from ..completeness import WHOLE_WINDOW
from ..findings import ERROR, SEVERITY_NAMES, WARNING, Finding
from ..textfmt import percent, plain, plain_text, window_text
from . import order, reading

if TYPE_CHECKING:
    from ..audit import AuditResult

TEXT_WIDTH = 120
SHOWN_PER_RULE = 10
SHOWN_ITEMS = 8  # item codes named on a section/year line of missing documents
NUMERALS = "一二三四五六七八九十"
WARNINGS_HINT = (
    "逐条查看：docgen audit --format html 后打开 out/审核报告.html（警告已折叠，点击展开），"
    "或 --format json。"
)
BAR_WIDTH = 10
SEVERITY_STYLES = {ERROR: "bold red", WARNING: "bold yellow"}
NEXT_STEPS = (
    "运行 docgen audit --format xlsx 导出整改清单（默认写到 out/整改清单.xlsx）；",
    "在整改清单中按“责任单位”筛选，分发给各责任单位整改，整改情况填在表中；",
    "整改完成后再运行 docgen audit 复核。",
)
ALL_CLEAR = "未发现问题。提交前如有新归档或改动，请再运行 docgen audit 复核。"


def print_report(result: AuditResult, console: Console | None = None) -> None:
    """Print the summary with colours (to stdout unless a console is given)."""
    console = console or Console(highlight=False)
    console.print(report(result))


def render_text(result: AuditResult) -> str:
    """The same summary as plain text: no colour codes, 120 columns wide."""
    return plain_text([report(result)], TEXT_WIDTH)


def report(result: AuditResult) -> RenderableType:
    """The whole summary as one rich renderable."""
    parts: list[RenderableType] = [heading(result), Text(), totals(result), Text()]
    parts += [completeness(result), Text()]
    parts += findings(result)
    parts += [Text(), closing(bool(result.findings))]
    return Group(*parts)


# ---------------------------------------------------------------- pieces


def heading(result: AuditResult) -> RenderableType:
    title = Text(f"{plain(result.project.city.name)} 创卫台账审核报告", style="bold")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column()
    grid.add_row(Text("指引"), Text(f"{plain(result.guide.id)} {plain(result.guide.title)}"))
    grid.add_row(Text("审核年度"), Text(window_text(result.years)))
    grid.add_row(Text("工具"), Text(f"docgen {plain(result.version)}"))
    return Group(title, grid)


def totals(result: AuditResult) -> RenderableType:
    stats = result.stats or {}
    line = Text("概况  ", style="bold")
    line.append(
        f"目录 {stats.get('rows', 0)} 行 · {stats.get('sheets', 0)} 个工作表 · "
        f"归档文件 {stats.get('files', 0)} 个 · "
    )
    line.append(f"错误 {result.errors} 个", style=count_style(result.errors, ERROR))
    line.append(" · ")
    line.append(f"警告 {result.warnings} 个", style=count_style(result.warnings, WARNING))
    read = reading.line(result)
    if read is not None:
        line.append(f"\n文件读取  {read}")
    return line


def count_style(count: int, severity: str) -> str:
    return SEVERITY_STYLES[severity] if count else "green"


def ratio_style(ratio: float | None) -> str:
    if ratio is None:
        return "dim"
    if ratio >= 1:
        return "green"
    return "yellow" if ratio >= 0.8 else "red"


def bar(ratio: float | None) -> Text:
    if ratio is None:
        return Text("")
    filled = BAR_WIDTH if ratio >= 1 else min(BAR_WIDTH - 1, int(ratio * BAR_WIDTH))
    return Text("█" * filled + "░" * (BAR_WIDTH - filled), style=ratio_style(ratio))


def period_columns(result: AuditResult, by_year: dict[str, dict[str, float]]) -> list[str]:
    """One column per year of the window, plus 全期 when a `once` requirement exists."""
    columns = [str(y) for y in sorted(result.years)]
    if any(WHOLE_WINDOW in periods for periods in by_year.values()):
        columns.append(WHOLE_WINDOW)
    return columns


def completeness(result: AuditResult) -> RenderableType:
    overall = result.completeness.overall
    by_section = result.completeness.by_section()
    by_year = result.completeness.by_section_year()
    columns = period_columns(result, by_year)
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        title=Text(f"资料完整性（总体 {percent(overall)}）", style="bold"),
        title_justify="left",
    )
    table.add_column("类目")
    table.add_column("名称")
    table.add_column("完整率", justify="right")
    table.add_column("")
    for label in columns:
        table.add_column(label, justify="right")
    for section in result.guide.sections:
        ratio = by_section.get(section.code)
        cells = [
            Text(
                percent(by_year.get(section.code, {}).get(label)),
                style=ratio_style(by_year.get(section.code, {}).get(label)),
            )
            for label in columns
        ]
        table.add_row(
            Text(plain(section.code)),
            Text(plain(section.name)),
            Text(percent(ratio), style=ratio_style(ratio)),
            bar(ratio),
            *cells,
        )
    return table


def findings(result: AuditResult) -> list[RenderableType]:
    """The findings in the order a clerk fixes them (report.order): the catalogue's and
    the archive's errors, the data errors, the missing documents one line per section
    and year, then the warnings as one count line."""
    items = result.findings
    if not items:
        return [Text("问题清单：无", style="bold green")]
    counts = Counter(f.severity for f in items)
    title = Text("问题清单（按处理顺序）", style="bold")
    title.append(
        f"  共 {len(items)} 条：错误 {counts[ERROR]} 条，警告 {counts[WARNING]} 条", style="dim"
    )
    out: list[RenderableType] = [title]
    number = 0
    for part in order.parts(items, result.guide):
        out.append(Text())
        if part.folded:
            out.append(folded(part))
            continue
        number += 1
        out.append(part_heading(number, part))
        for group in part.groups:
            if part.key == order.COMPLETENESS:
                out.append(Padding(period_line(group), (0, 0, 0, 2)))
            else:
                out.extend(rule_group(group.rule or group.key, list(group.findings)))
    return out


def part_heading(number: int, part: order.Part) -> Text:
    head = Text(f"{NUMERALS[number - 1] if number <= len(NUMERALS) else number}、", style="bold")
    head.append(part.title, style="bold")
    head.append(f"  错误 {part.count} 条", style=SEVERITY_STYLES[ERROR])
    return head


def period_line(group: order.Group) -> Text:
    """One section and year of missing documents: its count and the items."""
    codes = sorted({f.item or "" for f in group.findings}, key=_item_key)
    line = Text("· ")
    line.append(plain(group.title), style="bold")
    line.append(f"：缺 {len(group.findings)} 项（条目 ")
    shown = codes[:SHOWN_ITEMS]
    line.append("、".join(plain(c) for c in shown))
    line.append(f" 等 {len(codes)} 个条目）" if len(codes) > len(shown) else "）")
    return line


def folded(part: order.Part) -> Text:
    """The warnings as one count line, by rule, with where to see them all."""
    by_rule = Counter(f.rule for g in part.groups for f in g.findings)
    line = Text(f"警告 {part.count} 条", style=SEVERITY_STYLES[WARNING])
    line.append("（")
    line.append("、".join(f"{_rule_title(r)} {n}" for r, n in sorted(by_rule.items())))
    line.append("）。")
    line.append(WARNINGS_HINT, style="dim")
    return line


def _rule_title(rule: str) -> str:
    info = CATALOGUE.get(rule)
    return plain(info.title if info else rule)


def _item_key(code: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in code.split(".")), code


def closing(has_findings: bool) -> RenderableType:
    if not has_findings:
        return Text(ALL_CLEAR, style="bold green")
    steps = Text("下一步：", style="bold")
    for n, step in enumerate(NEXT_STEPS, start=1):
        steps.append(f"\n  {n}. {step}")
    return steps


def rule_group(rule: str, group: list[Finding]) -> list[RenderableType]:
    severity = group[0].severity
    info = CATALOGUE.get(rule)
    head = Text()
    head.append(plain(rule), style="bold")
    head.append(f"  {info.title if info else ''}  ")
    head.append(f"{len(group)} 条  ")
    head.append(
        f"[{SEVERITY_NAMES.get(severity, plain(severity))}]",
        style=SEVERITY_STYLES.get(severity, ""),
    )
    shown = Table.grid(padding=(0, 1))
    shown.add_column(width=1)
    shown.add_column(overflow="fold")  # CJK has no spaces: a long run must fold, not end in "…"
    for f in group[:SHOWN_PER_RULE]:
        shown.add_row(Text("·"), Text(plain(f.message)))
    rest = len(group) - SHOWN_PER_RULE
    if rest > 0:
        shown.add_row(Text(""), Text(f"…另有 {rest} 条，见 json/xlsx 报告", style="dim"))
    return [head, Padding(shown, (0, 0, 0, 2))]
