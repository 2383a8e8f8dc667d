"""Preflight: the full audit (catalogue, files, completeness, data checks) before the
dossier is built. Error-level findings are what an inspector fails a city for
(missing years, below-standard prerequisites, figures that disagree): they refuse the
build unless --force, and a forced build is marked as a draft."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..audit import AuditResult, judge, load_input
from ..catalogue import CATALOGUE
from ..context import AuditInput

SHOWN_PER_RULE = 3


@dataclass
class Preflight:
    result: AuditResult

    @property
    def errors(self) -> list:
        return [f for f in self.result.findings if f.severity == "error"]

    @property
    def passed(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """A Chinese paragraph listing the errors by rule, a few examples each."""
        errors = self.errors
        if not errors:
            return "预检通过：审核未发现错误。"
        counts = Counter(f.rule for f in errors)
        lines = [f"预检发现 {len(errors)} 个错误（评审时会被判为不合格）："]
        for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(
                f"  {CATALOGUE[rule].title if rule in CATALOGUE else rule}（{rule}）{n} 个，例如："
            )
            for f in [f for f in errors if f.rule == rule][:SHOWN_PER_RULE]:
                lines.append(f"    - {f.message}")
        return "\n".join(lines)


def run_preflight(root: Path, today: dt.date | None = None) -> tuple[Preflight, AuditInput]:
    """The audit, and the input it judged (with the figures the documents state: the
    必备条件 table and the evidence index are built from the same load)."""
    ctx = load_input(root, today=today, statements=True)
    return Preflight(judge(ctx)), ctx
