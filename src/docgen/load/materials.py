"""The application dossier's list of materials (申报材料), from a guide's `materials:`.

    materials:
      - {id: application, title: 申请报告, template: application}
      - {id: recommendation, title: 省爱卫会推荐报告及考核鉴定意见, supplied_by: 省爱卫会}
      - {id: album, title: 画册和专题片, supplied_by: 本市, optional: true, match: [画册, 专题片]}

A guide without `materials:` gets DEFAULT_MATERIALS (shared/DOMAIN.md §2.2: the six
classic materials plus the optional 画册/专题片). With `extends:`, a child's materials
merge into the parent's by id (`drop: true` removes one), like sections and items.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..model import Material
from .yamlfile import brief, check_keys, expect_list, expect_mapping

MATERIAL_KEYS = {"id", "title", "template", "supplied_by", "optional", "match", "note", "drop"}
PROVINCE = "省爱卫会"
CITY = "本市"

DEFAULT_MATERIALS = (
    Material("application", "申请报告", template="application"),
    Material(
        "work-report", "创卫工作规划方案和工作汇报", template="work-report", match=("工作汇报",)
    ),
    Material("city-profile", "城市基本情况", template="city-profile"),
    Material("prerequisites", "必备条件完成情况", template="prerequisites"),
    Material("organization", "爱卫会机构设置及人员组成", template="organization"),
    Material(
        "recommendation",
        "省爱卫会推荐报告及考核鉴定意见",
        supplied_by=PROVINCE,
        match=("推荐报告", "考核鉴定意见"),
    ),
    Material("album", "画册和专题片", supplied_by=CITY, optional=True, match=("画册", "专题片")),
)


def merge_materials(parent: Any, child: Any, shown: str) -> list[dict]:
    """The child's materials merged into the parent's by id, in the parent's order
    and new ones after."""
    by_id: dict[str, dict] = {}
    if parent is None:  # the parent uses the default list
        parent = [_as_dict(m) for m in DEFAULT_MATERIALS]
    for m in expect_list(parent, shown, "materials"):
        if isinstance(m, dict):
            by_id[str(m.get("id"))] = dict(m)
    for m in expect_list(child, shown, "materials"):
        m = expect_mapping(m, shown, "materials 的一项")
        mid = str(m.get("id"))
        if m.get("drop"):
            by_id.pop(mid, None)
        else:
            by_id[mid] = {**by_id.get(mid, {}), **m}
    return list(by_id.values())


def _as_dict(m: Material) -> dict:
    out = {
        "id": m.id,
        "title": m.title,
        "template": m.template,
        "supplied_by": m.supplied_by,
        "optional": m.optional,
        "match": list(m.match),
    }
    return {k: v for k, v in out.items() if v is not None}


def parse_materials(raw: Any, shown: str) -> tuple[Material, ...]:
    if raw is None:
        return DEFAULT_MATERIALS
    items = expect_list(raw, shown, "materials")
    if not items:
        raise InputError(
            f"{shown} 的 materials（申报材料清单）是空的。请至少列出一项，或删除 materials "
            "使用默认清单。"
        )
    out, seen = [], set()
    for m in items:
        material = _material(m, shown)
        if material.id in seen:
            raise InputError(
                f"{shown} 的 materials 中 id {material.id} 出现了两次。每项材料的 id 必须唯一。"
            )
        seen.add(material.id)
        out.append(material)
    return tuple(out)


def _material(m: Any, shown: str) -> Material:
    m = expect_mapping(m, shown, "materials 的一项")
    where = f"申报材料 {brief(m.get('id'))}"
    check_keys(m, MATERIAL_KEYS - {"drop"}, shown, where)
    mid, title = m.get("id"), m.get("title")
    if (
        not isinstance(mid, str)
        or not mid.strip()
        or not isinstance(title, str)
        or not title.strip()
    ):
        raise InputError(
            f"{shown} 的{where}缺少 id 或 title。每项材料都要写明 id（英文）和 title（材料名称）。"
        )
    template, supplied_by = m.get("template"), m.get("supplied_by")
    if (template is None) == (supplied_by is None):
        raise InputError(
            f"{shown} 的{where}应当写明 template（由 docgen 用模板生成）或 supplied_by"
            "（由谁提供文件）二者之一。"
        )
    for key, value in (
        ("template", template),
        ("supplied_by", supplied_by),
        ("note", m.get("note")),
    ):
        if value is not None and not isinstance(value, str):
            raise InputError(f"{shown} 的{where}的 {key} 应为文字，实际为 {brief(value)}。")
    optional = m.get("optional", False)
    if not isinstance(optional, bool):
        raise InputError(
            f"{shown} 的{where}的 optional 应为 true 或 false，实际为 {brief(optional)}。"
        )
    match = m.get("match") or []
    if isinstance(match, str):
        match = [match]
    if not isinstance(match, list) or not all(isinstance(x, str) and x.strip() for x in match):
        raise InputError(
            f"{shown} 的{where}的 match 应为文件名（不含扩展名）的列表，例如 [推荐报告]。"
        )
    return Material(
        id=mid.strip(),
        title=title.strip(),
        template=template,
        supplied_by=supplied_by,
        optional=optional,
        match=tuple(x.strip() for x in match),
        note=m.get("note"),
    )
