"""`docgen dossier build` and `verify` on small real projects: the materials, the
contents, binding, the manifest, preflight refusals and bad input."""

from __future__ import annotations

import docx
import pytest
from dossierkit import (
    contents_rows,
    make_project,
    tree_hash,
)
from projectkit import make_pdf, run_cli

from docgen.dossier import Refused, build_dossier, verify

# ---------------------------------------------------------------- building


def test_build_writes_materials_contents_bound_document_index_and_manifest(tmp_path):
    root = make_project(tmp_path / "p")
    report = build_dossier(root, pdf=False)
    folder = root / "out" / "申报材料"
    assert report.folder == folder
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [
            "00-目录.docx",
            "01-申请报告.docx",
            "申报材料汇编.docx",
            "证明材料索引.xlsx",
            "bagit.txt",
            "bag-info.txt",
            "manifest-sha256.txt",
            "tagmanifest-sha256.txt",
        ]
    )
    cover = docx.Document(str(folder / "01-申请报告.docx"))
    assert "示例市关于申报国家卫生城市的请示" in [p.text for p in cover.paragraphs]
    assert report.pending == ["省爱卫会推荐报告及考核鉴定意见"]
    assert verify(folder) == []


def test_missing_province_material_is_pending_in_the_contents_and_does_not_stop_the_build(tmp_path):
    root = make_project(tmp_path / "p")
    result = run_cli("dossier", "build", str(root), "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert "待提供：省爱卫会推荐报告及考核鉴定意见" in result.stdout
    rows = contents_rows(root / "out" / "申报材料" / "00-目录.docx")
    assert rows[2] == ["二", "省爱卫会推荐报告及考核鉴定意见", "省爱卫会", "—", "待省爱卫会提供"]
    assert rows[3][-1] == "未提供（可选）"


def test_without_libreoffice_the_contents_says_page_numbers_are_not_computed(tmp_path):
    root = make_project(tmp_path / "p")
    report = build_dossier(root, pdf=False)
    assert not report.pages_counted
    text = "\n".join(p.text for p in docx.Document(str(report.folder / "00-目录.docx")).paragraphs)
    assert "页码未计算" in text
    assert contents_rows(report.folder / "00-目录.docx")[1][3] == "未计算"
    assert not (report.folder / "申报材料汇编.pdf").exists()


def test_a_supplied_file_is_numbered_copied_and_listed(tmp_path):
    root = make_project(tmp_path / "p")
    make_pdf(root / "dossier" / "06-推荐报告.pdf", pages=3, text="示例省爱卫会推荐报告")
    (root / "dossier" / "专题片.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
    report = build_dossier(root, pdf=False)
    names = {p.name for p in report.folder.iterdir()}
    assert "02-省爱卫会推荐报告及考核鉴定意见.pdf" in names
    assert "03-专题片.mp4" in names
    assert report.pending == []
    rows = contents_rows(report.folder / "00-目录.docx")
    assert rows[3][-1] == "另附：03-专题片.mp4"


def test_rebuilding_from_the_same_inputs_gives_the_same_manifest(tmp_path):
    root = make_project(tmp_path / "p")
    make_pdf(root / "dossier" / "推荐报告.pdf", pages=2)
    first = build_dossier(root, pdf=False, output=tmp_path / "a").folder
    second = build_dossier(root, pdf=False, output=tmp_path / "b").folder
    for name in ("manifest-sha256.txt", "tagmanifest-sha256.txt", "bag-info.txt"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    info = (first / "bag-info.txt").read_text(encoding="utf-8")
    assert "Build-Time: 2026-11-20\n" in info and "Source-Organization: 示例省示例市" in info
    assert "Bag-Software-Agent: docgen " in info


def test_build_time_option_is_written_to_bag_info(tmp_path):
    root = make_project(tmp_path / "p")
    report = build_dossier(root, pdf=False, build_time="2026-11-21T09:30:00")
    assert "Build-Time: 2026-11-21T09:30:00" in (report.folder / "bag-info.txt").read_text(
        encoding="utf-8"
    )


def test_inputs_are_unchanged_by_a_build(tmp_path):
    root = make_project(tmp_path / "p")
    make_pdf(root / "dossier" / "推荐报告.pdf")
    before = tree_hash(root)
    build_dossier(root, pdf=False)
    assert tree_hash(root) == before


# ---------------------------------------------------------------- preflight


def test_preflight_errors_refuse_the_build_with_exit_1_and_write_nothing(tmp_path):
    root = make_project(tmp_path / "p", clean=False)
    result = run_cli("dossier", "build", str(root), "--no-pdf")
    assert result.returncode == 1
    assert "预检发现" in result.stderr and "file.missing" in result.stderr
    assert "--force" in result.stderr
    assert not (root / "out" / "申报材料").exists()
    with pytest.raises(Refused):
        build_dossier(root, pdf=False)


def test_forced_build_marks_the_contents_as_a_draft(tmp_path):
    root = make_project(tmp_path / "p", clean=False)
    result = run_cli("dossier", "build", str(root), "--no-pdf", "--force")
    assert result.returncode == 0, result.stderr
    folder = root / "out" / "申报材料"
    first = [p.text for p in docx.Document(str(folder / "00-目录.docx")).paragraphs if p.text][1]
    assert first.startswith("【草稿】预检发现")
    assert "Preflight: 未通过" in (folder / "bag-info.txt").read_text(encoding="utf-8")


# ---------------------------------------------------------------- outputs


def test_an_existing_dossier_is_not_overwritten_without_force(tmp_path):
    root = make_project(tmp_path / "p")
    build_dossier(root, pdf=False)
    result = run_cli("dossier", "build", str(root), "--no-pdf")
    assert result.returncode == 2 and "--force" in result.stderr
    result = run_cli("dossier", "build", str(root), "--no-pdf", "--force")
    assert result.returncode == 0, result.stderr
    assert not [
        p for p in (root / "out").iterdir() if p.name.startswith(".申报材料")
    ]  # no staging left behind


def test_force_never_replaces_a_folder_that_is_not_a_dossier(tmp_path):
    root = make_project(tmp_path / "p")
    desk = tmp_path / "桌面"
    desk.mkdir()
    (desk / "工作计划.docx").write_bytes(b"mine")
    result = run_cli("dossier", "build", str(root), "--no-pdf", "--force", "-o", str(desk))
    assert result.returncode == 2 and "不是 docgen 生成的申报材料文件夹" in result.stderr
    assert [p.name for p in desk.iterdir()] == ["工作计划.docx"]
    empty = tmp_path / "空"
    empty.mkdir()
    assert build_dossier(root, pdf=False, output=empty).folder == empty


@pytest.mark.parametrize("target", ["archive/申报", "dossier", ".", "ledger"])
def test_output_into_the_input_or_the_project_is_refused(tmp_path, target):
    root = make_project(tmp_path / "p")
    before = tree_hash(root)
    result = run_cli("dossier", "build", str(root), "--no-pdf", "--force", "-o", str(root / target))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "输出文件夹" in result.stderr
    assert tree_hash(root) == before


def test_a_broken_supplied_pdf_stops_the_build_naming_the_file(tmp_path):
    root = make_project(tmp_path / "p")
    pdf = make_pdf(root / "dossier" / "推荐报告.pdf", pages=2)
    pdf.write_bytes(pdf.read_bytes()[:300])
    result = run_cli("dossier", "build", str(root), "--no-pdf")
    assert result.returncode == 2
    assert "dossier/推荐报告.pdf" in result.stderr and "Traceback" not in result.stderr


def test_a_docx_that_is_really_a_pdf_is_refused(tmp_path):
    root = make_project(tmp_path / "p")
    make_pdf(root / "dossier" / "推荐报告.docx")
    result = run_cli("dossier", "build", str(root), "--no-pdf")
    assert result.returncode == 2 and "推荐报告.docx" in result.stderr and "PDF" in result.stderr


def test_a_material_template_missing_a_field_names_it_and_where_to_write_it(tmp_path):
    root = make_project(tmp_path / "p")
    (root / "dossier" / "data.yaml").write_text(
        "date: 2026-11-20\nissuer: 示例市人民政府\n", encoding="utf-8"
    )
    result = run_cli("dossier", "build", str(root), "--no-pdf")
    assert result.returncode == 2
    assert (
        "申请报告" in result.stderr
        and "recipient" in result.stderr
        and "dossier/data.yaml" in result.stderr
    )
