"""The history part of the HTML report: every run so far, and the findings fixed since
the previous run. `history` is a docgen.history Comparison, read by its attributes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...catalogue import CATALOGUE
from ...textfmt import percent, window_text
from .markup import badge, esc, location

if TYPE_CHECKING:
    from ...history.model import Comparison


def trend(history: Comparison) -> str:
    """Every run so far: a table and two sparklines (completeness, errors)."""
    runs = list(history.trend) or [history.current]
    current = history.current.run_id
    rows = []
    for r in runs:
        mark = ' class="current"' if r.run_id == current else ""
        rows.append(
            f"<tr{mark}><td>{esc(r.run_id)}</td><td>{esc(str(r.run_time).replace('T', ' '))}</td>"
            f"<td>{esc(r.version)}</td><td>{esc(window_text(list(r.years)))}</td>"
            f'<td class="num">{esc(r.errors)}</td><td class="num">{esc(r.warnings)}</td>'
            f'<td class="num">{percent(r.completeness)}</td><td class="num">{esc(r.new)}</td>'
            f'<td class="num">{esc(r.fixed)}</td><td class="num">{esc(r.still_open)}</td></tr>'
        )
    head = "".join(
        f'<th scope="col">{h}</th>'
        for h in (
            "次序",
            "审核时间",
            "版本",
            "审核年度",
            "错误",
            "警告",
            "完整率",
            "新增",
            "已整改",
            "未整改",
        )
    )
    times = [str(r.run_time).replace("T", " ") for r in runs]
    ratio = sparkline([r.completeness for r in runs], 1.0, times, "资料完整率", percent, "#1a7f37")
    most = max([r.errors for r in runs] + [1])
    errors = sparkline(
        [r.errors for r in runs], most, times, "错误数", lambda v: f"{v:g} 个", "#9c0006"
    )
    return (
        '<section id="trend">\n<h2>历次审核</h2>\n'
        f'<p class="trend">资料完整率 {ratio} <b>{percent(runs[-1].completeness)}</b>　　'
        f"错误数 {errors} <b>{esc(runs[-1].errors)} 个</b></p>\n"
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>\n"
        "</section>\n"
    )


def sparkline(
    values: list[float | None],
    top: float,
    times: list[str],
    name: str,
    fmt: Any,
    colour: str,
    width: int = 240,
    height: int = 48,
) -> str:
    """A small inline SVG line; a point per run, its value in the point's tooltip."""
    pad = 5
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points, dots = [], []
    for i, v in enumerate(values):
        if v is None:
            continue
        x = pad + i * step if len(values) > 1 else width / 2
        y = height - pad - (min(float(v), top) / top if top else 0) * (height - 2 * pad)
        points.append(f"{x:.1f},{y:.1f}")
        dots.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}">'
            f"<title>{esc(times[i])}：{esc(fmt(v))}</title></circle>"
        )
    last = next((v for v in reversed(values) if v is not None), None)
    label = f"{name}走势，最近一次 {fmt(last)}" if last is not None else f"{name}：无数据"
    return (
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{esc(label)}"><title>{esc(label)}</title>'
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        f'stroke="#d0d7de"/><polyline points="{" ".join(points)}" stroke="{colour}"/>'
        f"{''.join(dots)}</svg>"
    )


def fixed(history: Comparison, indicators: Mapping[str, str]) -> str:
    """The previous run's findings that are gone now; `indicators`: code → name."""
    gone = list(history.fixed)
    rows = []
    for d in gone:
        rule = str(d.get("rule", ""))
        info = CATALOGUE.get(rule)
        rows.append(
            f"<tr><td>{esc(info.title if info else rule)}<br><code>{esc(rule)}</code></td>"
            f"<td>{badge(str(d.get('severity', '')))}</td><td>{esc(d.get('message'))}</td>"
            f"<td>{location(d, indicators)}</td><td>{esc(d.get('file'))}</td></tr>"
        )
    if not rows:
        body = "<p>与上次审核相比，没有已整改的问题。</p>\n"
    else:
        body = (
            f"<details{' open' if len(rows) <= 50 else ''}>"
            f"<summary>展开/收起 {len(rows)} 条</summary>\n"
            '<table class="findings">\n<thead><tr><th scope="col">规则</th>'
            '<th scope="col">严重程度</th><th scope="col">问题说明（上次）</th>'
            '<th scope="col">位置</th><th scope="col">文件</th>'
            f"</tr></thead>\n<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>\n</details>\n"
        )
    return f'<section id="fixed">\n<h2>已整改（上次有、本次没有）</h2>\n{body}</section>\n'
