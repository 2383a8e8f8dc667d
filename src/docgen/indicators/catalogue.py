"""The indicator catalogue (archive_schema/indicators.yaml): indicators, their
thresholds per standard version and level, and the relations between them.

`load_catalogue()` reads the built-in file; `load_catalogue(path)` a user's file,
which may say `extends: builtin` and then only list what it changes (indicators
are merged by code, field by field; relations are added).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..load.yamlfile import read_yaml
from ..resources import resource_dir
from . import units

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
        return (self.name, *self.aliases)


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


# ---------------------------------------------------------------- loading


def load_catalogue(path: Path | None = None) -> Catalogue:
    """The built-in catalogue, or the file at `path`. A file with `extends: builtin`
    lists only changes: indicators merge by code, field by field (a threshold replaces
    the built-in one of the same version and level); relations are added."""
    builtin = resource_dir("archive_schema") / "indicators.yaml"
    if path is None:
        return _parse(read_yaml(builtin, "内置指标目录 indicators.yaml"), "indicators.yaml")
    shown = str(path)
    data = read_yaml(Path(path), shown)
    if isinstance(data, dict) and data.get("extends") in (
        "builtin",
        "indicators",
        "indicators.yaml",
    ):
        base = read_yaml(builtin, "内置指标目录 indicators.yaml")
        data = _merge(base, data, shown)
    return _parse(data, shown)


def _merge(base: dict, extra: dict, shown: str) -> dict:
    merged = {i["code"]: dict(i) for i in base.get("indicators", [])}
    for entry in extra.get("indicators") or []:
        if not isinstance(entry, dict) or not entry.get("code"):
            raise InputError(f"{shown}：indicators 中每一项都要有 code（指标代码）。请补上。")
        current = merged.setdefault(str(entry["code"]), {})
        thresholds = _merge_thresholds(current.get("thresholds"), entry.get("thresholds"))
        current.update(entry)
        if thresholds is not None:
            current["thresholds"] = thresholds
    relations = list(base.get("relations") or []) + list(extra.get("relations") or [])
    return {**base, "indicators": list(merged.values()), "relations": relations}


def _merge_thresholds(base: Any, extra: Any) -> list | None:
    """A user's thresholds replace the built-in ones of the same version and level."""
    if not isinstance(extra, list) or not isinstance(base, list):
        return None

    def key(t: Any) -> tuple:
        return (
            (str(t.get("version")), t.get("level") or "city")
            if isinstance(t, dict)
            else (None, None)
        )

    replaced = {key(t) for t in extra}
    return [t for t in base if key(t) not in replaced] + list(extra)


def _parse(data: Any, shown: str) -> Catalogue:
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), list):
        raise InputError(
            f"{shown} 不是指标目录：顶层应有 indicators 列表。请对照内置的 indicators.yaml 修改。"
        )
    indicators = [_indicator(e, i, shown) for i, e in enumerate(data["indicators"], 1)]
    _check_unique(indicators, shown)
    codes = {i.code for i in indicators}
    relations = [
        _relation(e, i, shown, codes) for i, e in enumerate(data.get("relations") or [], 1)
    ]
    return Catalogue(indicators=indicators, relations=relations, source=shown)


def _bad(shown: str, where: str, problem: str) -> InputError:
    return InputError(f"{shown} 中{where}：{problem}。请改正后重试。")


def _indicator(e: Any, n: int, shown: str) -> Indicator:
    where = f"第 {n} 个指标"
    if not isinstance(e, dict):
        raise _bad(shown, where, "应是一个包含 code、name、unit 的映射")
    for key in ("code", "name", "unit"):
        if not e.get(key):
            raise _bad(shown, where, f"缺少 {key}")
    code, unit = str(e["code"]), str(e["unit"])
    where = f"指标 {code}"
    if not units.known(unit):
        raise _bad(shown, where, f"单位“{unit}”不是可识别的计量单位")
    aliases = e.get("aliases") or []
    if not isinstance(aliases, list):
        raise _bad(shown, where, "aliases 应是列表")
    kind = str(e.get("kind") or "number")
    if kind not in ("number", "grade"):
        raise _bad(shown, where, f"kind 只能是 number 或 grade，不是“{kind}”")
    thresholds = e.get("thresholds") or []
    if not isinstance(thresholds, list):
        raise _bad(shown, where, "thresholds 应是列表")
    return Indicator(
        code=code,
        name=str(e["name"]),
        unit=unit,
        aliases=tuple(str(a) for a in aliases),
        range=_range(e.get("range"), shown, where),
        kind=kind,
        additive=bool(e.get("additive")),
        thresholds=tuple(
            _target(t, shown, f"{where} 的第 {k} 个 threshold") for k, t in enumerate(thresholds, 1)
        ),
        section=e.get("section"),
        number=e.get("number"),
        note=e.get("note"),
    )


def _range(value: Any, shown: str, where: str) -> tuple[float | None, float | None]:
    if value is None:
        return (None, None)
    if not isinstance(value, list) or len(value) != 2:
        raise _bad(shown, where, "range 应写成 [最小值, 最大值]（不限用 null）")
    lo, hi = value
    for v in (lo, hi):
        if v is not None and not isinstance(v, (int, float)):
            raise _bad(shown, where, f"range 中的“{v}”不是数字")
    return (lo, hi)


def _target(t: Any, shown: str, where: str, top: bool = True) -> Target:
    if not isinstance(t, dict):
        raise _bad(
            shown, where, '应是一个映射，如 {version: "2021", op: ">=", value: 90, verified: true}'
        )
    version = str(t.get("version", "")) if top else ""
    if top and version not in VERSIONS:
        raise _bad(shown, where, f"version 应是 {' 或 '.join(VERSIONS)}")
    level = str(t.get("level") or "city")
    if level not in LEVELS:
        raise _bad(shown, where, f"level 只能是 city 或 county，不是“{level}”")
    if top and not isinstance(t.get("verified"), bool):
        raise _bad(shown, where, "必须写明 verified: true 或 false")
    branches = tuple(
        _target(b, shown, f"{where} 的 any_of", top=False) for b in t.get("any_of") or []
    )
    target = Target(
        version=version,
        level=level,
        op=t.get("op"),
        value=t.get("value"),
        grade=t.get("grade"),
        trend=t.get("trend"),
        mode=str(t.get("mode") or "each"),
        recent_mean=t.get("max_recent_mean"),
        plan=bool(t.get("plan")),
        any_of=branches,
        verified=bool(t.get("verified")),
        source=_str(t.get("source")),
        ref=_str(t.get("ref")),
        note=_str(t.get("note")),
        readings=tuple(t.get("readings") or ()),
        text=_str(t.get("text")),
    )
    _check_target(target, shown, where)
    return target


def _check_target(t: Target, shown: str, where: str) -> None:
    forms = sum(
        [
            t.op is not None,
            t.grade is not None,
            t.trend is not None,
            t.recent_mean is not None,
            t.plan,
            bool(t.any_of),
        ]
    )
    if forms != 1:
        raise _bad(
            shown,
            where,
            "应当且只能写一种目标：op+value、grade、trend、max_recent_mean、plan 或 any_of",
        )
    if t.op is not None and (t.op not in OPS or not isinstance(t.value, (int, float))):
        raise _bad(shown, where, f"op 应是 {' '.join(OPS)} 之一，value 应是数字")
    if t.grade is not None and t.grade not in GRADES:
        raise _bad(shown, where, f"grade 应是 {'、'.join(GRADES)} 之一")
    if t.trend is not None and (t.trend not in ("down", "up") or t.mode not in ("each", "overall")):
        raise _bad(shown, where, "trend 应是 down 或 up，mode 应是 each 或 overall")
    if t.recent_mean is not None and (not isinstance(t.recent_mean, int) or t.recent_mean < 2):
        raise _bad(shown, where, "max_recent_mean 应是不小于 2 的整数（年数）")


def _str(v: Any) -> str | None:
    return None if v is None else str(v)


def _relation(e: Any, n: int, shown: str, codes: set[str]) -> Relation:
    where = f"relations 第 {n} 项"
    if not isinstance(e, dict) or e.get("kind") not in RELATION_KINDS:
        raise _bad(shown, where, f"kind 应是 {'、'.join(RELATION_KINDS)} 之一")
    rel = Relation(
        kind=e["kind"],
        part=e.get("part"),
        whole=e.get("whole"),
        rate=e.get("rate"),
        numerator=e.get("numerator"),
        denominator=e.get("denominator"),
        tolerance=e.get("tolerance"),
        note=e.get("note"),
    )
    needed = {"le": ("part", "whole"), "rate": ("rate", "numerator", "denominator")}
    for key in needed[rel.kind]:
        value = getattr(rel, key)
        if value not in codes and not (key == "denominator" and value == DAYS_IN_YEAR):
            raise _bad(shown, where, f"{key}“{value}”不是目录中的指标代码")
    return rel


def _check_unique(indicators: list[Indicator], shown: str) -> None:
    seen: dict[str, str] = {}
    for ind in indicators:
        for n in (ind.code, *ind.names):
            key = name_key(n)
            other = seen.get(key)
            if other is not None and other != ind.code:
                raise _bad(
                    shown,
                    f"指标 {ind.code}",
                    f"名称或别名“{n}”已用于指标 {other}，同一名称只能指一个指标",
                )
            seen[key] = ind.code
