"""What the units are asked to rectify: one `Item` per open problem of the 问题清单 and
per audit finding, each with a stable id and the 责任单位 whose sheet it is on.

* A problem's id is `problem|{编号}` (`problem|{sheet}|{row}` when it has no 编号); it
  is on the sheet of each unit it names (a joint problem on each of them).
* A finding's id is its history key (history.finding_keys: stable from run to run). A
  finding about a row of the 问题清单 (data.overdue, data.date-order …) is told on that
  problem's row instead of a row of its own; one naming a unit is on that unit's sheet;
  the others (catalogue, archive, completeness) are the office's own: OFFICE.

`Rectification` puts the items beside the answers recorded so far and counts, per unit,
what is answered, verified (answered and no longer found) and still open.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..catalogue import CATALOGUE
from ..findings import Finding
from ..history.answers import Answer
from ..history.model import finding_keys

OFFICE = "创卫办"  # the sheet of the findings no member unit answers for
ANSWERED, VERIFIED, OPEN = "answered", "verified", "open"
STATE_NAMES = {ANSWERED: "已答复", VERIFIED: "已核实", OPEN: "未整改"}


@dataclass(frozen=True)
class Item:
    """One row of a unit's sheet. `text` is what to rectify, `place` where (档号,
    file, sheet and row), `deadline` the 整改时限 as written ("" when none)."""

    id: str
    units: tuple[str, ...]
    source: str  # 问题清单 | 审核发现
    text: str
    place: str = ""
    deadline: str = ""
    severity: str | None = None


@dataclass(frozen=True)
class ProblemRow:
    """A row of the 问题清单 as the sheets need it (from load.problems.Problem)."""

    id: str
    sheet: str
    row: int
    units: tuple[str, ...]
    text: str
    place: str
    deadline: str
    closed: bool


@dataclass
class UnitProgress:
    unit: str
    items: int = 0
    answered: int = 0
    verified: int = 0
    open: int = 0

    def to_dict(self) -> dict[str, int | str]:
        return {
            "unit": self.unit,
            "items": self.items,
            "answered": self.answered,
            "verified": self.verified,
            "open": self.open,
        }


@dataclass
class Rectification:
    """The items of an audit, the answers recorded (item id → Answer) and the project's
    id ("" when the history holds none)."""

    city: str
    project_id: str = ""
    items: list[Item] = field(default_factory=list)
    answers: dict[str, Answer] = field(default_factory=dict)

    def units(self) -> list[str]:
        """The units with items, OFFICE first, then in the order they first appear."""
        seen: dict[str, None] = {}
        for item in self.items:
            for unit in item.units:
                seen.setdefault(unit, None)
        rest = [u for u in seen if u != OFFICE]
        return ([OFFICE] if OFFICE in seen else []) + rest

    def items_of(self, unit: str) -> list[Item]:
        return [i for i in self.items if unit in i.units]

    def state(self, item: Item) -> str:
        return ANSWERED if item.id in self.answers else OPEN

    def by_id(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}

    def progress(self) -> list[UnitProgress]:
        """Per unit: items, answered, verified (answers whose item is gone), open."""
        out = {u: UnitProgress(u) for u in self.units()}
        current = self.by_id()
        for item in self.items:
            for unit in item.units:
                p = out[unit]
                p.items += 1
                if item.id in self.answers:
                    p.answered += 1
                else:
                    p.open += 1
        for item_id, answer in sorted(self.answers.items()):
            if item_id not in current:
                out.setdefault(answer.unit, UnitProgress(answer.unit)).verified += 1
        return list(out.values())


def build(
    city: str,
    findings: list[Finding],
    problems: Iterable[ProblemRow] = (),
    problems_file: str | None = None,
    project_id: str = "",
    answers: dict[str, Answer] | None = None,
) -> Rectification:
    """The items of an audit's `findings` and the open `problems` (read from
    `problems_file`, relative to the project)."""
    problems = [p for p in problems if not p.closed]
    at_row = {(p.sheet, p.row): n for n, p in enumerate(problems)}
    notes: dict[int, list[str]] = {}
    own: list[Item] = []
    for f, key in zip(findings, finding_keys(findings), strict=True):
        n = at_row.get((f.sheet, f.row)) if f.file == problems_file else None
        if n is not None:
            notes.setdefault(n, []).append(f.message)
            continue
        own.append(finding_item(f, key))
    items = [problem_item(p, notes.get(n, [])) for n, p in enumerate(problems)]
    return Rectification(city, project_id, items + own, dict(answers or {}))


def problem_item(p: ProblemRow, notes: list[str]) -> Item:
    text = p.text + "".join(f"\n（审核：{note}）" for note in notes)
    return Item(p.id, p.units, "问题清单", text, p.place, p.deadline)


def finding_item(f: Finding, key: str) -> Item:
    info = CATALOGUE.get(f.rule)
    title = f"【{info.title}】" if info else ""
    return Item(
        key, (f.unit or OFFICE,), "审核发现", title + f.message, place(f), severity=f.severity
    )


def place(f: Finding) -> str:
    """Where: the 档号, else the file and the sheet, row and column."""
    if f.archive_code:
        return f.archive_code
    parts = [f.file or "", f"工作表“{f.sheet}”" if f.sheet else ""]
    if f.row is not None:
        parts.append(f"第 {f.row} 行")
    if f.column:
        parts.append(f"“{f.column}”列")
    if f.item and not any(parts):
        parts.append(f"条目 {f.item}" + (f" {f.period}" if f.period else ""))
    return " ".join(p for p in parts if p)
