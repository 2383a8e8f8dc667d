"""`docgen rectify DIR FILE.xlsx…`: read the sheets the units sent back, check every
row against the latest recorded audit and the 问题清单, record the good rows in the
audit history, and say per bad row what to fix. The files are only read.

Exit status: 0 every filled row recorded; 1 some rows or files were not; 2 nothing
could be used (no row recorded)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..history import HistoryError
from ..history.answers import record_answers
from ..history.model import finding_from_dict
from ..load.project import load_project
from .items import Rectification
from .project import rectification
from .returned import Returned, read_returned


@dataclass
class Outcome:
    lines: list[str] = field(default_factory=list)
    status: int = 0


def run_rectify(root: Path, files: list[Path], now: dt.datetime | None = None) -> Outcome:
    project = load_project(root)  # not a project: exit 2 with its message
    findings = latest_findings(root)
    state = rectification(root, project, findings) if findings is not None else None
    if state is None:
        raise InputError(
            f"{root} 还没有审核记录，无法核对交回的整改表。"
            "请先运行 docgen audit --format xlsx 导出整改清单，再读入交回的表。"
        )
    stamp = (now or dt.datetime.now()).replace(microsecond=0).isoformat()
    got = read_returned(files, state, stamp)
    out = Outcome([f"未记录：{bad.text()}" for bad in got.bad])
    if not got.answers:
        out.lines.append("没有可以记录的答复，审核历史未改动。")
        out.status = 2
        return out
    try:
        record_answers(root, project, got.answers)
    except HistoryError as exc:
        raise InputError(exc.message) from None
    state.answers.update({a.item: a for a in got.answers})
    out.lines += summary(got, state)
    out.lines += copy_line(root, project, state)
    out.status = 1 if got.bad else 0
    return out


def copy_line(root: Path, project, state: Rectification) -> list[str]:
    """Write the updated copy of the 问题清单 (rectify/problem_copy.py); its line."""
    from .problem_copy import write_problem_copy

    try:
        path = write_problem_copy(root, project, state.answers)
    except InputError as exc:
        return [f"注意：{exc.message}"]
    if path is None:
        return []
    return [f"已写出问题清单副本（含各单位答复，供核实后更新 data/ 中的问题清单）：{path}"]


def summary(got: Returned, state: Rectification) -> list[str]:
    units = sorted({a.unit for a in got.answers})
    names = "、".join(u or "未填责任单位" for u in units)
    head = (
        f"已记录 {len(got.answers)} 行答复（{names}），未记录 {len(got.bad)} 处。"
        "再次审核并导出整改清单时（docgen audit --format xlsx，或工作台“整改”页的下载），"
        "答复会带入新的整改清单。"
    )
    lines = [head]
    for p in state.progress():
        if p.unit in units:
            lines.append(
                f"  {p.unit}：问题 {p.items} 个，已答复 {p.answered}，已核实 {p.verified}，"
                f"未整改 {p.open}"
            )
    return lines


def latest_findings(root: Path) -> list | None:
    """The findings of the latest recorded audit (their report order); None when no
    audit is recorded. HistoryError → InputError."""
    from ..history.access import translated, vet
    from ..history.store import Store, database_path

    path = database_path(Path(root))
    if not path.is_file():
        return None
    try:
        vet(path, writing=False)
        with translated(path, writing=False), Store.reading(path) as store:
            run = None if store is None else store.latest()
            if run is None:
                return None
            return [finding_from_dict(d) for d in store.findings(run.run_id).rows()]
    except HistoryError as exc:
        raise InputError(exc.message) from None


def unit_progress(root: Path, project) -> Rectification | None:
    """The units' progress after the latest recorded audit, for `docgen history`;
    None when nothing is recorded or it cannot be read."""
    try:
        findings = latest_findings(root)
        if findings is None:
            return None
        return rectification(root, project, findings)
    except (InputError, HistoryError):
        return None
