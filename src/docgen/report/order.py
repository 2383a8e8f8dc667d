"""The order every report shows findings in, by what a clerk can fix: errors in the
catalogue and the archive (ledger.*, file.*) first, then the data sheets' errors,
then the missing documents grouped by section and year (one heading per group, not
one line per requirement), and last the warnings, which the reports fold away.

The JSON report keeps the contract's order (findings.sort_findings); the table, the
HTML page and the xlsx 整改清单 all call `parts` or `in_order` here, so they agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..catalogue import CATALOGUE
from ..completeness import WHOLE_WINDOW
from ..findings import ERROR, Finding
from ..model import Guide

ARCHIVE, DATA, COMPLETENESS = "archive", "data", "completeness"
OTHER, WARNINGS = "other", "warnings"
PART_TITLES = {
    ARCHIVE: "目录和归档文件（在归档文件目录和档案中即可改正）",
    DATA: "数据表（指标数据、成员单位、问题清单）",
    COMPLETENESS: "资料完整性（按类目和年度）",
    OTHER: "其他",
    WARNINGS: "警告",
}
PART_ORDER = (ARCHIVE, DATA, COMPLETENESS, OTHER, WARNINGS)
_FAMILY_PART = {"ledger": ARCHIVE, "file": ARCHIVE, "data": DATA, "completeness": COMPLETENESS}


@dataclass(frozen=True)
class Group:
    """Findings under one heading: one rule, or (completeness) one section and year."""

    key: str  # the rule id, or "section/year" for completeness
    title: str  # the heading: the rule's title, or 01 爱国卫生组织管理 · 2025 年度
    rule: str | None  # the rule id when the group is one rule's
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Part:
    """One part of a report: the errors of one kind, or all the warnings."""

    key: str  # ARCHIVE, DATA, COMPLETENESS, OTHER or WARNINGS
    title: str
    groups: tuple[Group, ...]

    @property
    def count(self) -> int:
        return sum(len(g.findings) for g in self.groups)

    @property
    def folded(self) -> bool:
        """The reports show this part folded (a count, <details>)."""
        return self.key == WARNINGS


def part_of(f: Finding) -> str:
    if f.severity != ERROR:
        return WARNINGS
    return _FAMILY_PART.get(f.rule.split(".")[0], OTHER)


def parts(findings: Iterable[Finding], guide: Guide) -> list[Part]:
    """The non-empty parts in PART_ORDER, each with its groups in order; within a
    group the findings keep the order they came in (the contract's)."""
    groups: dict[str, dict[tuple, list[Finding]]] = {p: {} for p in PART_ORDER}
    place = _Places(guide)
    for f in findings:
        groups[part_of(f)].setdefault(place.key(f), []).append(f)
    out = []
    for p in PART_ORDER:
        if groups[p]:
            keyed = sorted(groups[p].items(), key=lambda kv: kv[0])
            out.append(Part(p, PART_TITLES[p], tuple(place.group(k, v) for k, v in keyed)))
    return out


def in_order(findings: Iterable[Finding], guide: Guide) -> list[Finding]:
    """The findings one after the other in report order."""
    return [f for p in parts(findings, guide) for g in p.groups for f in g.findings]


class _Places:
    """Sort keys and headings of groups: a rule's findings together; completeness
    findings by the guide's section order, then the year (全期 last)."""

    def __init__(self, guide: Guide) -> None:
        self.items = guide.items
        self.sections = {s.code: (n, s.name) for n, s in enumerate(guide.sections)}

    def key(self, f: Finding) -> tuple:
        if not f.rule.startswith("completeness."):
            return (0, f.rule)
        item = self.items.get(f.item or "")
        section = item.section if item is not None else ""
        rank = self.sections.get(section, (len(self.sections), ""))[0]
        year = f.year if f.year is not None else 10_000
        return (1, rank, section, year, f.rule)

    def group(self, key: tuple, found: list[Finding]) -> Group:
        if key[0] == 0:
            rule = key[1]
            info = CATALOGUE.get(rule)
            return Group(rule, info.title if info else rule, rule, tuple(found))
        _, _, section, year, rule = key
        name = self.sections.get(section, (0, ""))[1]
        when = f"{year} 年度" if year != 10_000 else WHOLE_WINDOW
        head = f"{section} {name}".strip() or "（未知类目）"
        return Group(f"{section}/{year}", f"{head} · {when}", rule, tuple(found))
