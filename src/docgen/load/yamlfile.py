"""Reading YAML files with messages a clerk can act on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError


def read_yaml(path: Path, shown: str) -> Any:
    """Parse `path`; `shown` is how the file is named in messages."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"找不到文件 {shown}。请检查路径是否正确。") from None
    except OSError as exc:
        raise InputError(f"无法读取文件 {shown}：{exc.strerror or exc}。请检查文件权限。") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{shown} 不是 UTF-8 编码（第 {exc.start + 1} 个字节处无法解码）。"
            "请用记事本或 VS Code 以 UTF-8 编码另存后重试。"
        ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else "某处"
        problem = _problem_cn(getattr(exc, "problem", None))
        raise InputError(
            f"{shown} 的 YAML 格式有误：{where}附近（{problem}）。"
            "请检查缩进（只能用空格）、冒号后的空格和引号是否成对。"
        ) from None


_PROBLEMS = {
    "mapping values are not allowed here": "此处不能出现“键: 值”；值里含冒号时请整体加引号",
    "found character '\\t' that cannot start any token": "出现了制表符（Tab），缩进只能用空格",
    "could not find expected ':'": "缺少冒号“:”",
    "found undefined alias": "出现了未定义的 * 别名",
    "found unexpected end of stream": "文件在引号或括号未闭合时就结束了",
}


def _problem_cn(problem: str | None) -> str:
    if not problem:
        return "语法错误"
    for english, chinese in _PROBLEMS.items():
        if problem.startswith(english):
            return chinese
    if problem.startswith("expected ',' or"):
        return "方括号或花括号中的列表未正确闭合"
    return f"语法错误：{problem}"


def check_keys(data: dict, allowed: set[str], shown: str, where: str) -> None:
    """Refuse unknown keys: a misspelt key would otherwise be silently ignored."""
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        raise InputError(
            f"{shown} 的 {where} 中有无法识别的设置项：{'、'.join(unknown)}。"
            f"可用的设置项为：{'、'.join(sorted(allowed))}。请检查拼写或删除该项。"
        )


def expect_mapping(value: Any, shown: str, where: str) -> dict:
    if not isinstance(value, dict):
        raise InputError(f"{shown} 的 {where} 应为键值对（映射），实际为 {type_name(value)}。请按说明文档改写。")
    return value


def type_name(value: Any) -> str:
    return {
        type(None): "空值",
        str: "文字",
        int: "整数",
        float: "小数",
        bool: "是/否",
        list: "列表",
        dict: "键值对",
    }.get(type(value), type(value).__name__)
