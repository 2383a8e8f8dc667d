"""Reading YAML files with messages a clerk can act on."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, ClassVar

import yaml

from ..errors import InputError

MAX_BYTES = 512 << 10  # a settings file or a filing guide is a few KiB, the catalogue 35 KiB;
# the pure-Python parser (kept: it stops deep nesting with RecursionError) reads ~100 KiB/s
MAX_NODES = 200_000  # values after expanding every *alias: a billion laughs stops here


class _Checked:
    """Mixed into the loaders: the tags no docgen file needs are gone (!!set, !!binary,
    !!omap, !!pairs), and a value that fails to construct (2025-02-30, !!int x, an
    integer of 5,000 digits) raises a YAMLError that says where, like a syntax error."""

    yaml_constructors: ClassVar[dict] = {
        tag: fn
        for tag, fn in yaml.SafeLoader.yaml_constructors.items()
        if tag is None or tag.rpartition(":")[2] not in ("set", "binary", "omap", "pairs")
    }

    def construct_object(self, node, deep=False):
        try:
            value = super().construct_object(node, deep)
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"value: {exc}", node.start_mark
            ) from None
        if isinstance(value, int) and value.bit_length() > 256:  # 0xfff… of 5,000 digits
            raise yaml.constructor.ConstructorError(
                None, None, "value: Exceeds the limit", node.start_mark
            )
        return value


class _Loader(_Checked, yaml.SafeLoader):
    """For the project's files: the pure-Python parser stops deep nesting with
    RecursionError (libyaml's would recurse in C)."""


# For docgen's own files (archive_schema/ in the package): libyaml reads them some
# thirty times faster, which is most of the start-up time of every command.
_Builtin = type("_Builtin", (_Checked, getattr(yaml, "CSafeLoader", yaml.SafeLoader)), {})


def _is_builtin(path: Path) -> bool:
    from ..resources import resource_dir

    try:
        return Path(path).resolve().parent == resource_dir("archive_schema").resolve()
    except (OSError, RuntimeError):
        return False


def read_yaml(path: Path, shown: str) -> Any:
    """Parse `path`; `shown` is how the file is named in messages. A file that is not
    a regular file (a folder, a pipe, a device), is over MAX_BYTES, or whose aliases
    expand past MAX_NODES values (or refer to themselves) is refused, not read."""
    raw = _read_bounded(path, shown)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{shown} 不是 UTF-8 编码（第 {exc.start + 1} 个字节处无法解码）。"
            "请用记事本或 VS Code 以 UTF-8 编码另存后重试。"
        ) from None
    try:
        data = yaml.load(
            text, Loader=_Builtin if _is_builtin(path) else _Loader
        )  # both SafeLoaders
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else "某处"
        problem = _problem_cn(getattr(exc, "problem", None))
        raise InputError(
            f"{shown} 的 YAML 格式有误：{where}附近（{problem}）。"
            "请检查缩进（只能用空格）、冒号后的空格和引号是否成对。"
        ) from None
    except RecursionError:
        raise InputError(
            f"{shown} 的方括号、花括号或缩进嵌套层数过多，docgen "
            "无法读取。请检查是否有未闭合的括号，并减少嵌套。"
        ) from None
    _check_expansion(data, shown)
    return data


def _read_bounded(path: Path, shown: str) -> bytes:
    try:
        # O_NONBLOCK: opening a pipe must not wait for a writer; no effect on a file
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise InputError(f"找不到文件 {shown}。请检查路径是否正确。") from None
    except IsADirectoryError:
        raise InputError(f"{shown} 是一个文件夹，不是 YAML 文件。请指向一个 .yaml 文件。") from None
    except OSError as exc:
        raise InputError(f"无法读取文件 {shown}：{exc.strerror or exc}。请检查文件权限。") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):  # before fdopen, which refuses a folder on its own
        os.close(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{shown} 是一个文件夹，不是 YAML 文件。请指向一个 .yaml 文件。")
        raise InputError(
            f"{shown} 不是普通文件（是管道或设备文件），docgen 不会读取它。请指向一个 .yaml 文件。"
        )
    with os.fdopen(fd, "rb") as fh:
        try:
            raw = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise InputError(
                f"无法读取文件 {shown}：{exc.strerror or exc}。请检查文件权限。"
            ) from None
    if len(raw) > MAX_BYTES:
        raise InputError(
            f"{shown} 超过 {MAX_BYTES // 1024} KB，不像是 docgen "
            "的设置或指引文件，docgen 没有读取它。"
            "请检查是否指错了文件。"
        )
    return raw


def _check_expansion(data: Any, shown: str) -> None:
    """Count the values `data` holds with every alias expanded (shared lists and
    mappings counted once per use, worked out once each), without expanding them."""
    sizes: dict[int, int] = {}
    busy: set[int] = set()
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        obj, done = stack.pop()
        if not isinstance(obj, (list, dict)):
            continue
        key = id(obj)
        children = list(obj.values()) + list(obj.keys()) if isinstance(obj, dict) else obj
        if done:
            busy.discard(key)
            sizes[key] = 1 + sum(
                sizes.get(id(c), 1) if isinstance(c, (list, dict)) else 1 for c in children
            )
            if sizes[key] > MAX_NODES:
                raise InputError(
                    f"{shown} 中的别名（&锚点 与 *引用）展开后超过 "
                    f"{MAX_NODES:,} 项，像是特意构造的“YAML 炸弹”，"
                    "docgen 没有展开它。请删除这些别名，直接写出需要的值。"
                )
            continue
        if key in sizes:
            continue
        if key in busy:
            raise InputError(
                f"{shown} 中有别名（*引用）引用了它自身所在的内容，"
                "形成循环。请删除该别名，直接写出需要的值。"
            )
        busy.add(key)
        stack.append((obj, True))
        stack.extend(
            (c, False) for c in children if isinstance(c, (list, dict)) and id(c) not in sizes
        )


_PROBLEMS = {
    "mapping values are not allowed here": "此处不能出现“键: 值”；值里含冒号时请整体加引号",
    "found character '\\t' that cannot start any token": "出现了制表符（Tab），缩进只能用空格",
    "could not find expected ':'": "缺少冒号“:”",
    "found undefined alias": "出现了未定义的 * 别名",
    "found unexpected end of stream": "文件在引号或括号未闭合时就结束了",
}


_VALUES = {
    "day is out of range for month": "日期不存在（如 2 月 30 日）",
    "month must be in 1..12": "月份不在 1–12 之间",
    "Exceeds the limit": "数字的位数过多",
}


def _problem_cn(problem: str | None) -> str:
    if not problem:
        return "语法错误"
    if problem.startswith("value: "):
        reason = problem[len("value: ") :]
        for english, chinese in _VALUES.items():
            if reason.startswith(english):
                return f"无法识别的值：{chinese}"
        return f"无法识别的值：{reason[:100]}"
    if problem.startswith("could not determine a constructor for the tag"):
        return "不支持的类型标签（以 ! 开头的标签），请直接写出值"
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


def expect_list(value: Any, shown: str, where: str) -> list:
    """A list where one is required; absent (None) is an empty list."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(
            f"{shown} 的 {where} 应为列表（每项以“- ”开头），"
            f"实际为 {type_name(value)}。请按说明文档改写。"
        )
    return value


def brief(value: Any, limit: int = 60) -> str:
    """repr(value) cut short for a message: a hostile value must not fill the screen."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def expect_mapping(value: Any, shown: str, where: str) -> dict:
    if not isinstance(value, dict):
        raise InputError(
            f"{shown} 的 {where} 应为键值对（映射），实际为 {type_name(value)}。请按说明文档改写。"
        )
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
