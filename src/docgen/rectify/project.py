"""The rectification state of a project: its 问题清单 read (load/), the answers the
history holds, and the findings of an audit result or of the latest recorded run."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..history.answers import load_answers
from ..load.datasheet import load_problems, load_units
from ..load.members import comparable, read_members
from ..load.problems import read_problems
from .items import ProblemRow, Rectification, build

if TYPE_CHECKING:
    from ..audit import AuditResult
    from ..findings import Finding
    from ..model import Project


def problem_rows(project: Project) -> list[ProblemRow]:
    """Every row of the project's 问题清单 (none when it has no list)."""
    root, paths = project.root, project.paths
    sheet = load_problems(root, paths["problems"])
    members = read_members(load_units(root, paths["units"]))
    seen: set[str] = set()
    out = []
    for p in read_problems(sheet, members):
        code = p.text("编号")
        pid = (
            f"problem|{code}" if code and code not in seen else f"problem|{p.row.sheet}|{p.row.row}"
        )
        seen.add(code)
        units = tuple(dict.fromkeys(full or comparable(raw) for raw, full in p.units)) or ("",)
        deadline = p.text("整改时限")
        out.append(
            ProblemRow(
                id=pid,
                sheet=p.row.sheet,
                row=p.row.row,
                units=units,
                text=(f"{code} " if code else "") + p.text("问题描述"),
                place=p.text("位置"),
                deadline=deadline,
                closed=p.closed,
            )
        )
    return out


def rectification(
    root: Path, project: Project, findings: list[Finding], quiet: bool | None = None
) -> Rectification:
    """The items of `findings` and the project's open problems, with the recorded
    answers. Raises HistoryError when the history cannot be read, unless `quiet`
    (then no answers: the audit has warned about the history already)."""
    project_id, answers = load_answers(root) if quiet is None else quiet_answers(root)
    return build(
        project.city.name,
        findings,
        problem_rows(project),
        problems_file=project.paths["problems"],
        project_id=project_id,
        answers=answers,
    )


def for_audit(root: Path, result: AuditResult) -> Rectification | None:
    """The state for the reports of `result`; None (with a warning) when the problem
    list or the history cannot be read: the reports then go without it."""
    from ..errors import InputError
    from ..stores import warn

    try:
        return rectification(root, result.project, result.findings, quiet=True)
    except InputError as exc:
        warn(exc.message)
    except Exception as exc:  # noqa: BLE001 — a bug of ours must not lose the reports
        warn(
            f"整理各单位整改进度时发生意外错误（{type(exc).__name__}），报告中没有单位的答复。"
            "请把这条信息发给维护人员。"
        )
    return None


def quiet_answers(root: Path) -> tuple[str, dict]:
    from ..history import HistoryError

    try:
        return load_answers(root)
    except HistoryError:
        return "", {}
