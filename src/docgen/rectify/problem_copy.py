"""An updated copy of the 问题清单 for the clerk, out/问题清单（整改答复）.xlsx: the
project's list as it is, with the units' recorded answers in five columns added after
its own (单位整改措施, 单位整改情况, 单位完成日期, 佐证材料（档号）, 答复来源). The
clerk checks them and, when satisfied, sets 整改状态 in data/ — docgen never writes
there. 整改状态 itself is left as the clerk wrote it."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..load.datasheet import PROBLEM_COLUMNS
from ..load.workbook import check_container, header_key
from ..output import keep_previous, write_bytes
from .project import problem_rows

if TYPE_CHECKING:
    from ..history.answers import Answer
    from ..model import Project

NAME = "问题清单（整改答复）.xlsx"
ADDED = ("单位整改措施", "单位整改情况", "单位完成日期", "佐证材料（档号）", "答复来源")
_DESCRIPTION = {header_key(a) for a in PROBLEM_COLUMNS["问题描述"]}


def write_problem_copy(root: Path, project: Project, answers: dict[str, Answer]) -> Path | None:
    """Write the copy when a problem of the list has an answer; its path, or None."""
    at = {(p.sheet, p.row): answers[p.id] for p in problem_rows(project) if p.id in answers}
    if not at:
        return None
    import openpyxl

    source = project.path("problems")
    check_container(source, str(source), "问题清单")
    try:
        wb = openpyxl.load_workbook(source)
    except Exception as exc:  # noqa: BLE001 - read already by the audit; damaged since
        raise InputError(
            f"问题清单 {source} 无法打开（{type(exc).__name__}），没有写出更新的副本。"
        ) from None
    for ws in wb.worksheets:
        rows = {row: a for (sheet, row), a in at.items() if sheet == ws.title}
        if rows:
            _add_columns(ws, rows)
    target = Path(root) / "out" / NAME
    buffer = BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    keep_previous(target, data)
    write_bytes(target, data, force=True, project_root=root, project=project)
    return target


def _add_columns(ws, rows: dict[int, Answer]) -> None:
    header = next(
        (
            r
            for r in range(1, 6)
            if any(header_key(c.value) in _DESCRIPTION for c in ws[r] if c.value)
        ),
        1,
    )
    first = ws.max_column + 1
    for n, name in enumerate(ADDED):
        ws.cell(row=header, column=first + n).value = name
    for row, a in rows.items():
        values = (a.measures, a.progress, a.done, a.evidence, f"{a.source}（{a.recorded}）")
        for n, value in enumerate(values):
            cell = ws.cell(row=row, column=first + n)
            cell.value = value
            cell.data_type = "s" if value is not None else cell.data_type
