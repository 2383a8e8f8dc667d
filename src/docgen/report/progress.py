"""Per 责任单位, what the units answered, what the audit has since verified and what is
still open (rectify.items.Rectification), for the table, JSON and HTML reports."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..rectify.items import Rectification


def progress_dicts(state: Rectification) -> list[dict[str, Any]]:
    return [p.to_dict() for p in state.progress()]


def progress_lines(state: Rectification) -> list[str]:
    rows = state.progress()
    if not rows:
        return []
    lines = ["整改进度（各责任单位：问题数 / 已答复 / 已核实 / 未整改）"]
    for p in rows:
        unit = p.unit or "未填责任单位"
        lines.append(f"  {unit}：{p.items} / {p.answered} / {p.verified} / {p.open}")
    return lines


def progress_html(state: Rectification) -> str:
    rows = state.progress()
    if not rows:
        return ""
    body = "".join(
        f"<tr><td>{escape(p.unit or '未填责任单位')}</td><td>{p.items}</td>"
        f"<td>{p.answered}</td><td>{p.verified}</td><td>{p.open}</td></tr>\n"
        for p in rows
    )
    return (
        '<section id="rectification"><h2>整改进度</h2>\n<table>\n'
        "<thead><tr><th>责任单位</th><th>问题数</th><th>已答复</th><th>已核实</th>"
        "<th>未整改</th></tr></thead>\n<tbody>\n" + body + "</tbody></table></section>\n"
    )
