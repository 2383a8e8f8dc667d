"""The online package's settings (docgen.yaml `online:`) and its definition files
(archive_schema/online/*.yaml, or a project's own that `extends:` the built-in one).

    online:
      mode: 复审              # 创建 (default) or 复审; --mode overrides it
      year: 2025              # 评估年度: single-value fields and the end of each series
      slots: 线上评估栏目.yaml  # the project's slot list (extends: builtin)
      form: 评估填报.yaml       # the project's form definition (extends: builtin)

Loading only: nothing here judges or writes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...load.project import CONFIG_NAME
from ...load.yamlfile import brief, check_keys, expect_mapping, read_yaml, type_name
from ...resources import resource_dir

MODES = ("创建", "复审")
SETTING_KEYS = {"mode", "year", "slots", "form"}
BUILTIN = "builtin"
MAX_EXTENDS = 10


@dataclass(frozen=True)
class Settings:
    mode: str = "创建"
    year: int | None = None  # None: the last audit year
    slots: str | None = None  # project-relative path of the project's slot list
    form: str | None = None


def read_settings(root: Path, mode: str | None = None) -> Settings:
    data = read_yaml(root / CONFIG_NAME, CONFIG_NAME) or {}
    raw = data.get("online") if isinstance(data, dict) else None
    if raw is None:
        raw = {}
    raw = expect_mapping(raw, CONFIG_NAME, "online")
    check_keys(raw, SETTING_KEYS, CONFIG_NAME, "online")
    chosen = mode if mode is not None else raw.get("mode", "创建")
    if chosen not in MODES:
        raise InputError(
            f"{CONFIG_NAME} 的 online.mode（或 --mode）为 {brief(chosen)}，"
            "只能是 创建 或 复审。请改正。"
        )
    year = raw.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise InputError(
            f"{CONFIG_NAME} 的 online.year（评估年度）应为四位年份，如 2025，"
            f"实际为 {type_name(year)} {brief(year)}。"
        )
    return Settings(chosen, year, _path(raw, "slots"), _path(raw, "form"))


def _path(raw: dict, key: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputError(
            f"{CONFIG_NAME} 的 online.{key} 应为相对于项目文件夹的 YAML 文件路径，"
            f"实际为 {brief(value)}。"
        )
    parts = value.replace("\\", "/").split("/")
    if value.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
        raise InputError(
            f"{CONFIG_NAME} 的 online.{key} 为 {brief(value)}：它不在项目文件夹之内。"
            "请写相对于项目文件夹的路径，如 线上评估栏目.yaml。"
        )
    return value.strip()


def builtin_file(name: str) -> Path:
    return resource_dir("archive_schema") / "online" / name


def read_definition(
    name: str, project_file: str | None, root: Path, merge
) -> tuple[dict[str, Any], str]:
    """The built-in archive_schema/online/`name`, or the project's file merged onto
    what it extends (`merge(parent, child, shown)`); with how the file is named."""
    if project_file is None:
        return _read(builtin_file(name), f"内置线上评估定义 online/{name}"), f"online/{name}"
    return _chain(root / project_file, project_file, name, merge, ()), project_file


def _chain(path: Path, shown: str, name: str, merge, seen: tuple[str, ...]) -> dict:
    if not path.is_file():
        raise InputError(
            f"找不到 {shown}（{CONFIG_NAME} 的 online 设置指向它）。"
            "请检查路径，或删除该设置改用内置定义。"
        )
    key = str(path.resolve())
    if key in seen or len(seen) >= MAX_EXTENDS:
        raise InputError(f"{shown} 的 extends 形成了循环引用或层数过多。请直接 extends: builtin。")
    data = _read(path, shown)
    parent_ref = data.get("extends")
    if parent_ref is None:
        return data
    if not isinstance(parent_ref, str) or not parent_ref.strip():
        raise InputError(
            f"{shown} 的 extends 应为 builtin 或另一个 YAML 文件的路径，"
            f"实际为 {brief(parent_ref)}。"
        )
    if parent_ref.strip() == BUILTIN:
        parent = _read(builtin_file(name), f"内置线上评估定义 online/{name}")
    else:
        parent = _chain(path.parent / parent_ref, parent_ref, name, merge, (*seen, key))
    return merge(parent, data, shown)


def _read(path: Path, shown: str) -> dict:
    data = read_yaml(path, shown)
    return expect_mapping(data if data is not None else {}, shown, "顶层")
