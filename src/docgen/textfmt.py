"""Small text forms shared by the terminal report (report/table.py), the history
(history/show.py) and the web report: project text made safe for a terminal, a
completeness ratio as a percentage, and the audit's window of years."""

from __future__ import annotations

import re
from typing import Any

# C0 controls other than tab and newline, DEL and C1 controls: shown escaped, never
# sent to the terminal (an ESC in a 题名 must not recolour or move the cursor).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(value: object) -> str:
    """Project text made safe for the terminal: control characters shown escaped."""
    text = "" if value is None else str(value)
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def percent(ratio: float | None) -> str:
    """91.7%; 100% only when the ratio is exactly 1; "—" when nothing is required."""
    if ratio is None:
        return "—"
    if ratio >= 1:
        return "100%"
    return f"{min(ratio * 100, 99.9):.1f}%"


def window_text(years: list[int]) -> str:
    """The audit's years: 2024—2026（3 年）, or 2024、2026（2 年） when not a run."""
    if not years:
        return "（未设定）"
    ordered = sorted(years)
    if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 1:
        return f"{ordered[0]}—{ordered[-1]}（{len(ordered)} 年）"
    return "、".join(str(y) for y in ordered) + f"（{len(ordered)} 年）"


def plain_text(renderables: list[Any], width: int) -> str:
    """Rich renderables as plain text `width` columns wide: no colour codes, markup,
    emoji or highlighting, no trailing blanks, one final newline (reports written to a
    file or a pipe)."""
    from io import StringIO

    from rich.console import Console

    buffer = StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system=None,
        force_terminal=False,
        force_jupyter=False,
        force_interactive=False,
        no_color=True,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    for item in renderables:
        console.print(item)
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    return "\n".join(lines).rstrip("\n") + "\n"


def progress_bar() -> Any:
    """rich's progress bar on stderr, gone when stopped: the stage (the task's
    description), the bar, done of total and the time left. Started by the caller."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )


PER_WORDS = {"once": "审核期内", "year": "每年", "quarter": "每季度", "month": "每月"}


def requirement_text(kind: str, per: str, least: int, carry_forward: bool = False) -> str:
    """A guide requirement as a clerk reads it: 会议纪要 每年至少 2 件（长期有效）."""
    text = f"{kind} {PER_WORDS.get(per, per)}至少 {least} 件"
    return text + ("（长期有效，早年归档的也可计入）" if carry_forward else "")
