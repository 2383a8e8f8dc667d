"""The verdicts an audit carries besides its findings (AuditResult.verdicts), as plain
data: each indicator's figures of the audit window against its target, the
必备条件 table, and how many days each open problem is past its 整改时限. The check
stage decides them (rules/data/verdicts.py); views, the
dossier and the memo read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import InputError


@dataclass(frozen=True)
class YearVerdict:
    """An indicator's figure of one year and whether it meets the target (None:
    cannot be judged, or no target)."""

    year: int
    value: float
    text: str  # as a document shows it: 83.6%, C级
    met: bool | None


@dataclass(frozen=True)
class IndicatorVerdict:
    """A catalogued indicator the data sheet has figures for in the audit window."""

    code: str
    name: str
    unit: str
    target: str | None  # the target described, None when the standard sets none
    verified: bool
    years: tuple[YearVerdict, ...]


@dataclass(frozen=True)
class Overdue:
    """A problem of the 问题清单 (by its sheet and spreadsheet row) past its 整改时限
    and not closed, on the day of the check: `days` after the deadline (≥ 1)."""

    sheet: str
    row: int
    days: int


@dataclass(frozen=True)
class Verdicts:
    """`prerequisites`: the 必备条件 rows (rules/data/prerequisites.py), or the
    Chinese message of the error that kept the list from loading."""

    indicators: tuple[IndicatorVerdict, ...] = ()
    prerequisites: list[dict[str, Any]] | str = field(default_factory=list)
    overdue: tuple[Overdue, ...] = ()  # the overdue problems, in sheet order

    def days_overdue(self) -> dict[tuple[str, int], int]:
        """(sheet, row) of the 问题清单 → days past its 整改时限 (overdue problems only)."""
        return {(o.sheet, o.row): o.days for o in self.overdue}

    def prerequisite_rows(self) -> list[dict[str, Any]]:
        """The 必备条件 rows; an InputError when the list could not be loaded."""
        if isinstance(self.prerequisites, str):
            raise InputError(self.prerequisites)
        return self.prerequisites
