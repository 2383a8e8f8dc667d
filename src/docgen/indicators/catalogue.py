"""The indicator catalogue (archive_schema/indicators.yaml): indicators, their
thresholds per standard version and level, and the relations between them.

load/indicator_catalogue.py reads it (`load_catalogue()`, the built-in file, or a
project's own).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

VERSIONS = ("2014", "2021")
LEVELS = ("city", "county")
OPS = (">=", ">", "<=", "<", "==")
GRADES = ("A", "B", "C", "D")
RELATION_KINDS = ("le", "rate")
COUNTY_NOTE = "县级目标值未查到，沿用城市目标值"


@dataclass(frozen=True)
class Target:
    """One threshold of one indicator for one standard version and level.

    Exactly one of: `op`+`value`; `grade` (达到C级: A/B/C pass); `trend` ("down" or
    "up"; `mode` "each" = 逐年/持续, "overall" = 呈…趋势 over the window);
    `recent_mean` (不高于近N年平均水平); `plan` (符合区域卫生规划: not checkable);
    `any_of` (met when any branch is met)."""

    version: str
    level: str = "city"
    op: str | None = None
    value: float | None = None
    grade: str | None = None
    trend: str | None = None
    mode: str = "each"
    recent_mean: int | None = None
    plan: bool = False
    any_of: tuple[Target, ...] = ()
    verified: bool = False
    source: str | None = None  # the standard the value comes from: "2021", "2014", "2005"
    ref: str | None = None  # where it was read
    note: str | None = None
    readings: tuple[float, ...] = ()  # conflicting values the sources give (the message names them)
    text: str | None = None  # the standard's own words, used in messages when given

    @property
    def checkable(self) -> bool:
        if self.any_of:
            return any(t.checkable for t in self.any_of)
        return not self.plan

    def describe(self, unit: str | None = None) -> str:
        """The target in Chinese: “≥90%”, “逐年下降”, “5.6‰或持续降低”."""
        if self.text:
            return self.text
        if self.any_of:
            return "或".join(t.describe(unit) for t in self.any_of)
        if self.plan:
            return "符合所在地区域卫生规划要求"
        if self.grade:
            return f"达到{self.grade}级"
        if self.trend:
            word = "下降" if self.trend == "down" else "提高"
            return f"呈{word}趋势" if self.mode == "overall" else f"逐年{word}"
        if self.recent_mean:
            return f"不高于近{self.recent_mean}年平均水平"
        sign = {">=": "≥", "<=": "≤", "==": "="}.get(self.op or "", self.op or "")
        return f"{sign}{fmt(self.value)}{unit_suffix(unit)}"


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str
    aliases: tuple[str, ...] = ()
    range: tuple[float | None, float | None] = (None, None)
    thresholds: tuple[Target, ...] = ()
    kind: str = "number"  # "number" | "grade"
    additive: bool = False  # district figures add up to the city's
    section: str | None = None
    number: int | None = None  # its number in the 2021 评价指标 table, when confirmed
    note: str | None = None
    # its place in the online evaluation form (2021 standard, 1–56; the four 主要污染物
    # sub-values share 24); the 1–32 places follow the form's order (DOMAIN-2 §1.2, ±1)
    form_no: int | None = None
    form_name: str | None = None  # the form's wording, where it differs from `name`
    levels: tuple[str, ...] = LEVELS  # the forms it is in: city, county (4 are city-only)

    def threshold(self, version: str, level: str = "city") -> Target | None:
        """The target for this version and level. A county without its own value gets
        the city's, marked unverified."""
        found = {t.level: t for t in self.thresholds if t.version == version}
        if level in found:
            return found[level]
        city = found.get("city")
        if city is None or level == "city":
            return None
        note = f"{city.note}；{COUNTY_NOTE}" if city.note else COUNTY_NOTE
        return replace(city, level=level, verified=False, note=note)

    @property
    def names(self) -> tuple[str, ...]:
        extra = (self.form_name,) if self.form_name and self.form_name not in self.aliases else ()
        return (self.name, *self.aliases, *extra)

    @property
    def form_label(self) -> str:
        """The name the online evaluation form gives it."""
        return self.form_name or self.name


@dataclass(frozen=True)
class Relation:
    """`le`: part ≤ whole. `rate`: rate = numerator / denominator × the rate unit's
    scale (% → 100, ‰ → 1000); denominator "days-in-year" = the year's calendar days.
    (District sums are not relations: every `additive` indicator gets them.)"""

    kind: str
    part: str | None = None
    whole: str | None = None
    rate: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    tolerance: float | None = (
        None  # absolute, in the checked figure's unit; default: half its last digit
    )
    note: str | None = None


DAYS_IN_YEAR = "days-in-year"


@dataclass
class Catalogue:
    indicators: list[Indicator]
    relations: list[Relation] = field(default_factory=list)
    source: str = "archive_schema/indicators.yaml"

    def __post_init__(self) -> None:
        self._by_code = {i.code: i for i in self.indicators}
        self._by_key: dict[str, Indicator] = {}
        for ind in self.indicators:
            self._by_key[name_key(ind.code)] = ind
            for n in ind.names:
                self._by_key.setdefault(name_key(n), ind)

    def get(self, code: str) -> Indicator:
        return self._by_code[code]

    def find(self, name_or_code: Any) -> Indicator | None:
        """The indicator with this code, name or alias (spaces, full/half-width forms
        and dash styles do not matter)."""
        if name_or_code is None:
            return None
        return self._by_key.get(name_key(str(name_or_code)))

    def aliases(self) -> dict[str, str]:
        """Every name and alias as written in the catalogue → indicator code."""
        return {n: ind.code for ind in self.indicators for n in ind.names}

    def names(self) -> list[str]:
        return [n for ind in self.indicators for n in ind.names]

    def form(self, level: str | None = None) -> list[Indicator]:
        """The indicators of the online evaluation form, in its order (form_no, then
        catalogue order for the sub-values that share a place); `level` keeps only
        those of the city or the county form."""
        placed = [i for i in self.indicators if i.form_no is not None]
        if level is not None:
            placed = [i for i in placed if level in i.levels]
        return sorted(placed, key=lambda i: i.form_no or 0)


def standard_version(guide_id: str | None) -> str:
    """The standard version a filing guide follows: "2014" for a 2014 guide
    (national-city-2014), else "2021"."""
    return "2014" if guide_id and re.search(r"(?<!\d)2014(?!\d)", str(guide_id)) else "2021"


_DASHES = re.compile(r"[‐‑‒–—―−～~－]")
_SPACE = re.compile(r"[\s\u3000\u00a0\u200b]+")


def name_key(text: str) -> str:
    """An indicator name or code as compared: NFKC, no spaces, one dash style,
    lower case, 、 kept."""
    s = unicodedata.normalize("NFKC", text)
    s = _SPACE.sub("", s)
    s = _DASHES.sub("-", s)
    return s.lower()


def fmt(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def unit_suffix(unit: str | None) -> str:
    if not unit:
        return ""
    if unit.startswith("1/"):  # 18/10万, not 181/10万
        return unit[1:]
    return unit if unit in ("%", "‰") else f" {unit}"
