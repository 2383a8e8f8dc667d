"""Helpers of the render tests (test_render.py, test_render_fields.py): the built-in
templates, a .docx read back as text, a project template."""

from __future__ import annotations

import re
from pathlib import Path

import docx

from docgen import gbt9704 as g

BUILTINS = ["notice", "meeting-notice", "circular", "assignment", "briefing", "work-report"]
OPEN_UNITS = {
    "江临市城市管理局",
    "江临市住房和城乡建设局",
    "江临市文化广电旅游体育局",
    "中共江临市委宣传部",
}
# units with no open problem but an open audit finding (a filed document of theirs) get a sheet too
FINDING_UNITS = {
    "江临市市场监督管理局",
    "江临市爱国卫生运动委员会",
    "江临市生态环境局",
    "江临市爱国卫生运动委员会办公室",
    "江临市卫生健康委员会",
}
LEADING_ZERO = re.compile(r"\d{4}年0\d月|月0\d日")


def text_of(path: Path) -> str:
    """Every paragraph and table cell of a .docx, one per line."""
    d = docx.Document(str(path))
    lines = [p.text for p in d.paragraphs]
    for table in d.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def template_with(folder: Path, name: str, *texts: str) -> Path:
    doc = g.new_document()
    for t in texts:
        g.add_body(doc, t)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.docx"
    doc.save(str(path))
    return path
