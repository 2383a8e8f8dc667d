"""Filing guides (archive_schema/*.yaml) → Guide, with `extends:`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import PERIODS, Guide, Item, Requirement, Section
from ..resources import resource_dir
from .materials import merge_materials, parse_materials
from .yamlfile import brief, check_keys, expect_list, expect_mapping, read_yaml, type_name

DEFAULT_KINDS = ("文件", "计划", "总结", "会议纪要", "检查记录", "监测报告", "照片", "报表", "其他")
GUIDE_KEYS = {
    "id",
    "title",
    "level",
    "window",
    "kinds",
    "sections",
    "extends",
    "standard",
    "note",
    "materials",
    "prerequisites",
}
SECTION_KEYS = {"code", "name", "items", "drop", "note"}
ITEM_KEYS = {"code", "name", "requires", "drop", "note", "confirmed", "clause"}
REQ_KEYS = {"kind", "per", "min", "carry_forward", "note"}
NOT_GUIDES = ("indicators", "prerequisites")  # catalogues that live beside the guides
MAX_WINDOW = 50  # years; the audit window is built from it
MAX_EXTENDS = 20  # guides in one extends: chain


def builtin_guides() -> dict[str, Path]:
    """Built-in guide ids → files."""
    folder = resource_dir("archive_schema")
    out = {}
    for p in sorted(folder.glob("*.yaml")):
        if p.stem not in NOT_GUIDES:
            out[p.stem] = p
    return out


def load_guide(ref: str, base: Path | None = None) -> Guide:
    """A built-in id, or a path to a guide YAML (relative to `base`)."""
    raw, shown, _ = _read(ref, base, seen=())
    return _build(raw, shown)


def _read(ref: str, base: Path | None, seen: tuple[str, ...]) -> tuple[dict, str, Path]:
    """The guide's merged raw mapping, following `extends:` chains."""
    builtins = builtin_guides()
    if ref in builtins:
        path, shown = builtins[ref], f"内置指引 {ref}"
    else:
        shown = ref if len(ref) <= 200 else ref[:200] + "…"
        if "\0" in ref:
            raise InputError(
                f"建档指引的路径 {brief(ref)} 中含有空字符（NUL）。请检查 docgen.yaml 的 guide "
                "设置或 --guide 参数。"
            )
        path = Path(ref) if base is None else (base / ref)
        exists, is_file = _stat(path)
        if exists and not is_file:
            raise InputError(
                f"建档指引 {shown} 不是 YAML 文件（它是文件夹、管道或设备文件）。"
                "请检查 docgen.yaml 的 guide 设置或 --guide 参数，指向一个 .yaml 文件。"
            )
        if not is_file:
            raise InputError(
                f"找不到建档指引 {shown}：它既不是内置指引（{'、'.join(builtins)}），"
                f"也不是存在的 YAML 文件。请检查 docgen.yaml 的 guide 设置或 --guide 参数。"
            )
    key = str(path.resolve())
    if key in seen:
        raise InputError(f"建档指引 {shown} 的 extends 形成了循环引用。请检查 extends 设置。")
    if len(seen) >= MAX_EXTENDS:
        raise InputError(
            f"建档指引 {shown} 的 extends 层层继承超过 {MAX_EXTENDS} 层。请直接继承内置指引。"
        )
    data = read_yaml(path, shown)
    data = expect_mapping(data, shown, "顶层")
    check_keys(data, GUIDE_KEYS, shown, "顶层")
    parent_ref = data.get("extends")
    if parent_ref is None:
        return data, shown, path
    if not isinstance(parent_ref, str):
        raise InputError(
            f"{shown} 的 extends 应为内置指引编号或文件路径，实际为 {type_name(parent_ref)}。"
        )
    parent, _, _ = _read(parent_ref, path.parent, seen + (key,))
    return _merge(parent, data, shown), shown, path


def _stat(path: Path) -> tuple[bool, bool]:
    """(exists, is a regular file); a name too long for the file system is no file."""
    try:
        return path.exists(), path.is_file()
    except OSError:
        return False, False


def _merge(parent: dict, child: dict, shown: str) -> dict:
    """Child keys override; sections and items merge by code; `drop: true` removes one."""
    out = {k: v for k, v in parent.items() if k != "sections"}
    out.update({k: v for k, v in child.items() if k not in ("sections", "extends")})
    sections = {
        str(s.get("code")): dict(s) for s in parent.get("sections") or [] if isinstance(s, dict)
    }
    order = list(sections)
    for s in expect_list(child.get("sections"), shown, "sections"):
        s = expect_mapping(s, shown, "sections 的一项")
        code = str(s.get("code"))
        if s.get("drop"):
            sections.pop(code, None)
            continue
        if code not in sections:
            sections[code] = dict(s)
            order.append(code)
            continue
        merged = dict(sections[code])
        merged.update({k: v for k, v in s.items() if k != "items"})
        parent_items = merged.get("items")
        items = (
            {str(i.get("code")): i for i in parent_items if isinstance(i, dict)}
            if isinstance(parent_items, list)
            else {}
        )
        item_order = list(items)
        for i in expect_list(s.get("items"), shown, f"第 {code} 类的 items"):
            i = expect_mapping(i, shown, f"第 {code} 类的条目")
            icode = str(i.get("code"))
            if i.get("drop"):
                items.pop(icode, None)
                continue
            if icode not in items:
                item_order.append(icode)
                items[icode] = dict(i)
            else:
                items[icode] = {**items[icode], **i}
        merged["items"] = [items[c] for c in item_order if c in items]
        sections[code] = merged
    out["sections"] = [sections[c] for c in order if c in sections]
    if "materials" in child:
        out["materials"] = merge_materials(parent.get("materials"), child["materials"], shown)
    return out


def _build(data: dict, shown: str) -> Guide:
    gid = data.get("id")
    if not isinstance(gid, str) or not gid:
        raise InputError(f"{shown} 缺少 id（指引编号）。")
    level = data.get("level", "city")
    if level not in ("city", "county"):
        raise InputError(f"{shown} 的 level 为 {brief(level)}，只能是 city 或 county。")
    window = data.get("window", 3)
    if isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= MAX_WINDOW:
        raise InputError(
            f"{shown} 的 window（审核年限）应为 1–{MAX_WINDOW} 的整数，实际为 {brief(window)}。"
        )
    kinds = data.get("kinds", list(DEFAULT_KINDS))
    if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
        raise InputError(f"{shown} 的 kinds（材料类型）应为文字列表。")
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise InputError(f"{shown} 没有 sections（类目）。指引至少要有一个类目。")
    sections = []
    seen_items: set[str] = set()
    for s in raw_sections:
        sections.append(_section(s, shown, tuple(kinds), seen_items))
    return Guide(
        id=gid,
        title=str(data.get("title") or gid),
        level=level,
        window=window,
        kinds=tuple(kinds),
        sections=tuple(sections),
        source=shown,
        materials=parse_materials(data.get("materials"), shown),
    )


def _section(s: Any, shown: str, kinds: tuple[str, ...], seen: set[str]) -> Section:
    s = expect_mapping(s, shown, "sections 的一项")
    check_keys(s, SECTION_KEYS, shown, f"类目 {brief(s.get('code'))}")
    code, name = s.get("code"), s.get("name")
    if code is None or name is None:
        raise InputError(
            f'{shown} 中有类目缺少 code 或 name。每个类目都要写明代码（如 "03"）和名称。'
        )
    code = str(code)
    items = []
    for i in expect_list(s.get("items"), shown, f"类目 {code} 的 items"):
        i = expect_mapping(i, shown, f"类目 {code} 的条目")
        where = f"类目 {code} 的条目 {brief(i.get('code'))}"
        check_keys(i, ITEM_KEYS, shown, where)
        if i.get("code") is None or i.get("name") is None:
            raise InputError(f"{shown} 的{where}缺少 code 或 name。")
        icode = str(i["code"])
        if icode in seen:
            raise InputError(f"{shown} 中条目代码 {icode} 出现了两次。条目代码必须唯一。")
        seen.add(icode)
        reqs = tuple(
            _requirement(r, shown, f"条目 {icode}", kinds)
            for r in expect_list(i.get("requires"), shown, f"条目 {icode} 的 requires")
        )
        items.append(
            Item(code=icode, name=str(i["name"]), section=code, requires=reqs, note=i.get("note"))
        )
    return Section(code=code, name=str(name), items=tuple(items))


def _requirement(r: Any, shown: str, where: str, kinds: tuple[str, ...]) -> Requirement:
    r = expect_mapping(r, shown, f"{where} 的 requires")
    check_keys(r, REQ_KEYS, shown, f"{where} 的 requires")
    kind, per, mn = r.get("kind"), r.get("per", "year"), r.get("min", 1)
    if kind not in kinds:
        raise InputError(
            f"{shown} 的{where}要求的材料类型 {brief(kind)} 不在 kinds 列表（{'、'.join(kinds)}）"
            "中。"
        )
    if per not in PERIODS:
        raise InputError(
            f"{shown} 的{where}的 per 为 {brief(per)}，只能是 once、year、quarter 或 month。"
        )
    if isinstance(mn, bool) or not isinstance(mn, int) or mn < 1:
        raise InputError(f"{shown} 的{where}的 min 应为正整数，实际为 {brief(mn)}。")
    return Requirement(
        kind=kind, per=per, min=mn, carry_forward=bool(r.get("carry_forward", False))
    )
