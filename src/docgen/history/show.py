"""`docgen history`: the recorded runs (completeness, errors, new / fixed / still open)
and what changed in the latest run, as a table for the clerk or as JSON.

Text from the project goes into `rich.text.Text`, never into markup."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..textfmt import percent, plain, plain_text
from .model import Comparison, RunSummary
from .store import Store

SHOWN_PER_LIST = 50
TEXT_WIDTH = 160
SCOPE_NOTE = (
    "新增、已整改、未整改是与上一次范围相同（同一建档指引、审核年度和规则范围）的审核相比，“对比”列是那次审核的序号。\n"
    "审核时间是实际运行的时间，不受 --today 影响。"
)


@dataclass
class History:
    """What `docgen history` shows: the runs (oldest first, at most `limit`), how many
    there are in all, and the latest run's comparison."""

    city: str
    database: Path
    runs: list[RunSummary]
    total: int
    latest: Comparison | None


def read_history(root: Path, city: str, limit: int) -> History:
    """Raises HistoryError for a damaged or foreign history file."""
    from . import latest_comparison
    from .access import translated, vet
    from .store import database_path

    path = database_path(root)
    runs: list[RunSummary] = []
    latest = None
    vet(path, writing=False)
    if path.is_file():
        with translated(path, writing=False), Store.reading(path) as store:
            if store is not None:
                runs = store.runs()
                latest = latest_comparison(store)
    total = len(runs)
    if limit:
        runs = runs[-limit:]
    return History(city=city, database=path, runs=runs, total=total, latest=latest)


# ---------------------------------------------------------------- text


def render_text(h: History, root: Path) -> RenderableType:
    shown = _shown_path(h.database, root)
    if not h.total:
        return Text(
            f"{plain(h.city)} 还没有审核历史："
            f"每次运行 docgen audit 都会自动记录（记录在 {shown}）。"
        )
    head = Text(f"{plain(h.city)} 审核历史", style="bold")
    head.append(f"  共 {h.total} 次审核，记录在 {shown}", style="dim")
    parts: list[RenderableType] = [head, Text(SCOPE_NOTE, style="dim"), runs_table(h.runs)]
    if len(h.runs) < h.total:
        parts.append(Text(f"只列出最近 {len(h.runs)} 次；用 --limit 0 列出全部。", style="dim"))
    parts += [Text(), *latest_changes(h.latest)]
    return Group(*parts)


def runs_table(runs: list[RunSummary]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for name, justify in (
        ("序号", "right"),
        ("审核时间", "left"),
        ("指引", "left"),
        ("年度", "left"),
        ("规则", "left"),
        ("错误", "right"),
        ("警告", "right"),
        ("完整率", "right"),
        ("新增", "right"),
        ("已整改", "right"),
        ("未整改", "right"),
        ("对比", "right"),
    ):
        table.add_column(name, justify=justify)
    for r in runs:
        compared = r.compared_to is not None
        table.add_row(
            Text(f"#{r.run_id}"),
            Text(r.run_time.replace("T", " ")),
            Text(plain(r.guide)),
            Text(years_text(r.years)),
            Text(rules_text(r.rules)),
            Text(str(r.errors), style="red" if r.errors else "green"),
            Text(str(r.warnings), style="yellow" if r.warnings else "green"),
            Text(percent(r.completeness)),
            Text(str(r.new) if compared else "—", style="bold red" if compared and r.new else ""),
            Text(str(r.fixed) if compared else "—", style="green" if compared and r.fixed else ""),
            Text(str(r.still_open) if compared else "—"),
            Text(f"#{r.compared_to}" if compared else "—"),
        )
    return table


def latest_changes(c: Comparison | None) -> list[RenderableType]:
    if c is None:
        return []
    cur = c.current
    title = Text(f"最近一次审核 #{cur.run_id}（{cur.run_time.replace('T', ' ')}）", style="bold")
    if c.previous is None:
        title.append(
            "是这一范围（建档指引、审核年度、规则范围）的第一次审核，没有可以对比的上一次审核。",
            style="",
        )
        return [title]
    prev = c.previous
    title.append(f"与 #{prev.run_id}（{prev.run_time.replace('T', ' ')}）相比：")
    title.append(
        f"新增 {cur.new} 个，已整改 {cur.fixed} 个，未整改 {cur.still_open} 个。", style=""
    )
    return [
        title,
        *finding_list("新增的问题", c.new_findings),
        *finding_list("已整改的问题", c.fixed),
    ]


def finding_list(label: str, items: list[dict[str, Any]]) -> list[RenderableType]:
    """Each finding as its rule and place, then its message indented below."""
    head = Text(f"{label}（{len(items)} 个）：" + ("无" if not items else ""), style="bold")
    parts: list[RenderableType] = [head]
    for d in items[:SHOWN_PER_LIST]:
        line = Text("· ")
        line.append(plain(d.get("rule")), style="bold")
        line.append(f"  {plain(location(d))}")
        parts += [line, Padding(Text(plain(d.get("message"))), (0, 0, 0, 4))]
    rest = len(items) - SHOWN_PER_LIST
    if rest > 0:
        parts.append(Text(f"…另有 {rest} 个，见 docgen history --format json", style="dim"))
    return parts


def location(d: dict[str, Any]) -> str:
    """Where a finding is, shortly: 档号, sheet and row, item and period, file, indicator."""
    parts = []
    if d.get("archive_code"):
        parts.append(f"档号 {d['archive_code']}")
    if d.get("sheet"):
        row = f"第 {d['row']} 行" if d.get("row") is not None else ""
        parts.append(f"工作表“{d['sheet']}”{row}")
    elif d.get("file"):
        parts.append(str(d["file"]))
    if (d.get("item") or d.get("kind") or d.get("period")) and not d.get("archive_code"):
        parts.append(" ".join(str(d[k]) for k in ("item", "kind", "period") if d.get(k)))
    if d.get("indicator"):
        parts.append(f"{d['indicator']} {d.get('year') or ''}".strip())
    if d.get("column"):
        parts.append(f"“{d['column']}”列")
    return "，".join(parts) or "—"


def years_text(years: tuple[int, ...]) -> str:
    if not years:
        return "—"
    ordered = sorted(years)
    if len(ordered) > 1 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}—{ordered[-1]}"
    return "、".join(str(y) for y in ordered)


def rules_text(rules: tuple[str, ...] | None) -> str:
    if rules is None:
        return "全部"
    families = sorted({r.split(".")[0] for r in rules})
    return f"{len(rules)} 条（{'、'.join(families)}）"


def _shown_path(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def print_history(h: History, root: Path, console: Console | None = None) -> None:
    """In colour on a terminal; plain text, 160 columns, no trailing blanks otherwise."""
    console = console or Console(highlight=False)
    if console.is_terminal:
        console.print(render_text(h, root))
        return
    console.file.write(plain_text([render_text(h, root)], TEXT_WIDTH))


# ---------------------------------------------------------------- json


def render_json(h: History, root: Path, rectification: list[dict] | None = None) -> str:
    """The history as JSON; `rectification`: the units' progress (rectify), if known."""
    c = h.latest
    latest = None
    if c is not None:
        latest = {
            "run_id": c.current.run_id,
            "compared_to": None if c.previous is None else c.previous.run_id,
            "new": c.new_findings,
            "fixed": c.fixed,
            "still_open": c.current.still_open,
        }
    data = {
        "tool": "docgen",
        "project": h.city,
        "database": _shown_path(h.database, root),
        "total": h.total,
        "runs": [r.to_dict() for r in h.runs],
        "latest": latest,
    }
    if rectification is not None:
        data["rectification"] = rectification
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
