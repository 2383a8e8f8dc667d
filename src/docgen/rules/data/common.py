"""What the data rules share: the project's standard version and level, how a message
names a figure's place, and how a value is shown. The figures come read
(AuditInput.figures)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ...catalogue import CATALOGUE
from ...context import AuditInput
from ...findings import WARNING, Finding
from ...indicators.catalogue import Catalogue, Indicator, Target, fmt, standard_version, unit_suffix
from ...indicators.figures import grade_name
from ...model import Figure


def catalogue(ctx: AuditInput) -> Catalogue:
    return ctx.catalogue


def version(ctx: AuditInput) -> str:
    """The standard version of the project's guide: "2014" or "2021"."""
    return standard_version(ctx.guide.id if ctx.guide is not None else ctx.project.guide)


def level(ctx: AuditInput) -> str:
    return ctx.project.city.level or "city"


def applicable(ctx: AuditInput) -> list[tuple[Indicator, Target]]:
    """The indicators with a checkable threshold for the project's version and level."""
    v, lv = version(ctx), level(ctx)
    out = []
    for ind in ctx.catalogue.indicators:
        t = ind.threshold(v, lv)
        if t is not None and t.checkable:
            out.append((ind, t))
    return out


def at(fig: Figure) -> str:
    """How a message names where a figure was read."""
    if fig.source == "data":
        return f"{fig.file} 工作表“{fig.sheet}”第 {fig.row} 行"
    code = f"（档号 {fig.archive_code}）" if fig.archive_code else ""
    return f"文件 {fig.file}{code}"


def show(value: float, ind: Indicator) -> str:
    """83.6 → “83.6%”, 14.1 → “14.1 平方米”, a grade → “C级”."""
    if ind.kind == "grade":
        return grade_name(value)
    return f"{fmt(round(value, 6))}{unit_suffix(ind.unit)}"


def where(fig: Figure, column: str | None = "数值", **more: Any) -> dict[str, Any]:
    """The location keys of a finding about a figure."""
    keys: dict[str, Any] = {"indicator": fig.indicator, "year": fig.year, "value": fig.value}
    if fig.source == "data":
        keys.update(sheet=fig.sheet, row=fig.row, column=column, file=fig.file)
    else:
        keys.update(file=fig.file, archive_code=fig.archive_code)
    keys.update(more)
    return keys


def as_warning(finding: Finding) -> Finding:
    return replace(finding, severity=WARNING)


def phrase(rule_id: str, variant: str, **fields: Any) -> str:
    """A fragment of a message (a hint, a parenthesis) from the rule's catalogue entry."""
    return CATALOGUE[rule_id].message(variant, **fields)
