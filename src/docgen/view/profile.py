"""The city profile fields of docgen.yaml (city: …, beside name, level, province and
fonds), checked and put in the form templates read. The project loader keeps them as
written (City.profile); a field of the wrong type is an InputError naming docgen.yaml
and the key. Fields nobody knows are passed through unchanged."""

from __future__ import annotations

import math
import re
from typing import Any

from ..errors import InputError
from ..load.yamlfile import brief, type_name

CONFIG = "docgen.yaml"
NUMBERS = {  # key → (what it is, unit, an example)
    "area": ("行政区域面积", "平方千米", "1234.5"),
    "built_up_area": ("建成区面积", "平方千米", "86.4"),
    "population": ("常住人口", "万人", "125.6"),
    "gdp": ("地区生产总值", "亿元", "1580.3"),
}
COUNTS = {
    "townships": "乡镇数",
    "streets": "街道数",
    "communities": "社区数",
    "villages": "行政村数",
}
DIVISIONS = {"streets": "街道", "townships": "乡镇", "communities": "社区", "villages": "行政村"}
TEXTS = {"summary": "城市概况", "history": "历史沿革", "location": "地理位置"}
COMMITTEE_KEYS = {
    "director": "主任",
    "deputies": "副主任",
    "office": "爱卫办设置",
    "staff": "人员编制",
    "members": "成员",
}
_SPLIT = re.compile(r"[、，,；;\s]+")


def city_profile(profile: dict[str, Any]) -> dict[str, Any]:
    """A checked copy of docgen.yaml's city profile fields: numbers as int or float,
    districts as [{name, note}], texts as lists of paragraphs, committee with
    deputies as a list. An empty value is left out, so a template that needs it names it."""
    out: dict[str, Any] = {}
    for key, value in profile.items():
        if value is None or value == "" or value == [] or value == {}:
            continue
        if key in NUMBERS:
            out[key] = _number(key, value)
        elif key in COUNTS:
            out[key] = _count(key, value)
        elif key in TEXTS:
            out[key] = _paragraphs(f"city.{key}", TEXTS[key], value)
        elif key == "districts":
            out[key] = _districts(value)
        elif key == "committee":
            out[key] = _committee(value)
        else:
            out[key] = value
    divisions = [f"{label}{out[key]}个" for key, label in DIVISIONS.items() if key in out]
    if divisions:
        out["divisions"] = divisions  # 街道12个、乡镇8个 …
    return out


def _bad(key: str, what: str, value: Any, want: str) -> InputError:
    return InputError(
        f"{CONFIG} 的 {key}（{what}）应为{want}，实际为 {type_name(value)} {brief(value)}。"
        f"请改正 {CONFIG} 中的这一项后重试。"
    )


def _number(key: str, value: Any) -> int | float:
    what, unit, example = NUMBERS[key]
    number = value
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "")
        text = text.removesuffix(unit).strip()
        try:
            number = float(text)
        except ValueError:
            number = None
    if (
        isinstance(number, bool)
        or not isinstance(number, (int, float))
        or not math.isfinite(number)
        or number < 0
    ):
        raise _bad(
            f"city.{key}",
            f"{what}，单位{unit}",
            value,
            f"不小于 0 的阿拉伯数字（单位{unit}，不写单位），例如 {key}: {example}",
        )
    return int(number) if float(number).is_integer() else number


def _count(key: str, value: Any) -> int:
    if isinstance(value, str) and value.strip().isdecimal():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _bad(f"city.{key}", COUNTS[key], value, f"不小于 0 的整数，例如 {key}: 12")
    return value


def _paragraphs(key: str, what: str, value: Any) -> list[str]:
    if isinstance(value, str):
        return [p.strip() for p in value.splitlines() if p.strip()]
    if isinstance(value, list) and all(isinstance(p, str) for p in value):
        return [p.strip() for p in value if p.strip()]
    raise _bad(key, what, value, "文字，或文字的列表（每段一项）")


def _districts(value: Any) -> list[dict[str, str]]:
    """A list of names (or of {name, note}), a mapping name → note, or one line of
    names separated by 、 or commas."""
    want = "辖区名称的列表（如 [城东区, 城西区]），或“名称: 说明”的映射"
    if isinstance(value, str):
        return [{"name": n, "note": ""} for n in _SPLIT.split(value) if n]
    if isinstance(value, dict):
        out = []
        for name, note in value.items():
            if not isinstance(note, (str, int, float)) and note is not None:
                raise _bad(f"city.districts.{name}", "辖区说明", note, "文字")
            out.append({"name": str(name), "note": "" if note is None else str(note)})
        return out
    if isinstance(value, list):
        out = []
        for item in value:
            if isinstance(item, str) and item.strip():
                out.append({"name": item.strip(), "note": ""})
            elif isinstance(item, dict) and isinstance(item.get("name"), str):
                out.append({"name": item["name"], "note": str(item.get("note") or "")})
            else:
                raise _bad("city.districts", "辖区", item, want)
        return out
    raise _bad("city.districts", "辖区", value, want)


def _committee(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _bad(
            "city.committee",
            "爱卫会组成",
            value,
            "映射，例如 committee: {director: 张三（市长）, deputies: [李四（副市长）]}",
        )
    out: dict[str, Any] = {}
    for key, item in value.items():
        if item is None or item == "" or item == []:
            continue
        what = COMMITTEE_KEYS.get(key, key)
        if key in ("deputies", "members"):
            if isinstance(item, str):
                item = [n for n in re.split(r"[、，,；;]+", item) if n.strip()]
            if not isinstance(item, list) or not all(isinstance(n, (str, int)) for n in item):
                raise _bad(f"city.committee.{key}", what, item, "姓名（职务）的列表")
            out[key] = [str(n).strip() for n in item]
        elif isinstance(item, (str, int, float)) and not isinstance(item, bool):
            out[key] = str(item).strip() if isinstance(item, str) else item
        else:
            raise _bad(f"city.committee.{key}", what, item, "文字")
    return out
