"""The completeness part of the HTML report: the sections × years heat map and the
per-quarter / per-month detail, both as measured (AuditResult.completeness)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ...completeness import WHOLE_WINDOW, PeriodTable
from ...textfmt import percent
from .markup import esc, heat_colour

if TYPE_CHECKING:
    from ...audit import AuditResult

PER_NAMES = {"quarter": "季度", "month": "月度"}


def heat_cell(ratio: float | None, attrs: str, tip: str) -> str:
    return (
        f'<td class="heat"{attrs} style="background:{heat_colour(ratio)}" '
        f'title="{esc(tip)}">{percent(ratio)}</td>'
    )


def heat_map(result: AuditResult) -> str:
    """Sections × years; each year cell carries data-section and data-year."""
    by_year = result.completeness.by_section_year()
    by_section = result.completeness.by_section()
    years = [str(y) for y in sorted(result.years)]
    whole = result.completeness.has_window
    head = "".join(f'<th scope="col" class="num">{y} 年</th>' for y in years)
    head += (
        f'<th scope="col" class="num">{WHOLE_WINDOW}<small>（一次性）</small></th>' if whole else ""
    )
    rows = []
    for s in result.guide.sections:
        got = by_year.get(s.code, {})
        cells = [
            heat_cell(
                got.get(y),
                f' data-section="{esc(s.code)}" data-year="{y}"',
                f"{s.code} {s.name}：{y} 年 {percent(got.get(y))}",
            )
            for y in years
        ]
        if whole:
            cells.append(
                heat_cell(
                    got.get(WHOLE_WINDOW),
                    f' data-window="{esc(s.code)}"',
                    f"{s.code} {s.name}：{WHOLE_WINDOW} {percent(got.get(WHOLE_WINDOW))}",
                )
            )
        total = by_section.get(s.code)
        cells.append(heat_cell(total, "", f"{s.code} {s.name}：合计 {percent(total)}"))
        rows.append(f'<tr><th scope="row">{esc(s.code)} {esc(s.name)}</th>{"".join(cells)}</tr>')
    overall = result.completeness.years
    totals = [heat_cell(overall.get(y), "", f"全部类目：{y}") for y in years]
    if whole:
        totals.append(heat_cell(overall.get(WHOLE_WINDOW), "", f"全部类目：{WHOLE_WINDOW}"))
    totals.append(heat_cell(result.completeness.overall, "", "全部类目：合计"))
    rows.append(f'<tr class="total"><th scope="row">全部类目</th>{"".join(totals)}</tr>')
    legend = "".join(
        f'<span class="sw" style="background:{heat_colour(r)}">{percent(r)}</span>'
        for r in (0.0, 0.5, 0.8, 0.95, 1.0)
    )
    return (
        '<section id="completeness">\n<h2>资料完整性</h2>\n'
        '<p class="note">每格是该类目该年度满足建档指引要求的比例（按“条目 × 材料类型 × 期间”计）。'
        "绿色为齐全，越红缺得越多。</p>\n"
        '<table class="heat">\n<caption class="dim">类目 × 年度完整率</caption>\n'
        f'<thead><tr><th scope="col">类目</th>{head}'
        '<th scope="col" class="num">合计</th></tr></thead>\n'
        f"<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>\n"
        f'<div class="legend" aria-hidden="true">色标：{legend}</div>\n</section>\n'
    )


def period_name(period: str) -> str:
    """The column head of a period within its year: Q2, 3月."""
    part = period[5:]
    return f"{int(part)}月" if part.isdigit() else part


def periods_detail(result: AuditResult) -> str:
    """Requirements filed per quarter or month: one cell per period, count against min."""
    tables = [period_table(t) for t in result.completeness.periods]
    if not tables:
        return ""
    return (
        '<section id="periods">\n<p class="note">下表每格是该期间登记的件数：绿色为达到要求，'
        "红色为不足。</p>\n" + "".join(tables) + "</section>\n"
    )


def period_table(table: PeriodTable) -> str:
    name = PER_NAMES[table.per]
    labels = table.labels
    years = Counter(p[:4] for p in labels)
    top = "".join(
        f'<th scope="colgroup" colspan="{n}">{y} 年</th>' for y, n in sorted(years.items())
    )
    sub = "".join(f'<th scope="col">{esc(period_name(p))}</th>' for p in labels)
    rows = []
    for r in table.rows:
        tds = []
        for p in labels:
            c = r.cells.get(p)
            if c is None:
                tds.append('<td class="p">—</td>')
                continue
            tip = f"{r.code} {r.kind} {p}：{c.count} 件，应至少 {r.least} 件"
            tds.append(
                f'<td class="p {"met" if c.met else "unmet"}" data-period="{esc(p)}" '
                f'title="{esc(tip)}">{c.count}</td>'
            )
        rows.append(
            f'<tr><th scope="row">{esc(r.code)} {esc(r.name)}<br><small>{esc(r.kind)}，'
            f"每{name[:1]}至少 {r.least} 件</small></th>{''.join(tds)}</tr>"
        )
    return (
        f'<h3>按{name}归档的要求</h3>\n<table class="periods">\n'
        f'<thead><tr><th scope="col" rowspan="2">条目与材料</th>{top}</tr><tr>{sub}</tr></thead>\n'
        f"<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>\n"
    )
