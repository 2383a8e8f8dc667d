"""docgen.yaml → Project."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import City, Project
from .guide import load_guide
from .yamlfile import brief, check_keys, expect_mapping, read_yaml, type_name

CONFIG_NAME = "docgen.yaml"
FIRST_YEAR, LAST_YEAR = 1949, 2100  # the audit window must lie within these
DEFAULT_PATHS = {
    "ledger": "ledger/归档文件目录.xlsx",
    "archive": "archive",
    "indicators": "data/指标数据.xlsx",
    "units": "data/成员单位.xlsx",
    "problems": "data/问题清单.xlsx",
}
TOP_KEYS = {
    "city",
    "guide",
    "years",
    "paths",
    "doc_class",
    "online",
    "cluster",
}  # online: dossier/online/
# Optional: the dossier's input folder, and a project's own indicator catalogue and
# 必备条件 list (YAML; `extends: builtin` lists only the changes).
OPTIONAL_PATHS = {"dossier": "dossier", "indicator_catalogue": None, "prerequisites": None}
PATH_KEYS = set(DEFAULT_PATHS) | set(OPTIONAL_PATHS) | {"ledger_sheets"}


def load_project(root: Path, guide: str | None = None, years: list[int] | None = None) -> Project:
    """Read DIR/docgen.yaml. `guide` and `years` override the file (CLI options)."""
    root = Path(root)
    try:
        exists, is_dir = root.exists(), root.is_dir()
    except OSError as exc:  # a name too long, a folder we may not enter
        raise InputError(
            f"无法访问项目文件夹 {root}（{exc.strerror or exc}）。请检查路径和访问权限。"
        ) from None
    if exists and not is_dir:
        raise InputError(f"{root} 是一个文件，不是项目文件夹。请给出含 docgen.yaml 的文件夹。")
    if not is_dir:
        raise InputError(
            f"项目文件夹 {root} 不存在。请先运行 docgen init {root} 新建项目，或检查路径。"
        )
    cfg_path = root / CONFIG_NAME
    if cfg_path.exists() and not cfg_path.is_file():
        raise InputError(
            f"{root} 中的 {CONFIG_NAME} 不是普通文件（是文件夹、管道或设备文件），docgen "
            "不会读取它。"
            f"请删除它后运行 docgen init {root} --force 重新生成设置文件。"
        )
    if not cfg_path.is_file():
        raise InputError(
            f"在 {root} 中找不到 {CONFIG_NAME}。这不是一个 docgen 项目文件夹："
            f"请运行 docgen init {root} 新建项目，或进入正确的文件夹。"
        )
    data = read_yaml(cfg_path, CONFIG_NAME)
    if data is None:
        data = {}
    data = expect_mapping(data, CONFIG_NAME, "顶层")
    check_keys(data, TOP_KEYS, CONFIG_NAME, "顶层")

    city = _city(data.get("city"))
    guide_ref = guide or data.get("guide")
    if guide_ref is not None and not isinstance(guide_ref, str):
        raise InputError(
            f"{CONFIG_NAME} 的 guide（建档指引）应为文字：内置指引编号或指引 YAML 文件的路径，"
            "实际为 "
            f"{type_name(guide_ref)}。例如 guide: national-city-2021；运行 docgen guides "
            "可查看内置指引。"
        )
    if not isinstance(guide_ref, str) or not guide_ref.strip():
        raise InputError(
            f"{CONFIG_NAME} 缺少 guide（建档指引），例如 guide: national-city-2021。"
            "运行 docgen guides 可查看内置指引。"
        )
    paths, sheets = _paths(data.get("paths"))
    doc_class = data.get("doc_class")
    if doc_class is not None and not (
        isinstance(doc_class, str) and re.fullmatch(r"[A-Z]{2}", doc_class)
    ):
        raise InputError(
            f"{CONFIG_NAME} 的 doc_class 应为两个大写字母的档案门类代码（如 WS），实际为 "
            f"{brief(doc_class)}。"
        )
    return Project(
        root=root,
        city=city,
        guide=guide_ref.strip(),
        years=years or _years(data.get("years"), lambda: _window(guide_ref.strip(), root)),
        paths=paths,
        ledger_sheets=sheets,
        doc_class=doc_class,
        cluster=_cluster(data.get("cluster")),
    )


def _cluster(value: Any) -> str | None:
    """The Dask scheduler the file stages are sent to (docgen[cluster]); None: here."""
    if value is None:
        return None
    from ..workers.cluster import check_address

    return check_address(value, CONFIG_NAME)


def _city(value: Any) -> City:
    if value is None:
        raise InputError(
            f"{CONFIG_NAME} 缺少 city（城市信息），例如 city: {{name: 示例市, level: city, fonds: "
            "J012}。"
        )
    value = expect_mapping(value, CONFIG_NAME, "city")
    name = value.get("name")
    if name is not None and not isinstance(name, str):
        raise InputError(
            f"{CONFIG_NAME} 的 city.name（城市名称）应为文字，实际为 {type_name(name)}。请写成 "
            "name: 示例市。"
        )
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"{CONFIG_NAME} 的 city.name（城市名称）为空。请填写，例如 name: 示例市。")
    level = value.get("level", "city")
    if level not in ("city", "county"):
        raise InputError(
            f"{CONFIG_NAME} 的 city.level 为 {brief(level)}，只能是 city（城市）或 county（县城）。"
            "请改正。"
        )
    fonds = value.get("fonds")
    if fonds is not None:
        fonds = str(fonds).strip() or None
    province = value.get("province")
    profile = {k: v for k, v in value.items() if k not in ("name", "level", "fonds", "province")}
    return City(
        name=name.strip(),
        level=level,
        province=None if province is None else str(province),
        fonds=fonds,
        profile=profile,
    )


def _paths(value: Any) -> tuple[dict[str, str], list[str] | None]:
    paths = dict(DEFAULT_PATHS)
    if value is None:
        return paths, None
    value = expect_mapping(value, CONFIG_NAME, "paths")
    check_keys(value, PATH_KEYS, CONFIG_NAME, "paths")
    sheets = value.get("ledger_sheets")
    if sheets is not None:
        if isinstance(sheets, (str, int)):
            sheets = [sheets]
        if not isinstance(sheets, list):
            raise InputError(
                f"{CONFIG_NAME} 的 paths.ledger_sheets 应为工作表名称的列表，实际为 "
                f"{type_name(sheets)}。"
            )
        sheets = [str(s) for s in sheets]
    for key in [*DEFAULT_PATHS, *OPTIONAL_PATHS]:
        if key in value:
            p = value[key]
            if not isinstance(p, str) or not p.strip():
                raise InputError(
                    f"{CONFIG_NAME} 的 paths.{key} 应为相对于项目文件夹的路径，实际为 {brief(p)}。"
                )
            paths[key] = _inside_project(p.strip(), key)
    return paths, sheets


_DRIVE = re.compile(r"^[A-Za-z]:")
MAX_NAME, MAX_PATH = 255, 1024  # bytes: one file or folder name, a whole relative path


def _inside_project(path: str, key: str) -> str:
    """A path in docgen.yaml stays inside the project folder: no absolute path, no
    drive letter, no “..” above the folder, no NUL (DESIGN: every path is relative to
    DIR). A folder kept elsewhere can be linked into the project instead."""
    text = path.replace("\\", "/")
    parts = [p for p in text.split("/") if p not in ("", ".")]
    depth = 0
    for part in parts:
        depth += -1 if part == ".." else 1
        if depth < 0:
            break
    too_long = len(os.fsencode(text)) > MAX_PATH or any(
        len(os.fsencode(p)) > MAX_NAME for p in parts
    )
    if too_long:
        raise InputError(
            f"{CONFIG_NAME} 的 paths.{key} 太长（{len(text)} 个字符），超出了文件系统允许的长度。"
            "请改用较短的文件夹和文件名称。"
        )
    if "\0" in path:
        raise InputError(
            f"{CONFIG_NAME} 的 paths.{key} 为 {brief(path)}，其中含有空字符（NUL）。请删除它，"
            "写成普通的相对路径。"
        )
    if text.startswith("/") or _DRIVE.match(text) or depth < 0:
        raise InputError(
            f"{CONFIG_NAME} 的 paths.{key} 为 {brief(path)}：它不在项目文件夹之内。paths "
            "中的路径都相对于项目文件夹"
            f"（如 {DEFAULT_PATHS.get(key, 'archive')}），不能是绝对路径，也不能用“..”"
            "跳出项目文件夹。"
            "资料放在别处时，可在项目文件夹中建一个指向它的快捷方式（符号链接）。"
        )
    return path


def _window(guide_ref: str, root: Path) -> int:
    """The guide's own default audit window."""
    return load_guide(guide_ref, base=root).window


def _years(value: Any, window: Callable[[], int]) -> list[int]:
    """The audit window: as written, else the guide's window of years ending this year."""
    if value is None:
        this = dt.date.today().year
        return list(range(this - window() + 1, this + 1))
    if isinstance(value, str):
        return parse_years(value, f"{CONFIG_NAME} 的 years")
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list) or not value:
        raise InputError(f"{CONFIG_NAME} 的 years 应为年份列表，例如 years: [2024, 2025, 2026]。")
    out = []
    for y in value:
        if isinstance(y, str) and y.strip().isdecimal():
            y = int(y)
        if isinstance(y, bool) or not isinstance(y, int) or not FIRST_YEAR <= y <= LAST_YEAR:
            raise InputError(
                f"{CONFIG_NAME} 的 years 中 {brief(y)} 不是有效年份。请写成四位数字，例如 2025。"
            )
        out.append(y)
    return sorted(set(out))


def parse_years(text: str, shown: str) -> list[int]:
    """'2024-2026' or '2024,2026' → years."""
    text = text.strip()
    m = re.fullmatch(r"(\d{4})\s*[-–~至]\s*(\d{4})", text)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b and b - a < 50:
            return _in_range(list(range(a, b + 1)), text, shown)
    elif re.fullmatch(r"\d{4}(\s*,\s*\d{4})*", text):
        return _in_range(sorted({int(y) for y in re.findall(r"\d{4}", text)}), text, shown)
    raise InputError(f"{shown} 的值 {brief(text)} 不是年份范围。请写成 2024-2026 或 2024,2025。")


def _in_range(years: list[int], text: str, shown: str) -> list[int]:
    if years[0] < FIRST_YEAR or years[-1] > LAST_YEAR:
        raise InputError(
            f"{shown} 的值 {brief(text)} 中有不在 {FIRST_YEAR}–{LAST_YEAR} 之间的年份。"
            "请写成实际的审核年度，如 2024-2026。"
        )
    return years
