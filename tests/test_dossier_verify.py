"""`docgen dossier`: the bound document (its sections, page numbers and bookmarks),
`dossier verify` (a changed byte, missing files, links), and broken inputs."""

from __future__ import annotations

import hashlib
import io
import shutil

import docx
import pytest
from docx.oxml.ns import qn
from dossierkit import (
    contents_rows,
    make_project,
    needs_office,
    tree_hash,
)
from projectkit import make_pdf, run_cli
from pypdf import PdfReader

from docgen import gbt9704 as g
from docgen.dossier import build_dossier, verify
from docgen.errors import InputError
from docgen.lint import lint_file

# ---------------------------------------------------------------- binding


def test_bound_document_keeps_each_materials_section_and_footer(tmp_path):
    root = make_project(tmp_path / "p")
    report = build_dossier(root, pdf=False)
    bound = docx.Document(str(report.folder / "申报材料汇编.docx"))
    assert len(bound.sections) == 2  # 目录, 申请报告
    for section in bound.sections:
        assert section.footer.paragraphs and not section.footer.is_linked_to_previous
        assert "PAGE" in section.footer._element.xml
        assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 28
    text = "\n".join(p.text for p in bound.paragraphs)
    assert "示例市关于申报国家卫生城市的请示" in text and "材料目录" in text


@needs_office
def test_page_numbers_come_from_the_laid_out_pages_and_the_pdf_has_a_bookmark_per_material(
    tmp_path,
):
    root = make_project(tmp_path / "p")
    make_pdf(root / "dossier" / "推荐报告.pdf", pages=3)
    report = build_dossier(root)
    assert report.pages_counted
    rows = contents_rows(report.folder / "00-目录.docx")
    assert [r[3] for r in rows[1:3]] == ["2", "3"]  # 目录 is page 1, the 请示 one page
    reader = PdfReader(io.BytesIO((report.folder / "申报材料汇编.pdf").read_bytes()))
    assert len(reader.pages) == 1 + 1 + 3
    marks = {
        o.title: reader.get_destination_page_number(o) + 1
        for o in reader.outline
        if not isinstance(o, list)
    }
    assert marks == {"目录": 1, "申请报告": 2, "省爱卫会推荐报告及考核鉴定意见": 3}
    assert "— 2 —" in reader.pages[1].extract_text()
    bound = docx.Document(str(report.folder / "申报材料汇编.docx"))
    starts = [s._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) for s in bound.sections]
    assert starts == ["1", "2", "3"]


def test_generated_contents_and_materials_pass_lint(tmp_path):
    root = make_project(tmp_path / "p")
    report = build_dossier(root, pdf=False)
    for name in ("00-目录.docx", "01-申请报告.docx"):
        assert lint_file(report.folder / name) == [], name


# ---------------------------------------------------------------- verify


def test_changing_one_byte_of_any_file_fails_verify_naming_it(tmp_path):
    root = make_project(tmp_path / "p")
    make_pdf(root / "dossier" / "推荐报告.pdf")
    folder = build_dossier(root, pdf=False).folder
    for path in sorted(folder.iterdir()):
        original = path.read_bytes()
        changed = bytearray(original)
        changed[len(changed) // 2] ^= 0x01
        path.write_bytes(bytes(changed))
        result = run_cli("dossier", "verify", str(folder)) if path.name == "bag-info.txt" else None
        problems = [(p.kind, p.path) for p in verify(folder)]
        if path.name.endswith(
            "manifest-sha256.txt"
        ):  # a changed byte may also spoil or rename an entry
            assert problems and any(where.startswith(path.name) for _, where in problems), path.name
        else:
            assert problems == [("changed", path.name)], path.name
        if result is not None:
            assert result.returncode == 1 and f"已改动：{path.name}" in result.stdout
        path.write_bytes(original)
    result = run_cli("dossier", "verify", str(folder))
    assert result.returncode == 0 and "核验通过" in result.stdout


def test_verify_reports_missing_and_unexpected_files(tmp_path):
    folder = build_dossier(make_project(tmp_path / "p"), pdf=False).folder
    (folder / "01-申请报告.docx").unlink()
    (folder / "说明.txt").write_text("后加的文件", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "x.pdf").write_bytes(b"%PDF-1.4")
    kinds = sorted((p.kind, p.path) for p in verify(folder))
    assert kinds == [
        ("missing", "01-申请报告.docx"),
        ("unexpected", "sub/x.pdf"),
        ("unexpected", "说明.txt"),
    ]


def test_verify_does_not_follow_links_or_manifest_paths_out_of_the_folder(tmp_path):
    folder = build_dossier(make_project(tmp_path / "p"), pdf=False).folder
    secret = tmp_path / "secret.txt"
    secret.write_text("外部文件", encoding="utf-8")
    (folder / "link.txt").symlink_to(secret)
    digest = hashlib.sha256(secret.read_bytes()).hexdigest()
    with open(folder / "manifest-sha256.txt", "a", encoding="utf-8") as fh:
        fh.write(f"{digest}  ../secret.txt\n{digest}  /etc/passwd\n")
    problems = verify(folder)
    kinds = {(p.kind, p.path) for p in problems}
    assert ("unexpected", "link.txt") in kinds
    assert ("changed", "manifest-sha256.txt") in kinds
    invalid = [p for p in problems if p.kind == "invalid"]
    assert len(invalid) == 2 and all("离开了申报材料文件夹" in p.detail for p in invalid)


@pytest.mark.parametrize("make", ["missing", "plain-folder", "file"])
def test_verify_of_something_that_is_not_a_dossier_exits_2(tmp_path, make):
    target = tmp_path / "x"
    if make == "plain-folder":
        target.mkdir()
        (target / "a.txt").write_text("x", encoding="utf-8")
    elif make == "file":
        target.write_text("x", encoding="utf-8")
    result = run_cli("dossier", "verify", str(target))
    assert (
        result.returncode == 2
        and "申报材料文件夹" in result.stderr
        and "Traceback" not in result.stderr
    )
    with pytest.raises(InputError):
        verify(target)


def test_a_copied_dossier_verifies_elsewhere(tmp_path):
    folder = build_dossier(make_project(tmp_path / "p"), pdf=False).folder
    copy = tmp_path / "U盘" / "申报材料"
    shutil.copytree(folder, copy)
    assert verify(copy) == []


@needs_office
def test_rebuilding_with_libreoffice_gives_the_same_pdf_and_manifest(tmp_path):
    root = make_project(tmp_path / "p")
    first = build_dossier(root, output=tmp_path / "a").folder
    second = build_dossier(root, output=tmp_path / "b").folder
    assert (first / "申报材料汇编.pdf").read_bytes() == (second / "申报材料汇编.pdf").read_bytes()
    assert (first / "manifest-sha256.txt").read_bytes() == (
        second / "manifest-sha256.txt"
    ).read_bytes()


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("data.yaml", "date: [2026\n", "dossier/data.yaml 的 YAML 格式有误"),
        ("data.yaml", "cover: [1, 2]\n", "cover 的值应为“字段: 值”的映射"),
        ("推荐报告.pdf", "", "是空文件"),
    ],
)
def test_broken_dossier_inputs_exit_2_naming_the_file(tmp_path, name, content, said):
    root = make_project(tmp_path / "p")
    (root / "dossier" / name).write_text(content, encoding="utf-8")
    before = tree_hash(root)
    result = run_cli("dossier", "build", str(root), "--no-pdf")
    assert result.returncode == 2, result.stderr
    assert said in result.stderr and "Traceback" not in result.stderr
    assert tree_hash(root) == before


def test_a_supplied_docx_zip_bomb_is_refused_without_inflating_it(tmp_path):
    import zipfile

    root = make_project(tmp_path / "p")
    with zipfile.ZipFile(root / "dossier" / "推荐报告.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"0" * (300 * 1024 * 1024))
    result = run_cli("dossier", "build", str(root), "--no-pdf")
    assert result.returncode == 2 and "压缩炸弹" in result.stderr


def test_a_link_in_the_dossier_folder_is_not_followed(tmp_path):
    root = make_project(tmp_path / "p")
    outside = make_pdf(tmp_path / "外部.pdf")
    (root / "dossier" / "推荐报告.pdf").symlink_to(outside)
    report = build_dossier(root, pdf=False)
    assert report.pending == ["省爱卫会推荐报告及考核鉴定意见"]
    assert report.notes == [
        (
            "dossier/推荐报告.pdf 是符号链接，docgen 不跟随链接，已忽略；"
            "请把文件本身放进 dossier/ 文件夹。"
        )
    ]


def test_a_material_template_that_reaches_for_python_internals_is_refused(tmp_path):
    root = make_project(tmp_path / "p")
    doc = g.new_document()
    g.add_title(doc, "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    doc.save(str(root / "templates" / "cover.docx"))
    before = tree_hash(root)
    result = run_cli("dossier", "build", str(root), "--no-pdf")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "申请报告" in result.stderr and "cover" in result.stderr
    assert tree_hash(root) == before
    assert not (root / "out" / "申报材料").exists()
