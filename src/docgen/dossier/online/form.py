"""The 评估填报 form's fields (the indicator catalogue's form order plus
archive_schema/online/form.yaml) and their values for one project: each figure with
the data-sheet row it comes from, or the gap."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ...context import AuditInput
from ...errors import InputError
from ...indicators.catalogue import Catalogue, name_key
from ...indicators.figures import grade_name, parse_year
from ...load.yamlfile import brief, check_keys, expect_list, expect_mapping
from .settings import read_definition
from .slots import LedgerFilter, ledger_filter

TOP_KEYS = {"extends", "series", "split", "extra", "drop", "note"}
SERIES_KEYS = {"years", "mean", "levels"}
PART_KEYS = {"id", "name", "names"}
EXTRA_KEYS = {"id", "name", "after", "kind", "names", "unit", "levels", "ledger", "drop"}
KINDS = ("number", "grade", "yesno")


@dataclass(frozen=True)
class Field:
    """One entry of the form: a catalogue indicator (`indicator`), a part of one
    (`names` first, the indicator's own figure when the data has no part), or a field
    the catalogue does not hold (`names` only)."""

    id: str
    label: str
    unit: str | None
    place: float  # its place in the form (form_no; extras after theirs)
    indicator: str | None = None
    names: tuple[str, ...] = ()
    kind: str = "number"
    years: int = 1
    mean: bool = False
    ledger: tuple[LedgerFilter, ...] = ()


@dataclass(frozen=True)
class Value:
    year: int | None
    value: Any  # a number, "C级", "有"; None: a gap
    source: str = ""  # 指标数据!12, the 档号, or how it was worked out
    unit_source: str = ""  # the providing unit (来源 column)
    note: str = ""


@dataclass
class Filled:
    field: Field
    values: list[Value] = field(default_factory=list)

    @property
    def gaps(self) -> int:
        return sum(1 for v in self.values if v.value is None)


def load_form(
    root: Path, project_file: str | None, catalogue: Catalogue, level: str
) -> list[Field]:
    data, shown = read_definition("form.yaml", project_file, root, merge_form)
    check_keys(data, TOP_KEYS, shown, "顶层")
    series = expect_mapping(data.get("series") or {}, shown, "series")
    split = expect_mapping(data.get("split") or {}, shown, "split")
    drop = {str(d) for d in expect_list(data.get("drop"), shown, "drop")}
    for code in [*series, *split]:
        if catalogue.find(code) is None:
            raise InputError(
                f"{shown} 中的 {brief(code)} 不是指标目录中的代码。"
                "请用 docgen 指标目录（archive_schema/indicators.yaml）中的 code。"
            )
    out: list[Field] = []
    for ind in catalogue.form(level):
        if ind.code in drop:
            continue
        years, mean = _series(series.get(ind.code), level, shown, ind.code)
        parts = expect_list(split.get(ind.code), shown, f"split 的 {ind.code}")
        if not parts:
            one = Field(ind.code, ind.form_label, ind.unit, ind.form_no, ind.code, (), ind.kind)
            out.append(replace(one, years=years, mean=mean))
        for p in parts:
            p = expect_mapping(p, shown, f"split 的 {ind.code} 的一项")
            check_keys(p, PART_KEYS, shown, f"split 的 {ind.code} 的一项")
            names = tuple(str(n) for n in expect_list(p.get("names"), shown, "names"))
            part = Field(str(p.get("id")), str(p.get("name")), ind.unit, ind.form_no, ind.code)
            out.append(replace(part, names=names, kind=ind.kind, years=years, mean=mean))
    for e in expect_list(data.get("extra"), shown, "extra"):
        f = _extra(expect_mapping(e, shown, "extra 的一项"), shown, level)
        if f is not None and f.id not in drop:
            out.append(f)
    return sorted(out, key=lambda f: f.place)  # stable: the catalogue's order within a place


def _series(raw: Any, level: str, shown: str, code: str) -> tuple[int, bool]:
    if raw is None:
        return 1, False
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = {"years": raw}
    raw = expect_mapping(raw, shown, f"series 的 {code}")
    check_keys(raw, SERIES_KEYS, shown, f"series 的 {code}")
    years = raw.get("years", 3)
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= 10:
        raise InputError(f"{shown} 中 series 的 {code} 的 years 为 {brief(years)}，应为 1–10。")
    levels = raw.get("levels")
    if levels is not None and level not in expect_list(levels, shown, "levels"):
        return 1, False
    return years, bool(raw.get("mean"))


def _extra(raw: dict, shown: str, level: str) -> Field | None:
    check_keys(raw, EXTRA_KEYS, shown, "extra 的一项")
    if raw.get("drop"):
        return None
    fid, name = raw.get("id"), raw.get("name")
    if not isinstance(fid, str) or not isinstance(name, str) or not name.strip():
        raise InputError(f"{shown} 的 extra 中有一项缺少 id 或 name（填报项名称）。")
    kind = raw.get("kind", "number")
    if kind not in KINDS:
        raise InputError(
            f"{shown} 的 extra 中 {fid} 的 kind 为 {brief(kind)}，应为 {'、'.join(KINDS)}。"
        )
    levels = raw.get("levels")
    if levels is not None and level not in expect_list(levels, shown, f"extra 的 {fid} 的 levels"):
        return None
    after = raw.get("after", 999)
    if isinstance(after, bool) or not isinstance(after, (int, float)):
        raise InputError(
            f"{shown} 的 extra 中 {fid} 的 after 应为表中序号，实际为 {brief(after)}。"
        )
    return Field(
        id=fid,
        label=name.strip(),
        unit=None if raw.get("unit") is None else str(raw.get("unit")),
        place=after + 0.5,
        names=tuple(str(n) for n in expect_list(raw.get("names"), shown, "names")),
        kind=kind,
        ledger=tuple(
            ledger_filter(expect_mapping(f, shown, "ledger 的一项"), shown, f"extra 的 {fid}")
            for f in expect_list(raw.get("ledger"), shown, "ledger")
        ),
    )


def merge_form(parent: dict, child: dict, shown: str) -> dict:
    """series and split merge by code, extra by id (drop: true removes one), drop adds."""
    out = dict(parent)
    for key in ("series", "split"):
        out[key] = {
            **expect_mapping(parent.get(key) or {}, shown, key),
            **expect_mapping(child.get(key) or {}, shown, key),
        }
    extras = {str(e.get("id")): e for e in parent.get("extra") or [] if isinstance(e, dict)}
    for e in expect_list(child.get("extra"), shown, "extra"):
        e = expect_mapping(e, shown, "extra 的一项")
        fid = str(e.get("id"))
        extras[fid] = {**extras.get(fid, {}), **e}
    out["extra"] = [e for e in extras.values() if not e.get("drop")]
    out["drop"] = [*(parent.get("drop") or []), *expect_list(child.get("drop"), shown, "drop")]
    return out


# ---------------------------------------------------------------- the values


def fill(fields: list[Field], ctx: AuditInput, year: int) -> list[Filled]:
    raw = _raw_rows(ctx)
    return [Filled(f, _values(f, ctx, raw, year)) for f in fields]


def _values(f: Field, ctx: AuditInput, raw: dict, year: int) -> list[Value]:
    if f.kind == "yesno":
        return [_yes_no(f, ctx)]
    years = list(range(year - f.years + 1, year + 1))
    out = [_figure(f, ctx, raw, y) for y in years]
    if f.mean:
        got = [v.value for v in out if isinstance(v.value, (int, float))]
        span = f"{years[0]}–{years[-1]}"
        mean = round(sum(got) / len(got), 2) if len(got) == len(years) else None
        note = "" if mean is not None else f"{span} 年的数值不全，无法计算平均值"
        out.append(Value(None, mean, f"计算：{span} 年平均" if mean is not None else "", "", note))
    return out


def _figure(f: Field, ctx: AuditInput, raw: dict, year: int) -> Value:
    for name in f.names:  # a part, or a field the catalogue lacks: the row as written
        row = raw.get((name_key(name), year))
        if row is not None:
            return Value(year, row.cells.get("数值"), f"{row.sheet}!{row.row}", row.text("来源"))
    if f.indicator is None or ctx.figures is None:
        return Value(year, None, note=f"指标数据中没有 {year} 年的数值")
    fig = ctx.figures.series(f.indicator).get(year)
    if fig is None:
        return Value(year, None, note=f"指标数据中没有 {year} 年的数值")
    value: Any = grade_name(fig.value) if f.kind == "grade" else fig.value
    note = "无分项数据，取合并指标的数值" if f.names else ""
    return Value(year, value, f"{fig.sheet}!{fig.row}", _unit_of(ctx, fig), note)


def _unit_of(ctx: AuditInput, fig) -> str:
    for r in ctx.indicators.rows if ctx.indicators else ():
        if r.sheet == fig.sheet and r.row == fig.row:
            return r.text("来源")
    return ""


def _raw_rows(ctx: AuditInput) -> dict:
    """(name key, year) → the data-sheet row, for names the catalogue does not know."""
    out: dict = {}
    for r in ctx.indicators.rows if ctx.indicators else ():
        year = parse_year(r.cells.get("年度"))
        name = r.text("指标名称")
        if name and year is not None and r.cells.get("数值") is not None:
            out.setdefault((name_key(name), year), r)
    return out


def _yes_no(f: Field, ctx: AuditInput) -> Value:
    for r in ctx.rows:
        if any(x.matches(r.text("条目"), r.text("材料类型"), r.text("题名")) for x in f.ledger):
            return Value(None, "有", r.text("档号"), r.text("责任者"), r.text("题名"))
    return Value(None, None, note="台账中未找到控烟法规，请核实后填 有/无")
