"""The context a template sees — the project as templates see it: city, guide, years,
indicators, units, problems, the latest audit and today, built from the loaded
project and its AuditResult (handed in by the caller), with the --data YAML merged
on top. Nothing here runs the audit or judges.

Only the keys a template names are built (`build(names)`): a notice does not wait
for an audit. Keys:

  city        name, level, level_name (城市/县城), province, fonds, and docgen.yaml's
              other city fields (profile.py checks them): area, built_up_area and
              population (from the latest 指标数据 figure when docgen.yaml has none),
              gdp, townships, streets, communities, districts [{name, note}],
              summary [paragraphs], committee {director, deputies [..], office, staff}
  guide       id, title, version (2014/2021), standard (its name), sections
              [{code, name, items [{code, name}]}]
  years, year the audit window and its last year
  today, date today (--data `today` overrides, and the audit and 逾期 use it); the
              成文日期 (--data `date`, else today)
  problems    [{no, description, location, source, unit, units, unit_written,
              assigned, deadline, status, done, open, overdue, days_overdue (the
              check stage's verdict), overdue_text (已逾期N天, or ""), row}]
  problem_counts  total, closed, open, in_progress, not_started, overdue
  units       [{name, short, aliases, contact, phone, listed, problems,
              open_problems, overdue_problems, deadline, first_deadline}]; for a
              template that reads `unit` (--each unit) also `findings`, the latest
              audit's findings the unit is responsible for (facts.unit_findings)
  indicators  [{code, name, unit, target, verified, figures [{year, value, text,
              met, verdict}], by_year, current (of `year`), previous, latest, met,
              verdict, values_text}]
  indicator   the same entries by indicator name and by code
  indicator_summary  total, met, not_met, unjudged, failing
  circular    the problems of `year` grouped by unit (see facts.circular)
  prerequisites  the 必备条件 table (the audit's verdicts), judged on the figures with
              the 档号 of the filed documents that state them
  prerequisite_summary  total, met, not_met, no_data, unjudged, failing, verified,
              standard, note
  audit       errors, warnings, total, completeness (%), findings [{rule, title,
              severity, message, place, unit, …}], by_rule, by_unit
  unit        with --each unit: the unit one document is for
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..context import AuditInput
from ..errors import InputError
from ..indicators.catalogue import standard_version
from ..load.data_file import read_data_file
from ..load.project import FIRST_YEAR, LAST_YEAR
from ..templating.filters import CnDate, as_date
from . import facts
from .fields import FIELDS
from .profile import city_profile

if TYPE_CHECKING:
    from ..audit import AuditResult
    from ..verdicts import Verdicts

LEVEL_NAMES = {"city": "城市", "county": "县城"}
STANDARDS = {"2014": "国家卫生城市标准（2014版）", "2021": "国家卫生城市和国家卫生县标准（2021版）"}
FROM_INDICATORS = {
    "built_up_area": "built-up-area",
    "population": "population",
}  # docgen.yaml first


class Source:
    """The project as templates see it, from what the caller hands in: `load` gives
    the loaded project (without its files inspected) and `audit` its AuditResult, each
    for a day (`today`, which --data may set), each asked for only when a template
    needs it; facts derived on first use. `verdicts`, when given, judges the loaded
    project without its files (the indicator verdicts need no more): a template that
    shows indicators then does not wait for a whole audit. `per_unit`: the template reads `unit`
    (build() sets it), so each unit carries its audit findings."""

    def __init__(
        self,
        root: Path,
        data: dict[str, Any] | None = None,
        *,
        load: Callable[[dt.date], AuditInput],
        audit: Callable[[dt.date], AuditResult],
        verdicts: Callable[[AuditInput], Verdicts] | None = None,
    ) -> None:
        self.root = Path(root)
        self.data = data or {}
        self.today = _day(self.data.get("today"), "today") or dt.date.today()
        self.per_unit = False
        self._load, self._audit, self._verdicts = load, audit, verdicts
        self._cache: dict[str, Any] = {}

    def get(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    @property
    def input(self) -> AuditInput:
        return self.get("input", lambda: self._load(self.today))

    @property
    def result(self) -> AuditResult:
        return self.get("result", lambda: self._audit(self.today))

    @property
    def problems(self) -> list[dict[str, Any]]:
        return self.get(
            "problems", lambda: facts.problems(self.input, self._all_verdicts().days_overdue())
        )

    @property
    def units(self) -> list[dict[str, Any]]:
        if self.per_unit:
            return self.get(
                "units+findings",
                lambda: facts.units(self.input, self.problems, self.audit["findings"]),
            )
        return self.get("units", lambda: facts.units(self.input, self.problems))

    @property
    def prerequisites(self) -> list[dict[str, Any]]:
        return self.get("prerequisites", lambda: self.result.verdicts.prerequisite_rows())

    @property
    def indicators(self) -> list[dict[str, Any]]:
        return self.get(
            "indicators", lambda: facts.indicators(self._indicator_verdicts(), self.year)
        )

    def _indicator_verdicts(self) -> tuple:
        return self._all_verdicts().indicators

    def _all_verdicts(self) -> Verdicts:
        """The check stage's verdicts: the audit's when it ran (or no quicker judge was
        given), else the loaded project judged without its files."""
        if self._verdicts is None or "result" in self._cache:
            return self.result.verdicts
        return self.get("verdicts", lambda: self._verdicts(self.input))

    @property
    def audit(self) -> dict[str, Any]:
        return self.get("audit", lambda: facts.audit(self.result))

    @property
    def year(self) -> int:
        value = self.data.get("year")
        if value is None:
            return self.input.years[-1]
        text = str(value).strip()[:20]
        if not isinstance(value, bool) and (
            isinstance(value, int) or (isinstance(value, str) and text.isdecimal())
        ):
            year = int(text)
            if FIRST_YEAR <= year <= LAST_YEAR:
                return year
        raise InputError(
            f"--data 中 year 的值 {text!r} 不是年份。"
            f"请写成 {FIRST_YEAR}–{LAST_YEAR} 之间的四位数字，例如 year: 2026。"
        )


def _city(s: Source) -> dict[str, Any]:
    c = s.input.project.city
    profile = city_profile(c.profile)
    for key, code in FROM_INDICATORS.items():
        if key not in profile:
            latest = facts.latest_figure(s.input, code)
            if latest is not None:
                profile[key] = latest
    return {
        **profile,
        "name": c.name,
        "level": c.level,
        "level_name": LEVEL_NAMES.get(c.level, c.level),
        "province": c.province or "",
        "fonds": c.fonds or "",
    }


def _guide(s: Source) -> dict[str, Any]:
    g = s.input.guide
    sections = [
        {
            "code": sec.code,
            "name": sec.name,
            "items": [{"code": i.code, "name": i.name} for i in sec.items],
        }
        for sec in g.sections
    ]
    v = standard_version(g.id)
    return {
        "id": g.id,
        "title": g.title,
        "level": g.level,
        "version": v,
        "standard": STANDARDS.get(v, f"{v}版标准"),
        "sections": sections,
    }


def _indicator_index(s: Source) -> dict[str, Any]:
    index = {i["code"]: i for i in s.indicators}
    index.update({i["name"]: i for i in s.indicators})
    return index


BUILDERS: dict[str, Callable[[Source], Any]] = {
    "city": _city,
    "guide": _guide,
    "years": lambda s: list(s.input.years),
    "year": lambda s: s.year,
    "today": lambda s: CnDate.of(s.today),
    "date": lambda s: CnDate.of(s.today),
    "problems": lambda s: s.problems,
    "problem_counts": lambda s: facts.status_counts(s.problems),
    "units": lambda s: s.units,
    "indicators": lambda s: s.indicators,
    "indicator": _indicator_index,
    "indicator_summary": lambda s: facts.indicator_summary(s.indicators),
    "circular": lambda s: facts.circular(s.units, s.problems, s.year),
    "prerequisites": lambda s: s.prerequisites,
    "prerequisite_summary": lambda s: facts.prerequisite_summary(s.prerequisites),
    "audit": lambda s: s.audit,
}
assert tuple(BUILDERS) == FIELDS  # fields.py names them for render/


def build(source: Source, names: set[str] | None = None) -> dict[str, Any]:
    """The context for a template that uses `names` (None: every key), --data on top."""
    source.per_unit = source.per_unit or names is None or "unit" in names
    wanted = BUILDERS if names is None else [n for n in BUILDERS if n in names]
    context = {name: BUILDERS[name](source) for name in wanted}
    return merge(context, source.data)


def merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    """`top` over `base`; mappings are merged key by key."""
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


# ---------------------------------------------------------------- --data


def read_data(path: Path | None) -> dict[str, Any]:
    """The --data YAML (load.data_file): a mapping. Empty values are dropped (so that
    a template that needs them says which is missing); dates become CnDate."""
    data = _clean(read_data_file(path))
    for key in ("today", "date"):
        if key in data:
            data[key] = CnDate.of(_day(data[key], key))
    return data


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items() if v is not None and v != ""}
    if isinstance(value, list):
        return [_clean(v) for v in value if v is not None]
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return CnDate.of(value)
    return value


def _day(value: Any, key: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return as_date(value)
    except ValueError as exc:
        raise InputError(f"--data 中 {key} 的值有误：{exc}。") from None
