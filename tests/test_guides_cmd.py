"""`docgen guides ID`: a guide's sections, items and requirements, as a clerk reads
them to fill the 条目 column; `docgen guides` lists the guides and says how."""

from __future__ import annotations

import pytest
from projectkit import run_cli

from docgen.load.guide import builtin_guides, load_guide
from docgen.textfmt import requirement_text


@pytest.mark.parametrize("gid", list(builtin_guides()))
def test_guide_lists_every_section_item_and_requirement(gid):
    proc = run_cli("guides", gid)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    guide = load_guide(gid)
    assert lines[0] == f"{gid}  {guide.title}"
    for section in guide.sections:
        head = next(i for i, line in enumerate(lines) if line.startswith(f"{section.code} "))
        assert lines[head] == f"{section.code} {section.name}（{len(section.items)} 个条目）"
    codes = [
        line.split()[0] for line in lines if line.startswith("  ") and not line.startswith("   ")
    ]
    assert codes == [i.code for s in guide.sections for i in s.items]
    item = guide.sections[0].items[0]
    at = lines.index(f"  {item.code}  {item.name}")
    r = item.requires[0]
    assert lines[at + 1].strip() == "· " + requirement_text(r.kind, r.per, r.min, r.carry_forward)


def test_requirement_reads_as_a_sentence():
    assert requirement_text("会议纪要", "year", 2) == "会议纪要 每年至少 2 件"
    assert requirement_text("检查记录", "quarter", 1) == "检查记录 每季度至少 1 件"
    assert requirement_text("文件", "once", 1, True).startswith("文件 审核期内至少 1 件（长期有效")


def test_guides_without_an_id_lists_them_and_says_how_to_see_one():
    proc = run_cli("guides")
    assert proc.returncode == 0
    for gid in builtin_guides():
        assert proc.stdout.count(gid) >= 1
    assert "docgen guides national-city-2021" in proc.stdout


def test_an_unknown_guide_is_a_clear_error():
    proc = run_cli("guides", "national-city-2099")
    assert proc.returncode == 2
    assert (
        "找不到建档指引 national-city-2099" in proc.stderr and "national-city-2021" in proc.stderr
    )
    assert "Traceback" not in proc.stderr
