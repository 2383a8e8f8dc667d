"""`--each unit`: one document per responsible unit with problems still open
(整改状态 not 已整改/已销号), named after the unit."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from ..errors import InputError

if TYPE_CHECKING:
    from ..view.context import Source

EACH = ("unit",)
# separators, characters Windows refuses, control characters, and the invisible ones that
# make a name read otherwise (right-to-left overrides: “\u202egpj.exe” shows as “exe.jpg”)
_UNSAFE = re.compile(
    r'[\\/:*?"<>|\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+'
)
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
MAX_NAME_BYTES = 200  # of the stem, in UTF-8: file systems allow 255 bytes for the whole name


def check_each(each: str | None) -> None:
    if each is not None and each not in EACH:
        raise InputError(f"--each 只支持 unit（每个责任单位一份），而不是 {each!r}。")


def units_to_render(source: Source) -> list[dict[str, Any]]:
    """The member units with open problems or open audit findings, each with only the
    open problems in `problems` (`all_problems` keeps every one). A 责任单位 that is
    not on the member-unit list gets no document (unlisted_units names it); with no
    member-unit list at all there is nothing to check against (as for data.unknown-unit)
    and every unit gets one."""
    checked = _has_members(source)
    out = []
    for u in source.units:
        if (u["listed"] or not checked) and (u["open_problems"] or u.get("findings")):
            out.append({**u, "all_problems": u["problems"], "problems": u["open_problems"]})
    if not out:
        sheet = source.input.problems
        others = unlisted_note(source)
        raise InputError(
            f"问题清单（{sheet.path if sheet else 'data/问题清单.xlsx'}）"
            "中没有由成员单位负责的未整改或整改中的问题，审核也没有发现由成员单位负责的问题，"
            "--each unit 没有要生成的文档。" + (others or "")
        )
    return out


def unlisted_units(source: Source) -> list[dict[str, Any]]:
    """The 责任单位 with open problems that are not member units: no 交办单 goes to
    them; the clerk is told (unlisted_note) and the audit has data.unknown-unit."""
    if not _has_members(source):
        return []
    return [u for u in source.units if not u["listed"] and u["open_problems"]]


def _has_members(source: Source) -> bool:
    return bool(source.input.members.names)


def unlisted_note(source: Source) -> str | None:
    """The clerk's note on the units unlisted_units names, or None when there are none."""
    sheet = source.input.units
    where = sheet.path if sheet is not None and sheet.path else "data/成员单位.xlsx"
    if not _has_members(source):
        return (
            f"成员单位名单（{where}）是空的，没有核对责任单位是否为成员单位，"
            "交办单上也没有责任单位的联系人。请填写成员单位名单后重新生成。"
        )
    units = unlisted_units(source)
    if not units:
        return None
    named = "；".join(f"“{u['name']}”（问题 {_numbers(u['open_problems'])}）" for u in units)
    return (
        f"以下责任单位不在成员单位名单（{where}）中，未生成交办单：{named}。"
        "请在问题清单中改为成员单位的全称，或先把它补进成员单位名单，再重新生成"
        "（docgen audit 的 data.unknown-unit 也列出了这些问题）。"
    )


def _numbers(problems: list[dict[str, Any]]) -> str:
    """The problems' 编号 (or their row in the problem list)."""
    return "、".join(dict.fromkeys(p["no"] or f"第 {p['row']} 行" for p in problems))


def file_stem(name: str) -> str:
    """A unit name made safe as a file name on Windows, macOS and Linux."""
    text = unicodedata.normalize("NFC", name)
    text = _UNSAFE.sub("_", text).strip(" .")
    if not text:
        text = "未命名单位"
    if text.upper().split(".")[0] in _RESERVED:
        text = f"_{text}"
    while len(text.encode("utf-8")) > MAX_NAME_BYTES:
        text = text[:-1]
    return text


def unique_stems(names: list[str]) -> list[str]:
    """file_stem of each name; a stem already given (ignoring case) gets -2, -3 … — and
    never one another name already has ("甲", "甲-2", "甲" → 甲, 甲-2, 甲-3)."""
    used: set[str] = set()
    out = []
    for name in names:
        stem = file_stem(name)
        candidate, n = stem, 1
        while candidate.casefold() in used:
            n += 1
            candidate = f"{stem}-{n}"
        used.add(candidate.casefold())
        out.append(candidate)
    return out
