"""The 资料评估 upload slots (archive_schema/online/slots.yaml, or the project's own
with `extends:`) → Slot, and what each slot is made of: generated materials, the
office's files in dossier/, filed documents chosen from the ledger."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...context import AuditInput
from ...errors import InputError
from ...load.yamlfile import brief, check_keys, expect_list, expect_mapping
from ..plan import own_name
from .settings import read_definition

SLOT_KEYS = {
    "number",
    "key",
    "name",
    "county_name",
    "supplied_by",
    "templates",
    "dossier",
    "ledger",
    "regulations",
    "drop",
    "note",
}
FILTER_KEYS = {"item", "kind", "title"}
TOP_KEYS = {"slots", "extends", "note"}


@dataclass(frozen=True)
class LedgerFilter:
    """Ledger rows of this 条目 and 材料类型 whose 题名 holds one of `title` (each
    condition only when given)."""

    item: str | None = None
    kind: str | None = None
    title: tuple[str, ...] = ()

    def matches(self, item: str, kind: str, title: str) -> bool:
        return (
            (self.item is None or item == self.item)
            and (self.kind is None or kind == self.kind)
            and (not self.title or any(t in title for t in self.title))
        )


@dataclass(frozen=True)
class Slot:
    no: int
    key: str
    name: str
    county_name: str | None = None
    supplied_by: str | None = None
    templates: tuple[str, ...] = ()
    dossier: tuple[str, ...] = ()
    ledger: tuple[LedgerFilter, ...] = ()
    regulations: bool = False

    def title(self, level: str) -> str:
        return (self.county_name or self.name) if level == "county" else self.name


@dataclass
class Chosen:
    """What one slot is made of, before anything is rendered."""

    slot: Slot
    templates: list[str] = field(default_factory=list)
    supplied: list[Path] = field(default_factory=list)  # files in dossier/
    filed: list[int] = field(default_factory=list)  # ledger row indexes


def load_slots(root: Path, project_file: str | None) -> list[Slot]:
    data, shown = read_definition("slots.yaml", project_file, root, merge_slots)
    check_keys(data, TOP_KEYS, shown, "顶层")
    out, seen = [], set()
    for raw in expect_list(data.get("slots"), shown, "slots"):
        slot = _slot(expect_mapping(raw, shown, "slots 的一项"), shown)
        if slot.no in seen:
            raise InputError(f"{shown} 中栏目序号 {slot.no} 重复。每个栏目的 number 应不同。")
        seen.add(slot.no)
        out.append(slot)
    if not out:
        raise InputError(f"{shown} 没有列出任何栏目（slots）。请至少列出一项，或删除该文件。")
    return sorted(out, key=lambda s: s.no)


def merge_slots(parent: dict, child: dict, shown: str) -> dict:
    """The child's slots merged into the parent's by `no` (`drop: true` removes one)."""
    by_no: dict[Any, dict] = {}
    for s in expect_list(parent.get("slots"), shown, "slots"):
        if isinstance(s, dict):
            by_no[s.get("number")] = dict(s)
    for s in expect_list(child.get("slots"), shown, "slots"):
        s = expect_mapping(s, shown, "slots 的一项")
        no = s.get("number")
        if s.get("drop"):
            by_no.pop(no, None)
        else:
            by_no[no] = {**by_no.get(no, {}), **s}
    return {"slots": list(by_no.values())}


def _slot(raw: dict, shown: str) -> Slot:
    check_keys(raw, SLOT_KEYS, shown, "栏目")
    no = raw.get("number")
    if isinstance(no, bool) or not isinstance(no, int) or not 1 <= no <= 99:
        raise InputError(f"{shown} 中有栏目的 number（栏目序号）为 {brief(no)}，应为 1–99 的整数。")
    where = f"第 {no} 栏目"
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"{shown} 的{where}缺少 name（栏目名称）。")
    for bad in '/\\:*?"<>|':
        if bad in name or bad in str(raw.get("county_name") or ""):
            raise InputError(
                f"{shown} 的{where}名称 {brief(name)} 含有文件名不能用的字符 {bad}。请改掉。"
            )
    return Slot(
        no=no,
        key=str(raw.get("key") or f"slot{no}"),
        name=name.strip(),
        county_name=_text(raw.get("county_name")),
        supplied_by=_text(raw.get("supplied_by")),
        templates=_words(raw.get("templates"), shown, f"{where}的 templates"),
        dossier=_words(raw.get("dossier"), shown, f"{where}的 dossier"),
        ledger=tuple(
            ledger_filter(expect_mapping(f, shown, f"{where}的 ledger 的一项"), shown, where)
            for f in expect_list(raw.get("ledger"), shown, f"{where}的 ledger")
        ),
        regulations=bool(raw.get("regulations")),
    )


def ledger_filter(raw: dict, shown: str, where: str) -> LedgerFilter:
    check_keys(raw, FILTER_KEYS, shown, f"{where}的 ledger 条件")
    return LedgerFilter(
        item=_text(raw.get("item")),
        kind=_text(raw.get("kind")),
        title=_words(raw.get("title"), shown, f"{where}的 ledger 的 title"),
    )


def _text(value: Any) -> str | None:
    return None if value is None else (str(value).strip() or None)


def _words(value: Any, shown: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    return tuple(str(v).strip() for v in expect_list(value, shown, where) if str(v).strip())


# ---------------------------------------------------------------- what each slot holds


def choose(slots: list[Slot], ctx: AuditInput, supplied: list[Path]) -> list[Chosen]:
    """Each slot's materials. A dossier/ file goes to the first slot whose names its
    name starts with (the office's own file replaces the generated material)."""
    taken: set[Path] = set()
    out = []
    for slot in slots:
        mine = [
            f
            for f in supplied
            if f not in taken and any(own_name(f).startswith(n) for n in slot.dossier)
        ]
        taken.update(mine)
        rows = [i for i, r in enumerate(ctx.rows) if _row_matches(slot, r)]
        templates = [] if mine else list(slot.templates)
        out.append(Chosen(slot, templates, mine, rows))
    return out


def _row_matches(slot: Slot, row) -> bool:
    item, kind, title = row.text("条目"), row.text("材料类型"), row.text("题名")
    return any(f.matches(item, kind, title) for f in slot.ledger)
