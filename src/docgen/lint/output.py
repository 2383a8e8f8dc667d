"""`docgen lint` reports: a plain-text table and JSON in the audit's shapes."""

from __future__ import annotations

import json
from collections import Counter

from rich import box
from rich.table import Table
from rich.text import Text

from .. import __version__
from ..catalogue import CATALOGUE
from ..findings import ERROR, SEVERITY_NAMES, WARNING, Finding
from ..report.table import TEXT_WIDTH
from ..textfmt import plain, plain_text
from .kind import kind_name


def _files(findings: list[Finding], files: list[str] | None) -> list[str]:
    if files is not None:
        return [str(f) for f in files]
    return sorted({f.file for f in findings if f.file})


def to_dict(
    findings: list[Finding], files: list[str] | None = None, kinds: dict[str, str] | None = None
) -> dict:
    by_rule = Counter(f.rule for f in findings)
    out = {
        "tool": "docgen",
        "version": __version__,
        "files": _files(findings, files),
        "summary": {
            "errors": sum(f.severity == ERROR for f in findings),
            "warnings": sum(f.severity == WARNING for f in findings),
            "by_rule": dict(sorted(by_rule.items())),
        },
        "findings": [f.to_dict() for f in findings],
    }
    if kinds:
        out["kinds"] = dict(sorted(kinds.items()))  # file → kind id (lint/kind.py)
    return out


def render_json(
    findings: list[Finding], files: list[str] | None = None, kinds: dict[str, str] | None = None
) -> str:
    data = to_dict(findings, files, kinds)
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


def render_table(
    findings: list[Finding], files: list[str] | None = None, kinds: dict[str, str] | None = None
) -> str:
    names = _files(findings, files)
    errors = sum(f.severity == ERROR for f in findings)
    warnings = sum(f.severity == WARNING for f in findings)
    parts: list = [
        Text(
            f"公文格式检查（GB/T 9704-2012）：{len(names)} 个文件，"
            f"错误 {errors} 个，警告 {warnings} 个"
        )
    ]
    for name in names:
        label = _label(name, (kinds or {}).get(name))
        parts += [Text(), _file_table(label, [f for f in findings if f.file == name])]
    return plain_text(parts, TEXT_WIDTH)


def _file_table(name: str, findings: list[Finding]):
    if not findings:
        return Text(f"{plain(name)}：未发现格式问题。")
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        title_justify="left",
        title=Text(plain(name)),
    )
    table.add_column("级别", no_wrap=True)
    table.add_column("规则", no_wrap=True)
    table.add_column("段", justify="right", no_wrap=True)
    table.add_column("说明", overflow="fold")
    for f in findings:
        table.add_row(
            Text(SEVERITY_NAMES.get(f.severity, f.severity)),
            Text(f"{f.rule} {_title(f.rule)}"),
            Text("" if f.row is None else str(f.row)),
            Text(plain(f.message)),
        )
    return table


def _label(name: str, kind: str | None) -> str:
    """The file's name, with its kind when one was recognised ("a.docx（下行文）")."""
    if kind is None or kind == "unknown":
        return name
    return f"{name}（{kind_name(kind)}）"


def _title(rule_id: str) -> str:
    rule = CATALOGUE.get(rule_id)
    return rule.title if rule is not None else ""


def report(
    findings: list[Finding],
    fmt: str = "table",
    files: list[str] | None = None,
    kinds: dict[str, str] | None = None,
) -> str:
    """fmt "table" or "json"; `files` lists every file checked (also those without
    findings); by default the files named in the findings. `kinds` (file → kind id)
    shows each file's kind."""
    if fmt == "json":
        return render_json(findings, files, kinds)
    if fmt == "table":
        return render_table(findings, files, kinds)
    raise ValueError(f"unknown lint report format {fmt!r}")
