"""The indicator catalogue as loaded: the built-in archive_schema/indicators.yaml, or
a project's own file, which may say `extends: builtin` and then only list what it
changes (indicators are merged by code, field by field; relations are added). A file
that cannot be used is an InputError naming it and the entry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError
from ..indicators import units
from ..indicators.catalogue import (
    DAYS_IN_YEAR,
    GRADES,
    LEVELS,
    OPS,
    RELATION_KINDS,
    VERSIONS,
    Catalogue,
    Indicator,
    Relation,
    Target,
    name_key,
)
from ..resources import resource_dir
from .yamlfile import read_yaml

FORM_SIZE = 56  # the 2021 standard's 评价指标


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
        form_no=_form_no(e.get("form_no"), shown, where),
        form_name=_str(e.get("form_name")),
        levels=_levels(e.get("levels"), shown, where),
    )


def _form_no(value: Any, shown: str, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= FORM_SIZE:
        raise _bad(shown, where, f"form_no 应是 1–{FORM_SIZE} 的整数（在线评估表中的序号）")
    return value


def _levels(value: Any, shown: str, where: str) -> tuple[str, ...]:
    if value is None:
        return LEVELS
    if not isinstance(value, list) or not value or any(v not in LEVELS for v in value):
        raise _bad(shown, where, "levels 应是 [city]、[county] 或 [city, county]")
    return tuple(str(v) for v in value)


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
