"""The metadata the online system asks for each 法规/规范性文件 attachment: document
type (01 法规, 02 规章, 03 一般规范性文件, 04 公文), 发文部门, 发文日期, 生效日期 —
from the ledger row where it says them, left blank (and highlighted) where not.

The ledger has no type column: a 题名 naming a 条例 is a 法规 (01), a 文号 with 令 a
规章 (02); between 03 and 04 only the office can tell, so the type stays blank."""

from __future__ import annotations

import re

from ...context import AuditInput
from ...parse import parse_date
from .sheets import Regulation

TYPES = {"01": "法规", "02": "规章", "03": "一般规范性文件", "04": "公文"}
_EFFECT = re.compile(
    r"(?:生效|施行)[^0-9]{0,6}(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})"
    r"|(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})\s*日?\s*起?(?:生效|施行)"
)


def regulations(ctx: AuditInput, rows: list[int]) -> list[Regulation]:
    out = []
    for i in rows:
        r = ctx.rows[i]
        code, note = _type(r.text("题名"), r.text("文号"))
        parsed = parse_date(r.cells.get("日期")) if r.cells.get("日期") is not None else None
        issued = parsed.date.isoformat() if parsed and parsed.date else r.text("日期")
        effective = _effective(r.text("备注"))
        if effective is None:
            note = f"{note}\n生效日期：目录未写（可在备注中写“自2024年3月1日起施行”）"
        out.append(
            Regulation(
                code,
                TYPES.get(code or ""),
                note,
                r.text("题名"),
                r.text("文号"),
                r.text("责任者"),
                issued,
                effective,
                r.text("档号"),
            )
        )
    return out


def _type(title: str, number: str) -> tuple[str | None, str]:
    if "条例" in title:
        return "01", "题名为条例：按法规（01）填报"
    if "令" in number:
        return "02", "文号为政府令：按规章（02）填报"
    return None, "文件类型：请核定为一般规范性文件（03）或公文（04）"


def _effective(remark: str) -> str | None:
    m = _EFFECT.search(remark or "")
    if not m:
        return None
    y, mo, d = (g for g in m.groups() if g is not None)
    return f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
