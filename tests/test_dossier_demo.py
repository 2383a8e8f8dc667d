"""`docgen dossier build` on the demo project (江临市), as `make demo` runs it: the
planted defects refuse the build, --force builds a draft with every material."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from projectkit import run_cli
from pypdf import PdfReader

from docgen.dossier import build_dossier, verify
from docgen.dossier.pages import soffice
from docgen.lint import lint_file

TODAY = "2026-11-01"
MATERIALS = [
    "申请报告",
    "创卫工作规划方案和工作汇报",
    "城市基本情况",
    "必备条件完成情况",
    "爱卫会机构设置及人员组成",
]


@pytest.fixture(scope="module")
def demo(module_demo):
    """The demo, shared by this module's tests: each builds into its own out/ folder."""
    return module_demo


def test_the_demos_planted_defects_refuse_the_build(demo):
    result = run_cli(
        "dossier",
        "build",
        str(demo),
        "--today",
        TODAY,
        "--no-pdf",
        "-o",
        str(demo / "out" / "refused"),
    )
    assert result.returncode == 1
    assert "预检发现" in result.stderr and "data.below-standard" in result.stderr
    assert not (demo / "out" / "refused").exists()


def test_forced_demo_dossier_has_every_material_and_verifies(demo):
    report = build_dossier(
        demo, output=demo / "out" / "a", force=True, pdf=False, today=dt.date.fromisoformat(TODAY)
    )
    names = sorted(p.name for p in report.folder.iterdir())
    expected = [f"{n:02d}-{title}.docx" for n, title in enumerate(MATERIALS, start=1)]
    assert all(name in names for name in expected), names
    assert report.pending == ["省爱卫会推荐报告及考核鉴定意见"]
    rows = [
        [c.text for c in r.cells]
        for r in docx.Document(str(report.folder / "00-目录.docx")).tables[0].rows
    ]
    assert [r[1] for r in rows[1:]] == [
        *MATERIALS,
        "省爱卫会推荐报告及考核鉴定意见",
        "画册和专题片",
    ]
    assert verify(report.folder) == []
    for path in sorted(report.folder.glob("*.docx")):
        assert lint_file(path) == [], path.name
    second = build_dossier(
        demo, output=demo / "out" / "b", force=True, pdf=False, today=dt.date.fromisoformat(TODAY)
    ).folder
    assert (second / "manifest-sha256.txt").read_bytes() == (
        report.folder / "manifest-sha256.txt"
    ).read_bytes()


@pytest.mark.skipif(
    soffice() is None, reason="未安装 LibreOffice（libreoffice-writer），跳过计页和 PDF 汇编的测试"
)
def test_demo_dossier_pdf_has_a_bookmark_at_each_materials_first_page(demo):
    report = build_dossier(
        demo, output=demo / "out" / "pdf", force=True, today=dt.date.fromisoformat(TODAY)
    )
    rows = [
        [c.text for c in r.cells]
        for r in docx.Document(str(report.folder / "00-目录.docx")).tables[0].rows
    ]
    starts = {r[1]: int(r[3]) for r in rows[1:] if r[3].isdigit()}
    reader = PdfReader(io.BytesIO((report.folder / "申报材料汇编.pdf").read_bytes()))
    marks = {
        o.title: reader.get_destination_page_number(o) + 1
        for o in reader.outline
        if not isinstance(o, list)
    }
    assert marks == {"目录": 1, **starts}
    assert list(starts) == MATERIALS
    for title, page in starts.items():  # the printed number at the foot is the one in the contents
        assert f"— {page} —" in reader.pages[page - 1].extract_text(), title
    assert verify(report.folder) == []
