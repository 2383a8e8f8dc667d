"""The base project the hostile render cases change (test_hostile_render.py): a
project with a problem list and --data, and project templates written into it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
from hostile import (
    PROBLEMS,
    build_base,
    write_book,
)

from docgen import scaffold

# a template that loops stops after 2 s here (10 s by default): the mechanism is the same
FAST = {"DOCGEN_RENDER_TIMEOUT": "2"}
PROBLEM_HEADER = list(scaffold.PROBLEM_HEADER)
SAFE_NAME = re.compile(r"^[^/\\\x00-\x1f\x7f:*?\"<>|\u202a-\u202e\u2066-\u2069]+\.docx$")


# ---------------------------------------------------------------- building the project


def template_bytes(*texts: str) -> bytes:
    d = docx.Document()
    for t in texts:
        d.add_paragraph(t)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def put_template(root: Path, data: bytes | str, name: str = "evil") -> Path:
    path = root / "templates" / f"{name}.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(template_bytes(data) if isinstance(data, str) else data)
    return path


def build_render_base(root: Path) -> Path:
    """The audit corpus's base project, with open problems for two units, a probe
    template (`probe`: title, date, year) and one per unit (`unit-sheet`)."""
    build_base(root)
    write_book(
        root / PROBLEMS,
        [
            PROBLEM_HEADER,
            [
                "W1",
                "垃圾满溢",
                "某路",
                "暗访",
                "示例市城市管理局",
                "2025-03-01",
                "2025-04-01",
                "整改中",
                None,
            ],
            [
                "W2",
                "积水",
                "某巷",
                "明查",
                "示例市住房和城乡建设局",
                "2025-03-01",
                "2025-04-01",
                "未整改",
                None,
            ],
        ],
    )
    put_template(root, template_bytes("{{ title }}", "{{ date }}", "{{ year }}"), "probe")
    put_template(
        root,
        template_bytes(
            "{{ unit.name }}", "{% for p in unit.problems %}{{ p.description }}{% endfor %}"
        ),
        "unit-sheet",
    )
    (root / "render").mkdir()
    (root / "render" / "data.yaml").write_text(
        "title: 关于开展爱国卫生运动的通知\n", encoding="utf-8"
    )
    return root
