"""Escaping and small pieces every part of the HTML report uses."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from ...cn.dates import chinese_date
from ...findings import ERROR, SEVERITY_NAMES, WARNING, Finding
from ...textfmt import plain
from ..names import indicator_name

ASSETS = Path(__file__).resolve().parent
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_RISKY = re.compile("[<>&\u2028\u2029]")


def esc(value: Any) -> str:
    """Project text as HTML text or attribute value: control characters shown escaped,
    a list as its items joined with "、"."""
    if isinstance(value, set | frozenset):
        value = sorted(value, key=str)
    if isinstance(value, list | tuple):
        value = "、".join(str(v) for v in value)
    return html.escape(plain(value), quote=True)


@cache
def asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def script_json(data: Any) -> str:
    """JSON that can sit inside <script> whatever the strings in it hold."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return _SCRIPT_RISKY.sub(lambda m: _SCRIPT_ESCAPES[m.group()], text)


def heat_colour(ratio: float | None) -> str:
    """Green when complete; otherwise from red (0%) to amber (99%)."""
    if ratio is None:
        return "#eeeeee"
    if ratio >= 1:
        return "#c6efce"
    return f"hsl({round(50 * max(ratio, 0.0))}, 90%, 80%)"


def when_text(when: dt.datetime) -> str:
    return f"{chinese_date(when)} {when:%H:%M:%S}"


def section_of(f: Finding, items: Mapping[str, Any], codes: set[str]) -> str | None:
    """The guide section a finding belongs to: its item's, else its 档号's 类目代码."""
    item = items.get(f.item) if f.item else None
    if item is not None:
        return item.section
    parts = (f.archive_code or "").split("-")
    return parts[-2] if len(parts) >= 5 and parts[-2] in codes else None


def year_of(f: Finding) -> int | None:
    if f.year is not None:
        return f.year
    head = (f.period or "")[:4]
    return int(head) if head.isdigit() else None


def location(f: Mapping[str, Any], indicators: Mapping[str, str]) -> str:
    """Where a finding is, as escaped HTML lines (`f` is a finding's fields; `indicators`
    names the indicator codes, report.names)."""
    lines = []
    if f.get("sheet"):
        where = f"“{esc(f['sheet'])}”表"
        if f.get("row") is not None:
            where += f"第 {esc(f['row'])} 行"
        if f.get("column"):
            where += f" {esc(f['column'])}列"
        lines.append(where)
    if f.get("archive_code"):
        lines.append(f"档号 {esc(f['archive_code'])}")
    if f.get("item"):
        lines.append(f"条目 {esc(f['item'])}" + (f"（{esc(f['kind'])}）" if f.get("kind") else ""))
    if f.get("period") and f.get("period") != str(f.get("year")):
        lines.append(f"期间 {esc(f['period'])}")
    if f.get("indicator"):
        lines.append(f"指标 {esc(indicator_name(f['indicator'], indicators))}")
    if f.get("value") is not None:
        label = "数值" if isinstance(f["value"], int | float) else "内容"
        value = f"{label} {esc(f['value'])}"
        if f.get("expected") is not None:
            value += f"，应为 {esc(f['expected'])}"
        lines.append(value)
    return "<br>".join(lines)


def badge(severity: str) -> str:
    css = {ERROR: "err", WARNING: "warn"}.get(severity, "")
    return f'<span class="badge {css}">{esc(SEVERITY_NAMES.get(severity, severity))}</span>'
