"""The verdicts an audit carries besides its findings (AuditResult.verdicts), as plain
data: each indicator's figures of the audit window against its target, and the
必备条件 table. The check stage decides them (rules/data/verdicts.py); views, the
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
class Verdicts:
    """`prerequisites`: the 必备条件 rows (rules/data/prerequisites.py), or the
    Chinese message of the error that kept the list from loading."""

    indicators: tuple[IndicatorVerdict, ...] = ()
    prerequisites: list[dict[str, Any]] | str = field(default_factory=list)

    def prerequisite_rows(self) -> list[dict[str, Any]]:
        """The 必备条件 rows; an InputError when the list could not be loaded."""
        if isinstance(self.prerequisites, str):
            raise InputError(self.prerequisites)
        return self.prerequisites
