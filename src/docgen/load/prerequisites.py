"""The 必备条件 (prerequisites) of a standard version (archive_schema/prerequisites.yaml):
what each one requires and where its evidence is, indicator figures or filed documents.

`load_prerequisites("2014")` gives the 11 confirmed 2014 必备条件; for "2021", where no
list was found, the 2014 list as a stand-in with every row unverified. Judging a city
against them is docgen.rules.data.prerequisites (it needs the project's figures).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..indicators.catalogue import LEVELS, VERSIONS, Catalogue
from ..resources import resource_dir
from .yamlfile import read_yaml

FILE_NAME = "prerequisites.yaml"
COUNTY_NOTE = "县级未查到单列的必备条件，沿用城市的必备条件，各项均未经核实。"
LIST_KEYS = {"version", "level", "title", "verified", "same_as", "ref", "note", "items"}
ITEM_KEYS = {"number", "name", "requirement", "indicators", "documents", "note", "drop"}
DOC_KEYS = {"item", "kind", "title", "version"}


@dataclass(frozen=True)
class DocumentEvidence:
    """Ledger rows that evidence a prerequisite: 条目 `item`, and when given 材料类型
    `kind` and a 题名 matching the regex `title`. `version`: only for that standard."""

    item: str
    kind: str | None = None
    title: str | None = None
    version: str | None = None

    def matches(self, item: str, kind: str, title: str) -> bool:
        if item != self.item or (self.kind is not None and kind != self.kind):
            return False
        return self.title is None or re.search(self.title, title) is not None


@dataclass(frozen=True)
class Prerequisite:
    """One 必备条件. `indicators` are catalogue codes judged against their thresholds;
    `documents` are filed documents that count as its evidence. `requirement` is the
    standard's wording (None: the indicators' targets say it). `verified` False: the
    list, its version or its level is a stand-in (see `note`)."""

    no: int
    name: str
    version: str  # the project's standard version this list is for
    standard: str  # the list's title: 国家卫生城市标准（2014版）必备条件
    indicators: tuple[str, ...] = ()
    documents: tuple[DocumentEvidence, ...] = ()
    requirement: str | None = None
    verified: bool = True
    source: str = "2014"  # the version the items come from
    note: str | None = None

    def document_rules(self) -> tuple[DocumentEvidence, ...]:
        """The document evidence that applies to this version."""
        return tuple(d for d in self.documents if d.version in (None, self.version))


def load_prerequisites(
    version: str, level: str = "city", path: Path | None = None, catalogue: Catalogue | None = None
) -> list[Prerequisite]:
    """The prerequisites of `version` ("2014" | "2021") for `level`, in the standard's
    order. `path`: a project's own list (`extends: builtin` merges it into the built-in
    one). `catalogue`: check that every indicator code is in it."""
    if version not in VERSIONS:
        raise InputError(f"没有 {version} 版标准的必备条件。可用的版本：{'、'.join(VERSIONS)}。")
    if level not in LEVELS:
        raise InputError(f"层级 {level!r} 无效，只能是 city（城市）或 county（县城）。")
    builtin = resource_dir("archive_schema") / FILE_NAME
    data = _lists(read_yaml(builtin, f"内置必备条件清单 {FILE_NAME}"), FILE_NAME)
    shown = FILE_NAME
    if path is not None:
        shown = str(path)
        extra = read_yaml(Path(path), shown)
        if not isinstance(extra, dict) or extra.get("extends") not in (
            "builtin",
            "prerequisites",
            FILE_NAME,
        ):
            data = _lists(extra, shown)
        else:
            data = _merge(data, _lists(extra, shown))
    items = _pick(data, version, level, shown)
    if catalogue is not None:
        for p in items:
            for code in p.indicators:
                if catalogue.find(code) is None:
                    raise InputError(
                        f"{shown} 中必备条件第 {p.no} 项的指标 {code} 不在指标目录中。"
                        "请改为目录中的指标代码。"
                    )
    return items


# ---------------------------------------------------------------- reading


def _lists(data: Any, shown: str) -> list[dict]:
    if not isinstance(data, dict) or not isinstance(data.get("lists"), list):
        raise InputError(
            f"{shown} 不是必备条件清单：顶层应有 lists 列表。请对照内置的 {FILE_NAME} 修改。"
        )
    out = []
    for n, entry in enumerate(data["lists"], 1):
        if not isinstance(entry, dict):
            raise _bad(shown, f"lists 第 {n} 项", "应是一个包含 version、title、items 的映射")
        _check(entry, LIST_KEYS, shown, f"lists 第 {n} 项")
        if str(entry.get("version")) not in VERSIONS:
            raise _bad(shown, f"lists 第 {n} 项", f"version 应是 {' 或 '.join(VERSIONS)}")
        out.append(entry)
    return out


def _merge(base: list[dict], extra: list[dict]) -> list[dict]:
    """Items of `extra` replace the built-in items of the same version, level and
    `number`."""
    merged = [dict(e) for e in base]
    for entry in extra:
        key = (str(entry["version"]), entry.get("level") or "city")
        target = next(
            (m for m in merged if (str(m["version"]), m.get("level") or "city") == key), None
        )
        if target is None:
            merged.append(dict(entry))
            continue
        items = {_key(i): i for i in target.get("items") or [] if _key(i) is not None}
        for item in entry.get("items") or []:
            if _key(item) is not None:
                items[_key(item)] = {**items.get(_key(item), {}), **item}
        target.update({k: v for k, v in entry.items() if k != "items"})
        target["items"] = [items[k] for k in sorted(items)]
    return merged


def _key(item: Any) -> int | None:
    number = item.get("number") if isinstance(item, dict) else None
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def _pick(lists: list[dict], version: str, level: str, shown: str) -> list[Prerequisite]:
    by_key = {(str(e["version"]), e.get("level") or "city"): e for e in lists}
    entry = by_key.get((version, level))
    stand_in_level = entry is None and level != "city"
    if stand_in_level:
        entry = by_key.get((version, "city"))
    if entry is None:
        return []
    source = str(entry.get("same_as") or version)
    raw = entry.get("items")
    if entry.get("same_as") is not None and not raw:
        origin = by_key.get((source, entry.get("level") or "city")) or by_key.get((source, "city"))
        if origin is None:
            raise _bad(shown, f"{version} 版清单", f"same_as 指向的 {source} 版清单不存在")
        raw = origin.get("items")
    title = str(entry.get("title") or f"{version}版标准必备条件")
    note = entry.get("note")
    verified = entry.get("verified") is True and not stand_in_level
    if stand_in_level:
        note = f"{note}{COUNTY_NOTE}" if note else COUNTY_NOTE
    items = [_item(i, n, shown) for n, i in enumerate(raw or [], 1)]
    return [
        replace(
            p, version=version, standard=title, source=source, note=_str(note), verified=verified
        )
        for p in items
        if p is not None
    ]


def _item(e: Any, n: int, shown: str) -> Prerequisite | None:
    where = f"必备条件第 {n} 项"
    if not isinstance(e, dict):
        raise _bad(shown, where, "应是一个包含 number、name 的映射")
    _check(e, ITEM_KEYS, shown, where)
    if e.get("drop"):
        return None
    no, name = _key(e), e.get("name")
    if no is None or not name:
        raise _bad(shown, where, "应有整数 number（序号）和 name（名称）")
    codes = e.get("indicators") or []
    docs = e.get("documents") or []
    if not isinstance(codes, list) or not isinstance(docs, list):
        raise _bad(shown, where, "indicators 和 documents 应是列表")
    if not codes and not docs:
        raise _bad(shown, where, "indicators（指标代码）和 documents（归档文件）至少要有一项")
    return Prerequisite(
        no=no,
        name=str(name),
        version="",
        standard="",
        indicators=tuple(str(c) for c in codes),
        documents=tuple(_document(d, shown, f"{where} 的 documents") for d in docs),
        requirement=_str(e.get("requirement")),
        note=_str(e.get("note")),
    )


def _document(d: Any, shown: str, where: str) -> DocumentEvidence:
    if not isinstance(d, dict) or not d.get("item"):
        raise _bad(
            shown, where, '每项应是包含 item（条目代码）的映射，如 {item: "1.1", kind: 文件}'
        )
    _check(d, DOC_KEYS, shown, where)
    title = _str(d.get("title"))
    if title is not None:
        try:
            re.compile(title)
        except re.error:
            raise _bad(shown, where, f"title 的正则表达式“{title}”写错了") from None
    version = _str(d.get("version"))
    return DocumentEvidence(
        item=str(d["item"]), kind=_str(d.get("kind")), title=title, version=version
    )


def _check(data: dict, allowed: set[str], shown: str, where: str) -> None:
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        raise _bad(
            shown,
            where,
            f"有无法识别的设置项 {'、'.join(unknown)}（可用：{'、'.join(sorted(allowed))}）",
        )


def _bad(shown: str, where: str, problem: str) -> InputError:
    return InputError(f"{shown} 中{where}：{problem}。请改正后重试。")


def _str(v: Any) -> str | None:
    return None if v is None else str(v)


__all__ = ["DocumentEvidence", "Prerequisite", "load_prerequisites"]
