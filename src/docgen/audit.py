"""The audit pipeline: load → check → result. Reports render an AuditResult."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .completeness import Completeness, measure
from .context import AuditInput
from .errors import InputError
from .findings import ERROR, WARNING, Finding, sort_findings
from .inspect import inspect_files
from .load.archive import link_rows, scan_archive
from .load.guide import load_guide
from .load.ledger import load_ledger
from .load.project import load_project
from .load.units import load_units, unit_index
from .model import Guide, Project
from .rules import select

Progress = Callable[[int, int], None]


@dataclass
class AuditResult:
    project: Project
    guide: Guide
    years: list[int]
    findings: list[Finding]
    completeness: Completeness
    stats: dict = field(default_factory=dict)
    version: str = __version__

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.findings)


def load_input(root: Path, guide: str | None = None, years: list[int] | None = None,
               today: dt.date | None = None, progress: Progress | None = None,
               inspect: bool = True) -> AuditInput:
    """Everything the rules need, read from the project folder."""
    project = load_project(root, guide, years)
    the_guide = load_guide(project.guide, base=project.root)
    ledger = load_ledger(project.path("ledger"), project.paths["ledger"], project.ledger_sheets)
    archive = scan_archive(project.root, project.paths["archive"])
    archive.links = link_rows(ledger, archive)
    if inspect:
        wanted = sorted({rel for link in archive.links for rel in link.matched})
        archive.inspections = inspect_files(
            [archive.files[r] for r in wanted], cache_dir=project.root / "out" / ".cache", progress=progress
        )
    units: dict[str, str] = {}
    if project.path("units").is_file():
        try:
            units = unit_index(load_units(project.path("units"), project.paths["units"]))
        except InputError:
            units = {}  # the data checks report an unusable unit list; the ledger audit goes on
    return AuditInput(project=project, guide=the_guide, years=project.years, ledger=ledger,
                      archive=archive, today=today or dt.date.today(), unit_names=units)


def run_audit(root: Path, guide: str | None = None, years: list[int] | None = None,
              rules: list[str] | None = None, today: dt.date | None = None,
              progress: Progress | None = None) -> AuditResult:
    selected = select(rules)
    needs_files = any(r.rule_id.startswith("file.") for r in selected)
    ctx = load_input(root, guide, years, today, progress, inspect=needs_files)
    findings: list[Finding] = []
    for rule in selected:
        findings.extend(rule(ctx))
    archive = ctx.archive
    stats = {
        "sheets": len(ctx.ledger.sheets),
        "rows": len(ctx.rows),
        "files": len(archive.files) if archive else 0,
        "inspected": len(archive.inspections) if archive else 0,
    }
    return AuditResult(project=ctx.project, guide=ctx.guide, years=ctx.years,
                       findings=sort_findings(findings), completeness=measure(ctx), stats=stats)
