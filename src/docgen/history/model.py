"""What the audit history knows: one `RunSummary` per recorded audit, and the
`Comparison` of a run with the previous comparable one (same guide, audit years and
rule selection). Every finding has a stable key (`finding_key`) so that a finding
still present in the next run is recognised as the same one.

The key is readable — `{rule}|{column}|{identity}`, e.g.
`ledger.bad-date|日期|a|J012-2025-D10-03-0001` — where the identity is the most
specific of (first that applies):

  a. the 档号 (`archive_code`): a ledger row or a filed document — plus the indicator
     and year for the figures a document states;
  b. the indicator and year: a figure of the indicator sheet;
  c. the guide item, kind and period (and sheet, year): a completeness gap, or a
     ledger row without 档号;
  d. the file and sheet, for findings about a whole file, sheet or column;
  e. the responsible unit and the cell value: a row of the problem or unit list;
  f. only then the sheet and row number,

always with the rule and the column. The row number is not part of a key that has a
better identity, so inserting a ledger row above does not make findings "new"; the
message is never part of it (it names row numbers and dates). Findings that share an
identity in one run are told apart by their order (`~2`, `~3` … appended to the key
of the second, third …), which row insertions do not change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..findings import FINDING_KEYS, Finding

KEY_SCHEME = 1  # bump when finding_key changes: older runs' keys are then recomputed
NEW, OPEN, FIXED = "new", "open", "fixed"
STATUS_NAMES = {NEW: "新增", OPEN: "未整改", FIXED: "已整改"}

_ENCODE = json.JSONEncoder(ensure_ascii=False, default=str, separators=(",", ":")).encode


@dataclass
class RunSummary:
    """One recorded audit run. `completeness` is None when it was not measured;
    `new`, `fixed` and `still_open` count against `compared_to`, the previous run with
    the same guide, years and rule selection (all 0 when there is none)."""

    run_id: int
    run_time: str  # ISO 8601 local time to the second, e.g. "2026-11-23T10:15:02"
    version: str
    guide: str
    years: tuple[int, ...]
    errors: int
    warnings: int
    completeness: float | None  # overall 0..1, None if not measured
    by_section: dict[str, float]  # section code → 0..1
    new: int  # findings new since the previous run (0 for the first run)
    fixed: int  # previous run's findings no longer present
    still_open: int  # findings present in both
    rules: tuple[str, ...] | None = None  # the rule ids run; None: the full rule set
    compared_to: int | None = None  # run_id of the previous comparable run

    @property
    def scope(self) -> tuple[str, tuple[int, ...], tuple[str, ...] | None]:
        """Runs with the same scope are compared with each other."""
        return (self.guide, self.years, self.rules)

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "run_time": self.run_time,
            "version": self.version,
            "guide": self.guide,
            "years": list(self.years),
            "rules": None if self.rules is None else list(self.rules),
            "errors": self.errors,
            "warnings": self.warnings,
            "completeness": self.completeness,
            "by_section": dict(self.by_section),
            "compared_to": self.compared_to,
            "new": self.new,
            "fixed": self.fixed,
            "still_open": self.still_open,
        }


@dataclass
class Comparison:
    """A run and what changed since the previous comparable run.

    `status` maps the key of every current finding (see `finding_keys`) to "new" or
    "open", and is empty when there is no previous run. `trend` holds the recorded runs
    of the same scope as `current` (guide, years, rule selection), oldest first,
    `current` last: runs of another scope are not comparable."""

    current: RunSummary
    previous: RunSummary | None
    status: dict[str, str]  # finding key → "new" | "open"; {} when there is no previous run
    fixed: list[dict]  # the previous run's findings (JSON report dicts) that are gone now
    trend: list[RunSummary]  # the comparable runs, oldest first, including current
    new_findings: list[dict] = field(default_factory=list)  # the current findings that are new
    _by_id: dict[int, str] = field(default_factory=dict, repr=False, compare=False)
    _findings: object = field(default=None, repr=False, compare=False)  # keeps the ids valid

    def status_of(self, finding: Finding) -> str | None:
        """ "new" | "open" for a finding of the current run; None without a previous run."""
        if self.previous is None:
            return None
        found = self._by_id.get(id(finding))
        if found is not None:
            return found
        return self.status.get(finding_key(finding))

    def statuses(self, findings: Iterable[Finding]) -> list[str | None]:
        """status_of for each finding, in order."""
        return [self.status_of(f) for f in findings]


def _value_text(value: Any) -> str:
    return str(value) if isinstance(value, str | int | float) else _ENCODE(value)


def finding_key(f: Finding) -> str:
    """The finding's stable key, without the `~n` of a repeated identity: the rule,
    the column and the identity (see above), joined by "|", e.g.
    `ledger.bad-date|日期|a|J012-2025-D10-03-0001`. Plain f-strings: 80,000 findings
    take a few hundredths of a second."""
    if f.archive_code is not None:
        subject = (
            f"a|{f.archive_code}"
            if f.indicator is None
            else f"a|{f.archive_code}|{f.indicator}|{f.year}"
        )
    elif f.indicator is not None:
        subject = f"i|{f.file}|{f.sheet}|{f.indicator}|{f.year}"
    elif f.item is not None or f.kind is not None or f.period is not None:
        subject = f"r|{f.sheet}|{f.item}|{f.kind}|{f.period}|{f.year}"
    elif f.row is None:
        subject = f"f|{f.file}|{f.sheet}"
    elif f.unit is not None or f.value is not None:
        subject = f"u|{f.file}|{f.sheet}|{f.unit}|{_value_text(f.value)}"
    else:
        subject = f"row|{f.file}|{f.sheet}|{f.row}"
    return f"{f.rule}|{f.column}|{subject}"


def finding_keys(findings: Iterable[Finding]) -> list[str]:
    """The key of each finding of one run (in the report's order): the second, third …
    finding with the same identity gets `~2`, `~3` … appended."""
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        key = finding_key(f)
        n = seen.get(key, 0) + 1
        seen[key] = n
        out.append(key if n == 1 else f"{key}~{n}")
    return out


def finding_from_dict(data: Mapping[str, Any]) -> Finding:
    """A Finding back from a stored JSON dict (unknown keys ignored)."""
    values = {k: data.get(k) for k in FINDING_KEYS}
    values["rule"] = str(values["rule"] or "")
    values["severity"] = str(values["severity"] or "")
    values["message"] = str(values["message"] or "")
    return Finding(**values)
