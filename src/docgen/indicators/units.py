"""Units of indicator figures: recognising how a unit is written and converting
between units of one dimension (平方米 ↔ 平方千米 ↔ 公顷, 元 ↔ 万元, % ↔ ‰ …).

`normalise(value, unit_text, target)` is what readers call: the value in the
catalogue unit `target`, or None when the written unit cannot be converted to it.
A missing unit (None or '') is taken to be the catalogue unit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    name: str  # canonical, as the catalogue writes it
    dimension: str
    factor: float  # one of this unit in the dimension's base unit
    spellings: tuple[str, ...]  # cleaned forms (see `clean`), the name included


def _u(name: str, dimension: str, factor: float, *spellings: str) -> Unit:
    return Unit(name, dimension, factor, tuple(dict.fromkeys(clean(s) for s in (name, *spellings))))


def clean(text: str | None) -> str:
    """A unit as compared: NFKC (％→%, ㎡→m2, ２→2), lower case, no spaces, no
    enclosing brackets."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).lower()
    s = re.sub(r"\s+", "", s).replace("²", "2").replace("³", "3")
    while len(s) >= 2 and s[0] in "([" and s[-1] in ")]":
        s = s[1:-1]
    return s


UNITS: tuple[Unit, ...] = (
    # ratios: the base is 1 (a fraction)
    _u("%", "ratio", 1e-2, "％", "百分比", "百分率", "百分之", "percent", "pct"),
    _u("‰", "ratio", 1e-3, "千分比", "千分率", "千分之", "permille"),
    _u("1/万", "ratio", 1e-4, "/万", "1/10000", "/10000", "万分之", "每万"),
    _u(
        "1/10万",
        "ratio",
        1e-5,
        "/10万",
        "1/100000",
        "/100000",
        "1/十万",
        "/十万",
        "每10万",
        "每十万",
        "十万分之",
        "10万分之",
        "1/10万人",
        "/10万人",
    ),
    # area: square metres
    _u("平方米", "area", 1.0, "m2", "米2", "平米", "平方米/人", "m2/人", "平方米每人", "㎡/人"),
    _u("平方千米", "area", 1e6, "平方公里", "km2", "公里2", "千米2"),
    _u("公顷", "area", 1e4, "ha", "hm2"),
    _u("亩", "area", 10000 / 15),
    # money: yuan
    _u("元", "money", 1.0, "人民币元", "rmb", "cny"),
    _u("千元", "money", 1e3),
    _u("万元", "money", 1e4),
    _u("亿元", "money", 1e8),
    # mass: tonnes
    _u("吨", "mass", 1.0, "t"),
    _u("万吨", "mass", 1e4, "万t"),
    # time
    _u("天", "days", 1.0, "日", "d", "天/年", "日/年", "天数"),
    _u("小时", "hours", 1.0, "h", "时", "小时/天", "小时/日", "h/d", "小时每天"),
    _u("岁", "age", 1.0, "周岁", "年"),
    # concentration (PM2.5 …)
    _u("微克/立方米", "concentration", 1.0, "μg/m3", "ug/m3", "µg/m3", "微克每立方米"),
    _u("毫克/立方米", "concentration", 1e3, "mg/m3", "毫克每立方米"),
    # sound level
    _u("分贝", "sound", 1.0, "db", "db(a)", "dba", "分贝(a)", "db(a)声级"),
    # people
    _u("人", "people", 1.0, "名", "人数"),
    _u("万人", "people", 1e4),
    # per head of population (the 每千/每万常住人口 indicators)
    _u("张/千人", "beds-per-1000", 1.0, "张", "床", "张每千人", "床/千人", "张/千常住人口"),
    _u("人/千人", "staff-per-1000", 1.0, "名/千人", "人每千人", "人/千常住人口", "人", "名"),
    _u("人/万人", "staff-per-10000", 1.0, "名/万人", "人每万人", "人/万常住人口", "人", "名"),
    # events and places
    _u("起", "events", 1.0, "次", "件", "宗"),
    _u("处", "places", 1.0, "个", "块"),
    # grades (病媒生物密度控制水平 A/B/C/D级): not convertible
    _u("级", "grade", 1.0, "等级"),
)

_BY_NAME = {u.name: u for u in UNITS}
_BY_SPELLING: dict[str, Unit] = {}
for _unit in UNITS:  # the first unit to claim a spelling keeps it ("人" → people)
    for _s in _unit.spellings:
        _BY_SPELLING.setdefault(_s, _unit)


def known(name: str) -> bool:
    """Whether `name` is a canonical unit name (the catalogue may only use these)."""
    return name in _BY_NAME


def lookup(unit_text: str | None, target: str | None = None) -> Unit | None:
    """The unit `unit_text` writes; a spelling of `target` wins over other readings
    ("人" is 人/千人 when the target is 人/千人)."""
    key = clean(unit_text)
    if not key:
        return None
    goal = _BY_NAME.get(target or "")
    if goal is not None and key in goal.spellings:
        return goal
    return _BY_SPELLING.get(key)


def same_unit(unit_text: str | None, target: str) -> bool:
    """True when `unit_text` is a way of writing `target` (or is empty)."""
    key = clean(unit_text)
    if not key:
        return True
    goal = _BY_NAME.get(target)
    if goal is None:
        return key == clean(target)
    return key in goal.spellings


def factor(unit_text: str | None, target: str) -> float | None:
    """How many `target` one `unit_text` is, or None when the dimensions differ."""
    if same_unit(unit_text, target):
        return 1.0
    have, goal = lookup(unit_text, target), _BY_NAME.get(target)
    if (
        have is None
        or goal is None
        or have.dimension != goal.dimension
        or have.dimension == "grade"
    ):
        return None
    return have.factor / goal.factor


def normalise(value: float, unit_text: str | None, target: str) -> float | None:
    """`value` written in `unit_text`, expressed in `target`; None when not convertible."""
    f = factor(unit_text, target)
    if f is None:
        return None
    return value if f == 1.0 else value * f


def to_base(value: float, unit: str) -> float | None:
    """`value` in a catalogue unit, in its dimension's base unit (m², 元, 1 for ratios)."""
    u = _BY_NAME.get(unit)
    return None if u is None else value * u.factor


def dimension(unit: str) -> str | None:
    u = _BY_NAME.get(unit)
    return None if u is None else u.dimension


def ratio_scale(unit: str) -> float:
    """What a fraction is multiplied by to give a rate in `unit` (% → 100, ‰ → 1000)."""
    u = _BY_NAME.get(unit)
    if u is None or u.dimension != "ratio":
        return 1.0
    return 1.0 / u.factor
