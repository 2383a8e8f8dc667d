"""Whether a figure meets its indicator's target, for the project's standard version and
level: the judge data.below-standard and the verdicts (verdicts.py) share.

Targets (see archive_schema/indicators.yaml): `op`+`value` and `grade` are checked
each year; `trend` each year against the latest earlier year in the data (逐年), or
once, the window's last year against its first (`mode: overall`, 呈…趋势);
`max_recent_mean` against the mean of the N years before (needs ≥ 2 of them in the
data); `plan` never; `any_of` is met when one branch is met and missed only when
every branch can be judged and is missed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...indicators.catalogue import Indicator, Target
from ...model import Figure
from .common import show

EPS = 1e-9


@dataclass(frozen=True)
class Verdict:
    ok: bool | None  # None: cannot be judged (no earlier year, plan, ...)
    why: str = ""  # what is wrong, when ok is False


UNKNOWN = Verdict(None)


def judge(
    t: Target, ind: Indicator, series: dict[int, Figure], year: int, window: list[int]
) -> Verdict:
    """Whether the figure of `year` meets target `t`."""
    if t.any_of:
        return _any_of([judge(b, ind, series, year, window) for b in t.any_of])
    fig = series[year]
    if t.op is not None:
        return _compare(fig.value, t, ind)
    if t.grade is not None:
        limit = "ABCD".index(t.grade) + 1
        return Verdict(fig.value <= limit + EPS, f"低于 {t.grade}级")
    if t.trend is not None:
        return _trend(t, ind, series, year, window)
    if t.recent_mean:
        return _recent_mean(t.recent_mean, ind, series, year)
    return UNKNOWN


def _any_of(verdicts: list[Verdict]) -> Verdict:
    if any(v.ok for v in verdicts):
        return Verdict(True)
    if all(v.ok is False for v in verdicts):
        return Verdict(False, "，也".join(v.why for v in verdicts))
    return UNKNOWN


_FAIL_WORDS = {">=": "低于", ">": "未超过", "<=": "高于", "<": "不低于", "==": "不等于"}
_PASSES = {
    ">=": lambda a, b: a >= b - EPS,
    ">": lambda a, b: a > b + EPS,
    "<=": lambda a, b: a <= b + EPS,
    "<": lambda a, b: a < b - EPS,
    "==": lambda a, b: abs(a - b) <= EPS,
}


def _compare(value: float, t: Target, ind: Indicator) -> Verdict:
    ok = _PASSES[t.op](value, t.value)
    return Verdict(ok, f"{_FAIL_WORDS[t.op]} {show(t.value, ind)}")


def _trend(
    t: Target, ind: Indicator, series: dict[int, Figure], year: int, window: list[int]
) -> Verdict:
    fig = series[year]
    if t.mode == "overall":
        if len(window) < 2 or year != window[-1]:
            return UNKNOWN
        prev = series[window[0]]
    else:
        earlier = [y for y in series if y < year]
        if not earlier:
            return UNKNOWN
        prev = series[max(earlier)]
    if t.trend == "down":
        ok = fig.value < prev.value - EPS
        word = "上升" if fig.value > prev.value + EPS else "持平，没有下降"
    else:
        ok = fig.value > prev.value + EPS
        word = "下降" if fig.value < prev.value - EPS else "持平，没有提高"
    return Verdict(ok, f"比 {prev.year} 年（{show(prev.value, ind)}，第 {prev.row} 行）{word}")


def _recent_mean(n: int, ind: Indicator, series: dict[int, Figure], year: int) -> Verdict:
    earlier = [series[y] for y in range(year - n, year) if y in series]
    if len(earlier) < 2:
        return UNKNOWN
    mean = sum(f.value for f in earlier) / len(earlier)
    years = "、".join(str(f.year) for f in earlier)
    return Verdict(
        series[year].value <= mean + EPS,
        f"高于近 {n} 年（有数据的 {years} 年）平均水平 {show(round(mean, 2), ind)}",
    )


def basis(t: Target, v: str, ind: Indicator) -> str:
    """Which standard the target comes from and how sure it is: “2021版标准” or
    “2014版标准，未核实；…”."""
    parts = [f"{v}版标准"]
    if not t.verified:
        parts.append("未核实")
    if t.note:
        parts.append(t.note)
    if t.source and t.source != v and "参照" not in (t.note or ""):
        parts.append(f"数值参照{t.source}版")
    if t.readings:
        shown = "、".join(
            replace(t, value=r, readings=(), text=None).describe(ind.unit) for r in t.readings
        )
        parts.append(f"来源中有两种说法：{shown}，本检查按 {t.describe(ind.unit)}")
    return "，".join(parts[:2]) + "".join(f"；{p}" for p in parts[2:])
