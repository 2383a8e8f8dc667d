"""The project's data as a template sees it: plain dicts and lists of problems, member
units, indicator figures, the 必备条件 and the latest audit. Dates are CnDate (they
print as 2026年11月23日); text cells are never None (an empty cell is "")."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..catalogue import CATALOGUE
from ..context import AuditInput
from ..load.problems import Problem
from ..templating.filters import CnDate

if TYPE_CHECKING:
    from ..verdicts import IndicatorVerdict

VERDICTS = {True: "达标", False: "未达标", None: "—"}
NO_DATA, UNJUDGED = "无数据", "无法判断"  # 必备条件 verdicts counted apart


# ---------------------------------------------------------------- problems and units


def problems(ctx: AuditInput, overdue: Mapping[tuple[str, int], int]) -> list[dict[str, Any]]:
    """Every row of the problem list, in sheet order; `overdue` is the check stage's
    verdict (Verdicts.days_overdue): (sheet, row) → days past the 整改时限."""
    return [_problem(p, overdue.get((p.row.sheet, p.row.row), 0)) for p in ctx.problem_list]


def _problem(p: Problem, days: int) -> dict[str, Any]:
    deadline = p.deadline.date
    units = [full or raw for raw, full in p.units]
    return {
        "no": p.text("编号"),
        "description": p.text("问题描述"),
        "location": p.text("位置"),
        "source": p.text("来源"),
        "unit": "、".join(units),
        "units": units,
        "unit_written": p.text("责任单位"),
        "assigned": _cn(p.assigned.date),
        "deadline": _cn(deadline) if deadline else p.text("整改时限"),
        "status": p.status or "未整改",
        "done": _cn(p.done.date),
        "open": not p.closed,
        "overdue": days > 0,
        "days_overdue": days,
        "overdue_text": f"已逾期{days}天" if days > 0 else "",
        "row": p.row.row,
    }


def _cn(d: dt.date | None) -> CnDate | str:
    return CnDate.of(d) if d else ""


def units(
    ctx: AuditInput,
    all_problems: list[dict[str, Any]],
    findings: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """The member units in list order, then units the problem list names that are not
    on it (with `listed` False and no contact). With `findings` (audit()["findings"])
    each unit also gets `findings`: the ones it is responsible for (unit_findings)."""
    out: dict[str, dict[str, Any]] = {}
    for m in ctx.members.units:
        out[m.name] = _unit(m.name, list(m.aliases), m.contact, m.phone, True)
    for p in all_problems:
        for name in p["units"]:
            if name not in out:
                out[name] = _unit(name, [], "", "", False)
            out[name]["problems"].append(p)
    for u in out.values():
        _finish_unit(u)
    if findings is not None:
        mine = unit_findings(ctx, findings)
        for u in out.values():
            u["findings"] = mine.get(u["name"], [])
    return list(out.values())


def unit_findings(
    ctx: AuditInput, findings: list[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """The audit's findings by responsible unit (单位名称): the finding's own unit, else
    the 责任者 of the ledger row it is about (by 档号, or by sheet and row), else the
    来源 of the 指标数据 row. Findings about the problem list are left out: its
    problems are assigned themselves."""
    problem_file = ctx.problems.path if ctx.problems is not None else None
    data_file = ctx.indicators.path if ctx.indicators is not None else None
    by_code: dict[str, str] = {}
    by_row: dict[tuple[str, int], str] = {}
    for r in ctx.rows:
        who = ctx.unit_names.get(r.text("责任者"))
        if who:
            by_code.setdefault(r.text("档号"), who)
            by_row[(r.sheet, r.row)] = who
    sources: dict[tuple[str, int], str] = {}
    if ctx.indicators is not None and ctx.indicators.present:
        for r in ctx.indicators.rows:
            who = ctx.unit_names.get(r.text("来源"))
            if who:
                sources[(r.sheet, r.row)] = who
    out: dict[str, list[dict[str, Any]]] = {}
    for f in findings:
        if problem_file and f["file"] == problem_file:
            continue
        who = f["unit"] or by_code.get(f["archive_code"])
        if not who and f["rule"].startswith(("ledger.", "file.")):
            who = by_row.get((f["sheet"], f["row"]))
        if not who and data_file and f["file"] == data_file:
            who = sources.get((f["sheet"], f["row"]))
        if who:
            out.setdefault(who, []).append(f)
    return out


def _unit(name: str, aliases: list[str], contact: str, phone: str, listed: bool) -> dict[str, Any]:
    return {
        "name": name,
        "short": aliases[0].strip() if aliases else name,
        "aliases": [a.strip() for a in aliases],
        "contact": contact,
        "phone": phone,
        "listed": listed,
        "problems": [],
    }


def _finish_unit(u: dict[str, Any]) -> None:
    open_ = [p for p in u["problems"] if p["open"]]
    dated = sorted(p["deadline"] for p in open_ if isinstance(p["deadline"], dt.date))
    u["open_problems"] = open_
    u["overdue_problems"] = [p for p in open_ if p["overdue"]]
    u["deadline"] = dated[-1] if dated else ""
    u["first_deadline"] = dated[0] if dated else ""


def status_counts(items: list[dict[str, Any]]) -> dict[str, int]:
    """total, closed, open, in_progress (整改中), not_started (未整改), overdue."""
    statuses = Counter(p["status"] for p in items)
    return {
        "total": len(items),
        "closed": sum(not p["open"] for p in items),
        "open": sum(p["open"] for p in items),
        "in_progress": statuses.get("整改中", 0),
        "not_started": statuses.get("未整改", 0),
        "overdue": sum(p["overdue"] for p in items),
    }


def circular(
    all_units: list[dict[str, Any]], all_problems: list[dict[str, Any]], year: int
) -> dict[str, Any]:
    """督查通报: the problems assigned in `year`, grouped by responsible unit."""
    of_year = [
        p for p in all_problems if isinstance(p["assigned"], dt.date) and p["assigned"].year == year
    ]
    groups = []
    for u in all_units:
        mine = [p for p in u["problems"] if p in of_year]
        if mine:
            groups.append(
                {
                    **u,
                    "problems": mine,
                    "open_problems": [p for p in mine if p["open"]],
                    "counts": status_counts(mine),
                }
            )
    counts = status_counts(of_year)
    rate = round(100 * counts["closed"] / counts["total"], 1) if counts["total"] else 0.0
    return {
        "year": year,
        "problems": of_year,
        "units": groups,
        **counts,
        "closed_rate": rate,
        "overdue_problems": [p for p in of_year if p["overdue"]],
    }


# ---------------------------------------------------------------- indicators


def indicators(verdicts: Sequence[IndicatorVerdict], year: int) -> list[dict[str, Any]]:
    """Each catalogued indicator the data sheet has figures for (the audit's verdicts,
    in catalogue order), with its target and, per year of the window, the figure and
    whether it meets the target; `current` and `previous` are the figures of `year`
    and the year before (text "—" when there is none)."""
    return [_indicator(v, year) for v in verdicts]


def _indicator(v: IndicatorVerdict, year: int) -> dict[str, Any]:
    figures = [
        {"year": y.year, "value": y.value, "text": y.text, "met": y.met, "verdict": VERDICTS[y.met]}
        for y in v.years
    ]
    latest = figures[-1]
    by_year = {f["year"]: f for f in figures}
    return {
        "code": v.code,
        "name": v.name,
        "unit": v.unit,
        "target": v.target if v.target is not None else "—",
        "verified": v.verified,
        "figures": figures,
        "by_year": by_year,
        "current": by_year.get(year, _none(year)),
        "previous": by_year.get(year - 1, _none(year - 1)),
        "latest": latest,
        "met": latest["met"],
        "verdict": latest["verdict"],
        "values_text": "，".join(f"{f['year']}年{f['text']}" for f in figures),
    }


def latest_figure(ctx: AuditInput, code: str) -> int | float | None:
    """The data sheet's figure of indicator `code` for the latest year of the window
    that has one (an integral value as int); None when there is none."""
    figures = ctx.figures
    series = figures.series(code) if figures is not None else {}
    years = [y for y in ctx.years if y in series]
    if not years:
        return None
    value = series[years[-1]].value
    return int(value) if float(value).is_integer() else value


def _none(year: int) -> dict[str, Any]:
    return {"year": year, "value": None, "text": "—", "met": None, "verdict": VERDICTS[None]}


def indicator_summary(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts over each indicator's latest figure."""
    return {
        "total": len(items),
        "met": sum(i["met"] is True for i in items),
        "not_met": sum(i["met"] is False for i in items),
        "unjudged": sum(i["met"] is None for i in items),
        "failing": [i for i in items if any(f["met"] is False for f in i["figures"])],
    }


# ---------------------------------------------------------------- 必备条件


def prerequisite_summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts over the 必备条件: total, met, not_met, no_data, unjudged; failing (the
    rows not met) and their reasons; verified (every row verified); the list's
    standard and note."""
    return {
        "total": len(rows),
        "met": sum(r["met"] is True for r in rows),
        "not_met": sum(r["met"] is False for r in rows),
        "no_data": sum(r["verdict"] == NO_DATA for r in rows),
        "unjudged": sum(r["verdict"] == UNJUDGED for r in rows),
        "failing": [r for r in rows if r["met"] is False],
        "reasons": [why for r in rows for why in r["reasons"]],
        "verified": all(r["verified"] for r in rows),
        "standard": rows[0]["standard"] if rows else "",
        "note": rows[0]["note"] if rows else "",
    }


# ---------------------------------------------------------------- audit


def audit(result) -> dict[str, Any]:
    """The audit's counts and its findings grouped by rule and by responsible unit."""
    findings = [_finding(f) for f in result.findings]
    rules = Counter(f["rule"] for f in findings)
    by_rule = [
        {
            "rule": r,
            "title": _title(r),
            "count": n,
            "severity": CATALOGUE[r].severity if r in CATALOGUE else "",
        }
        for r, n in sorted(rules.items())
    ]
    grouped: dict[str, list[dict[str, Any]]] = {}
    for f in findings:
        if f["unit"]:
            grouped.setdefault(f["unit"], []).append(f)
    by_unit = [
        {
            "unit": u,
            "findings": fs,
            "errors": sum(f["severity"] == "error" for f in fs),
            "warnings": sum(f["severity"] == "warning" for f in fs),
        }
        for u, fs in sorted(grouped.items())
    ]
    return {
        "errors": result.errors,
        "warnings": result.warnings,
        "total": len(findings),
        "findings": findings,
        "by_rule": by_rule,
        "by_unit": by_unit,
        "completeness": round(100 * result.completeness.overall, 1),
    }


def _finding(f) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "title": _title(f.rule),
        "severity": f.severity,
        "message": f.message,
        "unit": f.unit or "",
        "sheet": f.sheet or "",
        "row": f.row,
        "year": f.year,
        "file": f.file or "",
        "archive_code": f.archive_code or "",
        "place": _place(f),
    }


def _place(f) -> str:
    """Where a finding is, as a 交办单 names it: 档号 (or file), sheet and row, or the
    guide item and period."""
    parts = [f"档号 {f.archive_code}" if f.archive_code else (f.file or "")]
    if f.sheet and f.row:
        parts.append(f"工作表“{f.sheet}”第 {f.row} 行")
    if not any(parts) and f.item:
        parts = [
            f"条目 {f.item}" + (f"“{f.kind}”" if f.kind else ""),
            str(f.period or f.year or ""),
        ]
    return "，".join(p for p in parts if p) or "—"


def _title(rule_id: str) -> str:
    info = CATALOGUE.get(rule_id)
    return info.title if info is not None else rule_id
