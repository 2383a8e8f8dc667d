"""`docgen guides [ID]`: the built-in filing guides, one a line; with an id (or a guide
YAML's path), its sections, items and what each item requires — the 条目 codes a
clerk writes in the catalogue."""

from __future__ import annotations

from pathlib import Path

from .load.guide import builtin_guides, load_guide
from .model import Guide
from .textfmt import plain, requirement_text

LEVELS = {"city": "卫生城市", "county": "卫生县城"}
EXAMPLE = "national-city-2021"  # the guide `docgen init` writes


def list_text() -> str:
    """One line per built-in guide."""
    lines = []
    for gid in builtin_guides():
        g = load_guide(gid)
        items = sum(len(s.items) for s in g.sections)
        lines.append(
            f"{gid}\t{g.title}\t{len(g.sections)} 个类目、{items} 个条目，审核 {g.window} 年"
        )
    lines.append("查看某个指引的条目和要求：docgen guides <指引编号>，如 docgen guides " + _first())
    return "\n".join(lines) + "\n"


def _first() -> str:
    ids = list(builtin_guides())
    return EXAMPLE if EXAMPLE in ids or not ids else ids[0]


def guide_text(ref: str, base: Path | None = None) -> str:
    """The guide `ref` (a built-in id or a YAML path) section by section: each item's
    code, name and requirements."""
    return render(load_guide(ref, base=base))


def render(g: Guide) -> str:
    lines = [
        f"{plain(g.id)}  {plain(g.title)}",
        (
            f"类别：{LEVELS.get(g.level, plain(g.level))}；默认审核 {g.window} 年；"
            f"材料类型：{'、'.join(plain(k) for k in g.kinds)}"
        ),
        (
            "“条目”列填条目代码（如 1.1），“材料类型”列填下面要求中的类型；"
            "每项要求在每个期间至少归档所列件数。"
        ),
    ]
    for section in g.sections:
        lines += ["", f"{plain(section.code)} {plain(section.name)}（{len(section.items)} 个条目）"]
        for item in section.items:
            lines.append(f"  {plain(item.code)}  {plain(item.name)}")
            for r in item.requires:
                lines.append(
                    f"        · {plain(requirement_text(r.kind, r.per, r.min, r.carry_forward))}"
                )
            if not item.requires:
                lines.append("        · （无固定要求）")
    return "\n".join(lines) + "\n"
