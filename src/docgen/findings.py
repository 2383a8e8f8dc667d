"""A finding: one problem a rule found, with every location key the JSON report has."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

ERROR = "error"
WARNING = "warning"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1}
SEVERITY_NAMES = {ERROR: "错误", WARNING: "警告"}


@dataclass(frozen=True)
class Finding:
    """One problem. Fields that do not apply are None.

    `row` is the spreadsheet's own 1-based row number; `file` is relative to the
    project folder; `period` is "2025", "2025-Q2" or "2025-03".
    """

    rule: str
    severity: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    file: str | None = None
    item: str | None = None
    kind: str | None = None
    year: int | None = None
    period: str | None = None
    archive_code: str | None = None
    indicator: str | None = None
    unit: str | None = None
    value: Any = None
    expected: Any = None

    def to_dict(self) -> dict[str, Any]:
        # not dataclasses.asdict: it deep-copies every value, ten times slower on 100k findings
        return {name: getattr(self, name) for name in FINDING_KEYS}

    def sort_key(self) -> tuple:
        def s(v: Any) -> str:
            return "" if v is None else str(v)

        return (
            self.rule,
            s(self.sheet),
            self.row if self.row is not None else -1,
            s(self.column),
            s(self.file),
            s(self.item),
            s(self.kind),
            s(self.period),
            s(self.archive_code),
            s(self.indicator),
            s(self.unit),
            self.message,
        )


FINDING_KEYS = [f.name for f in fields(Finding)]


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Sort so that two runs on the same input print the same report."""
    return sorted(findings, key=Finding.sort_key)
